"""The same behaviour on every runner: `sync` (inside the request), `thread` (this process's pool) and
`celery` (a real Celery worker process on a real Redis, sharing the test's database and BASE_DIR).

Each test runs once per runner and database. A Celery worker and its Redis are started once for the
module per database (tests/cluster_process.py), on a SQLite file or a PostgreSQL database of their own
that the test's app uses too; before each test the shared database rows, files and segment doubles are
cleared, and after it the test waits until the worker has nothing left running.
"""
from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import NullPool, create_engine, inspect, select, text

from storyagent.extensions import db
from storyagent.models import SegmentRun
from storyagent.runners import job as job_module
from storyagent.storage import StoryDir
from tests.databases import database_url
from tests.cluster_process import CLUSTER, LIMIT, RedisServer, WorkerProcess, services_or_skip
from conftest import ApiUser
from tests.segment_doubles import SegmentDoubles
from tests.server_process import REPO_ROOT, VENV_BIN

RUNNERS = ["sync", "thread", "celery"]
CELERY_PROCESSES = 2  # the module's worker runs two segments at once


class DoublesWorker(WorkerProcess):
    """`make worker` whose segments are steered through a SegmentDoubles folder."""

    def __init__(self, root: Path, settings: dict, doubles: Path):
        super().__init__(root, settings, command=lambda _port: [
            str(VENV_BIN / "celery"), "-A", "tests.celery_double_worker", "worker", "--pool", "prefork",
            "--loglevel", "INFO", "--without-gossip", "--without-mingle", "-n", f"doubles{os.getpid()}@%h"])
        self.doubles = doubles

    def environment(self, overrides: dict) -> dict:
        env = super().environment(overrides)
        env["SEGMENT_DOUBLES"] = str(self.doubles)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        return env


class CeleryBox:
    """One Redis and one worker for the module; the settings each test's app shares with them."""

    def __init__(self, root: Path, database_url: str | None = None):
        self.root = root
        self.redis = RedisServer(root / "redis").start()
        url = database_url or f"sqlite:///{root / 'storyagent.db'}"
        self.shared = {"RUNNER": "celery", "CELERY_BROKER_URL": self.redis.url, "BASE_DIR": str(root / "base"),
                       "SQLALCHEMY_DATABASE_URI": url}
        self.doubles = SegmentDoubles(root / "doubles", real=None)  # the worker's own copy holds the real ones
        self.engine = create_engine(url, poolclass=NullPool)
        self.worker: DoublesWorker | None = None

    def start_worker(self) -> None:
        """Start the worker once the schema exists (the first app made it)."""
        if self.worker is None:
            self.worker = DoublesWorker(self.root / "worker", {**CLUSTER, **self.shared,
                                                                "WORKER_CONCURRENCY": str(CELERY_PROCESSES)},
                                        self.doubles.folder)
            self.worker.start()

    def reset(self) -> None:
        """Forget the previous test: its rows, its files and its doubles."""
        self.doubles.reset()
        shutil.rmtree(self.shared["BASE_DIR"], ignore_errors=True)
        if inspect(self.engine).has_table("task"):  # the first app makes the schema
            with self.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())

    def settle(self) -> None:
        """Release held doubles and wait until the worker runs nothing of this test any more."""
        self.doubles.release()
        deadline = time.monotonic() + LIMIT
        with self.engine.connect() as connection:
            while connection.execute(text("SELECT count(*) FROM task WHERE status = 'running'")).scalar():
                assert time.monotonic() < deadline, self.worker.log_tail() if self.worker else "no worker"
                time.sleep(0.05)
                connection.rollback()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.kill()
        self.redis.stop()
        self.engine.dispose()


@pytest.fixture(scope="module")
def celery_box(tmp_path_factory):
    services_or_skip(postgresql=False)
    box = CeleryBox(tmp_path_factory.mktemp("celery-runner"))
    yield box
    box.close()


@pytest.fixture(scope="module")
def celery_box_postgresql(tmp_path_factory, postgres_databases):
    services_or_skip()
    name = postgres_databases.fresh()
    box = CeleryBox(tmp_path_factory.mktemp("celery-runner-pg"), database_url(postgres_databases.server, name))
    yield box
    box.close()
    postgres_databases.drop(name)


def box_of(request) -> CeleryBox:
    """The module's Celery worker and Redis on the database this test runs on."""
    on = request.node.callspec.params.get("database", "sqlite")
    return request.getfixturevalue("celery_box" if on == "sqlite" else "celery_box_postgresql")


@pytest.fixture(params=RUNNERS)
def app_config(app_config, request):
    """conftest's settings with each runner in turn (celery: the module's Redis, database and BASE_DIR)."""
    config = {**app_config, "RUNNER": request.param}
    if request.param != "celery":
        yield config
        return
    box = box_of(request)
    box.reset()
    yield {**config, **box.shared}
    box.settle()


@pytest.fixture
def runner(app_config) -> str:
    return app_config["RUNNER"]


