"""Page words -> the hero's pose and expression, and whether a hand holds something.

Poses are checked in order, so "tripped and tumbled over" is a fall even if the page
also says "ran", and "fell asleep" is sleep, not a fall. Words are matched as word
starts in English ("tumbl" matches tumbled, tumbling) and as substrings in Chinese.
"""
from __future__ import annotations

import re

Words = tuple[tuple[str, ...], tuple[str, ...]]

POSES: tuple[tuple[str, Words], ...] = (
    ("sleep", (("fell asleep", "fast asleep", "asleep", "sleeping", "slept", "drifted off", "snuggled", "tossed and turned",
                "dreamed", "dreamt", "dreaming", "napped", "nap", "snored", "snoring", "snores", "snoozed", "snoozing", "snoozes",
                "dozed", "doze", "in his sleep", "in her sleep", "in its sleep", "in their sleep", "in my sleep", "went to sleep",
                "gone to sleep", "go to sleep", "goes to sleep", "drifted to sleep", "back to sleep", "off to sleep", "sleeps",
                "snooze", "lay still", "lay down", "lie down", "lying down", "lay in bed", "lying in bed", "stretched out",
                "curled up", "tucked in", "tucked up", "eyes squeezed shut"),
               ("睡着", "睡觉", "梦乡", "入睡", "做梦", "梦见", "梦到", "梦里", "梦中", "睡梦", "打呼噜", "打鼾", "睡", "躺"))),
    ("fall", (("tripped", "trip over", "trips over", "tumbl", "fell over", "fell down", "fell off", "fell into", "fell flat",
               "slipped on", "slipped and", "slipped off", "slipped over", "slipped in the", "stumbl", "toppl", "tipped over", "keeled over", "crashed", "bumped into", "bump into", "bumps into", "landed with", "flat on"),
              ("摔倒", "跌倒", "摔了", "绊倒", "绊了", "摔跤", "滑倒", "跌", "摔"))),
    ("swim", (("swim", "swam", "swimming", "paddl", "splash", "dived", "dove into", "floated"), ("游泳", "游来游去", "游", "潜水"))),
    ("fly", (("flew", "fly", "flying", "flies", "soar", "flapp", "glided", "took off", "up he rose", "up she rose", "up it rose",
              "rose up", "rose into", "higher and higher", "took to the air", "lifted off"),
             ("飞", "翱翔", "升上天", "越升越高"))),
    ("hug", (("hugged", "hugging", "hugs", "hug ", "hug.", "hug!", "hug,", "cuddl", "embrac", "held each other"), ("拥抱", "抱住", "抱了抱", "搂"))),
    ("run", (("ran ", "run", "raced", "racing", "dash", "sprint", "hurried", "rushed", "chased", "zoomed", "scurried", "galloped"),
             ("跑", "赛跑", "冲", "追", "奔"))),
    ("cry", (("cried", "cry", "crying", "sob", "tears", "wept", "weep"), ("哭", "眼泪", "流泪"))),
    ("laugh", (("laugh", "giggl", "chuckl", "hooray", "cheered"), ("笑", "哈哈", "欢呼"))),
    ("jump", (("jump", "hopped", "leapt", "leaped", "danced", "dance", "bounced", "celebrat", "party"), ("跳", "蹦", "庆祝", "派对", "舞"))),
    ("sit", (("sat ", "sit ", "sitting", "rested", "rest ", "sat down", "plopped down", "flopped down", "sank down"), ("坐",))),
    ("wave", (("hello", "waved", "wave", "goodbye", "hi!"), ("你好", "招呼", "挥手", "再见"))),
    ("walk", (("walk", "wander", "follow", "set off", "step", "path", "search", "climb", "explor", "journey", "went"),
              ("走", "出发", "找", "路", "探险", "爬"))),
)
HOLD_WORDS: Words = (("holding", "held", "hold", "carried", "carry", "carrying", "clutch", "gripp", "picked up", "grabbed",
                      "brought", "hugged the", "hugged her", "hugged his", "gave", "offered", "handed", "showed", "found a",
                      "found the", "lifted", "waved the", "ate", "eating", "licked", "munched", "nibbled", "read", "reading",
                      "played the", "played with", "opened the", "opened a", "blew", "got a", "got the", "received", "won a", "won the",
                      "carries", "holds", "took his", "took her", "took their", "dipped", "pressed", "swung", "used the", "took the", "took a", "with the brush",
                      "sprayed", "spraying", "aimed", "pointed the", "watered", "watering the", "watering her", "watering his",
                      "hosed"),
                     ("拿着", "抱着", "捧着", "提着", "举着", "拿起", "捡起", "拿", "捧", "递给", "送给", "找到", "吃", "读", "看书", "打开", "喷", "浇"))
