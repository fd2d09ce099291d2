"""Benchmark the Video segment: an 8-page, ~50 s story at 1280x720, 24 fps (then the same story doubled).

The film includes its title card (a narrated title), fades and "The End" card. Prints wall
seconds, real-time factor, CPU seconds (Python + ffmpeg), where the captions went (layout.json:
bottom / top band, a free spot, or the storybook inset) and peak RSS of the whole process tree (a fresh Python process that runs the segment, plus its ffmpeg), and the floor:
x264 encoding the same number of frames of one still picture at the same settings, timed in
the same run. The machine is shared, so compare CPU seconds when the load average is high.
Not run by the tests.

    .venv/bin/python bench/bench_video.py [--pages 8] [--width 1280 --height 720 --fps 24]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2
import imageio_ffmpeg
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storyagent.audio import AudioSegment, write_wav_atomic  # noqa: E402
from storyagent.config import defaults  # noqa: E402
from storyagent.pipeline import SegmentContext, StoryBrief  # noqa: E402
from storyagent.pipeline import video  # noqa: E402
from storyagent.storage import StoryDir  # noqa: E402

SENTENCES = [
    "Mimi the kitten woke up under the old oak tree and looked around the quiet forest.",
    "The wind was soft, and the leaves whispered stories about the river far away.",
    "She wanted to find her way home before the sun went down behind the hills.",
]
SPEECH_RATE = 24000


def synthetic_picture(seed: int, size: tuple[int, int]) -> Image.Image:
    """A storybook-like picture: sky gradient, hills, trees and a sun (used when no illustrator exists)."""
    rng = random.Random(seed)
    width, height = size
    sky = np.linspace(0, 1, height)[:, None, None]
    top, bottom = np.array([rng.randrange(90, 180), rng.randrange(150, 210), 245]), np.array([250, 225, 190])
    gradient = (top * (1 - sky) + bottom * sky).astype(np.uint8).repeat(width, axis=1)
    picture = Image.fromarray(gradient)
    draw = ImageDraw.Draw(picture)
    draw.ellipse([width * 0.75, height * 0.1, width * 0.88, height * 0.33], fill=(255, 220, 120))
    for layer in range(3):
        y = height * (0.55 + 0.12 * layer)
        points = [(x, y + math.sin(x / width * 6 + layer + seed) * height * 0.05) for x in range(0, width + 40, 40)]
        draw.polygon(points + [(width, height), (0, height)], fill=(60 + 30 * layer, 140 - 20 * layer, 70))
    for _ in range(14):
        x, y = rng.uniform(0, width), rng.uniform(height * 0.5, height * 0.9)
        s = rng.uniform(0.04, 0.1) * height
        draw.rectangle([x - s * 0.12, y, x + s * 0.12, y + s], fill=(100, 70, 40))
        draw.ellipse([x - s * 0.6, y - s * 1.1, x + s * 0.6, y + s * 0.2], fill=(40, rng.randrange(110, 170), 60))
    return picture.filter(ImageFilter.GaussianBlur(1.2))


def page_picture(story: dict, page: int, size: tuple[int, int]) -> Image.Image:
    """The offline illustrator's picture when that provider exists, else a synthetic one."""
    try:
        from storyagent.offline.illustrator import OfflineIllustrator
    except ImportError:
        return synthetic_picture(page, size)
    illustrator = OfflineIllustrator.from_config(defaults())
    drawing = illustrator.illustrate(story, page, story["pages"][page - 1], size, 7)
    return getattr(drawing, "image", drawing)


