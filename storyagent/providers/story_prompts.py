"""Every prompt of the LLM story writer, in English and Chinese.

The writer follows MM-StoryAgent's question-and-answer outline: a curious question
asker and a children's-story expert talk over the setting, a writer turns the talk into
a chaptered outline, expands each chapter into a few short pages, and finally lists the
characters with short visual descriptions (the role sheet used by image prompts).
Functions return chat messages ({"role", "content"}); callers never build prompt text.
"""
from __future__ import annotations

import json
from typing import Sequence

from ..domain import StoryBrief

CHAPTERS = 4                 # asked for; the outline schema accepts 1..MAX_CHAPTERS
MAX_CHAPTERS = 6
MAX_PAGES_PER_CHAPTER = 3    # asked for (and kept of an answer) when no page count is set
MAX_SENTENCES_PER_PAGE = 2
ROLE_WORDS = {"en": 20, "zh": 40}   # words in English, characters in Chinese

Message = dict[str, str]


def language_of(brief: StoryBrief) -> str:
    """'zh' for any Chinese variant, else 'en'."""
    return "zh" if str(brief.language).lower().startswith("zh") else "en"


TEXT = {
    "en": {
        "request": "Story request\n- Topic: {topic}\n- Main character: {main_role}\n- Setting: {scene}",
        "unspecified": "(your choice)",
        "asker_system": (
            "You are a curious children's-book editor planning a picture book with an expert storyteller. "
            "Ask the expert ONE short question at a time about the story's setting, characters, conflict, "
            "lesson or ending, building on the answers so far. Ask only the question, nothing else. "
            "When you know enough to write the story, answer exactly: {done}"),
        "asker_start": "{request}\n\nAsk your first question.",
        "done": "Thank you, I have no more questions.",
        "expert_system": (
            "You are an expert writer of picture books for children aged 3 to 8. An editor is asking you "
            "questions to plan this story:\n{request}\n\n"
            "Answer each question in two or three sentences with concrete, child-friendly ideas "
            "that fit the story. Stay kind, simple and imaginative."),
        "writer_system": (
            "You are a children's picture-book author. You write warm, simple English for children aged "
            "3 to 8, and you always answer in exactly the JSON format you are asked for, with no other text."),
        "outline": (
            "{request}\n\nHere is the editor's conversation with an expert about the story:\n{dialogue}\n\n"
            "Write the story outline with exactly {chapters} chapters. Answer with only a JSON object of this "
            "shape:\n"
            '{{"story_title": "...", "story_outline": [{{"chapter_title": "...", "chapter_summary": "..."}}]}}\n'
            "Each chapter_summary is one or two sentences."),
        "pages": (
            "Story title: {title}\nOutline:\n{outline}\n\nPages written so far (JSON list):\n{written}\n\n"
            "Now write chapter {number}: \"{chapter_title}\" - {chapter_summary}\n"
            "Continue the story from the pages so far without repeating them. Write {how_many}; "
            "each page is at most {max_sentences} short sentences a child can follow. Answer with only a JSON "
            'list of strings, one string per page, like ["page one text", "page two text"].'),
        "roles": (
            "Here is a picture-book story:\n{story}\n\n"
            "List the characters who appear in it{main_role_hint}. For each, give a visual description of at "
            "most {words} words for an illustrator: species or kind, age, colours, clothes, one distinctive "
            "feature. Answer with only a JSON object mapping each character's name to its description, like "
            '{{"Mimi": "a small grey kitten with a red scarf and big green eyes"}}.'),
        "main_role_hint": ", starting with {main_role}",
        "some_pages": "1 to {pages} pages", "exact_pages": "exactly {pages} pages",
        "fix": ("Your answer could not be used: {problem}. Answer again with only the JSON, "
                "exactly in the format asked for."),
        "question": "Editor", "answer": "Expert",
    },
    "zh": {
        "request": "故事需求\n- 主题：{topic}\n- 主角：{main_role}\n- 场景：{scene}",
        "unspecified": "（由你决定）",
        "asker_system": (
            "你是一位好奇的儿童绘本编辑，正在和一位讲故事的专家一起策划一本绘本。"
            "每次只向专家提一个简短的问题，内容可以是故事的场景、角色、冲突、道理或结局，并结合之前的回答继续追问。"
            "只输出问题本身，不要输出其他内容。当你已经了解足够的信息来写这个故事时，请只回答：{done}"),
        "asker_start": "{request}\n\n请提出你的第一个问题。",
        "done": "谢谢，我没有更多问题了。",
        "expert_system": (
            "你是一位为三到八岁儿童创作绘本的专家。一位编辑正在向你提问，以策划下面这个故事：\n{request}\n\n"
            "每个问题用两三句话回答，给出具体、适合儿童、符合故事的想法。语言亲切、简单、富有想象力。"),
        "writer_system": (
            "你是一位儿童绘本作家，用温暖、简单的中文为三到八岁的孩子写故事，"
            "并且总是严格按照要求的 JSON 格式回答，不输出任何其他文字。"),
        "outline": (
            "{request}\n\n下面是编辑与专家关于这个故事的对话：\n{dialogue}\n\n"
            "请写出恰好 {chapters} 章的故事大纲。只用下面格式的 JSON 对象回答：\n"
            '{{"story_title": "……", "story_outline": [{{"chapter_title": "……", "chapter_summary": "……"}}]}}\n'
            "每个 chapter_summary 用一两句话。"),
        "pages": (
            "故事标题：{title}\n大纲：\n{outline}\n\n已经写好的页面（JSON 列表）：\n{written}\n\n"
            "现在请写第 {number} 章：“{chapter_title}”——{chapter_summary}\n"
            "接着已写的页面继续讲故事，不要重复。写{how_many}，每页最多 {max_sentences} 个孩子能听懂的短句。"
            '只用 JSON 字符串列表回答，每页一个字符串，例如 ["第一页的文字", "第二页的文字"]。'),
        "roles": (
            "下面是一个绘本故事：\n{story}\n\n"
            "列出故事中出现的角色{main_role_hint}。为每个角色写一段给插画师的外观描述，不超过 {words} 个字："
            "物种或类型、年龄、颜色、衣着和一个显著特征。只用 JSON 对象回答，键是角色名字，值是描述，例如 "
            '{{"咪咪": "一只戴红围巾、有一双绿色大眼睛的灰色小猫"}}。'),
        "main_role_hint": "，从{main_role}开始",
        "some_pages": " 1 到 {pages} 页", "exact_pages": "正好 {pages} 页",
        "fix": "你的回答无法使用：{problem}。请重新回答，只输出 JSON，严格按照要求的格式。",
        "question": "编辑", "answer": "专家",
    },
}


