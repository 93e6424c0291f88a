"""Work out the canned queries' expected results from the curated files and the text alone.

This is the second opinion the golden files come from: it reads data/**/*.ttl (parsing only),
the anchor tables, source.txt, text.toml and voices.tsv, divides the text, gives each passage its
voice and finds mentions by its own means, and computes each query's rows in plain Python, without
SPARQL and without the build's code. What it takes the graph to hold:

- every anchor row is an evidence annotation of its reified triple, with the row's modality and
  certainty and its passage's voice (the narrowest span of voices.tsv holding the passage whole,
  else the voice of its section in text.toml);
- a row's triple is a plain triple only if some row of it states it as actual in a voice that is
  not a reported view, or says what the text does with a claim (ak:assertedBy, ak:reportedBy,
  ak:about and the links of the argument, always asserted);
- the plain triples carry what the ontology's rdfs:subPropertyOf and rdfs:subClassOf entail;
- a claim's voice is ak:reported when a row reports it, else that of its ak:assertedBy passages.

Run it after the data changes, then read the diff of queries/*.tsv before committing it:

    .venv/bin/python -m tests.derive_goldens        # rewrites queries/NAME.tsv
    git diff --stat queries/

The parameters are each query's `# example:` values. A query without a derivation here is
reported, so a new canned query needs one.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from alliance_kg.queries import canned_queries

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "data" / "texts" / "program-of-the-alliance"
AK = "https://w3id.org/alliance-kg/ontology#"
ID = "https://w3id.org/alliance-kg/id/"
CURIES = {"ak": AK, "id": ID, "claim": ID + "claim/", "rdf": str(RDF), "rdfs": str(RDFS)}
CURIES |= {"skos": str(SKOS), "dcterms": "http://purl.org/dc/terms/", "xsd": str(XSD)}
CURIES |= {"owl": str(OWL), "wd": "http://www.wikidata.org/entity/"}
ENTITY_ROOTS = ("Agent", "Event", "Place", "Concept", "Work", "Edition")
#: The kinds of an argument link between claims, and the answers an agent gives a reported view.
SUPPORT_KINDS = ("supports", "exemplifies", "restates")
ANSWERS = ("rejects", "concedes", "qualifies")
#: Predicates that say what the text does with a claim: their rows are always asserted.
CLAIM_PREDICATES = {
    URIRef(AK + name)
    for name in ("assertedBy", "reportedBy", "about", "conflictsWith", *SUPPORT_KINDS)
}

Row = tuple
Derivation = Callable[["Facts", dict], tuple[list[str], list[Row]]]


def ak(name: str) -> URIRef:
    return URIRef(AK + name)


def expand(token: str) -> URIRef:
    if token == "a":
        return RDF.type
    prefix, _, local = token.partition(":")
    return URIRef(CURIES[prefix] + local)


def unescape(exact: str) -> str:
    """A table's passage with its escapes (tab, line break, backslash) undone."""
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}[m.group(1)], exact)


def read_object(token: str) -> URIRef | Literal:
    match = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:@(\S+)|\^\^(\S+))?', token)
    if match is None:
        return expand(token)
    value = re.sub(r"\\(.)", r"\1", match.group(1))
    if match.group(2):
        return Literal(value, lang=match.group(2))
    return Literal(value, datatype=expand(match.group(3)) if match.group(3) else None)


def table_rows(path: Path) -> list[tuple[str, dict[str, str]]]:
    """(line, {column: cell}) for each data row of a tab-separated table with a header line."""
    rows, columns = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if columns is None:
            columns = line.split("\t")
        else:
            rows.append((line, dict(zip(columns, line.split("\t"), strict=True))))
    return rows


