"""The video's sound: narration clips placed at their timeline starts, plus an optional music bed.

The music is looped or trimmed to the video's length and ducked under speech (quieter
while a sentence plays, louder in the pauses, with short ramps between), then faded in
and out at the ends. Everything is 16-bit PCM written to a WAV that ffmpeg encodes to AAC.
"""
from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from ..audio import AudioSegment
from ..domain import SegmentError
from .video_timeline import Timeline

MUSIC_RATE = 44100              # a music bed is mixed in stereo at this rate
MUSIC_RAMP = 0.25               # seconds to duck or recover around speech
MUSIC_FADE_IN = 0.5
MUSIC_FADE_OUT = 1.5
MIX_BLOCK_SECONDS = 10          # mix in blocks so memory stays small for long stories


def load_clip(path: Path, rate: int) -> np.ndarray:
    """A speech WAV as mono int16 samples at ``rate``."""
    with open(path, "rb") as handle:        # pydub leaves a file it opened itself unclosed
        clip = AudioSegment.from_wav(handle)
    clip = clip.set_channels(1).set_sample_width(2).set_frame_rate(rate)
    return np.frombuffer(clip.raw_data, dtype=np.int16)


def narration_samples(timeline: Timeline, rate: int) -> np.ndarray:
    """Mono int16 narration: silence with every clip placed at its start time."""
    total = int(round(timeline.duration * rate))
    narration = np.zeros(total, dtype=np.int16)
    for clip in timeline.clips:
        samples = load_clip(clip.path, rate)
        start = min(total, int(round(clip.start * rate)))
        stop = min(total, start + len(samples))
        narration[start:stop] = samples[: stop - start]
    return narration


def clip_rate(timeline: Timeline) -> int:
    """The narration rate: that of the first clip (the Speech segment writes them all alike)."""
    clips = timeline.clips
    if not clips:
        return 24000
    with wave.open(str(clips[0].path), "rb") as first:
        return first.getframerate()


def decode_music(path: Path, rate: int = MUSIC_RATE) -> np.ndarray:
    """Decode any audio file ffmpeg reads into stereo int16 samples, shape (n, 2)."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-nostdin", "-i", str(path),
               "-vn", "-ac", "2", "-ar", str(rate), "-f", "s16le", "-"]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no audio"]
        raise SegmentError(f"MUSIC_FILE {path} cannot be read as audio: {reason[0]}")
    return np.frombuffer(result.stdout, dtype=np.int16).reshape(-1, 2)


def speech_spans(timeline: Timeline, ramp: float) -> list[tuple[float, float]]:
    """Speech intervals, merged where the pause between them is too short to bring the music back."""
    spans: list[tuple[float, float]] = []
    for clip in timeline.clips:
        if spans and clip.start - spans[-1][1] < 2 * ramp:
            spans[-1] = (spans[-1][0], max(spans[-1][1], clip.end))
        else:
            spans.append((clip.start, clip.end))
    return spans


def music_gain_curve(timeline: Timeline, gap_db: float, speech_db: float,
                     ramp: float = MUSIC_RAMP) -> tuple[np.ndarray, np.ndarray]:
    """Breakpoints (seconds, dB) of the music level: ``speech_db`` under speech, ``gap_db`` elsewhere."""
    times, levels = [0.0], [gap_db]
    for start, end in speech_spans(timeline, ramp):
        times += [max(times[-1], start - ramp), max(times[-1], start), end, end + ramp]
        levels += [gap_db, speech_db, speech_db, gap_db]
    times.append(max(times[-1], timeline.duration))
    levels.append(gap_db)
    return np.asarray(times, dtype=np.float64), np.asarray(levels, dtype=np.float64)


def mix_music(narration: np.ndarray, rate: int, music: np.ndarray, curve: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Stereo int16 mix of mono narration and a music bed looped to its length, block by block."""
    total = len(narration)
    out = np.empty((total, 2), dtype=np.int16)
    block = MIX_BLOCK_SECONDS * rate
    duration = total / rate
    for start in range(0, total, block):
        stop = min(total, start + block)
        t = np.arange(start, stop, dtype=np.float64) / rate
        gain = np.power(10.0, np.interp(t, *curve) / 20.0)
        gain *= np.clip(t / MUSIC_FADE_IN, 0.0, 1.0) * np.clip((duration - t) / MUSIC_FADE_OUT, 0.0, 1.0)
        bed = music[np.arange(start, stop) % len(music)].astype(np.float32) * gain[:, None].astype(np.float32)
        mixed = bed + narration[start:stop, None].astype(np.float32)
        out[start:stop] = np.clip(mixed, -32768, 32767).astype(np.int16)
    return out


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """Write int16 samples (mono, or shape (n, channels)) as a PCM WAV."""
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(np.ascontiguousarray(samples).tobytes())
    return path


def write_soundtrack(timeline: Timeline, path: Path, music_file: str = "",
                     music_gap_db: float = -8.0, music_speech_db: float = -18.0) -> Path:
    """Write the video's WAV: narration alone, or mixed over a ducked music bed when ``music_file`` is set."""
    rate = clip_rate(timeline)
    if not music_file:
        return write_wav(path, narration_samples(timeline, rate), rate)
    music_path = Path(music_file).expanduser()
    if not music_path.is_file():
        raise SegmentError(f"MUSIC_FILE {music_file} does not exist: set it to an audio file or leave it empty")
    music = decode_music(music_path)
    narration = narration_samples(timeline, MUSIC_RATE)
    curve = music_gain_curve(timeline, float(music_gap_db), float(music_speech_db))
    return write_wav(path, mix_music(narration, MUSIC_RATE, music, curve), MUSIC_RATE)
