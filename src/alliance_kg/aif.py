"""The argument as Argument Interchange Format (AIF) JSON, the shape AIFdb serves and reads.

Argument-mining tools and AIFdb exchange arguments as `{"nodes", "edges", "locutions",
"participants"}`: a node is `{"nodeID", "text", "type", "timestamp"}`, an edge `{"edgeID",
"fromID", "toID", "formEdgeID"}`, IDs are decimal strings. The mapping is the one the ontology
documents: a claim is an I-node (its text the paraphrase); each link of the argument is an S-node
of its kind — `ak:supports` an RA-node ("Default Inference", premise → RA → conclusion),
`ak:exemplifies` an RA-node of the argument-from-example scheme ("Argument From Example"),
`ak:restates` an MA-node ("Default Rephrase", restatement → MA → what it restates),
`ak:conflictsWith` a CA-node ("Default Conflict", attacker → CA → attacked). The passage that
asserts a claim is an L-node ("Speaker : quoted words", AIFdb's convention) joined to its I-node
through a YA-node ("Asserting"); a view the text reports is joined to the reporter's L-node by a
YA-node of the generic kind ("Default Illocuting"), since its speaker does not assert it. Each
speaker is a participant, so a dialogical tool sees who says what.

AIF nodes have no slot for an IRI or a confidence, so two top-level objects carry them: `"iris"`
maps each I-node to its claim and each S-node to the reified statement of its link, and
`"certainty"` maps each S-node to how sure the reading of the link is (certain, probable,
possible); AIF readers ignore keys they do not know. IDs are numbered in IRI order and timestamps
are empty, so the same graph gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .annotations import statement_iri
from .namespaces import AK, OA

#: Each link of the argument: its predicate, its AIF node type and that node's text.
LINKS = (
    (AK.supports, "RA", "Default Inference"),
    (AK.exemplifies, "RA", "Argument From Example"),
    (AK.restates, "MA", "Default Rephrase"),
    (AK.conflictsWith, "CA", "Default Conflict"),
)
#: The YA-node joining a locution to a claim: asserted by its speaker, or reported by them.
ILLOCUTIONS = ((AK.assertedBy, "Asserting"), (AK.reportedBy, "Default Illocuting"))


class _Builder:
    """Numbers nodes and edges in the order they are added (callers add them in IRI order)."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, str]] = []
        self.edges: list[dict[str, str | None]] = []

    def node(self, kind: str, text: str) -> str:
        node_id = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": ""})
        return node_id

    def edge(self, from_id: str, to_id: str) -> None:
        edge_id = str(len(self.edges) + 1)
        self.edges.append({"edgeID": edge_id, "fromID": from_id, "toID": to_id, "formEdgeID": None})


def aif_document(graph: Graph) -> dict[str, Any]:
    """The claims, their supports and conflicts, and the passages asserting them, as AIF."""
    claims = sorted(c for c in graph.subjects(RDF.type, AK.Claim) if isinstance(c, URIRef))
    aif = _Builder()
    iris: dict[str, str] = {}
    certainty: dict[str, str] = {}
    i_node = {}
    for claim in claims:
        i_node[claim] = aif.node("I", _text(graph, claim))
        iris[i_node[claim]] = str(claim)
    # An example is also entailed as a support (ak:exemplifies is narrower): one node for it.
    examples = _links(graph, AK.exemplifies, set(claims))
    for predicate, kind, text in LINKS:
        pairs = _links(graph, predicate, set(claims))
        for source, target in sorted(pairs - examples if predicate == AK.supports else pairs):
            s_node = aif.node(kind, text)
            statement = statement_iri((source, predicate, target))
            iris[s_node] = str(statement)
            level = _certainty(graph, statement)
            if level:
                certainty[s_node] = level
            aif.edge(i_node[source], s_node)
            aif.edge(s_node, i_node[target])
    participants, locutions = _add_locutions(graph, claims, i_node, aif)
    return {
        "nodes": aif.nodes,
        "edges": aif.edges,
        "locutions": locutions,
        "participants": participants,
        "iris": iris,
        "certainty": certainty,
    }


