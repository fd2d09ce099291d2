"""The page's promises of issue 13, in a real browser against the real server, under a strict CSP.

A first visit is quiet (no refresh request, no console error) and accessible (axe-core); rules are
shown before typing and problems are tied to their field; Chinese titles carry lang="zh". "Run all"
runs on the server, so a reload mid-way carries on to the film; two tabs stay in step; a stale tab
gets plain words, not the API's; the offline banner clears on the first good answer; the download
buttons give a playable mp4 and a zip of exactly the listed files; on a phone an opened story
shows its film. Screenshots (desktop and phone) go to the test's tmp folder and /tmp/frontend-shots.
"""
from __future__ import annotations

import io
import json
import re
import zipfile

from browser_support import PHONE, Shots, axe_violations, expect, open_page, wait_for_steps_done
from server_process import ApiClient, probe_media


PASSWORD = "violet-kettle-harbour"
FIELD_ERROR = "#auth-{}-error"


def register(page, username: str, password: str = PASSWORD) -> None:
    page.fill("#auth-username", username)
    page.fill("#auth-password", password)
    page.click("#register-button")
    expect(page.locator("#studio-view")).to_be_visible()


def create_story(page, topic: str, language: str = "en") -> int:
    page.fill("#topic", topic)
    page.select_option("#language", language)
    page.click("#create-task-button")
    expect(page.locator("#task-detail")).to_be_visible()
    expect(page.locator("#task-title")).to_have_text(topic)
    return int(page.url.rsplit("#task-", 1)[1])


def phone_shot(tab, shots: Shots, name: str) -> None:
    """A screenshot at phone size (no sideways scrolling there), then back to the desktop size."""
    size = tab.viewport_size
    tab.set_viewport_size(PHONE)
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shots.take(tab, name, share=True)
    tab.set_viewport_size(size)


def refresh_requests(tab) -> list[str]:
    return [request for request in tab.requests if request.endswith("/api/refresh")]


def test_first_visit_is_quiet_plain_and_accessible(browser_context, server, tmp_path):
    shots = Shots(tmp_path / "shots")
    tab = browser_context().new_page()

    # -- a first visit: no session to restore, so no refresh request and no console error
    open_page(tab)
    expect(tab.locator("#auth-view")).to_be_visible()
    assert refresh_requests(tab) == []
    assert tab.console_errors == []
    # the rules are on screen before typing, and read with each field
    expect(tab.locator("#auth-username-hint")).to_contain_text("3 to 64")
    expect(tab.locator("#auth-password-hint")).to_contain_text("at least 8 characters")
    expect(tab.locator("#auth-password-hint")).to_contain_text("not your username")
    expect(tab.locator("#auth-password")).to_have_attribute("aria-describedby", "auth-password-hint")
    assert axe_violations(tab) == []
    shots.take(tab, "logged-out", share=True)
    phone_shot(tab, shots, "phone-logged-out")

    # -- a short wrong password at login: "wrong username or password", not the length rule
    tab.fill("#auth-username", "nobody")
    tab.fill("#auth-password", "short")
    tab.click("#login-button")
    expect(tab.locator(FIELD_ERROR.format("password"))).to_have_text(re.compile("^Wrong username or password"))
    expect(tab.locator("#auth-password")).to_be_focused()
    expect(tab.locator("#auth-password")).to_have_attribute("aria-invalid", "true")

    # -- registering: problems named in plain words under their field, which gets the focus
    tab.fill("#auth-username", "bad name")
    tab.fill("#auth-password", "short")
    tab.click("#register-button")
    expect(tab.locator(FIELD_ERROR.format("username"))).to_contain_text("no spaces")
    expect(tab.locator(FIELD_ERROR.format("password"))).to_contain_text("at least 8 characters")
    expect(tab.locator("#auth-username")).to_be_focused()
    expect(tab.locator("#auth-username")).to_have_attribute(
        "aria-describedby", "auth-username-hint auth-username-error")
    tab.fill("#auth-username", "mei")
    expect(tab.locator(FIELD_ERROR.format("username"))).to_be_hidden()  # typing clears it
    tab.fill("#auth-password", "mei")
    tab.click("#register-button")
    expect(tab.locator(FIELD_ERROR.format("password"))).to_be_visible()
    shots.take(tab, "register-problems", share=True)
    register(tab, "mei")
    text = tab.locator("body").inner_text()
    assert "must be" not in text and "characters of letters" not in text  # no developer wording left

    # -- the empty studio has a heading one and no axe violation; the welcome notice goes away
    expect(tab.locator("h1:visible")).to_have_text("Pick a story")
    expect(tab.locator("#notice")).to_be_visible()
    tab.click("#notice-dismiss")
    expect(tab.locator("#notice")).to_be_hidden()
    assert axe_violations(tab) == []
    shots.take(tab, "empty-studio", share=True)
    phone_shot(tab, shots, "phone-empty-studio")

    # -- a Chinese story: its title is marked as Chinese, in the heading and in the list
    topic = "小兔子学会了分享"
    task_id = create_story(tab, topic, language="zh")
    expect(tab.locator("#task-title")).to_have_attribute("lang", "zh")
    expect(tab.locator(f"#task-list [data-task-id='{task_id}'] .task-link-topic")).to_have_attribute("lang", "zh")
    expect(tab.locator("#notice")).to_be_hidden()  # "Story created" went by itself
    assert axe_violations(tab) == []
    shots.take(tab, "story-open", share=True)

    # -- a reload restores the session (the marker says there is one); after logout it does not try
    open_page(tab, None)
    expect(tab.locator("#task-title")).to_have_text(topic)
    assert len(refresh_requests(tab)) == 1
    tab.click("#logout-button")
    expect(tab.locator("#auth-view")).to_be_visible()
    tab.console_errors.clear()
    open_page(tab, None)
    expect(tab.locator("#auth-view")).to_be_visible()
    assert len(refresh_requests(tab)) == 1
    assert tab.console_errors == []


