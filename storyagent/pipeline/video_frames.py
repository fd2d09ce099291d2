"""The video's pictures: a title card, slow Ken Burns motion per page, an end card, crossfades
between them, fades from and to black, and captions.

A frame is cut from a page picture pre-scaled a little larger than the output by an
affine warp with a float scale and offset (OpenCV, bilinear, 1/32-pixel precision), so
the view moves by fractions of a pixel per frame: smooth motion, no integer-crop jitter.
OpenCV works on the numpy arrays we pipe to ffmpeg and is several times faster than
Pillow's resize here, which decides whether rendering beats real time on two cores.
Frames are made one at a time on request; only a few pre-scaled pages are kept.

Each shot has a Camera: the same object maps a character's box in the page picture to
where it is in the frame at time t, so caption placement (video_layout) sees exactly what
the frames show. A page may be "inset" (the storybook layout): its picture is drawn smaller
at the top of a paper-coloured frame, leaving a band free of any picture for the captions.
"""
from __future__ import annotations

import random
from collections import OrderedDict
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cv2
import numpy as np
from PIL import Image

from .captions import CaptionOverlay
from .video_timeline import Timeline

# how far a page zooms in (0.12 = the tightest view shows 1/1.12 of the picture)
ZOOM = 0.12
# one motion per page, chosen in turn (offset by the story's seed) so neighbours differ
MOTIONS = ("zoom_in", "pan_right", "zoom_out", "pan_left")
# the title card drifts in a little; the end card stands still
TITLE_ZOOM = 0.05
FADE_IN = 0.8                     # seconds from black at the start
FADE_OUT = 1.5                    # seconds to black at the end
PAPER = (246, 238, 220)           # the page colour around an inset picture


@dataclass(frozen=True)
class Motion:
    """Where the view starts and ends: (centre x, centre y, visible fraction), normalised to the picture."""

    kind: str
    start: tuple[float, float, float]
    end: tuple[float, float, float]


STILL_VIEW = (0.5, 0.5, 1.0)


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


def aspect_crop(width: int, height: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) of the centred part of a width x height picture with the aspect of ``size``."""
    if (width, height) == tuple(size):
        return 0, 0, width, height
    scale = max(size[0] / width, size[1] / height)
    crop_w, crop_h = min(width, round(size[0] / scale)), min(height, round(size[1] / scale))
    return (width - crop_w) // 2, (height - crop_h) // 2, crop_w, crop_h


def read_picture(path: Path) -> np.ndarray:
    """A picture file as a BGR array (OpenCV, or Pillow for formats OpenCV does not read)."""
    picture = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if picture is None:
        with Image.open(path) as opened:
            picture = cv2.cvtColor(np.asarray(opened.convert("RGB")), cv2.COLOR_RGB2BGR)
    return picture


def prescale_page(path: Path, size: tuple[int, int], zoom: float = ZOOM) -> np.ndarray:
    """Load a page picture, fit it to the frame's aspect, and scale it to (1 + zoom) x the frame size (RGB array)."""
    picture = read_picture(path)
    left, top, crop_w, crop_h = aspect_crop(picture.shape[1], picture.shape[0], size)
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


def inset_rect(size: tuple[int, int], band_height: int) -> tuple[int, int, int, int]:
    """(x, y, w, h) of a page picture shrunk (aspect kept, even sizes) to leave ``band_height`` free at the bottom."""
    width, height = size
    scale = max(0.2, (height - band_height) / height)
    inner_w, inner_h = int(width * scale) // 2 * 2, int(height * scale) // 2 * 2
    return (width - inner_w) // 2, 0, inner_w, inner_h


