"""Read a topic into what the story needs: who the hero is, what the trouble is, which plots fit.

Shapes understood (English and Chinese): "a/an X who/that Y", "X learns to Y",
"learning to Y", "X and Y", "why/how ...?" questions, "the X" subjects, bare
virtues ("sharing toys"), and 一只...的小兔子, 学会..., 为什么..., X和Y.
Nothing here copies the raw topic into the story: every phrase the pages use comes
from the word tables, so a topic can only steer the story, never be pasted into it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import SETTINGS, find_keys, has_cjk
from .facts import Fact, find_fact
from .lexicon import (
    KINDS,
    Fear,
    Skill,
    Thing,
    find_fear,
    find_kind,
    find_skill,
    find_thing,
)

PLOTS = ("race", "fear", "lost", "sharing", "skill", "help", "journey", "curious", "friends")
GENERIC_PLOTS = ("help", "journey", "lost", "sharing", "friends")
SIZE_WORDS = {"tiny": "tiny", "little": "little", "small": "small", "big": "big", "giant": "big", "huge": "big",
              "young": "little", "baby": "little"}
ZH_SIZE_WORDS = {"小小的": "tiny", "很小的": "tiny", "大大的": "big", "巨大的": "big", "大": "big"}

# (regex over English text, regex over Chinese text, plot, English lesson, Chinese lesson)
VIRTUES = (
    (r"ask(?:s|ing)? for help", r"求助|请人帮", "", "ask for help", "求助"),
    (r"\bshar(?:e|es|ing)\b|take turns", r"分享|轮流", "sharing", "share", "分享"),
    (r"be brave|bravery|courage", r"勇敢|勇气", "fear", "be brave", "勇敢"),
    (r"be kind|kindness", r"善良|友善", "help", "be kind", "友善待人"),
    (r"tell the truth|honest|\blie\b|\blying\b", r"诚实|说谎|撒谎", "lost", "tell the truth", "说真话"),
    (r"be patient|patience|\bwait", r"耐心|等待", "skill", "be patient", "耐心等待"),
    (r"make friends|be a (?:good )?friend", r"交朋友", "friends", "make friends", "交朋友"),
    (r"tid(?:y|ies)|clean(?:s|ing)? up", r"整理|收拾|打扫", "lost", "tidy up", "收拾整齐"),
)
PLOT_RULES = (   # checked in order on the predicate (English, Chinese)
    ("race", r"\brac(?:e|es|ing)\b|contest|competition|slow and steady|\bwins?\b|\bhare\b.*\btortoise\b|tortoise and the hare",
     r"比赛|赛跑|慢慢来|龟兔"),
    ("lost", r"\blost\b|way home|missing|can(?:no|')t find|\bloses\b", r"迷路|丢|找不到|走失"),
    ("fear", r"afraid|scared|frighten|\bfears?\b|timid|brave|courage|nervous", r"害怕|怕|胆小|勇敢|紧张"),
    ("sharing", r"\bshar(?:e|es|ed|ing)\b|selfish|greedy|take turns", r"分享|分给|轮流|小气"),
    ("journey", r"\bgo(?:es)? to\b|\bgoing to\b|\btrip\b|journey|travel|visit|adventure|explor|voyage|\bto the moon\b",
     r"去|旅行|冒险|探险|出发"),
    ("skill", r"can(?:no|')t|can not|unable|\blearn|\bwants? to\b|wish|dream|tries to|\btry\b|practi", r"学会|学|不会|想|梦想|练习"),
    ("help", r"\bhelp|rescue|\bsaves?\b|teamwork|together|kind|\bbak(?:e|es|ing)\b|\bbread\b|little red hen",
     r"帮|救|合作|一起|善良|面包|烤"),
    ("friends", r"friend|lonely|alone|\bshy\b|\bnew\b", r"朋友|孤单|孤独|害羞|新来的"),
)
QUESTION_EN = re.compile(r"^(?:why|how|what|where|when|who|do|does|did|can|could|is|are|will)\b|\?$")
QUESTION_ZH = re.compile(r"为什么|怎么|如何|是什么|什么是|哪里|哪儿|吗[？?]?$|呢[？?]?$|[？?]$")
STOP_NOUNS = {"why", "how", "what", "where", "when", "who", "does", "do", "did", "is", "are", "can", "the", "a", "an",
              "of", "to", "in", "on", "at", "it", "its", "and", "or", "we", "you", "they", "there", "so", "get", "go",
              "come", "make", "have", "has", "be", "been", "our", "your", "from", "up", "down", "out", "with", "for",
              "about", "all", "some", "many", "much", "very", "such", "this", "that", "these", "those", "not", "if"}


@dataclass
class Topic:
    """What a topic says, in words the plots can use."""

    text: str = ""
    plots: tuple[str, ...] = GENERIC_PLOTS   # the plot kinds that fit, best first
    hero: str | None = None                  # KINDS key
    hero_size: str = ""
    partner: str | None = None               # a second character the topic names (KINDS key)
    partner_size: str = ""
    skill: Skill | None = None
    skill_en: str = ""                       # a skill phrase outside the table ("juggle")
    skill_zh: str = ""
    fear: Fear | None = None
    things: list[Thing] = field(default_factory=list)
    fact: Fact | None = None
    nouns_en: list[str] = field(default_factory=list)   # the nouns of a question outside the library
    nouns_zh: list[str] = field(default_factory=list)
    lesson_en: str = ""
    lesson_zh: str = ""
    setting: str = ""                        # a SETTINGS key named in the topic
    loves: bool = False                      # "who loves X": X is the hero's passion
    question: bool = False


def read_topic(text: str) -> Topic:
    """Parse a topic (either language) into a Topic."""
    text = " ".join((text or "").split()).strip()
    zh = has_cjk(text)
    topic = Topic(text=text)
    if not text:
        return topic
    topic.setting = (find_keys(text, SETTINGS) or [""])[0]
    topic.things = find_thing(text, zh)
    topic.question = bool(QUESTION_ZH.search(text) if zh else QUESTION_EN.search(text.lower()))
    _read_characters(topic, text, zh)
    predicate = _predicate(text, zh)
    topic.fact = find_fact(text)
    for pattern_en, pattern_zh, _plot, lesson_en, lesson_zh in VIRTUES:
        if re.search(pattern_zh if zh else pattern_en, text if zh else text.lower()):
            topic.lesson_en, topic.lesson_zh = lesson_en, lesson_zh
            break
    if topic.question:
        topic.plots = ("curious",)
        if topic.hero == "star" and topic.fact and "star" in topic.fact.objects:
            topic.hero = None       # "why do stars twinkle" is asked by someone looking up, not by a star
        if topic.fact is None:
            topic.nouns_en, topic.nouns_zh = _question_nouns(text, zh)
        return topic
    plot = _first_plot(predicate, zh)
    if plot == "lost" and topic.lesson_en == "ask for help":
        plot = "lost"
    if plot in ("skill", "fear"):
        _read_skill_or_fear(topic, predicate, zh, plot)
        if plot == "skill" and topic.skill is None and not topic.skill_en and not topic.skill_zh:
            virtue_plot = _virtue_plot(text, zh)
            plot = virtue_plot or ("help" if topic.lesson_en else "skill")
    if plot == "fear" and topic.fear is None:
        _read_skill_or_fear(topic, predicate, zh, "fear")
    if plot is None:
        plot = _virtue_plot(text, zh)
    loves = re.search(r"\b(?:loves?|likes?|adores?|enjoys?)\b", predicate.lower()) or re.search(r"喜欢|爱", predicate)
    if plot is None and loves:
        topic.loves = True
        options = ("lost", "journey", "sharing") + (("curious",) if topic.fact else ())
        topic.plots = options
        return topic
    if plot is None and topic.partner:
        plot = "friends"
    if plot is None and topic.fact and (topic.hero is None or text.lower().startswith("the ")):
        plot = "curious"
    if plot == "race" and topic.hero is None:
        topic.hero, topic.partner = "tortoise", "hare"
    if plot == "race" and topic.partner is None:
        topic.partner = "hare" if topic.hero != "hare" else "tortoise"
    if plot == "skill" and topic.skill is None and not topic.skill_en and not topic.skill_zh:
        plot = None
    topic.plots = (plot,) if plot else GENERIC_PLOTS
    return topic


def _first_plot(predicate: str, zh: bool) -> str | None:
    """The first PLOT_RULES entry the predicate matches."""
    for plot, pattern_en, pattern_zh in PLOT_RULES:
        if re.search(pattern_zh if zh else pattern_en, predicate if zh else predicate.lower()):
            return plot
    return None


def _virtue_plot(text: str, zh: bool) -> str | None:
    """The plot a virtue word in the topic asks for ("sharing toys" -> sharing)."""
    for pattern_en, pattern_zh, plot, _, _ in VIRTUES:
        if plot and re.search(pattern_zh if zh else pattern_en, text if zh else text.lower()):
            return plot
    return None


def _read_characters(topic: Topic, text: str, zh: bool) -> None:
    """Find the hero's kind and size, and a partner ("X and Y", a race rival)."""
    first = find_kind(text, zh)
    if zh and "的" in text:     # 一个喜欢恐龙的男孩: the hero is the noun after the last 的
        tail_at = text.rindex("的") + 1
        head = find_kind(text[tail_at:], zh)
        if head:
            first = (head[0], head[1] + tail_at)
    if not first:
        return
    topic.hero, at = first
    topic.hero_size = _size_before(text, at, zh)
    rest_at = at + 1
    rest = text[rest_at:]
    joined = re.search(r"和|与|跟|同" if zh else r"\b(?:and|with|meets?|vs\.?|versus)\b", rest.lower())
    if joined:
        tail = rest[joined.end():]
        second = find_kind(tail, zh)
        if second and second[0] != topic.hero:
            topic.partner = second[0]
            topic.partner_size = _size_before(tail, second[1], zh)
    elif re.search(r"\b(?:hare|tortoise)\b", text.lower()) and topic.hero in ("hare", "tortoise"):
        topic.partner = "hare" if topic.hero == "tortoise" else "tortoise"