def listed_files(server, username: str, task_id: int) -> set[str]:
    """Every file /resource lists for the story's five segments, by path inside its folder."""
    user = ApiClient(server, username, PASSWORD)
    user.login()
    prefix = f"generated_stories/{task_id}/"
    return {url[len(prefix):] for segment in range(1, 6) for url in user.urls(task_id, segment)}


def record_announcements(tab) -> None:
    """Keep everything the live region says (it is overwritten as it goes) in sessionStorage "said",
    across reloads of the tab."""
    tab.add_init_script("""document.addEventListener('DOMContentLoaded', () => {
        const region = document.getElementById('status');
        new MutationObserver(() => {
            if (!region.textContent) return;
            const said = JSON.parse(sessionStorage.getItem('said') || '[]');
            sessionStorage.setItem('said', JSON.stringify([...said, region.textContent]));
        }).observe(region, {childList: true, characterData: true, subtree: true});
    })""")


def announcements(tab) -> list[str]:
    return tab.evaluate("JSON.parse(sessionStorage.getItem('said') || '[]')")


def serve_stale_progress_until_a_run(tab, task_id: int) -> None:
    """Make a tab believe the story is untouched (as if it missed every update) until it asks to run."""
    asked = {"run": False}

    def on_request(request):
        if request.method == "POST" and "/execute/" in request.url:
            asked["run"] = True

    def stale(route):
        if asked["run"]:
            route.fallback()
            return
        response = route.fetch()
        body = response.json()
        body.update(status="pending", current_segment=0, running_segment=None, progress=0, message="", error=None)
        if "through" in body:
            body["through"] = None
        route.fulfill(response=response, json=body)

    tab.on("request", on_request)
    tab.route(f"**/api/task/{task_id}/progress", stale)


def wait_until_chain_ends(tab) -> int:
    """Wait until the page offers "Run all" again or all five steps are done; the number done."""
    tab.wait_for_function("""() => document.querySelectorAll('#stepper .step.is-done').length === 5
        || !document.getElementById('run-all-button').disabled""", timeout=900_000)
    return tab.locator("#stepper .step.is-done").count()


