"""Segment 3, Split: sentences from pysbd and caption lines that never lose a word."""
from __future__ import annotations

import json

import pytest

from storyagent.pipeline import SegmentError, segment_function
from storyagent.pipeline.split import split_sentences, wrap_caption

CLOSERS = "，。！？；：、”’」』）》"

LONG_SENTENCE = ("Mimi the little kitten wandered through the enormous whispering forest until she met "
                 "a supercalifragilisticexpialidocious-looking owl who kindly showed her the way home.")


def write_story(story_dir, pages, language="en"):
    story_dir.write_json(story_dir.story_json, {
        "title": "Mimi finds her way", "topic": "a lost kitten", "main_role": "Mimi", "scene": "forest",
        "language": language, "outline": [], "pages": pages, "roles": {"Mimi": "a small grey kitten"}})


def run_split(make_context, story_dir, pages, language="en", **config):
    write_story(story_dir, pages, language)
    written = segment_function(3)(make_context(language=language, **config))
    return written, json.loads(story_dir.split_json.read_text(encoding="utf-8"))


def test_wrapping_keeps_every_word_in_order_even_an_overlong_one():
    lines = wrap_caption(LONG_SENTENCE, 16)

    assert " ".join(lines).split() == LONG_SENTENCE.split()
    assert "supercalifragilisticexpialidocious-looking" in lines  # kept whole on its own line
    assert all(len(line) <= 16 for line in lines if " " in line)
    assert len(lines) > 5


def test_a_single_word_longer_than_the_line_is_not_lost():
    assert wrap_caption("Pneumonoultramicroscopicsilicovolcanoconiosis", 10) == [
        "Pneumonoultramicroscopicsilicovolcanoconiosis"]
    assert wrap_caption("Hi Pneumonoultramicroscopicsilicovolcanoconiosis ok", 10) == [
        "Hi", "Pneumonoultramicroscopicsilicovolcanoconiosis", "ok"]


def test_english_sentences_keep_abbreviations_and_join_hard_line_breaks():
    text = "Mr. Fox lived in a quiet\nforest. He loved apples!\n\nDid Dr. Owl   visit him? \"Yes,\" said Mimi."

    assert split_sentences(text, "en") == [
        "Mr. Fox lived in a quiet forest.", "He loved apples!", "Did Dr. Owl visit him?", "\"Yes,\" said Mimi."]


def test_chinese_sentences_split_on_full_stops_and_keep_closing_quotes():
    text = "小狐狸说：“我们走吧！”他们一起\n出发了。天黑了吗？是的！「你好。」她说。"

    assert split_sentences(text, "zh") == [
        "小狐狸说：“我们走吧！”", "他们一起出发了。", "天黑了吗？", "是的！", "「你好。」她说。"]


def test_chinese_captions_break_between_characters_but_not_before_closing_punctuation():
    sentence = "小狐狸说：“我们一起走吧，森林里的朋友们都在等着我们呢！”然后和 Mimi 出发了。"
    for width in (4, 5, 7, 10):
        lines = wrap_caption(sentence, width)
        assert "".join(lines).replace(" ", "") == sentence.replace(" ", "")
        assert not any(line[0] in CLOSERS for line in lines)
        assert all(len(line) <= width for line in lines)
        assert len(lines) >= len(sentence) // width


def test_split_json_has_sentences_and_captions_for_every_page(make_context, story_dir):
    pages = ["Mimi was lost. She felt small and scared.", LONG_SENTENCE, "The end."]
    written, split = run_split(make_context, story_dir, pages, CAPTION_LINE_LENGTH=20)

    assert written == [story_dir.split_json]
    assert [page["page"] for page in split["pages"]] == [1, 2, 3]
    assert split["pages"][0]["sentences"] == ["Mimi was lost.", "She felt small and scared."]
    for page, text in zip(split["pages"], pages):
        assert len(page["captions"]) == len(page["sentences"])
        caption_words = [word for lines in page["captions"] for line in lines for word in line.split()]
        assert caption_words == text.split()
        assert all(isinstance(line, str) and line for lines in page["captions"] for line in lines)
    assert max(len(line) for line in split["pages"][1]["captions"][0] if " " in line) <= 20
    assert not list(story_dir.root.glob(".*"))  # no temp file left behind


def test_chinese_story_is_split_into_sentences(make_context, story_dir):
    _, split = run_split(make_context, story_dir, ["从前有一只小猫。它迷路了！怎么办？"], language="zh",
                         CAPTION_LINE_LENGTH=6)

    page = split["pages"][0]
    assert page["sentences"] == ["从前有一只小猫。", "它迷路了！", "怎么办？"]
    assert page["captions"][0] == ["从前有一", "只小猫。"], "balanced, no line of one character"


def test_missing_story_json_is_a_segment_error(make_context):
    with pytest.raises(SegmentError, match="story.json is missing"):
        segment_function(3)(make_context())


def test_story_without_pages_is_a_segment_error(make_context, story_dir):
    write_story(story_dir, [])
    with pytest.raises(SegmentError, match="Story output is missing or unreadable.*run Story again"):
        segment_function(3)(make_context())
