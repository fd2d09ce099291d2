"""The runner interface (thread, sync, off): what each starts, chain arguments, fair admission, a restart.

The behaviour every runner shares (sync, thread and celery) is tested in test_runner_behaviour.py."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from storyagent import create_app
from storyagent.extensions import db
from storyagent.models import SegmentRun, Task
from storyagent.runners import job as job_module
from storyagent.storage import StoryDir
from tests.segment_doubles import SegmentDoubles


@pytest.fixture
def held(tmp_path, monkeypatch) -> SegmentDoubles:
    """Every segment reports progress until the test releases it."""
    doubles = SegmentDoubles(tmp_path / "doubles", job_module.segment_function)
    monkeypatch.setattr(job_module, "segment_function", doubles.function)
    doubles.hold()
    return doubles


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


# -- stopping ------------------------------------------------------------------------------------

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
    held.release()


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


# -- the jobs one process lists ---------------------------------------------------------------------

def test_a_chain_unlists_only_its_own_jobs(app, monkeypatch):
    """A new run of the same task, admitted the moment a chain ended, keeps its listing (its heartbeat
    and its cancel) when the old chain's thread unlists what it ran."""
    from storyagent.runners import local_jobs

    jobs = local_jobs.LocalJobs()
    first, handed_to, next_run = (jobs.new(app, 7, segment, job_id) for segment, job_id in
                                  ((1, "first"), (2, "chain-next"), (1, "next-run")))
    jobs.add(first)

    def chain(app_, job, on_next):
        on_next(handed_to)
        assert [job.job_id for job in jobs.snapshot()] == ["chain-next"]  # listed in place of the first
        jobs.add(next_run)  # the chain's last segment ended; an execute admits the task again

    monkeypatch.setattr(local_jobs, "run_chain", chain)
    jobs.run_listed(app, first)
    assert [job.job_id for job in jobs.snapshot()] == ["next-run"]
    jobs.cancel(7)
    assert next_run.cancelled.is_set() and not first.cancelled.is_set()
