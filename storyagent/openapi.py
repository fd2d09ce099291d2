"""The OpenAPI 3 document of the API, built from the marshmallow schemas: GET /api/openapi.json.

Paths are declared in one table (OPERATIONS) rather than scraped from docstrings, so
the document says exactly what the views do: every status code a client can get,
with errors always {"detail": string}. tests/test_openapi.py checks the table
against the app's URL map and fuzzes the live app against the document.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app, jsonify
from marshmallow import Schema, fields

from . import schemas as s
from .health import HealthSchema
from .tasks.service import MAX_ID

bp = Blueprint("openapi", __name__, url_prefix="/api")


class ErrorSchema(Schema):
    detail = fields.String(required=True, metadata={"description": "What went wrong and what to do about it."})


# what each error status means on this API (the detail says the specifics)
ERRORS = {
    400: "Invalid input: the detail names each field and its problem.",
    401: "Missing, invalid, expired or revoked token.",
    403: "Cross-site request refused (Origin is not this service or an ALLOWED_ORIGINS entry).",
    404: "No such task, segment or resource for this user.",
    409: "Conflict with the task's state or an existing account.",
    413: "The request body is too large.",
    415: "The request body is not JSON.",
    416: "The requested byte range is not satisfiable.",
    429: "Too many failed logins or sign-ups, or too many segments of yours at once; retry after Retry-After seconds.",
    503: "Too busy, or low on disk, right now; retry after Retry-After seconds.",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                               "schema": {"type": "integer", "minimum": 1}}}
REFRESH_COOKIE = {"Set-Cookie": {"description": "The HttpOnly refresh_token cookie (path /api).",
                                 "schema": {"type": "string"}}}
TASK_ID = {"name": "task_id", "in": "path", "required": True, "description": "A task id from /api/task/new.",
           "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ID}}
SEGMENT_ID = {"name": "segment_id", "in": "path", "required": True,
              "description": "The segment to run: 1 Story, 2 Image, 3 Split, 4 Speech, 5 Video.",
              "schema": {"type": "integer", "minimum": 1, "maximum": 5}}
VOICE_NAME = {"name": "name", "in": "path", "required": True, "description": "A voice name from /api/voices.",
              "schema": {"type": "string", "example": "espeak:en"}}
# what /api/resource streams: story.json, PNGs, WAVs, the mp4, captions.srt, cover.jpg
DOWNLOAD_TYPES = ("application/json", "image/*", "audio/*", "video/*", "text/*", "application/octet-stream")
# body-carrying requests can also be too large or not JSON
BODY_ERRORS = (400, 413, 415)


@dataclass(frozen=True)
class Operation:
    """One documented endpoint: what it takes, what it answers."""

    method: str
    path: str
    summary: str
    tag: str
    status: int = 200
    response: Any = None            # schema class / instance for the success body
    errors: tuple[int, ...] = ()
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    path_params: tuple[dict, ...] = ()
    security: str | None = "bearer"  # "bearer", "cookie", "optional" or None (public)
    success: dict = field(default_factory=dict)  # extra keys of the success response (headers, content)


OPERATIONS: tuple[Operation, ...] = (
    Operation("post", "/api/register", "Create an account.", "auth", response=s.UserSchema,
              body=s.CredentialsSchema, errors=(*BODY_ERRORS, 409, 429), security=None),
    Operation("post", "/api/login", "Log in: an access token, and the refresh token as a cookie.", "auth",
              response=s.TokenSchema, body=s.LoginSchema, errors=(*BODY_ERRORS, 401, 429), security=None,
              success={"headers": REFRESH_COOKIE}),
    Operation("post", "/api/refresh", "Trade the refresh cookie for a new access token (the cookie rotates).",
              "auth", response=s.TokenSchema, errors=(401, 403), security="cookie", success={"headers": REFRESH_COOKIE}),
    Operation("post", "/api/logout", "Revoke the refresh cookie and the access token if sent; clear the cookie.",
              "auth", response=s.LoggedOutSchema, errors=(403,), security="optional"),
    Operation("get", "/api/password-rules", "What a new password must be (to show before the user types).", "auth",
              response=s.PasswordRulesSchema, security=None),
    Operation("get", "/api/task/workflow", "The five segments, in order.", "tasks",
              response=s.WorkflowStepSchema(many=True), security=None),
    Operation("get", "/api/voices", "The voices this server can speak, per story language (what options.voice "
              "takes).", "tasks", response=s.VoiceListSchema, errors=(401,)),
    Operation("get", "/api/voices/{name}/preview", "A short sample of a voice as a WAV (made once, then cached).",
              "tasks", query=s.VoicePreviewQuerySchema, errors=(400, 401, 404, 503), path_params=(VOICE_NAME,),
              success={"content": {"audio/wav": {"schema": {"type": "string", "format": "binary"}}}}),
    Operation("post", "/api/task/new", "Create a task from a story topic, or from your own story text "
              "(then Story is already completed).", "tasks", response=s.TaskCreatedSchema,
              body=s.TaskCreateSchema, errors=(*BODY_ERRORS, 401, 503)),
    Operation("get", "/api/task/mytasks", "The caller's tasks, newest first.", "tasks", response=s.MyTasksSchema,
              errors=(401,)),
    Operation("get", "/api/task/{task_id}/progress", "State of a task and of its running segment.", "tasks",
              response=s.ProgressSchema, errors=(401, 404), path_params=(TASK_ID,)),
    Operation("post", "/api/task/{task_id}/execute/{segment_id}",
              "Run the next segment (or, with redo=true, an earlier one again; with through=N, each next one up to N); "
              "runs in the background.",
              "tasks", status=202, response=s.ExecuteAcceptedSchema, query=s.ExecuteQuerySchema,
              errors=(400, 401, 404, 409, 429, 503), path_params=(TASK_ID, SEGMENT_ID)),
    Operation("post", "/api/task/{task_id}/cancel",
              "Stop the running segment (and the rest of a through= chain); it ends failed and can run again.",
              "tasks", response=s.CancelledSchema, errors=(401, 404, 409), path_params=(TASK_ID,)),
    Operation("put", "/api/task/{task_id}/story",
              "Replace the story with your own text: Story is completed with it and later segments are reset "
              "(their files removed), like a redo. Not while a segment runs (409).", "tasks",
              response=s.StoryDocumentSchema, body=s.StoryTextSchema, errors=(*BODY_ERRORS, 401, 404, 409, 503),
              path_params=(TASK_ID,)),
    Operation("get", "/api/task/{task_id}/resource", "URLs (relative to BASE_DIR) of a completed segment's files.",
              "tasks", response=s.ResourceListSchema, query=s.ResourceQuerySchema, errors=(400, 401, 404),
              path_params=(TASK_ID,)),
    Operation("get", "/api/resource", "Download one listed file as an attachment (Range requests answer 206).",
              "tasks", query=s.DownloadQuerySchema, errors=(400, 401, 404, 416),
              success={"content": {media: {"schema": {"type": "string", "format": "binary"}}
                                   for media in DOWNLOAD_TYPES}}),
    Operation("get", "/api/task/{task_id}/archive", "Download the listed files of every completed segment as one zip.",
              "tasks", errors=(401, 404, 409), path_params=(TASK_ID,),
              success={"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}),
    Operation("delete", "/api/task/{task_id}", "Delete a task: stop its segment and remove its files.", "tasks",
              response=s.DeletedSchema, errors=(401, 404), path_params=(TASK_ID,)),
    Operation("get", "/api/health", "Database, disk, ffmpeg, runner and providers; 503 when unhealthy.", "operations",
              response=HealthSchema, security=None),
    Operation("get", "/api/openapi.json", "This document.", "operations", security=None,
              success={"content": {"application/json": {"schema": {"type": "object"}}}}),
)

SECURITY = {
    "bearer": [{"bearerAuth": []}],
    "cookie": [{"refreshCookie": []}],
    "optional": [{}, {"bearerAuth": []}, {"refreshCookie": []}],
    None: [],
}


def _json(schema) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _responses(op: Operation) -> dict:
    """The success response(s) and every documented error of one operation."""
    success = {"description": op.summary, **(_json(op.response) if op.response is not None else {}), **op.success}
    responses: dict[str, dict] = {str(op.status): success}
    if op.path == "/api/resource":
        responses["206"] = {**success, "description": "The requested byte range of the file."}
        responses["304"] = {"description": "Not modified since the copy the client holds (If-None-Match)."}
    if op.path == "/api/health":
        responses["503"] = {**_json(op.response), "description": "Some check failed; the body says which."}
    for status in op.errors:
        responses[str(status)] = {"description": ERRORS[status], **_json(ErrorSchema)}
        if status in (429, 503):
            responses[str(status)]["headers"] = RETRY_AFTER
    return responses


def _operation(op: Operation) -> dict:
    spec: dict[str, Any] = {"summary": op.summary, "tags": [op.tag], "operationId": _operation_id(op),
                            "responses": _responses(op), "security": SECURITY[op.security]}
    parameters = list(op.path_params)
    if op.query is not None:
        parameters.append({"in": "query", "schema": op.query})
    if parameters:
        spec["parameters"] = parameters
    if op.body is not None:
        spec["requestBody"] = {"required": True, **_json(op.body)}
    return spec


def _operation_id(op: Operation) -> str:
    words = [w for w in op.path.replace("{", "").replace("}", "").replace(".", "_").split("/") if w and w != "api"]
    return "_".join([op.method, *words])


# dump-only response shapes of schemas.py: every field is always present in the answer
ALWAYS_COMPLETE = ("User", "Token", "LoggedOut", "WorkflowStep", "TaskCreated", "MyTasks", "TaskSummary",
                   "Progress", "ExecuteAccepted", "ResourceList", "Deleted", "StoryDocument", "Voice", "VoiceList")


def _utc_timestamp(self, field, **kwargs) -> dict:
    """apispec leaves custom DateTime formats as format: null; ours ("...Z", UTC) is RFC 3339 date-time."""
    if isinstance(field, fields.DateTime) and field.format == "%Y-%m-%dT%H:%M:%SZ":
        return {"format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"}
    return {}


def _require_response_fields(document: dict) -> None:
    """Say that responses carry every field, so clients (and the fuzz test) can rely on it."""
    components = document["components"]["schemas"]
    for name in ALWAYS_COMPLETE:
        components[name]["required"] = sorted(components[name]["properties"])


def build_document() -> dict:
    """Build the OpenAPI 3.0 document from OPERATIONS and the marshmallow schemas."""
    try:
        release = version("storyagent")
    except PackageNotFoundError:
        release = "0.0.0"
    marshmallow_plugin = MarshmallowPlugin()
    spec = APISpec(title="storyagent", version=release, openapi_version="3.0.3", plugins=[marshmallow_plugin],
                   info={"description": "Turn a story topic into a narrated storybook video, in five segments. "
                                        "Errors are always {\"detail\": string}."})
    marshmallow_plugin.converter.add_attribute_function(_utc_timestamp)
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    spec.components.security_scheme("refreshCookie", {"type": "apiKey", "in": "cookie", "name": "refresh_token"})
    spec.components.schema("Error", schema=ErrorSchema)
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation(op)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    _require_response_fields(document)
    return document


@bp.get("/openapi.json")
def openapi_document():
    document = current_app.extensions.get("openapi_document")
    if document is None:
        document = current_app.extensions["openapi_document"] = build_document()
    return jsonify(document)
