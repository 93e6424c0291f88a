"""`alliance-kg serve`: the release over HTTP, the way its IRIs resolve once hosted.

One process, standard library only (`ThreadingHTTPServer`) plus the in-process Oxigraph store:

* `/`, `/ontology` and `/id/PATH` answer by content negotiation on Accept (HTML, Turtle, JSON-LD,
  N-Triples converted from the Turtle); `/id/PATH.ttl` and every other file of the release are
  served as they are. Nothing outside the release folder is ever served: a path is decoded once,
  `.`/`..`/empty/hidden segments are refused, and the resolved file (symlinks followed) must lie
  inside the folder.
* `/sparql` is a read-only SPARQL 1.1 Protocol endpoint. Updates are refused with 403 (they are
  never handed to the store's update method); SERVICE is refused so the server cannot be made to
  fetch other URLs. Results are capped at `max_results` rows or triples (the cut is announced in
  the `X-Result-Truncated` header).
* Timeouts: pyoxigraph has no cancellation, but it releases the GIL while it evaluates. Each query
  runs in its own daemon thread, the handler waits until the deadline and answers 503 when it
  passes; the worker checks the deadline between solutions, so a lazily evaluated query stops
  there. A query that computes everything before its first solution (ORDER BY, GROUP BY) runs on
  in the background until it ends; a semaphore bounds how many such queries may run at once, and
  a request finding every slot taken also gets 503.
* `/.well-known/void` is the release's `void.ttl`; `/.well-known/sparql-examples` the canned
  queries (the graph's `sh:SPARQLExecutable`s) as RDF; `/reconcile` a W3C Reconciliation
  Service (see `reconcile`).
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

import pyoxigraph as ox

from .errors import InputError
from .namespaces import PREFIXES
from .reconcile import ReconcileError, Reconciler
from .release import DUMP_NAME, load_dump
from .results import Results, to_json

SITE_DIR = "site"
VOID_NAME = "void.ttl"
ONTOLOGY_NAME = "ontology.ttl"
HTML, TURTLE, JSONLD, NTRIPLES = (
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
)
#: The representations of a resource, in the server's order of preference, with their suffix.
REPRESENTATIONS = {HTML: ".html", TURTLE: ".ttl", JSONLD: ".jsonld", NTRIPLES: ".nt"}
SUFFIX_TYPES = {suffix: media for media, suffix in REPRESENTATIONS.items()}
#: Content-Type of the files served as they are, by suffix.
FILE_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".rq": "application/sparql-query; charset=utf-8",
}
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    JSONLD: ox.RdfFormat.JSON_LD,
}
#: Boolean (ASK) results have no CSV or TSV form.
BOOLEAN_TYPES = {k: v for k, v in RESULT_TYPES.items() if "json" in k or "xml" in k}
MAX_BODY = 1_000_000
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA_RANGE = re.compile(rf"({_TOKEN})/({_TOKEN})")
_QVALUE = re.compile(r"(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(?:<|[?$]|[\w.-]*:)", re.IGNORECASE)


class HttpError(Exception):
    """An answer other than 200, with a message for the client (never a traceback)."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass
class Reply:
    """What a route answers: the body, its Content-Type, and any extra headers."""

    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


# --- content negotiation -------------------------------------------------------------------


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """An Accept header as (type, subtype, q) ranges; missing or empty means `*/*`.

    A malformed range or q-value is a 400, so that a client learns its header is wrong rather
    than silently getting something it did not ask for.
    """
    if header is None or not header.strip():
        return [("*", "*", 1.0)]
    ranges = []
    for item in header.split(","):
        if not item.strip():
            continue
        media, *params = (part.strip() for part in item.split(";"))
        match = _MEDIA_RANGE.fullmatch(media)
        if match is None or (match.group(1) == "*" and match.group(2) != "*"):
            raise HttpError(HTTPStatus.BAD_REQUEST, f"malformed Accept header: {media!r}")
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                if not _QVALUE.fullmatch(value.strip()):
                    raise HttpError(
                        HTTPStatus.BAD_REQUEST, f"malformed q-value in Accept: {item!r}"
                    )
                q = float(value)
        ranges.append((match.group(1).lower(), match.group(2).lower(), q))
    return ranges


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most (RFC 9110: the most specific matching range sets its
    q; ties go to the earlier offer), or None when none is acceptable."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offers:
        kind, sub = offer.split("/")
        matching = [
            (specificity, q)
            for t, s, q in ranges
            if (specificity := _specificity(t, s, kind, sub)) is not None
        ]
        q = max(matching)[1] if matching else 0.0
        if q > best_q:
            best, best_q = offer, q
    return best


