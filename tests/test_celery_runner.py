"""RUNNER=celery end to end: real Redis, real API processes, real Celery worker processes.

Each test starts its own redis-server (and PostgreSQL, where marked) on a free loopback port with
its data in a temp folder (tests/cluster_process.py). Without the binaries the tests skip, except
under CI=true, where .ci/run installs them and a missing binary is a failure.
"""
from __future__ import annotations

import os
from pathlib import Path
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from storyagent import create_app
from storyagent.config import ConfigError
from tests.cluster_process import CLUSTER, LIMIT, Cluster, PostgresServer, ffmpeg_under, services_or_skip
from tests.server_process import POLL, ApiClient, probe_media


@pytest.fixture(params=["sqlite"])
def cluster(tmp_path, request):
    """Redis + processes on SQLite; tests marked `on_both_databases` run on PostgreSQL too."""
    services_or_skip()
    postgres = PostgresServer().start() if request.param == "postgresql" else None
    made = Cluster(tmp_path, {}, database=postgres.url if postgres else None)
    yield made
    made.close()
    if postgres is not None:
        postgres.stop()


# for the tests that matter most on a database server (races, the whole path)
on_both_databases = pytest.mark.parametrize("cluster", ["sqlite", "postgresql"], indirect=True)


def test_celery_needs_a_broker(app_config):
    with pytest.raises(ConfigError, match="CELERY_BROKER_URL.*must be set when RUNNER=celery"):
        create_app({**app_config, "RUNNER": "celery"})


