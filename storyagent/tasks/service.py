"""Task use cases behind the views: check the request, then change state through tasks.state."""
from __future__ import annotations

import logging
import random
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..errors import ApiError, not_found
from ..extensions import db
from ..domain import SEGMENT_NAMES, segment_name
from ..models import Task
from ..runners import RunnerUnavailable
from ..storage import StoryDir, check_disk
from ..voices import find_voice, voice_names
from . import state

log = logging.getLogger(__name__)

# SQLite's INTEGER is 64-bit: a larger id names no task (and would overflow the driver: a 500)
MAX_ID = 2**63 - 1


def story_dir(task_id: int) -> StoryDir:
    return StoryDir(current_app.config["BASE_DIR"], task_id)


def create_task(user_id: int, data: dict) -> Task:
    limit = current_app.config["MAX_TOPIC_LENGTH"]
    if len(data["topic"]) > limit:
        raise ApiError(400, f"topic: must be 1-{limit} characters.")
    seed = data.get("seed")
    language = data.get("language") or current_app.config["LANGUAGE"]
    options = data.get("options") or {}
    _check_voice(options.get("voice"), language)
    return state.create(user_id, topic=data["topic"], main_role=data.get("main_role") or "",
                        scene=data.get("scene") or "", language=language,
                        seed=random.SystemRandom().randrange(2**31) if seed is None else seed, options=options)


def _check_voice(name: str | None, language: str) -> None:
    """A voice option must name a voice of this server that speaks the story's language."""
    if name and find_voice(current_app.config, name, language) is None:
        choices = ", ".join(voice_names(current_app.config, language)) or "none"
        raise ApiError(400, f"options.voice: {name!r} is not a voice of this server for {language} stories; "
                            f"must be one of: {choices} (see GET /api/voices).")


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


def start_segment(user_id: int, task_id: int, segment: int, redo: bool, runner, through: int | None = None) -> str:
    """Admit a segment run (and, with `through`, each next one up to it): one conditional UPDATE decides."""
    if segment not in SEGMENT_NAMES:
        raise not_found(f"Segment {segment}")
    if not 0 < task_id <= MAX_ID:
        raise not_found(f"Task {task_id}")
    if through is not None and not segment <= through <= max(SEGMENT_NAMES):
        raise ApiError(400, f"through: must be a segment id from {segment} to {max(SEGMENT_NAMES)}.")
    _check_room(user_id, runner)
    admission = state.admit(user_id, task_id, segment, redo=redo, through=through)
    if admission is None:
        raise _refusal(user_id, task_id, segment)
    job_id = admission.job_id
    # counted after the claim, in its transaction: a burst from one account cannot all slip in
    limit = int(current_app.config["USER_QUEUE_LIMIT"])
    if limit and state.count_active(user_id, for_admission=True) > limit:
        db.session.rollback()
        raise ApiError(429, f"You already have {limit} segments running or queued, the most one account may "
                            "have at once; wait for one to finish.", {"Retry-After": str(runner.retry_after)})
    # only the request that won the UPDATE takes a slot, so a burst of refused requests never
    # fills the pool; when it is full, rolling back leaves the state unchanged
    if not runner.reserve():
        db.session.rollback()
        raise _busy(runner)
    try:
        db.session.commit()
    except BaseException:
        runner.release()
        raise
    try:
        runner.submit(task_id, segment, job_id)
    except RunnerUnavailable as exc:
        # never leave a task running that no runner has: put it back as it was
        state.release(task_id, job_id, admission.previous)
        db.session.commit()
        runner.release()
        raise ApiError(503, str(exc), {"Retry-After": str(runner.retry_after)}) from None
    return job_id


def _check_room(user_id: int, runner) -> None:
    """Refuse before claiming anything: not running segments, or no disk to write them on."""
    config = current_app.config
    if not runner.accepting:
        raise ApiError(503, "The server is not running segments right now (it is shutting down or "
                            "RUNNER=off); try again shortly.", {"Retry-After": str(runner.retry_after)})
    disk = check_disk(config["BASE_DIR"], int(config["MIN_FREE_DISK_MB"]))
    if not disk["ok"]:
        raise ApiError(503, f"The server is low on disk space ({disk['detail']}); new segments are refused "
                            "until space is freed.", {"Retry-After": "60"})


def _busy(runner) -> ApiError:
    return ApiError(503, "The server is busy: too many segments are queued. Try again shortly.",
                    {"Retry-After": str(runner.retry_after)})


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


def cancel_segment(user_id: int, task_id: int, runner) -> None:
    """Stop the task's running segment (and its chain); it ends failed "stopped" and can run again."""
    owned_task(user_id, task_id)
    stopped = state.cancel(user_id, task_id)
    if stopped is None:
        raise ApiError(409, f"Task {task_id} has no segment running; nothing to stop.")
    db.session.commit()
    runner.cancel(task_id)
    story_dir(task_id).remove_outputs(stopped[1])


def delete_task(user_id: int, task_id: int, runner) -> None:
    """Mark deleted (a running job sees it and stops), then remove the files."""
    owned_task(user_id, task_id)
    if not state.delete(user_id, task_id):
        raise not_found(f"Task {task_id}")
    runner.cancel(task_id)
    story_dir(task_id).remove_all()
