"""`alliance-kg export quickstatements`: statements the essay supports, for Wikidata editors.

Only facts between entities that are linked by skos:exactMatch (the same thing, not a close or
broader one) become statements, each referenced to this edition (S854 reference URL, S813
retrieved). The essay states them with a passage in the anchor tables; Wikidata may lack them.
QuickStatements V1 commands, tab-separated: `ITEM<TAB>PROPERTY<TAB>VALUE<TAB>S854<TAB>"URL"...`.
Nothing is sent anywhere: a person reviews the lines and submits them at
https://quickstatements.toolforge.org/ (leaving out the `#` lines, which are notes for them).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from .linkset import WIKIDATA_ITEM
from .namespaces import AK, curie

#: Our fact → Wikidata property, for the kinds of subject Wikidata describes alike.
PROPERTIES: tuple[tuple[URIRef, URIRef, str, str], ...] = (
    (AK.Work, AK.author, "P50", "author"),
    (AK.Translation, AK.translator, "P655", "translator"),
    (AK.Translation, AK.translationOf, "P629", "edition or translation of"),
)


@dataclass(frozen=True)
class Statement:
    """One QuickStatements command and the fact of ours it comes from."""

    item: str
    prop: str
    value: str
    why: str


def qid(graph: Graph, entity: URIRef) -> str | None:
    """The item an entity is the same as (skos:exactMatch), if exactly one."""
    items = [
        str(o) for o in graph.objects(entity, SKOS.exactMatch) if WIKIDATA_ITEM.fullmatch(str(o))
    ]
    return items[0].rsplit("/", 1)[1] if len(items) == 1 else None


def statements(graph: Graph) -> list[Statement]:
    """The statements our graph supports between linked entities, in a stable order."""
    found: list[Statement] = []
    for cls, predicate, prop, name in PROPERTIES:
        for subject in sorted(set(graph.subjects(RDF.type, cls))):
            for value in sorted(graph.objects(subject, predicate)):
                item, other = qid(graph, subject), qid(graph, value)
                if item and other:
                    why = f"{curie(subject)} {curie(predicate)} {curie(value)} ({name})"
                    found.append(Statement(item, prop, other, why))
    for work in sorted(set(graph.subjects(RDF.type, AK.Work))):
        item = qid(graph, work)
        if item is None:
            continue
        for value in sorted(graph.objects(work, AK.date)):
            if isinstance(value, Literal) and value.datatype == XSD.gYear:
                found.append(
                    Statement(
                        item,
                        "P577",
                        f"+{value}-00-00T00:00:00Z/9",
                        f"{curie(work)} ak:date {value} (publication date, year precision)",
                    )
                )
        subject = main_subject(graph, work)
        if subject is not None and (other := qid(graph, subject)):
            found.append(
                Statement(
                    item,
                    "P921",
                    other,
                    f"{curie(subject)} is what most of the essay's claims are about (main subject)",
                )
            )
    return found


def main_subject(graph: Graph, work: URIRef) -> URIRef | None:
    """The entity most claims are about, if it leads alone (a tie names no main subject).

    Every claim of the corpus is the essay's; with a second text this would count only the
    claims whose evidence lies in an edition of `work`.
    """
    counts = Counter(
        o for claim in graph.subjects(RDF.type, AK.Claim) for o in graph.objects(claim, AK.about)
    )
    counts.pop(work, None)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def quickstatements(graph: Graph, reference: str, retrieved: date) -> str:
    """The commands, each with its reference, after a `#` header that explains them."""
    found = statements(graph)
    source = f'S854\t"{reference}"\tS813\t+{retrieved.isoformat()}T00:00:00Z/11'
    lines = [
        "# QuickStatements (V1, tab-separated) for statements the essay supports, between",
        "# entities linked to Wikidata by skos:exactMatch. Each cites this edition (S854) and the",
        "# day it was exported (S813). Review every line: Wikidata may already have the statement",
        "# (QuickStatements then only adds the reference). Paste the lines that do not start with",
        "# '#' into https://quickstatements.toolforge.org/ (e.g. grep -v '^#' FILE).",
    ]
    if not found:
        lines.append("# No statement: link the work and the entities it names first.")
    for statement in found:
        lines.append(f"# {statement.why}")
        lines.append(f"{statement.item}\t{statement.prop}\t{statement.value}\t{source}")
    return "\n".join(lines) + "\n"
