"""Settings are described once, checked once at start-up, and the README's table is that description."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyagent import config, create_app

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("key, value, says", [
    ("VIDEO_WIDTH", 641, "must be even"),
    ("VIDEO_WIDTH", 0, "64-3840"),
    ("VIDEO_HEIGHT", "tall", "Not a valid integer"),
    ("RUNNER", "kafka", "thread, sync, off, celery"),
    ("WORKERS", 0, "1-64"),
    ("TTS_FORMAT", "midi", "wav"),
    ("SCHEDULER_ENABLED", "maybe", "true/false"),
])
def test_a_bad_setting_stops_start_up_naming_the_key(app_config, monkeypatch, tmp_path, key, value, says):
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    with pytest.raises(config.ConfigError) as caught:
        create_app({**app_config, key: value})
    message = str(caught.value)
    assert f"{key}={value!r}" in message and says in message


def test_every_bad_key_is_reported_at_once():
    with pytest.raises(config.ConfigError) as caught:
        config.check({"VIDEO_WIDTH": 641, "VIDEO_FPS": 0, "LOG_LEVEL": "LOUD"})
    lines = str(caught.value).splitlines()[1:]
    assert [line.split("=")[0].strip() for line in lines] == ["LOG_LEVEL", "VIDEO_FPS", "VIDEO_WIDTH"]


def test_environment_values_are_typed(app_config, monkeypatch, tmp_path):
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("STORYAGENT_VIDEO_FPS", "12")
    monkeypatch.setenv("STORYAGENT_PAGE_PAUSE", "0.25")
    app_config.pop("VIDEO_FPS")
    app = create_app(app_config)
    assert app.config["VIDEO_FPS"] == 12 and app.config["PAGE_PAUSE"] == 0.25


def test_instance_config_file_is_read_and_checked(app_config, monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(instance))
    (instance / "config.py").write_text("CROSSFADE = 99\n")
    with pytest.raises(config.ConfigError, match="CROSSFADE=99"):
        create_app(app_config)


def test_defaults_are_valid_and_complete():
    settings = config.defaults()
    assert set(settings) == set(config.SETTINGS.fields)
    assert config.check(settings) == settings


def test_readme_settings_table_is_the_schema():
    text = README.read_text()
    table = re.search(r"<!-- settings table:.*?-->\n(.*?)<!-- end of settings table -->", text, re.S)
    assert table, "README.md has no generated settings table"
    assert table.group(1) == config.markdown_table() + "\n", "regenerate it: python -m storyagent.config"


def test_max_topic_length_is_the_setting(alice, app):
    app.config["MAX_TOPIC_LENGTH"] = 20
    response = alice.post("/api/task/new", json={"topic": "t" * 21})
    assert response.status_code == 400 and "1-20 characters" in response.json["detail"]
    assert alice.post("/api/task/new", json={"topic": "t" * 20}).status_code == 200


def test_no_setting_is_defined_twice():
    # a second definition in the schema class silently replaces the first (seen after a merge)
    import ast
    import inspect

    from storyagent import config
    tree = ast.parse(inspect.getsource(config.Settings))
    names = [target.id for node in tree.body[0].body if isinstance(node, ast.Assign)
             for target in node.targets if isinstance(target, ast.Name)]
    assert len(names) == len(set(names)), sorted({name for name in names if names.count(name) > 1})
