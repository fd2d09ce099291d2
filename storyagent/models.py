"""Database models: users, tasks, the history of segment runs, revoked tokens."""
from __future__ import annotations

import time
from datetime import datetime, timezone

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Task(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    topic: Mapped[str] = mapped_column(Text)
    main_role: Mapped[str] = mapped_column(String(200), default="")
    scene: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    seed: Mapped[int] = mapped_column(default=0)
    # number of completed segments (0..5)
    current_segment: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    running_segment: Mapped[int | None] = mapped_column(default=None)
    # the accepted run this row belongs to; every write of a job is conditional on it
    job_id: Mapped[str | None] = mapped_column(String(32), default=None)
    # execute?through=N: the segment the running chain stops after (None: just the running one)
    chain_through: Mapped[int | None] = mapped_column(default=None)
    progress: Mapped[float] = mapped_column(default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    # epoch seconds; compared across processes by the stale-run sweep
    heartbeat_at: Mapped[float | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_task_status_heartbeat", "status", "heartbeat_at"),)


class SegmentRun(db.Model):
    """One attempt at running a segment: when, how long, and how it ended."""

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"), index=True)
    segment: Mapped[int]
    job_id: Mapped[str] = mapped_column(String(32), index=True)
    outcome: Mapped[str] = mapped_column(String(16), default="queued")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    queued_at: Mapped[float] = mapped_column(default=time.time)
    started_at: Mapped[float | None] = mapped_column(default=None)
    finished_at: Mapped[float | None] = mapped_column(default=None)
    duration: Mapped[float | None] = mapped_column(default=None)


class RevokedToken(db.Model):
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    # epoch seconds after which the token is expired anyway and the row can go
    expires_at: Mapped[float] = mapped_column(index=True)


class HousekeepingLease(db.Model):
    """Who runs a housekeeping job this round, so a cluster of API processes runs it once (RUNNER=celery)."""

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    # epoch seconds until which no other process may take the job
    until: Mapped[float]
