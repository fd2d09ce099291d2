"""Time the built-in writer over its topic corpus and print the variety figure (over 20 seed sets).

    PYTHONPATH=. python bench/bench_story.py          # figures
    PYTHONPATH=. python bench/bench_story.py --show   # and every story
    PYTHONPATH=. python bench/bench_story.py --held-out   # and seed sets 20-99, and 100-199 (the tellings
                                                          # were chosen by reading sets 0-99; 100-199 are unseen)
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
    variety_over_seed_sets,
)

SEED_SETS = 20


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
    figures = variety_over_seed_sets(SEED_SETS)
    print(f"variety over {SEED_SETS} seed sets (set 0 = the test corpus): min {min(figures):.1%}, "
          f"avg {statistics.mean(figures):.1%}, max {max(figures):.1%}")
    print("  per set: " + ", ".join(f"{figure:.1%}" for figure in figures))
    if "--held-out" in sys.argv:
        more = variety_over_seed_sets(200)
        for low, high in ((20, 60), (60, 100), (100, 200)):
            part = more[low:high]
            print(f"variety over seed sets {low}-{high - 1}: avg {statistics.mean(part):.1%}, max {max(part):.1%}, "
                  f"{sum(figure > 0.20 for figure in part)} of {len(part)} above 20 %")
    for pages in (6, 16):
        start = time.perf_counter()
        sized = [compose_story(topic, "", "", language, seed, pages=pages) for seed, (topic, language, _, _) in enumerate(CORPUS)]
        took = (time.perf_counter() - start) / len(sized)
        counts = {len(story["pages"]) for story in sized}
        print(f"STORY_PAGES={pages}: page counts {sorted(counts)}, {took * 1000:.2f} ms a story")

if __name__ == "__main__":
    main()
