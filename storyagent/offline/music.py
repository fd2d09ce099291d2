"""A gentle music bed composed and synthesised per story, offline, in a fraction of a second.

``story_mood`` reads the story for a mood (calm, playful or adventurous); ``compose`` turns
a seed and a mood into notes: a major key, a consonant four-bar progression per section,
a music-box melody moving by step over pentatonic and chord tones, a soft pad holding the
chords, plucked-string arpeggios and a round bass. ``render`` synthesises them with
additive sine partials under smooth envelopes (music box, pad, bass) and Karplus-Strong
(plucked strings): nothing with the hard edges of a square wave. Each distinct note is
synthesised once and reused, so a two-minute bed takes well under a second. The same
seed, mood and length always give exactly the same samples.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

MOODS = ("calm", "playful", "adventurous")
RATE = 44100
LEVEL_DBFS = -20.0           # RMS of a rendered bed, whatever its mood
# per mood, the gain that brings a bed to about LEVEL_DBFS RMS (measured: within 0.4 dB over 8 seeds)
MOOD_GAINS = MappingProxyType({"calm": 0.79, "playful": 0.63, "adventurous": 0.61})

# word stems that vote for a mood (English by word start, Chinese by substring)
MOOD_WORDS = {
    "calm": ("sleep", "night", "moon", "star", "dream", "quiet", "gentle", "soft", "rest", "lullab", "bed",
             "calm", "cosy", "cozy", "snow", "garden", "whisper", "hug", "睡", "夜", "月", "星", "梦", "安静", "温柔"),
    "playful": ("play", "game", "funny", "laugh", "giggl", "danc", "party", "jump", "silly", "joke", "bounc",
                "fun", "birthday", "splash", "sing", "song", "toy", "ball", "tickl", "picnic", "玩", "游戏", "笑",
                "跳", "派对", "生日", "有趣", "唱", "玩具", "球"),
    "adventurous": ("adventur", "journey", "quest", "brave", "dragon", "pirate", "treasure", "explor", "storm",
                    "mountain", "race", "rescue", "chase", "danger", "map", "ship", "castle", "climb", "jungle",
                    "volcano", "rocket", "space", "hero", "wild", "cave", "冒险", "勇敢", "宝藏", "海盗", "龙",
                    "探险", "风暴", "山", "救", "英雄", "火箭", "洞"),
}


@dataclass(frozen=True)
class MoodStyle:
    """How a mood sounds: tempo range (beats per minute), progressions and rhythms (in beats)."""

    tempo: tuple[int, int]
    progressions: tuple[tuple[int, ...], ...]    # scale degrees 0=I .. 5=vi, four bars each
    melody_rhythms: tuple[tuple[float, ...], ...]
    arpeggio_step: float                          # beats between plucked notes
    bass_beats: tuple[float, ...]
    melody_rest: float                            # chance that a melody note is left out


STYLES = {
    "calm": MoodStyle((60, 68), ((0, 5, 3, 4), (0, 3, 0, 4), (0, 2, 3, 0), (3, 0, 4, 0), (0, 4, 5, 3)),
                      ((2, 2), (3, 1), (4,), (2, 1, 1)), 1.0, (0,), 0.25),
    "playful": MoodStyle((84, 96), ((0, 4, 5, 3), (0, 3, 4, 3), (0, 5, 1, 4), (3, 4, 0, 0)),
                         ((1, 1, 1, 1), (1, 0.5, 0.5, 2), (1.5, 0.5, 1, 1), (0.5, 0.5, 1, 2)), 0.5, (0, 2), 0.15),
    "adventurous": MoodStyle((88, 100), ((5, 3, 0, 4), (5, 4, 3, 4), (0, 4, 5, 3), (3, 4, 5, 5)),
                             ((1, 1, 2), (0.5, 0.5, 1, 2), (1, 1, 1, 1), (1.5, 0.5, 2)), 0.5, (0, 1.5, 2), 0.15),
}
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
PENTATONIC_DEGREES = (0, 1, 2, 4, 5)              # the major pentatonic: no semitone clashes
KEYS = (60, 62, 63, 65, 67, 58)                   # tonics: C, D, Eb, F, G, Bb
BEATS_PER_BAR = 4
MELODY_RANGE = (72, 88)                           # music box, C5..E6
PAD_RANGE = (53, 69)
PLUCK_RANGE = (55, 74)
BASS_RANGE = (38, 50)
KS_DAMPING = 0.996          # Karplus-Strong loss per period of a plucked string
PICK_POSITION = 0.13        # where along the string it is plucked (0..1): sets its brightness
# (instrument level, pan -1 left .. 1 right)
VOICES = {"musicbox": (0.30, 0.35), "pad": (0.16, 0.0), "pluck": (0.22, -0.35), "bass": (0.30, 0.0)}


@dataclass(frozen=True)
class Note:
    start: float           # seconds
    length: float          # seconds it is held (its tail may ring on)
    midi: int
    instrument: str
    velocity: float        # 0..1


@dataclass(frozen=True)
class Composition:
    mood: str
    tempo: int
    tonic: int
    notes: tuple[Note, ...]

    def describe(self) -> str:
        names = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
        return f"{self.mood}: {names[self.tonic % 12]} major, {self.tempo} bpm, {len(self.notes)} notes"


def story_mood(text: str) -> str:
    """The mood whose words the story uses most (calm when none stands out)."""
    lowered = text.lower()
    words = re.findall(r"[a-z]+", lowered)
    scores = {}
    for mood, stems in MOOD_WORDS.items():
        latin = [stem for stem in stems if stem.isascii()]
        han = [stem for stem in stems if not stem.isascii()]
        scores[mood] = sum(word.startswith(stem) for word in words for stem in latin)
        scores[mood] += sum(lowered.count(stem) for stem in han)
    best = max(MOODS, key=lambda mood: scores[mood])
    return best if scores[best] > scores["calm"] else "calm"


def _pitch(tonic: int, degree: int) -> int:
    """The MIDI pitch of a scale degree (any integer; 7 is the tonic an octave up)."""
    octave, step = divmod(degree, 7)
    return tonic + 12 * octave + MAJOR_SCALE[step]


def _in_range(pitch: int, low: int, high: int) -> int:
    while pitch < low:
        pitch += 12
    while pitch > high:
        pitch -= 12
    return pitch


def _chord(tonic: int, root_degree: int) -> list[int]:
    """The diatonic triad on a scale degree, as pitch classes relative to C (0..11)."""
    return [_pitch(tonic, root_degree + step) % 12 for step in (0, 2, 4)]


def _voiced(pitch_classes: list[int], low: int, high: int) -> list[int]:
    return sorted(_in_range(low - low % 12 + pc, low, high) for pc in pitch_classes)


def _melody_phrase(rng: np.random.Generator, style: MoodStyle, tonic: int, progression: tuple[int, ...],
                   start_pitch: int) -> list[tuple[float, float, int, float]]:
    """(start beat, beats, pitch, velocity) of a four-bar music-box line that moves mostly by step."""
    allowed = sorted({_in_range(_pitch(tonic, degree) + 12 * octave, *MELODY_RANGE)
                      for degree in PENTATONIC_DEGREES + (3, 6) for octave in (0, 1)})
    pentatonic = {_pitch(tonic, degree) % 12 for degree in PENTATONIC_DEGREES}
    notes, pitch = [], start_pitch
    for bar, degree in enumerate(progression):
        chord = set(_chord(tonic, degree))
        rhythm = style.melody_rhythms[int(rng.integers(len(style.melody_rhythms)))]
        if bar == len(progression) - 1:
            rhythm = (2, 2) if len(rhythm) > 1 else rhythm
        position = 0.0
        for index, beats in enumerate(rhythm):
            strong = position in (0.0, 2.0)
            candidates = [p for p in allowed if (p % 12 in chord if strong else p % 12 in pentatonic | chord)]
            # step-wise motion: prefer the candidates nearest the last note, sometimes a small leap
            candidates.sort(key=lambda p: abs(p - pitch) + (0 if p != pitch else 3.5))
            pitch = candidates[min(len(candidates) - 1, int(rng.choice(3, p=(0.5, 0.3, 0.2))))]
            last = bar == len(progression) - 1 and index == len(rhythm) - 1
            if last:
                pitch = min((p for p in allowed if p % 12 == _pitch(tonic, degree) % 12), key=lambda p: abs(p - pitch))
            if last or strong or rng.random() > style.melody_rest:
                notes.append((bar * BEATS_PER_BAR + position, beats, pitch, 0.75 + 0.25 * strong))
            position += beats
    return notes


def compose(seed: int, mood: str, seconds: float) -> Composition:
    """Notes for ``seconds`` of music: sections of two four-bar phrases, A and B alternating."""
    style = STYLES[mood if mood in STYLES else "calm"]
    rng = np.random.default_rng([abs(int(seed)), MOODS.index(mood) if mood in MOODS else 0, 1729])
    tempo = int(rng.integers(style.tempo[0], style.tempo[1] + 1))
    tonic = int(KEYS[int(rng.integers(len(KEYS)))])
    beat = 60.0 / tempo
    bar_seconds = BEATS_PER_BAR * beat
    order = rng.permutation(len(style.progressions))
    progressions = [style.progressions[order[0]], style.progressions[order[1 % len(order)]]]
    phrases: dict[int, list] = {}
    notes: list[Note] = []
    bars = max(4, math.ceil(seconds / bar_seconds) + 1)
    pitch = _in_range(_pitch(tonic, 2), *MELODY_RANGE)
    for phrase_index in range(math.ceil(bars / 4)):
        section = (phrase_index // 2) % 2                          # A A B B A A B B ...
        progression = progressions[section]
        key = (section, phrase_index % 2)
        if key not in phrases or phrase_index >= 8 and rng.random() < 0.5:   # repeat a phrase, vary it later
            phrases[key] = _melody_phrase(rng, style, tonic, progression, pitch)
        origin = phrase_index * 4 * bar_seconds
        for start, beats, midi, velocity in phrases[key]:
            notes.append(Note(origin + start * beat, beats * beat, midi, "musicbox", velocity))
            pitch = midi
        for bar, degree in enumerate(progression):
            bar_start = origin + bar * bar_seconds
            chord = _chord(tonic, degree)
            for midi in _voiced(chord, *PAD_RANGE):
                notes.append(Note(bar_start, bar_seconds, midi, "pad", 0.8))
            arpeggio = _voiced(chord, *PLUCK_RANGE)
            arpeggio = arpeggio + [arpeggio[0] + 12, arpeggio[1] + 12] if arpeggio[-1] + 12 <= PLUCK_RANGE[1] + 7 else arpeggio
            pattern = arpeggio + arpeggio[-2:0:-1]                  # up and back down
            steps = int(BEATS_PER_BAR / style.arpeggio_step)
            for step in range(steps):
                accent = 0.85 if step % int(max(1, 1 / style.arpeggio_step)) == 0 else 0.6
                notes.append(Note(bar_start + step * style.arpeggio_step * beat, style.arpeggio_step * beat,
                                  pattern[step % len(pattern)], "pluck", accent))
            root = _in_range(_pitch(tonic, degree), *BASS_RANGE)
            for index, at in enumerate(style.bass_beats):
                held = (style.bass_beats[index + 1] if index + 1 < len(style.bass_beats) else BEATS_PER_BAR) - at
                notes.append(Note(bar_start + at * beat, held * beat, root, "bass", 0.9 if index == 0 else 0.7))
    notes = [note for note in notes if note.start < seconds]
    return Composition(mood, tempo, tonic, tuple(notes))


def _frequency(midi: int) -> float:
    return 440.0 * 2.0 ** ((midi - 69) / 12.0)


def _envelope(count: int, attack: int, release: int) -> np.ndarray:
    """Raised-cosine attack and release over ``count`` samples (no corner to click)."""
    envelope = np.ones(count, dtype=np.float32)
    attack, release = min(attack, count // 2), min(release, count // 2)
    if attack:
        envelope[:attack] = 0.5 - 0.5 * np.cos(np.linspace(0.0, math.pi, attack))
    if release:
        envelope[-release:] *= 0.5 + 0.5 * np.cos(np.linspace(0.0, math.pi, release))
    return envelope


def _partials(frequency: float, count: int, rate: int, ratios, amplitudes, decays) -> np.ndarray:
    """A sum of sine partials, each fading exponentially at its own rate (0: held)."""
    t = np.arange(count, dtype=np.float32) / np.float32(rate)
    wave = np.zeros(count, dtype=np.float32)
    for ratio, amplitude, decay in zip(ratios, amplitudes, decays):
        if frequency * ratio < rate / 2.2:                          # nothing near or above Nyquist
            partial = np.sin(np.float32(2 * math.pi * frequency * ratio) * t)
            if decay:
                partial *= np.exp(np.float32(-decay) * t)
            wave += np.float32(amplitude) * partial
    return wave


def _music_box(frequency: float, length: float, rate: int) -> np.ndarray:
    """A struck steel tine: a bright attack whose upper partials die first, ringing ~2 s."""
    count = int(min(2.4, length + 1.6) * rate)
    wave = _partials(frequency, count, rate, (1.0, 2.0, 3.0, 4.16), (1.0, 0.28, 0.10, 0.05), (1.6, 3.0, 5.0, 8.0))
    return wave * _envelope(count, int(0.006 * rate), int(0.25 * rate))


def _pad(frequency: float, length: float, rate: int) -> np.ndarray:
    """A slow-swelling chorus of soft harmonics, two voices a few cents apart."""
    count = int((length + 0.9) * rate)
    wave = np.zeros(count, dtype=np.float32)
    for cents in (-5.0, 5.0):
        detuned = frequency * 2.0 ** (cents / 1200.0)
        wave += _partials(detuned, count, rate, (1, 2, 3, 4), (1.0, 0.3, 0.12, 0.05), (0.0, 0.0, 0.0, 0.0))
    return wave * 0.5 * _envelope(count, int(min(0.8, 0.4 * length) * rate), int(1.0 * rate))


def _pluck(frequency: float, length: float, rate: int) -> np.ndarray:
    """A plucked string as Karplus-Strong shapes it, computed mode by mode (fast, and exactly in tune).

    In the Karplus-Strong loop (a delay line of one period, averaging neighbours each pass)
    harmonic k loses a factor ``DAMPING * cos(pi * k * f / rate)`` per period: high harmonics
    die first. Here each harmonic is a sine with exactly that decay; the pick, a soft burst
    struck near the string's end, sets their starting strengths.
    """
    count = int(min(2.0, length + 1.2) * rate)
    ratios, amplitudes, decays = [], [], []
    for harmonic in range(1, 17):
        if harmonic * frequency >= rate / 4:
            break
        loss = KS_DAMPING * math.cos(math.pi * harmonic * frequency / rate)
        ratios.append(harmonic)
        amplitudes.append(abs(math.sin(math.pi * harmonic * PICK_POSITION)) / harmonic ** 1.2)
        decays.append(-math.log(loss) * frequency)
    wave = _partials(frequency, count, rate, ratios, amplitudes, decays)
    return wave * _envelope(count, int(0.005 * rate), int(0.3 * rate)) * np.float32(1.4)


def _bass(frequency: float, length: float, rate: int) -> np.ndarray:
    """A round low tone: fundamental with a little second harmonic, gently decaying."""
    count = int((length + 0.5) * rate)
    wave = _partials(frequency, count, rate, (1.0, 2.0, 3.0), (1.0, 0.25, 0.06), (0.9, 1.6, 2.5))
    return wave * _envelope(count, int(0.015 * rate), int(0.4 * rate))


def _note_wave(instrument: str, midi: int, length: float, rate: int) -> np.ndarray:
    """One note of one instrument, mono float32."""
    frequency = _frequency(midi)
    if instrument == "musicbox":
        wave = _music_box(frequency, length, rate)
    elif instrument == "pad":
        wave = _pad(frequency, length, rate)
    elif instrument == "pluck":
        wave = _pluck(frequency, length, rate)
    else:
        wave = _bass(frequency, length, rate)
    return wave.astype(np.float32)


class MusicBed:
    """A composition ready to play: any stretch of it rendered on request, so memory stays flat.

    Notes are sorted by start; a block renders the notes sounding in it (each distinct note
    synthesised once and kept), plus the echo of the moment before it. Blocks are independent,
    so the mixer can ask for them in any order and the result never depends on the block size.
    """

    ECHOES = ((0.19, 0.22), (0.38, 0.10))    # (seconds, gain): each side hears the other a moment later

    def __init__(self, composition: Composition, rate: int = RATE):
        self.composition = composition
        self.rate = rate
        self.notes = sorted(composition.notes, key=lambda note: note.start)
        self.starts = [round(note.start * rate) for note in self.notes]
        self.gain = MOOD_GAINS.get(composition.mood, MOOD_GAINS["calm"])
        self.waves: dict[tuple, np.ndarray] = {}
        self.longest = 0
        for note in self.notes:
            self._wave(note)

    def _wave(self, note: Note) -> np.ndarray:
        key = (note.instrument, note.midi, round(note.length, 3))
        if key not in self.waves:
            self.waves[key] = _note_wave(*key, self.rate)
            self.longest = max(self.longest, len(self.waves[key]))
        return self.waves[key]

    def _dry(self, start: int, stop: int) -> np.ndarray:
        """The notes sounding between two samples: one mono line per instrument, then panned."""
        lines = {instrument: np.zeros(max(0, stop - start), dtype=np.float32) for instrument in VOICES}
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, stop)
        for note, onset in zip(self.notes[first:last], self.starts[first:last]):
            wave = self._wave(note)
            lo, hi = max(start, onset), min(stop, onset + len(wave))
            if hi > lo:
                lines[note.instrument][lo - start:hi - start] += wave[lo - onset:hi - onset] * np.float32(note.velocity)
        out = np.zeros((max(0, stop - start), 2), dtype=np.float32)
        for instrument, line in lines.items():
            level, pan = VOICES[instrument]
            out[:, 0] += line * np.float32(level * self.gain * math.sqrt((1 - pan) / 2))
            out[:, 1] += line * np.float32(level * self.gain * math.sqrt((1 + pan) / 2))
        return out

    def block(self, start: int, stop: int) -> np.ndarray:
        """Stereo float32 samples ``start`` to ``stop`` (sample indices from the beginning)."""
        reach = int(max(delay for delay, _ in self.ECHOES) * self.rate)
        dry = self._dry(start - reach, stop)
        out = dry[reach:].copy()
        for delay, gain in self.ECHOES:
            shift = int(delay * self.rate)
            echo = dry[reach - shift:len(dry) - shift]
            out[:, 0] += np.float32(gain) * echo[:, 1]
            out[:, 1] += np.float32(gain) * echo[:, 0]
        return out


def render(composition: Composition, seconds: float, rate: int = RATE) -> np.ndarray:
    """Stereo float32 samples, shape (n, 2), of the first ``seconds`` of a composition."""
    return MusicBed(composition, rate).block(0, max(1, round(seconds * rate)))


def music_bed(seed: int, mood: str, seconds: float, rate: int = RATE) -> np.ndarray:
    """The story's music: ``seconds`` of stereo float32 composed from ``seed`` in ``mood``."""
    return render(compose(seed, mood, seconds), seconds, rate)
