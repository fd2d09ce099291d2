"""Things that stand in a scene: trees, houses, clouds, rocks, a windmill, a snowman...

Each is drawn at a given place and size, with colours from the page's palette.
"""
from __future__ import annotations

import math
import random

from .palette import Palette
from .pen import Pen, alpha, darken, lighten, mix


def draw_glow(pen: Pen, x: float, y: float, r: float, colour, rings: int, strength: int) -> None:
    """A soft halo made of faint rings."""
    rings = min(rings, 4)
    for k in range(rings, 0, -1):
        pen.circle(x, y, r * (1 + k * 0.45), alpha(colour, strength // (k + 1) + 6))


def draw_cloud(pen: Pen, x: float, y: float, size: float, colour, rng: random.Random, opacity: int = 235) -> None:
    """A puffy cloud; a faint streaky one when opacity is low (night)."""
    puffs = [(-1.4, 0.2, 0.7), (-0.6, -0.25, 0.95), (0.4, -0.35, 1.1), (1.3, 0.05, 0.8), (0.0, 0.3, 0.9)]
    shade = darken(colour, 0.12)
    if opacity >= 200:
        for dx, dy, r in puffs:
            pen.circle(x + dx * size, y + dy * size + size * 0.12, r * size, alpha(shade, 200))
        for dx, dy, r in puffs:
            pen.circle(x + dx * size, y + dy * size, r * size * 0.96, alpha(colour, opacity))
        return
    layer_colour = alpha(colour, opacity)
    for dx, dy, r in puffs[:4]:
        pen.ellipse(x + dx * size, y + dy * size * 0.5, r * size * 1.3, r * size * 0.45, layer_colour)


def draw_sparkle(pen: Pen, x: float, y: float, r: float, colour) -> None:
    """A four-point twinkle."""
    pen.polygon([(x, y - r), (x + r * 0.25, y - r * 0.25), (x + r, y), (x + r * 0.25, y + r * 0.25),
                 (x, y + r), (x - r * 0.25, y + r * 0.25), (x - r, y), (x - r * 0.25, y - r * 0.25)], colour)


# -- far layers ----------------------------------------------------------------------


def draw_lighthouse(pen: Pen, x: float, base: float, height: float, p: Palette) -> None:
    """A striped lighthouse; its beam shows at night."""
    wb, wt = height * 0.16, height * 0.1
    pen.polygon([(x - wb, base), (x - wt, base - height), (x + wt, base - height), (x + wb, base)], (248, 244, 236))
    for k in range(3):
        y0 = base - height * (0.15 + k * 0.3)
        t0, t1 = (y0 - base) / -height, (y0 - height * 0.14 - base) / -height
        pen.polygon([(x - wb + (wb - wt) * t0, y0), (x - wb + (wb - wt) * t1, y0 - height * 0.14),
                     (x + wb - (wb - wt) * t1, y0 - height * 0.14), (x + wb - (wb - wt) * t0, y0)], (214, 70, 66))
    pen.rect(x - wt * 0.9, base - height * 1.16, x + wt * 0.9, base - height, p.light)
    pen.polygon([(x - wt * 1.2, base - height * 1.16), (x, base - height * 1.32), (x + wt * 1.2, base - height * 1.16)], (70, 70, 90))
    if p.extra.get("night"):
        pen.polygon([(x, base - height * 1.08), (x + height * 1.4, base - height * 1.3), (x + height * 1.4, base - height * 0.9)],
                    alpha(p.light, 40))


# -- ground ------------------------------------------------------------------------


def draw_flower(pen: Pen, x: float, y: float, r: float, colour, night: bool = False) -> None:
    """A five-petal flower on a stem, dimmed at night."""
    if night:
        colour = mix(colour, (30, 40, 90), 0.55)
    pen.line([(x, y), (x, y + r * 2.4)], (70, 140, 70) if not night else (40, 70, 70), r * 0.35)
    for k in range(5):
        a = 2 * math.pi * k / 5
        pen.circle(x + math.cos(a) * r * 0.8, y + math.sin(a) * r * 0.8, r * 0.6, colour)
    pen.circle(x, y, r * 0.45, (250, 200, 70) if not night else (120, 110, 90))


# -- middle layers per setting ------------------------------------------------------------


def draw_tree(pen: Pen, x: float, base: float, size: float, p: Palette, rng: random.Random, kind: str = "round",
              detail: bool = True) -> None:
    """A tree standing at (x, base), size pixels tall."""
    if x + size * 0.45 < 0 or x - size * 0.45 > pen.width:
        return
    snow = p.extra.get("snow")
    trunk = p.trunk
    if kind == "pine":
        pen.rect(x - size * 0.04, base - size * 0.2, x + size * 0.04, base, darken(trunk, 0.1))
        green = darken(p.foliage, 0.1)
        for k in range(4):
            y = base - size * (0.15 + k * 0.2)
            half = size * (0.28 - k * 0.055)
            pen.polygon([(x - half, y), (x, y - size * 0.3), (x + half, y)], darken(green, 0.12))
            pen.polygon([(x - half * 0.9, y - size * 0.01), (x, y - size * 0.3), (x + half * 0.3, y - size * 0.02)], green)
            if snow:
                pen.polygon([(x - half * 0.45, y - size * 0.16), (x, y - size * 0.3), (x + half * 0.45, y - size * 0.16)], (248, 250, 255))
        return
    pen.polygon([(x - size * 0.05, base), (x - size * 0.03, base - size * 0.5), (x + size * 0.03, base - size * 0.5),
                 (x + size * 0.05, base)], trunk)
    pen.line([(x, base - size * 0.38), (x + size * 0.12, base - size * 0.52)], trunk, size * 0.025)
    leaf = p.foliage
    puffs = [(-0.16, -0.58, 0.17), (0.15, -0.6, 0.16), (0.0, -0.72, 0.2), (-0.08, -0.86, 0.14), (0.1, -0.82, 0.13)]
    shade = darken(leaf, 0.2)
    if detail:
        for dx, dy, r in puffs:
            pen.circle(x + dx * size + size * 0.02, base + dy * size + size * 0.03, r * size, shade)
    for dx, dy, r in puffs:
        pen.circle(x + dx * size, base + dy * size, r * size * 0.92, leaf)
    for dx, dy, r in puffs[2:] if detail else ():
        pen.circle(x + dx * size - r * size * 0.3, base + dy * size - r * size * 0.3, r * size * 0.4, alpha(lighten(leaf, 0.3), 90))
    if snow:
        for dx, dy, r in puffs[2:]:
            pen.chord(x + dx * size, base + dy * size - r * size * 0.2, r * size * 0.85, r * size * 0.75, 180, 360, (248, 250, 255))


def draw_house(pen: Pen, x: float, base: float, size: float, p: Palette, rng: random.Random, wall=None, roof=None) -> None:
    """A cottage: walls, roof, door, windows (lit at night), chimney."""
    if x + size < 0 or x - size > pen.width:
        return
    wall = wall or rng.choice(((246, 232, 206), (240, 214, 180), (226, 236, 240), (250, 222, 200)))
    roof = roof or p.accent
    if p.extra.get("night"):
        wall = mix(wall, (40, 50, 90), 0.5)
    w2, hh = size * 0.5, size * 0.55
    pen.rect(x + w2 * 0.45, base - hh - size * 0.35, x + w2 * 0.7, base - hh - size * 0.05, darken(roof, 0.3))
    pen.rect(x - w2, base - hh, x + w2, base, wall, outline=darken(wall, 0.35), width=size * 0.012)
    pen.polygon([(x - w2 * 1.2, base - hh), (x, base - hh - size * 0.42), (x + w2 * 1.2, base - hh)], roof,
                darken(roof, 0.35), size * 0.012)
    if p.extra.get("snow"):
        pen.polygon([(x - w2 * 1.2, base - hh), (x, base - hh - size * 0.42), (x + w2 * 1.2, base - hh),
                     (x + w2 * 0.8, base - hh - size * 0.08), (x, base - hh - size * 0.3), (x - w2 * 0.8, base - hh - size * 0.08)],
                    (250, 252, 255))
    pen.rect(x - w2 * 0.22, base - hh * 0.55, x + w2 * 0.22, base, darken(roof, 0.25), size * 0.05)
    glow = p.light if p.extra.get("night") else (170, 210, 240)
    for side in (-1, 1):
        cx = x + side * w2 * 0.6
        pen.rect(cx - w2 * 0.2, base - hh * 0.8, cx + w2 * 0.2, base - hh * 0.45, glow, outline=(250, 250, 245), width=size * 0.02)


def draw_bush(pen: Pen, x: float, base: float, size: float, p: Palette) -> None:
    """A round bush, snow-topped in winter."""
    leaf = darken(p.foliage, 0.05)
    for dx, dy, r in ((-0.8, -0.5, 0.7), (0.8, -0.5, 0.7), (0, -0.8, 0.9)):
        pen.circle(x + dx * size + size * 0.1, base + dy * size + size * 0.1, r * size, darken(leaf, 0.25))
    for dx, dy, r in ((-0.8, -0.5, 0.7), (0.8, -0.5, 0.7), (0, -0.8, 0.9)):
        pen.circle(x + dx * size, base + dy * size, r * size * 0.92, leaf)
    if p.extra.get("snow"):
        pen.chord(x, base - size * 1.1, size * 0.8, size * 0.5, 180, 360, (248, 250, 255))


def draw_rock(pen: Pen, x: float, base: float, size: float, p: Palette, colour=None) -> None:
    """A rock with a highlight."""
    colour = colour or mix((150, 146, 150), p.ground_bottom, 0.25)
    pen.ellipse(x, base - size * 0.45, size * 1.3, size * 0.7, darken(colour, 0.2))
    pen.ellipse(x - size * 0.15, base - size * 0.55, size * 1.05, size * 0.55, colour)
    pen.ellipse(x - size * 0.45, base - size * 0.8, size * 0.35, size * 0.15, alpha(lighten(colour, 0.4), 120))
    if p.extra.get("snow"):
        pen.chord(x - size * 0.1, base - size * 0.75, size * 0.9, size * 0.4, 180, 360, (248, 250, 255))


def draw_windmill(pen: Pen, x: float, base: float, size: float, p: Palette, spin: float) -> None:
    """A windmill whose sails turn a little from page to page (spin in radians)."""
    wall = mix((246, 236, 214), p.far, 0.25)
    pen.polygon([(x - size * 0.12, base), (x - size * 0.07, base - size * 0.6), (x + size * 0.07, base - size * 0.6),
                 (x + size * 0.12, base)], wall, darken(wall, 0.3), size * 0.01)
    pen.polygon([(x - size * 0.09, base - size * 0.6), (x, base - size * 0.72), (x + size * 0.09, base - size * 0.6)], darken(p.accent, 0.2))
    for k in range(4):
        a = spin + k * math.pi / 2
        tip = (x + math.cos(a) * size * 0.36, base - size * 0.62 + math.sin(a) * size * 0.36)
        pen.line([(x, base - size * 0.62), tip], darken(wall, 0.4), size * 0.02)
        side = (math.cos(a + 0.25) * size * 0.33, math.sin(a + 0.25) * size * 0.33)
        pen.polygon([(x + math.cos(a) * size * 0.08, base - size * 0.62 + math.sin(a) * size * 0.08), tip,
                     (x + side[0], base - size * 0.62 + side[1])], alpha(wall, 230))
    pen.circle(x, base - size * 0.62, size * 0.03, darken(wall, 0.5))


def draw_oasis(pen: Pen, x: float, base: float, h: float, p: Palette) -> None:
    """A pool with two palm trees."""
    pen.ellipse(x, base + h * 0.01, h * 0.14, h * 0.025, p.water)
    for dx, lean in ((-0.06, -1), (0.05, 1)):
        tx, top = x + dx * h, base - h * 0.2
        pen.curve([(tx, base), (tx + lean * h * 0.02, base - h * 0.1), (tx + lean * h * 0.03, top)], p.trunk, h * 0.012)
        for k in range(6):
            a = math.pi * (0.95 + k * 0.22)
            pen.curve([(tx + lean * h * 0.03, top), (tx + lean * h * 0.03 + math.cos(a) * h * 0.05, top + math.sin(a) * h * 0.04 - h * 0.01),
                       (tx + lean * h * 0.03 + math.cos(a) * h * 0.08, top + math.sin(a) * h * 0.02 + h * 0.02)],
                      darken(p.foliage, 0.05), h * 0.012)


def draw_rocket(pen: Pen, x: float, base: float, size: float) -> None:
    """A small parked rocket."""
    body, red = (236, 238, 244), (226, 80, 80)
    for side in (-1, 1):
        pen.polygon([(x + side * size * 0.09, base - size * 0.35), (x + side * size * 0.2, base - size * 0.02),
                     (x + side * size * 0.09, base - size * 0.1)], red, darken(red, 0.4), size * 0.008)
    pen.polygon([(x - size * 0.1, base - size * 0.08), (x - size * 0.1, base - size * 0.62), (x, base - size * 0.95),
                 (x + size * 0.1, base - size * 0.62), (x + size * 0.1, base - size * 0.08)], body, darken(body, 0.4), size * 0.01)
    pen.polygon([(x - size * 0.085, base - size * 0.68), (x, base - size * 0.95), (x + size * 0.085, base - size * 0.68)], red)
    pen.circle(x, base - size * 0.48, size * 0.05, (120, 190, 240), darken(body, 0.5), size * 0.012)
    pen.rect(x - size * 0.1, base - size * 0.1, x + size * 0.1, base - size * 0.05, darken(body, 0.25))


def draw_snowman(pen: Pen, x: float, base: float, size: float, p: Palette) -> None:
    """A snowman with a carrot nose and a red scarf."""
    snow = (248, 250, 255) if not p.extra.get("night") else (196, 206, 236)
    edge = darken(snow, 0.2)
    pen.shaded_ellipse(x, base - size * 0.22, size * 0.26, size * 0.22, snow, edge, size * 0.01, depth=0.12)
    pen.shaded_ellipse(x, base - size * 0.56, size * 0.19, size * 0.17, snow, edge, size * 0.01, depth=0.12)
    pen.shaded_ellipse(x, base - size * 0.82, size * 0.14, size * 0.13, snow, edge, size * 0.01, depth=0.12)
    for side in (-1, 1):
        pen.circle(x + side * size * 0.05, base - size * 0.85, size * 0.018, (50, 40, 50))
        pen.line([(x + side * size * 0.17, base - size * 0.58), (x + side * size * 0.36, base - size * 0.72)], p.trunk, size * 0.025)
    pen.polygon([(x, base - size * 0.81), (x + size * 0.16, base - size * 0.79), (x, base - size * 0.77)], (246, 140, 50))
    pen.rect(x - size * 0.16, base - size * 0.7, x + size * 0.16, base - size * 0.66, (220, 70, 70), size * 0.02)
    for k in range(3):
        pen.circle(x, base - size * (0.5 + k * 0.07), size * 0.015, (50, 40, 50))
