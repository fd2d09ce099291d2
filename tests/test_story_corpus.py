"""The built-in writer over its own corpus of 50 topics (every topic shape, English and Chinese).

Run with -s to see the variety figure.
"""
from __future__ import annotations

import re

import pytest

from storyagent.offline.drawing.looks import parse_look
from storyagent.offline.story_parts import compose_story
from storyagent.offline.story_parts.cast import PRONOUNS, Character
from storyagent.offline.story_parts.checks import (
    CORPUS,
    echoed_lines,
    kind_words,
    pages_naming,
    repeated_sentences,
    shared_run_fraction,
    topic_object_words,
    variety_over_seed_sets,
)
from storyagent.offline.story_parts.facts import FACTS
from storyagent.offline.story_parts.lexicon import KINDS
from storyagent.offline.story_parts.pagination import word_range
from storyagent.offline.story_parts.places import LITTLE_ONES, pick_little_one
from storyagent.offline.story_parts.topic import read_topic
from storyagent.offline.vocabulary import COLOUR_WORDS, CREATURES, find_keys

CJK = re.compile(r"[\u4e00-\u9fff]")
# the share of English pages that have a 6-word run in common with a page of another story (names
# masked). The issue asks for at most 20 %. Over the 20 seed sets bench/bench_story.py prints, the writer
# gives 12.9 % on average (8.5-17.3 %; the test corpus, set 0, 13.0 %). With --held-out: sets 20-59
# average 13.6 %, sets 60-99 12.4 %, none of the 80 above 20 % (the most 19.4 %); before the fourth round
# of tellings and the answer hunt for out-of-reach objects, 4 of the 80 were above (the most 22.4 %).
# That round looked at which beats sets 20-99 shared; sets 100-199, never looked at, average 12.8 %, with
# 2 of 100 above 20 % (the most 22.9 %).
# Nearly all sharing is two stories drawing the same skeleton and the same telling of a beat, so which
# sets are high is chance; the stories are seeded, so the figures do not vary between runs, but a template
# change moves every set by a point or two.
VARIETY_MEAN_LIMIT = 0.15
VARIETY_MAX_LIMIT = 0.20
VARIETY_SEED_SETS = 20


@pytest.fixture(scope="module")
def corpus() -> list[tuple[tuple, dict]]:
    """Every corpus topic written once (seed = its position, as a user's random seeds would differ)."""
    return [(entry, compose_story(entry[0], "", "", entry[1], seed)) for seed, entry in enumerate(CORPUS)]


def test_the_corpus_covers_every_shape_and_both_languages():
    topics = [topic for topic, *_ in CORPUS]
    assert len(topics) >= 40
    assert sum(language == "zh" for _, language, *_ in CORPUS) >= 10
    plots = {read_topic(topic).plots[0] for topic in topics if len(read_topic(topic).plots) == 1}
    assert {"race", "fear", "lost", "sharing", "skill", "help", "journey", "curious", "friends"} <= plots


def test_hero_is_the_kind_the_topic_names(corpus):
    for (topic, language, kind, _), story in corpus:
        if kind is None:
            continue
        look = story["roles"][story["main_role"]]
        assert any(word in look for word in kind_words(kind, language)), (topic, look)


def test_topic_words_are_in_the_pages(corpus):
    for (topic, _, _, words), story in corpus:
        text = " ".join(story["pages"])
        for word in words:
            assert re.search(word, text, re.IGNORECASE), (topic, word, text)


def test_the_raw_topic_never_appears_inside_a_page(corpus):
    for (topic, language, _, _), story in corpus:
        long_enough = len(topic) >= 4 if language == "zh" else len(topic.split()) >= 3
        if long_enough:
            assert all(topic.lower() not in page.lower() for page in story["pages"]), topic


def test_no_sentence_repeats_within_a_story(corpus):
    for (topic, _, _, _), story in corpus:
        assert repeated_sentences(story) == [], topic


def test_page_and_word_counts_and_the_hero_on_every_page(corpus):
    for (topic, language, _, _), story in corpus:
        assert 8 <= len(story["pages"]) <= 12, topic
        assert all(story["main_role"] in page for page in story["pages"]), topic
        if language == "en":
            words = len(" ".join(story["pages"]).split())
            assert 150 <= words <= 350, (topic, words)
        else:
            characters = len(CJK.findall("".join(story["pages"])))
            assert 250 <= characters <= 1100, (topic, characters)


def test_topic_objects_are_named_on_at_least_half_the_pages(corpus):
    checked = 0
    for (topic, _, _, _), story in corpus:
        words = topic_object_words(topic)
        if words:
            checked += 1
            assert pages_naming(story, words) * 2 >= len(story["pages"]), (topic, words)
    assert checked >= 20


