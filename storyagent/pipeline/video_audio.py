"""The video's sound: narration clips at their timeline starts over a ducked music bed, at a set loudness.

The bed is generated for the story (storyagent.offline.music: seeded by the task seed, its
mood read from the story), read from MUSIC_FILE, or left out (MUSIC). It is brought to one
reference level, ducked under speech (quieter while a sentence plays, louder in the pauses,
with short ramps between) and faded in and out at the ends. The mix is then brought to an
integrated loudness of LOUDNESS_LUFS (measured by ffmpeg's EBU R128 filter) and kept under
TRUE_PEAK_DBTP by a look-ahead peak limiter, whatever the film's length. Everything is
processed in blocks through a scratch file beside the output, so memory stays flat.

The film carries AAC, and AAC's overshoot depends on the sound (and on the voice model's
numerics, which vary by CPU), so no fixed margin is safe: the soundtrack is encoded here,
its true peak measured on the decoded AAC, and the limiter's ceiling lowered by the excess
until the encoded sound is within TRUE_PEAK_DBTP. The video encoder copies that stream.
"""
from __future__ import annotations

import re
import subprocess
import wave
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from ..audio import AudioSegment
from ..domain import SegmentError
from ..offline.music import LEVEL_DBFS, MusicBed, compose, story_mood
from .context import SegmentContext
from .inputs import load_story
from .video_timeline import Timeline

MUSIC_RATE = 44100              # a music bed is mixed in stereo at this rate
MUSIC_MODES = ("generated", "file", "off")
MUSIC_RAMP = 0.25               # seconds to duck or recover around speech
MUSIC_FADE_IN = 1.0
MUSIC_FADE_OUT = 2.0
MIX_BLOCK_SECONDS = 10          # mix in blocks so memory stays small for long stories
LOUDNESS_LUFS = -16.0           # EBU R128 integrated loudness of the soundtrack
TRUE_PEAK_DBTP = -1.5
# the limiter's first ceiling: this far under the true-peak ceiling, room for the peaks
# between samples and for what AAC encoding adds (usually ~0.7 dB on narration, once 1.4 dB)
PEAK_MARGIN_DB = 1.2
PEAK_PASSES = 4                 # encodings tried before giving up on the true-peak ceiling
PEAK_STEP_EXTRA_DB = 0.2        # lower the ceiling by the measured excess (times PEAK_STEP_FACTOR) plus this
PEAK_STEP_FACTOR = 1.5          # the harder the limiter works, the more AAC overshoots: step past the excess
LIMITER_RADIUS = 0.015          # seconds: look-ahead of the limiter and half its gain dip
LIMITER_FRAME = 32              # samples the limiter treats as one
MAX_GAIN_DB = 30.0              # never lift a near-silent mix by more than this
LOUDNESS_TOLERANCE = 0.2        # LU: re-level when the limited mix lands further off
LEVELLING_PASSES = 4
LIMITER_SLOPE = 0.6             # first guess of loudness gained per dB of gain once the limiter works

MusicSource = Callable[[int, int], np.ndarray]   # (first, stop) sample -> stereo float32 at MUSIC_RATE


def load_clip(path: Path, rate: int) -> np.ndarray:
    """A speech WAV as mono int16 samples at ``rate``."""
    with open(path, "rb") as handle:        # pydub leaves a file it opened itself unclosed
        clip = AudioSegment.from_wav(handle)
    clip = clip.set_channels(1).set_sample_width(2).set_frame_rate(rate)
    return np.frombuffer(clip.raw_data, dtype=np.int16)


def narration_samples(timeline: Timeline, rate: int) -> np.ndarray:
    """Mono int16 narration: silence with every clip placed at its start time."""
    total = round(timeline.duration * rate)
    narration = np.zeros(total, dtype=np.int16)
    for clip in timeline.clips:
        samples = load_clip(clip.path, rate)
        start = min(total, round(clip.start * rate))
        stop = min(total, start + len(samples))
        narration[start:stop] = samples[: stop - start]
    return narration


def clip_rate(timeline: Timeline) -> int:
    """The narration rate: that of the first clip (the Speech segment writes them all alike)."""
    clips = timeline.clips
    if not clips:
        return 22050
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


