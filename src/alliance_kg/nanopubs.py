"""Every claim as a nanopublication: a small, citable unit with its own provenance.

A nanopublication (http://www.nanopub.org/nschema#) is four named graphs: a head that links the
other three, the assertion (here the claim node, its title, paraphrase, certainty, modality and
voice, what it is about and its links to other claims), its provenance (the passages it was read
from, as the release's own evidence annotations with their voice and modality; who asserts it, or
who reports it when it is a view the text reports; and each link's passage with how sure its
reading is) and the publication info (licence, creator, the dataset it comes from).

The nanopubs are unsigned and carry plain IRIs under `id:nanopub/` rather than trusty URIs: a
trusty URI is a hash of the content, so it would change with every edit of a paraphrase, while the
project promises IRIs that are never renamed. They carry no `dcterms:created` either: a wall-clock
time would make two builds of the same data differ, and the release is reproducible byte for byte.
Whoever signs and publishes them to the nanopub network adds both.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS
from rdflib.term import Node

from .anchors import ARGUMENT_LINKS
from .annotations import statement_iri
from .linkset import DATASET
from .namespaces import AK, CLAIM, ID, OA, PREFIXES
from .store import to_oxigraph_term

NP = Namespace("http://www.nanopub.org/nschema#")
NANOPUB = Namespace(str(ID) + "nanopub/")
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
CREATOR = Literal("alliance-kg developers")

#: The claim's own properties that make up its assertion (outgoing only, so that a link between
#: two claims is asserted once, by the claim it starts from).
ASSERTED = (
    RDF.type,
    RDFS.label,
    AK.paraphrase,
    AK.certainty,
    AK.modality,
    AK.voice,
    AK.about,
    *ARGUMENT_LINKS,
)
#: The graphs in the order a reader expects them.
PARTS = ("Head", "assertion", "provenance", "pubinfo")

#: The project's prefixes that a nanopub uses (the others would only clutter each file).
USED_PREFIXES = (
    "ak",
    "claim",
    "dcterms",
    "evidence",
    "id",
    "oa",
    "rdf",
    "rdfs",
    "statement",
    "xsd",
)

_QUOTE_PROPERTIES = (RDF.type, OA.exact, OA.prefix, OA.suffix, OA.start, OA.end)
#: What an evidence annotation says of its passage beyond its target: kept in the provenance.
_EVIDENCE_FACETS = (AK.inParagraph, AK.voice, AK.speaker, AK.modality, AK.certainty)


def claims(graph: Graph) -> list[URIRef]:
    """Every claim in the graph, in IRI order."""
    return sorted(c for c in graph.subjects(RDF.type, AK.Claim) if isinstance(c, URIRef))


def nanopub_iri(claim: URIRef) -> URIRef:
    """The nanopub of `claim`, named by the claim's local name (claim:x → id:nanopub/x)."""
    return NANOPUB[_local_name(claim)]


def evidence_of(graph: Graph, triple: tuple[Node, Node, Node]) -> list[URIRef]:
    """The evidence annotations whose body is the reified `triple`, in IRI order."""
    statement = statement_iri(triple)
    return sorted(
        e
        for e in graph.subjects(OA.hasBody, statement)
        if isinstance(e, URIRef) and (e, RDF.type, AK.Evidence) in graph
    )


