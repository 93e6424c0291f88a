"""Canned SPARQL queries: found by name, documented in their header, run with bound parameters.

Each `queries/*.rq` opens with a header (see `queryfile`):

    # title: Everything the text says about committees
    # question: Which committees does the text name, and what does it state about them?
    # row: one fact about a committee, with the passage that states it
    # keywords: committee, organization, passage
    # param: entity iri The entity whose facts to list
    # example: entity=id:geneva-central-committee

A parameter is bound as an RDF term, never pasted into the text: a VALUES clause opening the
WHERE clause, each term serialized by Oxigraph (so escaped), on the embedded store and on a remote
endpoint alike. Opening the WHERE clause matters for speed: Oxigraph then starts its joins from
the bound terms, where its `substitutions` option joined them last (46 ms against 0.6 ms for
passage-of-fact on ten copies of the essay, and growing with the corpus). A value that is not a
valid IRI or literal is refused before anything runs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import EndpointError, InputError
from .namespaces import PREFIXES
from .queryfile import QueryFile, read_query_file
from .results import Results, Term

if TYPE_CHECKING:
    from rdflib import Graph

#: Where the catalogue publishes each canned query.
QUERY_BASE = "https://w3id.org/alliance-kg/id/query/"
SCHEMA = "http://schema.org/"
PARAM_KINDS = ("iri", "literal")
#: Header keys every canned query must fill.
REQUIRED_KEYS = ("title", "question", "row", "keywords")

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CURIE = re.compile(r"([A-Za-z][\w.-]*):(.*)", re.DOTALL)
_ABSOLUTE_IRI = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|urn:)", re.IGNORECASE)
_DECLARED_PREFIX = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
#: What the brace scanner steps over whole: comments, strings, IRIs, escapes.
_OPAQUE = re.compile(
    r"""\#[^\n]*
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*"
    | '(?:[^'\\\n]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>
    | \\.""",
    re.VERBOSE,
)
_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


@dataclass(frozen=True)
class Param:
    """A declared parameter: the variable it binds, whether it takes an IRI or a literal."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class Query:
    """A `.rq` file read for running: its header, parameters and text."""

    file: QueryFile
    params: tuple[Param, ...]

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def text(self) -> str:
        return self.file.text

    @property
    def title(self) -> str:
        return self.file.first("title")

    @property
    def question(self) -> str:
        return self.file.first("question")

    @property
    def row(self) -> str:
        return self.file.first("row")

    @property
    def keywords(self) -> list[str]:
        return [k.strip() for k in self.file.first("keywords").split(",") if k.strip()]

    @property
    def requires(self) -> str:
        """What the query needs beyond a SPARQL 1.1 store (e.g. federation), if anything."""
        return self.file.first("requires")

    @property
    def examples(self) -> dict[str, str]:
        """Example parameter values from `# example: name=value` lines."""
        return dict(
            line.split("=", 1) for line in self.file.header.get("example", []) if "=" in line
        )

    @property
    def body(self) -> str:
        """The SPARQL without the header: what the catalogue publishes."""
        lines = self.text.splitlines()
        while lines and (lines[0].startswith("#") or not lines[0].strip()):
            lines.pop(0)
        return "\n".join(lines) + "\n"