def test_variety_over_several_seed_sets():
    """The figure for the corpus with twenty seed sets (set 0 is the fixture's seeds), so that no lucky
    draw of seeds can pass: every one of them stays at or under the issue's 20 %, and their mean well under."""
    figures = variety_over_seed_sets(VARIETY_SEED_SETS)
    print("\nvariety per seed set: " + ", ".join(f"{figure:.1%}" for figure in figures)
          + f"; mean {sum(figures) / len(figures):.1%}")
    assert sum(figures) / len(figures) <= VARIETY_MEAN_LIMIT
    assert max(figures) <= VARIETY_MAX_LIMIT


ISSUE_TOPICS = ("a dragon who cannot breathe fire", "a little cloud who is scared of thunder", "a boy who loves dinosaurs",
                "the water cycle", "why the sky is blue", "slow and steady wins the race", "a robot who wants to paint",
                "sharing toys", "a tiny mouse and a big turtle", "a little hen")


def test_variety_on_the_issue_topics():
    """The issue's own example topics (the old writer: 60 of 91 pages shared a 5-word run)."""
    stories = [compose_story(topic, "", "", "en", seed) for seed, topic in enumerate(ISSUE_TOPICS)]
    fraction, sharing, total = shared_run_fraction(stories)
    print(f"\nvariety on the issue's topics: {sharing}/{total} pages ({fraction:.1%})")
    assert fraction <= 0.20


def test_different_seeds_give_different_stories():
    for topic, language in (("a dragon who cannot breathe fire", "en"), ("why the sky is blue", "en"),
                            ("sharing toys", "en"), ("不会喷火的小龙", "zh")):
        stories = {tuple(compose_story(topic, "", "", language, seed)["pages"]) for seed in range(4)}
        assert len(stories) == 4, topic


def test_role_sheet_lines_are_read_by_the_illustrator(corpus):
    """Kind, size and clothing colours of the hero: the drawing code must find them."""
    for (topic, language, _kind, _), story in corpus:
        look_text = story["roles"][story["main_role"]]
        look = parse_look(look_text, story["main_role"])
        drawable = find_keys(look_text, CREATURES)
        if drawable:
            assert look.species == drawable[0], (topic, look_text)
        assert find_keys(look_text, COLOUR_WORDS), (topic, look_text)
        if language == "en" and "girl" not in look_text and "boy" not in look_text:
            assert re.search(r"\b(?:tiny|little|small|big)\b", look_text), look_text


def test_a_x_who_y_makes_the_hero_an_x_with_that_trait():
    story = compose_story("a dragon who cannot breathe fire", "", "", "en", 5)
    assert "dragon" in story["roles"][story["main_role"]]
    assert "fire" in " ".join(story["pages"])
    cloud = compose_story("a little cloud who is scared of thunder", "", "", "en", 5)
    assert "cloud" in cloud["roles"][cloud["main_role"]]
    assert "panda" not in " ".join(cloud["roles"].values())


def test_main_role_naming_someone_else_keeps_its_kind():
    story = compose_story("a dragon who cannot breathe fire", "Tom the cat", "", "en", 1)
    assert story["main_role"] == "Tom"
    assert "kitten" in story["roles"]["Tom"]


def test_the_race_has_a_race_and_a_hare():
    for seed in range(3):
        text = " ".join(compose_story("slow and steady wins the race", "", "", "en", seed)["pages"])
        assert "race" in text.lower() and "hare" in text and "finish" in text


def test_a_question_gets_true_facts_from_the_library():
    sky = " ".join(compose_story("why the sky is blue", "", "", "en", 2)["pages"])
    assert "scatters the blue light" in sky
    water = " ".join(compose_story("the water cycle", "", "", "en", 2)["pages"])
    assert "vapour" in water and "rain" in water


def test_a_question_outside_the_library_invents_no_facts():
    story = compose_story("why do cats purr", "", "", "en", 3)
    text = " ".join(story["pages"])
    assert "cats" in text
    every_fact = [sentence for fact in FACTS for sentence in fact.facts_en]
    assert not any(sentence in text for sentence in every_fact)


def test_the_fact_library_has_thirty_questions_with_three_facts_in_both_languages():
    assert len(FACTS) >= 30 and len({fact.key for fact in FACTS}) == len(FACTS)
    for fact in FACTS:
        assert len(fact.facts_en) == len(fact.facts_zh) == 3
        assert all(sentence.endswith((".", "!")) for sentence in fact.facts_en)
        assert all(CJK.search(sentence) for sentence in fact.facts_zh)


def test_one_preposition_per_place():
    for seed in range(4):
        story = compose_story("a little fox", "", "a green meadow by a pond", "en", seed)
        text = " ".join(story["pages"])
        assert "by the green meadow" not in text
        assert not re.search(r"\b(?:in|by|on|at) the green meadow by a pond by\b", text)


def test_chinese_has_no_double_prepositions():
    topics = ("一只害怕打雷的小兔子", "学会分享玩具", "小老鼠和大乌龟", "迷路的小猫学会求助", "快乐的一天", "为什么猫咪会打呼噜",
              "不会喷火的小龙", "一只小母鸡")
    for topic in topics:
        for seed in range(6):
            for scene in ("", "森林", "小河边", "小村庄", "大城市"):
                text = "".join(compose_story(topic, "", scene, "zh", seed)["pages"])
                assert not re.search(r"在[^，。！？“”：]{1,12}(?:旁边|里|上|下|中)在", text), text
                assert "边里" not in text and "了了" not in text


