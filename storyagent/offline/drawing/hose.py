"""A hose in a character's hands: it points forward, and its water arcs ahead onto what the page waters.

"Leo sprayed water from the hose onto the fire" puts the fire where the water lands, in
front of Leo (who turns toward the middle of the picture if the edge is too close); with
nothing to water, the arc lands on the ground ahead.
"""
from __future__ import annotations

import math

from .pen import Pen, darken

HOSE_RED, BRASS = (196, 60, 50), (226, 184, 80)
WATER = (120, 190, 250, 225)
# what a hose is aimed at, first found first: a fire to put out, plants to water
TARGETS = ("fire", "flower", "seed", "pumpkin", "carrot", "puddle", "sandcastle")


def aim_hoses(actors: list, props: list[str], figure_height: float, width: int) -> dict[str, tuple[str, float]]:
    """For each character (a page plan's Actor) holding a hose: (the prop it waters or "", where the water lands
    as a fraction of the width), from the props placed on the page.

    The landing spot is a body's length ahead; a character too near the edge to spray forward turns round.
    """
    aims: dict[str, tuple[str, float]] = {}
    free = [name for name in props if name in TARGETS]
    for actor in actors:
        if actor.held != "hose":
            continue
        ahead = figure_height * actor.scale * 0.95 / width
        if not 0.08 < actor.x + actor.facing * ahead < 0.92:
            actor.facing = -actor.facing
        target = free.pop(0) if free else ""
        aims[actor.name] = (target, min(0.94, max(0.06, actor.x + actor.facing * ahead)))
    return aims


def draw_held_hose(pen: Pen, hx: float, hy: float, s: float, facing: int, feet: float) -> tuple[float, float]:
    """The brass nozzle in the hand, pointing forward and a little up, and the hose hanging from it to the ground
    and trailing away behind; returns the nozzle's tip."""
    angle = math.radians(22)
    length = s * 0.5
    tip = (hx + facing * length * math.cos(angle), hy - length * math.sin(angle))
    back = (hx - facing * s * 0.12, hy + s * 0.05)
    pen.curve([back, (hx - facing * s * 0.1, feet - s * 0.2), (hx + facing * s * 0.2, feet - s * 0.02),
               (hx - facing * s * 1.4, feet - s * 0.04)], HOSE_RED, s * 0.09)
    pen.line([back, (hx, hy)], HOSE_RED, s * 0.1)
    normal = (-math.sin(angle) * facing, -math.cos(angle))
    half = s * 0.055
    pen.polygon([(hx + normal[0] * half * 1.4, hy + normal[1] * half * 1.4), (tip[0] + normal[0] * half, tip[1] + normal[1] * half),
                 (tip[0] - normal[0] * half, tip[1] - normal[1] * half), (hx - normal[0] * half * 1.4, hy - normal[1] * half * 1.4)],
                BRASS, darken(BRASS, 0.5), max(0.6, s * 0.02))
    return tip


def draw_spray(pen: Pen, tip: tuple[float, float], land: tuple[float, float], s: float) -> None:
    """Water from a nozzle: a few jets that rise a little, then arc over and fall on the landing spot, with drops
    and a splash there."""
    (tx, ty), (lx, ly) = tip, land
    direction = 1 if lx >= tx else -1
    peak_y = min(ty, ly) - max(abs(lx - tx) * 0.28, s * 0.25)
    for k, spread in enumerate((-0.06, 0.0, 0.06)):
        end = (lx + spread * s * 2, ly + abs(spread) * s)
        control = (tx + (lx - tx) * 0.45, peak_y + k * s * 0.04)
        pen.curve([(tx, ty), control, end], WATER, max(1.0, s * (0.07 - 0.015 * abs(k - 1))))
    for k in range(5):
        drop_x = lx + direction * s * (0.05 * k - 0.12) + (k % 2) * s * 0.04
        pen.circle(drop_x, ly - s * (0.12 + 0.07 * (k % 3)), s * 0.03, WATER)
    for side in (-1, 1):
        pen.arc(lx + side * s * 0.12, ly - s * 0.02, s * 0.1, s * 0.08, 200 if side < 0 else 270, 270 if side < 0 else 340,
                (255, 255, 255, 210), max(1.0, s * 0.02))
