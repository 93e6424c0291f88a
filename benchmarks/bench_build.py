"""The baseline the build is measured against: the same work done with rdflib alone.

A first version would do this: rdflib parses everything (the project's own assembly, which reads
with rdflib), pySHACL validates, rdflib's SPARQL engine runs the quality checks, and rdflib writes
Turtle, N-Triples and JSON-LD. The project's build does the same work (plus the site and TEI)
with Oxigraph running the checks and writing the dumps. rdflib's SPARQL over the reified
statements takes minutes, so each stage after the assembly runs in a forked child that is given
up after a time limit and reported as "> limit".

Run from the project root:  .venv/bin/python benchmarks/bench_build.py [--runs 3] [--limit 120]
(`benchmarks/run.py` runs the same baseline beside the build as a process, at every scale.)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyshacl import validate

from alliance_kg.assemble import assemble
from alliance_kg.build import build
from alliance_kg.checks import load_checks
from alliance_kg.namespaces import PREFIXES
from alliance_kg.ontology import load_ontology, load_shapes
from alliance_kg.project import Project
from measure import in_child, median_ms

ROOT = Path(__file__).resolve().parent.parent


def _seconds(task: Callable[[], object]) -> float:
    start = time.perf_counter()
    task()
    return time.perf_counter() - start


def rdflib_pipeline(project: Project, out: Path, limit: float) -> dict[str, float | None]:
    """Seconds each baseline stage took; None for a stage still running after `limit` s."""
    start = time.perf_counter()
    graph = assemble(project, load_ontology(project)).graph
    stages: dict[str, float | None] = {"rdflib parse + assemble": time.perf_counter() - start}
    shapes = load_shapes(project)
    checks = load_checks(project.checks_dir)
    tasks: dict[str, Callable[[], object]] = {
        "pySHACL validate": lambda: validate(
            graph, shacl_graph=shapes, inference="none", advanced=True
        ),
        "quality checks (rdflib SPARQL)": lambda: [
            list(graph.query(check.text, initNs=dict(PREFIXES))) for check in checks
        ],
        "serialize Turtle": lambda: graph.serialize(out / "baseline.ttl", format="turtle"),
        "serialize N-Triples": lambda: graph.serialize(
            out / "baseline.nt", format="nt", encoding="utf-8"
        ),
        "serialize JSON-LD": lambda: graph.serialize(out / "baseline.jsonld", format="json-ld"),
    }
    for name, task in tasks.items():
        stages[name] = in_child(lambda task=task: _seconds(task), limit)
    return stages


def whole(stages: dict[str, float | None], limit: float) -> tuple[float, bool]:
    """The baseline's whole time, and whether it is only a lower bound (a stage was given up)."""
    return sum(limit if v is None else v for v in stages.values()), None in stages.values()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the in-process build")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per baseline stage")
    args = parser.parse_args()
    project = Project(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = median_ms(lambda: build(project, out / "dist"), args.runs) / 1000
        stages = rdflib_pipeline(project, out, args.limit)
    for name, seconds in stages.items():
        shown = f"> {args.limit:.0f}" if seconds is None else f"{seconds:.1f}"
        print(f"baseline, {name + ':':32} {shown:>8} s")
    seconds, exceeded = whole(stages, args.limit)
    more = "> " if exceeded else ""
    print(f"baseline, whole:                          {more}{seconds:.1f} s")
    print(f"build (alliance-kg, in process, median):  {ours:.1f} s")
    print(f"ratio baseline / ours:                    {more}{seconds / ours:.1f}x")


if __name__ == "__main__":
    main()
