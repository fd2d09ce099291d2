"""Throttles: failed logins and registrations -> 429 + Retry-After.

Failed logins (401) are counted per username *and* address, so a stranger guessing from
one address cannot lock the owner out from another; a looser ceiling per username stops
a guesser who spreads over many addresses, and a per-address ceiling stops one address
trying many usernames. Successful logins count towards none of them (though a username
that is locked answers 429 to its right password too, until the window passes).

Valid registrations are counted per address before they cost a password hash (counted
up front, so a burst of parallel sign-ups cannot slip past the limit), whether they then
succeed or find the name taken; a 409 tells whether a username exists, so it also counts
as a failed login from that address (farming names is no cheaper than guessing).

Counters live in RATELIMIT_STORAGE_URI (in-memory per process by default; point it at
redis:// when several processes serve the API).
"""
from __future__ import annotations

import math
import time

from flask import Flask, current_app
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import ApiError, error_response
from .extensions import limiter
from .schemas import username_key
from .web import json_body

# one counter of "failures from this address", shared by login (401) and register (409)
ADDRESS_FAILURES_SCOPE = "login-failures-per-address"


def _is_failed_login(response) -> bool:
    """Deduct only wrong credentials; malformed bodies (400) are not password guesses."""
    return response.status_code == 401


def _is_taken_username(response) -> bool:
    return response.status_code == 409


def _username() -> str:
    """The body's username in its compared form ('-' when absent or unreadable)."""
    try:
        body = json_body()
    except ApiError:
        return "-"  # the view answers the 400
    name = body.get("username") if isinstance(body, dict) else None
    return username_key(name[:64]) if isinstance(name, str) and name else "-"


# prefixed so a username never shares a counter with an address
def _username_key() -> str:
    return f"user:{_username()}"


def _address_key() -> str:
    return f"addr:{get_remote_address()}"


def _username_address_key() -> str:
    return f"user+addr:{_username()}|{get_remote_address()}"


def _breach_answer(what: str):
    """Build an on_breach callback answering {"detail"} with Retry-After in seconds."""

    def answer(request_limit):
        # the window's own reset time (request_limit.reset_at rounds it up by a further second)
        retry_after = max(1, math.ceil(request_limit.window.reset_time - time.time()))
        return error_response(429, f"Too many {what}: try again in {retry_after} seconds.",
                              {"Retry-After": str(retry_after)})

    return answer


def _limit_setting(key: str):
    return lambda: current_app.config[key]


def throttle_failed_logins(view):
    """Decorate the login view with the failure limits: per username+address, username, address."""
    on_breach = _breach_answer("failed login attempts")
    for key_func, setting in ((_username_address_key, "LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS"),
                              (_username_key, "LOGIN_FAILURES_PER_USERNAME")):
        view = limiter.limit(_limit_setting(setting), key_func=key_func, deduct_when=_is_failed_login,
                             on_breach=on_breach)(view)
    return limiter.shared_limit(_limit_setting("LOGIN_FAILURES_PER_ADDRESS"), ADDRESS_FAILURES_SCOPE,
                                key_func=_address_key, deduct_when=_is_failed_login, on_breach=on_breach)(view)


def admit_sign_up() -> None:
    """Count one valid sign-up from this address (atomically, before its hash); 429 beyond the limit."""
    if not limiter.enabled:
        return
    address = get_remote_address()
    for item in parse_many(current_app.config["REGISTRATIONS_PER_ADDRESS"]):
        if not limiter.limiter.hit(item, "sign-ups", address):
            reset_at, _remaining = limiter.limiter.get_window_stats(item, "sign-ups", address)
            retry_after = max(1, math.ceil(reset_at - time.time()))
            raise ApiError(429, f"Too many sign-ups from your address: try again in {retry_after} seconds.",
                           {"Retry-After": str(retry_after)})


def throttle_taken_names(view):
    """Decorate the register view: a taken name counts as a failed login from the address."""
    return limiter.shared_limit(_limit_setting("LOGIN_FAILURES_PER_ADDRESS"), ADDRESS_FAILURES_SCOPE,
                                key_func=_address_key, deduct_when=_is_taken_username,
                                on_breach=_breach_answer("failed attempts from your address"))(view)


def init_app(app: Flask) -> None:
    """Bind the limiter; behind PROXY_COUNT proxies, take the client address from X-Forwarded-For."""
    proxies = int(app.config["PROXY_COUNT"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    limiter.init_app(app)
