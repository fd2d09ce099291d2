"""The systemd units and environment file in deploy/ run what `make serve` and `make worker` run."""
from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path

from storyagent.config import SETTINGS, check

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
MAKEFILE = (Path(__file__).resolve().parents[1] / "Makefile").read_text()


def unit(name: str) -> configparser.ConfigParser:
    parsed = configparser.ConfigParser(interpolation=None, strict=True)
    parsed.optionxform = str  # systemd keys are case-sensitive
    parsed.read_string((DEPLOY / "systemd" / name).read_text())
    return parsed


def make_recipe(target: str) -> list[str]:
    """The command a Makefile target execs, up to its optional ($(if ...)) arguments."""
    recipe = re.search(rf"^{target}:\n\t(.+?)(?:\n\n|\Z)", MAKEFILE, re.M | re.S).group(1).replace("\\\n", " ")
    words = shlex.split(recipe.split(" exec ", 1)[1])
    return words[:next((n for n, word in enumerate(words) if word.startswith("$(if")), len(words))]


def test_the_worker_unit_runs_make_worker_at_idle_cpu_weight():
    service = unit("storyagent-worker@.service")["Service"]
    command = shlex.split(service["ExecStart"])
    expected = make_recipe("worker")
    assert Path(command[0]).name == Path(expected[0]).name == "celery"
    assert command[1:len(expected)] == expected[1:]
    assert command[len(expected):] == ["-n", "%i@%%h"]  # %% is a literal % for systemd: Celery's own %h
    assert service["Environment"] == "STORYAGENT_RUNNER=celery"
    assert service["CPUWeight"] == "idle"
    assert service["KillMode"] == "mixed"


def test_the_api_unit_runs_make_serve():
    service = unit("storyagent-api@.service")["Service"]
    command = shlex.split(service["ExecStart"])
    expected = make_recipe("serve")
    assert Path(command[0]).name == Path(expected[0]).name == "gunicorn"
    assert command[1:] == expected[1:]
    assert service["Environment"] == "PORT=%i"
    assert service["KillMode"] == "mixed"
    assert int(service["TimeoutStopSec"]) >= SETTINGS.fields["SHUTDOWN_GRACE"].load_default + 15


def test_the_example_environment_names_real_settings_with_valid_values():
    values = {}
    for line in (DEPLOY / "storyagent.env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    settings = {key.removeprefix("STORYAGENT_"): value for key, value in values.items()
                if key.startswith("STORYAGENT_") and key != "STORYAGENT_INSTANCE_PATH"}
    assert set(settings) <= set(SETTINGS.fields), set(settings) - set(SETTINGS.fields)
    checked = check(settings)
    assert checked["RUNNER"] == "celery" and checked["WORKER_CONCURRENCY"] == 2
    assert set(values) - {f"STORYAGENT_{key}" for key in settings} == {"HOST", "THREADS", "STORYAGENT_INSTANCE_PATH"}
