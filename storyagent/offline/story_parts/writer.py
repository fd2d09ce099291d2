"""Assemble a storybook: read the topic, cast it, pick a plot skeleton, fill its pages.

Title -> four chapters -> 8-12 pages (or the count asked for, 6-16) of one to three sentences,
plus a role sheet.
Every choice comes from one random.Random seeded with the seed and the brief, so
the same inputs always give the same story and another seed gives another story.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from .cast import Character, habit, make_hero, make_partner, pick_companions
from .echoes import long_runs
from .details import CHAPTERS, EXTRA_END, EXTRA_HABIT, EXTRA_LOOK, EXTRA_MIDDLE, EXTRA_START, GOALS, PACKS, TITLES, TROUBLES
from .fact_scenes import FACT_SCENES
from .facts import COMFORT_FACTS_EN, FACTS, OBJECT_ZH, QUESTION_NOW_EN
from .pagination import DEFAULT_PAGES, fit_pages
from .lexicon import (
    BODY_LACKS,
    BODY_PART,
    DEFAULT_FEAR,
    GENERIC_FAILS_EN,
    GENERIC_FAILS_ZH,
    KINDS,
    SKILLS,
    THING_BY_NAME,
    Thing,
)
from .places import (
    LATER,
    MODIFIER_PASTIMES,
    OPENINGS,
    at_landmark,
    choose_scene,
    landmark_look,
    pick_little_one,
    resolve_place,
)
from .skeletons import SKELETONS, Beat
from .topic import Topic, read_topic
from .voice import pick_voice, speak

# settings where a skeleton's events cannot happen (a stream to cross, wheat to plant...)
AVOID = {("friends", 0): {"space", "desert", "city", "school", "home"}, ("friends", 4): {"space", "sea"},
         ("friends", 6): {"space", "sea", "desert", "city", "school", "home"},     # the apple tree
         ("journey", 0): {"space", "home", "school", "city"},
         ("help", 1): {"space", "sea", "city", "desert", "school", "home"}}
SKILL_SCENES = {"swim": "river", "climb": "forest", "fly": "meadow"}
LOST_THING = (0, 2)          # the lost skeletons about a lost thing (1: the hero loses the way)
CLASS_TRIP = 3               # the curious skeleton of a day trip, where the class gathers round the objects
FAR_OBJECTS = {"sun", "moon", "star", "sky", "cloud", "rainbow", "lightning", "rain", "snow", "snowflake", "fire",
               "bee", "bird", "fish", "frog", "butterfly", "bear"}   # no card can be pinned beside them (too far, or moving)
LONELY_FRIENDS = (3, 4, 5, 7)  # the friends skeletons for a hero with no second character in the topic
SLOW_KINDS = {"tortoise", "turtle", "snail", "caterpillar"}
DEFAULT_THINGS = ("kite", "ball", "blocks", "books", "teddy", "drum", "balloon")
THING_VERBS = {"honey": ("taste", "尝"), "cake": ("eat", "吃"), "cookies": ("eat", "吃"), "apples": ("eat", "吃"),
               "carrots": ("eat", "吃"), "bread": ("eat", "吃"), "books": ("read", "看"), "paints": ("paint with", "画"),
               "crayons": ("draw with", "画"), "music": ("play", "玩"), "fire": ("warm up by", "烤"),
               "stars": ("look at", "看"), "moon": ("look at", "看"), "rainbow": ("look at", "看"), "snow": ("play in", "玩")}
_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "to", "by", "at", "for", "with", "from", "is"}
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def compose_story(topic: str, main_role: str = "", scene: str = "", language: str = "en", seed: int = 0,
                  progress: Callable[[float, str], None] | None = None, pages: int = 0) -> dict[str, Any]:
    """Write a complete story.json dict for the brief (`pages`: exactly that many pages; 0: 8-12)."""
    report = progress or (lambda fraction, message: None)
    zh = language == "zh"
    language = "zh" if zh else "en"
    topic, main_role, scene = (_clean(text) for text in (topic, main_role, scene))
    rng = random.Random(f"storyagent|{seed}|{topic}|{main_role}|{scene}|{language}")
    parsed = read_topic(topic)
    plot = rng.choice(parsed.plots)
    hero = make_hero(main_role, parsed, language, rng)
    if parsed.hero and KINDS[parsed.hero] is not hero.kind and not parsed.partner and plot != "race":
        parsed.partner = parsed.hero      # main_role names someone else: the topic's X becomes the friend
    if plot == "race" and not parsed.partner:
        parsed.partner = "hare" if hero.kind.key != "hare" else "tortoise"
    place = resolve_place(choose_scene(scene, _scene_hint(parsed, hero, plot), hero.kind.key, language, rng), language)
    report(0.3, "planning the plot")

    partner = make_partner(parsed, hero, language, rng) if parsed.partner else None
    companions = pick_companions(place, hero, partner, language, rng)
    if plot == "curious" and parsed.fact is None:
        plot = "curious_unknown"
    page_count = pages
    skeleton_index, skeleton = _pick_skeleton(plot, parsed, hero, partner, place, rng, page_count)
    slots = _slots(plot, parsed, hero, partner, companions, place, language, rng)
    voice = pick_voice(rng) if not zh else []
    pages = [(speak(page, voice), spare) for page, spare in _write_pages(skeleton, slots, language, rng, page_count)]
    hero_words = [hero.look_short, f"{hero.look_short.split(' ', 1)[0]} {hero.noun}", hero.noun,
                  *hero.look_short.split(" ", 1)[1:]] if not zh else []
    he_words = (slots["He"],) if not zh else (slots["he"],)
    slots["look"] = hero.look
    def extras() -> tuple[list[str], ...]:
        return tuple([speak(page, voice) for page in group] for group in _extra_pages(plot, slots, language, rng))

    pages = _steps_in_order(fit_pages(pages, hero.name, hero_words, he_words, language, page_count, extras), language)
    if not zh:
        references = [(hero.name, f"the {hero.look_short.split(' ', 1)[0]} {hero.noun}")]
        references += [(c.name, f"the {c.noun}") for c in [partner, *companions] if c]
        # in the story's voice, as the pages are: not "the kindly huge bear" on one page and "the friendly big bear" on the next
        references = [(name, speak(description, voice)[:1].lower() + speak(description, voice)[1:]) for name, description in references]
        pages = [_no_echo(_vary_references(page, references, rng)) for page in pages]
        pages = _introduce_helpers(pages, [(c.name, speak(f"the {c.noun}", voice).lower()) for c in [partner, *companions] if c])
        pages = _shorten_later_mentions(pages, [slots.get(key, "") for key in ("landmark", "landmark2", "sight")])
    report(0.7, "writing the pages")

    hero.look += _trait(plot, parsed, slots, zh)
    title_plot = "lost_way" if plot == "lost" and skeleton_index == 1 else plot
    titles = [t for t in TITLES[title_plot][zh] if _has_slots(t, slots)] or [TITLES[title_plot][zh][-1]]
    title = _fill(rng.choice(titles), slots, rng, language)
    roles = {hero.name: hero.look}
    text = " ".join(pages)
    for character in [partner, *companions]:
        if character and character.name in text and character.name not in roles:
            roles[character.name] = character.look
    return {
        "title": title if zh else _title_case(title),
        "topic": topic,
        "main_role": hero.name,
        "scene": place.scene,
        "language": language,
        "outline": _outline(pages, plot, language),
        "pages": pages,
        "roles": roles,
    }


def _trait(plot: str, parsed: Topic, slots: dict, zh: bool) -> str:
    """What the topic says about the hero, for the role sheet: ", who cannot breathe fire yet"."""
    if plot == "skill":
        return f"，还不会{slots['skill']}" if zh else f", who cannot {slots['skill']} yet"
    if plot == "fear":
        return f"，害怕{slots['fear']}" if zh else f", who is scared of {slots['fear']}"
    if parsed.loves and parsed.things:      # the topic's own thing ("music"), even when a drum stands for it in the plot
        return f"，最喜欢{parsed.things[0].zh}" if zh else f", who loves {parsed.things[0].en}"
    if plot == "race":
        return "，慢慢的，稳稳的" if zh else ", slow but steady"
    if plot in ("curious", "curious_unknown"):
        return "，有问不完的问题" if zh else ", who is full of questions"
    return ""


def _scene_hint(parsed: Topic, hero: Character, plot: str) -> str:
    """The setting the topic or its facts suggest ("" = let the hero's kind or the seed decide)."""
    if plot == "journey":       # the story starts at home; the topic's place is where the hero goes
        return hero.kind.scene if hero.kind.scene not in ("sea", "mountain", "snow", "night") else ""
    if parsed.setting:
        return parsed.setting
    if plot == "curious" and parsed.fact and parsed.fact.setting:
        return parsed.fact.setting
    if plot == "fear" and parsed.fear and parsed.fear.en == "the dark":
        return "night"
    if parsed.fear and parsed.fear.en == "the sea":
        return "sea"
    if plot == "skill" and parsed.skill and parsed.skill.en in SKILL_SCENES:
        return SKILL_SCENES[parsed.skill.en]
    partner_kind = KINDS[parsed.partner] if parsed.partner else None
    return hero.kind.scene or (partner_kind.scene if partner_kind else "")


def _pick_skeleton(plot: str, parsed: Topic, hero: Character, partner: Character | None, place, rng,
                   pages: int = 0) -> tuple[int, list[Beat]]:
    """A skeleton of the plot kind whose events fit the cast and the place (and a short book's pages)."""
    options = list(enumerate(SKELETONS[plot]))
    fitting = [(i, s) for i, s in options if place.setting not in AVOID.get((plot, i), set())]
    if plot == "race":
        steady = hero.kind.key in SLOW_KINDS or "steady" in parsed.text.lower()
        fitting = [options[0], *options[2:]] if steady else [options[1]]
    if plot == "friends":
        fitting = [(i, s) for i, s in fitting if (i not in LONELY_FRIENDS) == bool(partner)] or [options[LONELY_FRIENDS[0]]]
    if plot == "journey":   # the dream vehicle is for the sky; a place on the ground is walked to
        fitting = [options[1]] if _goal(parsed).sky else [(i, s) for i, s in fitting if i != 1]
    if plot == "curious" and parsed.fact and set(_objects_of_facts(parsed.fact, parsed.text)) & {"star", "moon"}:
        fitting = [(i, s) for i, s in fitting if i != CLASS_TRIP]       # a daytime trip "gathered round the moon"
    if plot == "lost" and parsed.lesson_en == "ask for help":
        fitting = [options[1]]
    elif plot == "lost" and parsed.things:      # "a fox who lost his red ball": the ball is lost, not the fox
        fitting = [options[i] for i in LOST_THING]
    if plot == "help":   # the wheat-and-bread story is for baking topics; "helps her friends" is the other one
        baking = any(t.en == "bread" for t in parsed.things) or "red hen" in parsed.text.lower()
        fitting = [options[1]] if baking and place.setting not in AVOID[("help", 1)] else \
            ([options[0]] if re.search(r"\bhelp", parsed.text.lower()) else fitting)
    fitting = fitting or options
    if pages and pages < DEFAULT_PAGES[0]:      # a short book tells one of the plots with fewest events
        def events(skeleton: list[Beat]) -> int:
            return sum(not beat.optional for beat in skeleton)
        fewest = min(events(s) for _, s in fitting)
        fitting = [(i, s) for i, s in fitting if events(s) <= fewest + 1]
    return rng.choice(fitting)


def _goal(parsed: Topic):
    """The journey's destination from the topic's words."""
    text = parsed.text.lower()
    return next(goal for goal in GOALS if re.search(goal.pattern, text))


def _slots(plot: str, parsed: Topic, hero: Character, partner: Character | None, companions: list[Character],
           place, language: str, rng: random.Random) -> dict[str, str]:
    """Every value a template may use, phrased for the story's language."""
    zh = language == "zh"
    text = place.text
    landmarks = rng.sample(list(text.landmarks), k=min(3, len(text.landmarks)))
    while len(landmarks) < 3:
        landmarks.append(landmarks[0])
    if not zh:
        landmarks = [landmark_look(landmark, rng) for landmark in landmarks]
    mood = place.modifiers[0] if place.modifiers else ""
    details = rng.sample(list(text.details), k=min(2, len(text.details)))
    pastimes = MODIFIER_PASTIMES[mood][zh] if mood in MODIFIER_PASTIMES else text.pastimes
    fear_word = (parsed.fear.en.split()[-1] if parsed.fear else "\0")
    pastime = rng.choice([p for p in pastimes if fear_word not in p] or list(pastimes))
    # "rolling down the grassy hill on the big round hill": a place the pastime names comes last
    landmarks.sort(key=lambda landmark: bool(set(landmark.split()[1:]) & set(pastime.split()[1:])))
    friend, friend2 = companions[0], companions[-1]
    slots: dict[str, str] = dict(hero.pronouns)
    slots.update(
        name=hero.name, kind=hero.noun, kinds=hero.plural, look_short=hero.look_short, a_look=hero.a_look,
        went=hero.went, hands=hero.hands, hand=hero.hands if zh else re.sub(r"s$", "", hero.hands.split()[-1]),
        kind_adult=_adult(hero.noun) if not zh else hero.noun, place=text.place, in_place=text.in_place,
        landmark=landmarks[0], landmark2=landmarks[1], at_landmark=at_landmark(landmarks[0], language),
        at_landmark2=at_landmark(landmarks[1], language), at_landmark3=at_landmark(landmarks[2], language),
        detail=details[0], pastime=pastime, pastime_ing=_gerund(pastime) if not zh else pastime,
        when=rng.choice(OPENINGS.get(mood, OPENINGS[""])[zh]), when_later=rng.choice(LATER.get(mood, LATER[""])[zh]),
        friend=friend.name, friend_kind=friend.noun, friend_his=friend.pronouns["his"],
        friend2=friend2.name, friend2_kind=friend2.noun, friend2_his=friend2.pronouns["his"],
        at_home="在家里" if zh else "at home", habit=habit(hero, language), friend_habit=habit(friend, language), his_small="小小的" + hero.hands if zh else "",
    )
    slots["_body_clash"] = _body_clash({"hero": hero, "partner": partner, "friend": friend, "friend2": friend2})
    others = {c.kind.key for c in [partner, *companions] if c}
    little = pick_little_one(place.setting, hero.kind.key, others)
    if len(details) > 1:
        slots["detail2"] = details[1]
    if not zh:      # a sign painted in capitals
        slots.update(landmark_upper=landmarks[0].upper(), at_landmark_upper=slots["at_landmark"].upper())
    slots["little_one"] = little.zh if zh else little.en
    slots["a_little_one"] = f"一只{little.zh}" if zh else f"{_article(little.en)} little {little.en}"
    slots["little_giggle"] = little.giggle_en
    if partner:
        _partner_slots(slots, hero, partner, zh)
    _thing_slots(slots, plot, parsed, hero, zh, rng)
    if parsed.loves and parsed.things:     # "a boy who loves dinosaurs": that is what he does all day
        slots["habit"] = f"玩{slots['thing']}" if zh else f"playing with {slots['his_thing']}"
    if plot == "skill":
        _skill_slots(slots, parsed, hero, zh, rng)
    if plot == "fear":
        _fear_slots(slots, parsed, zh)
    if plot in ("curious", "curious_unknown"):
        _question_slots(slots, parsed, zh)
        if parsed.fact:     # where a clue can wait: by a puddle, but not "beside the sun" (then by a landmark)
            spots = [landmarks[0], landmarks[2]]
            for key, thing, spot in zip(("obj1_spot", "obj2_spot"), _objects_of_facts(parsed.fact, parsed.text), spots):
                slots[key] = spot if thing in FAR_OBJECTS else (slots[key[:4]] if zh else f"the {slots[key[:4]]}")
                slots[key + "_upper"] = slots[key].upper()
        if not zh:
            slots["question_direct"] = f"Find out {slots.get('question_now') or slots['question']}!"
    if plot == "journey":
        goal = _goal(parsed)
        pack = rng.choice(PACKS)
        slots.update(goal=goal.zh if zh else goal.en, goal_sight=goal.sight_zh if zh else goal.sight_en,
                     vehicle=goal.vehicle_zh if zh else goal.vehicle_en, moved=goal.moved_en, pack=pack[zh])
    if plot == "help":
        fitting = [t for t in TROUBLES if "" in t.settings or place.setting in t.settings or mood in t.settings]
        if mood == "snow":
            fitting = [t for t in TROUBLES if "snow" in t.settings or "" in t.settings]
        trouble = rng.choice(fitting)
        slots.update(trouble=trouble.zh if zh else trouble.en, trouble_try=trouble.try_zh if zh else trouble.try_en,
                     trouble_fix=trouble.fix_zh if zh else trouble.fix_en)
    slots["lesson_line"] = _lesson_line(parsed, plot, zh, rng)
    for key, value in list(slots.items()):
        if isinstance(value, str) and value:
            slots.setdefault(key[:1].upper() + key[1:], value[:1].upper() + value[1:])
            slots[key + "_cap"] = value[:1].upper() + value[1:]
    return slots


def _partner_slots(slots: dict, hero: Character, partner: Character, zh: bool) -> None:
    """The topic's second character: a race rival or a friend of another size."""
    sizes_zh = {"tiny": "小小的", "little": "小小的", "small": "小小的", "big": "大大的", "": "大大的"}
    hero_small = hero.size in ("tiny", "little", "small", "") and partner.size not in ("tiny", "little", "small")
    hero_size = hero.size or ("small" if hero_small else "big")
    partner_size = partner.size or ("big" if hero_small else "small")
    slots.update(partner=partner.name, partner_kind=partner.noun, partner_look=partner.a_look, a_partner_look=partner.a_look,
                 partner_he=partner.pronouns["he"], partner_He=partner.pronouns["He"], partner_his=partner.pronouns["his"],
                 partner_him=partner.pronouns["him"], partner_hands=partner.hands, partner_habit=habit(partner, "zh" if zh else "en"),
                 big_one=hero.name if not hero_small else partner.name, small_one=partner.name if not hero_small else hero.name,
                 big_word="大个子" if zh else "big and strong")
    if zh:
        slots.update(size_word=sizes_zh[hero_size], partner_size_word=sizes_zh[partner_size],
                     size_word_en_zh="小个子" if hero_size in ("tiny", "little", "small") else "大个子",
                     partner_size_en_zh="小个子" if partner_size in ("tiny", "little", "small") else "大个子",
                     size_word_en=sizes_zh[hero_size], partner_size_en=sizes_zh[partner_size],
                     size_word_plain="小" if hero_size in ("tiny", "little", "small") else "大",
                     partner_size_word_plain="小" if partner_size in ("tiny", "little", "small") else "大",
                     partner_play_problem="一个能钻进的地方，另一个钻不进去；一个够得着的东西，另一个又够不着。")
    else:
        slots.update(size_word=hero_size, partner_size_word=partner_size, size_word_en=hero_size, partner_size_en=partner_size,
                     size_word_plain=hero_size, partner_size_word_plain=partner_size,
                     partner_play_problem=(f"kept slipping into hiding places far too small for {partner.name}, "
                                           f"and {partner.name} could reach things {hero.name} could not even see"))


def _thing_slots(slots: dict, plot: str, parsed: Topic, hero: Character, zh: bool, rng: random.Random) -> None:
    """The topic's concrete object with the right pronouns: "the toys ... them", "the kite ... it"."""
    things = [t for t in parsed.things if t.en not in ("fire", "stars", "moon", "snow", "rainbow", "music")] or parsed.things
    if plot in ("lost", "sharing"):
        things = [t for t in things if t.en not in ("fire", "snow", "rainbow", "moon", "stars")]
    thing: Thing = things[0] if things else THING_BY_NAME[rng.choice(DEFAULT_THINGS)]
    if plot in ("lost", "sharing") and thing.en == "music":      # a song cannot be dropped or passed round: a drum can
        thing = THING_BY_NAME["drum"]
    verb = THING_VERBS.get(thing.en, ("play with", "玩"))
    his = slots["his"]
    if zh:
        slots.update(thing=thing.zh, the_thing=thing.zh, his_thing=f"{slots['he']}的{thing.zh}", it=thing.zh, them=thing.zh,
                     it_s=thing.zh, they_pron=thing.zh, was="", show=thing.show_zh, verb=verb[1], **{"is": ""})
        return
    plural = thing.plural
    show = thing.show_en if thing.show_en != thing.en else ("some " if plural else "a ") + thing.en
    slots["a_thing_like"] = f"something that looked just like your {thing.en}"
    slots.update(thing=thing.en, the_thing=f"the {thing.en}", his_thing=f"{his} {thing.en}", it="them" if plural else "it",
                 them="them" if plural else "it", it_s="they" if plural else "it", they_pron="they" if plural else "it",
                 was="were" if plural else "was", show=show, verb=verb[0], **{"is": "are" if plural else "is"})


def _skill_slots(slots: dict, parsed: Topic, hero: Character, zh: bool, rng: random.Random) -> None:
    """What the hero learns, with tries that fail in their own way."""
    skill = parsed.skill
    if skill is None and not (parsed.skill_zh if zh else parsed.skill_en):
        skill = rng.choice(SKILLS[1:])
    if skill:
        fails = skill.fails_zh if zh else skill.fails_en
        slots.update(skill=skill.zh if zh else skill.en, tip=skill.tip_zh if zh else skill.tip_en,
                     success=skill.success_zh if zh else skill.success_en, use=skill.use_zh if zh else skill.use_en)
    else:
        phrase = parsed.skill_zh if zh else parsed.skill_en
        fails = GENERIC_FAILS_ZH if zh else GENERIC_FAILS_EN
        slots.update(skill=phrase,
                     tip="每天练一点点，先慢慢来，别放弃" if zh else "practise a little every day, start slowly, and don't give up",
                     success=(f"{{name}}慢慢地、认真地又试了一次，这一次，{{he}}真的会{phrase}了！" if zh else
                              f"{{name}} tried one more time, slowly and carefully, and this time {{he}} could really {phrase}!"),
                     use="给大家表演，让大家开心" if zh else "cheer everyone up at the evening party")
    slots["skill_ing"] = slots["skill"] if zh else (skill.en_ing if skill else _gerund(slots["skill"]))
    for index, fail in enumerate(fails, start=1):
        slots[f"fail{index}"] = fail
        slots[f"fail{index}_he"] = fail if zh else re.sub(r"^\{name\}", "{he}", fail)


def _fear_slots(slots: dict, parsed: Topic, zh: bool) -> None:
    """The fear, how it shows up, what helps, and one true fact about it when we have one."""
    fear = parsed.fear or DEFAULT_FEAR
    slots.update(fear=fear.zh if zh else fear.en, fear_title=re.sub(r"^the ", "", fear.en), fear_sign=fear.sign_zh if zh else fear.sign_en,
                 comfort=fear.comfort_zh if zh else fear.comfort_en, brave=fear.brave_zh if zh else fear.brave_en)
    plural = not zh and fear.en.endswith("s")        # "spiders were", "heights come"
    slots["real_fear"] = "the real " + re.sub(r"^the ", "", fear.en)     # not "the real the dark"
    slots.update(fear_was="were" if plural else ("" if zh else "was"), fear_comes="come" if plural else ("" if zh else "comes"))
    fact = next((f for f in FACTS if f.key == fear.fact), None)
    if fact:
        slots["fear_fact"] = (fact.facts_zh if zh else fact.facts_en)[{"thunder": 2, "day_night": 1}.get(fear.fact, 0)]
        if not zh and fear.fact in COMFORT_FACTS_EN:
            slots["fear_fact"] = COMFORT_FACTS_EN[fear.fact]


def _question_slots(slots: dict, parsed: Topic, zh: bool) -> None:
    """The question asked and its three true answers, or the nouns of a question we cannot answer."""
    fact = parsed.fact
    if fact:
        facts = fact.facts_zh if zh else fact.facts_en
        slots.update(question=fact.question_zh if zh else fact.question_en, sight=fact.sight_zh if zh else fact.sight_en,
                     fact1=facts[0], fact2=facts[1], fact3=facts[2])
        slots["question_answered"] = fact.question_zh.rstrip("了") if zh else fact.question_en
        if not zh and fact.key in QUESTION_NOW_EN:
            slots["question_now"] = QUESTION_NOW_EN[fact.key]
        if not zh and fact.key in FACT_SCENES:
            slots["observe"], slots["try_it"] = FACT_SCENES[fact.key]
        first, second = _objects_of_facts(fact, parsed.text)
        first_named = bool(re.search(rf"\b{re.escape(first)}(?:e?s)?\b", fact.facts_en[0].lower()))
        slots["start_with"] = f"with the {first}" if first_named else "at the very beginning"
        slots["obj1"], slots["obj2"] = (OBJECT_ZH.get(first, first), OBJECT_ZH.get(second, second)) if zh else (first, second)
        slots["obj1_upper"] = slots["obj1"].upper()
        return
    same_script = bool(re.search(r"[\u4e00-\u9fff]", parsed.text)) == zh
    if zh:
        core = re.sub(r"为什么|怎么|如何|是什么|什么是|哪里|哪儿|吗|呢|[？?。！!，,]", "", parsed.text) if same_script else ""
        core = core or "这个世界"
        nouns = "、".join(parsed.nouns_zh) or core
        slots.update(question=f"{core}，这是怎么回事", question_answered=core, nouns=nouns, noun=nouns)
        return
    if not same_script:
        slots.update(question="how the world works", nouns="the world around them", noun="the world around them")
        return
    slots.update(question=_indirect_question(parsed.text), nouns=" and ".join(parsed.nouns_en) or "the world around them",
                 noun=(parsed.nouns_en or ["the world around them"])[0])


def _objects_of_facts(fact, topic_text: str) -> tuple[str, str]:
    """Two of the fact's objects: one the first fact names and one the second names, when they do.

    ("Let's start with the cloud," says a friend, and the first fact must then be about clouds.)
    """
    rng = random.Random(fact.key + topic_text)      # the same two for a topic whatever the seed

    def named_in(sentence: str, taken: tuple[str, ...]) -> list[str]:
        return [o for o in fact.objects if o not in taken and re.search(rf"\b{re.escape(o)}(?:e?s)?\b", sentence.lower())]

    first = rng.choice(named_in(fact.facts_en[0], ()) or list(fact.objects))
    named_anywhere = named_in(" ".join(fact.facts_en), (first,))
    second = rng.choice(named_in(fact.facts_en[1], (first,)) or named_anywhere or [o for o in fact.objects if o != first])
    return first, second


def _indirect_question(text: str) -> str:
    """"Why do cats purr?" -> "why cats purr" (how the question reads inside a sentence)."""
    words = re.sub(r"[?!.]+$", "", text.strip()).split()
    if not words:
        return "how the world works"
    lowered = [w.lower() for w in words]
    if len(words) > 2 and lowered[1] in ("do", "does", "did"):
        return " ".join([lowered[0]] + words[2:])
    if len(words) > 3 and lowered[1] in ("is", "are", "was", "were", "can", "will"):
        size = 2 if lowered[2] in ("the", "a", "an", "my", "our", "your") else 1
        subject, rest = words[2:2 + size], words[2 + size:]
        return " ".join([lowered[0], *subject, lowered[1], *rest])
    if lowered[0] not in ("why", "how", "what", "where", "when", "who"):
        return "whether " + " ".join(words)
    return " ".join([lowered[0]] + words[1:])


def _lesson_line(parsed: Topic, plot: str, zh: bool, rng: random.Random) -> str:
    """A closing line naming the lesson the topic asked for (empty when it asked for none)."""
    if not parsed.lesson_en:
        return ""
    if zh:
        return rng.choice(("{name}明白了，要学会" + parsed.lesson_zh + "。", "{name}懂得了" + parsed.lesson_zh + "的道理。"))
    return rng.choice((f" {{name}} had learned that it is good to {parsed.lesson_en}.",
                       f" And {{name}} would always remember to {parsed.lesson_en}.",
                       f" It is good to {parsed.lesson_en}, and now {{name}} knew it.",
                       f" From now on, the {{kind}} would remember: it is good to {parsed.lesson_en}.",
                       f" {{name}} knew now that it really is good to {parsed.lesson_en}.",
                       f" {{name}} would never forget how good it felt to {parsed.lesson_en}."))


def _write_pages(skeleton: list[Beat], slots: dict, language: str, rng: random.Random,
                 target: int = 0) -> list[tuple[str, bool]]:
    """Fill the beats, never repeating a sentence; mark optional ones as spare to fit the page count.

    Returns (page, spare) in story order. With no count asked for, a random share of the optional
    beats is spare (the book stays 8-12 pages); with one, only while there are more beats than pages.
    Spare pages come back only when joining pages left the story short.
    """
    beats = [beat for beat in skeleton if all(_has_slots(t, slots) for t in (beat.zh if language == "zh" else beat.en))]
    optional = [i for i, beat in enumerate(beats) if beat.optional]
    rng.shuffle(optional)
    if target:
        drop = set(optional[: max(0, min(len(optional), len(beats) - target))])
    else:
        room = max(0, len(beats) - (DEFAULT_PAGES[0] + 1))          # leave one page to spare for joined pages
        drop = set(optional[: min(len(optional), room, rng.randint(0, len(optional)))])
        while len(beats) - len(drop) > DEFAULT_PAGES[1] and optional:
            drop.add(optional.pop())
    pages: list[tuple[str, bool]] = []
    seen: set[str] = set()
    runs: set[tuple[str, ...]] = set()
    told = ""
    for index, beat in enumerate(beats):
        templates = list(beat.zh if language == "zh" else beat.en)
        templates = [t for t in templates if _body_fits(t, slots)] or templates
        templates = [t for t in templates if _introduced(t, told, slots)] or [t for t in templates if not _NEEDS.search(t)] or templates
        short = bool(target and target < DEFAULT_PAGES[0])     # a short book tells each beat the shorter way
        tries = []
        for _ in range(8):
            candidates = [_fill(rng.choice(templates), slots, rng, language) for _ in range(3 if short else 1)]
            for page in candidates:
                repeats = sum(_norm(s) in seen for s in _sentences(page, language))
                echoes = len(long_runs(page, language) & runs)
                tries.append((repeats + echoes, len(page) if short else len(tries), page))
            if min(tries)[0] == 0:
                break
        page = min(tries)[2]
        seen.update(_norm(s) for s in _sentences(page, language))
        runs.update(long_runs(page, language))
        pages.append((page, index in drop))
        told += "" if index in drop else page
    return pages


# "{@blanket}" in a template: it calls back to a thing ("still has her blanket") that an earlier page must
# have named; "{@friend}": to a character (by a slot's value) who must already have been met
_NEEDS = re.compile(r"\{@([^{}]+)\}")


def _introduced(template: str, told: str, slots: dict) -> bool:
    """Whether every thing or character the template calls back to was named on an earlier page."""
    return all(str(slots.get(word, word)).lower() in told.lower() for word in _NEEDS.findall(template))


STEP_WORDS = {"en": ("one", "two", "three", "four"), "zh": ("一", "二", "三", "四")}
_STEP = {"en": re.compile(r"\bStep (one|two|three|four)\b"), "zh": re.compile(r"第([一二三四])步")}
_FIRST_STEP = {"en": re.compile(r'(?:^|[.!?"] )First, '), "zh": re.compile(r"(?:^|[。！？”])首先")}


def _steps_in_order(pages: list[str], language: str) -> list[str]:
    """Number a plan's steps as told: "Step one ... Step two", never "Step one ... Step three".

    An optional step may be left out, and "First, ..." may tell step one.
    """
    words, told, out = STEP_WORDS[language], 0, []

    def next_step(match: re.Match) -> str:
        nonlocal told
        told += 1
        return match.group(0).replace(match.group(1), words[min(told, len(words)) - 1])

    for page in pages:
        if _FIRST_STEP[language].search(page) and not _STEP[language].search(page):
            told = max(told, 1)
        out.append(_STEP[language].sub(next_step, page))
    return out


def _extra_pages(plot: str, slots: dict, language: str, rng: random.Random) -> tuple[list[str], ...]:
    """Pages a long book may add (to open it: who, where, what the hero loves; in the middle; at the end)."""
    zh = language == "zh"
    groups = []
    middle = EXTRA_MIDDLE[plot]
    for group in ((EXTRA_LOOK, *EXTRA_START, EXTRA_HABIT), [((en,), (zh,)) for en, zh in zip(*middle)], EXTRA_END):
        fitting = [[t for t in templates[zh] if _has_slots(t, slots) and _body_fits(t, slots)] for templates in group]
        groups.append([_fill(rng.choice(options), slots, rng, language) for options in fitting if options])
    return tuple(groups)


ADVERBS = {"gentle": "gently", "kind": "kindly", "quiet": "quietly", "soft": "softly", "careful": "carefully",
           "slow": "slowly", "proud": "proudly", "shy": "shyly", "brave": "bravely", "cheerful": "cheerfully",
           "friendly": "in a friendly way", "wise": "wisely", "sleepy": "sleepily", "happy": "happily"}
_ECHO = [re.compile(rf"\b({word}\b[\w' -]{{0,30}}?) {adverb}\b") for word, adverb in ADVERBS.items()]


_HEAD_END = re.compile(r" (?:that|which|under|with|in|at|beyond|on|of|by|where|from|across|near|and)\b")


def _shorten_later_mentions(pages: list[str], phrases: list[str]) -> list[str]:
    """After a long place or sight is named once, call it by its head: "the apple tree that changed with
    every season" -> "the apple tree" ("a shrinking puddle under the sun" read four times in one story)."""
    for phrase in phrases:
        heads = [phrase[:m.start()] for m in _HEAD_END.finditer(phrase) if len(phrase[:m.start()].split()) >= 3]
        if len(phrase.split()) < 5 or not heads:
            continue
        short = re.sub(r"^(?:a|an|some) ", "the ", heads[0])
        pattern = re.compile(rf"(?i:{re.escape(phrase[:1])}){re.escape(phrase[1:])}")
        named = False
        for index, page in enumerate(pages):
            parts, last = [], 0
            for match in pattern.finditer(page):
                if named:
                    parts += [page[last:match.start()], short[:1].upper() + short[1:] if match.group(0)[:1].isupper() else short]
                    last = match.end()
                named = True
            pages[index] = "".join(parts) + page[last:]
    return pages


_INTRODUCED = r"\b{name}(?:'s)? the |\b{name}, (?:a|an|the) |(?:called|named|It was|This was|I'm|I am) {name}\b"


def _introduce_helpers(pages: list[str], helpers: list[tuple[str, str]]) -> list[str]:
    """Name a helper with its kind where the story first mentions it ("Croaky the jolly frog and Pip
    cheered" read as two strangers when the page that met them was a spare one, or a telling that did not)."""
    for name, description in helpers:
        for index, page in enumerate(pages):
            mentions = list(re.finditer(rf"\b{re.escape(name)}\b", page))
            if not mentions:
                continue
            if not re.search(_INTRODUCED.format(name=re.escape(name)), page):
                quoted = _quoted_spans(page)
                first = next((m for m in mentions if not any(a <= m.start() < b for a, b in quoted)), None)
                if first:
                    pages[index] = page[:first.end()] + " " + description + page[first.end():]
            break
    return pages


def _no_echo(page: str) -> str:
    """'said the gentle big bear gently' -> 'said the gentle big bear' (a kind word and its adverb)."""
    for pattern in _ECHO:
        page = pattern.sub(r"\1", page)
    return page


def _vary_references(page: str, references: list[tuple[str, str]], rng: random.Random) -> str:
    """After a character's first mention on a page, sometimes call it by its kind ("the little dragon").

    Mentions inside quotes, or right after a closing quote, stay names.
    """
    for name, description in references:
        page = _vary_one(page, name, description, rng)
    return page


def _vary_one(page: str, name: str, description: str, rng: random.Random) -> str:
    """Swap some later mentions of one name for its description."""
    quoted = _quoted_spans(page)
    out, last, seen = [], 0, 0
    for match in re.finditer(rf"\b{re.escape(name)}\b", page):
        seen += 1
        before = page[:match.start()].rstrip()
        keep = (seen == 1 or any(a <= match.start() < b for a, b in quoted) or rng.random() < 0.5
                or before.endswith('"'))
        if keep:
            continue
        at_start = not before or before.endswith((".", "!", "?"))
        out.append(page[last:match.start()])
        out.append(description[:1].upper() + description[1:] if at_start else description)
        last = match.end()
    out.append(page[last:])
    return "".join(out)


def _quoted_spans(page: str) -> list[tuple[int, int]]:
    """Where the dialogue is on a page."""
    return [(m.start(), m.end()) for m in re.finditer(r'"[^"]*"', page)]


# template words that say whose body part follows ("{his} tail", "{partner}'s fur")
_OWNERS = {"hero": r"\{(?:his|His)\}|\{(?:name|kind|look_short)\}'s", "partner": r"\{partner_his\}|\{partner(?:_kind)?\}'s",
           "friend": r"\{friend_his\}|\{friend(?:_kind)?\}'s", "friend2": r"\{friend2_his\}|\{friend2(?:_kind)?\}'s"}


def _body_clash(characters: dict[str, Character | None]) -> re.Pattern | None:
    """A pattern for template text that gives a character a body part its kind lacks ("{his} paws" for a goat)."""
    alternatives = []
    for role, character in characters.items():
        lacks = BODY_LACKS.get(character.kind.key, frozenset()) if character else frozenset()
        words = [word for word, part in BODY_PART.items() if part in lacks]
        if words:
            alternatives.append(rf"(?:{_OWNERS[role]})(?: [\w-]+,?){{0,2}}? (?:{'|'.join(words)})\b")
    return re.compile("|".join(alternatives)) if alternatives else None


def _body_fits(template: str, slots: dict) -> bool:
    """Whether a template's fixed words (choices aside: _choose picks among those) suit the characters' bodies."""
    clash = slots.get("_body_clash")
    return not clash or not clash.search(_CHOICE.sub("x", template))


def _choose(match: re.Match, slots: dict, rng: random.Random) -> str:
    """One option of an [a|b] group, read in its sentence, that gives nobody a body part they lack."""
    options = match.group(1).split("|")
    clash = slots.get("_body_clash")
    if clash:
        before, after = match.string[max(0, match.start() - 40):match.start()], match.string[match.end():match.end() + 30]
        options = [o for o in options if not clash.search(before + o + after)] or options
    return rng.choice(options)


def _has_slots(template: str, slots: dict) -> bool:
    """Whether every slot a template needs has a value (a beat about a missing detail is skipped)."""
    return all(name in slots for name in _SLOT.findall(template))


def _fill(template: str, slots: dict, rng: random.Random, language: str) -> str:
    """Pick the [a|b] choices, fill the slots (twice: slot values may hold slots), tidy the text."""
    text = _CHOICE.sub(lambda m: _choose(m, slots, rng), _NEEDS.sub("", template))
    for _ in range(3):
        if "{" not in text:
            break
        text = _SLOT.sub(lambda m: str(slots.get(m.group(1), m.group(0))), text)
        text = _CHOICE.sub(lambda m: _choose(m, slots, rng), text)
    if language == "zh":    # one place per phrase: 在水井旁边在小房子之间追蝴蝶 -> 在水井旁边追蝴蝶
        return re.sub(r"(在[^，。！？“”：在]{1,12}(?:旁边|里|上|下|中))在[^，。！？“”：在]{1,8}?(?:之间|间|里|上|边)", r"\1", text).strip()
    if slots.get("question_now"):     # said aloud, the question is in the present: "I want to know why the sky is blue"
        asked = slots["question"]
        now = slots["question_now"]
        text = re.sub(r'"[^"]*"', lambda m: m.group(0).replace(asked, now).replace(asked[:1].upper() + asked[1:], now[:1].upper() + now[1:]), text)
    text = re.sub(r"\b([Aa]) ([aeiouAEIOU])", lambda m: m.group(1) + "n " + m.group(2), text)
    text = re.sub(r'\.(") ((?:[A-Z][\w\'-]*|the [a-z][\w -]*?) )?(said|asked|cried|called|added|whispered|explained|told|read out)\b',
                  r',\1 \2\3', text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\bby by\b", "by, by", text)      # "watching the clouds drift by" + "by the field"
    text = re.sub(r"^(\W*)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = re.sub(r"([.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return re.sub(r"(: \")([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def _sentences(page: str, language: str) -> list[str]:
    """The sentences of a page (for the no-repeat rule)."""
    parts = re.split(r"(?<=[。！？])(?![”’])" if language == "zh" else r"(?<=[.!?])\s+", page)
    return [part for part in parts if len(part.strip()) > 3]


def _norm(sentence: str) -> str:
    return re.sub(r"[^\w]+", " ", sentence.lower()).strip()


def _outline(pages: list[str], plot: str, language: str) -> list[dict[str, str]]:
    """Four chapters over the pages: each summary is the first sentence of the chapter's first page."""
    zh = language == "zh"
    titles = CHAPTERS.get("curious" if plot == "curious_unknown" else plot, CHAPTERS["help"])[zh]
    size = len(pages)
    starts = [0, size // 4, size // 2, (3 * size) // 4]
    return [{"chapter_title": title, "chapter_summary": _sentences(pages[start], language)[0].strip()}
            for title, start in zip(titles, starts)]


def _gerund(phrase: str) -> str:
    """"collect shiny acorns" -> "collecting shiny acorns"."""
    first, _, rest = phrase.partition(" ")
    if first.endswith("e") and first not in ("see", "be"):
        first = first[:-1] + "ing"
    elif re.match(r"^[^aeiou]*[aeiou][bdgmnpt]$", first) and first not in ("visit", "listen"):
        first = first + first[-1] + "ing"
    else:
        first += "ing"
    return f"{first} {rest}".strip()


ADULTS = {"puppy": "dog", "kitten": "cat", "bunny": "rabbit", "duckling": "duck", "piglet": "pig", "calf": "cow",
          "chick": "hen", "lamb": "sheep", "pony": "horse"}


def _adult(noun: str) -> str:
    """"lion cub" -> "lion", "puppy" -> "dog": who a young one learns from."""
    noun = re.sub(r" cub$", "", noun)
    return ADULTS.get(noun, noun)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _title_case(text: str) -> str:
    """Title case that keeps small words low ("Mimi and the Long Way Home")."""
    out = []
    for index, word in enumerate(text.split(" ")):
        out.append(word if index and word.lower() in _SMALL_WORDS else word[:1].upper() + word[1:])
    return " ".join(out)


def _clean(text: str) -> str:
    """Collapse whitespace and drop braces and brackets so user text can never look like a template."""
    return " ".join(re.sub(r"[{}\[\]]", "", str(text or "")).split())
