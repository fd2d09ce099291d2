"""Small real HTTP servers on 127.0.0.1 that play model backends in tests.

A FakeServer answers each route from a queue of scripted replies first, then from the
route's default handler, and records every request (method, path, headers, JSON body),
so tests assert on what our providers really send over the wire.
"""
from __future__ import annotations

import base64
import io
import json
import math
import struct
import threading
import time
import wave
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from PIL import Image

# the endpoints the fakes speak, and a role-sheet look the tests look for in prompts
CHAT = "/v1/chat/completions"
GENERATIONS = "/v1/images/generations"
SPEECH = "/v1/audio/speech"
HERO_LOOK = "a small grey kitten with a red scarf and big green eyes"


@dataclass
class Reply:
    """One scripted answer; ``delay`` sleeps first (to outlast a client timeout)."""

    status: int = 200
    json: Any = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = ""
    delay: float = 0.0

    def payload(self) -> tuple[bytes, str]:
        if self.json is not None:
            return json.dumps(self.json).encode("utf-8"), self.content_type or "application/json"
        return self.body, self.content_type or "application/octet-stream"


@dataclass
class Recorded:
    """A request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any


Handler = Callable[[Recorded], Reply]


class FakeServer:
    """A ThreadingHTTPServer on an ephemeral port with scripted routes."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._scripts: dict[tuple[str, str], deque[Reply | Handler]] = {}
        self._defaults: dict[tuple[str, str], Handler] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    # -- configuration -------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, handler: Handler, method: str = "POST") -> "FakeServer":
        """Answer every request to ``path`` (after any scripted replies) with ``handler``."""
        self._defaults[(method, path)] = handler
        return self

    def script(self, path: str, *replies: Reply | Handler, method: str = "POST") -> "FakeServer":
        """Queue replies answered one per request, before the route's default handler."""
        self._scripts.setdefault((method, path), deque()).extend(replies)
        return self

    def requests_to(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> "FakeServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake sleeping handlers and stop serving, promptly."""
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FakeServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- serving -----------------------------------------------------------------
    def _answer(self, request: Recorded) -> Reply:
        key = (request.method, request.path)
        with self._lock:
            self.requests.append(request)
            queue = self._scripts.get(key)
            step = queue.popleft() if queue else self._defaults.get(key)
        if step is None:
            return Reply(404, json={"error": {"message": f"no route {request.method} {request.path}"}})
        return step(request) if callable(step) else step

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                try:
                    parsed = json.loads(body) if body else None
                except ValueError:
                    parsed = None
                recorded = Recorded(self.command, self.path.split("?")[0],
                                    {k.lower(): v for k, v in self.headers.items()}, body, parsed)
                reply = server._answer(recorded)
                if reply.delay and server._closing.wait(reply.delay):
                    return  # shutting down: drop the connection
                data, content_type = reply.payload()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout) before we answered

            do_GET = do_POST = _serve

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        return _Handler


# -- realistic payloads ------------------------------------------------------------

