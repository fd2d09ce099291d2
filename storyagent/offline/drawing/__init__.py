"""The offline illustrator: one storybook picture per page, drawn with Pillow.

The scene words pick the place and palette, the role sheet gives every character a
fixed look, and the page's own words choose props, pose, expression and mood
(night, rain). Drawing happens at 2x and is scaled down for smooth edges; the same
inputs always give the same pixels.
"""
from __future__ import annotations

import math
import random
from functools import lru_cache

import numpy as np
from PIL import Image, ImageChops

from ...page_prompts import characters_on_page
from ..vocabulary import PROPS, find_keys
from .backdrop import Stage, draw_backdrop
from .scenery import draw_sparkle
from .figures import draw_figure
from .looks import Look, parse_look
from .palette import make_palette, page_moods, scene_keys
from .pen import Pen
from .props import BIG_PROPS, SKY_PROPS, draw_ground_prop, draw_heart, draw_rain, draw_sky_prop, draw_snowfall

SUPERSAMPLE = 2
POSE_WORDS = {
    "sleep": (("fell asleep", "fast asleep", "drifted", "snuggled"), ("睡着了", "梦乡")),
    "jump": (("jump", "danced", "cheer", "hooray", "celebrat", "party"), ("跳", "欢呼", "庆祝", "派对")),
    "sit": (("sat ", "sit ", "sitting", "rest"), ("坐",)),
    "wave": (("hello", "waved"), ("你好", "招呼")),
    "walk": (("walk", "wander", "follow", "set off", "step", "path", "hurried", "rush", "search", "climb", "explor", "way"),
             ("走", "出发", "跑", "找", "路", "探险")),
}
MOOD_WORDS = {
    "happy": (("smile", "laugh", "happy", "joy", "giggl", "cheer", "hug", "fun", "glad", "celebrat", "wonderful", "proud"),
              ("笑", "开心", "快乐", "高兴", "美好", "骄傲", "拥抱")),
    "sad": (("sad", "cried", "cry", "tear", "lonely", "sorry", "sigh", "sniffl", "empty", "heavy"),
            ("难过", "哭", "眼泪", "孤单", "叹气", "后悔", "沉")),
    "scared": (("afraid", "scared", "lost", "wobbl", "fear", "worried", "thump", "strange", "scary"),
               ("害怕", "发抖", "迷路", "担心", "陌生", "可怕", "怦怦")),
    "angry": (("angry", "stomp", "shout", "cross", "temper"), ("生气", "跺", "火气", "脾气")),
}
SIZES = {"bear": 1.12, "mouse": 0.72, "bird": 0.78, "owl": 0.86, "frog": 0.72, "turtle": 0.78, "duck": 0.78,
         "penguin": 0.86, "sheep": 0.92, "squirrel": 0.82, "robot": 1.0, "girl": 1.0, "boy": 1.0}
HERO_SPOTS = (0.5, 0.36, 0.63, 0.42, 0.7, 0.3, 0.56)
ZOOMS = (1.0, 0.9, 1.1, 0.95, 1.05)


def render_page(story: dict, page: int, size: tuple[int, int], seed: int) -> Image.Image:
    """Draw page `page` (1-based) of the story as an RGB image of exactly `size`."""
    width, height = size
    text = story["pages"][page - 1]
    setting, modifiers = scene_keys(str(story.get("scene", "")), str(story.get("topic", "")))
    palette = make_palette(setting, set(modifiers) | page_moods(text))
    rng = random.Random(f"{seed}|{page}|{setting}|{text}")
    pan = ((page - 1) * 0.37 % 1.6) * width * (0.15 if setting == "home" else 1.0)
    horizon = height * (0.56 + 0.03 * math.sin(page * 1.7))
    canvas = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE))
    pen = Pen(canvas, SUPERSAMPLE)
    stage = Stage(width, height, horizon, pan)
    draw_backdrop(pen, setting, palette, stage, seed)

    cast = _cast(story, page)
    mood, pose = _mood(text), _pose(text, page)
    spots = _positions(len(cast), page, seed)
    zoom = ZOOMS[page % len(ZOOMS)]
    props = [name for name in find_keys(text, PROPS) if not _already_drawn(name, palette)][:4]
    taken = [x for x, _ in spots]
    _draw_props(pen, [p for p in props if p in BIG_PROPS], stage, palette, taken, rng, big=True)
    for index in sorted(range(len(cast)), key=lambda i: i == 0):
        name, look = cast[index]
        x_frac, facing = spots[index]
        scale = SIZES.get(look.species, 0.95) if index else 1.0
        feet = height * (0.87 if index == 0 else 0.84)
        draw_figure(pen, look, x_frac * width, feet, height * 0.42 * zoom * scale, facing,
                    pose if index == 0 else _helper_pose(pose), mood)
    _draw_props(pen, [p for p in props if p not in BIG_PROPS], stage, palette, taken, rng, big=False)
    if mood == "happy":
        hx = spots[0][0] * width
        for k in range(4):
            draw_sparkle(pen, hx + (k - 1.5) * height * 0.09, height * (0.42 + 0.05 * (k % 2)), height * 0.018,
                         (255, 246, 190, 230))
    if palette.extra.get("rain") or "rain" in props:
        draw_rain(pen, width, height, rng)
    elif palette.extra.get("snow"):
        draw_snowfall(pen, width, height, rng)
    return _finish(canvas.reduce(SUPERSAMPLE))


