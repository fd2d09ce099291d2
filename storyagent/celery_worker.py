"""The Celery worker's entry point: ``celery -A storyagent.celery_worker worker --pool prefork``.

It builds the same app as the API (same settings, same database, same BASE_DIR) but never
serves a request, so no thread pool and no housekeeping start here; each prefork process runs
one job at a time through the runners' shared job code.
"""
from __future__ import annotations

import logging

from celery.signals import worker_process_init

from . import create_app
from .runners.celery_queue import TASK_NAME, WorkerJobs, make_celery

flask_app = create_app({"RUNNER": "celery"})
# Celery's worker logs through the root logger (with the pool process's name): one line per event, not two
logging.getLogger("storyagent").handlers.clear()
jobs = WorkerJobs(flask_app)
celery = make_celery(flask_app.config)


@celery.task(name=TASK_NAME, ignore_result=True)
def run_segment(task_id: int, segment: int, job_id: str) -> None:
    """Run one admitted job (and the rest of its chain); everything else is read from its row."""
    jobs.run(task_id, segment, job_id)


@worker_process_init.connect
def _new_process(**_kwargs) -> None:
    jobs.forked()
