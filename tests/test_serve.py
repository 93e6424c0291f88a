"""`alliance-kg serve` over real HTTP on loopback: negotiation, SPARQL, safety and load.

The release is the real build (copied, so a test may add files); when the build does not write a
site yet, a tiny one is added by hand for the entity the tests ask for.
"""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from alliance_kg.build import BuildResult
from alliance_kg.namespaces import AK, ID
from alliance_kg.queries import canned_queries
from alliance_kg.serve import Release, ReleaseServer, make_server, negotiate

ENTITY = "sam-dolgoff"
SECRET = "this-must-never-be-served"
SPARQL_JSON = "application/sparql-results+json"
CLAIMS_OF_DOLGOFF = "SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE { ?claim a ak:Claim ; ak:assertedBy id:sam-dolgoff }"


@pytest.fixture(scope="module")
def release_dir(built_release: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built release, with a page for ENTITY and a secret file beside it."""
    top = tmp_path_factory.mktemp("serve")
    dist = top / "dist"
    shutil.copytree(built_release.out, dist)
    (top / "secret.txt").write_text(SECRET, encoding="utf-8")
    page = dist / "site" / "id" / ENTITY
    page.parent.mkdir(parents=True, exist_ok=True)
    if not page.with_suffix(".ttl").exists():
        store = ox.Store()
        store.bulk_load(path=str(dist / "alliance-kg.nt"), format=ox.RdfFormat.N_TRIPLES)
        triples = list(store.query(f"DESCRIBE <{ID[ENTITY]}>"))
        page.with_suffix(".ttl").write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE))
        page.with_suffix(".jsonld").write_bytes(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
        page.with_suffix(".html").write_text(
            "<!doctype html><title>Sam Dolgoff</title><h1>Sam Dolgoff</h1>", encoding="utf-8"
        )
    for name in ("index.html", "ontology.html"):
        if not (dist / "site" / name).exists():
            (dist / "site" / name).write_text(f"<!doctype html><title>{name}</title>")
    if not (dist / "void.ttl").exists():
        (dist / "void.ttl").write_text(
            "<https://w3id.org/alliance-kg/void> a <http://rdfs.org/ns/void#Dataset> .\n"
        )
    (dist / "site" / "id" / "escape.html").symlink_to(top / "secret.txt")
    return dist


@contextmanager
def running(release: Release) -> Iterator[tuple[str, int]]:
    """A server for `release` on a free loopback port, stopped afterwards whatever happens."""
    server = ReleaseServer(("127.0.0.1", 0), release)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[:2]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def release(release_dir: Path) -> Release:
    return Release.open(release_dir, query_timeout=10.0, max_results=10_000)


@pytest.fixture(scope="module")
def address(release: Release) -> Iterator[tuple[str, int]]:
    with running(release) as address:
        yield address


def fetch(
    address: tuple[str, int],
    path: str,
    accept: str | None = None,
    method: str = "GET",
    body: bytes | None = None,
    content_type: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One raw request (the path is sent exactly as given): status, headers, body."""
    connection = http.client.HTTPConnection(*address, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        if accept is not None:
            connection.putheader("Accept", accept)
        if body is not None:
            connection.putheader("Content-Type", content_type or "")
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def sparql(address: tuple[str, int], query: str, accept: str = SPARQL_JSON):
    return fetch(address, "/sparql?" + urlencode({"query": query}), accept)


# --- negotiation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/html", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/html;q=0.5, text/turtle", "text/turtle"),
        ("text/html;q=0.9, application/ld+json;q=0.95, */*;q=0.1", "application/ld+json"),
        ("text/*;q=0.3, application/n-triples;q=0.2", "text/html"),
        ("text/turtle;q=0, */*", "text/html"),
        ("text/html;q=0, text/turtle;q=0.001", "text/turtle"),
    ],
)
def test_an_entity_answers_in_the_type_accept_prefers(address, accept, media):
    status, headers, body = fetch(address, f"/id/{ENTITY}", accept)
    assert status == 200
    assert headers["Content-Type"] == f"{media}; charset=utf-8"
    assert headers["Vary"] == "Accept"
    if media == "text/html":
        assert b"Sam Dolgoff" in body
    elif media == "application/ld+json":
        assert json.loads(body)
    else:
        graph = Graph().parse(data=body.decode(), format=media)
        assert (URIRef(ID[ENTITY]), None, None) in graph


