"""Listing and downloading files: relative URLs, attachments, Range, and path safety."""
from __future__ import annotations

import json
import os

import pytest

from storyagent.storage import StoryDir


@pytest.fixture
def story_task(alice):
    task_id = alice.new_task(topic="a little cloud learns to rain", main_role="Nimbus")
    alice.run(task_id, 1)
    alice.run(task_id, 2)
    return task_id


def test_listing_is_relative_to_base_dir(alice, story_task, app):
    assert alice.urls(story_task, 1) == [f"generated_stories/{story_task}/story.json"]
    images = alice.urls(story_task, 2)
    assert images[0] == f"generated_stories/{story_task}/image/p1.png"
    assert images == sorted(images, key=lambda u: int(u.rsplit("/p", 1)[1][:-4]))
    for url in images:
        assert (os.path.join(app.config["BASE_DIR"], url)) and not url.startswith("/")
    assert alice.urls(story_task, 3) == []  # not run yet


def test_download_is_an_attachment_of_the_file(alice, story_task):
    url = f"generated_stories/{story_task}/story.json"
    response, body = alice.download(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "story.json" in response.headers["Content-Disposition"]
    assert json.loads(body)["main_role"] == "Nimbus"


def test_download_supports_range_requests(alice, story_task):
    url = alice.urls(story_task, 2)[0]
    _, whole = alice.download(url)
    assert whole[:8] == b"\x89PNG\r\n\x1a\n"
    response, part = alice.download(url, headers={"Range": "bytes=10-99"})
    assert response.status_code == 206
    assert part == whole[10:100]
    assert response.headers["Content-Range"] == f"bytes 10-99/{len(whole)}"


def test_another_users_file_is_404(bob, story_task):
    response = bob.get(f"/api/resource?url=generated_stories/{story_task}/story.json")
    assert response.status_code == 404


def test_unlisted_and_temp_files_are_not_served(alice, story_task, app):
    folder = StoryDir(app.config["BASE_DIR"], story_task)
    (folder.root / ".story.abcd.tmp.json").write_text("{}")
    (folder.root / "notes.txt").write_text("private")
    for name in (".story.abcd.tmp.json", "notes.txt", "image/prompts.json"):
        response = alice.get(f"/api/resource?url=generated_stories/{story_task}/{name}")
        assert response.status_code == 404, name


TRAVERSAL_PROBES = [
    "/etc/passwd",
    "../../../../etc/passwd",
    "generated_stories/{id}/../../../etc/passwd",
    "generated_stories/{id}/./story.json",
    "generated_stories/{id}/image/../../{other}/story.json",
    "generated_stories\\{id}\\story.json",
    "generated_stories/{id}/story.json\x00.png",
    "generated_stories/{id}/%2e%2e/%2e%2e/etc/passwd",
    "generated_stories/{id}/..%2f..%2fetc/passwd",
    "generated_stories/%7B{id}%7D/story.json",
    "generated_stories//{id}/story.json",
    "~/generated_stories/{id}/story.json",
    "file:///etc/passwd",
    "generated_stories/{id}",
    "generated_stories/{id}/",
    "generated_stories/{other}/story.json",
    "generated_stories/{id}/link.json",
    "generated_stories/{id}/image",
    "generated_stories/-1/story.json",
    "C:/Windows/win.ini",
]


def test_traversal_corpus_is_refused(alice, bob, story_task, app):
    other = bob.new_task()
    bob.run(other, 1)
    folder = StoryDir(app.config["BASE_DIR"], story_task)
    secret = folder.base_dir / "secret.txt"
    secret.write_text("top secret")
    os.symlink(secret, folder.root / "link.json")
    for probe in TRAVERSAL_PROBES:
        url = probe.format(id=story_task, other=other)
        response = alice.client.get("/api/resource", query_string={"url": url}, headers=alice.headers)
        assert response.status_code in (400, 404), (url, response.status_code)
        assert response.is_json and response.json["detail"], url
        assert b"top secret" not in response.data and b"root:" not in response.data


def test_symlink_escaping_the_folder_is_refused_even_if_named_like_an_output(alice, story_task, app):
    folder = StoryDir(app.config["BASE_DIR"], story_task)
    outside = folder.base_dir / "outside.png"
    outside.write_bytes(b"\x89PNG fake outside file")
    page = folder.image_path(1)
    page.unlink()
    os.symlink(outside, page)
    response = alice.get(f"/api/resource?url=generated_stories/{story_task}/image/p1.png")
    assert response.status_code == 404


def test_resource_url_is_required(alice):
    response = alice.get("/api/resource")
    assert response.status_code == 400 and "url" in response.json["detail"]
