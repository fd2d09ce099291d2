"""The only code that changes task state. Views call these; so does the runner."""
from __future__ import annotations

import logging
import random
import time
import uuid
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from ..errors import ApiError, not_found
from ..extensions import db
from ..models import SegmentRun, Task
from ..domain import SEGMENT_NAMES, segment_name
from ..storage import StoryDir

log = logging.getLogger(__name__)

# SQLite's INTEGER is 64-bit: a larger id names no task (and would overflow the driver: a 500)
MAX_ID = 2**63 - 1


def story_dir(task_id: int) -> StoryDir:
    return StoryDir(current_app.config["BASE_DIR"], task_id)


def create_task(user_id: int, data: dict) -> Task:
    seed = data.get("seed")
    task = Task(user_id=user_id, topic=data["topic"], main_role=data.get("main_role") or "",
                scene=data.get("scene") or "", language=data.get("language") or current_app.config["LANGUAGE"],
                seed=random.SystemRandom().randrange(2**31) if seed is None else seed)
    db.session.add(task)
    db.session.commit()
    return task


def owned_task(user_id: int, task_id: int, *, allow_deleted: bool = False) -> Task:
    """Return the caller's task, or 404 — whether it is someone else's or missing."""
    task = db.session.get(Task, task_id) if 0 < task_id <= MAX_ID else None
    if task is None or task.user_id != user_id or (task.status == "deleted" and not allow_deleted):
        raise not_found(f"Task {task_id}")
    return task


def user_tasks(user_id: int) -> list[Task]:
    query = (select(Task).where(Task.user_id == user_id, Task.status != "deleted")
             .order_by(Task.created_at.desc(), Task.id.desc()))
    return list(db.session.scalars(query))


def start_segment(user_id: int, task_id: int, segment: int, redo: bool, runner) -> str:
    """Admit a segment run: one conditional UPDATE decides, so two requests never both start."""
    if segment not in SEGMENT_NAMES:
        raise not_found(f"Segment {segment}")
    if not 0 < task_id <= MAX_ID:
        raise not_found(f"Task {task_id}")
    job_id = uuid.uuid4().hex
    allowed = Task.current_segment == segment - 1
    if redo:
        allowed = allowed | (Task.current_segment >= segment)
    result = db.session.execute(
        update(Task)
        .where(Task.id == task_id, Task.user_id == user_id, Task.status.notin_(("running", "deleted")), allowed)
        .values(status="running", running_segment=segment, current_segment=segment - 1, job_id=job_id,
                progress=0.0, message="Queued", error=None, heartbeat_at=time.time())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise _refusal(user_id, task_id, segment)
    # only the request that won the UPDATE takes a slot, so a burst of refused requests never
    # fills the pool; when it is full, rolling back leaves the state unchanged
    if not runner.reserve():
        db.session.rollback()
        raise ApiError(503, "The server is busy: too many segments are queued. Try again shortly.",
                       {"Retry-After": str(runner.retry_after)})
    try:
        db.session.add(SegmentRun(task_id=task_id, segment=segment, job_id=job_id))
        db.session.commit()
    except BaseException:
        runner.release()
        raise
    runner.submit(task_id, segment, job_id)
    return job_id


def _refusal(user_id: int, task_id: int, segment: int) -> ApiError:
    """Explain why the conditional UPDATE matched nothing."""
    task = owned_task(user_id, task_id)
    if task.status == "running":
        return ApiError(409, f"Segment {task.running_segment} ({segment_name(task.running_segment)}) "
                             "is already running; wait for it to finish.")
    if segment <= task.current_segment:
        return ApiError(409, f"Segment {segment} ({segment_name(segment)}) is already completed; "
                             "pass redo=true to run it again (later segments are reset).")
    return ApiError(409, f"Segment {segment} cannot run yet: the next segment is "
                         f"{task.current_segment + 1} ({segment_name(task.current_segment + 1)}).")


def list_resources(user_id: int, task_id: int, segment: int) -> list[str]:
    """URLs of a completed segment's files; a segment not yet completed lists nothing."""
    task = owned_task(user_id, task_id)
    if segment > task.current_segment:
        return []
    folder = story_dir(task.id)
    return [folder.url(path) for path in folder.outputs(segment)]


def resolve_resource(user_id: int, url: str) -> Path:
    """Map a client URL to a listed file of one of the caller's tasks, or 404."""
    from ..storage import UnsafePath, task_id_of_url

    try:
        task_id = task_id_of_url(url)
    except UnsafePath as exc:
        raise ApiError(400, f"Invalid url: {exc}.") from None
    task = owned_task(user_id, task_id)
    folder = story_dir(task.id)
    try:
        path = folder.resolve_url(url)
    except UnsafePath:
        raise not_found("Resource") from None
    listed = {p.resolve() for segment in range(1, task.current_segment + 1) for p in folder.outputs(segment)}
    if path not in listed:
        raise not_found("Resource")
    return path


def delete_task(user_id: int, task_id: int, runner) -> None:
    """Mark deleted (a running job sees it and stops), then remove the files."""
    owned_task(user_id, task_id)
    result = db.session.execute(
        update(Task).where(Task.id == task_id, Task.user_id == user_id, Task.status != "deleted")
        .values(status="deleted", running_segment=None, message="Deleted")
        .execution_options(synchronize_session=False))
    db.session.commit()
    if result.rowcount != 1:
        raise not_found(f"Task {task_id}")
    runner.cancel(task_id)
    story_dir(task_id).remove_all()
