"""How close the read-along word times estimated from audio come to espeak-ng's own word events.

Narrates the writer's corpus stories with espeak-ng, takes its word events as the truth and
prints the share of words whose estimated start (word_timing.estimate_word_times, the path a
Piper or remote voice takes) is within 150 ms, plus the median and 90th-percentile error.

    PYTHONPATH=. python bench/bench_readalong.py            # English and Chinese corpus stories
    PYTHONPATH=. python bench/bench_readalong.py --worst    # and the sentences with the largest errors
    PYTHONPATH=. python bench/bench_readalong.py --first=8  # topics 8-15 (the model was fitted on 0-7)
    PYTHONPATH=. python bench/bench_readalong.py --piper    # Piper's voice against Piper's own alignments

``--piper`` needs the ``onnx`` package (not a dependency: ``pip install onnx``) to patch the
bundled voice in memory so that it reports how many samples each phoneme lasts; a word starts
with its first phoneme after a space. That is the truth for the Piper voice the service uses.
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


def piper_word_starts(voice, text: str, length_scale: float) -> tuple[np.ndarray, int, list[float]] | None:
    """Piper's audio of one sentence and where each spoken word starts by its phoneme alignments."""
    from piper import SynthesisConfig

    chunks = list(voice.synthesize(text, SynthesisConfig(length_scale=length_scale), include_alignments=True))
    if len(chunks) != 1 or not chunks[0].phoneme_alignments:
        return None
    chunk = chunks[0]
    starts, samples, new_word = [], 0, True
    for alignment in chunk.phoneme_alignments:
        if alignment.phoneme == " ":
            new_word = True
        elif new_word and alignment.phoneme not in "^$_" and alignment.phoneme.strip(",.;:!?\"'"):
            starts.append(samples / chunk.sample_rate)
            new_word = False
        samples += alignment.num_samples
    return chunk.audio_int16_array.astype(np.float32), chunk.sample_rate, starts


def measure_piper() -> None:
    """The estimate on Piper's voice (the default narrator), against Piper's own phoneme alignments."""
    import json
    from pathlib import Path

    import onnx
    import onnxruntime
    from piper import PiperConfig, PiperVoice
    from piper.patch_voice_with_alignment import add_alignment_output

    from storyagent.providers.tts_piper import LENGTH_SCALE, bundled_voice

    model = onnx.load(str(bundled_voice()))
    add_alignment_output(model)
    config = json.loads(Path(str(bundled_voice()) + ".json").read_text(encoding="utf-8"))
    voice = PiperVoice(session=onnxruntime.InferenceSession(model.SerializeToString(),
                                                            providers=["CPUExecutionProvider"]),
                       config=PiperConfig.from_dict(config))
    errors, skipped = [], 0
    topics = [topic for topic, lang, _, _ in CORPUS if lang == "en"][FIRST:FIRST + 8]
    for seed, topic in enumerate(topics):
        for page in compose_story(topic, "", "", "en", seed)["pages"]:
            for text in sentences(page, "en"):
                found = piper_word_starts(voice, text, LENGTH_SCALE)
                atoms = atom_texts(text)
                spoken = [index for index, atom in enumerate(atoms) if any(ch.isalnum() for ch in atom)]
                if found is None or len(found[2]) != len(spoken):
                    skipped += 1                     # numbers and the like: phonemes and words do not pair up
                    continue
                guess = estimate_word_times(found[0], found[1], atoms)
                errors += [abs(guess[index].start - start) for index, start in zip(spoken, found[2])]
    share = np.mean(np.asarray(errors) <= TOLERANCE)
    print(f"piper en: {len(errors)} words: {share:.1%} within {TOLERANCE * 1000:.0f} ms; median error "
          f"{np.median(errors) * 1000:.0f} ms, 90th percentile {np.percentile(errors, 90) * 1000:.0f} ms "
          f"({skipped} sentences skipped)")


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
