"""The command line: each command parses its options and calls one library function."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import AllianceError

if TYPE_CHECKING:
    from .project import Project

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
@click.option(
    "--force",
    is_flag=True,
    help="Rebuild even if the release was built from these same inputs.",
)
@click.option("--timings", is_flag=True, help="Print the seconds each stage took, on stderr.")
@reports_errors
def build_command(out: Path, force: bool, timings: bool) -> None:
    """Validate the ontology and data and publish the release.

    Refuses to publish while a SHACL violation or an error-severity check remains; a failed
    build leaves the previous release untouched. When the release in --out was built from the
    same inputs (files, code and library versions, by SHA-256), nothing is redone.

    \b
    Example:
        alliance-kg build --out dist
        alliance-kg build --force --timings
    """
    from .freshness import up_to_date_report
    from .project import Project

    project = Project.find()
    report = None if force else up_to_date_report(project, out)
    if report is not None:
        click.echo(report, nl=False)
        return
    from .build import build

    result = build(project, out)
    click.echo(result.summary(), nl=False)
    if timings:
        click.echo(result.timings(), nl=False, err=True)


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
@click.option(
    "--engine",
    type=click.Choice(["shacl", "pyshacl"]),
    default="shacl",
    show_default=True,
    help="The SHACL engine: the fast compiled one, or pySHACL, the reference.",
)
@reports_errors
def validate_command(paths: tuple[Path, ...], output_format: str, engine: str) -> None:
    """Validate the project's data, or the RDF files given, against the shapes.

    Exit status: 0 conforms (warnings allowed), 1 violations, 2 unusable input.

    \b
    Example:
        alliance-kg validate
        alliance-kg validate my-entities.ttl --format json
        alliance-kg validate --engine pyshacl
    """
    from .project import Project
    from .validation import format_report, validate_files, validate_project

    project = Project.find()
    if paths:
        report, graph, origins = validate_files(project, list(paths), engine)
    else:
        report, graph, origins = validate_project(project, engine)
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


@main.command(name="review")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the random sample.")
@click.option(
    "--facts", type=click.IntRange(0), default=100, show_default=True, help="Facts to draw."
)
@click.option(
    "--claims", type=click.IntRange(0), default=40, show_default=True, help="Claims to draw."
)
@click.option(
    "--links", type=click.IntRange(0), default=20, show_default=True, help="Argument links to draw."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("review"),
    show_default=True,
    help="Folder to write review.tsv and review.html into.",
)
@reports_errors
def review_command(seed: int, facts: int, claims: int, links: int, out: Path) -> None:
    """Write a review sheet: a seeded random sample of facts, claims and links to check.

    Each item appears in words, with its passage inside the sentence around it, its voice and
    its modality: review.html to read, review.tsv to fill in (verdict right, weak or wrong, and a
    note). Copy the filled sheet into data/reviews/: the build reads the verdicts, `stats` counts
    them, and an item judged wrong fails the build's checks until it is corrected.

    \b
    Example:
        alliance-kg review --seed 7 --out review
        alliance-kg review --facts 10 --claims 5 --links 5 --out review
    """
    from .review import write_sheet

    sizes = {"fact": facts, "claim": claims, "link": links}
    for path in write_sheet(_assembled(), out, seed, sizes):
        click.echo(f"wrote {path}")


#: The output formats of `query` (results.FORMATS; repeated here so the CLI imports nothing heavy).
QUERY_FORMATS = ("table", "csv", "tsv", "json", "md")


def _project_or_none() -> Project | None:
    """The checkout around the working directory, if there is one (a FILE query needs none)."""
    from .project import Project

    try:
        return Project.find()
    except AllianceError:
        return None


@main.command(name="query")
@click.argument("name_or_file", metavar="NAME|FILE")
@click.option(
    "--endpoint",
    metavar="URL",
    help="Run on this SPARQL 1.1 query endpoint instead of the embedded store.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
    help="table and md for people; csv, tsv and json are the SPARQL 1.1 results formats.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a declared parameter (IRI: id:x, <IRI> or https://…; literal: the text).",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="Release folder or .nt/.ttl dump for the embedded store (default: the checkout's dist/).",
)
@click.option("--graph", metavar="IRI", help="With --endpoint: query this named graph.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds to wait for the endpoint.",
)
@reports_errors
def query_command(
    name_or_file: str,
    endpoint: str | None,
    output_format: str,
    params: tuple[str, ...],
    data: Path | None,
    graph: str | None,
    timeout: float,
) -> None:
    """Run a canned query (by NAME) or a .rq FILE and print its results.

    Without --endpoint it runs on an embedded store loaded from the release (dist/, or --data);
    with it, on any SPARQL 1.1 endpoint. Both print the same output. Parameters a query declares
    are bound as RDF terms, never pasted into its text.

    \b
    Example:
        alliance-kg query committees-and-what-they-do
        alliance-kg query facts-about --param entity=id:geneva-central-committee --format md
        alliance-kg query organizations --endpoint http://localhost:7878/query --format csv
    """
    from .errors import InputError
    from .queries import bind, find_query, parse_param_options, run_embedded
    from .results import write

    if endpoint is None and graph is not None:
        raise InputError("--graph names a graph of an endpoint; give --endpoint too")
    if endpoint is not None and data is not None:
        raise InputError(
            "--data is for the embedded store; with --endpoint the endpoint's data is queried"
        )
    project = _project_or_none()
    folder = project.queries_dir if project else Path("queries")
    query = find_query(folder, name_or_file)
    bindings = bind(query, parse_param_options(params))
    if endpoint is not None:
        from .endpoint import run_remote

        results = run_remote(endpoint, query, bindings, timeout=timeout, graph=graph)
    else:
        from .release import open_embedded

        embedded = open_embedded(data, project)
        for note in embedded.notes:
            click.echo(f"note: {note}", err=True)
        results = run_embedded(embedded.store, query, bindings)
    click.echo(write(results, output_format), nl=False)


@main.command(name="queries")
@click.argument("words", nargs=-1)
@reports_errors
def queries_command(words: tuple[str, ...]) -> None:
    """List the canned queries with their titles and parameters.

    With WORDS, only the queries whose name, title, question or keywords contain them all.

    \b
    Example:
        alliance-kg queries
        alliance-kg queries committee
    """
    from .project import Project
    from .queries import canned_queries, describe_queries

    project = Project.find()
    click.echo(describe_queries(canned_queries(project.queries_dir), words, project.queries_dir))


@main.command(name="load")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store's Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store; "
    "Fuseki: http://HOST:PORT/DATASET/data).",
)
@click.option(
    "--graph", metavar="IRI", help="Load into this named graph (default: the default graph)."
)
@click.option(
    "--append",
    is_flag=True,
    help="Add to the graph (HTTP POST) instead of replacing its content (HTTP PUT).",
)
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    help="Release folder or .nt/.ttl dump to load (default: the checkout's dist/).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds to wait for the store.",
)
@reports_errors
def load_command(
    endpoint: str, graph: str | None, append: bool, data: Path | None, timeout: float
) -> None:
    """Push the release into any store that speaks the SPARQL 1.1 Graph Store Protocol.

    Sends the N-Triples dump (or a .ttl given with --data, for stores that want Turtle) by PUT to
    URL?default or URL?graph=IRI, so that the store then serves the same data as the release.

    \b
    Example:
        alliance-kg load --endpoint http://localhost:7878/store
        alliance-kg load --endpoint http://localhost:3030/ds/data --graph https://w3id.org/alliance-kg/id/
    """
    from .endpoint import load_release
    from .errors import InputError
    from .release import DEFAULT_RELEASE_DIR, find_dump

    dump = find_dump(data, _project_or_none())
    if dump is None:
        raise InputError(
            f"no release to load: run `alliance-kg build` first (it writes {DEFAULT_RELEASE_DIR}/), "
            "or give --data"
        )
    result = load_release(dump, endpoint, graph, append=append, timeout=timeout)
    click.echo(result.summary(), nl=False)


@main.command(name="link")
@click.option(
    "--endpoint",
    metavar="URL",
    default="https://query.wikidata.org/sparql",
    show_default=True,
    help="The Wikidata SPARQL endpoint (or a local copy of it).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("link-candidates.sssom.tsv"),
    show_default=True,
    help="Where to write the candidate links for review (never inside data/).",
)
@click.option(
    "--cache",
    type=click.Path(path_type=Path),
    default=Path(".cache/wikidata"),
    show_default=True,
    help="Folder of cached answers, keyed by a hash of each query; delete it to ask again.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds to wait for each answer.",
)
@click.option(
    "--check",
    "check_links",
    is_flag=True,
    help="Instead: verify every existing link (exists, no redirect or disambiguation page, "
    "names and type fit). Exit 1 if one does not hold.",
)
@reports_errors
def link_command(endpoint: str, out: Path, cache: Path, timeout: float, check_links: bool) -> None:
    """Find Wikidata items for the entities without a link, or check the links there are.

    Matches English labels and aliases, keeps items whose type fits the entity's class, scores
    them (label, type, dates, country) and writes the best three per entity as an SSSOM file for
    a person to review. Follows the query service's usage policy: a descriptive User-Agent,
    batched VALUES queries, backoff on HTTP 429/503 honouring Retry-After, and a disk cache.

    \b
    Example:
        alliance-kg link --out link-candidates.sssom.tsv
        alliance-kg link --check
        alliance-kg link --endpoint http://localhost:7878/query --cache /tmp/wd-cache
    """
    from .project import Project
    from .wikidata import Client

    project = Project.find()
    client = Client(endpoint, cache=cache, timeout=timeout)
    if check_links:
        from .linkcheck import check_project, check_report
        from .linkset import SUFFIX

        checked, problems = check_project(project, client)
        tables = sorted((project.data_dir / "mappings").glob("*" + SUFFIX))
        click.echo(check_report(checked, problems, tables), nl=False)
        sys.exit(1 if problems else 0)
    from datetime import date

    from .candidates import link_project

    click.echo(link_project(project, client, out, date.today()), nl=False)


@main.group(name="export", context_settings=CONTEXT)
def export_group() -> None:
    """Export the graph in the forms archives and other tools ingest.

    TEI, CSV, nanopublications and AIF are made from the project's graph; the RO-Crate packages a
    built release; QuickStatements are for Wikidata.

    \b
    Example:
        alliance-kg export tei --out program-of-the-alliance.tei.xml
        alliance-kg export csv exports/csv
        alliance-kg export rocrate exports/crate
    """


def _assembled():
    """The project's release graph, assembled in memory as the build assembles it."""
    from .assemble import assemble
    from .ontology import load_ontology
    from .project import Project

    project = Project.find()
    return assemble(project, load_ontology(project))


