"""Anchor tables: facts read from a text, each with the passage that supports it.

A row of `anchors/*.tsv` is `subject predicate object modality certainty start exact`: a triple,
how the text states it (its modality; empty for a plain statement of fact), how sure the reading is
(required on the links of the argument, optional elsewhere), and the passage. Columns are found by
the header, and `modality` and `certainty` may be left out of a table that needs neither. Reading a
table checks its syntax (errors name the file and line); `mismatches` checks each passage against
the source at its offsets and never looks for a look-alike passage elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import InputError
from .namespaces import AK, curie, expand_curie
from .project import Project
from .rdfio import read_tsv
from .text import load_text

#: The columns of a table, in the order the project's tables write them.
HEADER = ("subject", "predicate", "object", "modality", "certainty", "start", "exact")
#: The columns a table may leave out.
OPTIONAL = ("modality", "certainty")
#: How a fact may be stated (the `modality` column; empty means `actual`).
MODALITIES = {
    "actual": AK.actual,
    "hypothetical": AK.hypothetical,
    "counterfactual": AK.counterfactual,
    "desired": AK.desired,
}
#: How sure a reading is (the `certainty` column).
CERTAINTIES = {"certain": AK.certain, "probable": AK.probable, "possible": AK.possible}
#: The links of the argument: each says its kind by its predicate and needs a certainty.
ARGUMENT_LINKS = (AK.supports, AK.exemplifies, AK.restates, AK.conflictsWith)
#: Predicates that say something about a claim as a claim: what the text does with it, not a
#: fact of the world the text describes, so a modality makes no sense for them.
CLAIM_PREDICATES = (AK.assertedBy, AK.reportedBy, AK.about, *ARGUMENT_LINKS)
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
    modality: URIRef = AK.actual
    certainty: URIRef | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.exact)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def triple(self) -> tuple[URIRef, URIRef, Node]:
        return (self.subject, self.predicate, self.object)


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
    return [_anchor(where, row) for where, row in read_tsv(path, HEADER, OPTIONAL)]


def _anchor(where: str, row: dict[str, str]) -> Anchor:
    path, _, number = where.rpartition(":")
    if not row["start"].isdigit():
        raise InputError(
            f"{where}: start must be a whole number of code points, not {row['start']!r}"
        )
    if not row["exact"]:
        raise InputError(f"{where}: the passage (exact) is empty")
    predicate = expand_curie(row["predicate"], where)
    modality = _choice(row.get("modality", ""), MODALITIES, "modality", where) or AK.actual
    certainty = _choice(row.get("certainty", ""), CERTAINTIES, "certainty", where)
    if predicate in ARGUMENT_LINKS and certainty is None:
        raise InputError(
            f"{where}: a link of the argument ({curie(predicate)}) needs a certainty "
            f"({', '.join(CERTAINTIES)})"
        )
    if predicate in CLAIM_PREDICATES and modality != AK.actual:
        raise InputError(
            f"{where}: {curie(predicate)} says what the text does with a claim and takes no "
            "modality; give the claim's own ak:modality in claims.ttl"
        )
    return Anchor(
        file=Path(path),
        line=int(number),
        subject=expand_curie(row["subject"], where),
        predicate=predicate,
        object=parse_object(row["object"], where),
        start=int(row["start"]),
        exact=unescape(row["exact"]),
        modality=modality,
        certainty=certainty,
    )


def _choice(value: str, choices: dict[str, URIRef], column: str, where: str) -> URIRef | None:
    """The term a cell names, None for an empty cell; anything else is an error."""
    if not value:
        return None
    if value not in choices:
        raise InputError(f"{where}: {column} {value!r} is not one of {', '.join(choices)}")
    return choices[value]


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