def test_run_all_survives_reload_and_tabs_stay_in_step(browser_context, server, tmp_path):
    shots = Shots(tmp_path / "shots")
    profile = browser_context()
    first = profile.new_page()
    record_announcements(first)
    open_page(first)
    register(first, "ravi")
    second = profile.new_page()  # the same browser profile: a second tab, already logged in
    open_page(second)
    expect(second.locator("#task-list-empty")).to_be_visible()

    # -- a story created in tab 1 appears in tab 2 without a reload, and opens there
    topic = "A small robot learns to paint"
    task_id = create_story(first, topic)
    link = second.locator(f"#task-list [data-task-id='{task_id}']")
    expect(link).to_be_visible()
    serve_stale_progress_until_a_run(second, task_id)
    link.click()
    expect(second.locator("#task-title")).to_have_text(topic)
    expect(second.locator("#run-next-button")).to_have_text("Run next: Story")
    third = profile.new_page()  # a third tab on the story, that misses nothing
    open_page(third, f"/#task-{task_id}")
    expect(third.locator("#run-next-button")).to_be_enabled()

    # -- tab 1 runs everything on the server: tab 3 follows at once
    first.click("#run-all-button")
    expect(first.locator("#stop-button")).to_be_visible()
    expect(third.locator("#run-next-button")).to_be_disabled()
    expect(third.locator("#run-all-button")).to_be_disabled()

    # -- reload tab 1 mid-way: the chain goes on on the server, and the page follows it
    first.wait_for_function("() => document.querySelectorAll('#stepper .step.is-done').length >= 1")
    open_page(first, None)
    expect(first.locator("#stop-button")).to_be_visible()
    # the server vanishes for a moment: the banner says so, and goes on the first good answer
    first.route("**/api/**", lambda route: route.abort())
    expect(first.locator("#alert-text")).to_contain_text("Cannot reach the server")
    first.unroute("**/api/**")
    expect(first.locator("#alert")).to_be_hidden()
    shots.take(first, "running-after-reload", share=True)

    # -- tab 2, stale, tries to run: plain words (not the API's), then the truth
    second.click("#run-next-button")
    said = second.locator("#notice-text, #alert-text").filter(has_text="another tab")
    expect(said).to_have_count(1)
    assert "redo=true" not in second.locator("body").inner_text()
    expect(second.locator("#run-next-button")).to_be_disabled()

    assert wait_until_chain_ends(first) == 5
    expect(first.locator("#video-section")).to_be_visible()
    expect(second.locator("#video-section")).to_be_visible()
    wait_for_steps_done(second, 5)
    said = announcements(first)
    assert said[said.index("Story started: step 1 of 5."):] and "All done! Your storybook film is ready." in said, said
    assert any(re.fullmatch(r"\w+ finished\. \w+ started: step [2-5] of 5\.", text) for text in said), said

    # -- the download buttons: a few Tab presses from the film (its own controls come first) ...
    first.focus("#video")
    presses = 0
    while presses < 10 and first.evaluate("document.activeElement.id") != "download-video":
        first.keyboard.press("Tab")
        presses += 1
    expect(first.locator("#download-video")).to_be_focused()
    # ... give a playable mp4 and a zip of exactly the listed files
    with first.expect_download() as video_download:
        first.click("#download-video")
    movie = tmp_path / "downloaded.mp4"
    video_download.value.save_as(movie)
    media = probe_media(movie)
    assert media["h264"] and media["aac"] and media["duration"] > 0, media["text"]
    assert media["size"] == (320, 180)
    with first.expect_download() as captions_download:
        first.click("#download-captions")
    assert "-->" in captions_download.value.path().read_text()
    with first.expect_download() as zip_download:
        first.click("#download-archive")
    assert zip_download.value.suggested_filename == f"story-{task_id}.zip"
    with zipfile.ZipFile(io.BytesIO(zip_download.value.path().read_bytes())) as archive:
        prefix = f"story-{task_id}/"
        names = {name[len(prefix):] for name in archive.namelist()}
        story = json.loads(archive.read(prefix + "story.json"))
    assert names == listed_files(server, "ravi", task_id)
    assert {"story.json", "output.mp4", "captions.srt", "cover.jpg"} <= names

    # -- the pictures are described by their page's text; the results state passes axe
    first_image = first.locator("#pages img").first
    expect(first_image).to_have_attribute("alt", story["pages"][0])
    assert axe_violations(first) == []
    shots.take(first, "finished", share=True)

    # -- on a phone, opening the story brings the film into view; a new story shows its first step
    phone = browser_context(PHONE).new_page()
    open_page(phone, f"/#task-{task_id}")
    phone.fill("#auth-username", "ravi")
    phone.fill("#auth-password", PASSWORD)
    phone.click("#login-button")
    expect(phone.locator("#video-section")).to_be_visible()
    expect(phone.locator("#video-section")).to_be_in_viewport()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(tmp_path / "shots" / "phone-film.png"))
    shots.take(phone, "phone-finished", share=True)
    phone.click("#new-task-panel summary")
    create_story(phone, "A quiet owl finds her voice")
    expect(phone.locator("#stepper .step.is-next")).to_be_in_viewport()
    phone.screenshot(path=str(tmp_path / "shots" / "phone-new-story.png"))
