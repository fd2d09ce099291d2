"""CeleryRunner: admitted jobs go by id through a broker (Redis) to Celery worker processes.

API side (``CeleryRunner``): admission counts the jobs waiting for a worker in the database,
so every API process sees the same queue; ``submit`` marks the job queued (no heartbeat: a
queued job is not stale) and sends ``run_segment(task_id, segment, job_id)`` with the job
id as the Celery task id. A broker that cannot be reached raises ``RunnerUnavailable``.

Worker side (``WorkerJobs``, wired by ``storyagent.celery_worker``): each prefork process
runs one job at a time through ``job.run_chain`` and keeps one watcher thread that beats the
job's heartbeat and polls its row, so a delete or stop on any API process cancels the job
(and kills its ffmpeg) within about ``OWNER_POLL`` seconds plus one progress step.

Celery settings, and why:
- ``task_acks_late=False``: a message is acknowledged when its job starts. A job that started
  is never delivered again; if its worker dies, the heartbeat sweep fails it "interrupted" and
  the user runs it again (a redelivery could not run it anyway: ``state.start`` claims a run once).
- ``worker_prefetch_multiplier=1``: each process reserves at most one message it has not started
  (early acks: a running job's message is already acknowledged), so waiting jobs beyond that stay
  in the shared queue for whichever worker frees up first.
- ``visibility_timeout=QUEUE_TIMEOUT``: a message a dead worker had reserved but not started
  comes back after that long; by then the queue-timeout sweep has failed its job, so the late
  delivery does nothing.
- a soft time limit of ``SEGMENT_TIMEOUT`` per segment of the chain (+10 s) backs up the job's
  own per-segment timeout; the hard limit 30 s later kills the process (the sweep then fails it).
- pool processes run at ``SEGMENT_NICE`` (``WorkerJobs.forked``), like the thread runner's segments.
"""
from __future__ import annotations

import logging
import os
import threading
import time

from celery import Celery
from flask import Flask

from ..config import ConfigError
from ..extensions import db
from ..models import Task
from ..tasks import state
from . import RunnerUnavailable
from .local_jobs import LocalJobs
from .thread import lower_thread_priority

log = logging.getLogger("storyagent.runner")

TASK_NAME = "storyagent.run_segment"
QUEUE_NAME = "storyagent"
# how often a worker reads its job's row (cancellation from any API process lands within this)
OWNER_POLL = 0.5


def make_celery(config) -> Celery:
    """A Celery app for the broker in CELERY_BROKER_URL with the settings explained above."""
    celery = Celery("storyagent", broker=config["CELERY_BROKER_URL"], set_as_current=False)
    celery.conf.update(
        task_ignore_result=True,
        task_acks_late=False,
        task_reject_on_worker_lost=False,
        worker_prefetch_multiplier=1,
        worker_disable_prefetch=True,
        worker_concurrency=int(config["WORKER_CONCURRENCY"]),
        worker_hijack_root_logger=False,
        broker_transport_options={"visibility_timeout": float(config["QUEUE_TIMEOUT"])},
        broker_connection_timeout=2.0,
        broker_connection_retry_on_startup=True,
        task_default_queue=QUEUE_NAME,
        task_serializer="json",
        accept_content=["json"],
    )
    return celery


def lower_process_group_priority(niceness: int) -> None:
    """Put this worker process (and the ffmpeg it starts) in a scheduling group of its own at ``niceness``.

    Linux's autogroup scheduling (on by default) shares the CPU between sessions first and
    honours nice only inside one, so a worker process niced in its own session (a systemd
    unit, a container) still took half the cores from the API: /progress p99 1.8 s while two
    workers rendered. A new session whose autogroup is niced yields to the API processes.
    """
    if niceness <= 0 or not os.path.exists("/proc/self/autogroup"):
        return
    try:
        os.setsid()                       # a pool process is never a group leader, so this succeeds
        with open("/proc/self/autogroup", "w") as group:
            group.write(str(min(19, niceness)))
    except OSError as exc:
        log.warning("could not lower the worker's scheduling group priority: %s", exc)


