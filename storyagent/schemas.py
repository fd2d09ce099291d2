"""Marshmallow schemas for every request body, query string and response."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

USERNAME = validate.Regexp(r"^[A-Za-z0-9_.-]{3,64}$",
                           error="must be 3-64 characters of letters, digits, '_', '.' or '-'")


def _strip_strings(data):
    if isinstance(data, dict):
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    return data


class CredentialsSchema(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=8, max=256, error="must be 8-256 characters"))


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    username = fields.String(dump_only=True)


class TokenSchema(Schema):
    access_token = fields.String(dump_only=True)
    token_type = fields.String(dump_only=True, dump_default="Bearer")


class WorkflowStepSchema(Schema):
    id = fields.Integer()
    name = fields.String()


# your own story text (PUT /api/task/{id}/story, and "story" in /api/task/new)
STORY_PAGES = 30
STORY_PAGE_CHARS = 600
STORY_TOTAL_CHARS = 12_000
STORY_ROLES = 12


def _unicode_text(value: str) -> None:
    """JSON can carry lone surrogates ("\\ud800"); they are not text and cannot be saved as UTF-8."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValidationError("must be valid Unicode text (it contains a lone surrogate)")


def _at_most_roles(roles: dict) -> None:
    if len(roles) > STORY_ROLES:
        raise ValidationError(f"at most {STORY_ROLES} characters can be named")


class StoryTextSchema(Schema):
    """A story someone wrote: a title, 1-30 pages, optionally who is in it (name -> how they look)."""

    title = fields.String(required=True, validate=[validate.Length(min=1, max=200, error="must be 1-200 characters"),
                                                   _unicode_text],
                          metadata={"example": "Pip and the Storm"})
    # each page is checked in check_pages, to name it by its number from 1
    pages = fields.List(
        fields.String(metadata={"minLength": 1, "maxLength": STORY_PAGE_CHARS}),
        required=True,
        validate=validate.Length(min=1, max=STORY_PAGES, error=f"must have 1-{STORY_PAGES} pages"),
        metadata={"description": f"The text of each page, in order: 1-{STORY_PAGES} pages of 1-{STORY_PAGE_CHARS} "
                                 f"characters, {STORY_TOTAL_CHARS} characters in all.",
                  "example": ["Pip the little brown mouse lived under an oak tree.", "One night a storm came."]})
    roles = fields.Dict(
        keys=fields.String(validate=[validate.Length(min=1, max=60, error="names must be 1-60 characters"),
                                     _unicode_text]),
        values=fields.String(validate=[validate.Length(min=1, max=300, error="looks must be 1-300 characters"),
                                       _unicode_text]),
        load_default=None, validate=_at_most_roles,
        metadata={"maxProperties": STORY_ROLES, "description": "Who is in the story: name -> how they look. The first (or the task's "
                                 "main_role) is the hero. Left out or empty: read from the text.",
                  "example": {"Pip": "a little brown mouse with a red scarf"}})

    @pre_load
    def strip(self, data, **kwargs):
        if isinstance(data, dict):
            data = _strip_strings(data)
            if isinstance(data.get("pages"), list):
                data["pages"] = [p.strip() if isinstance(p, str) else p for p in data["pages"]]
            if isinstance(data.get("roles"), dict):
                data["roles"] = {k.strip() if isinstance(k, str) else k: v.strip() if isinstance(v, str) else v
                                 for k, v in data["roles"].items()}
        return data

    @validates("pages")
    def check_pages(self, pages, **kwargs):
        for number, page in enumerate(pages, start=1):
            if not 1 <= len(page) <= STORY_PAGE_CHARS:
                raise ValidationError(f"page {number} must be 1-{STORY_PAGE_CHARS} characters (it has {len(page)})")
            try:
                _unicode_text(page)
            except ValidationError as exc:
                raise ValidationError(f"page {number} {exc.messages[0]}") from None
        total = sum(len(page) for page in pages)
        if total > STORY_TOTAL_CHARS:
            raise ValidationError(f"the pages have {total} characters; at most {STORY_TOTAL_CHARS} in all")


class TaskCreateSchema(Schema):
    # the longest topic is a setting (MAX_TOPIC_LENGTH), checked by the service
    topic = fields.String(validate=validate.Length(min=1, error="must not be empty"),
                          metadata={"description": "Required, unless a story is given (then the title is the "
                                                   "topic when it is left out)."})
    main_role = fields.String(load_default="", validate=validate.Length(max=200))
    scene = fields.String(load_default="", validate=validate.Length(max=200))
    language = fields.String(load_default=None, validate=validate.OneOf(["en", "zh"]))
    seed = fields.Integer(load_default=None, validate=validate.Range(min=0, max=2**31 - 1))
    story = fields.Nested(StoryTextSchema, metadata={"description": "Start from your own text: the task is created with "
                                                   "Story (1) completed."})

    @pre_load
    def strip(self, data, **kwargs):
        data = _strip_strings(data)
        if isinstance(data, dict):
            # null means "not given" for the optional text fields
            data = {k: v for k, v in data.items() if not (v is None and k != "topic")}
        return data

    @validates_schema
    def topic_or_story(self, data, **kwargs):
        if not data.get("topic") and not data.get("story"):
            raise ValidationError("Missing data for required field.", "topic")


class TaskCreatedSchema(Schema):
    task_id = fields.Integer(attribute="id")


class TaskSummarySchema(Schema):
    task_id = fields.Integer(attribute="id")
    topic = fields.String()
    main_role = fields.String()
    scene = fields.String()
    language = fields.String()
    status = fields.String()
    current_segment = fields.Integer()
    running_segment = fields.Integer(allow_none=True)
    created_at = fields.DateTime(format="%Y-%m-%dT%H:%M:%SZ")  # stored as naive UTC


class MyTasksSchema(Schema):
    task_ids = fields.List(fields.Integer())
    tasks = fields.List(fields.Nested(TaskSummarySchema))


class ProgressSchema(TaskSummarySchema):
    through = fields.Integer(attribute="chain_through", allow_none=True)
    progress = fields.Float()
    message = fields.String()
    error = fields.String(allow_none=True)


class ExecuteQuerySchema(Schema):
    redo = fields.Boolean(load_default=False)
    # run on, on the server, through this segment (the page's "Run all" is through=5)
    through = fields.Integer(load_default=None, validate=validate.Range(min=1, max=5,
                             error="must be a segment id from 1 to 5"))


class ExecuteAcceptedSchema(Schema):
    accepted = fields.Boolean(dump_default=True)
    celery_task_id = fields.String(allow_none=True)
    message = fields.String(dump_default="Execution queued")


class ResourceQuerySchema(Schema):
    segmentId = fields.Integer(required=True, validate=validate.Range(min=1, max=5,
                               error="must be a segment id from 1 to 5"))


class ResourceListSchema(Schema):
    segmentId = fields.Integer()
    urls = fields.List(fields.String())


class DownloadQuerySchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class StoryDocumentSchema(Schema):
    """story.json as saved: what the Story segment writes, whoever wrote the text."""

    title = fields.String()
    topic = fields.String()
    main_role = fields.String()
    scene = fields.String()
    language = fields.String()
    outline = fields.List(fields.Dict(keys=fields.String(), values=fields.String()))
    pages = fields.List(fields.String())
    roles = fields.Dict(keys=fields.String(), values=fields.String())


class DeletedSchema(Schema):
    deleted = fields.Boolean(dump_default=True)


class CancelledSchema(Schema):
    cancelled = fields.Boolean(dump_default=True)


class LoggedOutSchema(Schema):
    logged_out = fields.Boolean(dump_default=True)
