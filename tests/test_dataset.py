"""The dataset description: it parses, and every number in it is the graph's own."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, VOID

from alliance_kg.assemble import Release
from alliance_kg.dataset import DUMPS, SPARQL_ENDPOINT, schema_org_dataset, void_file
from alliance_kg.linkset import DATASET
from alliance_kg.namespaces import AK, BASE, ID, ONTOLOGY_IRI

#: DCAT 3 as an open namespace (rdflib's closed DCAT 2 warns about dcat:version).
DCAT = Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def graph(assembled: Release) -> Graph:
    return assembled.graph


@pytest.fixture(scope="module")
def void_bytes(graph) -> bytes:
    return void_file(graph)


@pytest.fixture(scope="module")
def void(void_bytes) -> Graph:
    return Graph().parse(data=void_bytes.decode("utf-8"), format="turtle")


def count(void: Graph, subject: URIRef, predicate: URIRef) -> int:
    value = void.value(subject, predicate)
    assert isinstance(value, Literal), f"no {predicate} on {subject}"
    return int(value)


def test_it_is_a_void_and_dcat_dataset_with_the_ontology_version(void, graph):
    assert (DATASET, RDF.type, VOID.Dataset) in void
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert str(void.value(DATASET, DCAT.version)) == str(graph.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert void.value(DATASET, DCTERMS.license) is not None
    assert void.value(DATASET, DCTERMS.creator) is not None
    assert void.value(DATASET, VOID.sparqlEndpoint) == SPARQL_ENDPOINT
    assert str(void.value(DATASET, VOID.uriSpace)) == str(ID)
    assert (DATASET, VOID.rootResource, ID["program-of-the-alliance"]) in void


def test_the_counts_are_the_graphs(void, graph):
    assert count(void, DATASET, VOID.triples) == len(graph)
    assert count(void, DATASET, VOID.distinctSubjects) == len(set(graph.subjects()))
    assert count(void, DATASET, VOID.properties) == len(set(graph.predicates()))
    partitions = list(void.objects(DATASET, VOID.classPartition))
    assert count(void, DATASET, VOID.classes) == len(partitions)
    by_class = {void.value(p, VOID["class"]): p for p in partitions}
    people = set(graph.subjects(RDF.type, AK.Person))
    assert count(void, by_class[AK.Person], VOID.entities) == len(people) > 0
    by_property = {
        void.value(p, VOID.property): p for p in void.objects(DATASET, VOID.propertyPartition)
    }
    assert count(void, by_property[AK.about], VOID.triples) == len(
        list(graph.triples((None, AK.about, None)))
    )


def test_partitions_have_stable_iris_and_no_blank_nodes(void):
    assert ID["dataset/class/ak-Person"] in set(void.objects(DATASET, VOID.classPartition))
    assert ID["dataset/property/rdfs-label"] in set(void.objects(DATASET, VOID.propertyPartition))
    assert not [t for t in void if any(not isinstance(term, (URIRef, Literal)) for term in t)]


def test_example_resources_exist_in_the_graph(void, graph):
    examples = set(void.objects(DATASET, VOID.exampleResource))
    assert len(examples) >= 4
    assert all((example, RDF.type, None) in graph for example in examples)
    assert any((e, RDF.type, AK.Claim) in graph for e in examples)


def test_the_wikidata_linkset_is_a_subset(void):
    linkset = ID["linkset/wikidata"]
    assert (DATASET, VOID.subset, linkset) in void
    assert (linkset, RDF.type, VOID.Linkset) in void
    assert count(void, linkset, VOID.triples) > 0


def test_each_dump_is_a_distribution(void):
    for name, media_type, _ in DUMPS:
        dump = URIRef(BASE + name)
        assert (DATASET, VOID.dataDump, dump) in void
        distribution = void.value(predicate=DCAT.downloadURL, object=dump)
        assert (DATASET, DCAT.distribution, distribution) in void
        assert str(void.value(distribution, DCAT.mediaType)).endswith(media_type)


def test_the_file_is_byte_identical_for_the_same_graph(void_bytes, graph):
    assert void_file(graph) == void_bytes
    copy = Graph()
    for triple in sorted(graph):
        copy.add(triple)
    assert void_file(copy) == void_bytes


def test_the_schema_org_dataset_agrees_with_the_void_file(graph, void):
    document = schema_org_dataset(graph)
    assert document["@type"] == "Dataset"
    assert document["name"] == str(void.value(DATASET, DCTERMS.title))
    assert document["license"] == str(void.value(DATASET, DCTERMS.license))
    assert document["version"] == str(graph.value(ONTOLOGY_IRI, OWL.versionInfo))
    assert len(document["distribution"]) == len(DUMPS)
    json.dumps(document)
