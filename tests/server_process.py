"""Run the real service as a subprocess, and talk to it over HTTP.

``ServerProcess`` starts ``flask run`` (or any command, e.g. ``make run``) on a free
127.0.0.1 port with its own instance folder, BASE_DIR and SQLite file under a temp
root, waits until it answers, captures its log, and stops it (SIGTERM) or kills it
(SIGKILL) — then can start it again on the same database. ``ApiClient`` is a small
requests-based client of the documented API.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import imageio_ffmpeg
import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
# safety nets only: a test that hits one fails with a message saying what it waited for
START_LIMIT = 60.0
STOP_LIMIT = 20.0
POLL = 0.05

SMALL_VIDEO = {"VIDEO_WIDTH": 160, "VIDEO_HEIGHT": 90, "VIDEO_FPS": 6}
# API and server tests make whole films quickly: the robotic voice and no music bed (tests/test_speech.py,
# test_music.py and test_loudness.py cover Piper and the music, which cost seconds per film)
QUICK_SOUND = {"TTS_PROVIDER": "espeak", "MUSIC": "off"}


def free_port() -> int:
    """Ask the kernel for a port nobody is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listener_sessions(port: int) -> set[int]:
    """Session ids of the processes listening on 127.0.0.1:`port` (Linux /proc), to tell our server from
    another test run's that happened to get the same free port a moment earlier."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    sessions = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                sessions.add(os.getsid(int(fd_dir.parent.name)))
        except OSError:  # gone, or not ours to read
            continue
    return sessions


def flask_run_command(port: int) -> list[str]:
    """The command `make run` runs, without make."""
    return [str(VENV_BIN / "flask"), "--app", "storyagent", "run", "--host", "127.0.0.1",
            "--port", str(port), "--no-reload", "--with-threads"]


class ServerProcess:
    """One deployment (instance folder + BASE_DIR + database) served by a real process."""

    def __init__(self, root: Path, settings: dict | None = None, *,
                 command: Callable[[int], list[str]] = flask_run_command, database: bool = True):
        self.root = Path(root)
        self.instance_path = self.root / "instance"
        self.base_dir = self.root / "base"
        self.database_path = self.root / "storyagent.db"
        self.scratch_dir = self.root / "tmp"
        self.settings = {**SMALL_VIDEO, **QUICK_SOUND, **(settings or {})}
        self.command = command
        self.database = database  # False: leave the URI to the defaults (instance folder)
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.starts = 0
        self.log_path: Path | None = None
        self.clients: list[ApiClient] = []  # their sessions are closed with the server
        self.preexec_fn: Callable[[], None] | None = None  # run in the child before the command (a cgroup to join)

    # -- lifecycle ------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self, overrides: dict) -> dict:
        """The parent's environment minus any STORYAGENT_*/FLASK_* settings, plus ours."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STORYAGENT_", "FLASK_"))}
        settings = {"INSTANCE_PATH": str(self.instance_path), "BASE_DIR": str(self.base_dir),
                    **self.settings, **overrides}
        if self.database:
            settings.setdefault("SQLALCHEMY_DATABASE_URI", f"sqlite:///{self.database_path}")
        env.update({f"STORYAGENT_{key}": str(value) for key, value in settings.items()})
        # the server's scratch files (e.g. the Video segment's soundtrack) stay in our temp root
        env["TMPDIR"] = str(self.scratch_dir)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def start(self, **overrides) -> "ServerProcess":
        """Start the server (again) on a fresh port and wait until it answers."""
        assert self.process is None or self.process.poll() is not None, "server already running"
        self.scratch_dir.mkdir(parents=True, exist_ok=True)
        for attempt in range(3):  # another test run may take the free port between our check and our bind
            self.starts += 1
            self.port = free_port()
            self.log_path = self.root / f"server-{self.starts}.log"
            with open(self.log_path, "wb") as log:
                # a session of its own, so stop/kill reach make's child and any ffmpeg too
                self.process = subprocess.Popen(self.command(self.port), cwd=REPO_ROOT,
                                                env=self.environment(overrides), stdout=log,
                                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                start_new_session=True, preexec_fn=self.preexec_fn)
            try:
                self.wait_ready()
                return self
            except RuntimeError as exc:
                if attempt == 2 or not re.search(r"Address already in use|taken by another process", str(exc)):
                    raise
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log_tail()}")
            try:  # gunicorn listens before its worker has loaded the app: early requests may time out
                answered = requests.get(self.url + "/api/task/workflow", timeout=2).status_code == 200
            except requests.RequestException:
                answered = False
            if answered and self.process.pid in listener_sessions(self.port):
                return
            if answered and self.process.poll() is None and time.monotonic() > deadline - START_LIMIT / 2:
                # someone else answers on our port and we never got it: start again on another one
                self.kill()
                raise RuntimeError(f"port {self.port} was taken by another process:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"server did not answer within {START_LIMIT:g} s:\n{self.log_tail()}")
            time.sleep(POLL)

    def _signal(self, signum: int) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass
        try:
            return self.process.wait(STOP_LIMIT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(STOP_LIMIT)
            raise RuntimeError(f"server ignored signal {signum} for {STOP_LIMIT:g} s:\n{self.log_tail()}") from None

    def stop(self) -> int | None:
        """Graceful stop: SIGTERM to the server's process group."""
        return self._signal(signal.SIGTERM)

    def kill(self) -> int | None:
        """Crash: SIGKILL to the server's process group (no cleanup code runs)."""
        return self._signal(signal.SIGKILL)

    def restart(self, **overrides) -> "ServerProcess":
        self.stop()
        return self.start(**overrides)

    # -- what it left behind --------------------------------------------------
    def log(self, start: int | None = None) -> str:
        """The captured output of one start (default: the latest)."""
        path = self.root / f"server-{start or self.starts}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def wait_for_log(self, text: str, limit: float = 120) -> str:
        """Wait until the current log contains ``text`` (a safety-net limit)."""
        deadline = time.monotonic() + limit
        while text not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server log never showed {text!r}:\n{self.log_tail()}")
            time.sleep(POLL)
        return self.log()

    def story_folder(self, task_id: int) -> Path:
        return self.base_dir / "generated_stories" / str(task_id)

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.kill()
        for client in self.clients:
            client.session.close()


class ApiClient:
    """A user of the API over real HTTP. The Session keeps the refresh cookie."""

    def __init__(self, server: ServerProcess, username: str, password: str = "correct-horse-battery"):
        self.server = server
        self.username = username
        self.password = password
        self.session = requests.Session()
        self.token: str | None = None
        server.clients.append(self)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(self, method: str, path: str, **kw) -> requests.Response:
        headers = {**self.headers, **kw.pop("headers", {})}
        kw.setdefault("timeout", 30)
        return self.session.request(method, self.server.url + path, headers=headers, **kw)

    def get(self, path: str, **kw) -> requests.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.request("POST", path, **kw)

    def delete(self, path: str, **kw) -> requests.Response:
        return self.request("DELETE", path, **kw)

    # -- the documented calls -------------------------------------------------
    def register(self) -> requests.Response:
        response = self.post("/api/register", json={"username": self.username, "password": self.password})
        assert response.status_code == 200, response.text
        return response

    def login(self) -> requests.Response:
        response = self.post("/api/login", json={"username": self.username, "password": self.password})
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        return response

    def signup(self) -> "ApiClient":
        self.register()
        self.login()
        return self

    def new_task(self, **body) -> int:
        body.setdefault("topic", "a shy fox learns to share")
        response = self.post("/api/task/new", json=body)
        assert response.status_code == 200, response.text
        return response.json()["task_id"]

    def execute(self, task_id: int, segment: int, redo: bool = False) -> requests.Response:
        return self.post(f"/api/task/{task_id}/execute/{segment}" + ("?redo=true" if redo else ""))

    def progress(self, task_id: int) -> dict:
        response = self.get(f"/api/task/{task_id}/progress")
        assert response.status_code == 200, response.text
        return response.json()

    def wait_until(self, task_id: int, predicate: Callable[[dict], bool], what: str, limit: float = 300) -> dict:
        """Poll /progress until ``predicate(state)``; the limit is a safety net."""
        deadline = time.monotonic() + limit
        while True:
            state = self.progress(task_id)
            if predicate(state):
                return state
            if time.monotonic() > deadline:
                raise AssertionError(f"task {task_id} never became {what}; last state {state}\n"
                                     f"{self.server.log_tail()}")
            time.sleep(POLL)

    def wait(self, task_id: int, limit: float = 300) -> dict:
        """Wait until the task is no longer running."""
        return self.wait_until(task_id, lambda s: s["status"] != "running", "idle", limit)

    def run(self, task_id: int, segment: int, redo: bool = False) -> dict:
        """Execute a segment and wait for it; assert it completed."""
        response = self.execute(task_id, segment, redo)
        assert response.status_code == 202, response.text
        state = self.wait(task_id)
        assert state["status"] == "completed" and state["current_segment"] == segment, state
        return state

    def urls(self, task_id: int, segment: int) -> list[str]:
        response = self.get(f"/api/task/{task_id}/resource", params={"segmentId": segment})
        assert response.status_code == 200, response.text
        return response.json()["urls"]

    def download(self, url: str, **kw) -> requests.Response:
        return self.get("/api/resource", params={"url": url}, **kw)


def probe_media(path: Path) -> dict:
    """Read a media file's streams with imageio-ffmpeg's ffmpeg (`ffmpeg -i` prints them on stderr)."""
    result = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                            capture_output=True, text=True)
    info = result.stderr
    duration = re.search(r"Duration: (\d+):(\d+):(\d+\.\d+)", info)
    size = re.search(r"Video: .*?, (\d{2,5})x(\d{2,5})", info)
    return {
        "text": info,
        "duration": (int(duration[1]) * 3600 + int(duration[2]) * 60 + float(duration[3])) if duration else None,
        "size": (int(size[1]), int(size[2])) if size else None,
        "h264": "Video: h264" in info,
        "aac": "Audio: aac" in info,
    }
