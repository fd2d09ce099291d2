"""Remote illustrators: any OpenAI-compatible images API, and AUTOMATIC1111 / Forge.

Both take the page prompt the Image segment built (page text, role sheet, style), use
one seed for every page of a task so the hero keeps its look, and return a Pillow RGB
image of exactly the requested size. They never write files.
"""
from __future__ import annotations

import base64
import binascii
import io
import math
from typing import Any, Mapping

from PIL import Image, UnidentifiedImageError

from ..domain import SegmentError
from ..page_prompts import page_prompt
from ..picture import fit_to_size
from . import typed_settings
from .http import (Endpoint, RemoteCallFailed, RemoteProvider, RetryPolicy, call_with_retries, failure_from_response,
                   openai_client, read_settings)

A1111_URL = "http://127.0.0.1:7860"
DEFAULT_MAX_SIDE = 1024
DEFAULT_NEGATIVE_PROMPT = "text, letters, watermark, signature, blurry, deformed, extra limbs, scary"

# sizes the hosted OpenAI models accept; any other model gets the size we ask for
OPENAI_SIZES = {
    "dall-e-2": ((256, 256), (512, 512), (1024, 1024)),
    "dall-e-3": ((1024, 1024), (1792, 1024), (1024, 1792)),
    "gpt-image": ((1024, 1024), (1536, 1024), (1024, 1536)),
}


def hosted_family(model: str) -> str | None:
    """Which hosted OpenAI image family a model belongs to, if any."""
    name = model.lower()
    for family in OPENAI_SIZES:
        if name.startswith(family):
            return family
    return None


