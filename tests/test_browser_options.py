"""The new-story form's options in a real browser: voices of the story's language with a spoken sample,
the options sent with the story and shown with it, and a film that shows its captions once."""
from __future__ import annotations

from browser_support import VIDEO_SETTINGS, Shots, axe_violations, expect, media_duration, open_page, wait_for_steps_done


def register(page, username: str) -> None:
    page.fill("#auth-username", username)
    page.fill("#auth-password", "violet-kettle-harbour")
    page.click("#register-button")
    expect(page.locator("#studio-view")).to_be_visible()


def create_with_options(page, topic: str, choices: dict) -> tuple[int, dict]:
    """Fill the form (the options by their element ids), create the story; return its id and the body sent."""
    page.fill("#topic", topic)
    if not page.locator("#story-options").evaluate("details => details.open"):
        page.click("#story-options > summary")
    for element, value in choices.items():
        page.select_option(f"#{element}", value)
    with page.expect_request(lambda request: request.url.endswith("/api/task/new")) as sent:
        page.click("#create-task-button")
    expect(page.locator("#task-title")).to_have_text(topic)
    return int(page.url.rsplit("#task-", 1)[1]), sent.value.post_data_json


def film_and_tracks(page) -> tuple[tuple[int, int], list[str]]:
    """Run every step, then the film's decoded size and the kinds of its text tracks."""
    page.click("#run-all-button")
    wait_for_steps_done(page, 5)
    expect(page.locator("#video-section")).to_be_visible()
    assert media_duration(page, "#video") > 0
    size = page.eval_on_selector("#video", "video => [video.videoWidth, video.videoHeight]")
    kinds = page.eval_on_selector_all("#video track", "tracks => tracks.map(track => track.kind)")
    return tuple(size), kinds


def test_the_form_offers_the_options_sends_them_and_the_film_shows_captions_once(page, tmp_path):
    shots = Shots(tmp_path / "shots")
    open_page(page)
    register(page, "iris")

    # -- the voices of the chosen language, the usual one first, and a sample to hear
    page.click("#story-options > summary")
    expect(page.locator("#voice option")).to_have_count(2)   # filled from /api/voices once it answers
    voices = page.eval_on_selector_all("#voice option", "options => options.map(o => [o.value, o.textContent])")
    assert voices[0][0] == "" and "espeak-ng English" in voices[0][1] and voices[0][1].endswith(", the usual")
    assert [value for value, _ in voices[1:]] == ["piper:en_US-joe-medium"]
    page.click("#voice-preview-button")
    expect(page.locator("#voice-preview")).to_be_visible()
    assert media_duration(page, "#voice-preview") > 1.0
    page.select_option("#language", "zh")
    expect(page.locator("#voice option")).to_have_count(1)
    assert page.eval_on_selector_all("#voice option", "options => options.map(o => o.value)") == [""]
    expect(page.locator("#voice option")).to_have_text(["espeak-ng Mandarin (robotic, fast), the usual"])
    page.select_option("#language", "en")
    assert axe_violations(page) == []
    shots.take(page, "options-form", share=True)

    # -- a tall story with burned-in captions: the options go with it and are shown; no captions track
    task_id, body = create_with_options(page, "A tall giraffe who loves the stars", {
        "aspect": "9:16", "story-pages": "6", "music": "off", "caption-style": "sentence"})
    assert body["options"] == {"aspect": "9:16", "pages": 6, "music": "off", "caption_style": "sentence"}
    expect(page.locator("#task-meta")).to_contain_text("Tall 9:16")
    expect(page.locator("#task-meta")).to_contain_text("6 pages")
    expect(page.locator("#task-meta")).to_contain_text("No music")
    # the form is back at its defaults for the next story
    assert page.eval_on_selector("#aspect", "select => select.value") == "16:9"
    size, tracks = film_and_tracks(page)
    assert size == (VIDEO_SETTINGS["VIDEO_HEIGHT"], VIDEO_SETTINGS["VIDEO_WIDTH"]) and tracks == []
    assert task_id > 0
    pictures = page.eval_on_selector_all("#pages .page-picture img", "images => images.length")
    assert pictures > 0 and page.eval_on_selector_all("#pages .page-picture.is-tall img", "i => i.length") == pictures
    shots.take(page, "portrait-film", share=True)

    # -- captions kept out of the picture: the player offers them as a track instead
    _, body = create_with_options(page, "A small boat finds the harbour", {"caption-style": "none", "story-pages": "6"})
    assert body["options"] == {"aspect": "16:9", "pages": 6, "caption_style": "none"}
    size, tracks = film_and_tracks(page)
    assert size == (VIDEO_SETTINGS["VIDEO_WIDTH"], VIDEO_SETTINGS["VIDEO_HEIGHT"]) and tracks == ["captions"]
    assert axe_violations(page) == []