MOODS: tuple[tuple[str, Words], ...] = (
    ("angry", (("angry", "stomp", "shout", "cross", "temper", "grumbl", "mine!", "huff", "frown", "mad"),
               ("生气", "跺", "火气", "脾气", "我的！", "哼"))),
    ("sad", (("sad", "cried", "cry", "tear", "lonely", "sorry", "sigh", "sniffl", "empty", "heavy", "no fun", "upset", "alone"),
             ("难过", "哭", "眼泪", "孤单", "叹气", "后悔", "伤心", "没意思"))),
    ("scared", (("afraid", "scared", "lost", "wobbl", "fear", "worried", "thump", "strange", "scary", "nervous", "shiver",
                 "tripped", "tumbl", "oops", "ouch"),
                ("害怕", "发抖", "迷路", "担心", "陌生", "可怕", "怦怦", "紧张", "哎呀"))),
    ("happy", (("smile", "laugh", "happy", "joy", "giggl", "cheer", "hug", "fun", "glad", "celebrat", "wonderful", "proud",
                "delight", "hooray", "yay", "grin", "love"),
               ("笑", "开心", "快乐", "高兴", "美好", "骄傲", "拥抱", "喜欢", "欢呼"))),
)
NEGATIONS = re.compile(r"\b(?:can't|cannot|couldn't|could not|can not|didn't|did not|wasn't able|never|no|not|instead of|without|"
                       r"going to|will|learn to|learning to|wanted to|wants to|want to|wish|wished|dream\w*|imagin\w*|"
                       r"think of|thought of|tried to|try to|trying to|hoped|hope to)\b[^.!?]{0,40}$", re.IGNORECASE)


def _hits(text: str, words: Words, skip_denied: bool = False) -> int:
    """How many times the words occur (English as word starts, Chinese as substrings).

    With skip_denied, a word the sentence denies ("never rushed", "did not stop", "没有哭") does not count.
    """
    lowered = " " + text.lower() + " "
    count = 0
    for word in words[0]:
        for match in re.finditer(r"(?<![a-z])" + re.escape(word), lowered):
            if not (skip_denied and _denied_here(lowered, match.start())):
                count += 1
    for word in words[1]:
        for match in re.finditer(re.escape(word), text):
            if not (skip_denied and _denied_here(text, match.start())):
                count += 1
    return count


def _denied_here(text: str, at: int) -> bool:
    """A pose word that does not happen: denied right before it ("never rushed", "did not stop", "没有哭", "不怕"),
    only wished for ("longed to fly", "wished she could swim", "想飞"), or asked about ("Can you swim?")."""
    before = text[max(0, at - 24):at]
    part = re.split(r"[,;:，；]|\band\b|\bbut\b|\bthen\b", text[max(0, at - 48):at])[-1]    # "did not stop for a nap"
    if re.search(r"\b(?:never|not|didn't|don't|doesn't|won't|can't|cannot|no longer|nobody|no one|nothing)\b", part, re.IGNORECASE) \
            or before[-2:].endswith(("不", "没", "别")) or before.endswith(("没有", "不再", "不要")):
        return True
    end = re.search(r"[.!?。！？]", text[at:])
    return wished(text, at) or bool(MAYBES.search(_window(text, at))) or bool(end and end.group(0) in "?？")


def pick_pose(text: str, can_fly: bool, default: str) -> str:
    """The hero's pose for a page: the first pose whose words appear; flying only for characters that can fly.

    What is said in quotes is not done ("Light runs faster than sound," said Inky): only a laugh or a cheer
    counts there ("Hooray!"). Chinese idioms that only look like actions are read as what they mean.
    """
    for old, new in NOT_ACTIONS:
        text = text.replace(old, new)
    text = SAID_CRIED.sub(r"\1said", text)
    text = DREAM_OF_DOING.sub("wished", text)
    spoken_out = unquoted(text)
    for pose, words in POSES:
        if pose == "fly" and not can_fly:
            continue
        if _hits(text if pose == "laugh" else spoken_out, words, skip_denied=True):
            return pose
    return default


