"""Who is in the story: the hero, the topic's second character, and helpers who belong to the place.

Each character gets a name, pronouns, words for its kind, and a role-sheet line
("a small green dragon with little wings and a red scarf") whose colour and
clothing words the illustrator reads (storyagent/offline/drawing/looks.py).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .lexicon import DEFAULT_HEROES, KINDS, Kind, find_kind
from .places import Helper, Place
from .topic import Topic

NAMES = {
    ("en", "she"): ("Mimi", "Luna", "Rosie", "Poppy", "Lily", "Ruby", "Coco", "Willow", "Bella", "Nina", "Juno", "Tilly",
                    "Maisie", "Hazel", "Ivy", "Pip", "Daisy", "Elsie"),
    ("en", "he"): ("Leo", "Milo", "Toby", "Finn", "Benny", "Max", "Ollie", "Teddy", "Oscar", "Sam", "Alfie", "Jasper",
                   "Arlo", "Rufus", "Percy", "Hugo", "Otto", "Barney"),
    ("zh", "she"): ("朵朵", "米米", "糖糖", "甜甜", "妞妞", "贝贝", "圆圆", "可可", "小满", "桃桃", "苗苗"),
    ("zh", "he"): ("乐乐", "豆豆", "团团", "壮壮", "嘟嘟", "多多", "安安", "果果", "欢欢", "皮皮", "石头"),
}
PRONOUNS = {
    "she": {"he": "she", "He": "She", "him": "her", "his": "her", "His": "Her", "himself": "herself"},
    "he": {"he": "he", "He": "He", "him": "him", "his": "his", "His": "His", "himself": "himself"},
}
ZH_PRONOUNS = {"she": "她", "he": "他", "it": "它"}
ZH_COLOURS = {"orange": "橙色", "grey": "灰色", "white": "白色", "black": "黑色", "ginger": "橘色", "brown": "棕色",
              "golden": "金色", "cream": "米色", "red": "红色", "blue": "蓝色", "yellow": "黄色", "green": "绿色",
              "purple": "紫色", "pink": "粉色", "silver": "银色", "teal": "青色"}
ZH_SIZES = {"tiny": "小小的", "little": "", "small": "", "big": "大大的"}
ACCESSORY_COLOURS = ("red", "blue", "yellow", "green", "purple", "pink")
# (English noun, Chinese noun, Chinese verb "wearing")
ACCESSORIES = (("scarf", "围巾", "围着"), ("backpack", "小背包", "背着"), ("raincoat", "雨衣", "穿着"),
               ("cap", "帽子", "戴着"), ("bow", "蝴蝶结", "戴着"), ("cape", "斗篷", "披着"))
IRREGULAR_PLURALS = {"mouse": "mice", "fish": "fish", "sheep": "sheep", "puppy": "puppies", "bunny": "bunnies",
                     "butterfly": "butterflies", "fox": "foxes", "kitty": "kitties", "pony": "ponies", "goose": "geese"}
MOVES = {  # kind key -> (English "went", Chinese verb)
    "cloud": ("drifted", "飘"), "bird": ("fluttered", "飞"), "owl": ("flew", "飞"), "bee": ("buzzed", "飞"),
    "butterfly": ("fluttered", "飞"), "duck": ("waddled", "走"), "penguin": ("waddled", "走"), "fish": ("swam", "游"),
    "whale": ("swam", "游"), "snail": ("crept", "爬"), "caterpillar": ("crept", "爬"), "turtle": ("plodded", "爬"),
    "robot": ("rolled", "走"), "girl": ("ran", "跑"), "boy": ("ran", "跑"), "star": ("floated", "飘"),
    "snowman": ("shuffled", "挪"), "dragon": ("stomped", "走"), "crab": ("scuttled", "爬"),
}
HANDS = {"girl": ("hands", "手"), "boy": ("hands", "手"), "robot": ("hands", "手"), "monkey": ("hands", "手"),
         "bird": ("beak", "嘴"), "owl": ("beak", "嘴"), "duck": ("beak", "嘴"), "penguin": ("flippers", "翅膀"),
         "fish": ("fins", "鳍"), "whale": ("fins", "鳍"), "cloud": ("puffy edges", "软软的边"), "dragon": ("claws", "爪子"),
         "snail": ("feelers", "触角"), "star": ("arms", "小手"), "snowman": ("arms", "小手"), "turtle": ("feet", "脚"), "elephant": ("trunk", "鼻子"), "bee": ("legs", "小脚"), "ant": ("legs", "小脚"),
         "crab": ("claws", "钳子"), "sheep": ("hooves", "蹄子"), "horse": ("hooves", "蹄子"), "cow": ("hooves", "蹄子")}

HABITS = {  # kind noun or body type -> (English pastime, Chinese)
    "cat": ("chasing the tip of {his} own tail", "追自己的尾巴尖"), "dog": ("digging holes and fetching sticks", "挖坑、捡树枝"),
    "rabbit": ("hopping in zigzags", "蹦蹦跳跳地画之字"), "hare": ("racing the wind", "和风赛跑"),
    "bear": ("sniffing out honey", "到处闻蜂蜜的味道"), "panda": ("munching bamboo", "啃竹子"), "fox": ("pouncing on fallen leaves", "扑落叶"),
    "mouse": ("nibbling seeds", "啃小种子"), "squirrel": ("burying acorns", "埋橡果"), "lion": ("practising big yawns", "练习打大大的哈欠"),
    "owl": ("hooting at the moon", "对着月亮咕咕叫"), "bird": ("singing from the treetops", "在树梢上唱歌"), "hen": ("pecking for seeds", "啄小种子"),
    "chick": ("cheeping at the sunrise", "对着日出叽叽叫"), "duck": ("paddling in puddles", "在水坑里划水"),
    "penguin": ("sliding on {his} tummy", "用肚皮滑行"), "frog": ("catching flies", "捉苍蝇"),
    "turtle": ("sunbathing on a warm stone", "在暖暖的石头上晒太阳"), "tortoise": ("munching dandelions", "嚼蒲公英"),
    "sheep": ("bouncing in the grass", "在草地上蹦跳"), "dragon": ("collecting shiny pebbles", "收集亮晶晶的小石子"),
    "dinosaur": ("stomping in puddles", "在水坑里踩水"), "robot": ("fixing squeaky wheels", "修吱吱响的轮子"),
    "girl": ("climbing trees and drawing pictures", "爬树和画画"), "boy": ("building dens and splashing in puddles", "搭小窝和踩水坑"),
    "cloud": ("making shapes in the sky", "在天上变出各种形状"), "elephant": ("spraying water with {his} trunk", "用鼻子喷水"),
    "monkey": ("swinging from branch to branch", "在树枝间荡来荡去"), "tiger": ("stalking butterflies", "悄悄追蝴蝶"),
    "pig": ("rolling in the mud", "在泥巴里打滚"), "cow": ("munching clover", "嚼三叶草"), "horse": ("galloping along the fence", "沿着篱笆奔跑"),
    "unicorn": ("galloping over rainbows", "踩着彩虹奔跑"), "bee": ("visiting flowers", "去花朵上做客"),
    "butterfly": ("dancing from flower to flower", "在花丛间跳舞"), "caterpillar": ("munching leaves", "啃叶子"),
    "snail": ("leaving silvery trails", "留下银色的小路"), "ant": ("carrying crumbs twice {his} size", "搬比自己大两倍的面包屑"),
    "whale": ("blowing fountains", "喷出高高的水柱"), "fish": ("darting between the reeds", "在水草间游来游去"),
    "snowman": ("watching the snowflakes", "看雪花"), "star": ("twinkling at the children below", "对着地上的孩子眨眼睛"),
    "hedgehog": ("snuffling in the leaves", "在落叶里嗅来嗅去"), "crab": ("scuttling sideways along the sand", "在沙滩上横着走"),
    "goat": ("climbing the steepest rocks", "爬最陡的岩石"), "giraffe": ("nibbling the highest leaves", "吃最高处的树叶"),
}


def habit(character: Character, language: str) -> str:
    """What this kind of character loves doing ("collecting shiny pebbles")."""
    words = character.kind.en.split()
    entry = HABITS.get(words[-1] if words else "") or HABITS.get(words[0] if words else "") or HABITS.get(character.kind.key)
    entry = entry or ("exploring", "到处探险")
    # "chasing the tip of {his} own tail" is this character's tail, not the hero's
    return entry[1] if language == "zh" else entry[0].replace("{his}", character.pronouns.get("his", "its"))


@dataclass
class Character:
    name: str
    kind: Kind
    noun: str               # in the story's language: "dragon" / "小龙"
    plural: str
    look_short: str         # "small green dragon" / "绿色的小龙"
    a_look: str             # "a small green dragon" / "一条绿色的小龙"
    look: str               # the role-sheet line
    gender: str
    size: str = ""
    pronouns: dict = field(default_factory=dict)
    went: str = "hurried"
    hands: str = "paws"


def split_main_role(main_role: str) -> tuple[str, str]:
    """"Tom the cat" -> ("Tom", "cat"); "Mimi" -> ("Mimi", "")."""
    text = " ".join((main_role or "").split())
    match = re.match(r"^(.+?),?\s+(?:the|a|an)\s+(?:little\s+|small\s+|young\s+|big\s+)?([a-z ]+)$", text, re.IGNORECASE)
    if match and find_kind(match.group(2)):
        return match.group(1), match.group(2)
    zh_match = re.match(r"^(.+?)(?:是)?(?:一只|一个|一条|一头|一匹)?(?:小)?(" + "|".join(sorted(_zh_kind_words(), key=len, reverse=True)) + r")$", text)
    if zh_match and len(zh_match.group(1)) <= 4 and zh_match.group(1) != text:
        return zh_match.group(1), zh_match.group(2)
    return text, ""


def _zh_kind_words() -> list[str]:
    from .lexicon import ZH_KINDS
    return list(ZH_KINDS)


def make_hero(main_role: str, topic: Topic, language: str, rng: random.Random) -> Character:
    """The hero: named by main_role (or a generated name), of the kind main_role or the topic names."""
    name, role_kind = split_main_role(main_role)
    found = find_kind(role_kind, bool(re.search(r"[\u4e00-\u9fff]", role_kind))) if role_kind else None
    key = found[0] if found else (topic.hero or rng.choice(DEFAULT_HEROES))
    kind = KINDS[key]
    size = topic.hero_size if key == topic.hero else ""
    gender = _gender(kind, name, topic.text, rng)
    return _character(name, kind, gender, size or rng.choice(("little", "small", "little")), language, rng)


def make_partner(topic: Topic, hero: Character, language: str, rng: random.Random) -> Character:
    """The topic's second character (the turtle of "a tiny mouse and a big turtle", the hare of a race)."""
    kind = KINDS[topic.partner]
    size = topic.partner_size or ("big" if hero.size in ("tiny", "little", "small") else "small")
    gender = rng.choice(("she", "he"))
    return _character("", kind, gender, size, language, rng, taken={hero.name})


