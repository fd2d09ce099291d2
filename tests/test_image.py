"""Segment 2 (Image) with the built-in illustrator: real PNGs, decoded and compared."""
from __future__ import annotations

import json

import pytest
from PIL import Image, ImageStat

from storyagent.offline.illustrator import OfflineIllustrator
from storyagent.offline.story_parts import compose_story
from storyagent.page_prompts import page_prompt
from storyagent.picture import fit_to_size
from storyagent.pipeline import SegmentCancelled, SegmentError
from storyagent.pipeline import image as image_segment
from storyagent.pipeline import story as story_segment


def load(path) -> Image.Image:
    """Decode a PNG fully and close the file."""
    with Image.open(path) as picture:
        picture.load()
        return picture.copy()


@pytest.fixture
def illustrated(make_context):
    """A context whose story and pictures have been made; returns (ctx, png paths, story)."""
    ctx = make_context()
    story_segment.run(ctx)
    paths = image_segment.run(ctx)
    return ctx, paths, json.loads(ctx.story_dir.story_json.read_text(encoding="utf-8"))


def test_one_png_per_page_at_the_video_size(illustrated):
    ctx, paths, story = illustrated
    assert paths == [ctx.story_dir.image_path(n) for n in range(1, len(story["pages"]) + 1)]
    for path in paths:
        with Image.open(path) as picture:
            assert picture.format == "PNG"
            assert picture.mode == "RGB"
            assert picture.size == (320, 180)
    assert not [p for p in ctx.story_dir.image_dir.iterdir() if p.name.startswith(".")]


def test_pages_differ_from_each_other(illustrated):
    _, paths, _ = illustrated
    pixels = [load(path).tobytes() for path in paths]
    assert len(set(pixels)) == len(pixels)


def test_pictures_are_not_blank(illustrated):
    _, paths, _ = illustrated
    for path in paths:
        stat = ImageStat.Stat(load(path))
        assert min(stat.stddev) > 10, "a picture should have shapes and colours, not one flat fill"


def test_same_inputs_give_identical_bytes(illustrated):
    ctx, paths, _ = illustrated
    before = [path.read_bytes() for path in paths]
    again = image_segment.run(ctx)
    assert [path.read_bytes() for path in again] == before


def test_seed_changes_the_pictures():
    story = compose_story("a lost kitten learns to ask for help", "Mimi", "forest", "en", 1)
    illustrator = OfflineIllustrator.from_config({})
    one = illustrator.illustrate(story, 2, "", (320, 180), 1).image.tobytes()
    other = illustrator.illustrate(story, 2, "", (320, 180), 2).image.tobytes()
    assert one != other


def mean_brightness(scene: str) -> float:
    story = compose_story("a little bear learns to share", "Bo", scene, "en", 4)
    illustrator = OfflineIllustrator.from_config({})
    means = []
    for page in range(1, 4):
        picture = illustrator.illustrate(story, page, "", (160, 90), 4).image
        means.append(sum(ImageStat.Stat(picture).mean) / 3)
    return sum(means) / len(means)


def test_scene_changes_the_palette():
    snow, night = mean_brightness("snow"), mean_brightness("night")
    assert snow - night > 60
    assert abs(mean_brightness("desert") - mean_brightness("森林")) > 5


def test_prompts_json_has_one_prompt_per_page_with_its_text(illustrated):
    ctx, _, story = illustrated
    prompts = json.loads(ctx.story_dir.prompts_json.read_text(encoding="utf-8"))
    assert [item["page"] for item in prompts] == list(range(1, len(story["pages"]) + 1))
    for item, text in zip(prompts, story["pages"]):
        assert text in item["prompt"]
        assert story["roles"][story["main_role"]] in item["prompt"]
        assert ctx.config["IMAGE_STYLE"] in item["prompt"]


