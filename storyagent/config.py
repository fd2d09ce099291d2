"""Every setting, described once: type, default, allowed values and a one-line meaning.

The app factory loads defaults -> ``instance/config.py`` -> ``STORYAGENT_<KEY>`` environment
variables -> the test config, then checks the result here, once: a bad value stops start-up
with one line per bad key naming the key and what it allows. Code reads typed values
(``config["VIDEO_WIDTH"]`` is an int) and never repeats a default.

``python -m storyagent.config`` prints the README's settings table from this description.
"""
from __future__ import annotations

import sys
from datetime import timedelta
from typing import Any, Mapping

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

def _field(kind: type[fields.Field], default: Any, meaning: str, **options) -> fields.Field:
    """A setting: its marshmallow field, default and meaning (shown in the README table)."""
    return kind(load_default=default, allow_none=default is None, metadata={"meaning": meaning}, **options)


def Str(default: Any, meaning: str, **options) -> fields.Field:
    return _field(fields.String, default, meaning, **options)


def Int(default: Any, meaning: str, **options) -> fields.Field:
    return _field(fields.Integer, default, meaning, strict=False, **options)


def Float(default: Any, meaning: str, **options) -> fields.Field:
    return _field(fields.Float, default, meaning, **options)


def Bool(default: Any, meaning: str) -> fields.Field:
    return _field(fields.Boolean, default, meaning)


def Choice(default: str, meaning: str, choices: tuple[str, ...]) -> fields.Field:
    return _field(fields.String, default, meaning, validate=validate.OneOf(choices))


def at_least(minimum: float) -> validate.Range:
    return validate.Range(min=minimum)


def between(minimum: float, maximum: float) -> validate.Range:
    return validate.Range(min=minimum, max=maximum)


class zero_or_between(validate.Range):
    """0 (let the program choose) or a number in the range."""

    def __call__(self, value):
        return value if value == 0 else super().__call__(value)

    def _format_error(self, value, message: str) -> str:
        return f"Must be 0 or between {self.min} and {self.max}."


