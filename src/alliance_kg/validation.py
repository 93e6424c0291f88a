"""SHACL validation with a report written for people.

Two engines give the same results on the project's shapes (tests/test_shacl_engines.py checks
every example and counter-example, and the essay): `shacl`, a compiled validator that is about
forty times faster and is what `build` uses, and pySHACL, the reference. Both hand back a
SHACL report graph, read here into plain records printed grouped by entity, with the entity's
label, the shape's message, the offending value and the file the entity comes from.
Exit codes (see the README): 0 conforms, 1 violations, 2 unusable input.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from .namespaces import curie
from .ontology import load_ontology, load_shapes
from .project import Project
from .rdfio import parse_into
from .store import serialize

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
REPORT_FORMATS = ("text", "turtle", "json")
#: The SHACL engines, fastest first: the first is the default.
ENGINES = ("shacl", "pyshacl")

Origins = dict[Node, set[Path]]


@dataclass(frozen=True)
class ValidationResult:
    """One constraint that one node does not meet."""

    focus_node: Node
    path: Node | None
    value: Node | None
    message: str
    severity: URIRef
    component: URIRef
    shape: Node


@dataclass
class ValidationReport:
    """All results of one validation, and pySHACL's own report graph."""

    results: list[ValidationResult]
    graph: Graph = field(repr=False)

    @property
    def conforms(self) -> bool:
        return not self.results

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == SH.Violation]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity != SH.Violation]


def validate_graph(
    data: Graph,
    shapes: Graph | None = None,
    engine: str = ENGINES[0],
    *,
    data_ntriples: bytes | None = None,
) -> ValidationReport:
    """Validate `data` (which should include the ontology) against the shapes.

    Without `shapes`, the project's `ontology/shapes.ttl` is used. No inference is run: the
    ontology's rdfs:subClassOf triples in the data graph are enough for class targets.
    `data_ntriples`, the same graph as N-Triples, spares the `shacl` engine writing it again.
    """
    if shapes is None:
        shapes = load_shapes(Project.find())
    if engine == "pyshacl":
        report_graph = _pyshacl_report(data, shapes)
    elif engine == "shacl":
        report_graph = _shacl_report(
            data_ntriples or serialize(data, ox.RdfFormat.N_TRIPLES), shapes
        )
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose one of {ENGINES}")
    results = [
        _result(report_graph, node) for node in report_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    results.sort(key=_sort_key)
    return ValidationReport(results=results, graph=report_graph)


def _pyshacl_report(data: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate  # a quarter of a second to import; only the reference needs it

    # inplace: the shapes hold no SHACL rules and no inference runs, so nothing is written to
    # `data`, and skipping pySHACL's defensive copy saves a quarter of the time.
    _, report_graph, _ = validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True, inplace=True
    )
    return report_graph


def _shacl_report(data_ntriples: bytes, shapes: Graph) -> Graph:
    import shacl

    shapes_ntriples = serialize(shapes, ox.RdfFormat.N_TRIPLES)
    compiled = shacl.Shapes.from_text(shapes_ntriples.decode(), format="ntriples")
    report = compiled.validate_text(data_ntriples.decode(), format="ntriples", allow_warnings=True)
    return Graph().parse(data=report.serialize("ntriples"), format="nt")


def _result(report: Graph, node: Node) -> ValidationResult:
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    return ValidationResult(
        focus_node=report.value(node, SH.focusNode),
        path=report.value(node, SH.resultPath),
        value=report.value(node, SH.value),
        message="; ".join(messages) or "(the shape gives no message)",
        severity=report.value(node, SH.resultSeverity),
        component=report.value(node, SH.sourceConstraintComponent),
        shape=report.value(node, SH.sourceShape),
    )


def _sort_key(result: ValidationResult) -> tuple:
    return (
        str(result.focus_node),
        SEVERITY_ORDER.get(result.severity, 3),
        str(result.path),
        result.message,
        str(result.value),
    )


def format_report(
    report: ValidationReport,
    data: Graph,
    origins: Mapping[Node, set[Path]],
    output_format: str = "text",
) -> str:
    """The report as text for people, Turtle (pySHACL's report graph) or JSON."""
    if output_format == "turtle":
        return report.graph.serialize(format="turtle")
    records = [
        {
            "focus_node": str(r.focus_node),
            "label": _label(data, r.focus_node),
            "severity": curie(r.severity).removeprefix("sh:"),
            "message": r.message,
            "path": curie(r.path) if r.path is not None else None,
            "value": str(r.value) if r.value is not None else None,
            "component": curie(r.component),
            "files": sorted(str(p) for p in origins.get(r.focus_node, ())),
        }
        for r in report.results
    ]
    if output_format == "json":
        summary = {
            "conforms": report.conforms,
            "violations": len(report.violations),
            "warnings": len(report.warnings),
            "results": records,
        }
        return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    return _text_report(report, records)


def _label(data: Graph, node: Node) -> str | None:
    label = data.value(node, RDFS.label)
    return str(label) if label is not None else None


def _text_report(report: ValidationReport, records: list[dict]) -> str:
    lines = []
    current = None
    for record in records:
        if record["focus_node"] != current:
            current = record["focus_node"]
            name = f"{record['label']} " if record["label"] else ""
            files = ", ".join(record["files"]) or "no file (generated by the build)"
            lines.append(f"\n{name}<{current}>  [{files}]")
        where = f" {record['path']}" if record["path"] else ""
        value = f" (value: {record['value']})" if record["value"] is not None else ""
        lines.append(f"  {record['severity']}:{where}: {record['message']}{value}")
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(
        f"\n{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)"
    )
    return "\n".join(lines).lstrip("\n") + "\n"


def validate_project(
    project: Project, engine: str = ENGINES[0]
) -> tuple[ValidationReport, Graph, Origins]:
    """Assemble the release graph as `build` would and validate it."""
    from .assemble import (
        assemble,  # assembling imports much; plain file validation needs none of it
    )

    ontology = load_ontology(project)
    release = assemble(project, ontology)
    report = validate_graph(release.graph, load_shapes(project), engine)
    return report, release.graph, release.origins


def validate_files(
    project: Project, paths: list[Path], engine: str = ENGINES[0]
) -> tuple[ValidationReport, Graph, Origins]:
    """Validate the given RDF files, together with the ontology, against the project's shapes."""
    graph = load_ontology(project)
    origins: Origins = {}
    for path in paths:
        part = parse_into(Graph(), path)
        for triple in part:
            graph.add(triple)
            origins.setdefault(triple[0], set()).add(path)
    return validate_graph(graph, load_shapes(project), engine), graph, origins
