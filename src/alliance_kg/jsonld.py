"""The release as compact JSON-LD: short keys, CURIEs, one node object per subject.

The release graph is flat (every subject is an IRI, no lists, no blank nodes), so compacting it
needs none of a general JSON-LD processor's work: each subject becomes a node object, each
property a key (the context's term for it when the value fits the term, else a CURIE), each
value a string, a number or a value object. Doing this directly takes a tenth of the time of
rdflib's serializer followed by its compaction. Arrays and keys are sorted, so the bytes are
stable, and each subject is one line, so a release diffs by subject. tests/test_build.py reads
the file back with rdflib and compares the graphs.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .namespaces import AK, PREFIXES

#: Namespaces longest first, so `claim:x` wins over `id:claim/x`.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
#: Standard terms given short keys beside the ontology's own properties.
_SHORT_TERMS = {
    "label": (RDFS.label, False),
    "altLabel": (SKOS.altLabel, False),
    "prefLabel": (SKOS.prefLabel, False),
    "description": (DCTERMS.description, False),
    "exactMatch": (SKOS.exactMatch, True),
    "closeMatch": (SKOS.closeMatch, True),
    "broadMatch": (SKOS.broadMatch, True),
}


def jsonld_context(ontology: Graph) -> dict:
    """Short keys: each ak: property by its local name, plus the standard terms the data uses."""
    context: dict[str, object] = dict(sorted(PREFIXES.items()))
    for kind, is_iri in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for prop in sorted(ontology.subjects(RDF.type, kind)):
            if isinstance(prop, URIRef) and str(prop).startswith(str(AK)):
                context[str(prop)[len(str(AK)) :]] = _term(prop, is_iri)
    context.update({key: _term(prop, is_iri) for key, (prop, is_iri) in _SHORT_TERMS.items()})
    return context


def _term(prop: URIRef, is_iri: bool) -> dict[str, str]:
    return {"@id": str(prop), "@type": "@id"} if is_iri else {"@id": str(prop)}


def to_jsonld(graph: Graph, ontology: Graph) -> bytes:
    """The graph as one compact JSON-LD document with the context of `jsonld_context`."""
    context = jsonld_context(ontology)
    terms = {
        (definition["@id"], "@type" in definition): key
        for key, definition in context.items()
        if isinstance(definition, dict)
    }
    compact = functools.cache(compact_iri)  # per document: IRIs recur, and a corpus has many
    nodes: dict[Node, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        node = nodes[s]
        if p == RDF.type and isinstance(o, URIRef):
            node["@type"].append(compact(o))
            continue
        is_iri = isinstance(o, URIRef)
        key = terms.get((str(p), True)) if is_iri else None
        if key is not None:
            node[key].append(compact(o))
            continue
        key = terms.get((str(p), False)) or compact(p)
        node[key].append({"@id": compact(o)} if is_iri else _value(o))
    graph_nodes = sorted(
        (_node_object(s, values) for s, values in nodes.items()), key=lambda n: n["@id"]
    )
    # One node object per line: the file diffs line by subject, and the C encoder writes it.
    context_json = json.dumps(context, indent=1, ensure_ascii=False, sort_keys=True)
    lines = ",\n".join(_json_key(node) for node in graph_nodes)
    return f'{{"@context": {context_json},\n"@graph": [\n{lines}\n]}}\n'.encode()


def compact_iri(iri: Node) -> str:
    """`prefix:local` under the longest namespace that holds the IRI, else the IRI itself."""
    text = str(iri)
    for prefix, namespace in _NAMESPACES:
        if text.startswith(namespace) and not text[len(namespace) :].startswith("//"):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _value(literal: Node) -> object:
    """A literal as JSON: a string, an integer, a boolean or a value object."""
    assert isinstance(literal, Literal), f"the release graph holds a blank node: {literal!r}"
    text = str(literal)
    if literal.language:
        return {"@language": literal.language, "@value": text}
    datatype = literal.datatype
    if datatype in (None, XSD.string):
        return text
    if datatype == XSD.integer and text == str(int(text)):
        return int(text)
    if datatype == XSD.boolean and text in ("true", "false"):
        return text == "true"
    return {"@type": compact_iri(datatype), "@value": text}


def _node_object(subject: Node, values: dict[str, list]) -> dict[str, object]:
    """One subject's node object: a single value stands alone, several form a sorted array."""
    node: dict[str, object] = {"@id": compact_iri(subject)}
    for key, items in values.items():
        if len(items) == 1:
            node[key] = items[0]
        else:
            node[key] = sorted(items, key=_json_key)
    return node


def _json_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
