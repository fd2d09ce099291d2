"""Every change of a task's state, in one place.

A task is claimed by one job at a time (``Task.job_id``). Each transition below is one
conditional UPDATE keyed on the task, its job and its status, so two API processes, a
runner and a sweep can race freely: exactly one wins, and the losers find out from the
row count. Callers commit (the service decides the order of admission and commit).

Nothing here knows how jobs run (thread pool, inline, another machine); runners call in.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete as sql_delete
from sqlalchemy import case, func, literal, select, update

from ..domain import StoryBrief, segment_name
from ..extensions import db
from ..models import SegmentRun, Task

# how a job ended, as recorded on its SegmentRun row
COMPLETED, FAILED, CANCELLED, INTERRUPTED = "completed", "failed", "cancelled", "interrupted"


@dataclass(frozen=True)
class JobTicket:
    """What a job needs to run, read from its task row when it starts."""

    task_id: int
    segment: int
    job_id: str
    brief: StoryBrief
    through: int | None
    options: dict = field(default_factory=dict)  # the story's options (story_options.setting_overrides)


def _task_row(task_id: int, job_id: str):
    """An UPDATE of the task that lands only while this job owns it and it is running."""
    return (update(Task).where(Task.id == task_id, Task.job_id == job_id, Task.status == "running")
            .execution_options(synchronize_session=False))


def _now():
    """The database's clock in epoch seconds, as SQL: heartbeats and cut-offs written and compared by
    processes on many machines all use this one clock."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return func.extract("epoch", func.clock_timestamp())
    if dialect == "sqlite":
        return (func.julianday("now") - 2440587.5) * 86400.0
    return literal(time.time())


def database_time() -> float:
    """The database's clock now, in epoch seconds."""
    return float(db.session.scalar(select(_now())))


def _record_run(job_id: str, **values) -> None:
    db.session.execute(update(SegmentRun).where(SegmentRun.job_id == job_id).values(**values)
                       .execution_options(synchronize_session=False))


# -- creation ----------------------------------------------------------------------
def create(user_id: int, *, topic: str, main_role: str, scene: str, language: str, seed: int,
           options: dict | None = None) -> Task:
    """Insert a new pending task and commit it."""
    task = Task(user_id=user_id, topic=topic, main_role=main_role, scene=scene, language=language, seed=seed,
                options=dict(options or {}))
    db.session.add(task)
    db.session.commit()
    return task


# -- admission -----------------------------------------------------------------------
@dataclass(frozen=True)
class Admission:
    """A claimed task: the new job, and what the row showed before (to put it back if no runner takes it)."""

    job_id: str
    previous: dict


# the columns admission overwrites and `release` restores
_ADMISSION_COLUMNS = ("status", "current_segment", "progress", "message", "error", "heartbeat_at")


