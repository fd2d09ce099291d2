"""Database models: users, tasks, the history of segment runs, refresh-token families, revoked tokens."""
from __future__ import annotations

import secrets
import time
from datetime import datetime, timezone

from sqlalchemy import JSON, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db

def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_token_generation() -> str:
    return secrets.token_hex(16)


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # random per account and put in every token: a token of a deleted account never fits a newer
    # account, even one that got the same id on a database that reuses ids (NULL in a row written
    # by hand: the first login fills it in)
    token_generation: Mapped[str | None] = mapped_column(String(32), default=new_token_generation)

    # ids are never reused, so a deleted account's tasks and tokens never pass to a newcomer
    __table_args__ = {"sqlite_autoincrement": True}


# names differing only in case are one name ('Alice' is taken when 'alice' is)
Index("uq_user_username_folded", func.lower(User.username), unique=True)


class Task(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    topic: Mapped[str] = mapped_column(Text)
    main_role: Mapped[str] = mapped_column(String(200), default="")
    scene: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    seed: Mapped[int] = mapped_column(default=0)
    # per-story options as the user gave them (voice, aspect, pages, music, caption_style); NULL in older rows
    options: Mapped[dict | None] = mapped_column(JSON, default=dict)
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

    @property
    def story_options(self) -> dict:
        """The options the story was created with ({} for a task older than options)."""
        return dict(self.options or {})


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


class TokenFamily(db.Model):
    """One login's chain of refresh tokens (OAuth 2.0 Security BCP, refresh token rotation).

    Only ``current_jti`` may be traded for a new token; the one it replaced is tolerated for
    a short grace (two tabs refreshing at once). Any other member coming back means a copy
    was stolen: the whole family is revoked, the thief's tokens with the owner's.
    """

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    current_jti: Mapped[str] = mapped_column(String(64))
    previous_jti: Mapped[str | None] = mapped_column(String(64), default=None)
    rotated_at: Mapped[float | None] = mapped_column(default=None)   # epoch seconds
    revoked_at: Mapped[float | None] = mapped_column(default=None)
    # epoch seconds when the current refresh token expires; the row can go after that
    expires_at: Mapped[float] = mapped_column(index=True)


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