def _character(name: str, kind: Kind, gender: str, size: str, language: str, rng: random.Random,
               taken: set[str] = frozenset()) -> Character:
    """Build a character's words and role-sheet line."""
    zh = language == "zh"
    if not name:
        pool = [n for n in NAMES[("zh" if zh else "en", gender)] if n not in taken]
        name = rng.choice(pool)
    body = rng.choice(kind.colours)
    accent = rng.choice([c for c in ACCESSORY_COLOURS if c != body])
    accessory = rng.choice(ACCESSORIES)
    pronouns = {key: ZH_PRONOUNS[gender] for key in PRONOUNS[gender]} if zh else dict(PRONOUNS[gender])
    went, went_zh = MOVES.get(kind.key, ("hurried", "跑"))
    hands, hands_zh = HANDS.get(kind.key, ("paws", "爪子"))
    if zh:
        colour = "黑白相间" if kind.key == "panda" else ZH_COLOURS[body]
        zh_noun = kind.zh[1:] if size == "big" and kind.zh.startswith("小") else kind.zh
        look_short = f"{ZH_SIZES.get(size, '')}{colour}的{zh_noun}"
        a_look = f"一{kind.measure}{look_short}"
        if kind.person:
            hair = rng.choice(("卷发", "短发")) if kind.key == "boy" else rng.choice(("卷发", "长发", "麻花辫"))
            clothes = "连衣裙" if kind.key == "girl" else rng.choice(("衬衫", "毛衣", "背带裤"))
            look = f"一个活泼的{kind.zh}，{ZH_COLOURS[body]}的{hair}，穿着{ZH_COLOURS[accent]}的{clothes}"
            look_short, a_look = f"活泼的{kind.zh}", f"一个活泼的{kind.zh}"
        else:
            look = f"{a_look}，{kind.feature_zh}，{accessory[2]}{ZH_COLOURS[accent]}的{accessory[1]}"
        return Character(name, kind, zh_noun, zh_noun, look_short, a_look, look, gender, size, pronouns, went_zh, hands_zh)
    noun = kind.en
    plural = IRREGULAR_PLURALS.get(noun.split()[-1], noun.split()[-1] + ("es" if noun.endswith(("s", "x", "ch")) else "s"))
    plural = " ".join(noun.split()[:-1] + [plural])
    colour = "black and white" if kind.key == "panda" else body
    if kind.person:
        hair = rng.choice(("curly", "short", "wavy")) if kind.key == "boy" else rng.choice(("curly", "long", "braided"))
        clothes = "dress" if kind.key == "girl" else rng.choice(("shirt", "jumper", "overalls"))
        boots = rng.choice(("red", "blue", "yellow"))
        look = f"a {size} {noun} with {hair} {body} hair, {'' if clothes == 'overalls' else 'a '}{accent} {clothes} and {boots} boots"
        look_short = f"{size} {noun}"
    else:
        look = f"a {size} {colour} {noun} with {kind.feature_en} and a {accent} {accessory[0]}"
        look_short = f"{size} {colour} {noun}"
    a_look = ("an " if look_short[:1] in "aeiou" else "a ") + look_short
    look = ("an " if look[2:3] in "aeiou" else "a ") + look[2:]
    return Character(name, kind, noun, plural, look_short, a_look, look, gender, size, pronouns, went, hands)


