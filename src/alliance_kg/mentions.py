"""The mention index: every occurrence of an entity's label or alias in a text.

Matching is case-sensitive on whole words; white space inside a form matches any white space, so
a name broken by a page break is still found, even where an italics asterisk closes a word. Where forms overlap the longest wins ("International
Workingmen's Association" over "International"). Curated exclusions remove false matches and are
themselves checked: an exclusion that matches nothing is reported, not ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from .anchors import unescape
from .errors import DataError, InputError
from .namespaces import expand_curie
from .rdfio import read_text

EXCLUSIONS_FILE = "mention-exclusions.tsv"
#: What may stand between two words of a name: white space (a page break included), and the
#: asterisks the file uses for italics ("*People's*\n\nState").
_GAP = r"\*?\s+\*?"
EXCLUSIONS_HEADER = ("entity", "start", "exact", "reason")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Mention:
    """An occurrence of an entity's name in a text."""

    entity: URIRef
    start: int
    end: int
    exact: str


def entity_forms(graph: Graph, entities: Iterable[URIRef]) -> dict[str, URIRef]:
    """Each label or alias and the one entity it names; a form naming two is an error."""
    owners: dict[str, set[URIRef]] = {}
    for entity in entities:
        for prop in (RDFS.label, SKOS.altLabel):
            for form in graph.objects(entity, prop):
                owners.setdefault(str(form).strip(), set()).add(entity)
    shared = {form: names for form, names in owners.items() if len(names) > 1}
    if shared:
        lines = [
            f"  {form!r}: {', '.join(sorted(names))}" for form, names in sorted(shared.items())
        ]
        raise DataError(
            "these labels or aliases name more than one entity, so their mentions cannot be "
            "attributed; make each form unique:\n" + "\n".join(lines)
        )
    return {form: next(iter(names)) for form, names in owners.items() if form}


def find_mentions(content: str, forms: dict[str, URIRef]) -> list[Mention]:
    """Every whole-word occurrence of a form, leftmost and longest first, never overlapping."""
    words_here = set(_WORD.findall(content))
    # A form can match only if each of its words occurs in the text as a whole word: dropping
    # the others keeps the result exact and keeps the pattern small when a corpus has many
    # texts and many names (one alternation of every form made each text cost as much as all).
    forms = {f: e for f, e in forms.items() if words_here.issuperset(_WORD.findall(f))}
    if not forms:
        return []
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    alternatives = "|".join(_GAP.join(map(re.escape, form.split())) for form in ordered)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    normalised = {" ".join(form.split()): entity for form, entity in forms.items()}
    return [
        Mention(
            normalised[" ".join(m.group().replace("*", " ").split())], m.start(), m.end(), m.group()
        )
        for m in pattern.finditer(content)
    ]


def read_exclusions(folder: Path) -> list[tuple[str, URIRef, int, str]]:
    """Rows of a text's exclusions table as (where, entity, start, exact)."""
    path = folder / EXCLUSIONS_FILE
    if not path.exists():
        return []
    rows = []
    lines = read_text(path).splitlines()
    for number, line in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if tuple(cells) == EXCLUSIONS_HEADER:
            continue
        if len(cells) != len(EXCLUSIONS_HEADER) or not cells[1].isdigit():
            raise InputError(f"{where}: expected {' '.join(EXCLUSIONS_HEADER)} (tab-separated)")
        rows.append((where, expand_curie(cells[0], where), int(cells[1]), unescape(cells[2])))
    return rows


def apply_exclusions(
    mentions: list[Mention], exclusions: list[tuple[str, URIRef, int, str]]
) -> list[Mention]:
    """The mentions minus the excluded ones; an exclusion matching no mention is an error."""
    by_key = {(m.entity, m.start): m for m in mentions}
    excluded = set()
    stale = []
    for where, entity, start, exact in exclusions:
        mention = by_key.get((entity, start))
        if mention is None or mention.exact != exact:
            stale.append(f"  {where}: no mention of {entity} reading {exact!r} at {start}")
        else:
            excluded.add((entity, start))
    if stale:
        raise DataError(
            "exclusions that match no mention (the text or the labels changed?):\n"
            + "\n".join(stale)
        )
    return [m for m in mentions if (m.entity, m.start) not in excluded]
