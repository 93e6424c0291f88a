"""The vocabulary is declared once in code, and code and ontology agree on it."""

from __future__ import annotations

import pytest

from alliance_kg.namespaces import AK
from alliance_kg.ontology import declared_terms, load_ontology


def test_code_and_ontology_declare_the_same_terms(project):
    in_code = {AK[name] for name in AK.__annotations__}
    in_ontology = declared_terms(load_ontology(project))
    assert in_code - in_ontology == set(), "declared in code only"
    assert in_ontology - in_code == set(), "declared in the ontology only"


def test_a_misspelt_term_raises():
    with pytest.raises(AttributeError):
        _ = AK.Persn
