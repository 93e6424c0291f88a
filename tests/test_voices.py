"""The voice layer and modality: who speaks in a passage, and whether it states a fact.

Behaviour is tested on a tiny text written here: a title page, an editor's introduction and an
author's body with an editor's insertion and an objection the author reports.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from rdflib import URIRef

from alliance_kg.anchors import Anchor, read_table
from alliance_kg.errors import InputError
from alliance_kg.namespaces import AK, CLAIM, ID
from alliance_kg.text import load_text
from alliance_kg.voices import claim_voices, read_voices, span_mismatches, voice_of

SOURCE = (
    "A Title\n\n"
    "Introduction\n\n"
    "The author argues that committees rule.\n\n"
    "Body\n\n"
    "Committees rule [since 1868] over the members. "
    "Could the members rule instead? No, for they are asleep.\n"
)
TOML = """id = "tiny"
source = "source.txt"
sha256 = "{sha}"

[[sections]]
slug = "front"
kind = "front-matter"
label = "Front"
opens_with = "A Title"
voice = "paratextual"
speaker = "id:publisher"

[[sections]]
slug = "introduction"
kind = "introduction"
label = "Introduction"
opens_with = "Introduction"
voice = "editorial"
speaker = "id:editor"

[[sections]]
slug = "body"
kind = "body"
label = "Body"
opens_with = "Body"
speaker = "id:author"
"""
VOICES = (
    "voice\tspeaker\tstart\texact\tsource\treason\n"
    "editorial\tid:editor\t{insertion}\t[since 1868]\t\tThe brackets mark the editor's words.\n"
    "reported\t\t{objection}\tCould the members rule instead?\t\tAn objection the author answers.\n"
)
AUTHOR, EDITOR = ID["author"], ID["editor"]


@pytest.fixture
def tiny(tmp_path: Path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "source.txt").write_text(SOURCE, encoding="utf-8")
    sha = hashlib.sha256(SOURCE.encode("utf-8")).hexdigest()
    (folder / "text.toml").write_text(TOML.format(sha=sha), encoding="utf-8")
    (folder / "voices.tsv").write_text(
        VOICES.format(insertion=SOURCE.index("[since"), objection=SOURCE.index("Could the")),
        encoding="utf-8",
    )
    return load_text(folder), read_voices(folder)


def _at(text, words: str) -> tuple[int, int]:
    start = text.content.index(words)
    return start, start + len(words)


def test_a_section_says_whose_voice_it_is(tiny):
    text, spans = tiny
    introduction = voice_of(text, spans, *_at(text, "committees rule."))
    assert (introduction.voice, introduction.speaker) == (AK.editorial, EDITOR)
    title = voice_of(text, spans, *_at(text, "A Title"))
    assert (title.voice, title.speaker) == (AK.paratextual, ID["publisher"])
    # A body section with no voice given is the author's.
    body = voice_of(text, spans, *_at(text, "over the members"))
    assert (body.voice, body.speaker) == (AK.authorial, AUTHOR)


def test_a_span_inside_a_section_overrides_its_voice(tiny):
    text, spans = tiny
    inserted = voice_of(text, spans, *_at(text, "1868"))
    assert (inserted.voice, inserted.speaker, inserted.writer) == (AK.editorial, EDITOR, AUTHOR)
    reported = voice_of(text, spans, *_at(text, "the members rule instead"))
    assert (reported.voice, reported.speaker, reported.writer) == (AK.reported, None, AUTHOR)


def test_a_passage_that_runs_past_a_span_keeps_its_section_s_voice(tiny):
    # The author's sentence quotes the editor's insertion inside it: still the author's sentence.
    text, spans = tiny
    sentence = voice_of(text, spans, *_at(text, "Committees rule [since 1868] over the members."))
    assert sentence.voice == AK.authorial


def test_a_span_whose_words_moved_is_reported(tiny, tmp_path):
    text, spans = tiny
    moved = [dataclasses.replace(s, start=s.start + 1) for s in spans]
    problems = span_mismatches(text, moved)
    assert len(problems) == 2 and "[since 1868]" in problems[0]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("editorial\t\t3\tTitle\t\t\n", "say why"),
        ("shouted\t\t3\tTitle\t\tloud\n", "not one of"),
        ("editorial\tnot-a-curie\t3\tTitle\t\twhy\n", "not a CURIE"),
        ("editorial\t\tx\tTitle\t\twhy\n", "whole number"),
        ("editorial\t\t3\tTitle\tjavascript:alert(1)\twhy\n", "not an http"),
    ],
)
def test_a_malformed_voice_row_names_its_line(tmp_path, row, message):
    (tmp_path / "voices.tsv").write_text(VOICES.splitlines()[0] + "\n" + row, encoding="utf-8")
    with pytest.raises(InputError, match=rf"voices.tsv:2: .*{message}"):
        read_voices(tmp_path)


def _row(text, predicate: URIRef, claim: str, agent: URIRef, words: str) -> Anchor:
    start, _ = _at(text, words)
    return Anchor(Path("t.tsv"), 1, CLAIM[claim], predicate, agent, start, words)


def _judge(text, spans, *rows: Anchor):
    return claim_voices(list(rows), {a: voice_of(text, spans, a.start, a.end) for a in rows})


def test_claims_take_the_voice_of_their_passages(tiny):
    text, spans = tiny
    voices, problems = _judge(
        text,
        spans,
        _row(text, AK.assertedBy, "rule", AUTHOR, "Committees rule"),
        _row(text, AK.assertedBy, "gist", EDITOR, "The author argues"),
        _row(text, AK.reportedBy, "objection", AUTHOR, "Could the members rule instead?"),
    )
    assert problems == []
    assert voices == {
        CLAIM["rule"]: AK.authorial,
        CLAIM["gist"]: AK.editorial,
        CLAIM["objection"]: AK.reported,
    }


@pytest.mark.parametrize(
    ("predicate", "agent", "words", "message"),
    [
        # The editor's introduction is not the author's claim.
        (AK.assertedBy, AUTHOR, "The author argues", "cannot be asserted by id:author"),
        # An objection the author raises to answer it is not his.
        (
            AK.assertedBy,
            AUTHOR,
            "Could the members rule instead?",
            "record claim:c with ak:reportedBy",
        ),
        # Reporting needs a reported span.
        (AK.reportedBy, AUTHOR, "Committees rule", "needs a passage in the reported voice"),
        # Only the one who writes the words reports the view.
        (AK.reportedBy, EDITOR, "Could the members rule instead?", "not id:editor"),
    ],
)
def test_a_claim_asserted_against_its_passage_s_voice_is_refused(
    tiny, predicate, agent, words, message
):
    text, spans = tiny
    _, problems = _judge(text, spans, _row(text, predicate, "c", agent, words))
    assert len(problems) == 1 and message in problems[0] and "t.tsv:1" in problems[0]


def test_the_reporter_never_asserts_the_view_he_reports(tiny):
    text, spans = tiny
    _, problems = _judge(
        text,
        spans,
        _row(text, AK.reportedBy, "c", AUTHOR, "Could the members rule instead?"),
        _row(text, AK.assertedBy, "c", AUTHOR, "Could the members rule instead?"),
    )
    assert len(problems) == 1 and "reports it and does not assert it" in problems[0]


def test_one_claim_in_two_voices_is_refused(tiny):
    text, spans = tiny
    _, problems = _judge(
        text,
        spans,
        _row(text, AK.assertedBy, "c", AUTHOR, "Committees rule"),
        _row(text, AK.assertedBy, "c", EDITOR, "The author argues"),
    )
    assert any("passages of different voices" in p for p in problems)


HEADER = "subject\tpredicate\tobject\tmodality\tcertainty\tstart\texact\n"


def test_a_table_may_leave_out_modality_and_certainty(tmp_path):
    table = tmp_path / "t.tsv"
    table.write_text("subject\tpredicate\tobject\tstart\texact\nid:x\ta\tak:Place\t0\tA\n")
    (anchor,) = read_table(table)
    assert (anchor.modality, anchor.certainty) == (AK.actual, None)


def test_modality_and_certainty_are_read(tmp_path):
    table = tmp_path / "t.tsv"
    table.write_text(
        HEADER
        + "id:x\tak:partOf\tid:y\thypothetical\tprobable\t0\tA\n"
        + "claim:a\tak:exemplifies\tclaim:b\t\tcertain\t0\tA\n"
    )
    fact, link = read_table(table)
    assert (fact.modality, fact.certainty) == (AK.hypothetical, AK.probable)
    assert (link.modality, link.certainty) == (AK.actual, AK.certain)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("claim:a\tak:supports\tclaim:b\t\t\t0\tA", "needs a certainty"),
        ("claim:a\tak:assertedBy\tid:x\tdesired\t\t0\tA", "takes no modality"),
        ("id:x\tak:partOf\tid:y\twished\t\t0\tA", "modality 'wished' is not one of"),
        ("id:x\tak:partOf\tid:y\t\tsure\t0\tA", "certainty 'sure' is not one of"),
    ],
)
def test_a_bad_modality_or_certainty_names_its_line(tmp_path, row, message):
    table = tmp_path / "t.tsv"
    table.write_text(HEADER + row + "\n")
    with pytest.raises(InputError, match=rf"t.tsv:2: .*{message}"):
        read_table(table)


def test_a_header_with_an_unknown_or_repeated_column_is_refused(tmp_path):
    table = tmp_path / "t.tsv"
    for header in (HEADER.replace("certainty", "mood"), HEADER.replace("certainty", "modality")):
        table.write_text(header)
        with pytest.raises(InputError, match="the header must be"):
            read_table(table)