def test_a_housekeeping_round_runs_in_one_process_of_the_cluster(app_config, make_app):
    from storyagent.housekeeping import take_lease

    app = make_app({**app_config, "RUNNER": "celery", "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    with app.app_context():
        assert take_lease("sweep-stale-runs", 60, "api-a")
        assert not take_lease("sweep-stale-runs", 60, "api-b")  # a's round
        assert take_lease("sweep-stale-runs", 60, "api-a")       # a renews its own
        assert take_lease("expire-revoked-tokens", 60, "api-b")  # each job has its own lease
        assert take_lease("sweep-stale-runs", -1, "api-a")       # a's lease ends (a process that died)
        assert take_lease("sweep-stale-runs", 60, "api-b")


def test_a_run_starts_once_however_often_its_message_arrives(app_config, make_app):
    from storyagent.extensions import db
    from storyagent.models import User
    from storyagent.tasks import state

    app = make_app({**app_config, "RUNNER": "celery", "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    with app.app_context():
        db.session.add(User(username="gina", password_hash="x"))
        db.session.commit()
        task = state.create(1, topic="a cat", main_role="", scene="", language="en", seed=1)
        admission = state.admit(1, task.id, 1, redo=False)
        db.session.commit()
        assert state.enqueue(task.id, admission.job_id)
        db.session.commit()
        assert state.start(task.id, admission.job_id) is not None
        assert state.start(task.id, admission.job_id) is None  # a redelivered message


@on_both_databases
def test_execute_runs_on_a_worker_and_a_dead_broker_leaves_the_task_as_it_was(cluster):
    api = cluster.api()
    worker = cluster.worker()
    alice = ApiClient(api, "alice").signup()
    task = alice.new_task()
    response = alice.post(f"/api/task/{task}/execute/1?through=5")
    assert response.status_code == 202, response.text
    job_id = response.json()["celery_task_id"]
    state = alice.wait(task, LIMIT)
    assert (state["status"], state["current_segment"]) == ("completed", 5), state
    # the worker ran it (the Celery task id is the job id), not the API process
    assert f"Task storyagent.run_segment[{job_id}] received" in worker.log()
    assert "segment=5(Video)" in worker.log() and "segment run" not in api.log()
    assert api.database_path.exists() == (cluster.database is None)  # PostgreSQL really held the state
    video = probe_media(api.story_folder(task) / "output.mp4")
    assert video["h264"] and video["aac"] and video["size"] == (160, 90)

    # broker down: 503 with a detail, and the task exactly as it was
    before = alice.progress(task)
    cluster.redis.stop()
    refused = alice.execute(task, 2, redo=True)
    assert refused.status_code == 503 and "job queue" in refused.json()["detail"], refused.text
    assert refused.headers["Retry-After"]
    assert alice.progress(task) == before


@pytest.mark.parametrize("cluster", ["postgresql"], indirect=True)
def test_six_tasks_on_two_api_processes_and_two_workers_all_complete_and_download_from_either(cluster):
    """The scale-out shape: 2 API processes and 2 workers on one Redis and one PostgreSQL, 6 films at once."""
    apis = [cluster.api(), cluster.api()]
    workers = [cluster.worker(), cluster.worker()]
    users = [ApiClient(apis[0], "ines").signup(), ApiClient(apis[1], "jon").signup()]
    tasks = [(users[n % 2], users[n % 2].new_task(topic=f"story {n}: a small bird learns to fly")) for n in range(6)]
    for user, task in tasks:
        response = user.post(f"/api/task/{task}/execute/1?through=5")
        assert response.status_code == 202, response.text
    for user, task in tasks:
        state = user.wait(task, 6 * LIMIT)
        assert (state["status"], state["current_segment"], state["error"]) == ("completed", 5, None), state
    # both workers took films; every file downloads, the same bytes, through either API process
    assert all("segment=5(Video)" in worker.log() for worker in workers)
    for user, task in tasks:
        there = ApiClient(apis[1] if user.server is apis[0] else apis[0], user.username)
        there.token = user.token
        folder = apis[0].story_folder(task)
        for segment in range(1, 6):
            urls = user.urls(task, segment)
            assert urls and there.urls(task, segment) == urls
            for url in urls:
                here, far = user.download(url), there.download(url)
                assert here.status_code == far.status_code == 200, (url, here.text[:200], far.text[:200])
                assert here.content == far.content == (apis[0].base_dir / url).read_bytes()
        video = probe_media(folder / "output.mp4")
        assert video["h264"] and video["aac"] and video["size"] == (160, 90) and video["duration"] > 1


@on_both_databases
def test_twenty_executes_at_once_on_two_api_processes_admit_exactly_one(cluster):
    first, second = cluster.api(), cluster.api()
    users = [ApiClient(first, "bob").signup()]
    other = ApiClient(second, "bob")
    other.token = users[0].token
    task = users[0].new_task()
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda n: (users[0] if n % 2 else other).execute(task, 1), range(20)))
    codes = sorted(response.status_code for response in answers)
    assert codes == [202] + [409] * 19, codes
    # no worker yet: the job waits, queued and not stale, however long the sweep runs
    time.sleep(3 * float(CLUSTER["STALE_AFTER"]))
    waiting = users[0].progress(task)
    assert waiting["status"] == "running" and waiting["message"].startswith("Queued"), waiting
    cluster.worker()
    state = users[0].wait(task, LIMIT)
    assert (state["status"], state["current_segment"]) == ("completed", 1), state


@pytest.mark.parametrize("cluster", ["postgresql"], indirect=True)
def test_queue_limit_counts_every_api_process_and_busy_workers_leave_waiting_jobs_queued(cluster):
    """One process per worker (CLUSTER's WORKER_CONCURRENCY=1), QUEUE_LIMIT=2: both workers render, two
    jobs wait in the broker, the next execute is refused on either API process."""
    # two slow renders at once starve the machine: heartbeats may lag well past the cluster tests' 2 s
    steady = {**render_slowly(), "STALE_AFTER": "60"}
    first, second = cluster.api(QUEUE_LIMIT="2", **steady), cluster.api(QUEUE_LIMIT="2", **steady)
    workers = [cluster.worker(**steady), cluster.worker(**steady)]
    carol = ApiClient(first, "carol").signup()
    carol_there = ApiClient(second, "carol")
    carol_there.token = carol.token
    # the second film goes to the idle worker: the busy one did not take its message to hold
    rendering = [start_rendering(carol), start_rendering(carol_there)]
    assert all(ffmpeg_under(worker.process.pid) for worker in workers)
    waiting = [carol.new_task() for _ in range(4)]
    assert carol.execute(waiting[0], 1).status_code == 202
    assert carol_there.execute(waiting[1], 1).status_code == 202
    for client, task in ((carol, waiting[2]), (carol_there, waiting[3])):
        refused = client.execute(task, 1)
        assert refused.status_code == 503 and refused.headers["Retry-After"], refused.text
        assert client.progress(task)["status"] == "pending"
    for task in waiting[:2]:
        assert carol.progress(task)["message"].startswith("Queued"), carol.progress(task)
    # whichever worker is free first runs the waiting jobs
    for task in rendering:
        assert carol.delete(f"/api/task/{task}").status_code == 200
    for task in waiting[:2]:
        state = carol.wait(task, LIMIT)
        assert (state["status"], state["current_segment"]) == ("completed", 1), state


def test_queued_job_times_out_with_a_clear_error(cluster):
    api = cluster.api(QUEUE_TIMEOUT="1")
    dave = ApiClient(api, "dave").signup()
    task = dave.new_task()
    assert dave.execute(task, 1).status_code == 202
    state = dave.wait(task, LIMIT)
    assert state["status"] == "failed" and "waited more than 1 s for a worker" in state["error"], state
    # a worker that comes late does nothing with the given-up job; a new execute runs (the API back with
    # time to spare: on a busy machine a worker can take more than a second to start the new job)
    api.stop()
    api.start(QUEUE_TIMEOUT=str(LIMIT))
    cluster.worker()
    dave.run(task, 1)


def start_rendering(client: ApiClient) -> int:
    """A new task run through Speech, its Video sent to the workers; returns once a worker renders it."""
    task = client.new_task()
    for segment in range(1, 5):
        client.run(task, segment)
    assert client.execute(task, 5).status_code == 202
    client.wait_until(task, lambda s: "rendering video" in s["message"], "rendering", LIMIT)
    return task


def render_slowly() -> dict:
    """A Video long enough to be caught while it renders (small frames, many seconds)."""
    return {"VIDEO_FPS": "60", "VIDEO_PRESET": "veryslow", "PAGE_PAUSE": "10"}


def autogroup(pid) -> str:
    """The autogroup line of a process ("/autogroup-42 nice 10"); empty where autogroup does not apply.

    The kernel prints nothing for a process in a cgroup of its own (a container, as on CI machines).
    """
    try:
        return Path(f"/proc/{pid}/autogroup").read_text().strip()
    except OSError:
        return ""


def test_delete_on_one_api_process_stops_the_render_on_a_worker(cluster):
    first = cluster.api(**render_slowly())
    # a second API process, started before the render: starting one takes longer than a render on a busy
    # machine; its housekeeping sweeps run meanwhile and must leave the render alone
    second = cluster.api(**render_slowly())
    worker = cluster.worker(**render_slowly())
    erin = ApiClient(first, "erin").signup()
    task = start_rendering(erin)
    renders = ffmpeg_under(worker.process.pid)
    assert renders, "ffmpeg renders on the worker"
    # at SEGMENT_NICE (10) below this test's priority, like the thread runner's segments
    nice = min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
    assert [os.getpriority(os.PRIO_PROCESS, pid) for pid in renders] == [nice] * len(renders)
    if autogroup("self"):
        # and in a scheduling group of its own at that niceness: with autogroup scheduling, nice alone only
        # ranks processes inside one session (/progress p99 1.8 s while renders ran in their own session)
        groups = {autogroup(pid) for pid in renders}
        assert autogroup("self") not in groups
        assert {group.rpartition(" ")[2] for group in groups} == {"10"}, groups
    erin_there = ApiClient(second, "erin")
    erin_there.token = erin.token
    assert erin_there.progress(task)["status"] == "running"
    assert "interrupted" not in second.log()
    deleted = time.monotonic()
    assert erin_there.delete(f"/api/task/{task}").status_code == 200
    deadline = time.monotonic() + LIMIT
    while ffmpeg_under(worker.process.pid) or "outcome=cancelled" not in worker.log():
        assert time.monotonic() < deadline, worker.log_tail()
        time.sleep(POLL)
    print(f"delete -> ffmpeg gone and run cancelled on the worker: {time.monotonic() - deleted:.2f} s")
    assert "segment=5(Video)" in worker.log()
    assert erin.get(f"/api/task/{task}/progress").json()["status"] == "deleted"
    assert not first.story_folder(task).exists(), list(first.story_folder(task).rglob("*"))


def test_a_killed_worker_leaves_its_task_interrupted_and_the_other_worker_runs_it_again(cluster):
    api = cluster.api(**render_slowly())
    workers = [cluster.worker(**render_slowly()), cluster.worker(**render_slowly())]
    frank = ApiClient(api, "frank").signup()
    task = start_rendering(frank)
    [doomed] = [worker for worker in workers if ffmpeg_under(worker.process.pid)]
    [survivor] = [worker for worker in workers if worker is not doomed]
    doomed.kill()  # SIGKILL to the worker, its pool and its ffmpeg
    state = frank.wait(task, LIMIT)
    assert state["status"] == "failed" and "interrupted" in state["error"], state
    assert state["current_segment"] == 4
    assert len(frank.urls(task, 4)) > 0  # earlier segments intact
    assert f"task={task} segment=5" not in survivor.log()
    frank.run(task, 5)
    assert f"segment run task={task} segment=5(Video)" in survivor.log()
    assert "outcome=completed" in survivor.log().split(f"task={task} segment=5(Video)")[1].splitlines()[0]
    assert probe_media(api.story_folder(task) / "output.mp4")["h264"]


def test_login_throttling_is_shared_through_redis(cluster):
    limits = {"RATELIMIT_STORAGE_URI": cluster.redis.url, "LOGIN_FAILURES_PER_USERNAME": "3 per minute"}
    first, second = cluster.api(**limits), cluster.api(**limits)
    ApiClient(first, "hana").register()
    wrong = {"username": "hana", "password": "not-her-password"}
    answers = [ApiClient(server, "guesser").post("/api/login", json=wrong).status_code
               for server in (first, second, first, second)]
    # each process alone has seen two failures; together they have seen three: the fourth is refused
    assert answers == [401, 401, 401, 429], answers
    assert ApiClient(first, "hana").post("/api/login", json={"username": "hana",
                                                             "password": "correct-horse-battery"}).status_code == 429
