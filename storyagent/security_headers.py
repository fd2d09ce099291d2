"""Browser hardening headers on every answer: the page, static files, API JSON and downloads."""
from __future__ import annotations

from flask import Flask

# the page loads only its own scripts and styles (no inline code); pictures and sound the page
# fetched with the bearer token are shown from blob: URLs; the favicon is a data: SVG
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "connect-src 'self' blob:",  # the page may read back a blob it made (e.g. to save or re-check it)
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",   # a downloaded .json or .srt is never run as script or HTML
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",             # frame-ancestors for browsers that predate CSP 2
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    """Add the headers to every response (a view that sets one itself keeps its own)."""

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
