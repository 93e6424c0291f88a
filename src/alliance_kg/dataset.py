"""The release described as a dataset, in VoID and DCAT, for `dist/void.ttl`.

Catalogues, dataset search engines and SPARQL federation tools read a dataset's description
before its data: what it is, under which licence, how big, which classes and properties it uses,
where to download it and where to query it. Every number here is counted from the graph being
published, so the description can never drift from the data. The dataset node is the one
`linkset.py` already publishes (`id:dataset`, with its Wikidata linkset as a subset); this module
adds to it rather than minting a second one. No wall-clock time enters the file: the same graph
always gives the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, SH, VOID, XSD
from rdflib.term import Node

from .linkset import DATASET
from .namespaces import AK, BASE, ID, ONTOLOGY_IRI, PREFIXES
from .store import serialize

CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
#: The dumps `alliance-kg build` writes, each with its media type and W3C format IRI.
DUMPS = (
    ("alliance-kg.ttl", "text/turtle", "Turtle"),
    ("alliance-kg.nt", "application/n-triples", "N-Triples"),
    ("alliance-kg.jsonld", "application/ld+json", "JSON-LD"),
)
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: DCAT 3's dcat:version, which rdflib's DCAT namespace (DCAT 2) does not declare yet.
DCAT_VERSION = URIRef(str(DCAT) + "version")
#: Where `alliance-kg serve` answers SPARQL once the release is hosted behind w3id.org.
SPARQL_ENDPOINT = URIRef(BASE + "sparql")
LANDING_PAGE = URIRef(BASE)
#: Resources a newcomer can start from; those absent from the graph are left out.
EXAMPLES = (
    ID["mikhail-bakunin"],
    ID["international-workingmens-association"],
    ID["geneva"],
    ID["claim/command-is-the-devil-of-history"],
)
TITLE = 'alliance-kg: a linked-data edition of Bakunin\'s "On the Program of the Alliance"'
DESCRIPTION = (
    "A knowledge graph of Mikhail Bakunin's 1871 essay in Sam Dolgoff's English translation: the "
    "people, organizations, groups, events, places and ideas it names, the claims it makes and "
    "how they support or oppose one another, each fact tied by a W3C Web Annotation to the "
    "passage of the text behind it, with links to Wikidata."
)
KEYWORDS = ("Bakunin", "anarchism", "First International", "digital edition", "argument mining")
#: Prefixes for the partitions' IRIs and for the Turtle file: the project's own and those of the
#: vocabularies the ontology aligns to (their types are materialized into the graph).
VOCABULARY_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "dcat": str(DCAT),
    "foaf": str(FOAF),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "sh": str(SH),
    "sssom": "https://w3id.org/sssom/",
    "void": str(VOID),
    # The description's own resources, so that they read as ds-class:ak-Person.
    "ds-class": str(ID) + "dataset/class/",
    "ds-distribution": str(ID) + "dataset/distribution/",
    "ds-property": str(ID) + "dataset/property/",
}


def ontology_version(graph: Graph) -> str | None:
    """The ontology's owl:versionInfo, which names the release."""
    value = graph.value(ONTOLOGY_IRI, OWL.versionInfo)
    return str(value) if value is not None else None


