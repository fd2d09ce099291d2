"""A narrator's voice: each English story picks its own words for common phrases.

One story says "replied", "before long" and "peered at"; another says "answered",
"soon" and "looked at". The choice is made once per story (from its seed), so a
story stays consistent with itself while stories on different topics read
differently. Only phrases that keep their meaning in every template are listed.
"""
from __future__ import annotations

import random
import re

VOICE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"(?<!that )(?<!the )(?<!\ba )(?<!\ban )\bvery\b", ("very", "really", "ever so")),
    (r"\bSuddenly\b", ("Suddenly", "All of a sudden", "All at once")),
    (r"\bat last\b", ("at last", "finally", "in the end")),
    (r"\bAt last\b", ("At last", "Finally", "In the end")),
    (r"\bSoon\b", ("Soon", "Before long", "In no time")),
    (r"\blooked at\b", ("looked at", "gazed at", "peered at")),
    (r"\ba long time\b", ("a long time", "a long while", "ages")),
    (r"\beveryone\b", ("everyone", "everybody")),
    (r"\bEveryone\b", ("Everyone", "Everybody")),
    (r"\bbegan to\b", ("began to", "started to")),
    (r"\bthought hard\b", ("thought hard", "thought and thought", "had a good think")),
    (r"\bsmiled\b(?! an? \w+ smile)", ("smiled", "beamed", "grinned")),     # not "grinned a big smile"
    (r"\bwhispered\b", ("whispered", "murmured")),
    (r"\bhurried\b", ("hurried", "rushed", "dashed")),
    (r"\bsat down\b", ("sat down", "plopped down", "settled down")),
    (r"\bThat evening\b", ("That evening", "When evening came", "As evening fell")),
    (r"(?<!\bas )(?<!\btoo )(?<!gentle )(?<!sleepy )(?<!cuddly )(?<!friendly )\bbig\b", ("big", "huge")),     # not "twice as huge",
    # "too huge", "the gentle huge bear" or "the sleepy huge bear"
    (r'(?<=[,!?]") cried\b', (" cried", " shouted", " called")),
    (r"\bwalked\b(?! (?:the|him|her|it)\b)", ("walked", "wandered", "strolled")),
    (r"\bquietly\b", ("quietly", "softly", "gently")),
    (r"\bwonderful\b", ("wonderful", "marvellous", "lovely")),
    (r"\bmore than anything\b", ("more than anything", "above all else", "most of all")),
    (r"\bran\b(?! out)", ("ran", "raced", "dashed")),
    (r"\blaughed\b", ("laughed", "chuckled", "giggled")),
    (r"\blovely\b", ("lovely", "beautiful", "delightful")),
    (r"\bshouted\b", ("shouted", "yelled", "called out")),
    (r"\blooked (?=up|down|round|around|back)", ("looked ", "glanced ", "peeked ")),
    (r"\bhappy\b", ("happy", "glad", "joyful")),
    (r"\btiny\b", ("tiny", "teeny")),
    (r"\bthought about\b", ("thought about", "wondered about", "puzzled over")),
    (r"\bwent home\b", ("went home", "headed home")),
    (r"\bevery day\b", ("every day", "each day", "day after day")),
    (r"\bcame by\b", ("came by", "wandered by", "dropped by")),
    (r"\bcame running\b", ("came running", "came hurrying", "came dashing")),
    (r"\bcheered\b", ("cheered", "whooped")),
    (r"\bsmiling\b", ("smiling", "beaming", "grinning")),
    (r"\blaughing\b", ("laughing", "giggling", "chuckling")),
    (r"\bamazed\b", ("amazed", "astonished")),
    (r"\bidea\b", ("idea", "plan", "thought")),
    (r"\bwhole family\b", ("whole family", "entire family")),
    (r"\bslowly\b", ("slowly", "gently", "carefully")),
    (r"\bfriendly\b", ("friendly", "kindly")),
    # the grown-ups of the curious stories get a different name in each story
    (r"\b[Tt]he teacher\b", ("the teacher", "Miss Hazel", "Mr Oak", "Mrs Pebble", "Miss Willow")),
    (r"\bGrandma\b", ("Grandma", "Granny", "Nana", "Gran")),
    (r"\b[Tt]he kind librarian\b", ("the kind librarian", "Mrs Pages, the librarian,")),
    (r"\bProfessor Owl\b", ("Professor Owl", "Professor Heron", "Doctor Badger")),
    (r"\bthe little ones\b", ("the little ones", "the young ones", "the smallest ones")),
    # a narrator who speaks in full words or in contractions
    (r"\bcould not\b", ("could not", "couldn't")),
    (r"\bdid not\b", ("did not", "didn't")),
    (r"\bwas not\b", ("was not", "wasn't")),
    (r"\bhad not\b", ("had not", "hadn't")),
    (r"\bThe next morning\b", ("The next morning", "Next morning", "In the morning")),
    (r"\bthe next morning\b", ("the next morning", "next morning")),
    (r"\bThat night\b", ("That night", "Later that night", "When night came")),
    (r"\bone more thing\b", ("one more thing", "one last thing", "something else")),
    (r"\bwanted to know\b", ("wanted to know", "longed to know", "just had to know")),
    (r"\ball about\b", ("all about", "everything about")),
    (r"\bOne day\b", ("One day", "One fine day")),
    (r"\bfell asleep\b", ("fell asleep", "drifted off to sleep", "dropped off to sleep")),
    (r"\bfor a long time\b", ("for a long time", "for ages", "for a long while")),
    (r"\bevery single day\b", ("every single day", "day after day", "each and every day")),
    (r"\bstep by step\b", ("step by step", "bit by bit", "one step at a time")),
    (r"\bagain and again\b", ("again and again", "over and over", "time after time")),
    (r"\bthe whole\b", ("the whole", "the entire")),
)
_COMPILED = [(re.compile(pattern), options) for pattern, options in VOICE]


# some narrators put the speaker first: '"Hello," said Mia.' or '"Hello," Mia said.'
_SPEAKER_LAST = re.compile(r'([,!?]") (said|asked|whispered|called) (?!(?:Mrs|Mr|Miss|Professor|Doctor)\b)([A-Z][\w\'-]*)(?! the )(?! [A-Z])(?=[ .,!?])')


def pick_voice(rng: random.Random) -> list[tuple[re.Pattern, str]]:
    """Choose this story's word for each phrase (and where its speakers stand)."""
    voice = [(pattern, rng.choice(options)) for pattern, options in _COMPILED]
    if rng.random() < 0.5:
        voice.append((_SPEAKER_LAST, r"\1 \3 \2"))
    return voice


def speak(text: str, voice: list[tuple[re.Pattern, str]]) -> str:
    """Say a page in the story's voice."""
    for pattern, word in voice:
        text = pattern.sub(word, text)
    text = re.sub(r"\b([Aa]) ([aeiou])", lambda m: m.group(1) + "n " + m.group(2), text)
    text = re.sub(r"\b([Aa])n ([bcdfgjklmnpqrstvwxz])", lambda m: m.group(1) + " " + m.group(2), text)
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
