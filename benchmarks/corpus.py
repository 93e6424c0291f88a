"""A synthetic corpus: N copies of the essay's graph, each with its own IRIs and its own text.

Copy 1 is the curated data unchanged. Copy k (k >= 2) renames every IRI under the id: namespace
(`id:geneva` -> `id:c7-geneva`, `claim:x` -> `claim:c7-x`, the text `id:t` -> `id:t-c7`) and
writes its text and every literal in a per-copy "language": a seeded permutation of a-z applied
to the lower- and upper-case ASCII letters. The permutation keeps every length, so all offsets
stay valid, and it keeps case and word boundaries, so each copy's text mentions its own entities
exactly as the essay mentions the originals. What a scale-N build does is then N times the
essay's work, not N texts each mentioning N times as many entities.

A permutation could still map a label of one copy onto a word of another copy's text (a short
label is a short random string); such a copy draws the next permutation, so mention counts are
exactly N times the essay's. Ontology, shapes and queries are shared, not copied.

    python benchmarks/corpus.py --scale 10 --out /tmp/corpus10
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import string
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.term import Node

from alliance_kg.anchors import unescape
from alliance_kg.mentions import EXCLUSIONS_FILE
from alliance_kg.namespaces import ID, PREFIXES
from alliance_kg.project import Project
from alliance_kg.voices import VOICES_FILE

ROOT = Path(__file__).resolve().parent.parent

SHARED_FOLDERS = ("ontology", "queries")
#: Literal-bearing predicates whose values the mention finder reads as names.
NAME_PREDICATES = (RDFS.label, SKOS.altLabel)
#: text.toml keys whose string values are quoted from the text (and so must be translated).
TEXT_TOML_QUOTES = ("joins", "opens_with", "label")
SSSOM_SUFFIX = ".sssom.tsv"
_WORD = re.compile(r"\w+")
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n"}


def _escape(value: str) -> str:
    """The inverse of the tables' `unescape`: a tab, a line break and a backslash escaped."""
    return "".join(_TSV_ESCAPES.get(c, c) for c in value)


def _permutation(seed: str) -> dict[int, int]:
    """A str.translate table permuting a-z (and A-Z the same way), drawn from `seed`."""
    letters = list(string.ascii_lowercase)
    random.Random(seed).shuffle(letters)
    table = {ord(a): ord(b) for a, b in zip(string.ascii_lowercase, letters, strict=True)}
    table.update({ord(chr(a).upper()): ord(chr(b).upper()) for a, b in table.items()})
    return table


def _inverse(table: dict[int, int]) -> dict[int, int]:
    return {b: a for a, b in table.items()}


def _compose(outer: dict[int, int], inner: dict[int, int]) -> dict[int, int]:
    """The table of outer(inner(c))."""
    return {c: outer.get(inner.get(c, c), inner.get(c, c)) for c in inner}


@dataclass(frozen=True)
class Copy:
    """How copy `number` renames IRIs and rewrites literal text (copy 1: not at all)."""

    number: int
    letters: dict[int, int]
    text_ids: tuple[str, ...]

    @property
    def suffix(self) -> str:
        return f"-c{self.number}"

    def text(self, value: str) -> str:
        return value.translate(self.letters)

    def text_id(self, text_id: str) -> str:
        return text_id + self.suffix

    def iri(self, iri: str) -> str:
        """id:x -> id:ck-x, id:claim/x -> id:claim/ck-x, id:t/s -> id:t-ck/s for a text t."""
        if self.number == 1 or not iri.startswith(str(ID)):
            return iri
        path = iri[len(str(ID)) :]
        for text_id in self.text_ids:
            if path == text_id or path.startswith(text_id + "/"):
                return str(ID) + self.text_id(text_id) + path[len(text_id) :]
        head, slash, last = path.rpartition("/")
        return f"{ID}{head}{slash}c{self.number}-{last}"

    def curie(self, token: str) -> str:
        """A table cell naming an IRI (`id:x`, `claim:x`, `a`), renamed with its prefix kept."""
        prefix, colon, local = token.partition(":")
        if not colon or prefix not in PREFIXES:
            return token
        renamed = self.iri(PREFIXES[prefix] + local)
        assert renamed.startswith(PREFIXES[prefix]), (token, renamed)
        return prefix + ":" + renamed[len(PREFIXES[prefix]) :]

    def term(self, node: Node) -> Node:
        """An RDF term of copy 1 as copy k has it: IRIs renamed, string literals translated."""
        if isinstance(node, URIRef):
            return URIRef(self.iri(str(node)))
        if isinstance(node, Literal) and node.datatype in (None, XSD.string):
            return Literal(self.text(str(node)), lang=node.language, datatype=node.datatype)
        return node

    def literal_token(self, token: str) -> str:
        """An anchor table's object cell: a CURIE, or a Turtle literal whose text is translated."""
        if not token.startswith('"'):
            return self.curie(token)
        body, quote, rest = token[1:].rpartition('"')
        assert quote, token
        if rest.startswith("^^") and rest[2:] not in ("xsd:string", f"<{XSD.string}>"):
            return token
        return '"' + self.text(body) + '"' + rest


