"""What one page shows: who is on it (pose, mood, size, place), which props, the scene's features, the story's look.

Planning is kept apart from painting so the choices can be read and tested: the page's
words pick props, pose and expression; the role sheet picks looks and relative sizes;
the scene text adds its named features (a pond, a bridge); a hash of the story varies
layout and light so different stories in the same place do not look alike.
"""
from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ...page_prompts import characters_on_page
from ..vocabulary import CREATURES, find_matches, has_cjk
from .catalogue import CATALOGUE
from .looks import DEFAULT_PART_COLOURS, EXTRA_KINDS, Look, parse_look
from .poses import (
    absent,
    asked_or_said,
    clause_subjects,
    denied,
    happens,
    holds_something,
    lost_so_far,
    over,
    pick_mood,
    poses_for,
    tried,
    unquoted,
)
from .words import PICTURE_PROPS

# how tall a body type is next to a child (1.0); the turtle and the frog are drawn low and wide already
SIZES = {"bear": 1.15, "panda": 1.1, "lion": 1.05, "dragon": 1.2, "robot": 1.0, "girl": 1.0, "boy": 1.0, "dog": 0.8,
         "fox": 0.8, "sheep": 0.85, "cat": 0.72, "rabbit": 0.72, "owl": 0.7, "penguin": 0.75, "bird": 0.55, "duck": 0.62,
         "squirrel": 0.58, "frog": 0.62, "turtle": 0.9, "mouse": 0.3, "elephant": 1.35, "monkey": 0.8, "tiger": 1.05,
         "pig": 0.8, "cow": 1.15, "horse": 1.2, "unicorn": 1.2, "hedgehog": 0.5, "giraffe": 1.5, "crab": 0.42, "bee": 0.4, "butterfly": 0.45,
         "caterpillar": 0.45, "snail": 0.45, "ant": 0.35, "whale": 1.4, "fish": 0.6, "snowman": 1.0, "star": 0.7, "cloud": 0.9}
VARIANT_SIZES = {"eagle": 0.85, "parrot": 0.62, "hen": 0.8, "chick": 0.45, "dinosaur": 1.25, "polar": 1.25, "hamster": 0.3, "goat": 0.85}
# how far a body reaches to one side of its centre, in figure heights, where that is more than the usual 0.45
# (measured over the poses: an eagle's raised wing, a crab's claws, a dragon's tail and wings)
HALF_WIDTHS = {"eagle": 0.72, "dragon": 0.62, "dinosaur": 0.62, "bird": 0.58, "parrot": 0.58, "whale": 0.56, "hedgehog": 0.56,
               "crab": 0.56, "turtle": 0.53, "caterpillar": 0.5, "fox": 0.47}
CAMPFIRE = re.compile(r"camp|bon|篝")
SMOKE = re.compile(r"\bsmoke|\bsparks?\b|\bpuff|烟|火星")
SIMILE = re.compile(r"\b(?:like|as|than|about|of|what)\s+(?:a|an|the)?\s*(?:\w+\s+)?$|\bcount\w*\s+$|像|好像|数$", re.IGNORECASE)
# an animal written to or spoken of by title is not on the page: "Dear Professor Owl", "亲爱的猫头鹰教授"
ADDRESSED_BEFORE = re.compile(r"\b(?:Dear|Professor|Mr\.?|Mrs\.?|Miss|Doctor|Dr\.?)\s+$|亲爱的$|谢谢您[，,]?$")
ADDRESSED_AFTER = re.compile(r"教授|老师|先生|博士|太太|医生")
NOT_EXTRAS = {"girl", "boy", "robot", "cloud", "star", "snowman", "fish", "whale", "bee", "butterfly"}
WATER = re.compile(r"\b(?:water|pond|lake|pool|sea|ocean|river|stream|brook|creek|bath|puddle|waves?|beach|swim\w*|swam)\b"
                   r"|水|池|湖|海|河|溪|游泳", re.IGNORECASE)
