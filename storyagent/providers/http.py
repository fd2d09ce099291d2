"""Calls to remote model servers: settings, one retry policy, and error wording.

Every remote provider funnels its requests through ``call_with_retries`` so the policy
lives in one place: timeouts, connection errors, 429 and 5xx are retried with
exponential backoff and full jitter (honouring a capped Retry-After); other 4xx fail at
once. Failures become a SegmentError that names the provider, the URL and the HTTP
status, and never the API key.
"""
from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any, Callable, Mapping, TypeVar
from urllib.parse import urlsplit, urlunsplit

from ..domain import ProviderConfigError, SegmentError
from . import typed_settings

T = TypeVar("T")

OPENAI_URL = "https://api.openai.com/v1"
_DETAIL_LIMIT = 200


def pause(seconds: float) -> None:
    """Sleep between attempts (a module function so tests can observe the waits)."""
    time.sleep(seconds)


# -- settings ------------------------------------------------------------------------

class RemoteProvider:
    """Base of the remote providers: built from the flat config, checked at start-up by building one."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]):
        return cls(config)

    @classmethod
    def check_config(cls, config: Mapping[str, Any]) -> None:
        """Validate the settings at start-up (builds a client, sends nothing)."""
        cls.from_config(config)


@dataclass(frozen=True)
class RemoteSettings:
    """The connection settings of one provider kind (LLM_*, IMAGE_* or TTS_*)."""

    label: str          # e.g. "image provider openai", the start of every error message
    base_url: str
    api_key: str
    model: str
    timeout: float
    prefix: str = ""

    def endpoint(self, path: str) -> "Endpoint":
        """The POST endpoint ``path`` under the base URL of an OpenAI-compatible server."""
        return Endpoint(self.label, "POST", f"{self.base_url}{path}", self.timeout, (self.api_key,),
                        f"check {self.prefix}_BASE_URL: OpenAI-compatible servers usually end in /v1")


def read_settings(config: Mapping[str, Any], prefix: str, provider: str, *, default_url: str = "",
                  model_example: str = "", require_model: bool = True) -> RemoteSettings:
    """Read and check ``<PREFIX>_BASE_URL/_API_KEY/_MODEL/_TIMEOUT`` for a remote provider.

    An empty base URL means OpenAI itself when an API key is set (or ``default_url``).
    """
    config = typed_settings(config)
    kind = {"LLM": "llm", "IMAGE": "image", "TTS": "tts"}[prefix]
    label = f"{kind} provider {provider}"
    setting = f"{prefix}_PROVIDER={provider}"
    api_key = config[f"{prefix}_API_KEY"].strip()
    base_url = config[f"{prefix}_BASE_URL"].strip().rstrip("/")
    if not base_url:
        if default_url:
            base_url = default_url
        elif api_key:
            base_url = OPENAI_URL
        else:
            raise ProviderConfigError(
                f"{setting} needs {prefix}_BASE_URL (your server, e.g. http://127.0.0.1:11434/v1) "
                f"or {prefix}_API_KEY to use {OPENAI_URL}")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProviderConfigError(f"{prefix}_BASE_URL must be an http(s) URL, not {safe_url(base_url)!r}")
    model = config[f"{prefix}_MODEL"].strip()
    if require_model and not model:
        example = f" (e.g. {model_example})" if model_example else ""
        raise ProviderConfigError(f"{setting} needs {prefix}_MODEL: the model name your server serves{example}")
    timeout = config[f"{prefix}_TIMEOUT"]
    return RemoteSettings(label, base_url, api_key, model, timeout, prefix)


def openai_client(settings: RemoteSettings) -> Any:
    """An OpenAI SDK client for any compatible server; retries are ours, not the SDK's."""
    from openai import OpenAI

    return OpenAI(base_url=settings.base_url, api_key=settings.api_key or "not-needed",
                  timeout=settings.timeout, max_retries=0)


# -- the retry policy ------------------------------------------------------------------

@dataclass(frozen=True)
class Failure:
    """What went wrong with one attempt, in terms of HTTP and nothing else."""

    status: int | None = None        # None: no HTTP answer (timeout, refused connection)
    detail: str = ""                 # short server message or transport reason
    retry_after: float | None = None  # seconds the server asked us to wait
    timed_out: bool = False

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


class RemoteCallFailed(Exception):
    """Raised by an attempt that got an unusable answer (plain-requests providers)."""

    def __init__(self, failure: Failure):
        super().__init__(failure.detail)
        self.failure = failure


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: full-jitter exponential backoff."""

    retries: int = 3          # extra attempts after the first
    backoff: float = 1.0      # seconds; the jitter window doubles per attempt
    max_wait: float = 30.0    # cap on any single wait, Retry-After included

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "RetryPolicy":
        config = typed_settings(config)
        return cls(retries=config["PROVIDER_RETRIES"], backoff=config["PROVIDER_BACKOFF"],
                   max_wait=config["PROVIDER_MAX_WAIT"])

    def wait_before_retry(self, attempt: int, failure: Failure, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (0-based)."""
        if failure.retry_after is not None:
            return min(max(failure.retry_after, 0.0), self.max_wait)
        window = min(self.max_wait, self.backoff * (2 ** attempt))
        return (rng or random).uniform(0.0, window)


