"""`alliance-kg diff OLD NEW`: release notes from two releases.

A raw triple diff of two releases is thousands of lines of hashes (every evidence and mention
annotation is a generated resource). Release notes say what a reader of the edition would notice:
which entities came and went, which were renamed, which gained or lost aliases, Wikidata links,
claims, evidence and relations, each shown with its label. Each release is read with pyoxigraph
into plain sets; every list is sorted, so the same two releases always give the same notes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .errors import InputError
from .namespaces import AK, EVIDENCE, ID, MENTION, OA, STATEMENT, WD, curie
from .release import DUMP_FORMATS, find_dump

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"
RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"
RDF_OBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LINK_PREDICATES = {SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "broadMatch"}
#: ak: classes whose instances are not entities a reader looks up (text structure, annotations).
NOT_ENTITIES = {
    str(AK[name])
    for name in (
        "Claim",
        "Evidence",
        "Mention",
        "CertaintyLevel",
        "TextSegment",
        "FrontMatter",
        "TextSection",
        "Paragraph",
        "Colophon",
    )
}
#: ak: properties that describe the text's structure or the annotations, not the world.
STRUCTURAL = {str(AK[name]) for name in ("hasPart", "isPartOf", "inParagraph", "certainty")}
GENERATED = (str(STATEMENT), str(EVIDENCE), str(MENTION))


@dataclass(frozen=True)
class Snapshot:
    """What release notes compare, extracted from one release's triples."""

    source: str
    entities: dict[str, str]  # IRI → ak: class CURIEs
    labels: dict[str, str]  # IRI → label as written (entities and claims)
    aliases: set[tuple[str, str]]
    links: set[tuple[str, str, str]]  # entity, predicate, Wikidata item
    claims: dict[str, str]  # IRI → paraphrase
    evidence: dict[str, tuple[str, str, str, str]]  # annotation → subject, predicate, object, quote
    relations: set[tuple[str, str, str]]


@dataclass
class Item:
    """One line of the notes: what changed, about which resource, with optional quotes."""

    iri: str
    label: str
    detail: str = ""
    quotes: list[str] = field(default_factory=list)


#: The notes' sections, in the order they are written: key, heading.
SECTIONS = (
    ("entities_added", "Entities added"),
    ("entities_removed", "Entities removed"),
    ("labels_changed", "Labels changed"),
    ("aliases_added", "Aliases added"),
    ("aliases_removed", "Aliases removed"),
    ("links_added", "Wikidata links added"),
    ("links_removed", "Wikidata links removed"),
    ("links_changed", "Wikidata links changed"),
    ("claims_added", "Claims added"),
    ("claims_removed", "Claims removed"),
    ("claims_changed", "Claims changed"),
    ("evidence_added", "Evidence added"),
    ("evidence_removed", "Evidence removed"),
    ("relations_added", "Relations added"),
    ("relations_removed", "Relations removed"),
)


def _text(term: object) -> str:
    """An IRI's or literal's text (a language tag only where it is not English)."""
    if isinstance(term, ox.Literal) and term.language and term.language != "en":
        return f"{term.value}@{term.language}"
    return term.value  # type: ignore[attr-defined]


def read_triples(path: Path) -> tuple[str, list[ox.Triple]]:
    """The triples of a release folder or dump; InputError if it cannot be one."""
    dump = find_dump(path, None)
    if dump is None:  # pragma: no cover - find_dump returns None only without a path
        raise InputError(f"{path}: no release")
    rdf_format, _ = DUMP_FORMATS[dump.suffix.lower()]
    try:
        triples = list(ox.parse(path=str(dump), format=rdf_format))
    except SyntaxError as error:
        raise InputError(f"{dump}: cannot be read as {rdf_format.name}: {error}") from None
    except OSError as error:
        raise InputError(f"{dump}: cannot be read: {error.strerror or error}") from None
    if not any(t.subject.value.startswith(str(ID)) for t in triples):
        raise InputError(f"{dump}: not an alliance-kg release (nothing under {ID})")
    return str(dump), triples


