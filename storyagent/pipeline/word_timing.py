"""When each word of a narrated sentence starts: from the TTS engine's word events, else from the audio.

The words are the caption atoms of the sentence (split.sentence_atoms: words with their
punctuation, or CJK characters), so a read-along caption can colour exactly the atom it shows.

espeak-ng reports where every word starts (providers.tts.WordEvent); Piper reports how long
each phoneme lasts, which providers.tts_piper turns into the same word events (its model is
patched for it at load, with the ``onnx`` package). Those times are used as they are. A Piper
voice that cannot be patched and remote voices report nothing, so for them the times are
estimated from the clip itself:

1. the clip's loudness every 10 ms marks voiced stretches; silences of PAUSE_SECONDS or more
   split the speech into phrases;
2. each word's expected length comes from its syllables and letters (a CJK character: one
   syllable); a small dynamic programme hands whole runs of words to each phrase, preferring
   to end a phrase after punctuation and to match the phrase's length;
3. inside a phrase the words are spread by their expected lengths, then each start moves to
   the nearest dip in loudness (where one word ends and the next begins) if there is one close
   enough.

tests/test_readalong.py measures the estimate against espeak-ng's own word events.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .linebreak import CJK_CHARACTER, Atom, break_cost
from .split import sentence_atoms

HOP_SECONDS = 0.01          # loudness is measured every 10 ms
SILENCE_BELOW_PEAK_DB = 45  # quieter than the loudest 10 ms by this much: silence
PAUSE_SECONDS = 0.12        # a silence this long separates phrases (a stop consonant's closure is shorter)
SNAP_SECONDS = 0.08         # a word start moves to a dip in loudness at most this far away
DIP_DEPTH_DB = 4.0          # a dip must be this much quieter than the loudness on both sides
SPLIT_COST = 0.05           # times linebreak.break_cost: a pause is likelier after punctuation, before "and"

# seconds of a word (espeak-ng at 150 words a minute; only the proportions matter)
WORD_BASE, WORD_PER_SYLLABLE, WORD_PER_LETTER = 0.125, 0.03, 0.034
PHRASE_FINAL = 0.16          # a word before punctuation is drawn out
FUNCTION_WORD = 0.09         # "the", "to", "and" are said quickly
FUNCTION_WORDS = {"a", "an", "the", "to", "of", "and", "in", "on", "at", "for", "with", "was", "is", "he", "she",
                  "it", "his", "her", "they", "but", "so", "as", "from", "by", "that", "had", "be", "i", "you", "we"}
CJK_SYLLABLE, CJK_PHRASE_FINAL = 0.25, 0.1
_PHRASE_END = re.compile(r"[,;:.!?…，；：、。！？]\W*$")
_VOWELS = re.compile(r"[aeiouy]+")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class WordTime:
    """One caption atom of a sentence and when it is spoken (seconds into its clip)."""

    text: str
    start: float
    end: float


def atom_texts(sentence: str) -> list[str]:
    """The sentence's caption atoms (what read-along captions highlight one at a time)."""
    return [atom.text for atom in sentence_atoms(sentence)]


def atom_spans(sentence: str, atoms: list[str]) -> list[tuple[int, int]]:
    """Each atom's (first character, one past its last) in the sentence."""
    spans, cursor = [], 0
    for atom in atoms:
        found = sentence.find(atom, cursor)
        start = found if found >= 0 else cursor
        spans.append((start, start + len(atom)))
        cursor = start + len(atom)
    return spans


