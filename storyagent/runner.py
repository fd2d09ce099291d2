"""SegmentRunner: a bounded thread pool that runs segments with state in the database.

Admission is a non-blocking semaphore (busy workers + QUEUE_LIMIT waiting jobs); the
task row is the source of truth. Every write a job makes is conditional on its
``job_id`` and ``status='running'``, so a job whose task was deleted or swept as
stale finds out at its next write and stops without writing anything more.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, g, has_request_context
from sqlalchemy import update

from .extensions import db
from .models import SegmentRun, Task
from .domain import SEGMENT_NAMES, ProviderConfigError, SegmentCancelled, SegmentError, StoryBrief
from .pipeline import SegmentContext, segment_function
from .storage import StoryDir

log = logging.getLogger(__name__)

# progress writes closer together than this are folded (the last one always lands)
PROGRESS_WRITE_INTERVAL = 0.5


class SegmentTimeout(Exception):
    pass


class Job:
    """One accepted run of a segment, as this process sees it."""

    def __init__(self, task_id: int, segment: int, job_id: str, timeout: float):
        self.task_id = task_id
        self.segment = segment
        self.job_id = job_id
        self.timeout = timeout
        self.cancelled = threading.Event()
        self.started = None  # monotonic start of execution
        self.future = None  # set by submit(); cancelled when shutdown drops the queue
        self.interrupted = False  # marked failed by a graceful shutdown
        # the execute request that queued it, for the per-segment log line
        self.request_id = g.get("request_id") if has_request_context() else None

    def timed_out(self) -> bool:
        return self.started is not None and time.monotonic() - self.started > self.timeout

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or self.timed_out()


class SegmentRunner:
    """Run segments in a bounded ThreadPoolExecutor and keep their heartbeats alive."""

    def __init__(self, app: Flask):
        self.app = app
        config = app.config
        self.workers = int(config["WORKERS"])
        self.capacity = self.workers + int(config["QUEUE_LIMIT"])
        self.retry_after = max(1, int(config["HEARTBEAT_INTERVAL"]))
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="segment",
                                            initializer=lower_thread_priority, initargs=(int(config["SEGMENT_NICE"]),))
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._closed = threading.Event()  # heartbeats go on until shutdown is over
        self._heartbeat = threading.Thread(target=self._beat, name="heartbeat", daemon=True)
        self._heartbeat.start()

    # -- admission ----------------------------------------------------------
    def reserve(self) -> bool:
        """Take a slot for a job about to be accepted; False when full."""
        return not self._stopping.is_set() and self._slots.acquire(blocking=False)

    def release(self) -> None:
        self._slots.release()

    def submit(self, task_id: int, segment: int, job_id: str) -> None:
        """Queue an accepted job (its slot was reserved)."""
        job = Job(task_id, segment, job_id, float(self.app.config["SEGMENT_TIMEOUT"]))
        with self._lock:  # held so the job is listed before its thread can finish and unlist it
            job.future = self._executor.submit(self._run_guarded, job)
            self._jobs[job_id] = job

    def cancel(self, task_id: int) -> None:
        with self._lock:
            for job in self._jobs.values():
                if job.task_id == task_id:
                    job.cancelled.set()

    # -- status ---------------------------------------------------------------
    def stats(self) -> dict:
        with self._lock:
            busy = sum(1 for job in self._jobs.values() if job.started is not None)
            total = len(self._jobs)
        return {"workers": self.workers, "busy": busy, "queued": total - busy, "capacity": self.capacity}

    @property
    def accepting(self) -> bool:
        return not self._stopping.is_set()

    def shutdown(self, wait: bool = True, grace: float | None = None) -> None:
        """Stop taking jobs; with wait, let running ones finish.

        With a grace (gunicorn's SIGTERM), end cleanly instead of leaving rows for the stale
        sweep: queued jobs at once, and jobs still running after ``grace`` seconds, are marked
        failed "interrupted by shutdown" (conditional on their job row) and their partial
        outputs removed; running ones are then cancelled and stop at their next progress().
        """
        self._stopping.set()
        if grace is None:
            self._executor.shutdown(wait=wait, cancel_futures=True)
            self._closed.set()
            return
        self._executor.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            dropped = [job for job in self._jobs.values() if job.future is not None and job.future.cancelled()]
            for job in dropped:  # a cancelled future never runs _run_guarded's cleanup
                self._jobs.pop(job.job_id, None)
                self.release()
        self._interrupt(dropped)
        deadline = time.monotonic() + max(0.0, float(grace))
        while self._jobs and time.monotonic() < deadline:
            time.sleep(0.1)
        with self._lock:
            overdue = list(self._jobs.values())
        self._interrupt(overdue)
        settle = time.monotonic() + (5.0 if wait else 0.0)
        while self._jobs and time.monotonic() < settle:
            time.sleep(0.1)
        self._closed.set()

    def _interrupt(self, jobs: list[Job]) -> None:
        """Mark jobs failed "interrupted by shutdown" while they still own their task; drop partial files."""
        for job in jobs:
            job.interrupted = True
            job.cancelled.set()
        if not jobs:
            return
        with self.app.app_context():
            try:
                for job in jobs:
                    name = SEGMENT_NAMES[job.segment]
                    landed = db.session.execute(_job_row(job).values(
                        status="failed", running_segment=None, message=f"{name} interrupted",
                        error=interrupted_error(name))).rowcount == 1
                    if landed:
                        _record_run(job, outcome="interrupted", error=interrupted_error(name),
                                    finished_at=time.time())
                    db.session.commit()
                    if landed:
                        StoryDir(self.app.config["BASE_DIR"], job.task_id).remove_outputs(job.segment)
                        log.warning("task %s segment %s(%s) interrupted by shutdown", job.task_id, job.segment, name)
            except Exception:
                log.exception("could not mark interrupted jobs; the stale-run sweep will")
                db.session.rollback()
            finally:
                db.session.remove()

    # -- the job --------------------------------------------------------------
    def _run_guarded(self, job: Job) -> None:
        try:
            with self.app.app_context():
                try:
                    run_job(self.app, job)
                finally:
                    db.session.remove()
        except Exception:  # the pool must never lose a worker to a bug
            log.exception("segment job %s crashed", job.job_id)
        finally:
            with self._lock:
                self._jobs.pop(job.job_id, None)
            self.release()

    def _beat(self) -> None:
        """Refresh heartbeat_at of this process's accepted jobs (queued ones too)."""
        interval = float(self.app.config["HEARTBEAT_INTERVAL"])
        while not self._closed.wait(interval):
            with self._lock:
                job_ids = list(self._jobs)
            if not job_ids:
                continue
            try:
                with self.app.app_context():
                    db.session.execute(update(Task).where(Task.job_id.in_(job_ids), Task.status == "running")
                                       .values(heartbeat_at=time.time()).execution_options(synchronize_session=False))
                    db.session.commit()
                    db.session.remove()
            except Exception:
                log.exception("heartbeat failed")


def lower_thread_priority(niceness: int) -> None:
    """Run this segment thread (and the ffmpeg it starts) at a lower CPU priority than request threads,
    so /progress answers in milliseconds while videos render on every core (Linux nices threads)."""
    if niceness > 0 and hasattr(os, "setpriority"):
        try:
            thread = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + niceness))
        except OSError as exc:
            log.warning("could not lower the segment thread's priority: %s", exc)


