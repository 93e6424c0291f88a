"""Anchor tables: every quote holds at its offsets, and a changed text stops the build loudly."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from alliance_kg.anchors import CLAIM_PREDICATES, mismatches, read_table, read_tables
from alliance_kg.build import build
from alliance_kg.errors import DataError, InputError
from alliance_kg.namespaces import AK, OA

from .conftest import TEXT_ID

HEADER = "subject\tpredicate\tobject\tstart\texact\n"


@pytest.fixture(scope="module")
def anchors(project):
    return read_tables(project.data_dir / "texts" / TEXT_ID)


def test_the_tables_hold_anchors(anchors):
    assert len(anchors) > 100


def test_every_quote_matches_the_file_at_its_offsets(anchors, source_text):
    assert mismatches(anchors, source_text) == []
    for anchor in anchors:
        assert source_text[anchor.start : anchor.end] == anchor.exact


def test_every_anchor_is_published_as_evidence_for_its_own_triple(anchors, published_graph):
    graph = published_graph
    for anchor in anchors:
        statements = set(graph.subjects(RDF.subject, anchor.subject))
        statements &= set(graph.subjects(RDF.predicate, anchor.predicate))
        statements &= set(graph.subjects(RDF.object, anchor.object))
        assert len(statements) == 1, anchor.where
        (statement,) = statements
        spans = set()
        for evidence in graph.subjects(OA.hasBody, statement):
            assert (evidence, RDF.type, AK.Evidence) in graph
            for selector in graph.objects(graph.value(evidence, OA.hasTarget), OA.hasSelector):
                if (selector, RDF.type, OA.TextPositionSelector) in graph:
                    spans.add(
                        (int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end)))
                    )
                else:
                    assert graph.value(selector, OA.exact) is not None
        assert (anchor.start, anchor.end) in spans, anchor.where


def test_a_fact_is_asserted_exactly_when_some_passage_states_it_as_fact(
    anchors, published_graph, project
):
    """A triple stands in the graph on its own when one of its passages states it as actual, in a
    voice that is not a view the text reports; otherwise only its reified statement does. Claim
    rows (who asserts, what about, the argument) say what the text does, and always stand."""
    graph = published_graph
    stated: dict[tuple, bool] = {}
    for anchor in anchors:
        evidence = {
            e
            for s in graph.subjects(RDF.subject, anchor.subject)
            if (s, RDF.predicate, anchor.predicate) in graph
            and (s, RDF.object, anchor.object) in graph
            for e in graph.subjects(OA.hasBody, s)
        }
        as_fact = any(
            (e, AK.modality, AK.actual) in graph and (e, AK.voice, AK.reported) not in graph
            for e in evidence
        )
        stated[anchor.triple] = (
            stated.get(anchor.triple, False) or as_fact or (anchor.predicate in CLAIM_PREDICATES)
        )
    assert not all(stated.values()), "the essay states some facts only as hoped for or imagined"
    # What the curated Turtle says a thing is (its type) stands whatever the passages say.
    curated = Graph()
    for path in project.data_turtle_files():
        curated.parse(path)
    for triple, fact in stated.items():
        assert (triple in graph) == (fact or triple in curated), triple


def test_the_quote_selector_carries_exact_prefix_and_suffix(published_graph, source_text):
    graph = published_graph
    for selector in graph.subjects(RDF.type, OA.TextQuoteSelector):
        exact = str(graph.value(selector, OA.exact))
        prefix = str(graph.value(selector, OA.prefix))
        suffix = str(graph.value(selector, OA.suffix))
        assert prefix + exact + suffix in source_text


def test_a_changed_text_reports_every_moved_anchor_by_name_and_stops(
    project_copy, anchors, source_text, tmp_path
):
    # An editor "corrects" a word in the Introduction: everything after it shifts by two.
    changed = source_text.index("The overall theme")
    source = project_copy.data_dir / "texts" / TEXT_ID / "source.txt"
    source.write_text(
        source_text.replace("The overall theme", "The whole theme", 1), encoding="utf-8"
    )
    with pytest.raises(DataError) as failure:
        build(project_copy, tmp_path / "dist")
    message = str(failure.value)
    assert "SHA-256 is" in message and "pinned" in message
    moved = [a for a in anchors if a.end > changed]
    kept = [a for a in anchors if a.end <= changed]
    assert moved and kept
    for anchor in moved:
        assert f"{anchor.file.name}:{anchor.line}:" in message
    for anchor in kept:
        assert f"{anchor.file.name}:{anchor.line}:" not in message
    assert f"{len(moved)} of {len(anchors)} anchors no longer match" in message
    assert not (tmp_path / "dist").exists()


def test_a_changed_pin_alone_stops_the_build(project_copy, tmp_path):
    config = project_copy.data_dir / "texts" / TEXT_ID / "text.toml"
    config.write_text(config.read_text().replace('sha256 = "6', 'sha256 = "7'))
    with pytest.raises(DataError, match=r"0 of \d+ anchors no longer match"):
        build(project_copy, tmp_path / "dist")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("id:x\ta\tak:Place\t12\n", "expected 5 tab-separated cells, found 4"),
        ("id:x\ta\tnope:Place\t12\tGeneva\n", "'nope:Place' is not a CURIE with a known prefix"),
        ("id:x\ta\tak:Place\ttwelve\tGeneva\n", "start must be a whole number"),
        ('id:x\tak:date\t"1864\t12\tGeneva\n', "'\"1864' is not a literal in Turtle syntax"),
        ('id:x\tak:date\t"circa"^^xsd:gYear\t12\tGeneva\n', "'circa' is not a valid xsd:gYear"),
        ("id:x\ta\tak:Place\t12\t\n", "the passage (exact) is empty"),
    ],
)
def test_a_malformed_row_is_named_by_file_and_line(tmp_path, row, message):
    table = tmp_path / "bad.tsv"
    table.write_text(HEADER + "# a comment line\n" + row)
    with pytest.raises(InputError) as failure:
        read_table(table)
    assert f"bad.tsv:3: {message}" in str(failure.value)


def test_a_table_without_the_header_is_refused(tmp_path):
    table = tmp_path / "noheader.tsv"
    table.write_text("id:x\ta\tak:Place\t1\tGeneva\n")
    with pytest.raises(InputError, match=r"noheader\.tsv:1: the header must be"):
        read_table(table)


def test_literal_objects_and_escapes_are_read(tmp_path):
    table = tmp_path / "ok.tsv"
    table.write_text(HEADER + 'id:x\tak:date\t"1864"^^xsd:gYear\t5\tone\\ttwo\\nthree\\\\\n')
    (anchor,) = read_table(table)
    assert anchor.object == Literal(
        "1864", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    )
    assert anchor.exact == "one\ttwo\nthree\\"
