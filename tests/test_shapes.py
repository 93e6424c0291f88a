"""The ontology and the shapes, tested with examples and counter-examples.

Every file in tests/shapes/valid/ must conform (not even a warning) when validated together with
the ontology. Every file in tests/shapes/invalid/ breaks one constraint and says which in its header:

    # expect-component: sh:MinCountConstraintComponent
    # expect-focus: <https://w3id.org/alliance-kg/id/mikhail-bakunin>
    # expect-shape: aksh:label-required
    # expect-severity: sh:Violation      (optional)
    # expect-path: rdfs:label            (optional)

and the test asserts that this constraint fired on this node, not merely that validation failed.
A further test checks that every constraint in shapes.ttl has such a counter-example, so a new
constraint cannot arrive untested.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from alliance_kg.namespaces import AK, ONTOLOGY_IRI, PREFIXES
from alliance_kg.ontology import declared_terms, load_ontology, load_shapes, subclasses
from alliance_kg.project import Project
from alliance_kg.validation import ValidationResult, validate_graph

from .conftest import ROOT

AKSH = Namespace("https://w3id.org/alliance-kg/shapes#")
FIXTURES = ROOT / "tests" / "shapes"
VALID = sorted((FIXTURES / "valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "invalid").glob("*.ttl"))

#: How many fixtures there are: a suite found by glob must not shrink without anyone noticing.
EXPECTED_COUNTS = {"valid": 43, "invalid": 147}

#: The SHACL parameters the shapes use, and the constraint component each one activates.
#: A parameter missing here makes test_every_constraint_has_a_counter_example fail, on purpose.
COMPONENT_OF = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
}
#: Parameters that name, target, describe or qualify a shape rather than constrain it.
NOT_CONSTRAINTS = {
    RDF.type,
    RDFS.comment,
    SH.flags,
    SH.message,
    SH.path,
    SH.property,
    SH.qualifiedValueShape,
    SH.severity,
    SH.target,
    SH.targetClass,
    SH.targetSubjectsOf,
}
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.target)


@functools.cache
def ontology() -> Graph:
    return load_ontology(Project(ROOT))


@functools.cache
def shapes() -> Graph:
    return load_shapes(Project(ROOT))


@functools.cache
def results_for(path: Path) -> tuple[ValidationResult, ...]:
    """Validate one fixture together with the ontology (cached: the coverage test reuses it)."""
    data = Graph()
    for triple in ontology():
        data.add(triple)
    data.parse(path, format="turtle")
    return tuple(validate_graph(data, shapes()).results)


def expand(value: str) -> URIRef:
    """`<iri>` or a CURIE with one of the project's prefixes (or aksh:) as an IRI."""
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, _, local = value.partition(":")
    namespaces = {**PREFIXES, "aksh": str(AKSH)}
    assert prefix in namespaces, f"unknown prefix in {value!r}"
    return URIRef(namespaces[prefix] + local)