@dataclass(frozen=True)
class Camera:
    """Where one shot's picture is seen at each moment: the Ken Burns view and where it lands in the frame."""

    motion: Motion
    window: tuple[float, float]                 # when the shot is on screen (crossfades included)
    source_size: tuple[int, int]                # the pre-scaled picture the view is cut from
    crop: tuple[int, int, int, int]             # the part of the original picture the source shows (px)
    target: tuple[int, int, int, int]           # (x, y, w, h) the view fills in the frame

    def progress(self, t: float) -> float:
        start, end = self.window
        return (t - start) / (end - start) if end > start else 0.0

    def view(self, t: float) -> tuple[float, float, float, float]:
        return view_box(self.motion, self.progress(t), self.source_size)

    def to_frame(self, box: tuple[float, float, float, float], t: float) -> tuple[float, float, float, float]:
        """A box in the original picture's pixels, as a rectangle of frame pixels at time ``t``."""
        left, top, right, bottom = self.view(t)
        crop_x, crop_y, crop_w, crop_h = self.crop
        x, y, width, height = self.target
        to_source_x, to_source_y = self.source_size[0] / crop_w, self.source_size[1] / crop_h
        scale_x, scale_y = width / (right - left), height / (bottom - top)
        x0 = x + ((box[0] - crop_x) * to_source_x - left) * scale_x
        x1 = x + ((box[2] - crop_x) * to_source_x - left) * scale_x
        y0 = y + ((box[1] - crop_y) * to_source_y - top) * scale_y
        y1 = y + ((box[3] - crop_y) * to_source_y - top) * scale_y
        # what lies outside the view (or the inset) is not on screen
        return (max(x0, x), max(y0, y), min(x1, x + width), min(y1, y + height))


@dataclass(frozen=True)
class Shot:
    """One picture on screen from ``start`` to ``end``: the title card, a page, or the end card."""

    start: float
    end: float
    load: Callable[[tuple[int, int]], np.ndarray]   # target size -> pre-scaled RGB picture
    motion: Motion
    picture_size: tuple[int, int]                   # the original picture's size (px)
    zoom: float
    page: int = 0                                   # 0 for the cards
    inset: tuple[int, int, int, int] | None = None


def page_shots(timeline: Timeline, size: tuple[int, int], seed: int, zoom: float = ZOOM,
               insets: dict[int, tuple[int, int, int, int]] | None = None) -> list[Shot]:
    """The story's pages as shots (their picture sizes read from the file headers)."""
    shots = []
    for page in timeline.pages:
        with Image.open(page.image) as opened:
            picture_size = opened.size
        inset = (insets or {}).get(page.page)
        shots.append(Shot(page.start, page.end, lambda target, path=page.image: prescale_page(path, target, zoom),
                          page_motion(page.page, seed, zoom), picture_size, zoom, page.page, inset))
    return shots


CardPainter = Callable[[tuple[int, int]], Image.Image]


def card_shot(start: float, end: float, paint: CardPainter, size: tuple[int, int], motion: Motion,
              zoom: float) -> Shot:
    """A card shown from ``start`` to ``end``, painted at the size it is needed (nothing kept meanwhile)."""

    def load(target: tuple[int, int]) -> np.ndarray:
        big = (int(round(target[0] * (1 + zoom))), int(round(target[1] * (1 + zoom))))
        return np.asarray(paint(big).convert("RGB"))

    return Shot(start, end, load, motion, size, zoom)


def title_motion() -> Motion:
    """A slow drift towards the middle of the title card."""
    return Motion("zoom_in", STILL_VIEW, (0.5, 0.5, 1.0 / (1.0 + TITLE_ZOOM)))


def still_motion() -> Motion:
    return Motion("still", STILL_VIEW, STILL_VIEW)


def film_shots(timeline: Timeline, size: tuple[int, int], seed: int, zoom: float = ZOOM,
               insets: dict[int, tuple[int, int, int, int]] | None = None, title_card: CardPainter | None = None,
               end_card: CardPainter | None = None) -> list[Shot]:
    """Every shot of the film in order: the title card, the pages, the end card (cards painted by the callables)."""
    shots = page_shots(timeline, size, seed, zoom, insets)
    if title_card is not None and timeline.intro > 0:
        shots.insert(0, card_shot(0.0, timeline.intro, title_card, size, title_motion(), TITLE_ZOOM))
    if end_card is not None and timeline.outro > 0:
        shots.append(card_shot(timeline.duration - timeline.outro, timeline.duration, end_card, size,
                               still_motion(), 0.0))
    return shots


def cameras_for(shots: list[Shot], size: tuple[int, int], duration: float, crossfade: float) -> list[Camera]:
    """Each shot's camera: its motion spans the whole time it is on screen, crossfades included."""
    half = crossfade / 2
    cameras = []
    for index, shot in enumerate(shots):
        start = shot.start - half if index > 0 else 0.0
        end = shot.end + half if index < len(shots) - 1 else duration
        target = shot.inset or (0, 0, size[0], size[1])
        source = (int(round(target[2] * (1 + shot.zoom))), int(round(target[3] * (1 + shot.zoom))))
        crop = aspect_crop(shot.picture_size[0], shot.picture_size[1], (target[2], target[3]))
        cameras.append(Camera(shot.motion, (start, end), source, crop, target))
    return cameras


