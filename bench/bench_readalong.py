"""How close the read-along word times estimated from audio come to espeak-ng's own word events.

Narrates the writer's corpus stories with espeak-ng, takes its word events as the truth and
prints the share of words whose estimated start (word_timing.estimate_word_times, the path a
Piper or remote voice takes) is within 150 ms, plus the median and 90th-percentile error.

    PYTHONPATH=. python bench/bench_readalong.py            # English and Chinese corpus stories
    PYTHONPATH=. python bench/bench_readalong.py --worst    # and the sentences with the largest errors
"""
from __future__ import annotations

import sys

import numpy as np

from storyagent.audio import normalize_speech
from storyagent.offline.story_parts import compose_story
from storyagent.offline.story_parts.checks import CORPUS, sentences
from storyagent.pipeline.word_timing import atom_texts, engine_word_times, estimate_word_times, speech_end_seconds
from storyagent.providers.tts import EspeakTTS

TOLERANCE = 0.150


def sentence_errors(tts: EspeakTTS, text: str, language: str) -> list[float]:
    """Absolute start errors (s) of every word of one sentence: estimate from audio vs espeak's events."""
    timed = tts.synthesize_timed(text, language)
    clip = normalize_speech(timed.audio)
    samples = np.frombuffer(clip.raw_data, dtype=np.int16).astype(np.float32)
    atoms = atom_texts(text)
    truth = engine_word_times(text, atoms, timed.words, speech_end_seconds(samples, clip.frame_rate))
    guess = estimate_word_times(samples, clip.frame_rate, atoms)
    return [abs(a.start - b.start) for a, b in zip(truth, guess)]


def main() -> None:
    tts = EspeakTTS()
    worst = "--worst" in sys.argv
    for language in ("en", "zh"):
        errors: list[float] = []
        bad: list[tuple[float, str]] = []
        topics = [topic for topic, lang, _, _ in CORPUS if lang == language][:8]
        for seed, topic in enumerate(topics):
            story = compose_story(topic, "", "", language, seed)
            for page in story["pages"]:
                for text in sentences(page, language):
                    found = sentence_errors(tts, text, language)
                    errors += found
                    bad.append((max(found), text))
        share = np.mean(np.asarray(errors) <= TOLERANCE)
        print(f"{language}: {len(errors)} words in {len(bad)} sentences: {share:.1%} within "
              f"{TOLERANCE * 1000:.0f} ms; median error {np.median(errors) * 1000:.0f} ms, "
              f"90th percentile {np.percentile(errors, 90) * 1000:.0f} ms")
        if worst:
            for error, text in sorted(bad, reverse=True)[:5]:
                print(f"   {error * 1000:.0f} ms  {text}")


if __name__ == "__main__":
    main()