def expectations(path: Path) -> dict[str, URIRef]:
    """The `# expect-KEY: VALUE` lines at the top of a counter-example."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.removeprefix("#").strip().partition(":")
        if key.startswith("expect-") and sep:
            found[key.removeprefix("expect-")] = expand(value.strip())
    return found


def describe(results: tuple[ValidationResult, ...]) -> str:
    return "\n".join(
        f"  {r.focus_node} {r.component.removeprefix(str(SH))} shape={r.shape} "
        f"path={r.path} value={r.value}: {r.message}"
        for r in results
    )


def fired(result: ValidationResult, expect: dict[str, URIRef]) -> bool:
    """Whether `result` is the one the header expects."""
    wanted = {
        "component": result.component,
        "focus": result.focus_node,
        "shape": result.shape,
        "severity": result.severity,
        "path": result.path,
    }
    return all(wanted[key] == value for key, value in expect.items())


# The fixtures -------------------------------------------------------------------------------


def test_the_fixture_suite_has_not_shrunk():
    found = {"valid": len(VALID), "invalid": len(INVALID)}
    assert found == EXPECTED_COUNTS


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_example_conforms(path: Path):
    results = results_for(path)
    assert not results, f"{path.name} should conform, but:\n{describe(results)}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_counter_example_fires_its_constraint(path: Path):
    expect = expectations(path)
    assert {"component", "focus", "shape"} <= expect.keys(), (
        f"{path.name}: the header must name expect-component, expect-focus and expect-shape"
    )
    results = results_for(path)
    assert any(fired(r, expect) for r in results), (
        f"{path.name}: expected {expect} to fire; the results were:\n{describe(results) or '  none'}"
    )


def targeted_shapes() -> list[URIRef]:
    return sorted({s for t in TARGETS for s in shapes().subjects(t, None) if isinstance(s, URIRef)})


def test_every_targeted_shape_has_an_example_that_uses_it():
    """valid/<Shape>.ttl exists for each shape, and holds an instance of the class it targets."""
    stems = {p.stem for p in VALID}
    for shape in targeted_shapes():
        name = shape.removeprefix(str(AKSH))
        assert name in stems, f"no valid/{name}.ttl for {shape}"
        target = shapes().value(shape, SH.targetClass)
        if target is None:
            continue
        example = Graph().parse(FIXTURES / "valid" / f"{name}.ttl")
        classes = subclasses(ontology(), (target,))
        assert any(example.subjects(RDF.type, c) for c in classes), (
            f"valid/{name}.ttl has no instance of {target}, so it tests nothing"
        )


def constraints() -> set[tuple[URIRef, URIRef]]:
    """(shape, component) for every constraint of a targeted shape and of its property shapes."""
    found = set()
    for node_shape in targeted_shapes():
        for shape in (node_shape, *shapes().objects(node_shape, SH.property)):
            assert isinstance(shape, URIRef), f"{node_shape} has a blank-node property shape"
            for parameter in set(shapes().predicates(shape, None)) - NOT_CONSTRAINTS:
                assert parameter in COMPONENT_OF, f"{shape} uses {parameter}, unknown to this test"
                found.add((shape, COMPONENT_OF[parameter]))
    return found


def test_every_constraint_has_a_counter_example():
    covered = set()
    for path in INVALID:
        expect = expectations(path)
        covered.add((expect.get("shape"), expect.get("component")))
    missing = sorted(constraints() - covered)
    assert not missing, "constraints without a counter-example:\n" + "\n".join(
        f"  {shape.removeprefix(str(AKSH))} {component.removeprefix(str(SH))}"
        for shape, component in missing
    )


# The ontology -------------------------------------------------------------------------------


def test_ontology_parses_and_has_its_header():
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    vann = Namespace("http://purl.org/vocab/vann/")
    dcterms = Namespace("http://purl.org/dc/terms/")
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY_IRI, vann.preferredNamespacePrefix) == Literal("ak")
    assert graph.value(ONTOLOGY_IRI, vann.preferredNamespaceUri) == Literal(str(AK))
    assert graph.value(ONTOLOGY_IRI, dcterms.license) == URIRef(
        "http://creativecommons.org/publicdomain/zero/1.0/"
    )
    for term in (dcterms.title, dcterms.description, dcterms.creator):
        assert graph.value(ONTOLOGY_IRI, term) is not None, f"the header lacks {term}"


def english(graph: Graph, subject: Node, predicate: URIRef) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if getattr(o, "language", None) == "en"]


def test_every_ak_term_is_documented():
    graph = ontology()
    terms = declared_terms(graph)
    assert len(terms) == 106  # 36 classes, 45 object and 10 datatype properties, 15 individuals
    for term in sorted(terms):
        assert english(graph, term, RDFS.label), f"{term} has no rdfs:label@en"
        assert english(graph, term, SKOS.definition), f"{term} has no skos:definition@en"
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph, f"{term} lacks rdfs:isDefinedBy"


def test_every_ak_iri_in_ontology_and_shapes_is_declared():
    """A misspelt ak: term in an axiom or a shape would otherwise pass silently."""
    declared = declared_terms(ontology())
    for name, graph in (("ontology", ontology()), ("shapes", shapes())):
        used = {
            node
            for triple in graph
            for node in triple
            if isinstance(node, URIRef) and str(node).startswith(str(AK))
        }
        assert used - declared == set(), f"undeclared ak: terms in the {name}"


def test_ontology_has_no_blank_nodes():
    assert not [t for t in ontology() if any(isinstance(n, BNode) for n in t)]


def test_ontology_conforms_to_the_shapes():
    results = validate_graph(ontology(), shapes()).results
    assert not results, describe(tuple(results))