def test_weather_and_setting_stay_the_same_on_every_page():
    for seed in range(6):
        snowy = " ".join(compose_story("a penguin who cannot sleep", "", "snow", "en", seed)["pages"]).lower()
        assert not re.search(r"wildflower|tall grass|grassy|sunny|sunshine", snowy), snowy
        night = " ".join(compose_story("a little owl", "", "night", "en", seed)["pages"]).lower()
        assert not re.search(r"sunny|sunshine|one bright morning", night), night


def test_helpers_belong_to_the_place():
    for seed in range(8):
        river = compose_story("a frog who loves to sing", "", "river", "en", seed)
        assert "sea turtle" not in " ".join(river["roles"].values())


def test_plural_objects_get_plural_pronouns():
    for seed in range(8):
        text = " ".join(compose_story("sharing toys", "", "", "en", seed)["pages"])
        assert "holding it close" not in text and "share her toys" not in text.replace("to share her toys", "")
        assert not re.search(r"\btoys (?:is|was)\b", text)


def test_every_english_template_uses_only_slots_the_writer_fills(monkeypatch):
    """A template naming an unknown slot silently drops its whole beat (a page that is never told)."""
    from storyagent.offline.story_parts import writer
    from storyagent.offline.story_parts.skeletons import SKELETONS

    filled: set[str] = set()
    real_slots = writer._slots

    def recording_slots(*args, **kwargs):
        slots = real_slots(*args, **kwargs)
        filled.update(slots)
        return slots

    monkeypatch.setattr(writer, "_slots", recording_slots)
    for seed, (topic, _language, _, _) in enumerate(CORPUS):
        compose_story(topic, "", "", "en", seed)
    unknown = {(slot, plot) for plot, skeletons in SKELETONS.items() for skeleton in skeletons for beat in skeleton
               for template in beat.en for slot in re.findall(r"\{(\w+)\}", template) if slot not in filled}
    assert unknown == set()


@pytest.mark.parametrize("pages", [6, 16])
def test_an_asked_page_count_is_honoured_with_the_whole_plot(pages, monkeypatch):
    """Every corpus topic at 6 and 16 pages: that many pages, the hero on each, words scaled from
    150-350 for 8-12 pages, and every event of the plot told (beginning, middle and ending)."""
    from storyagent.offline.story_parts import writer

    told: list = []
    real_fit = writer.fit_pages

    def recording_fit(written, name, hero_words, pronouns, *args, **kwargs):
        pages_out = real_fit(written, name, hero_words, pronouns, *args, **kwargs)
        told.append(([page for page, spare in written if not spare], pages_out, name, hero_words, pronouns))
        return pages_out

    monkeypatch.setattr(writer, "fit_pages", recording_fit)
    for seed, (topic, language, _, _) in enumerate(CORPUS):
        story = compose_story(topic, "", "", language, seed, pages=pages)
        assert len(story["pages"]) == pages, (topic, len(story["pages"]))
        assert all(story["main_role"] in page for page in story["pages"]), topic
        assert repeated_sentences(story) == [], topic
        size = len(" ".join(story["pages"]).split()) if language == "en" else len(CJK.findall("".join(story["pages"])))
        low, high = word_range(pages, language)
        assert low <= size <= high, (topic, size)
        beats, pages_out, name, hero_words, pronouns = told[-1]
        text = _plain(" ".join(pages_out), name, hero_words, pronouns)
        for beat in beats:
            assert _plain(beat, name, hero_words, pronouns) in text, (topic, beat)


def _plain(text: str, name: str, hero_words: list[str], pronouns: tuple) -> str:
    """Text with the hero's name, kind and leading pronoun made one token (a page may use any of them)."""
    for words in hero_words:
        text = re.sub(rf"\b[Tt]he {re.escape(words)}\b", "X", text)
    text = re.sub(rf"\b{re.escape(name)}\b", "X", text)
    for pronoun in pronouns:
        text = re.sub(rf"(^|(?<=[.!?] )|(?<=[.!?]\" )|(?<=[。！？])){re.escape(pronoun)}", "X", text)
    return " ".join(text.split()) if re.search("[a-z]", text) else re.sub(r"\s+", "", text)


# -- clumsy lines found by reading whole stories (each failed before its fix) ---------------------------

@pytest.fixture(scope="module")
def many_stories() -> list[dict]:
    """Every corpus topic with five seeds (and at six pages), English and Chinese."""
    stories = [compose_story(topic, "", "", language, seed * 100 + index)
               for seed in range(5) for index, (topic, language, _, _) in enumerate(CORPUS)]
    stories += [compose_story(topic, "", "", language, index, pages=6) for index, (topic, language, _, _) in enumerate(CORPUS)]
    return stories