class CeleryRunner:
    """Send admitted jobs to Celery workers; admission and status come from the database."""

    background = True  # API processes run housekeeping (stale and queue-timeout sweeps)

    def __init__(self, app: Flask):
        self.app = app
        config = app.config
        base_dir = config["BASE_DIR"] or os.getcwd()
        try:
            os.makedirs(base_dir, exist_ok=True)
        except OSError:
            pass  # reported just below
        if not os.access(base_dir, os.W_OK):
            raise ConfigError(f"BASE_DIR={base_dir!r} is not writable; with RUNNER=celery every API process and "
                              "worker must share one writable BASE_DIR.")
        self.queue_limit = int(config["QUEUE_LIMIT"])
        self.retry_after = max(1, int(config["HEARTBEAT_INTERVAL"]))
        self.segment_timeout = float(config["SEGMENT_TIMEOUT"])
        self._celery: Celery | None = None
        self._stopping = False
        self._lock = threading.Lock()

    @property
    def celery(self) -> Celery:
        """The Celery app, built on first use (building it connects to nothing)."""
        with self._lock:
            if self._celery is None:
                self._celery = make_celery(self.app.config)
            return self._celery

    @property
    def accepting(self) -> bool:
        return not self._stopping

    def reserve(self) -> bool:
        """Room while the jobs waiting for a worker, in every process (this one included), fit QUEUE_LIMIT."""
        return self.accepting and state.count_waiting(for_admission=True) <= max(1, self.queue_limit)

    def release(self) -> None:
        pass  # the database is the count: nothing held here

    def submit(self, task_id: int, segment: int, job_id: str) -> None:
        """Mark the job queued and send its ids to the broker; RunnerUnavailable when it cannot be sent."""
        through = db.session.get(Task, task_id).chain_through
        segments = (through or segment) - segment + 1
        state.enqueue(task_id, job_id)
        db.session.commit()
        soft_limit = segments * self.segment_timeout + 10
        try:
            self.celery.send_task(TASK_NAME, args=(task_id, segment, job_id), task_id=job_id, queue=QUEUE_NAME,
                                  soft_time_limit=soft_limit, time_limit=soft_limit + 30, retry=True,
                                  retry_policy={"max_retries": 2, "interval_start": 0.1, "interval_step": 0.2,
                                                "interval_max": 0.5})
        except Exception as exc:
            log.warning("could not send task %s segment %s to the broker: %s: %s", task_id, segment,
                        type(exc).__name__, exc)
            raise RunnerUnavailable("The job queue cannot be reached right now, so the segment was not started; "
                                    "try again shortly.") from exc

    def cancel(self, task_id: int) -> None:
        pass  # the worker running it reads the row every OWNER_POLL seconds and stops itself

    def stats(self) -> dict:
        running = state.count_active()
        waiting = state.count_waiting()
        return {"runner": "celery", "workers": None, "busy": running - waiting, "queued": waiting,
                "capacity": max(1, self.queue_limit)}

    def shutdown(self, grace: float | None = None) -> None:
        """Stop sending; jobs already sent belong to the workers."""
        self._stopping = True


class WorkerJobs:
    """The worker-process side: run one job at a time, with a heartbeat and an ownership watcher."""

    def __init__(self, app: Flask):
        self.app = app
        self.heartbeat_interval = float(app.config["HEARTBEAT_INTERVAL"])
        self.jobs = LocalJobs()
        self._lock = threading.Lock()
        self._watcher_pid: int | None = None

    def run(self, task_id: int, segment: int, job_id: str) -> None:
        """Run the job and the rest of its chain here (the same code as every runner), watched while it runs."""
        job = self.jobs.new(self.app, task_id, segment, job_id)
        self.jobs.add(job)
        self._start_watcher()
        self.jobs.run_listed(self.app, job)

    def _start_watcher(self) -> None:
        """One watcher thread per process (a forked pool process starts its own)."""
        with self._lock:
            if self._watcher_pid != os.getpid():
                self._watcher_pid = os.getpid()
                threading.Thread(target=self._watch_loop, name="heartbeat", daemon=True).start()

    def _watch_loop(self) -> None:
        """Every OWNER_POLL s: stop a job whose row no longer names it; beat every HEARTBEAT_INTERVAL."""
        last_beat = 0.0
        while True:
            time.sleep(OWNER_POLL)
            jobs = self.jobs.snapshot()
            if not jobs:
                continue
            try:
                with self.app.app_context():
                    try:
                        for job in jobs:
                            if state.owner_gone(job.task_id, job.job_id):
                                job.cancelled.set()
                        if time.monotonic() - last_beat >= self.heartbeat_interval:
                            state.beat([job.job_id for job in jobs if not job.cancelled.is_set()])
                            last_beat = time.monotonic()
                    finally:
                        db.session.remove()
            except Exception:
                log.exception("worker heartbeat failed")

    def forked(self) -> None:
        """In a new worker process: never share the parent's database connections; run segments (and their
        ffmpeg) at SEGMENT_NICE, like the thread runner, so an API process on the same machine stays quick."""
        with self.app.app_context():
            db.engine.dispose(close=False)
        lower_process_group_priority(int(self.app.config["SEGMENT_NICE"]))
        lower_thread_priority(int(self.app.config["SEGMENT_NICE"]))
