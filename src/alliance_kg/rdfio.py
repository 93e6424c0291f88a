"""Reading RDF files with errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError

#: Serializations recognised by file name ending.
FORMATS = {
    ".jsonld": "json-ld",
    ".n3": "n3",
    ".nq": "nquads",
    ".nt": "nt",
    ".owl": "xml",
    ".rdf": "xml",
    ".trig": "trig",
    ".ttl": "turtle",
}


def read_text(path: Path) -> str:
    """The file's text as UTF-8, or an InputError saying why it cannot be read."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return text


def parse_into(graph: Graph, path: Path) -> Graph:
    """Parse one RDF file into `graph`; a syntax error names the file and the line."""
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{path}: unknown RDF format (file names must end in one of {known})")
    text = read_text(path)
    try:
        graph.parse(data=text, format=rdf_format, publicID=path.resolve().as_uri())
    except BadSyntax as error:
        # rdflib counts lines from 0; its message repeats the text around the error, so keep
        # only the reason.
        reason = getattr(error, "_why", str(error))
        raise InputError(f"{path}:{error.lines + 1}: syntax error: {reason}") from None
    except Exception as error:  # the other parsers raise assorted exception types
        raise InputError(f"{path}: cannot be read as {rdf_format}: {error}") from None
    return graph


def read_graph(*paths: Path) -> Graph:
    """A new graph holding the triples of every file given."""
    graph = Graph()
    for path in paths:
        parse_into(graph, path)
    return graph


def read_tsv(
    path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()
) -> list[tuple[str, dict[str, str]]]:
    """The data rows of a tab-separated table as (file:line, {column: cell}).

    Lines that are blank or start with `#` are comments. The first other line is the header: it
    must name every column of `columns` not in `optional`, may name the optional ones, nothing
    else, each once, in any order. A row with another number of cells is an error naming its line.
    """
    rows: list[tuple[str, dict[str, str]]] = []
    header: list[str] | None = None
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        where = f"{path}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            required = {c for c in columns if c not in optional}
            if len(set(cells)) != len(cells) or not required <= set(cells) <= set(columns):
                left_out = f"; {' and '.join(optional)} may be left out" if optional else ""
                raise InputError(
                    f"{where}: the header must be {' '.join(columns)} (tab-separated{left_out})"
                )
            header = cells
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{where}: expected {len(header)} tab-separated cells, found {len(cells)}"
            )
        rows.append((where, dict(zip(header, cells, strict=True))))
    return rows
