"""Small shared picture helper: every illustrator's output is brought to the frame size here."""
from __future__ import annotations

from PIL import Image, ImageOps


def fit_to_size(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Return an RGB image of exactly `size`: centre-crop to its aspect, then a LANCZOS resize."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        backing = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(backing, rgba)
    if image.mode != "RGB":
        image = image.convert("RGB")
    if image.size != tuple(size):
        image = ImageOps.fit(image, tuple(size), method=Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    return image