# Chinese phrases holding an action word they do not mean: 冲着 "toward", 心怦怦直跳 "a pounding heart"
NOT_ACTIONS = (("fell into step", "walked in step"), ("fell in step", "walked in step"), ("冲着", "对着"), ("怦怦直跳", "怦怦"), ("心跳", "心"), ("直跳", "直"))
# dreaming of doing something one day is wishing, not sleeping: "dreamed under the willow: to swim, just once",
# "dreamed of becoming a firefighter", "dreamt that one day she would fly" (but "fell asleep and dreamed of stars" sleeps)
DREAM_OF_DOING = re.compile(r"\bdream(?:ed|t|s)\b(?=[^.!?]{0,60}?(?::\s*to\b|\bof (?:becoming|being|one day)\b|\bthat one day\b|"
                            r"\bto (?:be|become|fly|swim|ride|win|go)\b))", re.IGNORECASE)
SAID_CRIED = re.compile(r"([\"”]\s*(?:[A-Z]\w*\s+)?)cried\b")     # '"Hooray!" cried Tilly' says it loudly; nobody weeps


CHEERS: Words = next(words for pose, words in POSES if pose == "laugh")
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|「[^」]*」")


def unquoted(text: str) -> str:
    """The page with its quoted speech blanked: '"Time to go to sleep," said Mum' does not put anyone to sleep."""
    return QUOTED.sub(lambda match: " " * len(match.group(0)), text)


def pick_mood(text: str, pose: str) -> str:
    """The hero's expression: the mood with most words, then what the pose suggests."""
    scores = {mood: _hits(text, words, skip_denied=True) for mood, words in MOODS}     # "Nobody was happy" is not happy
    best = max(scores, key=lambda mood: scores[mood])    # ties go to the first: angry, sad, scared, happy
    if pose == "cry":
        return "sad"
    if pose == "laugh":
        return "happy"
    if pose == "fall" and scores["happy"] <= scores["scared"]:
        return "scared"
    return best if scores[best] else "calm"


def holds_something(text: str) -> bool:
    """Whether the page has a hand holding, carrying or giving something."""
    return _hits(text, HOLD_WORDS) > 0


# What makes a named thing or action not happen on the page. The rule, for every prop and action:
#   - denied ("cannot breathe fire", "without her kite", "没有火") -> not drawn;
#   - only wished, wanted, imagined or supposed ("longed to breathe fire", "anyone who could breathe fire",
#     "if it rained", "想喷火") -> not drawn;
#   - asked about ("How do you breathe fire?") or said in quotes ("Breathing fire is hard," she sighed) -> an action
#     is not drawn (a prop still may be: "Look at my kite!");
#   - tried or practised ("tried to breathe fire", "practised breathing fire") -> the try is drawn, not the success
#     (a dragon puffs smoke).
# Only words before the thing, in the same sentence part (up to 48 characters back, stopping at . ! ? ; or a
# quote mark, not at a colon: "had a dream: to swim"), count, so "She did not cry. She flew!" still flies.
DENY = (r"can't|cannot|couldn't|could not|can not|didn't|did not|don't|doesn't|won't|wasn't able|never|no|not|nobody|"
        r"no one|nothing|instead of|without|no longer")
WISH = (r"wish\w*|long(?:ed|s|ing)? (?:to|for)|want\w*|hop(?:e|ed|es|ing) (?:to|for)|dream\w*|imagin\w*|pretend\w*|if|"
        r"how to|think of|thought of|thinking of|talk\w* about|anyone who|going to")
MAYBE = r"could|would|might|will|shall|let's"     # "could see a kite" still shows the kite; "could breathe fire" is no flame
TRY = r"tr(?:y|ied|ies|ying)(?: to)?|practi[sc]\w*|attempt\w*|learn\w* to|learning"
_BEFORE = r"\b[^.!?;\"“”]{0,48}$"
DENIALS = re.compile(rf"\b(?:{DENY}){_BEFORE}", re.IGNORECASE)
WISHES = re.compile(rf"\b(?:{WISH}){_BEFORE}", re.IGNORECASE)
MAYBES = re.compile(rf"\b(?:{MAYBE}){_BEFORE}", re.IGNORECASE)
TRIES = re.compile(rf"\b(?:{TRY}){_BEFORE}", re.IGNORECASE)
CJK_DENY = ("不", "没", "无法", "别")
CJK_WISH = ("想", "希望", "梦", "如果", "要是", "假如", "愿")
CJK_TRY = ("试", "练习", "学")


def _window(text: str, at: int) -> str:
    """The words just before position `at`, back to the start of its sentence part."""
    return text[max(0, at - 48):at]