def admit(user_id: int, task_id: int, segment: int, *, redo: bool, through: int | None = None) -> Admission | None:
    """Claim the task for a new run of `segment`; return the admission, or None when the rules refuse.

    The next segment may always run; with `redo`, a completed one too (later ones are reset
    by the runner before it starts). The UPDATE also requires the columns read just before
    to be unchanged, so `previous` is exactly what it replaced. Not committed: the caller
    commits once the runner has room.
    """
    columns = [getattr(Task, name) for name in _ADMISSION_COLUMNS]
    before = db.session.execute(select(*columns).where(Task.id == task_id, Task.user_id == user_id)).first()
    if before is None:
        return None
    previous = dict(zip(_ADMISSION_COLUMNS, before))
    job_id = uuid.uuid4().hex
    allowed = Task.current_segment == segment - 1
    if redo:
        allowed = allowed | (Task.current_segment >= segment)
    result = db.session.execute(
        update(Task)
        .where(Task.id == task_id, Task.user_id == user_id, Task.status.notin_(("running", "deleted")), allowed,
               Task.status == previous["status"], Task.current_segment == previous["current_segment"])
        .values(status="running", running_segment=segment, current_segment=segment - 1, job_id=job_id,
                chain_through=through if through and through > segment else None,
                progress=0.0, message="Queued", error=None, heartbeat_at=_now())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return None
    db.session.add(SegmentRun(task_id=task_id, segment=segment, job_id=job_id, queued_at=_now()))
    return Admission(job_id, previous)


def admit_next_in_chain(task_id: int, job_id: str, segment: int) -> str | None:
    """After `segment` completed under `job_id`, hand the task to a new job for the next segment.

    Lands only while the finished job still owns the task (a delete or cancel in between wins).
    Not committed.
    """
    next_job = uuid.uuid4().hex
    result = db.session.execute(
        update(Task).where(Task.id == task_id, Task.job_id == job_id, Task.status == "running",
                           Task.chain_through > segment)
        .values(running_segment=segment + 1, current_segment=segment, job_id=next_job, progress=0.0,
                message="Queued", error=None, heartbeat_at=_now(),
                chain_through=_chain_target_after(segment + 1))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    db.session.add(SegmentRun(task_id=task_id, segment=segment + 1, job_id=next_job, queued_at=_now()))
    return next_job


def _chain_target_after(segment: int):
    """The chain target once `segment` runs: kept while beyond it, cleared when reached."""
    return case((Task.chain_through > segment, Task.chain_through), else_=None)


def release(task_id: int, job_id: str, previous: dict) -> bool:
    """Put a just-admitted task back exactly as it was (no runner could take the job). Not committed."""
    result = db.session.execute(_task_row(task_id, job_id).values(
        running_segment=None, job_id=None, chain_through=None,
        **{name: previous[name] for name in _ADMISSION_COLUMNS}))
    db.session.execute(sql_delete(SegmentRun).where(SegmentRun.job_id == job_id))
    return result.rowcount == 1


def enqueue(task_id: int, job_id: str) -> bool:
    """The job waits in a queue that no heartbeat reaches (a broker): clear its heartbeat.

    A running task without a heartbeat is queued, not stale: the stale sweep skips it and
    `sweep_queue_timeout` fails it if no worker starts it in time. Not committed.
    """
    result = db.session.execute(_task_row(task_id, job_id).values(heartbeat_at=None,
                                                                  message="Queued, waiting for a worker"))
    return result.rowcount == 1


# the first key of the PostgreSQL advisory locks that order one account's admissions (the second: its id)
_ACCOUNT_LOCK = 0x5701A6D


def count_active(user_id: int | None = None, *, for_admission: bool = False) -> int:
    """Running and queued segments (of one user, or of everyone).

    `for_admission`: called inside an admission of `user_id`'s, which it serializes with the
    account's other admissions until commit. PostgreSQL's transactions do not see each other's
    uncommitted claims, so a burst would otherwise each count only itself (SQLite's writes queue already).
    """
    if for_admission and user_id is not None and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(_ACCOUNT_LOCK, user_id)))
    query = select(func.count()).select_from(Task).where(Task.status == "running")
    if user_id is not None:
        query = query.where(Task.user_id == user_id)
    return db.session.scalar(query) or 0


# any constant: the key of the PostgreSQL advisory lock that orders admissions counted across processes
_ADMISSION_LOCK = 0x5701A6E


def count_waiting(*, for_admission: bool = False) -> int:
    """Admitted jobs that no runner has started yet, across every process (the current transaction's too).

    `for_admission`: called inside an admission, which it serializes until commit, so concurrent
    admissions on other processes cannot each count the others out (SQLite's writes already are).
    """
    if for_admission and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(_ADMISSION_LOCK)))
    query = (select(func.count()).select_from(Task).join(SegmentRun, SegmentRun.job_id == Task.job_id)
             .where(Task.status == "running", SegmentRun.started_at.is_(None)))
    return db.session.scalar(query) or 0


