"""A W3C Reconciliation Service API (v0.2) over the essay's entities, for OpenRefine users.

OpenRefine fetches the manifest with a plain GET and sends batches as a form-encoded POST
`queries={"q0": {"query": "Bakunin", "type": "…#Person", "limit": 3, "properties": […]}}`.
Candidates are scored from their labels and aliases (exact 100, alias 95, else string
similarity), a type constraint keeps only instances of that class or its subclasses, and each
property constraint (`pid` an IRI or a CURIE, `v` a name, an IRI, an id or `{"id": …}`) weighs
in: the final score is 70 % name and 30 % properties matched. `match` is set only for a single
candidate named exactly (label or alias) that meets every constraint, so that OpenRefine
auto-matches nothing doubtful. Claims are candidates only when the type asks for `ak:Claim`.
"""

from __future__ import annotations

import difflib
import json
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import AK, BASE, ID, PREFIXES

DEFAULT_LIMIT = 5
MAX_QUERIES = 100
#: Generated resources (evidence, mentions, statements…) are not what a spreadsheet names.
_SKIPPED = tuple(
    f"{ID}{folder}/" for folder in ("evidence", "mention", "statement", "query", "linkset")
)
_ENTITIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?kind ?name WHERE {
  { ?e rdfs:label ?name BIND("label" AS ?kind) }
  UNION { ?e skos:prefLabel ?name BIND("label" AS ?kind) }
  UNION { ?e skos:altLabel ?name BIND("alias" AS ?kind) }
  FILTER(STRSTARTS(STR(?e), STR(id:)))
}
"""
_TYPES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?type ?label WHERE {
  ?e a/rdfs:subClassOf* ?type .
  FILTER(STRSTARTS(STR(?type), STR(ak:)))
  OPTIONAL { ?type rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
}
"""


class ReconcileError(ValueError):
    """A batch that cannot be read; the server answers 400 with this message."""


@dataclass
class Candidate:
    """An entity as reconciliation sees it: names, aliases and classes (direct and inherited)."""

    iri: str
    labels: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)