def _day(value: str | None, option: str):
    """The date an option gives (YYYY-MM-DD), or today when it is not given."""
    from datetime import date

    from .errors import InputError

    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        raise InputError(f"{option} {value!r}: write a date as YYYY-MM-DD") from None


def _emit(content: bytes, out: Path | None) -> None:
    """Write to `out`, or to standard output when no file is given."""
    if out is None:
        click.echo(content.decode("utf-8"), nl=False)
    else:
        out.write_bytes(content)
        click.echo(f"wrote {out}", err=True)


OUT_FILE = click.option(
    "--out", type=click.Path(path_type=Path), help="Write to this file (default: standard output)."
)


@export_group.command(name="tei")
@OUT_FILE
@reports_errors
def export_tei_command(out: Path | None) -> None:
    """A TEI P5 edition of the essay, every mention marked up with @ref to its entity.

    Valid against schemas/tei-alliance.rng; a standOff lists every entity with its Wikidata link.

    \b
    Example:
        alliance-kg export tei --out program-of-the-alliance.tei.xml
    """
    from .tei import tei_document

    _emit(tei_document(_assembled()), out)


@export_group.command(name="aif")
@OUT_FILE
@reports_errors
def export_aif_command(out: Path | None) -> None:
    """The argument in AIFdb's Argument Interchange Format JSON (I-, RA-, CA-, L- and YA-nodes).

    \b
    Example:
        alliance-kg export aif --out argument.aif.json
    """
    from .aif import aif_json

    _emit(aif_json(_assembled().graph), out)