@dataclass(frozen=True)
class Endpoint:
    """One remote URL as named in error messages, with the secrets to scrub from them."""

    label: str
    method: str
    url: str
    timeout: float
    secrets: tuple[str, ...] = ()
    not_found_hint: str = ""   # what a 404 most likely means for this server

    def describe(self, failure: Failure, attempts: int) -> str:
        where = f"{self.label}: {self.method} {safe_url(self.url)}"
        if failure.status is not None:
            text = f"{where} answered {failure.status} {status_phrase(failure.status)}"
        elif failure.timed_out:
            text = f"{where} timed out after {self.timeout:g} s"
        else:
            text = f"{where} could not be reached"
        if failure.detail:
            text += f": {failure.detail}"
        if failure.status == 404 and self.not_found_hint:
            text += f" ({self.not_found_hint})"
        if attempts > 1:
            text += f" (gave up after {attempts} attempts)"
        return scrub(text, self.secrets)


def call_with_retries(attempt: Callable[[], T], *, policy: RetryPolicy, endpoint: Endpoint,
                      classify: Callable[[BaseException], Failure | None] | None = None) -> T:
    """Run ``attempt`` until it succeeds, retrying what the policy says is transient.

    ``classify`` turns a library exception into a Failure (None: not ours, re-raise).
    The final failure is raised as a SegmentError without chaining the original, whose
    text may echo request headers.
    """
    classify = classify or classify_exception
    attempts = policy.retries + 1
    for number in range(attempts):
        try:
            return attempt()
        except Exception as exc:  # classified below; unknown ones are re-raised
            failure = classify(exc)
            if failure is None:
                raise
        if not failure.retryable or number == attempts - 1:
            raise SegmentError(endpoint.describe(failure, number + 1)) from None
        pause(policy.wait_before_retry(number, failure))
    raise AssertionError("unreachable")


# -- turning library errors into Failures ------------------------------------------------

def classify_exception(exc: BaseException) -> Failure | None:
    """Map our own, the OpenAI SDK's and requests' errors to a Failure."""
    if isinstance(exc, RemoteCallFailed):
        return exc.failure
    failure = _classify_openai(exc)
    if failure is None:
        failure = _classify_requests(exc)
    return failure


def _classify_openai(exc: BaseException) -> Failure | None:
    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a pinned dependency
        return None
    if isinstance(exc, openai.APITimeoutError):
        return Failure(timed_out=True)
    if isinstance(exc, openai.APIConnectionError):
        return Failure(detail=_short(_root_reason(exc)))
    if isinstance(exc, openai.APIStatusError):
        return Failure(exc.status_code, server_message(exc.body, exc.response.text),
                       retry_after_seconds(exc.response.headers))
    if isinstance(exc, openai.APIResponseValidationError):
        return Failure(exc.status_code, "the answer did not have the expected shape")
    return None


def _classify_requests(exc: BaseException) -> Failure | None:
    import requests

    if isinstance(exc, requests.Timeout):
        return Failure(timed_out=True)
    if isinstance(exc, requests.ConnectionError):
        return Failure(detail=_short(_root_reason(exc)))
    return None


def failure_from_response(response: Any) -> Failure:
    """A Failure for a requests.Response with an error status."""
    try:
        body = response.json()
    except ValueError:
        body = None
    return Failure(response.status_code, server_message(body, response.text),
                   retry_after_seconds(response.headers))


def server_message(body: Any, text: str = "") -> str:
    """The human part of an error body: OpenAI's error.message, FastAPI's detail, or text."""
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return _short(str(error["message"]))
        for key in ("error", "detail", "message", "errors"):
            if body.get(key):
                return _short(str(body[key]))
    if isinstance(body, str) and body.strip():
        return _short(body)
    return _short(text or "")


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date)."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


# -- wording ---------------------------------------------------------------------------

def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def safe_url(url: str) -> str:
    """The URL without user:password and query string, which may carry credentials."""
    try:
        parts = urlsplit(url)
        netloc = parts.hostname or ""
        if ":" in netloc:
            netloc = f"[{netloc}]"
        if parts.port:
            netloc += f":{parts.port}"
    except ValueError:
        return "<invalid URL>"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Replace every secret in ``text`` with ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= _DETAIL_LIMIT else text[: _DETAIL_LIMIT - 1] + "…"


def _root_reason(exc: BaseException) -> str:
    """The innermost cause of a connection error ('Connection refused', not a repr chain)."""
    seen = exc
    while seen.__cause__ is not None or (seen.args and isinstance(seen.args[0], BaseException)):
        seen = seen.__cause__ or seen.args[0]
    text = str(seen)
    match = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
    return match.group(1) if match else text
