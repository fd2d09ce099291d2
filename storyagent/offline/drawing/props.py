"""Props named on a page (a star, a boat, a cake, rain...), drawn small and friendly.

Ground props stand with their base at (x, y) and are about s pixels tall; sky props
are centred at (x, y).
"""
from __future__ import annotations

import math
import random

from .palette import Palette
from .pen import Pen, alpha, darken, lighten
from .scenery import (
    draw_cloud,
    draw_flower,
    draw_glow,
    draw_house,
    draw_sparkle,
    draw_tree,
)

SKY_PROPS = ("sun", "moon", "star", "cloud", "rainbow", "kite", "balloon")
BIG_PROPS = ("tree", "house")
OVERLAY_PROPS = ("rain",)
OUTLINE = (60, 46, 50)


def _o(colour, pen: Pen, s: float):
    """Outline settings scaled to the prop."""
    return {"outline": darken(colour, 0.5), "width": max(0.6, s * 0.025)}


def draw_ground_prop(pen: Pen, name: str, x: float, y: float, s: float, p: Palette, rng: random.Random) -> None:
    """Draw a prop that stands on the ground."""
    if name == "tree":
        draw_tree(pen, x, y, s * 2.6, p, rng, "pine" if p.extra.get("snow") else "round")
    elif name == "house":
        draw_house(pen, x, y, s * 1.6, p, rng)
    elif name == "flower":
        for dx in (-0.3, 0, 0.3):
            draw_flower(pen, x + dx * s, y - s * (0.5 + abs(dx)), s * 0.16, p.accent if dx else (250, 210, 80),
                        bool(p.extra.get("night")))
    elif name == "book":
        red = (214, 84, 84)
        pen.polygon([(x - s * 0.5, y), (x - s * 0.45, y - s * 0.35), (x, y - s * 0.3), (x, y + s * 0.05)], (250, 246, 236), **_o(red, pen, s))
        pen.polygon([(x + s * 0.5, y), (x + s * 0.45, y - s * 0.35), (x, y - s * 0.3), (x, y + s * 0.05)], (244, 238, 224), **_o(red, pen, s))
        for k in range(3):
            pen.line([(x - s * 0.4, y - s * (0.1 + k * 0.07)), (x - s * 0.08, y - s * (0.07 + k * 0.07))], alpha(OUTLINE, 90), s * 0.02)
    elif name == "ball":
        r = s * 0.32
        pen.shaded_ellipse(x, y - r, r, r, (226, 70, 70), darken((226, 70, 70), 0.5), s * 0.025)
        pen.arc(x, y - r, r * 0.95, r * 0.4, 0, 360, (250, 246, 236), s * 0.05)
    elif name == "cake":
        pen.rect(x - s * 0.45, y - s * 0.4, x + s * 0.45, y, (246, 214, 170), s * 0.06, **_o((246, 214, 170), pen, s))
        pen.rect(x - s * 0.45, y - s * 0.45, x + s * 0.45, y - s * 0.28, (250, 180, 200), s * 0.08)
        for k in (-1, 0, 1):
            cx = x + k * s * 0.25
            pen.rect(cx - s * 0.03, y - s * 0.68, cx + s * 0.03, y - s * 0.45, (120, 180, 240))
            pen.ellipse(cx, y - s * 0.73, s * 0.035, s * 0.06, (255, 200, 80))
        pen.ellipse(x, y + s * 0.02, s * 0.58, s * 0.07, (250, 250, 250), **_o((200, 200, 200), pen, s))
    elif name == "key":
        gold = (240, 196, 70)
        pen.circle(x - s * 0.25, y - s * 0.3, s * 0.16, None, darken(gold, 0.1), s * 0.08)
        pen.line([(x - s * 0.1, y - s * 0.3), (x + s * 0.4, y - s * 0.3)], gold, s * 0.08)
        for dx in (0.25, 0.36):
            pen.line([(x + dx * s, y - s * 0.3), (x + dx * s, y - s * 0.18)], gold, s * 0.07)
        draw_sparkle(pen, x + s * 0.45, y - s * 0.5, s * 0.1, (255, 255, 230, 230))
    elif name == "map":
        paper = (244, 226, 180)
        pen.polygon([(x - s * 0.5, y - s * 0.05), (x - s * 0.45, y - s * 0.5), (x + s * 0.45, y - s * 0.45), (x + s * 0.5, y)],
                    paper, **_o(paper, pen, s))
        pen.line([(x - s * 0.35, y - s * 0.15), (x - s * 0.1, y - s * 0.35), (x + s * 0.15, y - s * 0.2), (x + s * 0.3, y - s * 0.35)],
                 (200, 90, 80), s * 0.03)
        cx, cy, r = x + s * 0.3, y - s * 0.36, s * 0.06
        pen.line([(cx - r, cy - r), (cx + r, cy + r)], (200, 60, 60), s * 0.04)
        pen.line([(cx - r, cy + r), (cx + r, cy - r)], (200, 60, 60), s * 0.04)
    elif name == "lantern":
        draw_glow(pen, x, y - s * 0.45, s * 0.3, (255, 220, 130), 4, 50)
        pen.line([(x, y - s * 0.9), (x, y - s * 0.75)], OUTLINE, s * 0.03)
        pen.ellipse(x, y - s * 0.45, s * 0.26, s * 0.32, (236, 72, 60), **_o((236, 72, 60), pen, s))
        pen.ellipse(x, y - s * 0.45, s * 0.12, s * 0.3, alpha((255, 220, 120), 160))
        pen.rect(x - s * 0.12, y - s * 0.8, x + s * 0.12, y - s * 0.74, (240, 190, 70))
        pen.rect(x - s * 0.12, y - s * 0.16, x + s * 0.12, y - s * 0.1, (240, 190, 70))
    elif name == "gift":
        box = (120, 160, 230)
        pen.rect(x - s * 0.35, y - s * 0.55, x + s * 0.35, y, box, s * 0.03, **_o(box, pen, s))
        pen.rect(x - s * 0.4, y - s * 0.62, x + s * 0.4, y - s * 0.48, lighten(box, 0.1), s * 0.03, **_o(box, pen, s))
        pen.rect(x - s * 0.05, y - s * 0.62, x + s * 0.05, y, (236, 90, 110))
        for side in (-1, 1):
            pen.ellipse(x + side * s * 0.12, y - s * 0.7, s * 0.12, s * 0.07, (236, 90, 110))
    elif name == "apple":
        for dx, dy in ((-0.2, 0), (0.2, 0), (0, -0.3)):
            cx, cy = x + dx * s, y - s * 0.2 + dy * s
            pen.shaded_ellipse(cx, cy, s * 0.2, s * 0.19, (220, 60, 60), darken((220, 60, 60), 0.5), s * 0.02)
            pen.line([(cx, cy - s * 0.18), (cx + s * 0.03, cy - s * 0.28)], (110, 80, 50), s * 0.03)
    elif name == "basket":
        wicker = (200, 150, 90)
        for dx in (-0.2, 0.0, 0.2):
            pen.circle(x + dx * s, y - s * 0.45, s * 0.14, (210, 60, 80) if dx else (120, 60, 150))
        pen.arc(x, y - s * 0.45, s * 0.4, s * 0.45, 180, 360, darken(wicker, 0.2), s * 0.05)
        pen.polygon([(x - s * 0.5, y - s * 0.45), (x + s * 0.5, y - s * 0.45), (x + s * 0.38, y), (x - s * 0.38, y)], wicker, **_o(wicker, pen, s))
        for k in range(3):
            yy = y - s * (0.1 + k * 0.12)
            pen.line([(x - s * 0.42, yy), (x + s * 0.42, yy)], darken(wicker, 0.2), s * 0.02)
    elif name == "cup":
        cup = (250, 246, 236)
        pen.rect(x - s * 0.2, y - s * 0.4, x + s * 0.2, y, cup, s * 0.06, **_o((200, 200, 200), pen, s))
        pen.arc(x + s * 0.22, y - s * 0.22, s * 0.1, s * 0.1, 270, 90, darken(cup, 0.3), s * 0.04)
        pen.rect(x - s * 0.2, y - s * 0.3, x + s * 0.2, y - s * 0.22, (120, 170, 230))
    elif name == "umbrella":
        cloth = (236, 90, 110)
        pen.line([(x, y), (x, y - s * 0.9)], OUTLINE, s * 0.04)
        pen.chord(x, y - s * 0.9, s * 0.55, s * 0.4, 180, 360, cloth)
        for k in (-1, 0, 1):
            pen.arc(x + k * s * 0.36, y - s * 0.9, s * 0.18, s * 0.06, 0, 180, darken(cloth, 0.3), s * 0.03)
    elif name == "seed":
        soil = (140, 96, 60)
        pen.ellipse(x, y, s * 0.4, s * 0.1, soil)
        pen.line([(x, y), (x, y - s * 0.4)], (90, 170, 80), s * 0.05)
        for side in (-1, 1):
            pen.rotated_ellipse(x + side * s * 0.12, y - s * 0.42, s * 0.14, s * 0.06, side * -25, (110, 190, 90))
    elif name == "boat":
        hull = (200, 110, 70)
        pen.polygon([(x - s * 0.7, y - s * 0.3), (x + s * 0.7, y - s * 0.3), (x + s * 0.45, y), (x - s * 0.45, y)], hull, **_o(hull, pen, s))
        pen.line([(x, y - s * 0.3), (x, y - s * 1.2)], (110, 80, 60), s * 0.04)
        pen.polygon([(x + s * 0.03, y - s * 1.15), (x + s * 0.55, y - s * 0.4), (x + s * 0.03, y - s * 0.4)], (250, 248, 240), **_o((200, 200, 200), pen, s))
    elif name == "mushroom":
        pen.rect(x - s * 0.1, y - s * 0.35, x + s * 0.1, y, (248, 240, 220), s * 0.05)
        pen.chord(x, y - s * 0.32, s * 0.35, s * 0.3, 180, 360, (220, 70, 70))
        for dx in (-0.18, 0.05, 0.2):
            pen.circle(x + dx * s, y - s * 0.45, s * 0.05, (255, 255, 255))
    elif name == "heart":
        draw_heart(pen, x, y - s * 0.8, s * 0.35, (240, 90, 120))


