"""Shared fixtures: every test gets a fresh instance folder and BASE_DIR under tmp_path."""
from __future__ import annotations

import pytest

from storyagent.config import defaults
from storyagent.pipeline import SegmentContext, StoryBrief
from storyagent.storage import StoryDir

pytest_plugins = ["browser_support"]  # the browser tests' fixtures: server, browser, browser_context, page


@pytest.fixture
def story_dir(tmp_path) -> StoryDir:
    """A story folder for task 1 under a temp BASE_DIR."""
    return StoryDir(tmp_path / "base", 1)


@pytest.fixture
def make_context(story_dir):
    """Build a SegmentContext for plain-function segment tests (small, fast settings)."""

    def build(topic="a lost kitten learns to ask for help", main_role="Mimi", scene="forest",
              language="en", seed=7, **config):
        settings = defaults()
        settings.update({"VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180, "VIDEO_FPS": 12, "LANGUAGE": language})
        settings.update(config)
        brief = StoryBrief(topic=topic, main_role=main_role, scene=scene, language=language, seed=seed)
        return SegmentContext(story_dir=story_dir, brief=brief, config=settings)

    return build


# -- the app ---------------------------------------------------------------------
import time  # noqa: E402

from sqlalchemy.pool import NullPool  # noqa: E402

from storyagent import create_app  # noqa: E402
from storyagent.extensions import db  # noqa: E402
from tests.cluster_process import PostgresServer  # noqa: E402
from tests.databases import DATABASES, PostgresDatabases, database_url, postgres_or_skip  # noqa: E402

SMALL_VIDEO = {"VIDEO_WIDTH": 160, "VIDEO_HEIGHT": 90, "VIDEO_FPS": 6}
# API and server tests make whole films quickly: the robotic voice and no music bed (tests/test_speech.py,
# test_music.py and test_loudness.py cover Piper and the music, which cost seconds per film)
QUICK_SOUND = {"TTS_PROVIDER": "espeak", "MUSIC": "off"}


def pytest_configure(config):
    config.addinivalue_line("markers", "runner(name): run segments with this RUNNER instead of sync")


@pytest.fixture(scope="session")
def postgres_databases():
    """One PostgreSQL server for the session (each xdist worker has its own), started on first use."""
    postgres_or_skip()
    databases = PostgresDatabases(PostgresServer().start())
    yield databases
    databases.close()


@pytest.fixture(params=DATABASES)
def database(request, tmp_path) -> str:
    """The database URL of a test that uses the app: SQLite in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'storyagent.db'}"
        return
    databases = request.getfixturevalue("postgres_databases")
    name = databases.fresh()
    yield database_url(databases.server, name)
    databases.drop(name)


@pytest.fixture
def app_config(tmp_path, request) -> dict:
    """Test settings: temp BASE_DIR and database, tiny video, no background scheduler, segments run inline.

    Tests that use the app (the `database` fixture) run once on SQLite and once on PostgreSQL;
    the others stay on SQLite.
    """
    marker = request.node.get_closest_marker("runner")
    if "database" in request.fixturenames:
        uri = request.getfixturevalue("database")
    else:
        uri = f"sqlite:///{tmp_path / 'storyagent.db'}"
    # on PostgreSQL a connection closes when its session ends: a runner thread a test abandons cannot
    # leave one open in the pool after the test (psycopg warns when it is collected; warnings are errors)
    engine = {"SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool}} if uri.startswith("postgresql") else {}
    return {
        "TESTING": True,
        "BASE_DIR": str(tmp_path / "base"),
        "SQLALCHEMY_DATABASE_URI": uri,
        **engine,
        "SCHEDULER_ENABLED": False,
        # segments run inside the execute request (no polling); tests of the pool mark runner("thread")
        "RUNNER": marker.args[0] if marker else "sync",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; scrypt by default
        "HEARTBEAT_INTERVAL": 0.2,
        **SMALL_VIDEO,
        **QUICK_SOUND,
    }


@pytest.fixture
def app(database, app_config, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    application = create_app(app_config)
    yield application
    application.extensions["stop_background_services"]()
    application.extensions["runner"].shutdown()
    with application.app_context():  # its connections end with the test (its database may be dropped)
        db.engine.dispose()


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """Build extra apps with their own settings; stop their background services afterwards."""
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    built = []

    def build(config):
        built.append(create_app(config))
        return built[-1]

    yield build
    for app in built:
        app.extensions["stop_background_services"]()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class ApiUser:
    """A registered, logged-in user driving the API through the test client."""

    def __init__(self, client, username: str, password: str = "correct-horse"):
        self.client = client
        self.username = username
        response = client.post("/api/register", json={"username": username, "password": password})
        assert response.status_code == 200, response.json
        response = client.post("/api/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.json
        self.token = response.json["access_token"]

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers={**self.headers, **(headers or {})}, **kw)

    def download(self, url, headers=None):
        """GET /api/resource for a URL; returns (response, body) with the stream closed."""
        response = self.get("/api/resource", headers=headers, query_string={"url": url})
        body = response.get_data()
        response.close()
        return response, body

    def post(self, url, **kw):
        return self.client.post(url, headers=self.headers, **kw)

    def delete(self, url, **kw):
        return self.client.delete(url, headers=self.headers, **kw)

    def new_task(self, **body) -> int:
        body.setdefault("topic", "a shy fox learns to share")
        response = self.post("/api/task/new", json=body)
        assert response.status_code == 200, response.json
        return response.json["task_id"]

    def progress(self, task_id: int) -> dict:
        return self.get(f"/api/task/{task_id}/progress").json

    def wait(self, task_id: int, limit: float = 300) -> dict:
        """Poll /progress until the task is no longer running (a safety net, not an assertion)."""
        deadline = time.monotonic() + limit
        while True:
            state = self.progress(task_id)
            if state["status"] != "running" or time.monotonic() > deadline:
                return state
            time.sleep(0.05)

    def run(self, task_id: int, segment: int, redo: bool = False) -> dict:
        url = f"/api/task/{task_id}/execute/{segment}" + ("?redo=true" if redo else "")
        response = self.post(url)
        assert response.status_code == 202, response.json
        return self.wait(task_id)

    def urls(self, task_id: int, segment: int) -> list[str]:
        response = self.get(f"/api/task/{task_id}/resource?segmentId={segment}")
        assert response.status_code == 200, response.json
        return response.json["urls"]


@pytest.fixture
def alice(client) -> ApiUser:
    return ApiUser(client, "alice")


@pytest.fixture
def bob(client) -> ApiUser:
    return ApiUser(client, "bob")