class Reconciler:
    """Scores entities of the store against names; the index is built once, on first use."""

    def __init__(self, store: ox.Store, service_url: str = BASE + "reconcile"):
        self.store = store
        self.service_url = service_url
        self._lock = threading.Lock()
        self._candidates: dict[str, Candidate] | None = None
        self._type_names: dict[str, str] = {}

    def manifest(self) -> dict:
        """The service manifest OpenRefine reads when the service is added."""
        self._index()
        return {
            "versions": ["0.2"],
            "name": "alliance-kg: On the Program of the Alliance",
            "identifierSpace": str(ID),
            "schemaSpace": str(AK),
            "view": {"url": str(ID) + "{{id}}"},
            "defaultTypes": [
                {"id": str(AK[name]), "name": name}
                for name in ("Person", "Organization", "Place", "Event", "Concept")
            ],
        }

    def reconcile_batch(self, text: str) -> dict:
        """Answer a `queries=` batch: each key gets its scored candidates, best first."""
        try:
            batch = json.loads(text)
        except json.JSONDecodeError as error:
            raise ReconcileError(f"queries= is not JSON: {error}") from None
        if not isinstance(batch, dict) or len(batch) > MAX_QUERIES:
            raise ReconcileError(f"queries= must be a JSON object of at most {MAX_QUERIES} queries")
        return {key: {"result": self.reconcile(query)} for key, query in batch.items()}

    def reconcile(self, query: object) -> list[dict]:
        """The candidates for one query object (or a bare string, as old clients send)."""
        if isinstance(query, str):
            query = {"query": query}
        if not isinstance(query, dict) or not isinstance(query.get("query"), str):
            raise ReconcileError('each query needs a "query" string')
        limit = query.get("limit", DEFAULT_LIMIT)
        if not isinstance(limit, int) or limit < 1:
            raise ReconcileError('"limit" must be a positive integer')
        wanted = _expand(query["type"]) if isinstance(query.get("type"), str) else None
        constraints = _constraints(query.get("properties", []))
        candidates = self._index().values()
        scored = []
        for candidate in candidates:
            if wanted not in candidate.types if wanted else str(AK.Claim) in candidate.types:
                continue  # the wrong type; claims only when asked for
            name_score = _name_score(query["query"], candidate)
            if name_score < 40:
                continue
            matched = [self._holds(candidate.iri, pid, value) for pid, value in constraints]
            fraction = sum(matched) / len(matched) if matched else 1.0
            score = round(0.7 * name_score + 30 * fraction, 1) if matched else name_score
            scored.append((score, name_score >= 95 and all(matched), candidate))
        scored.sort(key=lambda item: (-item[0], item[2].iri))
        exact = [item for item in scored if item[1]]
        return [
            {
                "id": candidate.iri.removeprefix(str(ID)),
                "name": (candidate.labels or candidate.aliases)[0],
                "type": [
                    {"id": t, "name": self._type_names.get(t, t.rsplit("#", 1)[-1])}
                    for t in sorted(candidate.types)
                ],
                "score": score,
                "match": is_exact and len(exact) == 1,
            }
            for score, is_exact, candidate in scored[:limit]
        ]

    def _index(self) -> dict[str, Candidate]:
        with self._lock:
            if self._candidates is None:
                self._candidates = self._build_index()
            return self._candidates

    def _build_index(self) -> dict[str, Candidate]:
        candidates: dict[str, Candidate] = {}
        for row in self.store.query(_ENTITIES, prefixes=PREFIXES):
            iri = row["e"].value
            if iri.startswith(_SKIPPED):
                continue
            candidate = candidates.setdefault(iri, Candidate(iri))
            names = candidate.labels if row["kind"].value == "label" else candidate.aliases
            if row["name"].value not in names:
                names.append(row["name"].value)
        types: dict[str, set[str]] = defaultdict(set)
        for row in self.store.query(_TYPES, prefixes=PREFIXES):
            types[row["e"].value].add(row["type"].value)
            if row["label"] is not None:
                self._type_names[row["type"].value] = row["label"].value
        for iri, candidate in candidates.items():
            candidate.types = types.get(iri, set())
        return candidates

    def _holds(self, iri: str, pid: str, value: str) -> bool:
        """Whether the entity has `pid` with a value named, identified or written `value`."""
        wanted = _normal(value)
        for quad in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(pid), None):
            term = quad.object
            if isinstance(term, ox.Literal):
                if _normal(term.value) == wanted:
                    return True
                continue
            names = [term.value, term.value.removeprefix(str(ID))]
            if (other := self._index().get(term.value)) is not None:
                names += other.labels + other.aliases
            if any(_normal(name) == wanted for name in names):
                return True
        return False


def _constraints(properties: object) -> list[tuple[str, str]]:
    if not isinstance(properties, list):
        raise ReconcileError('"properties" must be a list')
    constraints = []
    for item in properties:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise ReconcileError('each property needs "pid" and "v"')
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        for value in values:
            if isinstance(value, dict):
                value = value.get("id", value.get("name"))
            if not isinstance(value, str | int | float):
                raise ReconcileError('a property value must be a string, a number or {"id": …}')
            constraints.append((_expand(item["pid"]), str(value)))
    return constraints


def _expand(name: str) -> str:
    """A CURIE with one of the project's prefixes as its IRI; anything else as given."""
    prefix, colon, local = name.partition(":")
    return PREFIXES[prefix] + local if colon and prefix in PREFIXES else name


def _normal(text: str) -> str:
    """Case, spacing and a leading article do not tell names apart ("the International")."""
    text = re.sub(r"\s+", " ", text).strip().casefold()
    return re.sub(r"^(?:the|a|an) ", "", text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _normal(text))


def _name_score(query: str, candidate: Candidate) -> float:
    """100 for a label, 95 for an alias, 60-90 for all its words in one, else similarity."""
    wanted = _normal(query)
    if not wanted:
        return 0.0
    if any(_normal(label) == wanted for label in candidate.labels):
        return 100.0
    if any(_normal(alias) == wanted for alias in candidate.aliases):
        return 95.0
    names = candidate.labels + candidate.aliases
    words = set(_words(query))
    containing = [len(_words(name)) for name in names if words <= set(_words(name))]
    if words and containing:
        # Every word of the query is in a name ("Bakunin" in "Mikhail Bakunin"): 60 to 90,
        # higher the more of the name the query covers.
        return round(60 + 30 * len(words) / min(containing), 1)
    best = max(
        (difflib.SequenceMatcher(None, wanted, _normal(name)).ratio() for name in names),
        default=0.0,
    )
    return round(90 * best, 1)