@pytest.fixture
def worker_ready(app, app_config, request):
    """The celery worker runs once the app made the schema; other runners need nothing."""
    if app_config["RUNNER"] == "celery":
        box_of(request).start_worker()


@pytest.fixture
def doubles(app_config, tmp_path, monkeypatch, request, worker_ready) -> SegmentDoubles:
    """Segment doubles where the runner runs segments: this process, or the module's worker."""
    if app_config["RUNNER"] == "celery":
        return box_of(request).doubles
    made = SegmentDoubles(tmp_path / "doubles", job_module.segment_function)
    monkeypatch.setattr(job_module, "segment_function", made.function)
    return made


@pytest.fixture
def calls(app):
    """Execute calls in the background: with RUNNER=sync an execute answers only when its segment ends."""
    with ThreadPoolExecutor(8) as pool:
        def start(user: ApiUser, url: str):
            return pool.submit(lambda: app.test_client().post(url, headers=user.headers))
        yield start


def wait_running(user: ApiUser, task_id: int) -> dict:
    """Wait until the task's segment is admitted (running or queued)."""
    deadline = time.monotonic() + LIMIT
    while (state := user.progress(task_id))["status"] != "running":
        assert time.monotonic() < deadline, state
        time.sleep(0.02)
    return state


def segment_runs(app, task_id: int) -> list[tuple]:
    with app.app_context():
        try:
            return db.session.execute(select(SegmentRun.segment, SegmentRun.outcome, SegmentRun.error)
                                      .where(SegmentRun.task_id == task_id).order_by(SegmentRun.id)).all()
        finally:
            db.session.remove()


def wait_for_runs(app, task_id: int, predicate) -> list[tuple]:
    """The task's recorded runs once `predicate(runs)` holds (a run ends a moment after its task row)."""
    deadline = time.monotonic() + LIMIT
    while not predicate(runs := segment_runs(app, task_id)):
        assert time.monotonic() < deadline, runs
        time.sleep(0.05)
    return runs


# -- the tests: each one on sync, thread and celery -------------------------------------------

def test_execute_through_runs_every_segment_and_the_video_downloads(alice, app, runner, request, worker_ready):
    task = alice.new_task(topic="a brave little boat")
    response = alice.post(f"/api/task/{task}/execute/1?through=5")
    assert response.status_code == 202, response.json
    job_id = response.json["celery_task_id"]
    state = alice.wait(task)
    assert (state["status"], state["current_segment"], state["through"], state["error"]) == ("completed", 5, None,
                                                                                              None)
    assert [(segment, outcome) for segment, outcome, _ in segment_runs(app, task)] == [
        (segment, "completed") for segment in range(1, 6)]
    [video_url] = [url for url in alice.urls(task, 5) if url.endswith("output.mp4")]
    response, body = alice.download(video_url)
    assert response.status_code == 200 and body[4:8] == b"ftyp" and len(body) > 1000
    if runner == "celery":  # the worker process ran it, the job id being the Celery task id
        worker = box_of(request).worker
        assert f"run_segment[{job_id}] received" in worker.log()
        assert f"segment run task={task} segment=5(Video)" in worker.log()


def test_progress_shows_the_running_segment_and_the_chain_target(alice, doubles, calls):
    doubles.hold()
    task = alice.new_task()
    answer = calls(alice, f"/api/task/{task}/execute/1?through=3")
    doubles.wait_started(task, 1)
    state = alice.progress(task)
    assert (state["status"], state["running_segment"], state["through"]) == ("running", 1, 3), state
    deadline = time.monotonic() + LIMIT
    while (state := alice.progress(task))["message"] != "held by the test":  # the double's own report
        assert time.monotonic() < deadline, state
        time.sleep(0.02)
    assert state["progress"] == pytest.approx(0.5, abs=0.01)
    doubles.release()
    state = alice.wait(task)
    assert (state["status"], state["current_segment"]) == ("completed", 3), state
    assert answer.result().status_code == 202
    assert doubles.ran() == [(task, 1), (task, 2), (task, 3)]


def test_cancel_stops_the_running_segment_and_it_can_run_again(alice, bob, app, doubles, calls):
    doubles.hold()
    task = alice.new_task()
    answer = calls(alice, f"/api/task/{task}/execute/1?through=5")
    doubles.wait_started(task, 1)
    assert bob.post(f"/api/task/{task}/cancel").status_code == 404  # not bob's task
    response = alice.post(f"/api/task/{task}/cancel")
    assert response.status_code == 200 and response.json == {"cancelled": True}
    state = alice.progress(task)
    assert (state["status"], state["current_segment"], state["through"]) == ("failed", 0, None)
    assert "stopped" in state["error"] and "run it again" in state["error"]
    # the job noticed and ended "cancelled"; nothing ran on
    assert wait_for_runs(app, task, lambda runs: runs and runs[-1][1] != "running") == [(1, "cancelled", None)]
    assert answer.result().status_code == 202
    assert alice.post(f"/api/task/{task}/cancel").status_code == 409  # nothing runs now
    assert doubles.ran() == [(task, 1)]
    doubles.release()
    assert calls(alice, f"/api/task/{task}/execute/1").result().status_code == 202
    assert alice.wait(task)["status"] == "completed"


