"""Captions: when each caption shows (cues), the SRT file, and the caption pictures.

Each sentence is broken (linebreak.break_sentence) into cues of at most two balanced lines,
measured in pixels of the caption font so that no line is wider than CAPTION_MAX_WIDTH of
the frame at the normal size (Chinese too: it is wrapped, never shrunk). A cue's share of
its sentence's clip is proportional to its characters, and no cue is shorter than
MIN_CUE_SECONDS unless the whole sentence (and the pause after it) is. Where each caption
goes is decided by video_layout; each caption picture (text on a soft translucent band) is
drawn once and reused for every frame it is on screen.

Read-along captions (CAPTION_STYLE=readalong, cues from readalong.py) draw the word being
spoken in HIGHLIGHT_COLOR with a line under it; every word sits where it sits in the plain
caption, so nothing moves when the highlight does. Each (cue, word) picture is drawn once.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ..domain import SegmentError
from .linebreak import MIN_CUE_SECONDS, break_sentence
from .linebreak import CJK_CHARACTER as _CJK
from .split import sentence_atoms
from .video_timeline import Clip, Timeline

# Noto Sans CJK (SIL OFL 1.1, pip package noto-cjk-sans-otc) covers Latin and Chinese;
# the collection's face 2 is the Simplified Chinese one.
FONT_FACE_INDEX = 2
# text and band look
TEXT_COLOR = (255, 255, 250, 255)
TEXT_STROKE = (20, 20, 28, 255)
BAND_COLOR = (12, 12, 20)
BAND_OPACITY = 150           # 0..255
HIGHLIGHT_COLOR = (255, 206, 64, 255)   # the read-along word: warm yellow, 11:1 contrast on the dark band
UNDERLINE = 0.07             # thickness of the line under the read-along word, fraction of the font size
CAPTION_SIZE = 0.052         # font size as a fraction of the frame's short side
CAPTION_MAX_WIDTH = 0.90     # widest text line, fraction of the frame width
MEASURE_SLACK = 0.97         # lines are planned a little narrower (kerning and rounding)
# a line longer than this many font sizes is harder to read (~42 Latin letters; 16 Chinese characters)
COMFORTABLE_EMS = 22
COMFORTABLE_EMS_CJK = 16
LINE_SPACING = 1.05          # line height, times the font's ascent + descent
MIN_FONT_SIZE = 10
# a caption may stay up to this long after its sentence ends (into the pause), never into the next
CUE_GAP = 0.02


@dataclass(frozen=True)
class CueWord:
    """A word of a read-along cue: characters ``first`` .. ``last`` of line ``line``, spoken ``start`` .. ``end``."""

    line: int
    first: int
    last: int
    start: float
    end: float


@dataclass(frozen=True)
class Cue:
    """Lines of caption text shown from ``start`` to ``end`` (seconds), on page ``page``."""

    start: float
    end: float
    lines: tuple[str, ...]
    page: int = 0
    words: tuple[CueWord, ...] = ()     # read-along cues only

    def word_index_at(self, t: float) -> int | None:
        """The word being spoken at ``t`` (None before the first, after the last, or if the cue has no times)."""
        for index in range(len(self.words) - 1, -1, -1):
            word = self.words[index]
            if word.start <= t:
                return index if t < word.end else None
        return None


def font_path() -> str:
    """Path of the bundled caption font (installed from PyPI, never a system font)."""
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError as exc:
        raise SegmentError("the caption font is not installed: pip install noto-cjk-sans-otc "
                           "(listed in requirements.txt)") from exc
    return str(FONT_PATH)


@lru_cache(maxsize=4)          # each face of this large CJK font holds ~3 MB
def load_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(), max(MIN_FONT_SIZE, int(size)), index=FONT_FACE_INDEX)


def caption_font_size(frame_size: tuple[int, int]) -> int:
    """The normal caption size: a fraction of the frame's short side (the same for 16:9, 9:16 and 1:1)."""
    return max(MIN_FONT_SIZE, int(round(min(frame_size) * CAPTION_SIZE)))


def caption_max_width(frame_size: tuple[int, int]) -> float:
    return frame_size[0] * CAPTION_MAX_WIDTH


def share_seconds(weights: list[int], total: float, minimum: float) -> list[float]:
    """Split ``total`` in proportion to ``weights``, but give every part at least ``minimum``."""
    fixed: set[int] = set()
    while True:
        free_total = total - minimum * len(fixed)
        free_weight = sum(weight for index, weight in enumerate(weights) if index not in fixed) or 1
        shares = [minimum if index in fixed else free_total * weight / free_weight
                  for index, weight in enumerate(weights)]
        short = {index for index, share in enumerate(shares) if index not in fixed and share < minimum - 1e-9}
        if not short:
            return shares
        fixed |= short