FIZZLE = re.compile(r"\bsmoke|\bsparks?\b|\bpuff|\bhuff|fizzl|sneez|hiccup|out came|came out|popped out|only a|烟|火星|喷嚏")
LOW_BODIES = {"crab": 1.5, "turtle": 1.35, "frog": 1.15, "cloud": 1.3, "snail": 1.4, "caterpillar": 1.4, "whale": 1.2, "fish": 1.3,
              "ant": 1.5, "bee": 1.4, "butterfly": 1.3}       # drawn low and wide: a close-up may show them bigger
TINY = re.compile(r"\b(tiny|little|small|baby|wee)\b|小小|迷你|很小")
BIG = re.compile(r"\b(big|huge|giant|enormous|tall|large)\b|大大|巨大|高大")
FLYERS = {"bird", "owl", "duck", "dragon", "bee", "butterfly", "cloud", "star", "unicorn"}
FLOATERS = {"bee", "butterfly", "cloud", "star"}     # always in the air
SWIMMERS = {"whale", "fish"}                         # always in the water
SCENE_FEATURES = ("pond", "stream", "tree", "flower", "house", "bridge", "rock", "mushroom", "tent", "swing", "snowman", "fire", "boat",
                  "rainbow", "picnic", "sandcastle", "bed", "shell", "leaves", "pumpkin", "carrot", "nest", "ladder")
LIGHTS = ((255, 226, 180), (200, 222, 255), (255, 206, 140), (226, 255, 210), (255, 214, 226), (236, 236, 236))
WATER_SETTINGS = ("sea", "river")
DAY_THINGS = {"kite", "balloon", "rainbow", "plane", "sun", "butterfly", "bee", "picnic"}   # not added at night unless named
UNNAMED = "hero"       # how a story with no role sheet and no main role names its one drawn character
HELMETS = ("helmet", "fire helmet")
HELMET_PARTS = {"fire": "fire_helmet", "space": "helmet", "bike": "bike_helmet"}
HELMET_CONTEXT = {
    "bike": re.compile(r"\b(?:bikes?|bicycles?|tricycles?|cycl\w*|pedal\w*|scooters?|skateboard\w*|skates?|skating|roller)\b"
                       r"|自行车|单车|骑车|骑行|滑板|轮滑", re.IGNORECASE),
    "fire": re.compile(r"\b(?:fire(?:fighters?|m[ae]n|wom[ae]n|s)?|hoses?|flames?|blaze|smoke)\b|消防|救火|火(?!箭)", re.IGNORECASE),
    "space": re.compile(r"\b(?:astronauts?|space\w*|rockets?|planets?)\b|宇航|太空|火箭|星球|飞船", re.IGNORECASE),
}
GROUP = re.compile(r"\b(?:they|them|everyone|everybody|all three|all of them|both of them|together|the friends|"
                   r"their friends|his friends|her friends)\b|大家|他们|她们|它们|一起", re.IGNORECASE)
EVERYONE = re.compile(r"\b(?:everyone|everybody|all three|all of them|all their friends)\b|大家|所有人", re.IGNORECASE)
IN_BED = re.compile(r"\b(?:in|into)\s+(?:(?:his|her|their|its|the|a|my)\s+)?(?:\w+\s+)?bed\b|\bon (?:the|his|her|its) pillow"
                    r"|\bunder the (?:blankets?|covers|duvet|quilt)\b|床上|被窝|被子里", re.IGNORECASE)
SEATS = {"bed": 0.42, "rock": 0.42, "sled": 0.3, "bicycle": 0.55}
PRACTICE = re.compile(r"practi[sc]\w*\s+$", re.IGNORECASE)
RIDING = re.compile(r"\b(?:rode|rides?|riding|pedal\w*|cycl(?:ed|es|ing)|on (?:his|her|their|its|the) (?:new |little |red |blue )?bike)\b"
                    r"|骑", re.IGNORECASE)     # how high the seat is, in prop sizes


@dataclass
class Actor:
    name: str
    look: Look
    pose: str
    mood: str
    scale: float            # height relative to the page's standard figure height
    x: float                # centre as a fraction of the width
    facing: int
    breath: str = ""        # "fire" or "smoke" for a dragon
    held: str = ""          # a prop in the front hand
    seat: str = ""          # a prop sat or slept on (a bed, a rock)
    worn: str = ""          # a prop put on (a helmet the page names), drawn on the figure


