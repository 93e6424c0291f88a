"""Finding Wikidata items for our entities: type rules, label matching and scoring.

`reconcile` looks up every entity it is given: its English label and aliases are matched
against items' English labels and aliases (exactly, apart from case), a candidate is kept only
if its type fits the entity's class (`TYPE_RULES`), and each is scored: label (theirs or an
alias, ours or an alias, same case or not), type (fits or near), dates (an event's or work's
year against the item's point in time, start, inception or publication), and context (the item's
country is a place the essay names). Sitelinks only order candidates that score the same; such
a tie is flagged as ambiguous. `candidates` writes the results for review; `linkcheck` reuses the
rules to check existing links.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .namespaces import AK, curie
from .ontology import ENTITY_ROOTS, subclasses, superclasses
from .wikidata import Client, batches


@dataclass(frozen=True)
class TypeRule:
    """Which Wikidata classes an item must reach (by P31/P279*) to be taken for our class."""

    fits: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    misfits: tuple[str, ...] = ()
    why: str = ""


#: Per ak: class (a subclass uses its nearest superclass's rule). Data, not code, so that a
#: reviewer can read why a candidate was kept. Every QID was checked against queries that name it.
TYPE_RULES: dict[URIRef, TypeRule] = {
    AK.Person: TypeRule(("Q5",), why="a person the essay names is a human (Q5)"),
    AK.Place: TypeRule(
        ("Q515", "Q486972", "Q6256", "Q3624078", "Q5107"),
        ("Q82794", "Q56061"),
        why="the essay's places are cities, countries and a continent (city Q515, human "
        "settlement Q486972, country Q6256, sovereign state Q3624078, continent Q5107); a "
        "region (Q82794) or administrative unit (Q56061) of the same name fits less well",
    ),
    AK.Organization: TypeRule(
        ("Q43229",),
        ("Q16334295", "Q874405"),
        why="an organization (Q43229); a group of humans (Q16334295) or social group (Q874405) "
        "fits less well",
    ),
    AK.SocialGroup: TypeRule(
        ("Q874405", "Q16334295"),
        ("Q2738074", "Q49773", "Q7257"),
        why="a social group (Q874405) or group of humans (Q16334295); a movement or ideology "
        "fits less well",
    ),
    AK.PoliticalCurrent: TypeRule(
        ("Q2738074", "Q49773", "Q7257"),
        ("Q874405",),
        why="a political or social movement (Q2738074, Q49773) or an ideology (Q7257)",
    ),
    AK.Event: TypeRule(
        ("Q1656682",),
        ("Q1190554",),
        why="an event (Q1656682); an occurrence (Q1190554) fits less well",
    ),
    AK.Work: TypeRule(
        ("Q47461344", "Q7725634"), why="a written work (Q47461344) or literary work (Q7725634)"
    ),
    AK.Edition: TypeRule(
        ("Q3331189",), ("Q47461344",), why="a version, edition or translation (Q3331189)"
    ),
    AK.Concept: TypeRule(
        misfits=("Q5", "Q43229", "Q486972", "Q47461344"),
        why="Wikidata types ideas too unevenly for a class to be required; humans, "
        "organizations, settlements and written works are left out",
    ),
}
#: Every class a rule names: one type query per batch of items answers them all.
ALL_CLASSES = {q for r in TYPE_RULES.values() for q in (*r.fits, *r.near, *r.misfits)}
#: Items that are pages about names, not things: never a candidate, always a wrong link.
NOT_THINGS = {
    "Q4167410": "a disambiguation page",
    "Q4167836": "a Wikimedia category",
    "Q13406463": "a Wikimedia list",
    "Q11266439": "a Wikimedia template",
}
#: Score weights; they add up to 1, which a perfect candidate reaches.
LABEL, ALIAS, OUR_ALIAS, OTHER_CASE = 0.5, 0.35, 0.05, 0.05
TYPE_FIT, TYPE_NEAR = 0.3, 0.15
DATE, CONTEXT = 0.1, 0.1


@dataclass(frozen=True)
class Entity:
    """An entity as the reconciler sees it: its class, the forms of its name, its years."""

    iri: URIRef
    cls: URIRef
    label: str
    aliases: tuple[str, ...]
    years: tuple[int, ...]

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass
class Candidate:
    """A Wikidata item that may be the entity, with its score and the reasons for it."""

    item: str
    label: str
    description: str
    score: float
    reasons: list[str]
    sitelinks: int = 0
    ambiguous: bool = False

    @property
    def qid(self) -> str:
        return self.item.rsplit("/", 1)[1]


@dataclass
class Reconciled:
    entity: Entity
    candidates: list[Candidate] = field(default_factory=list)
    left_out: int = 0


def normal(text: str) -> str:
    """A form for comparison: case folded, accents and typographic apostrophes flattened."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def rule_for(cls: URIRef, ontology: Graph) -> tuple[URIRef, TypeRule] | None:
    """The type rule of `cls` or of its nearest superclass that has one."""
    if cls in TYPE_RULES:
        return cls, TYPE_RULES[cls]
    ancestors = superclasses(ontology, cls)
    for candidate in sorted(ancestors, key=lambda c: -len(superclasses(ontology, c))):
        if candidate in TYPE_RULES:
            return candidate, TYPE_RULES[candidate]
    return None


