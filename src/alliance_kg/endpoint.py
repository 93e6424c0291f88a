"""Talking to other stores: SPARQL queries over the protocol, and loading the release.

`run_remote` sends a query through SPARQLWrapper to any SPARQL 1.1 endpoint (POST, results
negotiated as SPARQL JSON by the Accept header only, as the protocol specifies). `load_release`
pushes the release dump into any store speaking the SPARQL 1.1 Graph Store HTTP Protocol: PUT
replaces the target graph, POST adds to it. Every network failure becomes an EndpointError
naming the URL and what to check; none escapes as a traceback.
"""

from __future__ import annotations

import ast
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

import pyoxigraph as ox

from .errors import EndpointError, InputError
from .queries import Query, remote_text
from .release import DUMP_FORMATS
from .results import Results, Term

#: How much of an error response to show: enough for the server's message, not a whole page.
_BODY_EXCERPT = 600


def check_url(url: str, option: str = "--endpoint") -> str:
    """The URL, if it is an absolute http(s) URL; else an input error."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{option} {url!r}: give an absolute http:// or https:// URL")
    return url


def check_graph_iri(iri: str) -> str:
    """The graph name, if it is an absolute IRI; else an input error."""
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise InputError(f"--graph {iri!r}: not a valid IRI ({error})") from None
    if ":" not in iri:
        raise InputError(f"--graph {iri!r}: give an absolute IRI")
    return iri


def run_remote(
    endpoint: str,
    query: Query,
    bindings: dict[str, Term],
    *,
    timeout: float,
    graph: str | None = None,
) -> Results:
    """Run a SELECT query on a SPARQL 1.1 endpoint, parameters bound in a VALUES clause."""
    from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

    check_url(endpoint)
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(remote_text(query, bindings))
    # SPARQLWrapper guesses the query form from the text and skips only every other comment
    # line, so a header that says "insertions" made it send a SELECT as an update.
    sparql.queryType = SELECT
    sparql.setMethod(POST)
    sparql.setReturnFormat(JSON)
    sparql.setOnlyConneg(True)
    sparql.timeout = timeout  # setTimeout() would truncate to whole seconds
    if graph is not None:
        sparql.addDefaultGraph(check_graph_iri(graph))
    with http_errors(endpoint, timeout):
        response = sparql.query().response
        content_type = response.headers.get("Content-Type", "none")
        body = response.read()
    try:
        document = json.loads(body)
    except ValueError:
        raise EndpointError(
            f"{endpoint} did not answer with SPARQL JSON results (Content-Type: {content_type}); "
            f"is it the store's SPARQL query URL? It began: {_excerpt(body)}"
        ) from None
    if isinstance(document, dict) and "boolean" in document:
        raise InputError(f"{query.path}: only SELECT queries can be run here")
    return Results.from_json(document)


@dataclass(frozen=True)
class LoadResult:
    """What `load_release` sent, where, and the store's answer."""

    dump: Path
    target: str
    graph: str | None
    triples: int | None
    size: int
    status: int

    def summary(self) -> str:
        count = f"{self.triples} triples" if self.triples is not None else "the graph"
        into = f"the graph <{self.graph}>" if self.graph else "the default graph"
        return (
            f"loaded {count} ({self.size:,} bytes) from {self.dump} into {into} "
            f"at {self.target} (HTTP {self.status})\n"
        )


def graph_store_url(url: str, graph: str | None) -> str:
    """The Graph Store Protocol target: `URL?graph=IRI` (encoded) or `URL?default`."""
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"


def load_release(
    dump: Path, url: str, graph: str | None, *, append: bool, timeout: float
) -> LoadResult:
    """PUT (replace) or POST (add) the dump into a graph of a Graph Store Protocol endpoint."""
    check_url(url)
    if graph is not None:
        check_graph_iri(graph)
    _, media_type = DUMP_FORMATS[dump.suffix.lower()]
    body = dump.read_bytes()
    target = graph_store_url(url, graph)
    request = urllib.request.Request(
        target,
        data=body,
        method="POST" if append else "PUT",
        headers={"Content-Type": media_type, "Content-Length": str(len(body))},
    )
    with http_errors(url, timeout), urllib.request.urlopen(request, timeout=timeout) as response:
        status = response.status
        response.read()
    triples = body.count(b"\n") if media_type == "application/n-triples" else None
    return LoadResult(dump, url, graph, triples, len(body), status)


@contextmanager
def http_errors(url: str, timeout: float) -> Iterator[None]:
    """Turn what urllib and SPARQLWrapper raise into one EndpointError that says what happened."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    try:
        yield
    except SPARQLWrapperException as error:
        # SPARQLWrapper read the body into its message and raised from the HTTPError.
        status = getattr(error.__context__, "code", "error")
        raise EndpointError(_http_message(url, status, _wrapped_body(error))) from None
    except urllib.error.HTTPError as error:
        raise EndpointError(_http_message(url, error.code, error.read())) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise EndpointError(_timeout_message(url, timeout)) from None
        reason = getattr(error.reason, "strerror", None) or str(error.reason)
        raise EndpointError(
            f"cannot reach {url}: {reason} (is the server running, and is the URL right?)"
        ) from None
    except TimeoutError:
        raise EndpointError(_timeout_message(url, timeout)) from None
    except (ConnectionError, HTTPException) as error:
        raise EndpointError(
            f"the connection to {url} broke off: {error or type(error).__name__}"
        ) from None


def _timeout_message(url: str, timeout: float) -> str:
    return f"{url} did not answer within {timeout:g} s (raise --timeout, or check the server)"


def _http_message(url: str, status: object, body: bytes) -> str:
    hints = {
        400: "the endpoint rejected the request",
        401: "the endpoint wants credentials",
        403: "the endpoint refuses this request",
        404: "no such endpoint at this URL",
        405: "this URL does not accept the request's method (is it the right endpoint URL?)",
        415: "the endpoint does not accept this RDF format",
    }
    hint = hints.get(status, "the endpoint answered with an error")  # type: ignore[call-overload]
    excerpt = _excerpt(body)
    return f"{url} answered HTTP {status}: {hint}" + (f"\n  {excerpt}" if excerpt else "")


def _wrapped_body(error: Exception) -> bytes:
    """The response body SPARQLWrapper wrote into its message as a bytes repr."""
    _, _, tail = str(error).partition("\n\nResponse:\n")
    try:
        body = ast.literal_eval(tail) if tail else b""
    except (ValueError, SyntaxError):
        return tail.encode()
    return body if isinstance(body, bytes) else str(body).encode()


def _excerpt(body: bytes) -> str:
    text = body.decode("utf-8", errors="replace").strip()
    text = "\n  ".join(line.rstrip() for line in text.splitlines()[:12])
    return text if len(text) <= _BODY_EXCERPT else text[:_BODY_EXCERPT] + " …"
