"""The TEI P5 edition: the essay's text with every mention marked up and linked to the graph.

Archives and editing tools read TEI, not SPARQL, so this export carries the same knowledge in
their form: the header's bibliography comes from the graph's curated facts, each paragraph keeps
the id of its IRI, each mention points at its entity's IRI, and a standOff lists every entity with
its Wikidata link. The text is the source file's own, page-break pieces joined by a space as
ak:content joins them, so offsets into the source map onto the edition without loss.

Who speaks comes from the voice layer (each section's voice and speaker, and voices.tsv), in
TEI's terms: each div has its section's speaker in @resp; a heading that is wholly an editorial
span (the editor's subtitles) has the editor in @resp; elsewhere an editorial span is a
`note place="inline" type="editorial"` with its speaker in @resp, and a reported view a
`said direct="false"`, with its holder in @who when the text names one. Each pointer is `#` and
the xml:id of the speaker's standOff entry, which every speaker has. Authorial and paratextual
spans only record a checked decision and get no markup. A note or said holds the mentions and
dates inside it (and may hold another note or said); mentions and dates never nest or overlap,
and a mention or date that crosses the edge of a note or said is left unmarked.

The document is built with the standard library's ElementTree (no extra runtime dependency) and
indented only between structural elements, never inside mixed content, where white space is text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .assemble import Release, entity_iris
from .namespaces import AK, ID, WD
from .text import HEADED_KINDS, Section, Span, Text
from .voices import VoiceSpan

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
#: The link properties whose Wikidata objects the standOff gives, as idno subtypes.
WIKIDATA_LINKS = (
    ("exactMatch", SKOS.exactMatch),
    ("closeMatch", SKOS.closeMatch),
    ("broadMatch", SKOS.broadMatch),
)
#: Section kinds that go to <front> and <back>; every other kind is <body>.
FRONT_KINDS = {"front-matter"}
BACK_KINDS = {"colophon"}
#: Elements whose content is mixed: the indenter must not add white space inside them.
_MIXED = {
    "p",
    "head",
    "title",
    "author",
    "persName",
    "orgName",
    "placeName",
    "term",
    "rs",
    "date",
    "name",
    "label",
    "idno",
    "resp",
    "publisher",
    "licence",
    "note",
    "said",
    "ref",
    "editor",
    "item",
}


@dataclass(frozen=True)
class Kind:
    """How one kind of entity is written: inline element (and rs type), and its standOff list."""

    inline: str
    rs_type: str | None
    key: str


#: Checked in order: the first class an entity has decides its kind.
KINDS: tuple[tuple[URIRef, Kind], ...] = (
    (AK.Person, Kind("persName", None, "person")),
    (AK.Organization, Kind("orgName", None, "org")),
    (AK.Place, Kind("placeName", None, "place")),
    (AK.Concept, Kind("term", None, "concept")),
    (AK.SocialGroup, Kind("rs", "group", "group")),
    (AK.Event, Kind("rs", "event", "event")),
    (AK.Work, Kind("rs", "work", "work")),
    (AK.Edition, Kind("rs", "work", "work")),
)


@dataclass(frozen=True)
class Mark:
    """A span of the source to wrap in an element (a voice span, a mention or a date)."""

    start: int
    end: int
    make: Callable[[], ET.Element]
    #: A voice mark (note, said), which may hold other marks; a mention or date holds only text.
    holds: bool = False


def tei_document(release: Release) -> bytes:
    """The TEI edition of the release's first text, as UTF-8 XML; the same release, same bytes."""
    text = release.texts[0]
    graph = release.graph
    spans = release.voice_spans.get(text.text_id, [])
    # Every speaker has a standOff entry for @resp and @who to point at, even one of no entity class.
    speakers = {s.speaker for s in text.sections} | {s.speaker for s in spans}
    listed = set(entity_iris(graph, release.ontology)) | (speakers - {None})
    entities = sorted(listed)
    kinds = {entity: entity_kind(graph, entity) for entity in entities}
    root = ET.Element("TEI", {"xmlns": TEI_NS, "xml:lang": "en"})
    root.append(_header(graph, text))
    marks = _voice_marks(spans) + _mention_marks(release, text, kinds) + _date_marks(release, text)
    root.append(_text(text, spans, _without_overlaps(marks)))
    root.append(_stand_off(graph, entities, kinds))
    _indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def entity_kind(graph: Graph, entity: URIRef) -> Kind:
    """The markup an entity gets; an entity of no known class is a plain rs."""
    for cls, kind in KINDS:
        if (entity, RDF.type, cls) in graph:
            return kind
    return Kind("rs", "entity", "other")


