"""Benchmark the API as served in production (`make serve`: gunicorn, one worker, THREADS threads).

1. Latency under load: 50 keep-alive clients poll /progress and list resources while two
   tasks render their videos (default 1280x720). Prints requests/s and p50/p95/p99 per
   request kind; the target is p99 <= 50 ms for /progress on a 2-core machine.
2. Throughput: 60 tasks created at once, each driven through all five segments at
   320x180, 12 fps with WORKERS=2 (503s are retried after Retry-After). Every task must end
   `completed` with a real output.mp4: none lost, none stuck. Prints tasks/minute.

The server runs in a temp folder (instance, BASE_DIR, SQLite) on a free 127.0.0.1 port and
is stopped with SIGTERM at the end. Not run by the tests.

    .venv/bin/python bench/bench_api.py [--clients 50] [--interval 0.7] [--tasks 60] [--only load|throughput]
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from server_process import ApiClient, ServerProcess, probe_media  # noqa: E402

# a task is stuck when its state has not changed for this long (the stale sweep acts at 60 s)
STUCK_AFTER = 180.0


class MakeServe(ServerProcess):
    """`make serve` on the benchmark's port; gunicorn listens before its worker has loaded the app."""

    def __init__(self, root: Path, settings: dict, threads: int):
        super().__init__(root, settings, command=lambda port: [
            "make", "--no-print-directory", "-C", str(REPO), "serve", f"PORT={port}", f"THREADS={threads}"])


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


def poll(server: ServerProcess, token: str, paths: list[tuple[str, str]], clients: int, interval: float,
         keep_going) -> tuple[dict, dict, float]:
    """Run ``clients`` pollers while ``keep_going()``; return latencies and errors by kind, and seconds."""
    stop = threading.Event()
    pollers = [Poller(server.port, token, paths[i % len(paths):] + paths[:i % len(paths)], interval, stop)
               for i in range(clients)]
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


def bench_load(root: Path, clients: int, interval: float, threads: int, baseline: float, limit: float,
               extra: dict) -> None:
    """Phase 1: API latency with an idle pool (baseline), then while two videos render."""
    # INFO, as in production: the request log also gives the time spent inside the app
    settings = {"WORKERS": 2, "QUEUE_LIMIT": 8, "VIDEO_WIDTH": 1280, "VIDEO_HEIGHT": 720, "VIDEO_FPS": 24,
                "LOG_LEVEL": "INFO", **extra}
    with MakeServe(root / "load", settings, threads) as server:
        server.start()
        user = ApiClient(server, "bench").signup()
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
        shape = f"{clients} clients, one request each per {interval:g} s, THREADS={threads}"

        idle_start = len(server.log())
        idle = poll(server, user.token, paths, clients, interval, lambda seconds: seconds < baseline)
        busy_start = len(server.log())
        for task in tasks:
            assert user.execute(task, 5).status_code == 202

        def rendering(seconds: float) -> bool:
            return seconds < limit and any(user.progress(task)["status"] == "running" for task in tasks)

        busy = poll(server, user.token, paths, clients, interval, rendering)
        states = [(state["status"], state["current_segment"]) for state in map(user.progress, tasks)]
        log = server.log()
        server.stop()

    idle_p99 = report(f"baseline: {shape}, pool idle", *idle)
    print("inside the app (request log): " + app_times(log[idle_start:busy_start]))
    busy_p99 = report(f"under load: {shape}, while 2 videos render (1280x720, 24 fps); videos now {states}", *busy)
    print("inside the app (request log): " + app_times(log[busy_start:]))
    print(f"machine load average now {os.getloadavg()[0]:.1f} (counting this benchmark's own renders and clients)")
    print(f"\n/progress p99: {idle_p99:.1f} ms idle, {busy_p99:.1f} ms while rendering "
          f"({busy_p99 / idle_p99:.1f}x); target 50 ms: {'met' if busy_p99 <= 50 else 'MISSED'}")


def bench_throughput(root: Path, count: int, queue_limit: int, threads: int, limit: float, extra: dict) -> None:
    """Phase 2: many tasks through all five segments; none lost, none stuck."""
    settings = {"WORKERS": 2, "QUEUE_LIMIT": queue_limit, "VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180, "VIDEO_FPS": 12,
                "LOG_LEVEL": "WARNING", **extra}
    with MakeServe(root / "throughput", settings, threads) as server:
        server.start()
        user = ApiClient(server, "bench").signup()
        started = time.perf_counter()
        tasks = [user.new_task(topic=f"story number {n}: a curious animal explores a new place") for n in range(count)]
        next_try = {task: 0.0 for task in tasks}
        ready_since = {task: 0.0 for task in tasks}  # when it last became ready for its next segment
        last_change = {task: (None, time.perf_counter()) for task in tasks}
        retried, finished, failed, stuck = 0, {}, {}, []
        while len(finished) + len(failed) + len(stuck) < count and time.perf_counter() - started < limit:
            # the longest-waiting task tries first, so a full queue admits tasks fairly
            for task in sorted(tasks, key=ready_since.get):
                if task in finished or task in failed or task in stuck:
                    continue
                state = user.progress(task)
                key = (state["status"], state["current_segment"], state["progress"], state["message"])
                now = time.perf_counter()
                if key != last_change[task][0]:
                    last_change[task] = (key, now)
                elif state["status"] == "running" and now - last_change[task][1] > STUCK_AFTER:
                    stuck.append(task)  # the server shows no sign of life for it
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
        videos = [probe_media(server.story_folder(task) / "output.mp4") for task in sorted(finished)[:5]]
        server.stop()

    print(f"\n== throughput: {count} tasks at once, all five segments, 320x180 @ 12 fps, WORKERS=2, "
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
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.set)
    print(f"machine load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        if args.only in (None, "load"):
            bench_load(Path(folder), args.clients, args.interval, args.threads, args.baseline, args.limit, extra)
        if args.only in (None, "throughput"):
            bench_throughput(Path(folder), args.tasks, args.queue_limit or args.tasks, args.threads, args.limit, extra)


if __name__ == "__main__":
    main()
