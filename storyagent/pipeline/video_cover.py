"""The film's cards: the cover / title card (the first page with the story title) and the end card.

cover.jpg is the title card's picture, so the thumbnail and the film's opening match.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps

from .captions import load_font, render_text_band, wrap_to_width

TITLE_SIZE = 0.085           # font size as a fraction of the picture height
TITLE_MAX_WIDTH = 0.84       # widest title line, fraction of the picture width
TITLE_MAX_LINES = 3
TITLE_TOP = 0.10             # band's top edge, fraction of the picture height
END_TEXT = {"en": "The End", "zh": "完"}
END_SIZE = 0.16              # font size of the end card's words, fraction of the short side
END_DIM = 0.42               # brightness of the blurred last page behind them
END_BLUR = 0.012             # blur radius, fraction of the short side


def render_cover(page_image: Path, title: str, size: tuple[int, int]) -> Image.Image:
    """Return the cover picture: the page fitted to ``size`` with the title on a soft band near the top."""
    with Image.open(page_image) as opened:
        cover = ImageOps.fit(opened.convert("RGB"), size, Image.Resampling.LANCZOS)
    title = " ".join(title.split())
    if not title:
        return cover
    width, height = size
    font_size = max(12, int(round(min(width, height) * TITLE_SIZE)))
    max_width = width * TITLE_MAX_WIDTH
    lines = wrap_to_width(title, load_font(font_size), max_width)
    while len(lines) > TITLE_MAX_LINES and font_size > 12:     # long titles: smaller type, not fewer words
        font_size = int(font_size * 0.85)
        lines = wrap_to_width(title, load_font(font_size), max_width)
    band = render_text_band(lines, font_size, max_width, opacity=165)
    position = ((width - band.width) // 2, int(height * TITLE_TOP))
    cover.paste(band.convert("RGB"), position, band.getchannel("A"))
    return cover


def end_card_text(language: str) -> str:
    return END_TEXT.get(language, END_TEXT["en"])


def render_end_card(page_image: Path, text: str, size: tuple[int, int]) -> Image.Image:
    """The end card: the last page, blurred and dimmed, with ``text`` ("The End") large in the middle."""
    short = min(size)
    # blurred at a quarter of the size (the same look, a fraction of the work and memory)
    small = (max(1, size[0] // 4), max(1, size[1] // 4))
    with Image.open(page_image) as opened:
        card = ImageOps.fit(opened.convert("RGB"), small, Image.Resampling.BOX)
    card = card.filter(ImageFilter.GaussianBlur(max(0.5, short * END_BLUR / 4)))
    card = ImageEnhance.Brightness(card).enhance(END_DIM).resize(size, Image.Resampling.BICUBIC)
    font_size = max(12, int(round(short * END_SIZE)))
    font = load_font(font_size)
    while font.getlength(text) > size[0] * TITLE_MAX_WIDTH and font_size > 12:
        font_size = int(font_size * 0.9)
        font = load_font(font_size)
    ImageDraw.Draw(card).text((size[0] / 2, size[1] / 2), text, font=font, fill=(255, 248, 230), anchor="mm",
                              stroke_width=max(1, font_size // 20), stroke_fill=(30, 24, 20))
    return card
