"""The CSV export: every entity in exactly one class table, every claim in claims.csv, as in the graph."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from alliance_kg.assemble import assemble, entity_iris
from alliance_kg.csv_export import (
    CLAIMS_FILE,
    IDENTITY_COLUMNS,
    SEPARATOR,
    csv_tables,
    direct_class,
    wikidata_ids,
    write_csv,
)
from alliance_kg.namespaces import AK
from alliance_kg.ontology import load_ontology
from alliance_kg.project import Project

from .conftest import ROOT


@pytest.fixture(scope="module")
def graphs() -> tuple[Graph, Graph]:
    """The graph `alliance-kg build` publishes, and the ontology."""
    project = Project(ROOT)
    ontology = load_ontology(project)
    return assemble(project, ontology).graph, ontology


@pytest.fixture(scope="module")
def tables(graphs: tuple[Graph, Graph]) -> dict[str, list[dict[str, str]]]:
    graph, ontology = graphs
    return {
        name: list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))
        for name, content in csv_tables(graph, ontology).items()
    }


def _cell(values: Iterable[Node]) -> str:
    return SEPARATOR.join(sorted({str(v) for v in values}))


def test_every_entity_is_in_exactly_one_class_table(
    graphs: tuple[Graph, Graph], tables: dict[str, list[dict[str, str]]]
) -> None:
    graph, ontology = graphs
    seen: dict[str, list[str]] = {}
    for name, rows in tables.items():
        if name != CLAIMS_FILE:
            for row in rows:
                seen.setdefault(row["iri"], []).append(name)
    entities = entity_iris(graph, ontology)
    assert sorted(seen) == sorted(str(e) for e in entities)
    assert all(len(files) == 1 for files in seen.values())
    for entity in entities:
        cls = direct_class(graph, ontology, entity)
        assert seen[str(entity)] == [str(cls).rsplit("#", 1)[1] + ".csv"]


def test_identity_columns_equal_the_graph(
    graphs: tuple[Graph, Graph], tables: dict[str, list[dict[str, str]]]
) -> None:
    graph, _ = graphs
    for name, rows in tables.items():
        if name == CLAIMS_FILE:
            continue
        assert list(rows[0])[: len(IDENTITY_COLUMNS)] == list(IDENTITY_COLUMNS)
        for row in rows:
            entity = URIRef(row["iri"])
            assert row["label"] == _cell(graph.objects(entity, RDFS.label))
            assert row["aliases"] == _cell(graph.objects(entity, SKOS.altLabel))
            assert row["description"] == _cell(graph.objects(entity, DCTERMS.description))
            assert row["wikidata"] == SEPARATOR.join(wikidata_ids(graph, entity))
            assert row["label"], f"{entity} has no label"


def test_relation_columns_hold_the_graphs_values(
    graphs: tuple[Graph, Graph], tables: dict[str, list[dict[str, str]]]
) -> None:
    graph, _ = graphs
    bakunin = next(r for r in tables["Person.csv"] if r["iri"].endswith("/mikhail-bakunin"))
    assert bakunin["memberOf"] == _cell(graph.objects(URIRef(bakunin["iri"]), AK.memberOf))
    assert "https://w3id.org/alliance-kg/id/the-state" in bakunin["opposes"].split(SEPARATOR)
    assert bakunin["wikidata"] == "Q27645"
    for name, rows in tables.items():
        for column in list(rows[0])[len(IDENTITY_COLUMNS) :]:
            if name == CLAIMS_FILE or column.startswith("wikidata"):
                continue
            assert any(row[column] for row in rows), f"{name}: column {column} is empty"


def test_every_claim_is_in_claims_csv(
    graphs: tuple[Graph, Graph], tables: dict[str, list[dict[str, str]]]
) -> None:
    graph, _ = graphs
    rows = tables[CLAIMS_FILE]
    claims = sorted(str(c) for c in graph.subjects(RDF.type, AK.Claim))
    assert [r["iri"] for r in rows] == claims
    assert list(rows[0]) == [
        "iri", "label", "paraphrase", "assertedBy", "reportedBy", "voice", "modality", "about",
        "supports", "exemplifies", "restates", "conflictsWith", "certainty",
    ]  # fmt: skip
    for row in rows:
        claim = URIRef(row["iri"])
        assert row["label"] == _cell(graph.objects(claim, RDFS.label))
        assert row["paraphrase"] == _cell(graph.objects(claim, AK.paraphrase))
        assert row["supports"] == _cell(graph.objects(claim, AK.supports))
        # A view the text reports may have no holder it names, but always its reporter.
        assert row["assertedBy"] or row["reportedBy"], f"{claim} is attributed to no one"
        assert row["voice"] and row["modality"], claim


def test_files_are_written_deterministically(graphs: tuple[Graph, Graph], tmp_path: Path) -> None:
    graph, ontology = graphs
    first = write_csv(graph, ontology, tmp_path / "a")
    second = write_csv(graph, ontology, tmp_path / "b")
    assert [p.name for p in first] == sorted(p.name for p in first)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()
        content = a.read_bytes()
        content.decode("utf-8")
        assert content.endswith(b"\r\n")