def snapshot(path: Path) -> Snapshot:
    """Read a release and keep what release notes talk about."""
    source, triples = read_triples(path)
    by_predicate: dict[str, list[tuple[object, object]]] = defaultdict(list)
    for t in triples:
        by_predicate[t.predicate.value].append((t.subject, t.object))

    def pairs(predicate: str) -> list[tuple[str, str]]:
        return [(_text(s), _text(o)) for s, o in by_predicate[predicate]]

    types: dict[str, set[str]] = defaultdict(set)
    for s, o in pairs(RDF_TYPE):
        types[s].add(o)
    entities = {
        s: ", ".join(sorted(curie(URIRef(c)) for c in classes if c.startswith(str(AK))))
        for s, classes in types.items()
        if s.startswith(str(ID))
        and not s.startswith(GENERATED)
        and any(c.startswith(str(AK)) for c in classes)
        and not classes & NOT_ENTITIES
    }
    claims_iris = {s for s, classes in types.items() if str(AK.Claim) in classes}
    labels: dict[str, str] = {}
    for s, o in sorted(pairs(RDFS_LABEL)):
        if s in entities or s in claims_iris:
            labels.setdefault(s, o)
    statements: dict[str, list[str]] = defaultdict(lambda: ["", "", ""])
    for index, predicate in enumerate((RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT)):
        for s, o in pairs(predicate):
            statements[s][index] = o
    exact = dict(pairs(str(OA.exact)))
    paraphrases = dict(pairs(str(AK.paraphrase)))
    evidence = {
        s: (*statements[o], exact.get(f"{s}#quote", ""))
        for s, o in pairs(str(OA.hasBody))
        if str(AK.Evidence) in types.get(s, set())
    }
    return Snapshot(
        source=source,
        entities=entities,
        labels=labels,
        aliases={(s, o) for s, o in pairs(SKOS + "altLabel") if s in entities},
        links={
            (s, p, o)
            for p in LINK_PREDICATES
            for s, o in pairs(p)
            if s in entities and o.startswith(str(WD))
        },
        claims={s: paraphrases.get(s, "") for s in claims_iris},
        evidence=evidence,
        relations={
            (_text(t.subject), t.predicate.value, _text(t.object))
            for t in triples
            if t.predicate.value.startswith(str(AK))
            and t.predicate.value not in STRUCTURAL
            and isinstance(t.object, ox.NamedNode)
            and _is_described(t.subject.value)
            and _is_described(t.object.value)
        },
    )


def _is_described(iri: str) -> bool:
    """A curated resource (entity, claim, text): under id:, but not generated by the build."""
    return iri.startswith(str(ID)) and not iri.startswith(GENERATED)


def compare(old: Snapshot, new: Snapshot) -> dict[str, list[Item]]:
    """Every change from `old` to `new`, by section, each list sorted."""
    labels = {**old.labels, **new.labels}

    def item(iri: str, detail: str = "", quotes: list[str] | None = None) -> Item:
        return Item(_short(iri), labels.get(iri, ""), detail, sorted(quotes or []))

    notes: dict[str, list[Item]] = {key: [] for key, _ in SECTIONS}
    for key, a, b in (("added", new, old), ("removed", old, new)):
        for iri in sorted(a.entities.keys() - b.entities.keys()):
            notes[f"entities_{key}"].append(item(iri, a.entities[iri]))
        for iri, alias in sorted(a.aliases - b.aliases):
            notes[f"aliases_{key}"].append(item(iri, _quoted(alias)))
        for iri in sorted(a.claims.keys() - b.claims.keys()):
            notes[f"claims_{key}"].append(item(iri, a.claims[iri]))
        for iri, (p, o) in _links_only_in(a, b):
            notes[f"links_{key}"].append(item(iri, f"{_short(p)} {_short(o)}"))
        for iri, quotes in _evidence_only_in(a, b).items():
            notes[f"evidence_{key}"].append(item(iri, f"{len(quotes)} passage(s)", quotes))
        for s, p, o in sorted(a.relations - b.relations):
            detail = f"{_short(p)} {_short(o)}" + (f" ({labels[o]})" if o in labels else "")
            notes[f"relations_{key}"].append(item(s, detail))
    for iri in sorted(old.labels.keys() & new.labels.keys()):
        if old.labels[iri] != new.labels[iri] and iri in new.entities:
            detail = f"{_quoted(old.labels[iri])} → {_quoted(new.labels[iri])}"
            notes["labels_changed"].append(item(iri, detail))
    for iri in sorted(old.claims.keys() & new.claims.keys()):
        changes = [
            f"{what} was {_quoted(was)}, now {_quoted(now)}"
            for what, was, now in (
                ("label", old.labels.get(iri, ""), new.labels.get(iri, "")),
                ("paraphrase", old.claims[iri], new.claims[iri]),
            )
            if was != now
        ]
        if changes:
            notes["claims_changed"].append(item(iri, "; ".join(changes)))
    old_links, new_links = _links_by_entity(old), _links_by_entity(new)
    for iri in sorted(old_links.keys() & new_links.keys()):
        if old_links[iri] != new_links[iri]:
            was, now = (_link_list(links[iri]) for links in (old_links, new_links))
            notes["links_changed"].append(item(iri, f"{was} → {now}"))
    return notes


