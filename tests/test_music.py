"""The generated music bed: seeded, in tune with its key, soft, and in the story's mood."""
from __future__ import annotations

import numpy as np
import pytest

from storyagent.offline import music
from storyagent.offline.music import MAJOR_SCALE, MOODS, MusicBed, compose, music_bed, render, story_mood

RATE = 22050   # the tests listen at half rate: quicker, and the bed has almost nothing above 5 kHz


def spectrum(samples: np.ndarray, rate: int = RATE) -> tuple[np.ndarray, np.ndarray]:
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    return np.fft.rfftfreq(len(mono), 1 / rate), np.abs(np.fft.rfft(mono)) ** 2


def scale_share(samples: np.ndarray, tonic: int) -> float:
    """The share of the energy (60 Hz-5 kHz) on the seven pitch classes of the key's major scale."""
    freqs, power = spectrum(samples)
    band = (freqs > 60) & (freqs < 5000)
    pitch_classes = np.round(12 * np.log2(freqs[band] / 440) + 69).astype(int) % 12
    chroma = np.bincount(pitch_classes, weights=power[band], minlength=12)
    return float(chroma[[(tonic + step) % 12 for step in MAJOR_SCALE]].sum() / chroma.sum())


def test_same_seed_same_music_and_another_seed_other_music():
    bed = music_bed(11, "calm", 12, RATE)
    assert np.array_equal(bed, music_bed(11, "calm", 12, RATE))
    assert not np.array_equal(bed, music_bed(12, "calm", 12, RATE))
    assert compose(11, "calm", 12).notes != compose(12, "calm", 12).notes
    assert compose(11, "calm", 12).notes != compose(11, "playful", 12).notes


def test_blocks_join_into_exactly_the_whole():
    bed = MusicBed(compose(5, "playful", 20), RATE)
    whole = bed.block(0, 20 * RATE)
    pieces = np.concatenate([bed.block(start, min(20 * RATE, start + 3 * RATE + 17))
                             for start in range(0, 20 * RATE, 3 * RATE + 17)])
    assert np.array_equal(whole, pieces)


@pytest.mark.parametrize("mood", MOODS)
def test_the_music_stays_in_its_key_and_is_soft(mood):
    composition = compose(3, mood, 30)
    samples = render(composition, 30, RATE)
    assert samples.shape == (30 * RATE, 2) and samples.dtype == np.float32
    assert scale_share(samples, composition.tonic) > 0.97     # measured 0.988-0.993
    freqs, power = spectrum(samples)
    assert power[freqs > 5000].sum() < 0.001 * power.sum()     # warm: no buzzy upper harmonics
    centroid = (freqs * power).sum() / power.sum()
    assert 200 < centroid < 1000
    # no hard edges: a square wave jumps by twice its peak from one sample to the next
    assert np.abs(np.diff(samples, axis=0)).max() < 0.6 * np.abs(samples).max()
    rms_db = 20 * np.log10(np.sqrt(np.mean(samples ** 2)))
    assert music.LEVEL_DBFS - 1.5 < rms_db < music.LEVEL_DBFS + 1.5


@pytest.mark.parametrize("mood", MOODS)
def test_progressions_are_consonant_and_tempo_slow(mood):
    for seed in range(4):
        composition = compose(seed, mood, 40)
        key = {(composition.tonic + step) % 12 for step in MAJOR_SCALE}
        assert {note.midi % 12 for note in composition.notes} <= key
        assert composition.tempo <= 100
        beat = 60 / composition.tempo
        chords: dict[int, set[int]] = {}            # bar -> pitch classes the pad holds
        for note in composition.notes:
            if note.instrument == "pad":
                chords.setdefault(round(note.start / (4 * beat)), set()).add(note.midi % 12)
        for bar, chord in chords.items():
            intervals = sorted({(upper - lower) % 12 for lower in chord for upper in chord if lower != upper})
            assert intervals == [3, 4, 5, 7, 8, 9], (bar, chord)      # a major or minor triad, never diminished
        for note in composition.notes:
            bar, position = divmod(round(note.start / beat, 6), 4)
            if note.instrument == "musicbox" and position in (0, 2):
                assert note.midi % 12 in chords[int(bar)], "the melody's strong beats land on the chord"


def test_every_instrument_plays_and_the_calm_bed_is_slowest():
    counts = {mood: len(compose(1, mood, 60).notes) for mood in MOODS}
    assert counts["calm"] < counts["playful"] and counts["calm"] < counts["adventurous"]
    assert {note.instrument for note in compose(1, "calm", 20).notes} == {"musicbox", "pad", "pluck", "bass"}
    assert compose(1, "calm", 60).tempo < compose(1, "playful", 60).tempo


@pytest.mark.parametrize("text, mood", [
    ("Mimi could not sleep. The moon and the stars sang her a quiet lullaby until she dreamed.", "calm"),
    ("The puppies played a silly game, laughed and danced at the birthday party.", "playful"),
    ("The brave girl climbed the mountain to find the dragon's treasure on a great adventure.", "adventurous"),
    ("A kitten walked to the shop.", "calm"),
    ("小海盗和勇敢的龙一起去冒险，寻找宝藏。", "adventurous"),
    ("小兔子在生日派对上玩游戏，大家都笑了。", "playful"),
])
def test_the_mood_is_read_from_the_story(text, mood):
    assert story_mood(text) == mood