def denied(text: str, word_at: int) -> bool:
    """Whether the words just before position `word_at` say it is not there ("cannot breathe fire", "没有火")."""
    before = _window(text, word_at)
    return bool(DENIALS.search(before)) or any(token in before[-8:] for token in CJK_DENY)


def wished(text: str, word_at: int) -> bool:
    """Whether it is only wanted, dreamt of or supposed ("longed to breathe fire", "if it snowed", "想放风筝")."""
    before = _window(text, word_at)
    return bool(WISHES.search(before)) or any(token in before[-8:] for token in CJK_WISH)


def tried(text: str, word_at: int) -> bool:
    """Whether it is being tried or practised, not done ("tried to breathe fire", "practised breathing fire")."""
    before = _window(text, word_at)
    return bool(TRIES.search(before)) or any(token in before[-8:] for token in CJK_TRY)


def asked_or_said(text: str, word_at: int) -> bool:
    """Whether the word is in a question ("How do you breathe fire?") or inside quoted speech."""
    end = re.search(r"[.!?。！？]", text[word_at:])
    if end and end.group(0) in "?？":
        return True
    before = text[:word_at]
    straight = before.count('"') % 2 == 1
    curly = before.rfind("“") > before.rfind("”")
    corner = before.rfind("「") > before.rfind("」")
    return straight or curly or corner


LOST_BEFORE = re.compile(r"\b(?:lost|missing|no sign of|look(?:ed|ing|s)? (?:\w+ )?for|search\w* (?:\w+ )?for|where (?:is|was|were|are))"
                         r"\b[^.!?;]{0,12}$|(?:丢了|丢失|找不到|不见了的?)[^。！？]{0,3}$", re.IGNORECASE)
LOST_AFTER = re.compile(r"^\W{0,2}(?:was|were|is|are|had)\s+(?:not there|not where|nowhere|gone|missing|lost|not in)|^[^。！？]{0,5}(?:不见了|丢了)",
                        re.IGNORECASE)


NO_MORE = re.compile(r"(?:^|[.!?]\s+)(?:No|Still no|But no)\s+(?:\w+\s+)?$|没有$")
FOUND = re.compile(r"\b(?:found|finds?|spotted|there (?:it|she|he|they) (?:was|were)|there was|got (?:\w+ )?back|gave (?:\w+ )?back|"
                   r"returned|brought (?:\w+ )?back|held (?:\w+ )?(?:close|tight))\b|找到|找回|还给", re.IGNORECASE)


def lost_so_far(pages: list[str], spots: list[list[int]]) -> bool:
    """Whether a thing is lost at the end of these pages: the last page that says where it is says it is lost
    ("lost his ball", "No ball.", "looked everywhere for his ball") rather than found ("found his ball", "gave it
    back"). `spots` gives, for each page, where the thing is named on it."""
    lost = False
    for text, places in zip(pages, spots):
        for at in places:
            sentence = re.split(r"[.!?。！？]", text[:at])[-1] + re.split(r"[.!?。！？]", text[at:])[0]
            if FOUND.search(sentence):
                lost = False
            elif (LOST_BEFORE.search(text[max(0, at - 32):at]) or NO_MORE.search(text[max(0, at - 16):at])
                  or LOST_AFTER.search(text[at:][:48].split(" ", 1)[-1])):
                lost = True
    return lost


def absent(text: str, word_at: int) -> bool:
    """A prop that is denied, only wished for, or lost is left out of the picture ("she had no kite", "wished for a
    kite", "lost his teddy", "the teddy was not where he had left it", "looked everywhere for his teddy")."""
    if denied(text, word_at) or wished(text, word_at) or LOST_BEFORE.search(text[max(0, word_at - 32):word_at]):
        return True
    after = re.match(r"[A-Za-z']*", text[word_at:])
    return bool(LOST_AFTER.search(text[word_at + (after.end() if after else 0):][:40]))


OVER_AFTER = re.compile(r"^[a-z]*\W{0,2}(?:had |has |finally |at last |soon )?(?:stopped|ended|cleared|was over|were over|passed|"
                        r"eased off|died down|went away|melted away|blew over)\b|^[^。！？，]{0,3}(?:停了|停止|过去了|结束了|散了|走远|走了)", re.IGNORECASE)
OVER_BEFORE = re.compile(r"\b(?:after the|end of the|no more)\s+$|雨后$", re.IGNORECASE)


def over(text: str, word_at: int) -> bool:
    """Weather that the page says has ended: "the rain stopped", "the storm had passed", "after the rain", "雨停了"."""
    return bool(OVER_AFTER.match(text[word_at:word_at + 48]) or OVER_BEFORE.search(text[max(0, word_at - 16):word_at]))