def _specificity(t: str, s: str, kind: str, sub: str) -> int | None:
    if t == kind and s == sub:
        return 2
    if t == kind and s == "*":
        return 1
    if t == "*" and s == "*":
        return 0
    return None


# --- paths -----------------------------------------------------------------------------------


def decode_path(raw: str) -> list[str]:
    """The request path's segments, decoded once; anything that could step outside is a 400."""
    if _BAD_PERCENT.search(raw):
        raise HttpError(HTTPStatus.BAD_REQUEST, "bad percent-encoding in the path")
    try:
        path = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(HTTPStatus.BAD_REQUEST, "the path is not UTF-8") from None
    if not path.startswith("/"):
        raise HttpError(HTTPStatus.BAD_REQUEST, "the path must start with /")
    segments = path[1:].split("/")
    if segments == [""]:
        return []
    for segment in segments:
        if segment in ("", ".", "..") or "\\" in segment:
            raise HttpError(HTTPStatus.BAD_REQUEST, "the path has an empty or dot segment")
        if any(ord(c) < 0x20 for c in segment):
            raise HttpError(HTTPStatus.BAD_REQUEST, "the path has a control character")
    return segments


def inside(root: Path, relative: str) -> Path | None:
    """`root/relative` if it is a file whose real location lies inside `root`, else None."""
    try:
        target = (root / relative).resolve()
    except (OSError, RuntimeError):
        return None
    return target if target.is_relative_to(root) and target.is_file() else None


# --- the application -------------------------------------------------------------------------


