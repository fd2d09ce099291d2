"""Read a topic: which kind of trouble the story is about and what the hero learns.

Rules in priority order pick a problem (lost, fear, sharing, ...) from words in the
topic (English or Chinese); patterns such as "learns to X", "wants to X",
"searches for X" and "afraid of X" give the phrases that make the story about
*this* topic. Phrases are returned in the story's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import has_cjk

# (problem key, English pattern, Chinese pattern), most specific first
PROBLEM_RULES: tuple[tuple[str, str, str], ...] = (
    ("lost", r"\b(?:gets?|got|getting|is|was|becomes?) lost\b|\blos(?:es|t|ing) (?:his|her|their|its|the) way\b"
             r"|\bway (?:home|back)\b|^(?:a |the )?(?:little |small |young |tiny )?lost\b|\blost (?:in|at|on)\b",
     r"迷路|走丢|迷失|找不到回家|回家的路"),
    ("sleep", r"\bsleep|\bbedtime\b|\bnap\b|\bgo(?:es)? to bed\b", r"睡|晚安|失眠"),
    ("tidy", r"\btid(?:y|ies|ying)\b|\bclean(?:s|ing|ed)? up\b|\bmess(?:y)?\b", r"整理|打扫|收拾|整洁"),
    ("honesty", r"\bhonest(?:y)?\b|\btruth\b|\blie\b|\blying\b|\bfib\b", r"诚实|说谎|撒谎|谎|真话"),
    ("sharing", r"\bshar(?:e|es|ed|ing)\b", r"分享"),
    ("fear", r"\b(?:afraid|scared|frightened|fear|fears|fearful|terrified|timid|brave|bravery|courage|courageous)\b",
     r"害怕|怕|胆小|恐惧|勇敢|勇气"),
    ("anger", r"\bangry\b|\banger\b|\btemper\b|\bcalm\b|\bgrumpy\b|\bcross\b", r"生气|脾气|愤怒|冷静"),
    ("different", r"\bdifferent\b|\bunique\b|\bbe (?:yourself|himself|herself)\b|\bspecial\b|\bconfiden"
                  r"|\bbelieve in (?:yourself|himself|herself|themselves)\b", r"不同|与众不同|做自己|特别|自信"),
    ("friends", r"\bfriends?\b|\bfriendship\b|\blonely\b|\bloneliness\b|\bshy\b|\bshyness\b", r"朋友|友谊|孤单|孤独|害羞"),
    ("patience", r"\bpatien(?:t|ce)\b|\bwait(?:s|ing)?\b", r"耐心|等待"),
    ("perseverance", r"\bgiv(?:e|es|ing) up\b|\bkeeps? trying\b|\btry again\b|\bpersever|\bpractic|\bpractis",
     r"坚持|放弃|努力|练习"),
    ("kindness", r"\bkind(?:ness)?\b|\bcaring\b|\bcares? for\b|\bgenerous\b|\bgentle\b|\bempathy\b", r"善良|友善|关心|爱心|温柔"),
    ("help", r"\bhelp(?:s|ed|ing)?\b|\bteamwork\b|\btogether\b|\bcooperat", r"帮助|求助|帮忙|合作|团结|一起"),
)

# skill: (English phrase, Chinese phrase, English first words, Chinese starts)
SKILLS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("fly", "飞上天空", ("fly",), ("飞",)), ("swim", "游泳", ("swim",), ("游泳", "游")),
    ("ride a bike", "骑自行车", ("ride", "cycle"), ("骑",)), ("read", "读书", ("read",), ("读", "看书", "识字")),
    ("write", "写字", ("write",), ("写",)), ("climb", "爬树", ("climb",), ("爬",)),
    ("dance", "跳舞", ("dance",), ("跳舞",)), ("sing", "唱歌", ("sing",), ("唱",)),
    ("skate", "滑冰", ("skate", "ski"), ("滑",)), ("paint", "画画", ("paint", "draw"), ("画",)),
    ("bake a cake", "做蛋糕", ("bake", "cook"), ("做饭", "烤", "做蛋糕")), ("jump high", "跳得高高的", ("jump", "hop"), ("跳",)),
    ("count", "数数", ("count",), ("数数",)), ("whistle", "吹口哨", ("whistle",), ("吹口哨",)),
    ("fish", "钓鱼", ("fish",), ("钓鱼",)), ("dive", "潜水", ("dive",), ("潜水",)),
    ("run fast", "跑得飞快", ("run",), ("跑",)), ("roar", "大声吼叫", ("roar",), ("吼",)),
    ("tie shoelaces", "系鞋带", ("tie",), ("系鞋带",)), ("spell", "拼写", ("spell",), ("拼写",)),
    ("build a sandcastle", "搭沙堡", ("build",), ("搭", "建")), ("play the piano", "弹钢琴", ("play the",), ("弹",)),
)
DEFAULT_SKILL = ("fly a kite", "放风筝")
FEARS = {"dark": "黑暗", "night": "黑夜", "water": "水", "thunder": "打雷", "storm": "暴风雨", "height": "高处",
         "spider": "蜘蛛", "sea": "大海", "monster": "怪物", "dog": "大狗", "noise": "响声", "shadow": "影子"}
DEFAULT_FEAR = ("the dark", "黑暗")
DEFAULT_QUEST = ("a hidden treasure", "神奇的宝贝")
DEFAULT_THEME = ("the big wide world", "外面的大世界")
DEFAULT_THING = ("shiny red ball", "红皮球")
MAX_THEME = 80   # a longer topic reads badly inside a sentence

_EN_CUT = re.compile(r"\s*(?:[,.;:!?]|\band then\b|\bbut\b|\bbecause\b|\bwhen\b|\bwhile\b|\bafter\b|\bbefore\b|\bso that\b|\buntil\b).*$")
_ZH_CUT = re.compile(r"[，。！？、；：,.!?].*$")
_ZH_CUT_DE = re.compile(r"(?:的|，|。|！|？|、|；).*$")


@dataclass
class Plot:
    """What the topic says, as phrases in the story's language."""

    problem: str = "adventure"
    lesson: str = ""            # verb phrase: "ask for help" / "向别人求助"
    lesson_that: str = ""       # clause: "everyone is special" / "友谊的可贵"
    lesson_about: str = ""      # noun phrase (English only): "brushing his teeth"
    lesson_from_topic: bool = False
    skill: str = ""
    skill_from_topic: bool = False
    quest: str = ""
    quest_a: str = ""
    fear: str = ""
    thing: str = ""             # what a sharing story is about: "honey" / "蜂蜜"
    theme: str = ""
    pronoun: str = ""           # "she"/"he" when the topic says so


