"""Supersampled drawing: shapes in output pixels, drawn at ``scale``x for smooth edges.

Colours are RGB or RGBA tuples; RGBA fills blend over what is already drawn.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
from PIL import Image, ImageDraw

Colour = tuple[int, ...]


def mix(a: Sequence[int], b: Sequence[int], t: float) -> tuple[int, int, int]:
    """Blend colour a toward b by t (0..1)."""
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def darken(colour: Sequence[int], amount: float) -> tuple[int, int, int]:
    return mix(colour, (20, 16, 40), amount)


def lighten(colour: Sequence[int], amount: float) -> tuple[int, int, int]:
    return mix(colour, (255, 252, 240), amount)


def alpha(colour: Sequence[int], value: int) -> tuple[int, int, int, int]:
    return (colour[0], colour[1], colour[2], int(value))


def vertical_gradient(size: tuple[int, int], stops: Sequence[tuple[float, Sequence[int]]]) -> Image.Image:
    """An RGB image whose colour runs through (position 0..1, colour) stops from top to bottom."""
    width, height = size
    ys = np.linspace(0.0, 1.0, height)
    positions = [p for p, _ in stops]
    column = np.stack([np.interp(ys, positions, [c[i] for _, c in stops]) for i in range(3)], axis=1)
    strip = Image.fromarray(np.round(column).astype(np.uint8)[:, None, :])
    return strip.resize((width, height), Image.Resampling.NEAREST)


class Pen:
    """Draw on an RGB image in output-pixel coordinates, scaled for supersampling."""

    def __init__(self, image: Image.Image, scale: float, origin: tuple[float, float] = (0.0, 0.0)):
        """`origin` is the output-pixel point that lands on the image's top-left corner (for layers)."""
        self.image = image
        self.scale = scale
        self.ox, self.oy = origin
        self.draw = ImageDraw.Draw(image, "RGBA")
        self.width = image.width / scale
        self.height = image.height / scale

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> list[float]:
        """An output-pixel box in image pixels."""
        s = self.scale
        return [(x0 - self.ox) * s, (y0 - self.oy) * s, (x1 - self.ox) * s, (y1 - self.oy) * s]

    def _points(self, points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
        """Output-pixel points in image pixels."""
        s, ox, oy = self.scale, self.ox, self.oy
        return [((x - ox) * s, (y - oy) * s) for x, y in points]

    def _s(self, value: float) -> float:
        return value * self.scale

    def _width(self, width: float) -> int:
        return max(1, round(width * self.scale)) if width else 0

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, fill: Colour | None = None,
                outline: Colour | None = None, width: float = 0) -> None:
        box = self._box(cx - rx, cy - ry, cx + rx, cy + ry)
        self.draw.ellipse(box, fill=fill, outline=outline, width=self._width(width) if outline else 0)

    def circle(self, cx: float, cy: float, r: float, fill: Colour | None = None,
               outline: Colour | None = None, width: float = 0) -> None:
        self.ellipse(cx, cy, r, r, fill, outline, width)

    def shaded_ellipse(self, cx: float, cy: float, rx: float, ry: float, colour: Sequence[int],
                       outline: Colour | None = None, width: float = 0, depth: float = 0.22) -> None:
        """An ellipse lit from the top left: a shadow crescent, the body, a soft highlight."""
        self.ellipse(cx, cy, rx, ry, darken(colour, depth))
        self.ellipse(cx - rx * 0.07, cy - ry * 0.08, rx * 0.92, ry * 0.91, tuple(colour[:3]))
        self.ellipse(cx - rx * 0.32, cy - ry * 0.38, rx * 0.32, ry * 0.22, alpha(lighten(colour, 0.6), 70))
        if outline:
            self.ellipse(cx, cy, rx, ry, None, outline, width)

    def rotated_ellipse(self, cx: float, cy: float, rx: float, ry: float, angle: float, fill: Colour,
                        outline: Colour | None = None, width: float = 0) -> None:
        """An ellipse turned by angle degrees (as a fine polygon)."""
        a = math.radians(angle)
        points = []
        for step in range(36):
            t = 2 * math.pi * step / 36
            x, y = rx * math.cos(t), ry * math.sin(t)
            points.append((cx + x * math.cos(a) - y * math.sin(a), cy + x * math.sin(a) + y * math.cos(a)))
        self.polygon(points, fill, outline, width)

    def polygon(self, points: Iterable[tuple[float, float]], fill: Colour | None = None,
                outline: Colour | None = None, width: float = 0) -> None:
        scaled = self._points(points)
        if len(scaled) >= 3:
            self.draw.polygon(scaled, fill=fill, outline=outline, width=self._width(width) if outline else 0)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Colour | None = None, radius: float = 0,
             outline: Colour | None = None, width: float = 0) -> None:
        box = self._box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        if radius:
            self.draw.rounded_rectangle(box, radius=radius * self.scale, fill=fill, outline=outline,
                                        width=self._width(width) if outline else 0)
        else:
            self.draw.rectangle(box, fill=fill, outline=outline, width=self._width(width) if outline else 0)

    def line(self, points: Sequence[tuple[float, float]], fill: Colour, width: float, round_caps: bool = True) -> None:
        scaled = self._points(points)
        w = self._width(width)
        self.draw.line(scaled, fill=fill, width=w, joint="curve")
        if round_caps and w > 2 and len(fill) == 3:
            for x, y in (scaled[0], scaled[-1]):
                self.draw.ellipse([x - w / 2, y - w / 2, x + w / 2, y + w / 2], fill=fill)

    def arc(self, cx: float, cy: float, rx: float, ry: float, start: float, end: float, fill: Colour, width: float) -> None:
        box = self._box(cx - rx, cy - ry, cx + rx, cy + ry)
        self.draw.arc(box, start, end, fill=fill, width=self._width(width))

    def chord(self, cx: float, cy: float, rx: float, ry: float, start: float, end: float, fill: Colour) -> None:
        """The part of an ellipse between two angles (0 = 3 o'clock, clockwise): 0..180 is the lower half."""
        self.draw.chord(self._box(cx - rx, cy - ry, cx + rx, cy + ry), start, end, fill=fill)

    def curve(self, points: Sequence[tuple[float, float]], fill: Colour, width: float, steps: int = 16) -> None:
        """A smooth quadratic/cubic Bezier through control points, drawn as a thick line."""
        self.line(bezier(points, steps), fill, width)

    def gradient(self, outline: Sequence[tuple[float, float]], stops: Sequence[tuple[float, Sequence[int]]]) -> None:
        """Fill a polygon with a top-to-bottom gradient; stop positions are fractions of the canvas height.

        Only the polygon's bounding box is built and masked, which keeps big fills cheap.
        """
        points = self._points(outline)
        x0 = max(0, int(min(x for x, _ in points)))
        y0 = max(0, int(min(y for _, y in points)))
        x1 = min(self.image.width, math.ceil(max(x for x, _ in points)))
        y1 = min(self.image.height, math.ceil(max(y for _, y in points)))
        if x1 <= x0 or y1 <= y0:
            return
        full = [(position * self.image.height, colour) for position, colour in stops]
        local = [((y - y0) / max(1, y1 - y0 - 1), colour) for y, colour in full]
        patch = vertical_gradient((x1 - x0, y1 - y0), _clip_stops(local))
        is_box = len(points) == 4 and len({round(x) for x, _ in points}) == 2 and len({round(y) for _, y in points}) == 2
        if is_box:
            self.image.paste(patch, (x0, y0))
            return
        mask = Image.new("L", patch.size, 0)
        ImageDraw.Draw(mask).polygon([(x - x0, y - y0) for x, y in points], fill=255)
        self.image.paste(patch, (x0, y0), mask)


def _clip_stops(stops: Sequence[tuple[float, Sequence[int]]]) -> list[tuple[float, Sequence[int]]]:
    """Stops limited to 0..1, with the colours at the edges interpolated in."""
    positions = [p for p, _ in stops]
    def at(t: float) -> tuple[float, ...]:
        return tuple(float(np.interp(t, positions, [c[i] for _, c in stops])) for i in range(3))
    inside = [(p, c) for p, c in stops if 0.0 < p < 1.0]
    return [(0.0, at(0.0))] + inside + [(1.0, at(1.0))]


def bezier(points: Sequence[tuple[float, float]], steps: int = 16) -> list[tuple[float, float]]:
    """Points along a Bezier curve with the given control points."""
    n = len(points) - 1
    out = []
    for i in range(steps + 1):
        t = i / steps
        x = y = 0.0
        for k, (px, py) in enumerate(points):
            weight = math.comb(n, k) * (1 - t) ** (n - k) * t ** k
            x += weight * px
            y += weight * py
        out.append((x, y))
    return out
