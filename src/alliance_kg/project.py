"""Where the project's files are, so that no other module hard-codes a path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

ONTOLOGY_FILE = Path("ontology/alliance.ttl")
SHAPES_FILE = Path("ontology/shapes.ttl")


@dataclass(frozen=True)
class Project:
    """A checkout of alliance-kg: ontology, shapes, data and queries under one root."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project containing `start` (default: the working directory), found by walking up."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / ONTOLOGY_FILE).is_file() and (folder / "data").is_dir():
                return cls(folder)
        raise InputError(
            f"no alliance-kg project found at {here} or above it "
            f"(looked for {ONTOLOGY_FILE} beside a data/ folder); run the command from a checkout"
        )

    @property
    def ontology_file(self) -> Path:
        return self.root / ONTOLOGY_FILE

    @property
    def shapes_file(self) -> Path:
        return self.root / SHAPES_FILE

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def checks_dir(self) -> Path:
        return self.root / "queries" / "checks"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def data_turtle_files(self) -> list[Path]:
        """Every curated Turtle file under data/, in a stable order."""
        return sorted(self.data_dir.rglob("*.ttl"))

    def text_dirs(self) -> list[Path]:
        """Every text of the corpus: a folder under data/texts/ with a text.toml."""
        return sorted(p.parent for p in (self.data_dir / "texts").glob("*/text.toml"))
