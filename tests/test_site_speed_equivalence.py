"""The site's shortcuts give what the plain definitions give.

The site converts the graph to Oxigraph once and draws every resource's data files from that
one conversion; these tests check the files against the definition (the resource's own triples
plus the labels of what it links to, read from rdflib) and that a caller's own conversion gives
the same site.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from alliance_kg.assemble import Release
from alliance_kg.namespaces import BASE, PREFIXES
from alliance_kg.queries import Query
from alliance_kg.site import render_site
from alliance_kg.store import (
    from_oxigraph_term,
    serialize,
    serialize_triples,
    sorted_triples,
    to_oxigraph_term,
)


def described(graph: Graph, iri: URIRef) -> set[ox.Triple]:
    """The concise description by its definition, one rdflib lookup at a time."""
    found = set()
    for _, p, o in graph.triples((iri, None, None)):
        found.add((iri, p, o))
        if isinstance(o, URIRef):
            found.update((o, RDFS.label, label) for label in graph.objects(o, RDFS.label))
    return {ox.Triple(*(to_oxigraph_term(t) for t in triple)) for triple in found}


def parsed(data: bytes, rdf_format: ox.RdfFormat) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(data, format=rdf_format)}


def test_every_data_file_holds_the_concise_description(assembled: Release, site) -> None:
    data_files = [path for path in site if path.endswith(".nt")]
    assert len(data_files) > 3000
    for path in data_files:
        iri = URIRef(BASE + path[: -len(".nt")])
        expected = described(assembled.graph, iri)
        assert parsed(site[path], ox.RdfFormat.N_TRIPLES) == expected, path
        turtle = site[path[: -len(".nt")] + ".ttl"]
        assert parsed(turtle, ox.RdfFormat.TURTLE) == expected, path


def test_the_data_files_are_sorted_like_the_dumps(assembled: Release, site) -> None:
    """Each file is what `store.serialize` writes for a graph of the same triples."""
    for path in ("id/geneva.ttl", "id/mikhail-bakunin.nt", "id/geneva.jsonld"):
        iri = URIRef(BASE + path.rsplit(".", 1)[0])
        graph = Graph()
        for triple in described(assembled.graph, iri):
            graph.add(tuple(from_oxigraph_term(t) for t in triple))
        rdf_format = {
            "ttl": ox.RdfFormat.TURTLE,
            "nt": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[path.rsplit(".", 1)[1]]
        assert site[path] == serialize(graph, rdf_format, PREFIXES), path


def test_a_conversion_made_by_the_caller_gives_the_same_site(
    assembled: Release, queries: list[Query], site
) -> None:
    triples = sorted_triples(assembled.graph)
    assert render_site(assembled, queries, triples=triples) == site


def test_serializing_a_converted_graph_is_serializing_the_graph(assembled: Release) -> None:
    triples = sorted_triples(assembled.graph)
    for rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        assert serialize_triples(triples, rdf_format, PREFIXES) == serialize(
            assembled.graph, rdf_format, PREFIXES
        )
