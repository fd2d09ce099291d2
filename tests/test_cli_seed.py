"""`storyagent make` picks a random seed unless --seed is given (so two runs differ)."""
from __future__ import annotations

from storyagent import cli, create_app


def test_make_uses_a_random_seed_unless_one_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYAGENT_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True, "BASE_DIR": str(tmp_path / "base"), "SCHEDULER_ENABLED": False})
    seeds: list[int] = []
    monkeypatch.setattr(cli, "segment_function", lambda segment: (lambda context: seeds.append(context.brief.seed)))
    try:
        runner = app.test_cli_runner()
        for _ in range(3):
            result = runner.invoke(args=["make", "a little hen", "--out", str(tmp_path / "out")])
            assert result.exit_code == 0, result.output
        assert len(set(seeds)) == 3, seeds                 # one seed per run, a new one each run
        seeds.clear()
        given = runner.invoke(args=["make", "a little hen", "--seed", "42", "--out", str(tmp_path / "out")])
        assert given.exit_code == 0, given.output
        assert set(seeds) == {42} and "seed 42" in given.output
    finally:
        app.extensions["stop_background_services"]()
        app.extensions["runner"].shutdown()
