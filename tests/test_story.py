"""Segment 1 (Story) with the built-in writer: real story.json files, read back."""
from __future__ import annotations

import json
import re

import pytest

from storyagent.pipeline import SegmentError, StoryBrief
from storyagent.pipeline import story as story_segment
from storyagent.offline.story_parts import compose_story

CJK = re.compile(r"[\u4e00-\u9fff]")


def write(make_context, **brief):
    ctx = make_context(**brief)
    paths = story_segment.run(ctx)
    assert paths == [ctx.story_dir.story_json]
    return json.loads(paths[0].read_text(encoding="utf-8"))


def test_story_has_title_outline_roles_and_pages_naming_the_hero(make_context):
    story = write(make_context)
    assert story["title"].strip()
    assert story["topic"] == "a lost kitten learns to ask for help"
    assert (story["main_role"], story["scene"], story["language"]) == ("Mimi", "forest", "en")
    assert len(story["outline"]) == 4
    assert all(chapter["chapter_title"] and chapter["chapter_summary"] for chapter in story["outline"])
    assert 8 <= len(story["pages"]) <= 12
    for page in story["pages"]:
        assert page.strip() and "Mimi" in page
    assert "Mimi" in story["roles"] and len(story["roles"]) >= 2
    assert all(0 < len(look.split()) <= 20 for look in story["roles"].values())


def test_story_is_about_the_topic(make_context):
    text = " ".join(write(make_context)["pages"]).lower()
    assert "ask for help" in text
    assert "lost" in text or "way home" in text or "home" in text


def test_same_seed_same_story_and_other_topic_other_pages(make_context):
    first = write(make_context, seed=3)
    again = write(make_context, seed=3)
    assert first == again
    other = write(make_context, topic="a shy bear learns to share his honey", seed=3)
    assert other["pages"] != first["pages"]
    assert "honey" in " ".join(other["pages"])


def test_seed_changes_the_wording():
    stories = {tuple(compose_story("a lost kitten learns to ask for help", "Mimi", "forest", "en", seed)["pages"])
               for seed in range(6)}
    assert len(stories) > 1


def test_generated_name_when_main_role_is_empty(make_context):
    story = write(make_context, main_role="")
    name = story["main_role"]
    assert name and name in story["roles"]
    assert all(name in page for page in story["pages"])
    assert write(make_context, main_role="")["main_role"] == name


def test_default_scene_when_scene_is_empty(make_context):
    story = write(make_context, scene="", topic="a penguin who cannot sleep")
    assert story["scene"]


def test_chinese_story(make_context):
    story = write(make_context, topic="迷路的小猫学会求助", main_role="", scene="森林", language="zh")
    assert story["language"] == "zh"
    assert CJK.search(story["title"])
    name = story["main_role"]
    assert CJK.search(name), "a generated Chinese story gets a Chinese name"
    assert 8 <= len(story["pages"]) <= 12
    for page in story["pages"]:
        assert CJK.search(page) and name in page
    assert "求助" in "".join(story["pages"])


@pytest.mark.parametrize("topic", ["friendship", "a little bird learns to fly", "the day it rained candy",
                                   "a dragon who is afraid of the dark", "a fox {who} tells a lie", "快乐的一天", ""])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_template_slots_show(topic, language):
    for seed in range(4):
        story = compose_story(topic, "", "", language, seed)
        texts = [story["title"], *story["pages"], *(c["chapter_summary"] for c in story["outline"])]
        for text in texts:
            assert "{" not in text and "}" not in text
            assert not re.search(r"\b(?:the|a|an) (?:the|a|an)\b", text, re.IGNORECASE)
        assert all(story["main_role"] in page for page in story["pages"])


class BrokenWriter:
    def __init__(self, story):
        self.story = story

    def write_story(self, brief, progress):
        return self.story


@pytest.mark.parametrize("bad, reason", [
    ("not a dict", "not a story"),
    ({"title": "", "pages": ["a"]}, "no title"),
    ({"title": "T", "pages": []}, "no pages"),
    ({"title": "T", "pages": ["fine", "  "]}, "page 2"),
    ({"title": "T", "pages": ["x"] * 31}, "at most 30"),
    ({"title": "T", "pages": ["x"], "roles": ["Mimi"]}, "roles"),
    ({"title": "T", "pages": ["x"], "outline": "one chapter"}, "outline"),
])
def test_invalid_writer_output_is_a_segment_error(make_context, bad, reason):
    ctx = make_context()
    ctx._providers["llm"] = BrokenWriter(bad)
    with pytest.raises(SegmentError, match=reason):
        story_segment.run(ctx)
    assert not ctx.story_dir.story_json.exists()


def test_brief_fields_fill_a_minimal_llm_story():
    story = story_segment.validate_story({"title": " T ", "pages": [" one "]},
                                         StoryBrief(topic="t", main_role="Mimi", scene="sea", language="zh"))
    assert story == {"title": "T", "topic": "t", "main_role": "Mimi", "scene": "sea", "language": "zh",
                     "outline": [], "pages": ["one"], "roles": {}}


@pytest.mark.parametrize("pages, language", [(6, "en"), (16, "en"), (6, "zh"), (16, "zh")])
def test_story_pages_setting_gives_exactly_that_many_pages(make_context, pages, language):
    """STORY_PAGES reaches the offline writer through the Story segment (0 keeps the writer's 8-12)."""
    topic = "a dragon who cannot breathe fire" if language == "en" else "不会喷火的小龙"
    story = write(make_context, topic=topic, main_role="", scene="", language=language, STORY_PAGES=pages)
    assert len(story["pages"]) == pages
    assert all(story["main_role"] in page for page in story["pages"])


@pytest.mark.parametrize("value", [1, 5, 17, -1, "many"])
def test_story_pages_setting_outside_0_or_6_to_16_is_refused(value):
    from storyagent.config import ConfigError, check

    with pytest.raises(ConfigError, match="STORY_PAGES"):
        check({"STORY_PAGES": value})


def test_the_llm_writer_is_asked_for_each_chapters_share_of_the_pages():
    from storyagent.providers import story_prompts

    outline = [{"chapter_title": f"c{n}", "chapter_summary": "s"} for n in range(4)]
    brief = StoryBrief(topic="a dragon", main_role="", scene="", language="en", seed=1)
    asked = [story_prompts.pages_messages(brief, "T", outline, n, [], 14)[-1]["content"] for n in range(1, 5)]
    assert [re.search(r"exactly (\d+) pages", text).group(1) for text in asked] == ["4", "4", "3", "3"]
    usual = story_prompts.pages_messages(brief, "T", outline, 1, [])[-1]["content"]
    assert "1 to 3 pages" in usual and "exactly" not in usual
    zh = StoryBrief(topic="小龙", main_role="", scene="", language="zh", seed=1)
    assert "正好 4 页" in story_prompts.pages_messages(zh, "T", outline, 1, [], 16)[-1]["content"]