def entities(graph: Graph, ontology: Graph, skip: set[URIRef] = frozenset()) -> list[Entity]:
    """Every entity of the graph not in `skip`, with its most specific class, forms and years."""
    classes = subclasses(ontology, ENTITY_ROOTS)
    found = []
    for iri in sorted({s for c in classes for s in graph.subjects(RDF.type, c)}):
        if not isinstance(iri, URIRef) or iri in skip:
            continue
        types = {t for t in graph.objects(iri, RDF.type) if t in classes}
        specific = [t for t in types if not any(t in superclasses(ontology, o) for o in types)]
        label = next((str(v) for v in graph.objects(iri, RDFS.label) if _english(v)), "")
        aliases = sorted(
            {str(v) for p in (SKOS.altLabel, SKOS.prefLabel) for v in graph.objects(iri, p)}
            - {label}
        )
        years = sorted(
            {int(str(v)[:4]) for v in graph.objects(iri, AK.date) if str(v)[:4].isdigit()}
        )
        if label and specific:
            found.append(Entity(iri, sorted(specific)[0], label, tuple(aliases), tuple(years)))
    return found


def _english(value: object) -> bool:
    return isinstance(value, Literal) and (value.language or "en").startswith("en")


def variants(form: str) -> list[str]:
    """The spellings to ask for: as written, lower case, capitalized, title case.

    Wikidata's label index matches exact strings; asking for a few case variants finds the
    usual capitalizations without a full-text scan (which the service would refuse).
    """
    found = [form, form.lower(), form[:1].upper() + form[1:], form.title()]
    if "\u2019" in form:
        found.append(form.replace("\u2019", "'"))
    return list(dict.fromkeys(found))


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@en'


CANDIDATES = """SELECT ?form ?item ?via ?label ?description ?sitelinks
  (GROUP_CONCAT(DISTINCT STR(?class); separator=" ") AS ?classes)
  (GROUP_CONCAT(DISTINCT STR(?date); separator=" ") AS ?dates)
  (GROUP_CONCAT(DISTINCT ?countryLabel; separator="\\t") AS ?countries)
WHERE {
  VALUES ?form { %s }
  { ?item rdfs:label ?form . BIND ("label" AS ?via) }
  UNION { ?item skos:altLabel ?form . BIND ("alias" AS ?via) }
  FILTER (STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q"))
  OPTIONAL { ?item rdfs:label ?label FILTER (LANG(?label) = "en") }
  OPTIONAL { ?item schema:description ?description FILTER (LANG(?description) = "en") }
  OPTIONAL { ?item wikibase:sitelinks ?sitelinks }
  OPTIONAL { ?item wdt:P31 ?class }
  OPTIONAL { ?item wdt:P585|wdt:P580|wdt:P571|wdt:P577 ?date }
  OPTIONAL { ?item wdt:P17/rdfs:label ?countryLabel FILTER (LANG(?countryLabel) = "en") }
}
GROUP BY ?form ?item ?via ?label ?description ?sitelinks
"""
TYPES = """SELECT DISTINCT ?item ?class WHERE {
  VALUES ?item { %s }
  VALUES ?class { %s }
  ?item wdt:P31/wdt:P279* ?class .
}
"""


def reached_classes(client: Client, items: list[str], classes: set[str]) -> dict[str, set[str]]:
    """For each item, which of `classes` it is an instance of (through subclasses)."""
    reached: dict[str, set[str]] = defaultdict(set)
    if not classes:
        return reached
    values = " ".join(f"wd:{q}" for q in sorted(classes))
    for batch in batches(sorted(items)):
        query = TYPES % (" ".join(f"<{i}>" for i in batch), values)
        for row in client.select(query):
            reached[row["item"]].add(row["class"].rsplit("/", 1)[1])
    return reached


