"""Query results in one model, written in the formats people and tools read.

Embedded and remote runs both end in `Results` (Oxigraph terms), and every format is written from
it, so the same query gives byte-identical output whichever store answered. `tsv`, `csv` and `json`
are the SPARQL 1.1 results formats; `table` and `md` are for people: IRIs shortened to CURIEs,
literals shown as their text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import EndpointError
from .namespaces import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal
FORMATS = ("table", "csv", "tsv", "json", "md")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: Datatypes the SPARQL TSV format may write bare (Turtle's abbreviated numbers and booleans).
_BARE = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
#: Longest namespace first, so that id:claim/x is written claim:x.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@dataclass(frozen=True)
class Results:
    """A SELECT query's answer: its variables in projection order and its rows (None: unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> Results:
        variables = tuple(v.value for v in solutions.variables)
        return cls(variables, tuple(tuple(s[v] for v in variables) for s in solutions))

    @classmethod
    def from_json(cls, document: object) -> Results:
        """Read a SPARQL 1.1 JSON results document; a malformed one is the endpoint's fault."""
        try:
            variables = tuple(document["head"]["vars"])  # type: ignore[index]
            bindings = document["results"]["bindings"]  # type: ignore[index]
            rows = tuple(
                tuple(_term_from_json(binding[v]) if v in binding else None for v in variables)
                for binding in bindings
            )
        except (KeyError, TypeError, ValueError) as error:
            raise EndpointError(
                f"the endpoint's answer is not a SPARQL JSON result set ({error!r})"
            ) from None
        return cls(variables, rows)

    @classmethod
    def from_tsv(cls, text: str) -> Results:
        """Read SPARQL 1.1 TSV results (as the golden files are written)."""
        return cls.from_solutions(ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV))


def _term_from_json(value: dict[str, str]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(value["value"], language=value["xml:lang"])
        if "datatype" in value:
            return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
        return ox.Literal(value["value"])
    raise ValueError(f"unsupported term type {kind!r}")


def write(results: Results, output_format: str) -> str:
    """The results in `output_format` (one of FORMATS)."""
    writers: dict[str, Callable[[Results], str]] = {
        "table": to_table,
        "csv": to_csv,
        "tsv": to_tsv,
        "json": to_json,
        "md": to_markdown,
    }
    return writers[output_format](results)


def to_tsv(results: Results) -> str:
    """SPARQL 1.1 TSV: terms in N-Triples syntax, numbers and booleans bare, unbound empty."""
    lines = ["\t".join(f"?{v}" for v in results.variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in results.rows]
    return "\n".join(lines) + "\n"


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    pattern = _BARE.get(term.datatype.value) if isinstance(term, ox.Literal) else None
    if pattern is not None and pattern.fullmatch(term.value):
        return term.value
    return str(term)


def to_csv(results: Results) -> str:
    """SPARQL 1.1 CSV: plain values (IRIs, lexical forms, _:labels), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(["" if t is None else _plain(t) for t in row])
    return out.getvalue()


def _plain(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def to_json(results: Results) -> str:
    """SPARQL 1.1 JSON results."""
    document = {
        "head": {"vars": list(results.variables)},
        "results": {
            "bindings": [
                {
                    v: _term_to_json(t)
                    for v, t in zip(results.variables, row, strict=True)
                    if t is not None
                }
                for row in results.rows
            ]
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _term_to_json(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
        value["datatype"] = term.datatype.value
    return value


def short(term: Term | None) -> str:
    """A term as people read it: a CURIE where a prefix fits, a literal's text, else <iri>."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in _NAMESPACES:
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    return _plain(term)


def _cells(results: Results, newline: str) -> list[list[str]]:
    return [
        [short(t).replace("\n", newline).replace("\t", " ") for t in row] for row in results.rows
    ]


def to_table(results: Results) -> str:
    """Aligned columns with a rule under the header, and the row count last."""
    header = list(results.variables)
    rows = _cells(results, " ⏎ ")
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    count = len(rows)
    lines = [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def to_markdown(results: Results) -> str:
    """A GitHub-flavoured Markdown table."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    lines = [line(list(results.variables)), line(["---"] * len(results.variables))]
    lines += [line(r) for r in _cells(results, "<br>")]
    return "\n".join(lines) + "\n"
