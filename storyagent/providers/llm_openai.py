"""OpenAIWriter: the QA-outline story writer over any OpenAI-compatible chat API.

Works with OpenAI, Ollama, LocalAI, vLLM, llama.cpp's server and the like. Model output
is only ever parsed as JSON (tolerantly) and validated with marshmallow, never evaluated.
"""
from __future__ import annotations

import json
import re
from functools import partial
from typing import Any, Callable, Iterator, Mapping

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from ..domain import SegmentError, StoryBrief
from . import story_prompts as prompts
from . import typed_settings
from .http import RemoteProvider, RetryPolicy, call_with_retries, openai_client, read_settings, scrub

JSON_ATTEMPTS = 3          # tries (each with a new seed) to get a usable JSON answer
DEFAULT_QA_TURNS = 3

_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)


class ChapterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    chapter_title = fields.String(required=True, validate=validate.Length(min=1))
    chapter_summary = fields.String(required=True, validate=validate.Length(min=1))


class OutlineSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    story_title = fields.String(required=True, validate=validate.Length(min=1))
    story_outline = fields.List(fields.Nested(ChapterSchema), required=True,
                                validate=validate.Length(min=1, max=prompts.MAX_CHAPTERS))


_PAGES = fields.List(fields.String(validate=validate.Length(min=1)), validate=validate.Length(min=1))
_ROLES = fields.Dict(keys=fields.String(validate=validate.Length(min=1)),
                     values=fields.String(validate=validate.Length(min=1)), validate=validate.Length(min=1))


def json_candidates(text: str) -> Iterator[Any]:
    """Every JSON value that starts at a '{' or '[' in ``text``, in order of position.

    Models wrap JSON in code fences, prefaces and afterthoughts; raw_decode from each
    opening bracket finds the value without guessing where it ends.
    """
    text = _THINKING.sub("", text)
    decoder = json.JSONDecoder()
    for index, char in enumerate(text):
        if char in "{[":
            try:
                value, _ = decoder.raw_decode(text, index)
            except ValueError:
                continue
            yield value


def parse_json_reply(text: str, load: Callable[[Any], Any]) -> Any:
    """The first JSON value in ``text`` that ``load`` accepts; ValueError says why none did."""
    problem = "the answer contains no JSON"
    for candidate in json_candidates(text):
        try:
            return load(candidate)
        except ValidationError as exc:
            problem = f"the JSON does not match the format ({_first_error(exc.messages)})"
    raise ValueError(problem)


def _first_error(messages: Any) -> str:
    """A compact, readable line from marshmallow's nested error messages."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        return f"{key}: {_first_error(value)}"
    if isinstance(messages, list) and messages:
        return _first_error(messages[0])
    return str(messages)


def load_outline(value: Any) -> dict:
    outline = OutlineSchema().load(value)
    return {"story_title": outline["story_title"].strip(),
            "story_outline": [{"chapter_title": c["chapter_title"].strip(),
                               "chapter_summary": c["chapter_summary"].strip()} for c in outline["story_outline"]]}


def load_pages(value: Any, most: int = prompts.MAX_PAGES_PER_CHAPTER) -> list[str]:
    """A list of page texts; accepts {"pages": [...]} too, keeps at most `most` (the pages asked for)."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), list):
        value = next(iter(value.values()))
    pages = [" ".join(page.split()) for page in _PAGES.deserialize(value)]
    pages = [page for page in pages if page]
    if not pages:
        raise ValidationError("every page is empty")
    return pages[:most]


def load_roles(language: str) -> Callable[[Any], dict[str, str]]:
    """A loader for the role sheet that trims each description to the word budget."""
    budget = prompts.ROLE_WORDS[language]

    def load(value: Any) -> dict[str, str]:
        roles = _ROLES.deserialize(value)
        sheet = {name.strip(): _trim(" ".join(text.split()), budget, language) for name, text in roles.items()}
        sheet = {name: text for name, text in sheet.items() if name and text}
        if not sheet:
            raise ValidationError("the role sheet is empty")
        return sheet

    return load


def _trim(text: str, budget: int, language: str) -> str:
    if language == "zh":
        return text[:budget]
    return " ".join(text.split()[:budget])