@dataclass
class Release:
    """The release folder being served and the store its dump was loaded into."""

    root: Path
    store: ox.Store
    query_timeout: float = 10.0
    max_results: int = 10_000
    max_running: int = 4
    slots: threading.BoundedSemaphore = field(init=False)
    reconciler: Reconciler = field(init=False)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.slots = threading.BoundedSemaphore(self.max_running)
        self.reconciler = Reconciler(self.store)

    @classmethod
    def open(cls, root: Path, query_timeout: float, max_results: int) -> Release:
        """The release at `root`: a folder holding the dump `alliance-kg build` wrote."""
        dump = root / DUMP_NAME
        if not dump.is_file():
            raise InputError(
                f"{root}: holds no {DUMP_NAME}; run `alliance-kg build` (or give --dist)"
            )
        return cls(root, load_dump(dump), query_timeout=query_timeout, max_results=max_results)

    @property
    def site(self) -> Path:
        return self.root / SITE_DIR

    def get(self, segments: list[str], accept: str | None) -> Reply:
        """A page, a negotiated resource or a file of the release."""
        if any(segment.startswith(".") for segment in segments):
            raise HttpError(HTTPStatus.NOT_FOUND, "no such page in this release")
        if segments == []:
            return self.negotiated({HTML: self.site / "index.html"}, accept)
        if segments == ["ontology"]:
            return self.negotiated(
                {HTML: self.site / "ontology.html", TURTLE: self.root / ONTOLOGY_NAME}, accept
            )
        if segments[0] == "id" and len(segments) > 1:
            path = "/".join(segments)
            suffix = PurePosixPath(path).suffix
            explicit = SUFFIX_TYPES.get(suffix)
            stem = path.removesuffix(suffix) if explicit else path
            files = {media: self.site / f"{stem}{s}" for media, s in REPRESENTATIONS.items()}
            if explicit is None:
                return self.negotiated(files, accept)
            # /id/x.nt is converted from /id/x.ttl like the negotiated N-Triples.
            sources = (explicit, TURTLE) if explicit == NTRIPLES else (explicit,)
            return self.negotiated({media: files[media] for media in sources}, explicit)
        relative = "/".join(segments)
        for root in (self.site, self.root):
            if (found := inside(root.resolve(), relative)) is not None:
                return Reply(found.read_bytes(), _file_type(found))
        raise HttpError(HTTPStatus.NOT_FOUND, "no such page in this release")

    def negotiated(self, files: dict[str, Path], accept: str | None) -> Reply:
        """The representation Accept prefers among the files that exist (N-Triples from Turtle)."""
        found = {
            media: real
            for media, path in files.items()
            if (real := inside(self.root, str(path.relative_to(self.root)))) is not None
        }
        if TURTLE in found and NTRIPLES not in found:
            found[NTRIPLES] = found[TURTLE]
        if not found:
            raise HttpError(HTTPStatus.NOT_FOUND, "no such resource in this release")
        offers = [media for media in REPRESENTATIONS if media in found]
        chosen = negotiate(accept, offers)
        if chosen is None:
            raise HttpError(
                HTTPStatus.NOT_ACCEPTABLE,
                "not available in the type asked for; available: " + ", ".join(offers),
                {"Vary": "Accept"},
            )
        path = found[chosen]
        body = path.read_bytes()
        if chosen == NTRIPLES and path.suffix != ".nt":
            body = ox.serialize(
                ox.parse(body, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
            )
        location = PurePosixPath(path.name).stem + REPRESENTATIONS[chosen]
        headers = {"Vary": "Accept", "Content-Location": location}
        return Reply(body, f"{chosen}; charset=utf-8", headers)

    def reconcile(self, params: dict[str, list[str]]) -> Reply:
        """The reconciliation manifest (no `queries=`) or the answer to a batch."""
        try:
            if "queries" in params:
                answer = self.reconciler.reconcile_batch(_single(params, "queries"))
            else:
                answer = self.reconciler.manifest()
        except ReconcileError as error:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(error)) from None
        body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        return Reply(body, "application/json; charset=utf-8")

    def void(self) -> Reply:
        path = inside(self.root, VOID_NAME)
        if path is None:
            raise HttpError(HTTPStatus.NOT_FOUND, "this release has no void.ttl")
        return Reply(path.read_bytes(), FILE_TYPES[".ttl"])

    def examples(self, accept: str | None) -> Reply:
        """The canned queries the build put in the graph, with their descriptions."""
        text = (
            "PREFIX sh: <http://www.w3.org/ns/shacl#> "
            "DESCRIBE ?q WHERE { ?q a sh:SPARQLExecutable }"
        )
        return self.sparql(text, accept)

    def sparql(self, text: str, accept: str | None) -> Reply:
        """Run a read-only query with the deadline and the cap; refuse updates and SERVICE."""
        code = _strip_comments(text)
        if _UPDATE.match(code):
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
        if _SERVICE.search(code):
            raise HttpError(HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are not allowed")
        if not self.slots.acquire(timeout=self.query_timeout):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, "too many queries running; retry later")
        outcome: dict[str, object] = {}
        done = threading.Event()
        deadline = time.monotonic() + self.query_timeout

        def work() -> None:
            try:
                outcome["reply"] = self._evaluate(text, accept, deadline)
            except Exception as error:  # handed over to the request thread, detached
                outcome["error"] = _detached(error)
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=work, daemon=True, name="sparql-query").start()
        if not done.wait(self.query_timeout):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, self._timeout_message())
        if "error" in outcome:
            raise outcome["error"]  # type: ignore[misc]
        return outcome["reply"]  # type: ignore[return-value]

    def _timeout_message(self) -> str:
        return f"no answer within the time limit of {self.query_timeout:g} s; narrow the query"

    def _evaluate(self, text: str, accept: str | None, deadline: float) -> Reply:
        try:
            result = self.store.query(text, prefixes=PREFIXES)
        except SyntaxError as error:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {error}") from None
        except (OSError, RuntimeError, ValueError) as error:
            raise HttpError(HTTPStatus.BAD_REQUEST, f"the query cannot run: {error}") from None
        try:
            if isinstance(result, ox.QueryBoolean):
                return self._boolean(result, accept)
            if isinstance(result, ox.QuerySolutions):
                return self._solutions(result, accept, deadline)
            return self._triples(result, accept, deadline)
        except (OSError, RuntimeError, ValueError) as error:  # raised while evaluating lazily
            raise HttpError(HTTPStatus.BAD_REQUEST, f"the query failed: {error}") from None

    def _capped(self, items: Iterator, deadline: float) -> tuple[list, bool]:
        """At most `max_results` items, stopping at the deadline; and whether some were cut."""
        kept = []
        for item in items:
            if time.monotonic() > deadline:
                raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE, self._timeout_message())
            if len(kept) == self.max_results:
                return kept, True
            kept.append(item)
        return kept, False

    def _solutions(self, result: ox.QuerySolutions, accept: str | None, deadline: float) -> Reply:
        media = _choose(accept, RESULT_TYPES)
        variables = tuple(v.value for v in result.variables)
        rows, cut = self._capped(iter(result), deadline)
        document = to_json(Results(variables, tuple(tuple(r[v] for v in variables) for r in rows)))
        body = document.encode("utf-8")
        if RESULT_TYPES[media] != ox.QueryResultsFormat.JSON:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=RESULT_TYPES[media])
        return Reply(body, f"{media}; charset=utf-8", _truncation(cut))

    def _boolean(self, result: ox.QueryBoolean, accept: str | None) -> Reply:
        media = _choose(accept, BOOLEAN_TYPES)
        return Reply(result.serialize(format=BOOLEAN_TYPES[media]), f"{media}; charset=utf-8")

    def _triples(self, result: ox.QueryTriples, accept: str | None, deadline: float) -> Reply:
        media = _choose(accept, GRAPH_TYPES)
        triples, cut = self._capped(iter(result), deadline)
        rdf_format = GRAPH_TYPES[media]
        prefixes = PREFIXES | {"schema": "http://schema.org/"}
        turtle = rdf_format == ox.RdfFormat.TURTLE
        body = ox.serialize(triples, format=rdf_format, prefixes=prefixes if turtle else None)
        return Reply(body, f"{media}; charset=utf-8", _truncation(cut))


