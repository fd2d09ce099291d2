"""The built-in story writer (provider kind "llm", name "offline"): no network, no model."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ..config import check
from ..domain import StoryBrief
from .story_parts import compose_story


class OfflineWriter:
    """Writes a seeded, topic-shaped storybook from built-in phrasings (English or Chinese)."""

    def __init__(self, pages: int = 0):
        self.pages = pages      # STORY_PAGES: 0 = the writer chooses 8-12

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "OfflineWriter":
        return cls(check(config)["STORY_PAGES"])

    def write_story(self, brief: StoryBrief, progress: Callable[[float, str], None]) -> dict:
        """Return the story.json dict for the brief."""
        progress(0.05, "reading the topic")
        story = compose_story(brief.topic, brief.main_role, brief.scene, brief.language, brief.seed, progress,
                              pages=self.pages)
        progress(1.0, f"wrote {len(story['pages'])} pages")
        return story
