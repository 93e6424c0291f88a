"""`alliance-kg link`: reconcile the project's unlinked entities and write candidates for review.

The candidates go to an SSSOM file outside data/ (never into it): confidence is the reconciler's
score, the comment says why, and the justification is semapv:LexicalMatching, so that a reviewer
who accepts a row moves it into data/mappings/ as semapv:ManualMappingCuration, with a source.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import SKOS

from .assemble import assemble
from .errors import InputError
from .linking import Reconciled, entities, place_names, reconcile
from .linkset import mapping_tables
from .namespaces import ID, WD, curie
from .ontology import load_ontology
from .project import Project
from .sssom import SEMAPV, MappingSet, write_sssom
from .wikidata import Client


def linked_subjects(tables: list[MappingSet]) -> set[URIRef]:
    """Every entity some mapping table already links."""
    return {m.subject for t in tables for m in t.mappings}


CANDIDATE_SET = "https://w3id.org/alliance-kg/id/linkset/wikidata-candidates"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
CANDIDATE_COLUMNS = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "mapping_tool",
    "mapping_date",
    "comment",
]
#: Candidates written per entity: enough to show the look-alikes a reviewer must rule out.
TOP = 3


def candidate_table(results: list[Reconciled], today: date, tool: str) -> str:
    """The candidates as an SSSOM table for review: confidence is the score, comment the reasons.

    Every row says skos:exactMatch with justification semapv:LexicalMatching (found by label, not
    curated); a reviewer who accepts one moves it to data/mappings/ as semapv:ManualMappingCuration.
    """
    metadata: dict[str, object] = {
        "curie_map": {
            "id": str(ID),
            "wd": str(WD),
            "skos": str(SKOS),
            "semapv": SEMAPV,
        },
        "mapping_set_id": CANDIDATE_SET,
        "mapping_set_description": "Candidate Wikidata links found by `alliance-kg link` "
        "for a person to review; not curated, not published.",
        "license": CC0,
        "mapping_date": today.isoformat(),
    }
    rows = []
    for result in results:
        shown = result.candidates[:TOP]
        for rank, candidate in enumerate(shown, start=1):
            notes = [f"rank {rank} of {len(result.candidates)}", *candidate.reasons]
            if candidate.ambiguous:
                others = [
                    f"wd:{c.qid}" for c in result.candidates if c.ambiguous and c is not candidate
                ]
                notes.append(f"AMBIGUOUS: scores the same as {', '.join(others)}")
            if result.left_out:
                notes.append(
                    f"{result.left_out} item(s) of the same name left out (another type, "
                    "or a page about the name)"
                )
            if candidate.description:
                notes.append(f"Wikidata: {candidate.description}")
            rows.append(
                {
                    "subject_id": curie(result.entity.iri),
                    "subject_label": result.entity.label,
                    "predicate_id": "skos:exactMatch",
                    "object_id": f"wd:{candidate.qid}",
                    "object_label": candidate.label,
                    "mapping_justification": "semapv:LexicalMatching",
                    "confidence": f"{candidate.score:g}",
                    "mapping_tool": tool,
                    "mapping_date": today.isoformat(),
                    "comment": "; ".join(notes),
                }
            )
    return write_sssom(metadata, CANDIDATE_COLUMNS, rows)


def link_project(project: Project, client: Client, out: Path, today: date) -> str:
    """Reconcile every entity of the project without a link; write the candidates to `out`."""
    if out.resolve().is_relative_to(project.data_dir.resolve()):
        raise InputError(
            f"--out {out}: candidates are for review and never go into data/; write them "
            "elsewhere and move the accepted rows by hand"
        )
    ontology = load_ontology(project)
    release = assemble(project, ontology)
    skip = linked_subjects(mapping_tables(project))
    found = entities(release.graph, ontology, skip)
    results = reconcile(found, ontology, client, place_names(release.graph, ontology))
    out.write_text(candidate_table(results, today, f"alliance-kg link {_version()}"), "utf-8")
    with_candidates = [r for r in results if r.candidates]
    ambiguous = [r for r in with_candidates if r.candidates[0].ambiguous]
    lines = [
        f"candidates for {len(with_candidates)} of {len(found)} entities without a link "
        f"written to {out} ({len(ambiguous)} ambiguous; "
        f"{len(found) - len(with_candidates)} without a candidate)",
        f"requests: {client.requests} sent, {client.cached} answered from the cache"
        + (f" ({client.cache})" if client.cache else ""),
    ]
    for result in ambiguous:
        tied = [c for c in result.candidates if c.ambiguous]
        items = ", ".join(f"wd:{c.qid} {c.label}" for c in tied)
        lines.append(f"ambiguous: {curie(result.entity.iri)}: {items} (score {tied[0].score:g})")
    return "\n".join(lines) + "\n"


def _version() -> str:
    try:
        return version("alliance-kg")
    except PackageNotFoundError:  # pragma: no cover
        return "0"