def test_delete_stops_the_running_segment_and_removes_its_files(alice, app, doubles, calls):
    task = alice.new_task()
    alice.run(task, 1)  # a real story on disk
    folder = StoryDir(app.config["BASE_DIR"], task)
    assert folder.story_json.exists()
    doubles.hold()
    answer = calls(alice, f"/api/task/{task}/execute/2?through=5")
    doubles.wait_started(task, 2)
    assert alice.delete(f"/api/task/{task}").status_code == 200
    assert wait_for_runs(app, task, lambda runs: runs[-1][1] not in ("running", "queued"))[-1] == (2, "cancelled",
                                                                                                    None)
    assert answer.result().status_code == 202
    assert not folder.root.exists(), sorted(folder.root.rglob("*"))
    assert alice.progress(task)["status"] == "deleted"
    assert doubles.ran() == [(task, 2)]


def test_a_failed_segment_stops_the_chain_with_its_reason_and_can_run_again(alice, app, doubles):
    doubles.fail(3, "the test broke it")
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1?through=5").status_code == 202
    state = alice.wait(task)
    assert (state["status"], state["current_segment"], state["through"]) == ("failed", 2, None), state
    assert state["error"] == "Split failed: the test broke it"
    assert segment_runs(app, task) == [(1, "completed", None), (2, "completed", None),
                                       (3, "failed", "Split failed: the test broke it")]
    assert alice.urls(task, 3) == []
    doubles.reset()
    state = alice.run(task, 3)
    assert (state["status"], state["current_segment"], state["error"]) == ("completed", 3, None)
    assert alice.urls(task, 3)


def test_redo_runs_a_completed_segment_again_and_resets_the_later_ones(alice, app, worker_ready):
    task = alice.new_task()
    alice.run(task, 1)
    alice.run(task, 2)
    pictures = StoryDir(app.config["BASE_DIR"], task).image_dir
    assert alice.urls(task, 2) and list(pictures.glob("*.png"))
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 409  # completed: redo needed
    state = alice.run(task, 1, redo=True)
    assert (state["status"], state["current_segment"], state["error"]) == ("completed", 1, None)
    assert alice.urls(task, 2) == [] and not list(pictures.glob("*.png"))
    assert [(segment, outcome) for segment, outcome, _ in segment_runs(app, task)] == [
        (1, "completed"), (2, "completed"), (1, "completed")]


def test_one_account_cannot_fill_the_queue(alice, bob, app, doubles, calls):
    assert app.config["USER_QUEUE_LIMIT"] == 2
    doubles.hold()
    tasks = [alice.new_task() for _ in range(3)]
    answers = [calls(alice, f"/api/task/{task}/execute/1") for task in tasks[:2]]
    for task in tasks[:2]:
        wait_running(alice, task)
    refused = alice.post(f"/api/task/{tasks[2]}/execute/1")
    assert refused.status_code == 429 and "2 segments running or queued" in refused.json["detail"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert alice.progress(tasks[2])["status"] == "pending"  # state unchanged
    bobs = bob.new_task()
    answers.append(calls(bob, f"/api/task/{bobs}/execute/1"))  # others still get in
    wait_running(bob, bobs)
    doubles.release()
    assert [answer.result().status_code for answer in answers] == [202, 202, 202]
    assert [alice.wait(task)["status"] for task in tasks] == ["completed", "completed", "pending"]


@pytest.mark.parametrize("app_config", ["thread", "celery"], indirect=True)
def test_a_full_queue_is_503_with_retry_after_and_state_unchanged(app_config, make_app, doubles):
    """Room is what runs plus QUEUE_LIMIT waiting (sync has no queue: each execute runs its own segment)."""
    app = make_app({**app_config, "WORKERS": 1, "QUEUE_LIMIT": 1, "USER_QUEUE_LIMIT": 0})
    running_at_once = CELERY_PROCESSES if app_config["RUNNER"] == "celery" else 1
    zoe = ApiUser(app.test_client(), "zoe")
    doubles.hold()
    tasks = [zoe.new_task() for _ in range(running_at_once + 2)]
    admitted = tasks[:running_at_once + 1]
    for number, task in enumerate(admitted):
        assert zoe.post(f"/api/task/{task}/execute/1").status_code == 202
        if number < running_at_once:
            doubles.wait_started(task)  # the rest waits for a free worker
    refused = zoe.post(f"/api/task/{tasks[-1]}/execute/1")
    assert refused.status_code == 503 and "busy" in refused.json["detail"], refused.json
    assert int(refused.headers["Retry-After"]) >= 1
    assert zoe.progress(tasks[-1])["status"] == "pending"
    doubles.release()
    assert [zoe.wait(task)["status"] for task in admitted] == ["completed"] * len(admitted)
    assert zoe.run(tasks[-1], 1)["status"] == "completed"
