"""The five segments; each module exposes ``run(ctx) -> list[Path]``."""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from .context import SegmentCancelled, SegmentContext, SegmentError, StoryBrief

# segment id -> (name shown by /workflow, module holding run(ctx))
SEGMENTS: dict[int, tuple[str, str]] = {
    1: ("Story", "story"),
    2: ("Image", "image"),
    3: ("Split", "split"),
    4: ("Speech", "speech"),
    5: ("Video", "video"),
}


def segment_runner(segment: int) -> Callable[[SegmentContext], list]:
    """Return the ``run`` function of a segment, importing its module on first use."""
    _, module = SEGMENTS[segment]
    return import_module(f"{__name__}.{module}").run


__all__ = ["SEGMENTS", "segment_runner", "SegmentContext", "SegmentCancelled", "SegmentError", "StoryBrief"]
