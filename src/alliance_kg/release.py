"""Where the published graph is, and the embedded store that queries run on.

Queries run on the release's N-Triples dump (`dist/alliance-kg.nt` by default, or `--data`),
loaded into an in-memory Oxigraph store: that is the graph users and endpoints get, and loading it
takes milliseconds. Only when no release exists is the graph assembled from the project in memory
(slower, and not validated), so that a fresh checkout can still be queried; a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import InputError
from .project import Project

#: The release's files, as `alliance-kg build` names them.
DUMP_NAME = "alliance-kg.nt"
DEFAULT_RELEASE_DIR = "dist"
#: Serializations a dump may be given in, with the media type a graph store is sent.
DUMP_FORMATS = {
    ".nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    ".ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
}


@dataclass
class EmbeddedGraph:
    """An in-memory store holding the published graph, and where it came from."""

    store: ox.Store
    source: str
    notes: list[str] = field(default_factory=list)


def find_dump(data: Path | None, project: Project | None) -> Path | None:
    """The dump to use: `data` (a release folder or a .nt/.ttl file), else the project's.

    None when `data` is not given and the project has no release yet.
    """
    if data is not None:
        if data.is_dir():
            dump = data / DUMP_NAME
            if not dump.is_file():
                raise InputError(
                    f"{data}: holds no {DUMP_NAME}; give a release folder "
                    f"(written by `alliance-kg build --out {data}`) or a .nt or .ttl file"
                )
            return dump
        if not data.exists():
            raise InputError(f"{data}: no such file or folder")
        if data.suffix.lower() not in DUMP_FORMATS:
            raise InputError(
                f"{data}: not a release dump (give a release folder, or a file ending in "
                f"{' or '.join(DUMP_FORMATS)})"
            )
        return data
    if project is None:
        return None
    dump = project.root / DEFAULT_RELEASE_DIR / DUMP_NAME
    return dump if dump.is_file() else None


def load_dump(dump: Path) -> ox.Store:
    """A new in-memory store holding the dump's triples in its default graph."""
    rdf_format, _ = DUMP_FORMATS[dump.suffix.lower()]
    store = ox.Store()
    try:
        # Lenient: the dump is the build's output, already validated; skipping the IRI checks
        # halves the load time.
        store.bulk_load(path=str(dump), format=rdf_format, lenient=True)
    except SyntaxError as error:
        raise InputError(f"{dump}: cannot be read as {rdf_format.name}: {error}") from None
    except OSError as error:
        raise InputError(f"{dump}: cannot be read: {error.strerror or error}") from None
    return store


def stale_inputs(dump: Path, project: Project) -> list[Path]:
    """The project's source files changed since the dump was written (newest first)."""
    built = dump.stat().st_mtime
    sources = [
        *project.data_dir.rglob("*"),
        *project.ontology_file.parent.glob("*.ttl"),
        *project.queries_dir.glob("*.rq"),
    ]
    newer = [p for p in sources if p.is_file() and p.stat().st_mtime > built]
    return sorted(newer, key=lambda p: p.stat().st_mtime, reverse=True)


def open_embedded(data: Path | None, project: Project | None) -> EmbeddedGraph:
    """The published graph in an in-memory store, from the release or assembled from `project`."""
    dump = find_dump(data, project)
    if dump is not None:
        embedded = EmbeddedGraph(store=load_dump(dump), source=str(dump))
        if data is None and project is not None and (newer := stale_inputs(dump, project)):
            embedded.notes.append(
                f"{dump} is older than {len(newer)} source file(s) (newest: "
                f"{newer[0].relative_to(project.root)}); results may be out of date: "
                "run `alliance-kg build`"
            )
        return embedded
    if project is None:
        raise InputError("no release to query: give --data, or run the command in a checkout")
    return EmbeddedGraph(
        store=assemble_in_memory(project),
        source=f"{project.root} (assembled in memory)",
        notes=[
            f"no release at {project.root / DEFAULT_RELEASE_DIR}; the graph was assembled in "
            "memory from the project, unvalidated (run `alliance-kg build` for the published "
            "graph and faster queries)"
        ],
    )


def assemble_in_memory(project: Project) -> ox.Store:
    """The graph the build would publish, without validation."""
    from .assemble import assemble
    from .ontology import load_ontology
    from .store import to_store

    return to_store(assemble(project, load_ontology(project)).graph)
