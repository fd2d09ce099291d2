"""Measures of a written story that the tests and bench/bench_story.py share.

CORPUS is the writer's own set of topics (every topic shape, both languages), each
with the hero kind it must produce and words the pages must contain.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ..vocabulary import PROPS, find_keys
from .echoes import long_runs
from .facts import FACTS, OBJECT_ZH
from .lexicon import KINDS
from .topic import read_topic

# (topic, language, hero KINDS key or None, regexes the pages must all match)
CORPUS: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("a dragon who cannot breathe fire", "en", "dragon", ("fire",)),
    ("a little cloud who is scared of thunder", "en", "cloud", ("thunder",)),
    ("a boy who loves dinosaurs", "en", "boy|prince|son|brother|kid|child", ("dinosaur",)),
    ("the water cycle", "en", None, ("rain", "cloud", "vapour")),
    ("why the sky is blue", "en", None, ("blue", "sunlight|sun")),
    ("slow and steady wins the race", "en", "tortoise", ("race", "hare")),
    ("a robot who wants to paint", "en", "robot", ("paint",)),
    ("sharing toys", "en", None, ("toys|kite|ball|train",)),
    ("a tiny mouse and a big turtle", "en", "mouse|mice|hamster", ("turtle",)),
    ("a little hen", "en", "hen|chicken", ()),
    ("a lost kitten learns to ask for help", "en", "cat|kitten|kitty", ("ask for help",)),
    ("a shy bear learns to share his honey", "en", "bear|teddy|cub", ("honey",)),
    ("a penguin who cannot sleep", "en", "penguin", ("sleep|asleep",)),
    ("a little bird learns to fly", "en", "bird|sparrow|robin|parrot|eagle|seagull|pigeon", ("fly|flew|wings",)),
    ("why do leaves fall", "en", None, ("leaves",)),
    ("how do bees make honey", "en", None, ("honey", "nectar")),
    ("where does rain come from", "en", None, ("rain", "droplets")),
    ("why is there day and night", "en", None, ("Earth", "spin")),
    ("why does the moon change shape", "en", None, ("moon",)),
    ("how do seeds grow", "en", None, ("seed",)),
    ("why do we have seasons", "en", None, ("summer", "winter")),
    ("a bunny who wants to go to the moon", "en", "rabbit|bunny", ("moon",)),
    ("a girl who is afraid of the dark", "en", "girl|princess|daughter|sister", ("dark",)),
    ("the tortoise and the hare", "en", "tortoise", ("race",)),
    ("a fox who lost his red ball", "en", "fox", ("ball",)),
    ("a puppy who wants to learn to swim", "en", "dog|puppy|pup|doggy", ("swim",)),
    ("a little owl and a big bear", "en", "owl", ("bear",)),
    ("why do cats purr", "en", None, ("cats",)),
    ("rainbows", "en", None, ("rainbow",)),
    ("a squirrel who helps her friends", "en", "squirrel", ()),
    ("a kitten who goes to the sea", "en", "cat|kitten|kitty", ("sea",)),
    ("learning to ride a bike", "en", None, ("bike",)),
    ("a lonely elephant", "en", "elephant", ()),
    ("a duckling who is scared of water", "en", "duck|duckling", ("water",)),
    ("the little red hen bakes bread", "en", "hen|chicken", ("bread",)),
    ("a lion cub who cannot roar", "en", "lion", ("roar",)),
    ("friendship", "en", None, ()),
    ("a girl and her dog", "en", "girl|princess|daughter|sister", ("dog|puppy",)),
    ("一只害怕打雷的小兔子", "zh", "rabbit|bunny", ("打雷|雷",)),
    ("学会分享玩具", "zh", None, ("玩具",)),
    ("为什么天空是蓝色的", "zh", None, ("蓝",)),
    ("小老鼠和大乌龟", "zh", "mouse|mice|hamster", ("乌龟",)),
    ("不会喷火的小龙", "zh", "dragon", ("火",)),
    ("迷路的小猫学会求助", "zh", "cat|kitten|kitty", ("求助",)),
    ("水循环", "zh", None, ("水蒸气", "云")),
    ("一个喜欢恐龙的男孩", "zh", "boy|prince|son|brother|kid|child", ("恐龙",)),
    ("乌龟和兔子赛跑", "zh", "tortoise", ("赛跑|比赛",)),
    ("想画画的机器人", "zh", "robot", ("画",)),
    ("为什么会下雨", "zh", None, ("雨",)),
    ("小母鸡", "zh", "hen|chicken", ()),
)

_WORD = re.compile(r"[a-z']+")


def sentences(page: str, language: str) -> list[str]:
    """A page's sentences."""
    parts = re.split(r"(?<=[。！？])(?![”’])" if language == "zh" else r"(?<=[.!?])\s+", page)
    return [part.strip() for part in parts if len(part.strip()) > 3]


