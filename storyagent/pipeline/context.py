"""SegmentContext: everything a segment needs, with no Flask in sight."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from ..config import check as check_settings
from ..domain import SegmentCancelled, StoryBrief
from ..storage import StoryDir


@dataclass
class SegmentContext:
    """The inputs, outputs and callbacks of one segment run.

    ``report(fraction, message)`` records progress (0..1 within the segment);
    ``is_cancelled()`` says whether the run should stop. Both default to no-ops so
    the CLI and tests can run a segment as a plain function. ``config`` is checked and
    typed once here (config.check: a ConfigError names any bad key), so a segment reads
    ``ctx.config["VIDEO_WIDTH"]`` as an int and never repeats a default.
    """

    story_dir: StoryDir
    brief: StoryBrief
    config: Mapping[str, Any] = field(default_factory=dict)
    report: Callable[[float, str], None] = lambda fraction, message: None
    is_cancelled: Callable[[], bool] = lambda: False
    _providers: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.config = check_settings(self.config)

    def check_cancelled(self) -> None:
        if self.is_cancelled():
            raise SegmentCancelled("the task was deleted or the run was stopped")

    def progress(self, fraction: float, message: str = "") -> None:
        """Report progress and stop here if the run was cancelled."""
        self.check_cancelled()
        self.report(max(0.0, min(1.0, float(fraction))), message)

    def provider(self, kind: str) -> Any:
        """Return the configured provider of a kind ("llm", "image", "tts"), built once."""
        if kind not in self._providers:
            from ..providers import create_provider

            self._providers[kind] = create_provider(kind, self.config)
        return self._providers[kind]
