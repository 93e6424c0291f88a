"""SPARQL files with a header people and code both read.

A header is the run of `# key: value` comment lines at the top of a `.rq` file:

    # title: Entities without a label
    # severity: error
    # description: Every entity needs an rdfs:label ...

A key may repeat (`# param: ...` once per parameter); a line starting `#   ` continues the value
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .rdfio import read_text

_HEADER_LINE = re.compile(r"^#\s*([a-z][a-z-]*):\s?(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")


@dataclass(frozen=True)
class QueryFile:
    """A `.rq` file: its name (the file name without `.rq`), header and text."""

    path: Path
    header: dict[str, list[str]]
    text: str

    @property
    def name(self) -> str:
        return self.path.stem

    def first(self, key: str, default: str = "") -> str:
        """The first value of a header key."""
        values = self.header.get(key)
        return values[0] if values else default


def read_query_file(path: Path) -> QueryFile:
    text = read_text(path)
    header: dict[str, list[str]] = {}
    last_key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if (match := _HEADER_LINE.match(line)) is not None:
            last_key = match.group(1)
            header.setdefault(last_key, []).append(match.group(2).strip())
        elif last_key and (match := _CONTINUATION.match(line)) is not None:
            header[last_key][-1] = f"{header[last_key][-1]} {match.group(1)}".strip()
    return QueryFile(path=path, header=header, text=text)


def read_query_files(folder: Path) -> list[QueryFile]:
    """Every `.rq` file directly in `folder`, by name."""
    return [read_query_file(p) for p in sorted(folder.glob("*.rq"))]