def _cast(story: dict, page: int) -> list[tuple[str, Look]]:
    """The hero (always) and up to two other role-sheet characters named on the page."""
    roles = story.get("roles") or {}
    names = characters_on_page(story, page) or [""]
    return [(name, parse_look(str(roles.get(name, "")), name)) for name in names[:3]]


def _count(text: str, words: tuple[tuple[str, ...], tuple[str, ...]]) -> int:
    """How many of the page's words (English or Chinese) appear in the text."""
    lowered = text.lower()
    return sum(lowered.count(word) for word in words[0]) + sum(text.count(word) for word in words[1])


def _mood(text: str) -> str:
    """The expression the page's words call for."""
    scores = {mood: _count(text, words) for mood, words in MOOD_WORDS.items()}
    best = max(scores, key=lambda mood: scores[mood])
    return best if scores[best] else "calm"


def _pose(text: str, page: int) -> str:
    """The pose the page's words call for, else one that varies with the page."""
    for pose, words in POSE_WORDS.items():
        if _count(text, words):
            return pose
    return ("stand", "walk", "wave", "stand")[page % 4]


def _helper_pose(pose: str) -> str:
    """Helpers join in walking, jumping and sitting; otherwise they stand."""
    return {"walk": "walk", "jump": "jump", "sit": "sit", "sleep": "sit"}.get(pose, "stand")


def _positions(count: int, page: int, seed: int) -> list[tuple[float, int]]:
    """(x as a fraction of the width, facing) for the hero then the helpers."""
    if count == 1:
        x = HERO_SPOTS[(page * 3 + seed) % len(HERO_SPOTS)]
        facing = 1 if x < 0.5 else -1
        return [(x, -facing if page % 3 == 0 else facing)]
    left = (page + seed) % 2 == 0
    hero_x = 0.36 if left else 0.64
    spots = [(hero_x, 1 if left else -1), (1 - hero_x, -1 if left else 1)]
    if count > 2:
        spots.append((0.86 if left else 0.14, -1 if left else 1))
    return spots


def _already_drawn(name: str, palette) -> bool:
    """The sky already has a sun by day and a moon at night."""
    night = palette.extra.get("night")
    if name == "house" and palette.extra.get("indoors"):
        return True
    return (name == "sun" and not night and not palette.extra.get("rain")) or (name == "moon" and night) or name == "rain"


def _draw_props(pen: Pen, names: list[str], stage: Stage, palette, taken: list[float], rng: random.Random, big: bool) -> None:
    """Props beside the characters: small ones at their feet, trees and houses further back."""
    width, height = stage.width, stage.height
    near = [taken[0] + offset for offset in ((0.16, -0.16, 0.3, -0.3) if not big else (0.28, -0.28, 0.42, -0.42))]
    free = [x for x in near + [0.12, 0.88, 0.5] if 0.06 < x < 0.94 and all(abs(x - t) > 0.13 for t in taken)] or [0.12, 0.88]
    sky = [(0.2, 0.2), (0.45, 0.13), (0.62, 0.24)]
    for name in names:
        if name in SKY_PROPS:
            x, y = sky.pop(0) if sky else (0.3, 0.15)
            draw_sky_prop(pen, name, x * width, y * stage.horizon / 0.6, height * 0.12, palette, rng)
        elif name == "heart":
            draw_heart(pen, (sum(taken) / len(taken)) * width, height * 0.4, height * 0.03, (240, 90, 120, 230))
        else:
            x = free.pop(0) if free else rng.uniform(0.1, 0.9)
            taken.append(x)
            y = stage.horizon + height * 0.1 if big else height * 0.9
            size = height * (0.12 if big else 0.13)
            if name == "boat" and stage.horizon < height * 0.7:
                y = stage.horizon + height * 0.08
            draw_ground_prop(pen, name, x * width, y, size, palette, rng)


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
