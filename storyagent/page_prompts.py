"""Image prompts: the page text, the looks of the characters on it, the scene and the style.

Shared by every image provider, so a remote model is told the same role-sheet look
on every page and draws the characters consistently.
"""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def characters_on_page(story: dict, page: int) -> list[str]:
    """The hero (always, every page is about them) then other role-sheet names the page mentions."""
    roles = story.get("roles") or {}
    text = story["pages"][page - 1]
    hero = str(story.get("main_role") or next(iter(roles), ""))
    names = [hero] if hero else []
    for name in roles:
        if name and name != hero and _mentions(text, name):
            names.append(name)
    return names


def _mentions(text: str, name: str) -> bool:
    """Whole-word match for Latin names, plain substring for Chinese ones."""
    if _CJK.search(name):
        return name in text
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def page_prompt(story: dict, page: int, style: str) -> str:
    """The text-to-image prompt for one page (1-based)."""
    roles = story.get("roles") or {}
    parts = [story["pages"][page - 1].strip()]
    looks = [f"{name}: {roles[name].strip()}" for name in characters_on_page(story, page) if str(roles.get(name, "")).strip()]
    if looks:
        parts.append("Characters: " + "; ".join(looks) + ".")
    scene = str(story.get("scene") or "").strip()
    if scene:
        parts.append(f"Scene: {scene}.")
    if style and style.strip():
        parts.append(f"Style: {style.strip()}.")
    return " ".join(parts)
