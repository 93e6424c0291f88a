"""Quality checks: each one finds what it is named for, and the release passes them all."""

from __future__ import annotations

import pytest
from rdflib import Graph

from alliance_kg.checks import format_check_results, load_checks, run_checks
from alliance_kg.errors import InputError
from alliance_kg.ontology import load_ontology
from alliance_kg.queryfile import read_query_file
from alliance_kg.store import to_store

PREFIXES = """
@prefix ak: <https://w3id.org/alliance-kg/ontology#> .
@prefix id: <https://w3id.org/alliance-kg/id/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

# For each check, a graph that commits exactly the fault it is named for, and the IRI it must
# report. The graphs are read together with the ontology, so declared terms are declared.
OFFENCES = {
    "alias-repeats-label": ('id:x a ak:Place ; rdfs:label "X"@en ; skos:altLabel "X"@en .', "id:x"),
    "claim-outside-the-argument": ('id:c a ak:Claim ; rdfs:label "C"@en .', "id:c"),
    "duplicate-label": (
        'id:a a ak:Place ; rdfs:label "Twin"@en . id:b a ak:Place ; rdfs:label "Twin"@en .',
        "id:a",
    ),
    "entity-without-evidence": ('id:x a ak:Place ; rdfs:label "X"@en .', "id:x"),
    "entity-without-label": ("id:x a ak:Person .", "id:x"),
    "evidence-outside-paragraphs": (
        'id:e a ak:Evidence ; oa:hasTarget id:t . id:t oa:hasSelector id:s . id:s a oa:TextQuoteSelector ; oa:exact "Union Bureaucracy" .',
        "id:e",
    ),
    "label-with-stray-whitespace": ('id:x a ak:Place ; rdfs:label "Geneva "@en .', "id:x"),
    "paragraph-without-claim": (
        "id:p a ak:Paragraph ; ak:isPartOf id:s . id:s a ak:TextSection .",
        "id:p",
    ),
    "reference-to-undescribed-iri": ("id:x a ak:Place ; ak:locatedIn id:nowhere .", "id:x"),
    "reported-view-without-answer": (
        "id:c a ak:Claim ; ak:reportedBy id:a . id:a a ak:Person .",
        "id:c",
    ),
    "review-judged-wrong": ("id:r a ak:Review ; ak:verdict ak:wrong ; oa:hasTarget id:x .", "id:x"),
    "relation-to-itself": ("id:x a ak:Place ; ak:locatedIn id:x .", "id:x"),
    "relation-without-evidence": (
        "id:x a ak:Place ; ak:locatedIn id:y . id:y a ak:Place .",
        "id:x",
    ),
    "undeclared-ontology-term": ("id:x a ak:Plaice .", "id:x"),
}


@pytest.fixture(scope="module")
def checks(project):
    return {check.name: check for check in load_checks(project.checks_dir)}


@pytest.fixture(scope="module")
def ontology(project):
    return load_ontology(project)


def test_every_check_has_a_counter_example(checks):
    # A guard against a suite that shrinks silently: the checks on disk and the offences here
    # must be the same set.
    assert sorted(checks) == sorted(OFFENCES)
    assert len(checks) == 14


@pytest.mark.parametrize("name", sorted(OFFENCES))
def test_each_check_reports_its_offence(checks, ontology, name):
    turtle, expected = OFFENCES[name]
    graph = Graph() + ontology
    graph.parse(data=PREFIXES + turtle, format="turtle")
    (result,) = run_checks(to_store(graph), [checks[name]])
    reported = {value for row in result.rows for value in row.values()}
    assert expected.replace("id:", "https://w3id.org/alliance-kg/id/") in reported
    assert name in format_check_results([result])


def test_every_check_declares_title_severity_and_description(checks):
    for check in checks.values():
        assert check.first("title"), check.name
        assert check.first("severity") in {"error", "warning", "info"}, check.name
        assert len(check.first("description")) > 40, check.name


def test_the_release_passes_every_error_check(built_release):
    failed = [c.check.name for c in built_release.checks if c.failed and c.severity == "error"]
    assert failed == []
    assert len(built_release.checks) == 14


def test_a_check_without_severity_is_refused(tmp_path):
    (tmp_path / "x.rq").write_text("# title: X\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(InputError, match=r"x\.rq: the header must declare '# severity:'"):
        load_checks(tmp_path)


def test_a_check_with_a_sparql_syntax_error_is_named(tmp_path, ontology):
    path = tmp_path / "broken.rq"
    path.write_text("# severity: error\nSELECT * WHERE { ?s ?p }\n")
    with pytest.raises(InputError, match=r"broken\.rq: SPARQL syntax error"):
        run_checks(to_store(ontology), [read_query_file(path)])
