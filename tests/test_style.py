"""The repository keeps its own promises: ruff-clean code, and CI running the README's command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

TEST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"
BUILD_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/alliance-kg build"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in readme
    assert BUILD_COMMAND in readme
    assert ci.rstrip().endswith(TEST_COMMAND)


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]])
def test_ruff_is_clean(args):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
