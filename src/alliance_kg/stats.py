"""`alliance-kg stats`: how much of the text the graph covers, counted from the assembled graph."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

import pyoxigraph as ox
from rdflib.namespace import RDF

from .assemble import Release, assemble, entity_iris
from .build import entities_per_class
from .namespaces import AK, PREFIXES, curie
from .ontology import load_ontology
from .project import Project
from .store import from_oxigraph_term, to_store

_RELATIONS = """
SELECT ?predicate (COUNT(*) AS ?n) WHERE {
  ?statement a rdf:Statement ; rdf:predicate ?predicate ; rdf:object ?object .
  FILTER (?predicate != rdf:type && isIRI(?object))
} GROUP BY ?predicate ORDER BY ?predicate
"""
_CLAIM_PARAGRAPHS = """
SELECT DISTINCT ?claim ?paragraph WHERE {
  VALUES ?attribution { ak:assertedBy ak:reportedBy }
  ?claim a ak:Claim .
  ?statement rdf:subject ?claim ; rdf:predicate ?attribution .
  ?evidence oa:hasBody ?statement ; ak:inParagraph ?paragraph .
}
"""
_EVIDENCED = """
SELECT DISTINCT ?entity WHERE { ?statement rdf:subject ?entity . ?evidence a ak:Evidence ; oa:hasBody ?statement . }
"""
_VOICES_OF_CLAIMS = """
SELECT ?voice (COUNT(?claim) AS ?n) WHERE { ?claim a ak:Claim ; ak:voice ?voice } GROUP BY ?voice
"""
_MODALITIES = """
SELECT ?modality (COUNT(?evidence) AS ?n) WHERE {
  ?evidence a ak:Evidence ; ak:modality ?modality
} GROUP BY ?modality
"""
_LINKED = """
SELECT DISTINCT ?entity WHERE {
  ?entity skos:exactMatch|skos:closeMatch|skos:broadMatch ?item .
  FILTER STRSTARTS(STR(?item), "http://www.wikidata.org/entity/")
}
"""


@dataclass
class Stats:
    """Coverage figures; shares are fractions from 0 to 1."""

    triples: int
    entities_per_class: dict[str, int]
    relations: dict[str, int]
    claims: int
    claims_per_section: dict[str, int]
    body_paragraphs: int
    body_paragraphs_with_claim: int
    body_paragraph_share_with_claim: float
    entities: int
    entities_with_evidence: int
    entity_share_with_evidence: float
    mentions_per_entity: dict[str, int]
    wikidata_linked: int
    wikidata_coverage: float
    claims_per_voice: dict[str, int]
    evidence_per_modality: dict[str, int]
    #: Review verdicts that hold (item unchanged since), per kind of item and verdict.
    reviews: dict[str, dict[str, int]]
    reviewed: int
    reviewed_share_right: float
    #: Verdicts given for an item that has since changed or gone.
    reviews_stale: int

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        def table(title: str, counts: dict[str, int]) -> list[str]:
            return [f"{title}:", *(f"  {name}: {n}" for name, n in counts.items())]

        lines = [
            f"triples: {self.triples}",
            *table("entities per class", self.entities_per_class),
            *table("relations (anchored statements by property)", self.relations),
            f"claims: {self.claims}",
            *table("claims per section", self.claims_per_section),
            f"body paragraphs with a claim: {self.body_paragraphs_with_claim} of "
            f"{self.body_paragraphs} ({self.body_paragraph_share_with_claim:.0%})",
            f"entities with evidence: {self.entities_with_evidence} of {self.entities} "
            f"({self.entity_share_with_evidence:.0%})",
            f"entities linked to Wikidata: {self.wikidata_linked} of {self.entities} "
            f"({self.wikidata_coverage:.0%})",
            *table("claims per voice", self.claims_per_voice),
            *table("evidence per modality", self.evidence_per_modality),
            f"reviewed: {self.reviewed} verdicts hold (their items are as reviewed), "
            f"{self.reviewed_share_right:.0%} of them right; "
            f"{self.reviews_stale} are for items corrected since",
            *(
                f"  {kind}: " + ", ".join(f"{n} {v}" for v, n in verdicts.items())
                for kind, verdicts in self.reviews.items()
            ),
            *table("mentions per entity", self.mentions_per_entity),
        ]
        return "\n".join(lines) + "\n"


def _column(store: ox.Store, query: str, name: str) -> list[str]:
    return [solution[name].value for solution in store.query(query, prefixes=PREFIXES)]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def compute_stats(release: Release) -> Stats:
    """The coverage figures of an assembled release."""
    store = to_store(release.graph)
    relations = {
        curie(from_oxigraph_term(s["predicate"])): int(s["n"].value)
        for s in store.query(_RELATIONS, prefixes=PREFIXES)
    }
    claim_paragraphs = [
        (s["claim"].value, s["paragraph"].value)
        for s in store.query(_CLAIM_PARAGRAPHS, prefixes=PREFIXES)
    ]
    per_section: Counter[str] = Counter()
    claimed_body: set[str] = set()
    body_total = 0
    for text in release.texts:
        for section in text.sections:
            iris = {str(p.iri) for p in section.paragraphs}
            claims = {claim for claim, paragraph in claim_paragraphs if paragraph in iris}
            per_section[f"{text.text_id}: {section.label}"] = len(claims)
            if section.kind == "body":
                body_total += len(iris)
                claimed_body |= {p for _, p in claim_paragraphs if p in iris}
    entities = {str(e) for e in entity_iris(release.graph, release.ontology)}
    evidenced = entities & set(_column(store, _EVIDENCED, "entity"))
    linked = entities & set(_column(store, _LINKED, "entity"))
    mentions = Counter(curie(m.entity) for found in release.mentions.values() for m in found)
    reviews = release.reviews.counts()
    reviewed = sum(sum(v.values()) for v in reviews.values())
    right = sum(v.get("right", 0) for v in reviews.values())
    return Stats(
        triples=len(release.graph),
        entities_per_class=entities_per_class(release),
        relations=relations,
        claims=len(set(release.graph.subjects(RDF.type, AK.Claim))),
        claims_per_section=dict(per_section),
        body_paragraphs=body_total,
        body_paragraphs_with_claim=len(claimed_body),
        body_paragraph_share_with_claim=_share(len(claimed_body), body_total),
        entities=len(entities),
        entities_with_evidence=len(evidenced),
        entity_share_with_evidence=_share(len(evidenced), len(entities)),
        mentions_per_entity=dict(sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0]))),
        wikidata_linked=len(linked),
        wikidata_coverage=_share(len(linked), len(entities)),
        claims_per_voice=_counts(store, _VOICES_OF_CLAIMS, "voice"),
        evidence_per_modality=_counts(store, _MODALITIES, "modality"),
        reviews=reviews,
        reviewed=reviewed,
        reviewed_share_right=_share(right, reviewed),
        reviews_stale=len(release.reviews.stale),
    )


def _counts(store: ox.Store, query: str, name: str) -> dict[str, int]:
    """A grouped count as {CURIE: n}, in CURIE order."""
    found = {
        curie(from_oxigraph_term(s[name])): int(s["n"].value)
        for s in store.query(query, prefixes=PREFIXES)
    }
    return dict(sorted(found.items()))


def project_stats(project: Project) -> Stats:
    """Assemble the project's graph (no validation, nothing written) and count."""
    return compute_stats(assemble(project, load_ontology(project)))
