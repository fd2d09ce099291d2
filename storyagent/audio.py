"""Small shared audio helpers: one place that imports pydub and fixes its settings.

Import ``AudioSegment`` from here rather than from pydub: importing pydub warns (no
ffmpeg on PATH; the stdlib ``audioop`` it uses is deprecated in 3.11), and this module
silences exactly those warnings and points pydub at the ffmpeg that imageio-ffmpeg ships.
"""
from __future__ import annotations

import wave
import warnings
from pathlib import Path

import imageio_ffmpeg

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Couldn't find ff", category=RuntimeWarning)
    warnings.filterwarnings("ignore", message="'audioop' is deprecated", category=DeprecationWarning)
    from pydub import AudioSegment

# every speech clip is stored as mono 16-bit PCM at this rate (that of Piper's medium voices and espeak-ng)
SPEECH_SAMPLE_RATE = 22050
SPEECH_SAMPLE_WIDTH = 2
# loudness target (RMS, dBFS) and the peak ceiling applied after it
SPEECH_TARGET_DBFS = -18.0
SPEECH_PEAK_DBFS = -1.0
# fades at both ends so a clip never starts or stops with a click
SPEECH_FADE_MS = 10


def use_bundled_ffmpeg() -> str:
    """Point pydub at imageio-ffmpeg's binary (pydub only needs it for non-WAV formats)."""
    AudioSegment.converter = imageio_ffmpeg.get_ffmpeg_exe()
    return AudioSegment.converter


use_bundled_ffmpeg()


def normalize_speech(segment: AudioSegment) -> AudioSegment:
    """Return ``segment`` as mono 16-bit SPEECH_SAMPLE_RATE audio at a steady level, faded at both ends.

    One gain brings loudness to SPEECH_TARGET_DBFS so voices and providers sound alike,
    limited so the peak stays at or below SPEECH_PEAK_DBFS (a gain that clipped first and
    was turned down after would distort). Silence stays silence.
    """
    clip = segment.set_channels(1).set_sample_width(SPEECH_SAMPLE_WIDTH).set_frame_rate(SPEECH_SAMPLE_RATE)
    if clip.rms > 0:
        clip = clip.apply_gain(min(SPEECH_TARGET_DBFS - clip.dBFS, SPEECH_PEAK_DBFS - clip.max_dBFS))
    fade = min(SPEECH_FADE_MS, len(clip) // 2)
    return clip.fade_in(fade).fade_out(fade) if fade > 0 else clip


def write_wav_atomic(story_dir, path: Path, segment: AudioSegment) -> Path:
    """Write ``segment`` as a PCM WAV through ``story_dir.atomic_path`` (never half-written).

    Uses the stdlib writer: pydub's ``export`` leaves the file it opens unclosed.
    """
    if segment.sample_width == 1:  # WAV stores 8-bit samples unsigned, pydub signed
        segment = segment.set_sample_width(2)
    with story_dir.atomic_path(Path(path)) as temp, wave.open(str(temp), "wb") as wav:
        wav.setnchannels(segment.channels)
        wav.setsampwidth(segment.sample_width)
        wav.setframerate(segment.frame_rate)
        wav.writeframes(segment.raw_data)
    return Path(path)


def wav_duration(path: Path) -> float:
    """Return the duration in seconds of a PCM WAV file, read from its header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())
