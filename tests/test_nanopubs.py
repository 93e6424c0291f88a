"""Every claim is published as a nanopublication that reads back on its own.

Claims are found by the passage that asserts them (as a reader would), never by a guessed IRI; the
nanopubs are parsed back from their TriG bytes, not inspected as the objects that made them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from alliance_kg.anchors import ARGUMENT_LINKS
from alliance_kg.annotations import statement_iri
from alliance_kg.assemble import Release
from alliance_kg.namespaces import AK, ID, OA
from alliance_kg.nanopubs import NP, nanopub_iri, nanopublications, write_nanopubs

# rdflib's own TriG parser and the nanopub library still use ConjunctiveGraph internally.
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

BAKUNIN = ID["mikhail-bakunin"]
DOLGOFF = ID["sam-dolgoff"]


@pytest.fixture(scope="module")
def graph(assembled: Release) -> Graph:
    return assembled.graph


@pytest.fixture(scope="module")
def nanopubs(graph: Graph) -> dict[str, bytes]:
    return nanopublications(graph)


def _quotes(
    graph: Graph, claim: URIRef, predicates: tuple[URIRef, ...] = (AK.assertedBy,)
) -> dict[str, URIRef]:
    """The passages quoted by the evidence for `claim`'s statements with these predicates (by
    default: who asserts it), each with the statement's object."""
    quotes = {}
    for predicate in predicates:
        for other in graph.objects(claim, predicate):
            for evidence in graph.subjects(OA.hasBody, statement_iri((claim, predicate, other))):
                for target in graph.objects(evidence, OA.hasTarget):
                    for selector in graph.objects(target, OA.hasSelector):
                        for exact in graph.objects(selector, OA.exact):
                            quotes[str(exact)] = other
    return quotes


def _claim_quoting(graph: Graph, words: str) -> URIRef:
    found = [
        claim
        for claim in graph.subjects(RDF.type, AK.Claim)
        if any(words in quote for quote in _quotes(graph, claim))
    ]
    assert len(found) == 1, f"{words!r} is the assertedBy passage of {found}"
    return found[0]


def _read(data: bytes) -> Dataset:
    dataset = Dataset()
    dataset.parse(data=data, format="trig")
    return dataset


def _named_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in dataset.graphs() if len(g) > 0}


def _parts(data: bytes, claim: URIRef) -> dict[str, Graph]:
    """The head, assertion, provenance and pubinfo graphs, found through the head."""
    graphs = _named_graphs(_read(data))
    np_iri = nanopub_iri(claim)
    head = next(g for g in graphs.values() if (np_iri, RDF.type, NP.Nanopublication) in g)
    links = {"assertion": NP.hasAssertion, "provenance": NP.hasProvenance}
    links["pubinfo"] = NP.hasPublicationInfo
    parts = {"head": head}
    for name, link in links.items():
        (target,) = head.objects(np_iri, link)
        parts[name] = graphs[target]
    return parts


def test_one_nanopub_per_claim(graph: Graph, nanopubs: dict[str, bytes]) -> None:
    assert len(nanopubs) == len(set(graph.subjects(RDF.type, AK.Claim))) > 100


def test_each_has_exactly_the_four_graphs_linked_by_its_head(
    graph: Graph, nanopubs: dict[str, bytes]
) -> None:
    for claim in graph.subjects(RDF.type, AK.Claim):
        name = str(claim).rsplit("/", 1)[1] + ".trig"
        graphs = _named_graphs(_read(nanopubs[name]))
        np_iri = str(nanopub_iri(claim))
        expected = {
            URIRef(f"{np_iri}#{part}") for part in ("Head", "assertion", "provenance", "pubinfo")
        }
        assert set(graphs) == expected, name
        parts = _parts(nanopubs[name], claim)
        assert parts["head"].identifier == URIRef(np_iri + "#Head")
        assert len(parts["head"]) == 4