class Facts:
    """Everything the queries can see, read straight from the curated files and the text."""

    def __init__(self) -> None:
        self.data = Graph()
        for path in sorted((ROOT / "data").rglob("*.ttl")):
            self.data.parse(path, format="turtle")
        self.ontology = Graph().parse(ROOT / "ontology" / "alliance.ttl", format="turtle")
        self.source = (TEXT / "source.txt").read_text(encoding="utf-8")
        self.config = tomllib.loads((TEXT / "text.toml").read_text(encoding="utf-8"))
        self.sections = self._divide()
        self.spans = self._read_voices()
        self.rows = self._read_anchors()
        #: (subject, predicate, object, start, end, exact) for every row: one evidence annotation.
        self.anchors = {r[:6] for r in self.rows}
        #: The evidence annotations: (subject, predicate, object, start, end) -> what they carry.
        self.annotations = self._annotations()
        stated = {r[:3] for r in self.rows if self._states_as_fact(r)}
        #: The anchored triples published as plain triples, with what their predicates entail.
        self.asserted = self._entail(stated)
        #: The anchor rows of asserted triples: what a query that joins the plain triple with its
        #: reified statement sees (every passage of the triple, whatever its modality or voice).
        self.facts = {a for a in self.anchors if a[:3] in self.asserted}
        self.triples = self._entail(set(self.data) | stated)
        self.types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for s, p, o in self.triples:
            if p == RDF.type:
                self.types[s] |= self._superclasses(o)
        self.mentions = self._find_mentions()
        self.claim_voices = self._claim_voices()

    def _read_anchors(self) -> list[tuple]:
        """(subject, predicate, object, start, end, exact, modality, certainty, voice, speaker)
        for every anchor row; columns are found by the table's header."""
        rows = []
        for path in sorted((TEXT / "anchors").glob("*.tsv")):
            for line, cell in table_rows(path):
                exact = unescape(cell["exact"])
                start = int(cell["start"])
                end = start + len(exact)
                assert self.source[start:end] == exact, line
                modality = cell.get("modality") or "actual"
                certainty = cell.get("certainty") or None
                voice, speaker = self.voice_at(start, end)
                rows.append(
                    (
                        expand(cell["subject"]),
                        expand(cell["predicate"]),
                        read_object(cell["object"]),
                        start,
                        end,
                        exact,
                        ak(modality),
                        ak(certainty) if certainty else None,
                        voice,
                        speaker,
                    )
                )
        return rows

    def _read_voices(self) -> list[tuple[int, int, URIRef, URIRef | None]]:
        """(start, end, voice, speaker) for each span of voices.tsv (columns found by header)."""
        path = TEXT / "voices.tsv"
        spans = []
        for line, cell in table_rows(path) if path.exists() else []:
            exact = unescape(cell["exact"])
            start = int(cell["start"])
            assert self.source[start : start + len(exact)] == exact, line
            speaker = expand(cell["speaker"]) if cell["speaker"] else None
            spans.append((start, start + len(exact), ak(cell["voice"]), speaker))
        return spans

    def voice_at(self, start: int, end: int) -> tuple[URIRef, URIRef | None]:
        """Voice and speaker of a passage: the narrowest span holding it whole, else its section."""
        holding = [s for s in self.spans if s[0] <= start and end <= s[1]]
        if holding:
            _, _, voice, speaker = min(holding, key=lambda s: (s[1] - s[0], s[0]))
            return voice, speaker
        section = self.section_at(start)
        return section["voice"], section["speaker"]

    @staticmethod
    def _states_as_fact(row: tuple) -> bool:
        """A row asserts its triple if it says what the text does with a claim, or states the
        triple as actual in a voice other than a reported view."""
        predicate, modality, voice = row[1], row[6], row[8]
        if predicate in CLAIM_PREDICATES:
            return True
        return modality == ak("actual") and voice != ak("reported")

    def _annotations(self) -> dict[tuple, dict]:
        """One evidence annotation per triple and span, with every modality and certainty given."""
        found: dict[tuple, dict] = {}
        for s, p, o, start, end, exact, modality, certainty, voice, speaker in self.rows:
            annotation = found.setdefault(
                (s, p, o, start, end),
                {
                    "exact": exact,
                    "voice": voice,
                    "speaker": speaker,
                    "modalities": set(),
                    "certainties": set(),
                    "paragraph": self.paragraph_at(start)[0],
                },
            )
            annotation["modalities"].add(modality)
            if certainty is not None:
                annotation["certainties"].add(certainty)
        return found

    def _claim_voices(self) -> dict[URIRef, set[URIRef]]:
        """A claim's voice: reported if any row reports it, else that of its ak:assertedBy rows."""
        heard: dict[URIRef, set[URIRef]] = defaultdict(set)
        reported = set()
        for s, p, _, _, _, _, _, _, voice, _ in self.rows:
            if p == ak("reportedBy"):
                reported.add(s)
            elif p == ak("assertedBy"):
                heard[s].add(voice)
        return {c: {ak("reported")} if c in reported else heard[c] for c in reported | set(heard)}

    def _entail(self, triples: set) -> set:
        """The triples with every rdfs:subPropertyOf the ontology gives their predicates."""
        above: dict[URIRef, set[URIRef]] = {}
        entailed = set(triples)
        for s, p, o in triples:
            if p not in above:
                above[p] = self.superproperties(p)
            entailed |= {(s, parent, o) for parent in above[p]}
        return entailed

    def superproperties(self, prop: URIRef) -> set[URIRef]:
        found, todo = set(), [prop]
        while todo:
            for parent in self.ontology.objects(todo.pop(), RDFS.subPropertyOf):
                if parent not in found and parent != prop:
                    found.add(parent)
                    todo.append(parent)
        return found

    def _superclasses(self, cls: URIRef) -> set[URIRef]:
        found, todo = {cls}, [cls]
        while todo:
            for parent in self.ontology.objects(todo.pop(), RDFS.subClassOf):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    def _divide(self) -> list[dict]:
        """Sections with their spans and paragraphs: blocks between blank lines, joins merged."""
        config = self.config
        blocks = [
            (m.start(), m.end())
            for m in re.finditer(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*", self.source)
        ]
        texts = [self.source[a:b] for a, b in blocks]
        joins = {next(i for i, t in enumerate(texts) if t.startswith(j)) for j in config["joins"]}
        openings = [texts.index(spec["opens_with"]) for spec in config["sections"]]
        sections, number = [], 0
        for k, spec in enumerate(config["sections"]):
            first = openings[k] + (1 if spec["kind"] in ("introduction", "body") else 0)
            last = openings[k + 1] if k + 1 < len(openings) else len(blocks)
            groups: list[list[tuple[int, int]]] = []
            for i in range(first, last):
                if i in joins and groups:
                    groups[-1].append(blocks[i])
                else:
                    groups.append([blocks[i]])
            paragraphs = []
            for pieces in groups:
                number += 1
                iri = URIRef(f"{ID}program-of-the-alliance/p{number}")
                paragraphs.append((iri, pieces[0][0], pieces[-1][1]))
            sections.append(
                {
                    "iri": URIRef(f"{ID}program-of-the-alliance/{spec['slug']}"),
                    "label": spec["label"],
                    "start": blocks[openings[k]][0],
                    "end": blocks[last - 1][1],
                    "position": k + 1,
                    "paragraphs": paragraphs,
                    "voice": ak(spec.get("voice", "authorial")),
                    "speaker": expand(spec["speaker"]) if spec.get("speaker") else None,
                }
            )
        return sections

    def _find_mentions(self) -> list[tuple[int, int, URIRef]]:
        """Whole-word, case-sensitive occurrences of labels and aliases; leftmost, then longest."""
        roots = {ak(name) for name in ENTITY_ROOTS}
        forms: dict[str, URIRef] = {}
        for s, p, o in self.triples:
            if p in (RDFS.label, SKOS.altLabel) and str(s).startswith(ID) and self.types[s] & roots:
                forms[str(o).strip()] = s
        candidates = []
        for form, entity in forms.items():
            words = r"\s+".join(map(re.escape, form.split()))
            for match in re.finditer(rf"(?<!\w)(?=({words})(?!\w))", self.source):
                candidates.append((match.start(), match.start() + len(match.group(1)), entity))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        mentions, cursor = [], 0
        for start, end, entity in candidates:
            if start >= cursor:
                mentions.append((start, end, entity))
                cursor = end
        excluded = set()
        exclusions = TEXT / "mention-exclusions.tsv"
        if exclusions.exists():
            for line in exclusions.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith(("#", "entity\t")):
                    entity, start, *_ = line.split("\t")
                    excluded.add((expand(entity), int(start)))
        return [m for m in mentions if (m[2], m[0]) not in excluded]

    # -- what the queries ask of the facts

    def has(self, entity: URIRef, cls: str) -> bool:
        return ak(cls) in self.types[entity]

    def most_specific(self, entity: URIRef) -> list[URIRef]:
        mine = self.types[entity]
        return sorted(
            t
            for t in mine
            if str(t).startswith(AK)
            and not any(n != t and (n, RDFS.subClassOf, t) in self.ontology for n in mine)
        )

    def labels(self, entity: URIRef) -> list[Literal]:
        return sorted(o for s, p, o in self.triples if s == entity and p == RDFS.label)

    def label(self, entity: URIRef) -> Literal:
        (label,) = self.labels(entity)
        return label

    def objects(self, subject: URIRef, predicate: URIRef) -> list:
        return sorted(o for s, p, o in self.triples if s == subject and p == predicate)

    def properties(self, subject: URIRef, obj) -> set[URIRef]:
        """Every predicate that links `subject` to `obj` in the graph."""
        return {p for s, p, o in self.triples if s == subject and o == obj}

    def evidence(self, s, p, o) -> list[tuple[int, int, str]]:
        return sorted({a[3:] for a in self.anchors if a[:3] == (s, p, o)})

    def paragraph_at(self, offset: int) -> tuple[URIRef | None, dict | None]:
        for section in self.sections:
            for iri, start, end in section["paragraphs"]:
                if start <= offset < end:
                    return iri, section
        return None, None

    def section_at(self, offset: int) -> dict:
        """The section holding `offset`; in the blank lines between two, the one before."""
        return [s for s in self.sections if s["start"] <= offset][-1]


def key(term) -> tuple:
    """SPARQL's ORDER BY: unbound, then IRIs, then literals (numbers by value)."""
    if term is None:
        return (0,)
    if isinstance(term, int):
        return (2, 0, term)
    if isinstance(term, URIRef):
        return (1, str(term))
    return (2, 1, str(term))


def keys(*terms) -> tuple:
    return tuple(key(t) for t in terms)


# -- one derivation per canned query ---------------------------------------------------------


def organizations(f: Facts, _: dict):
    rows = [
        (e, f.label(e), c)
        for e in list(f.types)
        if f.has(e, "Organization") and f.labels(e)
        for c in f.most_specific(e)
    ]
    return ["organization", "label", "class"], sorted(rows, key=lambda r: keys(r[0], r[2]))


def organizational_structure(f: Facts, _: dict):
    relations = {
        ak(n) for n in ("partOf", "affiliatedWith", "delegatesTo", "represents", "memberOf")
    }
    found = {
        (s, p, o, exact, start)
        for s, p, o, start, _, exact in f.facts
        if p in relations and f.has(o, "Organization")
    }
    rows = sorted(found, key=lambda r: (*keys(r[2], r[1], r[0]), r[4]))
    return ["unit", "relation", "organization", "passage"], [r[:4] for r in rows]


def means_of_action(f: Facts, _: dict):
    rows = []
    for s, p, o in f.asserted:
        if p in (ak("favors"), ak("opposes")) and f.has(o, "Concept"):
            branches = int(f.has(s, "SocialGroup")) + int(f.has(s, "Organization"))
            for condition in f.objects(s, ak("hasCondition")) or [None]:
                rows += [(s, p, o, condition)] * branches
    return ["group", "stance", "means", "condition"], sorted(rows, key=lambda r: keys(*r))


def _with_passages(f: Facts, rows: set, order: Callable) -> list:
    """The rows in query order, without their last cell (the sort key the query does not show)."""
    return [r[:-1] for r in sorted(rows, key=order)]


def stances_of(f: Facts, params: dict):
    agent = params["agent"]
    found = {
        (s, p, o, exact, start)
        for s, p, o, start, _, exact in f.facts
        if s == agent and p in (ak("favors"), ak("opposes"))
    }
    rows = _with_passages(f, found, lambda r: (*keys(r[1], r[2]), r[4]))
    return ["agent", "stance", "object", "passage"], rows


def _stated_as_fact(f: Facts) -> list[tuple]:
    """(subject, predicate, object, start, exact, voice) of each evidence annotation that states
    its triple as actual, in a voice other than a reported view."""
    return [
        (s, p, o, start, a["exact"], a["voice"])
        for (s, p, o, start, _), a in f.annotations.items()
        if ak("actual") in a["modalities"] and a["voice"] != ak("reported")
    ]


def committees(f: Facts, _: dict):
    rows = []
    for committee in [e for e in f.types if f.has(e, "Committee")]:
        for s, p, o, start, exact, voice in _stated_as_fact(f):
            rows += [(committee, s, p, o, exact, voice, start)] * (
                int(s == committee) + int(o == committee)
            )
    rows.sort(key=lambda r: (key(r[0]), r[6], *keys(r[1], r[2], r[3])))
    variables = ["committee", "subject", "predicate", "object", "passage", "voice"]
    return variables, [r[:6] for r in rows]


def timeline(f: Facts, _: dict):
    rows = [
        (o, s, label, exact)
        for s, p, o in f.asserted
        if p == ak("date")
        for label in f.labels(s)
        for _, _, exact in f.evidence(s, p, o)
    ]
    return ["date", "thing", "label", "passage"], sorted(
        rows, key=lambda r: (str(r[0]), key(r[1]), r[3])
    )


def contrasted_concepts(f: Facts, _: dict):
    found = {
        (s, f.label(s), o, f.label(o), exact, start)
        for s, p, o, start, _, exact in f.facts
        if p == ak("contrastedWith")
    }
    rows = _with_passages(f, found, lambda r: (r[5], *keys(r[0], r[2])))
    return ["concept", "conceptLabel", "contrastedWith", "otherLabel", "passage"], rows


def co_mentions(f: Facts, params: dict):
    first, second = params["first"], params["second"]
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for start, _, entity in f.mentions:
        paragraph, section = f.paragraph_at(start)
        if paragraph is not None:
            counts[(paragraph, section["iri"])][entity] += 1
    starts = {iri: start for s in f.sections for iri, start, _ in s["paragraphs"]}
    rows = sorted(
        (
            (first, second, paragraph, section, c[first], c[second])
            for (paragraph, section), c in counts.items()
            if c[first] and c[second]
        ),
        key=lambda r: starts[r[2]],
    )
    return ["first", "second", "paragraph", "section", "firstMentions", "secondMentions"], rows


def claims_per_asserter(f: Facts, _: dict):
    claims: dict[tuple, set] = defaultdict(set)
    for s, p, o, start, _, _ in f.anchors:
        paragraph, section = f.paragraph_at(start)
        if p == ak("assertedBy") and f.has(s, "Claim") and paragraph is not None:
            claims[(section["position"], section["iri"], o)].add(s)
    rows = [
        (section, asserter, len(found))
        for (_, section, asserter), found in sorted(
            claims.items(), key=lambda kv: (kv[0][0], str(kv[0][2]))
        )
    ]
    return ["section", "asserter", "claims"], rows


def claims_asserted_by(f: Facts, params: dict):
    agent = params["agent"]
    rows = [
        (agent, s, f.label(s), certainty)
        for s, p, o in f.asserted
        if p == ak("assertedBy") and o == agent and f.has(s, "Claim")
        for certainty in f.objects(s, ak("certainty"))
    ]
    return ["agent", "claim", "title", "certainty"], sorted(rows, key=lambda r: key(r[1]))


def claims_with_passages(f: Facts, params: dict):
    section = params["section"]
    found = set()
    for s, p, _, start, end, exact in f.anchors:
        _, where = f.paragraph_at(start)
        if p == ak("assertedBy") and f.has(s, "Claim") and where and where["iri"] == section:
            found.add((section, s, f.label(s), exact, (start, end)))
    rows = _with_passages(f, found, lambda r: (r[4], key(r[1])))
    return ["section", "claim", "title", "passage"], rows


def _links(f: Facts, kinds: tuple[str, ...]) -> set[tuple]:
    """(from, kind, to, certainty) for each asserted argument link of the given kinds, with each
    certainty its passages give, the most specific kind only (an example is not also a support)."""
    found = set()
    for (s, p, o, _, _), annotation in f.annotations.items():
        if p not in {ak(k) for k in kinds} or (s, p, o) not in f.asserted:
            continue
        narrower = {q for q in f.properties(s, o) if q != p and p in f.superproperties(q)}
        if not narrower:
            found |= {(s, p, o, certainty) for certainty in annotation["certainties"]}
    return found


def claim_support(f: Facts, params: dict):
    claim = params["claim"]
    rows = set()
    if f.has(claim, "Claim"):
        for s, p, o, certainty in _links(f, SUPPORT_KINDS):
            restates = p == ak("restates")
            if o == claim:
                role = "restatement" if restates else "premise"
                rows |= {(claim, Literal(role), p, s, t, certainty) for t in f.labels(s)}
            if s == claim:
                role = "restated" if restates else "conclusion"
                rows |= {(claim, Literal(role), p, o, t, certainty) for t in f.labels(o)}
    return ["claim", "role", "kind", "other", "title", "certainty"], sorted(
        rows, key=lambda r: (str(r[1]), *keys(r[3], r[2], r[5]))
    )


def conflicting_claims(f: Facts, _: dict):
    rows = {
        (s, x, p, o, y, certainty)
        for s, p, o, certainty in _links(f, ("conflictsWith",))
        for x in f.objects(s, ak("assertedBy")) or [None]
        for y in f.objects(o, ak("assertedBy")) or [None]
    }
    return [
        "claim",
        "claimAsserter",
        "kind",
        "conflictsWith",
        "otherAsserter",
        "certainty",
    ], sorted(rows, key=lambda r: keys(r[3], r[0], r[1], r[4], r[5]))


def views_the_author_answers(f: Facts, _: dict):
    rows = []
    for answerer, answer, view in f.asserted:
        if answer not in {ak(a) for a in ANSWERS} or not f.has(view, "Claim"):
            continue
        rebuttals = [
            (s, t)
            for s, p, o in f.triples
            if p == ak("conflictsWith") and o == view
            for t in f.labels(s)
        ]
        rows += [
            (view, title, holder, answerer, answer, exact, rebuttal, rebuttal_title, start)
            for title in f.labels(view)
            for holder in f.objects(view, ak("assertedBy")) or [None]
            for start, _, exact in f.evidence(answerer, answer, view)
            for rebuttal, rebuttal_title in rebuttals or [(None, None)]
        ]
    rows.sort(key=lambda r: (*keys(r[0], r[4], r[6], r[3], r[2]), r[8]))
    variables = ["view", "viewTitle", "holder", "answerer", "answer", "passage", "rebuttal"]
    return [*variables, "rebuttalTitle"], [r[:8] for r in rows]


def editors_voice(f: Facts, _: dict):
    """Each evidence annotation in the editor's voice; a claim's ak:about rows are left out."""
    rows = [
        (s, p, o, annotation["exact"], annotation["paragraph"], start)
        for (s, p, o, start, _), annotation in f.annotations.items()
        if annotation["voice"] == ak("editorial") and p != ak("about")
    ]
    rows.sort(key=lambda r: (*keys(r[0], r[1], r[2]), r[3], r[5]))
    return ["subject", "predicate", "object", "passage", "paragraph"], [r[:5] for r in rows]


def stated_as_not_fact(f: Facts, params: dict):
    modality = params["modality"]
    rows = [
        (s, p, o, modality, (s, p, o) in f.triples, annotation["exact"], start)
        for (s, p, o, start, _), annotation in f.annotations.items()
        if modality in annotation["modalities"] and modality != ak("actual")
    ]
    rows.sort(key=lambda r: (*keys(r[0], r[1], r[2]), r[6]))
    return ["subject", "predicate", "object", "modality", "asserted", "passage"], [
        r[:6] for r in rows
    ]


def claims_by_modality(f: Facts, params: dict):
    modality = params["modality"]
    rows = [
        (claim, title, modality, voice)
        for claim, p, o in f.data
        if p == ak("modality") and o == modality and f.has(claim, "Claim")
        for title in f.labels(claim)
        for voice in sorted(f.claim_voices.get(claim, set())) or [None]
    ]
    return ["claim", "title", "modality", "voice"], sorted(rows, key=lambda r: keys(r[0], r[3]))


def mentions_per_entity(f: Facts, params: dict):
    cls = params["class"]
    counts = Counter(entity for _, _, entity in f.mentions)
    rows = [
        (cls, e, f.label(e), counts[e]) for e in list(f.types) if cls in f.types[e] and f.labels(e)
    ]
    return ["class", "entity", "label", "mentions"], sorted(rows, key=lambda r: (-r[3], key(r[1])))


def mentions_per_section(f: Facts, params: dict):
    entity = params["entity"]
    counts = Counter(f.section_at(start)["iri"] for start, _, e in f.mentions if e == entity)
    rows = [
        (entity, s["iri"], Literal(s["label"], lang="en"), counts[s["iri"]])
        for s in f.sections
        if counts[s["iri"]]
    ]
    return ["entity", "section", "sectionLabel", "mentions"], rows


def wikidata_links(f: Facts, _: dict):
    """The links as the mapping tables state them, read with the `sssom` library (not the build)."""
    from sssom.parsers import parse_sssom_table

    mappings = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
    rows = []
    for path in sorted((ROOT / "data" / "mappings").glob("*.sssom.tsv")):
        table = parse_sssom_table(path)
        for row in table.df.itertuples():
            s, p, o = (
                URIRef(table.converter.expand(curie))
                for curie in (row.subject_id, row.predicate_id, row.object_id)
            )
            if p in mappings and str(o).startswith("http://www.wikidata.org/entity/"):
                rows.append((s, f.label(s), p, o))
    return ["entity", "label", "mapping", "item"], sorted(
        rows, key=lambda r: keys(r[0], r[2], r[3])
    )


def passage_of_fact(f: Facts, params: dict):
    fact = (params["subject"], params["predicate"], params["object"])
    rows = []
    for start, end, exact in f.evidence(*fact):
        annotation = f.annotations[(*fact, start, end)]
        (modality,) = annotation["modalities"]
        rows.append(
            (*fact, exact, start, end, f.paragraph_at(start)[0], annotation["voice"], modality)
        )
    variables = ["subject", "predicate", "object", "passage", "start", "end", "paragraph"]
    return [*variables, "voice", "modality"], rows


def facts_about(f: Facts, params: dict):
    entity = params["entity"]
    rows = []
    for s, p, o, start, exact, voice in _stated_as_fact(f):
        rows += [(entity, s, p, o, exact, voice, start)] * (int(s == entity) + int(o == entity))
    rows.sort(key=lambda r: (r[6], *keys(r[1], r[2], r[3])))
    return ["entity", "subject", "predicate", "object", "passage", "voice"], [r[:6] for r in rows]


def causes(f: Facts, _: dict):
    found = {(s, o, exact, start) for s, p, o, start, _, exact in f.facts if p == ak("causedBy")}
    return ["event", "cause", "passage"], _with_passages(
        f, found, lambda r: (key(r[0]), r[3], key(r[1]))
    )


def social_composition(f: Facts, _: dict):
    relations = (ak("composedOf"), ak("hasCondition"))
    found = {(s, p, o, exact, start) for s, p, o, start, _, exact in f.facts if p in relations}
    rows = _with_passages(f, found, lambda r: (*keys(r[0], r[1], r[2]), r[4]))
    return ["group", "relation", "value", "passage"], rows


def edition_provenance(f: Facts, _: dict):
    names = "author translator editor publisher translationOf embodies derivedFrom date retrievalDate retrievedFrom"
    properties = {ak(n) for n in names.split()}
    rows = []
    for s, p, o, start, _, exact in f.facts:
        if p in properties:
            rows += [(s, p, o, exact, start)] * (int(f.has(s, "Work")) + int(f.has(s, "Edition")))
    rows.sort(key=lambda r: (*keys(r[0], r[1]), r[4]))
    return ["resource", "property", "value", "passage"], [r[:4] for r in rows]


def entity_search(f: Facts, params: dict):
    term = params["term"]
    found = {
        (term, s, o, cls)
        for s, p, o in f.triples
        if p in (RDFS.label, SKOS.altLabel) and str(term).lower() in str(o).lower()
        for cls in f.most_specific(s)
    }
    return ["term", "entity", "form", "class"], sorted(found, key=lambda r: keys(r[1], r[2], r[3]))


def uncertain_claims(f: Facts, _: dict):
    rows = [
        (s, o, f.label(s), paraphrase)
        for s, p, o in f.data
        if p == ak("certainty") and o in (ak("probable"), ak("possible"))
        for paraphrase in f.objects(s, ak("paraphrase"))
    ]
    return ["claim", "certainty", "title", "paraphrase"], sorted(
        rows, key=lambda r: keys(r[1], r[0])
    )


def concept_hierarchy(f: Facts, _: dict):
    def preferred(concept):
        # The build gives every concept its rdfs:label as skos:prefLabel too.
        return sorted(set(f.objects(concept, SKOS.prefLabel)) | set(f.labels(concept)))

    rows = [
        (s, sl, o, ol)
        for s, p, o in f.triples
        if p == SKOS.broader and f.has(s, "Concept")
        for sl in preferred(s)
        for ol in preferred(o)
    ]
    return ["concept", "conceptLabel", "broader", "broaderLabel"], sorted(
        rows, key=lambda r: keys(r[2], r[0])
    )


DERIVATIONS: dict[str, Derivation] = {
    "organizations": organizations,
    "organizational-structure": organizational_structure,
    "means-of-action": means_of_action,
    "stances-of": stances_of,
    "committees": committees,
    "timeline": timeline,
    "contrasted-concepts": contrasted_concepts,
    "co-mentions": co_mentions,
    "claims-per-asserter": claims_per_asserter,
    "claims-asserted-by": claims_asserted_by,
    "claims-with-passages": claims_with_passages,
    "claim-support": claim_support,
    "conflicting-claims": conflicting_claims,
    "mentions-per-entity": mentions_per_entity,
    "mentions-per-section": mentions_per_section,
    "wikidata-links": wikidata_links,
    "passage-of-fact": passage_of_fact,
    "facts-about": facts_about,
    "causes": causes,
    "social-composition": social_composition,
    "edition-provenance": edition_provenance,
    "entity-search": entity_search,
    "uncertain-claims": uncertain_claims,
    "concept-hierarchy": concept_hierarchy,
    "views-the-author-answers": views_the_author_answers,
    "editors-voice": editors_voice,
    "stated-as-not-fact": stated_as_not_fact,
    "claims-by-modality": claims_by_modality,
}


def to_tsv(variables: list[str], rows: list[Row]) -> str:
    """SPARQL 1.1 TSV with N-Triples terms (integers bare), escaped by Oxigraph."""

    def cell(term) -> str:
        if term is None:
            return ""
        if isinstance(term, bool):
            return "true" if term else "false"
        if isinstance(term, int):
            return str(term)
        if isinstance(term, URIRef):
            return f"<{term}>"
        if not isinstance(term, Literal):  # a passage, as the anchor table gives it
            return str(ox.Literal(term))
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype and term.datatype != XSD.string:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))

    lines = ["\t".join(f"?{v}" for v in variables), *("\t".join(map(cell, row)) for row in rows)]
    return "\n".join(lines) + "\n"


def parameter(kind: str, value: str) -> URIRef | Literal:
    return Literal(value) if kind == "literal" else expand(value)


def main() -> int:
    facts = Facts()
    missing = []
    for query in canned_queries(ROOT / "queries"):
        if query.requires:
            continue
        derive = DERIVATIONS.get(query.name)
        if derive is None:
            missing.append(query.name)
            continue
        kinds = {p.name: p.kind for p in query.params}
        params = {name: parameter(kinds[name], value) for name, value in query.examples.items()}
        variables, rows = derive(facts, params)
        query.path.with_suffix(".tsv").write_text(to_tsv(variables, rows), encoding="utf-8")
        print(f"{query.name}: {len(rows)} rows")
    for name in missing:
        print(f"no derivation for {name}: add one to {Path(__file__).name}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
