"""alliance-kg: a linked-data edition of Bakunin's "On the Program of the Alliance".

The public API, imported lazily so that `alliance-kg --help` does not pay for rdflib and pySHACL.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name → (the module that defines it, its name there). No public name is also the name of
#: a submodule: importing the submodule would replace the attribute.
_EXPORTS = {
    "Project": ("project", "Project"),
    "assemble_release": ("assemble", "assemble"),
    "build_release": ("build", "build"),
    "compute_stats": ("stats", "compute_stats"),
    "run_checks": ("checks", "run_checks"),
    "validate_graph": ("validation", "validate_graph"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'alliance_kg' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    return getattr(importlib.import_module(f".{module}", __name__), attribute)
