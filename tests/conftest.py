"""Shared fixtures: the project, a disposable copy of it, and one release built per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from alliance_kg.assemble import Release, assemble
from alliance_kg.build import BuildResult, build
from alliance_kg.cli import main
from alliance_kg.ontology import load_ontology
from alliance_kg.project import Project
from alliance_kg.queries import Query, canned_queries
from alliance_kg.site import render_site

ROOT = Path(__file__).resolve().parent.parent
TEXT_ID = "program-of-the-alliance"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A copy of the project's ontology, data and queries that a test may break."""
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for path in (tmp_path / "data").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return Project(tmp_path)


@pytest.fixture(scope="session")
def assembled(project: Project) -> Release:
    """The release graph assembled in memory once per session; tests only read it."""
    return assemble(project, load_ontology(project))


@pytest.fixture(scope="session")
def queries(project: Project) -> list[Query]:
    return canned_queries(project.queries_dir)


@pytest.fixture(scope="session")
def site(assembled: Release, queries: list[Query]) -> dict[str, bytes]:
    """The site rendered in memory once per session, path → content; tests only read it."""
    return render_site(assembled, queries)


@pytest.fixture(scope="session")
def built_release(project: Project, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The release, built once for the whole session into a temporary folder."""
    return build(project, tmp_path_factory.mktemp("release") / "dist")


@pytest.fixture(scope="session")
def published_graph(built_release: BuildResult) -> Graph:
    """The published graph, read back from the release's N-Triples dump."""
    return Graph().parse(built_release.out / "alliance-kg.nt", format="nt")


@pytest.fixture(scope="session")
def source_text(project: Project) -> str:
    return (project.data_dir / "texts" / TEXT_ID / "source.txt").read_text(encoding="utf-8")


@pytest.fixture
def run(monkeypatch):
    """Run the CLI in-process from the project's root, as a user would from a checkout."""
    monkeypatch.chdir(ROOT)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke
