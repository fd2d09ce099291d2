"""Segment 5, Video: output.mp4 (h264 yuv420p + aac), captions.srt and cover.jpg.

The film fades in from black on a title card (the cover picture, its title narrated by
speech/title.wav), then shows each page for its narration plus pauses, with slow Ken Burns
motion, crossfades and burned-in captions timed from the real clip lengths and placed clear
of every character (video_layout; recorded in layout.json), and ends on a "The End" card
that fades out to black. Frames come one at a time from our own frame function
(video_frames.StoryFrames), are converted to yuv420p and piped to
one ffmpeg process, so memory stays flat however long the story is; the soundtrack is one
WAV that ffmpeg encodes to AAC in the same pass. A cancelled render kills ffmpeg at once.
"""
from __future__ import annotations

import io
import math
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Callable

import cv2
import imageio_ffmpeg
import numpy as np

from ..audio import wav_duration
from ..storage import SCRATCH_PREFIX
from .captions import CaptionOverlay, build_cues, caption_picture_size, srt_text
from ..domain import SegmentError
from .context import SegmentContext
from .inputs import load_split, load_story, load_timing, unusable
from .video_audio import write_story_soundtrack
from .video_cover import end_card_text, render_cover, render_end_card
from .video_frames import ZOOM, StoryFrames, cameras_for, film_shots, shortest_crossfade
from .video_layout import character_boxes, plan_layout
from .video_timeline import END_CARD_SECONDS, PagePlan, Timeline, build_timeline, title_card_seconds

X264_THREADS = 2
# extra x264 options per preset, unless VIDEO_X264_PARAMS says otherwise. Measured on the offline
# illustrations (720p, crf 23): subme=1 saves ~25% of x264's CPU for ~6% larger files at the same
# SSIM; sliced threads keep ~20 MB less in flight (frame threads hold whole frames) at the same CPU.
X264_TUNING = {"veryfast": "subme=1:sliced-threads=1"}
PREPARE_SHARE = 0.05      # progress spent before the first frame
COVER_QUALITY = 90


def _split_pages(split: list[dict], timing: dict) -> tuple[list[tuple[int, list[str], list]], dict]:
    """(page, sentences, caption lines per sentence) from split.json, and (page, sentence) -> file from timing.json."""
    clip_files = {(clip["page"], clip["sentence"]): clip["file"] for clip in timing["clips"]}
    pages = sorted(((page["page"], page["sentences"], list(page.get("captions") or [])) for page in split),
                   key=lambda page: page[0])
    return pages, clip_files


def load_title_clip(ctx: SegmentContext) -> tuple[Path, float] | None:
    """The narrated title (speech/title.wav, recorded in timing.json by the Speech segment), if there is one."""
    story_dir = ctx.story_dir
    timing = load_timing(ctx)
    entry = timing.get("title")
    if not isinstance(entry, dict) or not entry.get("file"):
        return None                                   # a story narrated before titles were: a silent title card
    wav = story_dir.speech_dir / Path(str(entry["file"])).name
    try:
        return wav, wav_duration(wav)
    except (OSError, wave.Error, EOFError) as exc:
        raise unusable(4, f"speech/{wav.name} is missing or not a WAV") from exc


