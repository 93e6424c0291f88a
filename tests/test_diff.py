"""Release notes: each deliberate change between two releases appears under its heading."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from alliance_kg.assemble import assemble
from alliance_kg.cli import main
from alliance_kg.diff import diff_releases
from alliance_kg.namespaces import AK, CLAIM, EVIDENCE, ID, OA, PREFIXES, WD
from alliance_kg.ontology import load_ontology
from alliance_kg.store import serialize

NEW_CLAIM = CLAIM["a-claim-made-up-for-a-test"]
OLD_CLAIM = CLAIM["command-is-the-devil-of-history"]
NEW_EVIDENCE = EVIDENCE["program-of-the-alliance-made-up-for-a-test"]


def write_release(folder: Path, graph: Graph) -> Path:
    folder.mkdir()
    (folder / "alliance-kg.nt").write_bytes(serialize(graph, ox.RdfFormat.N_TRIPLES, PREFIXES))
    return folder


def changed_copy(graph: Graph) -> Graph:
    """The graph with one change of each kind the notes report."""
    geneva = ID["geneva"]
    # Removing an entity removes its anchor rows, so the evidence for its facts goes too.
    statements = set(graph.subjects(RDF.subject, geneva))
    evidence = {
        str(e) for e in graph.subjects(OA.hasBody) if graph.value(e, OA.hasBody) in statements
    }
    new = Graph()
    for triple in graph:
        if geneva not in (triple[0], triple[2]) and str(triple[0]).split("#")[0] not in evidence:
            new.add(triple)
    bakunin, dolgoff = ID["mikhail-bakunin"], ID["sam-dolgoff"]
    new.set((bakunin, RDFS.label, Literal("Michael Bakunin", lang="en")))
    new.add((bakunin, SKOS.altLabel, Literal("Bakunin the Elder", lang="en")))
    new.add((dolgoff, SKOS.exactMatch, WD["Q1"]))
    new.add((dolgoff, AK.activeIn, ID["france"]))
    new.set((OLD_CLAIM, AK.paraphrase, Literal("A paraphrase rewritten for a test.", lang="en")))
    statement = sorted(graph.subjects(RDF.subject, dolgoff))[0]
    new.add((NEW_EVIDENCE, RDF.type, AK.Evidence))
    new.add((NEW_EVIDENCE, OA.hasBody, statement))
    new.add((URIRef(f"{NEW_EVIDENCE}#quote"), OA.exact, Literal("a passage made up for a test")))
    new.add((NEW_CLAIM, RDF.type, AK.Claim))
    new.add((NEW_CLAIM, RDFS.label, Literal("A claim made up for a test", lang="en")))
    new.add((NEW_CLAIM, AK.paraphrase, Literal("Tests need claims of their own.", lang="en")))
    return new


@pytest.fixture(scope="module")
def releases(project, tmp_path_factory) -> tuple[Path, Path]:
    graph = assemble(project, load_ontology(project)).graph
    assert (ID["sam-dolgoff"], SKOS.exactMatch, None) not in graph
    root = tmp_path_factory.mktemp("diff")
    return write_release(root / "old", graph), write_release(root / "new", changed_copy(graph))


def section(notes: str, heading: str) -> str:
    """The body of one '## heading' section of the Markdown notes ('' when absent)."""
    _, found, rest = notes.partition(f"\n## {heading}\n")
    return rest.split("\n## ", 1)[0] if found else ""


def test_each_change_is_under_its_heading_with_its_label(releases):
    notes = diff_releases(*releases)
    assert "`id:geneva` Geneva" in section(notes, "Entities removed")
    assert '"Mikhail Bakunin" → "Michael Bakunin"' in section(notes, "Labels changed")
    assert "Bakunin the Elder" in section(notes, "Aliases added")
    assert "`id:sam-dolgoff` Sam Dolgoff: skos:exactMatch wd:Q1" in section(
        notes, "Wikidata links added"
    )
    assert "wd:Q71" in section(notes, "Wikidata links removed")
    claims = section(notes, "Claims added")
    assert "`claim:a-claim-made-up-for-a-test` A claim made up for a test" in claims
    assert "Tests need claims of their own." in claims
    relations = section(notes, "Relations added")
    assert "`id:sam-dolgoff` Sam Dolgoff: ak:activeIn id:france (France)" in relations
    assert "ak:locatedIn id:geneva" in section(notes, "Relations removed")
    changed = section(notes, "Claims changed")
    assert "`claim:command-is-the-devil-of-history`" in changed
    assert 'now "A paraphrase rewritten for a test."' in changed
    added = section(notes, "Evidence added")
    assert "`id:sam-dolgoff` Sam Dolgoff: 1 passage(s)" in added
    assert "“a passage made up for a test”" in added
    removed = section(notes, "Evidence removed")
    assert "`id:geneva` Geneva" in removed and "“" in removed
    assert notes.count("**Summary:**") == 1


def test_json_counts_each_kind_of_change(releases):
    document = json.loads(diff_releases(*releases, output_format="json"))
    assert document["summary"]["entities_removed"] == 1
    assert document["summary"]["claims_added"] == 1
    assert document["summary"]["entities_added"] == 0
    assert document["changes"]["links_added"][0]["iri"] == "id:sam-dolgoff"


def test_the_notes_are_deterministic(releases):
    assert diff_releases(*releases) == diff_releases(*releases)


def test_a_release_against_itself_has_no_changes(releases):
    old, _ = releases
    notes = diff_releases(old, old / "alliance-kg.nt")
    assert "**Summary:** no changes." in notes
    assert "\n## " not in notes


def test_the_command_writes_the_notes(releases):
    result = CliRunner().invoke(main, ["diff", *map(str, releases)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Release notes")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing", None, "no such file or folder"),
        ("empty-folder", "", "holds no alliance-kg.nt"),
        ("notes.txt", "hello", "not a release dump"),
        ("broken.nt", "<a> <b> .\n", "cannot be read"),
        (
            "other.nt",
            "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n",
            "not an alliance-kg release",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(releases, tmp_path, name, content, message):
    path = tmp_path / name
    if content == "":
        path.mkdir()
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(releases[0]), str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
