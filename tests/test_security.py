"""Security findings of issue 13: headers, cross-site requests, hostile bodies and tokens, log forging,
look-alike names, weak passwords, private files, id reuse."""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import stat
import time

import jwt as pyjwt
import pytest
import sqlalchemy
from flask import request

from werkzeug.security import generate_password_hash

from conftest import ApiUser
from server_process import ApiClient, ServerProcess
from storyagent.extensions import db
from storyagent.models import Task, User
from tests.databases import sqlite_only

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def assert_security_headers(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline'
    assert policy["frame-ancestors"] == "'none'"
    assert set(policy["media-src"].split()) == {"'self'", "blob:"}
    assert {"'self'", "blob:"} <= set(policy["img-src"].split())
    assert "unsafe" not in response.headers["Content-Security-Policy"]


# -- 6. security headers --------------------------------------------------------------------
def test_headers_on_the_page_static_files_and_api_answers(client, alice):
    for response in (client.get("/"), client.get("/static/app.js"), client.get("/static/style.css"),
                     client.get("/api/task/workflow"), alice.get("/api/task/mytasks"),
                     client.get("/api/nothing-here"), client.post("/api/login", json={})):
        assert_security_headers(response)
        response.close()


def test_headers_on_downloads(alice):
    task = alice.new_task()
    assert alice.run(task, 1)["status"] == "completed"
    response, body = alice.download(alice.urls(task, 1)[0])
    assert response.status_code == 200 and body.startswith(b"{")
    assert "attachment" in response.headers["Content-Disposition"]
    assert_security_headers(response)


def test_the_page_has_no_inline_script_or_style_the_policy_would_block(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    response.close()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline <script> blocks are refused by the CSP"
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page), "inline event handlers are refused by the CSP"


def test_token_answers_are_never_cached(client, alice):
    for response in (client.post("/api/login", json={"username": "alice", "password": "correct-horse"}),
                     client.post("/api/refresh")):
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


# -- 5. cross-site requests to the cookie endpoints -----------------------------------------
def test_cross_site_logout_and_refresh_are_refused(client, alice):
    for headers in ({"Origin": "https://evil.example"},
                    {"Origin": "http://localhost:9999"},                # same site, another port
                    {"Origin": "null"},                                  # sandboxed frame, file: page
                    {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}):
        for path in ("/api/logout", "/api/refresh"):
            response = client.post(path, headers=headers)
            assert response.status_code == 403, (path, headers)
            assert "Cross-site" in response.json["detail"]
    # nothing happened: the session still refreshes, the access token still works
    assert alice.get("/api/task/mytasks").status_code == 200
    assert client.post("/api/refresh").status_code == 200


def test_the_services_own_page_and_plain_clients_may_refresh_and_log_out(client, alice):
    own = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/refresh", headers=own).status_code == 200
    assert client.post("/api/refresh", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert client.post("/api/refresh").status_code == 200   # curl sends neither header
    assert client.post("/api/logout", headers=own).status_code == 200


class TestAllowedOrigins:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "ALLOWED_ORIGINS": ["https://stories.example.org/"]}

    def test_a_configured_origin_is_allowed(self, client, alice):
        allowed = {"Origin": "https://stories.example.org", "Sec-Fetch-Site": "cross-site"}
        assert client.post("/api/refresh", headers=allowed).status_code == 200
        assert client.post("/api/refresh", headers={"Origin": "https://other.example.org"}).status_code == 403


# -- 8. hostile bodies and tokens --------------------------------------------------------------
DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("path", ["/api/register", "/api/login"])
def test_deeply_nested_json_is_400(client, path):
    response = client.post(path, data=DEEP, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json["detail"]


def test_deep_json_does_not_reach_the_login_throttle_either(client):
    body = '{"username": ' + DEEP + ', "password": "x"}'
    response = client.post("/api/login", data=body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("body, field", [
    ('{"username": "alice", "password": "abc\\ud800defgh"}', "password"),
    ('{"username": "ali\\udfffce", "password": "correct-horse"}', "username"),
])
@pytest.mark.parametrize("path", ["/api/register", "/api/login"])
def test_lone_surrogates_in_credentials_are_400(client, path, body, field):
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["detail"].startswith(field) and "surrogate" in response.json["detail"]


def test_lone_surrogate_in_a_topic_is_400(alice):
    response = alice.post("/api/task/new", data='{"topic": "a fox \\ud800 story"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json["detail"].startswith("topic")
    assert alice.get("/api/task/mytasks").json["task_ids"] == []


def test_escaped_quotes_and_brackets_inside_strings_are_fine(alice):
    topic = 'a fox who says "[[[{{{" and \\\\ "]]]}}}" to the moon'
    response = alice.post("/api/task/new", json={"topic": topic})
    assert response.status_code == 200
    assert alice.progress(response.json["task_id"])["topic"] == topic


def forged(app, **claims) -> str:
    """A token signed with the real key (as if the key leaked or a bug minted it), with odd claims."""
    base = {"type": "access", "jti": "x" * 32, "fam": "f" * 32, "gen": "g" * 32, "iat": int(time.time()),
            "exp": int(time.time()) + 600}
    payload = {key: value for key, value in {**base, **claims}.items() if value is not None}
    return pyjwt.encode(payload, app.config["JWT_SECRET_KEY"], algorithm="HS256")


@pytest.mark.parametrize("claims", [
    {"sub": "abc"}, {"sub": "1e3"}, {"sub": "9" * 40}, {"sub": "-1"}, {"sub": 1}, {"sub": "1 "},
    {"sub": "1", "exp": None}, {"sub": "1", "exp": "tomorrow"}, {"sub": "1", "fam": None}, {"sub": "1", "gen": None},
])
def test_tokens_with_odd_claims_are_401(app, client, alice, claims):
    response = client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {forged(app, **claims)}"})
    assert response.status_code == 401, response.json
    assert response.json["detail"]


def test_a_refresh_cookie_with_odd_claims_is_401(app, client):
    client.set_cookie("refresh_token", forged(app, sub="9" * 40, type="refresh"), path="/api")
    response = client.post("/api/refresh")
    assert response.status_code == 401
    assert client.post("/api/logout").status_code == 200


# -- 9. log forging --------------------------------------------------------------------------
def test_control_characters_in_the_path_cannot_forge_log_lines(client, caplog):
    forged_line = "/api/x%0a2026-11-30 01:00:00,000 INFO storyagent.request: POST /api/login 200%0d%1b[2J%e2%80%a8"
    with caplog.at_level(logging.INFO, logger="storyagent.request"):
        assert client.get(forged_line).status_code == 404
    [line] = [record.getMessage() for record in caplog.records if record.name == "storyagent.request"]
    assert "\n" not in line and "\r" not in line and "\x1b" not in line and "\u2028" not in line
    assert "/api/x\\n2026-11-30" in line and "\\r\\x1b[2J\\u2028" in line


def test_unhandled_errors_log_the_path_escaped(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.before_request
    def boom():
        if request.path.startswith("/api/__boom"):
            raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="storyagent"):
        assert client.get("/api/__boom/a%0aFAKE LINE").status_code == 500
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "\n" not in record.getMessage() and "a\\nFAKE LINE" in record.getMessage()


# -- 10. look-alike usernames ---------------------------------------------------------------
@pytest.mark.parametrize("name", ["term_user\n", "term_user\r\n", "\nterm_user", "term_user\x00", "term\u00a0user"])
def test_usernames_must_match_as_a_whole(client, name):
    response = client.post("/api/register", json={"username": name, "password": "correct-horse"})
    assert response.status_code == 400
    assert response.json["detail"].startswith("username")


def test_fullwidth_and_case_variants_are_the_same_name(client):
    assert client.post("/api/register", json={"username": "alice", "password": "correct-horse"}).status_code == 200
    for twin in ("\uff41\uff4c\uff49\uff43\uff45", "Alice", "ALICE"):
        response = client.post("/api/register", json={"username": twin, "password": "correct-horse"})
        assert response.status_code == 409, twin
    # and they log in to the one account
    response = client.post("/api/login", json={"username": "\uff21lice", "password": "correct-horse"})
    assert response.status_code == 200


def test_fullwidth_name_is_stored_in_its_plain_form(client):
    response = client.post("/api/register", json={"username": "\uff42\uff4f\uff42", "password": "correct-horse"})
    assert response.status_code == 200 and response.json["username"] == "bob"


# -- 11. weak passwords --------------------------------------------------------------------
@pytest.mark.parametrize("password", ["password", "        ", "12345678", "qwertyuiop", "aaaaaaaaaaaa",
                                      "iloveyou", "carol", "carolcarol", "Carol2024"])
def test_common_and_guessable_passwords_are_refused(client, password):
    response = client.post("/api/register", json={"username": "carol", "password": password})
    assert response.status_code == 400
    assert response.json["detail"].startswith("password")
    assert client.post("/api/login", json={"username": "carol", "password": password}).status_code == 401


def test_the_username_itself_is_refused(client):
    response = client.post("/api/register", json={"username": "term_user", "password": "term_user"})
    assert response.status_code == 400
    assert "username" in response.json["detail"].split(":", 1)[1]


@pytest.mark.parametrize("password", ["correct-horse", "violet tractor umbrella", "Zq8#kL2!vR", "x" * 256])
def test_strong_passwords_are_accepted(client, password):
    expected = 400 if password == "x" * 256 else 200  # one letter repeated is a pattern, however long
    response = client.post("/api/register", json={"username": "dana", "password": password})
    assert response.status_code == expected, response.json


def test_an_old_account_with_a_weak_password_can_still_log_in(app, client):
    from storyagent.auth import hash_password

    with app.app_context():
        db.session.add(User(username="legacy", password_hash=hash_password("password")))
        db.session.commit()
    assert client.post("/api/login", json={"username": "legacy", "password": "password"}).status_code == 200


def test_unknown_users_are_checked_against_a_hash_made_like_real_ones(app):
    """Same method, same cost: a login for a name that does not exist takes as long as a wrong password."""
    from storyagent.auth import _dummy_hash

    assert _dummy_hash(app.config["PASSWORD_HASH_METHOD"]).startswith("pbkdf2:sha256:1000$")
    assert _dummy_hash("scrypt").startswith("scrypt:")


def test_a_short_wrong_password_at_login_is_just_wrong(client, alice):
    response = client.post("/api/login", json={"username": "alice", "password": "abc"})
    assert response.status_code == 401
    assert response.json == {"detail": "Invalid username or password."}


def test_the_rules_are_published_for_the_page(client):
    response = client.get("/api/password-rules")
    assert response.status_code == 200
    rules = response.json
    assert rules["min_length"] == 8 and rules["max_length"] == 256
    assert any("username" in rule for rule in rules["rules"])
    assert any("common" in rule for rule in rules["rules"])
    assert_security_headers(response)


# -- 13. user ids are never reused, and tokens die with their account ------------------------
# SQLite only: PostgreSQL enforces the foreign keys (an account that owns tasks or logins cannot be
# deleted behind the app's back) and its sequences never hand an id out twice


def delete_user(app, username: str) -> int:
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.username == username))
        db.session.delete(user)
        db.session.commit()
        return user.id


@sqlite_only
def test_a_deleted_users_id_is_never_given_again(app, client, alice):
    bob = ApiUser(client, "bob")
    task = bob.new_task()
    bobs_id = delete_user(app, "bob")
    newcomer = ApiUser(client, "carol")
    assert newcomer.get("/api/task/mytasks").json["task_ids"] == []
    with app.app_context():
        assert db.session.scalar(db.select(User.id).where(User.username == "carol")) == bobs_id + 1
        assert db.session.get(Task, task).user_id == bobs_id  # the orphan stays orphaned
    response = bob.get("/api/task/mytasks")
    assert response.status_code == 401


@sqlite_only
def test_tokens_of_a_recreated_account_do_not_fit_the_new_one(app, client, alice):
    """Even if a database hands the same id out again, the old tokens name another generation."""
    bob = ApiUser(client, "bob")
    bobs_id = delete_user(app, "bob")
    with app.app_context():  # what a database without AUTOINCREMENT would do
        db.session.add(User(id=bobs_id, username="mallory", password_hash="x"))
        db.session.commit()
    response = bob.get("/api/task/mytasks")
    assert response.status_code == 401
    assert "no longer exists" in response.json["detail"]
    bob.client.set_cookie("refresh_token", "", path="/api")


@sqlite_only
def test_the_users_table_says_autoincrement(app):
    with app.app_context():
        sql = db.session.execute(db.text("SELECT sql FROM sqlite_master WHERE name = 'user'")).scalar()
    assert "AUTOINCREMENT" in sql


# -- 12. private files, whatever the umask -------------------------------------------------
def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_database_instance_and_stories_are_private_under_umask_022(tmp_path):
    previous = os.umask(0o022)  # the usual umask: without our care, files are 0644 and folders 0755
    try:
        with ServerProcess(tmp_path, {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}) as server:
            server.start()
            user = ApiClient(server, "private").signup()
            task = user.new_task()
            for segment in (1, 2, 3, 4, 5):
                assert user.execute(task, segment).status_code == 202
                state = user.wait_until(task, lambda s: s["status"] != "running", f"segment {segment}")
                assert state["status"] == "completed", state
            database = server.database_path
            assert mode(server.instance_path) == 0o700
            for companion in (database, f"{database}-wal", f"{database}-shm"):
                assert os.path.exists(companion) and mode(companion) == 0o600, companion
            folder = server.story_folder(task)
            folders = [server.base_dir / "generated_stories", folder,
                       *(p for p in folder.rglob("*") if p.is_dir())]
            files = [p for p in folder.rglob("*") if p.is_file()]
            assert {p.name for p in files} >= {"story.json", "p1.png", "split.json", "output.mp4", "captions.srt"}
            assert {str(p): oct(mode(p)) for p in folders if mode(p) != 0o700} == {}
            assert {str(p): oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    finally:
        os.umask(previous)


def test_an_existing_world_readable_database_and_stories_folder_are_tightened(app_config, tmp_path, monkeypatch):
    from storyagent import create_app

    database = tmp_path / "storyagent.db"
    sqlite3.connect(database).close()
    os.chmod(database, 0o644)
    stories = tmp_path / "base" / "generated_stories"
    for folder in (tmp_path / "instance", stories):
        folder.mkdir(parents=True)
        os.chmod(folder, 0o755)
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    app.extensions["stop_background_services"]()
    assert mode(database) == 0o600 and mode(tmp_path / "instance") == 0o700 and mode(stories) == 0o700


# -- upgrading an older database ---------------------------------------------------------------
# the user table as storyagent created it before ids were protected (no AUTOINCREMENT, no generation)
OLD_USER_TABLE = """
CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(64) NOT NULL, password_hash VARCHAR(256) NOT NULL,
                   created_at DATETIME NOT NULL, PRIMARY KEY (id), UNIQUE (username))
"""


def test_an_old_user_table_is_upgraded_in_place(app_config, tmp_path, monkeypatch):
    from storyagent import create_app

    database = tmp_path / "storyagent.db"
    engine = sqlalchemy.create_engine(f"sqlite:///{database}")
    with engine.begin() as old:
        old.exec_driver_sql(OLD_USER_TABLE)
        Task.__table__.create(old)  # today's task table: only the user table is old here
        old.exec_driver_sql("INSERT INTO user VALUES (1, 'alice', ?, '2026-01-01 00:00:00')",
                            (generate_password_hash("correct-horse", method="pbkdf2:sha256:1000"),))
        # user 2 was deleted before the upgrade, but still owns a task
        old.execute(Task.__table__.insert().values(user_id=2, topic="a fox"))
        old.exec_driver_sql("ALTER TABLE task DROP COLUMN options")   # which came later, with migration 0003
    engine.dispose()
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    try:
        client = app.test_client()
        alice = client.post("/api/login", json={"username": "alice", "password": "correct-horse"})
        assert alice.status_code == 200
        response = client.post("/api/register", json={"username": "bob", "password": "correct-horse"})
        assert response.status_code == 200 and response.json["id"] == 3  # never 2: task 1 still names user 2
        bob = client.post("/api/login", json={"username": "bob", "password": "correct-horse"}).json["access_token"]
        assert client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {bob}"}).json["task_ids"] == []
        assert client.post("/api/register", json={"username": "ALICE", "password": "correct-horse"}).status_code == 409
        with app.app_context():
            sql = db.session.execute(db.text("SELECT sql FROM sqlite_master WHERE name = 'user'")).scalar()
            generation = db.session.execute(db.text("SELECT token_generation FROM user WHERE id = 1")).scalar()
        assert "AUTOINCREMENT" in sql and len(generation) == 32
    finally:
        app.extensions["stop_background_services"]()
    # a second start finds nothing to do
    from storyagent.schema_upgrade import upgrade_user_table

    with app.app_context():
        assert upgrade_user_table(db.engine) is False
