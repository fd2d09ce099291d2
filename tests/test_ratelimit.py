"""Login throttling: failures per username and per address get 429; normal use never does."""
from __future__ import annotations

import time

import pytest

from conftest import ApiUser

WRONG = "not-the-password"


def login(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post("/api/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def assert_throttled(response) -> int:
    assert response.status_code == 429
    assert set(response.json) == {"detail"} and "try again in" in response.json["detail"]
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    return retry_after


def test_five_failures_for_a_username_lock_it_even_with_the_right_password(client):
    alice = ApiUser(client, "alice")
    for _ in range(5):
        assert login(client, "alice", WRONG).status_code == 401
    assert_throttled(login(client, "alice", WRONG))
    assert_throttled(login(client, "alice", "correct-horse"))
    # from another address too: the per-username limit protects the account itself
    assert_throttled(login(client, "alice", "correct-horse", address="10.0.0.7"))
    # other accounts and the tokens already issued are untouched
    ApiUser(client, "bob")
    assert alice.get("/api/task/mytasks").status_code == 200


def test_twenty_failures_from_an_address_lock_that_address_only(client):
    ApiUser(client, "carol")
    for attempt in range(20):
        assert login(client, f"guess{attempt % 4}", WRONG).status_code == 401
    assert_throttled(login(client, "someone-new", WRONG))
    assert_throttled(login(client, "carol", "correct-horse"))
    assert login(client, "carol", "correct-horse", address="192.0.2.10").status_code == 200


def test_successful_logins_and_api_calls_are_never_throttled(client):
    user = ApiUser(client, "dave")
    for _ in range(30):
        assert login(client, "dave", "correct-horse").status_code == 200
    for _ in range(60):
        assert user.get("/api/task/mytasks").status_code == 200
    # a couple of typos in between do not add up to a lock-out
    for _ in range(4):
        assert login(client, "dave", WRONG).status_code == 401
        assert login(client, "dave", "correct-horse").status_code == 200


def test_malformed_logins_are_not_counted_as_failures(client):
    ApiUser(client, "erin")
    for _ in range(25):
        assert client.post("/api/login", json={"username": "erin"}).status_code == 400
        assert client.post("/api/login", data="username=erin").status_code == 415
    assert login(client, "erin", "correct-horse").status_code == 200


class TestLockExpiry:
    @pytest.fixture
    def app_config(self, app_config):
        """Tight limits, so the window can be waited out in a test."""
        return {**app_config, "LOGIN_FAILURES_PER_USERNAME": "2 per 3 seconds"}

    def test_the_lock_lifts_after_retry_after(self, client):
        ApiUser(client, "frank")
        for _ in range(2):
            assert login(client, "frank", WRONG).status_code == 401
        retry_after = assert_throttled(login(client, "frank", "correct-horse"))
        assert retry_after <= 3
        time.sleep(retry_after + 0.2)
        assert login(client, "frank", "correct-horse").status_code == 200


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "PROXY_COUNT": 1}

    def test_clients_are_told_apart_by_x_forwarded_for(self, client):
        ApiUser(client, "gina")

        def via_proxy(client_address: str, username: str, password: str):
            return client.post("/api/login", json={"username": username, "password": password},
                               headers={"X-Forwarded-For": client_address},
                               environ_base={"REMOTE_ADDR": "10.0.0.1"})  # the proxy itself

        for attempt in range(20):
            assert via_proxy("203.0.113.5", f"guess{attempt % 4}", WRONG).status_code == 401
        assert_throttled(via_proxy("203.0.113.5", "gina", "correct-horse"))
        assert via_proxy("198.51.100.7", "gina", "correct-horse").status_code == 200
