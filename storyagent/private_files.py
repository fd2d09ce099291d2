"""Keep the instance folder, the SQLite database (password hashes) and the stories private: 0700 / 0600.

SQLite creates a new database file, and its -wal and -shm files, with the process umask
(0644 under the usual 022); it gives the -wal and -shm the database file's own mode. So the
file is created 0600 before SQLite first opens it, and an existing one is tightened.
"""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .extensions import db
from .storage import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, STORIES_FOLDER

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_file(app: Flask) -> Path | None:
    """The database file when the database is a SQLite file, else None."""
    with app.app_context():
        url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return None
    return Path(url.database)


def protect_private_files(app: Flask) -> None:
    """Make the instance folder 0700, the SQLite database (with its companions) 0600, and
    an existing generated_stories/ 0700 (folders made before this version were 0755)."""
    os.chmod(app.instance_path, PRIVATE_DIR_MODE)
    stories = Path(app.config["BASE_DIR"]) / STORIES_FOLDER
    if stories.is_dir():
        os.chmod(stories, PRIVATE_DIR_MODE)
    database = sqlite_file(app)
    if database is None:
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass
    for suffix in SQLITE_COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.chmod(companion, PRIVATE_FILE_MODE)
