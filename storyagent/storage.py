"""StoryDir: the only code that maps a task to filesystem paths.

Every output is written under a temporary dot-name in its final folder and renamed
into place when complete, so a crash never leaves a half-written file under a real
name, and listings (which skip dot-names) never show one.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

STORIES_FOLDER = "generated_stories"

# segment id -> glob patterns (relative to the story folder) of the files it owns,
# in listing order. Only the first group of each segment is listed by /resource.
SEGMENT_OUTPUTS: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # segment: (listed patterns, unlisted companion patterns)
    1: (("story.json",), ()),
    2: (("image/p*.png",), ("image/prompts.json",)),
    3: (("split.json",), ()),
    4: (("speech/s*_*.wav",), ("speech/timing.json", "speech/title.wav", "speech/words.json")),
    5: (("output.mp4", "captions.srt", "cover.jpg", "captions.vtt", "readalong.json"), ("layout.json",)),
}

# work folders of a running segment inside the story folder (dot-names are never listed)
SCRATCH_PREFIX = ".scratch-"

# stories are private to the service's own user, whatever the process umask
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


class UnsafePath(ValueError):
    """A client-supplied path that does not name a file inside a story folder."""


def _natural_key(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


class StoryDir:
    """The folder of one task's outputs: ``BASE_DIR/generated_stories/<task_id>/``."""

    def __init__(self, base_dir: str | os.PathLike, task_id: int):
        self.base_dir = Path(base_dir).resolve()
        self.task_id = int(task_id)
        self.root = self.base_dir / STORIES_FOLDER / str(self.task_id)

    # -- well-known files -------------------------------------------------
    @property
    def story_json(self) -> Path:
        return self.root / "story.json"

    @property
    def image_dir(self) -> Path:
        return self.root / "image"

    def image_path(self, page: int) -> Path:
        return self.image_dir / f"p{page}.png"

    @property
    def prompts_json(self) -> Path:
        return self.image_dir / "prompts.json"

    @property
    def split_json(self) -> Path:
        return self.root / "split.json"

    @property
    def speech_dir(self) -> Path:
        return self.root / "speech"

    def speech_path(self, page: int, sentence: int) -> Path:
        return self.speech_dir / f"s{page}_{sentence}.wav"

    @property
    def timing_json(self) -> Path:
        return self.speech_dir / "timing.json"

    @property
    def words_json(self) -> Path:
        """When each word of each clip starts (seconds into the clip), for read-along captions."""
        return self.speech_dir / "words.json"

    @property
    def video_path(self) -> Path:
        return self.root / "output.mp4"

    @property
    def srt_path(self) -> Path:
        return self.root / "captions.srt"

    @property
    def vtt_path(self) -> Path:
        return self.root / "captions.vtt"

    @property
    def readalong_path(self) -> Path:
        """Every caption's words with their times in the film, for a web player's read-along."""
        return self.root / "readalong.json"

    @property
    def cover_path(self) -> Path:
        return self.root / "cover.jpg"

    # -- listing and cleanup -----------------------------------------------
    def _matches(self, patterns: tuple[str, ...]) -> list[Path]:
        found: list[Path] = []
        for pattern in patterns:
            hits = [p for p in self.root.glob(pattern)
                    if p.is_file() and not p.is_symlink() and not p.name.startswith(".")]
            found.extend(sorted(hits, key=_natural_key))
        return found

    def outputs(self, segment: int) -> list[Path]:
        """Return the finished files a segment lists, in a stable order."""
        listed, _ = SEGMENT_OUTPUTS[segment]
        return self._matches(listed)

    def remove_outputs(self, from_segment: int) -> None:
        """Delete every file owned by segments >= from_segment, temp files included."""
        for segment in range(from_segment, max(SEGMENT_OUTPUTS) + 1):
            listed, companions = SEGMENT_OUTPUTS[segment]
            for path in self._matches(listed + companions):
                path.unlink(missing_ok=True)
        for folder in (self.root, self.image_dir, self.speech_dir):
            if folder.is_dir():
                for leftover in folder.glob(".*.tmp*"):
                    leftover.unlink(missing_ok=True)
        if self.root.is_dir():
            for scratch in self.root.glob(f"{SCRATCH_PREFIX}*"):
                shutil.rmtree(scratch, ignore_errors=True)

    def remove_all(self) -> None:
        """Delete the whole story folder."""
        shutil.rmtree(self.root, ignore_errors=True)

    # -- URLs ----------------------------------------------------------------
    def url(self, path: Path) -> str:
        """Return the BASE_DIR-relative POSIX URL of a file in this folder."""
        return Path(path).resolve().relative_to(self.base_dir).as_posix()

    def resolve_url(self, url: str) -> Path:
        """Map a client URL to a real file inside this folder, or raise UnsafePath."""
        relative = check_relative_url(url)
        candidate = self.base_dir / relative
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise UnsafePath("no such file") from exc
        root = self.root.resolve()
        if root not in real.parents or not real.is_file():
            raise UnsafePath("the file is not inside this task's folder")
        return real

    # -- atomic writes ---------------------------------------------------------
    def make_dirs(self, folder: Path) -> Path:
        """Create a folder under generated_stories/ and the missing ones above it, each 0700."""
        folder = Path(folder)
        stories = self.base_dir / STORIES_FOLDER
        stories.parent.mkdir(parents=True, exist_ok=True)  # BASE_DIR itself keeps the operator's mode
        for level in [*reversed(folder.relative_to(stories).parents), folder.relative_to(stories)]:
            current = stories / level
            try:
                current.mkdir(mode=PRIVATE_DIR_MODE)
            except FileExistsError:
                continue
            os.chmod(current, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
        return folder

    @contextmanager
    def atomic_path(self, path: Path) -> Iterator[Path]:
        """Yield a temp path beside ``path``; rename it into place (0600) if the block succeeds."""
        path = Path(path)
        self.make_dirs(path.parent)
        temp = path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}")
        try:
            yield temp
            os.chmod(temp, PRIVATE_FILE_MODE)  # whoever wrote it (PIL, ffmpeg) used the umask
            os.replace(temp, path)
        finally:
            temp.unlink(missing_ok=True)

    def write_bytes(self, path: Path, data: bytes) -> Path:
        with self.atomic_path(path) as temp:
            temp.write_bytes(data)
        return path

    def write_json(self, path: Path, data: Any) -> Path:
        text = json.dumps(data, ensure_ascii=False, indent=2)
        return self.write_bytes(path, text.encode("utf-8"))

    def read_json(self, path: Path) -> Any:
        return json.loads(Path(path).read_text(encoding="utf-8"))


