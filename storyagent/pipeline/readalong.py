"""Read-along captions: which word of a cue is being spoken, cue changes on word boundaries, readalong.json.

The Speech segment records when each caption atom of a sentence starts (speech/words.json,
seconds into its clip; see word_timing). Here those times are placed on the film's timeline
(clip.start already includes the title card and every pause before the sentence), each cue
learns which characters of which line each of its words occupies (CueWord), and a sentence
with several cues changes cue when the first word of the next cue is spoken, so the word
being highlighted is always on screen. No cue gets shorter than the caption rules allow; if a
rule holds a cue a moment longer, the next cue's first word is simply not highlighted yet.
"""
from __future__ import annotations

import json
import unicodedata
import wave
from pathlib import Path

import numpy as np

from .captions import Cue, CueWord, sentence_cues
from .linebreak import MIN_CUE_SECONDS
from .video_timeline import Clip, Timeline
from .word_timing import WordTime, atom_texts, estimate_word_times

WordTimes = dict[tuple[int, int], list[WordTime]]


def read_word_times(words_json: Path, timeline: Timeline) -> WordTimes:
    """Each sentence's word times from speech/words.json; a sentence missing there is estimated from its WAV.

    A story narrated before words.json existed (or one whose file does not match its sentences)
    still gets read-along captions this way, at the cost of reading its clips once.
    """
    recorded: dict[tuple[int, int], list[dict]] = {}
    try:
        for entry in json.loads(words_json.read_text(encoding="utf-8")).get("clips", []):
            recorded[(int(entry["page"]), int(entry["sentence"]))] = list(entry["words"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        recorded = {}
    times: WordTimes = {}
    for clip in timeline.story_clips:
        atoms = atom_texts(clip.text)
        found = recorded.get((clip.page, clip.sentence))
        if found is not None and [str(word.get("text")) for word in found] == atoms:
            times[(clip.page, clip.sentence)] = [WordTime(str(word["text"]), float(word["start"]), float(word["end"]))
                                                 for word in found]
        else:
            times[(clip.page, clip.sentence)] = estimate_word_times(*_wav_samples(clip.path), atoms)
    return times


def _wav_samples(path: Path) -> tuple[np.ndarray, int]:
    """A narrated clip's mono 16-bit samples and rate (what the Speech segment writes)."""
    with wave.open(str(path), "rb") as wav:
        rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
        data = wav.readframes(wav.getnframes())
    if width != 2:
        return np.zeros(0, dtype=np.float32), rate
    samples = np.frombuffer(data, dtype=np.int16).astype(np.float32)
    return (samples.reshape(-1, channels).mean(axis=1) if channels > 1 else samples), rate


def _core(atom: str) -> tuple[int, int]:
    """The part of an atom to highlight: the word without the punctuation around it ("fox," -> "fox")."""
    first, last = 0, len(atom)
    while first < last and unicodedata.category(atom[first]).startswith("P"):
        first += 1
    while last > first and unicodedata.category(atom[last - 1]).startswith("P"):
        last -= 1
    return (first, last) if last > first else (0, len(atom))


def place_words(lines: list[list[str]], atoms: list[str]) -> list[list[tuple[int, int, int]]] | None:
    """For each cue, (line, first, one past the last character) of each of its atoms' words; None if they do not match.

    The characters are the atom's word without the punctuation around it, which is not highlighted.
    """
    placed: list[list[tuple[int, int, int]]] = []
    index = 0
    for cue in lines:
        spans = []
        for number, line in enumerate(cue):
            cursor = 0
            while index < len(atoms):
                found = line.find(atoms[index], cursor)
                if found < 0 or line[cursor:found].strip():
                    break
                core = _core(atoms[index])
                spans.append((number, found + core[0], found + core[1]))
                cursor = found + len(atoms[index])
                index += 1
            if line[cursor:].strip():
                return None
        placed.append(spans)
    return placed if index == len(atoms) else None


def timed_sentence_cues(clip: Clip, lines: list[list[str]], limit: float, words: list[WordTime]) -> list[Cue]:
    """A sentence's cues, changing when the next cue's first word is spoken, each knowing its words' times."""
    placed = place_words(lines, [word.text for word in words])
    plain = sentence_cues(clip, lines, limit)
    if placed is None or any(not spans for spans in placed):
        return plain                                   # words.json does not match the captions: plain cues
    start, end = plain[0].start, plain[-1].end
    shortest = min(MIN_CUE_SECONDS, (end - start) / len(lines))
    first_words = np.cumsum([0] + [len(spans) for spans in placed])[:-1]
    bounds = [start] + [clip.start + words[first].start for first in first_words[1:]] + [end]
    for number in range(1, len(bounds) - 1):                     # no cue shorter than the rules allow
        bounds[number] = max(bounds[number], bounds[number - 1] + shortest)
    for number in range(len(bounds) - 2, 0, -1):
        bounds[number] = min(bounds[number], bounds[number + 1] - shortest)
    cues = []
    for number, (cue_lines, spans) in enumerate(zip(lines, placed)):
        first = int(first_words[number])
        cue_words = tuple(CueWord(line, left, right, clip.start + words[first + offset].start,
                                  clip.start + words[first + offset].end)
                          for offset, (line, left, right) in enumerate(spans))
        cues.append(Cue(bounds[number], bounds[number + 1], tuple(cue_lines), clip.page, cue_words))
    return cues


def readalong_record(timeline: Timeline, times: WordTimes) -> dict:
    """readalong.json: every sentence's words with their start and end in the film (seconds)."""
    sentences = []
    for clip in timeline.story_clips:
        words = times.get((clip.page, clip.sentence), [])
        sentences.append({"page": clip.page, "sentence": clip.sentence, "text": clip.text,
                          "start": round(clip.start, 3), "end": round(clip.end, 3),
                          "words": [{"text": word.text, "start": round(clip.start + word.start, 3),
                                     "end": round(clip.start + word.end, 3)} for word in words]})
    return {"sentences": sentences}