def _size_before(text: str, at: int, zh: bool) -> str:
    """"a tiny mouse" -> "tiny"; the size word just before a kind word."""
    before = text[max(0, at - 8):at]
    if zh:
        return next((size for word, size in ZH_SIZE_WORDS.items() if before.endswith(word)), "")
    words = before.lower().split()[-2:]
    return next((SIZE_WORDS[word] for word in reversed(words) if word in SIZE_WORDS), "")


def _predicate(text: str, zh: bool) -> str:
    """What the topic says about its hero: the words after who/that, or the whole topic."""
    if zh:
        return text
    match = re.search(r"\b(?:who|that|which)\b\s+(.+)$", text, re.IGNORECASE)
    return match.group(1) if match else text


def _read_skill_or_fear(topic: Topic, predicate: str, zh: bool, plot: str) -> None:
    """Fill the skill (or the fear) from the table, or keep the topic's own short phrase."""
    if plot == "fear":
        topic.fear = find_fear(predicate, zh)
        return
    match = (re.search(r"(?:学会了?|不会|想要?学?会?|梦想着?|练习)(.+)", predicate) if zh else
             re.search(r"(?:can(?:no|')t|can not|unable to|learns? (?:how )?to|learning (?:how )?to|wants? to|"
                       r"wish(?:es)? (?:he|she|it|they)? ?could|dreams? of|tries to|practi[cs]es?)\s+(.+)$", predicate.lower()))
    phrase = match.group(1).strip(" .!?。！？") if match else ""
    phrase = re.split(r"的|，|。", phrase)[0] if zh else re.split(r"[,.;!?]| and then| but ", phrase)[0]
    skill = find_skill(phrase or predicate, zh)
    if skill:
        topic.skill = skill
        return
    if re.search(r"\bshar|\bhelp\b|\bbrave\b|\bkind\b|\btruth\b|\bfriends?\b|\btid", phrase) or \
            re.search(r"分享|求助|帮|勇敢|善良|真话|朋友|收拾", phrase):
        return
    if zh:
        topic.skill_zh = phrase[:8]
    elif phrase and len(phrase.split()) <= 4 and not re.search(r"\b(?:his|her|their|my|your)\b", phrase):
        topic.skill_en = _base_verb(phrase)


def _base_verb(phrase: str) -> str:
    """"dreams of flying" -> "fly": a gerund at the start becomes a plain verb."""
    first, _, rest = phrase.partition(" ")
    if first.endswith("ing") and len(first) > 5:
        stem = first[:-3]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
            stem = stem[:-1]
        elif stem.endswith(("k", "v", "z", "c", "s", "g")) and not stem.endswith(("ck", "ng", "ss")):
            stem += "e"
        first = stem
    return f"{first} {rest}".strip()


def _question_nouns(text: str, zh: bool) -> tuple[list[str], list[str]]:
    """The content words of a question the library cannot answer ("why do cats purr" -> cats, purr)."""
    if zh:
        core = re.sub(r"为什么|怎么|如何|是什么|什么是|哪里|哪儿|吗|呢|[？?。！!，,]|会|要|能|的", " ", text)
        words = [word for word in core.split() if word][:2]
        return [], words
    words = [word for word in re.findall(r"[a-z]+", text.lower()) if word not in STOP_NOUNS and len(word) > 2]
    return words[:2], []


def hero_kind_en(topic: Topic) -> str:
    """The English noun of the topic's hero, or ""."""
    return KINDS[topic.hero].en if topic.hero else ""
