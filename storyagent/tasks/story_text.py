"""Your own story text: read a role sheet out of plain pages, and store the text as the Story segment.

The first half is plain Python (no Flask): guess the hero's name, kind and the place from the
text, so a story someone typed gets the same story.json shape the writer produces. The second
half is the state change: PUT /api/task/{id}/story and POST /api/task/new with a ``story``.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from ..domain import SegmentError, StoryBrief, segment_name
from ..errors import ApiError
from ..extensions import db
from ..models import Task
from ..offline.vocabulary import COLOUR_WORDS, CREATURES, SETTINGS, find_matches
from ..pipeline.story import validate_story
from . import state
from .service import create_task, owned_task, story_dir

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

# -- language -------------------------------------------------------------------------------


def text_language(text: str) -> str:
    """"zh" when Chinese characters carry the text (a character is worth about four letters), else "en"."""
    chinese = len(_CJK.findall(text))
    return "zh" if chinese and chinese * 4 >= len(_LATIN.findall(text)) else "en"


# -- English names ----------------------------------------------------------------------------

# capitalised words that start sentences (or are always capitalised) without being anyone's name
_NOT_NAMES = frozenset("""
a an the i i'm i'll i'd i've and but or so yet for nor then than because although though while when whenever
where wherever why how what which who whom whose whoever if unless until till after before as since once
he she it they we you me him her his hers its their theirs our ours your yours them us my mine this that these those
there here now soon later finally suddenly meanwhile afterwards together still just even only also too very
one two three four five six seven eight nine ten first second third last next every each some many much more
most all both few several any no not nobody nothing none someone somebody something everyone everybody
everything anyone anybody anything yes yeah oh ah wow hey hi hello goodbye bye please thanks thank sorry ok okay
look let lets let's come go see wait stop listen maybe perhaps sure well good great oops hooray hurray
at in on of to from with without by into onto under over above below near far up down out off around through
across along behind beside between beyond inside outside upon about against toward towards during
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december spring summer autumn winter
mr mrs ms miss dr sir madam mister
is was are were be been am do does did have has had can could will would shall should must might
once upon long ago today tomorrow yesterday tonight always never sometimes often again
little big small tiny old young new happy sad
the end
""".split())

_SENTENCE_END = re.compile(r"[.!?。！？]+[\"'”’)\]]*\s+|\n+")
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?![\w-])")
_OPENERS = "\"'“‘([-—– \t"


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def english_hero_name(text: str) -> str:
    """The most frequent capitalised word that is a name, not a sentence-initial common word."""
    lowercase_words = set(re.findall(r"(?<![\w'’-])[a-z]+(?![\w-])", text))
    counts: Counter[str] = Counter()
    mid_sentence: set[str] = set()
    first_seen: dict[str, int] = {}
    position = 0
    for sentence in _sentences(text):
        for match in _CAPITALISED.finditer(sentence):
            word = match.group(0)
            if word.lower() in _NOT_NAMES:
                continue
            initial = not sentence[:match.start()].strip(_OPENERS)
            # "Suddenly" or "Slowly" begin sentences; a name is also capitalised mid-sentence
            if not initial:
                mid_sentence.add(word)
            counts[word] += 1
            first_seen.setdefault(word, position + match.start())
        position += len(sentence) + 1
    names = [word for word in counts if word in mid_sentence
             or (word.lower() not in lowercase_words and not word.endswith("ly"))]
    if not names:
        return ""
    return min(names, key=lambda word: (-counts[word], first_seen[word]))


# -- Chinese names ----------------------------------------------------------------------------

_HAN = r"[\u4e00-\u9fff]"
_CLAUSE_START = re.compile(r"(?:^|[。！？，；：、\n“”「」\"])\s*(" + _HAN + "{2})")
_CALLED = re.compile(r"(?:名叫|叫做|叫作|名字叫|叫)(" + _HAN + r"{2,3}?)(?=[的，。！？、；\s]|是|$)")
# clause openers that are no one's name
_ZH_NOT_NAMES = frozenset("""
他们 她们 它们 我们 你们 大家 但是 可是 于是 然后 突然 忽然 一天 有一 从前 后来 最后 这时 那时 就在 因为 所以 如果
虽然 今天 明天 昨天 每天 不过 原来 终于 现在 只见 这是 那是 这个 那个 这些 那些 为什 怎么 什么 一起 一会 一边 不久
第二 晚上 早上 中午 夜里 很久 好久 很快 慢慢 渐渐 接着 然而 而且 还有 没有 不是 可以 真是 太好 谢谢 对不 妈妈 爸爸
爷爷 奶奶 哥哥 姐姐 弟弟 妹妹 小朋 朋友 森林 天空 太阳 月亮 星星 风儿 雨点 河水 他说 她说 它说 有时 也许 当然 当时
""".split())


def chinese_hero_name(text: str) -> str:
    """A name given with 叫 ("一只叫乐乐的小兔子"), else the word that most often opens a clause."""
    called = Counter(match.group(1) for match in _CALLED.finditer(text))
    if called:
        return max(called, key=lambda name: (text.count(name), called[name]))
    openers = Counter(match.group(1) for match in _CLAUSE_START.finditer(text))
    candidates = [word for word, n in openers.items()
                  if word not in _ZH_NOT_NAMES and word[0] not in "他她它我你这那一有在是不" and text.count(word) >= 2]
    if not candidates:
        return ""
    best = min(candidates, key=lambda word: (-openers[word], -text.count(word), text.index(word)))
    # grow "小兔" to "小兔子" while the longer word is just as common
    while len(best) < 4:
        longer = Counter(text[i:i + len(best) + 1] for i in _positions(text, best) if i + len(best) < len(text))
        word, n = longer.most_common(1)[0] if longer else ("", 0)
        if n != text.count(best) or not _CJK.fullmatch(word[-1]) or word[-1] in "的了是在和说着也都就又把被":
            break
        best = word
    return best


def _positions(text: str, word: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(word), text)]


# -- what the hero is -------------------------------------------------------------------------

_ENGLISH_KINDS = sorted({word for english, _ in CREATURES.values() for word in english}, key=len, reverse=True)
_CHINESE_KINDS = sorted({word for _, chinese in CREATURES.values() for word in chinese}, key=len, reverse=True)
_KIND = "(?:" + "|".join(re.escape(word) for word in _ENGLISH_KINDS) + ")"
_LOOK_WORDS = frozenset(["little", "small", "tiny", "big", "young", "old", "fluffy", "furry", "spotted", "striped",
                         *(word for english, _ in COLOUR_WORDS.values() for word in english)])


def english_hero_look(text: str, name: str) -> str:
    """"Pip the little brown mouse" / "a mouse named Pip" / "Pip was a mouse" -> "a little brown mouse"."""
    name_re = re.escape(name)
    adjectives = r"((?:[a-z-]+,? ){0,3}?)"
    kind = rf"((?:{_KIND} )?{_KIND})"  # "bear cub"
    patterns = (rf"\b{name_re},? (?:was|is) (?:a|an) {adjectives}{kind}s?\b",
                rf"\b{name_re},? (?:the|a|an) {adjectives}{kind}s?\b",
                rf"\b(?:a|an) {adjectives}{kind}s? (?:named|called) {name_re}\b")
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            looks = [word.strip(",") for word in match.group(1).split() if word.strip(",") in _LOOK_WORDS]
            return _with_article(" ".join([*looks, match.group(2)]))
    if not name:
        return ""
    she = len(re.findall(r"\b(?:she|her|hers)\b", text, re.IGNORECASE))
    he = len(re.findall(r"\b(?:he|him|his)\b", text, re.IGNORECASE))
    return "a friendly girl" if she > he else "a friendly boy" if he > she else "a friendly child"


def chinese_hero_look(text: str, name: str) -> str:
    """"乐乐是一只白色的小兔子" / "小兔子乐乐" / "叫乐乐的小兔子" -> "一只白色的小兔子"."""
    kinds = "(?:" + "|".join(re.escape(word) for word in _CHINESE_KINDS) + ")"
    name_re = re.escape(name)
    for pattern in (rf"{name_re}是(一[只头条个位匹])([^，。！？；、]{{0,6}}?{kinds}子?)",
                    rf"(一[只头条个位匹])[^，。！？；、]{{0,4}}?叫{name_re}的([^，。！？；、]{{0,6}}?{kinds}子?)",
                    rf"(一[只头条个位匹])([^，。！？；、]{{0,6}}?{kinds}子?)，?[他她它]的名字叫{name_re}",
                    rf"(一[只头条个位匹])([^，。！？；、叫]{{0,6}}?{kinds}子?){name_re}"):
        match = re.search(pattern, text)
        if match:
            return match.group(1) + match.group(2)
    own_kind = re.search(kinds, name)
    if own_kind:  # the name is the kind: 小兔子
        return f"一只可爱的{name}"
    adjacent = re.search(rf"(小?{kinds}子?){name_re}", text)
    if adjacent:
        return f"一只{adjacent.group(1)}"
    if not name:
        return ""
    return "一个友好的女孩" if text.count("她") > text.count("他") else "一个友好的孩子"


def _with_article(phrase: str) -> str:
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def _kind_word_as_name(text: str, language: str) -> str:
    """No name at all ("the little fox went..."): the most mentioned creature word names the hero."""
    hits = Counter(word.lower() for _, _, word in find_matches(text, CREATURES))
    if not hits:
        return ""
    word = hits.most_common(1)[0][0]
    return word if language == "zh" else word.capitalize()


def _mentions(text: str, name: str) -> bool:
    if _CJK.search(name):
        return name in text
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def role_sheet_from_text(pages: list[str], language: str, main_role: str = "") -> tuple[str, dict[str, str]]:
    """(hero's name, {name: look}) read from the pages; ``main_role`` wins when the text names it."""
    text = "\n".join(pages)
    if main_role and _mentions(text, main_role):
        name = main_role
    else:
        name = chinese_hero_name(text) if language == "zh" else english_hero_name(text)
    if name:
        look = chinese_hero_look(text, name) if language == "zh" else english_hero_look(text, name)
        return name, {name: look}
    kind = _kind_word_as_name(text, language)
    if not kind:
        return "", {}
    return kind, {kind: f"一只可爱的{kind}" if language == "zh" else _with_article(kind.lower())}


def scene_from_text(pages: list[str]) -> str:
    """The place the text mentions most ("forest", "海边"), for the illustrator's backdrop."""
    hits = Counter(word.lower() for _, _, word in find_matches("\n".join(pages), SETTINGS))
    return hits.most_common(1)[0][0] if hits else ""


def story_from_text(text: dict, brief: StoryBrief) -> dict[str, Any]:
    """The story.json the Story segment would have written for this title, these pages and roles."""
    pages = [page.strip() for page in text["pages"]]
    roles = {name.strip(): look.strip() for name, look in (text.get("roles") or {}).items()}
    if roles:
        hero = brief.main_role if brief.main_role in roles else next(iter(roles))
    else:
        hero, roles = role_sheet_from_text(pages, brief.language, brief.main_role)
    draft = {"title": text["title"], "pages": pages, "roles": roles, "main_role": hero,
             "scene": scene_from_text(pages), "outline": []}
    try:
        return validate_story(draft, brief)
    except SegmentError as exc:  # the schema should have caught it; still a client error
        raise ApiError(400, str(exc)) from None


# -- the state change -------------------------------------------------------------------------


def replace_story(user_id: int, task_id: int, text: dict, *, language: str | None = None) -> dict[str, Any]:
    """Store the caller's text as the Story segment and reset later segments, like a redo of Story.

    The save is a run of Story admitted through tasks.state (so a concurrent execute or edit gets
    409): story.json is replaced atomically, then Story is completed. If anything fails in between,
    story.json and the task's status and completed segments go back as they were.
    """
    task = owned_task(user_id, task_id)
    _refuse_if_running(task)
    language = language or text_language("\n".join([text["title"], *text["pages"]]))
    brief = StoryBrief(topic=task.topic, main_role=task.main_role, scene=task.scene, language=language,
                       seed=task.seed)
    story = story_from_text(text, brief)
    admission = state.admit(user_id, task.id, 1, redo=True)
    if admission is None:
        _refuse_if_running(owned_task(user_id, task_id))
        raise ApiError(409, "The task changed while the story was being saved; try again.")
    db.session.commit()
    job_id = admission.job_id

    folder = story_dir(task_id)
    previous = folder.story_json.read_bytes() if folder.story_json.is_file() else None
    try:
        folder.write_json(folder.story_json, story)
        if not state.complete(task_id, job_id, 1):
            raise _lost_task(user_id, task_id, job_id, folder)
        state.finish_run(job_id, state.COMPLETED)
        db.session.commit()
    except ApiError:
        raise
    except BaseException as exc:
        log.exception("saving the story text of task %s failed; putting it back", task_id)
        db.session.rollback()
        _put_back(folder, previous)
        state.release(task_id, job_id, admission.previous)
        db.session.commit()
        if isinstance(exc, OSError):  # a full or read-only disk: nothing changed, the client may retry
            raise ApiError(503, "The story could not be saved (a storage problem on the server); nothing was "
                                "changed. Try again shortly.", {"Retry-After": "30"}) from exc
        raise
    # later segments' files: no longer listed (current_segment is 1), removed like a redo would
    folder.remove_outputs(2)
    return story


def _lost_task(user_id: int, task_id: int, job_id: str, folder) -> ApiError:
    """The task was deleted or stopped while its story was being saved: say so, leave no files behind."""
    db.session.rollback()
    state.finish_run(job_id, state.CANCELLED)
    db.session.commit()
    if state.is_deleted(task_id):
        folder.remove_all()
        return ApiError(404, f"Task {task_id} not found.")
    folder.remove_outputs(1)
    return ApiError(409, "Saving the story was stopped; send it again.")


def _refuse_if_running(task: Task) -> None:
    if task.status == "running":
        raise ApiError(409, f"Segment {task.running_segment} ({segment_name(task.running_segment)}) is running; "
                            "wait for it to finish before changing the story.")


def _put_back(folder, previous: bytes | None) -> None:
    """Restore story.json as it was before a failed edit."""
    try:
        if previous is None:
            folder.story_json.unlink(missing_ok=True)
        else:
            folder.write_bytes(folder.story_json, previous)
    except OSError:
        log.exception("could not restore story.json of task %s", folder.task_id)


def create_task_with_story(user_id: int, data: dict) -> Task:
    """A new task whose Story is the caller's text; if the text cannot be saved, the task is deleted again."""
    text = data["story"]
    language = data.get("language") or text_language("\n".join([text["title"], *text["pages"]]))
    task = create_task(user_id, {**data, "topic": data.get("topic") or text["title"], "language": language})
    task_id = task.id
    try:
        replace_story(user_id, task_id, text, language=language)
    except BaseException as exc:
        db.session.rollback()
        state.delete(user_id, task_id)
        story_dir(task_id).remove_all()
        if isinstance(exc, ApiError) and exc.status == 503:
            raise ApiError(503, "The story could not be saved (a storage problem on the server); no task was "
                                "created. Try again shortly.", exc.headers) from exc
        raise
    return task
