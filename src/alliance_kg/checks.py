"""Quality checks as SPARQL queries that must return nothing.

Each `queries/checks/*.rq` is a SELECT named for what is wrong; every row it returns is one
offence. Its header declares a `severity`: `error` fails the build, `warning` and `info` are
reported. Checks are found by glob, never listed in configuration, so a new file is run at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .namespaces import PREFIXES
from .queryfile import QueryFile, read_query_files

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class CheckResult:
    """A check and the rows it returned (each row: variable name → value as text)."""

    check: QueryFile
    rows: list[dict[str, str]]

    @property
    def severity(self) -> str:
        return self.check.first("severity")

    @property
    def failed(self) -> bool:
        return bool(self.rows)


def load_checks(folder: Path) -> list[QueryFile]:
    """Every check in `folder`; a check without a valid severity is an error."""
    checks = read_query_files(folder)
    for check in checks:
        if check.first("severity") not in SEVERITIES:
            raise InputError(
                f"{check.path}: the header must declare '# severity:' as one of {', '.join(SEVERITIES)}"
            )
    return checks


def run_checks(store: ox.Store, checks: list[QueryFile]) -> list[CheckResult]:
    """Run each check on the store; a check that is not valid SPARQL is an input error."""
    results = []
    for check in checks:
        try:
            solutions = store.query(check.text, prefixes=PREFIXES)
        except SyntaxError as error:
            raise InputError(f"{check.path}: SPARQL syntax error: {error}") from None
        variables = [v.value for v in solutions.variables]
        rows = [
            {name: _text(solution[name]) for name in variables if solution[name] is not None}
            for solution in solutions
        ]
        results.append(CheckResult(check=check, rows=rows))
    return results


def _text(term: object) -> str:
    return getattr(term, "value", str(term))


def format_check_results(results: list[CheckResult], limit: int | None = None) -> str:
    """One block per failed check: its name, severity, title and its offending rows (at most
    `limit` of them, when given, with a count of the rest)."""
    lines = []
    for result in results:
        if not result.failed:
            continue
        check = result.check
        lines.append(
            f"{result.severity}: {check.name} ({len(result.rows)}): {check.first('title')}"
        )
        shown = result.rows if limit is None else result.rows[:limit]
        for row in shown:
            lines.append("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
        if len(shown) < len(result.rows):
            lines.append(f"  … and {len(result.rows) - len(shown)} more")
    return "\n".join(lines)
