"""The OpenAI-compatible story writer and the shared retry policy, over real HTTP."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from fake_servers import CHAT, HERO_LOOK, FakeServer, Reply, StoryChatModel, chat_reply, error_reply

from storyagent.config import defaults
from storyagent.pipeline import SegmentError, StoryBrief
from storyagent.providers import ProviderConfigError, check_providers, create_provider, http
from storyagent.providers.http import Failure, RetryPolicy
from storyagent.providers.llm_openai import ChatModel, OpenAIWriter, load_pages, load_roles, parse_json_reply

SECRET = "sk-test-4f9d2c1b7a"


@pytest.fixture
def chat_server():
    with FakeServer() as server:
        yield server


def llm_settings(server: FakeServer, **overrides) -> dict:
    """The LLM_* settings that point the writer at the fake server."""
    return {"LLM_PROVIDER": "openai", "LLM_BASE_URL": server.url + "/v1", "LLM_MODEL": "llama3.2",
            "LLM_API_KEY": SECRET, "LLM_TIMEOUT": 5, "PROVIDER_BACKOFF": 0.01, "PROVIDER_RETRIES": 3, **overrides}


def llm_config(server: FakeServer, **overrides) -> dict:
    return {**defaults(), **llm_settings(server, **overrides)}


def write(server, model, language="en", **overrides):
    server.route(CHAT, model)
    reports: list[tuple[float, str]] = []
    writer = create_provider("llm", llm_config(server, **overrides))
    brief = StoryBrief(topic="a lost kitten learns to ask for help", main_role="Mimi", scene="forest",
                       language=language, seed=7)
    story = writer.write_story(brief, lambda fraction, message: reports.append((fraction, message)))
    return story, reports


# -- the story -------------------------------------------------------------------------

def test_writes_a_story_through_question_answer_outline_pages_and_roles(chat_server):
    model = StoryChatModel(chapters=3, pages_per_chapter=2, questions=2)
    story, reports = write(chat_server, model)

    assert model.steps == ["ask", "answer", "ask", "answer", "ask", "outline", "pages", "pages", "pages", "roles"]
    assert story["title"] == "Mimi Finds Her Way"
    assert story["topic"] == "a lost kitten learns to ask for help"
    assert (story["main_role"], story["scene"], story["language"]) == ("Mimi", "forest", "en")
    assert [c["chapter_title"] for c in story["outline"]] == ["Chapter 1", "Chapter 2", "Chapter 3"]
    assert story["pages"] == [f"This is page {n}. Mimi is happy." for n in range(1, 7)]
    assert story["roles"] == {"Mimi": HERO_LOOK, "Owl": "a wise old brown owl"}
    json.dumps(story)  # story.json-ready

    bodies = [r.json for r in chat_server.requests]
    assert {b["model"] for b in bodies} == {"llama3.2"}
    assert all(isinstance(b["seed"], int) for b in bodies)
    assert {b["temperature"] for b in bodies} == {0.8}
    assert {r.headers["authorization"] for r in chat_server.requests} == {f"Bearer {SECRET}"}
    # each chapter is written knowing every page before it
    third_chapter = bodies[8]["messages"][1]["content"]
    assert json.dumps([f"This is page {n}. Mimi is happy." for n in range(1, 5)]) in third_chapter
    # the expert saw the earlier question and answer when answering the second question
    assert [m["role"] for m in bodies[3]["messages"]] == ["system", "user", "assistant", "user"]
    fractions = [fraction for fraction, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 8


def test_question_answer_turns_are_bounded_by_llm_qa_turns(chat_server):
    model = StoryChatModel(questions=99)
    write(chat_server, model, LLM_QA_TURNS=2)
    assert model.steps[:5] == ["ask", "answer", "ask", "answer", "outline"]


def test_no_discussion_when_llm_qa_turns_is_zero(chat_server):
    model = StoryChatModel()
    write(chat_server, model, LLM_QA_TURNS=0)
    assert model.steps[0] == "outline"


def test_chinese_story_uses_chinese_prompts(chat_server):
    model = StoryChatModel(chapters=2, pages_per_chapter=3)
    story, _ = write(chat_server, model, language="zh")
    assert story["language"] == "zh"
    assert story["title"] == "迷路的小猫"
    assert len(story["pages"]) == 6 and story["pages"][0] == "这是第1页。Mimi很开心。"
    system_prompts = [r.json["messages"][0]["content"] for r in chat_server.requests]
    assert all("儿童" in prompt or "绘本" in prompt for prompt in system_prompts)


def test_broken_json_is_asked_again_with_a_new_seed(chat_server):
    model = StoryChatModel(broken={"outline": 1})
    story, _ = write(chat_server, model)
    outline_requests = [r.json for r, step in zip(chat_server.requests, model.steps, strict=True) if step == "outline"]
    assert len(outline_requests) == 2
    assert outline_requests[0]["seed"] != outline_requests[1]["seed"]
    retry_messages = outline_requests[1]["messages"]
    assert retry_messages[-2]["role"] == "assistant" and "Oops" in retry_messages[-2]["content"]
    assert "could not be used" in retry_messages[-1]["content"]
    assert story["title"] == "Mimi Finds Her Way"


def test_gives_up_after_three_unusable_answers(chat_server):
    model = StoryChatModel(broken={"outline": 10})
    with pytest.raises(SegmentError) as caught:
        write(chat_server, model)
    assert model.steps.count("outline") == 3
    message = str(caught.value)
    assert "llm provider openai" in message and "story outline" in message and "3 attempts" in message
    assert SECRET not in message


def test_empty_answer_is_an_error(chat_server):
    chat_server.route(CHAT, lambda r: chat_reply("   "))
    chat = ChatModel(llm_config(chat_server))
    with pytest.raises(SegmentError, match="empty answer"):
        chat.complete([{"role": "user", "content": "hi"}], seed=1)


# -- tolerant JSON parsing -----------------------------------------------------------------

@pytest.mark.parametrize("reply", [
    '```json\n["One. Two.", "Three."]\n```',
    'Here are the pages [2 of them]:\n["One. Two.", "Three."]\nEnjoy!',
    '<think>maybe ["draft"] first? {"no": 1}</think>\n["One. Two.", "Three."]',
    '{"pages": ["One. Two.", "Three."]}',
])
def test_pages_are_found_wherever_the_model_puts_them(reply):
    assert parse_json_reply(reply, load_pages) == ["One. Two.", "Three."]


def test_pages_beyond_three_per_chapter_are_dropped():
    assert parse_json_reply('["a", "b", "c", "d"]', load_pages) == ["a", "b", "c"]


@pytest.mark.parametrize("reply", ['__import__("os").system("true")', "[1, 2", '[""]', "no json here"])
def test_unusable_answers_raise_value_error(reply):
    with pytest.raises(ValueError):
        parse_json_reply(reply, load_pages)


def test_role_descriptions_are_trimmed_to_twenty_words():
    long_look = " ".join(f"word{i}" for i in range(30))
    roles = parse_json_reply(json.dumps({"Mimi": long_look}), load_roles("en"))
    assert roles["Mimi"].split() == long_look.split()[:20]


# -- errors and retries over HTTP ----------------------------------------------------------

def ask(server, **overrides) -> str:
    return ChatModel(llm_config(server, **overrides)).complete([{"role": "user", "content": "hello"}], seed=3)


def test_a_500_is_retried(chat_server):
    chat_server.script(CHAT, error_reply(500, "model is loading"), chat_reply("hi there"))
    assert ask(chat_server) == "hi there"
    assert len(chat_server.requests) == 2


def test_a_429_is_retried_after_retry_after(chat_server):
    chat_server.script(CHAT, error_reply(429, "slow down", {"Retry-After": "0"}), chat_reply("hi there"))
    assert ask(chat_server) == "hi there"
    assert len(chat_server.requests) == 2


def test_a_401_fails_at_once_and_never_shows_the_key(chat_server):
    chat_server.route(CHAT, lambda r: error_reply(401, f"Incorrect API key provided: {r.headers['authorization']}"))
    with pytest.raises(SegmentError) as caught:
        ask(chat_server)
    assert len(chat_server.requests) == 1
    message = str(caught.value)
    assert message.startswith(f"llm provider openai: POST {chat_server.url}/v1/chat/completions answered "
                              "401 Unauthorized: Incorrect API key provided: Bearer ***")
    assert SECRET not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_hang_times_out_and_is_retried_then_reported(chat_server):
    chat_server.route(CHAT, lambda r: Reply(delay=30, json={}))
    with pytest.raises(SegmentError) as caught:
        ask(chat_server, LLM_TIMEOUT=0.3, PROVIDER_RETRIES=1)
    assert len(chat_server.requests) == 2
    assert "timed out after 0.3 s (gave up after 2 attempts)" in str(caught.value)


def test_persistent_server_errors_give_up_after_the_retries(chat_server):
    chat_server.route(CHAT, lambda r: error_reply(503, "overloaded"))
    with pytest.raises(SegmentError) as caught:
        ask(chat_server, PROVIDER_RETRIES=2)
    assert len(chat_server.requests) == 3
    assert "503 Service Unavailable: overloaded (gave up after 3 attempts)" in str(caught.value)


def test_wrong_base_url_says_so(chat_server):
    with pytest.raises(SegmentError) as caught:
        ask(chat_server, LLM_BASE_URL=chat_server.url)
    assert "404 Not Found" in str(caught.value) and "/v1" in str(caught.value)
    assert len(chat_server.requests) == 1


def test_an_unreachable_server_is_named():
    closed = FakeServer()
    url = closed.url
    closed._httpd.server_close()
    config = llm_config(closed, PROVIDER_RETRIES=1)
    with pytest.raises(SegmentError) as caught:
        ChatModel(config).complete([{"role": "user", "content": "hello"}], seed=1)
    assert str(caught.value).startswith(f"llm provider openai: POST {url}/v1/chat/completions could not be reached")


def test_retry_after_is_honoured_but_capped(monkeypatch, chat_server):
    waits: list[float] = []
    monkeypatch.setattr(http, "pause", waits.append)
    chat_server.script(CHAT, error_reply(429, "wait", {"Retry-After": "3600"}),
                       error_reply(429, "wait", {"retry-after-ms": "20"}), chat_reply("ok"))
    assert ask(chat_server, PROVIDER_MAX_WAIT=2) == "ok"
    assert waits == [2.0, 0.02]


def test_backoff_is_full_jitter_and_doubles():
    policy = RetryPolicy(retries=5, backoff=1.0, max_wait=5.0)
    rng = random.Random(1)
    for attempt, window in enumerate([1.0, 2.0, 4.0, 5.0, 5.0]):
        waits = [policy.wait_before_retry(attempt, Failure(status=500), rng) for _ in range(200)]
        assert 0.0 <= min(waits) and max(waits) <= window
        assert max(waits) > 0.8 * window and min(waits) < 0.2 * window


@pytest.mark.parametrize("status, retried", [(400, False), (401, False), (404, False), (408, False),
                                             (422, False), (429, True), (500, True), (502, True), (None, True)])
def test_what_is_retried(status, retried):
    assert Failure(status=status).retryable is retried


# -- configuration --------------------------------------------------------------------------

@pytest.mark.parametrize("overrides, key", [
    ({"LLM_BASE_URL": "", "LLM_API_KEY": ""}, "LLM_BASE_URL"),
    ({"LLM_MODEL": ""}, "LLM_MODEL"),
    ({"LLM_BASE_URL": "ftp://example"}, "LLM_BASE_URL"),
    ({"LLM_TIMEOUT": "soon"}, "LLM_TIMEOUT"),
    ({"LLM_QA_TURNS": "many"}, "LLM_QA_TURNS"),
    ({"LLM_TEMPERATURE": "hot"}, "LLM_TEMPERATURE"),
])
def test_bad_settings_name_the_key_to_fix(chat_server, overrides, key):
    with pytest.raises(ProviderConfigError, match=key):
        create_provider("llm", llm_config(chat_server, **overrides))


def test_start_up_checks_remote_settings_without_contacting_the_server(chat_server):
    remote = {"IMAGE_PROVIDER": "a1111", "IMAGE_BASE_URL": chat_server.url}
    check_providers(llm_config(chat_server, **remote))
    assert chat_server.requests == []
    with pytest.raises(ProviderConfigError, match="LLM_MODEL"):
        check_providers(llm_config(chat_server, LLM_MODEL="", **remote))
    with pytest.raises(ProviderConfigError, match="TTS_MODEL"):
        check_providers(llm_config(chat_server, TTS_PROVIDER="openai", TTS_BASE_URL=chat_server.url, **remote))


def test_an_api_key_alone_means_openai(chat_server):
    writer = create_provider("llm", llm_config(chat_server, LLM_BASE_URL=""))
    assert isinstance(writer, OpenAIWriter)
    assert writer.chat.endpoint.url == "https://api.openai.com/v1/chat/completions"


# -- the Story segment ----------------------------------------------------------------------

STORY_SEGMENT = Path(__file__).resolve().parents[1] / "storyagent" / "pipeline" / "story.py"
needs_story_segment = pytest.mark.skipif(not STORY_SEGMENT.exists(), reason="the Story segment is not written yet")


@needs_story_segment
def test_story_segment_writes_story_json_from_the_model(chat_server, make_context, story_dir):
    from storyagent.pipeline import segment_function

    chat_server.route(CHAT, StoryChatModel(chapters=4, pages_per_chapter=3))
    ctx = make_context(**llm_settings(chat_server))
    written = segment_function(1)(ctx)
    assert written == [story_dir.story_json]
    story = json.loads(story_dir.story_json.read_text(encoding="utf-8"))
    assert story["title"] == "Mimi Finds Her Way" and len(story["pages"]) == 12
    assert story["roles"]["Mimi"] == HERO_LOOK


@needs_story_segment
def test_story_segment_leaves_nothing_behind_when_the_model_fails(chat_server, make_context, story_dir):
    from storyagent.pipeline import segment_function

    chat_server.route(CHAT, lambda r: error_reply(401, "bad key"))
    with pytest.raises(SegmentError, match="401 Unauthorized"):
        segment_function(1)(make_context(**llm_settings(chat_server)))
    assert not story_dir.story_json.exists()
    assert not list(story_dir.base_dir.rglob("*.tmp*"))
