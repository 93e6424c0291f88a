"""Which embedded store should `alliance-kg query` use? Every canned query on both, in one run.

Loads the release dump into rdflib's in-memory graph and into an in-memory Oxigraph store, runs
each canned query (with its example parameters) on both, checks that both return the same rows,
and prints the median time per query on each and their ratio. Then it times `alliance-kg query`
as a whole process, from start to printed output, as a user meets it.

Targets (issue 4): every canned query under 10 ms on the embedded store once loaded, and the whole
process under 0.5 s.

Run from the project root, after `alliance-kg build`:
    .venv/bin/python benchmarks/bench_queries.py [--data dist] [--runs 20] [--rdflib-runs 3]
        [--rdflib-limit 20]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Variable

from alliance_kg.namespaces import PREFIXES
from alliance_kg.queries import Query, bind, canned_queries, run_embedded
from alliance_kg.release import DUMP_NAME, find_dump, load_dump
from alliance_kg.store import from_oxigraph_term, to_oxigraph_term
from measure import ALLIANCE_KG, in_child, median_ms

ROOT = Path(__file__).resolve().parent.parent

#: Queries timed as a whole process: a small one and a parametrized one over the mention index.
PROCESS_QUERIES = ("timeline", "mentions-per-entity")


def on_rdflib(graph: Graph, query: Query, bindings: dict) -> list[tuple]:
    """The query on rdflib, parameters bound by initBindings, rows as Oxigraph terms."""
    initial = {Variable(name): from_oxigraph_term(term) for name, term in bindings.items()}
    rows = graph.query(query.text, initNs=PREFIXES, initBindings=initial)
    return [tuple(None if t is None else to_oxigraph_term(t) for t in row) for row in rows]


def on_oxigraph(store: ox.Store, query: Query, bindings: dict) -> list[tuple]:
    return list(run_embedded(store, query, bindings).rows)


def rdflib_in_child(
    graph: Graph, query: Query, bindings: dict, runs: int, limit: float
) -> tuple[float, Counter] | None:
    """Median ms and rows of the query on rdflib, or None if it takes longer than `limit` s."""

    def task() -> tuple[float, Counter]:
        rows = Counter(tuple(map(str, row)) for row in on_rdflib(graph, query, bindings))
        return median_ms(lambda: on_rdflib(graph, query, bindings), runs - 1 or 1), rows

    return in_child(task, limit)


def same_rows(rdflib_rows: Counter, oxigraph_rows: list[tuple]) -> bool:
    return rdflib_rows == Counter(tuple(map(str, row)) for row in oxigraph_rows)


def whole_process_ms(name: str, query: Query, data: Path, runs: int) -> float:
    command = [ALLIANCE_KG, "query", name]
    for param, value in query.examples.items():
        command += ["--param", f"{param}={value}"]
    command += ["--data", str(data), "--format", "tsv"]

    def run() -> None:
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)

    return median_ms(run, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "dist", help="release folder")
    parser.add_argument("--runs", type=int, default=20, help="runs per query on Oxigraph")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="runs per query on rdflib")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=20.0,
        help="seconds before a query on rdflib is given up",
    )
    parser.add_argument("--process-runs", type=int, default=10, help="runs of the whole command")
    args = parser.parse_args()
    dump = find_dump(args.data, None)
    assert dump is not None and dump.name == DUMP_NAME

    start = time.perf_counter()
    store = load_dump(dump)
    ox_load = time.perf_counter() - start
    start = time.perf_counter()
    graph = Graph().parse(dump, format="nt")
    rdflib_load = time.perf_counter() - start
    print(f"release: {dump} ({len(store)} triples)")
    print(f"load: Oxigraph {ox_load * 1000:.0f} ms, rdflib {rdflib_load * 1000:.0f} ms\n")

    print("| query | rows | Oxigraph (ms) | rdflib (ms) | rdflib / Oxigraph | same rows |")
    print("|---|---:|---:|---:|---:|---|")
    slowest = 0.0
    queries = {q.name: q for q in canned_queries(ROOT / "queries") if not q.requires}
    for query in queries.values():
        bindings = bind(query, query.examples)
        expected = on_oxigraph(store, query, bindings)
        ox_ms = median_ms(lambda q=query, b=bindings: on_oxigraph(store, q, b), args.runs)
        slowest = max(slowest, ox_ms)
        answer = rdflib_in_child(graph, query, bindings, args.rdflib_runs, args.rdflib_limit)
        if answer is None:
            rdflib, ratio, same = (
                f"> {args.rdflib_limit * 1000:.0f}",
                f"> {args.rdflib_limit * 1000 / ox_ms:.0f}",
                "?",
            )
        else:
            rdflib_ms, rows = answer
            rdflib, ratio = f"{rdflib_ms:.0f}", f"{rdflib_ms / ox_ms:.0f}"
            same = "yes" if same_rows(rows, expected) else "NO"
        print(
            f"| {query.name} | {len(expected)} | {ox_ms:.2f} | {rdflib} | {ratio} | {same} |",
            flush=True,
        )
    print(f"\nslowest canned query on Oxigraph: {slowest:.2f} ms (target < 10 ms)")

    print("\nwhole process, `alliance-kg query NAME --data DIR --format tsv` (median):")
    version = median_ms(
        lambda: subprocess.run(
            [ALLIANCE_KG, "--version"],
            check=True,
            capture_output=True,
        ),
        args.process_runs,
    )
    print(f"  alliance-kg --version (start-up only): {version:.0f} ms")
    for name in PROCESS_QUERIES:
        ms = whole_process_ms(name, queries[name], args.data, args.process_runs)
        print(f"  alliance-kg query {name}: {ms:.0f} ms (target < 500 ms)")


if __name__ == "__main__":
    main()
