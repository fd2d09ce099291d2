"""One run of one segment, wherever it executes: start it, run the pipeline, record how it ended.

Every write goes through the state module and lands only while the job still owns its
task, so a job whose task was deleted, cancelled or swept as stale finds out at its next
write and stops without writing anything more.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask, g, has_request_context

from ..config import ConfigError
from ..domain import ProviderConfigError, SegmentCancelled, SegmentError, segment_name
from ..extensions import db
from ..pipeline import SegmentContext, segment_function
from ..storage import StoryDir
from ..story_options import story_settings
from ..tasks import state

log = logging.getLogger("storyagent.runner")

# progress writes closer together than this are folded (the last one always lands)
PROGRESS_WRITE_INTERVAL = 0.5


class Job:
    """One accepted run of a segment, as this process sees it."""

    def __init__(self, task_id: int, segment: int, job_id: str, timeout: float, request_id: str | None = None):
        self.task_id = task_id
        self.segment = segment
        self.job_id = job_id
        self.timeout = timeout
        self.cancelled = threading.Event()
        self.started: float | None = None  # monotonic start of execution
        self.future = None  # set by a pool runner; cancelled when shutdown drops the queue
        self.interrupted = False  # marked failed by a graceful shutdown
        # the execute request that queued it, for the per-segment log line
        self.request_id = request_id or (g.get("request_id") if has_request_context() else None)

    def timed_out(self) -> bool:
        return self.started is not None and time.monotonic() - self.started > self.timeout

    def should_stop(self) -> bool:
        return self.cancelled.is_set() or self.timed_out()

    def next_in_chain(self, job_id: str) -> "Job":
        """The job that runs the next segment of a chain (same request, fresh clock)."""
        return Job(self.task_id, self.segment + 1, job_id, self.timeout, self.request_id)


def run_job(app: Flask, job: Job) -> str | None:
    """Run one segment of one task and record how it ended. Safe to call again.

    Returns the job id of the chain's next segment when the task asked to run on
    (``execute?through=N``); the caller runs it next.
    """
    if job.cancelled.is_set():
        state.finish_run(job.job_id, state.CANCELLED)
        db.session.commit()
        return None
    ticket = state.start(job.task_id, job.job_id)
    if ticket is None:
        return None
    job.started = time.monotonic()
    started_at = time.time()
    name = segment_name(job.segment)
    folder = StoryDir(app.config["BASE_DIR"], job.task_id)
    outcome, error = state.FAILED, None
    try:
        # the server's settings with the story's options on top (voice, aspect, pages, music, captions)
        config = story_settings(app.config, ticket.options, ticket.brief.language)
        context = SegmentContext(story_dir=folder, brief=ticket.brief, config=config,
                                 report=_progress_writer(job, name), is_cancelled=job.should_stop)
        folder.remove_outputs(job.segment)  # leftovers of this and later segments
        segment_function(job.segment)(context)
        context.check_cancelled()
        outcome = state.COMPLETED
    except SegmentCancelled:
        if job.timed_out():
            error = f"{name} took longer than {job.timeout:g} s and was stopped; run it again."
        else:
            outcome = state.CANCELLED
    except (SegmentError, ProviderConfigError, ConfigError) as exc:
        error = f"{name} failed: {exc}"
    except Exception as exc:
        if not job.cancelled.is_set():
            log.exception("task %s segment %s raised", job.task_id, job.segment)
        error = f"{name} failed unexpectedly ({type(exc).__name__}: {exc}); see the server log."
    finally:
        db.session.rollback()

    next_job = None
    if outcome == state.COMPLETED:
        if ticket.through and ticket.through > job.segment:
            next_job = state.admit_next_in_chain(job.task_id, job.job_id, job.segment)
            landed = next_job is not None
        else:
            landed = state.complete(job.task_id, job.job_id, job.segment)
        if not landed:
            outcome = state.CANCELLED
    elif outcome == state.FAILED and not state.fail(job.task_id, job.job_id, job.segment, error):
        # the task was deleted or stopped under the job: whatever its last step raised
        # (a file removed by the delete, say), the run was cancelled, not failed
        outcome, error = state.CANCELLED, None
    if outcome != state.COMPLETED:
        folder.remove_outputs(job.segment)  # never list a partial segment
        if state.is_deleted(job.task_id):
            folder.remove_all()
    if job.interrupted and outcome != state.COMPLETED:
        outcome, error = state.INTERRUPTED, f"{name} was interrupted by a server shutdown; run it again."
    state.finish_run(job.job_id, outcome, error=error, started_at=started_at)
    db.session.commit()
    log.info("segment run task=%s segment=%s(%s) duration=%.2fs outcome=%s%s rid=%s", job.task_id, job.segment,
             name, time.time() - started_at, outcome, f" error={error}" if error else "", job.request_id or "-")
    return next_job


def _progress_writer(job: Job, name: str):
    """A report(fraction, message) callback that writes at most every PROGRESS_WRITE_INTERVAL."""
    last_write = [0.0]

    def report(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_WRITE_INTERVAL and fraction < 1.0:
            return
        last_write[0] = now
        if not state.record_progress(job.task_id, job.job_id, fraction, message or name):
            job.cancelled.set()  # deleted, stopped, or swept as stale by another process

    return report


def run_chain(app: Flask, job: Job, on_next=None) -> None:
    """Run a job and, while the task asks to run on, each next segment in turn.

    ``on_next(job)`` lets a runner list the new job (for cancel and heartbeats) before it runs.
    """
    while job is not None:
        next_id = run_job(app, job)
        if next_id is None:
            return
        job = job.next_in_chain(next_id)
        if on_next is not None:
            on_next(job)
