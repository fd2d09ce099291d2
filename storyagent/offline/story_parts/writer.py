"""Assemble a storybook the way MM-StoryAgent's writer shapes one.

Title -> four chapters (setup, problem, attempts and turning point, resolution with
the lesson) -> 8-12 pages of one or two sentences, plus a role sheet. Every choice
comes from one random.Random seeded with the seed and the brief, so the same inputs
always give the same story.
"""
from __future__ import annotations

import random
import re
from typing import Any, Callable

from . import chinese, english
from .cast import make_hero, pick_companions
from .places import choose_scene, resolve_place
from .plot import Plot, analyse_topic

OPTIONAL_BEATS = ("daily", "feeling", "alone2", "celebrate")
_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "to", "by", "at", "for", "with", "from", "is"}
_PRONOUNS = {
    "she": {"he": "she", "He": "She", "him": "her", "his": "her", "His": "Her", "himself": "herself", "ta": "她"},
    "he": {"he": "he", "He": "He", "him": "him", "his": "his", "His": "His", "himself": "himself", "ta": "他"},
}


def compose_story(topic: str, main_role: str = "", scene: str = "", language: str = "en", seed: int = 0,
                  progress: Callable[[float, str], None] | None = None) -> dict[str, Any]:
    """Write a complete story.json dict for the brief."""
    report = progress or (lambda fraction, message: None)
    language = "zh" if language == "zh" else "en"
    topic, main_role, scene = (_clean(text) for text in (topic, main_role, scene))
    rng = random.Random(f"storyagent|{seed}|{topic}|{main_role}|{scene}|{language}")
    plot = analyse_topic(topic, language)
    hero = make_hero(main_role, topic, language, plot.pronoun, rng)
    place = resolve_place(choose_scene(scene, topic, hero.creature, language, rng), language)
    companions = pick_companions(place, hero, 2, language, rng)
    report(0.3, "planning the chapters")

    bank = chinese if language == "zh" else english
    problem = bank.PROBLEMS[plot.problem]
    slots = _slots(plot, hero, place, companions, problem, language, rng)
    form = "verb" if plot.lesson or not (plot.lesson_that or plot.lesson_about) else ("that" if plot.lesson_that else "about")
    optional = set(rng.sample(OPTIONAL_BEATS, k=rng.randint(0, len(OPTIONAL_BEATS))))
    with_second_helper = "celebrate" in optional and len(companions) > 1 and rng.random() < 0.7
    turn_first = form == "verb" and any(word in slots["lesson"] for word in ("help", "求助", "帮"))

    chapters = _plan(problem, bank, optional, form, turn_first, with_second_helper)
    fill = (lambda text: _sentence_case(text.format(**slots))) if language == "en" else (lambda text: text.format(**slots))
    pages = [fill(rng.choice(options)) for beats in chapters for options in beats]
    report(0.7, "writing the pages")

    outline = _outline(problem, bank, form, slots, rng, fill, language)
    roles = {hero.name: hero.look}
    for companion in companions[: 2 if with_second_helper else 1]:
        roles[companion.name] = companion.look
    return {
        "title": _title(problem, bank, plot, slots, rng, language),
        "topic": topic,
        "main_role": hero.name,
        "scene": place.scene,
        "language": language,
        "outline": outline,
        "pages": pages,
        "roles": roles,
    }


def _plan(problem: dict, bank, optional: set[str], form: str, turn_first: bool, second_helper: bool) -> list[list[list[str]]]:
    """Return chapters as lists of beats; each beat is a list of alternative templates."""
    setup = [bank.INTRO] + ([bank.DAILY] if "daily" in optional else []) + [problem["trait"]]
    trouble = [problem["trouble"]] + ([problem["feeling"]] if "feeling" in optional else [])
    helper = problem.get("helper") or (bank.HELPER_AGAIN if problem.get("early_helper") else bank.HELPER_MEET)
    if form == "verb":
        turn = bank.TURN_SELF if turn_first else bank.TURN_SELF + bank.TURN_HELPER
        moral = bank.MORAL_VERB
    elif form == "that":
        turn, moral = bank.TURN_THAT, bank.MORAL_THAT
    else:
        turn, moral = bank.TURN_ABOUT, bank.MORAL_ABOUT
    attempts = [problem["alone"]] + ([problem.get("alone2") or bank.ALONE_AGAIN] if "alone2" in optional else [])
    attempts += [turn, helper] if turn_first else [helper, turn]
    party = [bank.CELEBRATE_TWO if second_helper else bank.CELEBRATE] if "celebrate" in optional else []
    ending = [problem["success"]] + party + [moral]
    return [setup, trouble, attempts, ending]


