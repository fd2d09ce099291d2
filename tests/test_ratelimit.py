"""Throttling: failed logins per username+address, per username and per address, and sign-ups per address."""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import limits.storage.memory
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conftest import ApiUser
from server_process import ServerProcess

WRONG = "not-the-password"


def login(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post("/api/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def assert_throttled(response, limit: int = 60) -> int:
    assert response.status_code == 429
    assert set(response.json) == {"detail"} and "try again in" in response.json["detail"]
    retry_after = int(response.headers["Retry-After"])
    assert 1 <= retry_after <= limit
    return retry_after


def test_five_failures_lock_that_username_from_that_address_only(client):
    alice = ApiUser(client, "alice")
    attacker = "203.0.113.66"
    for _ in range(5):
        assert login(client, "alice", WRONG, address=attacker).status_code == 401
    assert_throttled(login(client, "alice", WRONG, address=attacker))
    assert_throttled(login(client, "alice", "correct-horse", address=attacker))
    # the owner, from their own address, is not locked out by a stranger's guesses
    assert login(client, "alice", "correct-horse", address="10.0.0.7").status_code == 200
    assert login(client, "alice", "correct-horse").status_code == 200
    # other accounts and the tokens already issued are untouched
    ApiUser(client, "bob")
    assert alice.get("/api/task/mytasks").status_code == 200


def test_look_alike_spellings_of_a_username_share_its_counter(client):
    ApiUser(client, "alice")
    for spelling in ("alice", "ALICE", "Alice", "\uff41\uff4c\uff49\uff43\uff45", "aLiCe"):  # fullwidth too
        assert login(client, spelling, WRONG).status_code == 401
    assert_throttled(login(client, "alice", "correct-horse"))


class TestUsernameCeiling:
    @pytest.fixture
    def app_config(self, app_config):
        """A small ceiling, so spreading guesses over addresses can be shown to reach it."""
        return {**app_config, "LOGIN_FAILURES_PER_USERNAME": "8 per hour"}

    def test_guesses_spread_over_many_addresses_hit_the_username_ceiling(self, client):
        ApiUser(client, "hana")
        for attempt in range(8):
            assert login(client, "hana", WRONG, address=f"198.51.100.{attempt}").status_code == 401
        assert_throttled(login(client, "hana", "correct-horse", address="192.0.2.99"), limit=3600)


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
        return {**app_config, "LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS": "2 per 3 seconds"}

    def test_the_lock_lifts_after_retry_after(self, client, monkeypatch):
        ApiUser(client, "frank")
        for _ in range(2):
            assert login(client, "frank", WRONG).status_code == 401
        retry_after = assert_throttled(login(client, "frank", "correct-horse"))
        assert retry_after <= 3
        # the limiter's clock moves on by Retry-After (no waiting on the wall clock)
        later = time.time() + retry_after + 0.2
        monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=lambda: later))
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


def register(client, username: str, password: str = "correct-horse", address: str = "127.0.0.1"):
    return client.post("/api/register", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_sign_ups_from_one_address_are_throttled_with_retry_after(client):
    for number in range(10):
        assert register(client, f"farm{number}", address="203.0.113.9").status_code == 200
    response = register(client, "farm-more", address="203.0.113.9")
    retry_after = assert_throttled(response, limit=3600)
    assert "sign-ups" in response.json["detail"] and retry_after > 60
    # nothing was created, and another address still signs up
    assert login(client, "farm-more", "correct-horse").status_code == 401
    assert register(client, "newcomer", address="192.0.2.4").status_code == 200


def test_taken_names_count_as_sign_ups_and_as_failed_logins(client):
    assert register(client, "owner", address="192.0.2.1").status_code == 200
    farmer = "203.0.113.20"
    for _ in range(10):  # probing whether "owner" exists costs the same sign-up budget
        assert register(client, "owner", address=farmer).status_code == 409
    assert_throttled(register(client, "someone-else", address=farmer), limit=3600)


class TestTakenNamesShareTheLoginBudget:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "REGISTRATIONS_PER_ADDRESS": "100 per hour"}

    def test_farming_taken_names_then_guessing_passwords_share_one_counter(self, client):
        assert register(client, "owner", address="192.0.2.1").status_code == 200
        farmer = "203.0.113.21"
        for _ in range(15):
            assert register(client, "owner", address=farmer).status_code == 409
        for attempt in range(5):
            assert login(client, f"guess{attempt}", WRONG, address=farmer).status_code == 401
        assert_throttled(login(client, "guess-next", WRONG, address=farmer))
        assert_throttled(register(client, "owner", address=farmer))


def test_malformed_sign_ups_are_not_counted(client):
    for _ in range(15):
        assert client.post("/api/register", json={"username": "x"}).status_code == 400
    assert register(client, "after-typos").status_code == 200


def test_a_burst_of_parallel_sign_ups_admits_exactly_the_limit(tmp_path):
    """Counted before the hash, atomically: 16 sign-ups at once from one address, exactly 10 get in."""
    burst = 16
    with ServerProcess(tmp_path, {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}) as server:
        server.start()
        barrier = threading.Barrier(burst)

        def sign_up(number: int) -> int:
            with requests.Session() as session:
                barrier.wait()
                return session.post(server.url + "/api/register", timeout=60,
                                    json={"username": f"burst{number}", "password": "correct-horse"}).status_code

        with ThreadPoolExecutor(burst) as pool:
            statuses = sorted(pool.map(sign_up, range(burst)))
        assert statuses == [200] * 10 + [429] * (burst - 10)
