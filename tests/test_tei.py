"""The TEI edition: valid against the project's schema, and a faithful round trip of the graph.

Every entity is listed, every reference resolves, every mention is marked up with its own words,
the paragraphs keep their IRIs' ids and the header says what the graph says. Who speaks is
marked as the voice layer says: each div's speaker in @resp, the editor's insertions as notes and
the views the text reports as said, with the mentions inside them still marked up.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest
from lxml import etree
from rdflib import URIRef
from rdflib.namespace import RDFS

from alliance_kg.assemble import Release, entity_iris
from alliance_kg.mentions import Mention
from alliance_kg.namespaces import AK, ID
from alliance_kg.tei import Mark, _fill, _without_overlaps, tei_document, xml_id
from alliance_kg.text import Span
from alliance_kg.voices import VoiceSpan

from .conftest import ROOT

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"tei": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SCHEMA = ROOT / "schemas" / "tei-alliance.rng"
MENTION_TAGS = ("persName", "orgName", "placeName", "term", "rs")
#: The voices the edition marks up inline (authorial and paratextual spans get no markup).
MARKED_VOICES = (AK.editorial, AK.reported)
DOLGOFF = "#" + xml_id(ID["sam-dolgoff"])


@pytest.fixture(scope="module")
def release(assembled: Release) -> Release:
    return assembled


@pytest.fixture(scope="module")
def document(release: Release) -> bytes:
    return tei_document(release)


@pytest.fixture(scope="module")
def tree(document: bytes) -> etree._Element:
    return etree.fromstring(document)


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _flat(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _mentions_in_text(tree: etree._Element) -> list[etree._Element]:
    xpath = " | ".join(f"//tei:text//tei:{tag}" for tag in MENTION_TAGS)
    return tree.xpath(xpath, namespaces=NS)


def _marked_spans(release: Release, text_id: str) -> list[VoiceSpan]:
    return [s for s in release.voice_spans.get(text_id, []) if s.voice in MARKED_VOICES]


def _crosses_a_voice_span(release: Release, text_id: str, mention: Mention) -> bool:
    """Whether a mention runs over the edge of a note or said (and so is left unmarked)."""
    return any(
        mention.start < s.end
        and s.start < mention.end
        and not (s.start <= mention.start and mention.end <= s.end)
        for s in _marked_spans(release, text_id)
    )


def _enclosing(element: etree._Element, text: str) -> etree._Element:
    """The innermost element under `element` whose own text contains `text`."""
    found = [
        el for el in element.iter() if isinstance(el.tag, str) and text in "".join(el.itertext())
    ]
    assert found, text
    return found[-1]


def test_the_edition_validates_against_the_schema(
    tree: etree._Element, schema: etree.RelaxNG
) -> None:
    assert schema.validate(tree), schema.error_log


def test_the_schema_rejects_what_it_does_not_declare(
    tree: etree._Element, schema: etree.RelaxNG
) -> None:
    missing_ref = copy.deepcopy(tree)
    del missing_ref.xpath("//tei:body//tei:persName", namespaces=NS)[0].attrib["ref"]
    assert not schema.validate(missing_ref)

    unknown = copy.deepcopy(tree)
    paragraph = unknown.xpath("//tei:body//tei:p", namespaces=NS)[0]
    etree.SubElement(paragraph, f"{{{TEI}}}hi").text = "not in the schema"
    assert not schema.validate(unknown)

    bad_note = copy.deepcopy(tree)
    bad_note.xpath("//tei:body//tei:note", namespaces=NS)[0].set("type", "gloss")
    assert not schema.validate(bad_note)

    bad_who = copy.deepcopy(tree)
    bad_who.xpath("//tei:body//tei:said[@who]", namespaces=NS)[0].set("who", "german-communists")
    assert not schema.validate(bad_who)


def test_the_document_is_deterministic(release: Release, document: bytes) -> None:
    assert tei_document(release) == document


def test_xml_ids_are_unique(tree: etree._Element) -> None:
    ids = tree.xpath("//@xml:id")
    assert len(ids) == len(set(ids))


def test_every_entity_is_in_the_stand_off(release: Release, tree: etree._Element) -> None:
    entries = tree.xpath("//tei:standOff//*[@xml:id]", namespaces=NS)
    listed = {
        entry.get(XML_ID): entry.xpath("tei:idno[@type='URI']/text()", namespaces=NS)
        for entry in entries
    }
    for entity in entity_iris(release.graph, release.ontology):
        assert listed.get(xml_id(entity)) == [str(entity)], entity
        label = str(release.graph.value(entity, RDFS.label))
        entry = tree.xpath("//*[@xml:id=$id]", id=xml_id(entity))[0]
        assert entry[0].get("type") == "label" and entry[0].text == label


def test_wikidata_links_are_listed(release: Release, tree: etree._Element) -> None:
    wikidata = tree.xpath("//tei:standOff//tei:idno[@type='wikidata']", namespaces=NS)
    assert wikidata
    for idno in wikidata:
        entity = URIRef(idno.getparent().xpath("tei:idno[@type='URI']", namespaces=NS)[0].text)
        prop = URIRef("http://www.w3.org/2004/02/skos/core#" + idno.get("subtype"))
        assert (entity, prop, URIRef(idno.text)) in release.graph


def test_every_ref_resolves_to_an_entity(release: Release, tree: etree._Element) -> None:
    entities = {str(e) for e in entity_iris(release.graph, release.ontology)}
    refs = tree.xpath("//@ref")
    assert refs
    assert set(refs) <= entities


def test_every_mention_is_marked_up_with_its_words(release: Release, tree: etree._Element) -> None:
    """All of them but one that crosses the edge of a note or said, which cannot hold half of it."""
    marked = [(el.get("ref"), _flat(el.text or "")) for el in _mentions_in_text(tree)]
    expected = [
        (str(m.entity), _flat(m.exact))
        for text in release.texts
        for m in sorted(release.mentions[text.text_id], key=lambda m: m.start)
        if not _crosses_a_voice_span(release, text.text_id, m)
    ]
    assert expected
    assert marked == expected


def test_mention_kinds_follow_the_entity_class(release: Release, tree: etree._Element) -> None:
    graph = release.graph
    for el in _mentions_in_text(tree):
        entity = URIRef(el.get("ref"))
        tag = etree.QName(el).localname
        if tag == "persName":
            assert (entity, None, AK.Person) in graph
        if tag == "placeName":
            assert (entity, None, AK.Place) in graph
        if tag == "rs" and el.get("type") == "event":
            assert (entity, None, AK.Event) in graph


def test_the_text_is_the_source_text(release: Release, tree: etree._Element) -> None:
    text = release.texts[0]
    for paragraph in text.paragraphs:
        element = tree.xpath("//tei:p[@xml:id=$id]", namespaces=NS, id=f"p{paragraph.number}")[0]
        assert "".join(element.itertext()) == paragraph.content


def test_paragraph_ids_match_the_model(release: Release, tree: etree._Element) -> None:
    text = release.texts[0]
    body = [
        f"p{p.number}"
        for s in text.sections
        if s.kind in ("introduction", "body")
        for p in s.paragraphs
    ]
    assert tree.xpath("//tei:body//tei:p/@xml:id", namespaces=NS) == body
    every = tree.xpath("//tei:text//tei:p", namespaces=NS)
    assert [(p.get(XML_ID), p.get("corresp")) for p in every] == [
        (str(p.iri).rsplit("/", 1)[1], str(p.iri)) for p in text.paragraphs
    ]
    divs = tree.xpath("//tei:text//tei:div/@xml:id", namespaces=NS)
    assert divs == [s.slug for s in text.sections]


def test_the_header_says_what_the_graph_says(release: Release, tree: etree._Element) -> None:
    graph = release.graph
    edition = release.texts[0].iri
    work = graph.value(graph.value(edition, AK.embodies), AK.translationOf)
    author = graph.value(work, AK.author)
    header = tree.find(f"{{{TEI}}}teiHeader")
    title_stmt = header.find(f".//{{{TEI}}}titleStmt")
    assert title_stmt.findtext(f"{{{TEI}}}title") == str(graph.value(work, RDFS.label))
    assert title_stmt.find(f"{{{TEI}}}author").text == str(graph.value(author, RDFS.label))
    assert title_stmt.find(f"{{{TEI}}}author").get("ref") == str(author)
    retrieval = header.xpath(".//tei:note[@type='retrieval']/tei:date/@when", namespaces=NS)
    assert retrieval == [str(graph.value(edition, AK.retrievalDate))]
    site = header.xpath(".//tei:note[@type='retrieval']/tei:ref/text()", namespaces=NS)
    assert site == [str(graph.value(edition, AK.retrievedFrom))]
    licences = header.xpath(".//tei:licence", namespaces=NS)
    assert licences[0].get("target") == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert "Anti-Copyright" in "".join(licences[1].itertext())
    book = header.xpath(".//tei:bibl[@type='book']", namespaces=NS)[0]
    assert book.xpath("tei:date/@when", namespaces=NS) == ["1971"]
    assert book.xpath("tei:editor/text()", namespaces=NS) == ["Sam Dolgoff"]


def test_dates_are_marked_only_where_a_dated_fact_is_anchored(tree: etree._Element) -> None:
    dates = tree.xpath("//tei:text//tei:date", namespaces=NS)
    assert {d.get("when") for d in dates} >= {"1864", "1848", "1871"}
    for date in dates:
        assert date.text == date.get("when")


def test_a_mention_across_a_page_break_wraps_the_joining_space(
    release: Release, tree: etree._Element
) -> None:
    text = release.texts[0]
    crossing = [
        m
        for m in release.mentions[text.text_id]
        if (p := text.paragraph_at(m.start)) is not None
        and not any(s.start <= m.start and m.end <= s.end for s in p.pieces)
    ]
    assert crossing, "the corpus has a name split by a page break; this test needs one"
    for mention in crossing:
        words = " ".join(mention.exact.split())
        found = [el for el in _mentions_in_text(tree) if el.text == words]
        if _crosses_a_voice_span(release, text.text_id, mention):
            # (e.g. "People's* State" runs out of the said "*People's*"): left unmarked.
            assert not found, words
        else:
            assert found and found[0].get("ref") == str(mention.entity)


# -- voice ------------------------------------------------------------------------------------


def test_each_div_names_its_speaker(release: Release, tree: etree._Element) -> None:
    introduction = tree.xpath("//tei:div[@xml:id='introduction']", namespaces=NS)[0]
    assert introduction.get("resp") == DOLGOFF
    text = release.texts[0]
    divs = tree.xpath("//tei:text//tei:div", namespaces=NS)
    assert [d.get("resp") for d in divs] == [
        "#" + xml_id(s.speaker) if s.speaker else None for s in text.sections
    ]


def test_every_resp_and_who_points_at_a_stand_off_entry(tree: etree._Element) -> None:
    listed = set(tree.xpath("//tei:standOff//@xml:id", namespaces=NS))
    pointers = tree.xpath("//tei:text//@resp | //tei:text//@who", namespaces=NS)
    assert pointers
    for pointer in pointers:
        assert pointer.startswith("#") and pointer[1:] in listed, pointer
    dolgoff = tree.xpath("//tei:standOff//tei:person[@xml:id=$id]", namespaces=NS, id=DOLGOFF[1:])
    assert dolgoff and dolgoff[0].xpath("tei:persName/text()", namespaces=NS)[0] == "Sam Dolgoff"


def test_the_editors_subtitles_are_heads_with_resp_not_notes(
    release: Release, tree: etree._Element
) -> None:
    editorial = {
        s.exact for s in _marked_spans(release, release.texts[0].text_id) if s.voice == AK.editorial
    }
    heads = tree.xpath("//tei:body//tei:head[@resp]", namespaces=NS)
    assert len(heads) == 3
    for head in heads:
        assert head.get("resp") == DOLGOFF
        assert "".join(head.itertext()) in editorial
        assert not head.xpath(".//tei:note | .//tei:said", namespaces=NS)
    introduction = tree.xpath("//tei:div[@xml:id='introduction']/tei:head", namespaces=NS)[0]
    assert introduction.get("resp") is None


def test_an_editorial_insertion_is_a_note_of_the_editor(tree: etree._Element) -> None:
    for words in ("[1871]", "[by example]", "(plus instant recall of unsatisfactory delegates)"):
        note = _enclosing(tree.find(f"{{{TEI}}}text"), words)
        assert etree.QName(note).localname == "note", words
        assert "".join(note.itertext()) == words
        assert (note.get("place"), note.get("type"), note.get("resp")) == (
            "inline",
            "editorial",
            DOLGOFF,
        )


def test_a_reported_objection_is_said_without_who(tree: etree._Element) -> None:
    objection = "Could such a mobilization"
    said = _enclosing(tree.find(f"{{{TEI}}}text"), objection)
    while etree.QName(said).localname != "said":
        said = said.getparent()
        assert etree.QName(said).localname != "p", "the objection is not in a said"
    assert "".join(said.itertext()).startswith(objection)
    assert said.get("direct") == "false" and said.get("who") is None
    held = tree.xpath("//tei:said[@who]/@who", namespaces=NS)
    assert "#" + xml_id(ID["german-communists"]) in held


def test_mentions_and_dates_inside_a_note_or_said_are_still_marked(
    release: Release, tree: etree._Element
) -> None:
    year = tree.xpath("//tei:note[.='[1871]']/tei:date", namespaces=NS)
    assert [(d.get("when"), d.text) for d in year] == [("1871", "1871")]
    inside = tree.xpath(
        "//tei:said[starts-with(., 'Could such')]/tei:orgName[.='International']", namespaces=NS
    )
    assert inside and inside[0].get("ref") == str(ID["international-workingmens-association"])
    # Every mention wholly within a note or said is written inside that element.
    text_id = release.texts[0].text_id
    for span in _marked_spans(release, text_id):
        within = [
            m for m in release.mentions[text_id] if span.start <= m.start and m.end <= span.end
        ]
        if not within or release.texts[0].paragraph_at(span.start) is None:
            continue  # a heading that is the whole span is a head with resp, not a note
        tag = "note" if span.voice == AK.editorial else "said"
        holders = [
            el
            for el in tree.xpath(f"//tei:p//tei:{tag}", namespaces=NS)
            # A span across a page break is joined by a space in the edition, as ak:content is.
            if " ".join("".join(el.itertext()).split()) == " ".join(span.exact.split())
        ]
        assert holders, span.exact
        refs = [el.get("ref") for el in holders[0].iter() if el.get("ref")]
        assert refs == [str(m.entity) for m in sorted(within, key=lambda m: m.start)]


def test_the_voice_markup_is_declared_in_the_header(tree: etree._Element) -> None:
    decl = " ".join(tree.xpath("//tei:editorialDecl/tei:p/text()", namespaces=NS))
    assert "@resp" in decl and "said" in decl and "note" in decl


# -- marks on a tiny text -----------------------------------------------------------------------


def _tiny(content: str, pieces: tuple[Span, ...], marks: list[Mark]) -> str:
    p = ET.Element("p")
    _fill(p, content, pieces, _without_overlaps(marks))
    return ET.tostring(p, encoding="unicode")


def _mark(start: int, end: int, tag: str, *, holds: bool = False) -> Mark:
    return Mark(start, end, lambda: ET.Element(tag), holds=holds)


def test_a_voice_mark_holds_the_marks_inside_it_and_drops_those_crossing_it() -> None:
    content = "He said [in 1871 at Geneva] so."
    #          0123456789012345678901234567890
    marks = [
        _mark(8, 27, "note", holds=True),
        _mark(20, 26, "placeName"),  # Geneva: inside the note
        _mark(23, 29, "rs"),  # "eva] s": crosses the note's end
        _mark(0, 2, "persName"),  # He: outside
        _mark(12, 16, "date"),  # 1871: inside
        _mark(12, 16, "date"),  # the same year again: dropped
        _mark(20, 26, "term"),  # overlaps the place name: dropped
    ]
    assert _tiny(content, (Span(0, len(content)),), marks) == (
        "<p><persName>He</persName> said <note>[in <date>1871</date> at "
        "<placeName>Geneva</placeName>]</note> so.</p>"
    )


def test_voice_marks_nest_and_a_mark_of_the_whole_span_goes_inside() -> None:
    content = "they say [Geneva] here"
    #          0123456789012345678901
    marks = [
        _mark(5, 17, "said", holds=True),
        _mark(9, 17, "note", holds=True),
        _mark(9, 17, "note", holds=True),  # the same span twice: one note
        _mark(9, 17, "placeName"),  # a mention of the whole span sits inside it
    ]
    assert _tiny(content, (Span(0, len(content)),), marks) == (
        "<p>they <said>say <note><placeName>[Geneva]</placeName></note></said> here</p>"
    )


def test_a_voice_mark_across_a_page_break_wraps_the_joining_space() -> None:
    content = "one [two\n\n12\n\nthree] four"
    first, second = Span(0, 8), Span(14, len(content))
    marks = [_mark(4, 20, "note", holds=True), _mark(5, 8, "term"), _mark(14, 19, "term")]
    assert _tiny(content, (first, second), marks) == (
        "<p>one <note>[<term>two</term> <term>three</term>]</note> four</p>"
    )
    # A mention across the break inside the note wraps the joining space within it.
    marks = [_mark(4, 20, "note", holds=True), _mark(5, 19, "rs")]
    assert _tiny(content, (first, second), marks) == (
        "<p>one <note>[<rs>two three</rs>]</note> four</p>"
    )
