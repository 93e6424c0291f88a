"""The browsable site: entity and claim pages, the reading edition, ontology docs, queries.

Pages mirror the IRI paths under https://w3id.org/alliance-kg/ (the entity `…/id/geneva` is
`site/id/geneva.html`, with `.ttl` and `.jsonld` beside it), so a static host can resolve every IRI
with a rewrite rule. Every link is relative, so the folder works from disk and under any host.
Rendering is a pure function of the release: the same graph gives the same bytes.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from .annotations import statement_iri
from .assemble import Release, entity_iris
from .dataset import schema_org_dataset
from .namespaces import AK, BASE, ID, OA, PREFIXES, curie
from .ontology import ENTITY_ROOTS
from .queries import Query, bind, run_embedded
from .store import serialize_triples, sorted_triples, store_of
from .text import HEADED_KINDS, Section, Text

#: The dumps beside `site/` in a release, as (file name, media type).
DUMPS = (
    ("alliance-kg.ttl", "text/turtle"),
    ("alliance-kg.nt", "application/n-triples"),
    ("alliance-kg.jsonld", "application/ld+json"),
    ("ontology.ttl", "text/turtle"),
    ("shapes.ttl", "text/turtle"),
)
#: The dataset description (VoID and DCAT) beside `site/`.
DESCRIPTION_FILE = "void.ttl"
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
#: Properties shown as an entity's relations: the curated ones, not the alignments the build
#: entails from them (those repeat the same fact in other vocabularies).
_STRUCTURAL = {AK.content, AK.start, AK.end, AK.position, AK.sha256, AK.inParagraph, AK.speaker}
#: Voice and modality a passage is not marked with: the author's words, stated as fact.
_UNMARKED = {AK.authorial, AK.actual}
_EXTRA_RELATIONS = {SKOS.broader, SKOS.related}
_MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
_ALIGNMENTS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch)
#: Code points of context shown on each side of a mention.
_CONTEXT = 48
_EXAMPLES = 5


@dataclass(frozen=True)
class Link:
    """Something to show: its text, and where it leads (None: plain text)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Passage:
    """The words behind a fact, the paragraph they are in, and how they say it: whose voice
    (shown unless the author's) and in what modality (shown unless stated as a fact)."""

    exact: str
    paragraph: Link | None
    voice: str = ""
    modality: str = ""


@dataclass
class Relation:
    """One triple seen from one end: the property, the other end, its passages."""

    prop: Link
    other: Link
    passages: list[Passage] = field(default_factory=list)


def render_site(
    release: Release,
    queries: list[Query],
    query_results: dict[str, list[dict]] | None = None,
    *,
    triples: list[ox.Triple] | None = None,
) -> dict[str, bytes]:
    """Every file of the site, keyed by its path under `site/`, in path order."""
    return dict(sorted(iter_site(release, queries, query_results, triples=triples)))


