"""Service core against a REAL server process: races, crashes, deletes mid-run, `make run`, the curl flow."""
from __future__ import annotations

import io
import json
import re
import threading
import wave
from collections import Counter
from pathlib import Path

import pytest
import requests
from PIL import Image

from server_process import SMALL_VIDEO, ApiClient, ServerProcess, probe_media

# a Video segment that runs for several seconds, so a test can act while it renders
LONG_VIDEO = {"VIDEO_WIDTH": 640, "VIDEO_HEIGHT": 360, "VIDEO_FPS": 24}
# tiny frames at a low frame rate for every video a test waits for
QUICK_VIDEO = {**SMALL_VIDEO, "VIDEO_FPS": 3}
LONG_TOPIC = {"topic": "a little lighthouse keeper who is afraid of the dark learns to guide ships home "
                       "through a long stormy winter with the help of a kind old whale",
              "main_role": "Pip", "scene": "a rocky island by the sea"}
BURST = 24
WORKFLOW = [{"id": 1, "name": "Story"}, {"id": 2, "name": "Image"}, {"id": 3, "name": "Split"},
            {"id": 4, "name": "Speech"}, {"id": 5, "name": "Video"}]


# one worker, so a queued job stays queued while another runs; room for just 3 jobs, far fewer than
# a burst, so refused requests that took a pool slot would show up as 503s
POOL = {"WORKERS": 1, "QUEUE_LIMIT": 2}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Small, quick videos."""
    with ServerProcess(tmp_path_factory.mktemp("server"), {**POOL, **QUICK_VIDEO}) as process:
        yield process.start()


@pytest.fixture(scope="module")
def long_server(tmp_path_factory):
    """Like ``server`` but the Video segment takes many seconds (big frames)."""
    with ServerProcess(tmp_path_factory.mktemp("long"), {**POOL, **LONG_VIDEO}) as process:
        yield process.start()


def burst(client: ApiClient, path: str, count: int = BURST) -> Counter:
    """POST ``path`` from ``count`` threads released together; count the status codes."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def fire() -> None:
        barrier.wait()
        status = requests.post(client.server.url + path, headers=client.headers, timeout=60).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=fire) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(statuses)


def prepare_long_task(client: ApiClient) -> int:
    """A task with segments 1-4 done, ready for a long Video segment."""
    task_id = client.new_task(**LONG_TOPIC)
    for segment in range(1, 5):
        client.run(task_id, segment)
    return task_id


def start_rendering(client: ApiClient, task_id: int) -> dict:
    """Start segment 5 and wait until ffmpeg is encoding frames (the first 5% of progress is preparation)."""
    response = client.execute(task_id, 5)
    assert response.status_code == 202, response.text
    state = client.wait_until(task_id, lambda s: s["status"] != "running" or s["progress"] > 0.06, "rendering")
    assert state["status"] == "running" and state["running_segment"] == 5 and 0 < state["progress"] < 1, state
    return state