def _t(language: str, key: str) -> str:
    return TEXT[language][key]


def story_request(brief: StoryBrief) -> str:
    lang = language_of(brief)
    blank = _t(lang, "unspecified")
    return _t(lang, "request").format(topic=brief.topic.strip(), main_role=brief.main_role.strip() or blank,
                                      scene=brief.scene.strip() or blank)


def done_phrase(language: str) -> str:
    return _t(language, "done")


def asker_messages(brief: StoryBrief, dialogue: Sequence[tuple[str, str]]) -> list[Message]:
    """The question asker's view: its own questions are 'assistant', the answers 'user'."""
    lang = language_of(brief)
    messages = [{"role": "system", "content": _t(lang, "asker_system").format(done=done_phrase(lang))},
                {"role": "user", "content": _t(lang, "asker_start").format(request=story_request(brief))}]
    for question, answer in dialogue:
        messages += [{"role": "assistant", "content": question}, {"role": "user", "content": answer}]
    return messages


def expert_messages(brief: StoryBrief, dialogue: Sequence[tuple[str, str]], question: str) -> list[Message]:
    """The expert's view: the questions are 'user', its own answers 'assistant'."""
    lang = language_of(brief)
    messages = [{"role": "system", "content": _t(lang, "expert_system").format(request=story_request(brief))}]
    for asked, answer in dialogue:
        messages += [{"role": "user", "content": asked}, {"role": "assistant", "content": answer}]
    messages.append({"role": "user", "content": question})
    return messages


def _writer(language: str, text: str) -> list[Message]:
    return [{"role": "system", "content": _t(language, "writer_system")}, {"role": "user", "content": text}]


def outline_messages(brief: StoryBrief, dialogue: Sequence[tuple[str, str]]) -> list[Message]:
    lang = language_of(brief)
    transcript = "\n".join(f"{_t(lang, 'question')}: {q}\n{_t(lang, 'answer')}: {a}" for q, a in dialogue)
    return _writer(lang, _t(lang, "outline").format(request=story_request(brief), dialogue=transcript or "-",
                                                    chapters=CHAPTERS))


def chapter_pages(total: int, chapters: int, number: int) -> int:
    """Chapter ``number``'s share of a story of ``total`` pages (the first chapters take the odd ones)."""
    return total // chapters + (1 if number <= total % chapters else 0)


def pages_messages(brief: StoryBrief, title: str, outline: Sequence[dict], number: int,
                   written: Sequence[str], total_pages: int = 0) -> list[Message]:
    """Ask for the pages of chapter ``number`` (1-based), given every page written so far.

    With ``total_pages`` (STORY_PAGES) each chapter is asked for exactly its share of them.
    """
    lang = language_of(brief)
    if total_pages:
        how_many = _t(lang, "exact_pages").format(pages=chapter_pages(total_pages, len(outline), number))
    else:
        how_many = _t(lang, "some_pages").format(pages=MAX_PAGES_PER_CHAPTER)
    chapter = outline[number - 1]
    outline_text = "\n".join(f"{i}. {c['chapter_title']}: {c['chapter_summary']}"
                             for i, c in enumerate(outline, start=1))
    return _writer(lang, _t(lang, "pages").format(
        title=title, outline=outline_text, written=json.dumps(list(written), ensure_ascii=False),
        number=number, chapter_title=chapter["chapter_title"], chapter_summary=chapter["chapter_summary"],
        how_many=how_many, max_sentences=MAX_SENTENCES_PER_PAGE))


def roles_messages(brief: StoryBrief, pages: Sequence[str]) -> list[Message]:
    lang = language_of(brief)
    hint = _t(lang, "main_role_hint").format(main_role=brief.main_role.strip()) if brief.main_role.strip() else ""
    return _writer(lang, _t(lang, "roles").format(story="\n".join(pages), main_role_hint=hint, words=ROLE_WORDS[lang]))


def fix_message(language: str, problem: str) -> Message:
    """The follow-up sent after an unusable JSON answer."""
    return {"role": "user", "content": _t(language, "fix").format(problem=problem)}
