"""ThreadRunner: a bounded thread pool in this process, with a heartbeat for its jobs.

Admission is a non-blocking semaphore (busy workers + QUEUE_LIMIT waiting jobs); the
task row is the source of truth. The pool and the heartbeat thread start with the first
job, so a process that never runs a segment (a CLI command, a test) starts no thread.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from ..domain import segment_name
from ..extensions import db
from ..storage import StoryDir
from ..tasks import state
from .job import Job
from .local_jobs import LocalJobs

log = logging.getLogger("storyagent.runner")


class ThreadRunner:
    """Run segments in a bounded ThreadPoolExecutor and keep their heartbeats alive."""

    background = True

    def __init__(self, app: Flask):
        self.app = app
        config = app.config
        self.workers = int(config["WORKERS"])
        self.capacity = self.workers + int(config["QUEUE_LIMIT"])
        self.retry_after = max(1, int(config["HEARTBEAT_INTERVAL"]))
        self._slots = threading.BoundedSemaphore(self.capacity)
        self._executor: ThreadPoolExecutor | None = None
        self.jobs = LocalJobs()
        self._lock = threading.Lock()  # starting the threads
        self._stopping = threading.Event()
        self._closed = threading.Event()  # heartbeats go on until shutdown is over

    def _start_threads(self) -> ThreadPoolExecutor:
        """Start the pool and the heartbeat on first use."""
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="segment",
                                                    initializer=lower_thread_priority,
                                                    initargs=(int(self.app.config["SEGMENT_NICE"]),))
                threading.Thread(target=self._beat, name="heartbeat", daemon=True).start()
                atexit.register(self.shutdown)
            return self._executor

    # -- admission ----------------------------------------------------------
    @property
    def accepting(self) -> bool:
        return not self._stopping.is_set()

    def reserve(self) -> bool:
        """Take a slot for a job about to be accepted; False when full."""
        return self.accepting and self._slots.acquire(blocking=False)

    def release(self) -> None:
        self._slots.release()

    def submit(self, task_id: int, segment: int, job_id: str) -> None:
        """Queue an accepted job (its slot was reserved), listed before its thread can run and unlist it."""
        job = self.jobs.new(self.app, task_id, segment, job_id)
        self.jobs.add(job)
        try:
            job.future = self._start_threads().submit(self._run_guarded, job)
        except BaseException:  # the pool was shut down meanwhile: nothing will run or unlist it
            self.jobs.drop(job)
            raise

    def cancel(self, task_id: int) -> None:
        self.jobs.cancel(task_id)

    # -- status ---------------------------------------------------------------
    def stats(self) -> dict:
        jobs = self.jobs.snapshot()
        busy = sum(1 for job in jobs if job.started is not None)
        total = len(jobs)
        return {"runner": "thread", "workers": self.workers, "busy": busy, "queued": total - busy,
                "capacity": self.capacity}

    def shutdown(self, grace: float | None = None) -> None:
        """Stop taking jobs.

        Without a grace (exit, tests) queued jobs are dropped and running ones finish. With a grace (gunicorn's SIGTERM) end cleanly: queued jobs at once, and
        jobs still running after ``grace`` seconds, are marked failed "interrupted by shutdown"
        and their partial outputs removed; running ones then stop at their next progress write.
        """
        self._stopping.set()
        atexit.unregister(self.shutdown)
        executor = self._executor
        if executor is None:
            self._closed.set()
            return
        if grace is None:
            executor.shutdown(wait=True, cancel_futures=True)
            self._closed.set()
            return
        executor.shutdown(wait=False, cancel_futures=True)
        dropped = [job for job in self.jobs.snapshot() if job.future is not None and job.future.cancelled()]
        for job in dropped:  # a cancelled future never runs _run_guarded's cleanup
            self.jobs.drop(job)
            self.release()
        self._interrupt(dropped)
        deadline = time.monotonic() + max(0.0, float(grace))
        while len(self.jobs) and time.monotonic() < deadline:
            time.sleep(0.1)
        self._interrupt(self.jobs.snapshot())
        settle = time.monotonic() + 5.0
        while len(self.jobs) and time.monotonic() < settle:
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
                    landed = state.interrupt(job.task_id, job.job_id, job.segment)
                    if landed:
                        state.finish_run(job.job_id, state.INTERRUPTED,
                                         error=f"{segment_name(job.segment)} was interrupted by a server "
                                               "shutdown; run it again.")
                    db.session.commit()
                    if landed:
                        StoryDir(self.app.config["BASE_DIR"], job.task_id).remove_outputs(job.segment)
                        log.warning("task %s segment %s(%s) interrupted by shutdown", job.task_id, job.segment,
                                    segment_name(job.segment))
            except Exception:
                log.exception("could not mark interrupted jobs; the stale-run sweep will")
                db.session.rollback()
            finally:
                db.session.remove()

    # -- the job --------------------------------------------------------------
    def _run_guarded(self, job: Job) -> None:
        """Run a job and the rest of its chain on this pool thread (same worker, same slot)."""
        try:
            self.jobs.run_listed(self.app, job)
        except Exception:  # the pool must never lose a worker to a bug
            log.exception("segment job %s crashed", job.job_id)
        finally:
            self.release()

    def _beat(self) -> None:
        """Refresh heartbeat_at of this process's accepted jobs (queued ones too)."""
        interval = float(self.app.config["HEARTBEAT_INTERVAL"])
        while not self._closed.wait(interval):
            job_ids = [job.job_id for job in self.jobs.snapshot()]
            if not job_ids:
                continue
            try:
                with self.app.app_context():
                    state.beat(job_ids)
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
