"""Throwaway Redis and PostgreSQL servers and Celery worker processes, for tests, benchmarks and `make cluster`.

``RedisServer`` and ``PostgresServer`` run Debian's binaries on a free 127.0.0.1 port with their
data in a temp folder (PostgreSQL as the ``postgres`` user when we are root); ``WorkerProcess``
runs the command `make worker` runs; ``Cluster`` puts them together with API processes
(``ServerProcess``) on one database and one BASE_DIR. A missing binary raises ``ServiceMissing``.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.idle_cpu_group import IdleCpuGroup
from tests.server_process import POLL, VENV_BIN, ServerProcess, flask_run_command, free_port

# safety net only: whoever hits it fails saying what it waited for
LIMIT = 120.0

# SINGLE_PROCESS stays at its default (true): with RUNNER=celery a starting API process must not take
# the workers' running jobs for leftovers
CLUSTER = {"RUNNER": "celery", "HEARTBEAT_INTERVAL": "0.2", "STALE_AFTER": "2",
           "SWEEP_INTERVAL": "0.5", "WORKER_CONCURRENCY": "1", "USER_QUEUE_LIMIT": "0"}


class ServiceMissing(RuntimeError):
    """A server binary is not installed (the message names the Debian package)."""


def missing(what: str) -> None:
    raise ServiceMissing(f"{what} is not installed (apt-get install {what})")


def services_or_skip(postgresql: bool = True) -> None:
    """Skip without the server binaries, except in CI, where .ci/run installs them: there it is a failure."""
    import pytest

    try:
        RedisServer.binary()
        if postgresql:
            PostgresServer.binaries()
    except ServiceMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc}; .ci/run installs it with apt-get")
        pytest.skip(str(exc))


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 in a temp folder, run as the `postgres` user under root."""

    def __init__(self):
        self.bin = self.binaries()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="storyagent-pg-"))  # /tmp: reachable by the postgres user
        self.data = self.folder / "data"

    @staticmethod
    def binaries() -> Path:
        """The folder of the newest installed PostgreSQL's initdb and pg_ctl."""
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            missing("postgresql")
        return Path(found[-1]).parent

    def as_owner(self, command: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://storyagent@127.0.0.1:{self.port}/postgres"

    def start(self) -> "PostgresServer":
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        subprocess.run(self.as_owner([str(self.bin / "initdb"), "-D", str(self.data), "-U", "storyagent",
                                      "--auth=trust", "-E", "UTF8", "--no-sync"]),
                       check=True, capture_output=True)
        subprocess.run(self.as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                                      "-w", "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                                      "-c fsync=off", "start"]), check=True, capture_output=True)
        return self

    def stop(self) -> None:
        subprocess.run(self.as_owner([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """A throwaway redis-server on 127.0.0.1, its files in `folder`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @staticmethod
    def binary() -> str:
        found = shutil.which("redis-server")
        if found is None:
            missing("redis-server")
        return found

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / "redis.log", "wb") as log:
            self.process = subprocess.Popen(
                [self.binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
                 "--save", "", "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + LIMIT
        while not self.answers():
            assert self.process.poll() is None, (self.folder / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server never answered PING"
            time.sleep(POLL)
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def worker_command(name: str):
    """The command `make worker` runs, without make."""
    def command(_port: int) -> list[str]:
        return [str(VENV_BIN / "celery"), "-A", "storyagent.celery_worker", "worker", "--pool", "prefork",
                "--loglevel", "INFO", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"]
    return command


class WorkerProcess(ServerProcess):
    """A Celery worker on the API's database and BASE_DIR; ready when it says so in its log."""

    def wait_ready(self) -> None:
        deadline = time.monotonic() + LIMIT
        while " ready." not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"worker never became ready:\n{self.log_tail()}")
            time.sleep(POLL)

    def pool_pids(self) -> list[int]:
        """The prefork processes under this worker."""
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in found.split()]


def ffmpeg_under(root_pid: int) -> list[int]:
    """ffmpeg processes anywhere below `root_pid`."""
    found, frontier = [], [root_pid]
    while frontier:
        pid = frontier.pop()
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        for child in map(int, children):
            frontier.append(child)
            try:
                if "ffmpeg" in Path(f"/proc/{child}/comm").read_text():
                    found.append(child)
            except OSError:
                pass
    return found


class Cluster:
    """Redis + API processes + Celery workers sharing one database and one BASE_DIR."""

    def __init__(self, root: Path, settings: dict, database: str | None = None, api_command=flask_run_command,
                 cpu_group: IdleCpuGroup | None = None):
        self.root = root
        self.cpu_group = cpu_group  # the workers' (the benchmark's), as a worker's systemd unit has one
        self.api_command = api_command  # how an API process starts (flask run; `make serve` in the benchmark)
        self.database = database  # a database server's URL; None: SQLite in the first API's folder
        self.redis = RedisServer(root / "redis").start()
        self.settings = {**CLUSTER, "CELERY_BROKER_URL": self.redis.url, **settings}
        self.apis: list[ServerProcess] = []
        self.workers: list[WorkerProcess] = []

    def api(self, **settings) -> ServerProcess:
        first = self.apis[0] if self.apis else None
        database = {"SQLALCHEMY_DATABASE_URI": self.database} if self.database else {}
        server = ServerProcess(self.root / f"api{len(self.apis)}",
                               {**self.settings, **database, **self.shared(first), **settings},
                               command=self.api_command)
        self.apis.append(server)
        return server.start()

    def shared(self, server: ServerProcess | None) -> dict:
        if server is None:
            return {}
        return {"INSTANCE_PATH": server.instance_path, "BASE_DIR": server.base_dir,
                "SQLALCHEMY_DATABASE_URI": self.database or f"sqlite:///{server.database_path}"}

    def worker(self, **settings) -> WorkerProcess:
        name = f"worker{len(self.workers)}"
        worker = WorkerProcess(self.root / name, {**self.settings, **self.shared(self.apis[0]), **settings},
                               command=worker_command(name))
        if self.cpu_group is not None:
            worker.preexec_fn = self.cpu_group.join
        self.workers.append(worker)
        return worker.start()

    def close(self) -> None:
        for process in self.workers + self.apis:
            process.__exit__(None, None, None)
        self.redis.stop()
