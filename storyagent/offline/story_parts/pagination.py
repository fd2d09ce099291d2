"""Fit a story's filled beats onto its pages: the hero named on every page, exactly the pages asked for.

A beat is one page as written. A page where only others act is joined to a neighbour (or
names the hero where it calls the hero by kind); then pages are joined or split at sentence
ends until the story has its page count. A split never leaves a page without the hero:
the second half must name the hero or start with the hero's pronoun (which becomes the name).
"""
from __future__ import annotations

import re
from collections.abc import Callable

DEFAULT_PAGES = (8, 12)      # the writer's own choice when no page count is asked for
ASKED_PAGES = (6, 16)        # the page counts a setting may ask for
# the 150-350 English words (250-1100 Chinese characters) of an 8-12 page book, as the fewest per
# page of its longest book and the most per page of its shortest (a shorter or longer book scales)
WORDS_PER_PAGE = {"en": (150 / 12, 350 / 8), "zh": (250 / 12, 1100 / 8)}


def word_range(pages: int, language: str = "en") -> tuple[int, int]:
    """English words (Chinese characters) a story of this many pages may have: 150-350 for 8-12 pages."""
    fewest, most = WORDS_PER_PAGE[language]
    return int(fewest * pages), int(most * pages + 0.5)


def fit_pages(written: list[tuple[str, bool]], name: str, hero_words: list[str], pronouns: tuple[str, ...],
              language: str, target: int,
              extras: Callable[[], tuple[list[str], ...]] = lambda: ([], [], [])) -> list[str]:
    """The pages with the hero on each, joined or split to `target` pages (0: keep 8-12 as they come).

    `written` is every beat's page in story order with whether it is spare (an optional beat left
    out): spare pages are told only when the story would otherwise be short. A story still short
    adds `extras()` (pages that open the book, for the middle and for the end, made only when needed), then splits its longest pages.
    """
    zh = language == "zh"
    written = [(_name_the_hero(page, name, hero_words) if name not in page and not zh else page, spare)
               for page, spare in written]
    pages = _join_pages_without([page for page, spare in written if not spare], name, zh)
    wanted = target or DEFAULT_PAGES[0]
    least = word_range(DEFAULT_PAGES[1], language)[0] if not target else 0     # 150 words, 250 characters
    if (len(pages) < wanted or sum(map(_size, pages)) < least) and any(spare for _, spare in written):
        pages = _join_pages_without([page for page, _ in written], name, zh)
    if not target:
        target = min(max(len(pages), DEFAULT_PAGES[0]), DEFAULT_PAGES[1])
    while len(pages) > target:
        index = _shortest_pair(pages)
        pages[index:index + 2] = [_join(pages[index], pages[index + 1], zh)]
    starts, middles, ends = extras() if len(pages) < target else ([], [], [])
    first_extra = len(starts)
    while len(pages) < target and (starts or middles or ends):
        if starts:
            pages.insert(first_extra - len(starts), starts.pop(0))
        elif middles:
            pages.insert(len(pages) // 2, middles.pop(0))
        else:
            pages.append(ends.pop())
    _split_until(pages, target, name, hero_words, pronouns, zh, 14 if zh else 7)
    _split_until(pages, target, name, hero_words, pronouns, zh, 8 if zh else 3)
    _split_until(pages, target, name, hero_words, pronouns, zh, 1)
    return pages


def _split_until(pages: list[str], target: int, name: str, hero_words: list[str], pronouns: tuple[str, ...], zh: bool,
                 smallest: int) -> None:
    """Split pages (each half at least `smallest` words) until there are `target` or none splits."""
    while len(pages) < target:
        split = _best_split(pages, name, hero_words, pronouns, zh, smallest)
        if split is None:
            return
        index, first, second = split
        pages[index:index + 1] = [first, second]


def _name_the_hero(page: str, name: str, hero_words: list[str]) -> str:
    """'The little dragon tried again' -> 'Max tried again' (the page calls the hero by kind only)."""
    for words in hero_words:
        match = re.search(rf"\b[Tt]he {re.escape(words)}\b", page)
        if match:
            return page[:match.start()] + name + page[match.end():]
    return page


def _join_pages_without(pages: list[str], name: str, zh: bool) -> list[str]:
    """A page that does not name the hero joins the page after it (the last one joins the one before)."""
    index = 0
    while index < len(pages) and len(pages) > 1:
        if name in pages[index]:
            index += 1
        elif index + 1 < len(pages):
            pages[index:index + 2] = [_join(pages[index], pages[index + 1], zh)]
        else:
            pages[index - 1:index + 1] = [_join(pages[index - 1], pages[index], zh)]
    return pages


def _join(first: str, second: str, zh: bool) -> str:
    return first + ("" if zh else " ") + second


def _size(page: str) -> int:
    """English words, or Chinese characters."""
    return len(re.findall(r"[\u4e00-\u9fff]", page)) or len(page.split())


def _shortest_pair(pages: list[str]) -> int:
    """Where joining two pages makes the shortest page, keeping the opening and the closing page alone."""
    inner = range(1, len(pages) - 2) if len(pages) > 3 else range(len(pages) - 1)
    return min(inner, key=lambda i: _size(pages[i]) + _size(pages[i + 1]))


def _best_split(pages: list[str], name: str, hero_words: list[str], pronouns: tuple[str, ...], zh: bool,
                smallest: int) -> tuple[int, str, str] | None:
    """The most even split of the longest splittable page: (page index, first half, second half)."""
    best: tuple[float, int, str, str] | None = None
    for index, page in enumerate(pages):
        for cut in _sentence_ends(page, zh):
            first, second = page[:cut].strip(), page[cut:].strip()
            if name not in first:
                continue
            if name not in second:
                second = _pronoun_to_name(second, name, pronouns, zh) or _name_the_hero(second, name, hero_words)
                if name not in second:
                    continue
            score = min(_size(first), _size(second))
            if best is None or score > best[0]:
                best = (score, index, first, second)
    if best is None or best[0] < smallest:
        return None
    return best[1], best[2], best[3]


def _sentence_ends(page: str, zh: bool) -> list[int]:
    """Positions just after a sentence ends outside any quotation."""
    ends, depth = [], 0
    for position, char in enumerate(page):
        if zh:
            depth += {"“": 1, "”": -1}.get(char, 0)
            if char in "。！？" and depth == 0 and position + 1 < len(page):
                ends.append(position + 1)
        else:
            if char == '"':
                depth = 1 - depth
            elif char in ".!?" and depth == 0 and page[position + 1:position + 2] == " ":
                ends.append(position + 1)
    if not zh:   # a closing quote ends a sentence too: '"Hello!" Then ...' splits after the quote
        ends += [m.end() for m in re.finditer(r'[.!?]" (?=[A-Z])', page) if page[:m.start()].count('"') % 2 == 1]
    return sorted(ends)


def _pronoun_to_name(text: str, name: str, pronouns: tuple[str, ...], zh: bool) -> str:
    """The half page with its leading hero pronoun made the name ("" when it does not start with one)."""
    for pronoun in pronouns:
        if pronoun and text.startswith(pronoun + ("" if zh else " ")):
            return name + text[len(pronoun):]
    return ""
