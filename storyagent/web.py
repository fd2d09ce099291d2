"""Small view helpers: load a request with a schema, dump a response with one."""
from __future__ import annotations

from flask import request
from marshmallow import Schema

from .errors import ApiError


def load_body(schema: Schema) -> dict:
    """Parse and validate the JSON body; 400/415 with a clear detail otherwise."""
    if not request.is_json:
        raise ApiError(415, "Send the request body as JSON with Content-Type: application/json.")
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return schema.load(data)


def load_query(schema: Schema) -> dict:
    """Validate the query string; unknown parameters are ignored (caches, cache-busters)."""
    fields = set(schema.fields)
    return schema.load({k: v for k, v in request.args.items() if k in fields})