@dataclass
class Essay:
    """What the generator reads once from the project: its texts and the names it mentions."""

    text_ids: tuple[str, ...]
    #: Each name form (label or alias, white space normalised).
    forms: set[str]
    #: Each form as its words joined by \\0, and every run of words in the texts likewise.
    form_words: list[str]
    text_word_runs: set[str]


def read_essay(project: Project) -> Essay:
    """The text ids, the name forms and the runs of words in the texts that a form could hit."""
    text_ids = tuple(
        tomllib.loads((d / "text.toml").read_text(encoding="utf-8"))["id"]
        for d in project.text_dirs()
    )
    graph = Graph()
    for path in project.data_turtle_files():
        graph.parse(path, format="turtle")
    forms = {
        " ".join(str(o).split())
        for p in NAME_PREDICATES
        for o in graph.objects(None, p)
        if isinstance(o, Literal)
    }
    forms.discard("")
    form_words = sorted({"\0".join(_WORD.findall(f)) for f in forms})
    longest = max(f.count("\0") + 1 for f in form_words)
    runs: set[str] = set()
    for folder in project.text_dirs():
        config = tomllib.loads((folder / "text.toml").read_text(encoding="utf-8"))
        words = _WORD.findall((folder / config["source"]).read_text(encoding="utf-8"))
        for size in range(1, longest + 1):
            runs.update("\0".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return Essay(text_ids, forms, form_words, runs)


def _clashes(essay: Essay, table: dict[int, int]) -> bool:
    """Whether copy j's names under `table` (sigma_k^-1 . sigma_j) would hit copy k's text or names.

    A form f of copy j is sigma_j(f); it occurs in copy k's text sigma_k(T) exactly where
    sigma_k^-1(sigma_j(f)) occurs in T. Word runs are compared, which is stricter than the build's
    matching (punctuation between words is ignored), so a false alarm only costs a redraw.
    """
    joined = "\n".join(essay.form_words).translate(table)
    if not essay.text_word_runs.isdisjoint(joined.split("\n")):
        return True
    return not essay.forms.isdisjoint("\n".join(sorted(essay.forms)).translate(table).split("\n"))


def plan_copies(essay: Essay, scale: int) -> list[Copy]:
    """Copies 1..scale, each with the first permutation whose names hit no other copy."""
    copies = [Copy(1, {}, essay.text_ids)]
    identity = {ord(c): ord(c) for c in string.ascii_letters}
    tables = [identity]
    for number in range(2, scale + 1):
        for attempt in range(1000):
            table = _permutation(f"alliance-kg synthetic corpus, copy {number}, draw {attempt}")
            inverse = _inverse(table)
            if not any(
                _clashes(essay, _compose(inverse, other))
                or _clashes(essay, _compose(_inverse(other), table))
                for other in tables
            ):
                break
        else:
            raise RuntimeError(f"no permutation for copy {number} avoids the other copies' names")
        copies.append(Copy(number, table, essay.text_ids))
        tables.append(table)
    return copies


def _rewrite_tsv(src: Path, dst: Path, row: Callable[[list[str]], list[str]], header: str) -> None:
    """Copy a table line by line, passing each data row (not comments, not the header) to `row`."""
    lines = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip() or line.split("\t")[0] == header:
            lines.append(line)
        else:
            lines.append("\t".join(row(line.split("\t"))))
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_turtle(src: Path, dst: Path, copy: Copy) -> None:
    graph = Graph()
    graph.parse(src, format="turtle")
    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for triple in graph:
        out.add(tuple(copy.term(t) for t in triple))  # type: ignore[arg-type]
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(out.serialize(format="turtle"), encoding="utf-8")


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[\n" + "".join(f"    {_toml_string(v)},\n" for v in value) + "]"
    raise ValueError(f"text.toml value the generator cannot write: {value!r}")


def _write_text_toml(config: dict, dst: Path, copy: Copy, sha256: str) -> None:
    """text.toml for the copy: its id and pin, and every quoted opening translated."""

    def quoted(key: str, value: object) -> object:
        if key not in TEXT_TOML_QUOTES:
            return value
        return [copy.text(v) for v in value] if isinstance(value, list) else copy.text(value)

    top = {**config, "id": copy.text_id(config["id"]), "sha256": sha256}
    lines = [
        f"{key} = {_toml_value(quoted(key, value))}"
        for key, value in top.items()
        if key != "sections"
    ]
    for section in config["sections"]:
        lines += ["", "[[sections]]"]
        lines += [
            f"{key} = {_toml_value(copy.curie(value) if key == 'speaker' else quoted(key, value))}"
            for key, value in section.items()
        ]
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _copy_text(folder: Path, texts: Path, copy: Copy) -> None:
    """One text folder of the essay as copy k: source, text.toml, anchors, exclusions, Turtle."""
    config = tomllib.loads((folder / "text.toml").read_text(encoding="utf-8"))
    target = texts / copy.text_id(config["id"])
    source = folder / config["source"]
    content = copy.text(source.read_bytes().decode("utf-8")).encode("utf-8")
    target.mkdir(parents=True)
    (target / config["source"]).write_bytes(content)
    _write_text_toml(config, target / "text.toml", copy, hashlib.sha256(content).hexdigest())

    def anchor_row(cells: list[str]) -> list[str]:
        subject, predicate, obj, modality, certainty, start, exact = cells
        return [
            copy.curie(subject),
            copy.curie(predicate),
            copy.literal_token(obj),
            modality,
            certainty,
            start,
            _escape(copy.text(unescape(exact))),
        ]

    def voice_row(cells: list[str]) -> list[str]:
        voice, speaker, start, exact, source, reason = cells
        speaker = copy.curie(speaker) if speaker else ""
        return [voice, speaker, start, _escape(copy.text(unescape(exact))), source, reason]

    def exclusion_row(cells: list[str]) -> list[str]:
        entity, start, exact, reason = cells
        return [copy.curie(entity), start, _escape(copy.text(unescape(exact))), reason]

    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_dir() or path == source or relative == Path("text.toml"):
            continue
        if relative.parts[0] == "anchors" and path.suffix == ".tsv":
            _rewrite_tsv(path, target / relative, anchor_row, "subject")
        elif relative == Path(EXCLUSIONS_FILE):
            _rewrite_tsv(path, target / relative, exclusion_row, "entity")
        elif relative == Path(VOICES_FILE):
            _rewrite_tsv(path, target / relative, voice_row, "voice")
        elif path.suffix == ".ttl":
            _write_turtle(path, target / relative, copy)
        else:
            raise ValueError(f"{path}: the generator does not know how to copy this file")


def _copy_mapping(path: Path, mappings: Path, copy: Copy) -> None:
    """A mapping table as copy k: subjects renamed, their labels translated, its own set id."""
    name = path.name
    stem = name.removesuffix(SSSOM_SUFFIX) if name.endswith(SSSOM_SUFFIX) else path.stem
    new_name = name.replace(stem, stem + copy.suffix, 1)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if not line.startswith("#")).split("\t")
    subject, label = header.index("subject_id"), header.index("subject_label")

    def row(cells: list[str]) -> list[str]:
        cells = list(cells)
        cells[subject] = copy.curie(cells[subject])
        cells[label] = copy.text(cells[label])
        return cells

    _rewrite_tsv(path, mappings / new_name, row, "subject_id")
    if name.endswith(SSSOM_SUFFIX):
        target = mappings / new_name
        text = target.read_text(encoding="utf-8")
        set_id = re.search(r"^#mapping_set_id: (\S+)$", text, re.MULTILINE)
        assert set_id and name in set_id.group(1), f"{path}: mapping_set_id must name the file"
        renamed = set_id.group(1).replace(name, new_name)
        target.write_text(text.replace(set_id.group(0), f"#mapping_set_id: {renamed}"), "utf-8")


