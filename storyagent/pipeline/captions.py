"""Captions: when each caption shows (cues), the SRT file, and the caption pictures.

A sentence's wrapped lines (split.json) are shown at most two lines at a time; a longer
sentence is cut into consecutive two-line chunks whose share of the sentence's clip is
proportional to their number of characters. Each caption picture (text on a soft
translucent band) is drawn once and reused for every frame it is on screen.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ..domain import SegmentError
from .video_timeline import Timeline

MAX_LINES = 2
# Noto Sans CJK (SIL OFL 1.1, pip package noto-cjk-sans-otc) covers Latin and Chinese;
# the collection's face 2 is the Simplified Chinese one.
FONT_FACE_INDEX = 2
# text and band look
TEXT_COLOR = (255, 255, 250, 255)
TEXT_STROKE = (20, 20, 28, 255)
BAND_COLOR = (12, 12, 20)
BAND_OPACITY = 150           # 0..255
CAPTION_SIZE = 0.052         # font size as a fraction of the frame height
CAPTION_BOTTOM = 0.06        # gap under the band, fraction of the frame height
CAPTION_MAX_WIDTH = 0.90     # widest text line, fraction of the frame width
MIN_FONT_SIZE = 10

_BREAKABLE = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")


@dataclass(frozen=True)
class Cue:
    """Lines of caption text shown from ``start`` to ``end`` (seconds)."""

    start: float
    end: float
    lines: tuple[str, ...]


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


def caption_chunks(lines: list[str] | tuple[str, ...]) -> list[tuple[str, ...]]:
    """Group a sentence's caption lines into consecutive chunks of at most MAX_LINES."""
    lines = [line.strip() for line in lines if line and line.strip()]
    return [tuple(lines[i:i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES)]


def build_cues(timeline: Timeline) -> list[Cue]:
    """Time every caption chunk inside the clip of its sentence, split by character count."""
    cues: list[Cue] = []
    for clip in timeline.clips:
        lines = list(clip.captions) or [clip.text]
        chunks = caption_chunks(lines)
        if not chunks:
            continue
        weights = [max(1, sum(len(line) for line in chunk)) for chunk in chunks]
        total = float(sum(weights))
        start = clip.start
        for index, (chunk, weight) in enumerate(zip(chunks, weights)):
            end = clip.end if index == len(chunks) - 1 else start + clip.duration * weight / total
            cues.append(Cue(start, end, chunk))
            start = end
    return cues


def _srt_time(seconds: float) -> str:
    millis = max(0, int(round(seconds * 1000)))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def srt_text(cues: list[Cue]) -> str:
    """Return the cues as a SubRip (.srt) document."""
    blocks = [f"{number}\n{_srt_time(cue.start)} --> {_srt_time(cue.end)}\n" + "\n".join(cue.lines) + "\n"
              for number, cue in enumerate(cues, start=1)]
    return "\n".join(blocks)


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Break text into lines no wider than ``max_width`` (between words, or between CJK characters)."""
    lines: list[str] = []
    line = ""
    for token in _BREAKABLE.findall(text.strip()):
        candidate = line + token
        if line.strip() and font.getlength(candidate.rstrip()) > max_width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def render_text_band(lines: tuple[str, ...] | list[str], font_size: int, max_width: float,
                     opacity: int = BAND_OPACITY) -> Image.Image:
    """Draw lines centred on a soft, rounded, translucent band; return it as an RGBA picture.

    The font shrinks when a line would be wider than ``max_width``.
    """
    font = load_font(font_size)
    widest = max(font.getlength(line) for line in lines)
    if widest > max_width:
        font = load_font(int(font.size * max_width / widest))
        widest = max(font.getlength(line) for line in lines)
    size = font.size
    ascent, descent = font.getmetrics()
    line_height = int(round((ascent + descent) * 1.12))
    pad_x, pad_y = int(size * 0.7), int(size * 0.35)
    soft = max(1, size // 4)                     # blur radius of the band's edge
    band_w = int(widest) + 2 * pad_x
    band_h = line_height * len(lines) + 2 * pad_y
    width, height = band_w + 4 * soft, band_h + 4 * soft

    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (2 * soft, 2 * soft, 2 * soft + band_w, 2 * soft + band_h), radius=int(size * 0.45), fill=opacity)
    band = Image.new("RGBA", (width, height), BAND_COLOR + (0,))
    band.putalpha(mask.filter(ImageFilter.GaussianBlur(soft)))

    text = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text)
    stroke = max(1, size // 16)
    y = 2 * soft + pad_y
    for line in lines:
        draw.text((width / 2, y + ascent), line, font=font, fill=TEXT_COLOR, anchor="ms",
                  stroke_width=stroke, stroke_fill=TEXT_STROKE)
        y += line_height
    return Image.alpha_composite(band, text)


class CaptionOverlay:
    """Caption pictures for a list of cues, drawn lazily once each and blended onto frames."""

    def __init__(self, cues: list[Cue], frame_size: tuple[int, int], keep: int = 3):
        self.cues = cues
        self.starts = [cue.start for cue in cues]
        self.width, self.height = frame_size
        self.font_size = max(MIN_FONT_SIZE, int(round(self.height * CAPTION_SIZE)))
        self._cache: OrderedDict[int, CaptionPicture] = OrderedDict()
        self._keep = keep

    def cue_index_at(self, t: float) -> int | None:
        """Index of the cue on screen at time ``t``, or None between cues."""
        index = bisect_right(self.starts, t) - 1
        if index >= 0 and t < self.cues[index].end:
            return index
        return None

    def picture(self, index: int) -> "CaptionPicture":
        """The caption picture of cue ``index``, rendered on first use (a small LRU)."""
        if index in self._cache:
            self._cache.move_to_end(index)
            return self._cache[index]
        rgba = render_text_band(self.cues[index].lines, self.font_size, self.width * CAPTION_MAX_WIDTH)
        x = (self.width - rgba.width) // 2
        y = self.height - int(self.height * CAPTION_BOTTOM) - rgba.height
        entry = CaptionPicture.place(rgba, x, y, (self.width, self.height))
        self._cache[index] = entry
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        return entry

    def draw(self, frame: np.ndarray, t: float) -> np.ndarray:
        """Blend the caption of time ``t`` (if any) onto ``frame`` (H x W x 3 uint8) in place."""
        index = self.cue_index_at(t)
        if index is not None:
            self.picture(index).blend_onto(frame)
        return frame


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