def happens(text: str, word_at: int) -> bool:
    """An action that the page says is really done now: not denied, wished, tried, asked about or only talked of."""
    return not (absent(text, word_at) or tried(text, word_at) or asked_or_said(text, word_at)
                or MAYBES.search(_window(text, word_at)))


def negated(text: str, word_at: int) -> bool:
    """Whether the words deny it or only wish for it, or try it ("could not breathe fire", "想喷火")."""
    return absent(text, word_at) or tried(text, word_at)


CLAUSE_BREAK = re.compile(r"[.!?;。！？；]+|,\s*(?=(?:and|but|while|so|then|when|who)\b)|\b(?:while|whereas|where|as soon as)\b|，(?=[^，]{0,3}(?:而|但|可是))")


def clause_subjects(text: str, names: list[str]) -> list[tuple[str, list[str]]]:
    """Split a page into clauses and say whose action each one is: the names it starts with, else the last subject.

    "Mia swam in the pond while Robo watched." -> [("Mia swam in the pond", ["Mia"]), (" Robo watched", ["Robo"])].
    "Mia and Robo hugged." -> both. A clause naming nobody continues the previous subject ("She laughed").
    """
    clauses = [c for c in CLAUSE_BREAK.split(text) if c and c.strip()]
    result, last, last_named = [], names[:1], names[:1]
    for clause in clauses:
        spots = sorted((clause.find(name), name) for name in names if name and _mentions(clause, name))
        if clause.strip().lower().startswith("who ") and not spots:
            result.append((clause, last_named))       # "Tilly passed Finn, who was snoring": Finn snores
            continue
        if spots:
            last_named = [spots[-1][1]]
            first_at, first = spots[0]
            subjects = [first]
            for at, name in spots[1:]:
                between = clause[first_at + len(first):at].strip().lower()
                if between in ("and", "&", "和", "与", "跟", "同"):
                    subjects.append(name)
            last = subjects
        result.append((clause, last))
    return result


def _mentions(text: str, name: str) -> bool:
    """Whole-word match for Latin names, substring for Chinese ones."""
    if re.search(r"[\u3400-\u9fff]", name):
        return name in text
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def poses_for(text: str, names: list[str], can_fly: dict[str, bool], defaults: dict[str, str]) -> dict[str, str]:
    """Each character's pose from the clauses whose subject they are; a character with none keeps its default.

    A state said right after another character's name is theirs, not the subject's: "Nova found Rosie sitting
    alone" (Rosie sits), "Max crept by Ollie, asleep on the hill" (Ollie sleeps, Max does not).
    """
    own: dict[str, list[str]] = {name: [] for name in names}
    text = QUOTED.sub(lambda m: m.group(0) if _hits(m.group(0), CHEERS) else " " * len(m.group(0)), text)   # said, not done
    for clause, subjects in clause_subjects(text, names):
        clause, attached = _attached_states(clause, names, subjects)
        for name, phrase in attached:
            own.setdefault(name, []).append(phrase)
        for name in subjects:
            own.setdefault(name, []).append(clause)
    return {name: pick_pose(_without(" . ".join(own.get(name, [])), names), can_fly.get(name, False), defaults[name])
            for name in names}


def _without(text: str, names: list[str]) -> str:
    """The text with the characters' names blanked: Hugo does not hug, Dash does not run, because of their names."""
    for name in sorted((n for n in names if n), key=len, reverse=True):
        pattern = re.escape(name) if re.search(r"[\u3400-\u9fff]", name) else rf"(?<!\w){re.escape(name)}(?!\w)"
        text = re.sub(pattern, lambda match: " " * len(match.group(0)), text)
    return text


# "Rosie sitting alone", "Ollie, asleep on the hill": a participle straight after a name, or "asleep" after a comma
ATTACHED = re.compile(r"^(?:\s+(?:\w+ing\b|(?:fast |sound |still )?asleep\b)|\s*,\s*(?:fast |sound |still )?asleep\b)[^,.;!?，。！？；]*")


def _attached_states(clause: str, names: list[str], subjects: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """The clause without the states that belong to a non-subject named in it, and those states by name."""
    attached = []
    for name in names:
        if name in subjects or not name:
            continue
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", clause):
            match = ATTACHED.match(clause[found.end():])
            if match:
                phrase = match.group(0)
                attached.append((name, phrase))
                start = found.end() + match.start()
                clause = clause[:start] + " " * len(phrase) + clause[start + len(phrase):]
    return clause, attached
