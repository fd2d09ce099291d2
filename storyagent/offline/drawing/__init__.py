"""The offline illustrator: one storybook picture per page, drawn with Pillow.

The scene words pick the place and palette, the role sheet gives every character a
fixed look and size, and the page's own words choose props, pose, expression and
mood (night, rain). Each character is drawn on its own layer so it can tumble over
and so its box in the picture is known exactly. Drawing happens at 2x and is scaled
down for smooth edges; the same inputs always give the same pixels.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageChops

from .backdrop import Stage, draw_backdrop
from .catalogue import CATALOGUE
from .figures import ANIMALS, draw_figure, draw_shadow
from .hose import aim_hoses, draw_held_hose, draw_spray
from .page_plan import FLOATERS, SEATS, Actor, PagePlan, half_width, plan_page
from .palette import make_palette, page_moods, page_setting, scene_keys, tint, weather_over
from .pen import Pen, darken
from .props import draw_rain, draw_snowfall
from .scenery import draw_sparkle
from .things import draw_bicycle, draw_water_strip

SUPERSAMPLE = 2
LIE_DOWN = set(ANIMALS) | {"girl", "boy", "robot", "bear"}    # upright bodies lie down to sleep
WATER_PROPS = ("boat", "fish")


@dataclass
class Illustration:
    """A drawn page and what is on it: `boxes` are each character's extent in image pixels [x0, y0, x1, y1)."""

    image: Image.Image
    characters: list[str] = field(default_factory=list)
    props: list[str] = field(default_factory=list)
    boxes: dict[str, list[int]] = field(default_factory=dict)

    @property
    def drawn(self) -> dict[str, list[str]]:
        return {"characters": list(self.characters), "props": list(self.props)}


