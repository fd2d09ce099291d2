"""GET /api/health: 200 with every check ok, 503 naming the failed check otherwise."""
from __future__ import annotations

import shutil
import threading
import time

import imageio_ffmpeg
import pytest

from storyagent.runners import job as runner_module
from storyagent.extensions import db


@pytest.mark.runner("thread")
def test_healthy_service_answers_200_without_auth(app, client):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "disk", "ffmpeg", "runner"}
    assert all(check["ok"] for check in checks.values())
    assert checks["disk"]["free_mb"] >= checks["disk"]["min_free_mb"] == app.config["MIN_FREE_DISK_MB"]
    assert checks["ffmpeg"]["binary"].startswith("ffmpeg")
    assert checks["runner"] == {"ok": True, **app.extensions["runner"].stats()}
    assert checks["runner"]["workers"] == app.config["WORKERS"]
    assert body["providers"] == [{"kind": "llm", "name": "offline"}, {"kind": "image", "name": "offline"},
                                 {"kind": "tts", "name": "espeak"}]


class TestRunnerFigures:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RUNNER": "thread", "WORKERS": 1, "QUEUE_LIMIT": 4}

    def test_queue_depth_and_busy_workers_follow_the_jobs(self, app, client, alice, monkeypatch):
        """With one worker held by a segment, a second accepted segment waits in the queue."""
        release = threading.Event()

        def held_segment(ctx):
            while not release.wait(0.05):
                ctx.progress(0.5, "held by the test")
            return []

        monkeypatch.setattr(runner_module, "segment_function", lambda segment: held_segment)
        first, second = alice.new_task(), alice.new_task()
        assert alice.post(f"/api/task/{first}/execute/1").status_code == 202
        assert alice.post(f"/api/task/{second}/execute/1").status_code == 202
        try:
            while alice.progress(first)["message"] != "held by the test":
                time.sleep(0.02)
            figures = client.get("/api/health").json["checks"]["runner"]
            assert (figures["busy"], figures["queued"], figures["capacity"]) == (1, 1, 5)
        finally:
            release.set()
        for task in (first, second):
            assert alice.wait(task)["status"] == "completed"
        # a job is unlisted just after its completion is written: on a busy machine /api/health can come between
        deadline = time.monotonic() + 30
        while (figures := client.get("/api/health").json["checks"]["runner"])["busy"] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert (figures["busy"], figures["queued"]) == (0, 0)


def test_low_disk_is_503(app_config, make_app):
    app = make_app({**app_config, "MIN_FREE_DISK_MB": 10**12})
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    disk = response.json["checks"]["disk"]
    assert disk["ok"] is False and "MB free" in disk["detail"]
    assert response.json["checks"]["database"]["ok"] is True


def test_unreachable_database_is_503(app_config, make_app, tmp_path):
    folder = tmp_path / "dbdir"
    folder.mkdir()
    app = make_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'storyagent.db'}"})
    with app.app_context():
        db.engine.dispose()  # drop pooled connections, so the next query must open the file
    shutil.rmtree(folder)
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    database = response.json["checks"]["database"]
    assert database["ok"] is False and "unreachable" in database["detail"]
    assert str(folder) not in response.get_data(as_text=True)  # no paths leak to the public


def test_missing_ffmpeg_is_503(client, monkeypatch, tmp_path):
    not_runnable = tmp_path / "ffmpeg"
    not_runnable.write_bytes(b"")
    not_runnable.chmod(0o644)
    monkeypatch.setattr(imageio_ffmpeg, "get_ffmpeg_exe", lambda: str(not_runnable))
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json["checks"]["ffmpeg"]["ok"] is False


def test_shutting_down_runner_is_503(app, client):
    app.extensions["runner"].shutdown()
    response = client.get("/api/health")
    assert response.status_code == 503
    assert response.json["checks"]["runner"]["ok"] is False


def test_health_names_remote_providers_without_their_secrets(app_config, make_app):
    app = make_app({**app_config, "LLM_PROVIDER": "openai", "LLM_BASE_URL": "http://127.0.0.1:9/v1",
                    "LLM_API_KEY": "sk-very-secret", "LLM_MODEL": "tiny"})
    response = app.test_client().get("/api/health")
    assert {"kind": "llm", "name": "openai"} in response.json["providers"]
    assert "sk-very-secret" not in response.get_data(as_text=True)
    assert "127.0.0.1:9" not in response.get_data(as_text=True)
