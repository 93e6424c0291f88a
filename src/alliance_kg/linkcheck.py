"""`alliance-kg link --check`: does every link of the mapping tables still hold?

For each link it asks Wikidata whether the item exists, whether it is a redirect (`owl:sameAs`
in Wikidata's RDF: the item was merged into another) or a page about a name (a disambiguation
page, P31 Q4167410), whether its English label is a name of our entity or our label one of its names, and
whether its type fits our class by the reconciler's `TYPE_RULES`. A skos:closeMatch or
skos:broadMatch links to something that is not quite the same thing, so its type is not required
to fit, and a broadMatch's names need not match either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .linking import ALL_CLASSES, NOT_THINGS, entities, normal, reached_classes, rule_for
from .namespaces import curie
from .sssom import Mapping, MappingSet
from .wikidata import Client, batches

CHECK = """SELECT ?item ?exists ?redirect
  (GROUP_CONCAT(DISTINCT ?label; separator="\\t") AS ?labels)
  (GROUP_CONCAT(DISTINCT ?alias; separator="\\t") AS ?aliases)
  (GROUP_CONCAT(DISTINCT STR(?class); separator=" ") AS ?classes)
WHERE {
  VALUES ?item { %s }
  BIND (EXISTS { ?item ?p ?o } AS ?exists)
  OPTIONAL { ?item owl:sameAs ?redirect }
  OPTIONAL { ?item rdfs:label ?label FILTER (LANG(?label) = "en") }
  OPTIONAL { ?item skos:altLabel ?alias FILTER (LANG(?alias) = "en") }
  OPTIONAL { ?item wdt:P31 ?class }
}
GROUP BY ?item ?exists ?redirect
"""


@dataclass(frozen=True)
class Problem:
    """A link that does not hold, and why."""

    subject: URIRef
    item: URIRef
    where: str
    what: str

    def __str__(self) -> str:
        return (
            f"{self.where}: {curie(self.subject)} → wd:{self.item.rsplit('/', 1)[1]}: {self.what}"
        )


def check(
    tables: list[MappingSet], graph: Graph, ontology: Graph, client: Client
) -> tuple[int, list[Problem]]:
    """How many links were checked, and every problem found with them."""
    links = [(t, m) for t in tables for m in t.mappings]
    items = sorted({str(m.object) for _, m in links})
    facts: dict[str, dict[str, str]] = {}
    for batch in batches(items):
        for row in client.select(CHECK % " ".join(f"<{i}>" for i in batch)):
            facts[row["item"]] = row
    reached = reached_classes(client, items, ALL_CLASSES)
    known = {e.iri: e for e in entities(graph, ontology)}
    problems = []
    for table, mapping in links:
        where = f"{table.path.name}:{mapping.line}"
        for what in _link_problems(
            mapping, facts.get(str(mapping.object)), reached, known, ontology
        ):
            problems.append(Problem(mapping.subject, mapping.object, where, what))
    return len(links), problems


def _link_problems(
    mapping: Mapping,
    fact: dict[str, str] | None,
    reached: dict[str, set[str]],
    known: dict,
    ontology: Graph,
) -> list[str]:
    if fact is None or fact.get("exists") not in ("true", "1"):
        return ["no such item in Wikidata (deleted, or a typo)"]
    if fact.get("redirect"):
        target = fact["redirect"].rsplit("/", 1)[1]
        return [f"the item is a redirect to wd:{target}; link to wd:{target} instead"]
    classes = {c.rsplit("/", 1)[1] for c in fact.get("classes", "").split()}
    pages = [NOT_THINGS[c] for c in sorted(classes & set(NOT_THINGS))]
    if pages:
        return [f"the item is {pages[0]}, not a thing"]
    entity = known.get(mapping.subject)
    if entity is None:
        return ["our entity is not one the reconciler knows (no label or entity class)"]
    problems = []
    labels = {normal(n) for n in fact.get("labels", "").split("\t") if n}
    names = labels | {normal(n) for n in fact.get("aliases", "").split("\t") if n}
    # A shared alias alone is too weak ("Bakunin" names a whole family): their label must be a
    # name of ours, or our label one of theirs.
    ours = {normal(f) for f in entity.forms}
    if mapping.predicate != SKOS.broadMatch and not (
        labels & ours or normal(entity.label) in names
    ):
        shown = fact.get("labels", "") or "no English label"
        problems.append(
            f"its label ({shown}) is not a name of ours and our label "
            f"({entity.label}) is none of its names"
        )
    ruled = rule_for(entity.cls, ontology)
    if mapping.predicate == SKOS.exactMatch and ruled:
        rule = ruled[1]
        got = reached.get(str(mapping.object), set())
        if got & set(rule.misfits) or (
            (rule.fits or rule.near) and not got & {*rule.fits, *rule.near}
        ):
            shown = ", ".join(f"wd:{c}" for c in sorted(classes)) or "no P31"
            problems.append(f"its type ({shown}) does not fit {curie(entity.cls)}: {rule.why}")
    return problems


def check_project(project, client: Client) -> tuple[int, list[Problem]]:
    """Check every link of the project's mapping tables against `client`'s endpoint."""
    from .assemble import assemble
    from .linkset import mapping_tables
    from .ontology import load_ontology

    ontology = load_ontology(project)
    graph = assemble(project, ontology).graph
    return check(mapping_tables(project), graph, ontology, client)


def check_report(checked: int, problems: list[Problem], tables: list[Path]) -> str:
    """What `link --check` prints: a summary line, then one line per problem."""
    where = ", ".join(p.name for p in tables) or "no mapping table"
    head = f"{checked} link(s) checked in {where}: {len(problems)} problem(s)"
    return "\n".join([head, *map(str, problems)]) + "\n"
