"""The OpenAPI document covers every API route, and the live app conforms to it under fuzzing."""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance)
from schemathesis.specs.openapi.definitions import OPENAPI_30_VALIDATOR

from storyagent import create_app
from storyagent.openapi import OPERATIONS

CONFORMANCE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                      response_schema_conformance, response_headers_conformance]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    """One app for the whole fuzz run; small limits so accepted executions can't pile up."""
    base = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STORYAGENT_INSTANCE_PATH", str(base / "instance"))
        app = create_app({"TESTING": True, "BASE_DIR": str(base), "SCHEDULER_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{base}/db.sqlite",
                          "WORKERS": 1, "QUEUE_LIMIT": 1, "VIDEO_WIDTH": 320, "VIDEO_HEIGHT": 180,
                          "VIDEO_FPS": 12, "LOG_LEVEL": "WARNING", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    yield app
    app.extensions["stop_background_services"]()


@pytest.fixture(scope="module")
def bearer(fuzz_app) -> dict:
    """Register and log in once; the fuzzer sends this token with every authenticated call."""
    client = fuzz_app.test_client()
    credentials = {"username": "fuzzer", "password": "correct horse battery"}
    assert client.post("/api/register", json=credentials).status_code == 200
    token = client.post("/api/login", json=credentials).get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    # a few real tasks, so small generated ids sometimes name one
    for topic in ("a brave little owl", "a robot who loves rain"):
        assert client.post("/api/task/new", json={"topic": topic}, headers=headers).status_code == 200
    return headers


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", fuzz_app)


def test_document_lists_every_api_route(fuzz_app):
    document = fuzz_app.test_client().get("/api/openapi.json").get_json()
    routes = {(method.lower(), re.sub(r"<(?:\w+(?:\([^)]*\))?:)?(\w+)>", r"{\1}", rule.rule))
              for rule in fuzz_app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(method, path) for path, operations in document["paths"].items() for method in operations}
    assert routes == documented


def test_document_declares_errors_and_security(fuzz_app):
    document = fuzz_app.test_client().get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.0")
    OPENAPI_30_VALIDATOR.validate(document)  # a valid OpenAPI 3.0 document
    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        "refreshCookie": {"type": "apiKey", "in": "cookie", "name": "refresh_token"},
    }
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400 and path != "/api/health":
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)
    progress = document["paths"]["/api/task/{task_id}/progress"]["get"]
    assert progress["security"] == [{"bearerAuth": []}]
    assert set(progress["responses"]) == {"200", "401", "404"}
    execute = document["paths"]["/api/task/{task_id}/execute/{segment_id}"]["post"]
    assert "Retry-After" in execute["responses"]["503"]["headers"]


# positive data for every operation; invalid data for those that take any input; and, for the
# task endpoints, positive data aimed at a real task of the caller (random ids rarely name one)
FUZZ_CASES = [pytest.param(op.method, op.path, mode, False, id=f"{op.method} {op.path} {mode.value}")
              for op in OPERATIONS
              for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
              if mode is GenerationMode.POSITIVE or op.body or op.query or op.path_params]
FUZZ_CASES += [pytest.param(op.method, op.path, GenerationMode.POSITIVE, True, id=f"{op.method} {op.path} own task")
               for op in OPERATIONS if "{task_id}" in op.path]


@pytest.mark.parametrize("method, path, mode, own_task", FUZZ_CASES)
def test_app_conforms_to_its_document(fuzz_app, api_schema, bearer, method, path, mode, own_task):
    """No 5xx, and every status, content type, body and header is the documented one."""
    # logging out with the shared token would revoke it for every later case
    headers = {} if path == "/api/logout" else bearer
    fixed = {}
    if own_task:
        created = fuzz_app.test_client().post("/api/task/new", json={"topic": "a fox who counts stars"},
                                              headers=bearer)
        fixed = {"task_id": created.get_json()["task_id"]}
    operation = api_schema[path][method.upper()]

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed or None))
    @settings(max_examples=20, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def conforms(case):
        case.call_and_validate(headers=headers, checks=CONFORMANCE_CHECKS)

    conforms()
