"""The argument exported as AIF JSON has the graph's claims, supports and conflicts, node for node.

The JSON is parsed back from its bytes; claims are found by the passages that assert them or that
evidence a link, never by a guessed IRI.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from alliance_kg.aif import aif_document, aif_json
from alliance_kg.annotations import statement_iri
from alliance_kg.assemble import Release
from alliance_kg.namespaces import AK, ID, OA


@pytest.fixture(scope="module")
def graph(assembled: Release) -> Graph:
    return assembled.graph


@pytest.fixture(scope="module")
def aif(graph: Graph) -> dict[str, Any]:
    return json.loads(aif_json(graph))


def _quotes(graph: Graph, statement: Node) -> list[str]:
    return [
        str(exact)
        for evidence in graph.subjects(OA.hasBody, statement)
        for target in graph.objects(evidence, OA.hasTarget)
        for selector in graph.objects(target, OA.hasSelector)
        for exact in graph.objects(selector, OA.exact)
    ]


def _asserted_in(graph: Graph, claim: Node) -> list[str]:
    return [
        quote
        for agent in graph.objects(claim, AK.assertedBy)
        for quote in _quotes(graph, statement_iri((claim, AK.assertedBy, agent)))
    ]


def _nodes(aif: dict[str, Any], kind: str) -> list[dict[str, str]]:
    return [n for n in aif["nodes"] if n["type"] == kind]


def test_counts_match_the_graph(graph: Graph, aif: dict[str, Any]) -> None:
    claims = set(graph.subjects(RDF.type, AK.Claim))
    counts = Counter(n["type"] for n in aif["nodes"])
    assert counts["I"] == len(claims) > 100
    # An example is entailed as a support too; it is one RA-node, of the example scheme.
    assert counts["RA"] == len(set(graph.subject_objects(AK.supports))) > 50
    assert counts["MA"] == len(set(graph.subject_objects(AK.restates))) > 0
    assert counts["CA"] == len(set(graph.subject_objects(AK.conflictsWith))) > 0
    assert counts["L"] == counts["YA"] == len(aif["locutions"]) > 0


def test_shape_follows_aifdb(aif: dict[str, Any]) -> None:
    assert {"nodes", "edges", "locutions", "participants"} <= set(aif)
    ids = [n["nodeID"] for n in aif["nodes"]]
    assert ids == [str(i) for i in range(1, len(ids) + 1)]
    for node in aif["nodes"]:
        assert set(node) == {"nodeID", "text", "type", "timestamp"}
        assert node["type"] in {"I", "RA", "MA", "CA", "L", "YA"} and node["text"]
    for edge in aif["edges"]:
        assert set(edge) == {"edgeID", "fromID", "toID", "formEdgeID"}
    people = {p["participantID"] for p in aif["participants"]}
    for locution in aif["locutions"]:
        assert locution["personID"] in people
        assert locution["source"] == str(ID["program-of-the-alliance"])


def test_every_edge_joins_existing_nodes_in_aif_order(aif: dict[str, Any]) -> None:
    """I→RA→I, I→MA→I, I→CA→I, L→YA→I: every scheme node has one edge in and one out."""
    kind = {n["nodeID"]: n["type"] for n in aif["nodes"]}
    allowed = {("I", "RA"), ("RA", "I"), ("I", "MA"), ("MA", "I"), ("I", "CA"), ("CA", "I")}
    allowed |= {("L", "YA"), ("YA", "I")}
    for edge in aif["edges"]:
        assert (kind[edge["fromID"]], kind[edge["toID"]]) in allowed, edge
    into = Counter(e["toID"] for e in aif["edges"])
    out = Counter(e["fromID"] for e in aif["edges"])
    for node_id, node_kind in kind.items():
        if node_kind in {"RA", "MA", "CA", "YA"}:
            assert into[node_id] == out[node_id] == 1, node_id


def test_i_nodes_carry_the_paraphrase_and_the_claim_iri(graph: Graph, aif: dict[str, Any]) -> None:
    for node in _nodes(aif, "I"):
        claim = URIRef(aif["iris"][node["nodeID"]])
        assert node["text"] == str(graph.value(claim, AK.paraphrase))


def test_a_support_from_the_text_is_an_inference(graph: Graph, aif: dict[str, Any]) -> None:
    because = "It cannot do so because the International, as its name implies"
    ((premise, conclusion),) = [
        (s, o)
        for s, o in graph.subject_objects(AK.supports)
        if any(because in q for q in _quotes(graph, statement_iri((s, AK.supports, o))))
    ]
    assert any("means the abolition of all frontiers" in q for q in _asserted_in(graph, premise))
    assert any("cannot organize itself into a State" in q for q in _asserted_in(graph, conclusion))
    node_of = {iri: node_id for node_id, iri in aif["iris"].items()}
    ra = node_of[str(statement_iri((premise, AK.supports, conclusion)))]
    edges = {(e["fromID"], e["toID"]) for e in aif["edges"]}
    assert (node_of[str(premise)], ra) in edges
    assert (ra, node_of[str(conclusion)]) in edges
    assert next(n for n in aif["nodes"] if n["nodeID"] == ra)["type"] == "RA"


def test_a_conflict_is_a_ca_node(graph: Graph, aif: dict[str, Any]) -> None:
    node_of = {iri: node_id for node_id, iri in aif["iris"].items()}
    edges = {(e["fromID"], e["toID"]) for e in aif["edges"]}
    kind = {n["nodeID"]: n["type"] for n in aif["nodes"]}
    for attacker, attacked in graph.subject_objects(AK.conflictsWith):
        ca = node_of[str(statement_iri((attacker, AK.conflictsWith, attacked)))]
        assert kind[ca] == "CA"
        assert {(node_of[str(attacker)], ca), (ca, node_of[str(attacked)])} <= edges


def test_the_asserting_passage_is_a_locution_of_its_speaker(
    graph: Graph, aif: dict[str, Any]
) -> None:
    (l_node,) = [n for n in _nodes(aif, "L") if "If there is a devil in human history" in n["text"]]
    assert l_node["text"].startswith("Mikhail Bakunin : ")
    (locution,) = [loc for loc in aif["locutions"] if loc["nodeID"] == l_node["nodeID"]]
    (person,) = [p for p in aif["participants"] if p["participantID"] == locution["personID"]]
    assert (person["firstname"], person["surname"]) == ("Mikhail", "Bakunin")
    ya = {e["toID"] for e in aif["edges"] if e["fromID"] == l_node["nodeID"]}
    claims = {URIRef(aif["iris"][e["toID"]]) for e in aif["edges"] if e["fromID"] in ya}
    assert claims
    for claim in claims:
        assert any("If there is a devil" in q for q in _asserted_in(graph, claim))


def test_json_is_deterministic(graph: Graph, aif: dict[str, Any]) -> None:
    data = aif_json(graph)
    assert data == aif_json(graph)
    assert json.loads(data) == aif == json.loads(json.dumps(aif_document(graph)))
    assert data.endswith(b"\n") and data.decode("utf-8")


def test_each_link_says_its_kind_and_how_sure(graph: Graph, aif: dict[str, Any]) -> None:
    """An example is an RA-node of the example scheme, a restatement an MA-node, and every
    scheme node of a link has the certainty of its evidence."""
    node_of = {iri: node_id for node_id, iri in aif["iris"].items()}
    text = {n["nodeID"]: n["text"] for n in aif["nodes"]}
    examples = set(graph.subject_objects(AK.exemplifies))
    assert examples, "the essay gives examples (the Paris Commune)"
    for premise, conclusion in examples:
        node = node_of[str(statement_iri((premise, AK.exemplifies, conclusion)))]
        assert text[node] == "Argument From Example"
        assert str(statement_iri((premise, AK.supports, conclusion))) not in node_of.values()
    for restatement, restated in graph.subject_objects(AK.restates):
        assert text[node_of[str(statement_iri((restatement, AK.restates, restated)))]] == (
            "Default Rephrase"
        )
    scheme_nodes = [n["nodeID"] for n in aif["nodes"] if n["type"] in {"RA", "MA", "CA"}]
    assert set(aif["certainty"]) == set(scheme_nodes)
    assert set(aif["certainty"].values()) <= {"certain", "probable", "possible"}


def test_a_reported_view_is_illocuted_not_asserted(aif: dict[str, Any]) -> None:
    (l_node,) = [n for n in _nodes(aif, "L") if "Could such a mobilization" in n["text"]]
    assert l_node["text"].startswith("Mikhail Bakunin : ")
    targets = [e["toID"] for e in aif["edges"] if e["fromID"] == l_node["nodeID"]]
    assert [n["text"] for n in aif["nodes"] if n["nodeID"] in targets] == ["Default Illocuting"]
