"""Segment 2, Image: one picture per page from the configured illustrator."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..page_prompts import page_prompt
from ..picture import fit_to_size
from .context import SegmentContext
from .inputs import load_story


def run(ctx: SegmentContext) -> list[Path]:
    """Illustrate every page of story.json; write image/p{n}.png and image/prompts.json."""
    story = load_story(ctx)
    size = (ctx.config["VIDEO_WIDTH"], ctx.config["VIDEO_HEIGHT"])
    style = ctx.config["IMAGE_STYLE"]
    illustrator = ctx.provider("image")
    pages = len(story["pages"])
    written: list[Path] = []
    prompts: list[dict[str, Any]] = []
    for page in range(1, pages + 1):
        ctx.progress((page - 1) / pages, f"drawing page {page} of {pages}")
        prompt = page_prompt(story, page, style)
        result = illustrator.illustrate(story, page, prompt, size, ctx.brief.seed)
        entry: dict[str, Any] = {"page": page, "prompt": prompt}
        image = getattr(result, "image", result)
        if image is not result:
            entry.update(drawn_record(result, image.size, size))
        image = fit_to_size(image, size)
        path = ctx.story_dir.image_path(page)
        with ctx.story_dir.atomic_path(path) as temp:
            image.save(temp, format="PNG")
        written.append(path)
        prompts.append(entry)
    ctx.story_dir.write_json(ctx.story_dir.prompts_json, prompts)
    ctx.progress(1.0, f"drew {pages} pages")
    return written


def drawn_record(result: Any, drawn_size: tuple[int, int], size: tuple[int, int]) -> dict[str, Any]:
    """What an illustrator that reports its drawing put on the page, for prompts.json.

    {"drawn": {"characters": [...], "props": [...]}, "boxes": {name: [x0, y0, x1, y1]}}; boxes are in
    final image pixels (x1, y1 exclusive), so they are rescaled if the picture had to be resized.
    Remote illustrators return a bare image and get neither key.
    """
    drawn = getattr(result, "drawn", None) or {}
    record: dict[str, Any] = {"drawn": {"characters": [str(n) for n in drawn.get("characters", [])],
                                        "props": [str(n) for n in drawn.get("props", [])]}}
    boxes = getattr(result, "boxes", None)
    if boxes is not None and tuple(drawn_size) == tuple(size):
        record["boxes"] = {str(name): [int(v) for v in box] for name, box in boxes.items()}
    return record