def iter_site(
    release: Release,
    queries: list[Query],
    query_results: dict[str, list[dict]] | None = None,
    *,
    triples: list[ox.Triple] | None = None,
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (path under `site/`, content), made one resource at a time.

    A generator, so that the build writes each file as it is made instead of holding the whole
    site (about 70 MB for the essay, a hundred times that for a corpus) in memory.
    `query_results` (query name → rows of variable → value) are computed here when the caller
    has not already done so, and so is `triples`, the graph as `store.sorted_triples` gives it
    (a caller that has converted the graph already saves the time of doing it again). The index
    embeds the schema.org description of `dataset.py`, the same facts as void.ttl.
    """
    if triples is None:
        triples = sorted_triples(release.graph)
    site = _Site(release, _Descriptions(triples))
    if query_results is None:
        query_results = compute_query_results(store_of(triples), queries)
    texts = {t.iri: t for t in release.texts}
    for iri in site.resources:
        yield from _encoded(site.data_files(iri))
        if iri not in texts:
            yield from _encoded({site.paths[iri]: site.resource_page(iri)})
    for text in release.texts:
        yield from _encoded(site.reading_edition(text))
        for section in text.sections:
            for segment in (section, *section.paragraphs):
                yield from _encoded(site.data_files(segment.iri))
    yield from _encoded(site.generated_pages())
    yield from _encoded(site.merged_pages())
    yield from _encoded(
        {
            "ontology.html": site.ontology_page(),
            "queries.html": site.queries_page(queries, query_results),
            "index.html": site.index_page(schema_org_dataset(release.graph)),
            "static/site.css": _static("site.css"),
            "static/search.js": _static("search.js"),
        }
    )


def _encoded(files: dict[str, str | bytes]) -> Iterator[tuple[str, bytes]]:
    for path, content in files.items():
        yield path, content if isinstance(content, bytes) else content.encode("utf-8")


#: The data files beside each page, one per serialization the IRI negotiates (see redirects.py).
_DATA_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


def compute_query_results(store: ox.Store, queries: list[Query]) -> dict[str, list[dict]]:
    """Run every canned query that needs no outside service, with its example parameters."""
    results: dict[str, list[dict]] = {}
    for query in queries:
        if query.requires or set(p.name for p in query.params) - set(query.examples):
            continue
        answer = run_embedded(store, query, bind(query, query.examples))
        results[query.name] = [
            {v: _term_value(t) for v, t in zip(answer.variables, row, strict=True) if t}
            for row in answer.rows
        ]
    return results


_LABEL = ox.NamedNode(str(RDFS.label))


class _Descriptions:
    """Every resource's concise description, drawn from one conversion of the whole graph.

    Looking each resource up in rdflib and converting its triples one by one took most of the
    site's time; here the graph's triples are grouped by subject once.
    """

    def __init__(self, triples: list[ox.Triple]) -> None:
        self.about: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
        self.labels: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            self.about[triple.subject].append(triple)
            if triple.predicate == _LABEL:
                self.labels[triple.subject].append(triple)

    def of(self, iri: URIRef) -> list[ox.Triple]:
        """The resource's own triples plus the labels of what it links to, in serialization
        order (see `store.sorted_triples`)."""
        own = self.about.get(ox.NamedNode(str(iri)), [])
        found = set(own)
        for triple in own:
            if isinstance(triple.object, ox.NamedNode):
                found.update(self.labels.get(triple.object, []))
        return sorted(found, key=str)


def _term_value(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _static(name: str) -> bytes:
    return resources.files("alliance_kg").joinpath("static", name).read_bytes()


@functools.cache
def _environment() -> Environment:
    """One template environment; autoescaping is on for every template and string."""
    return Environment(
        loader=PackageLoader("alliance_kg", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        # The templates are package data: checking them for changes on every page cost a stat.
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _safe_json(value: object) -> Markup:
    """JSON that can sit inside a <script> element: no '<' can end the element early."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class _Site:
    """The release's resources, their page paths, and the indexes the pages are drawn from."""

    def __init__(self, release: Release, descriptions: _Descriptions) -> None:
        self.release = release
        self.descriptions = descriptions
        self.graph = release.graph
        self.ontology = release.ontology
        self.entities = entity_iris(self.graph, self.ontology)
        self.claims = sorted(
            s
            for s in self.graph.subjects(RDF.type, AK.Claim)
            if isinstance(s, URIRef) and str(s).startswith(str(ID))
        )
        self.resources = sorted({*self.entities, *self.claims})
        self.paths: dict[URIRef, str] = {iri: _page_path(iri) for iri in self.resources}
        self.anchors: dict[URIRef, tuple[str, str]] = {}
        for text in release.texts:
            for section in text.sections:
                self.anchors[section.iri] = (_page_path(text.iri), section.slug)
                for paragraph in section.paragraphs:
                    self.anchors[paragraph.iri] = (_page_path(text.iri), f"p{paragraph.number}")
        self.pages_by_string = {str(iri): iri for iri in [*self.paths, *self.anchors]}
        self.current = ""
        # Memos: pages ask for the same labels and relative paths thousands of times.
        self._labels: dict[Node, str] = {}
        self._relatives: dict[tuple[str, str], str] = {}
        self.evidence = self._evidence_index()
        self.mentions = self._mention_index()

    # -- links ----------------------------------------------------------------------------

    def href(self, iri: Node) -> str | None:
        """A link from the page being rendered to the page for `iri`, if the site has one."""
        if not isinstance(iri, URIRef):
            return None
        if iri in self.paths:
            return self._relative(self.paths[iri])
        if iri in self.anchors:
            page, fragment = self.anchors[iri]
            return f"{self._relative(page)}#{fragment}"
        if str(iri).startswith(str(AK)):
            return f"{self._relative('ontology.html')}#{str(iri)[len(str(AK)) :]}"
        if not str(iri).startswith(BASE) and str(iri).startswith(("http://", "https://")):
            return str(iri)
        return None

    def _relative(self, path: str) -> str:
        key = (path, posixpath.dirname(self.current) or ".")
        if key not in self._relatives:
            self._relatives[key] = posixpath.relpath(*key)
        return self._relatives[key]

    def label(self, term: Node) -> str:
        """The English label, else any label, else the term as a CURIE."""
        if isinstance(term, Literal):
            return str(term)
        if term not in self._labels:
            labels = sorted(self.graph.objects(term, RDFS.label)) or sorted(
                self.ontology.objects(term, RDFS.label)
            )
            english = [x for x in labels if isinstance(x, Literal) and x.language == "en"]
            self._labels[term] = str((english or labels)[0]) if labels else curie(term)
        return self._labels[term]

    def link(self, term: Node) -> Link:
        return Link(self.label(term), self.href(term))

    # -- indexes --------------------------------------------------------------------------

    def _evidence_index(self) -> dict[URIRef, list[tuple[str, URIRef | None, str, str]]]:
        """For each reified statement, the quotes that support it, their paragraphs, and the
        voice and modality they are marked with ('' for the author's words stated as fact)."""
        found: dict[URIRef, list[tuple[str, URIRef | None, str, str]]] = defaultdict(list)
        g = self.graph
        for annotation in g.subjects(RDF.type, AK.Evidence):
            statement = g.value(annotation, OA.hasBody)
            target = g.value(annotation, OA.hasTarget)
            marks = [self._mark(annotation, p) for p in (AK.voice, AK.modality)]
            speaker = g.value(annotation, AK.speaker)
            if marks[0] and speaker is not None:
                marks[0] += f" ({self.label(speaker)})"
            for selector in g.objects(target, OA.hasSelector):
                exact = g.value(selector, OA.exact)
                if exact is not None:
                    paragraph = g.value(annotation, AK.inParagraph)
                    found[statement].append((str(exact), paragraph, *marks))
        return {s: sorted(v, key=lambda x: (str(x[1]), x[0], x[2], x[3])) for s, v in found.items()}

    def _mark(self, annotation: URIRef, prop: URIRef) -> str:
        value = self.graph.value(annotation, prop)
        return "" if value is None or value in _UNMARKED else self.label(value)

    @functools.cached_property
    def unasserted(self) -> list[tuple[Node, Node, Node]]:
        """The triples the graph holds only as reified statements: facts the text states as
        hypothetical, counterfactual or desired, or only in a view it reports."""
        g = self.graph
        found = []
        for statement in g.subjects(RDF.type, RDF.Statement):
            triple = tuple(g.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
            if triple not in g:
                found.append(triple)
        return sorted(found)

    def _mention_index(self) -> dict[URIRef, list[tuple[Text, int, int]]]:
        found: dict[URIRef, list[tuple[Text, int, int]]] = defaultdict(list)
        for text in self.release.texts:
            for mention in self.release.mentions.get(text.text_id, []):
                found[mention.entity].append((text, mention.start, mention.end))
        return found

    def passages(self, triple: tuple[Node, Node, Node]) -> list[Passage]:
        return [
            Passage(exact, self.link(paragraph) if paragraph is not None else None, voice, modality)
            for exact, paragraph, voice, modality in self.evidence.get(statement_iri(triple), [])
        ]

    # -- resource pages -------------------------------------------------------------------

    def data_files(self, iri: URIRef) -> dict[str, bytes]:
        """The IRI's description in every negotiated serialization, beside its page."""
        base = _page_path(iri)[: -len(".html")]
        description = self.descriptions.of(iri)
        return {
            base + suffix: serialize_triples(description, f, PREFIXES)
            for suffix, f in _DATA_FORMATS.items()
        }

    def _shown(self, prop: Node) -> bool:
        return (
            str(prop).startswith(str(AK)) and prop not in _STRUCTURAL
        ) or prop in _EXTRA_RELATIONS

    def outgoing(self, iri: URIRef) -> list[Relation]:
        """The resource's relations, those the text states as fact and then the others."""
        stated = sorted(self.graph.predicate_objects(iri))
        other = [(p, o) for s, p, o in self.unasserted if s == iri]
        return [
            Relation(self.link(p), self.link(o), self.passages((iri, p, o)))
            for p, o in stated + other
            if self._shown(p) and p != AK.paraphrase
        ]

    def incoming(self, iri: URIRef) -> list[Relation]:
        stated = sorted(self.graph.subject_predicates(iri))
        other = [(s, p) for s, p, o in self.unasserted if o == iri]
        return [
            Relation(self.link(p), self.link(s), self.passages((s, p, iri)))
            for s, p in stated + other
            if self._shown(p) and s in self.paths
        ]

    def mention_rows(self, iri: URIRef) -> list[dict]:
        rows = []
        for text, start, end in self.mentions.get(iri, []):
            content = text.content
            paragraph = text.paragraph_at(start)
            rows.append(
                {
                    "where": self.link(paragraph.iri) if paragraph else self.link(text.iri),
                    "before": _flat(content[max(0, start - _CONTEXT) : start]),
                    "exact": _flat(content[start:end]),
                    "after": _flat(content[end : end + _CONTEXT]),
                }
            )
        return rows

    def resource_context(self, iri: URIRef) -> dict:
        """Everything a resource's page (or the edition's header) shows about it."""
        g = self.graph
        return {
            "iri": str(iri),
            "label": self.label(iri),
            "types": [
                self.link(t)
                for t in sorted(g.objects(iri, RDF.type))
                if str(t).startswith(str(AK)) and not self._entailed(iri, t)
            ],
            "descriptions": [
                str(d)
                for prop in (DCTERMS.description, AK.paraphrase, RDFS.comment)
                for d in sorted(g.objects(iri, prop))
            ],
            "aliases": sorted(str(a) for a in g.objects(iri, SKOS.altLabel)),
            "outgoing": self.outgoing(iri),
            "incoming": [r for r in self.incoming(iri) if r.prop.text != self.label(AK.about)],
            "claims": [self.link(c) for c in sorted(g.subjects(AK.about, iri)) if c in self.paths],
            "mentions": self.mention_rows(iri),
            "matches": [
                Link(f"{self.label(p)}: {curie(o)}", str(o))
                for p in _MATCHES
                for o in sorted(g.objects(iri, p))
            ],
            "name": posixpath.basename(str(iri)),
        }

    def _entailed(self, iri: URIRef, cls: Node) -> bool:
        """Whether `cls` is only there because a more specific class of `iri` implies it."""
        return any(
            (sub, RDFS.subClassOf, cls) in self.ontology
            for sub in self.graph.objects(iri, RDF.type)
            if sub != cls
        )

    def resource_page(self, iri: URIRef) -> str:
        self.current = self.paths[iri]
        return self._render("resource.html.j2", title=self.label(iri), r=self.resource_context(iri))

    # -- the reading edition --------------------------------------------------------------

    def reading_edition(self, text: Text) -> dict[str, str]:
        """The edition page, and a small page for each paragraph and section IRI."""
        page = _page_path(text.iri)
        self.current = page
        mentions = sorted(self.release.mentions.get(text.text_id, []), key=lambda m: m.start)
        claims_by_paragraph = self.claims_by_paragraph
        sections = []
        for section in text.sections:
            paragraphs = [
                {
                    "id": f"p{p.number}",
                    "html": Markup(" ").join(
                        self._marked(text.content, piece.start, piece.end, mentions)
                        for piece in p.pieces
                    ),
                    "claims": [self.link(c) for c in claims_by_paragraph.get(p.iri, [])],
                }
                for p in section.paragraphs
            ]
            heading = _heading_span(text, section)
            sections.append(
                {
                    "id": section.slug,
                    "label": section.label,
                    "heading": self._marked(text.content, *heading, mentions)
                    if heading
                    else section.label,
                    "paragraphs": paragraphs,
                }
            )
        files = {
            page: self._render(
                "edition.html.j2",
                title=self.label(text.iri),
                r=self.resource_context(text.iri),
                sections=sections,
            )
        }
        for iri in sorted(self.anchors):
            if str(iri).startswith(str(text.iri) + "/"):
                self.current = _page_path(iri)
                files[self.current] = self._render(
                    "pointer.html.j2",
                    title=self.label(iri),
                    target=self.href(iri),
                    edition=self.label(text.iri),
                )
        return files

    def generated_pages(self) -> dict[str, str | bytes]:
        """A page and data files for every statement and annotation the build minted, so that
        each of their IRIs resolves too: what it says, and where its passage is."""
        graph = self.release.graph
        files: dict[str, str | bytes] = {}
        statements = {s for s in graph.subjects(RDF.type, RDF.Statement) if str(s).startswith(BASE)}
        annotations = {
            a for a in graph.subjects(RDF.type, OA.Annotation) if str(a).startswith(BASE)
        }
        for iri in sorted(statements | annotations):
            self.current = _page_path(iri)
            files[self.current] = self._render("generated.html.j2", **self._generated(iri))
            files.update(self.data_files(iri))
        return files

    def merged_pages(self) -> dict[str, str | bytes]:
        """For each IRI merged into another (owl:sameAs in data/entities/retired.ttl), a page
        that sends the reader on and data files that say so, so that it keeps resolving."""
        files: dict[str, str | bytes] = {}
        for old, survivor in sorted(self.graph.subject_objects(OWL.sameAs)):
            if survivor not in self.paths or not str(old).startswith(str(ID)):
                continue
            self.current = _page_path(old)
            files[self.current] = self._render(
                "merged.html.j2",
                title=self.label(survivor),
                target=self.href(survivor),
                survivor_iri=str(survivor),
            )
            files.update(self.data_files(old))
        return files

    def _generated(self, iri: URIRef) -> dict[str, object]:
        """What the page of a statement, an evidence or a mention shows."""
        graph = self.release.graph
        page: dict[str, object] = {"paragraph": None, "quote": None, "statement": None}
        if (iri, RDF.type, RDF.Statement) in graph:
            page["statement"] = self._statement(iri)
            evidence = [self._passage(e) for e in sorted(graph.subjects(OA.hasBody, iri))]
            kind = "A fact of the graph, reified so that its evidence can name it"
            return {**page, "title": "Statement", "kind": kind, "evidence": evidence}
        body = graph.value(iri, OA.hasBody)
        page.update(self._passage(iri))
        if (iri, RDF.type, AK.Mention) in graph:
            title, kind = (
                f"Mention of {self.label(body)}",
                "A place where the text names the entity",
            )
        elif (iri, RDF.type, AK.VoiceSpan) in graph:
            title = f"Voice: {self.label(body)}"
            kind = str(graph.value(iri, RDFS.comment))
        elif (iri, RDF.type, AK.Review) in graph:
            target = graph.value(iri, OA.hasTarget)
            title = f"Review: {self.label(graph.value(iri, AK.verdict))}"
            kind = f"A reviewer's verdict on {self.label(target)}"
        else:
            title, kind = "Evidence", "The passage that supports a statement"
            page["statement"] = self._statement(body)
        return {**page, "title": title, "kind": kind, "evidence": []}

    def _statement(self, statement: URIRef) -> dict[str, Link]:
        """A reified statement's subject, predicate and object."""
        graph = self.release.graph
        parts = (RDF.subject, RDF.predicate, RDF.object)
        return {
            name: self.link(graph.value(statement, part))
            for name, part in zip(("subject", "predicate", "object"), parts, strict=True)
        }

    def _passage(self, annotation: URIRef) -> dict[str, object]:
        """An annotation's quoted words, and a link to the paragraph they are in."""
        graph = self.release.graph
        target = graph.value(annotation, OA.hasTarget)
        exacts = (
            graph.value(selector, OA.exact) for selector in graph.objects(target, OA.hasSelector)
        )
        quote = next((str(exact) for exact in exacts if exact is not None), "")
        paragraph = graph.value(annotation, AK.inParagraph)
        return {"quote": quote, "paragraph": self.link(paragraph) if paragraph else None}

    def _marked(self, content: str, start: int, end: int, mentions: Iterable) -> Markup:
        """content[start:end] as HTML, each mention that starts inside it linked to its entity."""
        parts: list[Markup | str] = []
        cursor = start
        for mention in mentions:
            if not start <= mention.start < end or mention.start < cursor:
                continue
            stop = min(mention.end, end)
            parts.append(content[cursor : mention.start])
            link = self.link(mention.entity)
            parts.append(
                Markup('<a class="mention" href="{}" title="{}">{}</a>').format(
                    link.href or "", link.text, content[mention.start : stop]
                )
            )
            cursor = stop
        parts.append(content[cursor:end])
        return Markup("").join(Markup.escape(p) for p in parts)

    @functools.cached_property
    def claims_by_paragraph(self) -> dict[URIRef, list[URIRef]]:
        """Each paragraph's claims: those asserted (or, for a reported view, reported) by a
        passage in it (of every text: worked out once, not once per text)."""
        found: dict[URIRef, set[URIRef]] = defaultdict(set)
        for claim in self.claims:
            for predicate in (AK.assertedBy, AK.reportedBy):
                for agent in self.graph.objects(claim, predicate):
                    for _, paragraph, *_ in self.evidence.get(
                        statement_iri((claim, predicate, agent)), []
                    ):
                        if paragraph is not None:
                            found[paragraph].add(claim)
        return {p: sorted(c) for p, c in found.items()}

    # -- ontology, queries, index ---------------------------------------------------------

    def ontology_page(self) -> str:
        self.current = "ontology.html"
        o = self.ontology
        kinds = (
            ("Classes", (OWL.Class,), RDFS.subClassOf),
            (
                "Properties",
                (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty),
                RDFS.subPropertyOf,
            ),
            ("Individuals", (OWL.NamedIndividual,), None),
        )
        groups = []
        for heading, classes, parent in kinds:
            terms = sorted(
                {t for c in classes for t in o.subjects(RDF.type, c) if str(t).startswith(str(AK))}
            )
            groups.append({"heading": heading, "terms": [self._term(t, parent) for t in terms]})
        ontology_iri = next(iter(sorted(o.subjects(RDF.type, OWL.Ontology))), None)
        return self._render(
            "ontology.html.j2",
            title="Ontology",
            groups=groups,
            version=str(o.value(ontology_iri, OWL.versionInfo) or "") if ontology_iri else "",
        )

    def _term(self, term: URIRef, parent: URIRef | None) -> dict:
        o = self.ontology
        if parent == RDFS.subClassOf:
            users = sorted(s for s in self.graph.subjects(RDF.type, term) if s in self.paths)
        elif parent == RDFS.subPropertyOf:
            users = sorted({s for s, _ in self.graph.subject_objects(term) if s in self.paths})
        else:
            users = []
        return {
            "id": str(term)[len(str(AK)) :],
            "iri": str(term),
            "label": self.label(term),
            "definition": " ".join(
                str(d) for p in (SKOS.definition, RDFS.comment) for d in sorted(o.objects(term, p))
            ),
            "kinds": [self.link(k) for k in sorted(o.objects(term, RDF.type))],
            "domain": [self.link(d) for d in sorted(o.objects(term, RDFS.domain))],
            "range": [self.link(r) for r in sorted(o.objects(term, RDFS.range))],
            "parents": [self.link(s) for s in sorted(o.objects(term, parent))] if parent else [],
            "alignments": [
                Link(f"{self.label(p)}: {curie(a)}", self.href(a))
                for p in _ALIGNMENTS
                for a in sorted(o.objects(term, p))
            ],
            "examples": [self.link(u) for u in users[:_EXAMPLES]],
        }

    def queries_page(self, queries: list[Query], results: dict[str, list[dict]]) -> str:
        self.current = "queries.html"
        shown = []
        for query in queries:
            rows = results.get(query.name)
            variables: list[str] = []
            for row in rows or []:
                variables += [v for v in row if v not in variables]
            shown.append(
                {
                    "name": query.name,
                    "title": query.title,
                    "question": query.question,
                    "requires": query.requires,
                    "examples": sorted(query.examples.items()),
                    "sparql": query.text,
                    "variables": variables,
                    "rows": None
                    if rows is None
                    else [[self._cell(row.get(v)) for v in variables] for row in rows],
                }
            )
        return self._render("queries.html.j2", title="Queries", queries=shown)

    def _cell(self, value: object) -> Link:
        if value is None:
            return Link("")
        text = str(value)
        iri = self.pages_by_string.get(text)
        return self.link(iri) if iri is not None else Link(text)

    def index_page(self, dataset: dict) -> str:
        self.current = "index.html"
        groups: dict[URIRef, list[URIRef]] = {root: [] for root in ENTITY_ROOTS}
        for entity in self.entities:
            root = next(r for r in ENTITY_ROOTS if self._is_a(entity, r))
            groups[root].append(entity)
        search = sorted(
            (
                {
                    "label": self.label(e),
                    "aliases": sorted(str(a) for a in self.graph.objects(e, SKOS.altLabel)),
                    "href": self.href(e),
                }
                for e in self.resources
            ),
            key=lambda x: (x["label"].casefold(), x["href"]),
        )
        return self._render(
            "index.html.j2",
            title="alliance-kg",
            groups=[
                {"cls": self.link(root), "members": sorted((self.link(e) for e in items), key=_key)}
                for root, items in groups.items()
                if items
            ],
            texts=[self.link(t.iri) for t in self.release.texts],
            claim_count=len(self.claims),
            dumps=[Link(name, f"../{name}") for name, _ in DUMPS],
            description=f"../{DESCRIPTION_FILE}",
            search=_safe_json(search),
            dataset=_safe_json(dataset),
        )

    def _is_a(self, iri: URIRef, cls: URIRef) -> bool:
        return (iri, RDF.type, cls) in self.graph

    def _render(self, template: str, **context: object) -> str:
        depth = self.current.count("/")
        root = "../" * depth
        return (
            _environment()
            .get_template(template)
            .render(
                root=root,
                edition_href=[self.href(t.iri) for t in self.release.texts][:1],
                **context,
            )
        )


def _key(link: Link) -> tuple[str, str]:
    return (link.text.casefold(), link.href or "")


def _page_path(iri: URIRef) -> str:
    """`…/id/geneva` → `id/geneva.html`: the page sits where the IRI's path points."""
    return str(iri)[len(BASE) :] + ".html"


def _heading_span(text: Text, section: Section) -> tuple[int, int] | None:
    """Where a section's heading line is in the source, so its mentions are linked too."""
    if section.kind not in HEADED_KINDS:
        return None
    end = section.paragraphs[0].start if section.paragraphs else section.end
    return section.start, section.start + len(text.content[section.start : end].rstrip())


def _flat(text: str) -> str:
    """Line breaks of the source file are not the author's: show them as spaces."""
    return re.sub(r"\s+", " ", text)


assert str(ID).startswith(BASE)