def render_page(story: dict, page: int, size: tuple[int, int], seed: int) -> Illustration:
    """Draw page `page` (1-based) of the story at exactly `size`, and say what was drawn where."""
    width, height = size
    text = story["pages"][page - 1]
    setting, modifiers = scene_keys(str(story.get("scene", "")), str(story.get("topic", "")))
    setting = page_setting(text, setting)
    moods = (set(modifiers) | page_moods(text)) - weather_over(text)
    palette = make_palette(setting, moods)
    indoors = bool(palette.extra.get("indoors"))
    plan = plan_page(story, page, seed, setting, bool(palette.extra.get("night")), indoors)
    if "snow" in plan.weather and not palette.extra.get("snow"):
        palette = make_palette(setting, moods | {"snow"})
    palette = tint(palette, plan.light, plan.light_amount)
    rng = random.Random(f"{plan.world}|{page}|{text}")

    canvas = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE))
    pen = Pen(canvas, SUPERSAMPLE)
    horizon, figure_height, prop_size = _framing(plan, width, height)
    _keep_in_frame(plan.actors, figure_height, width)
    aims = aim_hoses(plan.actors, plan.props, figure_height, width)        # a hose sprays forward onto the fire or the flowers
    floating = [(a.x * width - figure_height * a.scale * 0.5, a.x * width + figure_height * a.scale * 0.5)
                for a in plan.actors if a.look.species in FLOATERS or a.pose == "fly"]
    stage = Stage(width, height, horizon, plan.pan * width * (0.15 if indoors else 1.0), tuple(floating))
    draw_backdrop(pen, setting, palette, stage, plan.world)
    taken = [actor.x for actor in plan.actors] + [x for _, x in aims.values()]
    drawn_props: list[str] = []

    _draw_features(pen, plan, stage, palette, taken, prop_size, rng, drawn_props)
    strings: dict[str, tuple[float, float]] = {}      # kite -> where its string starts
    for name in [p for p in plan.props if CATALOGUE[p].place == "sky" and p != "balloon"]:
        strings[name] = _draw_in_sky(pen, name, stage, palette, prop_size, rng, len(drawn_props))
        drawn_props.append(name)
    for name in [p for p in plan.props if CATALOGUE[p].place == "big"]:
        size = prop_size * 1.3 * CATALOGUE[name].size
        x = _inside(_free_spot(taken, 0.2, rng) * width, size * CATALOGUE[name].half, width)
        CATALOGUE[name].draw(pen, x, horizon + height * 0.07, size, palette, rng)
        drawn_props.append(name)
    for name in [p for p in plan.props if CATALOGUE[p].place == "water"]:
        x = _free_spot(taken, 0.18, rng) * width
        y = horizon + height * 0.08
        if setting not in ("sea", "river") and "pond" not in plan.features:
            draw_water_strip(pen, x, y, prop_size * 1.2, palette, rng)
        CATALOGUE[name].draw(pen, x, y, prop_size * CATALOGUE[name].size, palette, rng)
        drawn_props.append(name)

    boxes: dict[str, list[int]] = {}
    hands: dict[str, tuple[float, float]] = {}
    nozzles: dict[str, tuple[float, float]] = {}
    order = sorted(range(len(plan.actors)), key=lambda i: i == 0)   # helpers first, the hero in front
    for index in order:
        actor = plan.actors[index]
        feet = height * (0.87 if index == 0 else 0.84)
        if actor.seat == "bicycle":       # ridden: the saddle under the rider, the handlebars ahead
            seat_size = figure_height * actor.scale * 0.62
            draw_shadow(pen, actor.x * width + actor.facing * seat_size * 0.2, feet, seat_size * 1.6)
            draw_bicycle(pen, actor.x * width + actor.facing * seat_size * 0.2, feet, seat_size, palette, rng, actor.facing)
            feet -= seat_size * SEATS[actor.seat]
        elif actor.seat:
            seat_size = prop_size * (1.7 if actor.pose == "sleep" and actor.seat == "bed" else 1.25) * CATALOGUE[actor.seat].size
            CATALOGUE[actor.seat].draw(pen, actor.x * width + actor.facing * seat_size * 0.1, feet, seat_size, palette, rng)
            feet -= seat_size * SEATS[actor.seat]
        whole_width = all(other.pose == "swim" for other in plan.actors)
        box, hand = _draw_actor(canvas, pen, actor, actor.x * width, feet, figure_height * actor.scale, palette, prop_size,
                                rng, whole_width)
        if box:
            boxes[actor.name] = box
        if hand and actor.held == "hose":
            nozzles[actor.name] = hand
        elif hand:
            hands[actor.name] = hand
    _draw_strings(pen, plan, strings, hands, boxes, stage, palette, prop_size, rng, drawn_props)
    for actor in plan.actors:
        for name in [n for n in (actor.worn, actor.held, actor.seat, actor.breath) if n]:
            if name not in drawn_props:
                drawn_props.append(name)

    ground = [p for p in plan.props if CATALOGUE[p].place == "ground"]
    watered = {target: x for target, x in aims.values() if target}
    for name in ground:
        if name in watered:                     # where the hose's water lands
            size = prop_size * CATALOGUE[name].size
            CATALOGUE[name].draw(pen, _inside(watered[name] * width, size * 0.6, width), height * 0.93, size, palette, rng)
            drawn_props.append(name)
            continue
        owner = plan.actors[plan.near.get(name, 0)]
        reach = figure_height * owner.scale * 0.45 / width
        x = _free_spot(taken, max(0.14, reach), rng, near=owner.x)
        near = all(abs(x - t) > 0.14 for t in taken[: len(plan.actors)])
        y = height * 0.92 if near else horizon + height * 0.1
        size = prop_size * CATALOGUE[name].size * (1.0 if near else 0.7)
        CATALOGUE[name].draw(pen, _inside(x * width, size * 0.6, width), y, size, palette, rng)
        drawn_props.append(name)
    for actor in plan.actors:
        if actor.name in nozzles:
            target, x = aims[actor.name]
            land_y = height * 0.93 - (prop_size * CATALOGUE[target].size * 0.45 if target else -height * 0.02)
            draw_spray(pen, nozzles[actor.name], (x * width, land_y), prop_size)
    hero = plan.actors[0]
    for k, name in enumerate(p for p in plan.props if CATALOGUE[p].place == "air"):
        side = -hero.facing if k == 0 else hero.facing
        x = hero.x * width + side * figure_height * hero.scale * (0.55 + 0.1 * k)
        y = height * 0.87 - figure_height * hero.scale * (1.05 + 0.1 * k)
        CATALOGUE[name].draw(pen, min(max(x, width * 0.08), width * 0.92), max(y, height * 0.12), prop_size, palette, rng)
        drawn_props.append(name)
    if hero.mood == "happy" and hero.pose not in ("fall", "sleep"):
        hx, top = hero.x * width, height * 0.87 - figure_height * hero.scale * 1.08
        for k in range(4):
            draw_sparkle(pen, hx + (k - 1.5) * height * 0.09, top + height * 0.04 * (k % 2), height * 0.016, (255, 246, 190, 230))
    _draw_weather(pen, plan, palette, width, height, rng, drawn_props)
    drawn_props += plan.backdrop

    image = _finish(canvas.reduce(SUPERSAMPLE))
    characters = [actor.name for actor in plan.actors if actor.name in boxes]
    return Illustration(image=image, characters=characters, props=_ordered(drawn_props, plan), boxes=boxes)