def test_n_triples_is_the_turtle_description_converted(address):
    _, _, turtle = fetch(address, f"/id/{ENTITY}", "text/turtle")
    _, _, ntriples = fetch(address, f"/id/{ENTITY}", "application/n-triples")
    expected = Graph().parse(data=turtle.decode(), format="turtle")
    assert set(Graph().parse(data=ntriples.decode(), format="nt")) == set(expected)


@pytest.mark.parametrize("accept", ["image/png", "text/turtle;q=0, text/html;q=0, */*;q=0"])
def test_nothing_acceptable_is_406(address, accept):
    status, _, body = fetch(address, f"/id/{ENTITY}", accept)
    assert status == 406
    assert b"text/turtle" in body  # says what there is


@pytest.mark.parametrize(
    ("suffix", "media"),
    [
        (".html", "text/html"),
        (".ttl", "text/turtle"),
        (".jsonld", "application/ld+json"),
        (".nt", "application/n-triples"),
    ],
)
def test_an_explicit_representation_is_served_whatever_accept_says(address, suffix, media):
    status, headers, _ = fetch(address, f"/id/{ENTITY}{suffix}", "image/png")
    assert status == 200
    assert headers["Content-Type"] == f"{media}; charset=utf-8"


def test_index_ontology_and_release_files(address, release_dir):
    assert fetch(address, "/")[0] == 200
    assert fetch(address, "/ontology")[1]["Content-Type"].startswith("text/html")
    status, _, body = fetch(address, "/ontology", "text/turtle")
    assert status == 200
    assert body == (release_dir / "ontology.ttl").read_bytes()
    assert fetch(address, "/alliance-kg.nt", "*/*")[0] == 200


def test_an_unknown_path_is_404(address):
    assert fetch(address, "/id/no-such-entity")[0] == 404
    assert fetch(address, "/no/such/page.html")[0] == 404


def test_well_known_void_and_sparql_examples(address, project):
    status, headers, body = fetch(address, "/.well-known/void")
    assert status == 200
    assert headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert Graph().parse(data=body.decode(), format="turtle")
    status, headers, body = fetch(address, "/.well-known/sparql-examples", "text/turtle")
    assert status == 200
    graph = Graph().parse(data=body.decode(), format="turtle")
    executables = set(
        graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#SPARQLExecutable"))
    )
    assert len(executables) == len(canned_queries(project.queries_dir))


# --- SPARQL ----------------------------------------------------------------------------------


def test_a_select_returns_the_count_in_the_graph(address, published_graph):
    expected = sum(
        1
        for claim in published_graph.subjects(RDF.type, AK.Claim)
        if (claim, AK.assertedBy, URIRef(ID["sam-dolgoff"])) in published_graph
    )
    assert expected > 0
    status, headers, body = sparql(address, CLAIMS_OF_DOLGOFF)
    assert status == 200
    assert headers["Content-Type"] == f"{SPARQL_JSON}; charset=utf-8"
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected


@pytest.mark.parametrize(
    ("accept", "media", "start"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<?xml"),
        ("text/csv", "text/csv", b"n\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?n\n"),
    ],
)
def test_select_results_in_each_format(address, accept, media, start):
    status, headers, body = sparql(address, CLAIMS_OF_DOLGOFF, accept)
    assert status == 200
    assert headers["Content-Type"] == f"{media}; charset=utf-8"
    assert body.startswith(start)


def test_post_forms_and_direct_queries(address):
    for content_type, body in [
        ("application/x-www-form-urlencoded", urlencode({"query": CLAIMS_OF_DOLGOFF}).encode()),
        ("application/sparql-query", CLAIMS_OF_DOLGOFF.encode()),
    ]:
        status, _, answer = fetch(address, "/sparql", SPARQL_JSON, "POST", body, content_type)
        assert status == 200, answer
        assert json.loads(answer)["results"]["bindings"][0]["n"]["value"] == "20"


def test_construct_and_ask(address):
    query = f"CONSTRUCT {{ <{ID[ENTITY]}> ?p ?o }} WHERE {{ <{ID[ENTITY]}> ?p ?o }}"
    for accept, rdf_format in [("text/turtle", "turtle"), ("application/n-triples", "nt")]:
        status, headers, body = sparql(address, query, accept)
        assert status == 200
        assert headers["Content-Type"].startswith(accept)
        assert len(Graph().parse(data=body.decode(), format=rdf_format)) > 0
    status, _, body = sparql(address, "ASK { ?s a ak:Claim }")
    assert json.loads(body)["boolean"] is True