def check_files(client: ApiClient, task_id: int, segments, tmp_path: Path, size=None) -> dict[str, bytes]:
    """List and download every file of ``segments``; decode each one for real."""
    width, height = size or (client.server.settings["VIDEO_WIDTH"], client.server.settings["VIDEO_HEIGHT"])
    files: dict[str, bytes] = {}
    for segment in segments:
        urls = client.urls(task_id, segment)
        assert urls, f"segment {segment} lists no files"
        for url in urls:
            assert url.startswith(f"generated_stories/{task_id}/"), url
            response = client.download(url)
            assert response.status_code == 200, (url, response.text)
            disposition = response.headers["Content-Disposition"]
            assert disposition.startswith("attachment") and Path(url).name in disposition, disposition
            files[url] = response.content
    by_name = {Path(url).name: data for url, data in files.items()}
    if 1 in segments:
        story = json.loads(by_name["story.json"])
        assert 8 <= len(story["pages"]) <= 12 and story["title"], story
    if 2 in segments:
        pngs = [data for name, data in by_name.items() if name.endswith(".png")]
        assert pngs
        for data in pngs:
            with Image.open(io.BytesIO(data)) as image:
                assert image.format == "PNG" and image.mode == "RGB" and image.size == (width, height)
    if 3 in segments:
        assert json.loads(by_name["split.json"])["pages"]
    if 4 in segments:
        wavs = [data for name, data in by_name.items() if name.endswith(".wav")]
        assert wavs
        for data in wavs:
            with wave.open(io.BytesIO(data)) as clip:
                assert clip.getnchannels() == 1 and clip.getsampwidth() == 2 and clip.getnframes() > 0
    if 5 in segments:
        assert client.urls(task_id, 5)[0].endswith("/output.mp4")
        video = tmp_path / f"task{task_id}.mp4"
        video.write_bytes(by_name["output.mp4"])
        probe = probe_media(video)
        assert probe["h264"] and probe["aac"] and probe["size"] == (width, height), probe["text"]
        assert probe["duration"] and probe["duration"] > 1, probe["text"]
        assert "-->" in by_name["captions.srt"].decode("utf-8")
        with Image.open(io.BytesIO(by_name["cover.jpg"])) as cover:
            assert cover.format == "JPEG"
    return files


def leftovers(folder: Path) -> list[str]:
    """Files of segment 5 or temp files in a story folder (there should be none)."""
    names = {"output.mp4", "captions.srt", "cover.jpg"}
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and (p.name in names or p.name.startswith(".") or ".tmp" in p.name))


# -- 1. concurrency ------------------------------------------------------------------
def test_concurrent_execute_starts_exactly_one_run(server):
    alice = ApiClient(server, "racer").signup()
    task_id = alice.new_task()

    statuses = burst(alice, f"/api/task/{task_id}/execute/1")

    assert statuses == Counter({202: 1, 409: BURST - 1}), statuses
    state = alice.wait(task_id)
    assert state["status"] == "completed" and state["current_segment"] == 1, state


def test_concurrent_redo_starts_exactly_one_run(long_server):
    """The redo burst runs while the only worker renders another task, so the accepted
    redo stays queued (status running) for the whole burst and nothing can legitimately
    accept a second one."""
    carol = ApiClient(long_server, "redoer").signup()
    task_id = carol.new_task()
    carol.run(task_id, 1)
    blocker = prepare_long_task(carol)
    start_rendering(carol, blocker)

    statuses = burst(carol, f"/api/task/{task_id}/execute/1?redo=true")

    queued = carol.progress(task_id)
    assert carol.progress(blocker)["status"] == "running", "the blocker finished early; the burst proved nothing"
    assert statuses == Counter({202: 1, 409: BURST - 1}), statuses
    assert queued["status"] == "running" and queued["running_segment"] == 1 and queued["current_segment"] == 0
    assert carol.delete(f"/api/task/{blocker}").status_code == 200
    state = carol.wait(task_id)
    assert state["status"] == "completed" and state["current_segment"] == 1, state
    check_files(carol, task_id, [1], long_server.root)


# -- 2. crash safety ---------------------------------------------------------------------
def test_killed_server_marks_the_run_interrupted_and_keeps_earlier_segments(tmp_path):
    with ServerProcess(tmp_path / "crash", LONG_VIDEO) as server:
        client = ApiClient(server.start(), "crasher").signup()
        task_id = prepare_long_task(client)
        before = check_files(client, task_id, [1, 2, 3, 4], tmp_path)
        start_rendering(client, task_id)

        server.kill()
        # small frames after the restart only make the re-run below quick (pictures are fitted to the frame)
        server.start(STALE_AFTER=2, SWEEP_INTERVAL=0.5, HEARTBEAT_INTERVAL=0.5, **QUICK_VIDEO)

        state = client.wait(task_id, limit=60)
        assert state["status"] == "failed" and state["current_segment"] == 4, state
        assert "interrupted" in state["error"], state
        assert check_files(client, task_id, [1, 2, 3, 4], tmp_path) == before
        assert client.urls(task_id, 5) == []
        assert leftovers(server.story_folder(task_id)) == []
        assert f"task {task_id} segment 5 marked interrupted" in server.log()

        client.run(task_id, 5)  # no redo needed after a failure
        check_files(client, task_id, [5], tmp_path, size=(QUICK_VIDEO["VIDEO_WIDTH"], QUICK_VIDEO["VIDEO_HEIGHT"]))


