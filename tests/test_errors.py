"""Every error is JSON {"detail": ...} with a status a client can act on."""
from __future__ import annotations

import re

import pytest


def test_unknown_path_is_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.is_json and "nothing-here" in response.json["detail"]


def test_wrong_method_is_json_405(client):
    response = client.delete("/api/task/workflow")
    assert response.status_code == 405
    assert response.json["detail"].startswith("Method DELETE")
    assert "GET" in response.headers["Allow"]


def test_malformed_json_is_400(client):
    response = client.post("/api/login", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json == {"detail": "The request body is not valid JSON."}


def test_non_object_json_is_400(client):
    response = client.post("/api/login", json=["alice", "pw"])
    assert response.status_code == 400
    assert "object" in response.json["detail"]


def test_wrong_content_type_is_415(client):
    response = client.post("/api/register", data="username=alice", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "application/json" in response.json["detail"]


def test_body_over_limit_is_413(client):
    response = client.post("/api/register", data="x" * (64 * 1024 + 1), content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json["detail"]


def test_topic_over_1000_characters_is_400(alice):
    response = alice.post("/api/task/new", json={"topic": "t" * 1001})
    assert response.status_code == 400
    assert "topic" in response.json["detail"]


@pytest.mark.parametrize("body", [{}, {"topic": ""}, {"topic": "   "}, {"topic": 5}, {"topic": None},
                                  {"topic": "ok", "language": "fr"}, {"topic": "ok", "seed": -1},
                                  {"topic": "ok", "unknown": 1}])
def test_bad_task_bodies_are_400(alice, body):
    response = alice.post("/api/task/new", json=body)
    assert response.status_code == 400, response.json
    assert response.json["detail"]


def test_missing_token_is_401_json(client):
    response = client.get("/api/task/mytasks")
    assert response.status_code == 401
    assert "Bearer" in response.json["detail"]


def test_unexpected_error_is_json_500_without_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/__boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/api/__boom")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert response.json["detail"].startswith("Internal server error")


@pytest.mark.parametrize("code", [400, 401, 404, 405, 409, 413, 415, 422, 429, 500, 503])
def test_any_http_error_raised_anywhere_is_json_detail(app, client, code):
    from werkzeug.exceptions import abort

    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/__abort")
    def aborting():
        abort(code)

    response = client.get("/api/__abort")
    assert response.status_code == code
    assert response.is_json and isinstance(response.json["detail"], str) and response.json["detail"]
    assert not re.search(r"</?(p|h1|html|title)\b", response.json["detail"])  # werkzeug's HTML is gone