def detect_problem(topic: str) -> str | None:
    """Return the first problem whose words appear in the topic."""
    lowered = topic.lower()
    for key, english, chinese in PROBLEM_RULES:
        if re.search(english, lowered) or re.search(chinese, topic):
            return key
    return None


def topic_pronoun(topic: str) -> str:
    """"she"/"he" when the topic says her/his (她/他), else ""."""
    lowered = topic.lower()
    if re.search(r"\b(?:she|her|herself)\b", lowered) or "她" in topic:
        return "she"
    if re.search(r"\b(?:he|his|him|himself)\b", lowered) or "他" in topic:
        return "he"
    return ""


def analyse_topic(topic: str, language: str) -> Plot:
    """Turn topic text into a Plot in the story's language."""
    topic = " ".join((topic or "").split()).strip()
    plot = Plot(pronoun=topic_pronoun(topic))
    found = _parse_zh(topic) if has_cjk(topic) else _parse_en(topic)
    problem = detect_problem(topic)
    if problem is None:
        if found.get("skill"):
            problem = "perseverance"
        elif found.get("quest"):
            problem = "quest"
        elif found.get("lesson") or found.get("lesson_that") or found.get("lesson_about"):
            problem = "lesson"
        else:
            problem = "adventure"
    plot.problem = problem
    same_script = has_cjk(topic) == (language == "zh")
    if same_script:
        plot.lesson = found.get("lesson", "")
        plot.lesson_that = found.get("lesson_that", "")
        plot.lesson_about = found.get("lesson_about", "") if language != "zh" else ""
        plot.quest = found.get("quest", "")
        plot.fear = found.get("fear", "")
        plot.skill = found.get("skill", "")
        plot.thing = found.get("thing", "")
    else:
        plot.skill = _translate_skill(found.get("skill", ""), language)
        plot.fear = _translate_fear(found.get("fear", ""), language)
    plot.lesson_from_topic = bool(plot.lesson or plot.lesson_that or plot.lesson_about)
    plot.skill_from_topic = bool(plot.skill)
    zh = language == "zh"
    plot.skill = plot.skill or DEFAULT_SKILL[zh]
    plot.fear = plot.fear or DEFAULT_FEAR[zh]
    plot.quest = plot.quest or DEFAULT_QUEST[zh]
    plot.thing = plot.thing or DEFAULT_THING[zh]
    plot.quest_a = plot.quest
    if not zh:
        plot.quest = re.sub(r"^(?:a|an|some)\s+", "the ", plot.quest)
        if not re.match(r"^(?:the|his|her|their|my|a|an)\b", plot.quest):
            plot.quest = plot.quest_a = "the " + plot.quest
    if problem == "adventure":
        theme = _theme(topic, language) if same_script and topic else ""
        plot.theme = theme if 0 < len(theme) <= MAX_THEME else DEFAULT_THEME[zh]
    return plot


