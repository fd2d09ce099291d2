"""Shared fixtures: every test gets a fresh instance folder and BASE_DIR under tmp_path."""
from __future__ import annotations

import pytest

from storyagent.config import defaults
from storyagent.pipeline import SegmentContext, StoryBrief
from storyagent.storage import StoryDir


@pytest.fixture
def story_dir(tmp_path) -> StoryDir:
    """A story folder for task 1 under a temp BASE_DIR."""
    return StoryDir(tmp_path / "base", 1)


@pytest.fixture
def make_context(story_dir):
    """Build a SegmentContext for plain-function segment tests (small, fast settings)."""

    def build(topic="a lost kitten learns to ask for help", main_role="Mimi", scene="forest",
              language="en", seed=7, **config):
        settings = defaults()
        settings.update({"VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180, "VIDEO_FPS": 12, "LANGUAGE": language})
        settings.update(config)
        brief = StoryBrief(topic=topic, main_role=main_role, scene=scene, language=language, seed=seed)
        return SegmentContext(story_dir=story_dir, brief=brief, config=settings)

    return build
