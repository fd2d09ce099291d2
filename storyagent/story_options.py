"""Per-story options (voice, aspect, pages, music, caption style) and the settings each one overrides.

A task stores only the options its user chose; a job runs its segments with the server's
settings plus ``setting_overrides(options, config)``, so an option left out follows the server.
"""
from __future__ import annotations

from typing import Any, Mapping

from .config import check
from .voices import find_voice

ASPECTS = ("16:9", "9:16", "1:1")
MUSIC_CHOICES = ("generated", "off")
CAPTION_STYLES = ("sentence", "readalong", "none")
MIN_PAGES, MAX_PAGES = 6, 16
OPTION_NAMES = ("voice", "aspect", "pages", "music", "caption_style")
# the smallest side the VIDEO_WIDTH/VIDEO_HEIGHT settings allow
MIN_SIDE = 64


def frame_size(aspect: str, width: int, height: int) -> tuple[int, int]:
    """(width, height) of `aspect` whose long side is the configured frame's long side (both even)."""
    across, down = (int(part) for part in aspect.split(":"))
    long_side = max(width, height)
    short_side = max(MIN_SIDE, 2 * round(long_side * min(across, down) / max(across, down) / 2))
    return (long_side, short_side) if across > down else (short_side, long_side) if across < down else (long_side,) * 2


def setting_overrides(options: Mapping[str, Any] | None, config: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The settings a task's options change, given the server's settings and the story's language."""
    options = options or {}
    overrides: dict[str, Any] = {}
    if options.get("voice"):
        voice = find_voice(config, options["voice"], language)
        if voice is not None:  # a voice the server no longer offers: the server's own voice speaks
            overrides.update(voice.settings)
    if options.get("aspect"):
        settings = check(config)
        overrides["VIDEO_WIDTH"], overrides["VIDEO_HEIGHT"] = frame_size(
            options["aspect"], settings["VIDEO_WIDTH"], settings["VIDEO_HEIGHT"])
    if options.get("pages"):
        overrides["STORY_PAGES"] = int(options["pages"])
    if options.get("music"):
        overrides["MUSIC"] = options["music"]
        if options["music"] == "generated":
            overrides["MUSIC_FILE"] = ""  # asked for composed music, not the server's file
    if options.get("caption_style"):
        overrides["CAPTION_STYLE"] = options["caption_style"]
    return overrides


def story_settings(config: Mapping[str, Any], options: Mapping[str, Any] | None, language: str) -> dict[str, Any]:
    """The server's settings with a task's option overrides applied: what its segments run with."""
    return {**config, **setting_overrides(options, config, language)}
