"""Links to Wikidata: the mapping tables in the build, the reconciler, the checker, the export.

Every server here listens on 127.0.0.1: a real Oxigraph server loaded with a Wikidata-shaped
fixture of look-alikes (tests/fixtures/wikidata-decoys.ttl), a counting proxy in front of it, and
tiny servers that answer 429 or 503. No test touches any other address.
"""

from __future__ import annotations

import json
import shutil
import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, VOID, XSD

from alliance_kg.assemble import assemble
from alliance_kg.cli import main
from alliance_kg.endpoint import load_release
from alliance_kg.errors import EndpointError, InputError
from alliance_kg.linking import (
    CONTEXT,
    DATE,
    LABEL,
    TYPE_FIT,
    entities,
    place_names,
    reconcile,
)
from alliance_kg.linkset import DATASET, SSSOM, WIKIDATA, linkset_iri, mapping_graph
from alliance_kg.namespaces import ID, WD
from alliance_kg.ontology import load_ontology
from alliance_kg.project import Project
from alliance_kg.wikidata import Client, retry_after

from .conftest import ROOT
from .sparql_server import HOST, Server, closed_port, oxigraph_server

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata-decoys.ttl"
PROJECT_TABLE = ROOT / "data" / "mappings" / "wikidata.sssom.tsv"
EDITION = "https://w3id.org/alliance-kg/id/program-of-the-alliance"
HEADER = """# curie_map:
#   id: https://w3id.org/alliance-kg/id/
#   wd: http://www.wikidata.org/entity/
#   skos: http://www.w3.org/2004/02/skos/core#
#   semapv: https://w3id.org/semapv/vocab/
# mapping_set_id: https://w3id.org/alliance-kg/id/linkset/test
# license: http://creativecommons.org/publicdomain/zero/1.0/
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\tauthor_label\tmapping_date\tcomment
"""


def row(subject: str, item: str, predicate: str = "skos:exactMatch", comment: str = "") -> str:
    cells = [subject, "", predicate, item, "", "semapv:ManualMappingCuration", "0.9", "tester"]
    return "\t".join([*cells, "2024-05-01", comment]) + "\n"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


# Servers -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory) -> Iterator[Server]:
    """A real SPARQL server holding the decoy fixture."""
    with oxigraph_server(tmp_path_factory.mktemp("wikidata")) as server:
        load_release(FIXTURE, server.store_url, None, append=False, timeout=30)
        yield server


class _Recorder(ThreadingHTTPServer):
    requests: list[dict[str, str]]
    answers: list[tuple[int, dict[str, str], bytes]]
    target: str | None


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append(dict(self.headers))
        if self.server.target is not None:  # a counting proxy
            request = urllib.request.Request(
                self.server.target,
                data=body,
                headers={k: v for k, v in self.headers.items() if k in ("Content-Type", "Accept")},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                status, headers, payload = response.status, dict(response.headers), response.read()
        else:  # scripted answers, the last one repeated
            answers = self.server.answers
            status, headers, payload = answers.pop(0) if len(answers) > 1 else answers[0]
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() in ("content-type", "retry-after"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def _serve(target: str | None = None, answers=None) -> Iterator[_Recorder]:
    server = _Recorder((HOST, 0), _Handler)
    server.requests, server.answers, server.target = [], answers or [], target
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def url(server: _Recorder) -> str:
    return f"http://{HOST}:{server.server_address[1]}/sparql"


@pytest.fixture
def proxy(wikidata) -> Iterator[_Recorder]:
    """A proxy in front of the decoy server that counts requests and keeps their headers."""
    with _serve(target=wikidata.query_url) as server:
        yield server


EMPTY = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
).encode()
JSON_TYPE = {"Content-Type": "application/sparql-results+json"}


# A project without links, so the reconciler sees every entity --------------------------------------


@pytest.fixture
def unlinked(tmp_path, monkeypatch) -> Project:
    """A copy of the project with no mapping table, as the working directory."""
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.rmtree(tmp_path / "data" / "mappings", ignore_errors=True)
    (tmp_path / "data" / "mappings").mkdir()
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)


@pytest.fixture(scope="module")
def assembled():
    project = Project(ROOT)
    ontology = load_ontology(project)
    return assemble(project, ontology).graph, ontology


