"""Stop in a real browser: the running step ends "stopped", in calm words, ready to run again.

The server films at a size that takes a while, so Stop always meets a running Video step.
"""
from __future__ import annotations

import re

import pytest

from browser_support import VIDEO_SETTINGS, _require_browser, expect, open_page
from server_process import ApiClient, ServerProcess

PASSWORD = "violet-kettle-harbour"
# bigger and smoother than the other browser tests: the Video step takes ~16 s here (1-2 s at 320x180)
SLOW_VIDEO = {**VIDEO_SETTINGS, "VIDEO_WIDTH": 960, "VIDEO_HEIGHT": 540, "VIDEO_FPS": 30}


@pytest.fixture
def server(tmp_path):
    """This module's server (it overrides browser_support's): a slow Video step."""
    _require_browser()
    with ServerProcess(tmp_path / "server", SLOW_VIDEO) as running:
        running.start()
        yield running


def test_stop_ends_the_running_step_stopped(server, page):
    user = ApiClient(server, "noor", PASSWORD).signup()
    task_id = user.new_task(topic="A little lighthouse keeps watch")
    for segment in range(1, 5):
        user.run(task_id, segment)
    open_page(page, f"/#task-{task_id}")
    page.fill("#auth-username", "noor")
    page.fill("#auth-password", PASSWORD)
    page.click("#login-button")
    expect(page.locator("#run-next-button")).to_have_text("Run next: Video")

    page.click("#run-next-button")
    page.click("#stop-button")
    expect(page.locator("#run-error-text")).to_have_text("Video was stopped. Run it again when you are ready.")
    expect(page.locator("#task-status")).to_have_text("stopped")
    expect(page.locator(f"#task-list [data-task-id='{task_id}'] .badge")).to_have_text("stopped")
    expect(page.locator("#stepper .step:nth-child(5) .step-state")).to_have_text("Stopped")
    expect(page.locator("#retry-button")).to_have_text("Run Video")
    expect(page.locator("#stop-button")).to_be_hidden()
    expect(page.locator("#run-all-button")).to_be_enabled()
    expect(page.locator("#notice-text")).to_have_text(re.compile("^Video was stopped"))
    expect(page.locator("#alert")).to_be_hidden()  # stopping is not an error
    state = user.progress(task_id)
    assert state["status"] == "failed" and state["current_segment"] == 4 and "stopped" in state["message"]
    assert not (server.story_folder(task_id) / "output.mp4").exists()