class Settings(Schema):
    """storyagent's settings (Flask's own keys, such as TESTING, pass through unchecked)."""

    # -- storage and security ---------------------------------------------------------------
    BASE_DIR = Str("", "Folder that holds generated_stories/; empty: the current working directory.")
    SQLALCHEMY_DATABASE_URI = Str("sqlite:///storyagent.db", "Database URL; relative SQLite paths resolve inside "
                                  "the instance folder.")
    SQLALCHEMY_ENGINE_OPTIONS = _field(fields.Dict, {}, "Extra SQLAlchemy engine options.")
    SECRET_KEY = Str(None, "Signing key; unset: generated once into instance/secret_key.")
    JWT_SECRET_KEY = Str(None, "Token signing key; unset: SECRET_KEY.")
    LOG_LEVEL = Choice("INFO", "Log level of storyagent's lines.", ("DEBUG", "INFO", "WARNING", "ERROR"))
    PASSWORD_HASH_METHOD = Str("scrypt", "werkzeug password hash method, e.g. pbkdf2:sha256:600000.")
    MAX_CONTENT_LENGTH = Int(64 * 1024, "Largest request body in bytes.", validate=at_least(1024))
    JWT_ACCESS_TOKEN_EXPIRES = Int(15 * 60, "Access token lifetime, seconds.", validate=at_least(1))
    JWT_REFRESH_TOKEN_EXPIRES = Int(14 * 24 * 3600, "Refresh token lifetime, seconds.", validate=at_least(1))
    JWT_COOKIE_SECURE = Bool(False, "Send the refresh cookie over HTTPS only (set true behind HTTPS).")

    # -- the segment runner -------------------------------------------------------------------
    RUNNER = Choice("thread", "Where segments run: thread (a pool in this process), sync (inside the "
                    "request: tests, scripts), off (nowhere: maintenance), celery (Celery workers fed through "
                    "CELERY_BROKER_URL).", ("thread", "sync", "off", "celery"))
    WORKERS = Int(2, "Segments that run at once (thread runner).", validate=between(1, 64))
    QUEUE_LIMIT = Int(8, "Accepted segments that may wait for a worker; beyond it execute answers 503.",
                      validate=between(0, 10_000))
    USER_QUEUE_LIMIT = Int(2, "Segments one account may have running or queued (0: no limit); beyond it 429.",
                           validate=at_least(0))
    SEGMENT_TIMEOUT = Float(1800, "Seconds one segment may run before it is stopped and failed.",
                            validate=at_least(1))
    HEARTBEAT_INTERVAL = Float(5, "Seconds between heartbeats of running segments.", validate=at_least(0.05))
    STALE_AFTER = Float(60, "Seconds without a heartbeat before a running segment counts as interrupted.",
                        validate=at_least(1))
    SWEEP_INTERVAL = Float(15, "Seconds between housekeeping sweeps.", validate=at_least(0.1))
    SCHEDULER_ENABLED = Bool(True, "Run housekeeping periodically in the background (thread runner).")
    SINGLE_PROCESS = Bool(True, "This is the only process running segments on this database: at start, "
                          "segments left running are marked interrupted at once.")
    SHUTDOWN_GRACE = Float(20, "Seconds running segments may take to finish on SIGTERM before marked "
                           "interrupted.", validate=at_least(0))
    SEGMENT_NICE = Int(10, "CPU niceness added to segment threads and their ffmpeg (0: none).",
                       validate=between(0, 19))
    CELERY_BROKER_URL = Str("", "Broker of RUNNER=celery, e.g. redis://127.0.0.1:6379/0 (required with it).")
    WORKER_CONCURRENCY = Int(2, "Segments one Celery worker runs at once (its prefork processes).",
                             validate=between(1, 64))
    QUEUE_TIMEOUT = Float(600, "Seconds a segment may wait for a Celery worker before it is failed.",
                          validate=at_least(1))

    # -- login throttling and health ------------------------------------------------------------
    RATELIMIT_ENABLED = Bool(True, "Throttle failed logins and sign-ups.")
    RATELIMIT_STORAGE_URI = Str("memory://", "Where throttling counts live; e.g. redis://host:6379 to share "
                                "them across processes.")
    RATELIMIT_STRATEGY = Choice("moving-window", "Flask-Limiter strategy.",
                                ("moving-window", "fixed-window", "sliding-window-counter"))
    LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS = Str("5 per minute; 30 per hour", "Failed logins allowed for one "
                                                  "username from one client address.")
    LOGIN_FAILURES_PER_USERNAME = Str("100 per hour", "Failed logins allowed per username over all addresses "
                                      "(a ceiling for guessers spread over many addresses).")
    LOGIN_FAILURES_PER_ADDRESS = Str("20 per minute", "Failed logins (and sign-ups of a taken name) allowed per "
                                     "client address.")
    REGISTRATIONS_PER_ADDRESS = Str("10 per hour", "Sign-ups (created or name taken) allowed per client address.")
    PROXY_COUNT = Int(0, "Reverse proxies in front that set X-Forwarded-For/-Proto (0: trust none).",
                      validate=between(0, 10))
    REFRESH_REUSE_GRACE = Float(5, "Seconds a just-replaced refresh token still gets an access token (two tabs "
                                "refreshing at once); after that its reuse ends the whole login.",
                                validate=between(0, 300))
    ALLOWED_ORIGINS = _field(fields.List, [], "Origins besides the service's own allowed to call /api/refresh and "
                             "/api/logout from a browser, e.g. [\"https://stories.example.org\"].",
                             cls_or_instance=fields.String())
    MIN_FREE_DISK_MB = Int(500, "Below this much free disk under BASE_DIR, /api/health answers 503 and new "
                           "segments are refused.", validate=at_least(0))

    # -- story ---------------------------------------------------------------------------------------
    LANGUAGE = Choice("en", "Story language when a task names none.", ("en", "zh"))
    MAX_TOPIC_LENGTH = Int(1000, "Longest topic accepted, in characters.", validate=between(1, 10_000))
    STORY_PAGES = Int(0, "Pages the story has: 0 lets the writer choose (8-12 offline); 6-16 asks for exactly "
                      "that many.", validate=zero_or_between(6, 16))

    # -- providers (offline by default) ----------------------------------------------------------------
    LLM_PROVIDER = Str("offline", "Story writer: offline or openai (any OpenAI-compatible server).")
    LLM_BASE_URL = Str("", "The writer server's URL, e.g. http://127.0.0.1:11434/v1.")
    LLM_API_KEY = Str("", "The writer server's API key.")
    LLM_MODEL = Str("", "The writer model name.")
    LLM_TEMPERATURE = Float(0.8, "Sampling temperature of the writer.", validate=between(0, 2))
    LLM_TIMEOUT = Float(120, "Seconds one writer request may take.", validate=at_least(0.001))
    LLM_QA_TURNS = Int(3, "Question/answer turns before the outline is written.", validate=between(0, 10))
    IMAGE_PROVIDER = Str("offline", "Illustrator: offline, openai or a1111.")
    IMAGE_BASE_URL = Str("", "The image server's URL.")
    IMAGE_API_KEY = Str("", "The image server's API key.")
    IMAGE_MODEL = Str("", "The image model name.")
    IMAGE_STYLE = Str("children's storybook illustration, soft watercolor, warm light",
                      "Style words added to every image prompt.")
    IMAGE_TIMEOUT = Float(300, "Seconds one image request may take.", validate=at_least(0.001))
    IMAGE_SIZE = Str("", "Size sent as-is to remote image servers, e.g. 1024x576; empty: from the video size.")
    IMAGE_MAX_SIDE = Int(1024, "Long side asked of self-hosted image models.", validate=between(64, 4096))
    IMAGE_NEGATIVE_PROMPT = Str("", "Negative prompt (AUTOMATIC1111 only); empty: a built-in one.")
    IMAGE_STEPS = Int(25, "Sampling steps (AUTOMATIC1111).", validate=between(1, 200))
    IMAGE_CFG_SCALE = Float(7.0, "CFG scale (AUTOMATIC1111).", validate=between(0, 30))
    IMAGE_SAMPLER = Str("", "Sampler name (AUTOMATIC1111); empty: the server's default.")
    TTS_PROVIDER = Str("piper", "Narrator: piper (built in, natural), espeak (built in, robotic) or openai "
                       "(any OpenAI-compatible speech server).")
    TTS_BASE_URL = Str("", "The speech server's URL.")
    TTS_API_KEY = Str("", "The speech server's API key.")
    TTS_MODEL = Str("", "The speech model name.")
    TTS_VOICE = Str("", "Voice name; empty: a default voice for the story language.")
    TTS_VOICE_ZH = Str("", "Remote voice for Chinese stories; empty: TTS_VOICE.")
    TTS_RATE = Int(150, "Speaking rate of espeak-ng, words per minute.", validate=between(80, 450))
    TTS_FORMAT = Choice("wav", "Audio format asked of a remote speech server.", ("wav", "mp3", "flac", "opus",
                                                                                  "aac", "pcm"))
    TTS_TIMEOUT = Float(120, "Seconds one speech request may take.", validate=at_least(0.001))
    PROVIDER_RETRIES = Int(3, "Retries of a timeout, connection error, 429 or 5xx (other 4xx never retry).",
                           validate=between(0, 10))
    PROVIDER_BACKOFF = Float(1.0, "Seconds; base of the exponential backoff between retries (full jitter).",
                             validate=at_least(0))
    PROVIDER_MAX_WAIT = Float(30, "Seconds; cap on one wait between retries, Retry-After included.",
                              validate=at_least(0))
    PIPER_VOICE = Str("", "Path of a Piper voice (.onnx, with its .onnx.json beside it); empty: the bundled "
                      "en_US-joe-medium.")
    PIPER_VOICE_ZH = Str("", "Piper voice for Chinese stories; empty: espeak-ng's cmn voice.")
    PIPER_LENGTH_SCALE = Float(1.15, "Piper's pace: above 1 slower, below 1 faster (1.15: about 165 words a minute).",
                               validate=between(0.5, 2.0))
    PIPER_SENTENCE_SILENCE = Float(0.3, "Seconds of silence between sentences Piper speaks in one call.",
                                   validate=between(0, 5))
    PIPER_WORKERS = Int(2, "Sentences Piper speaks at once, one CPU thread each.", validate=between(1, 16))

    # -- split and video ----------------------------------------------------------------------------------
    CAPTION_LINE_LENGTH = Int(40, "Characters per caption line (CJK counts one per character).",
                              validate=between(4, 200))
    CAPTION_STYLE = Choice("sentence", "Captions of the film: sentence (burned in, a sentence at a time), readalong "
                           "(burned in, the spoken word highlighted) or none (a clean film and captions.vtt).",
                           ("sentence", "readalong", "none"))
    VIDEO_WIDTH = Int(1280, "Video width in pixels (even).", validate=between(64, 3840))
    VIDEO_HEIGHT = Int(720, "Video height in pixels (even).", validate=between(64, 3840))
    VIDEO_FPS = Int(24, "Frames per second.", validate=between(1, 60))
    VIDEO_CRF = Int(23, "x264 quality (lower: better and bigger).", validate=between(0, 51))
    VIDEO_PRESET = Choice("veryfast", "x264 preset.", ("ultrafast", "superfast", "veryfast", "faster", "fast",
                                                        "medium", "slow", "slower", "veryslow"))
    VIDEO_X264_PARAMS = Str("", "Extra x264 parameters; empty: our tuned defaults for the preset.")
    PAGE_PAUSE = Float(0.6, "Seconds of picture before and after each page's narration.", validate=between(0, 10))
    SENTENCE_PAUSE = Float(0.35, "Seconds between sentences.", validate=between(0, 10))
    CROSSFADE = Float(0.5, "Seconds of crossfade between pages.", validate=between(0, 5))
    MUSIC = Choice("generated", "Music under the story: generated (a gentle bed composed per story), file "
                   "(MUSIC_FILE) or off.", ("generated", "file", "off"))
    MUSIC_FILE = Str("", "Music file (any audio file ffmpeg reads) for MUSIC=file; when set it is used.")
    MUSIC_SPEECH_DB = Float(-18.0, "Music level under speech, dB.", validate=between(-60, 0))
    MUSIC_GAP_DB = Float(-8.0, "Music level between sentences, dB.", validate=between(-60, 0))
    LOUDNESS_LUFS = Float(-16.0, "Integrated loudness of the film's sound (EBU R128), LUFS.", validate=between(-40, -5))
    TRUE_PEAK_DBTP = Float(-1.5, "True-peak ceiling of the film's sound, dBTP.", validate=between(-10, 0))

    @validates_schema(skip_on_field_errors=False)
    def even_video_size(self, data: dict, **kwargs) -> None:
        """x264 with yuv420p needs even sides; say so at start-up, not in segment 5."""
        errors = {key: [f"must be even (got {data[key]})"] for key in ("VIDEO_WIDTH", "VIDEO_HEIGHT")
                  if isinstance(data.get(key), int) and data[key] % 2}
        if errors:
            raise ValidationError(errors)

    @validates_schema(skip_on_field_errors=False)
    def celery_needs_a_broker(self, data: dict, **kwargs) -> None:
        """RUNNER=celery without a broker could accept no job: say so at start-up."""
        if data.get("RUNNER") == "celery" and not data.get("CELERY_BROKER_URL"):
            raise ValidationError({"CELERY_BROKER_URL": ["must be set when RUNNER=celery"]})


