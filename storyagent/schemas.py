"""Marshmallow schemas for every request body, query string and response."""
from __future__ import annotations

import unicodedata

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates, validates_schema

from .passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from .story_options import ASPECTS, CAPTION_STYLES, MAX_PAGES, MIN_PAGES, MUSIC_CHOICES, OPTION_NAMES


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


def _choice(choices: tuple[str, ...], description: str) -> fields.String:
    """An option that takes one of `choices`; any other value or type is refused naming them all."""
    allowed = "must be one of: " + ", ".join(choices)
    return fields.String(validate=validate.OneOf(choices, error=allowed), error_messages={"invalid": allowed},
                         metadata={"description": description})


PAGES_RULE = f"must be a whole number from {MIN_PAGES} to {MAX_PAGES}"


class StoryOptionsSchema(Schema):
    """How one story is made; each option left out follows the server's settings."""

    error_messages = {"unknown": "is not an option; the options are " + ", ".join(OPTION_NAMES),
                      "type": "must be an object with any of: " + ", ".join(OPTION_NAMES)}

    voice = fields.String(validate=validate.Length(min=1, max=200, error="must be a voice name from GET /api/voices"),
                          error_messages={"invalid": "must be a voice name from GET /api/voices"},
                          metadata={"description": "A voice name from GET /api/voices that speaks the story's "
                                                   "language. Default: the server's voice for the language.",
                                    "example": "espeak:en"})
    aspect = _choice(ASPECTS, "Shape of the film and its pictures; the long side is that of VIDEO_WIDTH/"
                              "VIDEO_HEIGHT. Default: the server's frame (16:9).")
    pages = fields.Integer(strict=True, validate=validate.Range(min=MIN_PAGES, max=MAX_PAGES, error=PAGES_RULE),
                           error_messages={"invalid": PAGES_RULE},
                           metadata={"description": "Pages the built-in writer writes (STORY_PAGES). Default: "
                                                    "the writer chooses."})
    music = _choice(MUSIC_CHOICES, "generated: a gentle music bed composed for the story; off: narration only. "
                                   "Default: MUSIC.")
    caption_style = _choice(CAPTION_STYLES, "sentence: burned-in captions a sentence at a time; readalong: the "
                                            "spoken word highlighted; none: a clean film plus captions.vtt. "
                                            "Default: CAPTION_STYLE.")

    @pre_load
    def drop_nulls(self, data, **kwargs):
        """null means "not given", as for the task's own optional fields."""
        if isinstance(data, dict):
            data = {k: v.strip() if isinstance(v, str) else v for k, v in data.items() if v is not None}
        return data


class TaskCreateSchema(Schema):
    topic = fields.String(validate=validate.Length(min=1, error="must not be empty"),
                          metadata={"description": "Required, unless a story is given (then the title is the "
                                                   "topic when it is left out). At most MAX_TOPIC_LENGTH characters."})
    main_role = fields.String(load_default="", validate=validate.Length(max=200))
    scene = fields.String(load_default="", validate=validate.Length(max=200))
    language = fields.String(load_default=None, validate=validate.OneOf(["en", "zh"]))
    seed = fields.Integer(load_default=None, validate=validate.Range(min=0, max=2**31 - 1))
    story = fields.Nested(StoryTextSchema, metadata={"description": "Start from your own text: the task is created with "
                                                   "Story (1) completed."})
    options = fields.Nested(StoryOptionsSchema, metadata={"description": "How this story is made: voice, aspect, "
                                                          "pages, music, caption_style."})

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
    options = fields.Nested(StoryOptionsSchema, attribute="story_options",
                            metadata={"description": "The options the story was created with (only those given)."})


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


class VoiceSchema(Schema):
    name = fields.String(metadata={"description": "What options.voice takes.", "example": "piper:en_US-joe-medium"})
    language = fields.String(metadata={"description": "The story language it speaks.", "enum": ["en", "zh"]})
    provider = fields.String(metadata={"description": "piper, espeak, or the remote TTS_PROVIDER."})
    label = fields.String(metadata={"description": "A name to show people."})
    default = fields.Boolean(metadata={"description": "What a story in this language gets with no voice option."})


class VoiceListSchema(Schema):
    voices = fields.List(fields.Nested(VoiceSchema))


class VoicePreviewQuerySchema(Schema):
    language = fields.String(load_default=None, validate=validate.OneOf(["en", "zh"], error="must be one of: en, zh"),
                             metadata={"description": "Which of the voice's languages to hear (a remote voice "
                                                      "may speak both)."})


class DeletedSchema(Schema):
    deleted = fields.Boolean(dump_default=True)


class CancelledSchema(Schema):
    cancelled = fields.Boolean(dump_default=True)


class LoggedOutSchema(Schema):
    logged_out = fields.Boolean(dump_default=True)
