"""Segment 3, Split: cut each page into sentences (one speech clip each) and wrap them into caption lines.

Sentences come from pysbd; caption lines from linebreak (balanced two-line cues, broken
between phrases). Unlike MM-StoryAgent's splitter, no word is ever dropped: a
word longer than a line is kept whole on a line of its own.
"""
from __future__ import annotations

import re
from pathlib import Path

import pysbd

from ..domain import SegmentError
from .context import SegmentContext
from .inputs import load_story
from .linebreak import Atom, break_sentence

# ideographs, kana, CJK punctuation and full-width forms: text that breaks between characters
_CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
# punctuation that sits between CJK characters without spaces in Chinese typesetting
_CJK_PUNCT = "\u2014\u2018\u2019\u201c\u201d\u2026"
_HAS_CJK = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}{_CJK_PUNCT}]) (?=[{_CJK}{_CJK_PUNCT}])")
_CJK_TOKENS = re.compile(f"\\s+|[{_CJK}{_CJK_PUNCT}]|[^\\s{_CJK}{_CJK_PUNCT}]+")

# a sentence never starts with these: they close the previous one
_SENTENCE_CLOSERS = "”’」』）》〉】〕］)]}"
_STRAIGHT_QUOTES = "\"'"
# no line starts with these (kinsoku), and none ends with an opener
_LINE_CLOSERS = set("，。！？；：、”’」』）》〉】〕］｝…—,.!?;:)]}%")
_LINE_OPENERS = set("“‘「『（《〈【〔［｛([{")

SUPPORTED_LANGUAGES = ("en", "zh")
MIN_LINE_LENGTH = 4


def collapse_whitespace(text: str, language: str) -> str:
    """Join hard-wrapped lines (pysbd would split at each newline); Chinese needs no spaces between characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text) if language == "zh" else text


def _reattach_closers(sentences: list[str]) -> list[str]:
    """Move closing quotes/brackets that pysbd left at a sentence start back onto the previous sentence."""
    fixed: list[str] = []
    for sentence in sentences:
        while fixed and sentence and (
                sentence[0] in _SENTENCE_CLOSERS
                or (sentence[0] in _STRAIGHT_QUOTES and fixed[-1].count(sentence[0]) % 2 == 1)):
            fixed[-1] += sentence[0]
            sentence = sentence[1:].lstrip()
        if sentence:
            fixed.append(sentence)
    return fixed


def split_sentences(text: str, language: str) -> list[str]:
    """Return the non-empty, stripped sentences of a page of text."""
    segmenter = pysbd.Segmenter(language=language, clean=False)
    pieces = [piece.strip() for piece in segmenter.segment(collapse_whitespace(text, language))]
    return _reattach_closers([piece for piece in pieces if piece])


def _cjk_atoms(sentence: str) -> list[tuple[str, bool]]:
    """Cut CJK text into unbreakable atoms (a character, a Latin word, glued punctuation).

    Each atom comes with whether a space preceded it. Closers glue onto the atom before
    them and openers onto the atom after them, so no line starts with a closer.
    """
    atoms: list[tuple[str, bool]] = []
    spaced = False              # whitespace came before the current token
    openers, openers_spaced = "", False
    quotes_seen = {quote: 0 for quote in _STRAIGHT_QUOTES}
    for token in _CJK_TOKENS.findall(sentence):
        if token.isspace():
            spaced = True
            continue
        # a straight quote opens when its count so far is even, else it closes
        opening = token in _LINE_OPENERS or (token in quotes_seen and quotes_seen[token] % 2 == 0)
        closing = token in _LINE_CLOSERS or (token in quotes_seen and not opening)
        if token in quotes_seen:
            quotes_seen[token] += 1
        if closing and atoms and not openers:
            atoms[-1] = (atoms[-1][0] + (" " if spaced else "") + token, atoms[-1][1])
        elif opening:
            openers_spaced = openers_spaced if openers else spaced
            openers += token
        else:
            atoms.append((openers + token, openers_spaced if openers else spaced))
            openers = ""
        spaced = False
    if openers:
        atoms.append((openers, openers_spaced))
    return atoms


def sentence_atoms(sentence: str) -> list[Atom]:
    """The unbreakable pieces of a sentence: words for Latin text, characters (punctuation glued) for CJK."""
    if _HAS_CJK.search(sentence):
        return [Atom(text, spaced) for text, spaced in _cjk_atoms(sentence)]
    return [Atom(word, index > 0) for index, word in enumerate(sentence.split())]


def caption_cues(sentence: str, width: int) -> list[list[str]]:
    """The sentence as caption cues of at most two lines of ``width`` characters (CJK: one per character)."""
    return break_sentence(sentence_atoms(sentence), len, width)


def wrap_caption(sentence: str, width: int) -> list[str]:
    """Wrap a sentence into caption lines of at most ``width`` characters, keeping every word.

    Lines come from the cues of caption_cues (two lines each, balanced, broken between
    phrases). Latin text breaks at spaces only (a hyphenated or overlong word stays whole);
    CJK text may break between any two characters but never before closing punctuation.
    """
    return [line for cue in caption_cues(sentence, width) for line in cue]


def _story_language(story: dict, ctx: SegmentContext) -> str:
    language = str(story.get("language") or ctx.brief.language or "en")
    if language not in SUPPORTED_LANGUAGES:
        raise SegmentError(f"story.json has language {language!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    return language


def run(ctx: SegmentContext) -> list[Path]:
    """Write split.json: every page's sentences and their caption lines."""
    story_dir = ctx.story_dir
    story = load_story(ctx)
    pages = story["pages"]
    language = _story_language(story, ctx)
    width = ctx.config["CAPTION_LINE_LENGTH"]
    if width < MIN_LINE_LENGTH:
        raise SegmentError(f"CAPTION_LINE_LENGTH must be at least {MIN_LINE_LENGTH}, got {width}")

    result = []
    for number, text in enumerate(pages, start=1):
        ctx.progress((number - 1) / len(pages), f"splitting page {number} of {len(pages)}")
        sentences = split_sentences(text, language)
        result.append({"page": number, "sentences": sentences,
                       "captions": [wrap_caption(sentence, width) for sentence in sentences]})
    if not any(page["sentences"] for page in result):
        raise SegmentError("story.json pages hold no sentences to narrate")
    story_dir.write_json(story_dir.split_json, {"pages": result})
    ctx.progress(1.0, "split into sentences and captions")
    return [story_dir.split_json]
