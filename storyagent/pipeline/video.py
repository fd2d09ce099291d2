"""Segment 5, Video: output.mp4 (h264 yuv420p + aac), captions.srt and cover.jpg.

Each page is shown for its narration plus pauses, with slow Ken Burns motion, crossfades
and burned-in captions timed from the real clip lengths. Frames come one at a time from
our own frame function (video_frames.StoryFrames) and are piped by moviepy to ffmpeg,
so memory stays flat however long the story is; the soundtrack is one WAV that ffmpeg
encodes to AAC in the same pass.
"""
from __future__ import annotations

import io
import tempfile
import wave
from pathlib import Path

import cv2
from moviepy import VideoClip
from proglog import ProgressBarLogger

from ..audio import wav_duration
from ..storage import SCRATCH_PREFIX
from .captions import CaptionOverlay, build_cues, srt_text
from .context import SegmentContext, SegmentError
from .video_audio import write_soundtrack
from .video_cover import render_cover
from .video_frames import StoryFrames
from .video_timeline import PagePlan, build_timeline

# timing defaults (seconds); override with the config keys of the same name
PAGE_PAUSE = 0.6          # before the first and after the last sentence of every page
SENTENCE_PAUSE = 0.35     # between sentences on a page
CROSSFADE = 0.5           # blend between consecutive pages, centred on the page boundary
# music bed level (dB) in the pauses and under speech
MUSIC_GAP_DB = -8.0
MUSIC_SPEECH_DB = -18.0

X264_THREADS = 2
# extra x264 options per preset, unless VIDEO_X264_PARAMS says otherwise. Measured on the offline
# illustrations (720p, crf 23): subme=1 saves ~25% of x264's CPU for ~6% larger files at the same
# SSIM; sliced threads keep ~20 MB less in flight (frame threads hold whole frames) at the same CPU.
X264_TUNING = {"veryfast": "subme=1:sliced-threads=1"}
X264_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")
PREPARE_SHARE = 0.05      # progress spent before the first frame
COVER_QUALITY = 90


class RenderProgress(ProgressBarLogger):
    """A proglog logger that forwards moviepy's frame counter to ``ctx.progress``.

    ``ctx.progress`` raises SegmentCancelled when the task is deleted; raised here, it
    unwinds out of moviepy's frame loop, which closes the ffmpeg pipe and waits for it.
    """

    def __init__(self, ctx: SegmentContext, start: float, span: float, every: int):
        super().__init__(logged_bars=None)
        self.ctx, self.start, self.span, self.every = ctx, start, span, max(1, int(every))
        self.total = 0
        self.reported = -self.every

    def bars_callback(self, bar, attr, value, old_value=None):
        if bar != "frame_index":
            return
        if attr == "total":
            self.total = int(value)
        elif attr == "index" and self.total and (value - self.reported >= self.every or value >= self.total):
            self.reported = int(value)
            fraction = self.start + self.span * min(1.0, value / self.total)
            self.ctx.progress(fraction, f"rendering video: frame {int(value)} of {self.total}")


def _int_setting(ctx: SegmentContext, key: str, default: int) -> int:
    try:
        return int(ctx.setting(key, default))
    except (TypeError, ValueError) as exc:
        raise SegmentError(f"{key} must be a whole number") from exc


def _float_setting(ctx: SegmentContext, key: str, default: float) -> float:
    try:
        return float(ctx.setting(key, default))
    except (TypeError, ValueError) as exc:
        raise SegmentError(f"{key} must be a number") from exc


def _read_json(ctx: SegmentContext, path: Path, segment: int, name: str):
    """Read an input of an earlier segment or say which segment to run."""
    if not path.is_file():
        raise SegmentError(f"{name} is missing: run segment {segment} first")
    try:
        return ctx.story_dir.read_json(path)
    except ValueError as exc:
        raise SegmentError(f"{name} is not valid JSON: run segment {segment} again") from exc


