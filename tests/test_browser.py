"""The web page in a real browser (Debian's Chromium driven by Playwright) against the real server.

One user's whole journey: register, log out and in, create a story, run all five segments,
watch the film (a decoded <video> with a duration), reload and still be logged in, redo a
segment, delete the story. Screenshots of the main states land in the test's tmp folder and
a few are copied to /tmp/frontend-shots/ for people to look at.
"""
from __future__ import annotations

import re

import pytest
import requests

from browser_support import (VIDEO_SETTINGS, WORKFLOW_LIMIT_MS, Shots, expect, media_duration, open_page,
                             wait_for_steps_done)



def api_detail(server, path: str, body: dict) -> str:
    """What the API itself answers, to compare with what the page shows."""
    return requests.post(server.url + path, json=body, timeout=30).json()["detail"]


def video_blob_is_alive(page, url: str) -> bool:
    """Whether a blob: URL still plays (a media element, since the CSP lets no script fetch blob:)."""
    return page.evaluate("""url => new Promise(resolve => {
        const video = document.createElement('video');
        video.onloadedmetadata = () => resolve(true);
        video.onerror = () => resolve(false);
        video.src = url;
    })""", url)


def test_whole_workflow_in_the_browser(server, page, tmp_path):
    shots = Shots(tmp_path / "shots")
    username, password = "ada", "correct-horse-battery"

    # -- logged out: the login form; a bad login gets plain words, tied to the password field
    open_page(page)
    expect(page.locator("#auth-view")).to_be_visible()
    expect(page.locator("#studio-view")).to_be_hidden()
    page.keyboard.press("Tab")  # keyboard users meet the skip link first
    expect(page.locator(".skip-link")).to_be_focused()
    page.fill("#auth-username", username)
    page.fill("#auth-password", "wrong-password")
    page.click("#login-button")
    assert api_detail(server, "/api/login", {"username": username, "password": "wrong-password"})
    expect(page.locator("#auth-password-error")).to_have_text("Wrong username or password. Check both and try again.")
    expect(page.locator("#auth-password")).to_be_focused()
    expect(page.locator("#auth-password")).to_have_attribute("aria-describedby", re.compile("auth-password-error"))
    shots.take(page, "login-error")

    # -- register (logs straight in), log out, log in again
    page.fill("#auth-password", password)
    page.click("#register-button")
    expect(page.locator("#studio-view")).to_be_visible()
    expect(page.locator("#account-name")).to_have_text(username)
    expect(page.locator("#alert")).to_be_hidden()
    page.click("#logout-button")
    expect(page.locator("#auth-view")).to_be_visible()
    open_page(page)  # the refresh cookie was revoked: a reload stays logged out
    expect(page.locator("#auth-view")).to_be_visible()
    page.fill("#auth-username", username)
    page.fill("#auth-password", password)
    page.press("#auth-password", "Enter")
    expect(page.locator("#studio-view")).to_be_visible()
    expect(page.locator("#task-list-empty")).to_be_visible()

    # -- create a story
    topic = "A lost kitten learns to ask for help"
    page.fill("#topic", topic)
    page.fill("#main-role", "Mimi")
    page.fill("#scene", "a moonlit forest")
    page.select_option("#language", "en")
    page.click("#create-task-button")
    expect(page.locator("#task-detail")).to_be_visible()
    expect(page.locator("#task-title")).to_have_text(topic)
    expect(page.locator("#task-list .task-link")).to_have_count(1)
    task_id = int(page.get_attribute("#task-list .task-link", "data-task-id"))
    expect(page).to_have_url(re.compile(rf"#task-{task_id}$"))
    expect(page.locator("#stepper .step")).to_have_count(5)
    expect(page.locator("#run-next-button")).to_be_enabled()
    expect(page.locator("#run-all-button")).to_be_enabled()
    shots.take(page, "new-story")

    # -- run all five segments, watching the live progress
    page.click("#run-all-button")
    expect(page.locator("#run-state")).to_be_visible()
    expect(page.locator("#run-next-button")).to_be_disabled()
    # a picture of real progress: the Video step part-way (or, if it was too quick, the end)
    page.wait_for_function("""() => document.querySelectorAll('#stepper .step.is-done').length === 5
        || (document.querySelector('#stepper .step:nth-child(5).is-running')
            && document.getElementById('run-progress').value > 0.05)""", timeout=WORKFLOW_LIMIT_MS)
    shots.take(page, "running", share=True)
    wait_for_steps_done(page, 5)
    expect(page.locator("#video-section")).to_be_visible()
    expect(page.locator("#task-status")).to_have_text(re.compile("^completed$", re.I))
    expect(page.locator("#run-next-button")).to_be_disabled()

    # the film: a blob URL the browser decodes, with a real duration
    video_src = page.get_attribute("#video", "src")
    assert video_src.startswith("blob:")
    duration = media_duration(page, "#video")
    assert duration > 0
    # the pages: every picture decoded at the render size, one player per narrated sentence
    story_folder = server.story_folder(task_id)
    pictures = sorted((story_folder / "image").glob("p*.png"))
    clips = sorted((story_folder / "speech").glob("s*_*.wav"))
    assert len(pictures) > 0
    expect(page.locator("#pages .page audio")).to_have_count(len(clips))
    expect(page.locator("#pages .page")).to_have_count(len(pictures))
    widths = page.eval_on_selector_all("#pages img", """images => Promise.all(images.map(img =>
        img.decode().then(() => img.naturalWidth)))""")
    assert widths == [VIDEO_SETTINGS["VIDEO_WIDTH"]] * len(pictures)
    assert media_duration(page, "#pages .page audio") > 0
    # a download link for every listed file, each a blob holding the file's bytes
    expect(page.locator("#files a[download]")).to_have_count(1 + len(pictures) + 1 + len(clips) + 5)
    with page.expect_download() as download:
        page.click("#download-video")
    assert download.value.suggested_filename == f"story{task_id}-output.mp4"
    assert (story_folder / "output.mp4").read_bytes() == download.value.path().read_bytes()
    shots.take(page, "finished", share=True)

    # -- a phone-width view has no sideways scrolling
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shots.take(page, "phone", share=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # -- reload: still logged in (refresh cookie), back on the same story with its film
    open_page(page, None)
    expect(page.locator("#studio-view")).to_be_visible()
    expect(page.locator("#auth-view")).to_be_hidden()
    expect(page.locator("#account-name")).to_have_text(username)
    expect(page.locator("#task-title")).to_have_text(topic)
    expect(page.locator("#video-section")).to_be_visible()
    assert media_duration(page, "#video") == pytest.approx(duration, abs=0.05)
    old_video_src = page.get_attribute("#video", "src")
    assert video_blob_is_alive(page, old_video_src)

    # -- redo: cancelling the dialog changes nothing; confirming resets the later segments
    page.click("#stepper [data-redo='1']")
    expect(page.locator("#confirm-dialog")).to_be_visible()
    page.click("#confirm-cancel")
    expect(page.locator("#confirm-dialog")).to_be_hidden()
    expect(page.locator("#stepper .step.is-done")).to_have_count(5)
    page.click("#stepper [data-redo='3']")
    expect(page.locator("#confirm-dialog")).to_be_visible()
    expect(page.locator("#confirm-text")).to_contain_text("Speech, Video")
    shots.take(page, "redo-dialog", share=True)
    page.click("#confirm-ok")
    expect(page.locator("#video-section")).to_be_hidden()
    wait_for_steps_done(page, 3)
    expect(page.locator("#stepper .step:nth-child(4)")).to_have_class("step is-next")
    assert not video_blob_is_alive(page, old_video_src), "the replaced video's blob URL was not revoked"
    expect(page.locator("#files a[download]")).to_have_count(1 + len(pictures) + 1)
    expect(page.locator("#run-next-button")).to_be_enabled()

    # -- delete the story
    page.click("#delete-button")
    expect(page.locator("#confirm-dialog")).to_be_visible()
    page.click("#confirm-ok")
    expect(page.locator("#task-list-empty")).to_be_visible()
    expect(page.locator("#task-placeholder")).to_be_visible()
    expect(page.locator("#task-detail")).to_be_hidden()
    expect(page.locator("#status")).to_contain_text("deleted")
    shots.take(page, "deleted")