def xml_id(entity: URIRef) -> str:
    """An entity's id in the document: `id.` and its IRI's local name, as the CURIE `id:` reads.

    The prefix keeps entity ids apart from section slugs, which may be the same word
    (the section and the concept "union-bureaucracy"). Curated local names are NCName-safe.
    """
    return "id." + str(entity)[len(str(ID)) :].replace("/", "-")


# -- header ----------------------------------------------------------------------------------


def _label(graph: Graph, node: Node | None) -> str:
    value = graph.value(node, RDFS.label) if node is not None else None
    return str(value) if value is not None else str(node)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def _header(graph: Graph, text: Text) -> ET.Element:
    """The bibliographic description, read from the facts the front matter and colophon state."""
    edition = text.iri
    translation = graph.value(edition, AK.embodies)
    work = graph.value(translation, AK.translationOf)
    author = graph.value(work, AK.author)
    translator = graph.value(translation, AK.translator)
    book = graph.value(edition, AK.derivedFrom)
    book_editor = graph.value(book, AK.editor)
    publisher = graph.value(edition, AK.publisher)

    header = ET.Element("teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", _label(graph, work), type="main")
    _el(title_stmt, "title", "a linked-data edition of Sam Dolgoff's translation", type="sub")
    _el(title_stmt, "author", _label(graph, author), ref=str(author))
    resp = _el(title_stmt, "respStmt")
    _el(resp, "resp", "translated and edited by")
    _el(resp, "persName", _label(graph, translator), ref=str(translator))
    resp = _el(title_stmt, "respStmt")
    _el(resp, "resp", "linked-data markup")
    _el(resp, "orgName", "alliance-kg")

    pub = _el(file_desc, "publicationStmt")
    _el(pub, "publisher", "alliance-kg")
    _el(pub, "idno", str(edition), type="URI")
    availability = _el(pub, "availability")
    licence = _el(availability, "licence", target=CC0)
    _el(
        licence,
        "p",
        "The markup (header, mention markup, standOff) is dedicated to the public "
        "domain under CC0 1.0.",
    )
    source_licence = graph.value(edition, DCTERMS.license)
    if source_licence is not None:
        licence = _el(availability, "licence")
        _el(licence, "p", f"The text, as its source states: {source_licence}")

    source_desc = _el(file_desc, "sourceDesc")
    digital = _el(source_desc, "bibl", type="digital-edition", corresp=str(edition))
    _el(digital, "title", _label(graph, work), level="m")
    _el(digital, "author", _label(graph, author), ref=str(author))
    _el(digital, "publisher", _label(graph, publisher), ref=str(publisher))
    _date(digital, graph.value(edition, AK.date))
    _el(digital, "idno", str(edition), type="URI")
    retrieved = graph.value(edition, AK.retrievalDate)
    site = graph.value(edition, AK.retrievedFrom)
    if retrieved is not None or site is not None:
        note = _el(digital, "note", "Retrieved on ", type="retrieval")
        when = _date(note, retrieved)
        if site is not None:
            when.tail = " from "
            _el(note, "ref", str(site), target=f"http://{site}")
    printed = _el(source_desc, "bibl", type="book", corresp=str(book))
    _el(printed, "title", _label(graph, book), level="m")
    _el(printed, "author", _label(graph, author), ref=str(author))
    _el(printed, "editor", _label(graph, book_editor), ref=str(book_editor), role="translator")
    _date(printed, graph.value(book, AK.date))
    _el(printed, "idno", str(book), type="URI")

    encoding = _el(header, "encodingDesc")
    project = _el(encoding, "projectDesc")
    _el(
        project,
        "p",
        "Exported from the alliance-kg knowledge graph, which ties every fact about "
        "the essay to the passage that supports it. Each mention of an entity carries the "
        "entity's IRI in @ref; the standOff lists every entity of the graph with its Wikidata "
        "links.",
    )
    decl = _el(encoding, "editorialDecl")
    _el(
        decl,
        "p",
        "The text is the digital edition's file, character for character. Where a "
        "page break of the printed source split a paragraph, the two pieces form one p, joined "
        "by a single space; the graph's ak:content joins them the same way. Offsets in the "
        "graph count Unicode code points into that file.",
    )
    _el(
        decl,
        "p",
        "Each p has the xml:id of its paragraph IRI's last segment (p1, p2, …) and "
        "the IRI itself in @corresp; each div has its section's slug and IRI. Mentions found by "
        "the graph's mention index are marked persName, orgName, placeName, term or rs (with "
        "@type group, event or work); a year is marked date only where a dated fact of the "
        "graph is anchored to a passage containing it. Each standOff entry has the xml:id `id.` "
        "and its IRI's local name, and the IRI itself in idno.",
    )
    _el(
        decl,
        "p",
        "Voice follows the graph's voice layer: each div's @resp points at the standOff entry "
        "of the one whose words the section is; a head the editor wrote has the editor in "
        "@resp; an editorial insertion is a note (place inline, type editorial) with the editor "
        "in @resp; a view the text reports in order to answer it is a said with @direct false, "
        "and its holder in @who where the text names one. Authorial spans, parentheses checked "
        "and found the author's, are not marked. Mentions and dates inside a note or said are "
        "marked within it; a mention crossing the edge of one is not marked.",
    )
    return header