def dataset_description(
    graph: Graph,
    version: str | None = None,
    issued: str | None = None,
    examples: tuple[URIRef, ...] = EXAMPLES,
    *,
    statistics: bool = True,
) -> Graph:
    """The VoID and DCAT description of `graph` as published.

    `version` defaults to the ontology's owl:versionInfo. `issued` (an xsd:date) is written only
    when given, because the build must not read the clock. Without `statistics` the counts and
    partitions, which take a pass over the whole graph, are left out.
    """
    version = version or ontology_version(graph)
    out = Graph()
    _copy_dataset_nodes(graph, out)
    d = DATASET
    for cls in (VOID.Dataset, DCAT.Dataset):
        out.add((d, RDF.type, cls))
    out.set((d, DCTERMS.title, Literal(TITLE, lang="en")))
    out.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    out.add((d, DCTERMS.license, graph.value(ONTOLOGY_IRI, DCTERMS.license) or CC0))
    for creator in sorted(graph.objects(ONTOLOGY_IRI, DCTERMS.creator)):
        out.add((d, DCTERMS.creator, creator))
    if version:
        out.add((d, OWL.versionInfo, Literal(version)))
        out.add((d, DCAT_VERSION, Literal(version)))
    if issued:
        out.add((d, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    for keyword in KEYWORDS:
        out.add((d, DCAT.keyword, Literal(keyword, lang="en")))
    out.add((d, DCAT.landingPage, LANDING_PAGE))
    out.add((d, DCTERMS.conformsTo, ONTOLOGY_IRI))
    out.add((d, VOID.uriSpace, Literal(str(ID))))
    out.add((d, VOID.sparqlEndpoint, SPARQL_ENDPOINT))
    for example in examples:
        if (example, None, None) in graph:
            out.add((d, VOID.exampleResource, example))
    for root in graph.subjects(RDF.type, AK.DigitalEdition):
        out.add((d, VOID.rootResource, root))
    _add_distributions(out)
    if statistics:
        _add_statistics(graph, out)
    return out


def void_file(graph: Graph, issued: str | None = None) -> bytes:
    """`dist/void.ttl`: the description as Turtle, byte-identical for the same graph."""
    return serialize(dataset_description(graph, issued=issued), ox.RdfFormat.TURTLE, _prefixes())


def _prefixes() -> dict[str, str]:
    return dict(sorted(VOCABULARY_PREFIXES.items()))


def _copy_dataset_nodes(graph: Graph, out: Graph) -> None:
    """What the graph already says of the dataset, its linksets and the datasets they target."""
    nodes = {DATASET, *graph.objects(DATASET, VOID.subset)}
    for linkset in list(nodes - {DATASET}):
        nodes.update(graph.objects(linkset, VOID.target))
    for node in nodes:
        for _, p, o in graph.triples((node, None, None)):
            out.add((node, p, o))


def _add_distributions(out: Graph) -> None:
    for name, media_type, format_name in DUMPS:
        dump = URIRef(BASE + name)
        distribution = ID["dataset/distribution/" + name.rsplit(".", 1)[1]]
        out.add((DATASET, VOID.dataDump, dump))
        out.add((DATASET, VOID.feature, FORMATS[format_name.replace("-", "_")]))
        out.add((DATASET, DCAT.distribution, distribution))
        out.add((distribution, RDF.type, DCAT.Distribution))
        out.add((distribution, DCTERMS.title, Literal(f"{format_name} dump", lang="en")))
        out.add((distribution, DCAT.downloadURL, dump))
        out.add((distribution, DCAT.accessURL, dump))
        out.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
        out.add((distribution, DCTERMS.license, out.value(DATASET, DCTERMS.license) or CC0))


def _count(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _add_statistics(graph: Graph, out: Graph) -> None:
    """Triple, entity, class and property counts, and one partition per class and property."""
    subjects: set[Node] = set()
    objects: set[Node] = set()
    triples_per_property: Counter[Node] = Counter()
    for s, p, o in graph:  # one pass: walking the graph is what costs
        subjects.add(s)
        objects.add(o)
        triples_per_property[p] += 1
    instances: dict[Node, set[Node]] = {}
    for s, cls in graph.subject_objects(RDF.type):
        instances.setdefault(cls, set()).add(s)
    entities = {s for s in subjects if isinstance(s, URIRef) and str(s).startswith(str(ID))}
    d = DATASET
    out.add((d, VOID.triples, _count(len(graph))))
    out.add((d, VOID.entities, _count(len(entities))))
    out.add((d, VOID.distinctSubjects, _count(len(subjects))))
    out.add((d, VOID.distinctObjects, _count(len(objects))))
    out.add((d, VOID.properties, _count(len(triples_per_property))))
    out.add((d, VOID.classes, _count(len(instances))))
    vocabularies = set()
    for cls, members in instances.items():
        partition = partition_iri("class", cls)
        out.add((d, VOID.classPartition, partition))
        out.add((partition, VOID["class"], cls))
        out.add((partition, VOID.entities, _count(len(members))))
        vocabularies.add(vocabulary(cls))
    for prop, count in triples_per_property.items():
        partition = partition_iri("property", prop)
        out.add((d, VOID.propertyPartition, partition))
        out.add((partition, VOID.property, prop))
        out.add((partition, VOID.triples, _count(count)))
        vocabularies.add(vocabulary(prop))
    for vocab in vocabularies:
        out.add((d, VOID.vocabulary, vocab))


def _split(term: Node) -> tuple[str, str]:
    """A term's namespace and local name, split after its last '#' or '/'."""
    match = re.fullmatch(r"(.*[#/])([^#/]*)", str(term))
    return (match.group(1), match.group(2)) if match else (str(term), "")


def vocabulary(term: Node) -> URIRef:
    """The vocabulary a class or property belongs to (for ak: terms, the ontology itself)."""
    namespace, _ = _split(term)
    return ONTOLOGY_IRI if namespace == str(AK) else URIRef(namespace)


def partition_iri(kind: str, term: Node) -> URIRef:
    """A stable IRI for a class or property partition: id:dataset/class/ak-Person.

    The prefix keeps ak:Person, foaf:Person and schema:Person apart; a namespace without a
    known prefix is named by its full IRI, percent-encoded, so that no two terms can collide.
    """
    namespace, local = _split(term)
    prefix = next((p for p, ns in VOCABULARY_PREFIXES.items() if ns == namespace), None)
    name = f"{prefix}-{local}" if prefix and local else str(term)
    return ID[f"dataset/{kind}/{quote(name, safe='')}"]


def schema_org_dataset(graph: Graph) -> dict[str, object]:
    """The same description as a schema.org `Dataset`, for JSON-LD in the site's index page.

    Dataset search engines (Google Dataset Search and others) read schema.org, not VoID; the
    values come from `dataset_description`, so the two never disagree.
    """
    void = dataset_description(graph, statistics=False)  # schema.org has no place for them

    def value(predicate: URIRef) -> str | None:
        found = void.value(DATASET, predicate)
        return str(found) if found is not None else None

    creators = sorted(str(c) for c in void.objects(DATASET, DCTERMS.creator))
    document: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": str(DATASET),
        "name": value(DCTERMS.title),
        "description": value(DCTERMS.description),
        "url": str(LANDING_PAGE),
        "license": value(DCTERMS.license),
        "creator": [{"@type": "Organization", "name": name} for name in creators],
        "version": value(OWL.versionInfo),
        "keywords": list(KEYWORDS),
        "isAccessibleForFree": True,
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": media_type, "contentUrl": BASE + name}
            for name, media_type, _ in DUMPS
        ],
    }
    return {key: item for key, item in document.items() if item is not None}