CLUMSY = {
    "a page that only says the hero is there": r"(?:^|[.!?] )NAME (?:listened|watched closely|leaned in|held (?:very|really|ever so) still"
                                              r"|was right there|looked on)\.",
    "a spoken line ending in a full stop before its speaker": r'\." (?:[A-Z][\w\'-]*|the [a-z][\w -]*?) (?:said|asked|explained|told)\b',
    "an adjective and its own adverb": r"\b(?:gentle\b[\w' -]{0,30}? gently|kind\b[\w' -]{0,30}? kindly)\b",
    "a vehicle answering for its rider": r'"It did," said',
    "'an ever so good'": r"\ban? ever so\b",
    "a comma splice on waking": r"(?:^|[.!?] )(?:At last|Finally|In the end) [\w' ]+ opened (?:his|her|its) eyes, the",
    "'come back at home'": r"come back at home",
    "'breathing fire practice'": r"\b\w+ing \w+ practice had been",
    "a head poked round a field": r"head round the",
    "'You must do not push'": r"\bmust (?:do not|don't)\b",
    "'teach me breathing fire'": r"\bteach me \w+ing\b",
    "'and in the end the reedy bend'": r"long hill, and in the end ",
    "a map shown at the finish whether or not one was drawn": r"showed (?:him|her|it) the map",
    "the same place twice in a phrase": r"\b(hill|tree|pond|field|bridge|wall|river|rock|log)\b (?:on|by|in|under|at|near) the (?:[\w-]+ ){0,2}\1\b",
    # second round of reading
    "'the gentle huge bear'": r"\bgentle huge\b",
    "an order asked as a question": r'"Look at the [\w ]+\?',
    "a quoted fact ending in a full stop before 'it began'": r'\." it began\b',
    "one speaker's line given to the one who said nothing": r'," (?:NAME|[A-Z]\w+) said nothing\b',
    # third round of reading
    "'the real the dark'": r"\b[Tt]he real the\b",
    "'too huge'": r"\btoo huge\b",
    "a card read out after a full stop": r'\." (?:NAME|[A-Z][\w\'-]*) read out\b',
    "a speaker put inside a title ('Mrs said Pebble')": r"\b(?:Mrs|Mr|Miss|Professor|Doctor) (?:said|asked|whispered|called)\b",
    "'back where it belong'": r"\b(?:it|she|he) belong\b",
    "a plural sight with 'was'": r"\b(?:stars|clouds|snowflakes|waves|tadpoles|leaves drifting down) was\b",
    "'the best breathing fire practice'": r"\b\w+ing \w+ practice of all\b",
    "a card or a class beside something out of reach": r"(?:pinned beside|followed it, all the way to|[Rr]an to|raced to|dashed to|gathered round|stopped right at"
                                                          r"|crouched down by|sat down by|found) the (?:sun|moon|star|sky|clouds?|rainbow)\b",
}


def test_no_clumsy_lines(many_stories):
    for story in many_stories:
        if story["language"] != "en":
            continue
        for page in story["pages"]:
            masked = re.sub(rf"\b{re.escape(story['main_role'])}\b", "NAME", page)
            for what, pattern in CLUMSY.items():
                assert not re.search(pattern, masked), (what, page)


def test_no_chinese_witness_lines(many_stories):
    witness = r"(?:^|[。！？”])NAME(?:在一旁听着|看得可认真了|凑过去听|一动不动地听着|就在旁边|在一旁看着)。"
    for story in many_stories:
        if story["language"] == "zh":
            assert not any(re.search(witness, page.replace(story["main_role"], "NAME")) for page in story["pages"]), story["pages"]


def test_a_story_never_opens_with_then(many_stories):
    for story in many_stories:
        if story["language"] == "en":
            assert not story["pages"][0].startswith("Then"), story["pages"][0]


def test_a_plans_steps_are_numbered_in_order(many_stories):
    """An optional step left out used to leave "Step one ... Step three"."""
    seen = 0
    fears = [compose_story(topic, "", "", language, seed) for seed in range(12)
             for topic, language in (("a girl who is afraid of the dark", "en"), ("一只害怕打雷的小兔子", "zh"))]
    for story in [*many_stories, *fears]:
        text = " ".join(story["pages"])
        steps = re.findall(r"Step (one|two|three|four)\b", text) or re.findall(r"第([一二三四])步", text)
        if not steps:
            continue
        seen += 1
        order = ("one", "two", "three", "four") if story["language"] == "en" else ("一", "二", "三", "四")
        first = 1 if re.search(r'(?:^|[.!?"] )First, |(?:^|[。！？” ])首先', text) else 0
        assert [order.index(step) for step in steps] == list(range(first, first + len(steps))), text
    assert seen >= 5


