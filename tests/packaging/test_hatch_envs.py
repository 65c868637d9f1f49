"""`hatch run test` and `hatch test` test against the same libraries (hatch.toml keeps two lists)."""

from __future__ import annotations

from tests.packaging._layout import ROOT, tomllib


def test_hatch_test_env_repeats_the_default_test_dependencies() -> None:
    envs = tomllib.loads((ROOT / "hatch.toml").read_text(encoding="utf-8"))["envs"]
    default = {d for d in envs["default"]["dependencies"] if not d.startswith("pytest>")}
    assert default <= set(envs["hatch-test"]["extra-dependencies"])
