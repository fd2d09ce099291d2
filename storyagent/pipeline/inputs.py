"""One loader per segment input: the files earlier segments wrote, read and checked in one place.

Whatever is wrong with an input (missing, not JSON, the wrong shape), a segment says the same
thing: which earlier segment's output it is, and to run that segment again.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..domain import SEGMENT_NAMES, SegmentError
from .context import SegmentContext


def unusable(segment: int, what: str = "") -> SegmentError:
    """The one message for a missing or unreadable input of `segment` (what: which file, when it helps)."""
    name = SEGMENT_NAMES[segment]
    return SegmentError(f"{name} output is missing or unreadable{f' ({what})' if what else ''}; run {name} again")


def _read(ctx: SegmentContext, path: Path, segment: int, valid: Callable[[Any], bool]) -> Any:
    relative = path.relative_to(ctx.story_dir.root).as_posix()
    if not path.is_file():
        raise unusable(segment, f"{relative} is missing")
    try:
        data = ctx.story_dir.read_json(path)
    except (OSError, ValueError) as exc:
        raise unusable(segment, f"{relative} is not valid JSON") from exc
    if not valid(data):
        raise unusable(segment, f"{relative} is not what {SEGMENT_NAMES[segment]} writes")
    return data


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item.strip() for item in value)


def load_story(ctx: SegmentContext, *, required: bool = True) -> dict:
    """story.json (segment 1): a dict with non-empty text pages; {} when it is missing and not required."""
    if not required and not ctx.story_dir.story_json.is_file():
        return {}
    return _read(ctx, ctx.story_dir.story_json, 1, lambda story: isinstance(story, dict) and _text_list(story.get("pages")))


def _split_page(page: Any) -> bool:
    return (isinstance(page, dict) and isinstance(page.get("page"), int) and isinstance(page.get("sentences"), list)
            and all(isinstance(sentence, str) for sentence in page["sentences"]))


def load_split(ctx: SegmentContext) -> list[dict]:
    """split.json's pages (segment 3): each {"page": n, "sentences": [...], "captions": [...]}."""
    split = _read(ctx, ctx.story_dir.split_json, 3, lambda data: isinstance(data, dict) and isinstance(
        data.get("pages"), list) and bool(data["pages"]) and all(_split_page(page) for page in data["pages"]))
    return split["pages"]


def _clip(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("page"), int) and isinstance(entry.get("sentence"), int) \
        and isinstance(entry.get("file"), str)


def load_timing(ctx: SegmentContext) -> dict:
    """speech/timing.json (segment 4): {"clips": [{"page", "sentence", "file", ...}], "title"?: {...}}."""
    return _read(ctx, ctx.story_dir.timing_json, 4, lambda data: isinstance(data, dict) and isinstance(
        data.get("clips"), list) and all(_clip(entry) for entry in data["clips"]))
