"""A beat: one page of a plot skeleton, as English and Chinese templates."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Beat:
    en: tuple[str, ...]
    zh: tuple[str, ...]
    optional: bool = False


def B(en, zh, opt: bool = False) -> Beat:
    """A beat from one or more English and Chinese templates."""
    return Beat(tuple([en] if isinstance(en, str) else en), tuple([zh] if isinstance(zh, str) else zh), opt)