def half_width(look: Look) -> float:
    """How far the drawn body reaches to one side of its centre, in figure heights."""
    return HALF_WIDTHS.get(look.variant) or HALF_WIDTHS.get(look.species, 0.45)


@dataclass
class PagePlan:
    actors: list[Actor]
    props: list[str]                     # props placed in the scene (not held)
    held: list[str]                      # props held by an actor
    features: list[str]                  # things the scene text names, drawn on every page
    backdrop: list[str] = field(default_factory=list)   # named things the backdrop already shows (sun, moon)
    near: dict = field(default_factory=dict)             # prop -> index of the actor whose clause names it
    weather: set[str] = field(default_factory=set)
    light: tuple = (255, 255, 255)
    light_amount: float = 0.0
    horizon: float = 0.56
    pan: float = 0.0
    zoom: float = 1.0
    world: str = ""

    @property
    def drawn_props(self) -> list[str]:
        """Every prop on the page: placed, held, scene features and weather, each once."""
        names: list[str] = []
        breath = [actor.breath for actor in self.actors if actor.breath][:1]     # "fire", or "smoke" (a puff and a spark)
        worn = [actor.worn for actor in self.actors if actor.worn]
        for name in breath + worn + self.held + self.props + self.features + self.backdrop + sorted(self.weather):
            if name not in names:
                names.append(name)
        return names


def story_key(story: dict) -> int:
    """A number that differs between stories (title, hero, role sheet, topic) and stays the same across pages."""
    roles = story.get("roles") or {}
    text = "|".join([str(story.get("title", "")), str(story.get("main_role", "")), str(story.get("topic", "")),
                     *(f"{k}:{v}" for k, v in sorted(roles.items()))])
    return zlib.crc32(text.encode("utf-8"))