def _choose(accept: str | None, types: dict) -> str:
    """The result type Accept prefers; `*/*` or no header gives the first (JSON or Turtle)."""
    chosen = negotiate(accept, list(types))
    if chosen is None:
        raise HttpError(HTTPStatus.NOT_ACCEPTABLE, "results are available as: " + ", ".join(types))
    return chosen


def _detached(error: Exception) -> Exception:
    """A copy of `error` safe to raise in another thread.

    Oxigraph's result iterators must be dropped on the thread that made them; the frames an
    exception passed through still hold them, so those frames are cleared here and only a fresh
    error, without a traceback, crosses over.
    """
    cause: BaseException | None = error
    while cause is not None:
        traceback.clear_frames(cause.__traceback__)
        cause = cause.__context__
    if isinstance(error, HttpError):
        return HttpError(error.status, str(error), error.headers)
    return RuntimeError(f"{type(error).__name__}: {error}")


def _truncation(cut: bool) -> dict[str, str]:
    return {"X-Result-Truncated": "true"} if cut else {}


def _strip_comments(text: str) -> str:
    """The query without `#` comments outside IRIs and strings (enough for the keyword checks)."""
    return re.sub(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|<[^<>\s]*>)|#[^\n]*", r"\1", text)


def _file_type(path: Path) -> str:
    return FILE_TYPES.get(path.suffix.lower(), "application/octet-stream")


