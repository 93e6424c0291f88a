"""`alliance-kg export …`: each subcommand writes what its library function makes."""

from __future__ import annotations

import json

from lxml import etree
from rdflib import Dataset
from rdflib.namespace import RDF

from alliance_kg.namespaces import AK

from .conftest import ROOT


def test_every_export_subcommand_has_help_with_an_example(run):
    from alliance_kg.cli import export_group

    assert set(export_group.commands) == {
        "aif",
        "csv",
        "nanopubs",
        "quickstatements",
        "rocrate",
        "tei",
    }
    for name in export_group.commands:
        result = run("export", name, "-h")
        assert result.exit_code == 0 and "Example:" in result.output, name


def test_export_tei_writes_a_valid_edition(run, tmp_path):
    out = tmp_path / "essay.tei.xml"
    assert run("export", "tei", "--out", str(out)).exit_code == 0
    schema = etree.RelaxNG(etree.parse(str(ROOT / "schemas" / "tei-alliance.rng")))
    assert schema.validate(etree.parse(str(out))), schema.error_log


def test_export_aif_and_nanopubs_cover_every_claim(run, tmp_path, published_graph):
    claims = set(published_graph.subjects(RDF.type, AK.Claim))
    aif = tmp_path / "argument.json"
    assert run("export", "aif", "--out", str(aif)).exit_code == 0
    nodes = json.loads(aif.read_text())["nodes"]
    assert sum(1 for n in nodes if n["type"] == "I") == len(claims)
    result = run("export", "nanopubs", str(tmp_path / "np"))
    assert result.exit_code == 0
    files = sorted((tmp_path / "np").glob("*.trig"))
    assert len(files) == len(claims)
    assert len(list(Dataset().parse(files[0], format="trig").graphs())) >= 4


def test_export_csv_writes_a_table_per_class(run, tmp_path):
    result = run("export", "csv", str(tmp_path / "csv"))
    assert result.exit_code == 0
    assert (tmp_path / "csv" / "Person.csv").read_text(encoding="utf-8").count(
        "mikhail-bakunin"
    ) == 1


def test_export_rocrate_refuses_a_folder_without_a_release_and_a_bad_date(run, tmp_path):
    result = run("export", "rocrate", str(tmp_path / "crate"), "--release", str(tmp_path))
    assert result.exit_code == 2
    assert "holds no release" in result.output
    result = run("export", "rocrate", str(tmp_path / "crate"), "--date", "yesterday")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
