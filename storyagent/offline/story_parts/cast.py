"""Who is in the story: the hero (name, kind, pronouns, look) and the helpers."""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..vocabulary import CREATURES, find_matches, has_cjk
from .places import Helper, Place

# generated names by (language, pronoun)
NAMES = {
    ("en", "she"): ("Mimi", "Luna", "Rosie", "Poppy", "Lily", "Ruby", "Coco", "Willow", "Bella", "Nina", "Juno", "Tilly"),
    ("en", "he"): ("Leo", "Milo", "Toby", "Finn", "Benny", "Max", "Ollie", "Teddy", "Oscar", "Sam", "Alfie", "Jasper"),
    ("zh", "she"): ("朵朵", "米米", "糖糖", "甜甜", "妞妞", "贝贝", "圆圆", "可可", "小满"),
    ("zh", "he"): ("乐乐", "豆豆", "团团", "壮壮", "嘟嘟", "多多", "安安", "果果", "欢欢"),
}

# body type -> (English noun, Chinese noun, Chinese measure word)
KIND_NOUNS = {
    "cat": ("kitten", "小猫", "只"), "dog": ("puppy", "小狗", "只"), "rabbit": ("bunny", "小兔子", "只"),
    "bear": ("bear cub", "小熊", "只"), "panda": ("panda", "熊猫宝宝", "只"), "fox": ("fox", "小狐狸", "只"),
    "mouse": ("mouse", "小老鼠", "只"), "squirrel": ("squirrel", "小松鼠", "只"), "lion": ("lion cub", "小狮子", "只"),
    "owl": ("owl", "小猫头鹰", "只"), "bird": ("bird", "小鸟", "只"), "duck": ("duckling", "小鸭子", "只"),
    "penguin": ("penguin", "小企鹅", "只"), "frog": ("frog", "小青蛙", "只"), "turtle": ("turtle", "小乌龟", "只"),
    "sheep": ("lamb", "小羊", "只"), "dragon": ("dragon", "小龙", "条"), "robot": ("robot", "小机器人", "个"),
    "girl": ("girl", "小女孩", "个"), "boy": ("boy", "小男孩", "个"),
}
DEFAULT_KINDS = ("fox", "rabbit", "bear", "cat", "dog", "mouse", "girl", "boy", "squirrel", "duck", "panda", "owl")
PEOPLE = ("girl", "boy")
_PLURALS = {"mice": "mouse", "puppies": "puppy", "bunnies": "bunny", "kitties": "kitty", "foxes": "fox"}

BODY_COLOURS = {
    "cat": ("orange", "grey", "white", "black", "ginger"), "dog": ("brown", "golden", "white", "cream"),
    "rabbit": ("white", "grey", "brown", "cream"), "bear": ("brown", "golden"), "panda": ("black",),
    "fox": ("orange", "red"), "mouse": ("grey", "brown"), "squirrel": ("red", "brown"), "lion": ("golden",),
    "owl": ("brown", "grey"), "bird": ("blue", "red", "yellow"), "duck": ("yellow", "white"), "penguin": ("black",),
    "frog": ("green",), "turtle": ("green",), "sheep": ("white", "cream"), "dragon": ("green", "purple", "red", "teal"),
    "robot": ("silver", "blue", "teal"), "girl": ("brown", "black", "golden", "red"), "boy": ("brown", "black", "golden", "red"),
}
ACCESSORY_COLOURS = ("red", "blue", "yellow", "green", "purple", "pink")
# accessory: (English noun, Chinese noun, Chinese verb "wearing")
ACCESSORIES = (("scarf", "围巾", "围着"), ("backpack", "小背包", "背着"), ("raincoat", "雨衣", "穿着"),
               ("cap", "帽子", "戴着"), ("bow", "蝴蝶结", "戴着"), ("cape", "斗篷", "披着"))
