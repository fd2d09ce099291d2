"""Your own story text: PUT /api/task/{id}/story, POST /api/task/new with a story, and the role sheet
read from plain pages."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from storyagent.extensions import db
from storyagent.models import Task
from storyagent.storage import StoryDir
from storyagent.tasks.story_text import role_sheet_from_text, text_language

PIP = {"title": "Pip and the Storm",
       "pages": ["Pip the little brown mouse lived under an old oak tree in the forest.",
                 "One night a storm came. Suddenly the wind howled and Pip hid under a leaf.",
                 "In the morning Pip found a rainbow and laughed."]}
LELE = {"title": "乐乐不怕打雷",
        "pages": ["森林里住着一只叫乐乐的小兔子。", "一天晚上，雷声响了，乐乐躲进了被子里。", "妈妈抱着乐乐说：不要怕。乐乐笑了。"]}


def put_story(user, task_id, body):
    return user.client.put(f"/api/task/{task_id}/story", headers=user.headers, json=body)


def folder(app, task_id) -> StoryDir:
    return StoryDir(app.config["BASE_DIR"], task_id)


def stored_story(app, task_id) -> dict:
    return json.loads(folder(app, task_id).story_json.read_text(encoding="utf-8"))


# -- the role sheet, read from the text --------------------------------------------------------

@pytest.mark.parametrize("pages, expected", [
    (PIP["pages"], ("Pip", "a little brown mouse")),
    (["There was a girl named Ada who loved kites.", "Ada ran up the hill. Slowly, slowly the wind died.",
      "Slowly Ada walked home, and she smiled."], ("Ada", "a girl")),
    (["Mia wanted to see the sea. Mia was a small white cat.", "She packed a bag and set off."],
     ("Mia", "a small white cat")),
    # sentence-initial common words ("Then", "Suddenly") outnumber the name, yet are not names
    (["Then Tom woke up. Then he ate. Suddenly it rained.", "Suddenly the sun came out. Then Tom laughed."],
     ("Tom", "a friendly boy")),
    (["The little fox could not sleep.", "The fox walked to the river.", "At last the fox yawned."],
     ("Fox", "a fox")),
    (["In the meadow lived a playful bear cub called Finn.", "Finn loved honey."], ("Finn", "a bear cub")),
    # a name that is also a creature word is still a name
    (["Teddy was a small orange fox.", "Teddy ran to the river."], ("Teddy", "a small orange fox")),
    (["It rained all day.", "Then the sun came out."], ("", None)),
])
def test_english_hero_and_look_come_from_the_text(pages, expected):
    name, roles = role_sheet_from_text(pages, "en")
    assert name == expected[0]
    assert roles == ({name: expected[1]} if name else {})


@pytest.mark.parametrize("pages, expected", [
    (LELE["pages"], ("乐乐", "一只小兔子")),
    (["小兔子乐乐住在森林里。乐乐很害怕打雷。", "一天晚上，乐乐躲进了被子里。"], ("乐乐", "一只小兔子")),
    (["乐乐是一只白色的小猫。", "乐乐每天都去河边。乐乐喜欢鱼。"], ("乐乐", "一只白色的小猫")),
    (["森林里住着一只活泼的小兔子，他的名字叫安安。", "安安非常害怕打雷。"], ("安安", "一只活泼的小兔子")),
    (["小明很喜欢恐龙。", "小明每天都看书。后来，小明去了博物馆。"], ("小明", "一个友好的孩子")),
    (["从前有一只小熊。小熊很爱吃蜂蜜。", "有一天，小熊找不到蜂蜜了。"], ("小熊", "一只可爱的小熊")),
])
def test_chinese_hero_and_look_come_from_the_text(pages, expected):
    assert text_language("".join(pages)) == "zh"
    assert role_sheet_from_text(pages, "zh") == (expected[0], {expected[0]: expected[1]})


def test_the_tasks_main_role_wins_when_the_text_names_it():
    pages = ["Ada and Pip went to the sea.", "Pip swam and Pip dived.", "Ada waved."]
    assert role_sheet_from_text(pages, "en")[0] == "Pip"
    assert role_sheet_from_text(pages, "en", main_role="Ada")[0] == "Ada"
    assert role_sheet_from_text(pages, "en", main_role="Zed")[0] == "Pip"  # not in the text


# -- PUT /api/task/{id}/story ---------------------------------------------------------------------

def test_put_story_completes_story_and_writes_story_json(app, alice):
    task = alice.new_task(topic="a mouse who is afraid of storms")
    response = put_story(alice, task, PIP)
    assert response.status_code == 200, response.json
    saved = stored_story(app, task)
    assert response.json == saved
    assert saved["title"] == "Pip and the Storm"
    assert saved["pages"] == PIP["pages"]
    assert saved["roles"] == {"Pip": "a little brown mouse"} and saved["main_role"] == "Pip"
    assert saved["topic"] == "a mouse who is afraid of storms" and saved["language"] == "en"
    assert saved["scene"] == "forest"
    progress = alice.progress(task)
    assert (progress["status"], progress["current_segment"], progress["running_segment"]) == ("completed", 1, None)
    assert alice.urls(task, 1) == [f"generated_stories/{task}/story.json"]
    # forward-only as after a Story run: Story again needs redo, Image is next
    assert alice.post(f"/api/task/{task}/execute/1").status_code == 409


def test_given_roles_are_kept_and_pages_are_trimmed(app, alice):
    task = alice.new_task()
    body = {**PIP, "pages": ["  " + PIP["pages"][0] + "\n"], "roles": {"Luna": "a grey owl", "Pip": "a mouse in a red scarf"}}
    assert put_story(alice, task, body).status_code == 200
    saved = stored_story(app, task)
    assert saved["pages"] == [PIP["pages"][0]]
    assert saved["roles"] == {"Luna": "a grey owl", "Pip": "a mouse in a red scarf"}
    assert saved["main_role"] == "Luna"  # the first one named is the hero


def test_the_story_is_in_the_language_of_its_text(app, alice):
    task = alice.new_task(topic="a brave rabbit", language="en")
    assert put_story(alice, task, LELE).status_code == 200
    saved = stored_story(app, task)
    assert (saved["language"], saved["main_role"], saved["roles"]) == ("zh", "乐乐", {"乐乐": "一只小兔子"})
    # Split reads the language from story.json: Chinese sentences, split at 。
    assert alice.run(task, 2)["status"] == "completed" and alice.run(task, 3)["status"] == "completed"
    split = json.loads(folder(app, task).split_json.read_text(encoding="utf-8"))
    assert split["pages"][2]["sentences"] == ["妈妈抱着乐乐说：不要怕。", "乐乐笑了。"]


TOO_LONG_IN_ALL = {"title": "Long", "pages": ["x" * 600] * 21}


@pytest.mark.parametrize("body, field", [
    ({"title": "T", "pages": []}, "pages"),
    ({"title": "T", "pages": ["a page"] * 31}, "pages"),
    ({"title": "T", "pages": ["one", "   "]}, "pages: page 2 must be 1-600 characters (it has 0)"),
    ({"title": "T", "pages": ["one", ""]}, "pages: page 2 must be"),
    ({"title": "T", "pages": ["x" * 601]}, "pages: page 1 must be 1-600 characters (it has 601)"),
    (TOO_LONG_IN_ALL, "pages"),
    ({"title": "", "pages": ["one"]}, "title"),
    ({"title": "T" * 201, "pages": ["one"]}, "title"),
    ({"pages": ["one"]}, "title"),
    ({"title": "T"}, "pages"),
    ({"title": 7, "pages": ["one"]}, "title"),
    ({"title": "T", "pages": "one long page"}, "pages"),
    ({"title": "T", "pages": ["one", 2]}, "pages.1"),
    ({"title": "T", "pages": ["one"], "roles": ["Pip"]}, "roles"),
    ({"title": "T", "pages": ["one"], "roles": {"Pip": 3}}, "roles"),
    ({"title": "T", "pages": ["one"], "roles": {"Pip": ""}}, "roles"),
    ({"title": "T", "pages": ["one"], "roles": {f"R{i}": "a cat" for i in range(13)}}, "roles"),
    ({"title": "T", "pages": ["one"], "colour": "red"}, "colour"),
    ({"title": "T", "pages": ["lone \ud800 surrogate"]}, "pages.0"),
])
def test_bad_story_text_is_400_and_changes_nothing(app, alice, body, field):
    task = alice.new_task()
    alice.run(task, 1)
    before_story = folder(app, task).story_json.read_bytes()
    before = alice.progress(task)
    response = put_story(alice, task, body)
    assert response.status_code == 400
    detail = response.json["detail"]
    assert detail.startswith(field) if ":" in field else detail.split(":")[0] in (field, f"{field}.Pip.value"), detail
    assert folder(app, task).story_json.read_bytes() == before_story
    assert alice.progress(task) == before


def test_the_detail_says_how_long_the_pages_are(alice):
    task = alice.new_task()
    response = put_story(alice, task, TOO_LONG_IN_ALL)
    assert response.json["detail"] == "pages: the pages have 12600 characters; at most 12000 in all"


def test_body_must_be_a_json_object(alice):
    task = alice.new_task()
    response = alice.client.put(f"/api/task/{task}/story", headers=alice.headers, json=["a page"])
    assert (response.status_code, response.json["detail"]) == (400, "The request body must be a JSON object.")
    response = alice.client.put(f"/api/task/{task}/story", headers=alice.headers, data="title=T")
    assert response.status_code == 415


def test_while_a_segment_runs_the_story_cannot_change(app, alice):
    task = alice.new_task()
    with app.app_context():
        row = db.session.get(Task, task)
        row.status, row.running_segment, row.current_segment, row.job_id = "running", 2, 1, "held-by-test"
        db.session.commit()
    response = put_story(alice, task, PIP)
    assert response.status_code == 409
    assert "running" in response.json["detail"]
    assert not folder(app, task).story_json.exists()
    progress = alice.progress(task)
    assert (progress["status"], progress["running_segment"], progress["current_segment"]) == ("running", 2, 1)


def test_a_failed_task_takes_a_story_and_forgets_the_failure(app, alice):
    task = alice.new_task()
    with app.app_context():
        row = db.session.get(Task, task)
        row.status, row.current_segment, row.error = "failed", 2, "Split failed: something broke"
        db.session.commit()
    assert put_story(alice, task, PIP).status_code == 200
    progress = alice.progress(task)
    assert (progress["status"], progress["current_segment"], progress["error"]) == ("completed", 1, None)


def test_another_users_or_a_missing_or_deleted_task_is_404(app, alice, bob):
    task = alice.new_task()
    alice.run(task, 1)
    before = folder(app, task).story_json.read_bytes()
    response = put_story(bob, task, PIP)
    assert response.status_code == 404 and response.json["detail"] == f"Task {task} not found."
    assert folder(app, task).story_json.read_bytes() == before
    assert put_story(alice, 999_999, PIP).status_code == 404
    assert put_story(alice, 2**63, PIP).status_code == 404
    assert alice.delete(f"/api/task/{task}").status_code == 200
    assert put_story(alice, task, PIP).status_code == 404
    assert not folder(app, task).root.exists()


def test_put_story_resets_later_segments_like_a_redo(app, alice):
    task = alice.new_task(topic="a shy fox learns to share", seed=3)
    for segment in (1, 2, 3):
        assert alice.run(task, segment)["status"] == "completed"
    story_dir = folder(app, task)
    old_pictures = sorted(story_dir.image_dir.glob("p*.png"))
    assert old_pictures and story_dir.split_json.is_file() and story_dir.prompts_json.is_file()

    assert put_story(alice, task, PIP).status_code == 200
    progress = alice.progress(task)
    assert (progress["status"], progress["current_segment"], progress["message"]) == \
        ("completed", 1, "Story completed")
    assert not any(path.exists() for path in old_pictures)
    assert not story_dir.split_json.exists() and not story_dir.prompts_json.exists()
    for segment in (2, 3, 4, 5):
        assert alice.urls(task, segment) == []
    assert alice.post(f"/api/task/{task}/execute/3").status_code == 409  # Image is next again

    # Image now draws the edited text: one picture per new page, prompts made of the new words
    assert alice.run(task, 2)["status"] == "completed"
    assert alice.urls(task, 2) == [f"generated_stories/{task}/image/p{n}.png" for n in (1, 2, 3)]
    prompts = json.loads(story_dir.prompts_json.read_text(encoding="utf-8"))
    assert [entry["prompt"].startswith(page) for entry, page in zip(prompts, PIP["pages"])] == [True] * 3
    assert "Pip: a little brown mouse" in prompts[0]["prompt"]
    pixels = [np.asarray(Image.open(story_dir.image_path(n)).convert("RGB"), dtype=np.int16) for n in (1, 2, 3)]
    assert pixels[0].shape == (app.config["VIDEO_HEIGHT"], app.config["VIDEO_WIDTH"], 3)
    assert pixels[0].std() > 10  # a picture, not a blank
    assert np.abs(pixels[0] - pixels[1]).mean() > 2  # pages differ


@pytest.mark.parametrize("written", [False, True], ids=["before writing", "after writing"])
def test_a_failed_save_leaves_story_and_state_as_they_were(app, alice, monkeypatch, written):
    task = alice.new_task()
    alice.run(task, 1)
    alice.run(task, 2)
    story_dir = folder(app, task)
    before_story, before = story_dir.story_json.read_bytes(), alice.progress(task)
    pictures = sorted(story_dir.image_dir.glob("p*.png"))
    write_json = StoryDir.write_json
    unchanged = ("status", "current_segment", "running_segment", "topic", "language")

    def full_disk(self, path, data):
        if written:  # story.json is replaced, then something fails before Story is marked completed
            write_json(self, path, data)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(StoryDir, "write_json", full_disk)
    response = put_story(alice, task, PIP)
    assert response.status_code == 503 and "nothing was changed" in response.json["detail"]
    assert story_dir.story_json.read_bytes() == before_story
    after = alice.progress(task)
    assert [after[key] for key in unchanged] == [before[key] for key in unchanged]
    assert alice.urls(task, 2) == [f"generated_stories/{task}/image/p{n}.png" for n in range(1, len(pictures) + 1)]
    assert all(path.exists() for path in pictures)
    assert [p.name for p in story_dir.root.rglob(".*")] == []  # no temp file left behind


# -- POST /api/task/new with a story --------------------------------------------------------------

def test_new_task_from_your_own_text_starts_with_story_completed(app, alice):
    response = alice.post("/api/task/new", json={"story": PIP})
    assert response.status_code == 200, response.json
    task = response.json["task_id"]
    progress = alice.progress(task)
    assert (progress["status"], progress["current_segment"]) == ("completed", 1)
    assert progress["topic"] == "Pip and the Storm"  # the title, when no topic is given
    assert progress["language"] == "en"
    saved = stored_story(app, task)
    assert saved["pages"] == PIP["pages"] and saved["roles"] == {"Pip": "a little brown mouse"}
    assert alice.urls(task, 1) == [f"generated_stories/{task}/story.json"]
    assert alice.run(task, 2)["status"] == "completed"
    assert len(alice.urls(task, 2)) == 3


def test_new_task_with_story_keeps_the_given_fields(app, alice):
    body = {"topic": "thunder", "main_role": "乐乐", "scene": "a quiet forest", "seed": 5, "story": LELE}
    task = alice.new_task(**body)
    progress = alice.progress(task)
    assert (progress["topic"], progress["language"], progress["scene"]) == ("thunder", "zh", "a quiet forest")
    saved = stored_story(app, task)
    assert (saved["topic"], saved["scene"], saved["main_role"]) == ("thunder", "a quiet forest", "乐乐")


@pytest.mark.parametrize("body, detail", [
    ({}, "topic: Missing data for required field."),
    ({"story": None}, "topic: Missing data for required field."),
    ({"story": {"title": "T", "pages": []}}, "story.pages: must have 1-30 pages"),
    ({"topic": "a fox", "story": "once upon a time"}, "story: Invalid input type."),
])
def test_new_task_with_a_bad_story_is_400_and_creates_nothing(alice, body, detail):
    response = alice.post("/api/task/new", json=body)
    assert (response.status_code, response.json["detail"]) == (400, detail)
    assert alice.get("/api/task/mytasks").json["task_ids"] == []


def test_new_task_rolls_back_when_story_json_cannot_be_written(app, alice, monkeypatch):
    def full_disk(self, path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(StoryDir, "write_json", full_disk)
    response = alice.post("/api/task/new", json={"story": PIP})
    assert response.status_code == 503
    assert alice.get("/api/task/mytasks").json["task_ids"] == []
    stories = Path(app.config["BASE_DIR"]) / "generated_stories"
    assert not stories.exists() or list(stories.iterdir()) == []
