"""`alliance-kg build`: what it publishes, byte-identical rebuilds, and atomic failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from alliance_kg import build as build_module
from alliance_kg.build import MARKER, build
from alliance_kg.errors import DataError, InputError
from alliance_kg.project import Project

RELEASE_FILES = {
    "alliance-kg.ttl",
    "alliance-kg.nt",
    "alliance-kg.jsonld",
    "ontology.ttl",
    "shapes.ttl",
    "void.ttl",
    ".htaccess",
    "tei.xml",
    "site",
    MARKER,
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a release, site included, by its path in the release."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_release_holds_every_promised_file(built_release):
    assert {p.name for p in built_release.out.iterdir()} == RELEASE_FILES


def test_turtle_ntriples_and_jsonld_hold_the_same_graph(built_release, published_graph):
    turtle = Graph().parse(built_release.out / "alliance-kg.ttl", format="turtle")
    jsonld = Graph().parse(built_release.out / "alliance-kg.jsonld", format="json-ld")
    for other in (turtle, jsonld):
        if not isomorphic(published_graph, other):
            _, only_nt, only_other = graph_diff(published_graph, other)
            pytest.fail(
                f"only in N-Triples: {list(only_nt)[:5]}; only in the other: {list(only_other)[:5]}"
            )


def test_jsonld_uses_short_keys(built_release):
    document = json.loads((built_release.out / "alliance-kg.jsonld").read_text())
    keys = {key for node in document["@graph"] for key in node}
    assert {"label", "assertedBy", "isPartOf"} <= keys
    assert document["@context"]["assertedBy"]["@type"] == "@id"


def test_ontology_and_shapes_are_published_as_edited(built_release, project):
    assert (built_release.out / "ontology.ttl").read_bytes() == project.ontology_file.read_bytes()
    assert (built_release.out / "shapes.ttl").read_bytes() == project.shapes_file.read_bytes()


def test_the_same_input_gives_byte_identical_output(project, tmp_path):
    # Separate processes with different hash seeds: set and dict order must not leak into output.
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"dist-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "alliance_kg", "build", "--out", str(out)],
            cwd=project.root,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append(snapshot(out))
    assert outputs[0].keys() == outputs[1].keys()
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], f"{name} differs between two builds"


def test_a_failed_build_leaves_the_previous_release_untouched(project_copy: Project, tmp_path):
    out = tmp_path / "releases" / "dist"
    build(project_copy, out)
    before = snapshot(out)
    places = project_copy.data_dir / "entities" / "places.ttl"
    places.write_text(places.read_text() + "\nid:broken ak:date .\n")
    with pytest.raises(InputError, match=r"places\.ttl:\d+"):
        build(project_copy, out)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["dist"], "staging folders left behind"


def test_a_failure_while_writing_leaves_the_previous_release_untouched(
    project_copy: Project, tmp_path, monkeypatch
):
    out = tmp_path / "releases" / "dist"
    build(project_copy, out)
    before = snapshot(out)
    original = Path.write_bytes
    calls = []

    def fail_on_third_file(self, data):
        calls.append(self)
        if len(calls) == 3:
            raise OSError("disk full")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", fail_on_third_file)
    with pytest.raises(OSError, match="disk full"):
        build(project_copy, out)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["dist"]


def test_a_violation_stops_the_build_and_names_entity_message_and_file(project_copy, tmp_path):
    events = project_copy.data_dir / "entities" / "events.ttl"
    # A date in a form the shapes reject: a year must be an xsd:gYear.
    events.write_text(events.read_text() + '\nid:paris-commune ak:date "eighteen-seventy-one" .\n')
    out = tmp_path / "dist"
    with pytest.raises(DataError) as failure:
        build(project_copy, out)
    message = str(failure.value)
    assert "nothing was published" in message
    assert "<https://w3id.org/alliance-kg/id/paris-commune>" in message
    assert "events.ttl" in message
    assert "ak:date" in message
    assert not out.exists()


def test_build_refuses_to_replace_a_folder_it_did_not_write(project, tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="no earlier release"):
        build_module.write_release(out, [("x", b"y")])
    assert (out / "notes.txt").read_text() == "keep me"


def test_the_summary_counts_what_was_published(built_release, published_graph):
    summary = built_release.summary()
    assert f"triples: {len(published_graph)}" in summary
    assert "ak:Person:" in summary
    assert built_release.triples == len(published_graph)


def test_the_build_times_each_stage(built_release):
    stages = built_release.seconds
    assert {"validate (SHACL)", "quality checks", "site and writing (rendered as written)"} <= set(
        stages
    )
    assert all(seconds >= 0 for seconds in stages.values())
    lines = built_release.timings().splitlines()
    assert len(lines) == len(stages) + 1
    assert lines[-1].endswith("s  in all")
    # The timings vary from run to run, so the summary (and the release's marker) leave them out.
    assert "validate (SHACL)" not in built_release.summary()
