"""Backdrops: sky, distant hills, the setting's landmarks and the ground.

The layout of a place is drawn from one seeded generator per story, so every page
shows the same world; each page looks at it from a different pan, with far layers
moving less than near ones (parallax).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from .palette import Palette, haze
from .pen import Pen, alpha, darken, lighten, mix
from .scenery import (
    draw_bush,
    draw_cloud,
    draw_flower,
    draw_glow,
    draw_house,
    draw_lighthouse,
    draw_oasis,
    draw_rock,
    draw_rocket,
    draw_snowman,
    draw_sparkle,
    draw_tree,
    draw_windmill,
)

WORLD_SPAN = 3.2   # world width in screen widths


@dataclass
class Stage:
    """Where things are on this page: screen size, horizon, ground line, pan."""

    width: float
    height: float
    horizon: float
    pan: float          # in pixels
    clear: tuple = ()   # screen-x spans (x0, x1) kept free of lone trees: a floating cloud must not sit on a tree trunk

    def is_clear(self, x: float, half_width: float) -> bool:
        """Whether a thing centred at screen x, half_width wide, stays out of every span kept clear."""
        return all(x + half_width < x0 or x - half_width > x1 for x0, x1 in self.clear)

    def sx(self, world_x: float, depth: float) -> float:
        """Screen x of a world position (world_x in screen widths) at a parallax depth (0 far .. 1 near)."""
        return world_x * self.width - self.pan * depth

    def landmark_x(self, world_x: float, depth: float) -> float:
        """Screen x of a one-of-a-kind landmark, wrapped so it shows on most pages."""
        return (world_x * self.width - self.pan * depth) % (self.width * 1.3) - self.width * 0.15

    def ground_y(self, x: float) -> float:
        """The top edge of the walkable ground at screen x."""
        return self.horizon + self.height * 0.015 * math.sin((x + self.pan) / self.width * 5.1 + 1.3)


def draw_backdrop(pen: Pen, setting: str, palette: Palette, stage: Stage, seed: int) -> None:
    """Paint everything behind the characters."""
    world = random.Random(f"{seed}|{setting}|world")
    if setting == "home":
        draw_room(pen, palette, stage, world)
        return
    draw_sky(pen, palette, stage, world, setting)
    far = {"mountain": draw_peaks, "city": draw_skyline, "desert": draw_dunes, "sea": draw_sea,
           "space": draw_planet_sky}.get(setting, draw_far_hills)
    far(pen, palette, stage, world)
    if setting not in ("sea", "space", "desert", "city"):
        draw_hills(pen, palette, stage, world, depth=0.45, amplitude=0.05, colour=haze(palette, palette.mid, 0.25), lift=0.02)
    middle = {"sea": draw_beach, "forest": draw_forest, "village": draw_village, "city": draw_city, "farm": draw_farm,
              "school": draw_school, "garden": draw_garden, "river": draw_river, "desert": draw_cacti,
              "mountain": draw_pines, "meadow": draw_meadow_trees, "space": draw_craters}.get(setting)
    draw_ground(pen, palette, stage, setting)
    if middle:
        middle(pen, palette, stage, world)
    draw_ground_details(pen, palette, stage, world, setting)
    if palette.extra.get("snow") and setting not in ("space", "sea", "desert", "city"):
        draw_snowman(pen, stage.landmark_x(world.uniform(0.5, 1.5), 0.85), stage.horizon + stage.height * 0.14,
                     stage.height * 0.16, palette)


# -- sky -------------------------------------------------------------------------


def draw_sky(pen: Pen, p: Palette, stage: Stage, world: random.Random, setting: str) -> None:
    """Gradient sky; stars and moon at night, sun and clouds by day."""
    h = stage.horizon / stage.height
    pen.gradient([(0, 0), (stage.width, 0), (stage.width, stage.height), (0, stage.height)],
                 [(0.0, p.sky_top), (max(0.05, h), p.sky_bottom), (1.0, p.sky_bottom)])
    night, w = p.extra.get("night"), stage.width
    hh = min(stage.height, w * 0.5625)    # sizes as in a 16:9 frame, so 9:16 and 1:1 skies are not all cloud
    stars = random.Random(world.random())
    if night:
        for _ in range(140 if setting == "space" else 70):
            x = stars.uniform(0, WORLD_SPAN) * w - stage.pan * 0.05
            y = stars.uniform(0, 0.95) * stage.horizon
            r = stars.choice((0.6, 0.8, 1.0, 1.4)) * hh / 500
            pen.circle(x % w, y, r, alpha((255, 250, 230), stars.randint(140, 255)))
        for _ in range(5):
            x, y = stars.uniform(0.05, 0.95) * w, stars.uniform(0.05, 0.45) * stage.horizon
            draw_sparkle(pen, x, y, hh * 0.012, (255, 250, 220, 220))
    if setting == "space":
        return
    cx, cy = w * 0.8 - stage.pan * 0.03, stage.horizon * (0.27 if not p.extra.get("sunset") else 0.75)
    if night:
        draw_glow(pen, cx, cy, hh * 0.06, (255, 246, 210), 5, 28)
        pen.circle(cx, cy, hh * 0.055, (252, 246, 222))
        pen.circle(cx + hh * 0.022, cy - hh * 0.012, hh * 0.05, mix(p.sky_top, p.sky_bottom, cy / stage.horizon))
    elif not p.extra.get("rain"):
        sun = (255, 214, 120) if p.extra.get("sunset") else (255, 236, 150)
        draw_glow(pen, cx, cy, hh * 0.07, sun, 6, 30)
        pen.circle(cx, cy, hh * 0.065, sun)
    cloud_colour = (255, 255, 255) if not p.extra.get("rain") else (214, 218, 226)
    for index in range(5):
        x = world.uniform(0, WORLD_SPAN) * w - stage.pan * 0.12
        y = world.uniform(0.08, 0.4) * stage.horizon
        size = world.uniform(0.05, 0.09) * hh
        if night:
            if index < 2:
                draw_cloud(pen, (x % (w * 1.3)) - w * 0.15, y, size * 0.8, mix(p.sky_bottom, (200, 210, 240), 0.3), world, 120)
            continue
        draw_cloud(pen, (x % (w * 1.3)) - w * 0.15, y, size, cloud_colour, world)


def _ridge(stage: Stage, depth: float, amplitude: float, lift: float, phase: float, steps: int = 64) -> list[tuple[float, float]]:
    """A smooth hill line across the screen, fixed in the world so it pans."""
    w, h = stage.width, stage.height
    points = []
    for i in range(steps + 1):
        x = -0.05 * w + i * w * 1.1 / steps
        t = (x + stage.pan * depth) / w
        y = stage.horizon - h * lift - h * amplitude * (0.6 * math.sin(t * 4.2 + phase) + 0.4 * math.sin(t * 9.7 + phase * 2.3))
        points.append((x, y))
    return points


def draw_hills(pen: Pen, p: Palette, stage: Stage, world: random.Random, depth: float, amplitude: float,
               colour, lift: float) -> None:
    """One rolling hill layer that pans at its depth."""
    ridge = _ridge(stage, depth, amplitude, lift, world.uniform(0, 6))
    pen.polygon(ridge + [(stage.width * 1.05, stage.height), (-stage.width * 0.05, stage.height)], colour)


def draw_far_hills(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Hazy distant hills, the default horizon."""
    draw_hills(pen, p, stage, world, 0.2, 0.06, haze(p, p.far, 0.35), lift=0.07)


