"""`alliance-kg export rocrate DIR`: the release as an RO-Crate 1.1 research object.

Repositories and workflow archives take a folder with an `ro-crate-metadata.json` that says what
every file is, under which licence, by whom, and how it was made. The crate holds copies of the
release (dumps, ontology, shapes, VoID, the TEI edition when the release has one, the static site
as a Dataset of its own) plus the canned queries and the source text, and records the build as a
CreateAction from the inputs to the dumps. It is written with plain json (no extra dependency for
a release) with sorted keys and sorted entities, and without the clock: the same release gives
the same bytes. RO-Crate asks the root for a datePublished; none is invented, and the caller may
pass one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path

from rdflib import Graph

from .dataset import DESCRIPTION, TITLE, ontology_version
from .errors import InputError
from .namespaces import ID

METADATA_FILE = "ro-crate-metadata.json"
CONTEXT = "https://w3id.org/ro/crate/1.1/context"
PROFILE = "https://w3id.org/ro/crate/1.1"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
AUTHORS = "#alliance-kg-developers"
SOFTWARE = "#alliance-kg"
BUILD = "#build"
ANTI_COPYRIGHT = "#anti-copyright"
SOURCE_BOOK = str(ID["bakunin-on-anarchy"])
#: Release files copied as they are, with their media types; absent optional ones are skipped.
RELEASE_FILES = (
    ("alliance-kg.ttl", "text/turtle", "The knowledge graph (Turtle)", True),
    ("alliance-kg.nt", "application/n-triples", "The knowledge graph (N-Triples)", True),
    ("alliance-kg.jsonld", "application/ld+json", "The knowledge graph (JSON-LD)", True),
    ("ontology.ttl", "text/turtle", "The alliance-kg ontology", True),
    ("shapes.ttl", "text/turtle", "SHACL shapes the graph is validated against", True),
    ("void.ttl", "text/turtle", "VoID and DCAT description of the dataset", True),
    ("tei.xml", "application/tei+xml", "TEI P5 edition of the essay linked to the graph", False),
    (".htaccess", "text/plain", "Apache rules that serve the release under w3id.org", False),
)
DUMPS = ("alliance-kg.ttl", "alliance-kg.nt", "alliance-kg.jsonld")
SITE = "site/"
MEDIA_TYPES = {
    ".css": "text/css",
    ".html": "text/html",
    ".js": "text/javascript",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rq": "application/sparql-query",
    ".svg": "image/svg+xml",
    ".ttl": "text/turtle",
    ".txt": "text/plain",
    ".xml": "application/xml",
}


def write_rocrate(
    release_dir: Path, project_root: Path, out_dir: Path, date_published: str | None = None
) -> Path:
    """Copy the release into `out_dir` as an RO-Crate; return the metadata file's path.

    `out_dir` must be new, empty, or an earlier crate (it is then replaced file by file).
    """
    if not (release_dir / "alliance-kg.ttl").is_file():
        raise InputError(f"{release_dir}: holds no release; run `alliance-kg build` first")
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / METADATA_FILE).exists():
        raise InputError(f"{out_dir}: is a folder that holds files but no earlier RO-Crate")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    entities: list[dict] = []
    root_parts: list[str] = []

    def add_file(source: Path, target: str, name: str, media_type: str, digest: bool) -> str:
        path = out_dir / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        entity: dict[str, object] = {
            "@id": target,
            "@type": "File",
            "name": name,
            "encodingFormat": media_type,
            "contentSize": str(path.stat().st_size),
        }
        if digest:
            entity["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        entities.append(entity)
        return target

    for file_name, media_type, name, required in RELEASE_FILES:
        source = release_dir / file_name
        if source.is_file():
            root_parts.append(add_file(source, file_name, name, media_type, True))
        elif required:
            raise InputError(f"{source}: missing from the release")
    queries = [
        add_file(
            path, f"queries/{path.name}", f"SPARQL query {path.stem}", MEDIA_TYPES[".rq"], True
        )
        for path in sorted((project_root / "queries").glob("*.rq"))
    ]
    sources = []
    for path in sorted((project_root / "data" / "texts").glob("*/source.txt")):
        target = path.relative_to(project_root).as_posix()
        add_file(path, target, f"Source text of {path.parent.name}", "text/plain", True)
        sources.append(target)
    root_parts += queries + sources
    site_dir = release_dir / SITE
    site_parts = []
    if site_dir.is_dir():
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            target = path.relative_to(release_dir).as_posix()
            media_type = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
            site_parts.append(add_file(path, target, path.name, media_type, False))
        entities.append(
            {
                "@id": SITE,
                "@type": "Dataset",
                "name": "Static website of the release",
                "description": "One HTML page and RDF descriptions per resource, for browsing.",
                "hasPart": _refs(site_parts),
            }
        )
        root_parts.append(SITE)
    for source in sources:
        entity = next(e for e in entities if e["@id"] == source)
        entity["license"] = {"@id": ANTI_COPYRIGHT}
        entity["citation"] = {"@id": SOURCE_BOOK}
    version = ontology_version(Graph().parse(release_dir / "ontology.ttl"))
    entities += _contextual_entities(version, root_parts, queries, sources, site_parts)
    entities.append(_root(version, root_parts, date_published))
    entities.append(
        {
            "@id": METADATA_FILE,
            "@type": "CreativeWork",
            "about": {"@id": "./"},
            "conformsTo": {"@id": PROFILE},
        }
    )
    document = {"@context": CONTEXT, "@graph": sorted(entities, key=lambda e: str(e["@id"]))}
    path = out_dir / METADATA_FILE
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def _root(version: str | None, parts: list[str], date_published: str | None) -> dict:
    root: dict[str, object] = {
        "@id": "./",
        "@type": "Dataset",
        "name": TITLE,
        "description": DESCRIPTION
        + " This research object packages the release: its dumps, ontology, shapes and dataset "
        "description, the SPARQL queries, the source text and the browsable site.",
        "license": {"@id": CC0},
        "author": {"@id": AUTHORS},
        "creator": {"@id": AUTHORS},
        "hasPart": _refs(parts),
        "mentions": {"@id": BUILD},
    }
    if version:
        root["version"] = version
    if date_published:
        root["datePublished"] = date_published
    return root


def _contextual_entities(
    version: str | None,
    parts: list[str],
    queries: list[str],
    sources: list[str],
    site_parts: list[str],
) -> list[dict]:
    """Licences, people, the source book and the build that made the release."""
    software: dict[str, object] = {
        "@id": SOFTWARE,
        "@type": "SoftwareApplication",
        "name": "alliance-kg",
        "url": "https://w3id.org/alliance-kg/",
        "version": _package_version(),
    }
    inputs = [*sources, "ontology.ttl", "shapes.ttl", *queries]
    results = [p for p in parts if p in (*DUMPS, "void.ttl", SITE)]
    return [
        {
            "@id": CC0,
            "@type": "CreativeWork",
            "name": "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",
            "identifier": CC0,
        },
        {
            "@id": ANTI_COPYRIGHT,
            "@type": "CreativeWork",
            "name": "Anti-Copyright",
            "description": "The statement The Anarchist Library prints in the colophon of the "
            "source text in place of a licence; it has no canonical licence IRI, so none is given.",
        },
        {
            "@id": AUTHORS,
            "@type": "Organization",
            "name": "alliance-kg developers",
        },
        software,
        {
            "@id": SOURCE_BOOK,
            "@type": "Book",
            "name": "Bakunin on Anarchy",
            "datePublished": "1971",
            "author": {"@id": str(ID["mikhail-bakunin"])},
            "editor": {"@id": str(ID["sam-dolgoff"])},
            "translator": {"@id": str(ID["sam-dolgoff"])},
        },
        {"@id": str(ID["mikhail-bakunin"]), "@type": "Person", "name": "Mikhail Bakunin"},
        {"@id": str(ID["sam-dolgoff"]), "@type": "Person", "name": "Sam Dolgoff"},
        {
            "@id": BUILD,
            "@type": "CreateAction",
            "name": "alliance-kg build",
            "description": "The build that assembled, validated and serialized the graph from "
            "the curated data and the source text.",
            "agent": {"@id": AUTHORS},
            "instrument": {"@id": SOFTWARE},
            "object": _refs(inputs),
            "result": _refs(results),
        },
    ]


def _refs(ids: list[str]) -> list[dict[str, str]]:
    return [{"@id": i} for i in sorted(ids)]


def _package_version() -> str:
    try:
        return metadata.version("alliance-kg")
    except metadata.PackageNotFoundError:
        return "unknown"