# body type -> (English feature, Chinese feature)
FEATURES = {
    "cat": ("a long curly tail", "尾巴长长的"), "dog": ("floppy ears", "耳朵耷拉着"), "rabbit": ("long soft ears", "耳朵长长的"),
    "bear": ("round fuzzy ears", "耳朵圆圆的"), "panda": ("round fuzzy ears", "黑眼圈圆圆的"), "fox": ("a fluffy tail", "尾巴毛茸茸的"),
    "mouse": ("big round ears", "耳朵大大的"), "squirrel": ("a bushy tail", "尾巴蓬蓬的"), "lion": ("a fluffy mane", "鬃毛蓬松"),
    "owl": ("big round eyes", "眼睛圆溜溜的"), "bird": ("bright little wings", "翅膀小小的"), "duck": ("webbed feet", "脚蹼扁扁的"),
    "penguin": ("a round tummy", "肚子圆滚滚的"), "frog": ("big round eyes", "眼睛鼓鼓的"), "turtle": ("a patterned shell", "壳上有花纹"),
    "sheep": ("fluffy curls", "卷毛软软的"), "dragon": ("little wings", "翅膀小小的"), "robot": ("round glowing eyes", "眼睛亮闪闪的"),
}
ZH_COLOURS = {"orange": "橙色", "grey": "灰色", "white": "白色", "black": "黑色", "ginger": "橘色", "brown": "棕色",
              "golden": "金色", "cream": "米色", "red": "红色", "blue": "蓝色", "yellow": "黄色", "green": "绿色",
              "purple": "紫色", "pink": "粉色", "silver": "银色", "teal": "青色"}
EN_ADJECTIVES = ("curious", "cheerful", "gentle", "clever", "playful", "kind-hearted")
ZH_ADJECTIVES = ("好奇的", "快乐的", "可爱的", "活泼的", "聪明的", "善良的")


@dataclass(frozen=True)
class Hero:
    name: str
    creature: str
    noun: str               # in the story's language ("kitten" / "小猫")
    a_kind: str             # "a curious little kitten" / "一只好奇的小猫"
    look: str
    gender: str             # "she" | "he"


@dataclass(frozen=True)
class Companion:
    name: str
    helper: Helper
    short: str              # "a wise old owl" / "一只聪明的猫头鹰"
    look: str


def split_main_role(main_role: str) -> tuple[str, str]:
    """"Tom the cat" -> ("Tom", "cat"); "Mimi" -> ("Mimi", "")."""
    text = " ".join((main_role or "").split())
    match = re.match(r"^(.+?),?\s+(?:the|a|an)\s+(?:little\s+|small\s+|young\s+)?([a-z]+)$", text, re.IGNORECASE)
    if match and find_matches(match.group(2), CREATURES):
        return match.group(1), match.group(2)
    return text, ""


def find_creature(*texts: str) -> tuple[str | None, str]:
    """Return the first body type named in the texts and the English word used for it."""
    for text in texts:
        matches = find_matches(text, CREATURES)
        if matches:
            _, key, word = matches[0]
            return key, ("" if has_cjk(word) else _singular(word.lower(), CREATURES[key][0]))
    return None, ""


def _singular(word: str, known: tuple[str, ...]) -> str:
    """"kittens" -> "kitten" (only when the plain form is a known word)."""
    if word in known:
        return word
    for cut in ("es", "s"):
        if word.endswith(cut) and word[: -len(cut)] in known:
            return word[: -len(cut)]
    return _PLURALS.get(word, word)