# -- a job's life --------------------------------------------------------------------------
def start(task_id: int, job_id: str) -> JobTicket | None:
    """Mark the job started and return what it needs, or None if it no longer owns its task."""
    task = db.session.get(Task, task_id)
    if task is None or task.job_id != job_id or task.status != "running":
        # a run that never started ends cancelled; one that already ended keeps its outcome
        db.session.execute(update(SegmentRun).where(SegmentRun.job_id == job_id, SegmentRun.outcome == "queued")
                           .values(outcome=CANCELLED, finished_at=time.time())
                           .execution_options(synchronize_session=False))
        db.session.commit()
        return None
    # the run starts once: a second delivery of the same job (a broker redelivering) finds it started
    claimed = db.session.execute(update(SegmentRun).where(SegmentRun.job_id == job_id, SegmentRun.started_at.is_(None))
                                 .values(outcome="running", started_at=time.time())
                                 .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    name = segment_name(task.running_segment)
    db.session.execute(_task_row(task_id, job_id).values(message=f"{name} started", heartbeat_at=_now()))
    db.session.commit()
    brief = StoryBrief(topic=task.topic, main_role=task.main_role, scene=task.scene,
                       language=task.language, seed=task.seed)
    return JobTicket(task_id=task.id, segment=task.running_segment, job_id=job_id, brief=brief,
                     through=task.chain_through, options=task.story_options)


def record_progress(task_id: int, job_id: str, fraction: float, message: str) -> bool:
    """Record progress and a heartbeat; False once the job no longer owns its task."""
    result = db.session.execute(_task_row(task_id, job_id).values(progress=fraction, message=message,
                                                                  heartbeat_at=_now()))
    db.session.commit()
    return result.rowcount == 1


def beat(job_ids: list[str]) -> None:
    """Refresh the heartbeat of running jobs (queued ones too: they are alive in their runner)."""
    if job_ids:
        db.session.execute(update(Task).where(Task.job_id.in_(job_ids), Task.status == "running")
                           .values(heartbeat_at=_now()).execution_options(synchronize_session=False))
        db.session.commit()


def complete(task_id: int, job_id: str, segment: int) -> bool:
    """Mark the segment completed; False if the job lost its task meanwhile (deleted, cancelled)."""
    result = db.session.execute(_task_row(task_id, job_id).values(
        status="completed", current_segment=segment, running_segment=None, chain_through=None, progress=1.0,
        message=f"{segment_name(segment)} completed", error=None))
    return result.rowcount == 1


def fail(task_id: int, job_id: str, segment: int, error: str, *, message: str | None = None) -> bool:
    """Mark the run failed with a reason a person can act on; False if the job lost its task."""
    return _end_failed(_task_row(task_id, job_id), segment, error, message or f"{segment_name(segment)} failed")


def interrupt(task_id: int, job_id: str, segment: int) -> bool:
    """Mark a run failed because this server is shutting down under it."""
    name = segment_name(segment)
    return fail(task_id, job_id, segment, f"{name} was interrupted by a server shutdown; run it again.",
                message=f"{name} interrupted")


def cancel(user_id: int, task_id: int) -> tuple[str, int] | None:
    """Stop the task's running segment at the user's request: it ends failed "stopped", re-runnable.

    Returns the (job id, segment) that was stopped, or None when nothing was running.
    """
    task = db.session.get(Task, task_id)
    if task is None or task.user_id != user_id or task.status != "running":
        return None
    job_id, segment = task.job_id, task.running_segment
    name = segment_name(segment)
    landed = _end_failed(_task_row(task_id, job_id), segment, f"{name} was stopped; run it again when you like.",
                         f"{name} stopped")
    if not landed:
        db.session.rollback()
        return None
    _record_run(job_id, outcome=CANCELLED, finished_at=time.time())
    return job_id, segment


def _end_failed(row_update, segment: int, error: str, message: str) -> bool:
    result = db.session.execute(row_update.values(status="failed", running_segment=None, chain_through=None,
                                                  message=message, error=error))
    return result.rowcount == 1


def finish_run(job_id: str, outcome: str, *, error: str | None = None, started_at: float | None = None) -> None:
    """Record how one run ended, on its SegmentRun row."""
    finished = time.time()
    values = {"outcome": outcome, "error": error, "finished_at": finished}
    if started_at is not None:
        values["duration"] = finished - started_at
    _record_run(job_id, **values)


def owner_gone(task_id: int, job_id: str) -> bool:
    """True when the job no longer owns its task (deleted, cancelled, swept or handed on)."""
    owner = db.session.execute(select(Task.job_id, Task.status).where(Task.id == task_id)).first()
    return owner is None or owner.job_id != job_id or owner.status != "running"


def is_deleted(task_id: int) -> bool:
    return db.session.scalar(select(Task.status).where(Task.id == task_id)) == "deleted"


# -- housekeeping ----------------------------------------------------------------------------
def sweep_stale(stale_after: float) -> list[tuple[int, int]]:
    """Fail running tasks whose heartbeat stopped ("interrupted"); return (task id, segment) swept."""
    cutoff = database_time() - stale_after
    swept: list[tuple[int, int]] = []
    stale = db.session.execute(select(Task.id, Task.job_id, Task.running_segment)
                               .where(Task.status == "running", Task.heartbeat_at < cutoff)).all()
    for task_id, job_id, segment in stale:
        name = segment_name(segment)
        landed = _end_failed(_task_row(task_id, job_id).where(Task.heartbeat_at < cutoff), segment,
                             f"{name} was interrupted (the server stopped while it ran); run it again.",
                             f"{name} interrupted")
        if landed:
            _record_run(job_id, outcome=INTERRUPTED, finished_at=time.time())
            swept.append((task_id, segment))
        db.session.commit()
    return swept


def sweep_queue_timeout(queue_timeout: float) -> list[tuple[int, int]]:
    """Fail queued jobs (no heartbeat, never started) that waited longer than `queue_timeout` seconds."""
    cutoff = database_time() - queue_timeout
    waited = (select(SegmentRun.job_id).where(SegmentRun.job_id == Task.job_id, SegmentRun.started_at.is_(None),
                                              SegmentRun.queued_at < cutoff).exists())
    swept: list[tuple[int, int]] = []
    overdue = db.session.execute(select(Task.id, Task.job_id, Task.running_segment)
                                 .where(Task.status == "running", Task.heartbeat_at.is_(None), waited)).all()
    for task_id, job_id, segment in overdue:
        name = segment_name(segment)
        landed = _end_failed(_task_row(task_id, job_id).where(Task.heartbeat_at.is_(None)), segment,
                             f"{name} waited more than {queue_timeout:g} s for a worker and was given up "
                             "(are the workers running?); run it again.", f"{name} not started")
        if landed:
            _record_run(job_id, outcome=FAILED, error="queue timeout", finished_at=time.time())
            swept.append((task_id, segment))
        db.session.commit()
    return swept


def interrupt_all_running() -> list[tuple[int, int]]:
    """At start-up of a single-process server: whatever is marked running was the previous process's."""
    return sweep_stale(stale_after=-1.0)


def deleted_task_ids() -> list[int]:
    return list(db.session.scalars(select(Task.id).where(Task.status == "deleted")))


# -- deletion ---------------------------------------------------------------------------------
def delete(user_id: int, task_id: int) -> bool:
    """Mark the task deleted (a running job sees it at its next write and stops); commits."""
    result = db.session.execute(
        update(Task).where(Task.id == task_id, Task.user_id == user_id, Task.status != "deleted")
        .values(status="deleted", running_segment=None, chain_through=None, message="Deleted")
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1