def reconcile(
    found: list[Entity], ontology: Graph, client: Client, place_names: set[str]
) -> list[Reconciled]:
    """Candidates for each entity, best first; `place_names` are the essay's places (normal)."""
    wanted: dict[str, list[tuple[Entity, str]]] = defaultdict(list)
    for entity in found:
        for form in entity.forms:
            for variant in variants(form):
                wanted[variant].append((entity, form))
    rows = []
    for batch in batches(sorted(wanted)):
        rows += client.select(CANDIDATES % " ".join(_literal(f) for f in batch))
    reached = reached_classes(client, sorted({r["item"] for r in rows}), ALL_CLASSES)
    results = {e.iri: Reconciled(e) for e in found}
    best: dict[tuple[URIRef, str], Candidate] = {}
    rejected: dict[URIRef, set[str]] = defaultdict(set)
    for row in rows:
        for entity, form in wanted.get(row["form"], []):
            candidate = _score(entity, form, row, reached[row["item"]], ontology, place_names)
            key = (entity.iri, row["item"])
            if candidate is None:
                rejected[entity.iri].add(row["item"])
            elif key not in best or candidate.score > best[key].score:
                best[key] = candidate
    for (iri, _), candidate in best.items():
        results[iri].candidates.append(candidate)
    for iri, items in rejected.items():
        results[iri].left_out = len(items - {c.item for c in results[iri].candidates})
    for result in results.values():
        result.candidates.sort(key=lambda c: (-c.score, -c.sitelinks, int(c.qid[1:])))
        if len(result.candidates) > 1:
            top = result.candidates[0].score
            tied = [c for c in result.candidates if abs(c.score - top) < 1e-9]
            for candidate in tied if len(tied) > 1 else []:
                candidate.ambiguous = True
    return [results[e.iri] for e in found]


def _score(
    entity: Entity,
    form: str,
    row: dict[str, str],
    reached: set[str],
    ontology: Graph,
    place_names: set[str],
) -> Candidate | None:
    classes = {c.rsplit("/", 1)[1] for c in row.get("classes", "").split()}
    if classes & set(NOT_THINGS):
        return None
    ruled = rule_for(entity.cls, ontology)
    rule = ruled[1] if ruled else TypeRule(())
    if reached & set(rule.misfits):
        return None
    theirs = row["via"] == "label"
    score = LABEL if theirs else ALIAS
    reasons = [f"their {'label' if theirs else 'alias'} {row['form']!r} = our "]
    reasons[0] += f"{'label' if form == entity.label else 'alias'} {form!r}"
    if form != entity.label:
        score -= OUR_ALIAS
    if row["form"] != form:
        score -= OTHER_CASE
        reasons[0] += " (apart from case)"
    if rule.fits or rule.near:
        fits = sorted(reached & set(rule.fits))
        near = sorted(reached & set(rule.near))
        if not fits and not near:
            return None
        score += TYPE_FIT if fits else TYPE_NEAR
        kind = "fits" if fits else "is near"
        reasons.append(f"type {kind} {curie(entity.cls)} ({', '.join(fits or near)})")
    else:
        score += TYPE_NEAR
        reasons.append(f"no type required for {curie(entity.cls)}")
    years = {int(d.lstrip("+")[:4]) for d in row.get("dates", "").split() if d[:1].isdigit()}
    if entity.years and years:
        if years & set(entity.years):
            score += DATE
            reasons.append(f"date {sorted(years & set(entity.years))[0]} agrees")
        else:
            score -= DATE
            reasons.append(f"dates {sorted(years)} differ from ours {list(entity.years)}")
    countries = [c for c in row.get("countries", "").split("\t") if c]
    named = sorted(c for c in countries if normal(c) in place_names)
    if named:
        score += CONTEXT
        reasons.append(f"its country {named[0]} is a place the essay names")
    return Candidate(
        item=row["item"],
        label=row.get("label", ""),
        description=row.get("description", ""),
        score=round(max(0.0, min(1.0, score)), 3),
        reasons=reasons,
        sitelinks=int(row.get("sitelinks") or 0),
    )


def place_names(graph: Graph, ontology: Graph) -> set[str]:
    """The normal forms of every place's label and aliases: the essay's geography."""
    places = subclasses(ontology, (AK.Place,))
    return {
        normal(str(v))
        for c in places
        for s in graph.subjects(RDF.type, c)
        for p in (RDFS.label, SKOS.altLabel)
        for v in graph.objects(s, p)
    }