def test_the_friend_who_starts_with_an_object_tells_the_fact_about_it(many_stories):
    """"Let's start with the cloud," then a first fact about puddles: the object now matches the fact."""
    firsts = [fact.facts_en[0] for fact in FACTS]
    checked = 0
    for story in many_stories:
        for page in story["pages"]:
            for sentence in firsts:
                if sentence not in page:
                    continue
                named = re.search(r"(?:start with|began with) the (\w+)", page)
                if named:
                    checked += 1
                    assert re.search(rf"\b{named.group(1)}(?:e?s)?\b", sentence.lower()), (named.group(1), sentence)
    assert checked >= 3


def test_a_help_story_says_who_needs_help_before_naming_them():
    """"It was Mochi the sleepy panda." used to follow a page where nobody had called out."""
    for seed in range(12):
        pages = compose_story("a squirrel who helps her friends", "", "", "en", seed)["pages"]
        assert not any(page.startswith("It was ") for page in pages[1:3]), pages[:3]


def test_no_clumsy_lines_where_they_were_first_read():
    """The topics whose stories showed the rarer slips, over many seeds."""
    for topic in ("a dragon who cannot breathe fire", "a turtle learns that slow and steady wins", "why do cats purr",
                  "a little cloud who is scared of thunder"):
        for seed in range(40):
            story = compose_story(topic, "", "", "en", seed)
            for page in story["pages"]:
                for what, pattern in CLUMSY.items():
                    assert not re.search(pattern, page), (what, page)


def test_a_lost_thing_story_is_about_the_thing_not_a_lost_hero():
    """"a fox who lost his red ball" used to be told, one seed in two, as the fox losing its way home."""
    for seed in range(10):
        story = compose_story("a fox who lost his red ball", "", "", "en", seed)
        text = " ".join(story["pages"])
        hero_lost = rf"(?:{story['main_role']}|[Tt]he [\w ]*fox) was lost|help me find my way home|nothing looked familiar"
        assert "ball" in text and not re.search(hero_lost, text), text


def test_the_second_object_is_one_the_facts_talk_about():
    """"雨伞也有关系" (the umbrella matters too): the rain facts never mention an umbrella."""
    for seed in range(12):
        for topic, language in (("where does rain come from", "en"), ("为什么会下雨", "zh")):
            text = " ".join(compose_story(topic, "", "", language, seed)["pages"])
            assert "umbrella" not in text and "雨伞" not in text, text


def test_the_narrators_voice_keeps_twice_as_big():
    """The voice swaps "big" for "huge", but "twice as huge" is not English (read in a sharing story)."""
    import random

    from storyagent.offline.story_parts.voice import pick_voice, speak

    said = {speak("It made the fun twice as big, like a big hill.", pick_voice(random.Random(seed))) for seed in range(40)}
    assert not any("as huge" in text for text in said)
    assert any("a huge hill" in text for text in said)


# -- slips found by reading whole stories, second round (each failed before its fix) ---------------------

def test_no_whole_line_is_said_again_on_another_page(many_stories):
    """A tip, a wish or a question told in full twice ("...the secret: look ahead, not at your feet" and on
    the next page "First you look ahead, not at your feet..."): 23 of 190 English stories did it."""
    for story in many_stories:
        assert echoed_lines(story) == [], (echoed_lines(story), story["pages"])


def test_the_little_one_is_never_the_kind_of_another_character():
    """A mountain story had Crag the goat helping and "a little goat" watching: the little one is now
    of a kind nobody else in the story is, whatever the place and the hero."""
    for setting in LITTLE_ONES:
        for kind in {k.key for k in KINDS.values()}:
            assert pick_little_one(setting, kind, set()).creature != kind
            first = LITTLE_ONES[setting][0].creature
            if first != kind:
                assert pick_little_one(setting, kind, {first}).creature != first, (setting, kind)
    for seed in range(30):
        for topic in ("a dragon who cannot breathe fire", "a little goat who wants to climb"):
            story = compose_story(topic, "", "mountain", "en", seed)
            kinds_in_roles = {key for look in story["roles"].values() for key in find_keys(look, CREATURES)[:1]}
            for word in re.findall(r"\b[Aa] little ([a-z-]+)", " ".join(story["pages"])):
                little = find_keys(word, CREATURES)
                assert not (little and little[0] in kinds_in_roles), (word, story["roles"])


def test_a_goat_hero_is_a_goat():
    """"a little goat" used to be written as a lamb (one KINDS entry for sheep, lamb and goat)."""
    story = compose_story("a little goat who wants to climb", "", "", "en", 2)
    assert "goat" in story["roles"][story["main_role"]] and "lamb" not in story["roles"][story["main_role"]]
    zh = compose_story("一只想爬山的小山羊", "", "", "zh", 2)
    assert "山羊" in zh["roles"][zh["main_role"]], zh["roles"]


def test_a_crab_hero_is_a_crab_in_both_languages():
    """一只害怕大海的小螃蟹 used to give a boy (or a duckling): the writer had no crab."""
    for seed in range(4):
        zh = compose_story("一只害怕大海的小螃蟹", "", "", "zh", seed)
        assert "螃蟹" in zh["roles"][zh["main_role"]], zh["roles"]
        en = compose_story("a little crab who is scared of the sea", "", "", "en", seed)
        look = en["roles"][en["main_role"]]
        assert "crab" in look and parse_look(look, en["main_role"]).species == "crab", look


