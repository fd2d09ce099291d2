"""One log line per request, with every client-supplied field escaped so it cannot forge lines."""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request

# an X-Request-ID we accept from clients as is; anything else is replaced by a fresh id
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# control characters, Unicode line/paragraph separators and bidi overrides: each could make one
# logged field look like the start of another line, or reorder what a reader sees
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_controls(value: object) -> str:
    """Render a value for a log line: control characters become visible escapes (\\n, \\x1b, \\u2028)."""
    text = str(value)

    def escaped(match: re.Match) -> str:
        char = match.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
        if named:
            return named
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escaped, text.replace("\\", "\\\\"))


def request_id() -> str:
    """The request's id: a sane X-Request-ID from the client (or proxy), else a new one."""
    if "request_id" not in g:
        sent = request.headers.get("X-Request-ID", "")
        g.request_id = sent if REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
    return g.request_id


def register_request_logging(app: Flask) -> None:
    """Log one line per request: method, path, status, milliseconds, request id (never tokens or bodies)."""
    request_log = logging.getLogger("storyagent.request")

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        request_id()

    @app.after_request
    def log_request(response):
        started = g.pop("request_started", None)
        elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
        response.headers["X-Request-ID"] = request_id()
        request_log.info("%s %s %s %.1fms rid=%s", escape_controls(request.method), escape_controls(request.path),
                         response.status_code, elapsed, request_id())
        return response
