"""How close the read-along word times estimated from audio come to espeak-ng's own word events.

Narrates the writer's corpus stories with espeak-ng, takes its word events as the truth and
prints the share of words whose estimated start (word_timing.estimate_word_times, the path a
Piper or remote voice takes) is within 150 ms, plus the median and 90th-percentile error.

    PYTHONPATH=. python bench/bench_readalong.py            # English and Chinese corpus stories
    PYTHONPATH=. python bench/bench_readalong.py --worst    # and the sentences with the largest errors
    PYTHONPATH=. python bench/bench_readalong.py --first=8  # topics 8-15 (the model was fitted on 0-7)
    PYTHONPATH=. python bench/bench_readalong.py --piper    # Piper's voice against Piper's own word times

``--piper`` narrates with PiperTTS, whose voice model is patched at load to report how many
samples each phoneme lasts (providers/piper_model.py); a word starts with its first phoneme.
Those are the times the service uses for Piper; the estimate from audio is measured against them.
"""
from __future__ import annotations

import sys

import numpy as np

from storyagent.audio import normalize_speech
from storyagent.offline.story_parts import compose_story
from storyagent.offline.story_parts.checks import CORPUS, sentences
from storyagent.pipeline.word_timing import atom_texts, estimate_word_times, event_starts
from storyagent.providers.tts import EspeakTTS

TOLERANCE = 0.150
# which corpus topics (8 per language): the word-length model was fitted on topics 0-7 of English
FIRST = int(next((arg.split("=")[1] for arg in sys.argv if arg.startswith("--first=")), "0"))


def sentence_errors(tts: EspeakTTS, text: str, language: str) -> list[float]:
    """Absolute start errors (s) of the words of one sentence that espeak reports a start for: estimate
    from audio vs espeak's event (in Chinese espeak reports words of several characters: their first)."""
    timed = tts.synthesize_timed(text, language)
    clip = normalize_speech(timed.audio)
    samples = np.frombuffer(clip.raw_data, dtype=np.int16).astype(np.float32)
    atoms = atom_texts(text)
    truth = event_starts(text, atoms, timed.words)
    guess = estimate_word_times(samples, clip.frame_rate, atoms)
    return [abs(guess[index].start - start) for index, start in truth.items()]


def measure_piper() -> None:
    """The estimate on Piper's voice (the default narrator) against Piper's own word times (PiperTTS, from
    its phoneme durations), and how many sentences get those engine times at all."""
    from storyagent.pipeline.word_timing import clip_samples, clip_word_times
    from storyagent.providers.tts_piper import PiperTTS

    tts = PiperTTS()
    texts = []
    topics = [topic for topic, lang, _, _ in CORPUS if lang == "en"][FIRST:FIRST + 8]
    for seed, topic in enumerate(topics):
        for page in compose_story(topic, "", "", "en", seed)["pages"]:
            texts += sentences(page, "en")
    errors, fallbacks = [], 0
    for text, speech in zip(texts, tts.synthesize_many_timed(texts, "en")):
        clip = normalize_speech(speech.audio)
        entry = clip_word_times(text, clip, speech.words)
        if entry["source"] != "engine":
            fallbacks += 1                           # phonemes and words did not pair up: estimated instead
            continue
        samples, rate = clip_samples(clip)
        guess = estimate_word_times(samples, rate, atom_texts(text))
        errors += [abs(guess[index].start - word["start"]) for index, word in enumerate(entry["words"])
                   if any(character.isalnum() for character in word["text"])]
    share = np.mean(np.asarray(errors) <= TOLERANCE)
    print(f"piper en: {len(texts) - fallbacks} of {len(texts)} sentences timed by the engine; {len(errors)} words: "
          f"estimate within {TOLERANCE * 1000:.0f} ms of the engine for {share:.1%}; median error "
          f"{np.median(errors) * 1000:.0f} ms, 90th percentile {np.percentile(errors, 90) * 1000:.0f} ms")


def main() -> None:
    if "--piper" in sys.argv:
        measure_piper()
        return
    tts = EspeakTTS()
    worst = "--worst" in sys.argv
    for language in ("en", "zh"):
        errors: list[float] = []
        bad: list[tuple[float, str]] = []
        topics = [topic for topic, lang, _, _ in CORPUS if lang == language][FIRST:FIRST + 8]
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