def plan_page(story: dict, page: int, seed: int, setting: str, night: bool, indoors: bool) -> PagePlan:
    """Choose everything one page shows."""
    text = story["pages"][page - 1]
    key = story_key(story)
    rng = random.Random(f"{seed}|{key}|{page}")
    roles = story.get("roles") or {}
    names = _with_the_group(story, page, characters_on_page(story, page) or [UNNAMED])
    looks = [(name, parse_look(str(roles.get(name, "")), name) if name != UNNAMED else _unnamed_hero(story)) for name in names[:3]]
    words = _without_names(text, roles)         # "Daisy" the girl is not a daisy, "Honey" the bear not a honey pot
    extras = _animals_named(words, roles, looks)[:3 - len(looks)]
    looks += [(name, look) for name, look, _ in extras]
    said = _by_name(text, looks)                # "the hare lay sleeping": the hare's clause is Juno's
    scales = _page_scales(story, looks)

    mentioned = find_matches(words, PICTURE_PROPS)
    found = [hit for hit in mentioned if hit[1] == "fire" or not absent(words, hit[0])]   # no kite she only wished for
    found = [hit for hit in found if not (asked_or_said(words, hit[0]) and _lost_in_story(story, page - 1, roles, hit[1]))]
    # "Is it your ball?" about the ball he lost: still lost, not on the grass
    found = [hit for hit in found if not (CATALOGUE[hit[1]].place == "weather"          # "the rain stopped", "Will it rain?"
                                          and (over(words, hit[0]) or asked_or_said(words, hit[0])))]
    page_props = _unique(name for _, name, _ in found)
    if "hose" in page_props and not any(name == "watering can" and "can" in word for _, name, word in found):
        page_props = [name for name in page_props if name != "watering can"]    # "watered the flowers with the hose"
    topic = str(story.get("topic", ""))
    topic_props = _unique(name for at, name, _ in find_matches(topic, PICTURE_PROPS) if name != "heart" and not denied(topic, at))
    if topic_props and (page % 2 == 1 or page == len(story["pages"])):
        gone = {name for _, name, _ in mentioned if name not in page_props}    # "the teddy was not where he left it"
        gone |= {name for name in topic_props if _lost_in_story(story, page, roles, name)}    # the ball he lost is not on the grass
        page_props += [name for name in topic_props if name not in page_props + list(gone) and not (night and name in DAY_THINGS)]
    if "bicycle" not in page_props and HELMET_CONTEXT["bike"].search(words) and RIDING.search(words):
        page_props.append("bicycle")            # "buckled his bike helmet and rode down the hill": a bike to ride
    kinds = {look.species for _, look in looks} | {look.variant for _, look in looks}
    in_sky = [name for name in page_props if _already_in_sky(name, night, indoors)]
    page_props = [name for name in page_props if name not in kinds and name not in in_sky and not (name == "sun" and night)]

    default = ("stand", "walk", "wave", "stand", "walk")[(page + key) % 5]
    cast_names = [name for name, _ in looks]
    can_fly = {name: (look.species in FLYERS and look.variant != "dinosaur") or look.has("cape") for name, look in looks}
    defaults = {name: default if index == 0 else "" for index, name in enumerate(cast_names)}
    poses = poses_for(said, cast_names, can_fly, defaults)
    for name, look in looks:
        if look.species in FLOATERS and poses[name] in ("", "stand", "walk", "wave", "run", "jump", "hold"):
            poses[name] = "fly"
        elif look.species in SWIMMERS and poses[name] not in ("sleep", "cry", "laugh"):
            poses[name] = "swim"
    wet = setting in WATER_SETTINGS or WATER.search(text) or WATER.search(str(story.get("scene", "")))
    for name, look in looks:
        if poses[name] == "swim" and not wet and look.species not in SWIMMERS:
            poses[name] = defaults[name]          # "paint splashed onto his nose" is no swim in the street
    riders: list[str] = []
    for clause, subjects in clause_subjects(said, cast_names):
        if IN_BED.search(clause):             # "Scamp was poorly in bed", "sat up in bed": in it, not beside it
            for name in subjects:
                if poses[name] in ("", "stand", "walk", "wave", "hold"):
                    poses[name] = "sit"
        riding = RIDING.search(clause)
        at = riding.start() if riding else 0
        if riding and "bicycle" in page_props and not (absent(clause, at) or asked_or_said(clause, at) or _after_colon(said, clause, at)
                                                       or (tried(clause, at) and not PRACTICE.search(clause[max(0, at - 24):at]))):
            # "kept pedalling", "practised riding a bike": on the bike; not "cannot ride a bike yet", "a wrong try at riding"
            for name in subjects:
                if poses[name] in ("", "stand", "walk", "wave", "hold", "run", "jump", "laugh") and name not in riders:
                    poses[name] = "sit"
                    riders.append(name)
    pose = poses[cast_names[0]]
    mood = pick_mood(words, pose)           # "Joy" is a name, not a mood

    breath = ""
    fire_words = [(at, word) for at, name, word in found if name == "fire"]
    has_dragon = any(look.species == "dragon" and look.variant != "dinosaur" for _, look in looks)
    if fire_words and has_dragon and not CAMPFIRE.search(fire_words[0][1]):
        breath = dragon_breath(text, [at for at, _ in fire_words])
        page_props.remove("fire")
    elif fire_words and all(absent(words, at) for at, _ in fire_words):
        page_props.remove("fire")                   # "there was no fire to keep them warm"
    elif has_dragon and SMOKE.search(text):
        breath = "smoke"
        if "cloud" in page_props and re.search(r"cloud of smoke|烟雾", text):
            page_props.remove("cloud")

    weather = {name for name in page_props if CATALOGUE[name].place == "weather"}
    placed = [name for name in page_props if name not in weather]
    owners = _prop_owners(_without_names(said, roles), cast_names, said)
    wearer, helmet = "", next((name for name in placed if name in HELMETS), "")
    if helmet:                              # "Leo put on his helmet": Leo wears it on this page
        wearer = owners.get(helmet, (cast_names[0], text))[0]
        placed.remove(helmet)
        kind = helmet_kind(text, story, str(roles.get(wearer, "")))
        if helmet == "helmet" and kind == "fire":
            helmet = "fire helmet"            # a firefighter's "helmet" is a fire helmet; a cyclist's stays a bike helmet
    held_by: dict[str, str] = {}
    for name in sorted((p for p in placed if CATALOGUE[p].holdable), key=lambda p: p != "hose"):   # the hose, not the flowers it waters
        owner, clause = owners.get(name, (cast_names[0], text))
        hugging_it = owner == cast_names[0] and pose == "hug" and len(looks) == 1
        if owner not in held_by and (holds_something(clause) or hugging_it):
            held_by[owner] = name
            placed.remove(name)
    held = list(held_by.values())
    if cast_names[0] in held_by and pose in ("stand", "walk", "wave"):
        pose = poses[cast_names[0]] = "hold"
    for name in cast_names[1:]:
        if name in held_by and not poses[name]:
            poses[name] = "hold"
    placed = _limit(placed)
    if pose == "hug" and held:
        poses = {name: ("stand" if index and not poses[name] else poses[name]) for index, name in enumerate(cast_names)}

    actors = _place_actors(looks, scales, [poses[name] or pose for name in cast_names], mood, page, key, rng)
    actors[0].breath = breath if looks[0][1].species == "dragon" else ""
    for actor in actors[1:]:
        if breath and actor.look.species == "dragon" and actor.look.variant != "dinosaur":
            actor.breath = breath
    for actor in actors:
        actor.held = held_by.get(actor.name, "")
    seats = _seat_actors(actors, placed, owners)
    for actor in actors:
        if actor.name in riders[:1] and not actor.seat:
            actor.seat = "bicycle"
            seats.append("bicycle")
            if "bicycle" in placed:
                placed.remove("bicycle")
        elif riders and actor.pose == "sit" and not poses.get(actor.name):
            actor.pose = "stand"              # a friend watching the rider stands, rather than copying the rider's seat    for actor in actors:
        if actor.name == wearer:
            actor.worn = helmet
            actor.look = wear_helmet(actor.look, "fire" if helmet == "fire helmet" else kind)
    near = {name: cast_names.index(owners[name][0]) for name in placed if name in owners}

    features = _scene_features(str(story.get("scene", "")), setting, indoors)
    if "stream" in placed:                          # a brook the page names runs across the meadow, like the scene's own
        placed.remove("stream")
        if setting in WATER_SETTINGS:
            in_sky.append("stream")                 # the river or sea backdrop already shows it
        elif not indoors and "stream" not in features:
            features.insert(0, "stream")
    light = LIGHTS[key % len(LIGHTS)]
    return PagePlan(actors=actors, props=placed, held=held + seats, near=near, backdrop=[n for n in in_sky if n != "house"], features=[f for f in features if f not in placed + held],
                    weather=weather, light=light, light_amount=0.06 + (key >> 8) % 5 * 0.02,
                    horizon=0.53 + (key >> 4) % 5 * 0.015 + 0.025 * ((page * 7) % 3 - 1),
                    pan=((page - 1) * 0.37 + (key >> 12) % 97 / 97) % 1.6, zoom=(1.0, 0.92, 1.06, 0.96, 1.02)[(page + key) % 5],
                    world=f"{seed}-{key}")


