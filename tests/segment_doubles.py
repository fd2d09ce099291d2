"""Segment doubles steered through files, so one double works in the test process and in a Celery worker.

A test holds segments (each one reports progress until released), or makes one segment fail; the
runner under test (thread, sync, or a Celery worker process started with ``SEGMENT_DOUBLES`` set)
runs them through its real job code. Everything the double sees and does is a file in one folder.
"""
from __future__ import annotations

import time
from pathlib import Path

from storyagent.domain import SegmentError

POLL = 0.02
# a safety net: whoever waits longer fails saying what it waited for
LIMIT = 120.0


class SegmentDoubles:
    """`function(number)` replaces `storyagent.runners.job.segment_function`; the test steers it here."""

    def __init__(self, folder: Path, real):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.real = real

    # -- the test's side ------------------------------------------------------------------
    def hold(self) -> None:
        """From now on every segment is the double: it reports progress until `release()`."""
        (self.folder / "double").touch()
        (self.folder / "gate").touch()

    def release(self) -> None:
        (self.folder / "gate").unlink(missing_ok=True)

    def fail(self, segment: int, message: str) -> None:
        """Make `segment` raise a SegmentError with `message` (the others stay real)."""
        (self.folder / f"fail-{segment}").write_text(message)

    def reset(self) -> None:
        for path in self.folder.iterdir():
            path.unlink()

    def wait_started(self, task_id: int, segment: int = 1) -> None:
        """Wait until the held double of `segment` runs for `task_id`."""
        deadline = time.monotonic() + LIMIT
        while not (self.folder / f"started-{task_id}-{segment}").exists():
            assert time.monotonic() < deadline, f"segment {segment} of task {task_id} never started"
            time.sleep(POLL)

    def ran(self) -> list[tuple[int, int]]:
        """(task, segment) of every double that ran, in order."""
        log = self.folder / "ran"
        lines = log.read_text().split() if log.exists() else []
        return [tuple(map(int, line.split(":"))) for line in lines]

    # -- the runner's side ------------------------------------------------------------------
    def function(self, number: int):
        """What `segment_function(number)` returns while these doubles are installed."""
        failure = self.folder / f"fail-{number}"
        if failure.exists():
            message = failure.read_text()

            def broken(ctx):
                raise SegmentError(message)
            return broken
        if not (self.folder / "double").exists():
            return self.real(number)

        def held(ctx):
            task_id = ctx.story_dir.task_id
            with open(self.folder / "ran", "a") as log:
                log.write(f"{task_id}:{number}\n")
            (self.folder / f"started-{task_id}-{number}").touch()
            while (self.folder / "gate").exists():
                ctx.progress(0.5, "held by the test")  # raises SegmentCancelled once the run is stopped
                time.sleep(POLL)
            return []
        return held
