"""The w3id.org rules, tested by running them on sample requests.

No Apache here, so a small interpreter applies the subset of mod_rewrite the rules use, the way
Apache does in a per-directory .htaccess: the path is matched without the folder's prefix, each
RewriteCond belongs to the next RewriteRule, conditions are ANDed unless marked [OR], the first
matching rule with [L] ends processing, and $N refers to the rule's groups. Any directive or flag
outside that subset fails the test instead of being ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from rdflib import Graph
from rdflib.namespace import OWL

from alliance_kg.errors import InputError
from alliance_kg.namespaces import BASE, ONTOLOGY_IRI
from alliance_kg.redirects import HOST, htaccess

VERSION = "0.1.0"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
KNOWN_FLAGS = {"R", "NE", "L", "NC", "OR"}


@dataclass
class Condition:
    pattern: re.Pattern
    negated: bool
    joins_next: bool  # [OR]


@dataclass
class Rule:
    pattern: re.Pattern
    target: str
    flags: dict[str, str | None]
    conditions: list[Condition] = field(default_factory=list)


def parse_flags(text: str | None) -> dict[str, str | None]:
    if not text:
        return {}
    flags = {}
    for flag in text.strip("[]").split(","):
        name, _, value = flag.partition("=")
        assert name in KNOWN_FLAGS, f"flag {name} is outside what this interpreter knows"
        flags[name] = value or None
    return flags


def parse(text: str) -> list[Rule]:
    rules: list[Rule] = []
    pending: list[Condition] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        directive, *args = line.split()
        if directive == "RewriteCond":
            test, pattern, *rest = args
            assert test == "%{HTTP_ACCEPT}", f"unsupported test string {test}"
            flags = parse_flags(rest[0] if rest else None)
            negated = pattern.startswith("!")
            regex = re.compile(pattern.lstrip("!"), re.IGNORECASE if "NC" in flags else 0)
            pending.append(Condition(regex, negated, "OR" in flags))
        elif directive == "RewriteRule":
            pattern, target, *rest = args
            rules.append(Rule(re.compile(pattern), target, parse_flags(rest[0]), pending))
            pending = []
        else:
            assert (directive, args) in (
                ("RewriteEngine", ["on"]),
                ("Options", ["+FollowSymLinks", "-MultiViews"]),
            ), f"unsupported directive: {line}"
    assert not pending, "a RewriteCond with no RewriteRule after it"
    return rules


def conditions_hold(conditions: list[Condition], accept: str) -> bool:
    """ANDed groups of [OR]-joined conditions."""
    groups: list[list[bool]] = [[]]
    for condition in conditions:
        matched = bool(condition.pattern.search(accept)) != condition.negated
        groups[-1].append(matched)
        if not condition.joins_next:
            groups.append([])
    return all(any(group) for group in groups if group)


def substitute(target: str, match: re.Match) -> str:
    """Apache's $N back-references (an unmatched group is empty)."""
    return re.sub(r"\$(\d)", lambda ref: match.group(int(ref.group(1))) or "", target)


def resolve(rules: list[Rule], path: str, accept: str = "") -> tuple[int, str] | None:
    """The (status, Location) the rules answer for /alliance-kg/PATH, None for no rule (404)."""
    for rule in rules:
        match = rule.pattern.search(path)
        if match is None or not conditions_hold(rule.conditions, accept):
            continue
        location = substitute(rule.target, match)
        assert "R" in rule.flags and "L" in rule.flags, "every rule here redirects and stops"
        if "#" in location:
            assert "NE" in rule.flags, "without NE Apache would escape the '#'"
        return int(rule.flags["R"] or 302), location
    return None


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return parse(htaccess(VERSION))


ENTITY_CASES = [
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("text/html", "html"),
    (BROWSER, "html"),
    ("", "html"),
    ("*/*", "html"),
    ("application/ld+json;q=1.0, */*;q=0.1", "jsonld"),
    ("TEXT/TURTLE", "ttl"),
]


