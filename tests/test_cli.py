"""The command line: exit codes, messages for bad input, and help for every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from alliance_kg.cli import main
from alliance_kg.validation import ENGINES

from .conftest import ROOT

VALID_ENTITY = """@prefix ak: <https://w3id.org/alliance-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/alliance-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

id:somewhere a ak:Place ;
    rdfs:label "Somewhere"@en ;
    dcterms:description "A place made up for a test."@en .
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_a_turtle_syntax_error_names_file_and_line(run, tmp_path):
    bad = write(
        tmp_path,
        "bad.ttl",
        VALID_ENTITY.replace('"Somewhere"@en ;', '"Somewhere"@en ;;;\n    rdfs:label'),
    )
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert re.search(r"bad\.ttl:\d+: syntax error", result.output)
    assert "Traceback" not in result.output


def test_an_undefined_prefix_is_named_with_its_line(run, tmp_path):
    bad = write(tmp_path, "prefix.ttl", VALID_ENTITY + "\nnope:x a ak:Place .\n")
    result = run("validate", str(bad))
    assert result.exit_code == 2
    line = VALID_ENTITY.count("\n") + 2
    assert f"prefix.ttl:{line}:" in result.output
    assert 'Prefix "nope:" not bound' in result.output


def test_a_missing_file_is_named(run, tmp_path):
    result = run("validate", str(tmp_path / "absent.ttl"))
    assert result.exit_code == 2
    assert "absent.ttl: no such file" in result.output


def test_an_empty_file_is_named(run, tmp_path):
    result = run("validate", str(write(tmp_path, "empty.ttl", "\n")))
    assert result.exit_code == 2
    assert "empty.ttl: the file is empty" in result.output


def test_a_file_that_is_not_utf8_is_named_with_its_line(run, tmp_path):
    latin1 = VALID_ENTITY.replace("Somewhere", "Genève").encode("latin-1")
    result = run("validate", str(write(tmp_path, "latin1.ttl", latin1)))
    assert result.exit_code == 2
    line = VALID_ENTITY.split("Somewhere")[0].count("\n") + 1
    assert f"latin1.ttl:{line}: not UTF-8" in result.output


def test_validate_exits_0_for_conforming_data(run, tmp_path):
    result = run("validate", str(write(tmp_path, "ok.ttl", VALID_ENTITY)))
    # No evidence for a made-up place is a curation gap (a warning), not a violation.
    assert result.exit_code == 0, result.output
    assert "0 violation(s)" in result.output


def test_validate_exits_1_on_violations_and_groups_them_by_entity(run, tmp_path):
    bad = write(tmp_path, "nolabel.ttl", VALID_ENTITY.replace('rdfs:label "Somewhere"@en ;', ""))
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "<https://w3id.org/alliance-kg/id/somewhere>  [" in result.output
    assert "nolabel.ttl" in result.output
    assert "Violation: rdfs:label" in result.output


@pytest.mark.parametrize("engine", ENGINES)
def test_validate_reports_the_same_with_either_engine(run, tmp_path, engine):
    # The CLI's --engine choices are the library's engines, and each finds the missing label.
    bad = write(tmp_path, "nolabel.ttl", VALID_ENTITY.replace('rdfs:label "Somewhere"@en ;', ""))
    result = run("validate", str(bad), "--engine", engine)
    assert result.exit_code == 1, result.output
    assert "Violation: rdfs:label" in result.output


def test_the_engine_choices_are_the_librarys():
    (validate,) = [c for name, c in main.commands.items() if name == "validate"]
    (option,) = [p for p in validate.params if p.name == "engine"]
    assert tuple(option.type.choices) == ENGINES
    assert option.default == ENGINES[0]


def test_validate_json_report(run, tmp_path):
    bad = write(tmp_path, "nolabel.ttl", VALID_ENTITY.replace('rdfs:label "Somewhere"@en ;', ""))
    result = run("validate", str(bad), "--format", "json")
    report = json.loads(result.output)
    assert report["conforms"] is False
    assert report["violations"] >= 1
    (violation,) = [r for r in report["results"] if r["path"] == "rdfs:label"]
    assert violation["focus_node"] == "https://w3id.org/alliance-kg/id/somewhere"
    assert violation["files"] == [str(bad)]


def test_validate_turtle_report_is_a_shacl_report(run, tmp_path):
    bad = write(tmp_path, "nolabel.ttl", VALID_ENTITY.replace('rdfs:label "Somewhere"@en ;', ""))
    result = run("validate", str(bad), "--format", "turtle")
    assert "sh:ValidationReport" in result.output


def test_an_unknown_file_type_is_refused(run, tmp_path):
    result = run("validate", str(write(tmp_path, "notes.txt", "hello")))
    assert result.exit_code == 2
    assert "unknown RDF format" in result.output


def test_anchor_lists_every_occurrence(run, source_text):
    result = run("anchor", "the International")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == source_text.count("the International")


def test_anchor_for_a_quote_that_is_not_in_the_text(run):
    result = run("anchor", "a sentence Bakunin never wrote")
    assert result.exit_code == 2
    assert "does not occur" in result.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(run, name):
    result = run(name, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"alliance-kg {name}" in (ROOT / "README.md").read_text(encoding="utf-8")
