"""A whole task through the API with the offline pipeline, in Chinese."""
from __future__ import annotations

import json
import re
import wave

from PIL import Image

from server_process import probe_media
from storyagent.storage import StoryDir


def test_chinese_task_runs_end_to_end(alice, app):
    task_id = alice.new_task(topic="小兔子学会分享", main_role="小白", scene="森林", language="zh")
    for segment in range(1, 6):
        state = alice.run(task_id, segment)
        assert (state["status"], state["current_segment"]) == ("completed", segment), state
    folder = StoryDir(app.config["BASE_DIR"], task_id)

    story = json.loads(folder.story_json.read_text(encoding="utf-8"))
    assert story["language"] == "zh" and 8 <= len(story["pages"]) <= 12
    assert all("小白" in page and re.search(r"[\u4e00-\u9fff]", page) for page in story["pages"])

    images = alice.urls(task_id, 2)
    assert len(images) == len(story["pages"])
    with Image.open(folder.base_dir / images[0]) as picture:
        assert picture.size == (app.config["VIDEO_WIDTH"], app.config["VIDEO_HEIGHT"])

    split = json.loads(folder.split_json.read_text(encoding="utf-8"))
    clips = alice.urls(task_id, 4)
    assert len(clips) == sum(len(page["sentences"]) for page in split["pages"])
    with wave.open(str(folder.base_dir / clips[0])) as clip:
        assert clip.getnchannels() == 1 and clip.getnframes() > 0

    urls = alice.urls(task_id, 5)
    assert [u.rsplit("/", 1)[1] for u in urls] == ["output.mp4", "captions.srt", "cover.jpg", "captions.vtt",
                                                   "readalong.json"]
    media = probe_media(folder.video_path)
    assert media["h264"] and media["aac"] and media["size"] == (160, 90)
    srt = folder.srt_path.read_text(encoding="utf-8")
    assert re.search(r"[\u4e00-\u9fff]", srt) and "-->" in srt
