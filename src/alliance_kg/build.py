"""`alliance-kg build`: assemble, validate, check, and publish the release atomically.

Nothing is published while a SHACL Violation or an error-severity check remains. The release is
written into a fresh folder beside the output and swapped in only when complete, so a failed
build leaves the previous release exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS

from .assemble import Release, assemble
from .checks import CheckResult, format_check_results, load_checks, run_checks
from .dataset import ontology_version, void_file
from .errors import DataError, InputError
from .freshness import MARKER, MARKER_TEXT, inputs_digest, marker_content
from .jsonld import to_jsonld
from .namespaces import AK, PREFIXES, curie
from .ontology import load_ontology, load_shapes
from .project import Project
from .queries import canned_queries
from .redirects import htaccess
from .site import compute_query_results, iter_site
from .store import serialize_triples, sorted_triples, store_of
from .tei import tei_document
from .validation import ValidationReport, format_report, validate_graph

RELEASE_NAME = "alliance-kg"
#: How many offending rows of a warning-level check the summary shows.
SUMMARY_ROWS = 10


@dataclass
class BuildResult:
    """What a build published and what it noticed."""

    out: Path
    triples: int
    entities_per_class: dict[str, int]
    validation: ValidationReport
    checks: list[CheckResult]
    evidence: int
    mentions: int
    #: Wall-clock seconds per stage (not in the summary: it would make two builds differ).
    seconds: dict[str, float] = field(default_factory=dict)

    def timings(self) -> str:
        total = sum(self.seconds.values())
        return "".join(f"{s:8.2f} s  {name}\n" for name, s in self.seconds.items()) + (
            f"{total:8.2f} s  in all\n"
        )

    def summary(self) -> str:
        return f"published {self.out}\n{self.report()}"

    def report(self) -> str:
        """What was published and noticed, without where (the release's marker keeps this)."""
        warnings = len(self.validation.warnings)
        failed = [c for c in self.checks if c.failed]
        lines = [
            f"  triples: {self.triples}",
            f"  evidence annotations: {self.evidence}; mentions: {self.mentions}",
            "  instances per class:",
            *(f"    {name}: {count}" for name, count in self.entities_per_class.items()),
            f"  shape warnings: {warnings}; checks run: {len(self.checks)}, "
            f"with findings: {len(failed)}",
        ]
        report = format_check_results(failed, limit=SUMMARY_ROWS)
        return "\n".join(lines) + (f"\n{report}" if report else "") + "\n"


def build(project: Project, out: Path) -> BuildResult:
    """Build the release into `out`; raise DataError (leaving `out` untouched) if it fails."""
    stage = Stopwatch()
    with stage("read ontology, shapes and checks"):
        digest = inputs_digest(project)
        ontology = load_ontology(project)
        shapes = load_shapes(project)
        checks = load_checks(project.checks_dir)
    with stage("assemble (data, texts, evidence, mentions)"):
        release = assemble(project, ontology)
        graph = release.graph
    with stage("convert to Oxigraph"):
        triples = sorted_triples(graph)  # converted once: validation, checks, dumps, site
        ntriples = serialize_triples(triples, ox.RdfFormat.N_TRIPLES)
        store = store_of(triples)
    with stage("validate (SHACL)"):
        report = validate_graph(graph, shapes, data_ntriples=ntriples)
    with stage("quality checks"):
        check_results = run_checks(store, checks)
    problems = []
    if report.violations:
        only_violations = ValidationReport(results=report.violations, graph=report.graph)
        problems.append(format_report(only_violations, graph, release.origins))
    errors = [c for c in check_results if c.failed and c.severity == "error"]
    if errors:
        problems.append(format_check_results(errors))
    if problems:
        raise DataError("the build stops; nothing was published:\n\n" + "\n".join(problems))
    with stage("dumps (Turtle, JSON-LD, VoID, TEI)"):
        files = {
            f"{RELEASE_NAME}.ttl": serialize_triples(triples, ox.RdfFormat.TURTLE, PREFIXES),
            f"{RELEASE_NAME}.nt": ntriples,
            f"{RELEASE_NAME}.jsonld": to_jsonld(graph, ontology),
            "ontology.ttl": project.ontology_file.read_bytes(),
            "shapes.ttl": project.shapes_file.read_bytes(),
            "void.ttl": void_file(graph),
            ".htaccess": htaccess(ontology_version(graph) or "0.0.0").encode(),
        }
        if release.texts:
            files["tei.xml"] = tei_document(release)
        result = BuildResult(
            out=out,
            triples=len(graph),
            entities_per_class=entities_per_class(release),
            validation=report,
            checks=check_results,
            evidence=sum(1 for _ in graph.subjects(RDF.type, AK.Evidence)),
            mentions=sum(len(m) for m in release.mentions.values()),
            seconds=stage.seconds,
        )
        files[MARKER] = marker_content(digest, result.report()).encode()
    with stage("site and writing (rendered as written)"):
        queries = canned_queries(project.queries_dir)
        site = iter_site(release, queries, compute_query_results(store, queries), triples=triples)
        write_release(out, chain(files.items(), ((f"site/{path}", data) for path, data in site)))
    return result


class Stopwatch:
    """Wall-clock seconds per named stage, so a slow build says where its time went."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - started


def entities_per_class(release: Release) -> dict[str, int]:
    """How many subjects have each ak: class as a curated or generated type (not entailed)."""
    counts: Counter[str] = Counter()
    ontology = release.ontology
    for s, cls in release.graph.subject_objects(RDF.type):
        if str(cls).startswith(str(AK)) and (s, RDF.type, cls) not in ontology:
            direct = not any(
                (s, RDF.type, sub) in release.graph
                for sub in ontology.subjects(RDFS.subClassOf, cls)
            )
            if direct:
                counts[curie(cls)] += 1
    return dict(sorted(counts.items()))


def write_release(out: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write `files` (name, content) into `out` at once: a new folder, renamed into place when
    complete. Files are written as they come, so the caller may make them one at a time."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise InputError(
            f"{out}: is a folder that holds files but no earlier release; "
            "choose an empty or new folder for --out"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        staging.chmod(0o755)
        (staging / MARKER).write_text(MARKER_TEXT)
        folders = {staging}
        for name, content in files:
            path = staging / name
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            path.write_bytes(content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = None
    if out.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, previous / "release")
    try:
        os.replace(staging, out)
    except BaseException:
        if previous is not None:
            os.replace(previous / "release", out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
