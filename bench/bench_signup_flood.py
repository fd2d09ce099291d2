"""The issue 13 registration flood, replayed: 200 sign-ups from one address, 8 at a time,
against `make serve` with the default settings (scrypt hashing), while one client polls
/progress. Prints how many sign-ups were accepted and refused, how long the flood took,
and /progress latency (p50/p95) before and during it. Not run by the tests.

    .venv/bin/python bench/bench_signup_flood.py [--signups 200] [--threads 8]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from bench_api import MakeServe, percentile  # noqa: E402
from server_process import ApiClient  # noqa: E402


def poll(client: ApiClient, task_id: int, stop: threading.Event, latencies: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        client.progress(task_id)
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)


def measure_polls(client: ApiClient, task_id: int, seconds: float) -> list[float]:
    stop, latencies = threading.Event(), []
    poller = threading.Thread(target=poll, args=(client, task_id, stop, latencies))
    poller.start()
    time.sleep(seconds)
    stop.set()
    poller.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root, MakeServe(Path(root), {}, threads=8) as server:
        server.start()
        watcher = ApiClient(server, "watcher").signup()
        task_id = watcher.new_task()
        idle = measure_polls(watcher, task_id, 3.0)

        stop, during = threading.Event(), []
        poller = threading.Thread(target=poll, args=(watcher, task_id, stop, during))
        poller.start()

        def sign_up(number: int) -> int:
            body = {"username": f"flood{number}", "password": "violet tractor umbrella"}
            return requests.post(server.url + "/api/register", json=body, timeout=60).status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(args.threads) as pool:
            statuses = Counter(pool.map(sign_up, range(args.signups)))
        elapsed = time.perf_counter() - started
        stop.set()
        poller.join()
        print(f"{args.signups} sign-ups from one address in {elapsed:.1f} s: {dict(sorted(statuses.items()))}")
        for label, values in (("idle", idle), ("during the flood", during)):
            print(f"/progress {label}: n={len(values)} p50={statistics.median(values):.1f} ms "
                  f"p95={percentile(values, 0.95):.1f} ms")


if __name__ == "__main__":
    main()
