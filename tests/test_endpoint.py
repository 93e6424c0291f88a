"""A real SPARQL server: `alliance-kg load` fills it, and every canned query gives what it gives
on the embedded store. Every server here listens on 127.0.0.1 and is stopped by the test.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from alliance_kg.cli import main
from alliance_kg.endpoint import graph_store_url, run_remote
from alliance_kg.queries import bind, canned_queries, read_query, run_embedded
from alliance_kg.release import DUMP_NAME, load_dump
from alliance_kg.results import FORMATS, write

from .conftest import ROOT
from .sparql_server import HOST, Server, closed_port, oxigraph_server, silent_port

QUERIES = canned_queries(ROOT / "queries")
GRAPH = "https://w3id.org/alliance-kg/id/release"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_fails(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as running:
        yield running


@pytest.fixture(scope="module")
def loaded(server, built_release):
    """The server with the release loaded into its default graph by `alliance-kg load`."""
    result = invoke("load", "--endpoint", server.store_url, "--data", str(built_release.out))
    assert result.exit_code == 0, result.output
    return server, result.output


@pytest.fixture(scope="module")
def release_store(built_release) -> ox.Store:
    return load_dump(built_release.out / DUMP_NAME)


def count(endpoint: str, tmp_path: Path, graph: str | None = None) -> int:
    path = tmp_path / "count.rq"
    path.write_text(COUNT, encoding="utf-8")
    results = run_remote(endpoint, read_query(path), {}, timeout=30, graph=graph)
    return int(results.rows[0][0].value)


def test_load_reports_what_it_sent(loaded, built_release):
    server, output = loaded
    dump = built_release.out / DUMP_NAME
    triples = len(dump.read_bytes().splitlines())
    assert output == (
        f"loaded {triples} triples ({dump.stat().st_size:,} bytes) from {dump} into the "
        f"default graph at {server.store_url} (HTTP 204)\n"
    )


def test_the_server_holds_exactly_the_release(loaded, release_store, tmp_path):
    server, _ = loaded
    assert count(server.query_url, tmp_path) == len(release_store)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_canned_query_gives_the_same_output_through_the_server(query, loaded, release_store):
    if query.requires:
        pytest.skip(f"{query.name} cannot run offline: it requires {query.requires}")
    server, _ = loaded
    bindings = bind(query, query.examples)
    remote = run_remote(server.query_url, query, bindings, timeout=30)
    embedded = run_embedded(release_store, query, bindings)
    assert remote == embedded
    for output_format in FORMATS:
        assert write(remote, output_format) == write(embedded, output_format)


def test_the_command_prints_the_same_bytes_for_both_stores(loaded, built_release):
    server, _ = loaded
    args = ["query", "stances-of", "--param", "agent=id:mikhail-bakunin"]
    for output_format in FORMATS:
        remote = invoke(*args, "--format", output_format, "--endpoint", server.query_url)
        embedded = invoke(*args, "--format", output_format, "--data", str(built_release.out))
        assert remote.exit_code == embedded.exit_code == 0, remote.output + embedded.output
        assert remote.stdout == embedded.stdout
        assert remote.stdout.count("\n") > 3


def test_a_hostile_literal_reaches_the_server_as_one_literal(loaded, release_store, tmp_path):
    server, _ = loaded
    query = read_query(ROOT / "queries" / "entity-search.rq")
    hostile = 'x" ) } } DELETE WHERE { ?s ?p ?o } #'
    results = run_remote(server.query_url, query, bind(query, {"term": hostile}), timeout=30)
    assert results.rows == ()
    assert count(server.query_url, tmp_path) == len(release_store)


def test_load_into_a_named_graph_and_query_it(server, built_release, release_store):
    result = invoke(
        "load", "--endpoint", server.store_url, "--graph", GRAPH, "--data", str(built_release.out)
    )
    assert result.exit_code == 0, result.output
    assert f"into the graph <{GRAPH}>" in result.output
    remote = invoke(
        "query", "timeline", "--format", "tsv", "--endpoint", server.query_url, "--graph", GRAPH
    )
    embedded = invoke("query", "timeline", "--format", "tsv", "--data", str(built_release.out))
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == embedded.stdout


def test_put_replaces_a_graph_and_append_adds_to_it(server, tmp_path):
    graph = "https://example.org/replaced"
    first = tmp_path / "first.nt"
    second = tmp_path / "second.nt"
    first.write_text('<https://example.org/a> <https://example.org/p> "1" .\n', encoding="utf-8")
    second.write_text(
        '<https://example.org/b> <https://example.org/p> "2" .\n'
        '<https://example.org/c> <https://example.org/p> "3" .\n',
        encoding="utf-8",
    )
    common = ["load", "--endpoint", server.store_url, "--graph", graph, "--data"]
    assert invoke(*common, str(second)).exit_code == 0
    assert count(server.query_url, tmp_path, graph) == 2
    assert invoke(*common, str(first)).exit_code == 0
    assert count(server.query_url, tmp_path, graph) == 1
    assert invoke(*common, str(second), "--append").exit_code == 0
    assert count(server.query_url, tmp_path, graph) == 3


def test_a_turtle_dump_loads_too(server, built_release, release_store, tmp_path):
    graph = "https://example.org/turtle"
    turtle = built_release.out / "alliance-kg.ttl"
    result = invoke("load", "--endpoint", server.store_url, "--graph", graph, "--data", str(turtle))
    assert result.exit_code == 0, result.output
    assert "loaded the graph" in result.output
    assert count(server.query_url, tmp_path, graph) == len(release_store)


def test_the_graph_store_url_encodes_the_graph_name():
    assert graph_store_url("http://h/store", None) == "http://h/store?default"
    assert graph_store_url("http://h/store", "https://x.org/g?a=1#f") == (
        "http://h/store?graph=https%3A%2F%2Fx.org%2Fg%3Fa%3D1%23f"
    )
    assert graph_store_url("http://h/ds?x=1", "urn:g") == "http://h/ds?x=1&graph=urn%3Ag"


# -- errors ----------------------------------------------------------------------------------


def test_an_unreachable_endpoint_is_named(built_release):
    url = f"http://{HOST}:{closed_port()}"
    assert_fails(
        invoke("query", "timeline", "--endpoint", f"{url}/query"), 3, f"cannot reach {url}/query"
    )
    result = invoke("load", "--endpoint", f"{url}/store", "--data", str(built_release.out))
    assert_fails(result, 3, f"cannot reach {url}/store")


def test_an_endpoint_that_does_not_answer_in_time_is_given_up_on(built_release):
    with silent_port() as port:
        url = f"http://{HOST}:{port}"
        started = time.monotonic()
        result = invoke("query", "timeline", "--endpoint", f"{url}/query", "--timeout", "0.3")
        assert_fails(result, 3, f"{url}/query did not answer within 0.3 s")
        result = invoke(
            "load",
            "--endpoint",
            f"{url}/store",
            "--data",
            str(built_release.out),
            "--timeout",
            "0.3",
        )
        assert_fails(result, 3, f"{url}/store did not answer within 0.3 s")
        assert time.monotonic() - started < 10


def test_a_query_the_server_rejects_is_reported_with_its_message(loaded, tmp_path):
    server, _ = loaded
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?x WHERE {\n  ?x ?y\n}\n", encoding="utf-8")
    result = invoke("query", str(broken), "--endpoint", server.query_url)
    assert_fails(result, 3, f"{server.query_url} answered HTTP 400", "\n  error at ")


def test_a_wrong_endpoint_path_is_reported(loaded, built_release):
    server, _ = loaded
    result = invoke("query", "timeline", "--endpoint", f"{server.base}/nothing-here")
    assert_fails(result, 3, "answered HTTP 404")
    result = invoke("load", "--endpoint", server.query_url, "--data", str(built_release.out))
    assert_fails(result, 3, f"{server.query_url} answered HTTP")


class _HtmlPage(BaseHTTPRequestHandler):
    """Answers every request with a web page, as a wrong URL often does."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<html><body>Welcome</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_an_answer_that_is_not_sparql_results_is_reported():
    page = ThreadingHTTPServer((HOST, 0), _HtmlPage)
    thread = threading.Thread(target=page.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://{HOST}:{page.server_address[1]}/"
        result = invoke("query", "timeline", "--endpoint", url)
        assert_fails(result, 3, "did not answer with SPARQL JSON results", "text/html", "Welcome")
    finally:
        page.shutdown()
        page.server_close()
        thread.join()


def test_malformed_urls_and_graph_names_are_input_errors(built_release):
    assert_fails(
        invoke("query", "timeline", "--endpoint", "localhost:7878/query"), 2, "absolute http"
    )
    result = invoke(
        "load",
        "--endpoint",
        f"http://{HOST}:1/store",
        "--graph",
        "not an iri",
        "--data",
        str(built_release.out),
    )
    assert_fails(result, 2, "--graph 'not an iri': not a valid IRI")


def test_load_without_a_release_says_to_build_first(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy.root)
    result = invoke("load", "--endpoint", f"http://{HOST}:1/store")
    assert_fails(result, 2, "no release to load: run `alliance-kg build` first")


def test_the_installed_command_reports_a_timeout_without_a_traceback():
    with silent_port() as port:
        process = subprocess.run(
            [
                str(Path(sys.executable).parent / "alliance-kg"),
                "query",
                "timeline",
                "--endpoint",
                f"http://{HOST}:{port}/query",
                "--timeout",
                "0.2",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert process.returncode == 3
    assert process.stderr.startswith("Error: ") and "did not answer within 0.2 s" in process.stderr
    assert "Traceback" not in process.stderr
