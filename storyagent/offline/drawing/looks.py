"""Role-sheet text -> how a character is drawn (body type, colours, clothes, accessories).

"a small orange kitten with white paws and a red scarf" -> cat, orange body, white belly,
red scarf. A colour belongs to the part named right after it ("brown hair",
"金色的圆眼镜"); the first colour that names no part is the body colour.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from ..vocabulary import (
    COLOUR_WORDS,
    COLOURS,
    CREATURES,
    find_keys,
    find_matches,
    has_cjk,
)

PARTS = {
    "belly": (("belly", "tummy", "chest", "paws", "paw"), ("肚子", "胸", "爪")),
    "body": (("feathers", "fur"), ("羽毛", "毛")),
    "wings": (("wings", "wing"), ("翅膀",)),
    "beak": (("beak", "bill"), ("嘴",)),
    "shell": (("shell",), ("壳",)),
    "hair": (("hair", "braids", "pigtails"), ("发", "辫")),
    "eyes": (("eyes", "eye"), ("眼睛",)),
    "glasses": (("glasses", "spectacles"), ("眼镜",)),
    "scarf": (("scarf",), ("围巾",)),
    "backpack": (("backpack", "schoolbag", "satchel"), ("背包", "书包")),
    "raincoat": (("raincoat", "coat", "jacket", "hoodie"), ("雨衣", "外套")),
    "hat": (("hat", "cap", "bonnet", "leaf hat", "flower hat", "straw hat", "crown"), ("帽", "草帽", "王冠")),
    "beanie": (("woolly hat", "beanie", "bobble hat"), ("毛线帽",)),
    "bow": (("bow", "ribbon"), ("蝴蝶结", "丝带")),
    "bowtie": (("bow tie", "bowtie"), ("领结",)),
    "cape": (("cape", "cloak"), ("斗篷",)),
    "collar": (("collar", "bell"), ("项圈", "铃铛")),
    "helmet": (("helmet", "space helmet"), ("头盔", "太空头盔")),
    "bike_helmet": (("bike helmet", "bicycle helmet", "cycling helmet"), ("自行车头盔", "骑行头盔")),
    "fire_helmet": (("fire helmet", "firefighter's helmet", "firefighter", "fire fighter", "fireman", "firewoman"),
                    ("消防头盔", "消防帽", "消防员")),
    "vest": (("apron", "waistcoat", "vest", "uniform"), ("围裙", "背心")),
    "suit": (("space suit", "spacesuit", "suit"), ("宇航服",)),
    "bandana": (("bandana", "neckerchief"), ("方巾",)),
    "dress": (("dress", "skirt", "gown"), ("连衣裙", "裙")),
    "overalls": (("overalls", "dungarees", "overall", "trousers", "pants", "shorts"), ("背带裤", "裤")),
    "shirt": (("shirt", "jumper", "sweater", "t-shirt", "top", "tunic"), ("衬衫", "毛衣", "衣")),
    "boots": (("boots", "shoes", "sneakers"), ("靴", "鞋")),
    "antenna": (("antenna",), ("天线",)),
    "ignore": (("neck", "nose", "ears", "ear", "horns", "horn", "tail", "mane", "spots", "stripes", "comb", "wattle", "trunk",
                "feelers", "prickles", "spikes", "scales", "cheeks", "points", "edge"),
               ("鼻子", "耳朵", "角", "尾巴", "鸡冠", "条纹", "触角", "鳞片", "脸蛋", "刺")),
}
ACCESSORIES = ("glasses", "scarf", "backpack", "raincoat", "hat", "beanie", "bow", "bowtie", "cape", "collar",
               "helmet", "bike_helmet", "fire_helmet", "vest", "suit", "bandana", "dress", "shirt", "overalls", "boots")
DEFAULT_PART_COLOURS = {
    "glasses": (70, 60, 70), "scarf": (218, 72, 66), "backpack": (84, 136, 214), "raincoat": (246, 208, 80),
    "hat": (218, 72, 66), "beanie": (218, 72, 66), "bow": (240, 120, 160), "bowtie": (218, 72, 66),
    "cape": (150, 104, 190), "collar": (218, 72, 66), "helmet": (200, 220, 240), "bike_helmet": (60, 150, 230), "fire_helmet": (214, 48, 40), "vest": (246, 244, 238),
    "suit": (246, 244, 238), "bandana": (218, 72, 66), "dress": (240, 150, 176), "shirt": (84, 136, 214), "boots": (150, 98, 62),
    "overalls": (84, 120, 190),
}
# words that make a helmet an astronaut's glass one
SPACE_WORDS = {"space": (("astronaut", "space", "spaceman", "spacewoman", "rocket", "moon", "planet", "stars", "spaceship"),
                         ("宇航", "太空", "航天", "火箭", "月球", "星球", "飞船"))}
# finer kinds inside one body type: a hen is a bird but is drawn with a comb and wattle
VARIANTS = {
    "hen": (("hen", "chicken", "rooster", "cockerel"), ("母鸡", "公鸡", "鸡")), "chick": (("chick", "chicky"), ("小鸡", "鸡宝宝")),
    "dinosaur": (("dinosaur", "dino", "t-rex", "stegosaurus", "brontosaurus", "triceratops"), ("恐龙",)),
    "goat": (("goat", "kid goat"), ("山羊",)), "eagle": (("eagle", "hawk", "falcon"), ("老鹰", "鹰")),
    "parrot": (("parrot", "macaw", "parakeet"), ("鹦鹉",)), "robin": (("robin",), ("知更鸟",)), "polar": (("polar bear",), ("北极熊",)), "hamster": (("hamster",), ("仓鼠",)),
}
# kinds the writer may use that the shared CREATURES table may not list; drawn as themselves
EXTRA_KINDS = {
    "elephant": (("elephant",), ("大象", "象")), "monkey": (("monkey",), ("猴子", "猴")), "tiger": (("tiger",), ("老虎", "虎")),
    "pig": (("pig", "piglet"), ("小猪", "猪")), "cow": (("cow", "calf"), ("奶牛", "小牛", "牛")),
    "horse": (("horse", "pony", "foal"), ("小马", "马")), "unicorn": (("unicorn",), ("独角兽",)),
    "hedgehog": (("hedgehog",), ("刺猬",)), "crab": (("crab",), ("螃蟹", "蟹")), "giraffe": (("giraffe",), ("长颈鹿",)), "bee": (("bee", "bumblebee"), ("蜜蜂",)),
    "butterfly": (("butterfly",), ("蝴蝶",)), "caterpillar": (("caterpillar",), ("毛毛虫",)), "snail": (("snail",), ("蜗牛",)),
    "ant": (("ant",), ("蚂蚁",)), "whale": (("whale",), ("鲸鱼", "鲸")), "fish": (("fish", "goldfish"), ("小鱼", "金鱼", "鱼")),
    "snowman": (("snowman",), ("雪人",)), "star": (("star",), ("星星",)), "cloud": (("cloud",), ("云朵", "云")),
    "mouse": (("vole", "water vole", "rat", "shrew", "gerbil"), ("田鼠", "水鼠")),
    "bird": (("kingfisher", "crow", "magpie", "swallow", "bluebird", "woodpecker", "hummingbird"), ("翠鸟", "乌鸦", "喜鹊", "燕子", "啄木鸟")),
}
EXTRA_BODIES = {"crab": (226, 72, 56), "elephant": (160, 164, 180), "monkey": (150, 100, 66), "tiger": (236, 140, 60), "pig": (246, 176, 190),
                "cow": (246, 244, 238), "horse": (176, 116, 70), "unicorn": (250, 248, 252), "hedgehog": (190, 140, 96),
                "giraffe": (240, 196, 96), "bee": (250, 204, 60), "butterfly": (120, 160, 240), "caterpillar": (130, 196, 90),
                "snail": (214, 150, 90), "ant": (200, 70, 60), "whale": (90, 140, 210), "fish": (246, 140, 60),
                "snowman": (248, 250, 255), "star": (250, 210, 80), "cloud": (250, 252, 255)}
VARIANT_OF = {"hen": "bird", "chick": "bird", "eagle": "bird", "parrot": "bird", "robin": "bird", "dinosaur": "dragon",
              "goat": "sheep", "polar": "bear", "hamster": "mouse"}     # 猫头鹰 (owl) holds 鹰 (eagle) but is no eagle
VARIANT_BODIES = {"eagle": (130, 88, 56), "parrot": (96, 180, 90), "robin": (150, 110, 80), "hen": (206, 120, 72), "chick": (250, 214, 90), "dinosaur": (110, 184, 110), "goat": (236, 230, 216),
                  "polar": (246, 244, 238), "hamster": (226, 160, 96)}
DEFAULT_BODIES = {
    "cat": (236, 140, 60), "dog": (196, 150, 102), "rabbit": (246, 244, 238), "bear": (150, 98, 62), "panda": (246, 244, 238),
    "fox": (236, 124, 52), "mouse": (160, 160, 168), "squirrel": (196, 104, 56), "lion": (232, 184, 72), "owl": (150, 110, 78),
    "bird": (84, 136, 214), "duck": (246, 214, 90), "penguin": (58, 56, 64), "frog": (110, 180, 90), "turtle": (110, 170, 100),
    "sheep": (246, 244, 238), "dragon": (96, 170, 92), "robot": (196, 200, 210), "girl": (150, 98, 62), "boy": (150, 98, 62),
}
SKIN_TONES = ((255, 222, 194), (246, 204, 166), (214, 160, 118), (160, 104, 70))
HAIR_STYLES = {"curly": (("curly", "curls"), ("卷",)), "long": (("long",), ("长发",)),
               "braided": (("braid", "braided", "braids", "pigtails"), ("辫",)), "short": (("short",), ("短发",))}


@dataclass(frozen=True)
class Look:
    species: str
    body: tuple
    belly: tuple
    parts: dict = field(default_factory=dict)    # accessory / part -> colour
    skin: tuple = SKIN_TONES[0]
    hair_style: str = "short"
    variant: str = ""

    def has(self, part: str) -> bool:
        return part in self.parts

    def colour(self, part: str, default: tuple | None = None) -> tuple:
        return self.parts.get(part, default if default is not None else DEFAULT_PART_COLOURS.get(part, self.body))


def parse_look(text: str, name: str = "", default_species: str = "bear") -> Look:
    """Read a role description into a Look (the same text always gives the same Look)."""
    text = text or ""
    species = _species(text) or _species(name) or default_species
    variants = find_keys(text, VARIANTS) or ([] if find_keys(text, CREATURES) else find_keys(name, VARIANTS))
    variant = next((v for v in variants if VARIANT_OF[v] == species), "")
    parts = {key: DEFAULT_PART_COLOURS[key] for _, key, _ in find_matches(text, PARTS) if key in ACCESSORIES}
    body = belly = None
    colours = find_matches(text, COLOUR_WORDS)
    for index, (position, colour_key, word) in enumerate(colours):
        colour = COLOURS[colour_key]
        part = _part_after(text, position + len(word))
        if part is None and index and _adjacent(text, colours[index - 1], position):
            part = "belly"
        if part in (None, "body"):
            if body is None:
                body = colour
        elif part == "belly" and belly is None:
            belly = colour
        elif part != "ignore" and parts.get(part) in (None, DEFAULT_PART_COLOURS.get(part)):
            parts[part] = colour
    if "fire_helmet" in parts and "helmet" in parts:       # "a firefighter with a yellow helmet": one helmet, a fire one
        helmet = parts.pop("helmet")
        if helmet != DEFAULT_PART_COLOURS["helmet"] and parts["fire_helmet"] == DEFAULT_PART_COLOURS["fire_helmet"]:
            parts["fire_helmet"] = helmet
    if "helmet" in parts and not find_matches(text, SPACE_WORDS):     # "a red helmet" is a bike helmet, not a space bubble
        colour = parts.pop("helmet")
        parts.setdefault("bike_helmet", DEFAULT_PART_COLOURS["bike_helmet"] if colour == DEFAULT_PART_COLOURS["helmet"] else colour)
    body = body or VARIANT_BODIES.get(variant) or EXTRA_BODIES.get(species) or DEFAULT_BODIES.get(species, (150, 98, 62))
    if species == "panda":
        body, belly = (246, 244, 238), (58, 56, 64)
    if belly is None:
        belly = _default_belly(species, body)
    style = next((key for key, _ in _hair_matches(text)), "long" if species == "girl" else "short")
    skin = SKIN_TONES[zlib.crc32(f"{name}|{text}".encode()) % len(SKIN_TONES)]
    return Look(species, tuple(body), tuple(belly), parts, skin, style, variant)


def _species(text: str) -> str | None:
    """The first body type named in the text: a CREATURES key, or one of the extra kinds drawn here."""
    found = sorted([(at, key) for at, key, _ in find_matches(text, CREATURES)] +
                   [(at, key) for at, key, _ in find_matches(text, EXTRA_KINDS)])
    return found[0][1] if found else None


def _part_after(text: str, start: int) -> str | None:
    """The part named just after a colour word: the next two words, or five Chinese characters."""
    rest = text[start:]
    if has_cjk(rest[:3]):
        window = rest[:6].split("，")[0]
    else:
        window = " ".join(rest.split(",")[0].split()[:2])
    matches = find_matches(window, PARTS)
    return matches[0][1] if matches else None


def _adjacent(text: str, previous: tuple, position: int) -> bool:
    """"black and white", "黑白": the second colour is the belly colour."""
    between = text[previous[0] + len(previous[2]): position].strip().lower()
    return between in ("", "and", "&", "-")


def _default_belly(species: str, body: tuple) -> tuple:
    """A lighter belly when the look names none."""
    if species in ("penguin", "fox", "owl", "bird", "dog", "cat", "squirrel", "dragon", "frog", "mouse"):
        return (248, 242, 226) if species not in ("frog", "dragon") else tuple(min(255, c + 70) for c in body)
    return tuple(min(255, int(c + (255 - c) * 0.45)) for c in body)


def _hair_matches(text: str) -> list[tuple[str, str]]:
    """Hair-style words in the text."""
    return [(key, word) for _, key, word in find_matches(text, HAIR_STYLES)]
