"""Anchor tables: facts read from a text, each with the passage that supports it.

A row of `anchors/*.tsv` is `subject predicate object start exact`. Reading a table checks its
syntax (errors name the file and line); `verify` checks each passage against the source at its
offsets and never looks for a look-alike passage elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .errors import InputError
from .namespaces import PREFIXES, curie
from .project import Project
from .rdfio import read_text
from .text import load_text

HEADER = ("subject", "predicate", "object", "start", "exact")
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$')
#: Lexical forms rdflib does not check itself (it accepts any string as an xsd:gYear).
_LEXICAL_FORMS = {XSD.gYear: re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?")}
_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\\\": "\\"}


@dataclass(frozen=True)
class Anchor:
    """One fact and its passage, with the table line it came from."""

    file: Path
    line: int
    subject: URIRef
    predicate: URIRef
    object: Node
    start: int
    exact: str

    @property
    def end(self) -> int:
        return self.start + len(self.exact)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def triple(self) -> tuple[URIRef, URIRef, Node]:
        return (self.subject, self.predicate, self.object)


def expand_curie(token: str, where: str) -> URIRef:
    """`id:geneva` → its IRI; `a` → rdf:type; an unknown prefix is an error."""
    if token == "a":
        return RDF.type
    prefix, colon, local = token.partition(":")
    if not colon or prefix not in PREFIXES:
        known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
        raise InputError(f"{where}: {token!r} is not a CURIE with a known prefix ({known})")
    return URIRef(PREFIXES[prefix] + local)


def parse_object(token: str, where: str) -> Node:
    """A CURIE, or a literal in Turtle syntax: "text", "text"@en, "1864"^^xsd:gYear."""
    if not token.startswith('"'):
        return expand_curie(token, where)
    match = _LITERAL.match(token)
    if match is None:
        raise InputError(f"{where}: {token!r} is not a literal in Turtle syntax")
    value, language, datatype = match.groups()
    value = re.sub(r"\\(.)", r"\1", value)
    if datatype:
        literal = Literal(value, datatype=expand_curie(datatype, where))
        lexical_form = _LEXICAL_FORMS.get(literal.datatype)
        if literal.ill_typed or (lexical_form and not lexical_form.fullmatch(value)):
            raise InputError(f"{where}: {value!r} is not a valid {datatype}")
        return literal
    return Literal(value, lang=language)


def unescape(exact: str) -> str:
    """Undo the table's escapes for a tab, a line break and a backslash."""
    return re.sub(r"\\[tn\\]", lambda m: _ESCAPES[m.group()], exact)


def read_table(path: Path) -> list[Anchor]:
    """Every row of one anchor table; a malformed row is an error naming its line."""
    anchors = []
    header_seen = False
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        where = f"{path}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != HEADER:
                raise InputError(f"{where}: the header must be {' '.join(HEADER)} (tab-separated)")
            header_seen = True
            continue
        if len(cells) != len(HEADER):
            raise InputError(
                f"{where}: expected {len(HEADER)} tab-separated cells, found {len(cells)}"
            )
        subject, predicate, obj, start, exact = cells
        if not start.isdigit():
            raise InputError(f"{where}: start must be a whole number of code points, not {start!r}")
        if not exact:
            raise InputError(f"{where}: the passage (exact) is empty")
        anchors.append(
            Anchor(
                file=path,
                line=number,
                subject=expand_curie(subject, where),
                predicate=expand_curie(predicate, where),
                object=parse_object(obj, where),
                start=int(start),
                exact=unescape(exact),
            )
        )
    return anchors


def read_tables(folder: Path) -> list[Anchor]:
    """The rows of every table in a text's `anchors/` folder."""
    return [a for path in sorted((folder / "anchors").glob("*.tsv")) for a in read_table(path)]


def mismatches(anchors: list[Anchor], content: str) -> list[str]:
    """A line for each anchor whose passage is not at its offsets; empty when all hold."""
    problems = []
    for anchor in anchors:
        found = content[anchor.start : anchor.end]
        if found != anchor.exact:
            problems.append(
                f"{anchor.where}: {' '.join(curie(t) for t in anchor.triple)}: "
                f"expected {anchor.exact!r} at {anchor.start}, the text has {found!r}"
            )
    return problems


def find_quote(project: Project, quote: str, text_id: str | None = None) -> list[str]:
    """Every occurrence of `quote` in the corpus as `text  start  exact` lines for a table row."""
    folders = [f for f in project.text_dirs() if text_id in (None, f.name)]
    if not folders:
        raise InputError(f"no text named {text_id!r} under {project.data_dir / 'texts'}")
    lines = []
    for folder in folders:
        text = load_text(folder)
        start = text.content.find(quote)
        while start != -1:
            lines.append(f"{text.text_id}\t{start}\t{quote}")
            start = text.content.find(quote, start + 1)
    if not lines:
        raise InputError(f"{quote!r} does not occur in any text; check the spelling and spaces")
    return lines
