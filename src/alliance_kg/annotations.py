"""Web Annotations that tie statements and mentions to passages of a text.

Every generated resource gets an IRI derived from what it stands for (a hash of the triple, or the
span), so that builds are reproducible and no blank node appears in the release. A passage is
targeted the way the W3C Web Annotation model recommends for plain text: a TextQuoteSelector
(exact, prefix, suffix) and a TextPositionSelector (start, end, in code points) on one
SpecificResource.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .namespaces import AK, EVIDENCE, MENTION, OA, SPAN, STATEMENT
from .text import Text

#: How many code points of context the quote selector keeps on each side.
CONTEXT = 32


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def statement_iri(triple: tuple[Node, Node, Node]) -> URIRef:
    """The IRI of the reified statement of `triple`: the same triple, the same IRI."""
    return STATEMENT[_digest(*(t.n3() for t in triple))]


def add_statement(graph: Graph, triple: tuple[Node, Node, Node], asserted: bool = True) -> URIRef:
    """Reify `triple`, and assert it unless `asserted` is false; return the statement's IRI."""
    subject, predicate, obj = triple
    statement = statement_iri(triple)
    if asserted:
        graph.add(triple)
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    return statement


def evidence_iri(text: Text, statement: URIRef, start: int, end: int) -> URIRef:
    return EVIDENCE[f"{text.text_id}-{_digest(str(statement), str(start), str(end))}"]


def mention_iri(text: Text, start: int, end: int) -> URIRef:
    return MENTION[f"{text.text_id}-{start}-{end}"]


def voice_span_iri(text: Text, start: int, end: int) -> URIRef:
    return SPAN[f"{text.text_id}-{start}-{end}"]


def add_annotation(
    graph: Graph,
    annotation: URIRef,
    kind: URIRef,
    motivation: URIRef,
    body: URIRef,
    text: Text,
    start: int,
    end: int,
) -> None:
    """An annotation of class `kind` whose body is `body` and whose target is text[start:end]."""
    target = URIRef(f"{annotation}#target")
    quote = URIRef(f"{annotation}#quote")
    position = URIRef(f"{annotation}#position")
    content = text.content
    graph.add((annotation, RDF.type, kind))
    graph.add((annotation, RDF.type, OA.Annotation))
    graph.add((annotation, OA.motivatedBy, motivation))
    graph.add((annotation, OA.hasBody, body))
    graph.add((annotation, OA.hasTarget, target))
    paragraph = text.paragraph_at(start)
    if paragraph is not None:
        graph.add((annotation, AK.inParagraph, paragraph.iri))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, text.iri))
    graph.add((target, OA.hasSelector, quote))
    graph.add((target, OA.hasSelector, position))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(content[start:end])))
    graph.add((quote, OA.prefix, Literal(content[max(0, start - CONTEXT) : start])))
    graph.add((quote, OA.suffix, Literal(content[end : end + CONTEXT])))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