def _parse_en(topic: str) -> dict[str, str]:
    """Phrases the English topic gives: lesson, skill, quest, fear, thing to share."""
    text = topic.lower().rstrip(".!?")
    found: dict[str, str] = {}
    match = re.search(r"\blearn(?:s|ed|ing|t)?\s+(?:how\s+)?to\s+(.+)", text)
    if match:
        phrase = _en_clause(match.group(1))
        if _en_skill(phrase):
            found["skill"] = phrase
        elif phrase:
            found["lesson"] = phrase
    match = re.search(r"\b(?:learn(?:s|ed|t)?|discover(?:s|ed)?|realis(?:es|ed)|realiz(?:es|ed)|finds? out)\s+that\s+(.+)", text)
    if match:
        found["lesson_that"] = _en_clause(match.group(1))
    match = re.search(r"\b(?:learn(?:s|ed|t)?\s+about|the (?:importance|value|meaning|magic|power|joy|gift) of)\s+(.+)", text)
    if match:
        found["lesson_about"] = _en_clause(match.group(1))
    match = re.search(r"\b(?:wants?|wanted|wishes|wished|hopes?|hoped|tries|tried|decides?|decided|longs?|dreams?)\s+to\s+(.+)", text)
    if match and "skill" not in found:
        found["skill"] = _en_clause(match.group(1))
    match = re.search(r"\bdreams?\s+(?:of|about)\s+(\w+ing\b.*)", text)
    if match and "skill" not in found:
        found["skill"] = _base_form(_en_clause(match.group(1)))
    match = re.search(r"\b(?:finds?|found|looks?\s+for|looking\s+for|search(?:es|ing)?\s+for|in\s+search\s+of"
                      r"|hunts?\s+for|seeks?|seeking)\s+(.+)", text)
    if match:
        found["quest"] = _en_clause(match.group(1))
    match = re.search(r"\bshar(?:e|es|ed|ing)\s+(?!with\b)(?:(?:his|her|their|its|my|your|the|a|an|some)\s+)?(.+)", text)
    if match:
        found["thing"] = re.sub(r"\s+with\b.*$", "", _en_clause(match.group(1)))
    match = re.search(r"\b(?:afraid|scared|frightened|terrified|fearful)\s+of\s+(.+)|\bfears?\s+(?:of\s+)?(.+)", text)
    if match:
        found["fear"] = _en_clause(match.group(1) or match.group(2))
    return {key: value for key, value in found.items() if value}


