"""The words every layer shares: the five segments, what the user asked for, and how a segment ends badly.

This module is at the bottom of the import graph (it imports nothing from storyagent), so the
pipeline, the providers and the offline generators can all use it without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# segment id -> the name /api/task/workflow shows
SEGMENT_NAMES = MappingProxyType({1: "Story", 2: "Image", 3: "Split", 4: "Speech", 5: "Video"})


def segment_name(segment: int | None) -> str:
    """The segment's name, or "segment" for an id that names none (an old or damaged row)."""
    return SEGMENT_NAMES.get(segment, "segment")


class SegmentCancelled(Exception):
    """Raised inside a segment when its task was deleted or its run was abandoned."""


class SegmentError(Exception):
    """A segment failed for a reason a person can act on (shown in /progress)."""


class ProviderConfigError(RuntimeError):
    """The configuration names a provider that cannot be used."""


@dataclass(frozen=True)
class StoryBrief:
    """What the user asked for: the inputs of the Story segment."""

    topic: str
    main_role: str = ""
    scene: str = ""
    language: str = "en"
    seed: int = 0