class ChatModel:
    """One model on an OpenAI-compatible /chat/completions endpoint, behind our retry policy."""

    def __init__(self, config: Mapping[str, Any]):
        self.settings = read_settings(config, "LLM", "openai", model_example="llama3.2 for Ollama, gpt-4o-mini")
        self.temperature = typed_settings(config)["LLM_TEMPERATURE"]
        self.policy = RetryPolicy.from_config(config)
        self.endpoint = self.settings.endpoint("/chat/completions")
        self.client = openai_client(self.settings)

    def complete(self, messages: list[dict[str, str]], seed: int) -> str:
        """The assistant's reply text (reasoning blocks removed)."""
        response = call_with_retries(
            lambda: self.client.chat.completions.create(model=self.settings.model, messages=messages,
                                                        temperature=self.temperature, seed=seed),
            policy=self.policy, endpoint=self.endpoint)
        choices = getattr(response, "choices", None) or []
        content = choices[0].message.content if choices and choices[0].message else None
        if not content or not content.strip():
            raise SegmentError(f"{self.settings.label}: model {self.settings.model!r} returned an empty answer")
        return _THINKING.sub("", content).strip()

    def complete_json(self, messages: list[dict[str, str]], load: Callable[[Any], Any], seed: int,
                      language: str, what: str) -> Any:
        """Ask until the answer holds JSON that ``load`` accepts, with a new seed each time."""
        conversation = list(messages)
        problem = ""
        for attempt in range(JSON_ATTEMPTS):
            reply = self.complete(conversation, seed + attempt)
            try:
                return parse_json_reply(reply, load)
            except ValueError as exc:
                problem = str(exc)
            conversation = list(messages) + [{"role": "assistant", "content": reply},
                                             prompts.fix_message(language, problem)]
        message = (f"{self.settings.label}: model {self.settings.model!r} did not give a usable {what} "
                   f"in {JSON_ATTEMPTS} attempts: {problem}")
        raise SegmentError(scrub(message, (self.settings.api_key,)))


class OpenAIWriter(RemoteProvider):
    """Writes story.json through an OpenAI-compatible chat model (MM-StoryAgent's QA outline)."""

    def __init__(self, chat: ChatModel, qa_turns: int, pages: int = 0):
        self.chat = chat
        self.qa_turns = qa_turns
        self.pages = pages      # STORY_PAGES: 0 = each chapter 1-3 pages

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "OpenAIWriter":
        settings = typed_settings(config)
        return cls(ChatModel(config), settings["LLM_QA_TURNS"], settings["STORY_PAGES"])

    def write_story(self, brief: StoryBrief, progress: Callable[[float, str], None]) -> dict:
        """Discuss the setting, outline, write the pages chapter by chapter, then the roles."""
        language = prompts.language_of(brief)
        seed = int(brief.seed)
        dialogue = self._discuss(brief, seed, progress)

        progress(0.3, "writing the outline")
        outline = self.chat.complete_json(prompts.outline_messages(brief, dialogue), load_outline, seed,
                                          language, "story outline")
        chapters = outline["story_outline"]

        pages: list[str] = []
        for number in range(1, len(chapters) + 1):
            progress(0.35 + 0.5 * (number - 1) / len(chapters), f"writing chapter {number} of {len(chapters)}")
            messages = prompts.pages_messages(brief, outline["story_title"], chapters, number, pages, self.pages)
            most = prompts.chapter_pages(self.pages, len(chapters), number) if self.pages else prompts.MAX_PAGES_PER_CHAPTER
            pages += self.chat.complete_json(messages, partial(load_pages, most=most), seed + number, language,
                                             "list of pages")

        progress(0.9, "describing the characters")
        roles = self.chat.complete_json(prompts.roles_messages(brief, pages), load_roles(language), seed,
                                        language, "role sheet")
        progress(1.0, "story written")
        main_role = brief.main_role.strip() or next(iter(roles))
        return {"title": outline["story_title"], "topic": brief.topic, "main_role": main_role,
                "scene": brief.scene.strip(), "language": language, "outline": chapters,
                "pages": pages, "roles": roles}

    def _discuss(self, brief: StoryBrief, seed: int, progress: Callable[[float, str], None]) -> list[tuple[str, str]]:
        """The question asker and the expert talk for up to qa_turns turns."""
        done = prompts.done_phrase(prompts.language_of(brief))
        dialogue: list[tuple[str, str]] = []
        for turn in range(self.qa_turns):
            progress(0.3 * turn / max(1, self.qa_turns), f"planning the story: question {turn + 1}")
            question = self.chat.complete(prompts.asker_messages(brief, dialogue), seed + turn)
            if _is_done(question, done):
                break
            answer = self.chat.complete(prompts.expert_messages(brief, dialogue, question), seed + turn)
            dialogue.append((question, answer))
        return dialogue


def _is_done(question: str, done: str) -> bool:
    """Whether the asker said it has no more questions (ignoring case and punctuation)."""
    def squash(text: str) -> str:
        return re.sub(r"[\W_]+", "", text.lower())

    return squash(done) in squash(question)