def _split_pages(split: dict, timing: dict) -> tuple[list[tuple[int, list[str], list]], dict]:
    """(page, sentences, caption lines per sentence) from split.json, and (page, sentence) -> file from timing.json."""
    try:
        clip_files = {(int(c["page"]), int(c["sentence"])): str(c["file"]) for c in timing["clips"]}
        pages = sorted(((int(p["page"]), [str(s) for s in p.get("sentences", [])], list(p.get("captions", [])))
                        for p in split["pages"]), key=lambda page: page[0])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SegmentError(f"split.json or speech/timing.json is malformed ({exc!r}): run segments 3 and 4 again") from exc
    if not pages:
        raise SegmentError("split.json has no pages: run segment 3 again")
    return pages, clip_files


def load_page_plans(ctx: SegmentContext) -> tuple[dict, list[PagePlan]]:
    """Collect story.json, each page's picture, sentences, captions and clip files; fail clearly if any is missing."""
    story_dir = ctx.story_dir
    story = _read_json(ctx, story_dir.story_json, 1, "story.json")
    split = _read_json(ctx, story_dir.split_json, 3, "split.json")
    timing = _read_json(ctx, story_dir.timing_json, 4, "speech/timing.json")
    pages, clip_files = _split_pages(split, timing)
    plans: list[PagePlan] = []
    for page, sentences, captions in pages:
        image = story_dir.image_path(page)
        if not image.is_file():
            raise SegmentError(f"image/p{page}.png is missing: run segment 2 first")
        planned = []
        for number, text in enumerate(sentences, start=1):
            name = clip_files.get((page, number))
            if name is None:
                raise SegmentError(f"speech/timing.json has no clip for page {page} sentence {number}: run segment 4 again")
            wav = story_dir.speech_dir / Path(name).name
            if not wav.is_file():
                raise SegmentError(f"speech/{wav.name} is missing: run segment 4 first")
            try:
                duration = wav_duration(wav)
            except (wave.Error, EOFError) as exc:
                raise SegmentError(f"speech/{wav.name} is not a readable WAV: run segment 4 again") from exc
            lines = captions[number - 1] if number <= len(captions) and captions[number - 1] else [text]
            planned.append((number, wav, duration, tuple(str(line) for line in lines), text))
        plans.append(PagePlan(page, image, tuple(planned)))
    return story, plans


def render_video(frames: StoryFrames, duration: float, fps: int, soundtrack: Path, target: Path,
                 preset: str, crf: int, logger: ProgressBarLogger, x264_params: str = "") -> None:
    """Encode frames + soundtrack to an h264/aac mp4 (yuv420p, moov atom first for streaming).

    The soundtrack WAV goes to ffmpeg as a file and is encoded in the same pass, so
    moviepy neither re-reads it in Python nor leaves a temp audio file on failure. On two
    cores x264 is the bottleneck: OpenCV runs single-threaded meanwhile, and x264 gets two
    frame threads (same output bytes as its default of three, with less CPU and memory).
    moviepy 2.2.1 appends its own ``-pix_fmt yuva420p``, which libx264 cannot encode, so
    ffmpeg falls back to yuv420p (tests/test_video.py probes the result).
    """
    clip = VideoClip(frame_function=frames, duration=duration)
    opencv_threads = cv2.getNumThreads()
    cv2.setNumThreads(1)
    # -shortest: when a cancelled render closes the frame pipe, ffmpeg stops at once instead
    # of encoding the rest of the soundtrack
    params = ["-crf", str(crf), "-pix_fmt", "yuv420p", "-movflags", "+faststart"]
    if x264_params:
        params += ["-x264-params", x264_params]
    try:
        clip.write_videofile(str(target), fps=fps, codec="libx264", audio=str(soundtrack), audio_codec="aac",
                             audio_bitrate="128k", preset=preset, threads=X264_THREADS, ffmpeg_params=params,
                             logger=logger)
    except OSError as exc:
        raise SegmentError(f"ffmpeg could not encode the video: {str(exc).strip().splitlines()[-1]}") from exc
    finally:
        cv2.setNumThreads(opencv_threads)
        clip.close()