def test_a_little_one_laughs_with_the_body_it_has():
    """"The goat hid its face in its paws": goats have hooves, chicks and ducklings wings, crabs claws."""
    pawless = ("goat", "chick", "duckling", "crab", "turtle", "frog", "piglet", "lizard", "hedgehog")
    seen = 0
    for seed in range(40):
        for scene in ("mountain", "farm", "river", "sea"):
            text = " ".join(compose_story("a lion cub who cannot roar", "", scene, "en", seed)["pages"])
            little = re.findall(rf"\bthe ({'|'.join(pawless)})\b", text)
            if little:
                seen += 1
                assert "its paws" not in text, text
    assert seen >= 10


def test_nobody_gets_a_body_part_their_kind_lacks():
    """A tortoise's rival left "a few feathers" behind; a hare's "fur" is fine, a girl's "tail" is not."""
    hero_parts = r"(?:^|[.!?] )(?:His|Her) (?:tail|paws|fur|feathers|whiskers)\b"
    for seed in range(40):
        race = compose_story("a turtle learns that slow and steady wins", "", "", "en", seed)
        text = " ".join(race["pages"])
        if not any("feather" in look or "bird" in look or "owl" in look for look in race["roles"].values()):
            assert "feathers" not in text, text
        for topic in ("a girl who is afraid of the dark", "a little cloud who is scared of thunder", "a robot who wants to paint"):
            story = compose_story(topic, "", "", "en", seed)
            for page in story["pages"]:
                assert not re.search(hero_parts, page), page
                name = story["main_role"]
                assert not re.search(rf"\b{name}'s (?:tail|paws|fur|feathers)\b", page), page


def test_a_place_is_not_where_someone_is_asked():
    """"the goat asked by the mountain lake" reads as if the lake did the asking."""
    for seed in range(40):
        text = " ".join(compose_story("a dragon who cannot breathe fire", "", "mountain", "en", seed)["pages"])
        assert not re.search(r"\basked (?:by|beside|under|on|in) the\b", text), text


def test_the_hat_in_the_log_story_stays_about_the_two_friends():
    """The extra tellings written for the lonely-friend skeleton had been filed under the hat-in-the-log
    skeleton ("Coco peeked at Flash three times before she dared to move" in a mouse-and-turtle story,
    with Flash never met): that story has only its two characters."""
    told = 0
    for seed in range(40):
        for topic in ("a tiny mouse and a big turtle", "a little owl and a big bear"):
            story = compose_story(topic, "", "", "en", seed)
            if "hollow log" not in " ".join(story["pages"]):
                continue
            told += 1
            others = [name for name in story["roles"] if name not in (story["main_role"], *list(story["roles"])[1:2])]
            assert not any(name in page for name in others for page in story["pages"]), story["pages"]
    assert told >= 5


# -- slips found by reading whole stories, third round (each failed before its fix) ----------------------

def test_a_companion_does_its_own_habit():
    """A she-cat helper "loved chasing the tip of his own tail" because the habit took the hero's pronoun."""
    from storyagent.offline.story_parts.cast import HABITS, habit

    owned = [key for key, (english, _) in HABITS.items() if "{his}" in english]
    assert owned
    for key in owned:
        kind = next(k for k in KINDS.values() if key in k.en.split() or k.key == key)
        for gender, his in (("she", "her"), ("he", "his")):
            character = Character("Pip", kind, kind.en, kind.en, kind.en, kind.en, kind.en, gender, "", dict(PRONOUNS[gender]))
            said = habit(character, "en")
            assert "{" not in said and f" {his} " in f" {said} ", (key, gender, said)
    for seed in range(30):
        story = compose_story("a kitten who goes to the sea", "", "forest", "en", seed)
        assert "{his}" not in " ".join(story["pages"])


def test_a_fear_agrees_with_its_verb_and_is_not_its_own_place():
    """"The sea still comes by the sea now and then" (a fear that is also the place); "spiders was" (a plural)."""
    clumsy = (r"\b[Tt]he sea\b[\w ]{0,25}\b(?:by|at|in) the sea\b",
              r"(?<!of )\b(?:[Ss]piders|[Hh]eights|[Bb]ig dogs|[Ll]oud noises) (?:was|comes|is)\b")
    for seed in range(30):
        for topic in ("a kitten who is scared of the sea", "a bunny who is afraid of spiders",
                      "a goat who is scared of heights", "a puppy who is afraid of loud noises"):
            for page in compose_story(topic, "", "", "en", seed)["pages"]:
                assert not any(re.search(pattern, page) for pattern in clumsy), (topic, page)


