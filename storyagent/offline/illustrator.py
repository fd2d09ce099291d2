"""The built-in illustrator (provider kind "image", name "offline"): Pillow, no network, no model."""
from __future__ import annotations

from typing import Any, Mapping

from PIL import Image

from .drawing import render_page


class OfflineIllustrator:
    """Draws a storybook scene per page from the story's scene, role sheet and page words."""

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "OfflineIllustrator":
        return cls()

    def illustrate(self, story: dict, page: int, prompt: str, size: tuple[int, int], seed: int) -> Image.Image:
        """Return page `page` (1-based) as an RGB image of exactly `size`; the prompt is not needed offline."""
        return render_page(story, page, size, seed)
