"""Whole lines said twice in one story: the runs of words (Chinese: characters) the writer compares.

The writer picks for each beat a telling that shares no such run with an earlier page; the tests
(checks.echoed_lines) check the finished story the same way.
"""
from __future__ import annotations

import re

# a run this long on two pages of one story repeats a whole line (a tip, a wish, a question) and reads badly
ECHO_WORDS = 8          # English words
ECHO_CHARACTERS = 12    # Chinese characters
_WORD = re.compile(r"[a-z']+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def long_runs(page: str, language: str) -> set[tuple[str, ...]]:
    """Every run of ECHO_WORDS words (Chinese: ECHO_CHARACTERS characters) on a page."""
    if language == "zh":
        units, size = _CJK.findall(page), ECHO_CHARACTERS
    else:
        units, size = _WORD.findall(page.lower().replace("’", "'")), ECHO_WORDS
    return {tuple(units[i:i + size]) for i in range(len(units) - size + 1)}
