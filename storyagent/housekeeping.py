"""Periodic jobs: fail stale runs, purge deleted tasks' files, expire revoked tokens.

Each job is a conditional UPDATE/DELETE, so several processes sharing one database
can all run them without stepping on each other. With RUNNER=celery (many API processes
on one database) each round of a job runs once per cluster: the process that takes the
job's lease row (`take_lease`) runs it, the others skip that round.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time

from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .models import HousekeepingLease, RevokedToken
from .storage import StoryDir
from .tasks import state

log = logging.getLogger(__name__)


def sweep_stale_runs(app: Flask) -> list[int]:
    """Mark running tasks whose heartbeat stopped as failed ("interrupted"); drop their partial files."""
    swept = state.sweep_stale(float(app.config["STALE_AFTER"]))
    for task_id, segment in swept:
        if segment:
            StoryDir(app.config["BASE_DIR"], task_id).remove_outputs(segment)
        log.warning("task %s segment %s marked interrupted (no heartbeat for %.0f s)",
                    task_id, segment, float(app.config["STALE_AFTER"]))
    return [task_id for task_id, _ in swept]


def fail_overdue_queued(app: Flask) -> list[int]:
    """Fail jobs that waited in the broker longer than QUEUE_TIMEOUT without a worker starting them."""
    swept = state.sweep_queue_timeout(float(app.config["QUEUE_TIMEOUT"]))
    for task_id, segment in swept:
        log.warning("task %s segment %s failed: no worker started it within %.0f s", task_id, segment,
                    float(app.config["QUEUE_TIMEOUT"]))
    return [task_id for task_id, _ in swept]


def interrupt_previous_process(app: Flask) -> list[int]:
    """A single-process server starting up: tasks still marked running were the last process's; fail them now."""
    swept = state.interrupt_all_running()
    for task_id, segment in swept:
        if segment:
            StoryDir(app.config["BASE_DIR"], task_id).remove_outputs(segment)
        log.warning("task %s segment %s marked interrupted (it was running when the server stopped)",
                    task_id, segment)
    return [task_id for task_id, _ in swept]


def purge_deleted_files(app: Flask) -> int:
    """Remove story folders of deleted tasks that are still on disk."""
    purged = 0
    for task_id in state.deleted_task_ids():
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
    ("fail-overdue-queued", fail_overdue_queued, "SWEEP_INTERVAL"),
    ("purge-deleted-files", purge_deleted_files, "SWEEP_INTERVAL"),
    ("expire-revoked-tokens", expire_revoked_tokens, "SWEEP_INTERVAL"),
)


def run_all(app: Flask) -> None:
    """Run every housekeeping job once (at start-up, and from tests)."""
    for job_id, function, _ in JOBS:
        _run_in_context(app, job_id, function)


def take_lease(name: str, seconds: float, holder: str | None = None) -> bool:
    """Take the job `name` for `seconds` unless another process holds it; True when this one runs it."""
    holder = holder or f"{socket.gethostname()}:{os.getpid()}"  # this process (read after any fork)
    now = state.database_time()  # one clock for every machine
    taken = db.session.execute(
        update(HousekeepingLease)
        .where(HousekeepingLease.name == name, (HousekeepingLease.until < now) | (HousekeepingLease.holder == holder))
        .values(holder=holder, until=now + seconds).execution_options(synchronize_session=False))
    if taken.rowcount == 1:
        db.session.commit()
        return True
    db.session.rollback()
    if db.session.get(HousekeepingLease, name) is not None:
        return False  # held by another process this round
    try:
        db.session.add(HousekeepingLease(name=name, holder=holder, until=now + seconds))
        db.session.commit()
        return True
    except IntegrityError:  # another process created it first
        db.session.rollback()
        return False


def _run_in_context(app: Flask, job_id: str, function) -> None:
    with app.app_context():
        try:
            # one process per cluster per round; the lease ends just before the next round
            if app.config["RUNNER"] == "celery" and not take_lease(job_id, 0.9 * float(app.config["SWEEP_INTERVAL"])):
                return
            function(app)
        except Exception:
            log.exception("housekeeping job %s failed", job_id)
            db.session.rollback()
        finally:
            db.session.remove()


class Housekeeping:
    """The periodic jobs of one serving process, started once (first request, or gunicorn's worker start)."""

    def __init__(self, app: Flask):
        self.app = app
        self.scheduler: BackgroundScheduler | None = None
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Fail what the previous process left running (when this is the only one), run every job once,
        then every SWEEP_INTERVAL seconds in the background. Idempotent."""
        if self._started:
            return
        with self._lock:
            if self._started:
                return
            self._started = True
            # with Celery, workers in other processes run segments: never take their rows for leftovers
            if self.app.config["SINGLE_PROCESS"] and self.app.config["RUNNER"] != "celery":
                _run_in_context(self.app, "interrupt-previous-process", interrupt_previous_process)
            run_all(self.app)
            if self.app.config["SCHEDULER_ENABLED"]:
                self.scheduler = BackgroundScheduler(daemon=True)
                for job_id, function, interval_key in JOBS:
                    self.scheduler.add_job(_run_in_context, "interval", args=(self.app, job_id, function), id=job_id,
                                           seconds=float(self.app.config[interval_key]), coalesce=True,
                                           max_instances=1, replace_existing=True)
                self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
