"""Assembling the release graph from the ontology, the curated data and the texts.

The order is fixed and every step is deterministic: ontology, curated Turtle, the links to
Wikidata (each SSSOM table in data/mappings/, with its VoID linkset), the canned
queries (as SPARQL executables, so an endpoint serving the release lists them), each text's
structure, its anchored facts with their evidence, its mention index, and finally the types and
properties the ontology's alignments entail, so that a consumer who knows only CIDOC CRM or
schema.org still finds what it looks for without running a reasoner.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .anchors import Anchor, mismatches, read_tables
from .annotations import add_annotation, add_statement, evidence_iri, mention_iri
from .errors import DataError
from .linkset import SUFFIX as LINKSET_SUFFIX
from .linkset import mapping_graph
from .mentions import Mention, apply_exclusions, entity_forms, find_mentions, read_exclusions
from .namespaces import AK, ID, OA
from .ontology import ENTITY_ROOTS, subclasses, superclasses, superproperties
from .project import Project
from .queries import canned_queries, catalogue_graph
from .rdfio import parse_into
from .text import Text, load_text


@dataclass
class Release:
    """The assembled graph and what the build reports about it."""

    graph: Graph
    ontology: Graph
    texts: list[Text]
    anchors: list[Anchor]
    mentions: dict[str, list[Mention]]
    #: For each subject, the files it was described in (for reports that name the file).
    origins: dict[Node, set[Path]] = field(default_factory=lambda: defaultdict(set))


def assemble(project: Project, ontology: Graph) -> Release:
    """Read everything and build the release graph; stop on any anchor that no longer holds."""
    graph = Graph()
    release = Release(graph=graph, ontology=ontology, texts=[], anchors=[], mentions={})
    _add_file_graph(release, ontology, project.ontology_file)
    for path in project.data_turtle_files():
        _add_file_graph(release, parse_into(Graph(), path), path)
    for path in sorted((project.data_dir / "mappings").glob("*" + LINKSET_SUFFIX)):
        _add_file_graph(release, mapping_graph(path, graph), path)
    _add_file_graph(
        release, catalogue_graph(canned_queries(project.queries_dir)), project.queries_dir
    )
    problems = []
    anchors_by_text = []
    for folder in project.text_dirs():
        text = load_text(folder)
        anchors = read_tables(folder)
        problems += _pin_problems(text, anchors)
        release.texts.append(text)
        release.anchors += anchors
        anchors_by_text.append((text, anchors))
    if problems:
        raise DataError("anchors no longer hold; the build stops:\n" + "\n".join(problems))
    for text in release.texts:
        _add_structure(graph, text)
    for text, anchors in anchors_by_text:
        _add_evidence(release, text, anchors)
    entities = entity_iris(graph, ontology)
    forms = entity_forms(graph, entities)
    for text in release.texts:
        mentions = apply_exclusions(
            find_mentions(text.content, forms), read_exclusions(text.folder)
        )
        release.mentions[text.text_id] = mentions
        _add_mentions(graph, text, mentions)
    _materialize_alignments(graph, ontology)
    return release


def entity_iris(graph: Graph, ontology: Graph) -> list[URIRef]:
    """Every instance of an entity class under the id namespace, in IRI order."""
    classes = subclasses(ontology, ENTITY_ROOTS)
    return sorted(
        {
            s
            for cls in classes
            for s in graph.subjects(RDF.type, cls)
            if isinstance(s, URIRef) and str(s).startswith(str(ID))
        }
    )


def _add_file_graph(release: Release, part: Graph, path: Path) -> None:
    for triple in part:
        release.graph.add(triple)
        release.origins[triple[0]].add(path)


def _pin_problems(text: Text, anchors: list[Anchor]) -> list[str]:
    """Every anchor that moved, and a changed pin itself; empty when the text is as pinned."""
    problems = [f"  {line}" for line in mismatches(anchors, text.content)]
    if not text.pin_holds:
        problems.insert(
            0,
            f"  {text.source_file}: SHA-256 is {text.actual_sha256}, pinned {text.pinned_sha256}; "
            f"{len(problems)} of {len(anchors)} anchors no longer match. Correct the anchors "
            "listed, then update the pin in text.toml.",
        )
    return problems


def _add_structure(graph: Graph, text: Text) -> None:
    """The text's sections and paragraphs with their spans, derived from the source file."""
    graph.add((text.iri, AK.sha256, Literal(text.actual_sha256)))
    for position, section in enumerate(text.sections, start=1):
        _add_segment(
            graph,
            section.iri,
            section.rdf_class,
            section.label,
            text.iri,
            position,
            section.start,
            section.end,
        )
        for number, paragraph in enumerate(section.paragraphs, start=1):
            _add_segment(
                graph,
                paragraph.iri,
                AK.Paragraph,
                f"Paragraph {paragraph.number}",
                section.iri,
                number,
                paragraph.start,
                paragraph.end,
            )
            graph.add((paragraph.iri, AK.content, Literal(paragraph.content)))


def _add_segment(
    graph: Graph,
    iri: URIRef,
    cls: URIRef,
    label: str,
    parent: URIRef,
    position: int,
    start: int,
    end: int,
) -> None:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(label, lang="en")))
    graph.add((iri, AK.isPartOf, parent))
    graph.add((iri, AK.position, Literal(position, datatype=XSD.positiveInteger)))
    graph.add((iri, AK.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((iri, AK.end, Literal(end, datatype=XSD.nonNegativeInteger)))


def _add_evidence(release: Release, text: Text, anchors: list[Anchor]) -> None:
    """Assert each anchored triple, reify it, and annotate the passage that supports it."""
    for anchor in anchors:
        statement = add_statement(release.graph, anchor.triple)
        release.origins[anchor.subject].add(anchor.file)
        add_annotation(
            release.graph,
            evidence_iri(text, statement, anchor.start, anchor.end),
            AK.Evidence,
            AK.evidencing,
            statement,
            text,
            anchor.start,
            anchor.end,
        )


def _add_mentions(graph: Graph, text: Text, mentions: list[Mention]) -> None:
    for mention in mentions:
        add_annotation(
            graph,
            mention_iri(text, mention.start, mention.end),
            AK.Mention,
            OA.identifying,
            mention.entity,
            text,
            mention.start,
            mention.end,
        )


def _materialize_alignments(graph: Graph, ontology: Graph) -> None:
    """Add the types and properties entailed by rdfs:subClassOf / rdfs:subPropertyOf.

    Only the ontology's own subclass and subproperty axioms are followed; looser alignments
    (skos:closeMatch) are documentation, not entailment. SKOS concepts also get skos:prefLabel,
    which SKOS browsers read.
    """
    class_closure: dict[Node, set[URIRef]] = {}
    for s, cls in list(graph.subject_objects(RDF.type)):
        if cls not in class_closure:
            class_closure[cls] = superclasses(ontology, cls) if isinstance(cls, URIRef) else set()
        for parent in class_closure[cls]:
            graph.add((s, RDF.type, parent))
    property_closure: dict[Node, set[URIRef]] = {}
    for s, p, o in list(graph):
        if p not in property_closure:
            property_closure[p] = superproperties(ontology, p) if isinstance(p, URIRef) else set()
        for parent in property_closure[p]:
            graph.add((s, parent, o))
    for concept in list(graph.subjects(RDF.type, SKOS.Concept)):
        if str(concept).startswith(str(ID)):
            for label in list(graph.objects(concept, RDFS.label)):
                graph.add((concept, SKOS.prefLabel, label))
