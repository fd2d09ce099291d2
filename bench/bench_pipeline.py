"""Benchmark the whole pipeline: topic -> output.mp4 with every default, for a 10-page story.

Runs the five segments in order as plain functions (no server), prints each segment's wall
seconds, the total and the video's length. Target: <= 30 s on the 2-core machine. Not run
by the tests.

    .venv/bin/python bench/bench_pipeline.py [--pages 10] [--topic "..."]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import imageio_ffmpeg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyagent.config import defaults  # noqa: E402
from storyagent.domain import SEGMENT_NAMES, StoryBrief  # noqa: E402
from storyagent.pipeline import SegmentContext, segment_function  # noqa: E402
from storyagent.storage import StoryDir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--topic", default="a lost kitten learns to ask for help")
    parser.add_argument("--language", default="en", choices=("en", "zh"))
    args = parser.parse_args()
    settings = {**defaults(), "STORY_PAGES": args.pages}   # the writer writes exactly that many pages
    print(f"machine: {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[:3]}")
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as base:
        story_dir = StoryDir(base, 1)
        brief = StoryBrief(topic=args.topic, main_role="Mimi", scene="forest", language=args.language, seed=1)
        ctx = SegmentContext(story_dir=story_dir, brief=brief, config=settings)
        timings, cpu_times = {}, {}
        start, start_cpu = time.perf_counter(), cpu_seconds()
        for segment, name in SEGMENT_NAMES.items():
            began, began_cpu = time.perf_counter(), cpu_seconds()
            segment_function(segment)(ctx)
            timings[name], cpu_times[name] = time.perf_counter() - began, cpu_seconds() - began_cpu
        total, total_cpu = time.perf_counter() - start, cpu_seconds() - start_cpu
        frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(story_dir.video_path))
        print(f"story: {args.pages} pages, seed {brief.seed}, language {args.language}")
        print("segments (wall / CPU): " + ", ".join(f"{name} {spent:.1f} / {cpu_times[name]:.1f} s"
                                                   for name, spent in timings.items()))
        print(f"topic -> mp4: {total:.1f} s wall, {total_cpu:.1f} s CPU (this process and its ffmpeg), for "
              f"{seconds:.1f} s of video ({frames} frames, {story_dir.video_path.stat().st_size / 2**20:.1f} MB); "
              f"target <= 30 s wall")
        print(f"    on a machine this busy the wall time mostly measures the others; CPU / 2 = "
              f"{total_cpu / 2:.1f} s is the floor on two free cores")


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and the child processes it has waited for (ffmpeg)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