def draw_heart(pen: Pen, x: float, y: float, r: float, colour) -> None:
    """A heart (love, a hug)."""
    pen.circle(x - r * 0.5, y, r * 0.55, colour)
    pen.circle(x + r * 0.5, y, r * 0.55, colour)
    pen.polygon([(x - r * 1.02, y + r * 0.15), (x + r * 1.02, y + r * 0.15), (x, y + r * 1.2)], colour)


def draw_sky_prop(pen: Pen, name: str, x: float, y: float, s: float, p: Palette, rng: random.Random) -> None:
    """Draw a prop that floats in the sky, centred at (x, y)."""
    if name == "sun":
        draw_glow(pen, x, y, s * 0.5, (255, 230, 140), 4, 40)
        for k in range(12):
            a = 2 * math.pi * k / 12
            pen.line([(x + math.cos(a) * s * 0.62, y + math.sin(a) * s * 0.62), (x + math.cos(a) * s * 0.85, y + math.sin(a) * s * 0.85)],
                     (255, 214, 90), s * 0.06)
        pen.circle(x, y, s * 0.5, (255, 224, 110))
    elif name == "moon":
        draw_glow(pen, x, y, s * 0.45, (255, 246, 210), 4, 30)
        pen.circle(x, y, s * 0.45, (252, 244, 210))
        pen.circle(x + s * 0.2, y - s * 0.12, s * 0.4, alpha(p.sky_top, 255))
    elif name == "star":
        for k in range(5):
            sx, sy = x + math.cos(k * 1.3) * s * k * 0.35, y + math.sin(k * 2.1) * s * 0.4
            draw_star(pen, sx, sy, s * (0.35 if k == 0 else 0.18), (255, 226, 100))
    elif name == "cloud":
        draw_cloud(pen, x, y, s * 0.35, (255, 255, 255), rng)
    elif name == "rainbow":
        colours = [(236, 80, 80), (246, 160, 70), (250, 220, 90), (110, 190, 100), (90, 150, 230), (150, 110, 210)]
        for k, colour in enumerate(colours):
            pen.arc(x, y + s * 0.8, s * (1.6 - k * 0.1), s * (1.2 - k * 0.1), 180, 360, alpha(colour, 200), s * 0.1)
    elif name == "kite":
        pen.polygon([(x, y - s * 0.5), (x + s * 0.35, y), (x, y + s * 0.6), (x - s * 0.35, y)], (240, 90, 90), **_o((240, 90, 90), pen, s))
        pen.polygon([(x, y - s * 0.5), (x + s * 0.35, y), (x, y)], (250, 210, 80))
        pen.curve([(x, y + s * 0.6), (x - s * 0.4, y + s * 1.2), (x + s * 0.3, y + s * 1.6), (x - s * 0.2, y + s * 2.4)], OUTLINE, s * 0.02)
    elif name == "balloon":
        for k, colour in enumerate(((236, 80, 100), (90, 160, 236), (250, 210, 80))):
            bx, by = x + (k - 1) * s * 0.4, y + abs(k - 1) * s * 0.2
            pen.line([(bx, by + s * 0.35), (x, y + s * 1.6)], alpha(OUTLINE, 160), s * 0.015)
            pen.shaded_ellipse(bx, by, s * 0.25, s * 0.32, colour, depth=0.15)


def draw_star(pen: Pen, x: float, y: float, r: float, colour) -> None:
    """A five-point star."""
    points = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        radius = r if k % 2 == 0 else r * 0.45
        points.append((x + math.cos(a) * radius, y + math.sin(a) * radius))
    pen.polygon(points, colour, darken(colour, 0.35), r * 0.08)


def draw_rain(pen: Pen, width: float, height: float, rng: random.Random) -> None:
    """Slanted rain streaks over the whole picture."""
    for _ in range(160):
        x, y = rng.uniform(-0.1, 1.05) * width, rng.uniform(0, 1) * height
        length = height * rng.uniform(0.02, 0.045)
        pen.line([(x, y), (x - length * 0.25, y + length)], (220, 230, 250, 150), height * 0.0025, round_caps=False)


def draw_snowfall(pen: Pen, width: float, height: float, rng: random.Random) -> None:
    """Falling snowflakes over the whole picture."""
    for _ in range(120):
        pen.circle(rng.uniform(0, width), rng.uniform(0, height), height * rng.uniform(0.002, 0.006), (255, 255, 255, 210))