def shortest_crossfade(shots: list[Shot], crossfade: float) -> float:
    """The crossfade, shortened if a shot is shorter than it."""
    return max(0.0, min([float(crossfade)] + [shot.end - shot.start for shot in shots]))


class StoryFrames:
    """``frames(t)``: the RGB frame (H x W x 3 uint8) of the video at time ``t``.

    The returned array is reused by the next call (a fresh 2.7 MB frame per call costs ~0.6 ms
    at 720p in allocation and page faults): copy it to keep it.
    """

    def __init__(self, timeline: Timeline, size: tuple[int, int], captions: CaptionOverlay | None = None,
                 seed: int = 0, crossfade: float = 0.5, zoom: float = ZOOM, keep_pages: int = 2,
                 title_card: CardPainter | None = None, end_card: CardPainter | None = None,
                 insets: dict[int, tuple[int, int, int, int]] | None = None, fades: bool = False):
        self.timeline = timeline
        self.size = size
        self.captions = captions
        shots = film_shots(timeline, size, seed, zoom, insets, title_card, end_card)
        self.motions = [shot.motion for shot in shots if shot.page]
        self.shots = shots
        self.crossfade = shortest_crossfade(shots, crossfade)
        self.cameras = cameras_for(shots, size, timeline.duration, self.crossfade)
        self.starts = [shot.start for shot in shots]
        self.fades = fades
        self._sources: OrderedDict[int, np.ndarray] = OrderedDict()
        self._keep = keep_pages
        self._frame = np.empty((size[1], size[0], 3), dtype=np.uint8)
        self._other = np.empty_like(self._frame)             # the neighbour shot during a crossfade
        self._paper: np.ndarray | None = None

    def source(self, index: int) -> np.ndarray:
        """The pre-scaled picture of shot ``index``, loaded on first use (a small LRU)."""
        if index in self._sources:
            self._sources.move_to_end(index)
        else:
            shot = self.shots[index]
            target = shot.inset[2:] if shot.inset else self.size
            self._sources[index] = shot.load(target)
            while len(self._sources) > self._keep:
                self._sources.popitem(last=False)
        return self._sources[index]

    def shot_index_at(self, t: float) -> int:
        return max(0, min(len(self.shots) - 1, bisect_right(self.starts, t) - 1))

    def shot_picture(self, index: int, t: float, out: np.ndarray) -> np.ndarray:
        """Shot ``index`` as seen at time ``t`` (its camera's view), into ``out``."""
        camera = self.cameras[index]
        source = self.source(index)
        inset = self.shots[index].inset
        if inset is None:
            return warp_view(source, camera.view(t), self.size, out)
        if self._paper is None:
            self._paper = np.empty_like(self._frame)
            self._paper[...] = PAPER
        np.copyto(out, self._paper)
        x, y, width, height = inset
        out[y:y + height, x:x + width] = warp_view(source, camera.view(t), (width, height))
        return out

    def fade_level(self, t: float) -> float:
        """Brightness (0..1) of the fade in from black and the fade out to black."""
        if not self.fades:
            return 1.0
        return max(0.0, min(1.0, t / FADE_IN, (self.timeline.duration - t) / FADE_OUT))

    def picture_at(self, t: float) -> np.ndarray:
        """The full frame at ``t``: the shot (blended with a neighbour during a crossfade), its caption, the fades."""
        index = self.shot_index_at(t)
        shot = self.shots[index]
        half = self.crossfade / 2
        frame = self.shot_picture(index, t, self._frame)
        if half > 0 and index + 1 < len(self.shots) and t > shot.end - half:
            mix = min(1.0, (t - (shot.end - half)) / self.crossfade)
            cv2.addWeighted(frame, 1.0 - mix, self.shot_picture(index + 1, t, self._other), mix, 0.0, dst=frame)
        elif half > 0 and index > 0 and t < shot.start + half:
            mix = max(0.0, (t - (shot.start - half)) / self.crossfade)
            cv2.addWeighted(self.shot_picture(index - 1, t, self._other), 1.0 - mix, frame, mix, 0.0, dst=frame)
        if self.captions is not None:
            self.captions.draw(frame, t)
        level = self.fade_level(t)
        if level < 1.0:
            cv2.convertScaleAbs(frame, dst=frame, alpha=level)
        return frame

    def __call__(self, t: float) -> np.ndarray:
        return self.picture_at(float(t))