def speech_like(seconds: float, seed: int) -> AudioSegment:
    """A voice-like test clip: a wobbling tone with syllable-rate loudness and a little noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SPEECH_RATE)) / SPEECH_RATE
    pitch = 180 + 30 * np.sin(2 * np.pi * 0.7 * t)
    tone = np.sin(2 * np.pi * np.cumsum(pitch) / SPEECH_RATE) * (0.5 + 0.5 * np.sin(2 * np.pi * 4 * t) ** 2)
    samples = (tone * 0.4 + rng.normal(0, 0.02, len(t))) * 32767 * 0.5
    return AudioSegment(np.clip(samples, -32767, 32767).astype(np.int16).tobytes(),
                        frame_rate=SPEECH_RATE, sample_width=2, channels=1)


def build_inputs(story_dir: StoryDir, pages: int, size: tuple[int, int]) -> None:
    """Write every input of the Video segment for a story of ``pages`` pages (3 sentences each)."""
    texts = [" ".join(SENTENCES) for _ in range(pages)]
    story = {"title": "Mimi and the Whispering Forest", "topic": "a lost kitten", "main_role": "Mimi",
             "scene": "forest", "language": "en", "outline": [], "pages": texts, "roles": {"Mimi": "a grey kitten"}}
    story_dir.write_json(story_dir.story_json, story)
    split_pages, clips = [], []
    for page in range(1, pages + 1):
        with story_dir.atomic_path(story_dir.image_path(page)) as temp:
            page_picture(story, page, size).save(temp, "PNG")
        captions = []
        for number, sentence in enumerate(SENTENCES, start=1):
            words, lines, line = sentence.split(), [], ""
            for word in words:
                if line and len(line) + 1 + len(word) > 40:
                    lines.append(line)
                    line = word
                else:
                    line = f"{line} {word}".strip()
            captions.append(lines + [line])
            seconds = 1.25 + 0.25 * ((page + number) % 3)
            path = write_wav_atomic(story_dir, story_dir.speech_path(page, number), speech_like(seconds, page * 10 + number))
            clips.append({"page": page, "sentence": number, "file": path.name, "duration": seconds})
        split_pages.append({"page": page, "sentences": list(SENTENCES), "captions": captions})
    story_dir.write_json(story_dir.split_json, {"pages": split_pages})
    title = write_wav_atomic(story_dir, story_dir.speech_dir / "title.wav", speech_like(1.6, 0))
    story_dir.write_json(story_dir.timing_json, {"clips": clips, "title": {
        "text": story["title"], "file": title.name, "duration": 1.6}})


class TreeRssSampler:
    """Polls /proc for the summed RSS of a process and all its descendants; keeps the peaks."""

    def __init__(self, root: int, interval: float = 0.05):
        self.root, self.interval = root, interval
        self.peak = self.peak_root = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> tuple[int, int]:
        """(RSS of the whole tree, RSS of the root) in bytes, now."""
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
                rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            except (OSError, IndexError, ValueError):
                continue
        tree, frontier = {self.root}, [self.root]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
            tree.update(children)
            frontier.extend(children)
        return sum(rss.get(pid, 0) for pid in tree), rss.get(self.root, 0)

    def _run(self) -> None:
        while not self._stop.is_set():
            tree, root = self.sample()
            self.peak, self.peak_root = max(self.peak, tree), max(self.peak_root, root)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def render_here(base: str, size: tuple[int, int], fps: int, preset: str, crf: int) -> None:
    """(In the child process) run the Video segment on the story under ``base``; print its wall time."""
    settings = defaults()
    settings.update({"VIDEO_WIDTH": size[0], "VIDEO_HEIGHT": size[1], "VIDEO_FPS": fps,
                     "VIDEO_PRESET": preset, "VIDEO_CRF": crf})
    ctx = SegmentContext(story_dir=StoryDir(base, 1), brief=StoryBrief(topic="a lost kitten", seed=7), config=settings)
    start, cpu0 = time.perf_counter(), time.process_time() + children_cpu_seconds()
    video.run(ctx)
    print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() + children_cpu_seconds() - cpu0}))


def render(pages: int, size: tuple[int, int], fps: int, preset: str, crf: int) -> dict:
    """Build a synthetic story, render it in a fresh child process, and measure that process tree."""
    with tempfile.TemporaryDirectory(prefix="bench-video-") as base:
        story_dir = StoryDir(base, 1)
        build_inputs(story_dir, pages, size)
        command = [sys.executable, __file__, "--render-in", base, "--width", str(size[0]), "--height", str(size[1]),
                   "--fps", str(fps), "--preset", preset, "--crf", str(crf)]
        child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        with TreeRssSampler(child.pid) as sampler:
            output, _ = child.communicate()
        if child.returncode:
            raise SystemExit(f"render failed with exit code {child.returncode}")
        measured = json.loads(output.strip().splitlines()[-1])
        frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(story_dir.video_path))
        layout = json.loads((story_dir.root / "layout.json").read_text(encoding="utf-8"))
        places = {}
        for cue in layout["cues"]:
            places[cue["place"]] = places.get(cue["place"], 0) + 1
        print(f"captions placed: {places} (character boxes {sorted({p['boxes'] for p in layout['pages']})})")
        return {"frames": frames, "seconds": seconds, "wall": measured["wall"], "cpu": measured["cpu"],
                "peak_rss_mb": sampler.peak / 2**20, "peak_python_mb": sampler.peak_root / 2**20,
                "mb": story_dir.video_path.stat().st_size / 2**20}


def still_floor(frames: int, size: tuple[int, int], fps: int, preset: str, crf: int) -> tuple[float, float]:
    """(wall, CPU) seconds x264 needs for ``frames`` copies of one picture piped raw, at the video's settings."""
    story = {"title": "t", "pages": ["Mimi the kitten woke up."], "scene": "forest", "main_role": "Mimi",
             "roles": {"Mimi": "a grey kitten"}, "language": "en"}
    # piped as yuv420p, like the segment does (it converts with OpenCV before the pipe)
    still = cv2.cvtColor(np.asarray(page_picture(story, 1, size).convert("RGB")), cv2.COLOR_RGB2YUV_I420).tobytes()
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as folder:
        command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p",
                   "-s", f"{size[0]}x{size[1]}", "-r", str(fps), "-i", "-", "-vcodec", "libx264", "-preset", preset,
                   "-crf", str(crf), "-threads", str(video.X264_THREADS), "-pix_fmt", "yuv420p"]
        if video.X264_TUNING.get(preset):
            command += ["-x264-params", video.X264_TUNING[preset]]
        command.append(str(Path(folder) / "floor.mp4"))
        cpu0, start = children_cpu_seconds(), time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.PIPE)
        for _ in range(frames):
            process.stdin.write(still)
        process.stdin.close()
        process.wait()
        return time.perf_counter() - start, children_cpu_seconds() - cpu0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=24)
    parser.add_argument("--preset", default=defaults()["VIDEO_PRESET"])
    parser.add_argument("--crf", type=int, default=defaults()["VIDEO_CRF"])
    parser.add_argument("--no-double", action="store_true", help="skip the doubled-length run")
    parser.add_argument("--render-in", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = (args.width, args.height)
    if args.render_in:
        return render_here(args.render_in, size, args.fps, args.preset, args.crf)
    print(f"machine: {os.cpu_count()} cores, load average {open('/proc/loadavg').read().split()[:3]}")
    print(f"settings: {size[0]}x{size[1]} {args.fps} fps, preset {args.preset}, crf {args.crf}")
    runs = [args.pages] if args.no_double else [args.pages, 2 * args.pages]
    for pages in runs:
        result = render(pages, size, args.fps, args.preset, args.crf)
        floor, floor_cpu = still_floor(int(result["frames"]), size, args.fps, args.preset, args.crf)
        print(json.dumps({"pages": pages, **{k: round(v, 2) for k, v in result.items()}}))
        print(f"{pages} pages: {result['seconds']:.1f} s of video in {result['wall']:.1f} s wall = "
              f"{result['seconds'] / result['wall']:.2f}x real time; CPU {result['cpu']:.1f} s "
              f"({1000 * result['cpu'] / result['frames']:.1f} ms/frame); peak RSS (tree) {result['peak_rss_mb']:.0f} MB "
              f"(python alone {result['peak_python_mb']:.0f} MB); "
              f"file {result['mb']:.1f} MB")
        print(f"  floor (x264, same frame count of one still): {floor:.1f} s = {result['seconds'] / floor:.2f}x real time; "
              f"we take {result['wall'] / floor:.2f}x the floor's time; CPU {floor_cpu:.1f} s, "
              f"we use {result['cpu'] / floor_cpu:.2f}x the floor's CPU")


if __name__ == "__main__":
    main()
