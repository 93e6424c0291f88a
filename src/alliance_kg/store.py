"""Oxigraph for what rdflib does slowly: running SPARQL and writing large serializations.

rdflib stays the model the code builds (pySHACL needs it); the finished graph is copied once into
an in-memory Oxigraph store. Triples are sorted before they are serialized, so the same graph
always gives the same bytes. A caller that needs the graph several times (the site writes a
description of every resource, and queries the whole graph) converts it once with
`sorted_triples` and hands the list to `store_of` and `serialize_triples`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node


def to_oxigraph_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_oxigraph_term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def sorted_triples(graph: Graph) -> list[ox.Triple]:
    """The graph's triples in a total order that does not depend on how they were added."""
    convert = to_oxigraph_term
    triples = [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in graph]
    triples.sort(key=str)
    return triples


def to_store(graph: Graph) -> ox.Store:
    """An in-memory Oxigraph store holding the graph's triples in its default graph."""
    return store_of(sorted_triples(graph))


def store_of(triples: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory Oxigraph store holding `triples` (already converted) in its default graph."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def serialize(
    graph: Graph, rdf_format: ox.RdfFormat, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """The graph in `rdf_format`, byte-identical for the same triples."""
    return serialize_triples(sorted_triples(graph), rdf_format, prefixes)


def serialize_triples(
    triples: list[ox.Triple], rdf_format: ox.RdfFormat, prefixes: Mapping[str, str] | None = None
) -> bytes:
    """`triples`, in the order `sorted_triples` gives, in `rdf_format` with `prefixes` declared
    (Turtle and TriG only: the other formats have no prefixes)."""
    options = (
        {"prefixes": dict(prefixes or {})}
        if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
        else {}
    )
    return ox.serialize(triples, format=rdf_format, **options)
