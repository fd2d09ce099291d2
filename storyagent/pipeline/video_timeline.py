"""When each page and each narrated sentence plays in the video.

Built from split.json (pages, sentences, caption lines) and speech/timing.json (the clip
files); a clip lasts as long as its WAV really is. Every page gets a lead-in and lead-out
pause and sentences on a page are separated by a short gap, so the picture, the sound and
the captions all read their times from this one plan.

The film opens with a title card (the title narrated by its own clip, speech/title.wav)
and closes with an end card; the story's pages follow the title card, so every page,
clip and caption time includes the title card's length.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# a page without any sentence is still shown this long
EMPTY_PAGE_SECONDS = 2.0
# title card: the narrated title starts after TITLE_LEAD (during the fade in from black) and
# the card holds TITLE_TAIL after it; the card lasts TITLE_CARD_SECONDS (a title narrated in
# 1-2 s), longer only if a long title needs it
TITLE_LEAD = 0.5
TITLE_TAIL = 0.5
TITLE_CARD_SECONDS = (2.0, 3.0)
END_CARD_SECONDS = 2.5


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
    """The story's pages between the title card (0 .. intro) and the end card (duration - outro .. duration)."""

    pages: tuple[PageSpan, ...]
    duration: float
    intro: float = 0.0
    outro: float = 0.0
    title_clip: Clip | None = None       # the narrated title (page 0), on the title card

    @property
    def clips(self) -> list[Clip]:
        """Every narrated clip, the title's first: what the soundtrack plays."""
        return ([self.title_clip] if self.title_clip else []) + self.story_clips

    @property
    def story_clips(self) -> list[Clip]:
        """The story's sentences only: what the captions show."""
        return [clip for page in self.pages for clip in page.clips]


@dataclass(frozen=True)
class PagePlan:
    """What the timeline needs to know about one page before times are assigned."""

    page: int
    image: Path
    # (sentence index, wav path, duration seconds, caption lines, sentence text)
    sentences: tuple[tuple[int, Path, float, tuple[str, ...], str], ...]


def title_card_seconds(title_seconds: float | None) -> float:
    """How long the title card shows: TITLE_CARD_SECONDS, stretched only to fit a long narrated title."""
    shortest, longest = TITLE_CARD_SECONDS
    if title_seconds is None:                     # no narrated title: a silent card of the usual length
        return (shortest + longest) / 2
    return max(shortest, TITLE_LEAD + title_seconds + TITLE_TAIL)


def build_timeline(plans: list[PagePlan], page_pause: float, sentence_pause: float, intro: float = 0.0,
                   outro: float = 0.0, title: tuple[Path, float] | None = None) -> Timeline:
    """Lay pages end to end after the title card: lead-in pause, sentences with gaps, lead-out pause.

    ``title`` is the narrated title's (wav, seconds); it plays TITLE_LEAD into the title card.
    """
    title_clip = Clip(0, 0, title[0], TITLE_LEAD, title[1], (), "") if title and intro > 0 else None
    cursor = float(intro)
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
    return Timeline(tuple(pages), cursor + outro, float(intro), float(outro), title_clip)
