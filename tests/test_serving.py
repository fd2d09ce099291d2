"""Production serving: `make serve` (gunicorn, one worker), request ids, graceful shutdown on SIGTERM."""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from server_process import ApiClient, ServerProcess
from storyagent.runners import job as runner_module
from storyagent.extensions import db
from storyagent.models import SegmentRun
from storyagent.storage import StoryDir

INTERRUPTED = "interrupted by a server shutdown"


def make_serve(port: int) -> list[str]:
    return ["make", "--no-print-directory", "serve", f"PORT={port}", "THREADS=4"]


class GunicornProcess(ServerProcess):
    """gunicorn's master listens before its worker has loaded the app, so early requests wait, not fail."""

    def __init__(self, root, settings=None):
        super().__init__(root, settings, command=make_serve)


def worker_pids(master: int) -> list[int]:
    result = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def gunicorn_master(server: ServerProcess) -> int:
    """The process started is `make`; its recipe execs gunicorn, so make's only child is the master."""
    (master,) = worker_pids(server.process.pid)
    return master


def terminate(server: ServerProcess, *clients: ApiClient) -> int:
    """SIGTERM to the gunicorn master alone, as `docker stop` or systemd's KillMode=mixed do; make's exit code."""
    for client in clients:
        client.session.close()  # an idle keep-alive connection would only delay the worker's exit
    os.kill(gunicorn_master(server), signal.SIGTERM)
    return server.process.wait(60)


def task_row(server: ServerProcess, task_id: int) -> dict:
    with sqlite3.connect(server.database_path) as connection:
        connection.row_factory = sqlite3.Row
        return dict(connection.execute("SELECT * FROM task WHERE id = ?", (task_id,)).fetchone())


@pytest.fixture
def served(tmp_path):
    with GunicornProcess(tmp_path / "serve", {"SHUTDOWN_GRACE": 20}) as server:
        yield server.start()


def test_make_serve_runs_gunicorn_with_one_worker_process(served):
    assert "Using worker: gthread" in served.log()
    master = gunicorn_master(served)
    assert "gunicorn" in Path(f"/proc/{master}/cmdline").read_text()
    assert len(worker_pids(master)) == 1
    assert f"Listening at: http://127.0.0.1:{served.port}" in served.log()
    assert requests.get(served.url + "/api/health", timeout=10).status_code == 200


def test_request_id_is_echoed_logged_or_generated(served):
    sent = requests.get(served.url + "/api/task/workflow", headers={"X-Request-ID": "client-42.a_b"}, timeout=10)
    assert sent.headers["X-Request-ID"] == "client-42.a_b"
    for insane in ("two words", "x" * 65, "semi;colon"):
        response = requests.get(served.url + "/api/task/workflow", headers={"X-Request-ID": insane}, timeout=10)
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    generated = requests.get(served.url + "/api/nowhere", timeout=10)
    assert generated.status_code == 404 and re.fullmatch(r"[0-9a-f]{32}", generated.headers["X-Request-ID"])
    log = served.wait_for_log(f"rid={generated.headers['X-Request-ID']}")
    assert "GET /api/task/workflow 200" in log and "rid=client-42.a_b" in log


def test_sigterm_lets_a_running_segment_finish_within_the_grace(served):
    client = ApiClient(served, "owl").signup()
    task = client.new_task()
    accepted = client.execute(task, 1)
    assert accepted.status_code == 202
    request_id = accepted.headers["X-Request-ID"]
    assert terminate(served, client) == 0
    row = task_row(served, task)
    assert (row["status"], row["current_segment"]) == ("completed", 1), row
    assert StoryDir(served.base_dir, task).story_json.exists()
    # the runner's per-segment line names the execute request that queued it
    assert re.search(rf"segment run task={task} segment=1\(Story\).*outcome=completed rid={request_id}", served.log())