def _date(parent: ET.Element, value: Node | None) -> ET.Element:
    """A date element for an xsd:date or xsd:gYear literal (printed as the ISO value)."""
    when = str(value) if value is not None else ""
    return _el(parent, "date", when, when=when) if when else _el(parent, "date")


# -- text ------------------------------------------------------------------------------------


def _pointer(entity: URIRef) -> str:
    """A reference to an entity's standOff entry, as @resp and @who take it."""
    return "#" + xml_id(entity)


def _voice_marks(spans: list[VoiceSpan]) -> list[Mark]:
    """A note for each editorial span and a said for each reported one, widest first."""
    marks = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.voice, str(s.speaker))):
        if span.voice == AK.editorial:
            attrs = {"place": "inline", "type": "editorial"}
            if span.speaker is not None:
                attrs["resp"] = _pointer(span.speaker)
            marks.append(Mark(span.start, span.end, _maker("note", attrs), holds=True))
        elif span.voice == AK.reported:
            attrs = {"direct": "false"}
            if span.speaker is not None:
                attrs["who"] = _pointer(span.speaker)
            marks.append(Mark(span.start, span.end, _maker("said", attrs), holds=True))
    return marks


def _mention_marks(release: Release, text: Text, kinds: dict[URIRef, Kind]) -> list[Mark]:
    marks = []
    for mention in release.mentions.get(text.text_id, []):
        kind = kinds.get(mention.entity) or entity_kind(release.graph, mention.entity)
        attrs = {"ref": str(mention.entity)}
        if kind.rs_type:
            attrs = {"type": kind.rs_type, **attrs}
        marks.append(Mark(mention.start, mention.end, _maker(kind.inline, attrs)))
    return marks


def _date_marks(release: Release, text: Text) -> list[Mark]:
    """A year in the text, where an anchored ak:date fact's passage contains that year."""
    marks = []
    for anchor in release.anchors:
        _, predicate, value = anchor.triple
        if predicate != AK.date or not isinstance(value, Literal):
            continue
        if value.datatype != XSD.gYear or not anchor.file.is_relative_to(text.folder):
            continue
        year = str(value)
        passage = text.content[anchor.start : anchor.end]
        offset = passage.find(year)
        while offset != -1:
            start = anchor.start + offset
            marks.append(Mark(start, start + len(year), _maker("date", {"when": year})))
            offset = passage.find(year, offset + 1)
    return marks


