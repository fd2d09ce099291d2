"""The "Edit story" view in a real browser: write your own story before the pictures, then fix a
page after them (the later steps are reset, with a warning and a confirmation first)."""
from __future__ import annotations

import json

from browser_support import Shots, open_page, wait_for_steps_done  # fixtures come from the browser_support plugin


def page_texts(page) -> list[str]:
    return page.eval_on_selector_all("#pages .page-text", "nodes => nodes.map(n => n.textContent)")


def test_write_then_edit_the_story_in_the_browser(server, page, tmp_path):
    shots = Shots(tmp_path / "shots")
    open_page(page)
    page.fill("#auth-username", "teacher")
    page.fill("#auth-password", "correct-horse-battery")
    page.click("#register-button")
    page.wait_for_selector("#studio-view", state="visible")
    page.fill("#topic", "a mouse in a storm")
    page.click("#create-task-button")
    page.wait_for_selector("#task-detail", state="visible")

    # before any step: write your own story (the title starts as the topic, one empty page)
    assert page.text_content("#edit-story-button") == "Write your own story"
    page.click("#edit-story-button")
    page.wait_for_selector("#story-editor", state="visible")
    assert page.input_value("#story-editor-title-input") == "a mouse in a storm"
    assert page.eval_on_selector_all(".editor-page", "items => items.length") == 1
    assert "completes step 1" in page.text_content("#story-editor-note")

    page.fill("#story-editor-title-input", "Pip and the Storm")
    page.fill("#story-editor-page-1", "Pip the little brown mouse lived in the forest.")
    page.click("#story-editor-add")
    page.fill("#story-editor-page-2", "This page will be removed.")
    page.click("#story-editor-add")
    assert page.evaluate("() => document.activeElement.id") == "story-editor-page-3"
    page.fill("#story-editor-page-3", "One night a storm came, and Pip hid under a leaf.")
    page.click("[aria-label='Remove page 2']")
    assert page.eval_on_selector_all(".editor-page-label", "labels => labels.map(l => l.textContent)") == \
        ["Page 1", "Page 2"]
    assert page.input_value("#story-editor-page-2").startswith("One night a storm came")
    assert page.text_content("#story-editor-total").startswith("2 of 30 pages, 96 of 12,000 characters")

    # an empty page is named before anything is sent
    page.click("#story-editor-add")
    page.click("#story-editor-save")
    page.wait_for_selector("#alert", state="visible")
    assert page.text_content("#alert-text") == "Page 3 is empty: write something or remove the page."
    assert page.evaluate("() => document.activeElement.id") == "story-editor-page-3"
    page.click("[aria-label='Remove page 3']")
    page.wait_for_selector("#alert", state="hidden")  # fixed: the complaint goes away
    shots.take(page, "story-editor-new", share=True)

    page.click("#story-editor-save")
    page.wait_for_selector("#story-editor", state="hidden")
    wait_for_steps_done(page, 1)
    page.wait_for_function("() => document.querySelectorAll('#pages .page').length === 2")
    assert page_texts(page) == ["Pip the little brown mouse lived in the forest.",
                                "One night a storm came, and Pip hid under a leaf."]
    assert page.text_content("#book-title-text") == "Pip and the Storm"

    # the pictures are made from that text
    page.click("#run-next-button")
    wait_for_steps_done(page, 2)
    page.wait_for_function("() => document.querySelectorAll('#pages .page img').length === 2")

    # after the pictures: a clear note, a confirmation, then Image is reset
    assert page.text_content("#edit-story-button") == "Edit story"
    page.click("#edit-story-button")
    page.wait_for_selector("#story-editor", state="visible")
    note = page.text_content("#story-editor-note")
    assert "Image will be reset" in note and "files deleted" in note
    assert page.input_value("#story-editor-page-1") == "Pip the little brown mouse lived in the forest."
    assert "Pip (a little brown mouse)" in page.text_content("#story-editor-roles")
    page.fill("#story-editor-page-2", "One night a storm came, and Pip sang to the thunder.")
    shots.take(page, "story-editor-after-pictures", share=True)
    page.click("#story-editor-save")
    page.wait_for_selector("#confirm-dialog[open]")
    page.click("#confirm-ok")
    page.wait_for_selector("#story-editor", state="hidden")
    wait_for_steps_done(page, 1)
    page.wait_for_function("() => document.querySelectorAll('#pages .page img').length === 0")
    page.wait_for_function("() => [...document.querySelectorAll('#pages .page-text')]"
                           ".some(n => n.textContent.includes('sang to the thunder'))")
    assert page.text_content("#run-next-button") == "Run next: Image"
    story = json.loads((server.base_dir / "generated_stories" / "1" / "story.json").read_text(encoding="utf-8"))
    assert story["pages"][1] == "One night a storm came, and Pip sang to the thunder."
    assert story["roles"] == {"Pip": "a little brown mouse"}
    assert not list((server.base_dir / "generated_stories" / "1").glob("image/*.png"))
    shots.take(page, "story-edited", share=True)
