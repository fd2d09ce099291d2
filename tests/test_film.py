"""A finished film: captions that never cover a character, caption rules, title and end cards, fades.

Pictures carry their "characters" as magenta shapes whose boxes are written to
image/prompts.json, as the illustrator records them; the checks find the magenta in the
decoded frames, so they test what a viewer sees, not only what layout.json claims.
"""
from __future__ import annotations

import json
import random
import subprocess
import textwrap
from pathlib import Path

import cv2
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image, ImageDraw

from storyagent.audio import SPEECH_SAMPLE_RATE, wav_duration, write_wav_atomic
from storyagent.pipeline import segment_function
from storyagent.pipeline.captions import (band_geometry, bottom_centre, build_cues, caption_font_size,
                                         caption_picture_size, load_font, top_centre)
from storyagent.pipeline.linebreak import MIN_CUE_SECONDS
from storyagent.pipeline.split import caption_cues
from storyagent.pipeline.video_frames import FADE_OUT, cameras_for, film_shots
from storyagent.pipeline.video_layout import (character_boxes, free_spot, intersects, plan_layout, sample_times,
                                              swept_rects)
from storyagent.pipeline.video_timeline import TITLE_LEAD, PagePlan, build_timeline
from pydub.generators import Sine  # noqa: I001  (after storyagent.audio, which silences pydub's import warnings)

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
BACKGROUND = (70, 110, 90)
MAGENTA = (255, 0, 255)
# (x0, y0, x1, y1) fractions of the picture, per page: where its characters are
CHARACTERS = {
    1: {"Turtle": (0.30, 0.50, 0.70, 0.97)},                               # blocks the bottom band
    2: {"Fox": (0.0, 0.0, 0.45, 0.30), "Owl": (0.55, 0.70, 1.0, 1.0)},     # top-left and bottom-right
    3: {"Whale": (0.0, 0.0, 1.0, 1.0)},                                    # fills the picture: no free spot
}
ENGLISH = [
    ["The little turtle walked slowly along the beach, looking for the sea.", "Everyone cheered for Max."],
    ["The fox and the owl watched from far away.", "Home at last."],
    ["The whale sang a long song for all of them."],
]
CHINESE = [
    ["小海龟慢慢地沿着海滩走，一边走一边寻找大海，它想回到妈妈的身边去。",
     "大家都为它欢呼。"],
    ["狐狸和猫头鹰在远处看着。", "终于到家了。"],
    ["鲸鱼为大家唱了一首很长很长的歌。"],
]


def picture(page: int, size: tuple[int, int]) -> tuple[Image.Image, dict]:
    """A plain picture with its characters drawn as magenta rectangles, and their boxes in pixels."""
    width, height = size
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 8):                                            # some texture to move
        draw.line([(0, y), (width, y)], fill=(80, 125, 100), width=2)
    boxes = {}
    for name, (x0, y0, x1, y1) in CHARACTERS[page].items():
        box = [int(x0 * width), int(y0 * height), int(x1 * width), int(y1 * height)]
        draw.rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=MAGENTA)
        boxes[name] = box
    return image, boxes


def speech_seconds(sentence: str, language: str) -> float:
    """A plausible narration length: ~14 letters a second in English, ~4.5 characters in Chinese."""
    return round(max(0.6, len(sentence) / (4.5 if language == "zh" else 14.0)), 2)