def test_page_prompt_lists_only_characters_on_the_page():
    story = {"pages": ["Mimi met Hoot.", "Mimi went home."], "main_role": "Mimi", "scene": "forest",
             "roles": {"Mimi": "a small orange kitten", "Hoot": "a wise owl", "Pip": "a tiny mouse"}}
    first, second = page_prompt(story, 1, "watercolor"), page_prompt(story, 2, "watercolor")
    assert "a wise owl" in first and "a tiny mouse" not in first
    assert "a wise owl" not in second and "a small orange kitten" in second
    assert first.endswith("Scene: forest. Style: watercolor.")


def test_missing_story_is_a_segment_error(make_context):
    ctx = make_context()
    with pytest.raises(SegmentError, match="story.json is missing"):
        image_segment.run(ctx)


def test_progress_is_reported_for_every_page(make_context):
    calls = []
    ctx = make_context()
    story_segment.run(ctx)
    ctx.report = lambda fraction, message: calls.append((fraction, message))
    paths = image_segment.run(ctx)
    fractions = [fraction for fraction, _ in calls]
    assert len(calls) >= len(paths) + 1
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_cancel_stops_between_pages(make_context):
    ctx = make_context()
    story_segment.run(ctx)
    checks = []
    ctx.is_cancelled = lambda: checks.append(1) or len(checks) > 2
    with pytest.raises(SegmentCancelled):
        image_segment.run(ctx)
    assert ctx.story_dir.image_path(2).exists() and not ctx.story_dir.image_path(3).exists()


class OddSizeIllustrator:
    def illustrate(self, story, page, prompt, size, seed):
        picture = Image.new("L", (64, 64), 30)
        picture.paste(220, (16, 0, 48, 64))
        return picture


def test_other_sizes_are_cropped_and_resized(make_context):
    ctx = make_context()
    story_segment.run(ctx)
    ctx._providers["image"] = OddSizeIllustrator()
    for path in image_segment.run(ctx):
        with Image.open(path) as picture:
            assert (picture.mode, picture.size) == ("RGB", (320, 180))
            assert picture.getpixel((160, 90))[0] > 200


def test_fit_to_size_centre_crops_then_resizes():
    wide = Image.new("RGBA", (400, 100), (0, 0, 255, 255))
    wide.paste((255, 0, 0, 255), (170, 0, 230, 100))
    fitted = fit_to_size(wide, (100, 100))
    assert (fitted.mode, fitted.size) == ("RGB", (100, 100))
    assert fitted.getpixel((50, 50)) == (255, 0, 0)
    assert fitted.getpixel((2, 50))[2] > 200
    clear = fit_to_size(Image.new("RGBA", (10, 10), (0, 0, 0, 0)), (20, 20))
    assert clear.getpixel((5, 5)) == (255, 255, 255)


def test_chinese_story_is_illustrated(make_context):
    ctx = make_context(topic="迷路的小猫学会求助", main_role="", scene="森林", language="zh")
    story_segment.run(ctx)
    paths = image_segment.run(ctx)
    assert len(paths) >= 8
    assert load(paths[0]).size == (320, 180)


def test_a_minimal_story_from_another_writer_is_illustrated(make_context):
    ctx = make_context()
    ctx.story_dir.write_json(ctx.story_dir.story_json, {"title": "T", "pages": ["A fox naps.", "The fox wakes up."]})
    paths = image_segment.run(ctx)
    assert [load(path).size for path in paths] == [(320, 180), (320, 180)]
    assert load(paths[0]).tobytes() != load(paths[1]).tobytes()
    prompts = json.loads(ctx.story_dir.prompts_json.read_text(encoding="utf-8"))
    assert [item["drawn"]["characters"] for item in prompts] == [["hero"], ["hero"]]
    assert all(set(item["boxes"]) == {"hero"} for item in prompts)


def test_story_without_pages_is_a_segment_error(make_context):
    ctx = make_context()
    ctx.story_dir.write_json(ctx.story_dir.story_json, {"title": "T", "pages": []})
    with pytest.raises(SegmentError, match="Story output is missing or unreadable.*run Story again"):
        image_segment.run(ctx)


