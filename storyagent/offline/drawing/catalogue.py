"""Every prop the illustrator can draw: how to draw it, where it goes, how big, and whether a hand can hold it.

The words that name each prop (English and Chinese) live in ``vocabulary.PROPS``; the
keys here are the same. Places:

- ``ground``: on the ground near the characters, in front of the backdrop;
- ``big``: a large thing standing further back (tree, house, tent, swing);
- ``sky``: floating in the sky (sun, moon, kite, rainbow...);
- ``air``: flying at head height near the characters (bees, butterflies, bubbles, music);
- ``weather``: over the whole picture (rain, snow, wind, lightning);
- ``water``: on water (boat, fish).
"""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from . import things
from .palette import Palette
from .pen import Pen
from .props import draw_ground_prop, draw_heart, draw_sky_prop


@dataclass(frozen=True)
class Art:
    draw: Callable[[Pen, float, float, float, Palette, random.Random], None]
    place: str = "ground"
    size: float = 1.0          # relative to the standard prop size
    holdable: bool = False
    half: float = 0.6          # half its width, in sizes (a long fire engine needs more room than a tree)


def _old_ground(name: str):
    """Adapt a prop from props.py (ground) to the catalogue signature."""
    return lambda pen, x, y, s, p, rng: draw_ground_prop(pen, name, x, y, s, p, rng)


def _old_sky(name: str):
    """Adapt a sky prop from props.py to the catalogue signature."""
    return lambda pen, x, y, s, p, rng: draw_sky_prop(pen, name, x, y, s, p, rng)


def _heart(pen: Pen, x, y, s, p, rng) -> None:
    draw_heart(pen, x, y, s * 0.3, (240, 90, 120, 230))


def _weather(pen: Pen, x, y, s, p, rng) -> None:
    """Weather is drawn over the whole picture by the page renderer, not here."""