def test_assertion_holds_the_claim(graph: Graph, nanopubs: dict[str, bytes]) -> None:
    for claim in graph.subjects(RDF.type, AK.Claim):
        assertion = _parts(nanopubs[str(claim).rsplit("/", 1)[1] + ".trig"], claim)["assertion"]
        assert (claim, RDF.type, AK.Claim) in assertion
        for predicate in (RDFS.label, AK.paraphrase, AK.certainty, AK.about, AK.supports):
            assert set(assertion.objects(claim, predicate)) == set(graph.objects(claim, predicate))
        assert set(assertion.objects(claim, AK.conflictsWith)) == set(
            graph.objects(claim, AK.conflictsWith)
        )
        assert set(assertion.subjects()) == {claim}


@pytest.mark.parametrize(
    ("words", "asserter"),
    [("The overall theme of", DOLGOFF), ("If there is a devil in human history", BAKUNIN)],
)
def test_provenance_names_the_passage_and_the_asserter(
    graph: Graph, nanopubs: dict[str, bytes], words: str, asserter: URIRef
) -> None:
    claim = _claim_quoting(graph, words)
    parts = _parts(nanopubs[str(claim).rsplit("/", 1)[1] + ".trig"], claim)
    provenance = parts["provenance"]
    assertion = parts["assertion"].identifier
    assert set(provenance.objects(assertion, PROV.wasAttributedTo)) == {asserter}
    passages = set()
    for target in provenance.objects(assertion, PROV.wasDerivedFrom):
        assert (target, OA.hasSource, ID["program-of-the-alliance"]) in provenance
        for selector in provenance.objects(target, OA.hasSelector):
            passages |= {str(e) for e in provenance.objects(selector, OA.exact)}
            for start in provenance.objects(selector, OA.start):
                (end,) = provenance.objects(selector, OA.end)
                assert (start, end) == (
                    next(graph.objects(selector, OA.start)),
                    next(graph.objects(selector, OA.end)),
                )
    # The passages that assert the claim, and those of its links to other claims.
    assert passages == set(_quotes(graph, claim, (AK.assertedBy, *ARGUMENT_LINKS)))
    assert any(words in passage for passage in passages)


def test_pubinfo_gives_licence_creator_and_dataset(
    graph: Graph, nanopubs: dict[str, bytes]
) -> None:
    claim = _claim_quoting(graph, "If there is a devil in human history")
    pubinfo = _parts(nanopubs[str(claim).rsplit("/", 1)[1] + ".trig"], claim)["pubinfo"]
    np_iri = nanopub_iri(claim)
    dcterms = "http://purl.org/dc/terms/"
    license_ = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    assert (np_iri, URIRef(dcterms + "license"), license_) in pubinfo
    assert (np_iri, PROV.wasDerivedFrom, ID["dataset"]) in pubinfo
    assert list(pubinfo.objects(np_iri, URIRef(dcterms + "creator")))
    assert not list(pubinfo.objects(np_iri, URIRef(dcterms + "created")))


def test_the_nanopub_library_accepts_each(nanopubs: dict[str, bytes], tmp_path: Path) -> None:
    """The reference library's structural checks (it checks offline; it signs only online)."""
    nanopub = pytest.importorskip("nanopub")
    for name, data in sorted(nanopubs.items()):
        path = tmp_path / name
        path.write_bytes(data)
        publication = nanopub.Nanopub(rdf=path, conf=nanopub.NanopubConf())
        assert publication.is_valid, name


def test_output_is_deterministic(graph: Graph, nanopubs: dict[str, bytes], tmp_path: Path) -> None:
    assert nanopublications(graph) == nanopubs
    paths = write_nanopubs(graph, tmp_path / "np")
    assert [p.name for p in paths] == sorted(nanopubs)
    assert all(p.read_bytes() == nanopubs[p.name] for p in paths)


def test_the_nanopub_library_check_bites(nanopubs: dict[str, bytes], tmp_path: Path) -> None:
    """Without its pubinfo graph a nanopub is refused, so the check above is a real one."""
    nanopub = pytest.importorskip("nanopub")
    name, data = sorted(nanopubs.items())[0]
    text = data.decode("utf-8")
    cut = text.rindex("\n", 0, text.rindex("\\#pubinfo {")) + 1  # the line the pubinfo opens
    path = tmp_path / name
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(pytest.importorskip("nanopub.utils").MalformedNanopubError):
        assert nanopub.Nanopub(rdf=path, conf=nanopub.NanopubConf()).is_valid