def run(ctx: SegmentContext) -> list[Path]:
    """Build the soundtrack, captions and cover, then stream the frames to output.mp4."""
    story_dir = ctx.story_dir
    width, height = _int_setting(ctx, "VIDEO_WIDTH", 1280), _int_setting(ctx, "VIDEO_HEIGHT", 720)
    fps = _int_setting(ctx, "VIDEO_FPS", 24)
    if width < 16 or height < 16 or width % 2 or height % 2:
        raise SegmentError("VIDEO_WIDTH and VIDEO_HEIGHT must be even numbers of at least 16 (h264 needs it)")
    if not 1 <= fps <= 120:
        raise SegmentError("VIDEO_FPS must be between 1 and 120")
    preset, crf = str(ctx.setting("VIDEO_PRESET", "veryfast")), _int_setting(ctx, "VIDEO_CRF", 23)
    if preset not in X264_PRESETS:
        raise SegmentError(f"VIDEO_PRESET must be one of: {', '.join(X264_PRESETS)}")
    if not 0 <= crf <= 51:
        raise SegmentError("VIDEO_CRF must be between 0 (lossless) and 51")
    pauses = {key: _float_setting(ctx, key, default) for key, default in
              (("PAGE_PAUSE", PAGE_PAUSE), ("SENTENCE_PAUSE", SENTENCE_PAUSE), ("CROSSFADE", CROSSFADE))}
    if any(not 0 <= value <= 60 for value in pauses.values()):
        raise SegmentError("PAGE_PAUSE, SENTENCE_PAUSE and CROSSFADE must be between 0 and 60 seconds")
    ctx.progress(0.0, "planning the video")
    story, plans = load_page_plans(ctx)
    timeline = build_timeline(plans, pauses["PAGE_PAUSE"], pauses["SENTENCE_PAUSE"])
    cues = build_cues(timeline)
    size = (width, height)
    cover = io.BytesIO()                          # encoded now (small), written once the video is done
    render_cover(timeline.pages[0].image, str(story.get("title", "")), size).save(cover, "JPEG", quality=COVER_QUALITY)
    frames = StoryFrames(timeline, size, CaptionOverlay(cues, size), seed=int(ctx.brief.seed),
                         crossfade=pauses["CROSSFADE"])
    # scratch lives in the story folder (a dot-name, never listed) so a crash leaves nothing
    # elsewhere, and the next run's remove_outputs() clears it
    story_dir.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=story_dir.root) as scratch:
        ctx.progress(0.01, "mixing the soundtrack")
        soundtrack = write_soundtrack(timeline, Path(scratch) / "soundtrack.wav",
                                      music_file=str(ctx.setting("MUSIC_FILE", "") or ""),
                                      music_gap_db=_float_setting(ctx, "MUSIC_GAP_DB", MUSIC_GAP_DB),
                                      music_speech_db=_float_setting(ctx, "MUSIC_SPEECH_DB", MUSIC_SPEECH_DB))
        ctx.progress(PREPARE_SHARE, f"rendering {timeline.duration:.1f} s of video")
        logger = RenderProgress(ctx, PREPARE_SHARE, 0.99 - PREPARE_SHARE, every=fps)
        with story_dir.atomic_path(story_dir.video_path) as temp_video:
            render_video(frames, timeline.duration, fps, soundtrack, temp_video, preset, crf, logger,
                         str(ctx.setting("VIDEO_X264_PARAMS", X264_TUNING.get(preset, ""))))
            story_dir.write_bytes(story_dir.srt_path, srt_text(cues).encode("utf-8"))
            story_dir.write_bytes(story_dir.cover_path, cover.getvalue())
    ctx.progress(1.0, "video ready")
    return [story_dir.video_path, story_dir.srt_path, story_dir.cover_path]