def _gender(kind: Kind, name: str, topic: str, rng: random.Random) -> str:
    """"she"/"he": from a person kind, the topic's pronouns, a known name, or the seed."""
    if kind.person:
        return "she" if kind.key == "girl" else "he"
    lowered = topic.lower()
    if re.search(r"\b(?:she|her|herself)\b", lowered) or "她" in topic or kind.en == "hen":
        return "she"
    if re.search(r"\b(?:he|his|him|himself)\b", lowered) or "他" in topic:
        return "he"
    for (_, gender), names in NAMES.items():
        if name in names:
            return gender
    return rng.choice(("she", "he"))


def pick_companions(place: Place, hero: Character, partner: Character | None, language: str,
                    rng: random.Random) -> list[Character]:
    """Two helpers who belong to the place and differ from the hero and the partner (in kind and name)."""
    avoid = {hero.kind.key, partner.kind.key if partner else ""}
    pool: list[Helper] = []
    for helper in place.helpers:
        if helper.creature not in avoid and helper not in pool:
            pool.append(helper)
    pool = pool or list(place.helpers)
    first = pool[0] if place.modifiers else rng.choice(pool)
    rest = [h for h in pool if h.creature != first.creature] or [h for h in pool if h is not first]   # not two dogs
    chosen = [first] + ([rng.choice(rest)] if rest else [first])
    zh = language == "zh"
    used = {hero.name.lower(), partner.name.lower() if partner else ""}
    moods: set[str] = set()
    companions = []
    for helper in chosen:
        names = [n for n in (helper.zh_names if zh else helper.en_names) if n.lower() not in used]
        name = rng.choice(names) if names else ("小" + helper.zh_names[0] if zh else helper.en_names[0] + " Junior")
        used.add(name.lower())
        gender = "she" if name.startswith("Mrs") else rng.choice(("she", "he"))
        short = helper.zh_short if zh else helper.en_short
        look = helper.zh_look if zh else helper.en_look
        if not zh:
            short, look = _companion_mood(short, look, rng, moods)
        noun = re.sub(r"^(?:一只|一位|一个|一条)", "", short) if zh else re.sub(r"^(?:a|an)\s+", "", short)
        pronouns = {key: ZH_PRONOUNS[gender] for key in PRONOUNS[gender]} if zh else dict(PRONOUNS[gender])
        kind = Kind(helper.creature, noun, noun, "只", (), "", "")
        companions.append(Character(name, kind, noun, noun, noun, short, look, gender, "", pronouns))
    return companions


