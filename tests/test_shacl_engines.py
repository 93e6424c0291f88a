"""The fast SHACL engine reports what pySHACL, the reference, reports.

`build` validates with `shacl`, a compiled engine; it may do so only because, on every example
and counter-example of the shapes and on the essay's whole release graph, it finds the same
results as pySHACL: the same focus node, constraint component, shape, severity, path, value and
message. A blank node is compared as "a blank node": each engine labels its own.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.term import Node

from alliance_kg.validation import ValidationResult, validate_graph

from .test_shapes import INVALID, VALID, ontology, shapes

ENGINES = ("pyshacl", "shacl")


def comparable(node: Node | None) -> str:
    return "_:blank" if isinstance(node, BNode) else str(node)


def fingerprint(results: list[ValidationResult]) -> list[tuple[str, ...]]:
    return sorted(
        (
            comparable(r.focus_node),
            str(r.component),
            str(r.shape),
            str(r.severity),
            comparable(r.path),
            comparable(r.value),
            r.message,
        )
        for r in results
    )


@functools.cache
def fixture_graph(path: Path) -> Graph:
    data = Graph()
    for triple in ontology():
        data.add(triple)
    return data.parse(path, format="turtle")


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_both_engines_agree_on_every_fixture(path: Path):
    reports = [validate_graph(fixture_graph(path), shapes(), engine) for engine in ENGINES]
    pyshacl_results, shacl_results = (fingerprint(r.results) for r in reports)
    assert shacl_results == pyshacl_results
    if path in INVALID:
        assert shacl_results, f"{path.name} must fire a constraint with both engines"


def test_both_engines_agree_on_the_essay(assembled):
    reports = [validate_graph(assembled.graph, shapes(), engine) for engine in ENGINES]
    assert fingerprint(reports[1].results) == fingerprint(reports[0].results)


def test_an_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate_graph(Graph(), shapes(), "no-such-engine")