def test_sigterm_marks_segments_still_running_after_the_grace_interrupted(tmp_path):
    # a Video segment of several seconds (a minute of video), and a grace far shorter than that
    slow = {"SHUTDOWN_GRACE": 0.5, "VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180, "VIDEO_FPS": 12, "WORKERS": 1}
    with GunicornProcess(tmp_path / "slow", slow) as server:
        server.start()
        client = ApiClient(server, "whale").signup()
        task = client.new_task(topic="a little lighthouse keeper who is afraid of the dark learns to guide ships "
                                     "home through a long stormy winter with the help of a kind old whale")
        queued = client.new_task()
        for segment in (1, 2, 3, 4):
            client.run(task, segment)
        assert client.execute(task, 5).status_code == 202
        assert client.execute(queued, 1).status_code == 202  # waits behind it: one worker
        client.wait_until(task, lambda s: s["progress"] > 0, "rendering")
        assert terminate(server, client) == 0
        for task_id, segment in ((task, 5), (queued, 1)):
            row = task_row(server, task_id)
            assert row["status"] == "failed" and INTERRUPTED in row["error"], row
            assert row["current_segment"] == segment - 1 and row["running_segment"] is None
        folder = StoryDir(server.base_dir, task)
        assert not folder.video_path.exists() and not list(folder.root.glob(".*.tmp*"))
        assert folder.story_json.exists()  # earlier segments keep their files
        assert f"task {task} segment 5(Video) interrupted by shutdown" in server.log()
        # the next start finds nothing stuck: the task can simply run segment 5 again
        server.start()
        client.login()
        assert client.run(task, 5)["current_segment"] == 5


# -- the runner's graceful shutdown, in process --------------------------------

class HeldSegment:
    """A segment double that writes a partial output, then works until released or cancelled."""

    def __init__(self):
        self.release = threading.Event()
        self.started = threading.Event()

    def __call__(self, ctx):
        self.niceness = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        ctx.story_dir.write_json(ctx.story_dir.story_json, {"partial": True})
        self.started.set()
        while not self.release.wait(0.02):
            ctx.progress(0.5, "working")
        return [ctx.story_dir.story_json]


@pytest.fixture
def held(monkeypatch):
    segment = HeldSegment()
    monkeypatch.setattr(runner_module, "segment_function", lambda number: segment)
    return segment


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RUNNER": "thread", "WORKERS": 1, "QUEUE_LIMIT": 4}


def test_shutdown_waits_for_a_segment_that_ends_within_the_grace(app, alice, held):
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 202
    assert held.started.wait(30)
    threading.Timer(0.3, held.release.set).start()
    app.extensions["runner"].shutdown(grace=30)
    state = alice.progress(task)
    assert (state["status"], state["current_segment"]) == ("completed", 1)


def test_shutdown_interrupts_overdue_and_queued_segments(app, alice, held):
    running, queued = alice.new_task(), alice.new_task()
    assert alice.post(f"/api/task/{running}/execute/1").status_code == 202
    assert alice.post(f"/api/task/{queued}/execute/1").status_code == 202
    assert held.started.wait(30)
    runner = app.extensions["runner"]
    runner.shutdown(grace=0.2)
    assert not runner.accepting and runner.stats()["busy"] == runner.stats()["queued"] == 0
    for task in (running, queued):
        state = alice.progress(task)
        assert state["status"] == "failed" and INTERRUPTED in state["error"], state
        assert state["current_segment"] == 0 and state["running_segment"] is None
    assert not StoryDir(app.config["BASE_DIR"], running).story_json.exists()  # partial output removed
    with app.app_context():
        outcomes = set(db.session.scalars(select(SegmentRun.outcome)))
    assert outcomes == {"interrupted"}
    # no new work once shut down: 503 with Retry-After
    response = alice.post(f"/api/task/{queued}/execute/1")
    assert response.status_code == 503 and "Retry-After" in response.headers


def test_segments_run_at_a_lower_cpu_priority_than_requests(app, alice, held):
    """So /progress stays fast while videos render on every core (ffmpeg inherits the niceness)."""
    task = alice.new_task()
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 202
    assert held.started.wait(30)
    held.release.set()
    assert alice.wait(task)["status"] == "completed"
    assert app.config["SEGMENT_NICE"] == 10
    assert held.niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