def _links_by_entity(snap: Snapshot) -> dict[str, list[tuple[str, str]]]:
    grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in sorted(snap.links):
        grouped[s].append((p, o))
    return grouped


def _link_list(links: list[tuple[str, str]]) -> str:
    return ", ".join(f"{_short(p)} {_short(o)}" for p, o in links)


def _links_only_in(a: Snapshot, b: Snapshot) -> list[tuple[str, tuple[str, str]]]:
    """Links of entities that have links only in `a` (an entity linked in both has 'changed')."""
    only = _links_by_entity(a).keys() - _links_by_entity(b).keys()
    return [(s, (p, o)) for s, p, o in sorted(a.links) if s in only]


def _evidence_only_in(a: Snapshot, b: Snapshot) -> dict[str, list[str]]:
    """Per subject, the passages (with the fact each supports) that only `a` has."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for iri in a.evidence.keys() - b.evidence.keys():
        subject, predicate, obj, quote = a.evidence[iri]
        grouped[subject].append(f"{_short(predicate)} {_short(obj)}: “{quote}”")
    return dict(sorted(grouped.items()))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _short(iri: str) -> str:
    """A CURIE for an IRI the project has a prefix for; a literal as it reads."""
    if not iri.startswith(("http://", "https://")):
        return _quoted(iri)
    return curie(URIRef(iri))


def summary(notes: dict[str, list[Item]]) -> str:
    counts = [f"{title.lower()}: {len(notes[key])}" for key, title in SECTIONS if notes[key]]
    return "; ".join(counts) if counts else "no changes"


def to_markdown(old: Snapshot, new: Snapshot, notes: dict[str, list[Item]]) -> str:
    """Release notes for people: a summary line, then one section per kind of change."""
    lines = [
        "# Release notes",
        "",
        f"From `{old.source}` to `{new.source}`.",
        "",
        f"**Summary:** {summary(notes)}.",
    ]
    for key, title in SECTIONS:
        if notes[key]:
            lines += ["", f"## {title}", ""]
            for entry in notes[key]:
                label = f" {entry.label}" if entry.label else ""
                detail = f": {entry.detail}" if entry.detail else ""
                lines.append(f"- `{entry.iri}`{label}{detail}")
                lines += [f"  - {quote}" for quote in entry.quotes]
    return "\n".join(lines) + "\n"


def to_json(old: Snapshot, new: Snapshot, notes: dict[str, list[Item]]) -> str:
    document = {
        "old": old.source,
        "new": new.source,
        "summary": {key: len(notes[key]) for key, _ in SECTIONS},
        "changes": {key: [asdict(i) for i in notes[key]] for key, _ in SECTIONS},
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def diff_releases(old: Path, new: Path, output_format: str = "md") -> str:
    """The release notes from `old` to `new` (folders or dumps) as Markdown or JSON."""
    before, after = snapshot(old), snapshot(new)
    notes = compare(before, after)
    return (to_json if output_format == "json" else to_markdown)(before, after, notes)
