"""GET /api/task/{id}/archive: the whole story as one streamed zip of exactly the listed files."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from storyagent.storage import StoryDir


def fetch_archive(user, task_id: int):
    """GET the archive; returns (response, body) with the stream closed."""
    response = user.get(f"/api/task/{task_id}/archive")
    body = response.get_data()
    response.close()
    return response, body


def listed_files(user, task_id: int, segments) -> dict[str, bytes]:
    """What /resource lists for the segments, by path inside the story folder, with each file's bytes."""
    files = {}
    for segment in segments:
        for url in user.urls(task_id, segment):
            _, body = user.download(url)
            files[url.split(f"generated_stories/{task_id}/", 1)[1]] = body
    return files


@pytest.fixture
def two_segment_task(alice):
    task_id = alice.new_task(topic="a little cloud learns to rain", main_role="Nimbus")
    assert alice.run(task_id, 1)["current_segment"] == 1
    assert alice.run(task_id, 2)["current_segment"] == 2
    return task_id


def test_archive_holds_exactly_the_listed_files_of_completed_segments(alice, two_segment_task, app):
    folder = StoryDir(app.config["BASE_DIR"], two_segment_task)
    # files that are not listed must not leak into the zip
    (folder.root / "notes.txt").write_text("private")
    (folder.root / ".story.abcd.tmp.json").write_text("{}")
    response, body = fetch_archive(alice, two_segment_task)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="story-{two_segment_task}.zip"'
    assert "Content-Length" not in response.headers  # streamed, not built in memory first

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
        prefix = f"story-{two_segment_task}/"
        names = archive.namelist()
        assert all(name.startswith(prefix) for name in names)
        contents = {name[len(prefix):]: archive.read(name) for name in names}
        kinds = {name[len(prefix):]: archive.getinfo(name).compress_type for name in names}
    expected = listed_files(alice, two_segment_task, (1, 2))
    assert sorted(contents) == sorted(expected)
    assert "image/prompts.json" not in contents  # a companion file, not listed
    assert contents == expected
    assert json.loads(contents["story.json"])["main_role"] == "Nimbus"
    assert kinds["image/p1.png"] == zipfile.ZIP_STORED and kinds["story.json"] == zipfile.ZIP_DEFLATED


def test_archive_of_a_story_with_nothing_finished_is_409(alice):
    task_id = alice.new_task()
    response = alice.get(f"/api/task/{task_id}/archive")
    assert response.status_code == 409
    assert "no finished files yet" in response.json["detail"]


def test_archive_is_owner_checked(alice, bob, two_segment_task):
    assert bob.get(f"/api/task/{two_segment_task}/archive").status_code == 404
    assert alice.get("/api/task/999999/archive").status_code == 404
    assert alice.client.get(f"/api/task/{two_segment_task}/archive").status_code == 401  # no token
    alice.delete(f"/api/task/{two_segment_task}")
    assert alice.get(f"/api/task/{two_segment_task}/archive").status_code == 404


def test_archive_after_a_redo_leaves_out_the_reset_segments(alice, two_segment_task):
    """A redo of Image resets it: until it completes again, the zip holds only the story."""
    response = alice.post(f"/api/task/{two_segment_task}/execute/2?redo=true")
    assert response.status_code == 202
    prefix = f"story-{two_segment_task}/"
    _, body = fetch_archive(alice, two_segment_task)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        during = {name[len(prefix):] for name in archive.namelist()}
    state = alice.wait(two_segment_task)
    assert state["current_segment"] == 2
    complete = set(listed_files(alice, two_segment_task, (1, 2)))
    # while Image re-runs only the story is complete (unless it already finished again)
    assert during in ({"story.json"}, complete)
    _, body = fetch_archive(alice, two_segment_task)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert {name[len(prefix):] for name in archive.namelist()} == complete
