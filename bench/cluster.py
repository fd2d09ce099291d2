"""`make cluster`: Redis, PostgreSQL, 2 API processes and 2 Celery workers on 127.0.0.1, stopped on Ctrl-C.

Everything shares one instance folder (secret key) and one BASE_DIR under CLUSTER_DIR (default
instance/cluster). Redis keeps no data on disk; PostgreSQL's data lives in a temp folder and goes
with it (CLUSTER_DATABASE=sqlite uses a SQLite file in the instance folder instead). The API
processes are `make serve` on API_PORTS (default 8000 and 8001), the workers `make worker`.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.cluster_process import PostgresServer  # noqa: E402
from tests.idle_cpu_group import IdleCpuGroup  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, what: str, process: subprocess.Popen, limit: float = 60) -> None:
    """Wait until something listens on `port` (or the process died)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{what} did not start (exit code {process.poll()})") from None
            time.sleep(0.1)


def _interrupt(signum, _frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C or a SIGTERM stops everything (also when started in the background, where SIGINT is ignored)
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("redis-server is not installed: apt-get install redis-server")
    folder = Path(os.environ.get("CLUSTER_DIR") or ROOT / "instance" / "cluster").resolve()
    (folder / "base").mkdir(parents=True, exist_ok=True)
    api_ports = [int(port) for port in os.environ.get("API_PORTS", "8000 8001").split()]
    redis_port = free_port()
    postgres = None
    if os.environ.get("CLUSTER_DATABASE", "postgresql") == "postgresql":
        postgres = PostgresServer().start()
        database = postgres.url
    else:
        database = f"sqlite:///{folder / 'storyagent.db'}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("STORYAGENT_")}
    env.update({
        "STORYAGENT_RUNNER": "celery",
        "STORYAGENT_CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "STORYAGENT_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/1",  # one login throttle
        "STORYAGENT_INSTANCE_PATH": str(folder),
        "STORYAGENT_BASE_DIR": str(folder / "base"),
        "STORYAGENT_SQLALCHEMY_DATABASE_URI": database,
        **{key: value for key, value in os.environ.items() if key.startswith("STORYAGENT_")},
    })
    processes: list[tuple[str, subprocess.Popen]] = []

    # the workers at idle CPU weight, as their systemd unit puts them (CPUWeight=idle), where we may
    cpu_group = IdleCpuGroup.create(f"storyagent-cluster-{os.getpid()}")

    def start(name: str, command: list[str], preexec_fn=None) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, preexec_fn=preexec_fn)
        processes.append((name, process))
        return process

    try:
        process = start("redis", [redis, "--port", str(redis_port), "--bind", "127.0.0.1", "--dir", str(folder),
                                  "--save", "", "--appendonly", "no"])
        wait_for_port(redis_port, "redis-server", process)
        # the first API process creates the tables (and the secret key) before the others start
        for port in api_ports:
            process = start(f"api:{port}", ["make", "--no-print-directory", "serve", f"PORT={port}"])
            wait_for_port(port, f"the API on port {port}", process)
        for number in range(2):
            start(f"worker{number}", ["make", "--no-print-directory", "worker", f"WORKER_NAME=worker{number}@%h"],
                  preexec_fn=cpu_group.join if cpu_group else None)
        print(f"cluster up: API on {', '.join(f'http://127.0.0.1:{p}' for p in api_ports)}, 2 workers, "
              f"Redis on {redis_port}, database {database}; files in {folder}. Ctrl-C stops everything.",
              flush=True)
        print(f"workers: in {cpu_group.path} (cpu.idle=1: the API processes come first)" if cpu_group else
              "workers: no idle CPU group here (needs root and a cpu cgroup controller); niced by SEGMENT_NICE",
              flush=True)
        while all(process.poll() is None for _, process in processes):
            time.sleep(0.5)
        died = [name for name, process in processes if process.poll() is not None]
        print(f"stopping: {', '.join(died)} exited", flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for _, process in reversed(processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in reversed(processes):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if postgres is not None:
            postgres.stop()
        if cpu_group is not None:
            cpu_group.remove()


if __name__ == "__main__":
    sys.exit(main())