def _slots(plot: Plot, hero, place, companions, problem: dict, language: str, rng: random.Random) -> dict[str, str]:
    """Every value a template may use, already phrased for the story's language."""
    pronouns = _PRONOUNS[hero.gender]
    text = place.text
    helper, second = companions[0], companions[-1]
    landmark = rng.choice(text.landmarks)
    details = rng.sample(text.details, k=min(2, len(text.details)))
    slots = dict(pronouns, name=hero.name, kind=hero.noun, a_kind=hero.a_kind, place=text.place,
                 in_place=text.in_place, landmark=landmark, detail=details[0], detail2=details[-1],
                 pastime=rng.choice(text.pastimes), helper=helper.name, helper_a=helper.short,
                 helper2=second.name, helper2_a=second.short, skill=plot.skill, quest=plot.quest,
                 quest_a=plot.quest_a, fear=plot.fear, thing=plot.thing, theme=plot.theme, lesson_that=plot.lesson_that,
                 lesson_about=plot.lesson_about)
    if language == "zh":
        slots["home"] = "自己的房间" if place.setting == "home" else f"{landmark}旁边温暖的家"
        slots["lesson"] = plot.lesson or problem["lesson"]
    else:
        slots["home"] = f"{pronouns['his']} own room" if place.setting == "home" else f"{pronouns['his']} cosy home near {landmark}"
        lesson = plot.lesson or problem["lesson"].format(**pronouns)
        for key in ("skill", "quest", "quest_a", "fear", "thing", "lesson_that", "lesson_about"):
            slots[key] = _third_person(slots[key], pronouns)
        slots["lesson"] = _third_person(lesson, pronouns)
        slots["lesson_you"] = _person(lesson, "your", "yourself")
        slots["lesson_me"] = _person(lesson, "my", "myself")
    slots["success_summary"] = problem["success_summary"].format(**slots)
    return slots


def _outline(problem: dict, bank, form: str, slots: dict, rng: random.Random, fill, language: str) -> list[dict[str, str]]:
    """Four chapters: setup, problem, attempts and turning point, resolution."""
    names = [rng.choice(bank.CHAPTER1), rng.choice(problem["chapter2"]), rng.choice(bank.CHAPTER3), rng.choice(bank.CHAPTER4)]
    suffix = {"verb": "VERB", "that": "THAT", "about": "ABOUT"}[form if language == "en" or form != "about" else "that"]
    summaries = [bank.SUMMARY1, problem["problem_summary"], getattr(bank, f"SUMMARY3_{suffix}"), getattr(bank, f"SUMMARY4_{suffix}")]
    titled = (lambda text: _title_case(text.format(**slots))) if language == "en" else (lambda text: text.format(**slots))
    return [{"chapter_title": titled(name), "chapter_summary": fill(summary)} for name, summary in zip(names, summaries)]


def _title(problem: dict, bank, plot: Plot, slots: dict, rng: random.Random, language: str) -> str:
    """Pick a title; a topic that says what the hero learns makes that the likeliest title."""
    options = list(problem["titles"])
    learned = plot.skill if plot.problem == "perseverance" and plot.skill_from_topic else (plot.lesson if plot.lesson_from_topic else "")
    if learned:
        options += [bank.TITLE_LEARNS] * 2
    title = rng.choice(options).format(**slots, learned=slots["skill"] if learned == plot.skill else slots["lesson"])
    return _title_case(title) if language == "en" else title


def _third_person(phrase: str, pronouns: dict[str, str]) -> str:
    """Put a topic phrase in the hero's person: "share your toys" -> "share her toys"."""
    phrase = re.sub(r"\b(?:yourself|themselves|himself|herself|oneself)\b", pronouns["himself"], phrase)
    return re.sub(r"\b(?:your|their|his|one's)\b", pronouns["his"], phrase)


def _person(phrase: str, possessive: str, reflexive: str) -> str:
    """The same phrase as someone speaking to or as the hero."""
    phrase = re.sub(r"\b(?:yourself|themselves|himself|herself|oneself)\b", reflexive, phrase)
    return re.sub(r"\b(?:your|their|his|her|one's)\b", possessive, phrase)


def _sentence_case(text: str) -> str:
    """Capitalise the start of the page and of each sentence that starts with a slot."""
    text = re.sub(r"^(\W*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return re.sub(r"([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def _title_case(text: str) -> str:
    """Title case that keeps small words low ("Mimi and the Long Way Home")."""
    words = text.split(" ")
    out = []
    for index, word in enumerate(words):
        if index and word.lower() in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def _clean(text: str) -> str:
    """Collapse whitespace and drop braces so user text can never look like a template."""
    return " ".join(str(text or "").replace("{", "").replace("}", "").split())