def build_film_story(story_dir, pages, size, language="en", title="The Turtle Finds the Sea"):
    story_dir.write_json(story_dir.story_json, {
        "title": title, "topic": "a turtle", "main_role": "Turtle", "scene": "beach", "language": language,
        "outline": [], "pages": ["".join(p) if language == "zh" else " ".join(p) for p in pages], "roles": {}})
    clips, prompts = [], []
    for number, sentences in enumerate(pages, start=1):
        image, boxes = picture(number, size)
        with story_dir.atomic_path(story_dir.image_path(number)) as temp:
            image.save(temp, "PNG")
        prompts.append({"page": number, "prompt": "", "boxes": boxes})
        for index, sentence in enumerate(sentences, start=1):
            tone = Sine(300 + 40 * index).to_audio_segment(duration=speech_seconds(sentence, language) * 1000,
                                                           volume=-12)
            tone = tone.set_frame_rate(SPEECH_SAMPLE_RATE).set_channels(1).set_sample_width(2)
            path = write_wav_atomic(story_dir, story_dir.speech_path(number, index), tone)
            clips.append({"page": number, "sentence": index, "file": path.name, "duration": wav_duration(path)})
    title_tone = Sine(500).to_audio_segment(duration=1300, volume=-12).set_frame_rate(SPEECH_SAMPLE_RATE)
    title_wav = write_wav_atomic(story_dir, story_dir.speech_dir / "title.wav",
                                 title_tone.set_channels(1).set_sample_width(2))
    story_dir.write_json(story_dir.prompts_json, prompts)
    story_dir.write_json(story_dir.split_json, {"pages": [
        {"page": number, "sentences": sentences, "captions": [[s] for s in sentences]}
        for number, sentences in enumerate(pages, start=1)]})
    story_dir.write_json(story_dir.timing_json, {"clips": clips, "title": {
        "text": title, "file": title_wav.name, "duration": wav_duration(title_wav)}})


def render(make_context, story_dir, pages, size, language="en"):
    build_film_story(story_dir, pages, size, language)
    # MUSIC off: silence between sentences shows where the narration is
    segment_function(5)(make_context(language=language, VIDEO_WIDTH=size[0], VIDEO_HEIGHT=size[1], VIDEO_FPS=12,
                                     MUSIC="off"))
    return json.loads((story_dir.root / "layout.json").read_text(encoding="utf-8"))