@pytest.fixture(scope="module")
def reconciled(wikidata, assembled, tmp_path_factory):
    graph, ontology = assembled
    client = Client(wikidata.query_url, cache=tmp_path_factory.mktemp("cache"), timeout=30)
    results = reconcile(entities(graph, ontology), ontology, client, place_names(graph, ontology))
    return {r.entity.iri: r for r in results}


def qids(result) -> list[str]:
    return [c.qid for c in result.candidates]


# The reconciler ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "right", "decoys"),
    [
        ("geneva", "Q9000001", ["Q9000002", "Q9000003"]),
        ("mikhail-bakunin", "Q9000020", ["Q9000021"]),
        ("paris-commune", "Q9000030", ["Q9000033"]),
    ],
)
def test_the_right_item_ranks_first_above_its_look_alikes(reconciled, entity, right, decoys):
    result = reconciled[ID[entity]]
    assert qids(result)[0] == right
    assert set(decoys) <= set(qids(result)[1:])
    assert not result.candidates[0].ambiguous
    assert all(c.score < result.candidates[0].score for c in result.candidates[1:])


def test_pages_about_names_and_items_of_another_type_are_never_candidates(reconciled):
    found = {q for r in reconciled.values() for q in qids(r)}
    # Disambiguation pages, a family name, and administrative units called "(Paris) Commune".
    assert not found & {"Q9000004", "Q9000023", "Q9000022", "Q9000031", "Q9000032"}
    assert reconciled[ID["mikhail-bakunin"]].left_out == 2  # the family name, the page
    assert reconciled[ID["paris-commune"]].left_out == 1  # the Commune of Paris


def test_scores_add_up_label_type_date_and_country(reconciled):
    geneva = reconciled[ID["geneva"]].candidates
    # Both cities are called Geneva and are cities; only one lies in a country the essay names.
    assert geneva[0].score == pytest.approx(LABEL + TYPE_FIT + CONTEXT)
    assert geneva[1].qid == "Q9000002" and geneva[1].score == pytest.approx(LABEL + TYPE_FIT)
    commune = reconciled[ID["paris-commune"]].candidates
    # The 1871 Commune's start date agrees with the essay's year; the 1792 one's does not.
    assert commune[0].score - commune[1].score == pytest.approx(2 * DATE)
    assert any("1871 agrees" in reason for reason in commune[0].reasons)


def test_two_items_that_fit_equally_are_flagged_as_ambiguous(reconciled):
    london = reconciled[ID["london"]].candidates
    assert {c.qid for c in london if c.ambiguous} == {"Q9000040", "Q9000041"}
    assert london[0].score == london[1].score
    # The tie is only ordered, by how widely the item is linked: no evidence decides it.
    assert london[0].sitelinks > london[1].sitelinks


def test_entities_without_a_match_get_no_candidate(reconciled):
    assert reconciled[ID["strike-action"]].candidates == []