def png_bytes(size: tuple[int, int], color: tuple[int, int, int] = (90, 140, 200)) -> bytes:
    """A PNG with a coloured background and a darker square, so decoding is checkable."""
    image = Image.new("RGB", size, color)
    w, h = size
    image.paste(tuple(c // 2 for c in color), (w // 4, h // 4, w // 2, h // 2))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed_color(seed: int) -> tuple[int, int, int]:
    """A colour derived from a seed, so the same seed gives the same picture."""
    return (40 + seed * 37 % 200, 40 + seed * 91 % 200, 40 + seed * 53 % 200)


def wav_bytes(seconds: float, rate: int = 24000, freq: float = 220.0) -> bytes:
    """A mono 16-bit sine WAV like a TTS server returns."""
    frames = int(seconds * rate)
    samples = (int(12000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(frames))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return out.getvalue()


def chat_reply(content: str, model: str = "fake-model") -> Reply:
    """An OpenAI chat.completion object with one assistant message."""
    return Reply(json={
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    })


def error_reply(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    """An OpenAI-style error body."""
    return Reply(status, json={"error": {"message": message, "type": "fake_error", "code": None}},
                 headers=headers or {})


def images_handler(server: FakeServer, as_url: bool = False) -> Handler:
    """POST /v1/images/generations: a PNG of the asked size, coloured by the seed."""

    def handle(request: Recorded) -> Reply:
        body = request.json or {}
        width, height = (int(v) for v in str(body.get("size", "256x256")).split("x"))
        data = png_bytes((width, height), seed_color(int(body.get("seed", 0))))
        if as_url:
            name = f"/files/{len(server.requests)}.png"
            server.route(name, lambda _r: Reply(body=data, content_type="image/png"), method="GET")
            item = {"url": server.url + name}
        else:
            item = {"b64_json": base64.b64encode(data).decode("ascii")}
        return Reply(json={"created": int(time.time()), "data": [item]})

    return handle


def a1111_handler(request: Recorded) -> Reply:
    """POST /sdapi/v1/txt2img: AUTOMATIC1111's answer with base64 images and info JSON."""
    body = request.json or {}
    size = (int(body.get("width", 512)), int(body.get("height", 512)))
    data = png_bytes(size, seed_color(int(body.get("seed", -1)) % 1000))
    info = {"prompt": body.get("prompt"), "seed": body.get("seed"), "width": size[0], "height": size[1]}
    return Reply(json={"images": [base64.b64encode(data).decode("ascii")], "parameters": body,
                       "info": json.dumps(info)})


def speech_handler(audio: Callable[[str], bytes] | None = None, content_type: str = "audio/wav") -> Handler:
    """POST /v1/audio/speech: audio whose length grows with the text."""

    def handle(request: Recorded) -> Reply:
        text = str((request.json or {}).get("input", ""))
        seconds = 0.3 + 0.04 * len(text)
        data = audio(text) if audio else wav_bytes(seconds)
        return Reply(body=data, content_type=content_type)

    return handle


class StoryChatModel:
    """A chat model that plays the story writer's roles the way a real one does.

    It recognises the step (question asker, expert, outline, pages, roles) from our
    prompts, answers in the prompt's language, and wraps JSON in code fences with a
    chatty preface. ``broken`` maps a step to how many of its first answers are broken JSON.
    """

    def __init__(self, chapters: int = 2, pages_per_chapter: int = 2, questions: int = 2,
                 broken: dict[str, int] | None = None, hero: str = "Mimi",
                 look: str = "a small grey kitten with a red scarf and big green eyes"):
        self.chapters = chapters
        self.pages_per_chapter = pages_per_chapter
        self.questions = questions
        self.broken = dict(broken or {})
        self.hero = hero
        self.look = look
        self.steps: list[str] = []
        self.pages_written = 0

    @staticmethod
    def step_of(messages: list[dict]) -> tuple[str, str]:
        """(step, language) of a request, read from its system prompt and first user message."""
        from storyagent.providers.story_prompts import TEXT

        system, asked = messages[0]["content"], messages[1]["content"] if len(messages) > 1 else ""
        for lang, text in TEXT.items():
            if system.startswith(text["asker_system"].split("{")[0]):
                return "ask", lang
            if system.startswith(text["expert_system"].split("{")[0]):
                return "answer", lang
            if system == text["writer_system"]:
                for step in ("outline", "pages", "roles"):
                    if asked.startswith(text[step].split("{")[0]) and (step != "outline" or "story_outline" in asked):
                        return step, lang
        return "unknown", "en"

    def __call__(self, request: Recorded) -> Reply:
        messages = request.json["messages"]
        step, lang = self.step_of(messages)
        self.steps.append(step)
        zh = lang == "zh"
        if self.broken.get(step, 0) > 0:
            self.broken[step] -= 1
            return chat_reply('```json\n{"story_title": "Oops", "story_outline": [{"chapter_title": \n```')
        if step == "ask":
            asked = sum(1 for m in messages if m["role"] == "assistant")
            if asked >= self.questions:
                return chat_reply("谢谢，我没有更多问题了。" if zh else "Thank you, I have no more questions.")
            question = f"问题{asked + 1}：主角住在哪里？" if zh else f"Question {asked + 1}: where does the hero live?"
            return chat_reply(question)
        if step == "answer":
            return chat_reply("她住在森林边的小木屋里。" if zh
                              else "She lives in a little wooden house at the edge of the forest.")
        if step == "outline":
            chapters = [{"chapter_title": f"第{i}章" if zh else f"Chapter {i}",
                         "chapter_summary": f"第{i}章的故事。" if zh else f"What happens in chapter {i}."}
                        for i in range(1, self.chapters + 1)]
            outline = {"story_title": "迷路的小猫" if zh else "Mimi Finds Her Way", "story_outline": chapters}
            return chat_reply("Sure! Here is the outline:\n```json\n" + json.dumps(outline, ensure_ascii=False)
                              + "\n```\nI hope you like it.")
        if step == "pages":
            pages = [(f"这是第{self.pages_written + i}页。{self.hero}很开心。" if zh
                      else f"This is page {self.pages_written + i}. {self.hero} is happy.")
                     for i in range(1, self.pages_per_chapter + 1)]
            self.pages_written += len(pages)
            return chat_reply("```json\n" + json.dumps(pages, ensure_ascii=False) + "\n```")
        if step == "roles":
            roles = {self.hero: self.look, "Owl": "a wise old brown owl"}
            return chat_reply("Here are the characters:\n" + json.dumps(roles, ensure_ascii=False))
        return error_reply(400, "unknown prompt")
