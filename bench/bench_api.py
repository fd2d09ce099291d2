"""Benchmark the API as served in production (`make serve`: gunicorn, one worker, THREADS threads).

1. Latency under load: 50 keep-alive clients poll /progress and list resources while two
   tasks render their videos (default 1280x720). Prints requests/s and p50/p95/p99 per
   request kind; the target is p99 <= 50 ms for /progress on a 2-core machine (thread),
   <= 20 ms with the renders in Celery workers (celery).
2. Throughput: 60 tasks created at once, each driven through all five segments at
   320x180, 12 fps, two segments at a time (503s are retried after Retry-After). Every task
   must end `completed` with a real output.mp4: none lost, none stuck. Prints tasks/minute.

--runner thread (default): one `make serve` with WORKERS=2 on SQLite, the single-box default.
--runner celery: Redis, PostgreSQL, two `make serve` API processes (RUNNER=celery) and two Celery
workers (the `make worker` command, one process each); the clients are spread over both APIs.

Everything runs in a temp folder on free 127.0.0.1 ports and is stopped at the end. Not run by
the tests.

    .venv/bin/python bench/bench_api.py [--runner thread|celery] [--clients 50] [--interval 0.7] [--tasks 60]
                                        [--only load|throughput]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from server_process import VENV_BIN, ApiClient, ServerProcess, probe_media  # noqa: E402

from tests.cluster_process import Cluster, PostgresServer  # noqa: E402
from tests.idle_cpu_group import IdleCpuGroup  # noqa: E402

# a started task is stuck when its state has not changed for this long (the stale sweep acts at 60 s); a queued
# one may wait longer for a free worker (QUEUE_TIMEOUT fails it)
STUCK_AFTER = 180.0


class MakeServe(ServerProcess):
    """`make serve` on the benchmark's port; gunicorn listens before its worker has loaded the app."""

    def __init__(self, root: Path, settings: dict, threads: int):
        super().__init__(root, settings, command=lambda port: self.command_for(port, threads))

    @staticmethod
    def command_for(port: int, threads: int) -> list[str]:
        # BIN: the venv running this script (a git worktree has no .venv of its own)
        return ["make", "--no-print-directory", "-C", str(REPO), "serve", f"PORT={port}", f"THREADS={threads}",
                f"BIN={VENV_BIN}"]


# /progress p99 targets: the renders share the API's process (thread) or run in workers (celery)
TARGET_P99_MS = {"thread": 50, "celery": 20}
# the production cadence for a cluster (tests/cluster_process.py's CLUSTER beats faster, for tests)
CLUSTER_TIMING = {"HEARTBEAT_INTERVAL": 5, "STALE_AFTER": 60, "SWEEP_INTERVAL": 15}