@export_group.command(name="csv")
@click.argument("out_dir", metavar="DIR", type=click.Path(path_type=Path))
@reports_errors
def export_csv_command(out_dir: Path) -> None:
    """One CSV per class, and claims.csv, for OpenRefine or an Omeka S import.

    \b
    Example:
        alliance-kg export csv exports/csv
    """
    from .csv_export import write_csv

    release = _assembled()
    for path in write_csv(release.graph, release.ontology, out_dir):
        click.echo(str(path))


@export_group.command(name="nanopubs")
@click.argument("out_dir", metavar="DIR", type=click.Path(path_type=Path))
@reports_errors
def export_nanopubs_command(out_dir: Path) -> None:
    """Every claim as a nanopublication (TriG: assertion, provenance, publication info).

    \b
    Example:
        alliance-kg export nanopubs exports/nanopubs
    """
    from .nanopubs import write_nanopubs

    paths = write_nanopubs(_assembled().graph, out_dir)
    click.echo(f"wrote {len(paths)} nanopublications into {out_dir}")


@export_group.command(name="rocrate")
@click.argument("out_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--release",
    "release_dir",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="The built release to package.",
)
@click.option(
    "--date",
    "published",
    metavar="YYYY-MM-DD",
    help="The crate's datePublished (RO-Crate requires one; default: today).",
)
@reports_errors
def export_rocrate_command(out_dir: Path, release_dir: Path, published: str | None) -> None:
    """Package a built release as an RO-Crate 1.1, with licences, authors and provenance.

    \b
    Example:
        alliance-kg build && alliance-kg export rocrate exports/crate
    """

    from .project import Project
    from .rocrate_export import write_rocrate

    day = _day(published, "--date")
    project = Project.find()
    metadata = write_rocrate(release_dir, project.root, out_dir, date_published=day.isoformat())
    click.echo(f"wrote {metadata}")


