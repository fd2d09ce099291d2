"""Logout and refresh rotation revoke tokens; housekeeping forgets revocations once tokens expire."""
from __future__ import annotations

import threading
import time
from datetime import datetime
from types import SimpleNamespace
from concurrent.futures import ThreadPoolExecutor

import jwt as pyjwt
import pytest
import requests
from sqlalchemy import func, select

from conftest import ApiUser
from server_process import ApiClient, ServerProcess
from storyagent.extensions import db
from storyagent import housekeeping
from storyagent.housekeeping import expire_revoked_tokens
from storyagent.models import RevokedToken, TokenFamily


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


def test_refresh_rotates_and_the_new_refresh_token_works(app, client, alice):
    first = refresh_cookie(client)
    response = client.post("/api/refresh")
    assert response.status_code == 200
    second = refresh_cookie(client)
    assert second != first
    # the new one works, and rotates again
    response = send_refresh(client, second)
    assert response.status_code == 200
    assert refresh_cookie(client) not in (first, second)
    assert client.get("/api/task/mytasks",
                      headers={"Authorization": f"Bearer {response.json['access_token']}"}).status_code == 200


def family_of(app, token: str) -> TokenFamily:
    with app.app_context():
        return db.session.get(TokenFamily, claims(app, token)["fam"])


class TestReuseDetection:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "REFRESH_REUSE_GRACE": 0}  # any reuse is a theft: no clock in the test

    def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(self, app, client, alice):
        stolen = refresh_cookie(client)
        response = client.post("/api/refresh")  # the owner rotates: stolen is now spent
        assert response.status_code == 200
        owners_access, owners_refresh = response.json["access_token"], refresh_cookie(client)
        thief = app.test_client()
        response = send_refresh(thief, stolen)
        assert response.status_code == 401
        assert "log in again" in response.json["detail"]
        assert family_of(app, stolen).revoked_at is not None
        # every token of that login is dead now: the newest refresh token and every access token
        assert send_refresh(client, owners_refresh).status_code == 401
        for token in (owners_access, alice.token):
            response = client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 401 and "revoked" in response.json["detail"]
        # a fresh login starts a new family and works
        assert client.post("/api/login", json={"username": "alice", "password": "correct-horse"}).status_code == 200
        assert client.post("/api/refresh").status_code == 200

    def test_the_thief_rotating_first_loses_the_session_when_the_owner_comes_back(self, app, client, alice):
        stolen = refresh_cookie(client)
        thief = app.test_client()
        response = send_refresh(thief, stolen)  # the thief rotates first
        assert response.status_code == 200
        thiefs_access, thiefs_refresh = response.json["access_token"], refresh_cookie(thief)
        assert client.post("/api/refresh").status_code == 401  # the owner's copy is the spent one: reuse
        assert send_refresh(thief, thiefs_refresh).status_code == 401
        assert thief.get("/api/task/mytasks", headers={"Authorization": f"Bearer {thiefs_access}"}).status_code == 401


def test_two_tabs_refreshing_at_once_both_get_an_access_token(app, client, alice):
    """Within REFRESH_REUSE_GRACE the token just replaced still gets an access token, and no new cookie."""
    shared = refresh_cookie(client)
    first = send_refresh(client, shared)
    assert first.status_code == 200
    current = refresh_cookie(client)
    second = send_refresh(client, shared)  # the other tab's request, sent with the same cookie
    assert second.status_code == 200 and second.json["access_token"]
    assert not any(c.startswith("refresh_token=") for c in second.headers.getlist("Set-Cookie"))
    assert family_of(app, shared).revoked_at is None
    for answer in (first, second):
        token = answer.json["access_token"]
        assert client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert send_refresh(client, current).status_code == 200  # the family goes on


