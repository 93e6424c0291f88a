"""Bakunin's argument (and his editor's) is in the published graph, section by section.

Every expectation here was written from reading the text (data/texts/program-of-the-alliance/
source.txt), not copied from the build's output. A claim is found the way a reader would find it:
by the passage that asserts it and by who speaks there, never by its IRI; then the test checks
what it is about and how the text links it to other claims, each link with its own passage and
how sure the reading is: a premise (ak:supports, an AIF RA-node), an example that bears it out
(ak:exemplifies, a kind of support), a restatement (ak:restates, an MA-node) or a claim set against
it (ak:conflictsWith, a CA-node). Two points the text only lists side by side are not linked. A view
the text reports in order to answer it is found by its ak:reportedBy passage: Bakunin reports it,
never asserts it, and rejects it.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from alliance_kg.namespaces import AK, ID, OA

BAKUNIN = ID["mikhail-bakunin"]
DOLGOFF = ID["sam-dolgoff"]
INTERNATIONAL = ID["international-workingmens-association"]
TEXT = "program-of-the-alliance"


def _passages(graph: Graph, statement: Node) -> list[str]:
    """The quoted passages of the evidence annotations whose body is `statement`."""
    return [
        str(exact)
        for evidence in graph.subjects(OA.hasBody, statement)
        if (evidence, RDF.type, AK.Evidence) in graph
        for target in graph.objects(evidence, OA.hasTarget)
        for selector in graph.objects(target, OA.hasSelector)
        for exact in graph.objects(selector, OA.exact)
    ]


def _statements(graph: Graph, subject: URIRef, predicate: URIRef, obj: Node | None = None):
    for statement in graph.subjects(RDF.subject, subject):
        if (statement, RDF.predicate, predicate) not in graph:
            continue
        for o in graph.objects(statement, RDF.object):
            if obj is None or o == obj:
                yield statement, o


def asserted(
    graph: Graph, quoting: str, predicate: URIRef = AK.assertedBy
) -> dict[URIRef, set[URIRef]]:
    """{claim: {who}} for every claim whose ak:assertedBy (or `predicate`) evidence quotes a passage
    containing `quoting`.

    (Walked triple by triple: the same join as a SPARQL query is far too slow in rdflib's engine.)
    """
    found: dict[URIRef, set[URIRef]] = {}
    for selector, exact in graph.subject_objects(OA.exact):
        if quoting not in str(exact):
            continue
        for target in graph.subjects(OA.hasSelector, selector):
            for evidence in graph.subjects(OA.hasTarget, target):
                for statement in graph.objects(evidence, OA.hasBody):
                    if (statement, RDF.predicate, predicate) not in graph:
                        continue
                    c = graph.value(statement, RDF.subject)
                    who = graph.value(statement, RDF.object)
                    if (c, RDF.type, AK.Claim) in graph and (c, predicate, who) in graph:
                        found.setdefault(c, set()).add(who)
    return found


def claim(graph: Graph, quoting: str, by: URIRef = BAKUNIN) -> URIRef:
    """The one claim that `by` asserts in a passage containing `quoting`."""
    found = {c for c, who in asserted(graph, quoting).items() if by in who}
    assert len(found) == 1, (
        f"expected one claim asserted by {by} quoting {quoting!r}, found {found}"
    )
    return found.pop()


def reported_view(graph: Graph, quoting: str, held_by: URIRef | None = None) -> URIRef:
    """The one view Bakunin reports in a passage containing `quoting`: in the reported voice, not
    asserted by him, rejected by him, and asserted by `held_by` when the text names who holds it."""
    found = {c for c, who in asserted(graph, quoting, AK.reportedBy).items() if BAKUNIN in who}
    assert len(found) == 1, (
        f"expected one view reported by Bakunin quoting {quoting!r}, found {found}"
    )
    view = found.pop()
    assert (view, AK.voice, AK.reported) in graph, view
    assert (view, AK.assertedBy, BAKUNIN) not in graph, (
        f"Bakunin asserts the view he reports: {view}"
    )
    assert_link(graph, BAKUNIN, AK.rejects, view)
    holders = set(graph.objects(view, AK.assertedBy))
    assert holders == ({held_by} if held_by else set()), f"{view} asserted by {holders}"
    return view


def link_passages(graph: Graph, subject: URIRef, predicate: URIRef, obj: Node) -> list[str]:
    """The passages of the evidence annotations whose body is this very triple."""
    return [
        p
        for statement, _ in _statements(graph, subject, predicate, obj)
        for p in _passages(graph, statement)
    ]


def assert_link(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef) -> None:
    """The triple is asserted and has at least one passage of its own."""
    assert (subject, predicate, obj) in graph, f"missing: {subject} {predicate} {obj}"
    assert link_passages(graph, subject, predicate, obj), (
        f"no evidence for {subject} {predicate} {obj}"
    )


def assert_about(graph: Graph, subject: URIRef, *things: URIRef) -> None:
    for thing in things:
        assert_link(graph, subject, AK.about, thing)


def supports(graph: Graph, premise: URIRef, conclusion: URIRef) -> None:
    assert_link(graph, premise, AK.supports, conclusion)


def attacks(graph: Graph, attacker: URIRef, attacked: URIRef) -> None:
    assert_link(graph, attacker, AK.conflictsWith, attacked)


def linked(graph: Graph, subject: URIRef, kind: URIRef, obj: URIRef, certainty: URIRef) -> None:
    """The link of this kind is asserted with a passage of its own, read with this certainty."""
    assert_link(graph, subject, kind, obj)
    levels = {
        graph.value(evidence, AK.certainty)
        for statement, _ in _statements(graph, subject, kind, obj)
        for evidence in graph.subjects(OA.hasBody, statement)
    }
    assert levels == {certainty}, f"{subject} {kind} {obj}: certainty {levels}"


ARGUMENT = (AK.supports, AK.exemplifies, AK.restates, AK.conflictsWith)


def not_linked(graph: Graph, one: URIRef, other: URIRef) -> None:
    """No link of the argument joins the two claims, in either direction."""
    for kind in ARGUMENT:
        for s, o in ((one, other), (other, one)):
            assert (s, kind, o) not in graph, f"{s} {kind} {o}: listed side by side, not argued"


# --- Every section argues, paragraph by paragraph --------------------------------------------


@pytest.mark.parametrize(
    ("section", "paragraphs"),
    [
        ("introduction", 5),
        ("union-bureaucracy", 10),
        ("structure-of-the-international", 24),
        ("state-contrasted-with-the-international", 10),
    ],
)
def test_every_paragraph_of_the_section_yields_a_claim(published_graph, section, paragraphs):
    """Each paragraph argues something (counted by reading; page-break pieces are one paragraph)."""
    g = published_graph
    section_iri = ID[f"{TEXT}/{section}"]
    in_section = {
        p for p in g.subjects(AK.isPartOf, section_iri) if (p, RDF.type, AK.Paragraph) in g
    }
    assert len(in_section) == paragraphs
    argued = set()
    for c in g.subjects(RDF.type, AK.Claim):
        for statement, _ in _statements(g, c, AK.assertedBy):
            for evidence in g.subjects(OA.hasBody, statement):
                argued.update(g.objects(evidence, AK.inParagraph))
    assert not in_section - argued, f"paragraphs without a claim: {sorted(in_section - argued)}"


# --- Introduction: the editor's voice ------------------------------------------------------------


def test_introduction_claims_are_dolgoffs_not_bakunins(published_graph):
    g = published_graph
    introduction = ID[f"{TEXT}/introduction"]
    voices = set()
    for c in g.subjects(RDF.type, AK.Claim):
        for statement, who in _statements(g, c, AK.assertedBy):
            for evidence in g.subjects(OA.hasBody, statement):
                for paragraph in g.objects(evidence, AK.inParagraph):
                    if (paragraph, AK.isPartOf, introduction) in g:
                        voices.add(who)
    assert voices == {DOLGOFF}, f"the Introduction is the editor's; asserted by {voices}"
    # The editor's own reading, not Bakunin's words, is what the Introduction asserts.
    theme = claim(g, "The overall theme of *The Program of the Alliance*", by=DOLGOFF)
    assert BAKUNIN not in asserted(g, "The overall theme of")[theme]
    assert_about(g, theme, ID["alliance"], ID["revolutionary-minority"], ID["the-masses"])


def test_introduction_apathy_degenerates_into_dictatorship(published_graph):
    g = published_graph
    apathy = claim(g, "without degenerating into some form of dictatorship", by=DOLGOFF)
    assert_about(g, apathy, ID["dictatorship"], ID["indifference-of-the-membership"])


def test_introduction_fabrica_and_construction_workers_took_opposite_courses(published_graph):
    g = published_graph
    fabrica = claim(g, "composed of native citizens", by=DOLGOFF)
    assert_about(
        g,
        fabrica,
        ID["fabrica-sections"],
        ID["skilled-labor"],
        ID["better-pay"],
        ID["parliamentary-action"],
        ID["class-collaboration"],
    )
    # "The construction and other heavy manual workers": the workers (a group), not their section,
    # which this sentence does not name.
    builders = claim(g, "favored direct economic action", by=DOLGOFF)
    assert_about(
        g,
        builders,
        ID["construction-workers"],
        ID["foreigners"],
        ID["unskilled-labor"],
        ID["low-pay"],
        ID["direct-economic-action"],
    )
    assert (builders, AK.about, ID["construction-workers-section"]) not in g
    # Not being allowed to vote is the editor's reason for their indifference to parliament.
    no_vote = claim(g, "Not being allowed to vote", by=DOLGOFF)
    indifferent = claim(g, "they were naturally not interested in parliamentary action", by=DOLGOFF)
    supports(g, no_vote, indifferent)
    assert_about(g, no_vote, ID["disenfranchisement"])


# --- Union Bureaucracy ---------------------------------------------------------------------------


def test_command_is_the_devil_of_history(published_graph):
    g = published_graph
    devil = claim(g, "If there is a devil in human history, that devil is the principle of command")
    assert_about(g, devil, ID["principle-of-command"])
    assert (devil, AK.certainty, AK.certain) in g
    rests = claim(g, "sustained by the ignorance and stupidity of the masses")
    assert_about(g, rests, ID["principle-of-command"], ID["ignorance-of-the-masses"])


def test_the_masses_create_their_own_despots(published_graph):
    g = published_graph
    despots = claim(g, "the masses themselves create their own exploiters")
    germs = claim(g, "carries within himself the germs of this accursed affliction")
    servility = claim(g, "the servile habits of the masses")
    supports(g, germs, despots)
    supports(g, servility, despots)
    assert_about(g, despots, ID["the-masses"], ID["despotism"])


def test_without_opposition_power_depraves_so_leaders_should_invite_it(published_graph):
    g = published_graph
    corruptible = claim(
        g, "Even the best of men are rendered corruptible by the temptations of power"
    )
    depravity = claim(g, "the absence of opposition and control and of continuous vigilance")
    advice = claim(g, "not stay too long in power")
    # "It is thus clear that ..." draws its conclusion from the passive masses that turn the best into
    # despots and the alert society that makes even egoists good, and says again in other words what
    # "Even the best of men are rendered corruptible ..." said: a restatement of it, not its conclusion.
    for premise in (
        "the best men emerging from their ranks",
        "in an intelligent and alert society",
    ):
        linked(g, claim(g, premise), AK.supports, depravity, AK.certain)
    linked(g, depravity, AK.restates, corruptible, AK.probable)
    assert (corruptible, AK.supports, depravity) not in g
    linked(g, depravity, AK.supports, advice, AK.certain)
    assert_about(g, depravity, ID["vigilant-opposition"], ID["corruption"])


def test_the_international_is_too_poor_for_bribes_but_not_for_vanity(published_graph):
    g = published_graph
    poor = claim(g, "there can be no mercenary corruption")
    vanity = claim(g, "subject to corruption by another kind of temptation")
    assert_about(g, poor, INTERNATIONAL)
    assert_about(g, vanity, INTERNATIONAL, ID["vanity-and-ambition"])


def test_abdicating_members_let_committees_substitute_their_will(published_graph):
    g = published_graph
    abdication = claim(g, "The construction workers' section simply left all decision-making")
    substitution = claim(g, "the committees substituted their own will and their own ideas")
    supports(g, abdication, substitution)
    assert_about(g, abdication, ID["construction-workers-section"])
    assert_about(g, substitution, ID["union-bureaucracy"])


def test_the_fabrica_sections_influence_has_its_reasons(published_graph):
    g = published_graph
    influence = claim(g, "a predominant influence — and this, for many reasons")
    informed = claim(g, "much better informed, have much more political understanding")
    delegates = claim(g, "always delegated to the Central Committee their most intelligent")
    supports(g, informed, influence)
    supports(g, delegates, influence)
    assert_about(g, influence, ID["fabrica-sections"], ID["geneva-central-committee"])
    curbed = claim(g, "drastically curtail the arbitrary power of the Geneva Central Committee")
    assert_about(g, curbed, ID["autonomy"], ID["geneva-central-committee"])


def test_general_meetings_were_the_members_defence(published_graph):
    g = published_graph
    defence = claim(g, "the workers called general membership meetings")
    assert_about(g, defence, ID["autonomy"], ID["construction-workers-section"])
    # The assemblies where passive workers disowned their leaders are the case that bears it out.
    repudiated = claim(g, "repudiated their leaders and voted against their resolutions")
    linked(g, repudiated, AK.exemplifies, defence, AK.probable)
    assert (repudiated, AK.supports, defence) in g  # an example is a kind of support


# --- The Structure of the International ----------------------------------------------------------


def test_two_factors_brought_about_the_international(published_graph):
    g = published_graph
    two = claim(g, "Two factors brought about the creation of the International.")
    # "The first was ... The second factor was ...": the two sentences spell out the two factors,
    # each only half of the claim, so the elaboration is probable (review round 2).
    first = claim(g, "the catastrophic defeat of the 1848 and 1851 uprisings")
    second = claim(g, "the phenomenal enrichment of the bourgeoisie")
    for factor in (first, second):
        linked(g, factor, AK.restates, two, AK.probable)
    assert_about(g, first, ID["awakening-of-the-workers"], ID["uprisings-of-1848"])
    assert_about(g, second, ID["enrichment-of-the-bourgeoisie"])
    industry = claim(g, "The rise of modern industry sparked the founding of the International")
    assert_about(g, industry, ID["modern-industry"], ID["founding-of-the-international"])


def test_the_idea_destroys_and_builds_and_the_two_are_inseparable(published_graph):
    g = published_graph
    inseparable = claim(g, "These two aspects of the same question are inseparable.")
    negative = claim(g, "It is the full emancipation of all those")
    positive = claim(g, "the free federation of workers' associations")
    # The negative and the positive force are the two aspects the claim is about, not its premises;
    # its reason is the next sentence's "For".
    not_linked(g, negative, inseparable)
    not_linked(g, positive, inseparable)
    linked(
        g, claim(g, "For no one can destroy without having"), AK.supports, inseparable, AK.certain
    )
    assert_about(g, negative, ID["emancipation-of-labor"])
    assert_about(g, positive, ID["free-federation-of-workers-associations"])


def test_central_sections_alone_would_be_powerless_debating_societies(published_graph):
    g = published_graph
    abstraction = claim(g, '"labor in general" is an abstract idea')
    debating = claim(g, "mere debating societies")
    powerless = claim(g, "never have attained even one hundredth of the power")
    supports(g, abstraction, debating)
    supports(g, debating, powerless)
    assert_about(g, abstraction, ID["labor-in-general"])
    assert_about(g, powerless, ID["central-sections"])


def test_the_masses_are_moved_by_facts_so_begin_with_their_daily_concerns(published_graph):
    g = published_graph
    facts = claim(g, "are moved only by the force of facts")
    assert_about(g, facts, ID["abstract-ideas"], ID["force-of-facts"])
    supports(g, facts, claim(g, "For it could have attracted only a mere handful"))
    mistake = claim(g, "It would be a mistake to speak to him first")
    supports(g, claim(g, "He probably will not understand these theories."), mistake)
    assert_about(g, mistake, ID["hereditary-property"], ID["juridical-rights-of-the-state"])


def test_solidarity_must_be_international(published_graph):
    g = published_graph
    all_countries = claim(g, "must be unionized not only in one region or in one country")
    supports(
        g,
        claim(g, "can be maintained only if the conditions in all other countries"),
        all_countries,
    )
    # The imagined strike is one of the "repeated" experiences that teach the lesson: an example.
    linked(
        g, claim(g, "The boss imports strikebreakers"), AK.exemplifies, all_countries, AK.probable
    )
    # ... and spells out, for all countries, the lesson that solidarity must transcend local limits.
    local = claim(g, "solidarity must transcend narrow local limits")
    linked(g, all_countries, AK.restates, local, AK.probable)
    bound = claim(g, "unbreakably linked by ties of economic solidarity")
    assert_about(g, bound, ID["economic-solidarity"])
    proof = claim(g, "the blessings of the international solidarity of labor")
    # "This experience ... demonstrates": the call for help is the case that proves it.
    help_ = claim(g, "The International sends out a call for help")
    linked(g, help_, AK.exemplifies, proof, AK.certain)
    assert_about(g, proof, ID["international-solidarity"])


def test_the_international_was_not_invented_by_theoreticians(published_graph):
    g = published_graph
    # "did not spring ready-made ...": a view Bakunin denies, held by no one the text names.
    rejected = reported_view(g, "spring ready-made out of the minds of a few erudite theoreticians")
    necessity = claim(g, "It developed out of actual economic necessity")
    linked(g, necessity, AK.conflictsWith, rejected, AK.certain)
    assert_about(g, rejected, INTERNATIONAL)


def test_economic_solidarity_makes_workers_anarchists_and_atheists(published_graph):
    g = published_graph
    condition = claim(g, "*economic solidarity in the widest sense of the word*")
    principles = claim(g, "the most ruthless enemy of religion")
    # The one question asked of a member, then what solidarity "once ... established" produces:
    # two points in sequence, not premise and conclusion.
    not_linked(g, condition, principles)
    assert_about(g, principles, ID["economic-solidarity"], ID["religion"], ID["authority"])
    experience = claim(g, "not by theoretical reasoning, but by the living and tragic experience")
    anarchist = claim(g, "recognizing himself as a revolutionist, an anarchist, and an atheist")
    # The least educated worker who ends an anarchist and atheist spells out the teaching by
    # struggle, and is a case of solidarity producing the International's principles.
    linked(g, anarchist, AK.restates, experience, AK.probable)
    linked(g, anarchist, AK.exemplifies, principles, AK.probable)
    assert_about(g, anarchist, ID["anarchism"], ID["atheism"])
    assert_about(g, experience, ID["trade-sections"], ID["central-sections"])


def test_the_editors_bracketed_insertions_are_his(published_graph):
    g = published_graph
    for insertion in (
        "[as against the bourgeois youth]",
        "[by example]",
        "[1871]",
        "[The central sections also induced unorganized workers",
    ):
        found = asserted(g, insertion)
        assert found, f"no claim for the insertion {insertion}"
        for who in found.values():
            assert who == {DOLGOFF}, f"{insertion} is the editor's, asserted by {who}"


# --- The Structure of the State Contrasted with That of the International ------------------------


def test_the_objection_of_a_new_state_domination_is_rebutted(published_graph):
    g = published_graph
    # An objection Bakunin raises in order to answer it ("No, for ..."): reported, not his.
    objection = reported_view(g, "lead to a new system of state domination?")
    no_authority = claim(g, "is not vested with any official authority or political power whatever")
    cannot = claim(g, "the International cannot organize itself into a State")
    linked(g, no_authority, AK.conflictsWith, objection, AK.certain)
    # Paragraphs later, and without naming the objection: our reading, hence probable.
    linked(g, cannot, AK.conflictsWith, objection, AK.probable)
    assert_about(g, no_authority, ID["official-authority"], ID["political-power"], INTERNATIONAL)
    # The editor's Introduction announces this very objection.
    announced = claim(g, "Bakunin anticipates the objection", by=DOLGOFF)
    assert_about(g, announced, objection)


def test_the_international_cannot_become_a_state_because_it_abolishes_frontiers(published_graph):
    g = published_graph
    cannot = claim(g, "the International cannot organize itself into a State")
    frontiers = claim(g, "as its name implies, means the abolition of all frontiers")
    no_state = claim(g, "there can he no State without frontiers, without sovereignty")
    supports(g, frontiers, cannot)
    supports(g, no_state, cannot)
    assert_about(g, frontiers, ID["abolition-of-frontiers"])
    assert_about(g, no_state, ID["the-state"], ID["sovereignty"])


def test_the_peoples_state_can_only_mean_the_destruction_of_the_state(published_graph):
    g = published_graph
    # Their term, "People's State", is the German Communists' view, which Bakunin reports and turns
    # against them.
    communists = reported_view(g, "*People's*", held_by=ID["german-communists"])
    assert (communists, AK.modality, AK.desired) in g  # what they "dream" of
    assert any(
        "of which the German Communists dream" in p
        for p in link_passages(g, communists, AK.about, ID["peoples-state"])
    )
    destruction = claim(g, "can therefore signify only one thing")
    linked(g, destruction, AK.conflictsWith, communists, AK.probable)
    supports(g, claim(g, "has been proven by history to be unrealizable"), destruction)
    assert_about(g, destruction, ID["peoples-state"], ID["abolition-of-the-state"])


def test_influence_does_not_threaten_freedom(published_graph):
    g = published_graph
    objection = reported_view(
        g, "Whoever contends that such action, being a move to create a new authoritarian power"
    )
    reply = claim(g, "must be a sophist or a fool")
    linked(g, reply, AK.conflictsWith, objection, AK.certain)
    supports(
        g, claim(g, "the incessant mutual interdependence of individuals and of masses"), reply
    )
    supports(
        g, claim(g, "we do not even dream of obliterating any of the natural influences"), reply
    )
    absurd = claim(g, "is a wild absurdity")
    # The freedom the text calls "the brainchild of idealists and metaphysicians" is their view.
    idealists = reported_view(
        g,
        "a transcendental, divine, absolutely selfsufficient freedom",
        held_by=ID["idealists-and-metaphysicians"],
    )
    linked(g, absurd, AK.conflictsWith, idealists, AK.certain)


def test_the_international_organizes_from_the_bottom_up_to_abolish_the_state(published_graph):
    g = published_graph
    aim = claim(
        g, "would be totally devoid of meaning if it did not aim at the abolition of the State"
    )
    bottom_up = claim(g, "it organizes them from the bottom up")
    # The aim, then "And how does it organize them?": the text moves from the why to the how and
    # draws no inference between them. The aim is to abolish the State: the masses are organized
    # "only to facilitate the destruction of the State".
    not_linked(g, aim, bottom_up)
    assert_about(g, aim, ID["abolition-of-the-state"], INTERNATIONAL)
    assert aim == claim(
        g, "It organizes the masses only to facilitate the destruction of the State"
    )
    # "This is the true function of the trade union section" sums up the way of organizing.
    function = claim(g, "This is the true function of the trade union section.")
    linked(g, function, AK.restates, bottom_up, AK.probable)
    assert_about(
        g, bottom_up, ID["organization-from-the-bottom-up"], ID["organization-from-the-top-down"]
    )
    assert claim(g, "Not from the top down") == bottom_up


def test_the_paris_commune_shows_what_a_few_organized_militants_can_do(published_graph):
    g = published_graph
    commune = claim(g, "We saw an example of this during the Paris Commune")
    militants = claim(g, "ten, twenty, or thirty well-organized militants")
    # "We saw an example of this": the Commune is the example that bears it out.
    linked(g, commune, AK.exemplifies, militants, AK.certain)
    assert_about(g, commune, ID["paris-commune"])


# --- Concepts ------------------------------------------------------------------------------------

CONTRASTS = [
    ("centralization", "decentralization"),
    ("natural-influence", "official-authority"),
    ("organization-from-the-bottom-up", "organization-from-the-top-down"),
    ("libertarian-organization", "state-organization"),
    ("parliamentary-action", "direct-economic-action"),
    ("popular-instincts", "social-science"),
]


@pytest.mark.parametrize(("one", "other"), CONTRASTS)
def test_the_text_sets_these_concepts_against_each_other(published_graph, one, other):
    g = published_graph
    a, b = ID[one], ID[other]
    pairs = [(s, o) for s, o in ((a, b), (b, a)) if (s, AK.contrastedWith, o) in g]
    assert pairs, f"{one} and {other} are not contrasted"
    assert any(link_passages(g, s, AK.contrastedWith, o) for s, o in pairs)


def test_the_concept_scheme_names_the_forms_the_text_uses(published_graph):
    g = published_graph
    scheme = ID["concepts"]
    state = ID["the-state"]
    assert (state, SKOS.inScheme, scheme) in g
    forms = {str(x) for x in g.objects(state, RDFS.label)} | {
        str(x) for x in g.objects(state, SKOS.altLabel)
    }
    # "states will have ceased to exist", "a new system of state domination": the State, in every form.
    assert {"State", "state", "states"} <= forms
    assert (ID["peoples-state"], SKOS.broader, ID["universal-state"]) in g
    assert (ID["union-bureaucracy"], SKOS.broader, ID["bureaucracy"]) in g
