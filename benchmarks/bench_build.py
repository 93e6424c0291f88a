"""How long `alliance-kg build` takes, against a plain rdflib pipeline measured in the same run.

The baseline does what a first version would: rdflib parses everything, pySHACL validates,
rdflib runs the quality checks and serializes Turtle, N-Triples and JSON-LD. The project's build
does the same work (plus anchors and mentions) with Oxigraph running the checks and writing the
dumps. Each figure is the median of several runs; the ratio is what the design choices buy.

Run from the project root:  .venv/bin/python benchmarks/bench_build.py [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pyshacl import validate  # noqa: E402

from alliance_kg.assemble import assemble  # noqa: E402
from alliance_kg.build import build  # noqa: E402
from alliance_kg.checks import load_checks  # noqa: E402
from alliance_kg.namespaces import PREFIXES  # noqa: E402
from alliance_kg.ontology import load_ontology, load_shapes  # noqa: E402
from alliance_kg.project import Project  # noqa: E402
from bench_queries import median_ms  # noqa: E402  (the sibling script; one timing helper for both)


def rdflib_pipeline(project: Project, out: Path) -> None:
    """The baseline: the same graph, validated, checked and written with rdflib alone."""
    graph = assemble(project, load_ontology(project)).graph
    validate(graph, shacl_graph=load_shapes(project), inference="none", advanced=True)
    initns = dict(PREFIXES)
    for check in load_checks(project.checks_dir):
        list(graph.query(check.text, initNs=initns))
    graph.serialize(out / "baseline.ttl", format="turtle")
    graph.serialize(out / "baseline.nt", format="nt", encoding="utf-8")
    graph.serialize(out / "baseline.jsonld", format="json-ld")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    project = Project(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = median_ms(lambda: build(project, out / "dist"), args.runs) / 1000
        baseline = median_ms(lambda: rdflib_pipeline(project, out), args.runs) / 1000
    print(f"build (alliance-kg):     {ours * 1000:8.0f} ms  (median of {args.runs})")
    print(f"plain rdflib pipeline:   {baseline * 1000:8.0f} ms  (median of {args.runs})")
    print(f"ratio baseline / ours:   {baseline / ours:8.1f}x")


if __name__ == "__main__":
    main()
