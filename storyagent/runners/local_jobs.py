"""The jobs one process runs: listed for cancel, heartbeats and stats, and each run in a context of its own.

Every runner that executes segments itself (sync, thread, a Celery worker process) keeps its
jobs in a ``LocalJobs`` and runs each one with ``run_listed``, so listing a chain's next job,
unlisting a task's jobs when it ends, and cancelling them are written once.
"""
from __future__ import annotations

import threading

from flask import Flask

from ..extensions import db
from .job import Job, run_chain


class LocalJobs:
    """A thread-safe list of the jobs this process has accepted, by job id."""

    def __init__(self):
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new(self, app: Flask, task_id: int, segment: int, job_id: str) -> Job:
        """A job for an admitted segment, with the app's per-segment timeout."""
        return Job(task_id, segment, job_id, float(app.config["SEGMENT_TIMEOUT"]))

    def add(self, job: Job, replacing: Job | None = None) -> None:
        """List `job` (in place of `replacing`: a chain's next segment takes over from the last)."""
        with self._lock:
            if replacing is not None:
                self._jobs.pop(replacing.job_id, None)
            self._jobs[job.job_id] = job

    def drop(self, job: Job) -> None:
        with self._lock:
            self._jobs.pop(job.job_id, None)

    def cancel(self, task_id: int) -> None:
        """Ask the task's listed job to stop at its next check."""
        with self._lock:
            for job in self._jobs.values():
                if job.task_id == task_id:
                    job.cancelled.set()

    def snapshot(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)

    def run_listed(self, app: Flask, job: Job) -> None:
        """Run a listed `job` and the rest of its chain in an app context of its own (a fresh database session,
        apart from any request's), each next job listed in place of the last; unlist it when the chain ends.

        Only this chain's own jobs are unlisted: a new run of the same task, admitted the moment this one
        ended, stays listed."""
        current = [job]

        def list_next(next_job: Job) -> None:
            self.add(next_job, replacing=current[0])
            current[0] = next_job
        try:
            with app.app_context():
                try:
                    run_chain(app, job, on_next=list_next)
                finally:
                    db.session.remove()
        finally:
            self.drop(current[0])
