"""A whole task through the API with every provider pointed at fake model servers on 127.0.0.1."""
from __future__ import annotations

import io
import json
import wave
from pathlib import Path

import imageio_ffmpeg
import pytest
from fake_servers import (
    CHAT,
    GENERATIONS,
    HERO_LOOK,
    SPEECH,
    FakeServer,
    StoryChatModel,
    error_reply,
    images_handler,
    speech_handler,
)
from PIL import Image

SECRET = "sk-whole-task-0c7e5a"


@pytest.fixture
def models():
    """One fake server speaking chat, images and speech, like LocalAI does."""
    with FakeServer() as server:
        server.route(CHAT, StoryChatModel(chapters=2, pages_per_chapter=2, look=HERO_LOOK))
        server.route(GENERATIONS, images_handler(server))
        server.route(SPEECH, speech_handler())
        yield server


@pytest.fixture
def app_config(app_config, models):
    """The conftest's test settings with every provider remote."""
    base = models.url + "/v1"
    app_config.update(
        LLM_PROVIDER="openai", LLM_BASE_URL=base, LLM_MODEL="llama3.2", LLM_API_KEY=SECRET,
        IMAGE_PROVIDER="openai", IMAGE_BASE_URL=base, IMAGE_MODEL="sd-turbo", IMAGE_API_KEY=SECRET,
        TTS_PROVIDER="openai", TTS_BASE_URL=base, TTS_MODEL="kokoro", TTS_VOICE="af_bella", TTS_API_KEY=SECRET,
        PROVIDER_BACKOFF=0.01, PROVIDER_RETRIES=1, LLM_TIMEOUT=10, IMAGE_TIMEOUT=10, TTS_TIMEOUT=10)
    return app_config


def download(user, url: str) -> bytes:
    """A file through /api/resource (the streamed response is closed, its file with it)."""
    with user.get(f"/api/resource?url={url}") as response:
        assert response.status_code == 200, response.json
        return response.data


def test_a_task_runs_end_to_end_on_remote_models(alice, models):
    task = alice.new_task(topic="a lost kitten learns to ask for help", main_role="Mimi", scene="forest")
    urls = {}
    for segment in range(1, 6):
        state = alice.run(task, segment)
        assert (state["status"], state["current_segment"]) == ("completed", segment), state
        urls[segment] = alice.urls(task, segment)

    # 1 Story: written by the chat model
    story = json.loads(download(alice, urls[1][0]))
    assert story["title"] == "Mimi Finds Her Way" and story["language"] == "en"
    assert len(story["pages"]) == 4 and story["roles"]["Mimi"] == HERO_LOOK
    chat_bodies = [r.json for r in models.requests_to(CHAT)]
    assert {b["model"] for b in chat_bodies} == {"llama3.2"}

    # 2 Image: one picture per page, all drawn with the same seed and the hero's look
    assert [u.rsplit("/", 1)[1] for u in urls[2]] == [f"p{n}.png" for n in range(1, 5)]
    for url in urls[2]:
        with Image.open(io.BytesIO(download(alice, url))) as image:
            assert image.format == "PNG" and image.mode == "RGB" and image.size == (160, 90)
    image_bodies = [r.json for r in models.requests_to(GENERATIONS)]
    assert len(image_bodies) == 4 and len({b["seed"] for b in image_bodies}) == 1
    assert all(HERO_LOOK in b["prompt"] and b["response_format"] == "b64_json" for b in image_bodies)

    # 3 Split + 4 Speech: one narrated WAV per sentence (then the title, for the title card), from the speech server
    split = json.loads(download(alice, urls[3][0]))
    sentences = [s for page in split["pages"] for s in page["sentences"]]
    assert [r.json["input"] for r in models.requests_to(SPEECH)] == sentences + [story["title"]]
    assert len(urls[4]) == len(sentences)
    for url in urls[4]:
        with wave.open(io.BytesIO(download(alice, url)), "rb") as clip:
            assert clip.getnchannels() == 1 and clip.getnframes() > 0

    # 5 Video: a real mp4 whose length covers the narration
    assert urls[5][0].endswith("output.mp4")
    video = Path(alice.client.application.config["BASE_DIR"]) / urls[5][0]
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(video))
    assert frames > 0 and seconds >= 0.3 * len(sentences)

    assert {r.headers["authorization"] for r in models.requests if r.method == "POST"} == {f"Bearer {SECRET}"}


def test_a_model_failure_fails_the_segment_readably_and_can_be_run_again(alice, models):
    models.script(CHAT, error_reply(401, f"Incorrect API key provided: {SECRET}"))
    task = alice.new_task(topic="a shy fox learns to share")

    state = alice.run(task, 1)
    assert state["status"] == "failed" and state["current_segment"] == 0
    assert "401 Unauthorized" in state["error"] and f"{models.url}/v1/chat/completions" in state["error"]
    assert SECRET not in json.dumps(state)
    assert alice.urls(task, 1) == []
    assert len(models.requests_to(CHAT)) == 1  # a 401 is not retried

    state = alice.run(task, 1)  # the server is fixed: run it again, no redo needed
    assert (state["status"], state["current_segment"]) == ("completed", 1)
    assert len(alice.urls(task, 1)) == 1


def test_an_image_server_outage_leaves_no_partial_pictures(alice, models):
    task = alice.new_task(topic="a lost kitten learns to ask for help", main_role="Mimi")
    assert alice.run(task, 1)["status"] == "completed"
    models.script(GENERATIONS, images_handler(models), *[error_reply(503, "GPU on fire")] * 2)

    state = alice.run(task, 2)
    assert state["status"] == "failed" and state["current_segment"] == 1
    assert "503 Service Unavailable: GPU on fire (gave up after 2 attempts)" in state["error"]
    assert alice.urls(task, 2) == []  # the first page's picture was removed with the failed segment
