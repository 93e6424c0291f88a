"""Review as a recorded practice: the seeded sheet, the verdicts the build reads, and the check
that keeps a fact judged wrong from being published until it is corrected."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from rdflib.namespace import RDF

from alliance_kg.assemble import Release, assemble
from alliance_kg.build import build
from alliance_kg.errors import DataError, InputError
from alliance_kg.namespaces import AK, OA
from alliance_kg.ontology import load_ontology
from alliance_kg.review import (
    Verdict,
    draw,
    judge,
    read_verdicts,
    review_items,
    sentence_around,
    write_sheet,
)
from alliance_kg.stats import compute_stats

from .conftest import TEXT_ID

SIZES = {"fact": 6, "claim": 3, "link": 2}


@pytest.fixture(scope="module")
def items(assembled: Release):
    return review_items(assembled.graph, assembled.texts)


def test_every_fact_claim_and_link_can_be_drawn(items, assembled):
    kinds = {kind: [i for i in items.values() if i.kind == kind] for kind in SIZES}
    claims = set(assembled.graph.subjects(RDF.type, AK.Claim))
    assert {i.iri for i in kinds["claim"]} == claims
    # Facts and links are evidence annotations: one item per passage of a statement.
    assert all((i.iri, RDF.type, AK.Evidence) in assembled.graph for i in kinds["fact"])
    assert len(kinds["fact"]) > 400 and len(kinds["link"]) > 80


def test_a_sample_is_the_same_for_a_seed_and_differs_for_another(items):
    first, again, other = draw(items, 12, SIZES), draw(items, 12, SIZES), draw(items, 13, SIZES)
    assert [i.iri for i in first] == [i.iri for i in again]
    assert [i.iri for i in first] != [i.iri for i in other]
    assert [i.kind for i in first] == ["fact"] * 6 + ["claim"] * 3 + ["link"] * 2
    assert len({i.iri for i in first}) == len(first)


def test_the_fingerprint_changes_with_what_a_reviewer_judged(items):
    item = next(i for i in items.values() if i.kind == "fact")
    for change in ({"voice": "editorial"}, {"modality": "desired"}, {"what": item.what + "!"}):
        assert dataclasses.replace(item, **change).fingerprint != item.fingerprint
    assert dataclasses.replace(item).fingerprint == item.fingerprint


def test_the_passage_is_shown_inside_its_sentence(assembled, source_text):
    text = next(t for t in assembled.texts if t.text_id == TEXT_ID)
    start = source_text.index("that devil is the principle of command")
    before, passage, after = sentence_around(text, start, start + 38)
    assert before == "If there is a devil in human history, "
    assert passage == "that devil is the principle of command"
    assert after == "."


def test_the_sheet_can_be_read_and_filled(assembled, tmp_path):
    tsv, page = write_sheet(assembled, tmp_path / "review", 12, SIZES)
    rows = list(csv.DictReader(_data_lines(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) == sum(SIZES.values())
    assert all(r["verdict"] == "" and r["passage"] for r in rows)
    html = page.read_text(encoding="utf-8")
    assert html.count("<mark>") >= len(rows) and "voice:" in html
    # Filled in, the sheet reads back as verdicts.
    filled = tsv.read_text(encoding="utf-8").replace("\t\t\t", "\tright\tchecked\t", 1)
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "round.tsv").write_text(filled, encoding="utf-8")
    (verdict,) = read_verdicts(tmp_path / "reviews")
    assert (verdict.verdict, verdict.note, verdict.sheet) == ("right", "checked", "round")


def _data_lines(path: Path) -> list[str]:
    return [
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]


def test_a_verdict_holds_until_its_item_changes(items):
    item = next(i for i in items.values() if i.kind == "claim")
    holding = Verdict("r.tsv:3", "r", item.iri, item.fingerprint, "wrong", "")
    changed = Verdict("r.tsv:4", "r", item.iri, "000000000000", "right", "")
    status = judge(items, [holding, changed])
    assert status.holding == [(holding, item)]
    assert status.stale == [changed]
    assert status.counts() == {"claim": {"wrong": 1}}


def test_a_bad_verdict_names_its_line(tmp_path):
    (tmp_path / "round.tsv").write_text("item\tfingerprint\tverdict\tnote\nx\tabc\tmaybe\t\n")
    with pytest.raises(InputError, match=r"round.tsv:2: verdict 'maybe' is not one of"):
        read_verdicts(tmp_path)


def _sheet_with(project, verdict: str) -> None:
    """A one-row sheet in the project's data/reviews/ judging a claim."""
    release = assemble(project, load_ontology(project))
    item = next(i for i in review_items(release.graph, release.texts).values() if i.kind == "claim")
    folder = project.data_dir / "reviews"
    folder.mkdir(exist_ok=True)
    (folder / "test-round.tsv").write_text(
        f"item\tfingerprint\tverdict\tnote\n{item.iri}\t{item.fingerprint}\t{verdict}\tread it\n"
    )


@pytest.mark.slow
def test_a_claim_judged_wrong_stops_the_build_and_is_published_as_a_review(project_copy, tmp_path):
    _sheet_with(project_copy, "wrong")
    with pytest.raises(DataError, match="review-judged-wrong"):
        build(project_copy, tmp_path / "dist")
    _sheet_with(project_copy, "right")
    release = assemble(project_copy, load_ontology(project_copy))
    reviews = list(release.graph.subjects(RDF.type, AK.Review))
    assert len(reviews) >= 1
    assert all((r, OA.motivatedBy, OA.assessing) in release.graph for r in reviews)
    stats = compute_stats(release)
    assert stats.reviewed >= 1 and stats.reviews["claim"].get("right", 0) >= 1


def test_the_review_examples_run(run, tmp_path):
    for args in (
        ("review", "--seed", "7", "--out", str(tmp_path / "a")),
        ("review", "--facts", "10", "--claims", "5", "--links", "5", "--out", str(tmp_path / "b")),
    ):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "review.tsv" in result.output and "review.html" in result.output
    rows = _data_lines(tmp_path / "b" / "review.tsv")
    assert len(rows) == 1 + 10 + 5 + 5


def test_a_sheet_onto_a_file_is_refused_with_a_message(run, tmp_path):
    target = tmp_path / "taken"
    target.write_text("")
    result = run("review", "--out", str(target))
    assert result.exit_code == 2
    assert "is a file; give a folder" in result.output and "Traceback" not in result.output
