"""Segment 5, Video: a real h264/aac mp4 with moving pages and timed captions, an SRT and a cover."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw

from storyagent.config import ConfigError, defaults
from storyagent.audio import SPEECH_SAMPLE_RATE, wav_duration, write_wav_atomic
from storyagent.pipeline import SegmentCancelled, SegmentError, segment_function
from storyagent.pipeline import video
from storyagent.pipeline.captions import Cue, build_cues, font_path, render_text_band, srt_text
from storyagent.pipeline.video_audio import music_gain_curve
from storyagent.pipeline.video_frames import MOTIONS, page_motion, view_box
from storyagent.pipeline.video_timeline import (END_CARD_SECONDS, TITLE_LEAD, PagePlan, build_timeline,
                                                title_card_seconds)
from pydub.generators import Sine  # noqa: I001  (after storyagent.audio, which silences pydub's import warnings)

PAUSES = defaults()  # the default PAGE_PAUSE / SENTENCE_PAUSE the Video segment uses

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
SIZE = (320, 180)
FPS = 12
PAGES = [
    {"sentences": ["Mimi was lost in the forest.", "She called and called for her mother until an owl came."],
     "captions": [["Mimi was lost in the forest."],
                  ["She called and called", "for her mother", "until an owl came."]],
     "seconds": [0.9, 1.3]},
    {"sentences": ["The owl showed her the way.", "Home at last."],
     "captions": [["The owl showed her the way."], ["Home at last."]],
     "seconds": [1.0, 0.7]},
]
TITLE_SECONDS = 1.2
INTRO = title_card_seconds(TITLE_SECONDS)


def page_picture(page: int) -> Image.Image:
    """A picture with detail in its top half (to see motion) and a plain bottom (to see captions)."""
    width, height = SIZE
    picture = Image.new("RGB", SIZE, (90, 120, 100))
    draw = ImageDraw.Draw(picture)
    for x in range(0, width, 12):
        draw.rectangle([x, 0, x + 5, int(height * 0.5)], fill=(200, 60 + 40 * page, 40))
    draw.ellipse([width * 0.3, height * 0.1, width * 0.5, height * 0.4], fill=(240, 230, 90))
    return picture


def sun_box(size=SIZE) -> list[int]:
    """The box of the picture's one "character" (the sun drawn by page_picture)."""
    width, height = size
    return [int(width * 0.3), int(height * 0.1), int(width * 0.5) + 1, int(height * 0.4) + 1]


def build_story(story_dir, pages=PAGES, title="Mimi Finds Her Way", language="en"):
    """Write every input of the Video segment: story.json, pictures (+ prompts.json boxes), split.json,
    speech clips, the narrated title and timing.json."""
    story_dir.write_json(story_dir.story_json, {
        "title": title, "topic": "a lost kitten", "main_role": "Mimi", "scene": "forest", "language": language,
        "outline": [], "pages": [" ".join(p["sentences"]) for p in pages], "roles": {"Mimi": "a grey kitten"}})
    clips = []
    for number, page in enumerate(pages, start=1):
        with story_dir.atomic_path(story_dir.image_path(number)) as temp:
            page_picture(number).save(temp, "PNG")
        for index, seconds in enumerate(page["seconds"], start=1):
            tone = Sine(300 + 60 * index).to_audio_segment(duration=seconds * 1000, volume=-12)
            tone = tone.set_frame_rate(SPEECH_SAMPLE_RATE).set_channels(1).set_sample_width(2)
            path = write_wav_atomic(story_dir, story_dir.speech_path(number, index), tone)
            clips.append({"page": number, "sentence": index, "file": path.name, "duration": wav_duration(path)})
    story_dir.write_json(story_dir.split_json, {"pages": [
        {"page": number, "sentences": page["sentences"], "captions": page["captions"]}
        for number, page in enumerate(pages, start=1)]})
    title_tone = Sine(500).to_audio_segment(duration=TITLE_SECONDS * 1000, volume=-12)
    title_tone = title_tone.set_frame_rate(SPEECH_SAMPLE_RATE).set_channels(1).set_sample_width(2)
    title_wav = write_wav_atomic(story_dir, story_dir.speech_dir / "title.wav", title_tone)
    story_dir.write_json(story_dir.timing_json, {"clips": clips, "title": {
        "text": title, "file": title_wav.name, "duration": wav_duration(title_wav)}})
    story_dir.write_json(story_dir.prompts_json, [{"page": number, "prompt": "", "boxes": {"Sun": sun_box()}}
                                                  for number in range(1, len(pages) + 1)])
    return clips


