"""The page's plain words (storyagent/static/words.js), run by Node: what people read instead of the API's text.

Each case feeds words.js what the API or a worker really says and checks the sentence the page
shows: no developer wording ("redo=true", "frame 144 of 1535", "must be 8-256 characters"), and a
next action for every 404, 409, 429 and 503.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from server_process import REPO_ROOT

WORDS = REPO_ROOT / "storyagent" / "static" / "words.js"


def node_binary() -> str:
    """Node runs the page's modules; skipped locally without it, a failure under CI."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is missing (.ci/run installs npm, which brings node)", pytrace=False)
        pytest.skip("node is missing")
    return node


def run_words(calls: list[list]) -> list:
    """Call words.js functions in Node: each call is [function name, *arguments]; their results, in order."""
    node = node_binary()
    script = (f"const words = await import({json.dumps(WORDS.as_uri())});\n"
              f"const calls = {json.dumps(calls)};\n"
              "console.log(JSON.stringify(calls.map(([name, ...args]) => words[name](...args))));")
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def api_error(status: int, detail: str, retry_after: int | None = None) -> dict:
    return {"status": status, "detail": detail, "retryAfter": retry_after}


def test_progress_notes_become_plain_words():
    said = run_words([
        ["plainProgress", "rendering video: frame 144 of 1535", "Video"],
        ["plainProgress", "Queued", "Video"],
        ["plainProgress", "drawing page 3 of 10", "Image"],
        ["plainProgress", "narrated page 2 sentence 4", "Speech"],
        ["plainProgress", "", "Split"],
        ["plainProgress", "a note nobody mapped", "Story"],
    ])
    assert said == ["Filming the pages: 9% filmed", "Waiting for its turn…", "Painting page 3 of 10…",
                    "Recorded page 2, sentence 4…", "Split: working…", "A note nobody mapped"]


def test_refusals_say_what_happened_and_what_to_do():
    said = run_words([
        ["runRefusal", api_error(409, "Segment 5 (Video) is already running; wait for it to finish."), "Video"],
        ["runRefusal", api_error(409, "Segment 5 (Video) is already completed; pass redo=true to run it again "
                                      "(later segments are reset)."), "Video"],
        ["runRefusal", api_error(409, "Segment 4 cannot run yet: the next segment is 2 (Image)."), "Speech"],
        ["runRefusal", api_error(404, "Task 7 not found."), "Story"],
        ["runRefusal", api_error(429, "You already have 2 segments running or queued.", 30), "Story"],
        ["runRefusal", api_error(503, "The server is busy: too many segments are queued. Try again shortly.", 5),
         "Story"],
        ["runRefusal", api_error(503, "Not enough free disk space to start a segment."), "Story"],
        ["runRefusal", api_error(0, "network"), "Story"],
    ])
    running, done, not_yet, gone, capped, busy, disk, offline = said
    assert "already running" in running and "another tab" in running and "wait for it to finish" in running
    assert "already done" in done and "Redo" in done and "redo=true" not in done
    assert "earlier step has to finish first" in not_yet
    assert "no longer exists" in gone and "create a new one" in gone
    assert "Wait for one of your stories to finish" in capped and "30 seconds" in capped
    assert busy == "The server is busy making other stories. Try again in 5 seconds."
    assert "disk space" in disk and "delete stories" in disk
    assert offline.startswith("Cannot reach the server")


def test_login_and_registration_problems_are_tied_to_fields():
    said = run_words([
        ["credentialsRefusal", api_error(400, "password: must be 8-256 characters"), {"registering": False}],
        ["credentialsRefusal", api_error(401, "Invalid username or password."), {"registering": False}],
        ["credentialsRefusal", api_error(409, "The username 'ada' is already taken."), {"registering": True}],
        ["credentialsRefusal", api_error(400, "password: is too common; username: must be 3-64 characters of "
                                              "letters, digits, '_', '.' or '-'"), {"registering": True}],
        ["credentialsRefusal", api_error(429, "Too many failed login attempts; try again later.", 60),
         {"registering": False}],
        ["credentialsRefusal", api_error(429, "Too many registrations from this address."), {"registering": True}],
        ["credentialsRefusal", api_error(400, "password: This password is too easy to guess: This is a top-10 "
                                              "common password. Try a few unrelated words together."),
         {"registering": True}],
        ["checkCredentials", "ada.lovelace", "Ada.Lovelace", {"registering": True}],
        ["checkCredentials", "a", "1234567", {"registering": True}],
        ["checkCredentials", "", "", {"registering": False}],
        ["checkCredentials", "nobody", "short", {"registering": False}],
    ])
    short_login, wrong_login, taken, weak, throttled, registrations, guessable, same, too_short, empty, login_short \
        = said
    assert short_login == wrong_login == {"password": "Wrong username or password. Check both and try again."}
    assert "taken" in taken["username"] and "log in" in taken["username"]
    assert weak["password"].startswith("Is too common.") and "3 to 64" in weak["username"]
    assert throttled == {"form": "Too many tries. Wait 60 seconds, then try again."}
    assert registrations == {"form": "Too many tries. Wait a minute, then try again."}
    assert guessable == {"password": "This password is too easy to guess: This is a top-10 common password. "
                                     "Try a few unrelated words together."}
    assert "must not be your username" in same["password"]
    assert "3 to 64" in too_short["username"] and "you typed 7" in too_short["password"]
    assert set(empty) == {"username", "password"}
    assert login_short == {}  # a login sends what was typed: the server's answer is "wrong", not a rule


def test_chinese_text_is_marked_chinese():
    assert run_words([["languageOf", "小兔子学会了分享"], ["languageOf", "A brave fox"], ["languageOf", "A brave fox", "zh"]]) \
        == ["zh", None, "zh"]


def test_milestones_of_a_run_are_spoken():
    """What the live region says as /progress answers come in: each start, the half-way mark, each end."""
    node = node_binary()
    module = (REPO_ROOT / "storyagent" / "static" / "workflow.js").as_uri()
    idle = {"status": "pending", "current_segment": 0}
    image_start = {"status": "running", "running_segment": 2, "progress": 0.1}
    image_half = {"status": "running", "running_segment": 2, "progress": 0.6}
    split_start = {"status": "running", "running_segment": 3, "progress": 0}
    steps = [[idle, image_start], [image_start, image_half], [image_half, image_half], [image_half, split_start],
             [split_start, {"status": "completed", "current_segment": 3}]]
    script = (f"const {{ milestoneText }} = await import({json.dumps(module)});\n"
              "const names = {2: 'Image', 3: 'Split'};\n"
              f"console.log(JSON.stringify({json.dumps(steps)}.map(([before, task]) =>"
              " milestoneText(before, task, (id) => names[id], 5))));")
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == ["Image started: step 2 of 5.", "Image is half done.", None,
                                         "Image finished. Split started: step 3 of 5.", None]