def interrupted_error(name: str) -> str:
    return f"{name} was interrupted by a server shutdown; run it again."


def _job_row(job: Job):
    """A conditional UPDATE of the task that only lands while this job owns it."""
    return (update(Task).where(Task.id == job.task_id, Task.job_id == job.job_id, Task.status == "running")
            .execution_options(synchronize_session=False))


def _record_run(job: Job, **values) -> None:
    db.session.execute(update(SegmentRun).where(SegmentRun.job_id == job.job_id).values(**values)
                       .execution_options(synchronize_session=False))


def run_job(app: Flask, job: Job) -> None:
    """Run one segment of one task and record how it ended. Safe to call again."""
    name = SEGMENT_NAMES[job.segment]
    task = db.session.get(Task, job.task_id)
    if task is None or task.job_id != job.job_id or task.status != "running" or job.cancelled.is_set():
        _record_run(job, outcome="cancelled", finished_at=time.time())
        db.session.commit()
        return
    job.started = time.monotonic()
    started_at = time.time()
    brief = StoryBrief(topic=task.topic, main_role=task.main_role, scene=task.scene,
                       language=task.language, seed=task.seed)
    folder = StoryDir(app.config["BASE_DIR"], task.id)
    db.session.execute(_job_row(job).values(message=f"{name} started", heartbeat_at=time.time()))
    _record_run(job, outcome="running", started_at=started_at)
    db.session.commit()

    last_write = [0.0]

    def report(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_WRITE_INTERVAL and fraction < 1.0:
            return
        last_write[0] = now
        result = db.session.execute(_job_row(job).values(progress=fraction, message=message or name,
                                                          heartbeat_at=time.time()))
        db.session.commit()
        if result.rowcount != 1:
            job.cancelled.set()  # deleted, or swept as stale by another process

    context = SegmentContext(story_dir=folder, brief=brief, config=dict(app.config),
                             report=report, is_cancelled=job.should_stop)
    outcome, error = "failed", None
    try:
        folder.remove_outputs(job.segment)  # leftovers of this and later segments
        segment_function(job.segment)(context)
        context.check_cancelled()
        outcome = "completed"
    except SegmentCancelled:
        if job.timed_out():
            error = f"{name} took longer than {job.timeout:g} s and was stopped; run it again."
        else:
            outcome = "cancelled"
    except (SegmentError, ProviderConfigError) as exc:
        error = f"{name} failed: {exc}"
    except Exception as exc:
        if job.cancelled.is_set():
            outcome = "cancelled"  # e.g. ffmpeg lost its folder to a delete: not a failure
        else:
            log.exception("task %s segment %s raised", job.task_id, job.segment)
            error = f"{name} failed unexpectedly ({type(exc).__name__}: {exc}); see the server log."
    finally:
        db.session.rollback()

    if outcome == "completed":
        landed = db.session.execute(_job_row(job).values(
            status="completed", current_segment=job.segment, running_segment=None, progress=1.0,
            message=f"{name} completed", error=None)).rowcount == 1
        if not landed:
            outcome = "cancelled"
    elif outcome == "failed":
        db.session.execute(_job_row(job).values(status="failed", running_segment=None,
                                                message=f"{name} failed", error=error))
    if outcome != "completed":
        folder.remove_outputs(job.segment)  # never list a partial segment
        current = db.session.get(Task, job.task_id)
        if current is not None and current.status == "deleted":
            folder.remove_all()
    if job.interrupted and outcome != "completed":
        outcome, error = "interrupted", interrupted_error(name)
    finished = time.time()
    _record_run(job, outcome=outcome, error=error, finished_at=finished, duration=finished - started_at)
    db.session.commit()
    log.info("segment run task=%s segment=%s(%s) duration=%.2fs outcome=%s%s rid=%s", job.task_id, job.segment,
             name, finished - started_at, outcome, f" error={error}" if error else "", job.request_id or "-")
