"""The RO-Crate export, read back with the rocrate library and parsed as JSON-LD, offline."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest
import rocrate
from rdflib import Graph, URIRef
from rocrate.rocrate import ROCrate

from alliance_kg.build import build
from alliance_kg.errors import InputError
from alliance_kg.project import Project
from alliance_kg.rocrate_export import CC0, METADATA_FILE, write_rocrate

from .conftest import ROOT

SCHEMA = "http://schema.org/"


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the crate must not fetch the RO-Crate context (nothing may be fetched here)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rocrate-release") / "dist"
    build(Project(ROOT), out)
    (out / "tei.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'/>\n")
    return out


@pytest.fixture(scope="module")
def crate_dir(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("crate") / "crate"
    write_rocrate(release, ROOT, out)
    return out


def test_every_listed_file_exists_with_its_size(crate_dir: Path) -> None:
    crate = ROCrate(crate_dir)
    files = [e for e in crate.data_entities if "File" in e.type]
    assert files
    for entity in files:
        path = crate_dir / entity.id
        assert path.is_file(), entity.id
        assert int(entity["contentSize"]) == path.stat().st_size
        if entity.get("sha256"):
            assert entity["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    listed = {e.id for e in files}
    on_disk = {
        p.relative_to(crate_dir).as_posix()
        for p in crate_dir.rglob("*")
        if p.is_file() and p.name != METADATA_FILE
    }
    assert listed == on_disk


def test_the_release_and_its_inputs_are_copied(crate_dir: Path, release: Path) -> None:
    crate = ROCrate(crate_dir)
    parts = {e.id for e in crate.root_dataset["hasPart"]}
    for name in ("alliance-kg.ttl", "alliance-kg.nt", "alliance-kg.jsonld", "ontology.ttl",
                 "shapes.ttl", "void.ttl", "tei.xml", "site/"):  # fmt: skip
        assert name in parts
    for name in ("alliance-kg.ttl", "tei.xml", "site/index.html"):
        assert (crate_dir / name).read_bytes() == (release / name).read_bytes()
        assert not (crate_dir / name).is_symlink()
    queries = sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(p[len("queries/") :] for p in parts if p.startswith("queries/")) == queries
    assert "data/texts/program-of-the-alliance/source.txt" in parts
    site = crate.get("site/")
    assert "Dataset" in site.type
    site_files = {p.relative_to(release).as_posix() for p in (release / "site").rglob("*")
                  if p.is_file()}  # fmt: skip
    assert {e.id for e in site["hasPart"]} == site_files


def test_licences_authors_version(crate_dir: Path) -> None:
    crate = ROCrate(crate_dir)
    root = crate.root_dataset
    assert root["license"].id == CC0
    assert "CreativeWork" in crate.get(CC0).type
    assert root["author"]["name"] == "alliance-kg developers"
    assert root["version"] == "0.1.0"
    # No clock: the export writes no datePublished unless given one (the library fills one in
    # when it reads a crate without it, so the check is on the file).
    document = json.loads((crate_dir / METADATA_FILE).read_text(encoding="utf-8"))
    root_entity = next(e for e in document["@graph"] if e["@id"] == "./")
    assert "datePublished" not in root_entity
    source = crate.get("data/texts/program-of-the-alliance/source.txt")
    assert source["license"]["name"] == "Anti-Copyright"
    assert source["citation"]["name"] == "Bakunin on Anarchy"
    assert source["citation"]["editor"]["name"] == "Sam Dolgoff"


def test_the_build_is_recorded_as_a_create_action(crate_dir: Path) -> None:
    crate = ROCrate(crate_dir)
    actions = [e for e in crate.contextual_entities if "CreateAction" in e.type]
    assert len(actions) == 1
    action = actions[0]
    assert action["instrument"]["name"] == "alliance-kg"
    assert action["instrument"]["version"]
    assert "data/texts/program-of-the-alliance/source.txt" in {e.id for e in action["object"]}
    assert {"alliance-kg.ttl", "alliance-kg.nt", "alliance-kg.jsonld"} <= {
        e.id for e in action["result"]
    }
    assert not {"startTime", "endTime"} & set(action.properties())


def test_metadata_is_json_ld_rdflib_parses(crate_dir: Path) -> None:
    """Parsed with the context the rocrate library bundles, since the context URL is not fetched."""
    document = json.loads((crate_dir / METADATA_FILE).read_text(encoding="utf-8"))
    assert document["@context"] == "https://w3id.org/ro/crate/1.1/context"
    bundled = Path(rocrate.__file__).parent / "data" / "ro-crate.jsonld"
    document["@context"] = json.loads(bundled.read_text(encoding="utf-8"))["@context"]
    base = crate_dir.resolve().as_uri() + "/"
    graph = Graph().parse(data=json.dumps(document), format="json-ld", base=base)
    root = URIRef(base)
    assert (root, URIRef(SCHEMA + "license"), URIRef(CC0)) in graph
    assert (None, URIRef(SCHEMA + "instrument"), None) in graph


def test_export_is_deterministic_and_replaces_an_earlier_crate(
    crate_dir: Path, release: Path, tmp_path: Path
) -> None:
    again = write_rocrate(release, ROOT, tmp_path / "crate")
    assert again.read_bytes() == (crate_dir / METADATA_FILE).read_bytes()
    write_rocrate(release, ROOT, tmp_path / "crate", date_published="2026-01-31")
    assert ROCrate(tmp_path / "crate").root_dataset["datePublished"] == "2026-01-31"


def test_refuses_a_folder_it_did_not_write(release: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(InputError):
        write_rocrate(release, ROOT, tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"
