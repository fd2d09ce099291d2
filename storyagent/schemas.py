"""Marshmallow schemas for every request body, query string and response."""
from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

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