SETTINGS = Settings()


class ConfigError(ValueError):
    """One or more settings are invalid; the message has one line per bad key."""


def defaults() -> dict[str, Any]:
    """Every setting at its default, typed (for the CLI, benchmarks and plain-function tests)."""
    return SETTINGS.load({})


def check(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return every setting typed and checked, taken from `values` (other keys are not ours: ignored)."""
    ours = {key: values[key] for key in SETTINGS.fields if key in values}
    for key, value in ours.items():  # durations may come as timedelta (instance/config.py, the app's own)
        if isinstance(value, timedelta):
            ours[key] = value.total_seconds()
    try:
        return SETTINGS.load(ours)
    except ValidationError as exc:
        lines = [f"{key}={ours.get(key)!r}: {_allowed(key, messages)}" for key, messages in sorted(exc.messages.items())]
        raise ConfigError("invalid settings:\n  " + "\n  ".join(lines)) from None


def _allowed(key: str, messages) -> str:
    """The field's complaint and what the setting allows, in one line."""
    text = " ".join(messages) if isinstance(messages, list) else str(messages)
    field = SETTINGS.fields.get(key)
    return f"{text} Allowed: {_allowed_text(field)}." if field is not None else text


def markdown_table() -> str:
    """The README's settings table, generated from the descriptions above."""
    rows = ["| Setting | Default | Allowed | Meaning |", "|---|---|---|---|"]
    for name, field in SETTINGS.fields.items():
        default = field.load_default
        shown = "(unset)" if default is None else "(empty)" if default == "" else f"`{default}`"
        rows.append(f"| `{name}` | {shown} | {_allowed_text(field)} | {field.metadata['meaning']} |")
    return "\n".join(rows)


def _allowed_text(field: fields.Field) -> str:
    kind = {fields.Integer: "integer", fields.Float: "number", fields.Boolean: "true/false",
            fields.Dict: "mapping"}.get(type(field), "text")
    for rule in field.validators:
        if isinstance(rule, validate.OneOf):
            return ", ".join(str(choice) for choice in rule.choices)
        if isinstance(rule, zero_or_between):
            return f"0, or {kind} {rule.min:g}-{rule.max:g}"
        if isinstance(rule, validate.Range):
            if rule.max is None:
                return f"{kind} >= {rule.min:g}"
            return f"{kind} {rule.min:g}-{rule.max:g}"
    return kind


if __name__ == "__main__":
    sys.stdout.write(markdown_table() + "\n")
