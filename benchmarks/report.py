"""The harness's figures and their Markdown report, each figure beside its target (issue 8)."""

from __future__ import annotations

import statistics
from argparse import Namespace
from dataclasses import dataclass, field

from bench_build import whole
from measure import ProcessRun
from serve_load import Load

ESSAY_BUILD_S = 1.0
LARGE_SCALE = 100
LARGE_BUILD_S = 30.0
LARGE_BUILD_MIB = 2048
#: Linear growth: time per 1k triples at a scale at most this times the smallest scale's.
LINEAR_SLACK = 1.5
QUERY_MS = 10.0
QUERY_SPEEDUP = 10.0
HELP_S = 0.2
QUERY_PROCESS_S = 0.5
ENTITY_PAGES_PER_S = 300.0
SPARQL_P95_MS = 50.0


@dataclass
class RdflibFigures:
    """rdflib's side at one scale: the baseline pipeline's stages and each canned query."""

    stages: dict[str, float | None] = field(default_factory=dict)
    query_ms: dict[str, float | None] = field(default_factory=dict)
    same_rows: dict[str, bool | None] = field(default_factory=dict)


@dataclass
class ScaleFigures:
    """Everything measured at one scale; a figure left empty was not measured (see problems)."""

    scale: int
    generation_s: float = 0.0
    builds: list[ProcessRun] = field(default_factory=list)
    #: Seconds per build stage, one entry per cold build (from `build --timings`).
    stages: dict[str, list[float]] = field(default_factory=dict)
    rebuild: ProcessRun | None = None
    triples: int | None = None
    evidence: int | None = None
    mentions: int | None = None
    store_load_s: float | None = None
    query_ms: dict[str, float] = field(default_factory=dict)
    query_rows: dict[str, int] = field(default_factory=dict)
    processes: dict[str, list[ProcessRun]] = field(default_factory=dict)
    serve: dict[str, Load] = field(default_factory=dict)
    rdflib: RdflibFigures | None = None
    problems: list[str] = field(default_factory=list)


def median_s(runs: list[ProcessRun]) -> float:
    return statistics.median(r.seconds for r in runs)


def peak_mib(runs: list[ProcessRun]) -> float:
    return max(r.max_rss_mib for r in runs)


def _met(ok: bool | None) -> str:
    return "?" if ok is None else ("yes" if ok else "**no**")


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _corpora(figures: list[ScaleFigures]) -> list[str]:
    essay = next((f for f in figures if f.scale == 1 and f.evidence and f.mentions), None)
    rows = []
    for f in figures:
        ratio = "-"
        if essay and essay.evidence and essay.mentions and f.evidence and f.mentions:
            ratio = f"{f.evidence / essay.evidence:g}x / {f.mentions / essay.mentions:g}x"
        rows.append(
            [
                str(f.scale),
                f"{f.generation_s:.1f}",
                _count(f.triples),
                _count(f.evidence),
                _count(f.mentions),
                ratio,
            ]
        )
    header = ["scale", "written in (s)", "triples", "evidence", "mentions", "evidence / mentions"]
    return ["## Corpora", "", *_table(header, rows)]


def _build_targets(f: ScaleFigures, seconds: float, peak: float, per_k: float, first: ScaleFigures):
    """The targets that apply at this scale, and whether each is met."""
    targets = []
    if f.scale == 1:
        targets.append((f"≤ {ESSAY_BUILD_S:g} s", seconds <= ESSAY_BUILD_S))
    if f.scale >= LARGE_SCALE:
        ok = seconds <= LARGE_BUILD_S and peak <= LARGE_BUILD_MIB
        targets.append((f"≤ {LARGE_BUILD_S:g} s and ≤ {LARGE_BUILD_MIB // 1024} GiB", ok))
    if f is not first and first.builds and first.triples:
        base = median_s(first.builds) / first.triples
        targets.append(
            (f"linear: ms/1k ≤ {LINEAR_SLACK:g}x x{first.scale}'s", per_k <= LINEAR_SLACK * base)
        )
    return targets


