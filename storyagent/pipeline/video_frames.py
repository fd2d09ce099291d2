"""The video's pictures: slow Ken Burns motion per page, crossfades between pages, captions.

A frame is cut from a page picture pre-scaled a little larger than the output by an
affine warp with a float scale and offset (OpenCV, bilinear, 1/32-pixel precision), so
the view moves by fractions of a pixel per frame: smooth motion, no integer-crop jitter.
OpenCV works on the numpy arrays we pipe to ffmpeg and is several times faster than
Pillow's resize here, which decides whether rendering beats real time on two cores.
Frames are made one at a time on request; only a few pre-scaled pages are kept.
"""
from __future__ import annotations

import random
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from .captions import CaptionOverlay
from .video_timeline import Timeline

# how far a page zooms in (0.12 = the tightest view shows 1/1.12 of the picture)
ZOOM = 0.12
# one motion per page, chosen in turn (offset by the story's seed) so neighbours differ
MOTIONS = ("zoom_in", "pan_right", "zoom_out", "pan_left")


@dataclass(frozen=True)
class Motion:
    """Where the view starts and ends: (centre x, centre y, visible fraction), normalised to the picture."""

    kind: str
    start: tuple[float, float, float]
    end: tuple[float, float, float]


def page_motion(page: int, seed: int, zoom: float = ZOOM) -> Motion:
    """Pick a deterministic, page-dependent zoom or pan that stays inside the picture."""
    rng = random.Random(f"{seed}:{page}")
    kind = MOTIONS[(page - 1 + seed) % len(MOTIONS)]
    tight = 1.0 / (1.0 + zoom)
    low, high = tight / 2, 1 - tight / 2           # allowed centres of the tight view
    focus = (min(high, max(low, rng.uniform(0.42, 0.58))), min(high, max(low, rng.uniform(0.38, 0.55))))
    wide = (0.5, 0.5, 1.0)
    if kind == "zoom_in":
        return Motion(kind, wide, focus + (tight,))
    if kind == "zoom_out":
        return Motion(kind, focus + (tight,), wide)
    y = min(high, max(low, rng.uniform(0.42, 0.55)))
    left, right = (low, y, tight), (high, y, tight)
    return Motion(kind, left, right) if kind == "pan_right" else Motion(kind, right, left)