def generation_size(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    """The requested aspect ratio, long side capped, rounded up to multiples of 8 (diffusion models need it)."""
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return tuple(max(64, math.ceil(side * scale / 8 - 1e-9) * 8) for side in (width, height))  # type: ignore[return-value]


def nearest_supported_size(size: tuple[int, int], choices: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The supported size closest in aspect ratio; among those, the smallest that covers ``size``."""
    target = math.log(size[0] / size[1])
    best = min(abs(math.log(w / h) - target) for w, h in choices)
    shaped = sorted((c for c in choices if abs(math.log(c[0] / c[1]) - target) == best), key=lambda c: c[0] * c[1])
    covering = [c for c in shaped if c[0] >= size[0] and c[1] >= size[1]]
    return covering[0] if covering else shaped[-1]


def decode_image(data: bytes, where: str) -> Image.Image:
    """Decode image bytes with Pillow, or say which server sent something else."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SegmentError(f"{where} answered with data that is not an image ({exc.__class__.__name__})") from None
    return image


def decode_base64(text: str, where: str) -> bytes:
    """Base64 (optionally a data: URL) to bytes."""
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise SegmentError(f"{where} answered with invalid base64 image data") from None


class OpenAIImages(RemoteProvider):
    """POST {base}/images/generations on OpenAI or a compatible server (LocalAI, ...)."""

    def __init__(self, config: Mapping[str, Any]):
        self.settings = read_settings(config, "IMAGE", "openai", model_example="dall-e-3, gpt-image-1, or "
                                      "the name your server gives its Stable Diffusion model")
        config = typed_settings(config)
        self.style = config["IMAGE_STYLE"]
        self.fixed_size = config["IMAGE_SIZE"].strip()
        self.max_side = config["IMAGE_MAX_SIDE"]
        self.policy = RetryPolicy.from_config(config)
        self.secrets = (self.settings.api_key,)
        self.endpoint = self.settings.endpoint("/images/generations")
        self.client = openai_client(self.settings)

    def request_size(self, size: tuple[int, int]) -> str:
        """IMAGE_SIZE if set; a size the hosted model supports; else WxH near the asked size."""
        if self.fixed_size:
            return self.fixed_size
        family = hosted_family(self.settings.model)
        if family:
            width, height = nearest_supported_size(size, OPENAI_SIZES[family])
        else:
            width, height = generation_size(size, self.max_side)
        return f"{width}x{height}"

    def request_params(self, prompt: str, size: tuple[int, int], seed: int) -> dict[str, Any]:
        """The generate() arguments; hosted models get only documented ones (no seed)."""
        family = hosted_family(self.settings.model)
        params: dict[str, Any] = {"model": self.settings.model, "prompt": prompt, "n": 1,
                                  "size": self.request_size(size)}
        if family != "gpt-image":  # GPT Image always answers base64 and rejects response_format
            params["response_format"] = "b64_json"
        if family is None:
            params["extra_body"] = {"seed": int(seed)}
        return params

    def illustrate(self, story: dict, page: int, prompt: str, size: tuple[int, int], seed: int) -> Image.Image:
        prompt = prompt or page_prompt(story, page, self.style)
        params = self.request_params(prompt, size, seed)
        response = call_with_retries(lambda: self.client.images.generate(**params),
                                     policy=self.policy, endpoint=self.endpoint)
        where = f"{self.settings.label}: POST {self.endpoint.url}"
        items = getattr(response, "data", None) or []
        if not items:
            raise SegmentError(f"{where} answered without an image")
        item = items[0]
        if getattr(item, "b64_json", None):
            data = decode_base64(item.b64_json, where)
        elif getattr(item, "url", None):
            data = self._download(item.url)
        else:
            raise SegmentError(f"{where} answered with neither b64_json nor url")
        return fit_to_size(decode_image(data, where), size)

    def _download(self, url: str) -> bytes:
        """Fetch an image the server answered with as a URL (same retry policy)."""
        import requests

        endpoint = Endpoint(self.settings.label, "GET", url, self.settings.timeout, self.secrets)

        def fetch() -> bytes:
            answer = requests.get(url, timeout=self.settings.timeout)
            if answer.status_code >= 400:
                raise RemoteCallFailed(failure_from_response(answer))
            return answer.content

        return call_with_retries(fetch, policy=self.policy, endpoint=endpoint)


class A1111Images(RemoteProvider):
    """POST {base}/sdapi/v1/txt2img on AUTOMATIC1111 or Forge started with --api."""

    def __init__(self, config: Mapping[str, Any]):
        self.settings = read_settings(config, "IMAGE", "a1111", default_url=A1111_URL, require_model=False)
        config = typed_settings(config)
        self.style = config["IMAGE_STYLE"]
        self.negative_prompt = config["IMAGE_NEGATIVE_PROMPT"] or DEFAULT_NEGATIVE_PROMPT
        self.steps = config["IMAGE_STEPS"]
        self.cfg_scale = config["IMAGE_CFG_SCALE"]
        self.sampler = config["IMAGE_SAMPLER"].strip()
        self.max_side = config["IMAGE_MAX_SIDE"]
        self.policy = RetryPolicy.from_config(config)
        self.auth = self._auth(self.settings.api_key)
        self.endpoint = Endpoint(self.settings.label, "POST", f"{self.settings.base_url}/sdapi/v1/txt2img",
                                 self.settings.timeout, (self.settings.api_key,),
                                 "is the web UI running with --api, and IMAGE_BASE_URL its address without a path?")

    @staticmethod
    def _auth(api_key: str) -> dict[str, Any]:
        """`user:password` is A1111's --api-auth (HTTP basic); anything else is a bearer token for a proxy."""
        if not api_key:
            return {}
        if ":" in api_key:
            user, password = api_key.split(":", 1)
            return {"auth": (user, password)}
        return {"headers": {"Authorization": f"Bearer {api_key}"}}

    def payload(self, prompt: str, size: tuple[int, int], seed: int) -> dict[str, Any]:
        width, height = generation_size(size, self.max_side)
        body: dict[str, Any] = {"prompt": prompt, "negative_prompt": self.negative_prompt,
                                "seed": int(seed) % (2 ** 32), "width": width, "height": height,
                                "steps": self.steps, "cfg_scale": self.cfg_scale, "batch_size": 1, "n_iter": 1}
        if self.sampler:
            body["sampler_name"] = self.sampler
        if self.settings.model:
            body["override_settings"] = {"sd_model_checkpoint": self.settings.model}
        return body

    def illustrate(self, story: dict, page: int, prompt: str, size: tuple[int, int], seed: int) -> Image.Image:
        import requests

        body = self.payload(prompt or page_prompt(story, page, self.style), size, seed)

        def post() -> dict:
            answer = requests.post(self.endpoint.url, json=body, timeout=self.settings.timeout, **self.auth)
            if answer.status_code >= 400:
                raise RemoteCallFailed(failure_from_response(answer))
            try:
                return answer.json()
            except ValueError:
                raise SegmentError(f"{self.settings.label}: POST {self.endpoint.url} answered with no JSON") from None

        where = f"{self.settings.label}: POST {self.endpoint.url}"
        result = call_with_retries(post, policy=self.policy, endpoint=self.endpoint)
        images = result.get("images") if isinstance(result, dict) else None
        if not images or not isinstance(images[0], str):
            raise SegmentError(f"{where} answered without an image")
        return fit_to_size(decode_image(decode_base64(images[0], where), where), size)

