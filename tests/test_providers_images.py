"""Remote illustrators (OpenAI-compatible images API, AUTOMATIC1111) over real HTTP."""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from fake_servers import (
    GENERATIONS,
    HERO_LOOK,
    FakeServer,
    Reply,
    a1111_handler,
    error_reply,
    images_handler,
    seed_color,
)
from PIL import Image

from storyagent.config import defaults
from storyagent.pipeline import SegmentError
from storyagent.providers import ProviderConfigError, create_provider
from storyagent.providers.images_remote import A1111Images, OpenAIImages, generation_size, nearest_supported_size

TXT2IMG = "/sdapi/v1/txt2img"
SECRET = "sk-image-93be61d0"
STORY = {"title": "Mimi Finds Her Way", "topic": "a lost kitten", "main_role": "Mimi", "scene": "forest",
         "language": "en",
         "outline": [{"chapter_title": "Lost", "chapter_summary": "Mimi is lost."},
                     {"chapter_title": "Home", "chapter_summary": "Mimi gets home."}],
         "pages": ["Mimi was lost in the forest.", "She asked the owl for help.",
                   "The owl showed her the way.", "Mimi was home at last."],
         "roles": {"Mimi": HERO_LOOK, "Owl": "a wise old brown owl with round glasses"}}


@pytest.fixture
def server():
    with FakeServer() as fake:
        yield fake


def image_settings(server: FakeServer, provider="openai", **overrides) -> dict:
    """The IMAGE_* settings that point a provider at the fake server."""
    base = server.url + ("/v1" if provider == "openai" else "")
    return {"IMAGE_PROVIDER": provider, "IMAGE_BASE_URL": base, "IMAGE_MODEL": "sd-turbo", "IMAGE_API_KEY": SECRET,
            "IMAGE_TIMEOUT": 5, "PROVIDER_BACKOFF": 0.01, **overrides}


def image_config(server: FakeServer, provider="openai", **overrides) -> dict:
    return {**defaults(), **image_settings(server, provider, **overrides)}


def assert_seed_picture(image: Image.Image, size: tuple[int, int], seed: int) -> None:
    """The decoded picture is RGB at the asked size and really came from the server (seed colour)."""
    assert image.mode == "RGB" and image.size == size
    corner = image.getpixel((2, 2))
    assert all(abs(a - b) <= 3 for a, b in zip(corner, seed_color(seed), strict=True))


# -- OpenAI-compatible images ----------------------------------------------------------------

def test_openai_images_sends_the_prompt_model_seed_and_asks_for_base64(server):
    server.route(GENERATIONS, images_handler(server))
    illustrator = create_provider("image", image_config(server))
    assert isinstance(illustrator, OpenAIImages)
    prompt = f"storybook art, Mimi was lost in the forest, Mimi: {HERO_LOOK}"
    images = [illustrator.illustrate(STORY, page, prompt, (320, 180), seed=11) for page in (1, 2)]

    for image in images:
        assert_seed_picture(image, (320, 180), 11)
    bodies = [r.json for r in server.requests]
    assert len(bodies) == 2
    for body in bodies:
        assert body["model"] == "sd-turbo" and body["prompt"] == prompt and body["n"] == 1
        assert body["response_format"] == "b64_json"
        assert body["size"] == "320x184"
        assert body["seed"] == 11
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"


def test_an_empty_prompt_is_built_from_the_page_and_the_role_sheet(server):
    server.route(GENERATIONS, images_handler(server))
    illustrator = create_provider("image", image_config(server, IMAGE_STYLE="soft watercolor"))
    illustrator.illustrate(STORY, 2, "", (160, 90), seed=5)
    prompt = server.requests[0].json["prompt"]
    assert "She asked the owl for help." in prompt and HERO_LOOK in prompt


def test_a_url_answer_is_downloaded(server):
    server.route(GENERATIONS, images_handler(server, as_url=True))
    illustrator = create_provider("image", image_config(server))
    image = illustrator.illustrate(STORY, 1, "a kitten", (200, 200), seed=3)
    assert_seed_picture(image, (200, 200), 3)
    assert [r.method for r in server.requests] == ["POST", "GET"]


def test_hosted_models_get_a_supported_size_and_no_seed(server):
    server.route(GENERATIONS, images_handler(server))
    dalle = create_provider("image", image_config(server, IMAGE_MODEL="dall-e-3"))
    image = dalle.illustrate(STORY, 1, "a kitten", (1280, 720), seed=4)
    assert image.size == (1280, 720)
    body = server.requests[-1].json
    assert body["size"] == "1792x1024" and body["response_format"] == "b64_json" and "seed" not in body

    gpt_image = create_provider("image", image_config(server, IMAGE_MODEL="gpt-image-1"))
    gpt_image.illustrate(STORY, 1, "a kitten", (720, 1280), seed=4)
    body = server.requests[-1].json
    assert body["size"] == "1024x1536" and "response_format" not in body and "seed" not in body