def expected_clip_times(clips, page_pause=PAUSES["PAGE_PAUSE"], sentence_pause=PAUSES["SENTENCE_PAUSE"]):
    """(start, end) of every clip and the total length, from timing.json, the pause rules and the two cards."""
    times, cursor, last_page = [], INTRO, None
    for clip in clips:
        if clip["page"] != last_page:
            cursor += (page_pause if last_page is None else 2 * page_pause)
            last_page = clip["page"]
        else:
            cursor += sentence_pause
        times.append((cursor, cursor + clip["duration"]))
        cursor += clip["duration"]
    return times, cursor + page_pause + END_CARD_SECONDS


def probe(path) -> str:
    """ffmpeg's description of a media file (its stderr)."""
    return subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True, text=True).stderr


def decode_frame(path, seconds: float) -> np.ndarray:
    """The RGB frame of an mp4 at a time, decoded by ffmpeg."""
    raw = subprocess.run([FFMPEG, "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(SIZE[1], SIZE[0], 3).astype(np.int16)


def decode_audio(path, rate=8000) -> np.ndarray:
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(path), "-vn", "-ac", "1", "-ar", str(rate),
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float64)


def parse_srt(text: str) -> list[tuple[float, float, list[str]]]:
    def seconds(stamp):
        hours, minutes, rest = stamp.split(":")
        secs, millis = rest.split(",")
        return int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000

    cues = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        start, end = lines[1].split(" --> ")
        cues.append((seconds(start), seconds(end), lines[2:]))
    return cues


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One tiny render shared by the output checks (2 pages, 2 sentences each, 320x180 at 12 fps)."""
    from storyagent.pipeline import SegmentContext, StoryBrief
    from storyagent.storage import StoryDir

    story_dir = StoryDir(tmp_path_factory.mktemp("video") / "base", 1)
    clips = build_story(story_dir)
    settings = defaults()
    settings.update({"VIDEO_WIDTH": SIZE[0], "VIDEO_HEIGHT": SIZE[1], "VIDEO_FPS": FPS, "MUSIC": "off"})
    reports = []
    ctx = SegmentContext(story_dir=story_dir, brief=StoryBrief(topic="a lost kitten", seed=3), config=settings,
                         report=lambda fraction, message: reports.append(fraction))
    written = segment_function(5)(ctx)
    return story_dir, clips, written, reports


def test_video_is_h264_yuv420p_with_aac_at_the_configured_size(rendered):
    story_dir, clips, written, _ = rendered
    assert written == [story_dir.video_path, story_dir.srt_path, story_dir.cover_path, story_dir.vtt_path,
                       story_dir.readalong_path]
    info = probe(story_dir.video_path)
    video_line = next(line for line in info.splitlines() if "Video:" in line)
    assert "h264" in video_line and "yuv420p" in video_line and f"{SIZE[0]}x{SIZE[1]}" in video_line
    assert f"{FPS} fps" in video_line
    assert re.search(r"Audio: aac", info)
    head = story_dir.video_path.read_bytes()
    assert head.find(b"moov") < head.find(b"mdat"), "+faststart puts the index before the media data"


def test_video_lasts_the_narration_plus_pauses(rendered):
    story_dir, clips, _, _ = rendered
    _, total = expected_clip_times(clips)
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(story_dir.video_path))
    assert seconds == pytest.approx(total, rel=0.05)
    assert frames == pytest.approx(total * FPS, rel=0.05)
    audio_seconds = len(decode_audio(story_dir.video_path)) / 8000
    assert audio_seconds == pytest.approx(total, rel=0.05)


def test_srt_cues_start_with_their_sentences_after_the_title_card(rendered):
    story_dir, clips, _, _ = rendered
    cues = parse_srt(story_dir.srt_path.read_text(encoding="utf-8"))
    times, _ = expected_clip_times(clips)
    assert times[0][0] == pytest.approx(INTRO + PAUSES["PAGE_PAUSE"]) and INTRO >= 2.0
    # every sentence fits one two-line cue at this size; each starts with its clip and lasts >= 1.2 s
    # (or until the next sentence / the page's end, when the sentence and its pause are shorter)
    assert len(cues) == len(times) and all(1 <= len(lines) <= 2 for _, _, lines in cues)
    for (start, end), (cue_start, cue_end, _) in zip(times, cues):
        assert cue_start == pytest.approx(start, abs=0.002)
        assert cue_end >= end - 0.002
    assert [" ".join(lines) for _, _, lines in cues] == [s for page in PAGES for s in page["sentences"]]
    assert all(end <= next_start for (_, end, _), (next_start, _, _) in zip(cues, cues[1:]))


def test_srt_cues_match_the_narration_in_the_soundtrack(rendered):
    story_dir, clips, _, _ = rendered
    samples = decode_audio(story_dir.video_path)
    level = lambda a, b: np.sqrt((samples[int(a * 8000):int(b * 8000)] ** 2).mean())  # noqa: E731
    assert level(TITLE_LEAD + 0.1, TITLE_LEAD + TITLE_SECONDS - 0.1) > 1000, "the title is narrated on its card"
    for start, _, _ in parse_srt(story_dir.srt_path.read_text(encoding="utf-8")):
        assert level(start - 0.2, start - 0.03) < 50 and level(start + 0.03, start + 0.2) > 1000


def test_pages_move_slowly_and_captions_are_burned_in(rendered):
    story_dir, clips, _, _ = rendered
    times, _ = expected_clip_times(clips)
    path = story_dir.video_path
    # just after the crossfade from the title card and near the end of the first sentence: the
    # picture has moved, a little (its top third carries no caption: the "character" is there)
    early, later = decode_frame(path, INTRO + 0.3), decode_frame(path, times[0][1] - 0.05)
    detail = slice(0, SIZE[1] // 3)
    moved = np.abs(early[detail] - later[detail]).mean()
    assert 0.5 < moved < 40
    # during the first sentence, the plain bottom of the picture carries a dark band and light text
    start, end = times[0]
    captioned, plain = decode_frame(path, (start + end) / 2), early
    band = captioned[int(SIZE[1] * 0.65):, :, :].sum(axis=2)
    bare = plain[int(SIZE[1] * 0.65):, :, :].sum(axis=2)
    page_level = np.median(bare)
    assert (band < page_level - 120).mean() > 0.05, "translucent dark band"
    assert (band > page_level + 200).sum() > 20, "light caption text"
    assert (bare < page_level - 120).mean() < 0.01 and (bare > page_level + 200).sum() < 5


def test_cover_is_the_first_page_with_the_title(rendered):
    story_dir, _, _, _ = rendered
    with Image.open(story_dir.cover_path) as cover:
        assert cover.format == "JPEG" and cover.size == SIZE
        pixels = np.asarray(cover.convert("RGB")).astype(np.int16)
    original = np.asarray(page_picture(1)).astype(np.int16)
    difference = np.abs(pixels - original).sum(axis=2) > 60
    top, bottom = difference[: SIZE[1] // 2], difference[int(SIZE[1] * 0.75):]
    assert top.mean() > 0.05, "the title is drawn on the upper part"
    assert bottom.mean() < 0.02, "the rest is the first page"


def test_progress_is_reported_while_frames_are_written(rendered):
    _, _, _, reports = rendered
    assert reports[0] == 0.0 and reports[-1] == 1.0
    assert len([f for f in reports if 0.05 < f < 1.0]) >= 3
    assert reports == sorted(reports)


def ffmpeg_children() -> list[str]:
    """Live (non-zombie) child processes of this test process, from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid() and fields[0] != "Z":
                children.append(entry.name)
    return children


def test_cancelling_mid_render_kills_ffmpeg_instead_of_waiting(make_context, story_dir, monkeypatch):
    build_story(story_dir)
    encoders = []

    class RecordingEncoder(video.FrameEncoder):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            encoders.append(self)

    monkeypatch.setattr(video, "FrameEncoder", RecordingEncoder)
    calls = []
    ctx = make_context()
    ctx.report = lambda fraction, message: calls.append(message)
    ctx.is_cancelled = lambda: len([m for m in calls if m.startswith("rendering video: frame")]) >= 2

    with pytest.raises(SegmentCancelled):
        segment_function(5)(ctx)

    assert calls[-1].startswith("rendering video: frame") and not calls[-1].startswith("rendering video: frame 0 ")
    assert len(encoders) == 1
    assert encoders[0].process.returncode == -signal.SIGKILL, "killed, not left to encode the rest of the soundtrack"
    assert ffmpeg_children() == []
    assert [p.name for p in story_dir.root.iterdir() if p.name.startswith(".")] == []
    assert not story_dir.video_path.exists()


def test_cancelling_stops_the_render_and_leaves_nothing_behind(make_context, story_dir):
    build_story(story_dir)
    calls = []
    ctx = make_context()
    ctx.report = lambda fraction, message: calls.append(message)
    ctx.is_cancelled = lambda: len([m for m in calls if m.startswith("rendering video")]) >= 2
    scratch_before = set(Path(tempfile.gettempdir()).glob("storyagent-video-*"))

    with pytest.raises(SegmentCancelled):
        segment_function(5)(ctx)

    root = story_dir.root
    assert not story_dir.video_path.exists() and not story_dir.srt_path.exists() and not story_dir.cover_path.exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []
    assert set(Path(tempfile.gettempdir()).glob("storyagent-video-*")) == scratch_before
    assert ffmpeg_children() == [], "ffmpeg was stopped and reaped"


def test_music_bed_is_mixed_under_the_narration(make_context, story_dir, tmp_path):
    clips = build_story(story_dir)
    music = Sine(220).to_audio_segment(duration=1500, volume=-6).set_channels(2).set_frame_rate(44100)
    music_file = tmp_path / "music.wav"
    music.export(music_file, format="wav").close()

    segment_function(5)(make_context(MUSIC_FILE=str(music_file)))

    info = probe(story_dir.video_path)
    assert re.search(r"Audio: aac.*44100 Hz, stereo", info)
    times, total = expected_clip_times(clips)
    samples = decode_audio(story_dir.video_path)
    assert len(samples) / 8000 == pytest.approx(total, rel=0.05)
    first_start, _ = times[0]
    lead_in = samples[int((TITLE_LEAD + TITLE_SECONDS + 0.3) * 8000):int((first_start - 0.05) * 8000)]
    assert np.sqrt((lead_in ** 2).mean()) > 300, "music plays in the pause before the first sentence"


def test_no_music_means_silent_pauses(rendered):
    story_dir, clips, _, _ = rendered
    times, _ = expected_clip_times(clips)
    samples = decode_audio(story_dir.video_path)
    lead_in = samples[int((TITLE_LEAD + TITLE_SECONDS + 0.1) * 8000):int((times[0][0] - 0.1) * 8000)]
    assert len(lead_in) > 4000 and np.sqrt((lead_in ** 2).mean()) < 50


def test_missing_inputs_name_the_segment_to_run(make_context, story_dir):
    build_story(story_dir)
    story_dir.timing_json.unlink()
    with pytest.raises(SegmentError, match=r"Speech output is missing or unreadable \(speech/timing.json is missing\); "
                                           r"run Speech again"):
        segment_function(5)(make_context())
    build_story(story_dir)
    story_dir.image_path(2).unlink()
    with pytest.raises(SegmentError, match=r"Image output is missing or unreadable \(image/p2.png is missing\); run Image"):
        segment_function(5)(make_context())
    build_story(story_dir)
    story_dir.speech_path(1, 2).unlink()
    with pytest.raises(SegmentError, match=r"speech/s1_2.wav is missing"):
        segment_function(5)(make_context())
    assert not story_dir.video_path.exists()


def test_music_file_that_does_not_exist_is_a_clear_error(make_context, story_dir, tmp_path):
    build_story(story_dir)
    with pytest.raises(SegmentError, match="MUSIC_FILE"):
        segment_function(5)(make_context(MUSIC_FILE=str(tmp_path / "nope.mp3")))


def test_chinese_captions_render_with_the_bundled_font():
    assert "noto_cjk_sans_otc" in font_path() and not font_path().startswith("/usr/share")
    first = np.asarray(render_text_band(["小猫"], 40, 300))
    second = np.asarray(render_text_band(["回家"], 40, 300))
    assert first.shape == second.shape, "same number of full-width glyphs"
    assert np.abs(first.astype(int) - second.astype(int)).sum() > 1000, "different characters, not tofu boxes"
    latin = np.asarray(render_text_band(["Mimi"], 40, 300))
    assert latin[:, :, 3].max() > 200


def test_long_caption_lines_shrink_to_fit_the_frame():
    wide = render_text_band(["这是一行非常非常非常非常非常非常非常长的中文字幕"], 40, 280)
    assert wide.width <= 280 + 80


def test_cues_of_a_long_sentence_are_timed_by_character_count():
    sentence = ("Mimi walked through the dark and quiet forest, calling for her mother, "
                "until a kind old owl came down from the tallest tree and showed her the way home.")
    plans = [PagePlan(1, Path("p1.png"), ((1, Path("s1_1.wav"), 6.0, (), sentence),))]
    timeline = build_timeline(plans, page_pause=0.5, sentence_pause=0.3)
    cues = build_cues(timeline, SIZE)
    assert len(cues) >= 2 and all(len(cue.lines) <= 2 for cue in cues)
    assert " ".join(line for cue in cues for line in cue.lines).split() == sentence.split()
    letters = [sum(len(line.replace(" ", "")) for line in cue.lines) for cue in cues]
    for cue, share in zip(cues, letters):
        assert cue.end - cue.start == pytest.approx(6.0 * share / sum(letters), abs=0.01)
    assert cues[0].start == pytest.approx(0.5) and cues[-1].end == pytest.approx(6.5)
    assert all(one.end == pytest.approx(two.start) for one, two in zip(cues, cues[1:]))
    assert srt_text([Cue(3661.5, 3662.25, ("hi", "there"))]) == "1\n01:01:01,500 --> 01:01:02,250\nhi\nthere\n"


def test_ken_burns_views_stay_inside_the_picture_and_move_by_subpixel_steps():
    source = (1434, 806)
    kinds = {page_motion(page, seed=5).kind for page in range(1, 5)}
    assert kinds == set(MOTIONS), "pages take turns between zooms and pans"
    assert page_motion(1, seed=5) == page_motion(1, seed=5), "deterministic"
    for page in range(1, 9):
        motion = page_motion(page, seed=11)
        frames = 6 * 24                                     # a six-second page at 24 fps
        boxes = [view_box(motion, i / frames, source) for i in range(frames + 1)]
        for left, top, right, bottom in boxes:
            assert left >= -1e-6 and top >= -1e-6 and right <= source[0] + 1e-6 and bottom <= source[1] + 1e-6
            assert (right - left) / (bottom - top) == pytest.approx(source[0] / source[1])
        steps = [max(abs(a - b) for a, b in zip(one, two)) for one, two in zip(boxes, boxes[1:])]
        assert 0 < max(steps) < 1.5, "slow, smooth motion"


def test_music_is_ducked_under_speech():
    plans = [PagePlan(1, Path("p1.png"), ((1, Path("a.wav"), 2.0, (), "a"), (2, Path("b.wav"), 2.0, (), "b")))]
    timeline = build_timeline(plans, page_pause=1.0, sentence_pause=0.3)
    times, levels = music_gain_curve(timeline, gap_db=-8.0, speech_db=-18.0, ramp=0.25)
    assert list(times) == sorted(times)
    level = lambda t: float(np.interp(t, times, levels))  # noqa: E731
    assert level(0.2) == -8.0 and level(2.0) == -18.0 and level(3.15) == -18.0 and level(5.9) == -8.0


@pytest.mark.parametrize("setting", [{"VIDEO_WIDTH": 321}, {"VIDEO_PRESET": "warp9"}, {"VIDEO_CRF": 99},
                                     {"PAGE_PAUSE": -1}])
def test_bad_video_settings_are_reported_before_rendering(make_context, story_dir, setting):
    """Checked with every other setting (config.check), before a segment starts: the key is named."""
    build_story(story_dir)
    with pytest.raises(ConfigError, match=next(iter(setting))):
        segment_function(5)(make_context(**setting))
    assert not story_dir.video_path.exists()


def test_pan_moves_by_even_subpixel_steps_without_jitter(tmp_path):
    from storyagent.pipeline.video_frames import StoryFrames

    # a soft vertical stripe: its brightness-weighted centre tracks the view to a fraction of a pixel
    x = np.arange(SIZE[0])
    stripe = (255 * np.exp(-((x - SIZE[0] / 2) ** 2) / (2 * 6.0 ** 2))).astype(np.uint8)
    Image.fromarray(np.repeat(np.repeat(stripe[None, :, None], SIZE[1], 0), 3, 2)).save(tmp_path / "p1.png")
    plans = [PagePlan(1, tmp_path / "p1.png", ((1, tmp_path / "s.wav", 3.0, (), "words"),))]
    timeline = build_timeline(plans, page_pause=0.5, sentence_pause=0.3)
    frames = StoryFrames(timeline, SIZE, captions=None, seed=1)          # seed 1: page 1 pans right
    assert frames.motions[0].kind == "pan_right"
    centres = []
    for index in range(int(timeline.duration * 24)):
        row = frames(index / 24)[SIZE[1] // 2, :, 0].astype(np.float64)
        centres.append((row * x).sum() / row.sum())
    steps = np.diff(centres)
    assert np.all(steps < 0) and 0.05 < -steps.mean() < 1.0, "the picture slides left, slowly"
    assert np.abs(steps - steps.mean()).max() < 0.05, "every step the same size: no integer-pixel jitter"


def test_pictures_of_another_size_are_cropped_to_the_frame_aspect(tmp_path):
    from storyagent.pipeline.video_frames import prescale_page

    Image.new("RGB", (400, 400), (10, 200, 30)).save(tmp_path / "square.png")
    scaled = prescale_page(tmp_path / "square.png", SIZE)
    assert scaled.shape == (round(SIZE[1] * 1.12), round(SIZE[0] * 1.12), 3)
    assert tuple(scaled[50, 50]) == (10, 200, 30), "RGB order kept"
