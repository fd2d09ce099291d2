"""Runners: how an admitted job gets executed. One is chosen per app by the RUNNER setting.

Every runner has the same small interface, so routes and services never know which one runs:

- ``reserve() -> bool`` / ``release()``: take or give back room for one job (admission);
- ``submit(task_id, segment, job_id)``: run an admitted job (its task row is already claimed);
  raises ``RunnerUnavailable`` when the job cannot be handed over (the caller puts the task back);
- ``cancel(task_id)``: ask the task's job to stop now (the row is already changed);
- ``stats() -> dict``: workers, busy, queued, capacity (for /api/health);
- ``shutdown(grace=None)``: stop taking jobs; with a grace, let running ones finish that long;
- ``accepting``, ``retry_after`` and ``background`` (whether it needs the heartbeat and the
  housekeeping scheduler in this process).
"""
from __future__ import annotations

from importlib import import_module
from types import MappingProxyType
from typing import Protocol

from flask import Flask

# RUNNER value -> "module:Class"
RUNNERS = MappingProxyType({
    "thread": "storyagent.runners.thread:ThreadRunner",  # a bounded pool in this process (make run / serve)
    "sync": "storyagent.runners.inline:SyncRunner",      # inside the request or CLI call (tests, scripts)
    "off": "storyagent.runners.inline:OffRunner",        # accepts nothing (maintenance commands)
    "celery": "storyagent.runners.celery_queue:CeleryRunner",  # Celery workers through a broker
})


class RunnerUnavailable(Exception):
    """The runner could not take an admitted job (its broker is down, say); the message says why."""


class Runner(Protocol):
    background: bool
    retry_after: int

    @property
    def accepting(self) -> bool: ...
    def reserve(self) -> bool: ...
    def release(self) -> None: ...
    def submit(self, task_id: int, segment: int, job_id: str) -> None: ...
    def cancel(self, task_id: int) -> None: ...
    def stats(self) -> dict: ...
    def shutdown(self, grace: float | None = None) -> None: ...


def create_runner(app: Flask) -> Runner:
    """Build the runner named by RUNNER (validated with the rest of the config)."""
    module_name, class_name = RUNNERS[app.config["RUNNER"]].split(":")
    return getattr(import_module(module_name), class_name)(app)
