"""The built-in illustrator (provider kind "image", name "offline"): Pillow, no network, no model."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .drawing import Illustration, render_page


class OfflineIllustrator:
    """Draws a storybook scene per page from the story's scene, role sheet and page words."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> OfflineIllustrator:
        return cls()

    def illustrate(self, story: dict, page: int, prompt: str, size: tuple[int, int], seed: int) -> Illustration:
        """Draw page `page` (1-based) at exactly `size`: the RGB image plus the characters, props and boxes drawn.

        The prompt is not needed offline: the page words, scene and role sheet are read directly.
        """
        return render_page(story, page, size, seed)
