"""A text of the corpus: its pinned source file, and its sections and paragraphs.

Offsets everywhere count Unicode code points into the unchanged source file, as the Web
Annotation model counts them. The file came from a PDF, so a page break may split a paragraph
into two blocks; `text.toml` lists those joins and the model's paragraph spans both pieces. Each
section also says whose voice it is in (`voice`, `speaker`): an edition's introduction is its
editor's, its title page and colophon are paratext, the body is the author's.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from .errors import InputError
from .namespaces import AK, ID, expand_curie
from .rdfio import read_text

#: Section kinds in text.toml and the class each becomes.
SECTION_CLASSES = {
    "front-matter": AK.FrontMatter,
    "introduction": AK.TextSection,
    "body": AK.TextSection,
    "colophon": AK.Colophon,
}
#: Kinds whose opening block is a heading (the section's title), not a paragraph.
HEADED_KINDS = {"introduction", "body"}
#: Voices a section or a span of a text can be in (text.toml's `voice`, voices.tsv's first column).
VOICES = {
    "authorial": AK.authorial,
    "editorial": AK.editorial,
    "paratextual": AK.paratextual,
    "reported": AK.reported,
}

_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


@dataclass(frozen=True)
class Span:
    """A half-open range [start, end) of code points in the source."""

    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the model: one block, or several joined across page breaks."""

    iri: URIRef
    number: int
    pieces: tuple[Span, ...]
    content: str

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


@dataclass(frozen=True)
class Section:
    """A part of the text: front matter, introduction, a titled part of the body, colophon."""

    iri: URIRef
    slug: str
    kind: str
    label: str
    start: int
    end: int
    paragraphs: tuple[Paragraph, ...]
    voice: URIRef = AK.authorial
    speaker: URIRef | None = None

    @property
    def rdf_class(self) -> URIRef:
        return SECTION_CLASSES[self.kind]


@dataclass(frozen=True)
class Text:
    """A source file of the corpus, checked against its pin and divided into sections."""

    text_id: str
    folder: Path
    source_file: Path
    content: str
    pinned_sha256: str
    actual_sha256: str
    sections: tuple[Section, ...]

    @property
    def iri(self) -> URIRef:
        return ID[self.text_id]

    @property
    def pin_holds(self) -> bool:
        return self.pinned_sha256 == self.actual_sha256

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for section in self.sections for p in section.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph whose span contains `offset`, if any (headings belong to none)."""
        for paragraph in self.paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None

    def section_of(self, paragraph: Paragraph) -> Section:
        return next(s for s in self.sections if paragraph in s.paragraphs)

    def section_at(self, offset: int) -> Section:
        """The section whose span contains `offset` (the last one that starts at or before it)."""
        return [s for s in self.sections if s.start <= offset][-1]


def load_text(folder: Path) -> Text:
    """Read `folder/text.toml` and its source file, and divide the text into sections."""
    config_file = folder / "text.toml"
    try:
        config = tomllib.loads(read_text(config_file))
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{config_file}: TOML syntax error: {error}") from None
    try:
        text_id = config["id"]
        source_file = folder / config["source"]
        pinned = config["sha256"]
        section_specs = config["sections"]
    except KeyError as missing:
        raise InputError(f"{config_file}: missing key {missing}") from None
    content = read_text(source_file)  # names the file if it is missing, empty or not UTF-8
    raw = source_file.read_bytes()
    blocks = [Span(m.start(), m.end()) for m in _BLOCK.finditer(content)]
    sections = _divide(
        text_id, content, blocks, section_specs, config.get("joins", []), config_file
    )
    return Text(
        text_id=text_id,
        folder=folder,
        source_file=source_file,
        content=content,
        pinned_sha256=pinned,
        actual_sha256=hashlib.sha256(raw).hexdigest(),
        sections=tuple(sections),
    )


def _block_index(
    content: str, blocks: list[Span], opening: str, what: str, where: Path, *, whole: bool
) -> int:
    """The one block that is (`whole`) or begins with `opening`; else an error in text.toml."""
    found = [
        i
        for i, b in enumerate(blocks)
        if (
            content[b.start : b.end] == opening
            if whole
            else content[b.start : b.end].startswith(opening)
        )
    ]
    if len(found) != 1:
        count = "no block" if not found else f"{len(found)} blocks"
        raise InputError(
            f"{where}: {what} {opening!r} matches {count} of the text; it must match one"
        )
    return found[0]


def _divide(
    text_id: str,
    content: str,
    blocks: list[Span],
    specs: list[dict],
    joins: list[str],
    where: Path,
) -> list[Section]:
    """Group blocks into sections and paragraphs, numbering paragraphs from the top."""
    continuation = {_block_index(content, blocks, j, "join", where, whole=False) for j in joins}
    openings = [
        _block_index(content, blocks, s["opens_with"], "section", where, whole=True) for s in specs
    ]
    if openings != sorted(openings) or openings[0] != 0:
        raise InputError(f"{where}: sections must be listed in text order, the first at the top")
    sections: list[Section] = []
    number = 0
    for i, spec in enumerate(specs):
        kind = spec.get("kind")
        if kind not in SECTION_CLASSES:
            raise InputError(f"{where}: section {spec.get('slug')!r} has unknown kind {kind!r}")
        first = openings[i] + (1 if kind in HEADED_KINDS else 0)
        last = openings[i + 1] if i + 1 < len(openings) else len(blocks)
        groups: list[list[Span]] = []
        for index in range(first, last):
            if index in continuation and groups:
                groups[-1].append(blocks[index])
            else:
                groups.append([blocks[index]])
        paragraphs = []
        for pieces in groups:
            number += 1
            paragraphs.append(
                Paragraph(
                    iri=ID[f"{text_id}/p{number}"],
                    number=number,
                    pieces=tuple(pieces),
                    content=" ".join(content[p.start : p.end] for p in pieces),
                )
            )
        end = blocks[last - 1].end
        voice = spec.get("voice", "authorial")
        if voice not in VOICES:
            raise InputError(
                f"{where}: section {spec['slug']!r} has unknown voice {voice!r} "
                f"(one of {', '.join(VOICES)})"
            )
        speaker = spec.get("speaker")
        sections.append(
            Section(
                iri=ID[f"{text_id}/{spec['slug']}"],
                slug=spec["slug"],
                kind=kind,
                label=spec["label"],
                start=blocks[openings[i]].start,
                end=end,
                paragraphs=tuple(paragraphs),
                voice=VOICES[voice],
                speaker=expand_curie(speaker, f"{where}: section {spec['slug']!r}")
                if speaker
                else None,
            )
        )
    return sections