def test_link_writes_a_candidate_sssom_file_that_the_sssom_library_reads(unlinked, proxy, tmp_path):
    from sssom.parsers import parse_sssom_table

    out = tmp_path / "candidates.sssom.tsv"
    cache = tmp_path / "cache"
    result = invoke("link", "--endpoint", url(proxy), "--out", str(out), "--cache", str(cache))
    assert result.exit_code == 0, result.output
    assert "ambiguous: id:london: wd:Q9000040 London, wd:Q9000041 London" in result.output
    table = parse_sssom_table(out)
    frame = table.df
    geneva = frame[frame.subject_id == "id:geneva"]
    assert list(geneva.object_id) == ["wd:Q9000001", "wd:Q9000002", "wd:Q9000003"]
    assert list(geneva.confidence) == sorted(geneva.confidence, reverse=True)
    assert set(frame.predicate_id) == {"skos:exactMatch"}
    assert set(frame.mapping_justification) == {"semapv:LexicalMatching"}
    assert "AMBIGUOUS" in frame[frame.subject_id == "id:london"].comment.iloc[0]
    assert table.metadata["license"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    # The usage policy: every request says who is asking and where to find out more.
    agents = {headers["User-Agent"] for headers in proxy.requests}
    assert len(agents) == 1
    (agent,) = agents
    assert agent.startswith("alliance-kg/") and "https://w3id.org/alliance-kg" in agent
    assert not (unlinked.data_dir / "mappings" / out.name).exists()


def test_a_second_run_is_answered_from_the_cache(unlinked, proxy, tmp_path):
    args = ["link", "--endpoint", url(proxy), "--cache", str(tmp_path / "cache")]
    first = invoke(*args, "--out", str(tmp_path / "first.tsv"))
    assert first.exit_code == 0, first.output
    sent = len(proxy.requests)
    assert sent > 1
    second = invoke(*args, "--out", str(tmp_path / "second.tsv"))
    assert second.exit_code == 0, second.output
    assert len(proxy.requests) == sent
    assert f"requests: 0 sent, {sent} answered from the cache" in second.output
    assert (tmp_path / "first.tsv").read_text() == (tmp_path / "second.tsv").read_text()


def test_candidates_never_go_into_data(unlinked, wikidata):
    out = unlinked.data_dir / "mappings" / "wikidata.sssom.tsv"
    result = invoke("link", "--endpoint", wikidata.query_url, "--out", str(out))
    assert result.exit_code == 2
    assert "never go into data/" in result.output
    assert not out.exists()


@pytest.mark.parametrize("args", [[], ["--check"]])
def test_an_unreachable_endpoint_is_a_clear_error(unlinked, tmp_path, args):
    endpoint = f"http://{HOST}:{closed_port()}/sparql"
    if args:
        (unlinked.data_dir / "mappings" / "wikidata.sssom.tsv").write_text(
            HEADER + row("id:geneva", "wd:Q9000001"), encoding="utf-8"
        )
    result = invoke("link", *args, "--endpoint", endpoint, "--cache", str(tmp_path / "c"))
    assert result.exit_code == 3, result.output
    assert f"cannot reach {endpoint}" in result.output
    assert "Traceback" not in result.output


# The usage policy: backoff ------------------------------------------------------------------------


def test_a_429_is_retried_after_the_wait_it_asks_for():
    answers = [(429, {"Retry-After": "7"}, b"slow down"), (200, JSON_TYPE, EMPTY)]
    waits: list[float] = []
    with _serve(answers=answers) as server:
        client = Client(url(server), cache=None, sleep=waits.append)
        assert client.select("SELECT ?x WHERE {}") == [{"x": "1"}]
        assert len(server.requests) == 2
    assert waits == [7.0]


def test_a_503_without_retry_after_backs_off_exponentially_and_gives_up():
    waits: list[float] = []
    with _serve(answers=[(503, {}, b"busy")]) as server:
        client = Client(url(server), cache=None, retries=3, sleep=waits.append)
        with pytest.raises(EndpointError, match=r"HTTP 503 .* 4 times"):
            client.select("SELECT ?x WHERE {}")
        assert len(server.requests) == 4
    assert waits == [1.0, 2.0, 4.0]


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert retry_after("120") == 120.0
    assert retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30.0
    assert retry_after(None) is None and retry_after("soon") is None


def test_a_server_that_asks_for_a_very_long_wait_is_reported_not_waited_for():
    waits: list[float] = []
    with _serve(answers=[(429, {"Retry-After": "86400"}, b"")]) as server:
        client = Client(url(server), cache=None, sleep=waits.append)
        with pytest.raises(EndpointError, match="asks to wait 86400 s"):
            client.select("SELECT ?x WHERE {}")
    assert waits == []


# The checker --------------------------------------------------------------------------------------


def test_check_reports_every_link_that_does_not_hold(unlinked, wikidata, tmp_path):
    table = unlinked.data_dir / "mappings" / "wikidata.sssom.tsv"
    rows = [
        row("id:geneva", "wd:Q9000001"),  # right
        row("id:mikhail-bakunin", "wd:Q9000021"),  # another Bakunin
        row("id:london", "wd:Q9000050"),  # a redirect
        row("id:paris", "wd:Q9000004"),  # a disambiguation page
        row("id:switzerland", "wd:Q9000099"),  # no such item
        row("id:france", "wd:Q9000020"),  # a human
    ]
    table.write_text(HEADER + "".join(rows), encoding="utf-8")
    result = invoke("link", "--check", "--endpoint", wikidata.query_url, "--cache", str(tmp_path))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == "6 link(s) checked in wikidata.sssom.tsv: 6 problem(s)"
    problems = Counter(line.split(": ")[1] for line in lines[1:])
    assert problems == Counter(
        {
            "id:mikhail-bakunin → wd:Q9000021": 1,
            "id:london → wd:Q9000050": 1,
            "id:paris → wd:Q9000004": 1,
            "id:switzerland → wd:Q9000099": 1,
            "id:france → wd:Q9000020": 2,  # neither its names nor its type fit
        }
    )
    text = result.output
    assert (
        "wikidata.sssom.tsv:11: id:london → wd:Q9000050: the item is a redirect to wd:Q9000001"
        in text
    )
    assert "id:paris → wd:Q9000004: the item is a disambiguation page" in text
    assert "id:switzerland → wd:Q9000099: no such item" in text
    assert "id:france → wd:Q9000020: its type (wd:Q5) does not fit ak:Place" in text
    assert (
        "id:mikhail-bakunin → wd:Q9000021: its label (Alexander Bakunin) is not a name of ours"
        in text
    )


def test_check_passes_links_that_hold(unlinked, wikidata, tmp_path):
    table = unlinked.data_dir / "mappings" / "wikidata.sssom.tsv"
    rows = [
        row("id:geneva", "wd:Q9000001"),
        row("id:mikhail-bakunin", "wd:Q9000020"),
        row("id:paris-commune", "wd:Q9000030"),
        # A broader item need not share a name, nor (not being the same thing) the type.
        row("id:switzerland", "wd:Q9000003", "skos:broadMatch"),
    ]
    table.write_text(HEADER + "".join(rows), encoding="utf-8")
    result = invoke("link", "--check", "--endpoint", wikidata.query_url, "--cache", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output == "4 link(s) checked in wikidata.sssom.tsv: 0 problem(s)\n"


# The mapping table in the build --------------------------------------------------------------------


def write_table(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "test.sssom.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_the_build_publishes_links_a_void_linkset_and_their_justification(assembled, tmp_path):
    from sssom.parsers import parse_sssom_table

    graph, _ = assembled
    rows = [
        row("id:geneva", "wd:Q9000001", comment="the city"),
        row("id:mikhail-bakunin", "wd:Q9000020"),
        row("id:switzerland", "wd:Q9000003", "skos:broadMatch"),
    ]
    path = write_table(tmp_path, "".join(rows))
    links = mapping_graph(path, graph)
    linkset = linkset_iri(path)
    expected = {
        (ID.geneva, SKOS.exactMatch, WD.Q9000001),
        (ID["mikhail-bakunin"], SKOS.exactMatch, WD.Q9000020),
        (ID.switzerland, SKOS.broadMatch, WD.Q9000003),
    }
    assert {t for t in links if str(t[2]).startswith(str(WD))} >= expected
    assert len(parse_sssom_table(path).df) == len(expected)  # the sssom library reads as many
    assert (linkset, RDF.type, VOID.Linkset) in links
    assert links.value(linkset, VOID.triples) == Literal(len(expected), datatype=XSD.integer)
    assert set(links.objects(linkset, VOID.linkPredicate)) == {SKOS.exactMatch, SKOS.broadMatch}
    assert links.value(linkset, VOID.subjectsTarget) == DATASET
    assert links.value(linkset, VOID.objectsTarget) == WIKIDATA
    assert str(links.value(linkset, URIRef("http://purl.org/dc/terms/source"))) == (
        "https://w3id.org/alliance-kg/id/linkset/test"
    )
    axioms = list(
        links.subjects(URIRef("http://www.w3.org/2002/07/owl#annotatedSource"), ID.geneva)
    )
    assert len(axioms) == 1
    assert str(links.value(axioms[0], SSSOM.mapping_justification)).endswith(
        "ManualMappingCuration"
    )
    assert float(links.value(axioms[0], SSSOM.confidence)) == 0.9


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (row("id:geneva", "wd:Q9000001").replace("\tskos:exactMatch", ""), ":9: 9 cells where"),
        (
            row("id:geneva", "https://www.wikidata.org/wiki/Q71"),
            ":9: object_id https://www.wikidata.org/wiki/Q71 is not a Wikidata item",
        ),
        (row("id:geneva", "wd:Q071"), ":9: object_id wd:Q071 is not a Wikidata item"),
        (row("id:genevaa", "wd:Q9000001"), ":9: subject_id id:genevaa is described nowhere"),
        (
            row("idx:geneva", "wd:Q9000001"),
            ":9: the prefix 'idx' of idx:geneva is not in the curie_map",
        ),
        (
            row("id:geneva", "wd:Q9000001", "owl:sameAs"),
            ":9: predicate_id owl:sameAs is not one of",
        ),
        (row("id:geneva", "wd:Q1") + row("id:geneva", "wd:Q1"), ":10: the same link as line 9"),
        (
            row("id:geneva", "wd:Q1").replace("0.9", "1.5"),
            ":9: confidence '1.5' is not between 0 and 1",
        ),
    ],
)
def test_a_malformed_row_is_refused_with_file_and_line(assembled, tmp_path, body, message):
    graph, _ = assembled
    path = write_table(tmp_path, body)
    with pytest.raises(InputError) as error:
        mapping_graph(path, graph)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_a_table_without_licence_is_refused(assembled, tmp_path):
    graph, _ = assembled
    header = "\n".join(line for line in HEADER.splitlines() if "license" not in line) + "\n"
    with pytest.raises(InputError, match="no license"):
        mapping_graph(write_table(tmp_path, row("id:geneva", "wd:Q1"), header), graph)


def test_a_missing_mappings_folder_is_fine(unlinked):
    shutil.rmtree(unlinked.data_dir / "mappings")
    graph = assemble(unlinked, load_ontology(unlinked)).graph
    assert not list(graph.subjects(RDF.type, VOID.Linkset))


@pytest.mark.skipif(not PROJECT_TABLE.exists(), reason="no data/mappings/wikidata.sssom.tsv yet")
def test_the_projects_table_loads_with_sssom_and_every_link_is_published(published_graph):
    from sssom.parsers import parse_sssom_table

    table = parse_sssom_table(PROJECT_TABLE)
    converter = table.converter
    links = {
        (
            URIRef(converter.expand(r.subject_id)),
            URIRef(converter.expand(r.predicate_id)),
            URIRef(converter.expand(r.object_id)),
        )
        for r in table.df.itertuples()
    }
    assert links and len(links) == len(table.df)
    assert all(link in published_graph for link in links)
    linkset = linkset_iri(PROJECT_TABLE)
    assert published_graph.value(linkset, VOID.triples).toPython() == len(links)


# Giving back: QuickStatements -----------------------------------------------------------------------


def test_quickstatements_for_linked_entities_cite_this_edition(unlinked):
    table = unlinked.data_dir / "mappings" / "wikidata.sssom.tsv"
    rows = [
        row("id:on-the-program-of-the-alliance", "wd:Q9000070"),
        row("id:mikhail-bakunin", "wd:Q9000020"),
        row("id:international-workingmens-association", "wd:Q9000060"),
        # A close match is not the same thing: no statement may use it.
        row("id:sam-dolgoff", "wd:Q9000080", "skos:closeMatch"),
    ]
    table.write_text(HEADER + "".join(rows), encoding="utf-8")
    result = invoke("export", "quickstatements", "--retrieved", "2024-05-01")
    assert result.exit_code == 0, result.output
    commands = [line for line in result.output.splitlines() if not line.startswith("#")]
    source = f'S854\t"{EDITION}"\tS813\t+2024-05-01T00:00:00Z/11'
    # The essay's claims are most often about the International (counted from the anchor table).
    about = Counter(
        line.split("\t")[2]
        for path in (ROOT / "data/texts/program-of-the-alliance/anchors").glob("*.tsv")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.split("\t")[1:2] == ["ak:about"]
    )
    assert about.most_common(1)[0][0] == "id:international-workingmens-association"
    assert sorted(commands) == sorted(
        [
            f"Q9000070\tP50\tQ9000020\t{source}",
            f"Q9000070\tP577\t+1871-00-00T00:00:00Z/9\t{source}",
            f"Q9000070\tP921\tQ9000060\t{source}",
        ]
    )
    assert result.output.startswith("# QuickStatements (V1, tab-separated)")


def test_quickstatements_without_links_says_so(unlinked):
    result = invoke("export", "quickstatements")
    assert result.exit_code == 0, result.output
    assert all(line.startswith("#") for line in result.output.splitlines())
    assert "No statement" in result.output
