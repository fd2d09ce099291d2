"""Time the built-in writer over its topic corpus and print the variety figure.

    PYTHONPATH=. python bench/bench_story.py          # figures
    PYTHONPATH=. python bench/bench_story.py --show   # and every story
"""
from __future__ import annotations

import statistics
import sys
import time

from storyagent.offline.story_parts import compose_story
from storyagent.offline.story_parts.checks import (
    CORPUS,
    repeated_sentences,
    shared_run_fraction,
)


def main() -> None:
    show = "--show" in sys.argv
    compose_story("warm up", "", "", "en", 0)      # compile the regexes once, as a running server has
    timings, stories = [], []
    for seed, (topic, language, _, _) in enumerate(CORPUS):
        start = time.perf_counter()
        story = compose_story(topic, "", "", language, seed)
        timings.append(time.perf_counter() - start)
        stories.append(story)
        if show:
            print(f"\n=== {topic} [{language}] -> {story['title']} ({story['scene']}) {story['roles']}")
            for page in story["pages"]:
                print("  -", page)
    english = [s for s in stories if s["language"] == "en"]
    fraction, sharing, total = shared_run_fraction(english)
    words = [len(" ".join(s["pages"]).split()) for s in english]
    print(f"stories: {len(stories)}  compose_story: median {statistics.median(timings) * 1000:.2f} ms, "
          f"max {max(timings) * 1000:.2f} ms, total {sum(timings) * 1000:.1f} ms")
    print(f"English pages sharing a 6-word run with another story: {sharing}/{total} = {fraction:.1%}")
    print(f"English words per story: min {min(words)}, median {statistics.median(words)}, max {max(words)}")
    print(f"pages per story: {min(len(s['pages']) for s in stories)}-{max(len(s['pages']) for s in stories)}")
    print(f"stories with a repeated sentence: {sum(bool(repeated_sentences(s)) for s in stories)}")
    figures = []
    for seed_set in range(1, 20):       # the same corpus with other seeds, as other users would get
        others = [compose_story(topic, "", "", "en", seed_set * 100 + index)
                  for index, (topic, language, _, _) in enumerate(CORPUS) if language == "en"]
        figures.append(shared_run_fraction(others)[0])
    print("variety with seed sets 1-19: " + ", ".join(f"{figure:.1%}" for figure in figures))
    everything = [fraction, *figures]
    print(f"variety over 20 seed sets: mean {statistics.mean(everything):.1%}, "
          f"min {min(everything):.1%}, max {max(everything):.1%}")


if __name__ == "__main__":
    main()
