"""The text's structure: sections, paragraphs joined across page breaks, the pinned hash."""

from __future__ import annotations

import hashlib

import pytest

from alliance_kg.errors import InputError
from alliance_kg.project import Project
from alliance_kg.text import load_text

from .conftest import TEXT_ID


@pytest.fixture(scope="module")
def text(project: Project):
    return load_text(project.data_dir / "texts" / TEXT_ID)


def test_the_copy_is_the_received_file_unchanged(text, source_text):
    # The pin in text.toml is the hash of the file as received from the shared source.
    assert text.pin_holds
    assert text.actual_sha256 == hashlib.sha256(source_text.encode("utf-8")).hexdigest()


def test_sections_are_the_editor_s_introduction_and_the_three_titled_parts(text):
    labels = [s.label for s in text.sections if s.kind in {"introduction", "body"}]
    assert labels == [
        "Introduction",
        "Union Bureaucracy",
        "The Structure of the International",
        "The Structure of the State Contrasted with That of the International",
    ]
    assert text.sections[0].kind == "front-matter"
    assert text.sections[-1].kind == "colophon"


def test_a_paragraph_split_by_a_page_break_is_one_paragraph(text, source_text):
    start = source_text.index("Centralization and")
    paragraph = text.paragraph_at(start)
    assert paragraph is not None
    assert len(paragraph.pieces) == 2
    assert "Centralization and decentralization, the monopoly of power" in paragraph.content
    # The span still points into the unchanged file, page break included.
    assert source_text[paragraph.start : paragraph.end].count("\n\n") == 1


def test_every_piece_of_a_paragraph_is_the_file_s_text(text, source_text):
    for paragraph in text.paragraphs:
        pieces = [source_text[p.start : p.end] for p in paragraph.pieces]
        assert " ".join(pieces) == paragraph.content


def test_headings_are_not_paragraphs(text, source_text):
    heading = source_text.index("\nUnion Bureaucracy\n") + 1
    assert text.paragraph_at(heading) is None


def test_paragraphs_are_numbered_from_the_top(text, source_text):
    devil = text.paragraph_at(source_text.index("If there is a devil in human history"))
    assert devil.iri.endswith(f"{TEXT_ID}/p{devil.number}")
    assert [p.number for p in text.paragraphs] == list(range(1, len(text.paragraphs) + 1))
    assert text.section_of(devil).slug == "union-bureaucracy"


def test_a_join_that_matches_no_block_is_an_error(project_copy: Project):
    folder = project_copy.data_dir / "texts" / TEXT_ID
    config = folder / "text.toml"
    config.write_text(config.read_text().replace("joins = [", 'joins = [\n    "No such opening",'))
    with pytest.raises(InputError, match="join 'No such opening' matches no block"):
        load_text(folder)