@export_group.command(name="quickstatements")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Write the commands to this file (default: standard output).",
)
@click.option(
    "--retrieved",
    metavar="YYYY-MM-DD",
    help="The date for S813 (retrieved) in each reference (default: today).",
)
@reports_errors
def quickstatements_command(out: Path | None, retrieved: str | None) -> None:
    """QuickStatements (V1) for statements the essay supports between linked entities.

    Opt-in and for review: nothing is sent. Each command cites this edition (S854) and the
    retrieval date (S813); lines starting with # explain the next command and are not pasted.

    \b
    Example:
        alliance-kg export quickstatements --out alliance-kg.qs
    """

    from rdflib.namespace import RDF

    from .errors import InputError
    from .namespaces import AK
    from .quickstatements import quickstatements

    day = _day(retrieved, "--retrieved")
    graph = _assembled().graph
    editions = sorted(graph.subjects(RDF.type, AK.DigitalEdition))
    if not editions:
        raise InputError("no digital edition in the data to cite as the reference")
    text = quickstatements(graph, str(editions[0]), day)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(
            f"wrote {sum(1 for line in text.splitlines() if line[:1] == 'Q')} command(s) to {out}"
        )


@main.command(name="serve")
@click.option(
    "--dist",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    help="The release folder to serve (written by `alliance-kg build`).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; loopback unless you mean to publish it.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds a SPARQL query may run before the answer is 503.",
)
@click.option(
    "--max-results",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows (or triples) a SPARQL answer may hold; more are cut off.",
)
@reports_errors
def serve_command(dist: Path, host: str, port: int, query_timeout: float, max_results: int) -> None:
    """Serve the release: its IRIs by content negotiation and a read-only SPARQL endpoint.

    /id/PATH answers HTML, Turtle, JSON-LD or N-Triples as Accept asks; /sparql is a SPARQL 1.1
    Protocol endpoint (no updates, a timeout and a result cap); /.well-known/void and
    /.well-known/sparql-examples describe the dataset and its canned queries. Logs one line per
    request on stderr.

    \b
    Example:
        alliance-kg serve
        alliance-kg serve --dist dist --port 8080 --query-timeout 5
        curl -H 'Accept: text/turtle' http://127.0.0.1:8000/id/geneva
    """
    from .serve import make_server, serve

    serve(make_server(dist, host, port, query_timeout, max_results))


@main.command(name="diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "json"]),
    default="md",
    show_default=True,
    help="Markdown release notes for people, JSON for scripts.",
)
@reports_errors
def diff_command(old: Path, new: Path, output_format: str) -> None:
    """Write release notes: what changed from release OLD to release NEW.

    OLD and NEW are release folders (holding alliance-kg.nt) or .nt/.ttl dumps. The notes list
    entities, labels, aliases, Wikidata links, claims, evidence and relations added, removed
    or changed, each with its label.

    \b
    Example:
        alliance-kg diff releases/0.1.0 dist > CHANGES.md
        alliance-kg diff old/alliance-kg.nt dist/alliance-kg.nt --format json
    """
    from .diff import diff_releases

    click.echo(diff_releases(old, new, output_format), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