def syllables(word: str) -> float:
    """A rough count of the syllables of one atom (a CJK character is one; digits a syllable each)."""
    if CJK_CHARACTER.search(word):
        return float(len(CJK_CHARACTER.findall(word)))
    lowered = word.lower()
    letters = "".join(_LETTERS.findall(lowered))
    digits = sum(character.isdigit() for character in lowered)
    if not letters:
        return float(digits)
    groups = len(_VOWELS.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1                                   # a silent final e ("smile", "stone")
    return float(max(1, groups) + digits)


def expected_lengths(atoms: list[str]) -> np.ndarray:
    """Relative spoken length of each atom, from its letters and syllables, shorter for a small function
    word, longer at the end of a phrase (fitted on espeak-ng's word events over the writer's corpus:
    r² 0.76 for English words' voiced length; Piper lengthens phrase ends and shortens "the" alike)."""
    lengths = []
    for atom in atoms:
        count = syllables(atom)
        if not count:
            lengths.append(0.0)
            continue
        final = bool(_PHRASE_END.search(atom))
        if CJK_CHARACTER.search(atom):
            lengths.append(count * CJK_SYLLABLE + (CJK_PHRASE_FINAL if final else 0.0))
            continue
        letters = len(_LETTERS.findall(atom))
        bare = "".join(_LETTERS.findall(atom.lower()))
        lengths.append(WORD_BASE + WORD_PER_SYLLABLE * count + WORD_PER_LETTER * letters
                       + (PHRASE_FINAL if final else 0.0) - (FUNCTION_WORD if bare in FUNCTION_WORDS else 0.0))
    return np.asarray(lengths, dtype=float)


def loudness_db(samples: np.ndarray, rate: int) -> np.ndarray:
    """The clip's loudness (dB, RMS of each 10 ms)."""
    hop = max(1, int(round(rate * HOP_SECONDS)))
    count = len(samples) // hop
    if count == 0:
        return np.zeros(0)
    frames = samples[:count * hop].astype(np.float64).reshape(count, hop)
    return 10 * np.log10(np.mean(frames * frames, axis=1) + 1e-9)


def phrases(voiced: np.ndarray) -> list[tuple[int, int]]:
    """(first, one past last) 10 ms frames of each stretch of speech between pauses of PAUSE_SECONDS or more."""
    indices = np.flatnonzero(voiced)
    if not len(indices):
        return []
    gap = int(round(PAUSE_SECONDS / HOP_SECONDS))
    stretches, start, last = [], indices[0], indices[0]
    for index in indices[1:]:
        if index - last > gap:
            stretches.append((int(start), int(last) + 1))
            start = index
        last = index
    stretches.append((int(start), int(last) + 1))
    return stretches


def group_words(lengths: np.ndarray, atoms: list[Atom], stretch_frames: list[int]) -> list[int]:
    """How many atoms each phrase gets (a dynamic programme: fit the phrases' lengths, break at punctuation)."""
    count, phrases_count = len(atoms), len(stretch_frames)
    total = float(sum(stretch_frames))
    weight_total = float(lengths.sum()) or 1.0
    cumulative = np.concatenate([[0.0], np.cumsum(lengths)])
    inf = math.inf
    # best[p][w]: cost of giving the first w atoms to the first p phrases
    best = np.full((phrases_count + 1, count + 1), inf)
    back = np.zeros((phrases_count + 1, count + 1), dtype=int)
    best[0][0] = 0.0
    for phrase in range(1, phrases_count + 1):
        share = stretch_frames[phrase - 1] / total
        for words in range(phrase, count - (phrases_count - phrase) + 1):
            for first in range(phrase - 1, words):
                if best[phrase - 1][first] == inf:
                    continue
                expected = (cumulative[words] - cumulative[first]) / weight_total
                misfit = math.log((expected + 0.02) / (share + 0.02)) ** 2
                cut = 0.0 if words == count else SPLIT_COST * break_cost(atoms[words - 1], atoms[words])
                cost = best[phrase - 1][first] + misfit + cut
                if cost < best[phrase][words]:
                    best[phrase][words], back[phrase][words] = cost, first
    sizes, words = [], count
    for phrase in range(phrases_count, 0, -1):
        first = back[phrase][words]
        sizes.append(words - first)
        words = first
    return sizes[::-1]


def _dips(level: np.ndarray, first: int, last: int) -> list[int]:
    """Frames inside a phrase where loudness dips between two louder stretches (a likely word boundary)."""
    found = []
    reach = 4
    for frame in range(first + 1, last - 1):
        left = level[max(first, frame - reach):frame]
        right = level[frame + 1:min(last, frame + 1 + reach)]
        if not len(left) or not len(right):
            continue
        if level[frame] <= left.min() and level[frame] <= right.min() and \
                min(left.max(), right.max()) - level[frame] >= DIP_DEPTH_DB:
            found.append(frame)
    return found


def _place_in_phrase(lengths: np.ndarray, first: int, last: int, level: np.ndarray) -> list[float]:
    """Start frames of the atoms of one phrase: spread by expected length, each moved to a nearby dip."""
    span = last - first
    total = float(lengths.sum()) or 1.0
    starts = [first + span * float(lengths[:index].sum()) / total for index in range(len(lengths))]
    dips = _dips(level, first, last)
    reach = SNAP_SECONDS / HOP_SECONDS
    placed = [float(first)]
    for index in range(1, len(starts)):
        target = starts[index]
        near = [dip for dip in dips if abs(dip - target) <= reach and dip > placed[-1] + 3]
        placed.append(float(min(near, key=lambda dip: abs(dip - target))) if near else max(target, placed[-1] + 1))
    return placed


def estimate_word_times(samples: np.ndarray, rate: int, atoms: list[str]) -> list[WordTime]:
    """When each atom starts and ends in a clip of speech (mono samples), estimated from the audio alone."""
    duration = len(samples) / rate if rate else 0.0
    if not atoms:
        return []
    level = loudness_db(samples, rate)
    if not len(level) or level.max() <= -80:
        return spread_evenly(atoms, 0.0, duration)
    voiced = level > level.max() - SILENCE_BELOW_PEAK_DB
    stretches = phrases(voiced)
    lengths = expected_lengths(atoms)
    if not lengths.any():
        lengths = np.ones(len(atoms))
    speaking = np.flatnonzero(lengths > 0)
    spoken = [Atom(atoms[index], True) for index in speaking]
    while len(stretches) > len(spoken):                # more pauses than words: close the shortest gaps
        gaps = [stretches[index + 1][0] - stretches[index][1] for index in range(len(stretches) - 1)]
        joined = int(np.argmin(gaps))
        stretches[joined:joined + 2] = [(stretches[joined][0], stretches[joined + 1][1])]
    sizes = group_words(lengths[speaking], spoken, [end - start for start, end in stretches])
    starts_frames: list[float] = []
    cursor = 0
    for (first, last), size in zip(stretches, sizes):
        starts_frames += _place_in_phrase(lengths[speaking][cursor:cursor + size], first, last, level)
        cursor += size
    speech_end = stretches[-1][1] * HOP_SECONDS
    spoken_starts = {int(index): frame * HOP_SECONDS for index, frame in zip(speaking, starts_frames)}
    return _with_ends(atoms, _fill_silent(atoms, spoken_starts), speech_end)


def _fill_silent(atoms: list[str], starts: dict[int, float]) -> list[float]:
    """Start times for every atom: an atom that is not spoken (a lone dash) starts with the next spoken one."""
    result: list[float] = []
    following = None
    for index in range(len(atoms) - 1, -1, -1):
        following = starts.get(index, following)
        result.append(following if following is not None else (max(starts.values()) if starts else 0.0))
    return result[::-1]


def _with_ends(atoms: list[str], starts: list[float], speech_end: float) -> list[WordTime]:
    """Each atom lasts until the next one starts; the last until the speech ends."""
    times = []
    for index, (atom, start) in enumerate(zip(atoms, starts)):
        end = starts[index + 1] if index + 1 < len(starts) else max(speech_end, start)
        times.append(WordTime(atom, round(start, 3), round(max(end, start), 3)))
    return times


def spread_evenly(atoms: list[str], start: float, end: float) -> list[WordTime]:
    """Atoms spread over ``start`` .. ``end`` by their expected lengths (a silent or unreadable clip)."""
    lengths = expected_lengths(atoms)
    if not lengths.any():
        lengths = np.ones(len(atoms))
    edges = start + (end - start) * np.concatenate([[0.0], np.cumsum(lengths)]) / lengths.sum()
    return [WordTime(atom, round(float(edges[index]), 3), round(float(edges[index + 1]), 3))
            for index, atom in enumerate(atoms)]


def event_starts(sentence: str, atoms: list[str], events: list) -> dict[int, float]:
    """The atoms that an engine word event starts in, with its time ("Lily," gets the event of "Lily").

    espeak-ng's Mandarin voice reports one event per word of several characters (抬头一看):
    only the first character gets a time here.
    """
    spans = atom_spans(sentence, atoms)
    starts: dict[int, float] = {}
    for event in sorted(events, key=lambda event: event.start):
        for index, (first, last) in enumerate(spans):
            if first <= event.start < last or (event.start < first < event.start + max(1, event.length)):
                starts.setdefault(index, float(event.seconds))
                break
    latest, ordered = 0.0, {}
    for index in sorted(starts):
        latest = max(latest, starts[index])
        ordered[index] = latest
    return ordered


def engine_word_times(sentence: str, atoms: list[str], events: list, speech_end: float) -> list[WordTime]:
    """Atom times from the engine's word events; atoms between two events share the time between them
    by their expected lengths (the characters of a Chinese word), an atom after the last event runs to
    the end of the speech."""
    anchors = event_starts(sentence, atoms, events)
    if not anchors:
        return spread_evenly(atoms, 0.0, speech_end)
    lengths = expected_lengths(atoms)
    starts = [0.0] * len(atoms)
    marks = sorted(anchors) + [len(atoms)]
    for index in range(marks[0]):
        starts[index] = anchors[marks[0]]                    # before the first event: nothing said yet
    for first, following in zip(marks, marks[1:]):
        end = anchors[following] if following < len(atoms) else max(speech_end, anchors[first])
        weights = lengths[first:following]
        weights = weights if weights.sum() > 0 else np.ones(following - first)
        edges = np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum()
        for offset in range(following - first):
            starts[first + offset] = anchors[first] + (end - anchors[first]) * float(edges[offset])
    return _with_ends(atoms, starts, speech_end)


def speech_end_seconds(samples: np.ndarray, rate: int) -> float:
    """Where the voice stops in a clip (the end of its last voiced 10 ms)."""
    level = loudness_db(samples, rate)
    if not len(level) or level.max() <= -80:
        return len(samples) / rate if rate else 0.0
    voiced = np.flatnonzero(level > level.max() - SILENCE_BELOW_PEAK_DB)
    return float(voiced[-1] + 1) * HOP_SECONDS


def clip_samples(clip) -> tuple[np.ndarray, int]:
    """A mono 16-bit AudioSegment's samples (float) and rate."""
    return np.frombuffer(clip.raw_data, dtype=np.int16).astype(np.float32), int(clip.frame_rate)


def clip_word_times(sentence: str, clip, events: list | None) -> dict:
    """speech/words.json's entry for one narrated sentence: where its words come from and their times."""
    samples, rate = clip_samples(clip)
    atoms = atom_texts(sentence)
    if events:
        times, source = engine_word_times(sentence, atoms, events, speech_end_seconds(samples, rate)), "engine"
    else:
        times, source = estimate_word_times(samples, rate, atoms), "audio"
    return {"source": source, "words": [{"text": word.text, "start": word.start, "end": word.end} for word in times]}