def make_hero(main_role: str, topic: str, language: str, topic_pronoun: str, rng: random.Random) -> Hero:
    """Build the hero from the brief: a name (generated when absent), a body type and a look."""
    name, role_kind = split_main_role(main_role)
    creature, word = find_creature(role_kind, topic)
    if creature is None:
        creature = rng.choice(DEFAULT_KINDS)
    if creature in PEOPLE:
        gender = "she" if creature == "girl" else "he"
    else:
        gender = topic_pronoun or _name_gender(name) or rng.choice(("she", "he"))
    if not name:
        name = rng.choice(NAMES[("zh" if language == "zh" else "en", gender)])
    en_noun, zh_noun, measure = KIND_NOUNS[creature]
    en_noun = word or en_noun
    body = rng.choice(BODY_COLOURS[creature])
    accent = rng.choice([c for c in ACCESSORY_COLOURS if c != body])
    if language == "zh":
        adjective = rng.choice(ZH_ADJECTIVES)
        a_kind = f"一{measure}{adjective}{zh_noun}"
        look = _zh_look(creature, zh_noun, measure, body, accent, rng)
        return Hero(name, creature, zh_noun, a_kind, look, gender)
    adjective = rng.choice(EN_ADJECTIVES)
    little = "" if en_noun.startswith(("little", "baby")) or en_noun.endswith(" cub") else "little "
    a_kind = f"{article(adjective)} {adjective} {little}{en_noun}"
    return Hero(name, creature, en_noun, a_kind, _en_look(creature, en_noun, body, accent, rng), gender)


def _name_gender(name: str) -> str:
    """The pronoun our name lists give a name, or "" for a name we do not know."""
    return next((gender for (_, gender), names in NAMES.items() if name in names), "")


def _en_look(creature: str, noun: str, body: str, accent: str, rng: random.Random) -> str:
    """A role-sheet line with colour words the illustrator can read."""
    if creature in PEOPLE:
        hair = rng.choice(("curly", "short", "wavy")) if creature == "boy" else rng.choice(("curly", "long", "braided"))
        clothes = "dress" if creature == "girl" else rng.choice(("shirt", "jumper", "overalls"))
        boots = rng.choice(("red", "blue", "yellow"))
        return f"a cheerful {noun} with {hair} {body} hair, a {accent} {clothes} and {boots} boots"
    if creature == "panda":
        colour_phrase = "black and white"
    else:
        colour_phrase = body
    accessory = rng.choice(ACCESSORIES)[0]
    return f"a small {colour_phrase} {noun} with {FEATURES[creature][0]} and a {accent} {accessory}"


def _zh_look(creature: str, noun: str, measure: str, body: str, accent: str, rng: random.Random) -> str:
    """The Chinese role-sheet line (colour before each noun, so the illustrator can read it)."""
    if creature in PEOPLE:
        hair = rng.choice(("卷发", "短发")) if creature == "boy" else rng.choice(("卷发", "长发", "麻花辫"))
        clothes = "连衣裙" if creature == "girl" else rng.choice(("衬衫", "毛衣", "背带裤"))
        return f"一个活泼的{noun}，{ZH_COLOURS[body]}的{hair}，穿着{ZH_COLOURS[accent]}的{clothes}"
    colour_phrase = "黑白相间" if creature == "panda" else ZH_COLOURS[body]
    _, accessory, verb = rng.choice(ACCESSORIES)
    return f"一{measure}{colour_phrase}的{noun}，{FEATURES[creature][1]}，{verb}{ZH_COLOURS[accent]}的{accessory}"


def pick_companions(place: Place, hero: Hero, count: int, language: str, rng: random.Random) -> list[Companion]:
    """Choose helpers who fit the place and differ from the hero (in name and body type)."""
    pool = [h for h in place.helpers if h.creature != hero.creature] or list(place.helpers)
    unique: list[Helper] = []
    for helper in pool:
        if helper not in unique:
            unique.append(helper)
    # a modifier's helper (a penguin in the snow, an owl at night) comes first in the pool
    first = unique[0] if place.modifiers else rng.choice(unique)
    chosen = [first] + rng.sample([h for h in unique if h is not first], k=min(count - 1, len(unique) - 1))
    companions, used = [], {hero.name.lower()}
    for helper in chosen:
        names = helper.zh_names if language == "zh" else helper.en_names
        name = next((n for n in rng.sample(names, len(names)) if n.lower() not in used), None)
        if name is None:
            continue
        used.add(name.lower())
        short, look = (helper.zh_short, helper.zh_look) if language == "zh" else (helper.en_short, helper.en_look)
        companions.append(Companion(name, helper, short, look))
    return companions


def article(word: str) -> str:
    """"a" or "an" for the word that follows."""
    return "an" if word[:1].lower() in "aeiou" else "a"
