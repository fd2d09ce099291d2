"""Runners without threads: SyncRunner runs a job inside the call that admits it; OffRunner runs none."""
from __future__ import annotations

import threading

from flask import Flask

from ..extensions import db
from .job import Job, run_chain


class SyncRunner:
    """Run each admitted job (and the rest of its chain) before execute answers: tests and scripts."""

    background = False
    retry_after = 1

    def __init__(self, app: Flask):
        self.app = app
        self._stopped = False
        self._running: dict[str, Job] = {}
        self._lock = threading.Lock()

    @property
    def accepting(self) -> bool:
        return not self._stopped

    def reserve(self) -> bool:
        return self.accepting

    def release(self) -> None:
        pass

    def submit(self, task_id: int, segment: int, job_id: str) -> None:
        job = Job(task_id, segment, job_id, float(self.app.config["SEGMENT_TIMEOUT"]))
        self._list(job)
        # a context of its own: a fresh database session, apart from the request's
        with self.app.app_context():
            try:
                run_chain(self.app, job, on_next=self._list)
            finally:
                db.session.remove()
                with self._lock:
                    for listed in [j for j in self._running.values() if j.task_id == task_id]:
                        self._running.pop(listed.job_id, None)

    def _list(self, job: Job) -> None:
        with self._lock:
            self._running[job.job_id] = job

    def cancel(self, task_id: int) -> None:
        with self._lock:
            for job in self._running.values():
                if job.task_id == task_id:
                    job.cancelled.set()

    def stats(self) -> dict:
        with self._lock:
            busy = len(self._running)
        return {"runner": "sync", "workers": 1, "busy": busy, "queued": 0, "capacity": 1}

    def shutdown(self, grace: float | None = None) -> None:
        self._stopped = True


class OffRunner(SyncRunner):
    """Accept nothing: for maintenance commands that must never start a segment."""

    def __init__(self, app: Flask):
        super().__init__(app)
        self._stopped = True

    def stats(self) -> dict:
        return {"runner": "off", "workers": 0, "busy": 0, "queued": 0, "capacity": 0}