def _builds(figures: list[ScaleFigures]) -> list[str]:
    rows = []
    for f in figures:
        if not f.builds:
            rows.append([str(f.scale), "-", "0", "-", "-", "-", "-", "; ".join(f.problems), "no"])
            continue
        seconds, peak = median_s(f.builds), peak_mib(f.builds)
        per_k = seconds / f.triples if f.triples else float("nan")
        targets = _build_targets(f, seconds, peak, per_k, figures[0])
        rows.append(
            [
                str(f.scale),
                _count(f.triples),
                str(len(f.builds)),
                f"{seconds:.2f}",
                f"{peak:.0f}",
                f"{per_k * 1e6:.1f}",
                f"{seconds / f.scale:.2f}",
                "; ".join(t for t, _ in targets) or "-",
                "; ".join(_met(ok) for _, ok in targets) or "-",
            ]
        )
    header = ["scale", "triples", "runs", "median (s)", "peak RSS (MiB)", "ms per 1k triples"]
    header += ["s per copy", "target", "met?"]
    lines = ["## Build: `alliance-kg build` as a process, cold", "", *_table(header, rows)]
    rebuilds = [(f.scale, f.rebuild) for f in figures if f.rebuild]
    if rebuilds:
        rows = [[str(s), f"{r.seconds:.2f}", f"{r.max_rss_mib:.0f}"] for s, r in rebuilds]
        lines += ["", "Rebuild, inputs unchanged (no `--force`):", ""]
        lines += _table(["scale", "wall (s)", "peak RSS (MiB)"], rows)
    return lines


def _stages(figures: list[ScaleFigures]) -> list[str]:
    """Where a cold build's time goes: the median of each stage, at every scale."""
    measured = [f for f in figures if f.stages]
    if not measured:
        return []
    names = list(dict.fromkeys(n for f in measured for n in f.stages))
    rows = [
        [
            name,
            *(
                f"{statistics.median(f.stages[name]):.2f}" if name in f.stages else "-"
                for f in measured
            ),
        ]
        for name in names
    ]
    header = ["stage (`build --timings`, median s)", *(f"x{f.scale}" for f in measured)]
    return ["### Where a build's time goes", "", *_table(header, rows)]


def _baselines(figures: list[ScaleFigures], limit: float) -> list[str]:
    measured = [f for f in figures if f.rdflib and f.rdflib.stages and f.builds]
    if not measured:
        return []
    names = list(dict.fromkeys(n for f in measured if f.rdflib for n in f.rdflib.stages))
    rows = []
    for name in names:
        cells = []
        for f in measured:
            seconds = f.rdflib.stages.get(name) if f.rdflib else None
            cells.append(f"> {limit:g}" if seconds is None else f"{seconds:.1f}")
        rows.append([name, *cells])
    wholes = [whole(f.rdflib.stages, limit) for f in measured if f.rdflib]
    ours = [median_s(f.builds) for f in measured]
    rows.append(["**whole**", *(f"{'> ' * more}{s:.1f}" for s, more in wholes)])
    rows.append(["`alliance-kg build`, median, whole process", *(f"{s:.2f}" for s in ours)])
    rows.append(
        [
            "**ratio baseline / ours**",
            *(f"{'> ' * more}{s / o:.0f}x" for (s, more), o in zip(wholes, ours, strict=True)),
        ]
    )
    header = ["stage (one run; seconds)", *(f"x{f.scale}" for f in measured)]
    return ["## Baseline: the plain rdflib pipeline", "", *_table(header, rows)]


def _queries(figures: list[ScaleFigures], names: list[str], rdflib_limit: float) -> list[str]:
    measured = [f for f in figures if f.query_ms]
    if not measured:
        return []
    loads = [[str(f.scale), f"{f.store_load_s:.2f}"] for f in measured if f.store_load_s]
    with_rdflib = [f for f in measured if f.rdflib and f.rdflib.query_ms]
    header = ["query", f"rows x{measured[0].scale}", *(f"x{f.scale} (ms)" for f in measured)]
    for f in with_rdflib:
        header += [f"rdflib x{f.scale} (ms)", "rdflib / ours", "same rows"]
    header += [f"≤ {QUERY_MS:g} ms", f"≥ {QUERY_SPEEDUP:g}x rdflib"]
    rows = []
    for name in names:
        times = [f.query_ms.get(name) for f in measured]
        row = [name, _count(measured[0].query_rows.get(name))]
        row += ["?" if t is None else f"{t:.2f}" for t in times]
        speedups = []
        for f in with_rdflib:
            assert f.rdflib is not None
            theirs, ours = f.rdflib.query_ms.get(name), f.query_ms[name]
            shown = f"> {rdflib_limit * 1000:.0f}" if theirs is None else f"{theirs:.1f}"
            ratio = (rdflib_limit * 1000 if theirs is None else theirs) / ours
            more = "> " if theirs is None else ""
            same = {True: "yes", False: "**NO**", None: "?"}[f.rdflib.same_rows.get(name)]
            row += [shown]
            row += [f"{more}{ratio:.0f}", same]
            speedups.append(ratio >= QUERY_SPEEDUP and same != "**NO**")
        row += [_met(all(t is not None and t <= QUERY_MS for t in times))]
        row += [_met(all(speedups) if speedups else None)]
        rows.append(row)
    return [
        "## Canned queries on the embedded store (median ms, store loaded)",
        "",
        *_table(["scale", "loading the dump into Oxigraph (s)"], loads),
        "",
        *_table(header, rows),
    ]