def _lost_in_story(story: dict, page: int, roles: dict, name: str) -> bool:
    """Whether the story so far (up to this page) last said this thing was lost, not found."""
    names = tuple(sorted(roles))
    pages = [_without_names(str(text), roles) for text in story["pages"][:page]]
    spots = [[at for at, key, _ in _prop_hits(str(text), names) if key == name] for text in story["pages"][:page]]
    return lost_so_far(pages, spots)


@lru_cache(maxsize=256)
def _prop_hits(text: str, names: tuple[str, ...]) -> tuple[tuple[int, str, str], ...]:
    """The props a page names (with the characters' names blanked), kept: every later page asks about the earlier ones."""
    return tuple(find_matches(_without_names(text, dict.fromkeys(names, "")), PICTURE_PROPS))


def _with_the_group(story: dict, page: int, names: list[str]) -> list[str]:
    """A page that names only the hero but whose subject is the group ("They all reached for the honey", "and they
    all ran out together", "大家一起") also shows the friends named on earlier pages (the most recent first), up to
    three in all."""
    text = unquoted(str(story["pages"][page - 1]))
    everyone = EVERYONE.search(text)
    if not (len(names) == 1 or (everyone and len(names) < 3)) or not (GROUP.search(text) or everyone) or names == [UNNAMED]:
        return names                                    # "Mia and Tom walked home together": those two
    roles = story.get("roles") or {}
    earlier = []
    for before in range(page - 1, 0, -1):
        earlier += [name for name in characters_on_page(story, before) if name not in names + earlier and name in roles]
    return names + earlier[:3 - len(names)]


