"""GET /api/task/{id}/archive: the whole story (the listed files of its completed segments) as one zip.

The zip is streamed while it is built, so a story of any size costs a few kilobytes of memory.
Every file is opened before the first byte is sent: a redo that deletes files mid-download
cannot tear the archive (an open file stays readable after it is unlinked).
"""
from __future__ import annotations

import zipfile
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, Iterator

from flask import Response

from ..errors import ApiError
from . import service

CHUNK = 64 * 1024
# already-compressed formats are stored as they are; deflating them again only costs CPU
STORED_SUFFIXES = {".mp4", ".png", ".jpg", ".jpeg", ".wav"}


class _Pipe:
    """A write-only file object that hands what zipfile writes to the generator, chunk by chunk."""

    def __init__(self):
        self.pending: list[bytes] = []
        self.written = 0

    def write(self, data) -> int:
        self.pending.append(bytes(data))
        self.written += len(data)
        return len(data)

    def tell(self) -> int:  # zipfile asks for offsets; it never seeks a stream it cannot seek
        return self.written

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self.pending)
        self.pending.clear()
        return data


def archive_members(user_id: int, task_id: int) -> list[tuple[str, Path]]:
    """(name in the zip, file) for every listed file of the caller's completed segments; 404/409 otherwise."""
    task = service.owned_task(user_id, task_id)
    folder = service.story_dir(task.id)
    members = [(path.relative_to(folder.root).as_posix(), path)
               for segment in range(1, task.current_segment + 1) for path in folder.outputs(segment)]
    if not members:
        raise ApiError(409, f"Story {task_id} has no finished files yet: run its first step, then download it.")
    return members


def _zip_chunks(prefix: str, opened: list[tuple[str, Path, BinaryIO]], stack: ExitStack) -> Iterator[bytes]:
    """Yield the zip's bytes as they are produced, closing the files at the end (or on disconnect)."""
    pipe = _Pipe()
    with stack, zipfile.ZipFile(pipe, mode="w") as archive:
        for name, path, source in opened:
            info = zipfile.ZipInfo.from_file(path, f"{prefix}/{name}")
            info.compress_type = zipfile.ZIP_STORED if path.suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
            with archive.open(info, mode="w") as target:
                while block := source.read(CHUNK):
                    target.write(block)
                    if pipe.pending:
                        yield pipe.drain()
            yield pipe.drain()
    yield pipe.drain()  # the central directory, written when the ZipFile closed


def archive_response(user_id: int, task_id: int) -> Response:
    """A streamed application/zip attachment named story-<id>.zip."""
    members = archive_members(user_id, task_id)
    stack = ExitStack()
    try:
        opened = [(name, path, stack.enter_context(path.open("rb"))) for name, path in members]
    except FileNotFoundError:
        stack.close()
        raise ApiError(409, f"Story {task_id} changed while the download was prepared: try again.") from None
    prefix = f"story-{task_id}"
    response = Response(_zip_chunks(prefix, opened, stack), mimetype="application/zip", direct_passthrough=True)
    response.headers["Content-Disposition"] = f'attachment; filename="{prefix}.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response
