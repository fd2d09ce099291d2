"""Logout and refresh rotation revoke tokens; housekeeping forgets revocations once tokens expire."""
from __future__ import annotations

import time

import jwt as pyjwt
from sqlalchemy import func, select

from conftest import ApiUser
from storyagent.extensions import db
from storyagent.housekeeping import expire_revoked_tokens
from storyagent.models import RevokedToken


def refresh_cookie(client) -> str:
    return client.get_cookie("refresh_token", path="/api").value


def send_refresh(client, token: str):
    """POST /api/refresh presenting exactly this refresh token."""
    client.set_cookie("refresh_token", token, path="/api")
    return client.post("/api/refresh")


def claims(app, token: str) -> dict:
    return pyjwt.decode(token, app.config["JWT_SECRET_KEY"], algorithms=["HS256"], options={"verify_exp": False})


def test_logout_revokes_the_access_token_sent_with_it(client, alice):
    assert alice.get("/api/task/mytasks").status_code == 200
    response = alice.post("/api/logout")
    assert response.status_code == 200 and response.json == {"logged_out": True}
    response = alice.get("/api/task/mytasks")
    assert response.status_code == 401
    assert "revoked" in response.json["detail"]


def test_logout_revokes_the_refresh_cookie_and_clears_it(client, alice):
    spent = refresh_cookie(client)
    response = alice.post("/api/logout")
    cleared = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("refresh_token=;")]
    assert cleared and "Expires=Thu, 01 Jan 1970" in cleared[0]  # cleared in the browser
    assert client.get_cookie("refresh_token", path="/api") is None
    response = send_refresh(client, spent)  # a copy kept by an attacker is dead too
    assert response.status_code == 401
    assert "revoked" in response.json["detail"]


def test_refresh_rotates_and_the_old_refresh_token_is_refused(app, client, alice):
    first = refresh_cookie(client)
    response = client.post("/api/refresh")
    assert response.status_code == 200
    second = refresh_cookie(client)
    assert second != first
    assert send_refresh(client, first).status_code == 401
    # the new one works once, and rotates again
    response = send_refresh(client, second)
    assert response.status_code == 200
    assert client.get("/api/task/mytasks",
                      headers={"Authorization": f"Bearer {response.json['access_token']}"}).status_code == 200
    assert send_refresh(client, second).status_code == 401


def test_logout_of_one_session_leaves_other_sessions_working(app, client, alice):
    other = ApiUser(app.test_client(), "alice-2")
    second_session = app.test_client()
    response = second_session.post("/api/login", json={"username": "alice", "password": "correct-horse"})
    token = response.json["access_token"]
    alice.post("/api/logout")
    assert second_session.get("/api/task/mytasks", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert second_session.post("/api/refresh").status_code == 200
    assert other.get("/api/task/mytasks").status_code == 200


def test_logout_without_tokens_is_harmless(app):
    response = app.test_client().post("/api/logout", headers={"Authorization": "Bearer not-a-jwt"})
    assert response.status_code == 200 and response.json == {"logged_out": True}


def test_revocations_are_kept_until_the_token_would_expire(app, client, alice):
    access, refresh = alice.token, refresh_cookie(client)
    alice.post("/api/logout")
    with app.app_context():
        rows = {row.jti: row.expires_at for row in db.session.scalars(select(RevokedToken))}
    assert rows == {claims(app, access)["jti"]: claims(app, access)["exp"],
                    claims(app, refresh)["jti"]: claims(app, refresh)["exp"]}


def test_housekeeping_purges_only_expired_revocations(app):
    now = time.time()
    with app.app_context():
        db.session.add_all([RevokedToken(jti="expired-1", expires_at=now - 3600),
                            RevokedToken(jti="expired-2", expires_at=now - 1),
                            RevokedToken(jti="still-valid", expires_at=now + 3600)])
        db.session.commit()
        assert expire_revoked_tokens(app) == 2
        assert list(db.session.scalars(select(RevokedToken.jti))) == ["still-valid"]
        assert expire_revoked_tokens(app) == 0


def test_a_purged_revocation_does_not_resurrect_its_token(app_config, tmp_path, monkeypatch):
    """Once a revoked token's row is purged, the token is refused anyway: it has expired."""
    from storyagent import create_app

    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**app_config, "JWT_ACCESS_TOKEN_EXPIRES": 3})
    try:
        user = ApiUser(app.test_client(), "grace")
        refresh = refresh_cookie(user.client)
        user.post("/api/logout")
        with app.app_context():  # both revoked (the access token was still valid when sent)
            assert db.session.scalar(select(func.count()).select_from(RevokedToken)) == 2
        expires = claims(app, user.token)["exp"]
        time.sleep(max(0.0, expires - time.time()) + 1.1)
        with app.app_context():
            assert expire_revoked_tokens(app) == 1
            remaining = list(db.session.scalars(select(RevokedToken.jti)))
        assert remaining == [claims(app, refresh)["jti"]]  # the refresh token lives 14 days
        response = user.get("/api/task/mytasks")
        assert response.status_code == 401
        assert "expired" in response.json["detail"]
    finally:
        app.extensions["stop_background_services"]()
