"""Password rules: long enough, not common or guessable (zxcvbn), not the username.

The same rules are served to the web page (GET /api/password-rules) so it can show them
before the user types, and checked on registration.
"""
from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 256
# zxcvbn's 0-4 scale: 0-1 fall to an online guessing attack (common words, names, keyboard
# walks, repeats, dates); 2 needs ~10^8 guesses
MIN_STRENGTH = 2
# zxcvbn's cost grows with length; a longer password is judged by its first 72 characters
SCORED_LENGTH = 72

RULES = (
    f"Use at least {MIN_LENGTH} characters (at most {MAX_LENGTH}).",
    "Avoid common passwords and easy patterns such as 'password', '12345678', 'qwerty' or one letter repeated.",
    "Do not use your username, or a password built around it.",
    "A few unrelated words together make a strong password that is easy to remember.",
)


def password_problem(password: str, username: str = "") -> str | None:
    """Say what is wrong with a password in plain words, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if username and password.casefold().strip() == username.casefold():
        return "Do not use your username as your password."
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=[username] if username else [])
    if result["score"] < MIN_STRENGTH:
        warning = result["feedback"].get("warning")
        because = f": {warning.rstrip('.')}." if warning else "."
        return f"This password is too easy to guess{because} Try a few unrelated words together."
    return None


def password_rules() -> dict:
    """The rules as data, for the page to show before the user types."""
    return {"min_length": MIN_LENGTH, "max_length": MAX_LENGTH, "rules": list(RULES)}