def check_relative_url(url: str) -> PurePosixPath:
    """Validate the shape of a client URL: relative, forward slashes, no traversal."""
    if not url or len(url) > 1024:
        raise UnsafePath("url is empty or too long")
    if "\x00" in url or "\\" in url or "%" in url or ":" in url:
        raise UnsafePath("url contains a forbidden character")
    if url.startswith("/") or url.startswith("~"):
        raise UnsafePath("url must be relative to the project root")
    parts = PurePosixPath(url).parts
    if any(part in ("..", ".", "") for part in url.split("/")):
        raise UnsafePath("url must not contain '.' or '..' segments")
    if len(parts) < 3 or parts[0] != STORIES_FOLDER or not parts[1].isdigit():
        raise UnsafePath(f"url must look like {STORIES_FOLDER}/<task_id>/<file>")
    return PurePosixPath(*parts)


def task_id_of_url(url: str) -> int:
    """Return the task id a (validated) client URL points into."""
    return int(check_relative_url(url).parts[1])


def check_disk(base_dir: str | os.PathLike, min_free_mb: int) -> dict:
    """Free space where stories are written (the nearest existing folder of BASE_DIR)."""
    folder = Path(base_dir)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    result = {"ok": free_mb >= min_free_mb, "free_mb": int(free_mb), "min_free_mb": int(min_free_mb)}
    if not result["ok"]:
        result["detail"] = f"only {free_mb} MB free under BASE_DIR (minimum {min_free_mb} MB)"
    return result