def file_music(path: Path) -> MusicSource:
    """A music file, looped, brought to the generated bed's reference level (LEVEL_DBFS RMS)."""
    samples = decode_music(path)
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) / 32768.0
    scale = np.float32(10 ** (LEVEL_DBFS / 20) / rms / 32768.0) if rms > 0 else np.float32(0.0)
    return lambda first, stop: samples[np.arange(first, stop) % len(samples)].astype(np.float32) * scale


def generated_music(seed: int, mood: str, seconds: float) -> MusicSource:
    """The story's own bed (storyagent.offline.music), rendered block by block as the mixer asks."""
    return MusicBed(compose(seed, mood, seconds), MUSIC_RATE).block


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


def mixed_blocks(narration: np.ndarray, rate: int, music: MusicSource | None,
                 curve: tuple[np.ndarray, np.ndarray]):
    """Stereo float32 blocks of the mix: the narration in the middle, alone or over the ducked, faded bed."""
    total = len(narration)
    duration = total / rate
    block = MIX_BLOCK_SECONDS * rate
    for start in range(0, total, block):
        stop = min(total, start + block)
        voice = narration[start:stop].astype(np.float32) / np.float32(32768.0)
        if music is None:
            # stereo even so: a mono file measures 3 LU quieter than the same voice on two speakers,
            # and the narration would be pushed 3 dB harder into the limiter without music
            yield np.repeat(voice[:, None], 2, axis=1)
            continue
        t = np.arange(start, stop, dtype=np.float64) / rate
        gain = np.power(10.0, np.interp(t, *curve) / 20.0)
        gain *= np.clip(t / MUSIC_FADE_IN, 0.0, 1.0) * np.clip((duration - t) / MUSIC_FADE_OUT, 0.0, 1.0)
        yield music(start, stop) * gain[:, None].astype(np.float32) + voice[:, None]


def ebur128_summary(command_tail: list[str], what: str, peak: bool = False) -> str:
    """The Summary block ffmpeg's EBU R128 meter prints for the input ``command_tail`` names."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "info", *command_tail,
               "-af", "ebur128=framelog=quiet" + (":peak=true" if peak else ""), "-f", "null", "-"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or "Summary:" not in result.stderr:
        raise SegmentError(f"ffmpeg could not measure {what}: "
                           f"{result.stderr.strip().splitlines()[-1:] or 'no output'}")
    return result.stderr.rsplit("Summary:", 1)[1]


def measure_loudness(path: Path, rate: int, sample_format: str = "f32le") -> float:
    """Integrated loudness (LUFS) of raw stereo float or WAV audio, by ffmpeg's EBU R128 meter (-inf for silence)."""
    tail = [] if sample_format == "wav" else ["-f", sample_format, "-ar", str(rate), "-ac", "2"]
    summary = ebur128_summary([*tail, "-i", str(path)], "the soundtrack's loudness")
    loudness = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    if loudness is None:
        raise SegmentError("ffmpeg could not measure the soundtrack's loudness: no integrated loudness")
    return float(loudness.group(1))     # float() reads "-inf" too


def measure_true_peak(path: Path) -> float:
    """True peak (dBTP, -inf for silence) of an audio file as decoded, by ffmpeg's EBU R128 meter."""
    summary = ebur128_summary(["-i", str(path), "-vn"], "the encoded soundtrack's true peak", peak=True)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if peak is None:
        raise SegmentError("ffmpeg could not measure the encoded soundtrack's true peak")
    return float(peak.group(1))