def draw_peaks(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Two ranges of snow-capped mountains."""
    w, h = stage.width, stage.height
    snow = lighten(haze(p, (250, 252, 255), 0.1), 0.2)
    for layer, (depth, colour) in enumerate(((0.15, haze(p, p.far, 0.3)), (0.25, haze(p, darken(p.far, 0.1), 0.15)))):
        for _ in range(7):
            wx = world.uniform(-0.1, WORLD_SPAN)
            x = stage.sx(wx, depth)
            peak_h, half = h * world.uniform(0.22, 0.36) * (0.8 if layer else 1), w * world.uniform(0.12, 0.2)
            base = stage.horizon + h * 0.03
            top = (x, base - peak_h)
            pen.polygon([(x - half, base), (x - half * 0.35, base - peak_h * 0.62), top,
                         (x + half * 0.4, base - peak_h * 0.58), (x + half, base)], colour)
            pen.polygon([(x - half, base), top, (x + half * 0.08, base)], alpha(lighten(colour, 0.25), 90))
            cap = 0.3
            pen.polygon([(x - half * 0.35 * cap / 0.38 * 0.9, base - peak_h * (1 - cap)), top,
                         (x + half * 0.4 * cap / 0.42, base - peak_h * (1 - cap)), (x + half * 0.05, base - peak_h * 0.78),
                         (x - half * 0.12, base - peak_h * 0.74)], snow)


def draw_skyline(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """A pale band of distant buildings."""
    w, h = stage.width, stage.height
    colour = haze(p, p.far, 0.2)
    x = -0.1 * w - (stage.pan * 0.2) % (w * 0.1)
    rng = random.Random(world.random())
    while x < w * 1.1:
        bw, bh = w * rng.uniform(0.04, 0.08), h * rng.uniform(0.12, 0.3)
        pen.rect(x, stage.horizon - bh, x + bw, stage.horizon + h * 0.05, colour)
        x += bw + w * 0.004


def draw_dunes(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Sand dunes and a far-off flat-topped rock."""
    draw_hills(pen, p, stage, world, 0.15, 0.035, haze(p, p.far, 0.3), lift=0.05)
    x = stage.sx(world.uniform(0.3, 1.2), 0.2)
    base, top = stage.horizon - stage.height * 0.02, stage.horizon - stage.height * 0.14
    pen.polygon([(x - stage.width * 0.1, base), (x - stage.width * 0.07, top), (x + stage.width * 0.06, top),
                 (x + stage.width * 0.09, base)], haze(p, darken(p.accent, 0.05), 0.4))
    draw_hills(pen, p, stage, world, 0.35, 0.03, haze(p, p.mid, 0.1), lift=0.02)


def draw_sea(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """The sea up to the horizon, glints on the water, a lighthouse and a sailing boat."""
    w, h = stage.width, stage.height
    sea_bottom = stage.horizon + h * 0.16
    pen.gradient([(0, stage.horizon), (w, stage.horizon), (w, h), (0, h)],
                 [(0, darken(p.water, 0.1)), (stage.horizon / h, darken(p.water, 0.1)),
                  (sea_bottom / h, lighten(p.water, 0.25)), (1, lighten(p.water, 0.25))])
    rng = random.Random(world.random())
    for _ in range(26):
        x = (rng.uniform(0, WORLD_SPAN) * w - stage.pan * 0.5) % (w * 1.2) - w * 0.1
        y = rng.uniform(stage.horizon + h * 0.01, sea_bottom)
        length = w * rng.uniform(0.015, 0.04) * (0.5 + (y - stage.horizon) / (sea_bottom - stage.horizon))
        pen.line([(x, y), (x + length, y)], alpha((255, 255, 255), 150), h * 0.003)
    x = stage.landmark_x(world.uniform(0.6, 2.2), 0.3)
    draw_lighthouse(pen, x, stage.horizon + h * 0.005, h * 0.2, p)
    sail_x = stage.landmark_x(world.uniform(0.1, 1.2), 0.4)
    hull = (200, 110, 70) if not p.extra.get("night") else (90, 70, 90)
    pen.polygon([(sail_x - h * 0.05, stage.horizon + h * 0.03), (sail_x + h * 0.05, stage.horizon + h * 0.03),
                 (sail_x + h * 0.035, stage.horizon + h * 0.045), (sail_x - h * 0.035, stage.horizon + h * 0.045)], hull)
    pen.polygon([(sail_x, stage.horizon - h * 0.07), (sail_x + h * 0.04, stage.horizon + h * 0.025), (sail_x, stage.horizon + h * 0.025)],
                haze(p, (250, 248, 240), 0.1))


def draw_planet_sky(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Nebula haze, a ringed planet and a small moon (space has no hills)."""
    w, h = stage.width, stage.height
    for _ in range(3):
        x, y = world.uniform(0.1, 0.9) * w, world.uniform(0.1, 0.5) * h
        pen.ellipse(x, y, w * world.uniform(0.12, 0.22), h * world.uniform(0.08, 0.15),
                    alpha(world.choice(((170, 90, 200), (60, 160, 200), (220, 100, 140))), 28))
    px, py, r = stage.sx(world.uniform(0.15, 0.5), 0.05), h * 0.24, h * 0.11
    colour = world.choice(((236, 160, 90), (120, 170, 230), (200, 120, 170)))
    ring = alpha(lighten(colour, 0.45), 230)
    pen.arc(px, py, r * 2.0, r * 0.45, 180, 360, ring, h * 0.01)
    pen.shaded_ellipse(px, py, r, r, colour, depth=0.35)
    for k in range(3):
        pen.ellipse(px, py - r * 0.4 + k * r * 0.35, r * 0.8, r * 0.08, alpha(darken(colour, 0.2), 90))
    pen.arc(px, py, r * 2.0, r * 0.45, 0, 180, ring, h * 0.01)
    mx, my = stage.sx(world.uniform(0.7, 1.0), 0.05), h * 0.12
    pen.shaded_ellipse(mx, my, h * 0.035, h * 0.035, (200, 210, 230), depth=0.3)


def draw_ground(pen: Pen, p: Palette, stage: Stage, setting: str) -> None:
    """The ground band with a gently curved top edge (a shoreline at the sea)."""
    w, h = stage.width, stage.height
    top = stage.horizon if setting != "sea" else stage.horizon + h * 0.16
    edge = []
    for i in range(49):
        x = -0.02 * w + i * w * 1.04 / 48
        wave = h * 0.012 * math.sin((x + stage.pan) / w * 7.3) if setting == "sea" else stage.ground_y(x) - stage.horizon
        edge.append((x, top + wave + (h * 0.02 if setting == "sea" else 0)))
    pen.gradient(edge + [(w * 1.02, h), (-0.02 * w, h)], [(0, p.ground_top), (top / h, p.ground_top), (1, p.ground_bottom)])
    if setting == "sea":
        pen.line(edge, alpha((255, 255, 255), 200), h * 0.008)
        pen.line([(x, y + h * 0.012) for x, y in edge], alpha(darken(p.ground_top, 0.15), 110), h * 0.005)


def draw_ground_details(pen: Pen, p: Palette, stage: Stage, world: random.Random, setting: str) -> None:
    """Grass tufts, sand ripples, snow glints or pebbles, and wild flowers."""
    w, h = stage.width, stage.height
    rng = random.Random(world.random())
    grassy = setting in ("meadow", "forest", "garden", "river", "village", "farm", "mountain", "school") and not p.extra.get("snow")
    for _ in range(60):
        x = (rng.uniform(0, WORLD_SPAN) * w - stage.pan) % (w * 1.1) - w * 0.05
        y = stage.horizon + (h - stage.horizon) * rng.uniform(0.12, 1.0) + h * 0.02
        size = h * 0.012 * (0.5 + (y - stage.horizon) / (h - stage.horizon))
        if grassy:
            blade = darken(p.ground_bottom, 0.25)
            for dx in (-0.5, 0, 0.5):
                pen.line([(x + dx * size, y), (x + dx * size * 2.2, y - size * 1.8)], alpha(blade, 170), size * 0.3)
        elif p.extra.get("snow"):
            pen.circle(x, y, size * 0.25, alpha((255, 255, 255), 220))
        elif setting in ("desert", "sea"):
            pen.arc(x, y, size * 2.5, size * 0.6, 200, 340, alpha(darken(p.ground_top, 0.2), 120), size * 0.25)
        else:
            pen.ellipse(x, y, size * 0.8, size * 0.45, alpha(darken(p.ground_bottom, 0.2), 140))
    if setting in ("meadow", "garden", "forest", "river") and not p.extra.get("snow"):
        colours = [(246, 110, 130), (250, 220, 90), (255, 255, 255), (170, 130, 230)]
        for _ in range(18 if setting != "garden" else 40):
            x = (rng.uniform(0, WORLD_SPAN) * w - stage.pan) % (w * 1.1) - w * 0.05
            y = stage.horizon + (h - stage.horizon) * rng.uniform(0.15, 1.0) + h * 0.02
            draw_flower(pen, x, y, h * 0.012 * (0.6 + (y - stage.horizon) / (h - stage.horizon)), rng.choice(colours),
                        bool(p.extra.get("night")))


def _scatter(world: random.Random, count: int, low: float = -0.1, high: float = WORLD_SPAN) -> list[float]:
    """Sorted world positions for `count` things, fixed for the story."""
    rng = random.Random(world.random())
    return sorted(rng.uniform(low, high) for _ in range(count))


def draw_forest(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Three rows of trees (hazier further back) and bushes in front."""
    rng = random.Random(world.random())
    h = stage.height
    far = Palette(**{**p.__dict__, "foliage": haze(p, p.foliage, 0.35), "trunk": haze(p, p.trunk, 0.35)})
    deep = Palette(**{**p.__dict__, "foliage": haze(p, p.foliage, 0.6), "trunk": haze(p, p.trunk, 0.6)})
    for wx in _scatter(world, 60):
        draw_tree(pen, stage.sx(wx, 0.3), stage.horizon - h * 0.01, h * rng.uniform(0.2, 0.28), deep, rng,
                  rng.choice(("round", "pine")), detail=False)
    for wx in _scatter(world, 40):
        draw_tree(pen, stage.sx(wx, 0.45), stage.horizon + h * 0.02, h * rng.uniform(0.26, 0.36), far, rng,
                  rng.choice(("round", "pine")))
    for wx in _scatter(world, 20):
        draw_tree(pen, stage.sx(wx, 0.7), stage.horizon + h * 0.07, h * rng.uniform(0.4, 0.52), p, rng,
                  rng.choice(("round", "round", "pine")))
    for wx in _scatter(world, 8):
        x = stage.sx(wx, 1.0)
        draw_bush(pen, x, stage.horizon + h * 0.09, h * 0.06, p)


def draw_meadow_trees(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """A few lone trees (snowy pines in winter)."""
    rng = random.Random(world.random())
    kind = "pine" if p.extra.get("snow") else "round"
    for wx in _scatter(world, 10 if kind == "pine" else 5):
        x, size = stage.sx(wx, 0.6), stage.height * rng.uniform(0.26, 0.4)
        if stage.is_clear(x, size * 0.4):
            draw_tree(pen, x, stage.horizon + stage.height * 0.03, size, p, rng, kind)


def draw_pines(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Pine slopes, a mountain hut and rocks."""
    rng = random.Random(world.random())
    h = stage.height
    far = Palette(**{**p.__dict__, "foliage": haze(p, p.foliage, 0.35)})
    for wx in _scatter(world, 16):
        draw_tree(pen, stage.sx(wx, 0.45), stage.horizon + h * 0.01, h * rng.uniform(0.14, 0.2), far, rng, "pine")
    draw_house(pen, stage.landmark_x(world.uniform(0.2, 1.2), 0.55), stage.horizon + h * 0.04, h * 0.18, p, rng,
               wall=(196, 150, 110), roof=(120, 80, 60))
    for wx in _scatter(world, 10):
        x, size = stage.sx(wx, 0.65), h * rng.uniform(0.26, 0.4)
        if stage.is_clear(x, size * 0.3):
            draw_tree(pen, x, stage.horizon + h * 0.05, size, p, rng, "pine")
    for wx in _scatter(world, 6):
        draw_rock(pen, stage.sx(wx, 0.9), stage.horizon + h * rng.uniform(0.1, 0.2), h * rng.uniform(0.03, 0.06), p)


def draw_village(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Two rows of cottages, trees and a fence."""
    rng = random.Random(world.random())
    far = Palette(**{**p.__dict__, "foliage": haze(p, p.foliage, 0.3), "accent": haze(p, p.accent, 0.3)})
    for wx in _scatter(world, 9):
        draw_house(pen, stage.sx(wx, 0.4), stage.horizon - stage.height * 0.005, stage.height * rng.uniform(0.12, 0.15), far, rng,
                   roof=haze(p, rng.choice((p.accent, (120, 110, 150), (90, 140, 170))), 0.3))
    for wx in _scatter(world, 6):
        draw_tree(pen, stage.sx(wx, 0.5), stage.horizon + stage.height * 0.02, stage.height * 0.26, p, rng)
    for wx in _scatter(world, 8):
        draw_house(pen, stage.sx(wx, 0.6), stage.horizon + stage.height * 0.05, stage.height * rng.uniform(0.2, 0.26), p, rng,
                   roof=rng.choice((p.accent, darken(p.accent, 0.2), (120, 110, 150), (90, 140, 170))))
    draw_fence(pen, p, stage, stage.horizon + stage.height * 0.1)


def draw_city(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Tall buildings with window grids (lit at night) and a pavement."""
    rng = random.Random(world.random())
    h, w = stage.height, stage.width
    base = stage.horizon + h * 0.05
    for wx in _scatter(world, 14):
        x = stage.sx(wx, 0.6)
        bw, bh = w * rng.uniform(0.07, 0.11), h * rng.uniform(0.25, 0.45)
        colour = rng.choice(((214, 150, 120), (170, 180, 210), (236, 206, 150), (150, 170, 160), (200, 160, 190)))
        colour = mix(colour, p.far, 0.25)
        pen.rect(x, base - bh, x + bw, base, colour, outline=darken(colour, 0.3), width=h * 0.002)
        pen.rect(x - bw * 0.03, base - bh - h * 0.01, x + bw * 1.03, base - bh, darken(colour, 0.2))
        lit = p.light if p.extra.get("night") else lighten((150, 200, 240), 0.2)
        for row in range(int(bh / (h * 0.06))):
            for col in range(3):
                wx0 = x + bw * (0.12 + col * 0.3)
                wy0 = base - bh + h * 0.03 + row * h * 0.06
                on = rng.random() < (0.6 if p.extra.get("night") else 1.0)
                pen.rect(wx0, wy0, wx0 + bw * 0.18, wy0 + h * 0.035, lit if on else darken(colour, 0.35))
    pen.rect(0, base, w, base + h * 0.02, (200, 200, 206))


def draw_farm(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Fields, a windmill, a red barn, hay bales and a fence."""
    rng = random.Random(world.random())
    h = stage.height
    x = stage.landmark_x(world.uniform(0.2, 1.4), 0.6)
    base = stage.horizon + h * 0.05
    size = h * 0.3
    red = p.accent
    draw_fields(pen, p, stage)
    draw_windmill(pen, stage.landmark_x(world.uniform(0.2, 1.4), 0.45), stage.horizon + h * 0.01, h * 0.3, p,
                  spin=stage.pan / stage.width * 2.0)
    pen.rect(x - size * 0.5, base - size * 0.55, x + size * 0.5, base, red, outline=darken(red, 0.4), width=h * 0.003)
    pen.polygon([(x - size * 0.6, base - size * 0.55), (x - size * 0.3, base - size * 0.85), (x + size * 0.3, base - size * 0.85),
                 (x + size * 0.6, base - size * 0.55)], darken(red, 0.35))
    pen.rect(x - size * 0.18, base - size * 0.38, x + size * 0.18, base, (250, 244, 230))
    pen.line([(x - size * 0.18, base - size * 0.38), (x + size * 0.18, base)], red, size * 0.03)
    pen.line([(x + size * 0.18, base - size * 0.38), (x - size * 0.18, base)], red, size * 0.03)
    for wx in _scatter(world, 3):
        hx = stage.sx(wx, 0.6)
        pen.ellipse(hx, base - h * 0.03, h * 0.05, h * 0.035, (236, 200, 100), darken((236, 200, 100), 0.3), h * 0.002)
    draw_fence(pen, p, stage, base + h * 0.06)
    for wx in _scatter(world, 2):
        draw_tree(pen, stage.sx(wx, 0.5), stage.horizon + h * 0.02, h * 0.26, p, rng)


def draw_fence(pen: Pen, p: Palette, stage: Stage, y: float) -> None:
    """A picket fence across the picture."""
    w, h = stage.width, stage.height
    wood = mix((236, 226, 206), p.ground_top, 0.15)
    step = w * 0.06
    offset = (stage.pan * 0.8) % step
    x = -offset
    pen.rect(-5, y - h * 0.045, w + 5, y - h * 0.037, wood)
    pen.rect(-5, y - h * 0.025, w + 5, y - h * 0.017, wood)
    while x < w + step:
        pen.polygon([(x - h * 0.007, y), (x - h * 0.007, y - h * 0.06), (x, y - h * 0.07), (x + h * 0.007, y - h * 0.06),
                     (x + h * 0.007, y)], wood, darken(wood, 0.3), h * 0.0015)
        x += step


def draw_school(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Trees and a brick school house with a bell tower and a flag."""
    rng = random.Random(world.random())
    h = stage.height
    for wx in _scatter(world, 5):
        draw_tree(pen, stage.sx(wx, 0.45), stage.horizon + h * 0.01, h * 0.24, p, rng)
    x = stage.landmark_x(world.uniform(0.3, 1.5), 0.6)
    base, size = stage.horizon + h * 0.04, h * 0.34
    brick = p.accent
    pen.rect(x - size, base - size * 0.55, x + size, base, brick, outline=darken(brick, 0.4), width=h * 0.003)
    pen.polygon([(x - size * 1.08, base - size * 0.55), (x, base - size * 0.8), (x + size * 1.08, base - size * 0.55)], (90, 80, 100))
    pen.rect(x - size * 0.16, base - size * 1.05, x + size * 0.16, base - size * 0.6, lighten(brick, 0.15))
    pen.polygon([(x - size * 0.22, base - size * 1.05), (x, base - size * 1.25), (x + size * 0.22, base - size * 1.05)], (90, 80, 100))
    pen.circle(x, base - size * 0.85, size * 0.08, (250, 246, 230), darken(brick, 0.4), h * 0.002)
    pen.rect(x - size * 0.14, base - size * 0.32, x + size * 0.14, base, (110, 80, 60))
    glow = p.light if p.extra.get("night") else (180, 216, 240)
    for k in (-3, -2, 2, 3):
        wx = x + k * size * 0.24
        pen.rect(wx - size * 0.08, base - size * 0.42, wx + size * 0.08, base - size * 0.2, glow, outline=(250, 250, 250), width=h * 0.003)
    pen.line([(x + size * 1.3, base), (x + size * 1.3, base - size * 1.1)], (150, 150, 160), h * 0.004)
    pen.polygon([(x + size * 1.3, base - size * 1.1), (x + size * 1.55, base - size * 1.0), (x + size * 1.3, base - size * 0.9)], (236, 96, 88))
    for wx in _scatter(world, 2):
        draw_tree(pen, stage.sx(wx, 0.5), base, h * 0.28, p, rng)


def draw_garden(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """A hedge, trees and a flower arch."""
    rng = random.Random(world.random())
    h, w = stage.height, stage.width
    hedge = darken(p.foliage, 0.05)
    y = stage.horizon + h * 0.03
    for i in range(30):
        x = i * w / 24 - (stage.pan * 0.55) % (w / 24)
        pen.circle(x, y - h * 0.02, h * 0.05, darken(hedge, 0.15))
        pen.circle(x - h * 0.01, y - h * 0.03, h * 0.045, hedge)
    pen.rect(-5, y - h * 0.02, w + 5, y + h * 0.02, hedge)
    for wx in _scatter(world, 3):
        draw_tree(pen, stage.sx(wx, 0.6), y + h * 0.01, h * 0.32, p, rng)
    x = stage.landmark_x(world.uniform(0.3, 2.0), 0.6)
    arch = (250, 250, 245)
    pen.arc(x, y - h * 0.12, h * 0.07, h * 0.08, 180, 360, arch, h * 0.008)
    for side in (-1, 1):
        pen.line([(x + side * h * 0.07, y - h * 0.12), (x + side * h * 0.07, y + h * 0.02)], arch, h * 0.008)
    for k in range(9):
        a = math.pi * (1 + k / 8)
        draw_flower(pen, x + math.cos(a) * h * 0.07, y - h * 0.12 + math.sin(a) * h * 0.08, h * 0.012, p.accent)


def draw_river(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """A river across the middle ground with reeds on the near bank."""
    w, h = stage.width, stage.height
    top, bottom = stage.horizon + h * 0.06, stage.horizon + h * 0.14
    upper, lower = [], []
    for i in range(49):
        x = -0.02 * w + i * w * 1.04 / 48
        t = (x + stage.pan * 0.8) / w
        upper.append((x, top + h * 0.01 * math.sin(t * 6.1)))
        lower.append((x, bottom + h * 0.012 * math.sin(t * 5.3 + 1)))
    pen.gradient(upper + lower[::-1], [(0, p.water), (top / h, darken(p.water, 0.08)), (bottom / h, lighten(p.water, 0.2)),
                                       (1, lighten(p.water, 0.2))])
    pen.line(lower, alpha(darken(p.ground_top, 0.3), 160), h * 0.006)
    rng = random.Random(world.random())
    for _ in range(16):
        x = (rng.uniform(0, WORLD_SPAN) * w - stage.pan * 0.8) % (w * 1.1)
        y = rng.uniform(top + h * 0.015, bottom - h * 0.01)
        pen.line([(x, y), (x + w * 0.03, y)], alpha((255, 255, 255), 150), h * 0.0035)
    for wx in _scatter(world, 5):
        draw_tree(pen, stage.sx(wx, 0.45), stage.horizon + h * 0.02, h * 0.26, p, rng, rng.choice(("round", "pine")))
    for wx in _scatter(world, 8):
        x = stage.sx(wx, 0.8)
        for k in range(4):
            pen.line([(x + k * h * 0.006, bottom + h * 0.015), (x + k * h * 0.01 - h * 0.008, bottom - h * 0.05)],
                     darken(p.foliage, 0.1), h * 0.004)
        pen.ellipse(x + h * 0.004, bottom - h * 0.05, h * 0.004, h * 0.014, (130, 90, 60))


def draw_cacti(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """An oasis, rocks and cacti."""
    rng = random.Random(world.random())
    h = stage.height
    green = (92, 158, 96) if not p.extra.get("night") else mix((92, 158, 96), (24, 32, 78), 0.5)
    draw_oasis(pen, stage.landmark_x(world.uniform(0.2, 1.2), 0.5), stage.horizon + h * 0.03, h, p)
    for wx in _scatter(world, 7):
        draw_rock(pen, stage.sx(wx, 0.8), stage.horizon + h * rng.uniform(0.08, 0.25), h * rng.uniform(0.02, 0.05),
                  p, colour=darken(p.accent, 0.1))
    for wx in _scatter(world, 9):
        x, base, size = stage.sx(wx, 0.65), stage.horizon + h * rng.uniform(0.03, 0.08), h * rng.uniform(0.15, 0.24)
        pen.rect(x - size * 0.08, base - size, x + size * 0.08, base, green, size * 0.08, darken(green, 0.35), h * 0.002)
        for side in (-1, 1):
            ay = base - size * rng.uniform(0.4, 0.65)
            pen.rect(x + side * size * 0.08, ay - size * 0.04, x + side * size * 0.24, ay + size * 0.04, green, size * 0.04)
            pen.rect(x + side * size * 0.24 - size * 0.05, ay - size * 0.3, x + side * size * 0.24 + size * 0.05, ay + size * 0.04,
                     green, size * 0.05, darken(green, 0.35), h * 0.002)
        pen.line([(x - size * 0.02, base - size * 0.9), (x - size * 0.02, base - size * 0.1)], alpha(lighten(green, 0.3), 140), size * 0.02)


def draw_craters(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Moon craters and a little dome base."""
    rng = random.Random(world.random())
    h = stage.height
    for wx in _scatter(world, 10):
        x = stage.sx(wx, 0.9)
        y = stage.horizon + (h - stage.horizon) * rng.uniform(0.1, 0.6)
        r = h * rng.uniform(0.025, 0.06) * (0.6 + (y - stage.horizon) / (h - stage.horizon))
        pen.ellipse(x, y, r, r * 0.35, darken(p.ground_top, 0.25))
        pen.ellipse(x, y + r * 0.05, r * 0.8, r * 0.25, darken(p.ground_top, 0.12))
    draw_rocket(pen, stage.landmark_x(world.uniform(0.1, 1.0), 0.55), stage.horizon + h * 0.04, h * 0.26)
    x = stage.landmark_x(world.uniform(0.5, 2.0), 0.6)
    base = stage.horizon + h * 0.02
    pen.ellipse(x, base - h * 0.06, h * 0.09, h * 0.07, (210, 216, 230), darken((210, 216, 230), 0.4), h * 0.003)
    pen.rect(x - h * 0.11, base - h * 0.03, x + h * 0.11, base, (180, 186, 204))
    pen.circle(x, base - h * 0.07, h * 0.02, p.light)


# -- indoors ------------------------------------------------------------------------


def draw_room(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """Home: a wall with a window (sky outside), a picture, a lamp, a wooden floor and a rug."""
    w, h = stage.width, stage.height
    night = p.extra.get("night")
    floor_y = stage.horizon + h * 0.08
    pen.gradient([(0, 0), (w, 0), (w, h), (0, h)], [(0, darken(p.far, 0.08)), (floor_y / h, p.far), (1, p.far)])
    stripe = alpha(darken(p.far, 0.06), 120)
    step = w / 14
    x = -(stage.pan * 0.7) % step
    while x < w:
        pen.rect(x, 0, x + step * 0.35, floor_y, stripe)
        x += step
    pen.gradient([(0, floor_y), (w, floor_y), (w, h), (0, h)], [(0, p.ground_top), (floor_y / h, p.ground_top), (1, p.ground_bottom)])
    for k in range(1, 7):
        y = floor_y + (h - floor_y) * (k / 7) ** 1.4
        pen.line([(0, y), (w, y)], alpha(darken(p.ground_bottom, 0.3), 90), h * 0.002)
    pen.rect(0, floor_y - h * 0.025, w, floor_y, lighten(p.ground_top, 0.4))
    wx = stage.sx(world.uniform(0.3, 0.5), 0.7)
    x0, y0, x1, y1 = wx - w * 0.11, h * 0.12, wx + w * 0.11, h * 0.46
    pen.gradient([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], [(0, (20, 30, 70) if night else (120, 190, 240)),
                 (y1 / h, (60, 70, 130) if night else (210, 236, 250)), (1, (60, 70, 130))])
    if night:
        pen.circle(x1 - w * 0.04, y0 + h * 0.07, h * 0.035, (252, 246, 222))
        rng = random.Random(world.random())
        for _ in range(14):
            pen.circle(rng.uniform(x0, x1), rng.uniform(y0, y1 - h * 0.05), h * 0.003, (255, 250, 230))
    else:
        hill = [(x0 + (x1 - x0) * i / 12, y1 - h * (0.06 + 0.025 * math.sin(i * 0.9 + 1))) for i in range(13)]
        pen.polygon(hill + [(x1, y1), (x0, y1)], (140, 196, 120))
    frame = (250, 246, 236)
    pen.rect(x0, y0, x1, y1, None, outline=frame, width=h * 0.012)
    pen.line([(wx, y0), (wx, y1)], frame, h * 0.008)
    pen.line([(x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2)], frame, h * 0.008)
    pen.rect(x0 - w * 0.015, y1, x1 + w * 0.015, y1 + h * 0.02, frame)
    curtain = p.accent
    for edge, side in ((x0, -1), (x1, 1)):
        inner, outer = edge - side * w * 0.02, edge + side * w * 0.045
        pen.polygon([(inner, y0 - h * 0.03), (outer, y0 - h * 0.03), (outer + side * w * 0.005, y1 + h * 0.06),
                     (edge + side * w * 0.01, y1 + h * 0.06)], curtain, darken(curtain, 0.3), h * 0.002)
    pen.rect(wx - w * 0.17, y0 - h * 0.04, wx + w * 0.17, y0 - h * 0.03, darken(p.trunk, 0.1))
    px = stage.sx(world.uniform(0.8, 1.1), 0.7)
    pen.rect(px - w * 0.05, h * 0.18, px + w * 0.05, h * 0.33, (246, 236, 210), outline=(150, 110, 70), width=h * 0.01)
    pen.circle(px + w * 0.02, h * 0.22, h * 0.015, (250, 200, 80))
    pen.polygon([(px - w * 0.045, h * 0.32), (px - w * 0.01, h * 0.24), (px + w * 0.02, h * 0.29), (px + w * 0.045, h * 0.26),
                 (px + w * 0.045, h * 0.32)], (110, 170, 110))
    lx = stage.sx(world.uniform(1.3, 1.6), 0.8)
    pen.line([(lx, floor_y), (lx, floor_y - h * 0.3)], (90, 80, 80), h * 0.006)
    pen.ellipse(lx, floor_y, h * 0.04, h * 0.01, (90, 80, 80))
    if night:
        draw_glow(pen, lx, floor_y - h * 0.33, h * 0.05, p.light, 5, 40)
    pen.polygon([(lx - h * 0.06, floor_y - h * 0.28), (lx - h * 0.035, floor_y - h * 0.38), (lx + h * 0.035, floor_y - h * 0.38),
                 (lx + h * 0.06, floor_y - h * 0.28)], (250, 220, 150), darken((250, 220, 150), 0.3), h * 0.002)
    rx = stage.sx(world.uniform(0.5, 0.9), 1.0)
    rug = mix(p.accent, (250, 240, 220), 0.35)
    pen.ellipse(rx, h * 0.86, w * 0.3, h * 0.08, darken(rug, 0.15))
    pen.ellipse(rx, h * 0.86, w * 0.27, h * 0.065, rug)
    pen.ellipse(rx, h * 0.86, w * 0.2, h * 0.045, None, alpha((255, 255, 255), 150), h * 0.004)


def draw_fields(pen: Pen, p: Palette, stage: Stage) -> None:
    """Stripes of crops on the far hills."""
    w, h = stage.width, stage.height
    for k in range(4):
        y = stage.horizon - h * 0.03 + k * h * 0.012
        colour = (226, 200, 110) if k % 2 == 0 else (176, 200, 100)
        if p.extra.get("night") or p.extra.get("snow"):
            colour = mix(colour, p.far, 0.7)
        pen.rect(-5, y, w + 5, y + h * 0.009, alpha(colour, 200))


def draw_beach(pen: Pen, p: Palette, stage: Stage, world: random.Random) -> None:
    """A palm tree, a sandcastle and shells on the sand."""
    h = stage.height
    rng = random.Random(world.random())
    x = stage.landmark_x(world.uniform(0.0, 1.0), 0.9)
    base = stage.horizon + h * 0.3
    pen.curve([(x, base), (x - h * 0.03, base - h * 0.25), (x + h * 0.04, base - h * 0.45)], p.trunk, h * 0.03)
    for k in range(7):
        a = math.pi * (0.9 + k * 0.2)
        top = (x + h * 0.04, base - h * 0.45)
        pen.curve([top, (top[0] + math.cos(a) * h * 0.1, top[1] + math.sin(a) * h * 0.07 - h * 0.03),
                   (top[0] + math.cos(a) * h * 0.17, top[1] + math.sin(a) * h * 0.05 + h * 0.05)], darken(p.foliage, 0.05), h * 0.025)
    for k in range(3):
        pen.circle(x + h * 0.03 + k * h * 0.015, base - h * 0.43, h * 0.012, (120, 80, 50))
    cx = stage.landmark_x(world.uniform(1.0, 2.0), 0.95)
    sand = darken(p.ground_top, 0.08)
    cy = stage.horizon + h * 0.33
    pen.rect(cx - h * 0.07, cy - h * 0.06, cx + h * 0.07, cy, sand, outline=darken(sand, 0.3), width=h * 0.002)
    pen.rect(cx - h * 0.035, cy - h * 0.11, cx + h * 0.035, cy - h * 0.06, sand, outline=darken(sand, 0.3), width=h * 0.002)
    pen.polygon([(cx, cy - h * 0.16), (cx + h * 0.03, cy - h * 0.145), (cx, cy - h * 0.13)], (226, 80, 80))
    pen.line([(cx, cy - h * 0.11), (cx, cy - h * 0.16)], (110, 80, 60), h * 0.003)
    for _ in range(8):
        sx = (rng.uniform(0, WORLD_SPAN) * stage.width - stage.pan) % (stage.width * 1.1)
        sy = stage.horizon + h * rng.uniform(0.25, 0.42)
        pen.chord(sx, sy, h * 0.012, h * 0.012, 180, 360, rng.choice(((250, 200, 200), (250, 230, 200), (240, 240, 250))))