def test_sigterm_and_restart_keeps_pending_and_completed_tasks(tmp_path):
    with ServerProcess(tmp_path / "term", QUICK_VIDEO) as server:
        client = ApiClient(server.start(), "stopper").signup()
        pending = client.new_task()
        done = client.new_task()
        client.run(done, 1)

        server.stop()
        server.start()

        assert client.progress(pending)["status"] == "pending"
        assert client.progress(done)["current_segment"] == 1
        client.run(pending, 1)
        client.run(done, 2)
        check_files(client, done, [1, 2], tmp_path)


# -- 3. delete during a run -----------------------------------------------------------------
def test_delete_while_rendering_removes_everything_for_good(long_server):
    dave = ApiClient(long_server, "deleter").signup()
    task_id = prepare_long_task(dave)
    story_url = dave.urls(task_id, 1)[0]
    folder = long_server.story_folder(task_id)
    start_rendering(dave, task_id)

    response = dave.delete(f"/api/task/{task_id}")

    assert response.status_code == 200 and response.json() == {"deleted": True}
    assert dave.progress(task_id)["status"] == "deleted"
    # the job's own log line is the signal that it has stopped writing
    log = long_server.wait_for_log(f"segment run task={task_id} segment=5(Video)")
    line = next(line for line in log.splitlines() if f"segment run task={task_id} segment=5" in line)
    assert "outcome=cancelled" in line, line
    assert not folder.exists(), sorted(str(p) for p in folder.rglob("*"))
    assert dave.progress(task_id)["status"] == "deleted"
    assert task_id not in dave.get("/api/task/mytasks").json()["task_ids"]
    for response in (dave.execute(task_id, 5), dave.execute(task_id, 1, redo=True),
                     dave.get(f"/api/task/{task_id}/resource", params={"segmentId": 1}),
                     dave.download(story_url), dave.delete(f"/api/task/{task_id}")):
        assert response.status_code == 404, (response.request.method, response.request.url, response.text)


# -- 4. make run -----------------------------------------------------------------------------------
REQUEST_LINE = re.compile(r"storyagent\.request: (GET|POST|DELETE|PUT|PATCH) (\S+) (\d{3}) ")


def test_make_run_serves_the_api_and_logs_one_line_per_request(tmp_path):
    def make_run(port: int) -> list[str]:
        return ["make", "run", f"PORT={port}", "HOST=127.0.0.1"]

    with ServerProcess(tmp_path / "make", command=make_run, database=False) as server:
        server.start()
        client = ApiClient(server, "maker", password="hunter2-very-secret")
        sent = []

        def call(method: str, path: str, **kw) -> requests.Response:
            response = client.request(method, path, **kw)
            sent.append((method, path.split("?")[0], str(response.status_code)))
            return response

        login = {"username": client.username, "password": client.password}
        call("POST", "/api/register", json=login)
        response = call("POST", "/api/login", json=login)
        client.token = response.json()["access_token"]
        refresh_cookie = client.session.cookies["refresh_token"]
        task_id = call("POST", "/api/task/new", json={"topic": "a moth who loves the moon"}).json()["task_id"]
        call("GET", f"/api/task/{task_id}/progress")
        call("GET", "/api/task/999999/progress")
        call("POST", "/api/login", json={**login, "password": "wrong-password"})
        workflow = call("GET", "/api/task/workflow")
        assert [status for *_, status in sent] == ["200", "200", "200", "200", "404", "401", "200"]
        assert workflow.json() == WORKFLOW
        assert (server.instance_path / "storyagent.db").is_file()
        server.stop()

        log = server.log()
    logged = [m.groups() for m in REQUEST_LINE.finditer(log)]
    readiness = logged[:len(logged) - len(sent)]
    assert logged[len(readiness):] == sent, log
    assert all(line == ("GET", "/api/task/workflow", "200") for line in readiness), log
    for secret in (client.password, "wrong-password", client.token, refresh_cookie):
        assert secret not in log