def _framing(plan: PagePlan, width: int, height: int) -> tuple[float, float, float]:
    """The horizon's height, the standard figure height and the standard prop size for this frame.

    In a landscape or square frame the characters are as tall as the height allows; a tall 9:16 frame is
    limited by its width instead, which left small figures under a tall empty sky. There the figures may
    take more of the width and the horizon comes down, so the ground and the characters fill the picture;
    props keep the size they would have next to width-limited figures, so they still find room beside them.
    """
    crowd = min(len(plan.actors), 3) - 1
    portrait = height > width * 1.2
    usual = min(height * 0.42, width * (0.5, 0.42, 0.34)[crowd]) * plan.zoom
    figure_height = min(height * 0.42, width * (0.7, 0.56, 0.44)[crowd]) * plan.zoom if portrait else usual
    horizon = height * (plan.horizon + (0.1 if portrait else 0.0))
    return horizon, figure_height, usual * 0.31


def _keep_in_frame(actors: list[Actor], figure_height: float, width: int) -> None:
    """Move characters in from the edges so nobody is cut off (narrow 9:16 and 1:1 frames need this)."""
    for actor in actors:
        reach = half_width(actor.look)
        span = 2 * reach + (0.6 if actor.breath else 0.0)          # in figure heights: the body, and a flame or puff ahead
        actor.scale = min(actor.scale, 0.96 * width / (figure_height * span))     # a crab's claws fit in a narrow frame
        half = figure_height * actor.scale * reach / width
        front = half + (figure_height * actor.scale * 0.6 / width if actor.breath else 0.0)   # a flame or puff ahead
        if actor.breath:
            actor.facing = 1 if actor.x < 0.5 else -1      # breathe toward the middle, where there is room
        left, right = (half, front) if actor.facing > 0 else (front, half)
        actor.x = min(max(actor.x, left), 1 - right) if left + right < 1 else left / (left + right)


def _inside(x: float, half: float, width: float) -> float:
    """A prop's centre moved in so the whole prop shows (a 9:16 frame is narrow; 0.05 of it is no margin)."""
    return min(max(x, half), width - half) if half * 2 < width else width / 2


def _ordered(drawn: list[str], plan: PagePlan) -> list[str]:
    """Drawn props, each once, in the plan's order (held, placed, scene, weather)."""
    out = [name for name in plan.drawn_props if name in drawn]
    return out + [name for name in drawn if name not in out]


def _free_spot(taken: list[float], clearance: float, rng: random.Random, near: float | None = None) -> float:
    """An x fraction not too close to what is already there (nearest to `near` if given); remembered as taken."""
    options = [0.12, 0.88, 0.25, 0.75, 0.05, 0.95, 0.5, 0.38, 0.62]
    if near is not None:
        options = sorted(options, key=lambda x: abs(x - near))
    for x in options:
        if all(abs(x - t) >= clearance for t in taken):
            taken.append(x)
            return x
    x = max(options, key=lambda x: min(abs(x - t) for t in taken))     # no room (a narrow frame): the emptiest spot
    taken.append(x)
    return x


def _draw_features(pen: Pen, plan: PagePlan, stage: Stage, palette, taken: list[float], size: float,
                   rng: random.Random, drawn: list[str]) -> None:
    """The scene's named features (a pond, a bridge...), in the middle distance on every page."""
    width, height = stage.width, stage.height
    for k, name in enumerate(plan.features):
        art = CATALOGUE[name]
        if name in ("pond", "stream"):
            x = _free_spot(taken, 0.3, rng)
            art.draw(pen, x * width, stage.horizon + height * 0.1, min(height * 0.16, width * 0.14), palette, rng)
        elif art.place == "sky":
            _draw_in_sky(pen, name, stage, palette, size, rng, k)
        else:
            x = _free_spot(taken, 0.2, rng)
            scale = 1.3 if art.place == "big" else 0.8
            art.draw(pen, x * width, stage.horizon + height * 0.07, size * scale * art.size, palette, rng)
        drawn.append(name)


