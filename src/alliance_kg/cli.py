"""The command line: each command parses its options and calls one library function."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .errors import AllianceError

CONTEXT = {"help_option_names": ["-h", "--help"]}


def reports_errors(command: Callable) -> Callable:
    """Turn library errors into a message on stderr and the error's exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except AllianceError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="alliance-kg")
def main() -> None:
    """A linked-data edition of Bakunin's "On the Program of the Alliance" (1871)."""


@main.command(name="build")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder to publish the release into (replaced as a whole).",
)
@reports_errors
def build_command(out: Path) -> None:
    """Validate the ontology and data and publish the release.

    Refuses to publish while a SHACL violation or an error-severity check remains; a failed
    build leaves the previous release untouched.

    \b
    Example:
        alliance-kg build --out dist
    """
    from .build import build
    from .project import Project

    result = build(Project.find(), out)
    click.echo(result.summary(), nl=False)


@main.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="How to write the report.",
)
@reports_errors
def validate_command(paths: tuple[Path, ...], output_format: str) -> None:
    """Validate the project's data, or the RDF files given, against the shapes.

    Exit status: 0 conforms (warnings allowed), 1 violations, 2 unusable input.

    \b
    Example:
        alliance-kg validate
        alliance-kg validate my-entities.ttl --format json
    """
    from .project import Project
    from .validation import format_report, validate_files, validate_project

    project = Project.find()
    if paths:
        report, graph, origins = validate_files(project, list(paths))
    else:
        report, graph, origins = validate_project(project)
    click.echo(format_report(report, graph, origins, output_format), nl=False)
    sys.exit(1 if report.violations else 0)


@main.command(name="anchor")
@click.argument("quote")
@click.option("--text", "text_id", default=None, help="The text to search (default: every text).")
@reports_errors
def anchor_command(quote: str, text_id: str | None) -> None:
    """Print a ready anchor-table row's start and exact cells for QUOTE.

    Lists every occurrence, so a curator can see when a quote is ambiguous and lengthen it.

    \b
    Example:
        alliance-kg anchor "that devil is the principle of command"
    """
    from .anchors import find_quote
    from .project import Project

    for line in find_quote(Project.find(), quote, text_id):
        click.echo(line)


@main.command(name="stats")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Plain text for people, JSON for scripts.",
)
@reports_errors
def stats_command(output_format: str) -> None:
    """Count what the graph covers: classes, relations, claims, evidence, mentions, links.

    \b
    Example:
        alliance-kg stats
        alliance-kg stats --format json
    """
    from .project import Project
    from .stats import project_stats

    stats = project_stats(Project.find())
    click.echo(stats.to_json() if output_format == "json" else stats.to_text(), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
