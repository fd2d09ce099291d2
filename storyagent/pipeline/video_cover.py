"""cover.jpg: the first page's picture with the story title drawn across it."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageOps

from .captions import load_font, render_text_band, wrap_to_width

TITLE_SIZE = 0.085           # font size as a fraction of the picture height
TITLE_MAX_WIDTH = 0.84       # widest title line, fraction of the picture width
TITLE_MAX_LINES = 3
TITLE_TOP = 0.10             # band's top edge, fraction of the picture height


def render_cover(page_image: Path, title: str, size: tuple[int, int]) -> Image.Image:
    """Return the cover picture: the page fitted to ``size`` with the title on a soft band near the top."""
    with Image.open(page_image) as opened:
        cover = ImageOps.fit(opened.convert("RGB"), size, Image.Resampling.LANCZOS)
    title = " ".join(title.split())
    if not title:
        return cover
    width, height = size
    font_size = max(12, int(round(height * TITLE_SIZE)))
    max_width = width * TITLE_MAX_WIDTH
    lines = wrap_to_width(title, load_font(font_size), max_width)
    while len(lines) > TITLE_MAX_LINES and font_size > 12:     # long titles: smaller type, not fewer words
        font_size = int(font_size * 0.85)
        lines = wrap_to_width(title, load_font(font_size), max_width)
    band = render_text_band(lines, font_size, max_width, opacity=165)
    position = ((width - band.width) // 2, int(height * TITLE_TOP))
    cover.paste(band.convert("RGB"), position, band.getchannel("A"))
    return cover
