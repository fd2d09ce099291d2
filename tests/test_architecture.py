"""The package is a layered house: imports only go down, never in a circle, and one module owns task state."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "storyagent"

# highest first; a module may import its own layer or lower ones (prefix match, longest wins)
LAYERS: dict[str, int] = {
    "storyagent": 7, "storyagent.console": 7, "storyagent.celery_worker": 7,  # the factory, the scripts
    "storyagent.cli": 6, "storyagent.auth": 6, "storyagent.tasks": 6, "storyagent.tasks.routes": 6,
    "storyagent.health": 6, "storyagent.openapi": 6, "storyagent.web": 6, "storyagent.ratelimit": 6,
    "storyagent.schemas": 6, "storyagent.migrations": 6,               # routes and what only they use
    "storyagent.tasks.service": 5, "storyagent.housekeeping": 5, "storyagent.errors": 5,  # use cases
    "storyagent.security_headers": 6, "storyagent.request_log": 5, "storyagent.private_files": 5,
    "storyagent.schema_upgrade": 5,
    "storyagent.runners": 4,                                           # how jobs run
    "storyagent.tasks.state": 3,                                       # every task state change
    "storyagent.pipeline": 2,                                          # the five segments
    "storyagent.providers": 1, "storyagent.offline": 1,                # model clients, built-in generators
    "storyagent.voices": 1, "storyagent.story_options": 1,            # what a story's options change
    "storyagent.domain": 0, "storyagent.storage": 0, "storyagent.config": 0, "storyagent.audio": 0,
    "storyagent.picture": 0, "storyagent.page_prompts": 0, "storyagent.models": 0, "storyagent.extensions": 0,
    "storyagent.passwords": 0,
}
# plain Python, usable without a Flask app (the CLI, tests, another runner)
NO_FLASK = ("storyagent.pipeline", "storyagent.providers", "storyagent.offline", "storyagent.domain",
            "storyagent.storage", "storyagent.config", "storyagent.audio", "storyagent.picture",
            "storyagent.page_prompts", "storyagent.passwords", "storyagent.voices", "storyagent.story_options")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").is_file()


def imports_of(path: Path) -> set[str]:
    """Every module this file imports, anywhere in it (function-level imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from . import service` imports the submodule
                candidate = f"{base}.{alias.name}"
                found.add(candidate if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).is_file()
                          or is_package(candidate) else base)
    return found


def layer_of(name: str) -> int:
    matches = [prefix for prefix in LAYERS if name == prefix or name.startswith(prefix + ".")]
    assert matches, f"{name} has no layer: add it to LAYERS in {Path(__file__).name}"
    return LAYERS[max(matches, key=len)]


GRAPH = {module_name(path): {m for m in imports_of(path) if m.startswith("storyagent")}
         for path in PACKAGE.rglob("*.py")}


def test_every_module_has_a_layer():
    for name in GRAPH:
        layer_of(name)


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_only_go_down(name):
    upward = [target for target in GRAPH[name] if layer_of(target) > layer_of(name)]
    assert not upward, f"{name} (layer {layer_of(name)}) imports higher layers: {upward}"


def test_no_import_cycles():
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(GRAPH.get(name, ())):
            # a package's __init__ importing its own submodules is how packages re-export
            if target.startswith(name + ".") and is_package(name):
                continue
            if state.get(target) == "open":
                cycle = trail[trail.index(target):] + [target] if target in trail else [name, target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if n.startswith(NO_FLASK)))
def test_plain_python_layers_do_not_import_flask(name):
    path = PACKAGE.parent / (name.replace(".", "/") + (".py" if not is_package(name) else "/__init__.py"))
    flask_imports = [m for m in imports_of(path) if m.split(".")[0] in ("flask", "flask_sqlalchemy", "werkzeug")
                     or m in ("storyagent.extensions", "storyagent.models")]
    assert not flask_imports, f"{name} imports {flask_imports}"


# what changing a Task row looks like in SQLAlchemy: an UPDATE/DELETE of it, a new one, or a field assignment
STATE_CHANGE = re.compile(r"update\(Task\)|delete\(Task\)|(?<!class )(?<!\.)\bTask\(|"
                          r"\b\w*task\w*\.(status|current_segment|running_segment|job_id|progress|message|error|"
                          r"heartbeat_at|chain_through)\s*=[^=]", re.IGNORECASE)


def test_only_the_state_module_changes_tasks():
    owner = PACKAGE / "tasks" / "state.py"
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
                 for path in PACKAGE.rglob("*.py") if path != owner
                 for number, line in enumerate(path.read_text().splitlines(), start=1)
                 if STATE_CHANGE.search(line)]
    assert not offenders, "task state changed outside storyagent/tasks/state.py:\n" + "\n".join(offenders)
    assert STATE_CHANGE.search(owner.read_text()), "the pattern finds the state module's own changes"


def test_every_folder_of_python_modules_is_a_package():
    """setup.cfg's `packages = find:` skips a folder without __init__.py: `pip install .` would lose it."""
    folders = {path.parent for path in PACKAGE.rglob("*.py")}
    missing = sorted(str(folder.relative_to(PACKAGE.parent)) for folder in folders if not (folder / "__init__.py").is_file())
    assert not missing, f"add an __init__.py to: {missing}"