CATALOGUE: dict[str, Art] = {
    # from props.py
    "tree": Art(_old_ground("tree"), "big"), "house": Art(_old_ground("house"), "big"),
    "flower": Art(_old_ground("flower"), holdable=True), "book": Art(_old_ground("book"), holdable=True),
    "ball": Art(_old_ground("ball"), holdable=True), "cake": Art(_old_ground("cake"), holdable=True),
    "key": Art(_old_ground("key"), "ground", 0.8, True),
    "map": Art(_old_ground("map"), holdable=True), "lantern": Art(_old_ground("lantern"), holdable=True),
    "gift": Art(_old_ground("gift"), holdable=True), "apple": Art(_old_ground("apple"), holdable=True),
    "umbrella": Art(_old_ground("umbrella"), "ground", 1.6, True), "basket": Art(_old_ground("basket"), holdable=True),
    "cup": Art(_old_ground("cup"), "ground", 0.8, True), "seed": Art(_old_ground("seed")),
    "mushroom": Art(_old_ground("mushroom")), "boat": Art(_old_ground("boat"), "water", 1.3),
    "sun": Art(_old_sky("sun"), "sky"), "moon": Art(_old_sky("moon"), "sky"), "star": Art(_old_sky("star"), "sky"),
    "cloud": Art(_old_sky("cloud"), "sky"), "rainbow": Art(_old_sky("rainbow"), "sky", 1.6),
    "kite": Art(_old_sky("kite"), "sky"), "balloon": Art(_old_sky("balloon"), "sky"),
    "heart": Art(_heart, "air"), "rain": Art(_weather, "weather"),
    # from things.py
    "toys": Art(things.draw_toys, "ground", 1.1, True), "teddy": Art(things.draw_teddy, holdable=True),
    "blocks": Art(things.draw_blocks), "car": Art(things.draw_toy_car, holdable=True), "train": Art(things.draw_train, "ground", 1.1),
    "doll": Art(things.draw_doll, holdable=True), "dinosaur": Art(things.draw_dino_toy, "ground", 1.1, True),
    "paint": Art(things.draw_paint, "ground", 1.2), "brush": Art(things.draw_brush, "ground", 1.4, True),
    "crayons": Art(things.draw_crayons), "fire": Art(things.draw_fire, "ground", 1.2), "drum": Art(things.draw_drum, holdable=True),
    "guitar": Art(things.draw_guitar, holdable=True), "music": Art(things.draw_notes, "air"), "bicycle": Art(things.draw_bicycle, "ground", 1.5),
    "honey": Art(things.draw_honey, holdable=True), "bee": Art(things.draw_bees, "air"), "butterfly": Art(things.draw_butterfly, "air"),
    "fish": Art(things.draw_fish, "water"), "shell": Art(things.draw_shell, "ground", 0.8, True),
    "sandcastle": Art(things.draw_sandcastle), "bucket": Art(things.draw_bucket, holdable=True), "egg": Art(things.draw_egg, "ground", 0.7, True),
    "nest": Art(things.draw_nest, holdable=True), "feather": Art(things.draw_feather, holdable=True), "leaves": Art(things.draw_leaves),
    "acorn": Art(things.draw_acorn, "ground", 0.8, True), "carrot": Art(things.draw_carrot, holdable=True),
    "pumpkin": Art(things.draw_pumpkin), "wheat": Art(things.draw_wheat, "ground", 1.3), "bread": Art(things.draw_bread, holdable=True), "picnic": Art(things.draw_picnic, "ground", 1.2),
    "ice cream": Art(things.draw_ice_cream, holdable=True), "candy": Art(things.draw_candy, holdable=True),
    "cookie": Art(things.draw_cookies, holdable=True), "letter": Art(things.draw_letter, "ground", 0.8, True),
    "crown": Art(things.draw_crown, holdable=True), "clock": Art(things.draw_clock), "bed": Art(things.draw_bed, "ground", 1.3),
    "bell": Art(things.draw_bell, holdable=True), "tent": Art(things.draw_tent, "big"), "den": Art(things.draw_den, "big"), "ladder": Art(things.draw_ladder, "ground", 1.3),
    "bridge": Art(things.draw_bridge, "big"), "trophy": Art(things.draw_trophy, holdable=True), "flag": Art(things.draw_flag, holdable=True),
    "telescope": Art(things.draw_telescope, "ground", 1.2), "spade": Art(things.draw_spade, holdable=True),
    "watering can": Art(things.draw_watering_can, holdable=True), "puddle": Art(things.draw_puddle),
    "rock": Art(things.draw_rock), "pond": Art(things.draw_pond, "ground", 1.0), "stream": Art(things.draw_stream, "ground", 1.0), "snowman": Art(things.draw_snowman_prop, "big"),
    "sled": Art(things.draw_sled), "swing": Art(things.draw_swing, "big"), "wand": Art(things.draw_wand, holdable=True),
    "treasure": Art(things.draw_chest), "fireflies": Art(things.draw_jar, holdable=True), "bubbles": Art(things.draw_bubbles, "air"),
    "snow": Art(_weather, "weather"), "lightning": Art(things.draw_lightning, "sky", 1.8), "wind": Art(_weather, "weather"),
    "plane": Art(things.draw_plane, "sky"), "rocket": Art(things.draw_rocket_prop, "big"),
    "planet": Art(things.draw_planet, "sky"), "bag": Art(things.draw_bag, holdable=True),
    "fire truck": Art(things.draw_fire_truck, "big", 1.5, half=1.15), "hose": Art(things.draw_hose, "ground", 1.2, True),
    # worn by the character whose clause names it (page_plan): a "helmet" is a bike helmet unless the story is about
    # firefighters (then a "fire helmet") or space (an astronaut's glass helmet)
    "helmet": Art(things.draw_bike_helmet, "ground", 0.9), "fire helmet": Art(things.draw_fire_helmet, "ground", 0.9),
}
