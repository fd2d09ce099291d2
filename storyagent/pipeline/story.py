"""Segment 1, Story: ask the configured writer for a story and save story.json."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain import SegmentError, StoryBrief
from .context import SegmentContext

MAX_PAGES = 30


def run(ctx: SegmentContext) -> list[Path]:
    """Write the story for the task's brief and save it as story.json."""
    ctx.progress(0.0, "writing the story")
    writer = ctx.provider("llm")
    story = writer.write_story(ctx.brief, lambda fraction, message: ctx.progress(0.9 * fraction, message))
    story = validate_story(story, ctx.brief)
    ctx.progress(0.95, "saving story.json")
    path = ctx.story_dir.write_json(ctx.story_dir.story_json, story)
    ctx.progress(1.0, f"wrote “{story['title']}”, {len(story['pages'])} pages")
    return [path]


def validate_story(story: Any, brief: StoryBrief) -> dict[str, Any]:
    """Check a writer's output and return it in story.json shape, the brief's fields filled in."""
    if not isinstance(story, dict):
        raise SegmentError(f"the story writer returned {type(story).__name__}, not a story object")
    title = story.get("title")
    if not isinstance(title, str) or not title.strip():
        raise SegmentError("the story writer returned no title")
    pages = story.get("pages")
    if not isinstance(pages, list) or not pages:
        raise SegmentError("the story writer returned no pages")
    if len(pages) > MAX_PAGES:
        raise SegmentError(f"the story writer returned {len(pages)} pages; at most {MAX_PAGES} are allowed")
    for number, page in enumerate(pages, start=1):
        if not isinstance(page, str) or not page.strip():
            raise SegmentError(f"page {number} of the story is empty or not text")
    roles = story.get("roles", {})
    if not isinstance(roles, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in roles.items()):
        raise SegmentError("the story's roles must map each character's name to a short description")
    outline = story.get("outline", [])
    if not isinstance(outline, list):
        raise SegmentError("the story's outline must be a list of chapters")
    main_role = story.get("main_role") if isinstance(story.get("main_role"), str) else ""
    scene = story.get("scene") if isinstance(story.get("scene"), str) else ""
    return {
        "title": title.strip(),
        "topic": brief.topic,
        "main_role": main_role.strip() or brief.main_role.strip() or next(iter(roles), ""),
        "scene": brief.scene.strip() or scene.strip(),
        "language": "zh" if brief.language == "zh" else "en",
        "outline": [_chapter(item, number) for number, item in enumerate(outline, start=1)],
        "pages": [page.strip() for page in pages],
        "roles": {name.strip(): look.strip() for name, look in roles.items() if name.strip()},
    }


def _chapter(item: Any, number: int) -> dict[str, str]:
    """Accept {"chapter_title", "chapter_summary"} or a bare title string."""
    if isinstance(item, str):
        return {"chapter_title": item.strip(), "chapter_summary": ""}
    if isinstance(item, dict):
        return {"chapter_title": str(item.get("chapter_title", "")).strip(),
                "chapter_summary": str(item.get("chapter_summary", "")).strip()}
    raise SegmentError(f"chapter {number} of the story's outline is neither text nor a title and summary")