def test_image_size_setting_is_sent_verbatim(server):
    server.route(GENERATIONS, images_handler(server))
    illustrator = create_provider("image", image_config(server, IMAGE_SIZE="256x256"))
    assert illustrator.illustrate(STORY, 1, "a kitten", (320, 180), seed=1).size == (320, 180)
    assert server.requests[0].json["size"] == "256x256"


def test_images_retry_a_500_and_a_429(server):
    server.script(GENERATIONS, error_reply(500, "CUDA busy"), error_reply(429, "queue full", {"Retry-After": "0"}))
    server.route(GENERATIONS, images_handler(server))
    illustrator = create_provider("image", image_config(server))
    assert_seed_picture(illustrator.illustrate(STORY, 1, "a kitten", (160, 90), seed=2), (160, 90), 2)
    assert len(server.requests) == 3


def test_images_401_fails_once_without_the_key(server):
    server.route(GENERATIONS, lambda r: error_reply(401, f"Invalid token {r.headers['authorization']}"))
    illustrator = create_provider("image", image_config(server))
    with pytest.raises(SegmentError) as caught:
        illustrator.illustrate(STORY, 1, "a kitten", (160, 90), seed=2)
    assert len(server.requests) == 1
    message = str(caught.value)
    assert message == (f"image provider openai: POST {server.url}/v1/images/generations answered "
                       "401 Unauthorized: Invalid token Bearer ***")
    assert SECRET not in message


def test_an_answer_that_is_not_an_image_is_an_error(server):
    garbage = base64.b64encode(b"this is not a png").decode()
    server.route(GENERATIONS, lambda r: Reply(json={"created": 1, "data": [{"b64_json": garbage}]}))
    illustrator = create_provider("image", image_config(server))
    with pytest.raises(SegmentError, match="not an image"):
        illustrator.illustrate(STORY, 1, "a kitten", (160, 90), seed=2)