@pytest.mark.parametrize("accept, suffix", ENTITY_CASES)
@pytest.mark.parametrize("path", ["geneva", "claim/command-is-the-devil-of-history"])
def test_an_entity_is_negotiated_to_its_page_or_data(rules, path, accept, suffix):
    assert resolve(rules, f"id/{path}", accept) == (303, f"{HOST}site/id/{path}.{suffix}")


def test_a_paragraph_opens_the_reading_edition_at_its_anchor(rules):
    text = "program-of-the-alliance"
    assert resolve(rules, f"id/{text}/p12", BROWSER) == (303, f"{HOST}site/id/{text}.html#p12")
    assert resolve(rules, f"id/{text}/p12", "text/turtle") == (
        303,
        f"{HOST}site/id/{text}/p12.ttl",
    )


def test_a_suffix_asks_for_one_representation_whatever_the_accept_header(rules):
    assert resolve(rules, "id/geneva.jsonld", BROWSER) == (303, f"{HOST}site/id/geneva.jsonld")


@pytest.mark.parametrize(
    "accept, target", [("text/turtle", "ontology.ttl"), (BROWSER, "site/ontology.html")]
)
def test_the_ontology_is_negotiated(rules, accept, target):
    assert resolve(rules, "ontology", accept) == (303, HOST + target)


@pytest.mark.parametrize("version", [VERSION, "0.0.9", "2.10.3"])
def test_every_release_keeps_its_frozen_ontology(rules, version):
    """Rules written for 0.1.0 resolve earlier and later versions to their own folders."""
    assert resolve(rules, f"ontology/{version}", "text/turtle") == (
        303,
        f"{HOST}releases/{version}/ontology.ttl",
    )
    assert resolve(rules, f"ontology/{version}", BROWSER) == (
        303,
        f"{HOST}releases/{version}/site/ontology.html",
    )


def test_the_ontologys_own_version_iri_resolves(rules, project):
    ontology = Graph().parse(project.ontology_file)
    version_iri = str(ontology.value(ONTOLOGY_IRI, OWL.versionIRI))
    version = str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo))
    path = version_iri.removeprefix(BASE)
    assert resolve(rules, path, "text/turtle") == (303, f"{HOST}releases/{version}/ontology.ttl")


@pytest.mark.parametrize(
    "accept, target",
    [
        ("text/turtle", "alliance-kg.ttl"),
        ("application/n-triples", "alliance-kg.nt"),
        ("application/ld+json", "alliance-kg.jsonld"),
        (BROWSER, "site/index.html"),
    ],
)
def test_the_dataset_root_gives_the_home_page_or_a_dump(rules, accept, target):
    assert resolve(rules, "", accept) == (303, HOST + target)


def test_the_dataset_description_and_files_by_name(rules):
    assert resolve(rules, "id/dataset", "text/turtle") == (303, f"{HOST}void.ttl")
    assert resolve(rules, "id/dataset/class/ak-Person", "text/turtle") == (303, f"{HOST}void.ttl")
    assert resolve(rules, "void.ttl") == (303, f"{HOST}void.ttl")
    assert resolve(rules, "alliance-kg.nt", BROWSER) == (303, f"{HOST}alliance-kg.nt")


def test_sparql_keeps_the_request_method(rules):
    assert resolve(rules, "sparql", "application/sparql-results+json") == (307, f"{HOST}sparql")


@pytest.mark.parametrize("path", ["nothing-here", "id", "ontology/latest/x", "../etc/passwd"])
def test_anything_else_is_not_redirected(rules, path):
    assert resolve(rules, path, BROWSER) is None


def test_every_target_is_on_the_host(rules):
    assert all(rule.target.startswith(HOST) for rule in rules)
    assert HOST.endswith("/")


def test_the_text_is_deterministic_and_names_its_release():
    assert htaccess(VERSION) == htaccess(VERSION)
    assert f"release {VERSION}" in htaccess(VERSION)
    assert htaccess(VERSION).splitlines()[7:] == htaccess("0.2.0").splitlines()[7:]


@pytest.mark.parametrize("version", ["", "1.0", "v0.1.0", "0.1.0 [R]"])
def test_a_malformed_version_is_refused(version):
    with pytest.raises(InputError):
        htaccess(version)