def nanopublication(graph: Graph, claim: URIRef) -> list[ox.Quad]:
    """The quads of `claim`'s nanopublication, sorted graph by graph."""
    np_iri = nanopub_iri(claim)
    head, assertion, provenance, pubinfo = (URIRef(f"{np_iri}#{part}") for part in PARTS)
    parts: dict[URIRef, Graph] = {g: Graph() for g in (head, assertion, provenance, pubinfo)}

    parts[head].add((np_iri, RDF.type, NP.Nanopublication))
    parts[head].add((np_iri, NP.hasAssertion, assertion))
    parts[head].add((np_iri, NP.hasProvenance, provenance))
    parts[head].add((np_iri, NP.hasPublicationInfo, pubinfo))

    for predicate in ASSERTED:
        for obj in graph.objects(claim, predicate):
            parts[assertion].add((claim, predicate, obj))

    prov = parts[provenance]
    # Who asserts the claim is the assertion's attribution; who reports a view is said as such.
    for predicate in (AK.assertedBy, AK.reportedBy):
        for agent in sorted(graph.objects(claim, predicate)):
            if predicate == AK.assertedBy:
                prov.add((assertion, PROV.wasAttributedTo, agent))
            else:
                prov.add((claim, AK.reportedBy, agent))
            for label in graph.objects(agent, RDFS.label):
                prov.add((agent, RDFS.label, label))
            for evidence in evidence_of(graph, (claim, predicate, agent)):
                _add_passage(graph, prov, assertion, evidence)
    for predicate in ARGUMENT_LINKS:
        for other in sorted(graph.objects(claim, predicate)):
            for evidence in evidence_of(graph, (claim, predicate, other)):
                _add_passage(graph, prov, assertion, evidence)

    info = parts[pubinfo]
    info.add((np_iri, DCTERMS.license, CC0))
    info.add((np_iri, DCTERMS.creator, CREATOR))
    info.add((np_iri, PROV.wasDerivedFrom, DATASET))
    for label in graph.objects(claim, RDFS.label):
        info.add((np_iri, RDFS.label, Literal(f"Nanopublication: {label}", lang=label.language)))

    quads: list[ox.Quad] = []
    for name, part in parts.items():
        triples = [ox.Triple(*(to_oxigraph_term(t) for t in triple)) for triple in part]
        triples.sort(key=str)
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in triples]
    return quads


def nanopublications(graph: Graph) -> dict[str, bytes]:
    """Each claim's nanopublication as TriG, keyed by file name (`LOCAL-NAME.trig`)."""
    prefixes = {name: PREFIXES[name] for name in USED_PREFIXES}
    prefixes |= {"nanopub": str(NANOPUB), "np": str(NP), "prov": str(PROV)}
    return {
        f"{_local_name(claim)}.trig": ox.serialize(
            nanopublication(graph, claim), format=ox.RdfFormat.TRIG, prefixes=prefixes
        )
        for claim in claims(graph)
    }


def write_nanopubs(graph: Graph, out_dir: Path) -> list[Path]:
    """Write one TriG file per claim into `out_dir` (created if missing); return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in sorted(nanopublications(graph).items()):
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


def _local_name(claim: URIRef) -> str:
    text = str(claim)
    if not text.startswith(str(CLAIM)):
        raise ValueError(f"not a claim IRI: {text}")
    return text[len(str(CLAIM)) :]


def _add_passage(graph: Graph, prov: Graph, assertion: URIRef, evidence: URIRef) -> None:
    """The assertion derives from the evidence's passage; copy the annotation that pins it down.

    The passage is the annotation's target (a SpecificResource of the edition with a quote and a
    position selector), so the provenance stands on its own without the rest of the release.
    """
    for target in graph.objects(evidence, OA.hasTarget):
        prov.add((assertion, PROV.wasDerivedFrom, target))
        for source in graph.objects(target, OA.hasSource):
            prov.add((assertion, PROV.hadPrimarySource, source))
    for predicate in (RDF.type, OA.motivatedBy, OA.hasBody, OA.hasTarget, *_EVIDENCE_FACETS):
        for obj in graph.objects(evidence, predicate):
            prov.add((evidence, predicate, obj))
    for body in graph.objects(evidence, OA.hasBody):
        for predicate in (RDF.type, RDF.subject, RDF.predicate, RDF.object):
            for obj in graph.objects(body, predicate):
                prov.add((body, predicate, obj))
    for target in graph.objects(evidence, OA.hasTarget):
        for predicate, obj in graph.predicate_objects(target):
            prov.add((target, predicate, obj))
        for selector in graph.objects(target, OA.hasSelector):
            for predicate in _QUOTE_PROPERTIES:
                for obj in graph.objects(selector, predicate):
                    prov.add((selector, predicate, obj))