# other words for a helper's first adjective, one picked per story: the owl of one meadow story is wise,
# of another sleepy (every story by the same pond used to meet "the wise old owl", word for word)
COMPANION_MOODS: dict[str, tuple[str, ...]] = {
    "a wise old owl": ("wise", "sleepy", "kindly", "patient"), "a cheerful squirrel": ("cheerful", "chatty", "nimble", "busy"),
    "a gentle big bear": ("gentle", "cuddly", "friendly", "sleepy"), "a kind old sea turtle": ("kind", "patient", "calm"),
    "a kind old turtle": ("kind", "patient", "calm"), "a chatty seagull": ("chatty", "cheeky", "noisy"),
    "a jolly frog": ("jolly", "cheeky", "merry"), "a friendly duck": ("friendly", "busy", "plump"),
    "a friendly brown dog": ("friendly", "scruffy", "eager"), "a busy little hen": ("busy", "brisk", "bustling"),
    "a clever pigeon": ("clever", "cheeky", "chatty"), "a street-wise cat": ("street-wise", "sleek", "clever"),
    "a friendly robot": ("friendly", "helpful", "clever"), "a cheerful robin": ("cheerful", "chirpy", "cheeky"),
    "a tiny mouse": ("tiny", "shy", "quick"), "a bouncy rabbit": ("bouncy", "lively", "giggly"),
    "a sleepy old cat": ("sleepy", "cosy", "lazy"), "a loyal puppy": ("loyal", "eager", "playful"),
    "a proud eagle": ("proud", "keen-eyed", "noble"), "a loyal sheepdog": ("loyal", "busy", "clever"),
    "a fluffy lamb": ("fluffy", "shy", "playful"), "a waddling penguin": ("waddling", "cheerful", "chatty"),
    "a clever red fox": ("clever", "quick", "curious"), "a sleepy panda": ("sleepy", "cuddly", "gentle"),
    "a woolly lamb": ("woolly", "playful", "shy"), "a bouncy puppy": ("bouncy", "eager", "playful"),
    "a cheerful frog": ("cheerful", "cheeky", "merry"), "a snoozy cat": ("snoozy", "cosy", "lazy"),
    "a bright kingfisher": ("bright", "quick", "busy"), "a friendly farm dog": ("friendly", "scruffy", "eager"),
    "a chatty duck": ("chatty", "busy", "plump"), "a curious cat": ("curious", "sleek", "clever"),
    "a busy little mouse": ("busy", "quick", "shy"),
}


def _companion_mood(short: str, look: str, rng: random.Random, taken: set[str] | None = None) -> tuple[str, str]:
    """The helper's short phrase and role-sheet line with this story's word for its first adjective
    (not one another helper of the story already has: "the playful lamb" and "the playful puppy")."""
    moods = COMPANION_MOODS.get(short)
    if not moods:
        return short, look
    taken = set() if taken is None else taken
    word, mood = moods[0], rng.choice([m for m in moods if m not in taken] or list(moods))
    taken.add(mood)
    swap = re.compile(rf"\b{re.escape(word)}\b")
    short, look = swap.sub(mood, short, count=1), swap.sub(mood, look, count=1)
    return _an(short), _an(look)


def _an(text: str) -> str:
    """"a eager puppy" -> "an eager puppy" (a mood word may start with a vowel)."""
    return re.sub(r"^(an?) (\w)", lambda m: ("an" if m.group(2) in "aeiou" else "a") + " " + m.group(2), text)
