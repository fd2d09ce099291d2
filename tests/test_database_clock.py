"""Heartbeats and the cut-offs that judge them use the database's clock, not the clock of the process
that writes or sweeps (API processes and workers on many machines share one clock that way)."""
from __future__ import annotations

import time

from storyagent.extensions import db
from storyagent.models import SegmentRun, Task, User
from storyagent.tasks import state

SKEW = 2 * 3600.0  # this process's clock runs two hours fast


class FastClock:
    """Stands in for the `time` module in state.py: a machine whose clock is SKEW ahead."""

    @staticmethod
    def time() -> float:
        return time.time() + SKEW


def admitted(alice) -> tuple[int, str]:
    """Admit segment 1 of a new task for alice; return (task id, job id)."""
    task_id = alice.new_task()
    user_id = db.session.scalar(db.select(User.id).where(User.username == "alice"))
    admission = state.admit(user_id, task_id, 1, redo=False)
    db.session.commit()
    return task_id, admission.job_id


def test_a_fresh_heartbeat_is_not_stale_to_a_process_whose_clock_runs_fast(app, alice, monkeypatch):
    with app.app_context():
        task_id, job_id = admitted(alice)
        monkeypatch.setattr(state, "time", FastClock)
        assert state.start(task_id, job_id) is not None
        assert state.record_progress(task_id, job_id, 0.5, "half way")
        heartbeat = db.session.get(Task, task_id).heartbeat_at
        assert abs(heartbeat - time.time()) < 60  # the database's (here: the real) clock, not the skewed one
        assert abs(state.database_time() - time.time()) < 60
        assert state.sweep_stale(stale_after=600) == []  # the process's clock would call it two hours old
        assert db.session.get(Task, task_id).status == "running"


def test_a_heartbeat_older_than_the_cut_off_by_the_database_clock_is_swept(app, alice):
    with app.app_context():
        task_id, job_id = admitted(alice)
        state.start(task_id, job_id)
        db.session.execute(db.update(Task).where(Task.id == task_id)
                           .values(heartbeat_at=state.database_time() - 700))
        db.session.commit()
        assert state.sweep_stale(stale_after=600) == [(task_id, 1)]
        row = db.session.get(Task, task_id)
        assert row.status == "failed" and "interrupted" in row.error


def test_a_queued_job_waits_by_the_database_clock(app, alice, monkeypatch):
    with app.app_context():
        task_id, job_id = admitted(alice)
        assert state.enqueue(task_id, job_id)
        db.session.commit()
        queued_at = db.session.scalar(db.select(SegmentRun.queued_at).where(SegmentRun.job_id == job_id))
        assert abs(queued_at - time.time()) < 60
        monkeypatch.setattr(state, "time", FastClock)
        assert state.sweep_queue_timeout(queue_timeout=600) == []
        db.session.execute(db.update(SegmentRun).where(SegmentRun.job_id == job_id)
                           .values(queued_at=state.database_time() - 700))
        db.session.commit()
        assert state.sweep_queue_timeout(queue_timeout=600) == [(task_id, 1)]
