"""A second text is a new folder under data/texts/, with no code change."""

from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from alliance_kg.build import build
from alliance_kg.namespaces import AK, ID, OA

SECOND = "a-second-text"
SOURCE = "A Second Text\n\nFirst Part\n\nThe International met in Geneva.\n\nA colophon line\n"


def add_second_text(data_dir) -> None:
    folder = data_dir / "texts" / SECOND
    (folder / "anchors").mkdir(parents=True)
    (folder / "source.txt").write_text(SOURCE, encoding="utf-8")
    digest = hashlib.sha256(SOURCE.encode("utf-8")).hexdigest()
    (folder / "text.toml").write_text(
        f'id = "{SECOND}"\nsource = "source.txt"\nsha256 = "{digest}"\n\n'
        '[[sections]]\nslug = "front-matter"\nkind = "front-matter"\nlabel = "Front matter"\n'
        'opens_with = "A Second Text"\n\n'
        '[[sections]]\nslug = "first-part"\nkind = "body"\nlabel = "First Part"\n'
        'opens_with = "First Part"\n\n'
        '[[sections]]\nslug = "colophon"\nkind = "colophon"\nlabel = "Colophon"\n'
        'opens_with = "A colophon line"\n'
    )
    (folder / "text.ttl").write_text(
        "@prefix ak: <https://w3id.org/alliance-kg/ontology#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix id: <https://w3id.org/alliance-kg/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        f'id:{SECOND} a ak:DigitalEdition ;\n    rdfs:label "A Second Text"@en ;\n'
        '    dcterms:description "A made-up text that proves the corpus layout."@en .\n'
    )
    geneva = SOURCE.index("Geneva")
    (folder / "anchors" / "facts.tsv").write_text(
        "subject\tpredicate\tobject\tstart\texact\n"
        f"id:{SECOND}\ta\tak:DigitalEdition\t0\tA Second Text\n"
        f"id:geneva\ta\tak:Place\t{geneva}\tGeneva\n"
    )


def test_a_second_text_builds_with_no_code_change(project_copy, tmp_path):
    add_second_text(project_copy.data_dir)
    result = build(project_copy, tmp_path / "dist")
    graph = Graph().parse(result.out / "alliance-kg.nt", format="nt")
    paragraph = ID[f"{SECOND}/p2"]
    assert (paragraph, RDF.type, AK.Paragraph) in graph
    assert (paragraph, AK.isPartOf, ID[f"{SECOND}/first-part"]) in graph
    # The essay's entities are found in the new text too, and anchored to the new file.
    (mention,) = [
        m for m in graph.subjects(OA.hasBody, ID.geneva) if (m, AK.inParagraph, paragraph) in graph
    ]
    assert graph.value(graph.value(mention, OA.hasTarget), OA.hasSource) == URIRef(ID[SECOND])
    evidence_in_new_text = [
        evidence
        for statement in graph.subjects(RDF.subject, ID.geneva)
        for evidence in graph.subjects(OA.hasBody, statement)
        if (evidence, AK.inParagraph, paragraph) in graph
    ]
    assert len(evidence_in_new_text) == 1
    # Published too: the new text has its reading edition, which links the mention to its entity.
    edition = (result.out / "site" / "id" / f"{SECOND}.html").read_text(encoding="utf-8")
    assert 'href="geneva.html"' in edition
    assert "The International met in" in edition
    assert result.validation.conforms