@pytest.mark.parametrize(
    ("method", "path", "content_type", "body"),
    [
        ("GET", "/sparql?" + urlencode({"update": "CLEAR ALL"}), None, None),
        ("GET", "/sparql?" + urlencode({"query": "CLEAR ALL"}), None, None),
        (
            "GET",
            "/sparql?" + urlencode({"query": "# hi\nPREFIX x: <y:>\nINSERT DATA {}"}),
            None,
            None,
        ),
        ("POST", "/sparql", "application/sparql-update", b"DROP ALL"),
        ("POST", "/sparql", "application/x-www-form-urlencoded", b"update=DROP%20ALL"),
    ],
)
def test_updates_are_refused_and_change_nothing(address, method, path, content_type, body):
    status, _, answer = fetch(address, path, SPARQL_JSON, method, body, content_type)
    assert 400 <= status < 500
    assert b"Traceback" not in answer
    assert json.loads(sparql(address, CLAIMS_OF_DOLGOFF)[2])["results"]["bindings"][0]["n"]


def test_a_syntax_error_is_400_with_a_message(address):
    status, headers, body = sparql(address, "SELECT ?x WHERE { ?x ?y")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert b"syntax error" in body
    assert b"Traceback" not in body


def test_a_service_call_is_refused(address):
    status, _, _ = sparql(address, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert status == 403


def test_results_are_capped(release):
    small = Release(release.root, release.store, max_results=5)
    with running(small) as address:
        status, headers, body = sparql(address, "SELECT * WHERE { ?s ?p ?o } LIMIT 100")
        assert status == 200
        assert len(json.loads(body)["results"]["bindings"]) == 5
        assert headers["X-Result-Truncated"] == "true"
        _, headers, body = sparql(address, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
        assert len(json.loads(body)["results"]["bindings"]) == 3
        assert "X-Result-Truncated" not in headers


def test_a_long_query_is_stopped_at_the_timeout(release):
    hasty = Release(release.root, release.store, query_timeout=0.5, max_results=10**9)
    with running(hasty) as address:
        start = time.monotonic()
        status, _, body = sparql(address, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        assert status == 503
        assert b"0.5 s" in body
        assert time.monotonic() - start < 5
        assert sparql(address, "ASK {}")[0] == 200


# --- safety ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/../../secret.txt",
        "/id/%2e%2e/%2e%2e/etc/passwd",
        "/id/%2E%2E/%2E%2E/%2E%2E/secret.txt",
        "/id/..%2f..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/id/escape.html",
        "/id/escape",
        "/id/%zz",
        "/id/%ff%fe",
        "/.htaccess",
        "/id/a%00b",
        "/id/..\\..\\secret.txt",
    ],
)
def test_nothing_outside_the_release_is_served(address, path):
    status, _, body = fetch(address, path)
    assert 400 <= status < 500
    assert SECRET.encode() not in body
    assert b"root:" not in body
    assert b"[project]" not in body


@pytest.mark.parametrize(
    "accept",
    ["garbage", "text/html;q=abc", "text/html;q=2", ";;;", "*/html", "text/", "\x7f", "a/b/c"],
)
def test_a_malformed_accept_header_gets_an_answer(address, accept):
    status, _, body = fetch(address, f"/id/{ENTITY}", accept)
    assert (status == 200 and b"Sam Dolgoff" in body) or 400 <= status < 500
    assert b"Traceback" not in body
    assert fetch(address, f"/id/{ENTITY}")[0] == 200


@pytest.mark.parametrize(
    ("path", "content_type", "body"),
    [
        ("/sparql", "text/plain", b"SELECT * {}"),
        ("/sparql", "application/x-www-form-urlencoded", b"query=%zz"),
        ("/sparql", "application/x-www-form-urlencoded", b"query=a&query=b"),
        ("/sparql", "application/sparql-query", b"\xff\xfe"),
        ("/id/sam-dolgoff", "application/sparql-query", b"ASK {}"),
    ],
)
def test_malformed_requests_get_a_4xx(address, path, content_type, body):
    status, _, answer = fetch(address, path, None, "POST", body, content_type)
    assert 400 <= status < 500
    assert b"Traceback" not in answer


def test_it_keeps_answering_under_concurrent_load(address, project):
    """8 clients, 50 requests, half entity pages, half a canned query; bounded in time."""
    canned = (project.queries_dir / "organizations.rq").read_text(encoding="utf-8")

    def client(number: int) -> list[int]:
        statuses = []
        for i in range(50):
            if (number + i) % 2:
                statuses.append(fetch(address, f"/id/{ENTITY}", "text/turtle")[0])
            else:
                statuses.append(sparql(address, canned)[0])
        return statuses

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [s for batch in pool.map(client, range(8)) for s in batch]
    assert len(statuses) == 400
    assert set(statuses) == {200}
    assert time.monotonic() - start < 120
    assert fetch(address, "/")[0] == 200


# --- units -----------------------------------------------------------------------------------


def test_negotiate_prefers_the_most_specific_range():
    offers = ["text/html", "text/turtle"]
    assert negotiate("text/*;q=0.1, text/turtle;q=0.5", offers) == "text/turtle"
    assert negotiate("text/turtle;q=0, text/*", offers) == "text/html"
    assert negotiate("application/json", offers) is None


def test_it_binds_to_loopback_by_default(release_dir):
    server = make_server(release_dir, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_the_command_refuses_a_folder_without_a_release(tmp_path):
    from click.testing import CliRunner

    from alliance_kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--dist", str(tmp_path), "--port", "0"])
    assert result.exit_code == 2
    assert "alliance-kg.nt" in result.output


# --- reconciliation, called the way OpenRefine calls it --------------------------------------

PERSON = str(AK.Person)


def reconcile(address: tuple[str, int], queries: dict) -> dict:
    """A batch as OpenRefine sends it: a form-encoded POST of queries=JSON."""
    body = urlencode({"queries": json.dumps(queries)}).encode()
    form = "application/x-www-form-urlencoded; charset=UTF-8"
    status, headers, answer = fetch(address, "/reconcile", "*/*", "POST", body, form)
    assert status == 200, answer
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(answer)


def test_the_reconciliation_manifest(address):
    status, _, body = fetch(address, "/reconcile")
    manifest = json.loads(body)
    assert status == 200
    assert manifest["identifierSpace"] == str(ID)
    assert manifest["schemaSpace"] == str(AK)
    assert {"id": PERSON, "name": "Person"} in manifest["defaultTypes"]
    assert "{{id}}" in manifest["view"]["url"]


def test_a_batch_gets_scored_candidates_best_first(address):
    answer = reconcile(
        address,
        {
            "q0": {"query": "Mikhail Bakunin", "type": PERSON, "limit": 3, "type_strict": "should"},
            "q1": {"query": "geneva"},
            "q2": {"query": "the International"},
            "q3": {"query": "Dolgof"},
        },
    )
    assert set(answer) == {"q0", "q1", "q2", "q3"}
    best = {key: value["result"][0] for key, value in answer.items()}
    assert best["q0"]["id"] == "mikhail-bakunin" and best["q0"]["match"] is True
    assert best["q0"]["score"] == 100
    assert {"id": PERSON, "name": "person"} in best["q0"]["type"]
    assert best["q1"]["id"] == "geneva" and best["q1"]["match"] is True
    assert best["q2"]["id"] == "international-workingmens-association"
    assert best["q3"]["id"] == "sam-dolgoff" and best["q3"]["match"] is False  # a typo
    scores = [c["score"] for c in answer["q1"]["result"]]
    assert scores == sorted(scores, reverse=True)


def test_a_type_constraint_keeps_only_its_instances(address):
    answer = reconcile(address, {"q0": {"query": "Geneva", "type": PERSON}})
    assert all(PERSON in [t["id"] for t in c["type"]] for c in answer["q0"]["result"])
    assert "geneva" not in [c["id"] for c in answer["q0"]["result"]]


def test_property_constraints_weigh_in(address):
    def best(editor: object) -> dict:
        query = {"query": "Bakunin on Anarchy", "properties": [{"pid": "ak:editor", "v": editor}]}
        return reconcile(address, {"q0": query})["q0"]["result"][0]

    assert best("Sam Dolgoff") | {"score": 100, "match": True} == best("Sam Dolgoff")
    assert best({"id": "sam-dolgoff"})["match"] is True
    wrong = best("Someone Else")
    assert wrong["id"] == "bakunin-on-anarchy"
    assert wrong["score"] < 100 and wrong["match"] is False


@pytest.mark.parametrize(
    "queries",
    [
        "not json",
        "[]",
        '{"q0": {}}',
        '{"q0": {"query": "x", "limit": -1}}',
        '{"q0": {"query": "x", "properties": [1]}}',
    ],
)
def test_a_malformed_batch_is_400(address, queries):
    body = urlencode({"queries": queries}).encode()
    status, _, answer = fetch(
        address, "/reconcile", None, "POST", body, "application/x-www-form-urlencoded"
    )
    assert status == 400
    assert b"Traceback" not in answer