def _after_colon(text: str, clause: str, at: int) -> bool:
    """Whether a word in this clause comes after a colon in its sentence: advice or a thought ("Sapphire's tip: look
    ahead and keep pedalling", "Daisy kept thinking: ...riding a bike"), not something done on the page."""
    start = max(text.find(clause), 0) + at
    sentence = re.split(r"[.!?。！？]", text[:start])[-1]
    return ":" in sentence or "：" in sentence


def _seat_actors(actors: list[Actor], placed: list[str], owners: dict) -> list[str]:
    """Put each bed, rock or sled the page names under the character sitting or sleeping on it: the one whose clause
    names it if they sit or sleep ("Scamp sat up in bed"), else the first who does (the hero first). Returns the seats used."""
    used = []
    for name in [p for p in placed if p in SEATS and p != "bicycle"]:       # a bicycle is ridden, not sat on
        owner = owners.get(name, ("",))[0]
        order = [a for a in actors if a.name == owner] + actors
        sitter = next((a for a in order if a.pose in ("sit", "sleep") and not a.seat), None)
        if sitter:
            sitter.seat = name
            placed.remove(name)
            used.append(name)
    return used


def wear_helmet(look: Look, kind: str) -> Look:
    """The look with a helmet of this kind on ("fire", "space" or "bike"), unless its role sheet already gives it a
    helmet (an astronaut keeps hers, a firefighter his)."""
    if any(look.has(part) for part in HELMET_PARTS.values()):
        return look
    part = HELMET_PARTS[kind]
    return replace(look, parts={**look.parts, part: DEFAULT_PART_COLOURS[part]})


def helmet_kind(page: str, story: dict, role: str) -> str:
    """Which helmet a page's "helmet" is: the page's own words decide ("rode her bike", "sprayed the hose"), else the
    story's (topic, the wearer's role sheet, scene, then every page), else a bike helmet, the one children wear."""
    pages = " ".join(map(str, story.get("pages") or []))
    for text in (page, str(story.get("topic", "")), role, str(story.get("scene", "")), pages):
        hits = sorted((match.start(), kind) for kind, pattern in HELMET_CONTEXT.items() for match in [pattern.search(text)] if match)
        if hits:
            return hits[0][1]
    return "bike"


def _by_name(text: str, looks: list[tuple[str, Look]]) -> str:
    """The page with "the robot", "the hare" replaced by the name of the one character of that kind on it,
    so clauses about them are theirs ("so the robot had another go. He pressed the brush" is Sam's brush)."""
    for at, _, word in sorted(find_matches(text, CREATURES) + find_matches(text, EXTRA_KINDS), reverse=True):
        kind = parse_look(f"a {word}" if not has_cjk(word) else word)
        same = [name for name, look in looks if _same_kind(kind, look)]
        if len(same) == 1 and same[0] != word.lower() and not has_cjk(word):
            text = text[:at] + same[0] + text[at + len(word):]
    return text


def _unnamed_hero(story: dict) -> Look:
    """A story with no role sheet: its one character is the first animal the story names ("A fox naps." -> a fox)."""
    text = " ".join([str(story.get("topic", "")), *map(str, story.get("pages") or [])])
    hits = sorted(find_matches(text, CREATURES) + find_matches(text, EXTRA_KINDS))
    return parse_look(hits[0][2] if hits else "")


