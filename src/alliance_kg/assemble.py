"""Assembling the release graph from the ontology, the curated data and the texts.

The order is fixed and every step is deterministic: ontology, curated Turtle, the links to
Wikidata (each SSSOM table in data/mappings/, with its VoID linkset), the canned
queries (as SPARQL executables, so an endpoint serving the release lists them), each text's
structure and voice layer, its anchored facts with their evidence, its mention index, and finally
the types and properties the ontology's alignments entail, so that a consumer who knows only CIDOC
CRM or schema.org still finds what it looks for without running a reasoner.

A fact is asserted as a plain triple only when some passage states it as actual in a voice that is
not a reported view; a fact the text states only as hypothetical, counterfactual or desired, or
only in a view it reports, is published as a reified statement with its evidence, so that a query
for facts does not return it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .anchors import CLAIM_PREDICATES, Anchor, mismatches, read_tables
from .annotations import add_annotation, add_statement, evidence_iri, mention_iri, voice_span_iri
from .errors import DataError
from .linkset import SUFFIX as LINKSET_SUFFIX
from .linkset import mapping_graph
from .mentions import Mention, apply_exclusions, entity_forms, find_mentions, read_exclusions
from .namespaces import AK, ID, OA
from .ontology import ENTITY_ROOTS, subclasses, superclasses, superproperties
from .project import Project
from .queries import canned_queries, catalogue_graph
from .rdfio import parse_into
from .review import ReviewStatus, add_reviews, judge, read_verdicts, review_items
from .text import Text, load_text
from .voices import Voice, VoiceSpan, claim_voices, read_voices, span_mismatches, voice_of


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
    #: Each text's voice layer (voices.tsv), by text id.
    voice_spans: dict[str, list[VoiceSpan]] = field(default_factory=dict)
    #: The recorded review verdicts, as they stand against this graph.
    reviews: ReviewStatus = field(default_factory=lambda: ReviewStatus([], []))


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
        spans = read_voices(folder)
        problems += _pin_problems(text, anchors) + span_mismatches(text, spans)
        release.texts.append(text)
        release.anchors += anchors
        release.voice_spans[text.text_id] = spans
        anchors_by_text.append((text, anchors, spans))
    if problems:
        raise DataError("anchors no longer hold; the build stops:\n" + "\n".join(problems))
    voices = {
        anchor: voice_of(text, spans, anchor.start, anchor.end)
        for text, anchors, spans in anchors_by_text
        for anchor in anchors
    }
    voice_of_claim, problems = claim_voices(release.anchors, voices)
    if problems:
        raise DataError(
            "claims asserted against the voice of their passages; the build stops:\n"
            + "\n".join(problems)
        )
    for text, _, spans in anchors_by_text:
        _add_structure(graph, text)
        _add_voice_spans(graph, text, spans)
    for text, anchors, _ in anchors_by_text:
        _add_evidence(release, text, anchors, voices)
    for claim, voice in voice_of_claim.items():
        graph.add((claim, AK.voice, voice))
    verdicts = read_verdicts(project.data_dir / "reviews")
    if verdicts:
        release.reviews = judge(review_items(graph, release.texts), verdicts)
        add_reviews(graph, release.reviews)
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
        graph.add((section.iri, AK.voice, section.voice))
        if section.speaker is not None:
            graph.add((section.iri, AK.speaker, section.speaker))
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


def _add_voice_spans(graph: Graph, text: Text, spans: list[VoiceSpan]) -> None:
    """Each span of the voice layer as an annotation classifying its words by voice."""
    for span in spans:
        iri = voice_span_iri(text, span.start, span.end)
        add_annotation(
            graph, iri, AK.VoiceSpan, OA.classifying, span.voice, text, span.start, span.end
        )
        graph.add((iri, AK.voice, span.voice))
        if span.speaker is not None:
            graph.add((iri, AK.speaker, span.speaker))
        graph.add((iri, RDFS.comment, Literal(span.reason, lang="en")))
        if span.source:
            graph.add((iri, DCTERMS.source, URIRef(span.source)))


def _add_evidence(
    release: Release, text: Text, anchors: list[Anchor], voices: dict[Anchor, Voice]
) -> None:
    """Reify each anchored triple and annotate its passage with voice, modality and certainty.

    The triple itself is asserted when some passage states it as a fact (see the module's
    docstring).
    """
    asserted = {
        a.triple
        for a in anchors
        if a.predicate in CLAIM_PREDICATES
        or (a.modality == AK.actual and voices[a].voice != AK.reported)
    }
    for anchor in anchors:
        statement = add_statement(release.graph, anchor.triple, anchor.triple in asserted)
        release.origins[anchor.subject].add(anchor.file)
        evidence = evidence_iri(text, statement, anchor.start, anchor.end)
        add_annotation(
            release.graph,
            evidence,
            AK.Evidence,
            AK.evidencing,
            statement,
            text,
            anchor.start,
            anchor.end,
        )
        voice = voices[anchor]
        release.graph.add((evidence, AK.voice, voice.voice))
        if voice.speaker is not None:
            release.graph.add((evidence, AK.speaker, voice.speaker))
        release.graph.add((evidence, AK.modality, anchor.modality))
        if anchor.certainty is not None:
            release.graph.add((evidence, AK.certainty, anchor.certainty))


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
