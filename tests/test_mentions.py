"""The mention finder, on small texts whose expected matches are plain to see."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from alliance_kg.errors import DataError
from alliance_kg.mentions import apply_exclusions, entity_forms, find_mentions

IWA = URIRef("https://w3id.org/alliance-kg/id/iwa")
STATE = URIRef("https://w3id.org/alliance-kg/id/the-state")


def test_the_longest_form_wins_and_words_are_whole():
    forms = {"International": IWA, "International Workingmen's Association": IWA, "State": STATE}
    text = "The International Workingmen's Association, the International, Statehood, the State."
    found = [(m.exact, m.start) for m in find_mentions(text, forms)]
    assert found == [
        ("International Workingmen's Association", text.index("International")),
        ("International", text.index("the International,") + len("the ")),
        ("State", text.index("the State.") + len("the ")),
    ]


def test_matching_is_case_sensitive():
    assert find_mentions("they state that", {"State": STATE}) == []


def test_a_name_broken_by_a_page_break_is_found():
    (mention,) = find_mentions("the Central\n\nCommittee met", {"Central Committee": IWA})
    assert mention.exact == "Central\n\nCommittee"


def test_an_italic_name_broken_by_a_page_break_is_found():
    people_s_state = URIRef("https://w3id.org/alliance-kg/id/peoples-state")
    forms = {"People's State": people_s_state, "State": STATE}
    text = "or the *People's*\n\nState, of which"
    (mention,) = find_mentions(text, forms)
    assert (mention.entity, mention.exact) == (people_s_state, "People's*\n\nState")


def test_a_form_that_names_two_entities_is_an_error():
    graph = Graph()
    graph.add((IWA, RDFS.label, Literal("International", lang="en")))
    graph.add((STATE, SKOS.altLabel, Literal("International", lang="en")))
    with pytest.raises(DataError, match="'International'"):
        entity_forms(graph, [IWA, STATE])


def test_exclusions_remove_a_mention_and_a_stale_one_is_an_error():
    mentions = find_mentions("the State and the State", {"State": STATE})
    kept = apply_exclusions(mentions, [("t.tsv:2", STATE, 4, "State")])
    assert [m.start for m in kept] == [18]
    with pytest.raises(DataError, match=r"t\.tsv:2"):
        apply_exclusions(mentions, [("t.tsv:2", STATE, 5, "State")])
