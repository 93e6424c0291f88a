"""The static site: every resource has its pages, every link resolves, every value is escaped."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from alliance_kg.annotations import statement_iri
from alliance_kg.assemble import Release, assemble, entity_iris
from alliance_kg.namespaces import AK, BASE, ID, OA
from alliance_kg.ontology import load_ontology
from alliance_kg.site import DESCRIPTION_FILE, DUMPS, render_site

from .conftest import TEXT_ID

EDITION = f"id/{TEXT_ID}.html"
MARKUP = "<script>alert(1)</script>"


class Page(HTMLParser):
    """What the tests look at in a page: links, ids, headings, scripts and stylesheets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.resources: list[str] = []
        self.lang: str | None = None
        self.mentions = 0
        self.empty_links = 0
        self._open_link: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "html":
            self.lang = values.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
            self.mentions += "mention" in values.get("class", "").split()
            self._open_link = {"text": values.get("aria-label", "")}
        if tag in ("script", "img") and "src" in values:
            self.resources.append(values["src"])
        if tag == "link" and "href" in values:
            self.resources.append(values["href"])
            self.links.append(values["href"])

    def handle_data(self, data: str) -> None:
        if self._open_link is not None:
            self._open_link["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open_link is not None:
            self.empty_links += not self._open_link["text"].strip()
            self._open_link = None


@pytest.fixture(scope="module")
def release(assembled: Release) -> Release:
    return assembled


@pytest.fixture(scope="module")
def pages(site: dict[str, bytes]) -> dict[str, Page]:
    parsed = {}
    for path, content in site.items():
        if path.endswith(".html"):
            page = Page()
            page.feed(content.decode("utf-8"))
            parsed[path] = page
    return parsed


def _resources(release: Release) -> list[URIRef]:
    claims = {s for s in release.graph.subjects(RDF.type, AK.Claim) if str(s).startswith(BASE)}
    return sorted({*entity_iris(release.graph, release.ontology), *claims})


def _path(iri: URIRef) -> str:
    return str(iri)[len(BASE) :]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
def test_every_entity_and_claim_has_a_page_and_its_triples_in_rdf(release, site):
    resources = _resources(release)
    assert len(resources) > 300
    for iri in resources:
        base = _path(iri)
        assert base + ".html" in site, iri
        own = set(release.graph.triples((iri, None, None)))
        for suffix, rdf_format in ((".ttl", "turtle"), (".jsonld", "json-ld"), (".nt", "nt")):
            parsed = Graph().parse(data=site[base + suffix], format=rdf_format)
            assert own <= set(parsed), f"{base}{suffix} lacks some of {iri}'s triples"


def _resolves(page: str, href: str, site: dict[str, bytes], pages: dict[str, Page]) -> bool:
    """Whether a relative link from `page` reaches a rendered file (and its fragment an id)."""
    target, _, fragment = href.partition("#")
    resolved = (
        posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page
    )
    if resolved.startswith("../"):
        return resolved[3:] in {DESCRIPTION_FILE, *(name for name, _ in DUMPS)}
    if resolved not in site:
        return False
    return not fragment or resolved not in pages or fragment in pages[resolved].ids


def test_every_internal_link_resolves(site, pages):
    broken = [
        (path, href)
        for path, page in pages.items()
        for href in page.links
        if not href.startswith(("http://", "https://")) and not _resolves(path, href, site, pages)
    ]
    assert not broken, broken[:10]


def test_pages_are_accessible_html(pages):
    for path, page in pages.items():
        assert page.lang == "en", path
        assert page.headings.count(1) == 1 and page.headings[0] == 1, path
        jumps = [b for a, b in zip(page.headings, page.headings[1:], strict=False) if b > a + 1]
        assert not jumps, f"{path}: heading levels skip: {page.headings}"
        assert page.empty_links == 0, f"{path}: a link without text"


def test_no_external_scripts_fonts_or_stylesheets(site, pages):
    for path, page in pages.items():
        external = [r for r in page.resources if re.match(r"(https?:)?//", r)]
        assert not external, (path, external)
    css = site["static/site.css"].decode()
    assert "@import" not in css and "url(" not in css
    assert "http" not in site["static/search.js"].decode()


def test_the_reading_edition_anchors_every_paragraph_and_links_every_mention(release, site, pages):
    text = next(t for t in release.texts if t.text_id == TEXT_ID)
    edition = pages[EDITION]
    numbers = [p.number for p in text.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    assert {f"p{n}" for n in numbers} <= edition.ids
    assert edition.mentions == len(release.mentions[TEXT_ID])
    for n in numbers:
        assert f"../{TEXT_ID}.html#p{n}" in pages[f"id/{TEXT_ID}/p{n}.html"].links
    assert "<aside" in site[EDITION].decode()


def test_an_entity_page_shows_relations_both_ways_with_their_passages(pages, site):
    page = site["id/geneva-central-committee.html"].decode()
    assert "fabrica-sections.html" in pages["id/geneva-central-committee.html"].links
    assert "delegates to" in page
    assert "always delegated to the Central Committee" in page
    assert "program-of-the-alliance.html#p" in page
    assert "geneva-branch.html" in page  # an outgoing relation
    geneva = site["id/geneva.html"].decode()
    assert 'href="http://www.wikidata.org/entity/Q71"' in geneva


def test_the_ontology_documents_every_term(release, pages):
    ids = pages["ontology.html"].ids
    for term in (AK.Committee, AK.delegatesTo, AK.Claim, AK.certain):
        assert str(term).split("#")[1] in ids


def test_the_queries_page_shows_each_query_and_its_results(queries, site):
    page = site["queries.html"].decode()
    for query in queries:
        assert f'id="{query.name}"' in page
    assert "1848 uprisings" in page


def test_the_index_lists_everything_and_describes_the_dataset(release, site):
    page = site["index.html"].decode()
    assert '<script type="application/ld+json">' in page
    assert "creativecommons.org/publicdomain/zero/1.0/" in page
    assert 'src="static/search.js"' in page
    assert page.count('href="id/') >= len(entity_iris(release.graph, release.ontology))


def test_rendering_is_deterministic(release, queries, site):
    assert render_site(release, queries) == site


def test_markup_in_a_label_is_escaped(project, queries):
    release = assemble(project, load_ontology(project))
    geneva = ID["geneva"]
    release.graph.remove((geneva, RDFS.label, None))
    release.graph.add((geneva, RDFS.label, Literal(MARKUP, lang="en")))
    files = render_site(release, queries)
    html = {p: c.decode() for p, c in files.items() if p.endswith(".html")}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html["id/geneva.html"]
    leaking = [p for p, c in html.items() if MARKUP in c]
    assert not leaking, leaking[:5]


def test_every_paragraph_and_section_iri_has_its_data_in_each_negotiated_format(release, site):
    # The w3id rules send a Turtle, JSON-LD or N-Triples request for a paragraph to these files.
    formats = {".ttl": "turtle", ".jsonld": "json-ld", ".nt": "nt"}
    for text in release.texts:
        for section in text.sections:
            for segment in (section, *section.paragraphs):
                for suffix, rdf_format in formats.items():
                    data = site[_path(segment.iri) + suffix]
                    graph = Graph().parse(data=data, format=rdf_format)
                    assert (segment.iri, AK.isPartOf, None) in graph, (segment.iri, suffix)


def test_every_statement_and_annotation_iri_resolves_to_a_page_and_data(release, site):
    graph = release.graph
    minted = {
        *graph.subjects(RDF.type, RDF.Statement),
        *graph.subjects(RDF.type, OA.Annotation),
    }
    assert len(minted) > 3000
    for iri in minted:
        for suffix in (".html", ".ttl", ".jsonld", ".nt"):
            assert _path(iri) + suffix in site, (iri, suffix)
    # An evidence page quotes its passage and links to the paragraph it lies in.
    fact = (ID["fabrica-sections"], AK.delegatesTo, ID["geneva-central-committee"])
    (evidence,) = graph.subjects(OA.hasBody, statement_iri(fact))
    page = site[_path(evidence) + ".html"].decode("utf-8")
    assert "always delegated to the Central Committee" in page
    paragraph = str(graph.value(evidence, AK.inParagraph)).rsplit("/", 1)[1]
    assert f"program-of-the-alliance.html#{paragraph}" in page


def test_a_merged_iri_still_resolves_and_sends_the_reader_on(release, site):
    # data/entities/retired.ttl: id:governments was merged into id:government.
    old, survivor = ID["governments"], ID["government"]
    assert (old, OWL.sameAs, survivor) in release.graph
    page = site[_path(old) + ".html"].decode("utf-8")
    assert 'http-equiv="refresh"' in page and "government.html" in page
    data = Graph().parse(data=site[_path(old) + ".ttl"], format="turtle")
    assert (old, OWL.sameAs, survivor) in data
    # Every retired IRI resolves the same way.
    for retired in release.graph.subjects(OWL.sameAs, None):
        for suffix in (".html", ".ttl", ".jsonld", ".nt"):
            assert _path(retired) + suffix in site, (retired, suffix)
