"""Login throttling: too many failed logins for a username or from an address -> 429.

Only failures (401) are counted, so successful logins and every other API call are
never throttled. Counters live in RATELIMIT_STORAGE_URI (in-memory per process by
default; point it at redis:// when several processes serve the API).
"""
from __future__ import annotations

import math
import time

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import error_response
from .extensions import limiter


def _is_failed_login(response) -> bool:
    """Deduct only wrong credentials; malformed bodies (400) are not password guesses."""
    return response.status_code == 401


def _username_key() -> str:
    body = request.get_json(silent=True)
    name = body.get("username") if isinstance(body, dict) else None
    # prefixed so a username never shares a counter with an address; "-" keeps the key non-empty
    return f"user:{name[:64]}" if isinstance(name, str) and name else "user:-"


def _address_key() -> str:
    return f"addr:{get_remote_address()}"


def _too_many_failures(request_limit):
    """Answer the breach as {"detail"} with Retry-After in seconds."""
    # the window's own reset time (request_limit.reset_at rounds it up by a further second)
    retry_after = max(1, math.ceil(request_limit.window.reset_time - time.time()))
    return error_response(429, f"Too many failed login attempts: try again in {retry_after} seconds.",
                          {"Retry-After": str(retry_after)})


def _limit_setting(key: str):
    return lambda: current_app.config[key]


def throttle_failed_logins(view):
    """Decorate the login view with the per-username and per-address failure limits."""
    for key_func, setting in ((_username_key, "LOGIN_FAILURES_PER_USERNAME"),
                              (_address_key, "LOGIN_FAILURES_PER_ADDRESS")):
        view = limiter.limit(_limit_setting(setting), key_func=key_func, deduct_when=_is_failed_login,
                             on_breach=_too_many_failures)(view)
    return view


def init_app(app: Flask) -> None:
    """Bind the limiter; behind PROXY_COUNT proxies, take the client address from X-Forwarded-For."""
    proxies = int(app.config["PROXY_COUNT"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    limiter.init_app(app)