def _animals_named(words: str, roles: dict, looks: list[tuple[str, Look]]) -> list[tuple[str, Look, str]]:
    """Animals the page names without a name: "the bouncy rabbit" is the role sheet's rabbit; "a little goat" who
    is on no role sheet is drawn as a goat (named "goat" in the record). Not the hero's own kind ("the little
    dragon" is the hero), not an animal that is denied, wished for or only a comparison ("as slow as a snail"),
    not a thing the prop library draws (a toy dinosaur, a bee), and not people, robots, clouds or stars."""
    found: list[tuple[str, Look, str]] = []
    prop_spots = {at for at, _, _ in find_matches(words, PICTURE_PROPS)}
    kinds = [look for _, look in looks]
    hits = sorted(find_matches(words, CREATURES) + find_matches(words, EXTRA_KINDS))
    for at, _, word in hits:
        if at in prop_spots or absent(words, at) or SIMILE.search(words[max(0, at - 16):at]) \
                or ADDRESSED_BEFORE.search(words[max(0, at - 16):at]) or ADDRESSED_AFTER.match(words[at + len(word):]):
            continue
        look = parse_look(f"a {word}" if not has_cjk(word) else word)
        if look.species in NOT_EXTRAS or any(_same_kind(look, other) for other in kinds):
            continue
        taken = [name for name, _ in looks] + [name for name, _, _ in found]
        role = next((name for name, text in roles.items() if name not in taken and _same_kind(look, parse_look(str(text), name))), None)
        found.append((role, parse_look(str(roles[role]), role), word) if role else (word.lower(), look, word))
        kinds.append(look)
    return found


def _same_kind(look: Look, other: Look) -> bool:
    """A goat is not a sheep, a hen is a bird like any bird."""
    return look.species == other.species and (not look.variant or not other.variant or look.variant == other.variant)


def dragon_breath(text: str, fire_at: list[int]) -> str:
    """What comes out of a dragon's mouth on a page that names fire: "fire", "smoke" or nothing.

    Fire only when a sentence says it happens ("breathed out a flame", "a small flame danced");
    a try that fails puffs smoke ("tried to breathe fire", "only smoke came out", "out came a sneeze");
    fire that is only denied, wished for, asked about or talked of draws nothing ("longed to breathe fire",
    "anyone who could breathe fire", "How do you breathe fire?").
    """
    if any(happens(text, at) for at in fire_at):
        return "fire"
    if any(tried(text, at) for at in fire_at) or FIZZLE.search(text):
        return "smoke"
    return ""


def _prop_owners(words: str, names: list[str], text: str) -> dict[str, tuple[str, str]]:
    """prop -> (the character whose clause first names it, that clause): "Shelly won a trophy" -> Shelly's trophy.

    `words` is the page with character names blanked (for finding props), `text` the page itself (for subjects).
    """
    owners: dict[str, tuple[str, str]] = {}
    for clause, subjects in clause_subjects(text, names):
        start = text.find(clause)
        masked = words[start:start + len(clause)] if start >= 0 else clause
        for _, name, _ in find_matches(masked, PICTURE_PROPS):
            owners.setdefault(name, (subjects[0] if subjects else names[0], clause))
    return owners


def _without_names(text: str, roles: dict) -> str:
    """The page with every role-sheet name blanked out (same length, so positions still match)."""
    for name in sorted(roles, key=len, reverse=True):
        if name and name.strip():
            pattern = re.escape(name) if re.search(r"[\u3400-\u9fff]", name) else rf"(?<!\w){re.escape(name)}(?!\w)"
            text = re.sub(pattern, lambda match: " " * len(match.group(0)), text)
    return text


def _unique(names) -> list[str]:
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
    return out


def _already_in_sky(name: str, night: bool, indoors: bool) -> bool:
    """The backdrop already has a sun by day, a moon at night and a roof indoors."""
    return (name == "sun" and not night and not indoors) or (name == "moon" and night and not indoors) or (name == "house" and indoors)


