"""Loading the ontology and the shapes, and what the rest of the code asks of the ontology."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import AK
from .project import Project
from .rdfio import read_graph

#: The classes whose instances are "entities": what the essay names or discusses. Texts'
#: segments, claims and annotations are described by the graph but are not indexed as mentions.
ENTITY_ROOTS = (AK.Agent, AK.Event, AK.Place, AK.Concept, AK.Work, AK.Edition)


def load_ontology(project: Project) -> Graph:
    return read_graph(project.ontology_file)


def load_shapes(project: Project) -> Graph:
    return read_graph(project.shapes_file)


def declared_terms(ontology: Graph) -> set[URIRef]:
    """Every term the ontology declares in the ak namespace."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    return {
        s
        for kind in kinds
        for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(AK))
    }


def subclasses(ontology: Graph, roots: tuple[URIRef, ...]) -> set[URIRef]:
    """The roots and every class below them."""
    found = set(roots)
    for root in roots:
        found.update(ontology.transitive_subjects(RDFS.subClassOf, root))
    return found


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    """Every class above `cls`, itself excluded."""
    return set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}


def superproperties(ontology: Graph, prop: URIRef) -> set[URIRef]:
    """Every property above `prop`, itself excluded."""
    return set(ontology.transitive_objects(prop, RDFS.subPropertyOf)) - {prop}
