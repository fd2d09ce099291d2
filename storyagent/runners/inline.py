"""Runners without threads: SyncRunner runs a job inside the call that admits it; OffRunner runs none."""
from __future__ import annotations

from flask import Flask

from .local_jobs import LocalJobs


class SyncRunner:
    """Run each admitted job (and the rest of its chain) before execute answers: tests and scripts."""

    background = False
    retry_after = 1

    def __init__(self, app: Flask):
        self.app = app
        self._stopped = False
        self.jobs = LocalJobs()

    @property
    def accepting(self) -> bool:
        return not self._stopped

    def reserve(self) -> bool:
        return self.accepting

    def release(self) -> None:
        pass

    def submit(self, task_id: int, segment: int, job_id: str) -> None:
        job = self.jobs.new(self.app, task_id, segment, job_id)
        self.jobs.add(job)
        self.jobs.run_listed(self.app, job)

    def cancel(self, task_id: int) -> None:
        self.jobs.cancel(task_id)

    def stats(self) -> dict:
        return {"runner": "sync", "workers": 1, "busy": len(self.jobs), "queued": 0, "capacity": 1}

    def shutdown(self, grace: float | None = None) -> None:
        self._stopped = True


class OffRunner(SyncRunner):
    """Accept nothing: for maintenance commands that must never start a segment."""

    def __init__(self, app: Flask):
        super().__init__(app)
        self._stopped = True

    def stats(self) -> dict:
        return {"runner": "off", "workers": 0, "busy": 0, "queued": 0, "capacity": 0}
