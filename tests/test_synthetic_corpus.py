"""The benchmarks' synthetic corpus is the essay's shape N times over, and builds unchanged.

The harness's figures at scale N mean something only if the corpus does N times the essay's work:
each copy with its own IRIs and its own text, mentioning its own entities as often as the essay
does. A scale-2 corpus is built here with the project's own build, as the harness builds it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, URIRef

from alliance_kg.anchors import read_tables
from alliance_kg.build import BuildResult, build
from alliance_kg.namespaces import ID
from alliance_kg.project import Project
from alliance_kg.text import load_text

ROOT = Path(__file__).resolve().parent.parent
TEXT_ID = "program-of-the-alliance"


def _load_corpus_module() -> ModuleType:
    """benchmarks/ is not a package: load its corpus.py by path."""
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus", module)
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def scale_2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, BuildResult]:
    folder = tmp_path_factory.mktemp("corpus") / "scale-2"
    corpus.write_corpus(folder, 2)
    project = Project(folder)
    return project, build(project, folder.parent / "dist")


def _curated_iris(turtle: list[Path], text_folder: Path) -> set[URIRef]:
    """IRIs under id: that a copy's Turtle files and anchor tables name."""
    graph = Graph()
    for path in turtle:
        graph.parse(path, format="turtle")
    terms = {t for triple in graph for t in triple}
    terms |= {t for a in read_tables(text_folder) for t in (a.subject, a.object)}
    return {t for t in terms if isinstance(t, URIRef) and str(t).startswith(str(ID))}


def test_scale_2_does_twice_the_essays_work(
    scale_2: tuple[Project, BuildResult], built_release: BuildResult
) -> None:
    _, result = scale_2
    assert not result.validation.violations
    assert not [c for c in result.checks if c.failed and c.severity == "error"]
    assert (result.evidence, result.mentions) == (
        2 * built_release.evidence,
        2 * built_release.mentions,
    )
    # Each class counts distinct subjects: a copy reusing an IRI of the essay would not double.
    # Review verdicts are about the essay's own items and are not copied.
    reviews = built_release.entities_per_class.get("ak:Review", 0)
    assert result.entities_per_class == {
        name: count if name == "ak:Review" else 2 * count
        for name, count in built_release.entities_per_class.items()
    }
    assert reviews > 100


def test_copies_have_their_own_texts_and_iris(scale_2: tuple[Project, BuildResult]) -> None:
    project, _ = scale_2
    texts = project.data_dir / "texts"
    first, second = load_text(texts / TEXT_ID), load_text(texts / f"{TEXT_ID}-c2")
    assert first.pin_holds and second.pin_holds
    assert first.actual_sha256 != second.actual_sha256
    assert len(first.content) == len(second.content)

    original = _curated_iris(
        [*(project.data_dir / "entities").glob("*.ttl"), *first.folder.glob("*.ttl")],
        first.folder,
    )
    copied = _curated_iris(
        [*(project.data_dir / "copies" / "c2").rglob("*.ttl"), *second.folder.glob("*.ttl")],
        second.folder,
    )
    assert len(copied) == len(original) > 100
    assert not original & copied


def test_the_corpus_is_the_same_every_time(tmp_path: Path) -> None:
    for name in ("a", "b"):
        corpus.write_corpus(tmp_path / name, 3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b
    for relative in files_a:
        if (tmp_path / "a" / relative).is_file():
            assert (tmp_path / "a" / relative).read_bytes() == (
                tmp_path / "b" / relative
            ).read_bytes(), relative
