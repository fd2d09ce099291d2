"""The `storyagent` console script: the app's CLI commands, with no segment runner or housekeeping."""
from __future__ import annotations

import os
import sys

from flask.cli import FlaskGroup

from . import create_app


def main() -> None:
    """Entry point of the `storyagent` console script (`storyagent make "a topic"`, `storyagent init-db`)."""
    settings = {"RUNNER": os.environ.get("STORYAGENT_RUNNER", "off"), "SCHEDULER_ENABLED": False}
    FlaskGroup(create_app=lambda: create_app(settings))(sys.argv[1:])