def _files_outside_texts(project: Project) -> Iterable[Path]:
    texts = project.data_dir / "texts"
    return (
        p
        for p in sorted(project.data_dir.rglob("*"))
        if p.is_file() and not p.is_relative_to(texts)
    )


def write_corpus(out: Path, scale: int, project: Project | None = None) -> list[Copy]:
    """Write a project folder holding `scale` copies of the essay into `out` (must not exist)."""
    project = project or Project(ROOT)
    if scale < 1:
        raise ValueError("scale must be at least 1")
    essay = read_essay(project)
    copies = plan_copies(essay, scale)
    out.mkdir(parents=True)
    for folder in (*SHARED_FOLDERS, "data"):
        shutil.copytree(project.root / folder, out / folder)
    for path in out.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    data = out / "data"
    for copy in copies[1:]:
        for folder in project.text_dirs():
            _copy_text(folder, data / "texts", copy)
        for path in _files_outside_texts(project):
            relative = path.relative_to(project.data_dir)
            if path.suffix == ".ttl":
                _write_turtle(path, data / "copies" / f"c{copy.number}" / relative, copy)
            elif relative.parts[0] == "mappings" and path.suffix == ".tsv":
                _copy_mapping(path, data / "mappings", copy)
            elif relative.parts[0] == "reviews":
                continue  # verdicts are about the essay's own items, not a copy's
            else:
                raise ValueError(f"{path}: the generator does not know how to copy this file")
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="copies of the essay")
    parser.add_argument("--out", type=Path, required=True, help="new folder for the project")
    args = parser.parse_args()
    write_corpus(args.out, args.scale)
    print(f"wrote {args.scale} copies of the essay into {args.out}")


if __name__ == "__main__":
    main()