def load_page_plans(ctx: SegmentContext) -> tuple[dict, list[PagePlan]]:
    """Collect story.json, each page's picture, sentences, captions and clip files; fail clearly if any is missing."""
    story_dir = ctx.story_dir
    story, split, timing = load_story(ctx), load_split(ctx), load_timing(ctx)
    pages, clip_files = _split_pages(split, timing)
    plans: list[PagePlan] = []
    for page, sentences, captions in pages:
        image = story_dir.image_path(page)
        if not image.is_file():
            raise unusable(2, f"image/p{page}.png is missing")
        planned = []
        for number, text in enumerate(sentences, start=1):
            name = clip_files.get((page, number))
            if name is None:
                raise unusable(4, f"speech/timing.json has no clip for page {page} sentence {number}")
            wav = story_dir.speech_dir / Path(name).name
            if not wav.is_file():
                raise unusable(4, f"speech/{wav.name} is missing")
            try:
                duration = wav_duration(wav)
            except (wave.Error, EOFError) as exc:
                raise unusable(4, f"speech/{wav.name} is not a readable WAV") from exc
            lines = captions[number - 1] if number <= len(captions) and captions[number - 1] else [text]
            planned.append((number, wav, duration, tuple(str(line) for line in lines), text))
        plans.append(PagePlan(page, image, tuple(planned)))
    return story, plans


def encoder_command(size: tuple[int, int], fps: int, soundtrack: Path, target: Path, preset: str, crf: int,
                    x264_params: str = "") -> list[str]:
    """ffmpeg reading raw yuv420p frames on stdin plus the AAC soundtrack, writing h264/aac with the index first.

    Frames arrive already in yuv420p (Yuv420Converter, ~1.7 ms at 720p) because ffmpeg's own
    rgb24 conversion costs ~5 ms/frame more and pipes twice the bytes. The soundtrack arrives
    encoded (video_audio checked its true peak as AAC) and is copied, not encoded again.
    """
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-nostdin", "-loglevel", "error",
               "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{size[0]}x{size[1]}", "-r", str(fps), "-i", "pipe:0",
               "-i", str(soundtrack), "-map", "0:v:0", "-map", "1:a:0",
               "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-threads", str(X264_THREADS)]
    if x264_params:
        command += ["-x264-params", x264_params]
    return command + ["-pix_fmt", "yuv420p", "-c:a", "copy",
                      "-movflags", "+faststart", "-f", "mp4", str(target)]