def test_prompts_json_records_what_was_drawn_and_where(illustrated):
    ctx, paths, story = illustrated
    prompts = json.loads(ctx.story_dir.prompts_json.read_text(encoding="utf-8"))
    hero = story["main_role"]
    for item, path in zip(prompts, paths):
        assert set(item) == {"page", "prompt", "drawn", "boxes"}
        assert set(item["drawn"]) == {"characters", "props"}
        assert item["drawn"]["characters"][0] == hero
        assert set(item["boxes"]) == set(item["drawn"]["characters"])
        width, height = load(path).size
        for box in item["boxes"].values():
            x0, y0, x1, y1 = box
            assert all(isinstance(v, int) for v in box)
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height


def test_prompts_json_lists_props_named_on_the_page(make_context):
    ctx = make_context()
    ctx.story_dir.write_json(ctx.story_dir.story_json, {
        "title": "T", "main_role": "Mia", "roles": {"Mia": "a girl with a yellow dress"}, "scene": "a meadow by a pond",
        "pages": ["Mia flew her kite.", "Mia shared her toys and a cake.", "Mia painted at her easel."]})
    image_segment.run(ctx)
    prompts = json.loads(ctx.story_dir.prompts_json.read_text(encoding="utf-8"))
    assert "kite" in prompts[0]["drawn"]["props"]
    assert {"toys", "cake"} <= set(prompts[1]["drawn"]["props"])
    assert "paint" in prompts[2]["drawn"]["props"]
    assert all("pond" in item["drawn"]["props"] for item in prompts)


def test_an_illustrator_returning_a_bare_image_records_no_drawing(make_context):
    ctx = make_context()
    story_segment.run(ctx)
    ctx._providers["image"] = OddSizeIllustrator()
    image_segment.run(ctx)
    for item in json.loads(ctx.story_dir.prompts_json.read_text(encoding="utf-8")):
        assert set(item) == {"page", "prompt"}


@pytest.mark.parametrize("size", [(180, 320), (270, 270)], ids=["portrait-9x16", "square-1x1"])
def test_portrait_and_square_pictures_keep_every_character_whole_and_unsquashed(make_context, size):
    """720x1280 and 1080x1080 (here at a quarter of the size): the PNG has the video size, nobody is cut by the frame
    (a dragon's flame included), and the hero keeps its landscape shape, just placed for the narrow frame."""
    width, height = size
    ctx = make_context(topic="a dragon who cannot breathe fire", main_role="", scene="a snowy mountain",
                       VIDEO_WIDTH=width, VIDEO_HEIGHT=height)
    story_segment.run(ctx)
    paths = image_segment.run(ctx)
    story = json.loads(ctx.story_dir.story_json.read_text(encoding="utf-8"))
    prompts = json.loads(ctx.story_dir.prompts_json.read_text(encoding="utf-8"))
    illustrator = OfflineIllustrator.from_config({})
    for item, path in zip(prompts, paths):
        assert load(path).size == size
        for name, (x0, y0, x1, y1) in item["boxes"].items():
            assert 0 < x0 < x1 < width and 0 < y0 < y1 < height, f"page {item['page']}: {name} touches the frame"
        hero = story["main_role"]
        x0, y0, x1, y1 = item["boxes"][hero]
        wide = illustrator.illustrate(story, item["page"], "", (320, 180), ctx.brief.seed).boxes[hero]
        shape, wide_shape = (x1 - x0) / (y1 - y0), (wide[2] - wide[0]) / (wide[3] - wide[1])
        if "fire" not in item["drawn"]["props"] and "smoke" not in item["drawn"]["props"]:   # breath may turn to face the middle
            assert abs(shape - wide_shape) < 0.25 * wide_shape, f"page {item['page']}: the hero is squashed"
        assert (y1 - y0) > 0.25 * min(size), f"page {item['page']}: the hero is lost in the frame"
