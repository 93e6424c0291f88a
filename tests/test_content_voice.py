"""Whose words, and how sure: the essay's voices and modalities in the published graph.

Each expectation comes from reading source.txt (and, for the body's brackets, the French original
the voice layer cites), not from the build's output: the Introduction is the editor's, a bracketed
insertion is the editor's, the objections Bakunin raises to answer them are not his, and what the
text only hopes for or imagines is not published as a fact.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from alliance_kg.namespaces import AK, CLAIM, ID, OA

BAKUNIN = ID["mikhail-bakunin"]
DOLGOFF = ID["sam-dolgoff"]
INTERNATIONAL = ID["international-workingmens-association"]
ARGUMENT = (AK.supports, AK.exemplifies, AK.restates, AK.conflictsWith)


def _evidence_quoting(graph: Graph, words: str) -> list[URIRef]:
    """Every evidence annotation whose passage contains `words`."""
    return [
        evidence
        for selector, exact in graph.subject_objects(OA.exact)
        if words in str(exact)
        for target in graph.subjects(OA.hasSelector, selector)
        for evidence in graph.subjects(OA.hasTarget, target)
        if (evidence, RDF.type, AK.Evidence) in graph
    ]


def _claims_asserted_in(graph: Graph, start: int, end: int) -> set[URIRef]:
    """Claims with an ak:assertedBy or ak:reportedBy passage starting in [start, end)."""
    found = set()
    for evidence in graph.subjects(RDF.type, AK.Evidence):
        statement = graph.value(evidence, OA.hasBody)
        if graph.value(statement, RDF.predicate) not in (AK.assertedBy, AK.reportedBy):
            continue
        for selector in graph.objects(graph.value(evidence, OA.hasTarget), OA.hasSelector):
            offset = graph.value(selector, OA.start)
            if offset is not None and start <= int(offset) < end:
                found.add(graph.value(statement, RDF.subject))
    return found


def test_every_claim_of_the_introduction_is_the_editor_s(published_graph, source_text):
    graph = published_graph
    start, end = (
        source_text.index("Introduction\n\nThe overall"),
        source_text.index("Union Bureaucracy\n\nHaving"),
    )
    claims = _claims_asserted_in(graph, start, end)
    assert len(claims) >= 10  # the Introduction's five paragraphs summarize the essay at length
    for claim in claims:
        assert set(graph.objects(claim, AK.assertedBy)) == {DOLGOFF}, claim
        assert (claim, AK.voice, AK.editorial) in graph, claim


def test_the_editor_s_claims_are_never_premises_of_the_author_s(published_graph):
    graph = published_graph
    for link in ARGUMENT:
        for premise, conclusion in graph.subject_objects(link):
            if (premise, AK.voice, AK.editorial) in graph:
                assert (conclusion, AK.voice, AK.authorial) not in graph, (premise, conclusion)


def test_a_bracketed_insertion_in_the_body_is_the_editor_s(published_graph):
    graph = published_graph
    insertion = "[The central sections also induced unorganized workers"
    evidence = _evidence_quoting(graph, insertion)
    assert evidence, "the insertion supports at least one fact or claim"
    for e in evidence:
        assert (e, AK.voice, AK.editorial) in graph
        assert (e, AK.speaker, DOLGOFF) in graph
        statement = graph.value(e, OA.hasBody)
        if graph.value(statement, RDF.predicate) == AK.assertedBy:
            assert graph.value(statement, RDF.object) == DOLGOFF


def test_the_paris_commune_s_year_is_the_editor_s(published_graph):
    # Bakunin wrote "recently"; "[1871]" is Dolgoff's.
    graph = published_graph
    dated = [
        e
        for e in _evidence_quoting(graph, "1871]")
        if graph.value(graph.value(e, OA.hasBody), RDF.predicate) == AK.date
    ]
    assert dated
    for e in dated:
        assert (e, AK.voice, AK.editorial) in graph


def test_the_objections_bakunin_answers_are_not_his(published_graph):
    graph = published_graph
    for words in (
        "Could such a mobilization of the International's influence over the masses lead to a new system of state domination?",
        "Whoever contends that such action, being a move to create a new authoritarian power",
    ):
        views = {
            graph.value(graph.value(e, OA.hasBody), RDF.subject)
            for e in _evidence_quoting(graph, words)
            if (e, AK.voice, AK.reported) in graph
        }
        views = {v for v in views if (v, RDF.type, AK.Claim) in graph}
        assert views, words
        for view in views:
            assert (view, AK.assertedBy, BAKUNIN) not in graph, view
            assert (view, AK.reportedBy, BAKUNIN) in graph, view
            assert (view, AK.voice, AK.reported) in graph, view
            assert (BAKUNIN, AK.rejects, view) in graph, view
            # ... and he answers with claims of his own set against it.
            assert any(
                (rebuttal, AK.voice, AK.authorial) in graph
                for rebuttal in graph.subjects(AK.conflictsWith, view)
            ), view


def test_the_hoped_for_agricultural_sections_are_not_a_fact(published_graph):
    # "What will happen when ... a great many more sections — above all, agricultural sections —
    # are enrolled in its ranks": a hope, not a part the International had.
    graph = published_graph
    sections = ID["agricultural-sections"]
    assert (sections, AK.partOf, INTERNATIONAL) not in graph
    modalities = {
        graph.value(e, AK.modality)
        for s in graph.subjects(RDF.subject, sections)
        if (s, RDF.predicate, AK.partOf) in graph
        for e in graph.subjects(OA.hasBody, s)
    }
    assert modalities and AK.actual not in modalities


def test_a_counterfactual_claim_says_so(published_graph):
    # "If the International had been composed only of the central sections, the latter probably
    # would have succeeded in organizing conspiracies ... but would have been unable to achieve
    # its goal."
    graph = published_graph
    claims = _claims_asserted_in_passage(graph, "If the International had been composed only")
    assert claims
    assert {graph.value(c, AK.modality) for c in claims} == {AK.counterfactual}


def _claims_asserted_in_passage(graph: Graph, words: str) -> set[URIRef]:
    return {
        graph.value(graph.value(e, OA.hasBody), RDF.subject)
        for e in _evidence_quoting(graph, words)
        if graph.value(graph.value(e, OA.hasBody), RDF.predicate) == AK.assertedBy
    }


def test_every_claim_has_one_voice_one_modality_and_a_consistent_asserter(published_graph):
    graph = published_graph
    speaker = {AK.authorial: BAKUNIN, AK.editorial: DOLGOFF}
    claims = list(graph.subjects(RDF.type, AK.Claim))
    assert len(claims) > 150
    for claim in claims:
        (voice,) = graph.objects(claim, AK.voice)
        (modality,) = graph.objects(claim, AK.modality)
        assert modality in (AK.actual, AK.hypothetical, AK.counterfactual, AK.desired)
        if voice == AK.reported:
            assert (claim, AK.assertedBy, BAKUNIN) not in graph, claim
        else:
            assert set(graph.objects(claim, AK.assertedBy)) == {speaker[voice]}, claim


def test_every_link_of_the_argument_says_its_kind_and_how_sure(published_graph):
    graph = published_graph
    links = 0
    for link in ARGUMENT:
        for premise, conclusion in graph.subject_objects(link):
            statement = (
                next(
                    s
                    for s in graph.subjects(RDF.subject, premise)
                    if (s, RDF.predicate, link) in graph and (s, RDF.object, conclusion) in graph
                )
                if link != AK.supports or (premise, AK.exemplifies, conclusion) not in graph
                else None
            )
            if statement is None:
                continue  # an example, entailed as a support too: its evidence is the example's
            levels = {graph.value(e, AK.certainty) for e in graph.subjects(OA.hasBody, statement)}
            assert levels and levels <= {AK.certain, AK.probable, AK.possible}, (premise, link)
            links += 1
    assert links > 80


def test_the_claim_support_example_uses_no_removed_claim(published_graph):
    # The README's and the queries' example claim is still in the graph.
    assert (
        CLAIM["lack-of-opposition-depraves-power-holders"],
        RDF.type,
        AK.Claim,
    ) in published_graph
