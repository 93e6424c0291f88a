"""The benchmark harness: synthetic corpora at several scales, built, queried and served.

For each scale it writes a corpus (corpus.py), builds it with `alliance-kg build` as a process
(median wall time, peak memory), times `alliance-kg query` as whole processes, every canned
query on the embedded store, and `alliance-kg serve` under concurrent clients. At the rdflib
scales (default: 1) it also runs the plain rdflib pipeline (bench_build.py) and each canned query
on rdflib (bench_queries.py). The Markdown report (report.py) is printed at the end and written
after every scale, so a run stopped during the largest scale keeps the smaller ones.

    .venv/bin/python benchmarks/run.py [--scales 1,10,100] [--runs 3] [--out benchmarks/results.md]
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from alliance_kg.project import Project
from alliance_kg.queries import Query, bind, canned_queries
from alliance_kg.release import DUMP_NAME, load_dump
from bench_build import rdflib_pipeline
from bench_queries import PROCESS_QUERIES, on_oxigraph, rdflib_in_child, same_rows
from corpus import write_corpus
from measure import ALLIANCE_KG, ProcessRun, in_child, machine, median_ms, run_process
from report import RdflibFigures, ScaleFigures, render
from serve_load import HTML, SPARQL_JSON, entity_paths, load, serving, sparql_paths

ROOT = Path(__file__).resolve().parent.parent
#: A line of `build --timings`: "    0.75 s  assemble (data, texts, evidence, mentions)".
STAGE_LINE = re.compile(r"^\s*([\d.]+) s  (.+)$", re.M)
#: Runs of each canned query on rdflib (the first also collects the rows to compare).
RDFLIB_RUNS = 3


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--scales", default="1,10,100", help="copies of the essay, comma-separated")
    add("--runs", type=int, default=3, help="cold builds per scale (median)")
    add("--largest-runs", type=int, default=1, help="cold builds at the largest of several scales")
    add("--query-runs", type=int, default=20, help="runs per canned query on the embedded store")
    add("--process-runs", type=int, default=5, help="runs per whole command (--help, query)")
    add("--out", type=Path, help="also write the report to this file")
    add("--work", type=Path, help="keep corpora and releases in this folder (default: a tmp)")
    add("--skip-baseline", action="store_true", help="no rdflib pipeline, no queries on rdflib")
    add("--rdflib-scales", default="1", help="scales with the rdflib baseline, comma-separated")
    add("--baseline-limit", type=float, default=300, help="seconds per rdflib pipeline stage")
    add("--rdflib-limit", type=float, default=10, help="seconds per canned query on rdflib")
    add("--skip-serve", action="store_true", help="no `alliance-kg serve` load test")
    add("--serve-seconds", type=float, default=10, help="seconds per serve workload")
    add("--clients", type=int, default=8, help="concurrent serve clients")
    add("--build-timeout", type=float, default=3600, help="seconds before a build is stopped")
    add("--memory-cap", type=float, default=12, help="GiB of RSS at which a build is stopped")
    return parser.parse_args()


def _scales(text: str) -> list[int]:
    return sorted({int(s) for s in text.split(",") if s.strip()})


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _reported(run: ProcessRun, label: str) -> int | None:
    """A count from the build's summary ("triples: 44244")."""
    match = re.search(rf"{label}: (\d+)", run.stdout)
    return int(match.group(1)) if match else None


def _failure(run: ProcessRun) -> str:
    if run.stopped_at:
        return f"stopped at the {run.stopped_at} cap after {run.seconds:.0f} s"
    return f"exit {run.returncode}: {(run.stderr or run.stdout).strip()[-400:]}"


def measure_builds(
    figures: ScaleFigures, corpus: Path, dist: Path, runs: int, args: argparse.Namespace
) -> bool:
    """Cold builds (`--force` if the build has a cache), then one with inputs unchanged."""
    usage = run_process([ALLIANCE_KG, "build", "--help"], ROOT).stdout
    force = ["--force"] if "--force" in usage else []
    force += ["--timings"] if "--timings" in usage else []
    caps = {"timeout": args.build_timeout, "memory_cap_mib": args.memory_cap * 1024}
    for number in range(1, runs + 1):
        run = run_process([ALLIANCE_KG, "build", "--out", str(dist), *force], corpus, **caps)
        _log(f"  build {number}/{runs}: {run.seconds:.1f} s, {run.max_rss_mib:.0f} MiB")
        if not run.ok:
            figures.problems.append(f"build: {_failure(run)}")
            return False
        figures.builds.append(run)
        for seconds, stage in STAGE_LINE.findall(run.stderr):
            figures.stages.setdefault(stage, []).append(float(seconds))
    last = figures.builds[-1]
    figures.triples = _reported(last, "triples")
    figures.evidence = _reported(last, "evidence annotations")
    figures.mentions = _reported(last, "mentions")
    if force:
        rebuild = run_process([ALLIANCE_KG, "build", "--out", str(dist)], corpus, **caps)
        _log(f"  rebuild, inputs unchanged: {rebuild.seconds:.1f} s")
        if not rebuild.ok:
            figures.problems.append(f"rebuild: {_failure(rebuild)}")
        elif "up to date" not in rebuild.stdout:
            figures.problems.append("rebuild: the build did not find its inputs unchanged")
        figures.rebuild = rebuild if rebuild.ok else None
    return True


