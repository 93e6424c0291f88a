"""Reading and writing SSSOM mapping tables (TSV with a `#`-prefixed YAML metadata block).

The build reads `data/mappings/*.sssom.tsv` with this small parser rather than the `sssom`
package, which pulls in pandas and LinkML: a release must not need them. It reads what SSSOM TSV
files hold in practice — `key: value` lines, a `curie_map:` of `prefix: IRI` lines, lists of
`- value` — and refuses anything it cannot read, naming the file and the line. The tests load the
project's files with the `sssom` package too, so both readings must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import URIRef

from .errors import InputError
from .rdfio import read_text

#: Prefixes SSSOM defines for every mapping set (a file's curie_map may add to them).
BUILTIN_PREFIXES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": "https://w3id.org/sssom/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: Columns every row must fill (SSSOM's required slots).
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
SEMAPV = BUILTIN_PREFIXES["semapv"]

_KEY = re.compile(r"([A-Za-z_][\w-]*):(?:\s+(.*))?$")
_CURIE = re.compile(r"([A-Za-z_][\w.-]*):(\S*)")


@dataclass(frozen=True)
class Mapping:
    """One row of a mapping table, its CURIEs expanded."""

    line: int
    subject: URIRef
    predicate: URIRef
    object: URIRef
    justification: URIRef
    confidence: float | None
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class MappingSet:
    """A mapping table: its metadata, prefixes and rows."""

    path: Path
    metadata: dict[str, object]
    curie_map: dict[str, str]
    mappings: list[Mapping] = field(default_factory=list)

    @property
    def mapping_set_id(self) -> str:
        return str(self.metadata.get("mapping_set_id", ""))

    @property
    def license(self) -> str:
        return str(self.metadata.get("license", ""))

    def expand(self, curie: str, where: str) -> URIRef:
        """A CURIE (or <IRI>, or an absolute IRI) as an IRI; an unknown prefix is an error."""
        if curie.startswith("<") and curie.endswith(">"):
            return URIRef(curie[1:-1])
        match = _CURIE.fullmatch(curie)
        if match is None:
            raise InputError(f"{where}: {curie!r} is not a CURIE (write prefix:local)")
        prefix, local = match.groups()
        if local.startswith("//"):
            return URIRef(curie)
        prefixes = {**BUILTIN_PREFIXES, **self.curie_map}
        if prefix not in prefixes:
            raise InputError(
                f"{where}: the prefix {prefix!r} of {curie} is not in the curie_map "
                f"(it declares {', '.join(sorted(self.curie_map)) or 'nothing'})"
            )
        return URIRef(prefixes[prefix] + local)


def read_sssom(path: Path) -> MappingSet:
    """Read an SSSOM TSV file; any malformed line is an InputError naming file and line."""
    lines = read_text(path).splitlines()
    header = 0
    while header < len(lines) and lines[header].startswith("#"):
        header += 1
    metadata = _read_metadata(path, lines[:header])
    curie_map = metadata.pop("curie_map", {})
    if not isinstance(curie_map, dict):
        raise InputError(f"{path}: curie_map must map prefixes to IRIs")
    mapping_set = MappingSet(path, metadata, {k: str(v) for k, v in curie_map.items()})
    for key in ("mapping_set_id", "license"):
        if not metadata.get(key):
            raise InputError(f"{path}: the metadata block has no {key} (SSSOM requires one)")
    if header >= len(lines):
        raise InputError(f"{path}: no column header after the metadata block")
    columns = lines[header].split("\t")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"{path}:{header + 1}: no column {', '.join(missing)} in the header")
    seen: dict[tuple[URIRef, URIRef], int] = {}
    for number, text in enumerate(lines[header + 1 :], start=header + 2):
        if not text.strip():
            continue
        cells = text.split("\t")
        where = f"{path}:{number}"
        if len(cells) != len(columns):
            raise InputError(
                f"{where}: {len(cells)} cells where the header has {len(columns)} columns"
            )
        mapping = _read_row(mapping_set, dict(zip(columns, cells, strict=True)), number, where)
        key = (mapping.subject, mapping.object)
        if key in seen:
            raise InputError(f"{where}: the same link as line {seen[key]}")
        seen[key] = number
        mapping_set.mappings.append(mapping)
    return mapping_set


def _read_row(mapping_set: MappingSet, values: dict[str, str], number: int, where: str) -> Mapping:
    empty = [c for c in REQUIRED_COLUMNS if not values[c].strip()]
    if empty:
        raise InputError(f"{where}: {', '.join(empty)} is empty")
    justification = mapping_set.expand(values["mapping_justification"], where)
    if not str(justification).startswith(SEMAPV):
        raise InputError(
            f"{where}: mapping_justification {values['mapping_justification']} is not a semapv: "
            "term (e.g. semapv:ManualMappingCuration)"
        )
    confidence = None
    if values.get("confidence", "").strip():
        try:
            confidence = float(values["confidence"])
        except ValueError:
            confidence = -1.0
        if not 0.0 <= confidence <= 1.0:
            raise InputError(f"{where}: confidence {values['confidence']!r} is not between 0 and 1")
    if values.get("mapping_date", "").strip():
        try:
            date.fromisoformat(values["mapping_date"])
        except ValueError:
            raise InputError(
                f"{where}: mapping_date {values['mapping_date']!r} is not a date (YYYY-MM-DD)"
            ) from None
    return Mapping(
        line=number,
        subject=mapping_set.expand(values["subject_id"], where),
        predicate=mapping_set.expand(values["predicate_id"], where),
        object=mapping_set.expand(values["object_id"], where),
        justification=justification,
        confidence=confidence,
        values=values,
    )


def _read_metadata(path: Path, lines: list[str]) -> dict[str, object]:
    """The `#`-prefixed YAML block: scalars, one level of mapping, lists of scalars."""
    metadata: dict[str, object] = {}
    current: str | None = None
    # "# key: value" and "#key: value" are both usual: indentation counts from the least of it.
    texts = [raw[1:] for raw in lines]
    base = min((len(t) - len(t.lstrip()) for t in texts if t.strip()), default=0)
    for number, (raw, text) in enumerate(zip(lines, texts, strict=True), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indented = len(text) - len(text.lstrip()) > base
        stripped = text.strip()
        where = f"{path}:{number}"
        if not indented:
            match = _KEY.match(stripped)
            if match is None:
                raise InputError(f"{where}: cannot read the metadata line {raw!r} (key: value)")
            current, value = match.group(1), match.group(2)
            metadata[current] = _scalar(value) if value else None
        elif current is None:
            raise InputError(f"{where}: an indented metadata line without a key above it")
        elif stripped.startswith("- "):
            items = metadata[current] if isinstance(metadata[current], list) else []
            metadata[current] = [*items, _scalar(stripped[2:])]
        elif match := _KEY.match(stripped):
            entries = metadata[current] if isinstance(metadata[current], dict) else {}
            metadata[current] = {**entries, match.group(1): _scalar(match.group(2) or "")}
        else:
            raise InputError(f"{where}: cannot read the metadata line {raw!r}")
    return metadata


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def write_sssom(metadata: dict[str, object], columns: list[str], rows: list[dict[str, str]]) -> str:
    """An SSSOM TSV document: the metadata block (curie_map first), the header, the rows."""
    lines: list[str] = []
    for key, value in metadata.items():
        if isinstance(value, dict):
            lines.append(f"# {key}:")
            lines += [f"#   {k}: {_quoted(str(v))}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"# {key}:")
            lines += [f"#   - {_quoted(str(v))}" for v in value]
        else:
            lines.append(f"# {key}: {_quoted(str(value))}")
    lines.append("\t".join(columns))
    for row in rows:
        cells = [" ".join(str(row.get(c, "")).split()) for c in columns]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def _quoted(value: str) -> str:
    """A YAML scalar, quoted where a colon, hash or leading symbol would change its reading."""
    if re.search(r":\s|\s#|^[\s\-?:,\[\]{}#&*!|>'\"%@`]|\s$", value) or not value:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value
