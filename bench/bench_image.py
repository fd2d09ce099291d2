"""Benchmark the built-in illustrator: milliseconds per page at 1280x720 (and the 9:16 and 1:1 sizes).

Draws every page of a few built-in stories (compose_story, several settings, both languages)
and prints wall and CPU milliseconds per page for each size, plus the slowest page. The
machine is shared, so CPU time is the fairer figure when the load average is high. Not run
by the tests.

    .venv/bin/python bench/bench_image.py [--sizes 1280x720,720x1280,1080x1080] [--seed 7]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyagent.offline.illustrator import OfflineIllustrator
from storyagent.offline.story_parts import compose_story

BRIEFS = (
    ("a little hen who learns to share her toys", "a green meadow by a pond", "en"),
    ("a dragon who cannot breathe fire", "a snowy mountain", "en"),
    ("a robot who wants to paint", "a city park", "en"),
    ("a turtle and a hare have a race", "a forest at night", "en"),
    ("a little cloud who is scared of thunder", "a meadow by a brook", "en"),
    ("一只想放风筝的小兔子", "海边", "zh"),
)


def main() -> None:
    """Draw the stories at each size and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1280x720,720x1280,1080x1080")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    illustrator = OfflineIllustrator.from_config({})
    stories = [compose_story(topic, "", scene, language, args.seed) for topic, scene, language in BRIEFS]
    illustrator.illustrate(stories[0], 1, "", (320, 180), args.seed)    # warm caches (vignette, regexes)
    print(f"load average {os.getloadavg()[0]:.2f}; {sum(len(s['pages']) for s in stories)} pages per size")
    for size_text in args.sizes.split(","):
        size = tuple(int(v) for v in size_text.split("x"))
        times = []
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for story in stories:
            for page in range(1, len(story["pages"]) + 1):
                start = time.perf_counter()
                illustrator.illustrate(story, page, "", size, args.seed)
                times.append(time.perf_counter() - start)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        count = len(times)
        print(f"{size_text:>9}: {wall / count * 1000:6.1f} ms/page wall, {cpu / count * 1000:6.1f} ms/page CPU, "
              f"slowest page {max(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