@contextlib.contextmanager
def deployment(runner: str, root: Path, settings: dict, threads: int, idle_workers: bool):
    """Yield the API servers of one deployment: `make serve` (thread), or a 2+2 Celery cluster."""
    if runner == "thread":
        with MakeServe(root, {**settings, "WORKERS": 2}, threads) as server:
            server.start()
            yield [server]
            server.stop()
        return
    postgres = PostgresServer().start()
    # the workers at idle CPU weight, as their systemd unit puts them (CPUWeight=idle), where we may
    cpu_group = IdleCpuGroup.create(f"storyagent-bench-{os.getpid()}") if idle_workers else None
    print(f"workers: {f'in {cpu_group.path} (cpu.idle=1)' if cpu_group else 'no idle CPU group'}")
    cluster = Cluster(root, {**CLUSTER_TIMING, **settings, "WORKER_CONCURRENCY": 1}, database=postgres.url,
                      api_command=lambda port: MakeServe.command_for(port, threads), cpu_group=cpu_group)
    try:
        apis = [cluster.api(), cluster.api()]
        cluster.worker()
        cluster.worker()
        yield apis
        for server in apis + cluster.workers:
            server.stop()
    finally:
        cluster.close()
        postgres.stop()
        if cpu_group is not None:
            cpu_group.remove()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Poller(threading.Thread):
    """One keep-alive client: a fixed round of GETs, about one every ``interval`` seconds, timing each."""

    def __init__(self, port: int, token: str, paths: list[tuple[str, str]], interval: float, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.token, self.paths, self.interval, self.stop = port, token, paths, interval, stop
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": f"Bearer {self.token}"}
        turn = 0
        # clients that started together would otherwise poll in lock-step bursts, unlike real browsers
        self.stop.wait(random.uniform(0, self.interval))
        while not self.stop.is_set():
            kind, path = self.paths[turn % len(self.paths)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - started
            if status == 200:
                self.latencies[kind].append(elapsed)
            else:
                self.errors[kind] += 1
            self.stop.wait(max(0.0, self.interval * random.uniform(0.9, 1.1) - elapsed))
        connection.close()


def poll(servers: list[ServerProcess], token: str, paths: list[tuple[str, str]], clients: int, interval: float,
         keep_going) -> tuple[dict, dict, float]:
    """Run ``clients`` pollers (spread over the servers) while ``keep_going()``; return latencies and errors by
    kind, and seconds."""
    stop = threading.Event()
    pollers = [Poller(servers[i % len(servers)].port, token, paths[i % len(paths):] + paths[:i % len(paths)],
                      interval, stop) for i in range(clients)]
    started = time.perf_counter()
    for poller in pollers:
        poller.start()
    while keep_going(time.perf_counter() - started):
        time.sleep(0.5)
    stop.set()
    for poller in pollers:
        poller.join()
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for poller in pollers:
        for kind, values in poller.latencies.items():
            latencies[kind] += values
        for kind, count in poller.errors.items():
            errors[kind] += count
    return latencies, errors, time.perf_counter() - started


def report(title: str, latencies: dict, errors: dict, elapsed: float) -> float:
    """Print requests/s and percentiles per kind; return the /progress p99 in ms."""
    total = sum(len(v) for v in latencies.values())
    print(f"\n== {title}")
    print(f"{total} requests in {elapsed:.1f} s: {total / elapsed:.0f} requests/s, errors: {dict(errors) or 0}")
    print(f"{'kind':<14} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, values in sorted(latencies.items()):
        ms = [v * 1000 for v in values]
        print(f"{kind:<14} {len(ms):>6} {statistics.median(ms):>8.1f} {percentile(ms, 0.95):>8.1f} "
              f"{percentile(ms, 0.99):>8.1f} {max(ms):>8.1f}")
    return percentile([v * 1000 for v in latencies["progress"]], 0.99)


def app_times(log: str) -> str:
    """Percentiles of the app's own /progress times from its request log lines."""
    ms = [float(t) for t in re.findall(r"GET /api/task/\d+/progress 200 ([\d.]+)ms", log)]
    if not ms:
        return "no request lines"
    return (f"/progress p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
            f"p99 {percentile(ms, 0.99):.1f} ms")


def bench_load(runner: str, root: Path, clients: int, interval: float, threads: int, baseline: float, limit: float,
               extra: dict, idle_workers: bool) -> None:
    """Phase 1: API latency with an idle pool (baseline), then while two videos render."""
    # INFO, as in production: the request log also gives the time spent inside the app
    settings = {"QUEUE_LIMIT": 8, "VIDEO_WIDTH": 1280, "VIDEO_HEIGHT": 720, "VIDEO_FPS": 24,
                "LOG_LEVEL": "INFO", **extra}
    target = TARGET_P99_MS[runner]
    with deployment(runner, root / "load", settings, threads, idle_workers) as servers:
        user = ApiClient(servers[0], "bench").signup()
        tasks = [user.new_task(topic=topic) for topic in (
            "a little lighthouse keeper who is afraid of the dark learns to guide ships home",
            "a young dragon who cannot breathe fire finds another way to keep her village warm")]
        for segment in (1, 2, 3, 4):
            for task in tasks:
                assert user.execute(task, segment).status_code == 202
            for task in tasks:
                state = user.wait(task)
                assert state["status"] == "completed", state
        paths = []
        for task in tasks:
            paths += [("progress", f"/api/task/{task}/progress")] * 3
            paths += [("resource list", f"/api/task/{task}/resource?segmentId=4"), ("mytasks", "/api/task/mytasks")]
        shape = (f"{clients} clients over {len(servers)} API process(es), one request each per {interval:g} s, "
                 f"THREADS={threads}, RUNNER={runner}")

        idle_start = [len(server.log()) for server in servers]
        idle = poll(servers, user.token, paths, clients, interval, lambda seconds: seconds < baseline)
        busy_start = [len(server.log()) for server in servers]
        for task in tasks:
            assert user.execute(task, 5).status_code == 202

        def rendering(seconds: float) -> bool:
            return seconds < limit and any(user.progress(task)["status"] == "running" for task in tasks)

        busy = poll(servers, user.token, paths, clients, interval, rendering)
        states = [(state["status"], state["current_segment"]) for state in map(user.progress, tasks)]
        logs = [server.log() for server in servers]

    idle_p99 = report(f"baseline: {shape}, renders idle", *idle)
    print("inside the app (request log): " + app_times("".join(log[start:end] for log, start, end
                                                               in zip(logs, idle_start, busy_start))))
    busy_p99 = report(f"under load: {shape}, while 2 videos render (1280x720, 24 fps); videos now {states}", *busy)
    print("inside the app (request log): " + app_times("".join(log[start:] for log, start in zip(logs, busy_start))))
    print(f"machine load average now {os.getloadavg()[0]:.1f} (counting this benchmark's own renders and clients)")
    print(f"\n/progress p99 (RUNNER={runner}): {idle_p99:.1f} ms idle, {busy_p99:.1f} ms while rendering "
          f"({busy_p99 / idle_p99:.1f}x); target {target} ms: {'met' if busy_p99 <= target else 'MISSED'}")


def bench_throughput(runner: str, root: Path, count: int, queue_limit: int, threads: int, limit: float,
                     extra: dict, idle_workers: bool) -> None:
    """Phase 2: many tasks through all five segments, two at a time; none lost, none stuck."""
    # one benchmark user stands for many people: no per-account cap
    settings = {"QUEUE_LIMIT": queue_limit, "USER_QUEUE_LIMIT": 0, "VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180,
                "VIDEO_FPS": 12, "LOG_LEVEL": "WARNING", **extra}
    with deployment(runner, root / "throughput", settings, threads, idle_workers) as servers:
        first = ApiClient(servers[0], "bench").signup()
        users = [first] + [ApiClient(server, "bench") for server in servers[1:]]
        for user in users[1:]:
            user.token = first.token
        started = time.perf_counter()
        tasks = [first.new_task(topic=f"story number {n}: a curious animal explores a new place") for n in range(count)]
        via = {task: users[n % len(users)] for n, task in enumerate(tasks)}  # each task talks to one API process
        next_try = {task: 0.0 for task in tasks}
        ready_since = {task: 0.0 for task in tasks}  # when it last became ready for its next segment
        last_change = {task: (None, time.perf_counter()) for task in tasks}
        retried, finished, failed, stuck = 0, {}, {}, []
        while len(finished) + len(failed) + len(stuck) < count and time.perf_counter() - started < limit:
            # the longest-waiting task tries first, so a full queue admits tasks fairly
            for task in sorted(tasks, key=ready_since.get):
                if task in finished or task in failed or task in stuck:
                    continue
                user = via[task]
                state = user.progress(task)
                key = (state["status"], state["current_segment"], state["progress"], state["message"])
                now = time.perf_counter()
                if key != last_change[task][0]:
                    last_change[task] = (key, now)
                elif (state["status"] == "running" and not state["message"].startswith("Queued")
                      and now - last_change[task][1] > STUCK_AFTER):
                    stuck.append(task)  # started, and the server shows no sign of life for it since
                    continue
                if state["status"] == "failed":
                    failed[task] = state["error"]
                elif state["status"] == "completed" and state["current_segment"] == 5:
                    finished[task] = now - started
                elif state["status"] in ("pending", "completed"):
                    ready_since[task] = min(ready_since[task], now)
                    if now < next_try[task]:
                        continue
                    response = user.execute(task, state["current_segment"] + 1)
                    if response.status_code == 503:
                        retried += 1
                        next_try[task] = now + float(response.headers.get("Retry-After", "1"))
                    else:
                        assert response.status_code == 202, response.text
                        ready_since[task] = float("inf")  # back of the line until it is ready again
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        lost = [task for task in tasks if task not in finished and task not in failed and task not in stuck]
        videos = [probe_media(servers[0].story_folder(task) / "output.mp4") for task in sorted(finished)[:5]]

    shape = ("WORKERS=2 in one `make serve`" if runner == "thread"
             else "2 Celery workers x 1 process behind 2 `make serve` API processes")
    print(f"\n== throughput (RUNNER={runner}): {count} tasks at once, all five segments, 320x180 @ 12 fps, {shape}, "
          f"QUEUE_LIMIT={queue_limit}")
    print(f"completed {len(finished)}/{count} in {elapsed:.1f} s: {len(finished) / elapsed * 60:.1f} tasks/minute; "
          f"failed {len(failed)}, stuck {len(stuck)}, unfinished {len(lost)}, 503 retries {retried}")
    if finished:
        print(f"time to completion: first {min(finished.values()):.1f} s, median "
              f"{statistics.median(finished.values()):.1f} s, last {max(finished.values()):.1f} s")
    for error in list(failed.values())[:3]:
        print(f"  failure: {error}")
    print("sample videos: " + ", ".join(f"{v['size']} {v['duration']:.1f}s h264={v['h264']} aac={v['aac']}"
                                         for v in videos if v["duration"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runner", choices=("thread", "celery"), default="thread",
                        help="thread: one make serve; celery: Redis, PostgreSQL, 2 API processes, 2 workers")
    parser.add_argument("--clients", type=int, default=50)
    # the web frontend polls every 700 ms (static/app.js POLL_INTERVAL_MS)
    parser.add_argument("--interval", type=float, default=0.7, help="seconds between one client's requests")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn THREADS")
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--only", choices=("load", "throughput"))
    parser.add_argument("--baseline", type=float, default=15, help="seconds of polling with an idle pool")
    parser.add_argument("--queue-limit", type=int, help="QUEUE_LIMIT of the throughput run (default: --tasks)")
    parser.add_argument("--limit", type=float, default=900, help="safety limit in seconds for each phase")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="an app setting for both servers, e.g. --set SEGMENT_NICE=0")
    parser.add_argument("--no-idle-workers", dest="idle_workers", action="store_false",
                        help="celery: leave the workers out of the idle CPU group (CPUWeight=idle) made where possible")
    args = parser.parse_args()
    # a SIGTERM (kill, timeout) unwinds like Ctrl-C, so the servers, workers and CPU group are stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    extra = dict(item.split("=", 1) for item in args.set)
    print(f"machine load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        if args.only in (None, "load"):
            bench_load(args.runner, Path(folder), args.clients, args.interval, args.threads, args.baseline, args.limit,
                       extra, args.idle_workers)
        if args.only in (None, "throughput"):
            bench_throughput(args.runner, Path(folder), args.tasks, args.queue_limit or args.tasks, args.threads,
                             args.limit, extra, args.idle_workers)


if __name__ == "__main__":
    main()