def repeated_sentences(story: dict) -> list[str]:
    """Sentences that occur more than once in a story (should be none)."""
    seen, repeats = set(), []
    for page in story["pages"]:
        for sentence in sentences(page, story["language"]):
            key = re.sub(r"\W+", " ", sentence.lower()).strip()
            if key in seen:
                repeats.append(sentence)
            seen.add(key)
    return repeats


def echoed_lines(story: dict) -> list[tuple[int, int, str]]:
    """(page, later page, the run) for each long run that two pages of a story share (should be none)."""
    first: dict[tuple[str, ...], int] = {}
    echoes = []
    for index, page in enumerate(story["pages"]):
        for run in sorted(long_runs(page, story["language"])):
            if run in first and first[run] != index:
                echoes.append((first[run], index, " ".join(run)))
            first.setdefault(run, index)
    return echoes


def masked_words(page: str, names: Iterable[str]) -> list[str]:
    """The page's words, lower-cased, with every character name replaced by one placeholder."""
    for name in sorted(names, key=len, reverse=True):
        page = re.sub(rf"\b{re.escape(name)}\b", "NAME", page)
    return _WORD.findall(page.lower().replace("’", "'"))


def shared_run_fraction(stories: list[dict], run: int = 6) -> tuple[float, int, int]:
    """Share of pages that have a run of `run` words in common with a page of another story.

    Returns (fraction, pages sharing, all pages). Names are masked first, so two
    stories do not differ just because their heroes have different names.
    """
    grams_of: list[list[set]] = []
    for story in stories:
        names = list(story["roles"]) + [story["main_role"]]
        pages = []
        for page in story["pages"]:
            words = masked_words(page, names)
            pages.append({tuple(words[i:i + run]) for i in range(len(words) - run + 1)})
        grams_of.append(pages)
    owners: dict[tuple, set[int]] = {}
    for index, pages in enumerate(grams_of):
        for grams in pages:
            for gram in grams:
                owners.setdefault(gram, set()).add(index)
    sharing = total = 0
    for index, pages in enumerate(grams_of):
        for grams in pages:
            total += 1
            if any(len(owners[gram] - {index}) > 0 for gram in grams):
                sharing += 1
    return (sharing / total if total else 0.0), sharing, total


def topic_object_words(topic: str) -> list[str]:
    """Regexes naming the concrete things a topic is about (its objects, its skill's, fear's and fact's things)."""
    parsed = read_topic(topic)
    words: list[str] = []
    for thing in parsed.things:
        words += [re.escape(thing.en.rstrip("s")), re.escape(thing.zh)]
        words += [re.escape(part.split()[-1]) for part in re.split(r",| and ", thing.show_en) if part.strip()]
    if parsed.skill:
        words.append(parsed.skill.words)
    if parsed.fear:
        words.append(parsed.fear.words)
    if parsed.fact and (parsed.plots == ("curious",) or parsed.loves):
        words += [_plural_too(word) for word in parsed.fact.objects]
        words += [re.escape(OBJECT_ZH[word]) for word in parsed.fact.objects if word in OBJECT_ZH]
    return [word for word in dict.fromkeys(words) if word]


def _plural_too(word: str) -> str:
    """A regex for a fact's object that also finds its plural ("leaf" -> "leaves" too)."""
    return re.escape(word[:-1]) + "(?:f|ves)" if word.endswith("f") else re.escape(word)


def pages_naming(story: dict, words: list[str]) -> int:
    """How many pages name at least one of the things (by the regexes, or a PROPS key among them)."""
    count = 0
    for page in story["pages"]:
        lowered = page.lower()
        props = set(find_keys(page, PROPS))
        if any((word in props) or re.search(word, lowered) for word in words):
            count += 1
    return count


def kind_words(key: str, language: str) -> list[str]:
    """Words that name a KINDS entry in a role-sheet line."""
    kind = KINDS[key]
    return [kind.zh.lstrip("小")] if language == "zh" else [kind.en.split()[0], *key.split("|")]


def fact_keys() -> list[str]:
    return [fact.key for fact in FACTS]


def variety_over_seed_sets(sets: int, language: str = "en") -> list[float]:
    """The variety figure of the corpus's stories in `language` for seed sets 0..sets-1.

    Set 0 gives each topic its position as seed (the tests' corpus); set k gives it k*100 + position,
    as other users' random seeds would.
    """
    from .writer import compose_story   # checks.py is imported by the writer's tests, not by the writer

    topics = [topic for topic, lang, _, _ in CORPUS if lang == language]
    return [shared_run_fraction([compose_story(topic, "", "", language, k * 100 + index)
                                 for index, topic in enumerate(topics)])[0] for k in range(sets)]