def _maker(tag: str, attrs: dict[str, str]) -> Callable[[], ET.Element]:
    return lambda: ET.Element(tag, dict(attrs))


def _without_overlaps(marks: list[Mark]) -> list[Mark]:
    """Marks in text order, outer before inner; a mark that does not fit an earlier one is dropped.

    Two marks fit when they are apart or one holds the other: only a voice mark holds, and not
    another voice mark of the very same span. So mentions and dates never overlap one another,
    and one that crosses the edge of a voice span is dropped (voice marks come first, then
    mentions, then dates).
    """
    kept: list[Mark] = []
    for mark in marks:
        if all(_apart(mark, k) or _nests(k, mark) or _nests(mark, k) for k in kept):
            kept.append(mark)
    return sorted(kept, key=lambda m: (m.start, -m.end, not m.holds))


def _apart(one: Mark, other: Mark) -> bool:
    return one.end <= other.start or one.start >= other.end


def _nests(outer: Mark, inner: Mark) -> bool:
    """Whether `inner` may be written inside `outer`."""
    if not outer.holds or not outer.start <= inner.start or not inner.end <= outer.end:
        return False
    return not (inner.holds and (inner.start, inner.end) == (outer.start, outer.end))


def _text(text: Text, spans: list[VoiceSpan], marks: list[Mark]) -> ET.Element:
    element = ET.Element("text")
    parts = {"front": ET.Element("front"), "body": ET.Element("body"), "back": ET.Element("back")}
    for section in text.sections:
        part = (
            "front"
            if section.kind in FRONT_KINDS
            else "back"
            if section.kind in BACK_KINDS
            else "body"
        )
        div = _el(parts[part], "div", type=section.kind, corresp=str(section.iri))
        if section.speaker is not None:
            div.set("resp", _pointer(section.speaker))
        div.set(XML_ID, section.slug)
        heading = _heading(text, section)
        if heading is not None:
            head = _el(div, "head")
            head_marks = marks
            whole = _editorial_heading(spans, heading)
            if whole is not None:
                if whole.speaker is not None:
                    head.set("resp", _pointer(whole.speaker))
                head_marks = [
                    m
                    for m in marks
                    if not (m.holds and (m.start, m.end) == (whole.start, whole.end))
                ]
            _fill(head, text.content, (heading,), head_marks)
        for paragraph in section.paragraphs:
            p = _el(div, "p", corresp=str(paragraph.iri))
            p.set(XML_ID, str(paragraph.iri).rsplit("/", 1)[1])
            _fill(p, text.content, paragraph.pieces, marks)
    for name in ("front", "body", "back"):
        if len(parts[name]):
            element.append(parts[name])
    return element


def _heading(text: Text, section: Section) -> Span | None:
    """The heading line of a titled section, so that mentions in it are marked up too."""
    if section.kind not in HEADED_KINDS:
        return None
    stop = section.paragraphs[0].start if section.paragraphs else section.end
    return Span(section.start, section.start + len(text.content[section.start : stop].rstrip()))


def _editorial_heading(spans: list[VoiceSpan], heading: Span) -> VoiceSpan | None:
    """The editorial span that is the whole heading, if there is one (an editor's subtitle)."""
    return next(
        (
            s
            for s in spans
            if s.voice == AK.editorial and (s.start, s.end) == (heading.start, heading.end)
        ),
        None,
    )