def _limit(names: list[str]) -> list[str]:
    """At most three ground things, two sky things and two flying things, in page order."""
    counts: dict[str, int] = {}
    caps = {"ground": 3, "big": 2, "sky": 2, "air": 2, "water": 2}
    kept = []
    for name in names:
        place = CATALOGUE[name].place
        if counts.get(place, 0) < caps.get(place, 2):
            kept.append(name)
            counts[place] = counts.get(place, 0) + 1
    return kept


def _size(look: Look, description: str) -> float:
    """A character's height next to a child, from its kind and words like "tiny" or "big"."""
    size = VARIANT_SIZES.get(look.variant) or SIZES.get(look.species, 0.9)
    if TINY.search(description.lower()) and look.species not in ("girl", "boy"):
        size *= 0.85
    if BIG.search(description.lower()):
        size *= 1.15
    return size


def _page_scales(story: dict, looks: list[tuple[str, Look]]) -> dict[str, float]:
    """Each character's height on this page: true to their sizes next to each other, the hero never lost.

    A hero alone is drawn close up (a tiny hero a little smaller); with others, the
    sizes keep their ratios (a mouse beside a turtle is small) while the hero stays
    at least 0.6 and the biggest at most 1.5 of the standard figure height.
    """
    roles = story.get("roles") or {}
    sizes = {name: _size(look, str(roles.get(name, ""))) for name, look in looks}
    hero = looks[0][0]
    hero_size = sizes[hero]
    if len(looks) == 1:
        return {hero: min(1.0, 0.75 + 0.25 * hero_size) * LOW_BODIES.get(looks[0][1].species, 1.0)}
    biggest = max(sizes.values())
    norm = min(1.0 / hero_size, 1.3 / biggest)
    norm = min(max(norm, 0.6 / hero_size), 1.5 / biggest)
    return {name: size * norm for name, size in sizes.items()}


def _place_actors(looks, scales, poses, mood, page, key, rng) -> list[Actor]:
    """Where each character stands and which way it faces; helpers with no action of their own join in some poses."""
    count, pose = len(looks), poses[0]
    if count == 1:
        x = (0.5, 0.36, 0.62, 0.42, 0.68, 0.32, 0.56)[(page * 3 + key) % 7]
        facing = 1 if x < 0.5 else -1
        spots = [(x, -facing if page % 3 == 0 else facing)]
    else:
        left = (page + key) % 2 == 0
        gap = 0.14 if poses[:2] == ["hug", "hug"] else 0.3 + 0.05 * ((key >> 3) % 3)
        hero_x = 0.5 - gap / 2 if left else 0.5 + gap / 2
        spots = [(hero_x, 1 if left else -1), (1 - hero_x, -1 if left else 1)]
        if count > 2:
            nudge = 0.04 if left else -0.04
            spots = [(0.5 + nudge, 1 if left else -1), (0.8, -1), (0.2, 1)]
    helper_pose = {"walk": "walk", "jump": "jump", "sit": "sit", "sleep": "sit", "hug": "hug", "run": "run",
                   "swim": "swim"}.get(pose, "stand")
    actors = []
    for index, (name, look) in enumerate(looks):
        x, facing = spots[index]
        own = poses[index] if index and poses[index] != pose else ""
        actor_pose = pose if index == 0 else (own or helper_pose)
        if actor_pose == "fly" and index:
            actor_pose = "stand"
        actor_mood = mood if index == 0 else ("happy" if mood == "happy" else "calm")
        if index and pose in ("cry", "fall") and actor_pose == "stand":
            actor_mood = "scared" if pose == "fall" else "sad"
        actors.append(Actor(name, look, actor_pose, actor_mood, scales.get(name, 0.9), x, facing))
    return actors


def _scene_features(scene: str, setting: str, indoors: bool) -> list[str]:
    """Things the scene text names that the backdrop should show on every page ("by a pond" -> pond)."""
    found = _unique(name for _, name, _ in find_matches(scene, PICTURE_PROPS))
    features = [name for name in found if name in SCENE_FEATURES]
    features = [name for name in features if not (setting in WATER_SETTINGS and name in ("pond", "stream"))]
    if indoors:
        features = [name for name in features if name not in ("pond", "stream", "bridge", "tent", "house")]
    return features[:3]