def aif_json(graph: Graph) -> bytes:
    """The AIF document as UTF-8 JSON with sorted keys, byte-identical for the same graph."""
    text = json.dumps(aif_document(graph), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def _text(graph: Graph, claim: URIRef) -> str:
    """The claim in the project's words: its paraphrase, else its title."""
    for predicate in (AK.paraphrase, RDFS.label):
        values = sorted(str(v) for v in graph.objects(claim, predicate))
        if values:
            return values[0]
    return str(claim)


def _certainty(graph: Graph, statement: URIRef) -> str:
    """How sure the reading of a link is, from its evidence ('' when none says)."""
    levels = sorted(
        str(graph.value(level, RDFS.label) or level)
        for evidence in graph.subjects(OA.hasBody, statement)
        for level in graph.objects(evidence, AK.certainty)
    )
    return levels[0] if levels else ""


def _links(graph: Graph, predicate: URIRef, claims: set[URIRef]) -> set[tuple[URIRef, URIRef]]:
    return {
        (s, o)
        for s, o in graph.subject_objects(predicate)
        if s in claims and o in claims and isinstance(s, URIRef) and isinstance(o, URIRef)
    }


#: A passage: its start and end offsets, its words and the text it lies in.
Passage = tuple[int, int, str, str]


def _passages(graph: Graph, claim: URIRef, predicate: URIRef, agent: Node) -> list[Passage]:
    """Each passage evidencing that `agent` asserts (or reports) `claim`."""
    found = set()
    for evidence in graph.subjects(OA.hasBody, statement_iri((claim, predicate, agent))):
        for target in graph.objects(evidence, OA.hasTarget):
            start = end = exact = None
            for selector in graph.objects(target, OA.hasSelector):
                exact = exact or graph.value(selector, OA.exact)
                start = start or graph.value(selector, OA.start)
                end = end or graph.value(selector, OA.end)
            source = graph.value(target, OA.hasSource)
            if exact is not None and start is not None and end is not None:
                found.add((int(start), int(end), str(exact), str(source)))
    return sorted(found)


def _add_locutions(
    graph: Graph, claims: list[URIRef], i_node: dict[URIRef, str], aif: _Builder
) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """L-nodes for the asserting and reporting passages (one per passage and speaker), YA-nodes
    from them to the claims."""
    said: dict[tuple[Passage, URIRef], list[tuple[URIRef, str]]] = {}
    for claim in claims:
        for predicate, illocution in ILLOCUTIONS:
            for agent in graph.objects(claim, predicate):
                if isinstance(agent, URIRef):
                    for passage in _passages(graph, claim, predicate, agent):
                        said.setdefault((passage, agent), []).append((claim, illocution))
    speakers = sorted({agent for _, agent in said})
    person_id = {agent: str(n) for n, agent in enumerate(speakers, start=1)}
    participants = [{"participantID": person_id[a], **_name(graph, a)} for a in speakers]
    locutions = []
    for ((start, end, exact, source), agent), asserted in sorted(said.items()):
        l_node = aif.node("L", f"{_label(graph, agent)} : {exact}")
        locutions.append(
            {
                "nodeID": l_node,
                "personID": person_id[agent],
                "timestamp": "",
                "start": start,
                "end": end,
                "source": source,
            }
        )
        for claim, illocution in sorted(asserted):
            ya_node = aif.node("YA", illocution)
            aif.edge(l_node, ya_node)
            aif.edge(ya_node, i_node[claim])
    return participants, locutions


def _name(graph: Graph, agent: URIRef) -> dict[str, str]:
    """AIFdb's participant name: a person's label split at its last space; a group's whole label.

    The views the text reports may be held by groups ("German Communists"), which have no first
    name and surname, so their label goes whole into `firstname`.
    """
    label = _label(graph, agent)
    if (agent, RDF.type, AK.Person) not in graph:
        return {"firstname": label, "surname": ""}
    first, _, last = label.rpartition(" ")
    return {"firstname": first, "surname": last}


def _label(graph: Graph, agent: URIRef) -> str:
    return str(graph.value(agent, RDFS.label) or agent)