def test_a_story_calls_back_only_to_things_it_has_named():
    """"小被子还在" (the little quilt is still there) closed a story that never mentioned a quilt, and
    "Tilly still has her blanket" one that had her run straight home instead."""
    callbacks = {"en": (r"still has (?:his|her|its) (?:cosy )?blanket", "blanket"), "zh": ("小被子还在", "被子")}
    seen = 0
    for seed in range(60):
        for topic, language in (("a girl who is afraid of the dark", "en"), ("一只害怕打雷的小兔子", "zh"),
                                ("a little cloud who is scared of thunder", "en"), ("害怕黑夜的小女孩", "zh")):
            pages = compose_story(topic, "", "", language, seed)["pages"]
            callback, thing = callbacks[language]
            for index, page in enumerate(pages):
                if re.search(callback, page):
                    seen += 1
                    assert thing in "".join(pages[:index]).lower(), pages
    assert seen >= 3


READ_TOPICS = (("a hedgehog who wants to fly", "en"), ("a little frog learns to jump", "en"), ("why do stars twinkle", "en"),
               ("a cat and a mouse", "en"), ("a giraffe who is shy", "en"), ("why is the sea salty", "en"),
               ("a monkey who lost her banana", "en"), ("a little bird who loves to sing", "en"), ("why is the sky blue", "en"),
               ("a brave little train", "en"), ("a kitten who is scared of the sea", "en"))


def test_no_clumsy_lines_in_the_stories_read_in_the_third_round():
    """The topics of the third read-through, beyond the corpus, over ten seeds each."""
    for topic, language in READ_TOPICS:
        for seed in range(10):
            story = compose_story(topic, "", "", language, seed)
            for page in story["pages"]:
                masked = re.sub(rf"\b{re.escape(story['main_role'])}\b", "NAME", page)
                for what, pattern in CLUMSY.items():
                    assert not re.search(pattern, masked), (topic, what, page)


def test_a_question_said_aloud_is_in_the_present():
    """"I want to know what the stars really were!": the narrator's past tense had leaked into speech."""
    past = [fact.question_en for fact in FACTS]
    for seed in range(20):
        for topic in ("why do stars twinkle", "why is the sky blue", "the water cycle", "why do leaves fall"):
            story = compose_story(topic, "", "", "en", seed)
            for page in story["pages"]:
                for quote in re.findall(r'"[^"]*"', page):
                    assert not any(question in quote.lower() for question in past), (topic, quote)
                assert not re.search(r"(?:said|was one question): Why the sky was\b", page), page


def test_a_topic_object_is_the_longest_word_that_names_it():
    """一只丢了气球的小狐狸 (a fox who lost a balloon) lost a ball (皮球): 气球 ends in 球."""
    from storyagent.offline.story_parts.lexicon import find_thing

    assert [thing.en for thing in find_thing("一只丢了气球的小狐狸", True)] == ["balloon"]
    for seed in range(6):
        text = "".join(compose_story("一只丢了气球的小狐狸", "", "", "zh", seed)["pages"])
        assert "气球" in text and "皮球" not in text, text
        banana = " ".join(compose_story("a monkey who lost her banana", "", "", "en", seed)["pages"])
        assert "banana" in banana and "kite" not in banana, banana


def test_a_star_does_not_ask_what_stars_are_and_a_song_is_not_lost():
    """"Otto the small yellow star" asked what the stars were; a singing bird "lost her music" (音乐不见了)."""
    for seed in range(10):
        stars = compose_story("why do stars twinkle", "", "", "en", seed)
        assert "star" not in stars["roles"][stars["main_role"]], stars["roles"]
        for topic, language in (("a little bird who loves to sing", "en"), ("一只爱唱歌的小鸟", "zh")):
            story = compose_story(topic, "", "", language, seed)
            text = " ".join(story["pages"])
            assert not re.search(r"\b(?:his|her|its|my) music\b|音乐不见了|抱着音乐|玩音乐", text), text
            look = story["roles"][story["main_role"]]
            assert "loves drum" not in look and ("music" in look or "音乐" in look), look


def test_a_helper_with_another_mood_keeps_its_article():
    """"a eager golden puppy": the helper's adjective varies per story, and its article must follow."""
    import random

    from storyagent.offline.story_parts.cast import COMPANION_MOODS, _companion_mood

    for short in COMPANION_MOODS:
        for seed in range(8):
            mood_short, mood_look = _companion_mood(short, short + " with a hat", random.Random(seed))
            for text in (mood_short, mood_look):
                article, word = text.split()[:2]
                assert article == ("an" if word[0] in "aeiou" else "a"), text


def test_a_plural_fear_is_not_called_it():
    """"It was still spiders", "she was not afraid of it any more" (read in a lion-and-spiders story)."""
    for seed in range(30):
        for topic in ("a lion who is afraid of spiders", "a goat who is scared of heights"):
            text = " ".join(compose_story(topic, "", "", "en", seed)["pages"])
            assert not re.search(r"It was still (?:spiders|heights)|afraid of it any more", text), text