def sentence_cues(clip: Clip, lines: list[list[str]], limit: float) -> list[Cue]:
    """Time a sentence's cues: start with its clip, by character share, none under MIN_CUE_SECONDS if avoidable.

    A sentence too short for its cues may run on into the pause after it, up to ``limit``.
    """
    weights = [max(1, sum(len(line.replace(" ", "")) for line in cue)) for cue in lines]
    total = clip.duration
    if len(lines) * MIN_CUE_SECONDS > total:
        total = max(total, min(len(lines) * MIN_CUE_SECONDS, limit - clip.start))
    shares = share_seconds(weights, total, min(MIN_CUE_SECONDS, total / len(lines)))
    cues, start = [], clip.start
    for cue_lines, share in zip(lines, shares):
        cues.append(Cue(start, start + share, tuple(cue_lines), clip.page))
        start += share
    return cues


CueMaker = Callable[[Clip, list[list[str]], float], list[Cue]]


def build_cues(timeline: Timeline, frame_size: tuple[int, int], crossfade: float = 0.0,
               cue_maker: CueMaker = sentence_cues) -> list[Cue]:
    """Break and time every sentence of the story into caption cues (never during a page crossfade).

    ``cue_maker(clip, lines, limit)`` times one sentence's cues (readalong.py's times them by its words).
    """
    font = load_font(caption_font_size(frame_size))
    max_width = caption_max_width(frame_size) * MEASURE_SLACK
    cues: list[Cue] = []
    for page in timeline.pages:
        page_limit = page.end - crossfade / 2 - CUE_GAP
        for index, clip in enumerate(page.clips):
            text = clip.text or " ".join(clip.captions)
            atoms = sentence_atoms(text)
            ems = COMFORTABLE_EMS_CJK if any(_CJK.search(atom.text) for atom in atoms) else COMFORTABLE_EMS
            lines = break_sentence(atoms, font.getlength, max_width, clip.duration, comfortable_width=font.size * ems)
            if not lines:
                continue
            limit = page.clips[index + 1].start - CUE_GAP if index + 1 < len(page.clips) else page_limit
            cues.extend(cue_maker(clip, lines, max(limit, clip.end)))
    return cues


def _srt_time(seconds: float, separator: str = ",") -> str:
    millis = max(0, int(round(seconds * 1000)))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def srt_text(cues: list[Cue]) -> str:
    """Return the cues as a SubRip (.srt) document."""
    blocks = [f"{number}\n{_srt_time(cue.start)} --> {_srt_time(cue.end)}\n" + "\n".join(cue.lines) + "\n"
              for number, cue in enumerate(cues, start=1)]
    return "\n".join(blocks)


def _vtt_escape(line: str) -> str:
    """Cue text for WebVTT: &, < and > are markup there, and a line may not hold "-->"."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt_text(cues: list[Cue]) -> str:
    """Return the cues as a WebVTT document (the same cues and times as srt_text), for a player's track."""
    blocks = [f"{number}\n{_srt_time(cue.start, '.')} --> {_srt_time(cue.end, '.')}\n"
              + "\n".join(_vtt_escape(line) for line in cue.lines) + "\n"
              for number, cue in enumerate(cues, start=1)]
    return "WEBVTT\n\n" + "\n".join(blocks)


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Break text into balanced lines no wider than ``max_width`` (between words, or between CJK characters)."""
    return [line for cue in break_sentence(sentence_atoms(text.strip()), font.getlength, max_width) for line in cue]


@dataclass(frozen=True)
class BandGeometry:
    """Sizes of a caption picture: the font used, the band and the whole (soft-edged) picture."""

    font: ImageFont.FreeTypeFont
    widest: float
    line_height: int
    pad: tuple[int, int]
    soft: int
    band: tuple[int, int]

    @property
    def size(self) -> tuple[int, int]:
        return self.band[0] + 4 * self.soft, self.band[1] + 4 * self.soft


def band_geometry(lines: tuple[str, ...] | list[str], font_size: int, max_width: float) -> BandGeometry:
    """Measure a caption picture without drawing it; the font shrinks only if a line is wider than ``max_width``.

    (Lines from build_cues always fit: only a single word wider than the frame can shrink it.)
    """
    font = load_font(font_size)
    widest = max(font.getlength(line) for line in lines)
    if widest > max_width:
        font = load_font(int(font.size * max_width / widest))
        widest = max(font.getlength(line) for line in lines)
    size = font.size
    ascent, descent = font.getmetrics()
    line_height = int(round((ascent + descent) * LINE_SPACING))
    pad = (int(size * 0.7), int(size * 0.3))
    band = (int(widest) + 2 * pad[0], line_height * len(lines) + 2 * pad[1])
    return BandGeometry(font, widest, line_height, pad, max(1, size // 6), band)


def _line_left(geometry: BandGeometry, line: str, width: int) -> float:
    """Where a centred line of the caption picture starts (x, picture pixels)."""
    return width / 2 - geometry.font.getlength(line) / 2


def word_rects(lines: tuple[str, ...] | list[str], words: tuple[CueWord, ...], font_size: int,
               max_width: float) -> list[tuple[int, int, int, int]]:
    """Each read-along word's rectangle (x0, y0, x1, y1) in its caption picture: its letters and its underline."""
    geometry = band_geometry(lines, font_size, max_width)
    font, soft = geometry.font, geometry.soft
    ascent, descent = font.getmetrics()
    width = geometry.size[0]
    rects = []
    for word in words:
        line = lines[word.line]
        left = _line_left(geometry, line, width) + _advance(font, line, word.first)
        right = _line_left(geometry, line, width) + _advance(font, line, word.last)
        top = 2 * soft + geometry.pad[1] + word.line * geometry.line_height
        rects.append((int(left), top, int(math.ceil(right)), top + ascent + descent))
    return rects