def decode_frame(path, seconds: float, size) -> np.ndarray:
    raw = subprocess.run([FFMPEG, "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(path), "-frames:v", "1",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(size[1], size[0], 3).astype(np.int16)


def magenta_rects(frame: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding rectangles of the magenta shapes in a frame, dimmed ones (under a caption band) included."""
    red, green, blue = frame[:, :, 0], frame[:, :, 1], frame[:, :, 2]
    mask = ((red > green + 50) & (blue > green + 50) & (np.abs(red - blue) < 60)).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    return [(x, y, x + w, y + h) for x, y, w, h, area in stats[1:count] if area >= 4]


def check_captions_clear_of_characters(story_dir, layout, size):
    """At each cue's start, middle and end: no magenta in the caption's rectangle, and the caption is there."""
    assert layout["cues"]
    for cue in layout["cues"]:
        rect = cue["rect"]
        assert 0 <= rect[0] < rect[2] <= size[0] and 0 <= rect[1] < rect[3] <= size[1]
        for moment in ("start", "middle", "end"):
            for character in cue["characters"][moment]:
                assert not intersects(rect, character["rect"]), (cue["lines"], moment, character)
        for t in (cue["start"] + 0.1, (cue["start"] + cue["end"]) / 2, cue["end"] - 0.1):  # a frame is 0.083 s
            frame = decode_frame(story_dir.video_path, t, size)
            for shape in magenta_rects(frame):
                assert not intersects(rect, shape), (cue["lines"], t, shape, rect)
            inside = frame[rect[1]:rect[3], rect[0]:rect[2]]
            assert (inside.min(axis=2) > 225).sum() > 10, f"the caption's light text is in its rectangle at {t}"


def test_captions_never_cover_a_character(make_context, story_dir):
    size = (480, 270)
    layout = render(make_context, story_dir, ENGLISH, size)
    check_captions_clear_of_characters(story_dir, layout, size)
    places = {cue["page"]: cue["place"] for cue in layout["cues"]}
    assert places[1] == "top", "the turtle fills the bottom band"
    assert places[2] == "free", "both bands are blocked on page 2"
    assert places[3] == "inset", "the whale fills the picture: the storybook layout"
    pages = {page["page"]: page for page in layout["pages"]}
    assert pages[3]["inset"] and not pages[1]["inset"] and pages[1]["boxes"] == "recorded"
    # the inset page: paper under the picture, where its caption sits
    cue = next(cue for cue in layout["cues"] if cue["page"] == 3)
    frame = decode_frame(story_dir.video_path, (cue["start"] + cue["end"]) / 2, size)
    x, y, width, height = pages[3]["inset"]
    assert cue["rect"][1] >= y + height
    assert np.abs(frame[y + height + 1:cue["rect"][1], :] - np.array([246, 238, 220])).max() < 24


def test_chinese_portrait_film_wraps_captions_within_the_frame(make_context, story_dir):
    size = (270, 480)
    layout = render(make_context, story_dir, CHINESE, size, language="zh")
    check_captions_clear_of_characters(story_dir, layout, size)
    font = load_font(caption_font_size(size))
    assert font.size == round(min(size) * 0.052) or font.size == 10
    lines = [line for cue in layout["cues"] for line in cue["lines"]]
    assert all(font.getlength(line) <= 0.9 * size[0] for line in lines), "never wider than 90 % of the frame"
    assert all(band_geometry(cue["lines"], font.size, 0.9 * size[0]).font.size == font.size
               for cue in layout["cues"]), "never shrunk below the normal size"
    assert "".join(lines) == "".join(sentence for page in CHINESE for sentence in page), "every character kept"
    assert max(len(cue["lines"]) for cue in layout["cues"]) <= 2


def test_film_fades_in_on_the_title_card_and_out_on_the_end_card(make_context, story_dir):
    size = (320, 180)
    layout = render(make_context, story_dir, ENGLISH[:1], size)
    path = story_dir.video_path
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert decode_frame(path, 0.0, size).mean() < 8, "the first frame is black"
    assert decode_frame(path, (frames - 1) / 12, size).mean() < 16, "the last frame is nearly black"
    # the title card: the first page with the title's light letters on a band near the top
    title_start, title_end = layout["title_card"]
    assert 2.0 <= title_end - title_start <= 3.0
    card = decode_frame(path, 1.2, size)
    page, _ = picture(1, size)
    plain = np.asarray(page).astype(np.int16)
    changed = np.abs(card - plain).sum(axis=2) > 80
    assert changed[: size[1] // 3].mean() > 0.15 and (card[: size[1] // 3].min(axis=2) > 200).sum() > 30
    assert changed[size[1] // 3:].mean() < 0.35, "below the title, the cover picture"
    # the end card: "The End" in light letters in the middle of a dimmed picture, then black
    end_start, end_end = layout["end_card"]
    assert end_end == pytest.approx(seconds, abs=0.15)
    card = decode_frame(path, end_start + 0.4, size)
    middle = card[size[1] // 3: 2 * size[1] // 3, size[0] // 4: 3 * size[0] // 4]
    assert (middle.min(axis=2) > 200).sum() > 40 and np.median(card) < 90
    assert end_end - end_start >= FADE_OUT


def test_srt_includes_the_title_card_and_matches_the_narration(make_context, story_dir):
    size = (320, 180)
    layout = render(make_context, story_dir, ENGLISH, size)
    timing = json.loads(story_dir.timing_json.read_text(encoding="utf-8"))
    srt = story_dir.srt_path.read_text(encoding="utf-8")
    starts = [block.splitlines()[1].split(" --> ")[0] for block in srt.strip().split("\n\n")]
    seconds = [int(s[:2]) * 3600 + int(s[3:5]) * 60 + int(s[6:8]) + int(s[9:]) / 1000 for s in starts]
    intro = layout["title_card"][1]
    # the first cue of every sentence starts exactly when its clip does, after the title card
    first_cues = [cue for index, cue in enumerate(layout["cues"])
                  if index == 0 or layout["cues"][index - 1]["end"] < cue["start"] - 1e-6
                  or layout["cues"][index - 1]["page"] != cue["page"]]
    assert len(first_cues) == len(timing["clips"]) and seconds[0] > intro
    raw = subprocess.run([FFMPEG, "-v", "error", "-i", str(story_dir.video_path), "-vn", "-ac", "1", "-ar", "8000",
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    samples = np.frombuffer(raw, dtype=np.int16).astype(np.float64)
    level = lambda a, b: np.sqrt((samples[int(a * 8000):int(b * 8000)] ** 2).mean())  # noqa: E731
    assert level(TITLE_LEAD + 0.1, TITLE_LEAD + 1.2) > 1000, "the title is narrated on its card"
    for start in seconds:
        assert start in [pytest.approx(cue["start"], abs=0.002) for cue in layout["cues"]]
    for cue in first_cues:
        assert level(cue["start"] - 0.2, cue["start"] - 0.03) < 50 < 1000 < level(cue["start"] + 0.03,
                                                                                    cue["start"] + 0.2)


def test_no_cue_is_shorter_than_the_rule_and_every_word_is_kept():
    size = (640, 360)
    sentences = [s for page in ENGLISH for s in page] + [
        "The dark seemed to be everywhere, and the little turtle could not see the sand in front of her.",
        "She called and called for her mother until a kind old owl came down from the tallest tree.",
        "Mimi laughed.", "Then the whole family of rabbits ran after the ball, over the hill and into the garden "
        "where the flowers grew taller than the fence, and they played there until the sun went down."]
    plans = [PagePlan(1, Path("p1.png"), tuple((n, Path(f"s{n}.wav"), speech_seconds(s, "en"), (), s)
                                          for n, s in enumerate(sentences, start=1)))]
    timeline = build_timeline(plans, page_pause=0.6, sentence_pause=0.35, intro=2.2, outro=2.5)
    cues = build_cues(timeline, size, crossfade=0.5)
    font = load_font(caption_font_size(size))
    assert " ".join(line for cue in cues for line in cue.lines).split() == " ".join(sentences).split()
    assert all(1 <= len(cue.lines) <= 2 for cue in cues)
    assert all(font.getlength(line) <= 0.9 * size[0] for cue in cues for line in cue.lines)
    for clip in timeline.story_clips:
        mine = [cue for cue in cues if clip.start - 1e-6 <= cue.start < clip.end]
        assert mine[0].start == pytest.approx(clip.start)
        for cue in mine:
            assert cue.end - cue.start >= min(MIN_CUE_SECONDS, clip.duration) - 1e-6
    short = [cue for cue in cues if cue.end - cue.start < MIN_CUE_SECONDS - 1e-6]
    assert short == [], "every sentence here (with its pause) is long enough"
    assert all(one.end <= two.start + 1e-9 for one, two in zip(cues, cues[1:]))


def test_line_breaks_are_balanced_and_fall_between_phrases():
    # greedy filling leaves "Max." alone and breaks "seemed to / be"
    sentence = "At the end of the long and happy day, all the animals of the forest cheered for Max."
    greedy = textwrap.wrap(sentence, 40)
    assert greedy[-1] == "cheered for Max." or len(greedy[-1].split()) <= 3
    cues = caption_cues(sentence, 40)
    lines = [line for cue in cues for line in cue]
    assert " ".join(lines) == sentence and all(len(line) <= 40 for line in lines)
    assert all(len(line.split()) > 1 for line in lines), lines
    assert caption_cues("Everyone cheered for Max.", 20) == [["Everyone cheered", "for Max."]]
    dark = caption_cues("The dark seemed to be everywhere, and she could not see a thing.", 36)
    assert dark[0][0].endswith("everywhere,") and not any(line.endswith(" to") for cue in dark for line in cue)
    for cue in caption_cues("She called and called for her mother until an owl came down.", 24):
        if len(cue) == 2:
            assert abs(len(cue[0]) - len(cue[1])) <= 12, cue


def test_every_cue_is_placed_clear_of_random_characters(tmp_path):
    """Whatever the boxes, the layout's promise holds at every sampled moment of every cue."""
    size = (320, 180)
    rng = random.Random(5)
    for page in range(1, 7):
        Image.new("RGB", size, BACKGROUND).save(tmp_path / f"p{page}.png")
    sentences = ["A fairly long sentence that needs two lines at this size of frame.", "Short one."]
    plans = [PagePlan(page, tmp_path / f"p{page}.png",
                      tuple((n, tmp_path / "s.wav", 2.5, (), s) for n, s in enumerate(sentences, start=1)))
             for page in range(1, 7)]
    for trial in range(8):
        timeline = build_timeline(plans, 0.6, 0.35, intro=2.0, outro=2.5)
        boxes = {}
        for page in range(1, 7):
            boxes[page] = {}
            for index in range(rng.randint(0, 4)):
                x, y = rng.uniform(-20, size[0]), rng.uniform(-20, size[1])
                boxes[page][f"c{index}"] = (x, y, x + rng.uniform(10, 200), y + rng.uniform(10, 170))

        def make_shots(insets, timeline=timeline, trial=trial):
            shots = film_shots(timeline, size, trial, insets=insets, title_card=lambda card: Image.new("RGB", card),
                               end_card=lambda card: Image.new("RGB", card))
            return shots, cameras_for(shots, size, timeline.duration, 0.5)

        cues = build_cues(timeline, size, 0.5)
        sizes = [caption_picture_size(cue.lines, size) for cue in cues]
        layout = plan_layout(cues, sizes, size, boxes, make_shots)
        shots, cameras = make_shots(layout.insets)
        for cue, (w, h), (x, y) in zip(cues, sizes, layout.positions):
            assert 0 <= x and x + w <= size[0] and 0 <= y and y + h <= size[1]
            assert len(sample_times(cue)) >= 3
            for rect in swept_rects(cue, shots, cameras, boxes):
                assert not intersects((x, y, x + w, y + h), rect), (trial, cue, rect)


def test_the_title_is_narrated_as_an_unlisted_companion_of_the_speech_segment(make_context, story_dir):
    story_dir.write_json(story_dir.story_json, {"title": "The Turtle Finds the Sea", "language": "en",
                                                "pages": ["The turtle swam."]})
    story_dir.write_json(story_dir.split_json, {"pages": [
        {"page": 1, "sentences": ["The turtle swam."], "captions": [["The turtle swam."]]}]})
    written = segment_function(4)(make_context())
    timing = json.loads(story_dir.timing_json.read_text(encoding="utf-8"))
    title = story_dir.speech_dir / "title.wav"
    assert timing["title"]["file"] == "title.wav" and timing["title"]["text"] == "The Turtle Finds the Sea"
    assert timing["title"]["duration"] == pytest.approx(wav_duration(title), abs=0.01)
    assert timing["title"]["duration"] > 0.8, "spoken words, not a click"
    assert written == story_dir.outputs(4) == [story_dir.speech_path(1, 1)], "listed: the sentence clips only"
    story_dir.remove_outputs(4)
    assert not title.exists(), "a redo of Speech removes the title clip too"


def test_chinese_lines_break_after_punctuation_and_phrase_ends_never_before_a_particle():
    for sentence, width in (("贝贝抬起头，看见一只爱说话的海鸥鸥鸥正微笑着看着她。", 16),
                            ("从前，在森林里住着一只可爱的小狐狸，名叫朵朵。", 16)):
        lines = [line for cue in caption_cues(sentence, width) for line in cue]
        assert "".join(lines) == sentence and all(len(line) <= width for line in lines)
        assert not any(line[0] in "的了着地得吗呢吧么们，。" for line in lines[1:]), lines
        assert all(line[-1] in "，。：！？的着" for line in lines), f"breaks at punctuation, phrase ends: {lines}"
    lines = [line for cue in caption_cues("朵朵抬起头，看见一只聪明的猫头鹰博博正微笑着看着她。", 12) for line in cue]
    assert lines[0] == "朵朵抬起头，" and any("聪明的猫头鹰" in line for line in lines), lines


def test_a_film_without_a_narrated_title_or_without_a_title_still_opens_and_closes(make_context, story_dir):
    size = (160, 90)
    build_film_story(story_dir, ENGLISH[:1], size)
    timing = json.loads(story_dir.timing_json.read_text(encoding="utf-8"))
    del timing["title"]                                   # narrated before titles were
    story_dir.write_json(story_dir.timing_json, timing)
    segment_function(5)(make_context(VIDEO_WIDTH=size[0], VIDEO_HEIGHT=size[1], VIDEO_FPS=12))
    layout = json.loads((story_dir.root / "layout.json").read_text(encoding="utf-8"))
    assert layout["title_card"] == [0.0, 2.5], "a silent title card of the usual length"
    story = json.loads(story_dir.story_json.read_text(encoding="utf-8"))
    story_dir.write_json(story_dir.story_json, {**story, "title": ""})
    segment_function(5)(make_context(VIDEO_WIDTH=size[0], VIDEO_HEIGHT=size[1], VIDEO_FPS=12))
    layout = json.loads((story_dir.root / "layout.json").read_text(encoding="utf-8"))
    assert layout["title_card"] == [0.0, 0.0] and layout["cues"][0]["start"] == pytest.approx(0.6)
    assert decode_frame(story_dir.video_path, 0.0, size).mean() < 8, "still a fade in from black"


def test_pictures_without_recorded_boxes_assume_a_character_in_the_middle(story_dir):
    for page in (1, 2, 3):
        with story_dir.atomic_path(story_dir.image_path(page)) as temp:
            Image.new("RGB", (200, 100), BACKGROUND).save(temp, "PNG")
    story_dir.write_json(story_dir.prompts_json, [
        {"page": 1, "prompt": "a remote provider records no boxes"},
        {"page": 2, "prompt": "nobody drawn", "boxes": {}},
        {"page": 3, "prompt": "a broken box", "boxes": {"Fox": [10, 10, "wide", 40]}}])
    plans = [PagePlan(page, story_dir.image_path(page), ()) for page in (1, 2, 3)]
    shots = film_shots(build_timeline(plans, 0.6, 0.35), (200, 100), seed=1)
    boxes, assumed = character_boxes(story_dir, shots)
    assert boxes[1] == {"(assumed)": (60.0, 30.0, 140.0, 70.0)} and assumed[1], "the middle 40 % each way"
    assert boxes[2] == {} and not assumed[2], "an empty record means no character"
    assert assumed[3] and list(boxes[3]) == ["(assumed)"]


def test_a_caption_nearly_as_wide_as_the_frame_still_takes_a_free_band():
    # 720x720: a two-line caption at 90 % of the width, with its padding, is 704 px wide
    found = free_spot((704, 160), [(300.0, 340.0, 540.0, 640.0)], (720, 720),
                      [("bottom", bottom_centre((704, 160), (720, 720))), ("top", top_centre((704, 160), (720, 720)))])
    assert found == ("top", top_centre((704, 160), (720, 720))), "not pushed into the storybook inset"


@pytest.mark.parametrize("picture_size", [(640, 360), (400, 400), (320, 180)])
def test_the_camera_maps_a_box_to_where_the_frames_show_it(tmp_path, picture_size):
    """Whatever the picture's size and the page's motion, a mapped box is where its pixels are seen."""
    from storyagent.pipeline.video_frames import StoryFrames

    size = (320, 180)
    image = Image.new("RGB", picture_size, BACKGROUND)
    box = (int(picture_size[0] * 0.55), int(picture_size[1] * 0.35), int(picture_size[0] * 0.8),
           int(picture_size[1] * 0.7))
    ImageDraw.Draw(image).rectangle([box[0], box[1], box[2] - 1, box[3] - 1], fill=MAGENTA)
    image.save(tmp_path / "p1.png")
    plans = [PagePlan(1, tmp_path / "p1.png", ((1, tmp_path / "s.wav", 4.0, (), "words"),))]
    timeline = build_timeline(plans, 0.6, 0.35)
    for seed in range(4):                                   # zoom in, pan right, zoom out, pan left
        frames = StoryFrames(timeline, size, captions=None, seed=seed)
        for t in (0.0, 1.3, 2.6, timeline.duration - 0.01):
            seen = magenta_rects(frames(t).astype(np.int16))
            assert len(seen) == 1
            mapped = frames.cameras[0].to_frame(box, t)
            assert np.allclose(seen[0], mapped, atol=1.5), (frames.motions[0].kind, t, seen[0], mapped)


def test_a_crossfade_never_reaches_a_sentence_so_captions_see_one_page(make_context, story_dir):
    size = (160, 90)
    build_film_story(story_dir, ENGLISH[:2], size)
    segment_function(5)(make_context(VIDEO_WIDTH=size[0], VIDEO_HEIGHT=size[1], VIDEO_FPS=12, MUSIC="off",
                                     PAGE_PAUSE=0.1, CROSSFADE=1.0))
    layout = json.loads((story_dir.root / "layout.json").read_text(encoding="utf-8"))
    for cue in layout["cues"]:
        for moment in ("start", "middle", "end"):
            assert {character["page"] for character in cue["characters"][moment]} <= {cue["page"]}
            assert not any(intersects(cue["rect"], character["rect"]) for character in cue["characters"][moment])