def _parse_zh(topic: str) -> dict[str, str]:
    """Phrases the Chinese topic gives: 学会X, 想X, 寻找X, 怕X, 分享X."""
    found: dict[str, str] = {}
    match = re.search(r"学会了?(.+)", topic)
    if match:
        phrase = _ZH_CUT_DE.sub("", match.group(1))
        if phrase.startswith(tuple(start for *_, starts in SKILLS for start in starts)):
            found["skill"] = phrase
        elif phrase:
            found["lesson"] = phrase
    match = re.search(r"(?:懂得|明白|知道)了?(.+)", topic)
    if match:
        found["lesson_that"] = _ZH_CUT.sub("", match.group(1))
    match = re.search(r"(?:想要|梦想|渴望|希望|想)(?:学会|能)?(.+)", topic)
    if match and "skill" not in found:
        found["skill"] = _ZH_CUT_DE.sub("", match.group(1))
    match = re.search(r"(?:寻找|找到|去找|找)(.+)", topic)
    if match:
        found["quest"] = _ZH_CUT_DE.sub("", match.group(1))
    match = re.search(r"分享(?:了)?(.+)", topic)
    if match:
        found["thing"] = _ZH_CUT_DE.sub("", match.group(1)).removeprefix("自己").removeprefix("他").removeprefix("她")
    match = re.search(r"(?:害怕|怕)(.+)", topic)
    if match:
        fear = _ZH_CUT_DE.sub("", match.group(1))
        found["fear"] = {"黑": "黑暗", "水": "水"}.get(fear, fear)
    return {key: value for key, value in found.items() if value}


def _en_clause(text: str) -> str:
    """Keep the first clause of a phrase: "share his toys, and then..." -> "share his toys"."""
    return _EN_CUT.sub("", text).strip()


def _en_skill(phrase: str) -> bool:
    """Whether a learned thing is a skill (fly, swim...) rather than a virtue."""
    return any(phrase == word or phrase.startswith(word + " ") for *_, words, _ in SKILLS for word in words)


def _translate_skill(skill: str, language: str) -> str:
    """Carry a skill across languages when the topic and the story differ."""
    if not skill:
        return ""
    for english, chinese, words, starts in SKILLS:
        if language == "zh" and any(skill == w or skill.startswith(w + " ") for w in words):
            return chinese
        if language != "zh" and skill.startswith(starts):
            return english
    return ""


def _translate_fear(fear: str, language: str) -> str:
    """Carry a fear across languages when the topic and the story differ."""
    if not fear:
        return ""
    for english, chinese in FEARS.items():
        if language == "zh" and english in fear:
            return chinese
        if language != "zh" and chinese in fear:
            return english if english in ("water", "thunder") else f"the {english}"
    return ""


def _base_form(gerund_phrase: str) -> str:
    """"flying to the moon" -> "fly to the moon" (good enough for dream phrases)."""
    first, _, rest = gerund_phrase.partition(" ")
    stem = first[:-3] if first.endswith("ing") else first
    irregular = {"ly": "lie", "d": "die", "swimm": "swim", "runn": "run", "sitt": "sit", "gett": "get", "hopp": "hop",
                 "skat": "skate", "rid": "ride", "mak": "make", "bak": "bake", "danc": "dance", "driv": "drive",
                 "explor": "explore", "shar": "share", "div": "dive", "hav": "have", "writ": "write", "becom": "become",
                 "com": "come", "liv": "live", "mov": "move", "giv": "give", "sav": "save", "danc ": "dance"}
    stem = irregular.get(stem, stem)
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        stem = stem[:-1]
    return f"{stem} {rest}".strip()


def _theme(topic: str, language: str) -> str:
    """The topic as a phrase to talk about: "A Story about Dinosaurs" -> "dinosaurs"."""
    if language == "zh":
        theme = re.sub(r"^(?:一个)?(?:关于)?", "", topic).removesuffix("的故事").strip("。！？ ")
        return f"“{theme}”"
    theme = re.sub(r"^(?:a |the )?(?:story|tale)\s+(?:about|of)\s+|^about\s+", "", topic, flags=re.IGNORECASE)
    theme = theme.strip(" .!?")
    if len(theme) > 1 and not theme[1:2].isupper():
        theme = theme[:1].lower() + theme[1:]
    return theme