class Yuv420Converter:
    """RGB frames to planar yuv420p (BT.601, limited range: what ffmpeg assumes), chroma averaged over 2x2.

    OpenCV's RGB->I420 is fast but takes each 2x2 block's chroma from its top-left pixel, which
    aliases. Measured on the bench story, averaging costs ~0.5-1 ms/frame net (x264 gets part of
    it back) for ~1.5% smaller files and +0.3 dB PSNR, on par with ffmpeg's own rgb24 conversion.
    Buffers are reused frame to frame.
    """

    def __init__(self, size: tuple[int, int]):
        width, height = size
        self.yuv = np.empty((height * 3 // 2, width), dtype=np.uint8)
        planes = self.yuv.reshape(-1)[width * height:]
        quarter = (width // 2) * (height // 2)
        self.u = planes[:quarter].reshape(height // 2, width // 2)
        self.v = planes[quarter:].reshape(height // 2, width // 2)
        self.half = np.empty((height // 2, width // 2, 3), dtype=np.uint8)
        self.ycrcb = np.empty_like(self.half)

    def convert(self, rgb: np.ndarray) -> np.ndarray:
        cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420, dst=self.yuv)          # luma (and point-sampled chroma)
        cv2.resize(rgb, self.half.shape[1::-1], dst=self.half, interpolation=cv2.INTER_AREA)
        # full-range Cb/Cr of colours scaled by 224/255 = limited-range Cb/Cr (chroma is linear in RGB)
        cv2.convertScaleAbs(self.half, dst=self.half, alpha=224 / 255)
        cv2.cvtColor(self.half, cv2.COLOR_RGB2YCrCb, dst=self.ycrcb)
        cv2.mixChannels([self.ycrcb], [self.u, self.v], [2, 0, 1, 1])
        return self.yuv


class FrameEncoder:
    """One ffmpeg process fed RGB frames (converted to yuv420p here); killed at once if rendering stops early.

    Closing ffmpeg's stdin makes it finish the file, which for a cancelled render means
    encoding the rest of the soundtrack (seconds); killing it on any exception stops it
    immediately and the caller's atomic temp path removes the partial file.
    """

    def __init__(self, command: list[str], size: tuple[int, int], log_path: Path):
        self.log_path = log_path
        self.converter = Yuv420Converter(size)
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)

    def write(self, rgb: np.ndarray) -> None:
        yuv = self.converter.convert(rgb)
        try:
            self.process.stdin.write(memoryview(yuv).cast("B"))
        except BrokenPipeError:
            self.process.wait()
            raise SegmentError(f"ffmpeg stopped while encoding the video: {self.error()}") from None

    def finish(self) -> None:
        """Let ffmpeg write the rest (audio tail, index) and check that it succeeded."""
        self.process.stdin.close()
        if self.process.wait():
            raise SegmentError(f"ffmpeg could not encode the video: {self.error()}")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.stdin.close()
        except OSError:                               # unflushed bytes to a dead process
            pass
        self.process.wait()

    def error(self) -> str:
        lines = self.log_path.read_text(errors="replace").strip().splitlines()
        return lines[-1] if lines else f"exit code {self.process.returncode}"

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        self.kill()


def render_video(frames: StoryFrames, duration: float, fps: int, soundtrack: Path, target: Path, preset: str,
                 crf: int, on_frame: Callable[[int, int], None], x264_params: str = "") -> None:
    """Encode frames + soundtrack to an h264/aac mp4 (yuv420p, moov atom first for streaming).

    ``on_frame(done, total)`` is called once per second of video; when it raises (a
    cancelled task), ffmpeg is killed before the exception leaves. On two cores x264 is the
    bottleneck: OpenCV runs single-threaded meanwhile, and x264 gets two sliced threads.
    """
    total = max(1, math.ceil(duration * fps - 1e-6))
    command = encoder_command(frames.size, fps, soundtrack, target, preset, crf, x264_params)
    opencv_threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        with FrameEncoder(command, frames.size, target.with_name(target.name + ".log")) as encoder:
            for index in range(total):
                if index % fps == 0:
                    on_frame(index, total)
                encoder.write(frames(index / fps))
            encoder.finish()
        on_frame(total, total)
    except OSError as exc:
        raise SegmentError(f"ffmpeg could not be started or fed: {exc}") from exc
    finally:
        cv2.setNumThreads(opencv_threads)
        target.with_name(target.name + ".log").unlink(missing_ok=True)


def layout_path(story_dir) -> Path:
    """layout.json: every caption's rectangle and the characters' rectangles around it (unlisted, for checking)."""
    return story_dir.root / "layout.json"


def plan_film(story: dict, plans: list[PagePlan], title: tuple[Path, float] | None, size: tuple[int, int],
              pauses: dict[str, float], seed: int, story_dir) -> tuple[Timeline, StoryFrames, list, dict]:
    """Lay out the whole film: timeline with cards, cues, caption places clear of characters, the frame source.

    Returns (timeline, frames, cues, layout record). The cards are painted when the frames
    need them (a 720p picture held for a whole render is ~3 MB of the memory budget).
    """
    title_text = " ".join(str(story.get("title", "")).split())
    intro = title_card_seconds(title[1] if title else None) if title_text else 0.0
    timeline = build_timeline(plans, pauses["PAGE_PAUSE"], pauses["SENTENCE_PAUSE"], intro, END_CARD_SECONDS,
                              title if title_text else None)
    # a crossfade never reaches a sentence (so a caption only ever sees its own page's characters)
    blend = min(pauses["CROSSFADE"], 2 * pauses["PAGE_PAUSE"])
    first_image, last_image = timeline.pages[0].image, timeline.pages[-1].image
    end_text = end_card_text(str(story.get("language") or "en"))

    def title_card(card_size):
        return render_cover(first_image, title_text, card_size)

    def end_card(card_size):
        return render_end_card(last_image, end_text, card_size)

    def make_shots(insets: dict) -> tuple[list, list]:
        shots = film_shots(timeline, size, seed, ZOOM, insets, title_card, end_card)
        return shots, cameras_for(shots, size, timeline.duration, shortest_crossfade(shots, blend))

    first_shots, _ = make_shots({})
    crossfade = shortest_crossfade(first_shots, blend)
    cues = build_cues(timeline, size, crossfade)
    sizes = [caption_picture_size(cue.lines, size) for cue in cues]
    boxes, assumed = character_boxes(story_dir, first_shots)
    layout = plan_layout(cues, sizes, size, boxes, make_shots)
    frames = StoryFrames(timeline, size, CaptionOverlay(cues, size, layout.positions), seed=seed,
                         crossfade=blend, title_card=title_card, end_card=end_card,
                         insets=layout.insets, fades=True)
    record = {"frame": list(size), "duration": round(timeline.duration, 3),
              "title_card": [0.0, round(timeline.intro, 3)],
              "end_card": [round(timeline.duration - timeline.outro, 3), round(timeline.duration, 3)],
              "pages": [{"page": page.page, "start": round(page.start, 3), "end": round(page.end, 3),
                         "boxes": "assumed" if assumed.get(page.page) else "recorded",
                         "inset": list(layout.insets[page.page]) if page.page in layout.insets else None}
                        for page in timeline.pages],
              "cues": layout.records}
    return timeline, frames, cues, record


def run(ctx: SegmentContext) -> list[Path]:
    """Build the soundtrack, captions and cover, then stream the frames to output.mp4."""
    story_dir = ctx.story_dir
    # sizes, rates and pauses were checked with the rest of the settings (config.py): even sides, ranges
    config = ctx.config
    width, height, fps = config["VIDEO_WIDTH"], config["VIDEO_HEIGHT"], config["VIDEO_FPS"]
    preset, crf = config["VIDEO_PRESET"], config["VIDEO_CRF"]
    pauses = {key: config[key] for key in ("PAGE_PAUSE", "SENTENCE_PAUSE", "CROSSFADE")}
    ctx.progress(0.0, "planning the video")
    story, plans = load_page_plans(ctx)
    size = (width, height)
    timeline, frames, cues, layout = plan_film(story, plans, load_title_clip(ctx), size, pauses,
                                               int(ctx.brief.seed), story_dir)
    cover = io.BytesIO()                          # the title card's picture, encoded now (small), written at the end
    render_cover(timeline.pages[0].image, str(story.get("title", "")), size).save(cover, "JPEG", quality=COVER_QUALITY)
    # scratch lives in the story folder (a dot-name, never listed) so a crash leaves nothing
    # elsewhere, and the next run's remove_outputs() clears it
    story_dir.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=story_dir.root) as scratch:
        ctx.progress(0.01, "mixing the soundtrack")
        soundtrack = write_story_soundtrack(ctx, timeline, Path(scratch) / "soundtrack.m4a")
        ctx.progress(PREPARE_SHARE, f"rendering {timeline.duration:.1f} s of video")
        span = 0.99 - PREPARE_SHARE

        def on_frame(done: int, total: int) -> None:
            ctx.progress(PREPARE_SHARE + span * done / total, f"rendering video: frame {done} of {total}")

        with story_dir.atomic_path(story_dir.video_path) as temp_video:
            render_video(frames, timeline.duration, fps, soundtrack, temp_video, preset, crf, on_frame,
                         config["VIDEO_X264_PARAMS"] or X264_TUNING.get(preset, ""))
            story_dir.write_bytes(story_dir.srt_path, srt_text(cues).encode("utf-8"))
            story_dir.write_bytes(story_dir.cover_path, cover.getvalue())
            story_dir.write_json(layout_path(story_dir), layout)
    ctx.progress(1.0, "video ready")
    return [story_dir.video_path, story_dir.srt_path, story_dir.cover_path]