# -- 5. the spec's curl flow -----------------------------------------------------------------------
def cookie_attributes(response: requests.Response, name: str) -> set[str]:
    """The attributes of one Set-Cookie header, lower-cased (`httponly`, `path=/api`, ...)."""
    headers = response.raw.headers.getlist("Set-Cookie")
    header = next(h for h in headers if h.startswith(f"{name}="))
    return {part.strip().lower() for part in header.split(";")[1:]}


def test_the_documented_flow_end_to_end(server, tmp_path):
    client = ApiClient(server, "curler")
    assert client.register().json()["username"] == "curler"
    login = client.login()
    attributes = cookie_attributes(login, "refresh_token")
    assert {"httponly", "samesite=strict", "path=/api"} <= attributes, attributes
    first_cookie = client.session.cookies["refresh_token"]

    refreshed = client.post("/api/refresh")
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["token_type"] == "Bearer"
    client.token = refreshed.json()["access_token"]
    assert client.session.cookies["refresh_token"] != first_cookie  # rotated
    # the replaced token, right after (a second tab): an access token but no cookie (tests/test_revocation.py
    # shows reuse after REFRESH_REUSE_GRACE ending the login)
    stale = requests.post(server.url + "/api/refresh", cookies={"refresh_token": first_cookie}, timeout=30)
    assert stale.status_code == 200 and "refresh_token" not in stale.cookies, stale.text

    task_id = client.new_task(topic="a shy fox learns to share", main_role="Fen", scene="a snowy wood")
    assert task_id in client.get("/api/task/mytasks").json()["task_ids"]
    assert client.progress(task_id)["status"] == "pending"
    for segment in range(1, 6):
        client.run(task_id, segment)
    files = check_files(client, task_id, [1, 2, 3, 4, 5], tmp_path)

    video_url = client.urls(task_id, 5)[0]
    ranged = client.download(video_url, headers={"Range": "bytes=100-1099"})
    assert ranged.status_code == 206
    assert ranged.content == files[video_url][100:1100]
    assert ranged.headers["Content-Range"] == f"bytes 100-1099/{len(files[video_url])}"

    # redo Split: segments >= 3 are reset and their files removed, then 3..5 run again
    response = client.execute(task_id, 3, redo=True)
    assert response.status_code == 202 and response.json()["accepted"] is True, response.text
    assert client.urls(task_id, 4) == [] and client.urls(task_id, 5) == []
    state = client.wait(task_id)
    assert state["status"] == "completed" and state["current_segment"] == 3, state
    folder = server.story_folder(task_id)
    assert not list(folder.glob("speech/*")) and leftovers(folder) == []
    for url in files:
        if not url.endswith((".json", ".png")):
            assert client.download(url).status_code == 404, url
    for segment in (4, 5):
        client.run(task_id, segment)
    check_files(client, task_id, [1, 2, 3, 4, 5], tmp_path)

    deleted = client.delete(f"/api/task/{task_id}")
    assert deleted.status_code == 200 and deleted.json() == {"deleted": True}
    assert client.progress(task_id)["status"] == "deleted"
    assert not folder.exists()
    assert task_id not in client.get("/api/task/mytasks").json()["task_ids"]