def test_logout_ends_the_whole_login(app, client, alice):
    first_access = alice.token
    response = client.post("/api/refresh")
    second_access = response.json["access_token"]
    client.post("/api/logout")  # cookie only, no access token sent
    for token in (first_access, second_access):
        response = client.get("/api/task/mytasks", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401 and "revoked" in response.json["detail"]


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
    assert rows == {claims(app, access)["jti"]: claims(app, access)["exp"]}
    family = family_of(app, refresh)
    assert family.revoked_at is not None and family.id == claims(app, access)["fam"]
    assert abs(family.expires_at - claims(app, refresh)["exp"]) < 5


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
        with app.app_context():  # blocklisted by jti (the access token was still valid when sent)
            assert db.session.scalar(select(func.count()).select_from(RevokedToken)) == 1
        # move the clocks past the access token's expiry instead of waiting for it: housekeeping's,
        # and the one PyJWT checks expiry with
        later = claims(app, user.token)["exp"] + 1.1

        class Later(datetime):
            @classmethod
            def now(cls, tz=None):
                return datetime.fromtimestamp(later, tz)

        monkeypatch.setattr(housekeeping, "time", SimpleNamespace(time=lambda: later))
        monkeypatch.setattr(pyjwt.api_jwt, "datetime", Later)
        with app.app_context():
            assert expire_revoked_tokens(app) == 1
            assert db.session.scalar(select(func.count()).select_from(RevokedToken)) == 0
        response = user.get("/api/task/mytasks")
        assert response.status_code == 401
        assert "expired" in response.json["detail"]
        # the refresh token lives 14 days: its family's revocation still refuses it
        response = send_refresh(user.client, refresh)
        assert response.status_code == 401 and "revoked" in response.json["detail"]
    finally:
        app.extensions["stop_background_services"]()


# -- real concurrency: tabs racing against a real server ---------------------------------
TABS = 8


def race(server, requests_to_send):
    """Send the prepared requests at the same moment from TABS threads; return the responses."""
    barrier = threading.Barrier(len(requests_to_send))

    def send(prepared):
        method, path, kwargs = prepared
        with requests.Session() as session:
            barrier.wait()
            return session.request(method, server.url + path, timeout=60, **kwargs)

    with ThreadPoolExecutor(len(requests_to_send)) as pool:
        return list(pool.map(send, requests_to_send))


@pytest.fixture
def served(tmp_path):
    with ServerProcess(tmp_path, {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "REFRESH_REUSE_GRACE": 120}) as server:
        yield server.start()


def test_parallel_refreshes_with_one_cookie_all_succeed_and_rotate_once(served):
    user = ApiClient(served, "tabs").signup()
    cookie = user.session.cookies.get("refresh_token")
    answers = race(served, [("POST", "/api/refresh", {"cookies": {"refresh_token": cookie}})] * TABS)
    assert [answer.status_code for answer in answers] == [200] * TABS, [a.text for a in answers]
    rotated = [answer.cookies["refresh_token"] for answer in answers if "refresh_token" in answer.cookies]
    assert len(rotated) == 1
    for answer in answers:
        token = answer.json()["access_token"]
        assert user.get("/api/task/mytasks", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    response = requests.post(served.url + "/api/refresh", cookies={"refresh_token": rotated[0]}, timeout=30)
    assert response.status_code == 200
    assert "Traceback" not in served.log()


def test_parallel_logouts_are_idempotent(served):
    user = ApiClient(served, "closer").signup()
    cookie = user.session.cookies.get("refresh_token")
    logout = ("POST", "/api/logout", {"cookies": {"refresh_token": cookie}, "headers": user.headers})
    answers = race(served, [logout] * TABS)
    assert [answer.status_code for answer in answers] == [200] * TABS, [a.text for a in answers]
    assert user.get("/api/task/mytasks").status_code == 401
    assert "Traceback" not in served.log()


def test_expired_families_are_forgotten_at_the_next_login(app, client, alice):
    with app.app_context():
        db.session.add(TokenFamily(id="old", user_id=1, current_jti="j", expires_at=time.time() - 1))
        db.session.add(TokenFamily(id="live", user_id=1, current_jti="k", expires_at=time.time() + 3600))
        db.session.commit()
    assert client.post("/api/login", json={"username": "alice", "password": "correct-horse"}).status_code == 200
    with app.app_context():
        ids = set(db.session.scalars(select(TokenFamily.id)))
    assert "old" not in ids and "live" in ids and len(ids) == 3  # alice's two logins and "live"