def _fill(parent: ET.Element, content: str, pieces: Iterable[Span], marks: list[Mark]) -> None:
    """Write the pieces, joined by a space, into `parent`, wrapping each mark that starts inside.

    Offsets are mapped from the source onto the joined string, so a mark that runs across a page
    break (its source span includes the break's blank lines) wraps the joining space instead.
    `marks` are as `_without_overlaps` orders them: a voice mark is opened and the marks inside
    it are written into it; one that no longer fits once mapped (a clash the mapping made) is
    skipped.
    """
    pieces = tuple(pieces)
    joined = " ".join(content[p.start : p.end] for p in pieces)
    bases, base = [], 0
    for piece in pieces:
        bases.append(base)
        base += piece.end - piece.start + 1

    def position(offset: int, *, is_end: bool) -> int:
        for piece, piece_base in zip(pieces, bases, strict=True):
            if piece.start <= offset < piece.end or (is_end and offset == piece.end):
                return piece_base + offset - piece.start
            if offset < piece.start:  # in the gap before this piece
                return piece_base - (1 if is_end else 0)
        return len(joined)

    first, last = pieces[0].start, pieces[-1].end
    cursor = 0
    #: The elements open for writing, innermost last, each with where it ends in `joined`.
    open_: list[tuple[ET.Element, int]] = [(parent, len(joined))]
    for mark in marks:
        if not first <= mark.start < last:
            continue
        start = position(mark.start, is_end=False)
        end = min(position(mark.end, is_end=True), len(joined))
        while len(open_) > 1 and open_[-1][1] <= start:
            element, stop = open_.pop()
            _append_text(element, joined[cursor:stop])
            cursor = stop
        if start < cursor or start >= end or end > open_[-1][1]:
            continue
        _append_text(open_[-1][0], joined[cursor:start])
        child = mark.make()
        open_[-1][0].append(child)
        cursor = start
        if mark.holds:
            open_.append((child, end))
        else:
            child.text = joined[start:end]
            cursor = end
    while open_:
        element, stop = open_.pop()
        _append_text(element, joined[cursor:stop])
        cursor = stop


def _append_text(element: ET.Element, value: str) -> None:
    """Add text at the end of `element`'s content: after its last child, or as its text."""
    if not value:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + value
    else:
        element.text = (element.text or "") + value


# -- standOff --------------------------------------------------------------------------------

#: Each list of the standOff: the kind key, the list element (with type), the entry element and
#: the element that names it.
_LISTS = (
    ("person", ("listPerson", "persons"), "person", "persName"),
    ("group", ("listPerson", "groups"), "personGrp", "name"),
    ("org", ("listOrg", "organizations"), "org", "orgName"),
    ("place", ("listPlace", "places"), "place", "placeName"),
    ("event", ("listEvent", "events"), "event", "label"),
    ("concept", ("list", "concepts"), "item", "term"),
    ("work", ("listBibl", "works"), "bibl", "title"),
    ("other", ("list", "other"), "item", "name"),
)


def _stand_off(graph: Graph, entities: list[URIRef], kinds: dict[URIRef, Kind]) -> ET.Element:
    """Every entity of the graph, grouped by kind, with its labels, its IRI and Wikidata links."""
    stand_off = ET.Element("standOff")
    for key, (list_tag, list_type), entry_tag, name_tag in _LISTS:
        members = [e for e in entities if kinds[e].key == key]
        if not members:
            continue
        listing = _el(stand_off, list_tag, type=list_type)
        for entity in members:
            entry = _el(listing, entry_tag)
            entry.set(XML_ID, xml_id(entity))
            date = graph.value(entity, AK.date)
            if entry_tag == "event" and date is not None:
                entry.set("when", str(date))
            _el(entry, name_tag, _label(graph, entity), type="label")
            for alias in sorted(str(a) for a in graph.objects(entity, SKOS.altLabel)):
                _el(entry, name_tag, alias, type="alias")
            _el(entry, "idno", str(entity), type="URI")
            for name, prop in WIKIDATA_LINKS:
                for target in sorted(str(t) for t in graph.objects(entity, prop)):
                    if target.startswith(str(WD)):
                        _el(entry, "idno", target, type="wikidata", subtype=name)
    return stand_off


# -- layout ----------------------------------------------------------------------------------


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent structural elements by two spaces; leave mixed content exactly as written."""
    if element.tag in _MIXED or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level