def view_box(motion: Motion, progress: float, source_size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The float crop box of the source at ``progress`` (0..1): constant zoom speed, linear pan."""
    u = min(1.0, max(0.0, progress))
    (x0, y0, f0), (x1, y1, f1) = motion.start, motion.end
    fraction = f0 * (f1 / f0) ** u
    width, height = source_size
    box_w, box_h = fraction * width, fraction * height
    left = min(max((x0 + (x1 - x0) * u) * width - box_w / 2, 0.0), width - box_w)
    top = min(max((y0 + (y1 - y0) * u) * height - box_h / 2, 0.0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def prescale_page(path: Path, size: tuple[int, int], zoom: float = ZOOM) -> np.ndarray:
    """Load a page picture, fit it to the frame's aspect, and scale it to (1 + zoom) x the frame size (RGB array)."""
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if picture is None:
        with Image.open(path) as opened:                      # a format OpenCV does not read
            picture = cv2.cvtColor(np.asarray(opened.convert("RGB")), cv2.COLOR_RGB2BGR)
    height, width = picture.shape[:2]
    if (width, height) != size:                               # crop to the frame's aspect, centred
        scale = max(size[0] / width, size[1] / height)
        crop_w, crop_h = min(width, round(size[0] / scale)), min(height, round(size[1] / scale))
        left, top = (width - crop_w) // 2, (height - crop_h) // 2
        picture = picture[top:top + crop_h, left:left + crop_w]
    big = (int(round(size[0] * (1 + zoom))), int(round(size[1] * (1 + zoom))))
    scaled = cv2.resize(picture, big, interpolation=cv2.INTER_LANCZOS4)
    return cv2.cvtColor(scaled, cv2.COLOR_BGR2RGB, dst=scaled)


def warp_view(source: np.ndarray, box: tuple[float, float, float, float], size: tuple[int, int],
              out: np.ndarray | None = None) -> np.ndarray:
    """Scale the float ``box`` of ``source`` to ``size`` (bilinear, into ``out``), mapping pixel centres exactly."""
    left, top, right, bottom = box
    scale_x, scale_y = (right - left) / size[0], (bottom - top) / size[1]
    # output pixel x (centre x + 0.5 in box terms) samples source position left + (x + 0.5) * scale - 0.5
    to_source = np.array([[scale_x, 0.0, left + 0.5 * scale_x - 0.5],
                          [0.0, scale_y, top + 0.5 * scale_y - 0.5]])
    return cv2.warpAffine(source, to_source, size, dst=out, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_REPLICATE)


class StoryFrames:
    """``frames(t)``: the RGB frame (H x W x 3 uint8) of the video at time ``t``.

    The returned array is reused by the next call (a fresh 2.7 MB frame per call costs ~0.6 ms
    at 720p in allocation and page faults): copy it to keep it.
    """

    def __init__(self, timeline: Timeline, size: tuple[int, int], captions: CaptionOverlay | None = None,
                 seed: int = 0, crossfade: float = 0.5, zoom: float = ZOOM, keep_pages: int = 2):
        self.timeline = timeline
        self.pages = timeline.pages
        self.size = size
        self.captions = captions
        self.zoom = zoom
        shortest = min(page.end - page.start for page in self.pages)
        self.crossfade = max(0.0, min(float(crossfade), shortest))
        self.motions = [page_motion(page.page, seed, zoom) for page in self.pages]
        self._sources: OrderedDict[int, np.ndarray] = OrderedDict()
        self._keep = keep_pages
        self._frame = np.empty((size[1], size[0], 3), dtype=np.uint8)
        self._other = np.empty_like(self._frame)             # the neighbour page during a crossfade

    def source(self, index: int) -> np.ndarray:
        """The pre-scaled picture of page ``index``, loaded on first use (a small LRU)."""
        if index in self._sources:
            self._sources.move_to_end(index)
        else:
            self._sources[index] = prescale_page(self.pages[index].image, self.size, self.zoom)
            while len(self._sources) > self._keep:
                self._sources.popitem(last=False)
        return self._sources[index]

    def visible_window(self, index: int) -> tuple[float, float]:
        """When page ``index`` is on screen, crossfades included (its motion spans all of it)."""
        half = self.crossfade / 2
        page = self.pages[index]
        start = page.start - half if index > 0 else 0.0
        end = page.end + half if index < len(self.pages) - 1 else self.timeline.duration
        return start, end

    def page_picture(self, index: int, t: float, out: np.ndarray | None = None) -> np.ndarray:
        """Page ``index`` as seen at time ``t`` (its Ken Burns view), into ``out`` if given."""
        start, end = self.visible_window(index)
        progress = (t - start) / (end - start) if end > start else 0.0
        source = self.source(index)
        box = view_box(self.motions[index], progress, (source.shape[1], source.shape[0]))
        return warp_view(source, box, self.size, out)

    def picture_at(self, t: float) -> np.ndarray:
        """The full frame at ``t``: the page (blended with a neighbour during a crossfade) plus its caption."""
        index = self.timeline.page_index_at(t)
        page = self.pages[index]
        half = self.crossfade / 2
        frame = self.page_picture(index, t, self._frame)
        if half > 0 and index + 1 < len(self.pages) and t > page.end - half:
            mix = min(1.0, (t - (page.end - half)) / self.crossfade)
            cv2.addWeighted(frame, 1.0 - mix, self.page_picture(index + 1, t, self._other), mix, 0.0, dst=frame)
        elif half > 0 and index > 0 and t < page.start + half:
            mix = max(0.0, (t - (page.start - half)) / self.crossfade)
            cv2.addWeighted(self.page_picture(index - 1, t, self._other), 1.0 - mix, frame, mix, 0.0, dst=frame)
        if self.captions is not None:
            self.captions.draw(frame, t)
        return frame

    def __call__(self, t: float) -> np.ndarray:
        return self.picture_at(float(t))
