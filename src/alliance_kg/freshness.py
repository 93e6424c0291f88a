"""Whether a release is still what a build of the current inputs would write.

A build is a pure function of the project's files (ontology, data, queries), of this package's
code and templates, and of the versions of the libraries that write the bytes. Their SHA-256,
recorded in the release's marker file, lets `build` skip the work when nothing changed, the way
a Makefile skips a target that is newer than its sources, but keyed by content rather than by
timestamps (a checkout or a copy changes every timestamp and no content). This module imports
nothing heavy, so that answer costs a few milliseconds.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from .project import Project

#: A file every release folder holds, so that `build` never replaces a folder it did not write.
MARKER = ".alliance-kg-release"
MARKER_TEXT = "This folder was written by alliance-kg build.\n"
_DIGEST_FIELD = "inputs-sha256: "
#: The libraries whose version can change the bytes a build writes.
_WRITERS = ("jinja2", "pyoxigraph", "rdflib", "shacl")
_PACKAGE = Path(__file__).resolve().parent


def inputs_digest(project: Project) -> str:
    """SHA-256 over every input file (path and content), the package's code and the writers."""
    digest = hashlib.sha256()
    roots = [("project", project.root, ("ontology", "data", "queries")), ("code", _PACKAGE, ("",))]
    for label, root, folders in roots:
        for folder in folders:
            for path in sorted(p for p in (root / folder).rglob("*") if _is_input(p)):
                content = path.read_bytes()
                digest.update(
                    f"{label}:{path.relative_to(root).as_posix()}:{len(content)}\n".encode()
                )
                digest.update(content)
    for name in _WRITERS:
        digest.update(f"{name}=={metadata.version(name)}\n".encode())
    return digest.hexdigest()


def _is_input(path: Path) -> bool:
    return path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"


def marker_content(digest: str, report: str) -> str:
    """The marker: what wrote the folder, from which inputs, and what the build reported."""
    return f"{MARKER_TEXT}{_DIGEST_FIELD}{digest}\n\n{report}"


def up_to_date_report(project: Project, out: Path) -> str | None:
    """If `out` was built from the current inputs, what that build reported; else None."""
    try:
        head, _, report = (out / MARKER).read_text(encoding="utf-8").partition("\n\n")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
    recorded = head.partition(_DIGEST_FIELD)[2].strip()
    if not recorded or recorded != inputs_digest(project):
        return None
    return (
        f"up to date {out}: built from these same inputs (sha256 {recorded[:12]}…); "
        f"nothing rewritten (--force rebuilds)\n{report}"
    )
