"""Tasks and the segment state machine of DESIGN.md, through the API."""
from __future__ import annotations

import json

import pytest

from storyagent.storage import StoryDir


def test_workflow_lists_the_five_segments(client):
    response = client.get("/api/task/workflow")
    assert response.status_code == 200
    assert response.json == [{"id": 1, "name": "Story"}, {"id": 2, "name": "Image"}, {"id": 3, "name": "Split"},
                             {"id": 4, "name": "Speech"}, {"id": 5, "name": "Video"}]


def test_new_task_starts_pending_at_segment_zero(alice):
    task_id = alice.new_task(topic="a brave snail", main_role="Sam", scene="garden")
    state = alice.progress(task_id)
    assert state["current_segment"] == 0 and state["status"] == "pending"
    assert (state["topic"], state["main_role"], state["scene"], state["language"]) == \
        ("a brave snail", "Sam", "garden", "en")


def test_mytasks_newest_first_and_only_mine(alice, bob):
    first, second = alice.new_task(), alice.new_task()
    bob.new_task()
    response = alice.get("/api/task/mytasks")
    assert response.json["task_ids"] == [second, first]
    assert [t["task_id"] for t in response.json["tasks"]] == [second, first]


def test_other_users_task_is_404_everywhere(alice, bob):
    task_id = alice.new_task()
    for response in (bob.get(f"/api/task/{task_id}/progress"),
                     bob.post(f"/api/task/{task_id}/execute/1"),
                     bob.get(f"/api/task/{task_id}/resource?segmentId=1"),
                     bob.delete(f"/api/task/{task_id}")):
        assert response.status_code == 404
        assert response.json["detail"] == f"Task {task_id} not found."
    assert alice.progress(task_id)["status"] == "pending"


def test_missing_task_and_unknown_segment_are_404(alice):
    task_id = alice.new_task()
    assert alice.get("/api/task/999/progress").status_code == 404
    for segment in (0, 6, 99):
        response = alice.post(f"/api/task/{task_id}/execute/{segment}")
        assert response.status_code == 404
        assert f"Segment {segment}" in response.json["detail"]


def test_execute_answers_202_with_documented_body(alice):
    task_id = alice.new_task()
    response = alice.post(f"/api/task/{task_id}/execute/1")
    assert response.status_code == 202
    body = response.json
    assert set(body) == {"accepted", "celery_task_id", "message"}
    assert body["accepted"] is True and body["message"] == "Execution queued"
    assert isinstance(body["celery_task_id"], str)
    assert alice.wait(task_id)["status"] == "completed"


def test_forward_only_and_redo_rules(alice, app):
    task_id = alice.new_task()
    response = alice.post(f"/api/task/{task_id}/execute/2")
    assert response.status_code == 409 and "next segment is 1" in response.json["detail"]

    state = alice.run(task_id, 1)
    assert (state["current_segment"], state["status"], state["progress"]) == (1, "completed", 1.0)
    assert alice.run(task_id, 2)["current_segment"] == 2

    response = alice.post(f"/api/task/{task_id}/execute/1")
    assert response.status_code == 409 and "redo=true" in response.json["detail"]
    response = alice.post(f"/api/task/{task_id}/execute/1?redo=false")
    assert response.status_code == 409

    # redo of a completed segment resets the later ones and deletes their files
    folder = StoryDir(app.config["BASE_DIR"], task_id)
    assert folder.image_path(1).exists()
    response = alice.post(f"/api/task/{task_id}/execute/1?redo=true")
    assert response.status_code == 202
    state = alice.wait(task_id)
    assert (state["current_segment"], state["status"]) == (1, "completed")
    assert not folder.image_path(1).exists() and not folder.prompts_json.exists()
    assert alice.urls(task_id, 2) == []
    assert alice.urls(task_id, 1) == [f"generated_stories/{task_id}/story.json"]


def test_redo_true_on_the_next_segment_just_runs_it(alice):
    task_id = alice.new_task()
    assert alice.post(f"/api/task/{task_id}/execute/1?redo=true").status_code == 202
    assert alice.wait(task_id)["current_segment"] == 1