def _draw_in_sky(pen: Pen, name: str, stage: Stage, palette, size: float, rng: random.Random,
                 index: int) -> tuple[float, float]:
    """A sky prop at one of a few places above the horizon, clear of the backdrop's sun; returns where a kite's string starts."""
    spots = ((0.22, 0.2), (0.5, 0.14), (0.36, 0.3), (0.62, 0.26))
    x, y = spots[index % len(spots)]
    scale = 1.6 if name == "rainbow" else 1.0
    s = size * scale * CATALOGUE[name].size
    CATALOGUE[name].draw(pen, x * stage.width, y * stage.horizon / 0.6, s, palette, rng)
    return x * stage.width, y * stage.horizon / 0.6 + s * 0.6


def _draw_strings(pen: Pen, plan: PagePlan, strings: dict, hands: dict, boxes: dict, stage: Stage, palette, size: float,
                  rng: random.Random, drawn: list[str]) -> None:
    """A kite's string down to the hand that flies it; balloons held up by a hand (or in the sky if no hand is free)."""
    def owner_hand(name: str):
        owner = plan.actors[plan.near.get(name, 0)].name
        return hands.get(owner)
    hand = owner_hand("kite")
    if "kite" in strings and hand:
        (kx, ky), (hx, hy) = strings["kite"], hand
        pen.curve([(kx, ky), (kx + (hx - kx) * 0.3, ky + (hy - ky) * 0.75), (hx, hy)], (70, 56, 60, 200), max(1.0, size * 0.02))
    if "balloon" in plan.props:
        hand = owner_hand("balloon")
        owner = plan.actors[plan.near.get("balloon", 0)]
        if hand and owner.name in boxes:
            bx = hand[0] + owner.facing * size * 0.4
            by = max(boxes[owner.name][1] - size * 0.7, size * 0.5)
            CATALOGUE["balloon"].draw(pen, bx, by, size, palette, rng)
            pen.line([(bx, by + size * 1.6), hand], (70, 56, 60, 160), max(1.0, size * 0.015))
        else:
            _draw_in_sky(pen, "balloon", stage, palette, size, rng, 3)
        drawn.append("balloon")


