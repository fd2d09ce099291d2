"""More props a page can name: toys, paint, fire, music, food, nature, tools, play things.

Every function draws one thing standing with its base at (x, y), about s pixels tall,
in the flat storybook style of props.py (soft outline, one highlight).
"""
from __future__ import annotations

import math
import random

from .hose import BRASS, HOSE_RED, draw_spray
from .palette import Palette
from .pen import Pen, alpha, darken, lighten
from .scenery import draw_glow, draw_sparkle

INK = (60, 46, 50)


def _edge(colour, s: float) -> dict:
    """Outline settings scaled to the thing."""
    return {"outline": darken(colour, 0.5), "width": max(0.6, s * 0.025)}


# -- toys ------------------------------------------------------------------------------


def draw_teddy(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A sitting teddy bear."""
    fur, snout = (186, 126, 80), (236, 206, 160)
    for side in (-1, 1):
        pen.circle(x + side * s * 0.22, y - s * 0.08, s * 0.12, darken(fur, 0.1), **_edge(fur, s))
        pen.circle(x + side * s * 0.2, y - s * 0.9, s * 0.09, fur, **_edge(fur, s))
    pen.shaded_ellipse(x, y - s * 0.3, s * 0.26, s * 0.28, fur, darken(fur, 0.5), s * 0.025)
    pen.ellipse(x, y - s * 0.27, s * 0.14, s * 0.16, snout)
    pen.shaded_ellipse(x, y - s * 0.72, s * 0.23, s * 0.21, fur, darken(fur, 0.5), s * 0.025)
    pen.ellipse(x, y - s * 0.66, s * 0.1, s * 0.07, snout)
    pen.circle(x, y - s * 0.69, s * 0.03, INK)
    for side in (-1, 1):
        pen.circle(x + side * s * 0.09, y - s * 0.77, s * 0.027, INK)
    pen.rect(x - s * 0.12, y - s * 0.52, x + s * 0.12, y - s * 0.47, (220, 70, 90), s * 0.02)


def draw_blocks(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Three letter blocks stacked in a little pyramid."""
    b = s * 0.42
    spots = [(-0.52, 0, (226, 84, 84)), (0.52, 0, (84, 140, 226)), (0, 1, (246, 200, 70))]
    for dx, row, colour in spots:
        x0, y1 = x + dx * b - b / 2, y - row * b
        pen.rect(x0, y1 - b, x0 + b, y1, colour, b * 0.12, **_edge(colour, s))
        pen.rect(x0 + b * 0.25, y1 - b * 0.75, x0 + b * 0.75, y1 - b * 0.25, None, b * 0.08, lighten(colour, 0.6), s * 0.035)


def draw_toy_car(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A little red toy car."""
    red = (224, 76, 70)
    pen.rect(x - s * 0.55, y - s * 0.45, x + s * 0.55, y - s * 0.12, red, s * 0.1, **_edge(red, s))
    pen.rect(x - s * 0.3, y - s * 0.72, x + s * 0.22, y - s * 0.42, red, s * 0.1, **_edge(red, s))
    pen.rect(x - s * 0.22, y - s * 0.66, x + s * 0.14, y - s * 0.46, (190, 226, 250), s * 0.05)
    for dx in (-0.32, 0.32):
        pen.circle(x + dx * s, y - s * 0.12, s * 0.14, (60, 60, 70))
        pen.circle(x + dx * s, y - s * 0.12, s * 0.06, (200, 200, 210))


def draw_train(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A toy steam engine with one wagon."""
    green, red = (70, 160, 110), (220, 80, 70)
    pen.rect(x - s * 0.9, y - s * 0.5, x - s * 0.2, y - s * 0.15, (246, 200, 70), s * 0.05, **_edge((246, 200, 70), s))
    pen.rect(x - s * 0.1, y - s * 0.5, x + s * 0.55, y - s * 0.15, green, s * 0.06, **_edge(green, s))
    pen.rect(x + s * 0.25, y - s * 0.85, x + s * 0.6, y - s * 0.45, red, s * 0.05, **_edge(red, s))
    pen.rect(x - s * 0.02, y - s * 0.8, x + s * 0.1, y - s * 0.5, (70, 70, 80))
    pen.circle(x + s * 0.04, y - s * 0.92, s * 0.08, (236, 236, 240, 200))
    for dx in (-0.75, -0.35, 0.05, 0.42):
        pen.circle(x + dx * s, y - s * 0.13, s * 0.11, (60, 60, 70))


def draw_doll(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A rag doll in a dress."""
    dress, skin, hair = (236, 110, 150), (255, 220, 194), (200, 110, 60)
    pen.polygon([(x - s * 0.1, y - s * 0.6), (x + s * 0.1, y - s * 0.6), (x + s * 0.28, y - s * 0.08), (x - s * 0.28, y - s * 0.08)],
                dress, **_edge(dress, s))
    for side in (-1, 1):
        pen.line([(x + side * s * 0.08, y - s * 0.08), (x + side * s * 0.1, y)], skin, s * 0.06)
    pen.circle(x, y - s * 0.75, s * 0.17, skin, **_edge(skin, s))
    pen.chord(x, y - s * 0.78, s * 0.18, s * 0.16, 180, 360, hair)
    for side in (-1, 1):
        pen.circle(x + side * s * 0.19, y - s * 0.7, s * 0.07, hair)
        pen.circle(x + side * s * 0.06, y - s * 0.74, s * 0.02, INK)


def draw_dino_toy(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A green toy dinosaur with back plates."""
    green = (110, 184, 96)
    for dx in (-0.3, -0.12, 0.06):
        pen.polygon([(x + (dx - 0.08) * s, y - s * 0.5), (x + dx * s, y - s * 0.72), (x + (dx + 0.08) * s, y - s * 0.5)],
                    (246, 176, 70), **_edge((246, 176, 70), s))
    pen.polygon([(x - s * 0.3, y - s * 0.35), (x - s * 0.85, y - s * 0.12), (x - s * 0.3, y - s * 0.22)], green, **_edge(green, s))
    for dx in (-0.3, -0.05, 0.15):
        pen.rect(x + dx * s - s * 0.06, y - s * 0.25, x + dx * s + s * 0.06, y, darken(green, 0.1), s * 0.03)
    pen.shaded_ellipse(x - s * 0.08, y - s * 0.35, s * 0.36, s * 0.2, green, darken(green, 0.5), s * 0.025)
    pen.line([(x + s * 0.2, y - s * 0.4), (x + s * 0.36, y - s * 0.78)], green, s * 0.13)
    pen.ellipse(x + s * 0.44, y - s * 0.82, s * 0.15, s * 0.1, green, **_edge(green, s))
    pen.circle(x + s * 0.47, y - s * 0.85, s * 0.025, INK)


def draw_toys(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A heap of toys: a teddy, blocks, a ball and a car."""
    draw_blocks(pen, x + s * 0.35, y - s * 0.02, s * 0.75, p, rng)
    draw_teddy(pen, x - s * 0.45, y, s * 0.95, p, rng)
    draw_toy_car(pen, x + s * 0.2, y + s * 0.05, s * 0.5, p, rng)
    r = s * 0.17
    pen.shaded_ellipse(x + s * 0.9, y - r, r, r, (70, 150, 230), darken((70, 150, 230), 0.5), s * 0.02)
    pen.arc(x + s * 0.9, y - r, r * 0.95, r * 0.4, 0, 360, (250, 246, 236), s * 0.03)


# -- art and music -----------------------------------------------------------------


def draw_paint(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """An easel with a half-finished picture, and paint pots at its feet."""
    wood = (170, 116, 70)
    pen.line([(x - s * 0.5, y), (x - s * 0.05, y - s * 1.5)], wood, s * 0.05)
    pen.line([(x + s * 0.5, y), (x + s * 0.05, y - s * 1.5)], wood, s * 0.05)
    pen.line([(x, y - s * 0.1), (x, y - s * 1.4)], darken(wood, 0.2), s * 0.04)
    pen.rect(x - s * 0.5, y - s * 0.66, x + s * 0.5, y - s * 0.6, wood)
    pen.rect(x - s * 0.45, y - s * 1.4, x + s * 0.45, y - s * 0.66, (252, 250, 244), s * 0.02, **_edge((220, 220, 220), s))
    pen.ellipse(x - s * 0.05, y - s * 0.78, s * 0.42, s * 0.14, (110, 190, 100))
    pen.circle(x + s * 0.2, y - s * 1.2, s * 0.1, (250, 200, 70))
    pen.line([(x - s * 0.35, y - s * 1.0), (x - s * 0.15, y - s * 1.18), (x + s * 0.05, y - s * 1.0)], (226, 84, 84), s * 0.05)
    for k, colour in enumerate(((226, 84, 84), (84, 140, 226), (250, 200, 70))):
        cx = x + s * (0.6 + k * 0.22)
        pen.rect(cx - s * 0.09, y - s * 0.2, cx + s * 0.09, y, (236, 236, 240), s * 0.03, **_edge((200, 200, 200), s))
        pen.ellipse(cx, y - s * 0.2, s * 0.09, s * 0.035, colour)
    pen.line([(x + s * 0.64, y - s * 0.2), (x + s * 0.74, y - s * 0.48)], (170, 116, 70), s * 0.03)


def draw_brush(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A paintbrush with a dab of paint, held upright."""
    pen.line([(x, y), (x, y - s * 0.6)], (200, 140, 80), s * 0.07)
    pen.rect(x - s * 0.05, y - s * 0.72, x + s * 0.05, y - s * 0.58, (200, 200, 210))
    pen.polygon([(x - s * 0.06, y - s * 0.72), (x, y - s * 0.95), (x + s * 0.06, y - s * 0.72)], (226, 84, 84))
    pen.circle(x + s * 0.2, y - s * 0.9, s * 0.05, (84, 140, 226))


def draw_crayons(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Three crayons and a drawing on paper."""
    pen.rect(x - s * 0.55, y - s * 0.15, x + s * 0.55, y, (252, 250, 244), s * 0.02, **_edge((220, 220, 220), s))
    pen.arc(x - s * 0.1, y - s * 0.02, s * 0.2, s * 0.1, 180, 360, (226, 84, 84), s * 0.03)
    for k, colour in enumerate(((226, 84, 84), (84, 140, 226), (110, 190, 100))):
        cx = x + s * (-0.3 + k * 0.3)
        pen.rect(cx - s * 0.06, y - s * 0.6, cx + s * 0.06, y - s * 0.18, colour, s * 0.02, **_edge(colour, s))
        pen.polygon([(cx - s * 0.06, y - s * 0.6), (cx, y - s * 0.74), (cx + s * 0.06, y - s * 0.6)], colour)


def draw_drum(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A red drum with crossed sticks."""
    red, skin = (214, 70, 70), (246, 236, 214)
    pen.rect(x - s * 0.4, y - s * 0.55, x + s * 0.4, y - s * 0.05, red, 0, **_edge(red, s))
    pen.ellipse(x, y - s * 0.05, s * 0.4, s * 0.1, red, **_edge(red, s))
    pen.rect(x - s * 0.39, y - s * 0.55, x + s * 0.39, y - s * 0.1, red)
    zig = [(x + s * (-0.38 + k * 0.095), y - s * (0.48 if k % 2 == 0 else 0.16)) for k in range(9)]
    pen.line(zig, (250, 210, 80), s * 0.03)
    pen.ellipse(x, y - s * 0.55, s * 0.4, s * 0.11, skin, **_edge(skin, s))
    for side in (-1, 1):
        pen.line([(x + side * s * 0.1, y - s * 0.6), (x + side * s * 0.45, y - s * 0.95)], (200, 150, 90), s * 0.04)
        pen.circle(x + side * s * 0.45, y - s * 0.95, s * 0.05, (246, 236, 214))


def draw_guitar(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A small guitar standing upright."""
    wood = (214, 140, 70)
    pen.line([(x, y - s * 0.5), (x, y - s * 1.05)], darken(wood, 0.35), s * 0.08)
    pen.rect(x - s * 0.07, y - s * 1.18, x + s * 0.07, y - s * 1.02, darken(wood, 0.45), s * 0.02)
    pen.shaded_ellipse(x, y - s * 0.24, s * 0.3, s * 0.24, wood, darken(wood, 0.5), s * 0.02)
    pen.shaded_ellipse(x, y - s * 0.55, s * 0.22, s * 0.18, wood, darken(wood, 0.5), s * 0.02)
    pen.circle(x, y - s * 0.42, s * 0.08, (70, 44, 30))
    for dx in (-0.03, 0, 0.03):
        pen.line([(x + dx * s, y - s * 0.15), (x + dx * s, y - s * 1.1)], (240, 236, 220), max(0.5, s * 0.008))


def draw_notes(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Music notes floating up (a song, singing)."""
    for k in range(3):
        nx, ny = x + s * (k * 0.45 - 0.45), y - s * (0.7 + 0.35 * (k % 2))
        colour = ((226, 84, 120), (84, 120, 226), (120, 70, 170))[k]
        pen.ellipse(nx, ny, s * 0.1, s * 0.075, colour)
        pen.line([(nx + s * 0.09, ny), (nx + s * 0.09, ny - s * 0.4)], colour, s * 0.03)
        pen.line([(nx + s * 0.09, ny - s * 0.4), (nx + s * 0.22, ny - s * 0.3)], colour, s * 0.03)


# -- fire, weather, sky --------------------------------------------------------------


def draw_flames(pen: Pen, x, y, s, strength: float = 1.0) -> None:
    """Three layers of flame rising from (x, y)."""
    for colour, scale in (((236, 84, 50), 1.0), ((250, 150, 60), 0.72), ((255, 226, 110), 0.42)):
        w, h = s * 0.32 * scale * strength, s * 0.95 * scale * strength
        pen.polygon([(x - w, y), (x - w * 0.9, y - h * 0.45), (x - w * 0.35, y - h * 0.7), (x - w * 0.2, y - h * 0.55),
                     (x, y - h), (x + w * 0.3, y - h * 0.6), (x + w * 0.55, y - h * 0.75), (x + w * 0.9, y - h * 0.4),
                     (x + w, y)], colour)


def draw_fire(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A campfire: crossed logs, flames and a warm glow."""
    draw_glow(pen, x, y - s * 0.4, s * 0.45, (255, 190, 90), 4, 60)
    log = (130, 84, 52)
    pen.rotated_ellipse(x, y - s * 0.06, s * 0.45, s * 0.07, 12, log, darken(log, 0.5), s * 0.02)
    pen.rotated_ellipse(x, y - s * 0.06, s * 0.45, s * 0.07, -12, darken(log, 0.1), darken(log, 0.5), s * 0.02)
    draw_flames(pen, x, y - s * 0.08, s)


def draw_lightning(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A dark storm cloud with a lightning bolt (centred at x, y)."""
    grey = (110, 116, 136)
    for dx, dy, r in ((-0.35, 0.05, 0.28), (0, -0.1, 0.36), (0.35, 0.05, 0.28)):
        pen.circle(x + dx * s, y + dy * s, r * s, grey)
    bolt = [(x, y + s * 0.2), (x - s * 0.15, y + s * 0.6), (x + s * 0.02, y + s * 0.58), (x - s * 0.1, y + s * 1.0),
            (x + s * 0.22, y + s * 0.48), (x + s * 0.05, y + s * 0.5), (x + s * 0.15, y + s * 0.2)]
    pen.polygon(bolt, (255, 226, 90), darken((255, 226, 90), 0.4), s * 0.02)


def draw_plane(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A paper aeroplane gliding (centred at x, y) with a dotted trail."""
    pen.polygon([(x + s * 0.5, y), (x - s * 0.4, y - s * 0.25), (x - s * 0.15, y + s * 0.02)], (250, 250, 246), **_edge((220, 220, 220), s))
    pen.polygon([(x + s * 0.5, y), (x - s * 0.15, y + s * 0.02), (x - s * 0.3, y + s * 0.2)], (226, 230, 240), **_edge((220, 220, 220), s))
    for k in range(4):
        pen.circle(x - s * (0.6 + k * 0.22), y + s * 0.05 * math.sin(k), s * 0.025, (255, 255, 255, 200))


def draw_planet(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A ringed planet (centred at x, y)."""
    body = (236, 170, 90)
    pen.arc(x, y, s * 0.7, s * 0.18, 180, 360, (250, 220, 150), s * 0.06)
    pen.shaded_ellipse(x, y, s * 0.4, s * 0.4, body, darken(body, 0.5), s * 0.02)
    pen.arc(x, y - s * 0.1, s * 0.35, s * 0.1, 20, 160, darken(body, 0.2), s * 0.03)
    pen.arc(x, y, s * 0.7, s * 0.18, 0, 180, (250, 220, 150), s * 0.06)


def draw_bees(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Two striped bees buzzing along dotted paths (centred at x, y)."""
    for k, (dx, dy) in enumerate(((-0.3, 0.1), (0.35, -0.2))):
        bx, by = x + dx * s, y + dy * s
        for j in range(4):
            pen.circle(bx - s * (0.2 + j * 0.12) * (1 if k else -1), by + s * 0.06 * math.sin(j * 1.7), s * 0.015, alpha(INK, 140))
        for side in (-1, 1):
            pen.ellipse(bx + side * s * 0.04, by - s * 0.13, s * 0.07, s * 0.1, (236, 246, 255, 210), alpha(INK, 160), s * 0.01)
        pen.ellipse(bx, by, s * 0.14, s * 0.1, (250, 204, 60), **_edge((250, 204, 60), s))
        for dxs in (-0.04, 0.04):
            pen.line([(bx + dxs * s, by - s * 0.09), (bx + dxs * s, by + s * 0.09)], (50, 40, 40), s * 0.035)
        pen.circle(bx + s * 0.11, by - s * 0.02, s * 0.02, INK)


def draw_butterfly(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A butterfly with patterned wings (centred at x, y)."""
    wing = rng.choice(((240, 120, 170), (250, 170, 60), (120, 160, 240)))
    for side in (-1, 1):
        pen.rotated_ellipse(x + side * s * 0.16, y - s * 0.1, s * 0.16, s * 0.2, side * 25, wing, darken(wing, 0.5), s * 0.015)
        pen.rotated_ellipse(x + side * s * 0.12, y + s * 0.14, s * 0.1, s * 0.13, -side * 20, lighten(wing, 0.2), darken(wing, 0.5), s * 0.015)
        pen.circle(x + side * s * 0.17, y - s * 0.12, s * 0.05, (255, 250, 230))
    pen.ellipse(x, y, s * 0.035, s * 0.2, INK)
    for side in (-1, 1):
        pen.line([(x, y - s * 0.18), (x + side * s * 0.1, y - s * 0.34)], INK, s * 0.015)


# -- food --------------------------------------------------------------------------


def draw_honey(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A honey pot dripping gold."""
    pot, honey = (214, 150, 80), (246, 186, 50)
    pen.shaded_ellipse(x, y - s * 0.32, s * 0.34, s * 0.32, pot, darken(pot, 0.5), s * 0.025)
    pen.rect(x - s * 0.26, y - s * 0.72, x + s * 0.26, y - s * 0.58, darken(pot, 0.1), s * 0.04, **_edge(pot, s))
    pen.ellipse(x, y - s * 0.6, s * 0.24, s * 0.06, honey)
    for dx, length in ((-0.12, 0.2), (0.05, 0.3), (0.16, 0.14)):
        pen.line([(x + dx * s, y - s * 0.58), (x + dx * s, y - s * (0.58 - length))], honey, s * 0.06)
    pen.rect(x - s * 0.2, y - s * 0.38, x + s * 0.2, y - s * 0.2, (250, 240, 210), s * 0.03)
    pen.line([(x + s * 0.3, y - s * 0.95), (x + s * 0.08, y - s * 0.62)], (200, 150, 90), s * 0.04)


def draw_carrot(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Two carrots with leafy tops."""
    for dx, tilt in ((-0.18, -0.1), (0.18, 0.12)):
        cx = x + dx * s
        pen.polygon([(cx - s * 0.12, y - s * 0.55), (cx + s * 0.12, y - s * 0.55), (cx + tilt * s, y)], (246, 140, 50),
                    **_edge((246, 140, 50), s))
        for leaf in (-0.08, 0, 0.08):
            pen.line([(cx, y - s * 0.55), (cx + leaf * s * 1.5, y - s * 0.85)], (90, 170, 80), s * 0.05)


def draw_wheat(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A patch of tall golden wheat: stalks a little apart, each with a plump ear of grain and a leaf."""
    gold, stalk = (236, 190, 84), (200, 168, 80)
    for k in range(13):
        dx = (k - 6) * 0.09 + rng.uniform(-0.03, 0.03)
        tall = 1.5 + 0.25 * math.sin(k * 1.7)
        lean = rng.uniform(-0.08, 0.08)
        top = (x + (dx + lean) * s, y - tall * s)
        pen.line([(x + dx * s, y), top], stalk, max(1.0, s * 0.035))
        pen.line([(x + (dx + lean * 0.4) * s, y - tall * s * 0.4), (x + (dx + lean * 0.4 + 0.12) * s, y - tall * s * 0.55)],
                 (150, 176, 80), max(1.0, s * 0.03))
        for j in range(4):                                    # the ear: grains in pairs up the top of the stalk
            gy = top[1] + s * (0.06 + j * 0.08)
            for side in (-1, 1):
                pen.rotated_ellipse(top[0] + side * s * 0.035, gy, s * 0.03, s * 0.055, side * 25, gold, darken(gold, 0.4),
                                    max(0.5, s * 0.01))
        pen.ellipse(top[0], top[1] - s * 0.02, s * 0.025, s * 0.05, gold)


def draw_pumpkin(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A round ribbed pumpkin."""
    orange = (240, 140, 50)
    for dx in (-0.2, 0.2, 0):
        pen.shaded_ellipse(x + dx * s, y - s * 0.3, s * 0.26, s * 0.3, orange, darken(orange, 0.45), s * 0.02)
    pen.rect(x - s * 0.04, y - s * 0.72, x + s * 0.04, y - s * 0.56, (110, 110, 60), s * 0.02)


def draw_bread(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A round loaf of bread."""
    crust = (214, 150, 80)
    pen.chord(x, y, s * 0.5, s * 0.5, 180, 360, crust)
    pen.arc(x, y, s * 0.5, s * 0.5, 180, 360, darken(crust, 0.5), s * 0.025)
    for dx in (-0.2, 0, 0.2):
        pen.line([(x + (dx - 0.06) * s, y - s * 0.38), (x + (dx + 0.06) * s, y - s * 0.25)], lighten(crust, 0.4), s * 0.04)


def draw_picnic(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A checked picnic blanket with sandwiches and a jug."""
    red = (220, 80, 80)
    pen.polygon([(x - s * 0.9, y), (x + s * 0.9, y), (x + s * 0.65, y - s * 0.3), (x - s * 0.65, y - s * 0.3)], (250, 246, 240))
    for k in range(6):
        t = k / 6
        pen.polygon([(x - s * 0.9 + t * s * 1.8, y), (x - s * 0.9 + (t + 1 / 12) * s * 1.8, y),
                     (x - s * 0.65 + (t + 1 / 12) * s * 1.3, y - s * 0.3), (x - s * 0.65 + t * s * 1.3, y - s * 0.3)], alpha(red, 200))
    pen.polygon([(x - s * 0.3, y - s * 0.2), (x, y - s * 0.2), (x - s * 0.15, y - s * 0.4)], (246, 220, 160), **_edge((246, 220, 160), s))
    pen.rect(x + s * 0.2, y - s * 0.55, x + s * 0.4, y - s * 0.2, (180, 220, 250), s * 0.04, **_edge((180, 220, 250), s))


def draw_ice_cream(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """An ice-cream cone with two scoops."""
    cone = (226, 170, 100)
    pen.polygon([(x - s * 0.16, y - s * 0.45), (x + s * 0.16, y - s * 0.45), (x, y)], cone, **_edge(cone, s))
    pen.circle(x, y - s * 0.52, s * 0.17, (250, 190, 210), **_edge((250, 190, 210), s))
    pen.circle(x, y - s * 0.74, s * 0.14, (250, 246, 230), **_edge((250, 246, 230), s))
    pen.circle(x + s * 0.02, y - s * 0.9, s * 0.04, (220, 50, 60))


def draw_candy(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Wrapped sweets and a lollipop."""
    pen.line([(x + s * 0.25, y), (x + s * 0.25, y - s * 0.6)], (250, 250, 250), s * 0.04)
    pen.circle(x + s * 0.25, y - s * 0.72, s * 0.16, (240, 110, 160), **_edge((240, 110, 160), s))
    pen.arc(x + s * 0.25, y - s * 0.72, s * 0.08, s * 0.08, 0, 300, (255, 240, 250), s * 0.03)
    for dx, colour in ((-0.35, (110, 180, 240)), (-0.05, (250, 200, 70))):
        cx, cy = x + dx * s, y - s * 0.1
        pen.ellipse(cx, cy, s * 0.1, s * 0.08, colour, **_edge(colour, s))
        for side in (-1, 1):
            pen.polygon([(cx + side * s * 0.09, cy), (cx + side * s * 0.2, cy - s * 0.07), (cx + side * s * 0.2, cy + s * 0.07)], colour)


def draw_cookies(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A plate of chocolate-chip cookies."""
    dough = (220, 170, 100)
    pen.ellipse(x, y - s * 0.05, s * 0.5, s * 0.1, (246, 246, 250), **_edge((210, 210, 220), s))
    for dx, dy in ((-0.2, 0.12), (0.2, 0.12), (0, 0.26)):
        cx, cy = x + dx * s, y - dy * s - s * 0.08
        pen.ellipse(cx, cy, s * 0.18, s * 0.1, dough, **_edge(dough, s))
        for chip in (-0.07, 0.05):
            pen.circle(cx + chip * s, cy - s * 0.02, s * 0.02, (100, 60, 40))


# -- nature --------------------------------------------------------------------------


def draw_fish(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """An orange fish leaping out of a splash."""
    body = (246, 140, 60)
    pen.rotated_ellipse(x, y - s * 0.45, s * 0.3, s * 0.16, -20, body, darken(body, 0.5), s * 0.02)
    pen.polygon([(x - s * 0.25, y - s * 0.35), (x - s * 0.5, y - s * 0.12), (x - s * 0.45, y - s * 0.45)], darken(body, 0.1),
                **_edge(body, s))
    pen.circle(x + s * 0.16, y - s * 0.55, s * 0.035, INK)
    for dx in (-0.3, 0, 0.3):
        pen.arc(x + dx * s, y, s * 0.12, s * 0.06, 180, 360, (220, 240, 255, 220), s * 0.03)


def draw_shell(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A pink scallop shell."""
    pink = (246, 180, 180)
    pen.chord(x, y - s * 0.05, s * 0.35, s * 0.4, 180, 360, pink)
    pen.arc(x, y - s * 0.05, s * 0.35, s * 0.4, 180, 360, darken(pink, 0.5), s * 0.02)
    for k in range(5):
        a = math.pi * (1.1 + k * 0.2)
        pen.line([(x, y - s * 0.05), (x + math.cos(a) * s * 0.32, y - s * 0.05 + math.sin(a) * s * 0.37)], darken(pink, 0.25), s * 0.02)
    pen.rect(x - s * 0.08, y - s * 0.08, x + s * 0.08, y, darken(pink, 0.1), s * 0.02)


def draw_sandcastle(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A sandcastle with a flag, a bucket and a spade."""
    sand = (232, 196, 130)
    pen.rect(x - s * 0.5, y - s * 0.4, x + s * 0.5, y, sand, s * 0.03, **_edge(sand, s))
    for dx in (-0.38, 0.38):
        pen.rect(x + dx * s - s * 0.14, y - s * 0.75, x + dx * s + s * 0.14, y - s * 0.35, sand, s * 0.02, **_edge(sand, s))
    pen.rect(x - s * 0.16, y - s * 0.95, x + s * 0.16, y - s * 0.38, lighten(sand, 0.1), s * 0.02, **_edge(sand, s))
    pen.rect(x - s * 0.07, y - s * 0.2, x + s * 0.07, y, darken(sand, 0.3), s * 0.05)
    pen.line([(x, y - s * 0.95), (x, y - s * 1.25)], INK, s * 0.02)
    pen.polygon([(x, y - s * 1.25), (x + s * 0.2, y - s * 1.18), (x, y - s * 1.1)], (226, 84, 84))
    draw_bucket(pen, x + s * 0.8, y, s * 0.55, p, rng)


def draw_bucket(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A seaside bucket with a handle."""
    blue = (80, 150, 226)
    pen.polygon([(x - s * 0.35, y - s * 0.7), (x + s * 0.35, y - s * 0.7), (x + s * 0.26, y), (x - s * 0.26, y)], blue, **_edge(blue, s))
    pen.ellipse(x, y - s * 0.7, s * 0.35, s * 0.08, darken(blue, 0.2))
    pen.arc(x, y - s * 0.7, s * 0.35, s * 0.4, 180, 360, INK, s * 0.03)


def draw_egg(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A speckled egg."""
    shell = (250, 240, 220)
    pen.shaded_ellipse(x, y - s * 0.3, s * 0.22, s * 0.3, shell, darken(shell, 0.5), s * 0.02)
    for dx, dy in ((-0.08, 0.35), (0.07, 0.25), (0.02, 0.45)):
        pen.circle(x + dx * s, y - dy * s, s * 0.02, (200, 170, 140))


def draw_nest(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A twiggy nest with three blue eggs."""
    twig = (150, 104, 62)
    for dx in (-0.16, 0.16, 0):
        pen.ellipse(x + dx * s, y - s * 0.25, s * 0.12, s * 0.15, (150, 200, 236), **_edge((150, 200, 236), s))
    pen.chord(x, y - s * 0.25, s * 0.5, s * 0.25, 0, 180, twig)
    for k in range(4):
        pen.arc(x, y - s * 0.22 + k * s * 0.04, s * 0.47, s * 0.12, 10, 170, darken(twig, 0.3), s * 0.02)


def draw_feather(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A long soft feather."""
    colour = (240, 120, 150)
    pen.rotated_ellipse(x, y - s * 0.45, s * 0.12, s * 0.42, 20, colour, darken(colour, 0.5), s * 0.015)
    pen.line([(x - s * 0.17, y), (x + s * 0.14, y - s * 0.84)], darken(colour, 0.35), s * 0.02)


def draw_leaves(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A little pile of autumn leaves."""
    for k in range(6):
        colour = ((230, 120, 50), (220, 70, 60), (246, 190, 60))[k % 3]
        lx, ly = x + (k - 2.5) * s * 0.18, y - s * (0.08 + 0.12 * (k % 2))
        angle = (k * 47) % 180 - 90
        pen.rotated_ellipse(lx, ly, s * 0.13, s * 0.07, angle, colour, darken(colour, 0.45), s * 0.015)


def draw_acorn(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Two acorns with caps."""
    for dx in (-0.2, 0.2):
        cx = x + dx * s
        pen.shaded_ellipse(cx, y - s * 0.2, s * 0.14, s * 0.2, (196, 140, 80), darken((196, 140, 80), 0.5), s * 0.02)
        pen.chord(cx, y - s * 0.33, s * 0.16, s * 0.12, 180, 360, (120, 84, 52))
        pen.line([(cx, y - s * 0.44), (cx + s * 0.04, y - s * 0.52)], (120, 84, 52), s * 0.03)


def draw_rock(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A big grey stone with a smaller one."""
    grey = (150, 150, 160)
    pen.chord(x, y, s * 0.5, s * 0.55, 180, 360, grey)
    pen.arc(x, y, s * 0.5, s * 0.55, 180, 360, darken(grey, 0.5), s * 0.02)
    pen.ellipse(x - s * 0.15, y - s * 0.35, s * 0.12, s * 0.06, lighten(grey, 0.4))
    pen.chord(x + s * 0.55, y, s * 0.2, s * 0.22, 180, 360, darken(grey, 0.1))


def draw_puddle(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A flat puddle with ripples."""
    pen.ellipse(x, y - s * 0.05, s * 0.7, s * 0.13, lighten(p.water, 0.15), **_edge(p.water, s))
    pen.ellipse(x + s * 0.1, y - s * 0.05, s * 0.3, s * 0.05, None, lighten(p.water, 0.6), s * 0.02)
    pen.ellipse(x - s * 0.25, y - s * 0.08, s * 0.12, s * 0.025, (255, 255, 255, 160))


def draw_pond(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A round pond with lily pads and reeds."""
    pen.ellipse(x, y - s * 0.12, s * 1.5, s * 0.3, darken(p.water, 0.15))
    pen.ellipse(x, y - s * 0.14, s * 1.42, s * 0.26, p.water)
    pen.ellipse(x - s * 0.4, y - s * 0.2, s * 0.5, s * 0.05, alpha(lighten(p.water, 0.6), 180))
    for dx in (-0.7, 0.5, 0.9):
        pen.chord(x + dx * s, y - s * 0.1, s * 0.16, s * 0.06, 30, 330, (90, 170, 90))
    pen.circle(x + 0.5 * s, y - s * 0.15, s * 0.05, (246, 170, 200))
    for k in range(4):
        rx = x + s * (1.35 + k * 0.07)
        pen.line([(rx, y - s * 0.05), (rx + s * 0.03 * (k - 1.5), y - s * (0.55 + 0.1 * (k % 2)))], (90, 150, 70), s * 0.03)
        if k % 2 == 0:
            pen.ellipse(rx + s * 0.03 * (k - 1.5), y - s * (0.58 + 0.1 * (k % 2)), s * 0.03, s * 0.09, (140, 96, 60))


def draw_water_strip(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Water around a swimmer: a wide band with ripples, level with y."""
    pen.ellipse(x, y, s * 1.3, s * 0.3, darken(p.water, 0.1))
    pen.ellipse(x, y + s * 0.02, s * 1.2, s * 0.26, p.water)


# -- things to use ---------------------------------------------------------------------


def draw_letter(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """An envelope sealed with a heart."""
    paper = (250, 246, 236)
    pen.rect(x - s * 0.4, y - s * 0.5, x + s * 0.4, y, paper, s * 0.03, **_edge((200, 190, 180), s))
    pen.line([(x - s * 0.4, y - s * 0.5), (x, y - s * 0.2), (x + s * 0.4, y - s * 0.5)], (200, 190, 180), s * 0.03)
    pen.circle(x, y - s * 0.22, s * 0.07, (226, 84, 100))


def draw_crown(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A golden crown with jewels."""
    gold = (246, 200, 70)
    pen.polygon([(x - s * 0.4, y), (x - s * 0.45, y - s * 0.5), (x - s * 0.2, y - s * 0.25), (x, y - s * 0.6),
                 (x + s * 0.2, y - s * 0.25), (x + s * 0.45, y - s * 0.5), (x + s * 0.4, y)], gold, **_edge(gold, s))
    for dx, colour in ((-0.2, (226, 70, 90)), (0, (80, 150, 226)), (0.2, (110, 190, 100))):
        pen.circle(x + dx * s, y - s * 0.12, s * 0.05, colour)


def draw_clock(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A round alarm clock."""
    red = (220, 80, 80)
    for side in (-1, 1):
        pen.circle(x + side * s * 0.25, y - s * 0.78, s * 0.1, red, **_edge(red, s))
        pen.line([(x + side * s * 0.25, y - s * 0.2), (x + side * s * 0.32, y)], INK, s * 0.04)
    pen.circle(x, y - s * 0.45, s * 0.35, red, **_edge(red, s))
    pen.circle(x, y - s * 0.45, s * 0.28, (252, 250, 244))
    pen.line([(x, y - s * 0.45), (x, y - s * 0.65)], INK, s * 0.035)
    pen.line([(x, y - s * 0.45), (x + s * 0.14, y - s * 0.4)], INK, s * 0.035)


def draw_bed(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A cosy bed with a pillow and a patchwork quilt."""
    wood, quilt = (170, 116, 70), (120, 160, 230)
    pen.rect(x - s * 1.0, y - s * 0.85, x - s * 0.88, y, wood, s * 0.04, **_edge(wood, s))
    pen.rect(x + s * 0.88, y - s * 0.55, x + s * 1.0, y, wood, s * 0.04, **_edge(wood, s))
    pen.rect(x - s * 0.9, y - s * 0.45, x + s * 0.9, y - s * 0.18, (250, 246, 236), s * 0.05, **_edge((220, 220, 220), s))
    pen.ellipse(x - s * 0.62, y - s * 0.52, s * 0.22, s * 0.12, (252, 252, 252), **_edge((220, 220, 220), s))
    pen.rect(x - s * 0.35, y - s * 0.5, x + s * 0.9, y - s * 0.15, quilt, s * 0.06, **_edge(quilt, s))
    for k in range(3):
        pen.rect(x - s * (0.25 - k * 0.4), y - s * 0.44, x - s * (0.05 - k * 0.4), y - s * 0.26, lighten(quilt, 0.35), s * 0.02)


def draw_bell(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A golden bell with a bow."""
    gold = (246, 200, 70)
    pen.polygon([(x - s * 0.35, y - s * 0.15), (x - s * 0.2, y - s * 0.6), (x, y - s * 0.7), (x + s * 0.2, y - s * 0.6),
                 (x + s * 0.35, y - s * 0.15)], gold, **_edge(gold, s))
    pen.circle(x, y - s * 0.1, s * 0.08, darken(gold, 0.3))
    for side in (-1, 1):
        pen.ellipse(x + side * s * 0.12, y - s * 0.75, s * 0.12, s * 0.06, (226, 70, 80))


def draw_tent(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A triangle tent with an open door."""
    cloth = (240, 150, 70)
    pen.polygon([(x - s * 0.9, y), (x, y - s * 1.0), (x + s * 0.9, y)], cloth, **_edge(cloth, s))
    pen.polygon([(x - s * 0.25, y), (x, y - s * 0.7), (x + s * 0.25, y)], darken(cloth, 0.45))
    pen.line([(x, y - s * 1.0), (x, y - s * 1.15)], INK, s * 0.03)
    pen.polygon([(x, y - s * 1.15), (x + s * 0.18, y - s * 1.1), (x, y - s * 1.05)], (226, 84, 84))


def draw_den(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A den of branches stood up in a ring, stuffed with leaves and moss, with a dark round doorway."""
    wood, moss = (150, 104, 66), (110, 150, 80)
    pen.polygon([(x - s * 0.95, y), (x, y - s * 1.05), (x + s * 0.95, y)], darken(wood, 0.1))
    for k in range(11):                                          # the branches, leaning in to the top
        bx = x + (k - 5) * s * 0.18
        pen.line([(bx, y), (x + (k - 5) * s * 0.02, y - s * 1.12)], darken(wood, 0.05 * (k % 3)), max(1.0, s * 0.06))
    for k in range(9):                                           # leaves and moss in the gaps
        lx = x + rng.uniform(-0.6, 0.6) * s
        ly = y - rng.uniform(0.15, 0.75) * s
        if abs(lx - x) < (1 - (y - ly) / s) * s * 0.8:
            pen.ellipse(lx, ly, s * 0.13, s * 0.08, moss if k % 2 else (180, 150, 70))
    pen.chord(x, y, s * 0.28, s * 0.5, 180, 360, (54, 40, 40))   # the way in


def draw_ladder(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A wooden ladder leaning up."""
    wood = (176, 120, 70)
    for dx in (-0.2, 0.2):
        pen.line([(x + dx * s, y), (x + dx * s + s * 0.15, y - s * 1.4)], wood, s * 0.05)
    for k in range(5):
        t = (k + 0.5) / 5
        pen.line([(x - s * 0.2 + t * s * 0.15, y - t * s * 1.4), (x + s * 0.2 + t * s * 0.15, y - t * s * 1.4)], wood, s * 0.04)


def draw_bridge(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A little wooden bridge over a stream."""
    wood = (170, 116, 70)
    pen.ellipse(x, y - s * 0.05, s * 1.4, s * 0.14, p.water)
    pen.arc(x, y + s * 0.3, s * 1.0, s * 0.7, 200, 340, wood, s * 0.1)
    for k in range(9):
        a = math.radians(200 + k * 17.5)
        px, py = x + math.cos(a) * s, y + s * 0.3 + math.sin(a) * s * 0.7
        pen.line([(px, py), (px, py - s * 0.3)], darken(wood, 0.2), s * 0.035)
    pen.arc(x, y + s * 0.0, s * 1.0, s * 0.7, 205, 335, darken(wood, 0.2), s * 0.04)


def draw_trophy(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A gold cup on a stand, with a ribbon medal beside it."""
    gold = (246, 196, 60)
    pen.rect(x - s * 0.22, y - s * 0.12, x + s * 0.22, y, (140, 96, 60), s * 0.02)
    pen.rect(x - s * 0.05, y - s * 0.35, x + s * 0.05, y - s * 0.12, gold)
    pen.chord(x, y - s * 0.72, s * 0.3, s * 0.4, 0, 180, gold)
    for side in (-1, 1):
        pen.arc(x + side * s * 0.3, y - s * 0.6, s * 0.1, s * 0.1, 0, 360, darken(gold, 0.2), s * 0.04)
    pen.rect(x - s * 0.3, y - s * 0.75, x + s * 0.3, y - s * 0.7, lighten(gold, 0.3))
    draw_sparkle(pen, x + s * 0.25, y - s * 0.85, s * 0.1, (255, 255, 230, 230))


def draw_flag(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A pennant flag on a pole (a finish line, a summit)."""
    pen.line([(x, y), (x, y - s * 1.3)], (120, 100, 90), s * 0.04)
    pen.polygon([(x, y - s * 1.3), (x + s * 0.6, y - s * 1.12), (x, y - s * 0.92)], (226, 84, 84), **_edge((226, 84, 84), s))
    pen.circle(x, y - s * 1.32, s * 0.04, (246, 200, 70))


def draw_telescope(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A brass telescope on a tripod, pointing at the sky."""
    brass = (210, 170, 90)
    for dx in (-0.3, 0, 0.3):
        pen.line([(x, y - s * 0.5), (x + dx * s, y)], (120, 100, 90), s * 0.035)
    pen.rotated_ellipse(x + s * 0.05, y - s * 0.7, s * 0.45, s * 0.1, -30, brass, darken(brass, 0.5), s * 0.02)
    pen.circle(x + s * 0.42, y - s * 0.92, s * 0.08, (150, 200, 240), **_edge(brass, s))


def draw_spade(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A garden spade stuck in a mound of soil."""
    pen.chord(x, y, s * 0.4, s * 0.18, 180, 360, (140, 96, 60))
    pen.line([(x, y - s * 0.1), (x, y - s * 0.85)], (190, 140, 80), s * 0.05)
    pen.rect(x - s * 0.12, y - s * 0.95, x + s * 0.12, y - s * 0.85, (190, 140, 80), s * 0.03)
    pen.polygon([(x - s * 0.13, y - s * 0.32), (x + s * 0.13, y - s * 0.32), (x + s * 0.1, y - s * 0.05), (x - s * 0.1, y - s * 0.05)],
                (180, 186, 196), **_edge((180, 186, 196), s))


def draw_watering_can(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A green watering can."""
    green = (90, 170, 120)
    pen.line([(x + s * 0.25, y - s * 0.25), (x + s * 0.6, y - s * 0.6)], green, s * 0.07)
    pen.ellipse(x + s * 0.62, y - s * 0.62, s * 0.06, s * 0.08, darken(green, 0.2))
    pen.rect(x - s * 0.3, y - s * 0.55, x + s * 0.3, y, green, s * 0.08, **_edge(green, s))
    pen.arc(x - s * 0.05, y - s * 0.55, s * 0.2, s * 0.18, 180, 360, darken(green, 0.3), s * 0.05)


def draw_snowman_prop(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A snowman (one from scenery, sized as a prop)."""
    from .scenery import draw_snowman
    draw_snowman(pen, x, y, s * 1.4, p)


def draw_rocket_prop(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A parked rocket (the one from scenery, sized as a prop)."""
    from .scenery import draw_rocket
    draw_rocket(pen, x, y, s * 2.4)


def draw_sled(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A red wooden sled with curled runners."""
    red = (214, 70, 70)
    pen.rect(x - s * 0.6, y - s * 0.35, x + s * 0.5, y - s * 0.2, red, s * 0.04, **_edge(red, s))
    pen.line([(x - s * 0.65, y - s * 0.05), (x + s * 0.55, y - s * 0.05)], (120, 100, 90), s * 0.04)
    pen.arc(x + s * 0.55, y - s * 0.15, s * 0.1, s * 0.1, 270, 90, (120, 100, 90), s * 0.04)
    for dx in (-0.4, 0.3):
        pen.line([(x + dx * s, y - s * 0.2), (x + dx * s, y - s * 0.05)], (120, 100, 90), s * 0.03)


def draw_swing(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A wooden swing frame with a seat on ropes."""
    wood = (170, 116, 70)
    for side in (-1, 1):
        pen.line([(x + side * s * 0.9, y), (x + side * s * 0.7, y - s * 1.6)], wood, s * 0.06)
    pen.line([(x - s * 0.78, y - s * 1.58), (x + s * 0.78, y - s * 1.58)], wood, s * 0.07)
    for dx in (-0.2, 0.2):
        pen.line([(x + dx * s, y - s * 1.55), (x + dx * s + s * 0.1, y - s * 0.45)], (220, 210, 190), s * 0.02)
    pen.rect(x - s * 0.18, y - s * 0.48, x + s * 0.38, y - s * 0.4, (226, 84, 84), s * 0.02)


def draw_wand(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A star-topped magic wand with sparkles."""
    from .props import draw_star
    pen.line([(x, y), (x + s * 0.15, y - s * 0.7)], (90, 70, 120), s * 0.05)
    draw_star(pen, x + s * 0.17, y - s * 0.8, s * 0.16, (255, 220, 90))
    for dx, dy in ((0.4, 0.8), (-0.1, 1.0), (0.35, 1.1)):
        draw_sparkle(pen, x + dx * s, y - dy * s, s * 0.06, (255, 255, 230, 230))


def draw_chest(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A treasure chest, lid open, gold inside."""
    wood, gold = (160, 100, 56), (246, 200, 70)
    for dx in (-0.2, 0, 0.2):
        pen.circle(x + dx * s, y - s * 0.48, s * 0.1, gold, **_edge(gold, s))
    pen.polygon([(x - s * 0.45, y - s * 0.5), (x + s * 0.45, y - s * 0.5), (x + s * 0.5, y - s * 0.85), (x - s * 0.4, y - s * 0.9)],
                darken(wood, 0.15), **_edge(wood, s))
    pen.rect(x - s * 0.45, y - s * 0.5, x + s * 0.45, y, wood, s * 0.03, **_edge(wood, s))
    pen.rect(x - s * 0.45, y - s * 0.35, x + s * 0.45, y - s * 0.28, gold)
    pen.rect(x - s * 0.06, y - s * 0.4, x + s * 0.06, y - s * 0.22, darken(gold, 0.2), s * 0.02)
    draw_sparkle(pen, x + s * 0.3, y - s * 0.7, s * 0.1, (255, 255, 230, 230))


def draw_jar(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A glass jar of glowing fireflies."""
    draw_glow(pen, x, y - s * 0.35, s * 0.3, (250, 240, 140), 3, 50)
    pen.rect(x - s * 0.22, y - s * 0.65, x + s * 0.22, y, (220, 240, 250, 120), s * 0.08, (150, 180, 200), s * 0.02)
    pen.rect(x - s * 0.18, y - s * 0.75, x + s * 0.18, y - s * 0.63, (170, 116, 70), s * 0.03)
    for dx, dy in ((-0.1, 0.2), (0.08, 0.35), (-0.05, 0.5), (0.1, 0.15)):
        pen.circle(x + dx * s, y - dy * s, s * 0.035, (255, 250, 150))


def draw_bicycle(pen: Pen, x, y, s, p: Palette, rng: random.Random, facing: int = 1) -> None:
    """A small bicycle, its handlebars toward `facing` (+1 right, -1 left)."""
    frame, f = (80, 150, 226), facing

    def at(dx: float, dy: float) -> tuple[float, float]:
        return x + f * dx * s, y - dy * s

    for dx in (-0.45, 0.45):
        pen.circle(*at(dx, 0.28), s * 0.27, None, (60, 60, 70), s * 0.05)
        pen.circle(*at(dx, 0.28), s * 0.04, (60, 60, 70))
    pen.line([at(-0.45, 0.28), at(-0.1, 0.28), at(0.3, 0.62), at(-0.15, 0.62), at(-0.45, 0.28)], frame, s * 0.05)
    pen.line([at(-0.1, 0.28), at(-0.18, 0.72)], frame, s * 0.05)
    pen.line([at(0.3, 0.62), at(0.45, 0.28)], frame, s * 0.05)
    pen.line([at(0.3, 0.62), at(0.28, 0.8), at(0.4, 0.82)], INK, s * 0.04)
    pen.ellipse(*at(-0.18, 0.74), s * 0.1, s * 0.035, INK)


def draw_bag(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A school bag."""
    bag = (226, 110, 80)
    pen.arc(x, y - s * 0.6, s * 0.15, s * 0.14, 180, 360, darken(bag, 0.3), s * 0.04)
    pen.rect(x - s * 0.3, y - s * 0.62, x + s * 0.3, y, bag, s * 0.1, **_edge(bag, s))
    pen.rect(x - s * 0.22, y - s * 0.3, x + s * 0.22, y - s * 0.08, darken(bag, 0.15), s * 0.05)


def draw_bubbles(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """Soap bubbles drifting up (centred at x, y)."""
    for _ in range(7):
        bx, by = x + s * rng.uniform(-0.8, 0.8), y + s * rng.uniform(-0.6, 0.6)
        r = s * rng.uniform(0.06, 0.16)
        pen.circle(bx, by, r, (220, 240, 255, 70), (255, 255, 255, 220), max(0.6, s * 0.012))
        pen.arc(bx - r * 0.3, by - r * 0.3, r * 0.45, r * 0.45, 200, 280, (255, 255, 255, 240), max(0.6, s * 0.015))


def draw_stream(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A brook winding across the whole meadow at height y, with ripples and stepping stones near x."""
    width, deep = pen.width, s * 0.34
    steps = 24
    top = [(width * k / steps, y - deep * 0.5 + s * 0.12 * math.sin(k * 0.9 + x * 0.01)) for k in range(steps + 1)]
    bottom = [(px, py + deep * (0.8 + 0.35 * math.sin(k * 0.5))) for k, (px, py) in enumerate(top)]
    pen.polygon(top + bottom[::-1], darken(p.water, 0.15))
    pen.polygon([(px, py + deep * 0.08) for px, py in top] + [(px, py - deep * 0.05) for px, py in bottom[::-1]], p.water)
    for k in range(6):
        rx = width * (0.08 + 0.16 * k) + s * 0.1 * math.sin(k * 2.1)
        ry = top[int(rx / width * steps)][1] + deep * 0.45
        pen.arc(rx, ry, s * 0.14, deep * 0.12, 200, 340, (255, 255, 255, 190), max(1.0, s * 0.02))
    for k, dx in enumerate((-0.5, 0.0, 0.5)):
        sx = x + dx * s
        sy = top[min(steps, max(0, int(sx / width * steps)))][1] + deep * (0.35 + 0.15 * k)
        pen.ellipse(sx, sy, s * 0.12, s * 0.05, (176, 172, 168), darken((176, 172, 168), 0.4), max(1.0, s * 0.015))


# -- firefighting ----------------------------------------------------------------------


def draw_fire_truck(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A red fire engine side on: cab with a window, a long body with lockers, a ladder on top, a blue light, big wheels."""
    red, chrome = (214, 48, 40), (206, 210, 218)
    left, right = x - s * 1.1, x + s * 1.1
    pen.rect(left, y - s * 0.62, right - s * 0.55, y - s * 0.14, red, s * 0.04, **_edge(red, s))         # the body
    pen.polygon([(right - s * 0.58, y - s * 0.14), (right - s * 0.58, y - s * 0.9), (right - s * 0.2, y - s * 0.9),
                 (right, y - s * 0.55), (right, y - s * 0.14)], red, **_edge(red, s))                         # the cab
    pen.polygon([(right - s * 0.5, y - s * 0.55), (right - s * 0.5, y - s * 0.82), (right - s * 0.24, y - s * 0.82),
                 (right - s * 0.08, y - s * 0.55)], (190, 226, 250), **_edge((190, 226, 250), s))             # its window
    for k in range(3):                                                                                      # lockers
        lx = left + s * (0.1 + k * 0.5)
        pen.rect(lx, y - s * 0.54, lx + s * 0.4, y - s * 0.26, darken(red, 0.12), s * 0.03)
        pen.line([(lx + s * 0.08, y - s * 0.4), (lx + s * 0.32, y - s * 0.4)], chrome, s * 0.03)
    pen.rect(left - s * 0.04, y - s * 0.25, right + s * 0.04, y - s * 0.16, chrome, s * 0.03)              # bumper stripe
    ladder = (236, 236, 240)
    for dy in (0.7, 0.8):
        pen.line([(left + s * 0.05, y - s * dy), (right - s * 0.65, y - s * dy)], ladder, s * 0.035)
    for k in range(9):
        rx = left + s * (0.12 + k * 0.16)
        pen.line([(rx, y - s * 0.7), (rx, y - s * 0.8)], ladder, s * 0.03)
    pen.rect(right - s * 0.42, y - s * 0.99, right - s * 0.3, y - s * 0.9, (90, 150, 250), s * 0.02)          # the light
    draw_glow(pen, right - s * 0.36, y - s * 0.95, s * 0.14, (120, 180, 255), 3, 60)
    for wx in (left + s * 0.35, right - s * 0.35):
        pen.circle(wx, y - s * 0.12, s * 0.17, (56, 56, 66))
        pen.circle(wx, y - s * 0.12, s * 0.07, chrome)


def draw_hose(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A hose lying on the ground: a coil, the hose running to a brass nozzle, and its water arcing away sideways."""
    pen.ellipse(x - s * 0.1, y - s * 0.1, s * 0.32, s * 0.1, None, darken(HOSE_RED, 0.2), s * 0.08)            # the coil
    pen.ellipse(x - s * 0.1, y - s * 0.1, s * 0.22, s * 0.07, None, HOSE_RED, s * 0.08)
    pen.curve([(x - s * 0.3, y - s * 0.08), (x + s * 0.05, y + s * 0.02), (x + s * 0.3, y - s * 0.08)], HOSE_RED, s * 0.08)
    pen.polygon([(x + s * 0.28, y - s * 0.04), (x + s * 0.3, y - s * 0.14), (x + s * 0.52, y - s * 0.2), (x + s * 0.52, y - s * 0.12)],
                BRASS, **_edge(BRASS, s))
    draw_spray(pen, (x + s * 0.52, y - s * 0.16), (x + s * 1.3, y - s * 0.02), s * 0.8)


def draw_bike_helmet(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A round bike helmet on the ground (when nobody on the page wears it): a domed shell with dark vent slots,
    a short peak at the front and its chin strap in a loop."""
    blue, strap = BIKE_HELMET, (60, 60, 70)
    cy = y - s * 0.08
    pen.arc(x + s * 0.05, y - s * 0.02, s * 0.16, s * 0.07, 0, 180, strap, s * 0.03)                   # the strap loop
    pen.chord(x, cy, s * 0.42, s * 0.36, 180, 360, blue)
    pen.arc(x, cy, s * 0.42, s * 0.36, 180, 360, darken(blue, 0.5), max(0.6, s * 0.025))
    pen.line([(x - s * 0.42, cy), (x + s * 0.42, cy)], darken(blue, 0.35), s * 0.05)                      # the rim
    pen.polygon([(x + s * 0.3, cy - s * 0.02), (x + s * 0.56, cy + s * 0.01), (x + s * 0.4, cy - s * 0.1)], darken(blue, 0.3))   # the peak
    for k in (-1, 0, 1):                                                                                 # vents
        pen.rotated_ellipse(x + k * s * 0.17, cy - s * (0.22 - 0.04 * abs(k)), s * 0.035, s * 0.09, -k * 35, darken(blue, 0.55))
    pen.arc(x - s * 0.08, cy - s * 0.05, s * 0.26, s * 0.24, 200, 250, (255, 255, 255, 170), s * 0.03)


BIKE_HELMET = (60, 150, 230)


def draw_fire_helmet(pen: Pen, x, y, s, p: Palette, rng: random.Random) -> None:
    """A red fire helmet on the ground (when nobody on the page wears it)."""
    red = (214, 48, 40)
    pen.polygon([(x - s * 0.5, y - s * 0.05), (x + s * 0.35, y - s * 0.02), (x + s * 0.4, y - s * 0.1), (x - s * 0.45, y - s * 0.18)],
                darken(red, 0.12), **_edge(red, s))
    pen.chord(x, y - s * 0.1, s * 0.32, s * 0.34, 180, 360, red)
    pen.polygon([(x + s * 0.08, y - s * 0.14), (x + s * 0.2, y - s * 0.14), (x + s * 0.2, y - s * 0.28), (x + s * 0.14, y - s * 0.34),
                 (x + s * 0.08, y - s * 0.28)], (246, 200, 70))
