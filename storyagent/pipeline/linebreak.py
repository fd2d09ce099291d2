"""Caption line breaking: a sentence cut into cues of at most two balanced lines, no word lost.

One algorithm for the Split segment (width in characters) and the Video segment (width in
pixels of the caption font): a small dynamic programme over break points, so a break is
chosen for the whole sentence, not greedily. It prefers, in order: breaks after punctuation,
breaks before a conjunction or preposition (between phrases), any break between words; it
avoids breaks right after an article or a preposition ("seemed to / be"), lines of one short
word, unbalanced two-line cues, and cues too short to read. Latin text breaks at spaces only;
CJK text may break between characters but never before closing punctuation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

MAX_LINES = 2
MIN_CUE_SECONDS = 1.2

# costs of the programme (a perfect single-line cue costs CUE_COST + LINE_COST)
CUE_COST = 10.0              # each cue: fewer cues are easier to read
LINE_COST = 3.0              # each line: one line beats two when it fits
IMBALANCE_COST = 30.0        # times the squared width difference of a cue's two lines (in line widths)
ORPHAN_COST = 25.0           # a line of one short word
SHORT_CUE_COST = 200.0       # per second a cue falls short of MIN_CUE_SECONDS
CUE_BREAK_WEIGHT = 2.0       # a break between cues matters more than one inside a cue
LONG_LINE_COST = 60.0        # per line width a line runs past the comfortable width
ORPHAN_CHARS = 6             # a lone Latin word this short (punctuation included) is an orphan
CJK_ORPHAN_CHARS = 2

BREAK_AFTER_STOP = 0.0       # after . ! ? 。！？ …
BREAK_AFTER_PAUSE = 1.0      # after , ; : — ，；：、
BREAK_BEFORE_PHRASE = 3.0    # before a conjunction or preposition
BREAK_PLAIN = 6.0            # between two words or two CJK characters
BREAK_AFTER_GLUE = 15.0      # after an article, preposition or "to"
BREAK_CJK_PLAIN = 12.0       # between two CJK characters: it may cut a word in two (we know no word bounds)

_STOPS = set(".!?。！？…")
_PAUSES = set(",;:，；：、—–")
_TRAILING_CLOSERS = "\"'”’」』）》〉】〕］)]}"
# words that start a phrase (a good place to break before) and words that glue to the next one
PHRASE_STARTERS = {"and", "but", "or", "so", "then", "when", "while", "until", "because", "if", "as", "after",
                   "before", "with", "without", "through", "into", "onto", "under", "over", "behind", "beside",
                   "across", "around", "where", "who", "which", "that", "to", "for", "from", "in", "on", "at",
                   "by", "near", "past", "toward", "towards", "of"}
GLUE_WORDS = {"a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "with", "from", "into", "my", "your",
              "his", "her", "its", "our", "their", "this", "that", "these", "those", "very", "so", "and", "or",
              "but", "is", "was", "were", "are", "be", "not", "no", "mr.", "mrs.", "dr.", "ms.", "little", "big"}
# Chinese has no spaces and we know no word bounds, so breaks lean on function characters:
CJK_GLUE = set("在和与把被给从向对为是")                   # a break after these splits a phrase
CJK_PARTICLES = set("的了着地得吗呢吧么们")                 # ... and one before these
CJK_PHRASE_ENDS = set("的了着地得")                         # a phrase ends after these
CJK_PHRASE_STARTS = set("在和与把被给从向对为是就都也还又才") # ... and starts with these

CJK_CHARACTER = re.compile("[\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Atom:
    """An unbreakable piece of a sentence: a word, or a CJK character with glued punctuation."""

    text: str
    spaced: bool             # a space separates it from the atom before


def join_atoms(atoms: list[Atom] | tuple[Atom, ...]) -> str:
    """The text of consecutive atoms, spaces restored."""
    return "".join((" " if index and atom.spaced else "") + atom.text for index, atom in enumerate(atoms))


def _bare(text: str) -> str:
    return text.strip(_TRAILING_CLOSERS).lower()


def break_cost(before: Atom, after: Atom) -> float:
    """How bad a line break between two atoms is (0 = ideal)."""
    end = before.text.rstrip(_TRAILING_CLOSERS)[-1:] or before.text[-1:]
    if end in _STOPS:
        return BREAK_AFTER_STOP
    if end in _PAUSES:
        return BREAK_AFTER_PAUSE
    if CJK_CHARACTER.search(before.text):
        if before.text[-1] in CJK_GLUE or after.text[:1] in CJK_PARTICLES:
            return BREAK_AFTER_GLUE
        if before.text[-1] in CJK_PHRASE_ENDS or after.text[:1] in CJK_PHRASE_STARTS:
            return BREAK_BEFORE_PHRASE
        return BREAK_CJK_PLAIN
    if _bare(before.text) in GLUE_WORDS:
        return BREAK_AFTER_GLUE
    if _bare(after.text) in PHRASE_STARTERS:
        return BREAK_BEFORE_PHRASE
    return BREAK_PLAIN


def _is_orphan(atoms: list[Atom]) -> bool:
    if len(atoms) == 1:
        text = atoms[0].text
        return len(text) <= (CJK_ORPHAN_CHARS if CJK_CHARACTER.search(text) else ORPHAN_CHARS)
    return len(atoms) == 2 and all(CJK_CHARACTER.search(atom.text) for atom in atoms) and \
        sum(len(atom.text) for atom in atoms) <= CJK_ORPHAN_CHARS


class _Measure:
    """Widths of runs of atoms from prefix sums (a space counts where the text has one)."""

    def __init__(self, atoms: list[Atom], measure: Callable[[str], float]):
        space = measure(" ") if any(atom.spaced for atom in atoms[1:]) else 0.0
        self.prefix = [0.0]
        self.spaces = [0]
        for index, atom in enumerate(atoms):
            self.prefix.append(self.prefix[-1] + measure(atom.text))
            self.spaces.append(self.spaces[-1] + (1 if index and atom.spaced else 0))
        self.space = space

    def width(self, start: int, stop: int) -> float:
        """Width of atoms[start:stop] on one line (the space before the first is dropped)."""
        return (self.prefix[stop] - self.prefix[start]
                + self.space * (self.spaces[stop] - self.spaces[start + 1]))


def break_sentence(atoms: list[Atom], measure: Callable[[str], float], max_width: float,
                   seconds: float = 0.0, max_lines: int = MAX_LINES,
                   comfortable_width: float | None = None) -> list[list[str]]:
    """Cut a sentence into cues of at most ``max_lines`` lines no wider than ``max_width``.

    ``seconds`` (the sentence's spoken length, 0 if unknown) lets the programme avoid cues
    shorter than MIN_CUE_SECONDS when the sentence is long enough, assuming each cue lasts
    its share of the characters. A single atom wider than the line gets a line of its own.
    Lines longer than ``comfortable_width`` (if given) cost extra: long lines are hard to read.
    Returns the cues, each a list of line strings; together they hold every atom in order.
    """
    count = len(atoms)
    if not count:
        return []
    widths = _Measure(atoms, measure)
    letters = [0]
    for atom in atoms:
        letters.append(letters[-1] + len(atom.text))

    def fits(start: int, stop: int) -> bool:
        return stop - start == 1 or widths.width(start, stop) <= max_width

    def line_cost(start: int, stop: int) -> float:
        cost = LINE_COST + (ORPHAN_COST if _is_orphan(atoms[start:stop]) else 0.0)
        if comfortable_width is not None:
            cost += LONG_LINE_COST * max(0.0, widths.width(start, stop) - comfortable_width) / max_width
        return cost

    def cue_cost(start: int, stop: int) -> tuple[float, int] | None:
        """Best cost of atoms[start:stop] as one cue, and where its second line starts (or stop)."""
        best: tuple[float, int] | None = None
        if fits(start, stop):
            best = (line_cost(start, stop), stop)
        if max_lines >= 2:
            for split in range(start + 1, stop):
                if not (fits(start, split) and fits(split, stop)):
                    continue
                balance = (widths.width(start, split) - widths.width(split, stop)) / max_width
                cost = (line_cost(start, split) + line_cost(split, stop) + IMBALANCE_COST * balance * balance
                        + break_cost(atoms[split - 1], atoms[split]))
                if best is None or cost < best[0]:
                    best = (cost, split)
        if best is None:
            return None
        cost = best[0] + CUE_COST
        if stop < count:
            cost += CUE_BREAK_WEIGHT * break_cost(atoms[stop - 1], atoms[stop])
        if seconds >= MIN_CUE_SECONDS and stop - start < count:
            share = seconds * (letters[stop] - letters[start]) / letters[count]
            cost += SHORT_CUE_COST * max(0.0, MIN_CUE_SECONDS - share)
        return cost, best[1]

    # best[stop] = (cost of atoms[:stop], start of the last cue, its line split)
    best: list[tuple[float, int, int] | None] = [None] * (count + 1)
    best[0] = (0.0, 0, 0)
    for stop in range(1, count + 1):
        for start in range(stop - 1, -1, -1):
            if best[start] is None:
                continue
            if widths.width(start, stop) > max_lines * max_width + 1e-9 and stop - start > max_lines:
                break                                    # longer runs cannot fit either
            found = cue_cost(start, stop)
            if found is None:
                continue
            total = best[start][0] + found[0]
            if best[stop] is None or total < best[stop][0]:
                best[stop] = (total, start, found[1])
    cues: list[list[str]] = []
    stop = count
    while stop:
        _, start, split = best[stop]
        lines = [join_atoms(atoms[start:split])] + ([join_atoms(atoms[split:stop])] if split < stop else [])
        cues.append(lines)
        stop = start
    return cues[::-1]
