"""Periodic jobs: fail stale runs, purge deleted tasks' files, expire revoked tokens.

Each job is a conditional UPDATE/DELETE, so several processes sharing one database
can all run them without stepping on each other.
"""
from __future__ import annotations

import logging
import time

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import delete, select, update

from .extensions import db
from .models import RevokedToken, SegmentRun, Task
from .domain import segment_name
from .storage import StoryDir

log = logging.getLogger(__name__)


def sweep_stale_runs(app: Flask) -> list[int]:
    """Mark running tasks whose heartbeat stopped as failed ("interrupted")."""
    cutoff = time.time() - float(app.config["STALE_AFTER"])
    swept: list[int] = []
    stale = db.session.execute(select(Task.id, Task.job_id, Task.running_segment)
                               .where(Task.status == "running", Task.heartbeat_at < cutoff)).all()
    for task_id, job_id, segment in stale:
        name = segment_name(segment)
        result = db.session.execute(
            update(Task).where(Task.id == task_id, Task.job_id == job_id, Task.status == "running",
                               Task.heartbeat_at < cutoff)
            .values(status="failed", running_segment=None, message=f"{name} interrupted",
                    error=f"{name} was interrupted (the server stopped while it ran); run it again.")
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            db.session.execute(update(SegmentRun).where(SegmentRun.job_id == job_id)
                               .values(outcome="interrupted", finished_at=time.time())
                               .execution_options(synchronize_session=False))
            db.session.commit()
            if segment:
                StoryDir(app.config["BASE_DIR"], task_id).remove_outputs(segment)
            swept.append(task_id)
            log.warning("task %s segment %s marked interrupted (no heartbeat since %.0f s)",
                        task_id, segment, float(app.config["STALE_AFTER"]))
    db.session.commit()
    return swept


def purge_deleted_files(app: Flask) -> int:
    """Remove story folders of deleted tasks that are still on disk."""
    purged = 0
    for (task_id,) in db.session.execute(select(Task.id).where(Task.status == "deleted")):
        folder = StoryDir(app.config["BASE_DIR"], task_id)
        if folder.root.exists():
            folder.remove_all()
            purged += 1
    return purged


def expire_revoked_tokens(app: Flask) -> int:
    """Forget revoked tokens that have expired anyway."""
    result = db.session.execute(delete(RevokedToken).where(RevokedToken.expires_at < time.time()))
    db.session.commit()
    return result.rowcount


# one declared list with stable ids: (id, function, interval config key)
JOBS = (
    ("sweep-stale-runs", sweep_stale_runs, "SWEEP_INTERVAL"),
    ("purge-deleted-files", purge_deleted_files, "SWEEP_INTERVAL"),
    ("expire-revoked-tokens", expire_revoked_tokens, "SWEEP_INTERVAL"),
)


def run_all(app: Flask) -> None:
    """Run every housekeeping job once (at start-up, and from tests)."""
    for job_id, function, _ in JOBS:
        _run_in_context(app, job_id, function)


def _run_in_context(app: Flask, job_id: str, function) -> None:
    with app.app_context():
        try:
            function(app)
        except Exception:
            log.exception("housekeeping job %s failed", job_id)
            db.session.rollback()
        finally:
            db.session.remove()


def init_app(app: Flask) -> BackgroundScheduler | None:
    """Run the jobs once now, then every SWEEP_INTERVAL seconds in the background."""
    run_all(app)
    if not app.config["SCHEDULER_ENABLED"]:
        return None
    scheduler = BackgroundScheduler(daemon=True)
    for job_id, function, interval_key in JOBS:
        scheduler.add_job(_run_in_context, "interval", args=(app, job_id, function), id=job_id,
                          seconds=float(app.config[interval_key]), coalesce=True, max_instances=1,
                          replace_existing=True)
    scheduler.start()
    app.extensions["scheduler"] = scheduler
    return scheduler
