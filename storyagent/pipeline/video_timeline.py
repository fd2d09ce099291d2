"""When each page and each narrated sentence plays in the video.

Built from split.json (pages, sentences, caption lines) and speech/timing.json (the clip
files); a clip lasts as long as its WAV really is. Every page gets a lead-in and lead-out
pause and sentences on a page are separated by a short gap, so the picture, the sound and
the captions all read their times from this one plan.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

# a page without any sentence is still shown this long
EMPTY_PAGE_SECONDS = 2.0


@dataclass(frozen=True)
class Clip:
    """One narrated sentence placed on the timeline."""

    page: int
    sentence: int          # 1-based within the page
    path: Path
    start: float
    duration: float
    captions: tuple[str, ...] = ()   # the sentence's wrapped caption lines (split.json)
    text: str = ""

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class PageSpan:
    """The stretch of the video that belongs to one page (its pauses included)."""

    page: int
    image: Path
    start: float
    end: float
    clips: tuple[Clip, ...] = field(default=())


@dataclass(frozen=True)
class Timeline:
    pages: tuple[PageSpan, ...]
    duration: float

    @property
    def clips(self) -> list[Clip]:
        return [clip for page in self.pages for clip in page.clips]

    def page_index_at(self, t: float) -> int:
        """Index (into ``pages``) of the page that owns time ``t``."""
        starts = [page.start for page in self.pages]
        return max(0, min(len(self.pages) - 1, bisect_right(starts, t) - 1))


@dataclass(frozen=True)
class PagePlan:
    """What the timeline needs to know about one page before times are assigned."""

    page: int
    image: Path
    # (sentence index, wav path, duration seconds, caption lines, sentence text)
    sentences: tuple[tuple[int, Path, float, tuple[str, ...], str], ...]


def build_timeline(plans: list[PagePlan], page_pause: float, sentence_pause: float) -> Timeline:
    """Lay pages end to end: lead-in pause, sentences with gaps between them, lead-out pause."""
    cursor = 0.0
    pages: list[PageSpan] = []
    for plan in plans:
        page_start = cursor
        cursor += page_pause
        clips: list[Clip] = []
        for number, (sentence, path, duration, captions, text) in enumerate(plan.sentences):
            if number:
                cursor += sentence_pause
            clips.append(Clip(plan.page, sentence, path, cursor, duration, captions, text))
            cursor += duration
        cursor += page_pause
        if not clips:
            cursor = max(cursor, page_start + EMPTY_PAGE_SECONDS)
        pages.append(PageSpan(plan.page, plan.image, page_start, cursor, tuple(clips)))
    return Timeline(tuple(pages), cursor)