def test_transparent_images_are_flattened_on_white(server):
    transparent = Image.new("RGBA", (64, 64), (255, 0, 0, 0))
    buffer = io.BytesIO()
    transparent.save(buffer, "PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    server.route(GENERATIONS, lambda r: Reply(json={"created": 1, "data": [{"b64_json": data}]}))
    image = create_provider("image", image_config(server)).illustrate(STORY, 1, "x", (32, 32), seed=1)
    assert image.mode == "RGB" and image.getpixel((16, 16)) == (255, 255, 255)


# -- AUTOMATIC1111 --------------------------------------------------------------------------------

def test_a1111_txt2img_payload_and_result(server):
    server.route(TXT2IMG, a1111_handler)
    illustrator = create_provider("image", image_config(server, "a1111", IMAGE_MODEL="dreamshaper_8",
                                                        IMAGE_API_KEY="alice:s3cret", IMAGE_STEPS=12))
    assert isinstance(illustrator, A1111Images)
    prompt = f"storybook art, Mimi: {HERO_LOOK}"
    images = [illustrator.illustrate(STORY, page, prompt, (1280, 720), seed=42) for page in (1, 2, 3)]
    for image in images:
        assert_seed_picture(image, (1280, 720), 42)
    bodies = [r.json for r in server.requests]
    assert {b["seed"] for b in bodies} == {42}
    body = bodies[0]
    assert body["prompt"] == prompt and body["negative_prompt"]
    assert (body["width"], body["height"], body["steps"]) == (1024, 576, 12)
    assert body["override_settings"] == {"sd_model_checkpoint": "dreamshaper_8"}
    expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
    assert server.requests[0].headers["authorization"] == expected


def test_a1111_defaults_to_the_local_web_ui_without_a_model():
    config = defaults()
    config.update(IMAGE_PROVIDER="a1111")
    illustrator = create_provider("image", config)
    assert illustrator.endpoint.url == "http://127.0.0.1:7860/sdapi/v1/txt2img"
    assert "override_settings" not in illustrator.payload("x", (512, 512), 1)


def test_a1111_server_errors_are_retried_then_reported(server):
    server.route(TXT2IMG, lambda r: Reply(500, json={"error": "OutOfMemoryError", "detail": "",
                                                     "errors": "CUDA out of memory"}))
    illustrator = create_provider("image", image_config(server, "a1111", PROVIDER_RETRIES=2))
    with pytest.raises(SegmentError) as caught:
        illustrator.illustrate(STORY, 1, "x", (160, 90), seed=1)
    assert len(server.requests) == 3
    assert str(caught.value) == (f"image provider a1111: POST {server.url}/sdapi/v1/txt2img answered "
                                 "500 Internal Server Error: OutOfMemoryError (gave up after 3 attempts)")


def test_a1111_timeout(server):
    server.route(TXT2IMG, lambda r: Reply(delay=30, json={}))
    illustrator = create_provider("image", image_config(server, "a1111", IMAGE_TIMEOUT=0.3, PROVIDER_RETRIES=0))
    with pytest.raises(SegmentError, match=r"timed out after 0.3 s$"):
        illustrator.illustrate(STORY, 1, "x", (160, 90), seed=1)
    assert len(server.requests) == 1


# -- sizes and settings -----------------------------------------------------------------------------

@pytest.mark.parametrize("size, expected", [((1280, 720), (1024, 576)), ((320, 180), (320, 184)),
                                            ((160, 90), (160, 96)), ((720, 1280), (576, 1024))])
def test_generation_size_keeps_the_aspect_in_multiples_of_eight(size, expected):
    assert generation_size(size, 1024) == expected


def test_nearest_supported_size():
    squares = ((256, 256), (512, 512), (1024, 1024))
    assert nearest_supported_size((320, 180), squares) == (512, 512)
    assert nearest_supported_size((1280, 720), squares) == (1024, 1024)
    assert nearest_supported_size((1280, 720), ((1024, 1024), (1792, 1024), (1024, 1792))) == (1792, 1024)


@pytest.mark.parametrize("overrides, key", [({"IMAGE_MODEL": ""}, "IMAGE_MODEL"),
                                            ({"IMAGE_BASE_URL": "", "IMAGE_API_KEY": ""}, "IMAGE_BASE_URL"),
                                            ({"IMAGE_MAX_SIDE": "big"}, "IMAGE_MAX_SIDE")])
def test_openai_images_settings_are_checked(server, overrides, key):
    with pytest.raises(ProviderConfigError, match=key):
        create_provider("image", image_config(server, **overrides))


# -- the Image segment ------------------------------------------------------------------------------

IMAGE_SEGMENT = Path(__file__).resolve().parents[1] / "storyagent" / "pipeline" / "image.py"
needs_image_segment = pytest.mark.skipif(not IMAGE_SEGMENT.exists(), reason="the Image segment is not written yet")


@needs_image_segment
@pytest.mark.parametrize("provider, path", [("openai", GENERATIONS), ("a1111", TXT2IMG)])
def test_image_segment_draws_every_page_with_one_seed(server, make_context, story_dir, provider, path):
    from storyagent.pipeline import segment_function

    server.route(GENERATIONS, images_handler(server))
    server.route(TXT2IMG, a1111_handler)
    story_dir.write_json(story_dir.story_json, STORY)
    written = segment_function(2)(make_context(**image_settings(server, provider)))

    assert [p.name for p in written if p.suffix == ".png"] == ["p1.png", "p2.png", "p3.png", "p4.png"]
    for page in range(1, 5):
        with Image.open(story_dir.image_path(page)) as image:
            assert image.format == "PNG" and image.mode == "RGB" and image.size == (320, 180)
    bodies = [r.json for r in server.requests_to(path)]
    assert len(bodies) == 4
    assert len({b["seed"] for b in bodies}) == 1
    for page, body in enumerate(bodies, start=1):
        assert STORY["pages"][page - 1] in body["prompt"]
        assert HERO_LOOK in body["prompt"]
    prompts = json.loads(story_dir.prompts_json.read_text(encoding="utf-8"))
    assert [p["prompt"] for p in prompts] == [b["prompt"] for b in bodies]


@needs_image_segment
def test_image_segment_fails_cleanly_on_a_401(server, make_context, story_dir):
    from storyagent.pipeline import segment_function

    server.route(GENERATIONS, lambda r: error_reply(401, "Unauthorized"))
    story_dir.write_json(story_dir.story_json, STORY)
    with pytest.raises(SegmentError) as caught:
        segment_function(2)(make_context(**image_settings(server)))
    assert "401 Unauthorized" in str(caught.value) and SECRET not in str(caught.value)
    assert not list(story_dir.base_dir.rglob("p*.png")) and not list(story_dir.base_dir.rglob("*.tmp*"))