def encode_aac(wav_path: Path, aac_path: Path) -> Path:
    """The soundtrack as the film carries it: AAC (ffmpeg's encoder, default bitrate) in an .m4a."""
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error", "-i", str(wav_path),
               "-c:a", "aac", "-f", "mp4", str(aac_path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SegmentError(f"ffmpeg could not encode the soundtrack: "
                           f"{result.stderr.strip().splitlines()[-1:] or 'no output'}")
    return aac_path


def running_min(values: np.ndarray, radius: int) -> np.ndarray:
    """Minimum over each window of 2*radius+1 values (van Herk/Gil-Werman: linear time, vectorised)."""
    width = 2 * radius + 1
    padded = np.concatenate([np.full(radius, np.inf, values.dtype), values, np.full(radius, np.inf, values.dtype)])
    blocks = -(-len(padded) // width)
    padded = np.concatenate([padded, np.full(blocks * width - len(padded), np.inf, values.dtype)]).reshape(blocks, width)
    prefix = np.minimum.accumulate(padded, axis=1).reshape(-1)
    suffix = np.minimum.accumulate(padded[:, ::-1], axis=1)[:, ::-1].reshape(-1)
    count = len(values)
    return np.minimum(suffix[:count], prefix[width - 1:width - 1 + count])


def limiter_gain(samples: np.ndarray, ceiling: float, radius: int, frame: int = LIMITER_FRAME) -> np.ndarray:
    """Per-sample gain (<= 1) that keeps every sample under ``ceiling``, changing smoothly.

    Works on frames of ``frame`` samples: each frame needs the gain of its loudest sample;
    that need is spread to the neighbouring frames (a running minimum one frame wider than
    the smoothing) and smoothed by a moving average, so every average near a peak only takes
    values already low enough for it; linear interpolation between frame centres then stays
    under both neighbours' needs. No clipping, no sudden step, 1/frame of the work.
    """
    level = np.maximum(np.abs(samples[:, 0]), np.abs(samples[:, 1]))
    count = len(level)
    frames = -(-count // frame)
    padded = np.concatenate([level, np.zeros(frames * frame - count, level.dtype)]).reshape(frames, frame)
    needed = np.minimum(1.0, ceiling / np.maximum(padded.max(axis=1).astype(np.float64), 1e-9))
    spread = running_min(needed, radius + 1)
    window = 2 * radius + 1
    sums = np.cumsum(np.concatenate([np.full(radius + 1, spread[0]), spread, np.full(radius, spread[-1])]))
    smooth = (sums[window:] - sums[:-window]) / window
    centres = np.arange(frames) * frame + (frame - 1) / 2
    return np.interp(np.arange(count), centres, smooth).astype(np.float32)


def write_levelled(mix_path: Path, path: Path, rate: int, gain_db: float, ceiling_db: float) -> Path:
    """Read the stereo float mix in blocks, apply the gain and the limiter, and write the 16-bit WAV."""
    gain = np.float32(10 ** (gain_db / 20))
    ceiling = 10 ** (ceiling_db / 20)
    radius = max(1, int(LIMITER_RADIUS * rate / LIMITER_FRAME))
    context = (2 * radius + 3) * LIMITER_FRAME
    frames = mix_path.stat().st_size // 8
    block = MIX_BLOCK_SECONDS * rate // LIMITER_FRAME * LIMITER_FRAME   # every block starts on the frame grid
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        for start in range(0, frames, block):
            stop = min(frames, start + block)
            first, last = max(0, start - context), min(frames, stop + context)
            samples = np.fromfile(mix_path, dtype=np.float32, count=(last - first) * 2, offset=first * 8)
            samples = samples.reshape(-1, 2) * gain
            samples *= limiter_gain(samples, ceiling, radius)[:, None]
            kept = samples[start - first:stop - first]
            out.writeframes(np.clip(np.round(kept * 32767.0), -32768, 32767).astype(np.int16).tobytes())
    return path


def level_to(mix_path: Path, path: Path, rate: int, gain: float, loudness: float, ceiling: float) -> float:
    """Write the levelled WAV, raising the gain until the limited result is within tolerance of ``loudness``.

    The limiter takes loudness off the peaks, more the harder it works (narration alone
    loses ~1 dB), so the gain is corrected by the secant method: a few cheap passes.
    """
    tried: list[tuple[float, float]] = []
    for _ in range(LEVELLING_PASSES):
        gain = min(MAX_GAIN_DB, gain)
        write_levelled(mix_path, path, rate, gain, ceiling)
        levelled = measure_loudness(path, rate, "wav")
        tried.append((gain, levelled))
        if abs(loudness - levelled) <= LOUDNESS_TOLERANCE or gain >= MAX_GAIN_DB:
            break
        slope = LIMITER_SLOPE
        if len(tried) > 1 and tried[-1][0] != tried[-2][0]:
            slope = (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])
        gain += (loudness - levelled) / min(1.0, max(0.2, slope))
    return tried[-1][1]


def write_soundtrack(timeline: Timeline, path: Path, music_file: str = "",
                     music_gap_db: float = -8.0, music_speech_db: float = -18.0, *,
                     music: str = "", seed: int = 0, mood: str = "calm",
                     loudness: float = LOUDNESS_LUFS, true_peak: float = TRUE_PEAK_DBTP,
                     aac_path: Path | None = None) -> Path:
    """Write the video's stereo WAV: narration over the chosen bed, at ``loudness`` LUFS, true peak <= ``true_peak``.

    ``music`` is generated, file or off; empty means file when ``music_file`` is set, else off.
    With ``aac_path``, also encode it there, with the true peak held on the encoded sound.
    """
    mode = music or ("file" if music_file else "off")
    if mode not in MUSIC_MODES:
        raise SegmentError(f"MUSIC must be one of {', '.join(MUSIC_MODES)}, not {music!r}")
    source: MusicSource | None = None
    if mode == "file":
        if not music_file:
            raise SegmentError("MUSIC=file needs MUSIC_FILE: set it to an audio file, or choose MUSIC=generated or off")
        music_path = Path(music_file).expanduser()
        if not music_path.is_file():
            raise SegmentError(f"MUSIC_FILE {music_file} does not exist: set it to an audio file or leave it empty")
        source = file_music(music_path)
    elif mode == "generated":
        source = generated_music(seed, mood, timeline.duration)
    rate = MUSIC_RATE if source is not None else clip_rate(timeline)
    narration = narration_samples(timeline, rate)
    curve = music_gain_curve(timeline, float(music_gap_db), float(music_speech_db))
    mix_path = path.with_name(path.name + ".mix")
    try:
        with open(mix_path, "wb") as mix:
            mix.writelines(np.ascontiguousarray(block, dtype=np.float32).tobytes() for block in mixed_blocks(narration, rate, source, curve))
        del narration
        measured = measure_loudness(mix_path, rate)
        if measured == float("-inf"):                  # silence: nothing to level
            write_levelled(mix_path, path, rate, 0.0, 0.0)
            if aac_path is not None:
                encode_aac(path, aac_path)
            return path
        ceiling = true_peak - PEAK_MARGIN_DB
        for _ in range(PEAK_PASSES):
            level_to(mix_path, path, rate, loudness - measured, loudness, ceiling)
            if aac_path is None:
                return path
            excess = measure_true_peak(encode_aac(path, aac_path)) - true_peak
            if excess <= 0:
                return path
            ceiling -= PEAK_STEP_FACTOR * excess + PEAK_STEP_EXTRA_DB
        raise SegmentError(f"the encoded soundtrack's true peak stays {excess:.1f} dB over TRUE_PEAK_DBTP={true_peak}; "
                           "raise TRUE_PEAK_DBTP or lower LOUDNESS_LUFS")
    finally:
        mix_path.unlink(missing_ok=True)


def story_text(ctx: SegmentContext) -> str:
    """Title, topic and pages of story.json, for reading the story's mood."""
    story = load_story(ctx)
    pages = story.get("pages") or []
    return " ".join(str(part) for part in [story.get("title", ""), story.get("topic", ""), *pages])


def write_story_soundtrack(ctx: SegmentContext, timeline: Timeline, path: Path) -> Path:
    """The film's AAC soundtrack (``path``, .m4a) as the settings ask: MUSIC, MUSIC_FILE, MUSIC_*_DB, LOUDNESS_LUFS, TRUE_PEAK_DBTP."""
    config = ctx.config
    music_file, mode = config["MUSIC_FILE"], config["MUSIC"]
    if mode == "generated" and music_file:            # a MUSIC_FILE someone set still wins, as before MUSIC existed
        mode = "file"
    write_soundtrack(timeline, path.with_suffix(".wav"), music_file, config["MUSIC_GAP_DB"], config["MUSIC_SPEECH_DB"],
                     music=mode, seed=int(ctx.brief.seed),
                     mood=story_mood(story_text(ctx)) if mode == "generated" else "calm",
                     loudness=config["LOUDNESS_LUFS"], true_peak=config["TRUE_PEAK_DBTP"], aac_path=path)
    return path
