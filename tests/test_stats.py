"""`alliance-kg stats`: coverage figures, checked against the graph and the text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib.namespace import RDF

from alliance_kg.cli import main
from alliance_kg.namespaces import AK
from alliance_kg.stats import project_stats

from .conftest import ROOT


@pytest.fixture(scope="module")
def stats(project):
    return project_stats(project)


def test_every_body_paragraph_is_covered_by_a_claim(stats):
    # The three titled parts of the essay hold 44 paragraphs once page-break pieces are joined.
    assert stats.body_paragraphs == 44
    assert stats.body_paragraphs_with_claim == stats.body_paragraphs
    assert stats.body_paragraph_share_with_claim == 1.0


def test_every_entity_has_evidence(stats):
    assert stats.entities > 50
    assert stats.entities_with_evidence == stats.entities
    assert stats.entity_share_with_evidence == 1.0


def test_claims_are_counted_per_section(stats, published_graph):
    assert stats.claims == len(set(published_graph.subjects(RDF.type, AK.Claim)))
    per_section = stats.claims_per_section
    for section in ("Introduction", "Union Bureaucracy", "The Structure of the International"):
        assert per_section[f"program-of-the-alliance: {section}"] > 0


def test_mentions_are_counted_per_entity(stats, source_text):
    # "Paris Commune" is written once in the essay, in its last section.
    assert source_text.count("Paris Commune") == 1
    assert stats.mentions_per_entity["id:paris-commune"] == 1


def test_stats_json_is_machine_readable(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["body_paragraph_share_with_claim"] == 1.0
    assert set(figures) >= {
        "entities_per_class",
        "relations",
        "mentions_per_entity",
        "wikidata_coverage",
    }


def test_stats_text_is_for_people(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert "body paragraphs with a claim: 44 of 44 (100%)" in result.output
