"""`alliance-kg serve` under load: concurrent clients on 127.0.0.1, throughput and latency.

The server is started as a user starts it, on port 0 (any free port, which it prints on stderr),
and stopped afterwards. Each client thread sends requests back to back for a fixed time, cycling
through its own share of the request list, and records each request's latency; a request
that does not answer 200 is an error. The server speaks HTTP/1.0, so a client reconnects whenever
the server closes the connection (each request, today) and keeps it open otherwise.
"""

from __future__ import annotations

import http.client
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from alliance_kg.namespaces import ID
from alliance_kg.ontology import ENTITY_ROOTS
from alliance_kg.queries import Query, bind, remote_text
from measure import ALLIANCE_KG

HOST = "127.0.0.1"
HTML = "text/html"
SPARQL_JSON = "application/sparql-results+json"
_SERVING = re.compile(r"serving .* at (http://\S+?)/? ")


@dataclass(frozen=True)
class Load:
    """What the clients saw: requests answered, errors, and the latencies in seconds."""

    seconds: float
    latencies: list[float]
    errors: int

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile_ms(self, p: int) -> float:
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100)[p - 1] * 1000


@contextmanager
def serving(dist: Path, startup_limit: float = 900.0) -> Iterator[tuple[str, int]]:
    """Run `alliance-kg serve` on the release until the block ends; yield (host, port)."""
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            [ALLIANCE_KG, "serve", "--dist", str(dist), "--host", HOST, "--port", "0"],
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            yield _wait_until_serving(server, log, startup_limit)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_serving(server: subprocess.Popen, log, limit: float) -> tuple[str, int]:
    """The address the server printed, once a request to it answers."""
    deadline = time.monotonic() + limit
    address = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"alliance-kg serve exited: {log.read()[-2000:]}")
        if address is None:
            log.seek(0)
            if match := _SERVING.search(log.read()):
                url = urlsplit(match.group(1))
                address = (url.hostname or HOST, url.port or 80)
        if address is not None and _status(*address, "/", HTML) == 200:
            return address
        time.sleep(0.1)
    raise RuntimeError(f"alliance-kg serve did not answer within {limit:.0f} s")


def _status(host: str, port: int, path: str, accept: str) -> int | None:
    try:
        connection = http.client.HTTPConnection(host, port, timeout=5)
        connection.request("GET", path, headers={"Accept": accept})
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


def entity_paths(store: ox.Store) -> list[str]:
    """/id/... of every entity of the release (instances of the entity classes), in IRI order."""
    roots = " ".join(f"<{root}>" for root in ENTITY_ROOTS)
    query = f"""
        SELECT DISTINCT ?entity WHERE {{
            VALUES ?root {{ {roots} }}
            ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?root .
            ?entity a ?class .
            FILTER(STRSTARTS(STR(?entity), "{ID}"))
        }} ORDER BY ?entity"""
    return ["/id/" + row["entity"].value[len(str(ID)) :] for row in store.query(query)]


def sparql_paths(queries: list[Query]) -> list[str]:
    """GET /sparql?query=... for each canned query, its example parameters bound as VALUES."""
    return ["/sparql?query=" + quote(remote_text(q, bind(q, q.examples)), safe="") for q in queries]


def load(
    address: tuple[str, int], paths: list[str], accept: str, clients: int, seconds: float
) -> Load:
    """`clients` threads requesting `paths` (each its own slice, round robin) for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.perf_counter() + seconds

    def client(number: int) -> None:
        mine = paths[number::clients] or paths
        connection = None
        sent = 0
        while time.perf_counter() < stop:
            path = mine[sent % len(mine)]
            sent += 1
            start = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(*address, timeout=30)
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                ok = False
                connection = None
            if ok:
                latencies[number].append(time.perf_counter() - start)
            else:
                errors[number] += 1
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(
        seconds=time.perf_counter() - began,
        latencies=[t for per_client in latencies for t in per_client],
        errors=sum(errors),
    )
