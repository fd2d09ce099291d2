"""Benchmark the narrators on a 10-page offline story: speed (x real time) and how the voice moves.

For each provider (Piper, the default, and espeak-ng) prints: seconds to load the voice, wall
and CPU seconds to speak every sentence the way the Speech segment does, the real-time
factors (audio seconds per wall second, and per CPU second: the steadier figure on a shared
machine), peak RSS, and the pitch of the voice (median, the 10th-90th percentile span in
semitones, and the share of voiced frames within +/-12 % of the median; a monotone voice
keeps most frames there). Target: Piper >= 20x real time on 2 cores. Not run by the tests.

    .venv/bin/python bench/bench_speech.py [--pages 10] [--providers piper,espeak] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyagent.audio import normalize_speech  # noqa: E402
from storyagent.config import defaults  # noqa: E402
from storyagent.domain import StoryBrief  # noqa: E402
from storyagent.pipeline import SegmentContext, segment_function  # noqa: E402
from storyagent.providers import create_provider  # noqa: E402
from storyagent.storage import StoryDir  # noqa: E402


def story_sentences(pages: int, topic: str) -> list[str]:
    """The sentences of the offline story (seed 1) with ``pages`` pages, as the Split segment cuts them."""
    settings = {**defaults(), "STORY_PAGES": pages}
    with tempfile.TemporaryDirectory(prefix="bench-speech-") as base:
        story_dir = StoryDir(base, 1)
        brief = StoryBrief(topic=topic, main_role="Mimi", scene="forest", language="en", seed=1)
        ctx = SegmentContext(story_dir=story_dir, brief=brief, config=settings)
        segment_function(1)(ctx)
        segment_function(3)(ctx)
        split = story_dir.read_json(story_dir.split_json)
        return [sentence for page in split["pages"] for sentence in page["sentences"]]


def pitch_track(samples: np.ndarray, rate: int, low: float = 60.0, high: float = 400.0) -> np.ndarray:
    """Fundamental frequency (Hz) of each voiced 40 ms frame (10 ms hop), by normalised autocorrelation."""
    size, hop = int(0.04 * rate), int(0.01 * rate)
    if len(samples) < size:
        return np.zeros(0)
    frames = np.lib.stride_tricks.sliding_window_view(samples.astype(np.float64), size)[::hop]
    frames = frames - frames.mean(axis=1, keepdims=True)
    loud = np.sqrt((frames ** 2).mean(axis=1)) > 0.02 * 32768
    frames = frames[loud] * np.hanning(size)
    spectrum = np.fft.rfft(frames, n=2 * size, axis=1)
    correlation = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, :size]
    correlation /= np.maximum(correlation[:, :1], 1e-9)
    first, last = int(rate / high), int(rate / low)
    lags = first + np.argmax(correlation[:, first:last], axis=1)
    voiced = correlation[np.arange(len(lags)), lags] > 0.5
    return rate / lags[voiced]


def describe_pitch(f0: np.ndarray) -> str:
    if len(f0) == 0:
        return "no voiced frames"
    median = float(np.median(f0))
    low, high = np.percentile(f0, [10, 90])
    near = float(np.mean(np.abs(f0 / median - 1) <= 0.12))
    return (f"pitch median {median:.0f} Hz, 10-90% {low:.0f}-{high:.0f} Hz ({12 * np.log2(high / low):.1f} semitones), "
            f"{100 * near:.0f}% of voiced frames within +/-12% of the median")


def resident_mb() -> float:
    """The process's resident memory now (MB): what stays held once the sentences are spoken."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench(provider: str, sentences: list[str], workers: int) -> None:
    settings = {**defaults(), "TTS_PROVIDER": provider, "PIPER_WORKERS": workers}
    began = time.perf_counter()
    tts = create_provider("tts", settings)
    tts.synthesize("Hello.", "en")                        # loads the voice
    load = time.perf_counter() - began
    speak_all = getattr(tts, "synthesize_many", None) or (lambda texts, lang: (tts.synthesize(t, lang) for t in texts))
    wall, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    clips = [normalize_speech(clip) for clip in speak_all(sentences, "en")]
    wall, after = time.perf_counter() - wall, resource.getrusage(resource.RUSAGE_SELF)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    cpu = user + system
    seconds = sum(len(clip) for clip in clips) / 1000
    f0 = np.concatenate([pitch_track(np.frombuffer(clip.raw_data, dtype=np.int16), clip.frame_rate) for clip in clips])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{provider}: load {load:.2f} s; {len(sentences)} sentences, {seconds:.1f} s of speech in {wall:.2f} s wall "
          f"({seconds / wall:.1f}x real time), {cpu:.2f} s CPU ({user:.2f} user + {system:.2f} system; "
          f"{seconds / cpu:.1f}x per CPU second); peak RSS {rss:.0f} MB, {resident_mb():.0f} MB held after")
    print(f"    {describe_pitch(f0)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--topic", default="a lost kitten learns to ask for help")
    parser.add_argument("--providers", default="piper,espeak")
    parser.add_argument("--workers", type=int, default=int(defaults()["PIPER_WORKERS"]))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {Path('/proc/loadavg').read_text().split()[:3]}")
    sentences = story_sentences(args.pages, args.topic)
    print(f"story: {args.pages} pages, {len(sentences)} sentences, {sum(len(s.split()) for s in sentences)} words")
    for provider in args.providers.split(","):
        bench(provider.strip(), sentences, args.workers)
    print("target: piper >= 20x real time")


if __name__ == "__main__":
    main()
