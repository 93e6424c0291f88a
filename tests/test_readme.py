"""The README's transcript and library example are true: each is run and its output compared."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from alliance_kg.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ELLIPSIS = "…"


def console_commands() -> list[tuple[str, list[str]]]:
    """Each `$ alliance-kg …` line of the README's console blocks, with the lines shown after it."""
    commands: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            elif commands:
                commands[-1][1].append(line)
    return [(command, _trim(shown)) for command, shown in commands]


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether `actual` reads as `shown`, where a line `…` stands for any number of lines."""
    pattern = "".join(
        "(?:.*\n)*?" if line == ELLIPSIS else re.escape(line.rstrip()) + "\n" for line in shown
    )
    text = "".join(line.rstrip() + "\n" for line in actual)
    return (
        re.fullmatch(pattern + ("(?:.*\n)*" if shown and shown[-1] == ELLIPSIS else ""), text)
        is not None
    )


def run(command: str) -> list[str]:
    """Run one README command in-process; `| head -N` is honoured."""
    command, _, pipe = command.partition(" | ")
    words = shlex.split(command)
    assert words[0] == "alliance-kg", command
    result = CliRunner().invoke(main, words[1:])
    assert result.exit_code == 0, f"{command}: {result.output}"
    lines = result.stdout.splitlines()
    if pipe:
        count = re.fullmatch(r"head -(\d+)", pipe.strip())
        assert count, f"unsupported pipe in README: {pipe}"
        lines = lines[: int(count.group(1))]
    return lines


def test_the_readme_shows_commands():
    commands = [c for c, _ in console_commands()]
    assert commands[0] == "alliance-kg build"
    assert len(commands) >= 7


def test_every_command_in_the_readme_prints_what_the_readme_shows(project_copy, monkeypatch):
    # A copy of the project, so that `alliance-kg build` writes its dist/ there.
    monkeypatch.chdir(project_copy.root)
    for command, shown in console_commands():
        actual = run(command)
        assert matches(shown, actual), (
            f"$ {command}\nREADME shows:\n"
            + "\n".join(shown)
            + "\nit prints:\n"
            + "\n".join(actual)
        )


def test_the_library_example_runs(project_copy, monkeypatch, capsys):
    (example,) = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    monkeypatch.chdir(project_copy.root)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].split()[1] == "0", "the example should report no warnings"
    assert any(line.endswith("/id/claim/theme-is-vanguard-and-masses") for line in printed[1:])


@pytest.mark.parametrize(
    ("shown", "actual", "expected"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", ELLIPSIS, "d"], ["a", "b", "c", "d"], True),
        (["a", ELLIPSIS], ["a", "b"], True),
        ([ELLIPSIS, "c"], ["a", "b", "c"], True),
        (["a", "c"], ["a", "b", "c"], False),
        (["a", "b"], ["a", "b", "c"], False),
        (["x"], ["a"], False),
    ],
)
def test_the_comparison_itself(shown, actual, expected):
    assert matches(shown, actual) is expected
