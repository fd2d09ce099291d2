"""The Celery worker of `make worker`, with segment doubles steered through the SEGMENT_DOUBLES folder.

    celery -A tests.celery_double_worker worker ...   (tests/test_runner_behaviour.py starts it)
"""
from __future__ import annotations

import os

from storyagent.celery_worker import celery, flask_app  # noqa: F401  (the app Celery's -A loads)
from storyagent.runners import job
from tests.segment_doubles import SegmentDoubles

job.segment_function = SegmentDoubles(os.environ["SEGMENT_DOUBLES"], job.segment_function).function