def _draw_actor(canvas: Image.Image, pen: Pen, actor: Actor, x: float, feet: float, h: float, palette, prop_size: float,
                rng: random.Random, water_across: bool = True) -> tuple[list[int] | None, tuple[float, float] | None]:
    """Draw one character (and what it holds) on a layer; return its box in output pixels and its free front hand."""
    ss = SUPERSAMPLE
    width, height = canvas.width / ss, canvas.height / ss
    floating = actor.look.species in FLOATERS and actor.pose != "fall"
    lift = (h * (0.6 if actor.look.species in ("cloud", "star") else 0.32)) if actor.pose == "fly" or floating else 0.0
    if not actor.seat:                    # a rider's or a sleeper's shadow is under the bike or the bed
        draw_shadow(pen, x, feet, h, actor.pose, 2.2 if actor.pose == "fall" else (0.6 if actor.pose == "fly" else 1.0))
    if actor.pose == "swim":
        span = (0.0, width) if water_across else (x - h, x + h)
        _draw_water_band(pen, feet - h * 0.42, span, feet + h * 0.1 if not water_across else height, palette, behind=True)
    reach = 1.4 * h
    left, top = max(0.0, x - reach), max(0.0, feet - lift - 1.45 * h)
    right, bottom = min(width, x + reach), min(height, feet + 0.12 * h)
    if right - left < 2 or bottom - top < 2:
        return None, None
    region = (int(left * ss), int(top * ss), math.ceil(right * ss), math.ceil(bottom * ss))
    before = canvas.crop(region)
    layer = before.copy()
    layer_pen = Pen(layer, ss, origin=(region[0] / ss, region[1] / ss))
    lying = actor.pose == "sleep" and actor.look.species in LIE_DOWN
    figure = draw_figure(layer_pen, actor.look, x, feet - lift, h, actor.facing, actor.pose, actor.mood, actor.breath,
                         zzz=not lying)
    if actor.held and figure.hand:
        art = CATALOGUE[actor.held]
        hx, hy = figure.hand
        if actor.held == "umbrella":      # held up over the head
            art.draw(layer_pen, hx, hy + h * 0.12, h * 0.75, palette, rng)
        elif actor.held == "hose":        # pointed forward; the water is drawn over the scene once the target is there
            figure.hand = draw_held_hose(layer_pen, hx, hy, min(h * 0.34, prop_size * 1.1), actor.facing, feet - lift)
        else:
            s = min(h * 0.34, prop_size * 1.1) * min(art.size, 1.2)
            art.draw(layer_pen, hx + actor.facing * s * 0.15, hy + s * 0.45, s, palette, rng)
    if actor.pose == "fly" and actor.look.species not in FLOATERS:
        _draw_swooshes(layer_pen, x, feet - lift, h, actor.facing)
    mask = ImageChops.difference(layer, before).convert("L").point(lambda v: 255 if v else 0)
    origin = region[:2]
    if actor.pose in ("fall", "run") or lying:
        layer, mask, origin = _tilt(layer, mask, actor, feet, origin, ss)
    canvas.paste(layer, origin, mask)
    if actor.pose == "swim":
        _draw_water_band(pen, feet - h * 0.3, span, feet + h * 0.1 if not water_across else height, palette, behind=False)
    bbox = mask.getbbox()
    if not bbox:
        return None, None
    if actor.pose == "run":
        back = (origin[0] + (bbox[0] if actor.facing > 0 else bbox[2])) / ss
        for k in range(3):
            y = feet - h * (0.2 + 0.2 * k)
            start = back - actor.facing * h * (0.04 + 0.05 * (k % 2))
            pen.line([(start, y), (start - actor.facing * h * (0.3 - 0.06 * k), y)], (255, 255, 255, 210), max(1.0, h * 0.014))
    if lying:
        _draw_zzz(pen, (origin[0] + (bbox[0] + bbox[2]) / 2) / ss, (origin[1] + bbox[1]) / ss, h)
    if actor.pose == "fall":
        _draw_dizzy(pen, (origin[0] + (bbox[0] + bbox[2]) / 2) / ss, (origin[1] + bbox[1]) / ss, feet, h)
    x0, y0 = origin[0] + bbox[0], origin[1] + bbox[1]
    x1, y1 = origin[0] + bbox[2], origin[1] + bbox[3]
    if actor.pose == "swim":
        y1 = min(y1, int((feet - h * 0.3) * ss) + 2 * ss)
    box = [max(0, int(x0 // ss)), max(0, int(y0 // ss)), min(int(width), math.ceil(x1 / ss)), min(int(height), math.ceil(y1 / ss))]
    free_hand = figure.hand if figure.hand and not actor.held and actor.pose not in ("fall", "run", "swim") and not lying else None
    if actor.held == "hose" and figure.hand and actor.pose not in ("fall", "run") and not lying:
        free_hand = figure.hand           # the nozzle's tip, where the water comes out
    return (box if box[0] < box[2] and box[1] < box[3] else None), free_hand


def _tilt(layer: Image.Image, mask: Image.Image, actor: Actor, feet: float, origin: tuple[int, int], ss: int):
    """Tip a tumbling character onto the ground (or lean a runner forward) about its middle.

    Only a square patch around the character is turned, which keeps this cheap; returns
    the turned patch, its mask and where the patch goes on the canvas.
    """
    bbox = mask.getbbox()
    if not bbox:
        return layer, mask, origin
    cx, cy = (bbox[0] + bbox[2]) // 2, (bbox[1] + bbox[3]) // 2
    half = int(math.hypot(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 2) + 2
    box = (cx - half, cy - half, cx + half, cy + half)
    layer, mask = layer.crop(box), mask.crop(box)
    origin = (origin[0] + box[0], origin[1] + box[1])
    angle = {"fall": -actor.facing * 80, "sleep": 78}.get(actor.pose, -actor.facing * 10)   # sleepers: head left, on the pillow
    turned = mask.rotate(angle, resample=Image.Resampling.NEAREST)
    shift = 0
    if actor.pose in ("fall", "sleep") and turned.getbbox():
        shift = int(feet * ss - origin[1] - turned.getbbox()[3])
    mask = turned.transform(turned.size, Image.Transform.AFFINE, (1, 0, 0, 0, 1, -shift), resample=Image.Resampling.NEAREST) \
        if shift else turned
    layer = layer.rotate(angle, resample=Image.Resampling.BILINEAR, translate=(0, shift))
    return layer, mask, origin


def _draw_water_band(pen: Pen, top: float, span: tuple[float, float], bottom: float, palette, behind: bool) -> None:
    """Water for a swimmer from `top` down to `bottom` across `span`: deeper behind, a wavy surface in front."""
    left, right = span
    wide, deep = right - left, bottom - top
    if right - left < pen.width * 0.99:        # a pond around one swimmer: an oval, its near half drawn over them
        cx, cy = (left + right) / 2, top + deep * 0.2
        if behind:
            pen.ellipse(cx, cy, wide / 2, deep * 0.75, darken(palette.water, 0.12))
            pen.ellipse(cx, cy + deep * 0.03, wide / 2 * 0.96, deep * 0.7, palette.water)
        else:
            pen.chord(cx, cy, wide / 2 * 0.96, deep * 0.7, 0, 180, (*palette.water, 235))
            pen.arc(cx, cy, wide * 0.35, deep * 0.08, 200, 340, (255, 255, 255, 170), max(1.0, deep * 0.015))
        return
    waves = [(left + k * wide / 24, top + deep * 0.03 * math.sin(k * 1.3)) for k in range(25)]
    colour = palette.water if behind else tuple(min(255, c + 12) for c in palette.water)
    pen.polygon(waves + [(right, bottom), (left, bottom)], colour if behind else (*colour, 235))
    if not behind:
        for k in range(5):
            x = left + wide * (0.1 + 0.2 * k)
            pen.arc(x, top + deep * 0.1, wide * 0.05, deep * 0.04, 200, 340, (255, 255, 255, 170), max(1.0, deep * 0.015))


def _draw_zzz(pen: Pen, x: float, top: float, h: float) -> None:
    """Sleepy Zs rising over a character lying down."""
    for k, size in enumerate((0.05, 0.07, 0.09)):
        zx, zy, r = x + h * (0.1 + k * 0.09), top - h * (0.06 + k * 0.1), size * h / 2
        pen.line([(zx - r, zy - r), (zx + r, zy - r), (zx - r, zy + r), (zx + r, zy + r)], (255, 255, 255, 220),
                 max(1.0, h * 0.013), round_caps=False)


def _draw_dizzy(pen: Pen, x: float, top: float, feet: float, h: float) -> None:
    """Little stars over a tumbled character and puffs of dust where it landed."""
    from .props import draw_star
    for k in range(3):
        draw_star(pen, x + (k - 1) * h * 0.16, top - h * (0.08 + 0.05 * (k % 2)), h * 0.035, (255, 220, 90))
    for side in (-1, 1):
        for k in range(2):
            pen.circle(x + side * h * (0.5 + k * 0.12), feet - h * (0.03 + 0.04 * k), h * (0.05 - 0.015 * k), (240, 236, 226, 200))


def _draw_swooshes(pen: Pen, x: float, y: float, h: float, facing: int) -> None:
    """Wind lines behind a flying character."""
    for k in range(3):
        yy = y - h * (0.25 + 0.18 * k)
        start = x - facing * h * (0.45 + 0.05 * k)
        pen.line([(start, yy), (start - facing * h * 0.3, yy + h * 0.02)], (255, 255, 255, 200), max(1.0, h * 0.012))


def _draw_weather(pen: Pen, plan: PagePlan, palette, width: int, height: int, rng: random.Random, drawn: list[str]) -> None:
    """Rain, snow or wind over the whole picture, from the page words or the scene."""
    if palette.extra.get("rain") or "rain" in plan.weather:
        draw_rain(pen, width, height, rng)
        drawn.append("rain")
    elif palette.extra.get("snow") or "snow" in plan.weather:
        draw_snowfall(pen, width, height, rng)
        if "snow" in plan.weather:
            drawn.append("snow")
    if "wind" in plan.weather:
        for k in range(5):
            y = height * (0.25 + 0.1 * k)
            x = width * rng.uniform(0.05, 0.7)
            pen.arc(x, y, width * 0.08, height * 0.03, 180, 350, (255, 255, 255, 200), max(1.0, height * 0.004))
            colour = ((230, 120, 50), (220, 70, 60), (246, 190, 60))[k % 3]
            pen.rotated_ellipse(x + width * 0.1, y - height * 0.02, height * 0.012, height * 0.006, k * 40, colour)
        drawn.append("wind")


@lru_cache(maxsize=8)
def _vignette(width: int, height: int) -> Image.Image:
    """A soft darkening toward the corners, as a multiply layer for one picture size."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    r = np.sqrt(((xs - width / 2) / (width / 2)) ** 2 + ((ys - height / 2) / (height / 2)) ** 2)
    shade = 255 * (1.0 - 0.2 * np.clip(r - 0.4, 0, None) ** 1.5)
    return Image.fromarray(np.round(shade).astype(np.uint8)).convert("RGB")


def _finish(image: Image.Image) -> Image.Image:
    """Darken the corners a little, like a printed page."""
    return ImageChops.multiply(image, _vignette(image.width, image.height))


__all__ = ["Illustration", "render_page"]