def test_already_running_is_409(alice, app):
    task_id = alice.new_task()
    # hold the segment "running" by hand so the check does not race a fast job
    from storyagent.extensions import db
    from storyagent.models import Task

    with app.app_context():
        db.session.get(Task, task_id).status = "running"
        db.session.get(Task, task_id).running_segment = 1
        db.session.commit()
    response = alice.post(f"/api/task/{task_id}/execute/1?redo=true")
    assert response.status_code == 409 and "already running" in response.json["detail"]


@pytest.mark.runner("thread")
def test_full_queue_is_503_with_retry_after_and_state_unchanged(alice, app):
    runner = app.extensions["runner"]
    held = 0
    while runner.reserve():
        held += 1
    try:
        task_id = alice.new_task()
        response = alice.post(f"/api/task/{task_id}/execute/1")
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) >= 1
        assert "busy" in response.json["detail"]
        assert alice.progress(task_id)["status"] == "pending"
    finally:
        for _ in range(held):
            runner.release()
    assert held == app.config["WORKERS"] + app.config["QUEUE_LIMIT"]
    assert alice.post(f"/api/task/{task_id}/execute/1").status_code == 202
    alice.wait(task_id)


def test_failed_segment_reports_error_and_can_run_again(alice, app):
    task_id = alice.new_task()
    alice.run(task_id, 1)
    folder = StoryDir(app.config["BASE_DIR"], task_id)
    story = json.loads(folder.story_json.read_text())
    folder.story_json.write_text("{ broken")  # the Image segment cannot read it
    state = alice.run(task_id, 2)
    assert state["status"] == "failed" and state["current_segment"] == 1
    assert state["error"].startswith("Image failed") and "Traceback" not in state["error"]
    assert alice.urls(task_id, 2) == [] and not list(folder.image_dir.glob("*.png"))

    folder.story_json.write_text(json.dumps(story))
    state = alice.run(task_id, 2)  # no redo needed after a failure
    assert (state["status"], state["current_segment"], state["error"]) == ("completed", 2, None)


def test_segment_runs_are_recorded(alice, app):
    from storyagent.models import SegmentRun

    task_id = alice.new_task()
    alice.run(task_id, 1)
    with app.app_context():
        runs = SegmentRun.query.filter_by(task_id=task_id).all()
    assert len(runs) == 1
    run = runs[0]
    assert (run.segment, run.outcome, run.error) == (1, "completed", None)
    assert run.started_at <= run.finished_at and run.duration >= 0


def test_timeout_fails_the_segment(alice, app, monkeypatch):
    from storyagent.runners import job as job_module

    monkeypatch.setattr(job_module.Job, "timed_out", lambda self: self.started is not None)  # at once
    task_id = alice.new_task()
    state = alice.run(task_id, 1)
    assert state["status"] == "failed" and "longer than" in state["error"]
    assert alice.urls(task_id, 1) == []


def test_delete_hides_the_task_and_removes_files(alice, app):
    task_id = alice.new_task()
    alice.run(task_id, 1)
    folder = StoryDir(app.config["BASE_DIR"], task_id)
    assert folder.root.exists()
    response = alice.delete(f"/api/task/{task_id}")
    assert response.status_code == 200 and response.json == {"deleted": True}
    assert not folder.root.exists()
    assert alice.progress(task_id)["status"] == "deleted"
    assert task_id not in alice.get("/api/task/mytasks").json["task_ids"]
    for response in (alice.post(f"/api/task/{task_id}/execute/2"),
                     alice.get(f"/api/task/{task_id}/resource?segmentId=1"),
                     alice.delete(f"/api/task/{task_id}"),
                     alice.get(f"/api/resource?url=generated_stories/{task_id}/story.json")):
        assert response.status_code == 404


@pytest.mark.parametrize("query", ["", "?segmentId=0", "?segmentId=6", "?segmentId=abc"])
def test_resource_listing_needs_a_valid_segment(alice, query):
    task_id = alice.new_task()
    response = alice.get(f"/api/task/{task_id}/resource{query}")
    assert response.status_code == 400 and "segmentId" in response.json["detail"]


def test_chinese_task_language_is_kept(alice):
    task_id = alice.new_task(topic="小兔子学会分享", language="zh")
    assert alice.progress(task_id)["language"] == "zh"
