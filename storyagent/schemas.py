"""Marshmallow schemas for every request body, query string and response."""
from __future__ import annotations

import unicodedata

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from .passwords import MAX_LENGTH, MIN_LENGTH, password_problem


class WholeMatch(validate.Regexp):
    """A Regexp the whole value must match: with re.match, "$" also matches before a final newline."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


# the pattern stays plain (^...$) so the OpenAPI document can carry it; fullmatch does the rest
USERNAME = WholeMatch(r"^[A-Za-z0-9_.-]{3,64}$", error="must be 3-64 characters of letters, digits, '_', '.' or '-'")


def normalize_username(name: str) -> str:
    """NFKC-normalise a username, so look-alike forms (fullwidth 'ａｌｉｃｅ') become the plain one."""
    return unicodedata.normalize("NFKC", name)


def username_key(name: str) -> str:
    """The form two usernames are compared in: NFKC, case-folded ('Alice' and 'alice' are one name)."""
    return normalize_username(name).casefold()


def _strip_strings(data):
    if isinstance(data, dict):
        return {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    return data


class _UsernameSchema(Schema):
    """A body with a username, NFKC-normalised before it is validated."""

    username = fields.String(required=True, validate=USERNAME)

    @pre_load
    def normalize(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("username"), str):
            data = {**data, "username": normalize_username(data["username"])}
        return data


class CredentialsSchema(_UsernameSchema):
    """A new account's credentials: a valid username and a password that passes the rules."""

    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=MIN_LENGTH, max=MAX_LENGTH,
                                                      error=f"must be {MIN_LENGTH}-{MAX_LENGTH} characters"))

    @validates_schema
    def strong_password(self, data, **kwargs):
        problem = password_problem(data["password"], data["username"])
        if problem:
            raise ValidationError(problem, field_name="password")


class LoginSchema(_UsernameSchema):
    """Login takes any password up to the maximum: a wrong one is a 401, never a rules lecture
    (and accounts older than the rules keep working)."""

    password = fields.String(required=True, load_only=True,
                             validate=validate.Length(min=1, max=MAX_LENGTH,
                                                      error=f"must be 1-{MAX_LENGTH} characters"))


class PasswordRulesSchema(Schema):
    min_length = fields.Integer()
    max_length = fields.Integer()
    rules = fields.List(fields.String())


class UserSchema(Schema):
    id = fields.Integer(dump_only=True)
    username = fields.String(dump_only=True)


class TokenSchema(Schema):
    access_token = fields.String(dump_only=True)
    token_type = fields.String(dump_only=True, dump_default="Bearer")


class WorkflowStepSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class TaskCreateSchema(Schema):
    # the longest topic is a setting (MAX_TOPIC_LENGTH), checked by the service
    topic = fields.String(required=True, validate=validate.Length(min=1, error="must not be empty"))
    main_role = fields.String(load_default="", validate=validate.Length(max=200))
    scene = fields.String(load_default="", validate=validate.Length(max=200))
    language = fields.String(load_default=None, validate=validate.OneOf(["en", "zh"]))
    seed = fields.Integer(load_default=None, validate=validate.Range(min=0, max=2**31 - 1))

    @pre_load
    def strip(self, data, **kwargs):
        data = _strip_strings(data)
        if isinstance(data, dict):
            # null means "not given" for the optional text fields
            data = {k: v for k, v in data.items() if not (v is None and k != "topic")}
        return data


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


class DeletedSchema(Schema):
    deleted = fields.Boolean(dump_default=True)


class CancelledSchema(Schema):
    cancelled = fields.Boolean(dump_default=True)


class LoggedOutSchema(Schema):
    logged_out = fields.Boolean(dump_default=True)