def test_the_answer_hunt_hides_its_cards_where_a_child_can_reach(monkeypatch):
    """"The second card was pinned beside the sun": a clue whose object is out of reach (sun, moon, stars,
    sky, clouds) now waits by a landmark, in both languages; a puddle or a shell is still a place."""
    from storyagent.offline.story_parts import writer
    from storyagent.offline.story_parts.skeletons import SKELETONS

    hunt = next(i for i, s in enumerate(SKELETONS["curious"]) if "treasure hunt" in s[0].en[0])
    real = writer._pick_skeleton
    monkeypatch.setattr(writer, "_pick_skeleton", lambda plot, *a, **k: (hunt, SKELETONS[plot][hunt]) if plot == "curious" else real(plot, *a, **k))
    far = r"\b(?:beside|next to|right at|way to|near|FIND|ran to|led \w+ to|by) (?:the )?(?:sun|moon|stars?|sky|clouds?|SUN|MOON|STARS?|SKY)\b|(?:太阳|月亮|星星|天空|云)旁边|找到了(?:太阳|月亮|星星|天空|云)"
    for seed in range(6):
        for topic, language in (("why do stars twinkle", "en"), ("why is the sky blue", "en"), ("为什么天空是蓝色的", "zh"),
                                ("where does rain come from", "en")):
            text = " ".join(compose_story(topic, "", "", language, seed)["pages"])
            assert re.search(r"card|卡片", text), text
            assert not re.search(far, text), text


def test_two_helpers_of_a_story_are_not_described_alike(many_stories):
    """"Minty the playful lamb" and "Goldie the playful puppy" in one thunder story: a helper's mood word
    is now one no other helper of the story has."""
    for story in many_stories:
        if story["language"] != "en":
            continue
        helpers = [look for name, look in story["roles"].items() if name != story["main_role"]]
        moods = [look.split()[1] for look in helpers]
        assert len(moods) == len(set(moods)), story["roles"]


def test_a_helper_remembered_has_been_met():
    """"Then he remembered Bruno's tip" in a story where Bruno the bear had never appeared; "a card in Hoppy's
    writing" when the hunt began with a card under the door and Hoppy was never met."""
    seen = 0
    for seed in range(40):
        for topic in ("a dragon who cannot breathe fire", "learning to ride a bike", "a little bird learns to fly",
                      "where does rain come from", "why is the sky blue", "how do bees make honey"):
            story = compose_story(topic, "", "", "en", seed)
            for index, page in enumerate(story["pages"]):
                for name in story["roles"]:
                    remembered = re.search(rf"remembered (?:what |the tip )?{name}(?:'s\b| had\b)|card in {name}'s writing", page)
                    if remembered and name != story["main_role"]:
                        seen += 1
                        met = " ".join(story["pages"][:index]) + page[:remembered.start()]
                        assert re.search(rf"\b{name}\b", met) or f"{name} the " in page, page
    assert seen >= 5


def test_every_helper_is_introduced_where_first_met(many_stories):
    """"Croaky and Pip cheered", "Ollie read it to Bruno": 18 of 190 English stories named a helper the
    reader had never met (its introducing page was spare, or its telling did not say who it was)."""
    for story in many_stories:
        if story["language"] != "en":
            continue
        for name in story["roles"]:
            if name == story["main_role"]:
                continue
            page = next((p for p in story["pages"] if re.search(rf"\b{name}\b", p)), None)
            if page is None:
                continue
            outside_quotes = re.sub(r'"[^"]*"', "", page)
            if re.search(rf"\b{name}\b", outside_quotes):
                assert re.search(rf"\b{name}(?:'s)? the |\b{name}, (?:a|an|the) |(?:called|named|It was|This was|I'm) {name}\b",
                                 page), (name, page)


def test_two_helpers_are_not_of_one_kind_and_no_mood_turns_huge(many_stories):
    """A farm story met "忠诚的牧羊犬花斑" and "友好的看家狗大黄", two dogs in one red scarf; "Barnaby the
    sleepy huge bear" (the narrator's "huge" for "big" after a mood word)."""
    from storyagent.offline.drawing.looks import parse_look

    for story in many_stories:
        helpers = [look for name, look in story["roles"].items() if name != story["main_role"]]
        species = [parse_look(look, "x").species for look in helpers]
        assert len(species) == len(set(species)), story["roles"]
        assert not re.search(r"\b(?:sleepy|cuddly|friendly) huge\b", " ".join(story["pages"])), story["pages"]


def test_no_clumsy_lines_in_question_stories_over_many_seeds():
    """"Miss Willow crouched down by the sun": the class-trip tellings meet every fact's objects."""
    for topic in ("the water cycle", "where does rain come from", "why is the sky blue", "how do rainbows form",
                  "why do we have seasons", "why does the moon change shape"):
        for seed in range(30):
            story = compose_story(topic, "", "", "en", seed)
            for page in story["pages"]:
                masked = re.sub(rf"\b{re.escape(story['main_role'])}\b", "NAME", page)
                for what, pattern in CLUMSY.items():
                    assert not re.search(pattern, masked), (topic, seed, what, page)