def measure_processes(
    figures: ScaleFigures, corpus: Path, dist: Path, queries: list[Query], count: int
) -> None:
    """`alliance-kg query` as a user meets it: a new process each time, output included."""
    by_name = {q.name: q for q in queries}
    for name in PROCESS_QUERIES:
        params = [f"--param={k}={v}" for k, v in by_name[name].examples.items()]
        command = [ALLIANCE_KG, "query", name, *params, "--data", str(dist), "--format", "tsv"]
        runs = [run_process(command, corpus) for _ in range(count)]
        figures.processes[f"query {name} --format tsv"] = runs
        if failed := [r for r in runs if not r.ok]:
            figures.problems.append(f"query {name}: {_failure(failed[0])}")


def measure_queries(
    figures: ScaleFigures, dist: Path, queries: list[Query], args: argparse.Namespace
) -> None:
    """Every canned query on the embedded store; on rdflib too at the rdflib scales."""
    start = time.perf_counter()
    store = load_dump(dist / DUMP_NAME)
    figures.store_load_s = time.perf_counter() - start
    rdflib = figures.rdflib
    graph = Graph().parse(dist / DUMP_NAME, format="nt") if rdflib else None
    for query in queries:
        bindings = bind(query, query.examples)
        rows = on_oxigraph(store, query, bindings)
        figures.query_rows[query.name] = len(rows)
        figures.query_ms[query.name] = median_ms(
            lambda q=query, b=bindings: on_oxigraph(store, q, b), args.query_runs
        )
        if rdflib and graph is not None:
            answer = rdflib_in_child(graph, query, bindings, RDFLIB_RUNS, args.rdflib_limit)
            rdflib.query_ms[query.name] = None if answer is None else answer[0]
            rdflib.same_rows[query.name] = None if answer is None else same_rows(answer[1], rows)
    _log(f"  canned queries: slowest {max(figures.query_ms.values()):.2f} ms")
    if not args.skip_serve:
        measure_serve(figures, dist, entity_paths(store), sparql_paths(queries), args)


def measure_serve(
    figures: ScaleFigures,
    dist: Path,
    entities: list[str],
    sparql: list[str],
    args: argparse.Namespace,
) -> None:
    """Entity pages as HTML, then the canned queries over the SPARQL protocol."""
    workloads = (("entity pages", entities, HTML), ("canned SPARQL", sparql, SPARQL_JSON))
    with serving(dist) as address:
        for name, paths, accept in workloads:
            result = load(address, paths, accept, args.clients, args.serve_seconds)
            figures.serve[name] = result
            _log(f"  serve, {name}: {result.per_second:.0f}/s, {result.errors} errors")


def measure_baseline(figures: ScaleFigures, corpus: Path, work: Path, limit: float) -> None:
    """The rdflib pipeline in a forked child, so that its graph never weighs on the harness."""
    assert figures.rdflib is not None
    out = work / f"baseline-{figures.scale}"
    out.mkdir(exist_ok=True)
    stages = in_child(lambda: rdflib_pipeline(Project(corpus), out, limit), limit * 8)
    figures.rdflib.stages = stages or {"rdflib parse + assemble": None}
    _log(f"  baseline: {figures.rdflib.stages}")


def run_scale(
    scale: int, runs: int, work: Path, queries: list[Query], args: argparse.Namespace
) -> ScaleFigures:
    """Every measurement at one scale, on one corpus built once into one release."""
    figures = ScaleFigures(scale)
    if not args.skip_baseline and scale in _scales(args.rdflib_scales):
        figures.rdflib = RdflibFigures()
    corpus, dist = work / f"corpus-{scale}", work / f"dist-{scale}"
    start = time.perf_counter()
    write_corpus(corpus, scale)
    figures.generation_s = time.perf_counter() - start
    _log(f"scale {scale}: corpus written in {figures.generation_s:.1f} s")
    if measure_builds(figures, corpus, dist, runs, args):
        measure_processes(figures, corpus, dist, queries, args.process_runs)
        measure_queries(figures, dist, queries, args)
        if figures.rdflib:
            measure_baseline(figures, corpus, work, args.baseline_limit)
    return figures


def main() -> None:
    args = _args()
    scales = _scales(args.scales)
    command = shlex.join([".venv/bin/python", "benchmarks/run.py", *sys.argv[1:]])
    about = machine()
    queries = [q for q in canned_queries(ROOT / "queries") if not q.requires]
    help_runs = [run_process([ALLIANCE_KG, "--help"], ROOT) for _ in range(args.process_runs)]
    figures: list[ScaleFigures] = []
    report = ""
    with tempfile.TemporaryDirectory(prefix="alliance-kg-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for scale in scales:
            largest = scale == scales[-1] and len(scales) > 1
            figures.append(
                run_scale(scale, args.largest_runs if largest else args.runs, work, queries, args)
            )
            report = render(figures, help_runs, [q.name for q in queries], command, about, args)
            if args.out:
                args.out.write_text(report, encoding="utf-8")
    print(report, end="")


if __name__ == "__main__":
    main()
