"""The command line: flask init-db / create-user, and `storyagent make` from topic to mp4."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from server_process import QUICK_SOUND, REPO_ROOT, SMALL_VIDEO, VENV_BIN, probe_media
from storyagent import create_app


def cli_env(tmp_path: Path, **settings) -> dict:
    """The parent's environment with our own STORYAGENT_* settings only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STORYAGENT_", "FLASK_"))}
    env.update({"STORYAGENT_INSTANCE_PATH": str(tmp_path / "instance"), "STORYAGENT_BASE_DIR": str(tmp_path / "base"),
                "STORYAGENT_SCHEDULER_ENABLED": "false"})
    env.update({f"STORYAGENT_{k}": str(v) for k, v in settings.items()})
    return env


def flask_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "flask"), "--app", "storyagent", *args], cwd=REPO_ROOT,
                          env=cli_env(tmp_path), capture_output=True, text=True, stdin=subprocess.DEVNULL)


def login(app, username: str, password: str) -> int:
    return app.test_client().post("/api/login", json={"username": username, "password": password}).status_code


def test_init_db_and_create_user_then_the_user_logs_in(tmp_path, monkeypatch):
    created = flask_cli(tmp_path, "init-db")
    assert created.returncode == 0, created.stderr
    assert "Database ready" in created.stdout
    assert (tmp_path / "instance" / "storyagent.db").is_file()

    user = flask_cli(tmp_path, "create-user", "carol", "--password", "carol-secret-1")
    assert user.returncode == 0, user.stderr
    assert "Created user carol" in user.stdout

    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "BASE_DIR": str(tmp_path / "base"), "SCHEDULER_ENABLED": False})
    try:
        assert login(app, "carol", "carol-secret-1") == 200
        assert login(app, "carol", "not-her-password") == 401

        runner = app.test_cli_runner()
        again = runner.invoke(args=["create-user", "carol", "--password", "another-secret"])
        assert again.exit_code != 0 and "already exists" in again.output
        short = runner.invoke(args=["create-user", "erin", "--password", "short"])
        assert short.exit_code != 0 and "password" in short.output
        prompted = runner.invoke(args=["create-user", "dave"], input="dave-secret-22\ndave-secret-22\n")
        assert prompted.exit_code == 0, prompted.output
        assert login(app, "dave", "dave-secret-22") == 200
        assert login(app, "erin", "short-but-long-enough") == 401  # erin was never created
    finally:
        app.extensions["stop_background_services"]()
        app.extensions["runner"].shutdown()


def test_storyagent_make_writes_a_playable_mp4(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([str(VENV_BIN / "storyagent"), "make", "a brave turtle crosses the river",
                             "--main-role", "Tess", "--out", str(out)],
                            cwd=tmp_path, env=cli_env(tmp_path, **SMALL_VIDEO, **QUICK_SOUND), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    video = Path(result.stdout.strip().splitlines()[-1])
    assert video.is_file() and video.is_relative_to(out), result.stdout

    probe = probe_media(video)
    assert probe["h264"] and probe["aac"], probe["text"]
    assert probe["size"] == (SMALL_VIDEO["VIDEO_WIDTH"], SMALL_VIDEO["VIDEO_HEIGHT"]), probe["text"]
    assert probe["duration"] and probe["duration"] > 1, probe["text"]
    story = json.loads((video.parent / "story.json").read_text(encoding="utf-8"))
    assert story["main_role"] == "Tess" and story["pages"]
    # nothing of the run leaks into the working directory
    assert {p.name for p in tmp_path.iterdir()} <= {"out", "instance", "base"}, list(tmp_path.iterdir())

