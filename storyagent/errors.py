"""One error shape for everything: {"detail": "..."} with the right status."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from .request_log import escape_controls

log = logging.getLogger(__name__)

# werkzeug's descriptions are HTML-ish prose; these say what to do instead
_HTTP_DETAILS = {
    400: "The request is malformed.",
    401: "Authentication required: send Authorization: Bearer <access_token>.",
    404: "Not found: {method} {path} is not an endpoint of this service.",
    405: "Method {method} is not allowed on {path}.",
    413: "The request body is too large (limit {limit} bytes).",
    415: "Send the request body as JSON with Content-Type: application/json.",
    429: "Too many requests: wait a little and try again.",
}


class ApiError(Exception):
    """Raise from a view or service to answer ``status`` with ``{"detail": detail}``."""

    def __init__(self, status: int, detail: str, headers: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found.")


def error_response(status: int, detail: str, headers: dict | None = None):
    response = jsonify(detail=detail)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def flatten_messages(messages, prefix: str = "") -> list[str]:
    """Turn marshmallow's nested error dict into readable 'field: problem' strings."""
    if isinstance(messages, dict):
        out: list[str] = []
        for key, value in messages.items():
            name = f"{prefix}{key}" if key != "_schema" else prefix.rstrip(".")
            out.extend(flatten_messages(value, f"{name}." if name else ""))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        label = prefix.rstrip(".")
        return [f"{label}: {m}" if label else m for m in messages]
    if isinstance(messages, list):
        return [line for item in messages for line in flatten_messages(item, prefix)]
    return [f"{prefix.rstrip('.')}: {messages}" if prefix else str(messages)]


def _http_detail(exc: HTTPException) -> str:
    code = exc.code or 500
    if code == 400 and exc.description and "JSON" in exc.description:
        return "The request body is not valid JSON."
    if code in _HTTP_DETAILS:
        limit = request.max_content_length if request else None
        return _HTTP_DETAILS[code].format(method=request.method, path=request.path, limit=limit)
    return exc.description or exc.name


def register_error_handlers(app: Flask) -> None:
    """Turn every error — ours, marshmallow's, werkzeug's, unexpected ones — into JSON."""

    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError):
        return error_response(exc.status, exc.detail, exc.headers)

    @app.errorhandler(ValidationError)
    def handle_validation_error(exc: ValidationError):
        return error_response(400, "; ".join(flatten_messages(exc.messages)) or "Invalid input.")

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        if exc.response is not None and exc.response.is_json:
            return exc.response  # already a {"detail"} answer, e.g. the login throttle's 429
        headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after")}
        return error_response(exc.code or 500, _http_detail(exc), headers)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("unhandled error on %s %s", escape_controls(request.method), escape_controls(request.path))
        return error_response(500, "Internal server error; the details are in the server log.")