def render_text_band(lines: tuple[str, ...] | list[str], font_size: int, max_width: float,
                     opacity: int = BAND_OPACITY, highlight: CueWord | None = None,
                     readalong: bool = False) -> Image.Image:
    """Draw lines centred on a soft, rounded, translucent band; return it as an RGBA picture.

    A read-along caption (``readalong``) draws each line from its left end, so that
    ``highlight`` (the word being spoken: HIGHLIGHT_COLOR, underlined) sits exactly where
    the same word sits when nothing is highlighted.
    """
    geometry = band_geometry(lines, font_size, max_width)
    font, soft, (band_w, band_h) = geometry.font, geometry.soft, geometry.band
    size = font.size
    ascent, _ = font.getmetrics()
    width, height = geometry.size

    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (2 * soft, 2 * soft, 2 * soft + band_w, 2 * soft + band_h), radius=int(size * 0.45), fill=opacity)
    band = Image.new("RGBA", (width, height), BAND_COLOR + (0,))
    band.putalpha(mask.filter(ImageFilter.GaussianBlur(soft)))

    text = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text)
    stroke = max(1, size // 16)
    y = 2 * soft + geometry.pad[1]
    for number, line in enumerate(lines):
        if readalong or highlight is not None:
            word = highlight if highlight is not None and highlight.line == number else None
            _draw_readalong_line(draw, geometry, line, word, (_line_left(geometry, line, width), y + ascent), stroke)
        else:
            draw.text((width / 2, y + ascent), line, font=font, fill=TEXT_COLOR, anchor="ms",
                      stroke_width=stroke, stroke_fill=TEXT_STROKE)
        y += geometry.line_height
    return Image.alpha_composite(band, text)


def _draw_readalong_line(draw: ImageDraw.ImageDraw, geometry: BandGeometry, line: str, word: CueWord | None,
                         origin: tuple[float, float], stroke: int) -> None:
    """One caption line from its left end; ``word`` (if any) in the highlight colour and underlined."""
    font = geometry.font
    left, baseline = origin
    if word is None:
        draw.text(origin, line, font=font, fill=TEXT_COLOR, anchor="ls", stroke_width=stroke, stroke_fill=TEXT_STROKE)
        return
    pieces = ((0, word.first, TEXT_COLOR), (word.first, word.last, HIGHLIGHT_COLOR), (word.last, len(line), TEXT_COLOR))
    for first, last, colour in pieces:
        if first == last:
            continue
        x = left + _advance(font, line, first)
        draw.text((x, baseline), line[first:last], font=font, fill=colour, anchor="ls",
                  stroke_width=stroke, stroke_fill=TEXT_STROKE)
        if colour is HIGHLIGHT_COLOR:
            _, descent = font.getmetrics()
            thickness = max(1, round(font.size * UNDERLINE))
            top = baseline + max(1, descent // 3)
            right = max(round(x), round(left + _advance(font, line, last)) - 1)
            draw.rectangle((round(x) - 1, top - 1, right + 1, top + thickness), fill=TEXT_STROKE)   # its dark edge
            draw.rectangle((round(x), top, right, top + thickness - 1), fill=colour)


def _advance(font: ImageFont.FreeTypeFont, line: str, index: int) -> float:
    """Where character ``index`` of a line starts, kerning with the character before it included."""
    if index <= 0:
        return 0.0
    if index >= len(line):
        return font.getlength(line)
    return font.getlength(line[:index + 1]) - font.getlength(line[index])


def caption_picture_size(lines: tuple[str, ...], frame_size: tuple[int, int]) -> tuple[int, int]:
    """The size of a caption picture on a frame of ``frame_size``, measured without drawing it."""
    return band_geometry(lines, caption_font_size(frame_size), caption_max_width(frame_size)).size


class CaptionOverlay:
    """Caption pictures for a list of cues, drawn lazily once each at their places and blended onto frames."""

    def __init__(self, cues: list[Cue], frame_size: tuple[int, int], positions: list[tuple[int, int]] | None = None,
                 keep: int = 3, readalong: bool = False):
        self.cues = cues
        self.starts = [cue.start for cue in cues]
        self.width, self.height = frame_size
        self.font_size = caption_font_size(frame_size)
        self.max_width = caption_max_width(frame_size)
        self.positions = positions or [bottom_centre(self.picture_size(cue), frame_size) for cue in cues]
        self._cache: OrderedDict[tuple[int, int | None], CaptionPicture] = OrderedDict()
        self._keep = keep
        self.readalong = readalong

    def picture_size(self, cue: Cue) -> tuple[int, int]:
        return caption_picture_size(cue.lines, (self.width, self.height))

    def cue_index_at(self, t: float) -> int | None:
        """Index of the cue on screen at time ``t``, or None between cues."""
        index = bisect_right(self.starts, t) - 1
        if index >= 0 and t < self.cues[index].end:
            return index
        return None

    def picture(self, index: int, word: int | None = None) -> "CaptionPicture":
        """The caption picture of cue ``index`` (``word`` highlighted), rendered on first use (a small LRU)."""
        key = (index, word)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        cue = self.cues[index]
        rgba = render_text_band(cue.lines, self.font_size, self.max_width, readalong=self.readalong,
                                highlight=cue.words[word] if word is not None else None)
        x, y = self.positions[index]
        entry = CaptionPicture.place(rgba, x, y, (self.width, self.height))
        self._cache[key] = entry
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        return entry

    def draw(self, frame: np.ndarray, t: float) -> np.ndarray:
        """Blend the caption of time ``t`` (if any) onto ``frame`` (H x W x 3 uint8) in place."""
        index = self.cue_index_at(t)
        if index is not None:
            word = self.cues[index].word_index_at(t) if self.readalong else None
            self.picture(index, word).blend_onto(frame)
        return frame


CAPTION_BOTTOM = 0.05        # gap under a bottom caption, fraction of the frame height
CAPTION_TOP = 0.05           # gap over a top caption


def bottom_centre(picture: tuple[int, int], frame_size: tuple[int, int]) -> tuple[int, int]:
    """Where a caption picture sits in the usual bottom band."""
    return (frame_size[0] - picture[0]) // 2, frame_size[1] - int(frame_size[1] * CAPTION_BOTTOM) - picture[1]


def top_centre(picture: tuple[int, int], frame_size: tuple[int, int]) -> tuple[int, int]:
    """Where a caption picture sits in the top band."""
    return (frame_size[0] - picture[0]) // 2, int(frame_size[1] * CAPTION_TOP)


@dataclass(frozen=True)
class CaptionPicture:
    """A rendered caption clipped to the frame: its RGB pixels, blend weights and where it goes."""

    rgb: np.ndarray          # h x w x 3 uint8
    weight: np.ndarray       # h x w float32, the caption's opacity (0..1)
    inverse: np.ndarray      # 1 - weight
    x: int
    y: int

    @classmethod
    def place(cls, rgba: Image.Image, x: int, y: int, frame_size: tuple[int, int]) -> "CaptionPicture":
        """Crop the picture to the part inside the frame and precompute its blend weights."""
        left, top = max(0, -x), max(0, -y)
        right, bottom = min(rgba.width, frame_size[0] - x), min(rgba.height, frame_size[1] - y)
        pixels = np.asarray(rgba)[top:bottom, left:right]
        weight = pixels[:, :, 3].astype(np.float32) / 255.0
        return cls(np.ascontiguousarray(pixels[:, :, :3]), weight, 1.0 - weight, x + left, y + top)

    def blend_onto(self, frame: np.ndarray) -> None:
        height, width = self.weight.shape
        region = frame[self.y:self.y + height, self.x:self.x + width]
        region[...] = cv2.blendLinear(self.rgb, np.ascontiguousarray(region), self.weight, self.inverse)
