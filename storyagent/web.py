"""Small view helpers: load a request with a schema, dump a response with one."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import g, request
from marshmallow import Schema

from .errors import ApiError

# deeper than any body this API takes; stops '[[[[...' before it costs a recursion
MAX_JSON_DEPTH = 32
# a UTF-16 half on its own: valid JSON ("\ud800"), but not text (it cannot be stored or hashed)
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# an escape pair (skipped as a unit, so \" never ends a string), a quote or a bracket
_JSON_TOKENS = re.compile(rb'\\.|["\[\]{}]', re.DOTALL)


def _nesting_depth(raw: bytes) -> int:
    """Deepest bracket nesting of a JSON text, not counting brackets inside strings; no recursion."""
    depth = deepest = 0
    in_string = False
    for match in _JSON_TOKENS.finditer(raw):
        token = match.group()
        if token == b'"':
            in_string = not in_string
        elif in_string or token.startswith(b"\\"):
            continue
        elif token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _bad_text(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (key or value) holding a lone surrogate, else None."""
    if isinstance(value, str):
        return (path or "body") if LONE_SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if LONE_SURROGATE.search(str(key)):
                return path or "body"
            found = _bad_text(item, name)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _bad_text(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def json_body() -> Any:
    """The request's JSON, parsed once and checked: not too deep, no lone surrogates; else 400.

    Flask's own get_json lets a RecursionError through (a 500); this never does.
    """
    if "json_body" in g:
        return g.json_body
    raw = request.get_data(cache=True)
    if _nesting_depth(raw) > MAX_JSON_DEPTH:
        raise ApiError(400, f"The request body is nested too deeply (more than {MAX_JSON_DEPTH} levels).")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ApiError(400, "The request body is not valid JSON.") from None
    where = _bad_text(data)
    if where:
        raise ApiError(400, f"{_printable(where)}: contains an invalid character (a lone UTF-16 surrogate).")
    g.json_body = data
    return data


def _printable(text: str) -> str:
    """A field path fit for a JSON answer (a key may itself hold the surrogate)."""
    return LONE_SURROGATE.sub("\ufffd", text)


def load_body(schema: Schema) -> dict:
    """Parse and validate the JSON body; 400/415 with a clear detail otherwise."""
    if not request.is_json:
        raise ApiError(415, "Send the request body as JSON with Content-Type: application/json.")
    data = json_body()
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return schema.load(data)


def load_query(schema: Schema) -> dict:
    """Validate the query string; unknown parameters are ignored (caches, cache-busters)."""
    fields = set(schema.fields)
    return schema.load({k: v for k, v in request.args.items() if k in fields})
