"""The five segments; each module exposes ``run(ctx) -> list[Path]``."""
from __future__ import annotations

from importlib import import_module
from types import MappingProxyType
from typing import Callable

from ..domain import SEGMENT_NAMES, SegmentCancelled, SegmentError, StoryBrief
from .context import SegmentContext

# segment id -> module holding run(ctx)
SEGMENT_MODULES = MappingProxyType({1: "story", 2: "image", 3: "split", 4: "speech", 5: "video"})


def segment_function(segment: int) -> Callable[[SegmentContext], list]:
    """Return the ``run`` function of a segment, importing its module on first use."""
    return import_module(f"{__name__}.{SEGMENT_MODULES[segment]}").run


__all__ = ["SEGMENT_NAMES", "SEGMENT_MODULES", "segment_function", "SegmentContext", "SegmentCancelled",
           "SegmentError", "StoryBrief"]