# --- HTTP ------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """Routes one request; every failure becomes a short plain-text answer."""

    server: ReleaseServer
    server_version = "alliance-kg"
    timeout = 30  # a client that stops sending does not hold a thread for ever

    def do_GET(self) -> None:
        self._answer(self._get)

    def do_HEAD(self) -> None:
        self._answer(self._get, with_body=False)

    def do_POST(self) -> None:
        self._answer(self._post)

    def _get(self) -> Reply:
        split = urlsplit(self.path)
        segments = decode_path(split.path)
        accept = self.headers.get("Accept")
        release = self.server.release
        if segments == ["sparql"]:
            params = _form(split.query)
            if "update" in params:
                raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            if "query" not in params:
                raise HttpError(HTTPStatus.BAD_REQUEST, "give a SPARQL query as ?query=")
            return release.sparql(_single(params, "query"), accept)
        if segments == ["reconcile"]:
            return release.reconcile(_form(split.query))
        if segments == [".well-known", "void"]:
            return release.void()
        if segments == [".well-known", "sparql-examples"]:
            return release.examples(accept)
        return release.get(segments, accept)

    def _post(self) -> Reply:
        segments = decode_path(urlsplit(self.path).path)
        if segments not in (["sparql"], ["reconcile"]):
            raise HttpError(
                HTTPStatus.METHOD_NOT_ALLOWED,
                "POST goes to /sparql or /reconcile",
                {"Allow": "GET"},
            )
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self._body()
        if segments == ["reconcile"]:
            if media != "application/x-www-form-urlencoded":
                raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send queries= form-encoded")
            return self.server.release.reconcile(_form(_utf8(body)))
        if media == "application/sparql-update":
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
        if media == "application/sparql-query":
            text = _utf8(body)
        elif media == "application/x-www-form-urlencoded":
            params = _form(_utf8(body))
            if "update" in params:
                raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only")
            if "query" not in params:
                raise HttpError(HTTPStatus.BAD_REQUEST, "give a SPARQL query as query=")
            text = _single(params, "query")
        else:
            raise HttpError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/sparql-query or application/x-www-form-urlencoded",
            )
        return self.server.release.sparql(text, self.headers.get("Accept"))

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "give a Content-Length")
        if int(length) > MAX_BODY:
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"at most {MAX_BODY} bytes")
        return self.rfile.read(int(length))

    def _answer(self, route, with_body: bool = True) -> None:
        try:
            reply = route()
            status = HTTPStatus.OK
        except HttpError as error:
            status = error.status
            reply = Reply(f"{error}\n".encode(), "text/plain; charset=utf-8", error.headers)
        except Exception as error:  # a bug: say so briefly, keep serving
            self.log_message("internal error: %s: %s", type(error).__name__, error)
            status = HTTPStatus.INTERNAL_SERVER_ERROR
            reply = Reply(b"internal error\n", "text/plain; charset=utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if with_body:
                self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client left


def _form(text: str) -> dict[str, list[str]]:
    if _BAD_PERCENT.search(text):
        raise HttpError(HTTPStatus.BAD_REQUEST, "bad percent-encoding in the parameters")
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=100)
    except (UnicodeDecodeError, ValueError) as error:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"cannot read the parameters: {error}") from None


def _single(params: dict[str, list[str]], name: str) -> str:
    if len(params[name]) != 1:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"give exactly one {name}=")
    return params[name][0]


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None


class ReleaseServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the release it serves."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], release: Release):
        super().__init__(address, Handler)
        self.release = release

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def make_server(
    dist: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    query_timeout: float = 10.0,
    max_results: int = 10_000,
) -> ReleaseServer:
    """A server for the release in `dist`, bound but not yet serving (port 0: any free port)."""
    release = Release.open(dist, query_timeout=query_timeout, max_results=max_results)
    try:
        return ReleaseServer((host, port), release)
    except OSError as error:
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def serve(server: ReleaseServer) -> None:
    """Serve until interrupted (Ctrl-C), then close the socket."""
    print(f"serving {server.release.root} at {server.url}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
