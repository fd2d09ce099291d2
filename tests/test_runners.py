"""The runner interface (thread, sync, off), server-side chains, stopping a segment, and fair admission."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from storyagent import create_app
from storyagent.domain import SegmentError
from storyagent.extensions import db
from storyagent.models import SegmentRun, Task
from storyagent.runners import job as job_module
from storyagent.storage import StoryDir


class HeldSegment:
    """A segment double that works (reporting progress) until released; records what ran."""

    def __init__(self):
        self.release = threading.Event()
        self.started = threading.Event()
        self.ran: list[int] = []

    def __call__(self, ctx):
        self.ran.append(ctx.story_dir.task_id)
        self.started.set()
        while not self.release.wait(0.02):
            ctx.progress(0.5, "held by the test")
        return []


@pytest.fixture
def held(monkeypatch):
    segment = HeldSegment()
    monkeypatch.setattr(job_module, "segment_function", lambda number: segment)
    return segment


def background_threads() -> set[str]:
    return {t.name for t in threading.enumerate() if t.name.startswith(("segment", "heartbeat", "APScheduler"))}


# -- which runner, and what it starts -------------------------------------------------------

@pytest.mark.parametrize("runner", ["sync", "off", "thread"])
def test_building_the_app_starts_no_thread(app_config, monkeypatch, tmp_path, runner):
    """The factory starts nothing: not for CLI commands, not for tests that never run a segment."""
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    before = set(threading.enumerate())  # an earlier test's heartbeat thread may still be ending: not ours
    apps = [create_app({**app_config, "RUNNER": runner, "SCHEDULER_ENABLED": True}) for _ in range(3)]
    started = {thread.name for thread in set(threading.enumerate()) - before}
    assert not {name for name in started if name.startswith(("segment", "heartbeat", "APScheduler"))}
    assert {app.extensions["runner"].stats()["runner"] for app in apps} == {runner}
    for app in apps:
        app.extensions["stop_background_services"]()


def test_off_runner_accepts_nothing(app_config, make_app):
    app = make_app({**app_config, "RUNNER": "off"})
    client = app.test_client()
    client.post("/api/register", json={"username": "olga", "password": "correct-horse"})
    token = client.post("/api/login", json={"username": "olga", "password": "correct-horse"}).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    task = client.post("/api/task/new", json={"topic": "a quiet owl"}, headers=headers).json["task_id"]
    response = client.post(f"/api/task/{task}/execute/1", headers=headers)
    assert response.status_code == 503 and "RUNNER=off" in response.json["detail"]
    assert client.get(f"/api/task/{task}/progress", headers=headers).json["status"] == "pending"


def test_sync_runner_finishes_before_execute_answers(alice):
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 202
    state = alice.progress(task)  # no polling: the segment ran inside the request
    assert (state["status"], state["current_segment"]) == ("completed", 1)


@pytest.mark.runner("thread")
def test_thread_runner_starts_its_pool_with_the_first_job(app, alice):
    assert not any(name.startswith("segment") for name in background_threads())
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 202
    assert alice.wait(task)["status"] == "completed"
    assert any(name.startswith("segment") for name in background_threads())


# -- chains: execute?through=N ------------------------------------------------------------------

def test_through_runs_each_next_segment_on_the_server(alice, app):
    task = alice.new_task(topic="a brave little boat")
    response = alice.post(f"/api/task/{task}/execute/1?through=5")
    assert response.status_code == 202
    state = alice.progress(task)
    assert (state["status"], state["current_segment"], state["through"]) == ("completed", 5, None)
    assert alice.urls(task, 5)[0].endswith("output.mp4")
    with app.app_context():
        runs = db.session.execute(select(SegmentRun.segment, SegmentRun.outcome).order_by(SegmentRun.id)).all()
    assert runs == [(segment, "completed") for segment in range(1, 6)]


def test_a_chain_stops_at_the_first_failure(alice, monkeypatch):
    def broken(ctx):
        raise SegmentError("the test broke it")

    real = job_module.segment_function
    monkeypatch.setattr(job_module, "segment_function", lambda number: broken if number == 3 else real(number))
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1?through=5").status_code == 202
    state = alice.progress(task)
    assert (state["status"], state["current_segment"], state["through"]) == ("failed", 2, None)
    assert "the test broke it" in state["error"]


@pytest.mark.parametrize("query", ["through=0", "through=6", "through=x"])
def test_bad_through_is_400(alice, query):
    task = alice.new_task()
    response = alice.post(f"/api/task/{task}/execute/1?{query}")
    assert response.status_code == 400 and "through" in response.json["detail"]


def test_through_before_the_segment_is_400(alice):
    task = alice.new_task()
    alice.run(task, 1)
    response = alice.post(f"/api/task/{task}/execute/2?through=1")
    assert response.status_code == 400 and "through" in response.json["detail"]


@pytest.mark.runner("thread")
def test_progress_shows_the_chain_target_while_it_runs(alice, held):
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1?through=3").status_code == 202
    assert held.started.wait(30)
    state = alice.progress(task)
    assert (state["status"], state["running_segment"], state["through"]) == ("running", 1, 3)
    held.release.set()
    state = alice.wait(task)
    assert (state["status"], state["current_segment"]) == ("completed", 3)
    assert held.ran == [task, task, task]


# -- stopping ------------------------------------------------------------------------------------

@pytest.mark.runner("thread")
def test_cancel_stops_the_running_segment_and_it_can_run_again(alice, bob, app, held):
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1?through=5").status_code == 202
    assert held.started.wait(30)
    assert bob.post(f"/api/task/{task}/cancel").status_code == 404  # not bob's task
    response = alice.post(f"/api/task/{task}/cancel")
    assert response.status_code == 200 and response.json == {"cancelled": True}
    state = alice.progress(task)
    assert (state["status"], state["current_segment"], state["through"]) == ("failed", 0, None)
    assert "stopped" in state["error"] and "run it again" in state["error"]
    with app.app_context():  # the job noticed and ended "cancelled"; nothing ran on
        deadline = time.monotonic() + 60
        while db.session.scalar(select(SegmentRun.outcome)) != "cancelled" and time.monotonic() < deadline:
            db.session.remove()
            time.sleep(0.05)
        assert db.session.scalars(select(SegmentRun.outcome)).all() == ["cancelled"]
    assert alice.post(f"/api/task/{task}/cancel").status_code == 409  # nothing runs now
    held.release.set()
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 202
    assert alice.wait(task)["status"] == "completed"


def test_cancel_with_nothing_running_is_409(alice):
    task = alice.new_task()
    response = alice.post(f"/api/task/{task}/cancel")
    assert response.status_code == 409 and "nothing to stop" in response.json["detail"]


def test_a_job_whose_task_was_deleted_ends_cancelled_whatever_it_raised(alice, app, monkeypatch):
    """A delete removes the files under a running segment; the error that causes is not a failure."""
    def segment_that_loses_its_files(ctx):
        with app.app_context():
            db.session.execute(Task.__table__.update().values(status="deleted"))  # another request's delete
            db.session.commit()
        raise FileNotFoundError("No such file: image/p2.png")

    monkeypatch.setattr(job_module, "segment_function", lambda number: segment_that_loses_its_files)
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 202
    with app.app_context():
        run = db.session.scalars(select(SegmentRun)).one()
        assert (run.outcome, run.error) == ("cancelled", None)
        assert db.session.get(Task, task).status == "deleted"


# -- fair admission --------------------------------------------------------------------------------

@pytest.mark.runner("thread")
def test_one_account_cannot_fill_the_queue(alice, bob, app, held):
    assert app.config["USER_QUEUE_LIMIT"] == 2
    tasks = [alice.new_task() for _ in range(3)]
    assert [alice.post(f"/api/task/{t}/execute/1").status_code for t in tasks] == [202, 202, 429]
    refused = alice.post(f"/api/task/{tasks[2]}/execute/1")
    assert refused.status_code == 429 and "2 segments running or queued" in refused.json["detail"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert alice.progress(tasks[2])["status"] == "pending"  # state unchanged
    assert bob.post(f"/api/task/{bob.new_task()}/execute/1").status_code == 202  # others still get in
    held.release.set()


@pytest.mark.runner("thread")
def test_a_burst_from_one_account_admits_exactly_the_cap(alice, app, held):
    tasks = [alice.new_task() for _ in range(8)]
    codes: list[int] = []
    clients = []

    def execute(task_id):
        client = app.test_client()
        clients.append(client)
        codes.append(client.post(f"/api/task/{task_id}/execute/1", headers=alice.headers).status_code)

    threads = [threading.Thread(target=execute, args=(t,)) for t in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [202, 202] + [429] * 6
    held.release.set()


def test_low_disk_refuses_new_segments(alice, app):
    task = alice.new_task()
    app.config["MIN_FREE_DISK_MB"] = 10**12
    response = alice.post(f"/api/task/{task}/execute/1")
    assert response.status_code == 503 and "disk" in response.json["detail"]
    assert alice.progress(task)["status"] == "pending"


# -- a restart ---------------------------------------------------------------------------------------

def test_a_restarted_single_process_server_fails_what_was_left_running(app_config, make_app, tmp_path):
    """What a previous process was running cannot be running now: marked interrupted at once."""
    first = make_app(app_config)
    with first.app_context():
        from storyagent.tasks import state

        user_id = 1
        db.session.execute(db.text("INSERT INTO user (id, username, password_hash, created_at) "
                                   "VALUES (1, 'zoe', 'x', CURRENT_TIMESTAMP)"))
        task = state.create(user_id, topic="a lighthouse", main_role="", scene="", language="en", seed=1)
        assert state.admit(user_id, task.id, 1, redo=False)
        db.session.commit()
        folder = StoryDir(first.config["BASE_DIR"], task.id)
        folder.write_json(folder.story_json, {"partial": True})
        task_id = task.id
    second = make_app({**app_config, "RUNNER": "thread"})
    second.test_client().get("/api/health")  # any first request starts housekeeping
    with second.app_context():
        row = db.session.get(Task, task_id)
        assert (row.status, row.running_segment) == ("failed", None)
        assert "interrupted" in row.error and "run it again" in row.error
    assert not folder.story_json.exists()
