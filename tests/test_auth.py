"""Register, login, refresh: the documented bodies, cookie and validation."""
from __future__ import annotations

import jwt as pyjwt
import pytest


def test_register_returns_id_and_username(client):
    response = client.post("/api/register", json={"username": "alice", "password": "correct-horse"})
    assert response.status_code == 200
    assert response.json == {"id": 1, "username": "alice"}


def test_register_rejects_taken_username(client, alice):
    response = client.post("/api/register", json={"username": "alice", "password": "another-pass"})
    assert response.status_code == 409
    assert "taken" in response.json["detail"]


@pytest.mark.parametrize("body, field", [
    ({"username": "ab", "password": "correct-horse"}, "username"),
    ({"username": "x" * 65, "password": "correct-horse"}, "username"),
    ({"username": "bad name", "password": "correct-horse"}, "username"),
    ({"username": "alice", "password": "short"}, "password"),
    ({"username": "alice"}, "password"),
    ({"password": "correct-horse"}, "username"),
    ({"username": "alice", "password": "correct-horse", "admin": True}, "admin"),
])
def test_register_validation_is_a_clear_400(client, body, field):
    response = client.post("/api/register", json=body)
    assert response.status_code == 400
    assert field in response.json["detail"]


def test_password_is_hashed(app, alice):
    from storyagent.models import User

    with app.app_context():
        stored = User.query.filter_by(username="alice").one().password_hash
    assert "correct-horse" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_login_returns_bearer_token_and_sets_refresh_cookie(client, alice, app):
    response = client.post("/api/login", json={"username": "alice", "password": "correct-horse"})
    assert response.status_code == 200
    assert set(response.json) == {"access_token", "token_type"}
    assert response.json["token_type"] == "Bearer"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("refresh_token=")
    for attribute in ("HttpOnly", "SameSite=Strict", "Path=/api"):
        assert attribute in cookie
    assert "Secure" not in cookie
    claims = pyjwt.decode(response.json["access_token"], app.config["JWT_SECRET_KEY"], algorithms=["HS256"])
    assert claims["sub"] == "1" and isinstance(claims["sub"], str)


def test_secure_cookie_when_configured(app_config, tmp_path, monkeypatch):
    from storyagent import create_app

    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**app_config, "JWT_COOKIE_SECURE": True})
    client = app.test_client()
    client.post("/api/register", json={"username": "alice", "password": "correct-horse"})
    response = client.post("/api/login", json={"username": "alice", "password": "correct-horse"})
    assert "Secure" in response.headers["Set-Cookie"]
    app.extensions["stop_background_services"]()


def test_login_wrong_password_or_user_is_401(client, alice):
    for body in ({"username": "alice", "password": "wrong-password"},
                 {"username": "nobody", "password": "correct-horse"}):
        response = client.post("/api/login", json=body)
        assert response.status_code == 401
        assert response.json == {"detail": "Invalid username or password."}


def test_refresh_with_cookie_gives_working_access_token(client, alice):
    response = client.post("/api/refresh")
    assert response.status_code == 200
    token = response.json["access_token"]
    assert response.json["token_type"] == "Bearer"
    assert client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_refresh_without_cookie_is_401(app):
    response = app.test_client().post("/api/refresh")
    assert response.status_code == 401
    assert "refresh" in response.json["detail"].lower()


def test_refresh_token_is_not_an_access_token(client, alice):
    refresh = client.get_cookie("refresh_token", path="/api").value
    response = client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {refresh}"})
    assert response.status_code == 401


def test_access_token_in_cookie_is_not_accepted(app, alice):
    other = app.test_client()
    other.set_cookie("access_token_cookie", alice.token)
    assert other.get("/api/task/mytasks").status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer not.a.token", "Token abc", "Bearer a.b.c"])
def test_bad_authorization_header_is_401(client, header):
    response = client.get("/api/task/mytasks", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["detail"]


def test_secret_key_is_generated_once_into_instance(app, tmp_path):
    key_file = tmp_path / "instance" / "secret_key"
    assert key_file.read_text().strip() == app.config["SECRET_KEY"]
    assert len(app.config["SECRET_KEY"]) >= 32
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_an_authenticated_request_checks_its_token_in_one_query(app, client, alice):
    """Family, blocklist and user in one round trip: /progress is polled by every open page."""
    from sqlalchemy import event

    from storyagent.extensions import db

    task = alice.new_task()
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    record = lambda _conn, _cursor, statement, *_args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert alice.get(f"/api/task/{task}/progress").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, "\n".join(s[:100] for s in selects)  # the token with its user, then the task
