"""Where each caption goes so that it never covers a character (video/layout.json).

The illustrator records each character's box in image/prompts.json (``"boxes": {"name":
[x0, y0, x1, y1]}``, pixels of the page picture). A provider that records none (a remote
image service) gets one assumed box in the middle of the picture (DEFAULT_BOX: the middle
40 % of the width and of the height, where a picture's subject usually is; measured on
8-page stories, a taller guess (50 %) left no band free on most 16:9 pages once the camera
zooms, a 40 % one leaves the top or bottom band free on nearly all); an explicit empty
``{}`` means the page shows no character.

For each cue, every box is mapped through the page's camera (the same Camera the frames
are cut with) at CUE_SAMPLES moments from the cue's start to its end (start, middle and
end among them), and the union of those rectangles, grown by a small clearance, is what
the caption must avoid. The caption goes, in order of preference: where the page's last
caption was (bottom or top band), the bottom band, the top band, else the free spot
nearest to one of the bands (found on a 4-pixel grid with an integral image).

The guarantee: if a cue has no free spot at all, its page switches to the storybook
layout (the picture shrinks, aspect kept, to the top of a paper-coloured frame, leaving a
band at the bottom as tall as the page's tallest caption), and the page's cues are placed
again. No picture is drawn in that band, so no character can be under a caption there.
A caption never overlaps a page crossfade (video.py keeps crossfades within the page
pauses), so it only ever has its own page's characters to avoid. Between the sampled
moments the motion is smooth and monotone, so the union of the samples bounds where a
character goes; the clearance absorbs the rest (tests compare mapped boxes with the
pixels of rendered frames to within 1.5 px).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..storage import StoryDir
from .captions import Cue, bottom_centre, top_centre
from .video_frames import Camera, Shot, inset_rect

DEFAULT_BOX = (0.30, 0.30, 0.70, 0.70)     # fractions of the picture: the assumed character
CUE_SAMPLES = 9                            # moments per cue the boxes are mapped at (odd: the middle is one)
CLEARANCE = 0.01                           # space kept around a character, fraction of the short side
EDGE = 0.02                                # space kept from the frame's edges, fraction of the short side
GRID = 4                                   # pixels per cell of the free-spot search
TOP_PENALTY = 0.05                         # how much farther (fraction of the height) the top band may be

Rect = tuple[float, float, float, float]


def _valid_box(value) -> tuple[float, float, float, float] | None:
    try:
        x0, y0, x1, y1 = (float(number) for number in value)
    except (TypeError, ValueError):
        return None
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 and all(map(math.isfinite, (x0, y0, x1, y1))) else None


def character_boxes(story_dir: StoryDir, shots: list[Shot]) -> tuple[dict[int, dict[str, Rect]], dict[int, bool]]:
    """Each page's character boxes (picture pixels) from prompts.json, and whether they were assumed."""
    recorded: dict[int, object] = {}
    try:
        entries = story_dir.read_json(story_dir.prompts_json) if story_dir.prompts_json.is_file() else []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and "boxes" in entry:
                recorded[int(entry["page"])] = entry["boxes"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = {}
    boxes: dict[int, dict[str, Rect]] = {}
    assumed: dict[int, bool] = {}
    for shot in shots:
        if not shot.page:
            continue
        found = recorded.get(shot.page)
        page_boxes = {str(name): _valid_box(box) for name, box in found.items()} if isinstance(found, dict) else None
        if page_boxes is None or any(box is None for box in page_boxes.values()):
            width, height = shot.picture_size
            x0, y0, x1, y1 = DEFAULT_BOX
            boxes[shot.page] = {"(assumed)": (x0 * width, y0 * height, x1 * width, y1 * height)}
            assumed[shot.page] = True
        else:
            boxes[shot.page] = page_boxes
            assumed[shot.page] = False
    return boxes, assumed


def intersects(one: Rect, two: Rect) -> bool:
    """Whether two rectangles (x0, y0, x1, y1) share any area."""
    return one[0] < two[2] and two[0] < one[2] and one[1] < two[3] and two[1] < one[3]


def sample_times(cue: Cue) -> list[float]:
    return list(np.linspace(cue.start, cue.end, CUE_SAMPLES))


def mapped_boxes(t: float, shots: list[Shot], cameras: list[Camera],
                 boxes: dict[int, dict[str, Rect]]) -> list[tuple[int, str, Rect]]:
    """(page, name, frame rectangle) of every character on screen at ``t`` (both pages during a crossfade)."""
    found = []
    last = len(shots) - 1
    for index, (shot, camera) in enumerate(zip(shots, cameras)):
        start, end = camera.window
        # at the very edge of its window a neighbour is blended in with weight 0: not on screen
        if shot.page and (start < t or index == 0 and start <= t) and (t < end or index == last and t <= end):
            for name, box in boxes.get(shot.page, {}).items():
                rect = camera.to_frame(box, t)
                if rect[2] > rect[0] and rect[3] > rect[1]:
                    found.append((shot.page, name, rect))
    return found


def swept_rects(cue: Cue, shots, cameras, boxes) -> list[Rect]:
    """For each character, the union of where it is over the cue's sampled moments."""
    union: dict[tuple[int, str], list[float]] = {}
    for t in sample_times(cue):
        for page, name, rect in mapped_boxes(t, shots, cameras, boxes):
            known = union.setdefault((page, name), list(rect))
            known[:] = [min(known[0], rect[0]), min(known[1], rect[1]), max(known[2], rect[2]), max(known[3], rect[3])]
    return [tuple(rect) for rect in union.values()]


def free_spot(size: tuple[int, int], obstacles: list[Rect], frame_size: tuple[int, int],
              preferred: list[tuple[str, tuple[int, int]]]) -> tuple[str, tuple[int, int]] | None:
    """Where a caption picture of ``size`` touches no obstacle and stays inside the frame's margins.

    Tries the ``preferred`` (name, position) pairs first, then searches a grid for the free
    position nearest to the first two of them. None if there is no free position.
    """
    width, height = frame_size
    w, h = size
    # keep off the edges, but a caption nearly as wide as the frame may come closer to them
    edge_x = max(0, min(int(round(EDGE * min(frame_size))), (width - w) // 2))
    edge_y = max(0, min(int(round(EDGE * min(frame_size))), (height - h) // 2))

    def free(x: int, y: int) -> bool:
        rect = (x, y, x + w, y + h)
        return (edge_x <= x and x + w <= width - edge_x and edge_y <= y and y + h <= height - edge_y
                and not any(intersects(rect, obstacle) for obstacle in obstacles))

    for name, (x, y) in preferred:
        if free(x, y):
            return name, (x, y)
    cells_w, cells_h = math.ceil(width / GRID), math.ceil(height / GRID)
    occupied = np.zeros((cells_h, cells_w), dtype=np.int32)
    for x0, y0, x1, y1 in obstacles:
        occupied[max(0, int(y0 // GRID)):max(0, math.ceil(y1 / GRID)),
                 max(0, int(x0 // GRID)):max(0, math.ceil(x1 / GRID))] = 1
    integral = np.zeros((cells_h + 1, cells_w + 1), dtype=np.int32)
    integral[1:, 1:] = occupied.cumsum(0).cumsum(1)
    span_w, span_h = math.ceil(w / GRID), math.ceil(h / GRID)
    if span_w > cells_w or span_h > cells_h:
        return None
    inside = (integral[span_h:, span_w:] - integral[:-span_h, span_w:] - integral[span_h:, :-span_w]
              + integral[:-span_h, :-span_w]) == 0
    rows, cols = np.nonzero(inside)
    xs, ys = cols * GRID, rows * GRID
    keep = (xs >= edge_x) & (xs + w <= width - edge_x) & (ys >= edge_y) & (ys + h <= height - edge_y)
    xs, ys = xs[keep], ys[keep]
    if not len(xs):
        return None
    anchors = [position for _, position in preferred[:2]] or [bottom_centre(size, frame_size)]
    scores = np.min([np.abs(xs - ax) + np.abs(ys - ay) + (TOP_PENALTY * height if ay < height / 2 else 0)
                     for ax, ay in anchors], axis=0)
    best = int(np.argmin(scores))
    return "free", (int(xs[best]), int(ys[best]))


@dataclass
class CaptionLayout:
    """Where each cue's caption goes, which pages use the storybook inset, and the record for layout.json."""

    positions: list[tuple[int, int]]
    places: list[str]
    insets: dict[int, tuple[int, int, int, int]]
    records: list[dict] = field(default_factory=list)


def inset_position(size: tuple[int, int], inset: tuple[int, int, int, int],
                   frame_size: tuple[int, int]) -> tuple[int, int]:
    """A caption centred in the paper band under an inset picture."""
    below = inset[1] + inset[3]
    return (frame_size[0] - size[0]) // 2, below + max(0, (frame_size[1] - below - size[1]) // 2)


def _place_all(cues: list[Cue], sizes: list[tuple[int, int]], shots, cameras, boxes, frame_size, insets=None):
    """Place every cue; return (positions, place names, pages where some cue found no free spot)."""
    insets = insets or {}
    positions: list[tuple[int, int]] = []
    places: list[str] = []
    stuck: set[int] = set()
    clearance = max(2.0, CLEARANCE * min(frame_size))
    previous: dict[int, str] = {}
    for cue, size in zip(cues, sizes):
        obstacles = [(x0 - clearance, y0 - clearance, x1 + clearance, y1 + clearance)
                     for x0, y0, x1, y1 in swept_rects(cue, shots, cameras, boxes)]
        if cue.page in insets:
            places.append("inset")
            positions.append(inset_position(size, insets[cue.page], frame_size))
            continue
        bands = [("bottom", bottom_centre(size, frame_size)), ("top", top_centre(size, frame_size))]
        if previous.get(cue.page) == "top":
            bands.reverse()
        found = free_spot(size, obstacles, frame_size, bands)
        if found is None:
            stuck.add(cue.page)
            found = bands[0]
        previous[cue.page] = found[0]
        places.append(found[0])
        positions.append(found[1])
    return positions, places, stuck


def plan_layout(cues: list[Cue], sizes: list[tuple[int, int]], frame_size: tuple[int, int],
                boxes: dict[int, dict[str, Rect]], make_shots: Callable[[dict], tuple[list[Shot], list[Camera]]]
                ) -> CaptionLayout:
    """Place every caption clear of every character, insetting the pictures of pages where that is impossible."""
    insets: dict[int, tuple[int, int, int, int]] = {}
    shots, cameras = make_shots(insets)
    positions, places, stuck = _place_all(cues, sizes, shots, cameras, boxes, frame_size)
    if stuck:
        edge = int(round(EDGE * min(frame_size)))
        for page in stuck:
            tallest = max(size[1] for cue, size in zip(cues, sizes) if cue.page == page)
            insets[page] = inset_rect(frame_size, tallest + 2 * edge)
        shots, cameras = make_shots(insets)
        positions, places, stuck = _place_all(cues, sizes, shots, cameras, boxes, frame_size, insets)
    layout = CaptionLayout(positions, places, insets)
    layout.records = _records(cues, sizes, layout, shots, cameras, boxes)
    return layout


def _records(cues, sizes, layout: CaptionLayout, shots, cameras, boxes) -> list[dict]:
    """Each cue with its caption rectangle and every character's rectangle at its start, middle and end."""
    records = []
    for cue, size, (x, y), place in zip(cues, sizes, layout.positions, layout.places):
        moments = {}
        for label, t in (("start", cue.start), ("middle", (cue.start + cue.end) / 2), ("end", cue.end)):
            moments[label] = [{"page": page, "name": name, "rect": [round(v, 1) for v in rect]}
                              for page, name, rect in mapped_boxes(t, shots, cameras, boxes)]
        records.append({"start": round(cue.start, 3), "end": round(cue.end, 3), "page": cue.page,
                        "lines": list(cue.lines), "rect": [x, y, x + size[0], y + size[1]], "place": place,
                        "characters": moments})
    return records