def _processes(figures: list[ScaleFigures], help_runs: list[ProcessRun]) -> list[str]:
    rows = []
    if help_runs:
        seconds = median_s(help_runs)
        rows.append(
            [
                "`alliance-kg --help`",
                "-",
                str(len(help_runs)),
                f"{seconds * 1000:.0f}",
                f"{peak_mib(help_runs):.0f}",
                f"≤ {HELP_S * 1000:g} ms",
                _met(seconds <= HELP_S and all(r.ok for r in help_runs)),
            ]
        )
    for f in figures:
        for name, runs in f.processes.items():
            seconds = median_s(runs)
            rows.append(
                [
                    f"`alliance-kg {name}`",
                    str(f.scale),
                    str(len(runs)),
                    f"{seconds * 1000:.0f}",
                    f"{peak_mib(runs):.0f}",
                    f"≤ {QUERY_PROCESS_S * 1000:g} ms",
                    _met(seconds <= QUERY_PROCESS_S and all(r.ok for r in runs)),
                ]
            )
    header = ["command", "scale", "runs", "median (ms)", "peak RSS (MiB)", "target", "met?"]
    return ["## Whole processes (cold: a new process each run)", "", *_table(header, rows)]


def _serve(figures: list[ScaleFigures], clients: int, seconds: float) -> list[str]:
    rows = []
    for f in figures:
        for name, result in f.serve.items():
            if name == "entity pages":
                target = f"≥ {ENTITY_PAGES_PER_S:g}/s"
                ok = result.per_second >= ENTITY_PAGES_PER_S
            else:
                target = f"p95 ≤ {SPARQL_P95_MS:g} ms"
                ok = result.percentile_ms(95) <= SPARQL_P95_MS
            rows.append(
                [
                    str(f.scale),
                    name,
                    str(len(result.latencies)),
                    f"{result.per_second:.0f}",
                    f"{result.percentile_ms(50):.1f}",
                    f"{result.percentile_ms(95):.1f}",
                    str(result.errors),
                    target,
                    _met(ok and result.errors == 0),
                ]
            )
    if not rows:
        return []
    header = ["scale", "requests", "answered", "per s", "p50 (ms)", "p95 (ms)", "errors"]
    header += ["target", "met?"]
    title = f"## `alliance-kg serve` under load ({clients} clients, {seconds:g} s per workload)"
    return [title, "", *_table(header, rows)]


def render(
    figures: list[ScaleFigures],
    help_runs: list[ProcessRun],
    query_names: list[str],
    command: str,
    machine: dict[str, str],
    args: Namespace,
) -> str:
    """The whole report: machine, corpora, then each measurement's table."""
    sections = [
        ["# alliance-kg benchmarks", "", f"Command: `{command}`"],
        ["## Machine", "", *_table(["", ""], [[k, v] for k, v in machine.items()])],
        _corpora(figures),
        _builds(figures),
        _stages(figures),
        _baselines(figures, args.baseline_limit),
        _queries(figures, query_names, args.rdflib_limit),
        _processes(figures, help_runs),
        _serve(figures, args.clients, args.serve_seconds),
        ["## Problems", "", *(f"- x{f.scale}: {p}" for f in figures for p in f.problems)],
    ]
    if not any(f.problems for f in figures):
        sections.pop()
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n"
