"""The essay's entities and relations are in the published graph, section by section.

Every expectation here was written from reading the text (data/texts/program-of-the-alliance/
source.txt), not copied from the build's output: who the text says belonged to, delegated to,
favored or opposed whom, where and when things happened, and which passage says so. What the text
states only as hoped for, prescribed or imagined is not a plain fact: it is published as a
statement with its modality, and checked as such. A merged entity's old IRI says which entity it
is the same as, and holds no facts of its own.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from alliance_kg.namespaces import AK, ID, OA

INTERNATIONAL = ID["international-workingmens-association"]
# Bound once here: pytest's collection probes module globals, and rdflib's XSD namespace warns
# on every unknown attribute it is asked for.
GYEAR = namespace.XSD.gYear
DATE = namespace.XSD.date


def passages(graph: Graph, subject: URIRef, predicate: URIRef, obj: Node) -> list[str]:
    """The quoted passages of every evidence annotation whose body is this very triple."""
    found = []
    for statement in graph.subjects(RDF.subject, subject):
        if (statement, RDF.predicate, predicate) not in graph:
            continue
        if (statement, RDF.object, obj) not in graph:
            continue
        for evidence in graph.subjects(OA.hasBody, statement):
            if (evidence, RDF.type, AK.Evidence) not in graph:
                continue
            for target in graph.objects(evidence, OA.hasTarget):
                for selector in graph.objects(target, OA.hasSelector):
                    if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                        found.extend(str(e) for e in graph.objects(selector, OA.exact))
    return sorted(found)


def assert_fact(graph: Graph, subject: URIRef, predicate: URIRef, obj: Node, quoting: str) -> None:
    """The triple is asserted and one of its evidence passages contains `quoting`."""
    assert (subject, predicate, obj) in graph, f"missing: {subject} {predicate} {obj}"
    found = passages(graph, subject, predicate, obj)
    assert any(quoting in p for p in found), f"no evidence quoting {quoting!r}; found {found}"


def assert_not_fact(
    graph: Graph, subject: URIRef, predicate: URIRef, obj: Node, modality: URIRef, quoting: str
) -> None:
    """The triple is not asserted, but its statement is published with evidence quoting `quoting`
    in the given modality (hypothetical, counterfactual or desired), and with no actual evidence."""
    assert (subject, predicate, obj) not in graph, f"asserted as fact: {subject} {predicate} {obj}"
    found = passages(graph, subject, predicate, obj)
    assert any(quoting in p for p in found), f"no evidence quoting {quoting!r}; found {found}"
    modalities = {
        graph.value(evidence, AK.modality)
        for statement in graph.subjects(RDF.subject, subject)
        if (statement, RDF.predicate, predicate) in graph and (statement, RDF.object, obj) in graph
        for evidence in graph.subjects(OA.hasBody, statement)
    }
    assert modalities == {modality}, f"{subject} {predicate} {obj}: modalities {modalities}"


def assert_merged(graph: Graph, old: URIRef, survivor: URIRef) -> None:
    """The retired IRI is the same as its survivor and no fact is said of it any more."""
    assert (old, OWL.sameAs, survivor) in graph
    said = set(graph.predicates(old)) - {OWL.sameAs, RDFS.comment}
    assert not said, f"{old} is retired but still has {said}"
    assert not set(graph.subject_predicates(old)), f"{old} is retired but still an object"


def year(value: str) -> Literal:
    return Literal(value, datatype=GYEAR)


# --- Front matter and colophon --------------------------------------------------------------


def test_the_essay_is_bakunins_work_of_1871(published_graph):
    g = published_graph
    work = ID["on-the-program-of-the-alliance"]
    assert (work, RDF.type, AK.Work) in g
    assert_fact(g, work, AK.author, ID["mikhail-bakunin"], "Michail Bakunin On the Program")
    assert_fact(g, work, AK.date, year("1871"), "On the Program of the Alliance 1871")


def test_dolgoff_translated_and_edited_the_1971_edition(published_graph):
    g = published_graph
    translation = ID["program-of-the-alliance-translation"]
    book = ID["bakunin-on-anarchy"]
    dolgoff = ID["sam-dolgoff"]
    assert (translation, RDF.type, AK.Translation) in g
    assert (book, RDF.type, AK.Edition) in g
    assert_fact(g, translation, AK.translator, dolgoff, "translated and edited by Sam Dolgoff")
    assert_fact(g, translation, AK.translationOf, ID["on-the-program-of-the-alliance"], "Source:")
    assert_fact(g, book, AK.editor, dolgoff, "translated and edited by Sam Dolgoff")
    assert_fact(g, book, AK.date, year("1971"), "Sam Dolgoff, 1971")
    assert_fact(g, book, AK.embodies, translation, "Bakunin on Anarchy")


def test_the_digital_edition_is_the_anarchist_librarys(published_graph):
    g = published_graph
    edition = ID["program-of-the-alliance"]
    assert (edition, RDF.type, AK.DigitalEdition) in g
    assert_fact(g, edition, AK.publisher, ID["the-anarchist-library"], "The Anarchist Library")
    assert_fact(g, edition, AK.date, Literal("2012-05-21", datatype=DATE), "May 21, 2012")
    assert_fact(g, edition, DCTERMS.license, Literal("Anti-Copyright"), "Anti-Copyright")
    assert_fact(
        g,
        edition,
        AK.retrievalDate,
        Literal("2009-02-24", datatype=DATE),
        "Retrieved on February 24th, 2009",
    )
    assert_fact(g, edition, AK.retrievedFrom, Literal("www.marxists.org"), "www.marxists.org")
    assert_fact(g, edition, AK.derivedFrom, ID["bakunin-on-anarchy"], "Source: Bakunin on Anarchy")
    assert_fact(g, edition, AK.embodies, ID["program-of-the-alliance-translation"], "Source:")


# --- Introduction (the editor's voice) ------------------------------------------------------


def test_bakunins_alliance_seeks_to_influence_the_masses(published_graph):
    g = published_graph
    assert (ID.alliance, RDF.type, AK.Organization) in g
    assert_fact(g, ID["mikhail-bakunin"], AK.memberOf, ID.alliance, "Bakunin's Alliance")
    # "whom it is trying to influence": the aim is stated, not its success.
    assert_not_fact(
        g, ID.alliance, AK.influences, ID["the-masses"], AK.desired, "trying to influence"
    )


def test_fabrica_sections_were_skilled_native_watchmakers_for_parliamentary_action(
    published_graph,
):
    g = published_graph
    fabrica = ID["fabrica-sections"]
    watchmakers = ID["watchmakers-and-jewelry-workers"]
    assert (fabrica, RDF.type, AK.Section) in g
    # "native citizens, the highly skilled, better-paid watchmakers and jewellry workers": one group
    # named twice, in apposition; the native citizens' IRI is merged into the watchmakers'.
    assert_merged(g, ID["native-citizens"], watchmakers)
    assert_fact(g, fabrica, AK.composedOf, watchmakers, "were composed of native citizens")
    assert_fact(g, fabrica, AK.composedOf, watchmakers, "watchmakers and jewellry workers")
    assert_fact(g, watchmakers, AK.hasCondition, ID.citizenship, "composed of native citizens")
    assert_fact(g, watchmakers, AK.hasCondition, ID["skilled-labor"], "highly skilled")
    assert_fact(g, watchmakers, AK.hasCondition, ID["better-pay"], "better-paid")
    for means in ("parliamentary-action", "class-collaboration"):
        assert_fact(g, watchmakers, AK.favors, ID[means], "most of whom favored")


def test_construction_workers_were_unskilled_disenfranchised_foreigners(published_graph):
    g = published_graph
    workers = ID["construction-workers"]
    assert_fact(g, workers, AK.composedOf, ID.foreigners, "low-paid foreigners")
    assert_fact(g, workers, AK.hasCondition, ID["unskilled-labor"], "mostly unskilled")
    assert_fact(g, workers, AK.hasCondition, ID["low-pay"], "low-paid")
    assert_fact(g, workers, AK.hasCondition, ID.disenfranchisement, "Not being allowed to vote")
    assert_fact(g, workers, AK.favors, ID["direct-economic-action"], "favored direct economic")


def test_bakunin_and_the_swiss_libertarian_sections_backed_the_construction_workers(
    published_graph,
):
    g = published_graph
    swiss = ID["swiss-libertarian-sections"]
    for backer in (ID["mikhail-bakunin"], swiss):
        assert_fact(g, backer, AK.favors, ID["construction-workers"], "engaged the support of")
    assert_fact(g, swiss, AK.partOf, INTERNATIONAL, "sections of the International")
    assert_fact(g, swiss, AK.locatedIn, ID.switzerland, "Swiss libertarian sections")


# --- Union Bureaucracy ----------------------------------------------------------------------


def test_the_geneva_branch_and_its_central_committee(published_graph):
    g = published_graph
    branch = ID["geneva-branch"]
    committee = ID["geneva-central-committee"]
    assert (branch, RDF.type, AK.Branch) in g
    assert (committee, RDF.type, AK.Committee) in g
    assert_fact(g, branch, AK.partOf, INTERNATIONAL, "the Geneva branch of the International")
    assert_fact(g, branch, AK.locatedIn, ID.geneva, "Geneva branch")
    assert_fact(
        g,
        committee,
        AK.represents,
        ID["geneva-local-unions"],
        "representing all the local unions in the Geneva branch",
    )
    assert_fact(
        g, ID["geneva-local-unions"], AK.partOf, branch, "local unions in the Geneva branch"
    )


def test_the_fabrica_sections_delegate_to_the_geneva_central_committee(published_graph):
    g = published_graph
    fabrica = ID["fabrica-sections"]
    committee = ID["geneva-central-committee"]
    delegates = ID["fabrica-delegates"]
    assert_fact(g, fabrica, AK.delegatesTo, committee, "always delegated to the Central Committee")
    assert_fact(g, delegates, AK.memberOf, committee, "delegated to the Central Committee")
    assert_fact(g, delegates, AK.represents, fabrica, "obligations to their respective sections")
    assert_fact(g, fabrica, AK.influences, committee, "curtail the arbitrary power")


def test_the_committees_become_masters_of_the_membership(published_graph):
    g = published_graph
    committees = ID["geneva-section-committees"]
    assert (committees, RDF.type, AK.Committee) in g
    assert_fact(g, committees, AK.locatedIn, ID.geneva, "the committees of Geneva")
    assert_fact(g, committees, AK.dominates, ID["rank-and-file"], "masters of the membership")
    assert_fact(
        g,
        committees,
        AK.dominates,
        ID["construction-workers-section"],
        "left all decision-making to their committees",
    )
    assert_fact(g, committees, AK.hasCondition, ID["union-bureaucracy"], "union bureaucracy")
    assert_fact(
        g, ID["union-leaders"], AK.dominates, ID["rank-and-file"], "absolute masters of their"
    )
    assert_fact(g, ID.oligarchs, AK.dominates, committees, "ruled by oligarchs")


def test_general_membership_meetings_against_the_committees(published_graph):
    g = published_graph
    meetings = ID["general-membership-meetings"]
    counter = ID["assemblies-of-the-committees"]
    assert (meetings, RDF.type, AK.Assembly) in g
    assert (counter, RDF.type, AK.Assembly) in g
    assert_fact(
        g,
        meetings,
        AK.hasParticipant,
        ID["construction-workers"],
        "called general membership meetings",
    )
    assert_fact(
        g, ID["geneva-section-committees"], AK.opposes, meetings, "antipathy of the committees"
    )
    assert_fact(g, counter, AK.causedBy, meetings, "try to counteract")
    assert_fact(g, ID["rank-and-file"], AK.opposes, ID["union-leaders"], "repudiated their leaders")
    assert_fact(g, ID["secret-meetings"], AK.hasParticipant, ID.oligarchs, "in secret meetings")


def test_the_international_is_exposed_to_vanity_and_ambition(published_graph):
    g = published_graph
    assert_fact(
        g, INTERNATIONAL, AK.hasCondition, ID["vanity-and-ambition"], "another kind of temptation"
    )
    assert_fact(g, ID["mikhail-bakunin"], AK.opposes, ID["principle-of-command"], "that devil is")


# --- The Structure of the International -----------------------------------------------------


def test_the_international_was_founded_in_1864_in_industrial_europe(published_graph):
    g = published_graph
    founding = ID["founding-of-the-international"]
    assert (founding, RDF.type, AK.Founding) in g
    assert_fact(g, founding, AK.founded, INTERNATIONAL, "founding of the International in 1864")
    assert_fact(g, founding, AK.date, year("1864"), "in 1864")
    assert_fact(g, founding, AK.causedBy, ID["modern-industry"], "The rise of modern industry")
    assert_fact(g, founding, AK.causedBy, ID["awakening-of-the-workers"], "Two factors")
    assert_fact(
        g, founding, AK.causedBy, ID["enrichment-of-the-bourgeoisie"], "phenomenal enrichment"
    )
    # "the founding of the International in 1864 in almost all European countries, particularly
    # in ... England, France, Germany, Switzerland, and Belgium": the International arose and was
    # active there; the founding meeting itself is the conference in London (review round 1).
    for country in ("england", "france", "germany", "switzerland", "belgium"):
        assert_fact(g, INTERNATIONAL, AK.activeIn, ID[country], "highly industrialized England")
        assert_fact(g, ID[country], AK.locatedIn, ID.europe, "European countries")
        assert (founding, AK.tookPlaceAt, ID[country]) not in g
    assert_fact(g, INTERNATIONAL, AK.activeIn, ID.europe, "almost all European countries")


@pytest.mark.parametrize(
    "uprising, when", [("uprisings-of-1848", "1848"), ("uprisings-of-1851", "1851")]
)
def test_the_defeated_uprisings_have_their_years(published_graph, uprising, when):
    g = published_graph
    assert (ID[uprising], RDF.type, AK.Uprising) in g
    assert_fact(g, ID[uprising], AK.date, year(when), "the 1848 and 1851 uprisings")


def test_militants_back_from_london_founded_the_central_sections(published_graph):
    g = published_graph
    conference = ID["founding-conference-of-the-international"]
    founding = ID["founding-of-the-central-sections"]
    central = ID["central-sections"]
    assert_fact(
        g,
        conference,
        AK.tookPlaceAt,
        ID.london,
        "founding conference of the International in London",
    )
    assert_fact(
        g, conference, AK.hasParticipant, ID["pioneering-militants"], "from the founding conference"
    )
    assert_fact(g, founding, AK.founded, central, "organized the first central sections")
    assert_fact(g, founding, AK.hasParticipant, ID["socialist-workers"], "but by socialist workers")
    assert_fact(
        g, central, AK.partOf, INTERNATIONAL, "the first central sections of the International"
    )
    assert_fact(g, central, AK.composedOf, ID["advanced-workers"], "most advanced workers")
    assert_fact(g, central, AK.hasCondition, ID["labor-in-general"], 'workers in "general."')
    assert_fact(g, central, AK.favors, ID["social-revolution"], "workers for the Social Revolution")


def test_trade_sections_affiliate_with_the_international(published_graph):
    g = published_graph
    trade = ID["trade-sections"]
    assert (trade, RDF.type, AK.Section) in g
    assert_fact(g, trade, AK.affiliatedWith, INTERNATIONAL, "a section affiliated with")
    assert_fact(
        g, trade, AK.affiliatedWith, INTERNATIONAL, "trade union section which is affiliated"
    )
    assert_fact(g, trade, AK.affiliatedWith, INTERNATIONAL, "while still retaining their autonomy")
    # "their representation in the Chambers of Labor": the sections are represented there, i.e. send
    # their delegates; the text does not say the Chambers act for them.
    assert_fact(
        g, trade, AK.delegatesTo, ID["chambers-of-labor"], "representation in the Chambers of Labor"
    )
    assert (ID["chambers-of-labor"], AK.represents, trade) not in g
    assert_fact(
        g,
        ID["central-sections"],
        AK.influences,
        ID["unorganized-workers"],
        "induced unorganized workers",
    )
    assert_fact(g, ID["members-at-large"], AK.memberOf, INTERNATIONAL, "as members-at-large")


def test_capitalists_employers_and_bourgeoisie_exploit_the_proletariat(published_graph):
    g = published_graph
    proletariat = ID.proletariat
    assert (proletariat, RDF.type, AK.SocialClass) in g
    assert_fact(g, ID.capitalists, AK.exploits, proletariat, "economically exploited")
    assert_fact(g, ID.capitalists, AK.dominates, proletariat, "politically oppressed")
    assert_fact(
        g, ID["privileged-intermediaries"], AK.exploits, proletariat, "privileged intermediaries"
    )
    assert_fact(g, ID.employers, AK.exploits, proletariat, "ruthless exploiter")
    assert_fact(g, ID.bourgeoisie, AK.exploits, proletariat, "exploitation by the bourgeoisie")
    # "the life-and-death struggle that the European proletariat must now wage": a programme, not a
    # fact reported; the war the organized workers wage is against the bourgeoisie's exploitation.
    assert_not_fact(
        g, proletariat, AK.opposes, ID.bourgeoisie, AK.desired, "life-and-death struggle"
    )
    assert_fact(
        g, proletariat, AK.opposes, ID.exploitation, "waging war against exploitation by the"
    )


def test_strikes_strikebreakers_and_the_internationals_help(published_graph):
    # The essay's strikes are a typical case it works through ("The workers in the same trade and
    # locality declare a strike ..."), not a dated event: strike action, the concept (id:strikes is
    # merged into it), and what happens in the example is hypothetical, never a plain fact.
    g = published_graph
    strike = ID["strike-action"]
    assert_merged(g, ID.strikes, strike)
    assert (strike, RDF.type, AK.Concept) in g
    assert (strike, RDF.type, AK.Strike) not in g
    assert (ID.strikers, RDF.type, AK.SocialGroup) in g
    hypothetical = AK.hypothetical
    assert_not_fact(
        g, ID.strikers, AK.favors, ID["better-pay"], hypothetical, "shorter hours and more pay"
    )
    assert_not_fact(g, ID.employers, AK.opposes, strike, hypothetical, "imports strikebreakers")
    assert_not_fact(
        g, ID.strikebreakers, AK.hasCondition, ID["low-pay"], hypothetical, "work for less pay"
    )
    assert_not_fact(g, INTERNATIONAL, AK.favors, ID.strikers, hypothetical, "sends out a call for")
    assert_not_fact(
        g, ID["foreign-sections"], AK.favors, ID.strikers, hypothetical, "foreign sections respond"
    )


def test_the_international_is_the_enemy_of_religion_and_authority(published_graph):
    g = published_graph
    for target in ("religion", "juridical-rights-of-the-state", "authority"):
        assert_fact(g, INTERNATIONAL, AK.opposes, ID[target], "most ruthless enemy of religion")
    assert_fact(g, INTERNATIONAL, AK.favors, ID["economic-solidarity"], "Will you practice")
    # "the blessings of the international solidarity of labor" is what experience teaches the
    # worker, not a stance of the International's own (review round 1).
    assert (INTERNATIONAL, AK.favors, ID["international-solidarity"]) not in g


# --- The Structure of the State Contrasted with That of the International -------------------


def test_the_international_aims_at_abolishing_the_state_from_the_bottom_up(published_graph):
    g = published_graph
    assert_fact(
        g,
        INTERNATIONAL,
        AK.favors,
        ID["abolition-of-the-state"],
        "aim at the abolition of the State",
    )
    assert_fact(
        g, INTERNATIONAL, AK.favors, ID["organization-from-the-bottom-up"], "from the bottom up"
    )
    assert_fact(
        g, INTERNATIONAL, AK.opposes, ID["organization-from-the-top-down"], "Not from the top down"
    )
    assert_fact(
        g, INTERNATIONAL, AK.favors, ID["natural-influence"], "natural influence of its members"
    )
    # The words of the objection Bakunin reports ("the International's influence over the masses")
    # are not his evidence for it; his own are.
    assert_fact(
        g, INTERNATIONAL, AK.influences, ID["the-masses"], "natural influence of its members over"
    )
    assert_fact(g, INTERNATIONAL, AK.influences, ID["the-masses"], "unforced action of individuals")
    assert_fact(g, INTERNATIONAL, AK.opposes, ID["privileged-classes"], "overthrow the domination")


def test_the_state_governments_and_privileged_classes_dominate_the_masses(published_graph):
    g = published_graph
    masses = ID["the-masses"]
    assert_fact(
        g, ID["possessing-classes"], AK.dominates, masses, "power of the possessing classes"
    )
    assert_fact(g, ID["privileged-classes"], AK.dominates, masses, "the privileged classes")
    # "Governments, by contrast, impose themselves upon the masses": government, a concept the text
    # treats as acting, like the State (id:governments, anchored on the same words, is merged into it).
    assert_merged(g, ID.governments, ID.government)
    assert (ID.government, RDF.type, AK.Concept) in g
    assert (ID.government, RDF.type, AK.Organization) not in g
    assert_fact(g, ID.government, AK.dominates, masses, "impose themselves upon the masses")
    assert_fact(g, ID["state-institutions"], AK.dominates, masses, "passive obedience")
    assert_fact(g, ID["the-church"], AK.exploits, masses, "organized to exploit")
    for target in ("the-church", "the-state"):
        assert_fact(g, ID["mikhail-bakunin"], AK.opposes, ID[target], "We fight them")


def test_the_german_communists_dream_of_a_peoples_state(published_graph):
    g = published_graph
    communists = ID["german-communists"]
    assert (communists, RDF.type, AK.PoliticalCurrent) in g
    assert_fact(
        g, communists, AK.favors, ID["peoples-state"], "of which the German Communists dream"
    )
    assert_fact(g, ID.despots, AK.favors, ID["universal-state"], "greatest despots in the world")


def test_the_paris_commune_of_1871_and_the_undated_siege(published_graph):
    g = published_graph
    commune = ID["paris-commune"]
    siege = ID["siege-of-paris"]
    assert_fact(g, commune, AK.date, year("1871"), "[1871]")
    assert_fact(g, commune, AK.tookPlaceAt, ID.paris, "Paris Commune")
    assert_fact(g, commune, AK.hasParticipant, ID["siege-organization"], "A serious organization")
    assert (siege, RDF.type, AK.Siege) in g
    # The text says only "during the siege": no precise date may be claimed for it.
    assert g.value(siege, AK.date) is None


# --- Across the text ------------------------------------------------------------------------

REQUIRED = {
    "persons": ["mikhail-bakunin", "sam-dolgoff"],
    "organizations": [
        "international-workingmens-association",
        "alliance",
        "geneva-branch",
        "geneva-central-committee",
        "fabrica-sections",
        "construction-workers-section",
        "central-sections",
        "trade-sections",
        "the-anarchist-library",
    ],
    "groups": ["bourgeoisie", "proletariat", "the-masses", "german-communists"],
    "places": [
        "geneva",
        "london",
        "paris",
        "england",
        "france",
        "germany",
        "switzerland",
        "belgium",
        "europe",
    ],
    "events": ["founding-of-the-international", "paris-commune"],
    "works": [
        "on-the-program-of-the-alliance",
        "program-of-the-alliance-translation",
        "bakunin-on-anarchy",
        "program-of-the-alliance",
    ],
}


@pytest.mark.parametrize("name", [name for names in REQUIRED.values() for name in names])
def test_named_entities_have_a_label_and_a_passage_for_their_type(published_graph, name):
    g = published_graph
    entity = ID[name]
    assert g.value(entity, RDFS.label) is not None
    kinds = set(g.objects(entity, RDF.type))
    assert any(passages(g, entity, RDF.type, kind) for kind in kinds), f"{name}: no type evidence"


@pytest.mark.parametrize(
    "form, name",
    [
        ("International", "international-workingmens-association"),
        ("International Workingmen's Association", "international-workingmens-association"),
        ("Central Committee", "geneva-central-committee"),
        ("Fabrica sections", "fabrica-sections"),
        ("trade union sections", "trade-sections"),
        ("proletarian masses", "proletariat"),
        ("Michail Bakunin", "mikhail-bakunin"),
    ],
)
def test_the_texts_forms_are_aliases_for_the_mention_index(published_graph, form, name):
    g = published_graph
    forms = {str(f) for p in (RDFS.label, SKOS.altLabel) for f in g.objects(ID[name], p)}
    assert form in forms
