"""`alliance-kg export csv DIR`: the graph as spreadsheets, one table per class plus the claims.

Archives and catalogues (OpenRefine, Omeka S's CSV Import) take rows and columns, not triples.
Each entity goes into the table of its most specific ak: class (`Person.csv`, `Committee.csv`:
the class's local name, so that a file maps back to its class without a plural rule to guess).
Every table starts with the same identity columns; after them come the ak: properties that
the ontology allows on the class (by rdfs:domain, or with no domain) and that the data uses,
each named by its local name, so a column maps back to its property IRI in an import mapping.
Several values in one cell are joined with " | " (set it as the multivalue separator on import).
Files are UTF-8 with a header row, quoted by the csv module as RFC 4180 says and ended with
CRLF as RFC 4180 says; OpenRefine and Omeka S (PHP's CSV reader) take CRLF and LF alike. Rows are
sorted by IRI and columns are in a fixed order, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .assemble import entity_iris
from .namespaces import AK, WD
from .ontology import superclasses

SEPARATOR = " | "
#: The columns every class table starts with.
IDENTITY_COLUMNS = ("iri", "label", "aliases", "description", "wikidata")
#: Columns for the weaker Wikidata links, added to a table only when its entities have them.
WEAK_LINKS = (("wikidataCloseMatch", SKOS.closeMatch), ("wikidataBroadMatch", SKOS.broadMatch))
CLAIM_PROPERTIES = (
    AK.assertedBy,
    AK.reportedBy,
    AK.voice,
    AK.modality,
    AK.about,
    AK.supports,
    AK.exemplifies,
    AK.restates,
    AK.conflictsWith,
    AK.certainty,
)
CLAIMS_FILE = "claims.csv"


def csv_tables(graph: Graph, ontology: Graph) -> dict[str, bytes]:
    """Every table as file name → CSV bytes: one per direct class of an entity, and claims.csv."""
    by_class: dict[URIRef, list[URIRef]] = {}
    for entity in entity_iris(graph, ontology):
        by_class.setdefault(direct_class(graph, ontology, entity), []).append(entity)
    tables = {
        f"{_local(cls)}.csv": _class_table(graph, ontology, cls, entities)
        for cls, entities in by_class.items()
    }
    tables[CLAIMS_FILE] = _claims_table(graph)
    return dict(sorted(tables.items()))


def write_csv(graph: Graph, ontology: Graph, out_dir: Path) -> list[Path]:
    """Write every table into `out_dir` (created if needed); return the paths written, sorted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in csv_tables(graph, ontology).items():
        path = out_dir / name
        path.write_bytes(content)
        paths.append(path)
    return paths


def direct_class(graph: Graph, ontology: Graph, entity: URIRef) -> URIRef:
    """The entity's most specific ak: class: the one no other of its ak: types is below.

    Should two unrelated classes remain, the first by IRI wins, so that every entity is in
    exactly one table.
    """
    types = {
        t
        for t in graph.objects(entity, RDF.type)
        if isinstance(t, URIRef) and str(t).startswith(str(AK))
    }
    direct = [t for t in types if not any(t in superclasses(ontology, o) for o in types - {t})]
    return sorted(direct)[0]


def relation_columns(
    graph: Graph, ontology: Graph, cls: URIRef, entities: list[URIRef]
) -> list[URIRef]:
    """The ak: properties allowed on `cls` (its domain or none) that these entities use."""
    allowed = {cls} | superclasses(ontology, cls)
    used = {p for e in entities for p in graph.predicates(e) if str(p).startswith(str(AK))}
    columns = []
    for prop in sorted(used):
        kinds = set(ontology.objects(prop, RDF.type))
        if not kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            continue
        domains = set(ontology.objects(prop, RDFS.domain))
        if not domains or domains & allowed:
            columns.append(prop)
    return columns


def _class_table(graph: Graph, ontology: Graph, cls: URIRef, entities: list[URIRef]) -> bytes:
    relations = relation_columns(graph, ontology, cls, entities)
    weak = [(name, p) for name, p in WEAK_LINKS if any(wikidata_ids(graph, e, p) for e in entities)]
    header = [*IDENTITY_COLUMNS, *(name for name, _ in weak), *(_local(p) for p in relations)]
    rows = []
    for entity in sorted(entities):
        row = [
            str(entity),
            _join(graph.objects(entity, RDFS.label)),
            _join(graph.objects(entity, SKOS.altLabel)),
            _join(graph.objects(entity, DCTERMS.description)),
            SEPARATOR.join(wikidata_ids(graph, entity, SKOS.exactMatch)),
            *(SEPARATOR.join(wikidata_ids(graph, entity, p)) for _, p in weak),
            *(_join(graph.objects(entity, p)) for p in relations),
        ]
        rows.append(row)
    return _csv_bytes(header, rows)


def _claims_table(graph: Graph) -> bytes:
    header = ["iri", "label", "paraphrase", *(_local(p) for p in CLAIM_PROPERTIES)]
    rows = []
    for claim in sorted(c for c in graph.subjects(RDF.type, AK.Claim) if isinstance(c, URIRef)):
        rows.append(
            [
                str(claim),
                _join(graph.objects(claim, RDFS.label)),
                _join(graph.objects(claim, AK.paraphrase)),
                *(_join(graph.objects(claim, p)) for p in CLAIM_PROPERTIES),
            ]
        )
    return _csv_bytes(header, rows)


def wikidata_ids(graph: Graph, entity: URIRef, predicate: URIRef = SKOS.exactMatch) -> list[str]:
    """The Q-ids `entity` is linked to by `predicate`, sorted."""
    return sorted(
        str(o)[len(str(WD)) :]
        for o in graph.objects(entity, predicate)
        if str(o).startswith(str(WD))
    )


def _join(values: Iterable[Node]) -> str:
    """Several values in one cell: IRIs and literals as plain strings, sorted, deduplicated."""
    return SEPARATOR.join(sorted({_cell(v) for v in values}))


def _cell(value: Node) -> str:
    if isinstance(value, Literal | URIRef):
        return str(value)
    return ""


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