def read_query(path: Path) -> Query:
    """Read a `.rq` file and its parameter declarations; a malformed declaration is an error."""
    file = read_query_file(path)
    params = []
    for declaration in file.header.get("param", []):
        parts = declaration.split(None, 2)
        if len(parts) < 2 or not _VARNAME.fullmatch(parts[0]) or parts[1] not in PARAM_KINDS:
            raise InputError(
                f"{path}: cannot read '# param: {declaration}'; write "
                f"'# param: NAME TYPE description' with TYPE one of {', '.join(PARAM_KINDS)}"
            )
        params.append(Param(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return Query(file=file, params=tuple(params))


def canned_queries(folder: Path) -> list[Query]:
    """Every canned query in `folder` (not its subfolders, where the checks live), by name."""
    return [read_query(path) for path in sorted(folder.glob("*.rq"))]


def describe_queries(found: list[Query], words: tuple[str, ...], folder: Path) -> str:
    """The listing `alliance-kg queries` prints: name, title and parameters of each query whose
    name, title, question or keywords contain every one of `words`."""
    width = max((len(q.name) for q in found), default=0)
    lines = []
    for query in found:
        about = " ".join([query.name, query.title, query.question, *query.keywords]).lower()
        if not all(word.lower() in about for word in words):
            continue
        needs = f"  [requires {query.requires.split(':')[0]}]" if query.requires else ""
        lines.append(f"{query.name:<{width}}  {query.title}{needs}")
        for param in query.params:
            example = query.examples.get(param.name)
            hint = f" (e.g. {example})" if example else ""
            lines.append(f"    --param {param.name}=<{param.kind}>  {param.description}{hint}")
    lines.append(
        f"({len(found)} canned queries in {folder}; run one with `alliance-kg query NAME`)"
    )
    return "\n".join(lines)


def find_query(folder: Path, name_or_path: str) -> Query:
    """A canned query by name, or any `.rq` file by path; an unknown name gets suggestions."""
    if name_or_path.endswith(".rq") or "/" in name_or_path or Path(name_or_path).is_file():
        return read_query(Path(name_or_path))
    names = sorted(path.stem for path in folder.glob("*.rq"))
    if name_or_path in names:
        return read_query(folder / f"{name_or_path}.rq")
    return _unknown(name_or_path, names, folder)


def _unknown(name: str, names: list[str], folder: Path) -> Query:
    word = name.lower()
    starting = [n for n in names if n.startswith(word)]
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.5)
    containing = [n for n in names if word in n]
    suggestions = list(dict.fromkeys(starting + close + containing))[:5]
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    where = f" in {folder}" if names else f" ({folder} holds no .rq file)"
    raise InputError(
        f"no canned query named {name!r}{where}{hint} (`alliance-kg queries` lists them all)"
    )


def documentation_problems(query: Query) -> list[str]:
    """What a canned query's header lacks or contradicts; empty when it is fully documented."""
    problems = [f"no '# {key}:' line" for key in REQUIRED_KEYS if not query.file.first(key)]
    declared = {p.name for p in query.params}
    for param in query.params:
        if not re.search(rf"[?$]{param.name}\b", query.body):
            problems.append(f"parameter {param.name} is not a variable of the query")
        if param.name not in query.examples:
            problems.append(f"parameter {param.name} has no '# example: {param.name}=...' line")
    problems += [
        f"example {name}= is not a declared parameter"
        for name in query.examples
        if name not in declared
    ]
    return [f"{query.path}: {problem}" for problem in problems]


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`--param name=value` options as a dict; a malformed or repeated one is an error."""
    values: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--param {option!r}: write --param NAME=VALUE")
        if name in values:
            raise InputError(f"--param {name} is given twice")
        values[name] = value
    return values


def bind(query: Query, values: dict[str, str]) -> dict[str, Term]:
    """Each declared parameter as an RDF term; an undeclared or missing one is an error."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        takes = ", ".join(declared) if declared else "no parameter"
        raise InputError(f"{query.name} takes {takes}; not {', '.join(unknown)}")
    missing = [p for p in query.params if p.name not in values]
    if missing:
        lines = [f"{query.name} needs a value for each parameter:"]
        for param in missing:
            example = query.examples.get(param.name)
            hint = f" (e.g. --param {param.name}={example})" if example else ""
            lines.append(f"  --param {param.name}=<{param.kind}>  {param.description}{hint}")
        raise InputError("\n".join(lines))
    return {name: to_term(declared[name], value) for name, value in values.items()}


def to_term(param: Param, value: str) -> Term:
    """A parameter value as the term its declaration asks for.

    An IRI is written <IRI>, as a CURIE with one of the project's prefixes (id:geneva), or as an
    absolute IRI (https://…, urn:…). A literal is taken as the plain string given.
    """
    if param.kind == "literal":
        return ox.Literal(value)
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif (match := _CURIE.fullmatch(value)) and match.group(1) in PREFIXES:
        iri = PREFIXES[match.group(1)] + match.group(2)
    elif _ABSOLUTE_IRI.match(value):
        iri = value
    else:
        raise InputError(
            f"--param {param.name}={value}: not an IRI; write <IRI>, an absolute IRI, or a CURIE "
            f"with one of the prefixes {', '.join(sorted(PREFIXES))}"
        )
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise InputError(f"--param {param.name}={value}: not a valid IRI ({error})") from None


def run_embedded(store: ox.Store, query: Query, bindings: dict[str, Term]) -> Results:
    """Run a SELECT query on the embedded store, parameters bound by a VALUES clause."""
    try:
        solutions = store.query(values_bound(query, bindings), prefixes=PREFIXES)
        if not isinstance(solutions, ox.QuerySolutions):
            raise InputError(f"{query.path}: only SELECT queries can be run here")
        return Results.from_solutions(solutions)
    except SyntaxError as error:
        raise InputError(syntax_error_message(query, str(error))) from None
    except RuntimeError as error:  # an evaluation error, e.g. a function given a wrong type
        raise InputError(f"{query.path}: {error}") from None
    except OSError as error:  # a SERVICE call that failed
        raise EndpointError(f"{query.path}: {error}") from None


def syntax_error_message(query: Query, error: str) -> str:
    """A syntax error as file:line:column, the line itself, and a caret under the spot.

    Oxigraph's parser names semantic faults well ("Prefix not found") but places grammar faults
    at the furthest point it tried, often the end of the query; for those, rdflib's parser (loaded
    only on this error path) finds where the query stops making sense.
    """
    match = _ERROR_AT.match(error)
    if match is None:
        return f"{query.path}: SPARQL syntax error: {error}"
    line, column = int(match.group(1)), int(match.group(2))
    sentences = _sentences(match.group(3))
    if not sentences and (located := _locate(query.text)) is not None:
        line, column = located
        found = _line(query.text, line)[column - 1 :].split()
        reason = f"cannot be read from {found[0]!r} on" if found else "cannot be read from here on"
    else:
        reason = _reason(sentences, _line(query.text, line), column)
    return (
        f"{query.path}:{line}:{column}: SPARQL syntax error: {reason}\n"
        f"  {_line(query.text, line)}\n  {' ' * (column - 1)}^"
    )


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _sentences(expected: str) -> list[str]:
    """The parser's own words among its expectations (\"Prefix not found\"), not token lists."""
    expected = re.sub(r"^expected (one of )?", "", expected)
    return [
        part for part in expected.split(", ") if re.fullmatch(r"[A-Za-z]+(?: [A-Za-z]+)+", part)
    ]


def _reason(sentences: list[str], source: str, column: int) -> str:
    if "Prefix not found" in sentences and (
        match := re.search(r"([A-Za-z][\w.-]*)?:\S*$", source[: column - 1])
    ):
        return f"the prefix '{match.group(1) or ''}:' is not declared (add a PREFIX line)"
    if sentences:
        return "; ".join(sentences)
    found = source[column - 1 :].split()
    return f"unexpected {found[0]!r}" if found else "the query is incomplete here"


def _locate(text: str) -> tuple[int, int] | None:
    """Where rdflib's SPARQL grammar stops matching: line and column."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as error:
        return error.lineno, error.col
    except Exception:  # rdflib's parser raises assorted errors; Oxigraph's answer stands
        return None
    return None


def remote_text(query: Query, bindings: dict[str, Term]) -> str:
    """The query as sent to an endpoint: missing project prefixes declared, parameters VALUES-bound.

    Both are added on lines that already exist, so the endpoint's line numbers are the file's.
    """
    text = values_bound(query, bindings)
    declared = {match.group(1) or "" for match in _DECLARED_PREFIX.finditer(text)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return (" ".join(missing) + " " if missing else "") + text


def values_bound(query: Query, bindings: dict[str, Term]) -> str:
    """The query's text with the parameters in a VALUES clause opening its WHERE clause, on the
    line the brace is on (so line numbers in an error are the file's)."""
    text = query.text
    if not bindings:
        return text
    brace = _where_brace(text)
    if brace is None:
        raise InputError(f"{query.path}: no WHERE clause to bind the parameters in")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"{text[: brace + 1]} VALUES ({names}) {{ ({terms}) }}{text[brace + 1 :]}"


def _where_brace(text: str) -> int | None:
    """The offset of the `{` opening the WHERE clause: the first one outside parentheses."""
    depth = 0
    i = 0
    while i < len(text):
        if (match := _OPAQUE.match(text, i)) is not None:
            i = match.end()
            continue
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{" and depth == 0:
            return i
        i += 1
    return None


def catalogue_graph(queries: list[Query]) -> Graph:
    """The canned queries as RDF, the way curated SPARQL example collections publish them.

    Each is a `sh:SPARQLSelectExecutable` at id:query/NAME with its title (rdfs:label), question
    (rdfs:comment), keywords (schema:keywords) and SPARQL text (sh:select), so an endpoint serving
    the release also serves its queries and tools can list them.
    """
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, SH

    schema = Namespace(SCHEMA)
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("schema", schema)
    for query in queries:
        if not query.title or not query.question:
            raise InputError(
                f"{query.path}: a canned query needs '# title:' and '# question:' lines"
            )
        node = URIRef(QUERY_BASE + query.name)
        graph.add((node, RDF.type, SH.SPARQLExecutable))
        graph.add((node, RDF.type, SH.SPARQLSelectExecutable))
        graph.add((node, RDFS.label, Literal(query.title, lang="en")))
        graph.add((node, RDFS.comment, Literal(query.question, lang="en")))
        graph.add((node, SH.select, Literal(query.body)))
        for keyword in query.keywords:
            graph.add((node, schema.keywords, Literal(keyword, lang="en")))
    return graph
