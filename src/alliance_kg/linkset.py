"""The links to Wikidata as published triples: the links themselves, a VoID linkset, and SSSOM.

`mapping_graph` turns one SSSOM mapping table into (1) the link triples (`id:geneva
skos:exactMatch wd:Q…`), (2) a `void:Linkset` that says what links what, with which predicates,
how many, under which licence and from which mapping set (its `dcterms:source`, typed
`sssom:MappingSet`), and (3) each row in SSSOM's own RDF form (an `owl:Axiom` of the mapping
set, annotating the link with its justification, confidence, author, date and
comment, as the `sssom` package writes it), so that a consumer can weigh a link as the curator
did. The links carry their justification instead of a passage: a link says what the entity is
elsewhere, not what the text states.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

from .errors import InputError
from .namespaces import ID, WD
from .project import Project
from .sssom import MappingSet, read_sssom

SSSOM = Namespace("https://w3id.org/sssom/")
#: The link predicates a mapping table may use (the data model's three).
LINK_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
#: The only object a link to Wikidata may have: the canonical entity IRI of an item.
WIKIDATA_ITEM = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*")
#: This dataset and Wikidata, as VoID datasets the linkset joins.
DATASET = ID["dataset"]
WIKIDATA = URIRef("https://www.wikidata.org/")
WIKIDATA_SPARQL = URIRef("https://query.wikidata.org/sparql")
SUFFIX = ".sssom.tsv"


def mapping_tables(project: Project) -> list[MappingSet]:
    """Every mapping table of the project, read (a missing data/mappings/ folder holds none)."""
    return [read_sssom(p) for p in sorted((project.data_dir / "mappings").glob("*" + SUFFIX))]


def linkset_iri(path: Path) -> URIRef:
    """The linkset's IRI, named for the file: wikidata.sssom.tsv → id:linkset/wikidata."""
    return ID["linkset/" + path.name.removesuffix(SUFFIX)]


def mapping_graph(path: Path, graph: Graph) -> Graph:
    """The link triples, the VoID linkset and the SSSOM annotations of one mapping table.

    `graph` is the graph assembled so far: a subject it does not describe (no rdf:type) is
    refused, as is an object that is not a Wikidata item IRI, so that a typo never publishes.
    """
    mapping_set = read_sssom(path)
    check_links(mapping_set, graph)
    out = Graph()
    linkset = linkset_iri(path)
    for mapping in mapping_set.mappings:
        out.add((mapping.subject, mapping.predicate, mapping.object))
        _add_axiom(out, linkset, mapping_set, mapping)
    _add_void(out, linkset, mapping_set)
    return out


def check_links(mapping_set: MappingSet, graph: Graph) -> None:
    """Refuse a link whose predicate, subject or object cannot be right; say file and line."""
    for key in ("mapping_set_id", "license"):
        if not re.match(r"https?://\S+$", str(mapping_set.metadata[key])):
            raise InputError(f"{mapping_set.path}: {key} must be an http(s) IRI")
    for mapping in mapping_set.mappings:
        where = f"{mapping_set.path}:{mapping.line}"
        if mapping.predicate not in LINK_PREDICATES:
            allowed = ", ".join(f"skos:{p.split('#')[1]}" for p in LINK_PREDICATES)
            raise InputError(
                f"{where}: predicate_id {mapping.get('predicate_id')} is not one of {allowed}"
            )
        if not WIKIDATA_ITEM.fullmatch(str(mapping.object)):
            raise InputError(
                f"{where}: object_id {mapping.get('object_id')} is not a Wikidata item "
                f"(write wd:Q… for {WD}Q…)"
            )
        if (mapping.subject, RDF.type, None) not in graph:
            raise InputError(
                f"{where}: subject_id {mapping.get('subject_id')} is described nowhere in the "
                "data (a typo, or an entity not written down yet)"
            )


def _add_axiom(out: Graph, linkset: URIRef, mapping_set: MappingSet, mapping) -> None:
    local = str(mapping.subject).removeprefix(str(ID)).replace("/", ".")
    axiom = URIRef(f"{linkset}#{local}-{str(mapping.object).rsplit('/', 1)[1]}")
    out.add((URIRef(mapping_set.mapping_set_id), SSSOM.mappings, axiom))
    out.add((axiom, RDF.type, OWL.Axiom))
    out.add((axiom, OWL.annotatedSource, mapping.subject))
    out.add((axiom, OWL.annotatedProperty, mapping.predicate))
    out.add((axiom, OWL.annotatedTarget, mapping.object))
    out.add((axiom, SSSOM.mapping_justification, mapping.justification))
    if mapping.confidence is not None:
        out.add((axiom, SSSOM.confidence, Literal(mapping.confidence, datatype=XSD.double)))
    for column, predicate in (
        ("subject_label", SSSOM.subject_label),
        ("object_label", SSSOM.object_label),
        ("author_label", SSSOM.author_label),
        ("mapping_tool", SSSOM.mapping_tool),
        ("comment", RDFS.comment),
    ):
        if value := mapping.get(column).strip():
            out.add((axiom, predicate, Literal(value)))
    if value := mapping.get("author_id").strip():
        out.add((axiom, SSSOM.author_id, mapping_set.expand(value, str(mapping_set.path))))
    if value := mapping.get("mapping_date").strip():
        out.add((axiom, DCTERMS.created, Literal(value, datatype=XSD.date)))


def _add_void(out: Graph, linkset: URIRef, mapping_set: MappingSet) -> None:
    links = len(mapping_set.mappings)
    out.add((linkset, RDF.type, VOID.Linkset))
    out.add((linkset, DCTERMS.title, Literal(f"Links to Wikidata ({mapping_set.path.name})")))
    out.add((linkset, DCTERMS.license, URIRef(mapping_set.license)))
    source = URIRef(mapping_set.mapping_set_id)
    out.add((linkset, DCTERMS.source, source))
    out.add((source, RDF.type, SSSOM.MappingSet))
    out.add((source, DCTERMS.license, URIRef(mapping_set.license)))
    if description := mapping_set.metadata.get("mapping_set_description"):
        out.add((linkset, DCTERMS.description, Literal(str(description))))
    for predicate in sorted({m.predicate for m in mapping_set.mappings}):
        out.add((linkset, VOID.linkPredicate, predicate))
    out.add((linkset, VOID.subjectsTarget, DATASET))
    out.add((linkset, VOID.objectsTarget, WIKIDATA))
    out.add((linkset, VOID.target, DATASET))
    out.add((linkset, VOID.target, WIKIDATA))
    out.add((linkset, VOID.triples, Literal(links, datatype=XSD.integer)))
    out.add((DATASET, RDF.type, VOID.Dataset))
    out.add((DATASET, DCTERMS.title, Literal("alliance-kg")))
    out.add((DATASET, VOID.uriSpace, Literal(str(ID))))
    out.add((DATASET, VOID.subset, linkset))
    out.add((WIKIDATA, RDF.type, VOID.Dataset))
    out.add((WIKIDATA, DCTERMS.title, Literal("Wikidata")))
    out.add((WIKIDATA, VOID.uriSpace, Literal(str(WD))))
    out.add((WIKIDATA, VOID.sparqlEndpoint, WIKIDATA_SPARQL))
