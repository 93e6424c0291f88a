"""The project's vocabulary, declared once.

`AK` is a closed namespace: a misspelt term raises at import or call time instead of silently
minting a new IRI. A test checks that these terms and the ontology's declarations are the same set.
"""

import json

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, VANN, XSD, DefinedNamespace
from rdflib.term import Node

from .errors import InputError

BASE = "https://w3id.org/alliance-kg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
CLAIM = Namespace(BASE + "id/claim/")
# Resources the build generates, each namespace with a prefix so that the release reads well.
STATEMENT = Namespace(BASE + "id/statement/")
EVIDENCE = Namespace(BASE + "id/evidence/")
MENTION = Namespace(BASE + "id/mention/")
SPAN = Namespace(BASE + "id/span/")
REVIEW = Namespace(BASE + "id/review/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")


class AK(DefinedNamespace):
    """Terms of the alliance-kg ontology (`ontology/alliance.ttl`)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # Classes
    Agent: URIRef
    Assembly: URIRef
    Branch: URIRef
    CertaintyLevel: URIRef
    Claim: URIRef
    Colophon: URIRef
    Committee: URIRef
    Concept: URIRef
    DigitalEdition: URIRef
    Edition: URIRef
    Event: URIRef
    Evidence: URIRef
    Founding: URIRef
    FrontMatter: URIRef
    Mention: URIRef
    Modality: URIRef
    Organization: URIRef
    OrganizationalUnit: URIRef
    Paragraph: URIRef
    Person: URIRef
    Place: URIRef
    PoliticalCurrent: URIRef
    Review: URIRef
    Section: URIRef
    Siege: URIRef
    SocialClass: URIRef
    SocialGroup: URIRef
    Strike: URIRef
    TextSection: URIRef
    TextSegment: URIRef
    Translation: URIRef
    Uprising: URIRef
    Verdict: URIRef
    Voice: URIRef
    VoiceSpan: URIRef
    Work: URIRef

    # Object properties
    about: URIRef
    activeIn: URIRef
    affiliatedWith: URIRef
    answers: URIRef
    assertedBy: URIRef
    author: URIRef
    causedBy: URIRef
    certainty: URIRef
    composedOf: URIRef
    concedes: URIRef
    conflictsWith: URIRef
    contrastedWith: URIRef
    delegatesTo: URIRef
    derivedFrom: URIRef
    dominates: URIRef
    editor: URIRef
    embodies: URIRef
    exemplifies: URIRef
    exploits: URIRef
    favors: URIRef
    founded: URIRef
    hasCondition: URIRef
    hasPart: URIRef
    hasParticipant: URIRef
    influences: URIRef
    inParagraph: URIRef
    isPartOf: URIRef
    locatedIn: URIRef
    memberOf: URIRef
    modality: URIRef
    opposes: URIRef
    partOf: URIRef
    publisher: URIRef
    qualifies: URIRef
    rejects: URIRef
    reportedBy: URIRef
    represents: URIRef
    restates: URIRef
    speaker: URIRef
    supports: URIRef
    tookPlaceAt: URIRef
    translationOf: URIRef
    translator: URIRef
    verdict: URIRef
    voice: URIRef

    # Datatype properties
    content: URIRef
    date: URIRef
    edtf: URIRef
    end: URIRef
    paraphrase: URIRef
    position: URIRef
    retrievalDate: URIRef
    retrievedFrom: URIRef
    sha256: URIRef
    start: URIRef

    # Individuals
    actual: URIRef
    authorial: URIRef
    certain: URIRef
    counterfactual: URIRef
    desired: URIRef
    editorial: URIRef
    evidencing: URIRef
    hypothetical: URIRef
    paratextual: URIRef
    possible: URIRef
    probable: URIRef
    reported: URIRef
    right: URIRef
    weak: URIRef
    wrong: URIRef


#: Prefixes for the anchor tables, the checks and every serialization the build writes.
PREFIXES: dict[str, str] = {
    "ak": str(AK),
    "claim": str(CLAIM),
    "dcterms": str(DCTERMS),
    "evidence": str(EVIDENCE),
    "id": str(ID),
    "mention": str(MENTION),
    "oa": str(OA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "review": str(REVIEW),
    "sh": str(SH),
    "skos": str(SKOS),
    "span": str(SPAN),
    "statement": str(STATEMENT),
    "vann": str(VANN),
    "wd": str(WD),
    "xsd": str(XSD),
}


def expand_curie(token: str, where: str) -> URIRef:
    """`id:geneva` → its IRI; `a` → rdf:type; an unknown prefix is an error."""
    if token == "a":
        return RDF.type
    prefix, colon, local = token.partition(":")
    if not colon or prefix not in PREFIXES:
        known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
        raise InputError(f"{where}: {token!r} is not a CURIE with a known prefix ({known})")
    return URIRef(PREFIXES[prefix] + local)


def curie(term: Node | None) -> str:
    """A term as people write it: a CURIE where a prefix fits, a quoted literal, else <iri>."""
    if term is None:
        return "-"
    if isinstance(term, Literal):
        tag = f"@{term.language}" if term.language else ""
        return json.dumps(str(term), ensure_ascii=False) + tag
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return f"<{text}>"
    return text
