"""Review as a recorded practice: a seeded sample to read against the text, and the verdicts.

`write_sheet` draws a seeded random sample of the graph's facts (evidence for a statement about
the world), claims, and links of the argument, and writes a sheet to read (HTML: each item in
words, its passage inside the sentence around it, its voice, modality and certainty) and to fill
in (TSV: a `verdict` — right, weak or wrong — and a `note` per row). A filled sheet is copied
into `data/reviews/`; the build reads it back there.

Each item carries a fingerprint: a digest of what a reviewer judged (the fact in words, voice,
modality, certainty and passages). A verdict holds while the item's fingerprint is the one it was
given for; once the item is corrected, or removed, the verdict no longer applies ("stale"), so a
fact judged wrong stops failing its check exactly when it is fixed. Verdicts that hold are
published as Web Annotations motivated by `oa:assessing` (`ak:Review`).
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from .anchors import ARGUMENT_LINKS, CLAIM_PREDICATES
from .errors import InputError
from .namespaces import AK, OA, REVIEW, curie
from .rdfio import read_tsv
from .text import Text

if TYPE_CHECKING:
    from .assemble import Release

#: The kinds of item a sample draws, and how many of each by default.
DEFAULT_SAMPLE = {"fact": 100, "claim": 40, "link": 20}
VERDICTS = {"right": AK.right, "weak": AK.weak, "wrong": AK.wrong}
#: The columns of a sheet the build reads back; the others are for the reviewer and optional.
VERDICT_COLUMNS = ("item", "fingerprint", "verdict", "note")
#: The sheet's columns.
SHEET = (
    "item",
    "kind",
    "fingerprint",
    "verdict",
    "note",
    "what",
    "voice",
    "modality",
    "quote",
    "passage",
)
SHEET_FILE = "review.tsv"
PAGE_FILE = "review.html"


@dataclass(frozen=True)
class Item:
    """One thing a reviewer reads against the text."""

    iri: URIRef
    kind: str
    what: str
    voice: str
    modality: str
    #: (text, start, end) of each passage the item rests on.
    passages: tuple[tuple[Text, int, int], ...]

    @property
    def fingerprint(self) -> str:
        spans = ";".join(f"{t.text_id}:{s}-{e}" for t, s, e in self.passages)
        content = "\x1f".join((self.kind, self.what, self.voice, self.modality, spans))
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Verdict:
    """A row of a filled sheet in data/reviews/."""

    where: str
    #: The sheet's file name without .tsv: with the item, it names the published review.
    sheet: str
    item: URIRef
    fingerprint: str
    verdict: str
    note: str


def review_items(graph: Graph, texts: list[Text]) -> dict[URIRef, Item]:
    """Every fact, claim and link of the assembled graph that a review can draw, by IRI."""
    by_iri = {t.iri: t for t in texts}
    items: dict[URIRef, Item] = {}
    for evidence in graph.subjects(RDF.type, AK.Evidence):
        statement = graph.value(evidence, OA.hasBody)
        s, p, o = (graph.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        if p in ARGUMENT_LINKS:
            kind = "link"
        elif p in CLAIM_PREDICATES:
            continue
        else:
            kind = "fact"
        certainty = graph.value(evidence, AK.certainty)
        what = f"{_name(graph, s)} — {_name(graph, p)} — {_name(graph, o)}"
        if certainty is not None:
            what += f" ({_name(graph, certainty)})"
        items[evidence] = Item(
            iri=evidence,
            kind=kind,
            what=what,
            voice=_name(graph, graph.value(evidence, AK.voice)),
            modality=_name(graph, graph.value(evidence, AK.modality)),
            passages=(_span(graph, by_iri, evidence),),
        )
    for claim in graph.subjects(RDF.type, AK.Claim):
        said = [
            f"{_name(graph, p)} {_name(graph, o)}"
            for p in (AK.assertedBy, AK.reportedBy, AK.certainty)
            for o in sorted(graph.objects(claim, p))
        ]
        passages = sorted(
            _span(graph, by_iri, e)
            for p in (AK.assertedBy, AK.reportedBy)
            for s in graph.subjects(RDF.subject, claim)
            if graph.value(s, RDF.predicate) == p
            for e in graph.subjects(OA.hasBody, s)
        )
        items[claim] = Item(
            iri=claim,
            kind="claim",
            what=f"{_name(graph, claim)}: {graph.value(claim, AK.paraphrase)} [{'; '.join(said)}]",
            voice=_name(graph, graph.value(claim, AK.voice)),
            modality=_name(graph, graph.value(claim, AK.modality)),
            passages=tuple(passages),
        )
    return items


def _name(graph: Graph, term: object) -> str:
    if term is None:
        return "-"
    if isinstance(term, Literal):
        return str(term)
    label = graph.value(term, RDFS.label)
    return str(label) if label is not None else curie(term)


def _span(graph: Graph, texts: dict[URIRef, Text], annotation: URIRef) -> tuple[Text, int, int]:
    target = graph.value(annotation, OA.hasTarget)
    text = texts[graph.value(target, OA.hasSource)]
    start = end = 0
    for selector in graph.objects(target, OA.hasSelector):
        if graph.value(selector, OA.start) is not None:
            start = int(graph.value(selector, OA.start))
            end = int(graph.value(selector, OA.end))
    return (text, start, end)


def draw(items: dict[URIRef, Item], seed: int, sizes: dict[str, int]) -> list[Item]:
    """A seeded random sample of each kind (all of a kind when it has fewer), in draw order."""
    rng = random.Random(seed)
    sample = []
    for kind, size in sizes.items():
        pool = sorted((i for i in items.values() if i.kind == kind), key=lambda i: str(i.iri))
        sample += rng.sample(pool, min(size, len(pool)))
    return sample


def sentence_around(text: Text, start: int, end: int) -> tuple[str, str, str]:
    """The words before the passage back to its sentence's start, the passage, and the rest of
    the sentence after it, within its paragraph (a passage outside paragraphs stands alone)."""
    paragraph = text.paragraph_at(start)
    content = text.content
    if paragraph is None:
        return "", content[start:end], ""
    low, high = paragraph.start, paragraph.end
    opening = max((m.end() for m in _SENTENCE_END.finditer(content, low, start)), default=low)
    closing = _SENTENCE_END.search(content, end, high)
    return (
        _flat(content[opening:start]),
        _flat(content[start:end]),
        _flat(content[end : closing.start() if closing else high]),
    )


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def _flat(words: str) -> str:
    """White space (line breaks of the source included) as single spaces, kept at the ends."""
    return re.sub(r"\s+", " ", words)


def write_sheet(release: Release, out_dir: Path, seed: int, sizes: dict[str, int]) -> list[Path]:
    """Write the sample's review sheet (TSV to fill in, HTML to read) into `out_dir`."""
    sample = draw(review_items(release.graph, release.texts), seed, sizes)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: is a file; give a folder for the review sheet")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{out_dir}: cannot make the folder ({error.strerror})") from None
    header = [
        f"# Review sheet: seed {seed}; {', '.join(f'{n} {k}' for k, n in sizes.items())}.",
        "# Fill in verdict (right, weak or wrong) and note; keep item and fingerprint as they are.",
        "\t".join(SHEET),
    ]
    rows = []
    for item in sample:
        sentences = [sentence_around(*span) for span in item.passages]
        quote = " | ".join(words for _, words, _ in sentences)
        passage = " | ".join("".join(parts) for parts in sentences)
        cells = (str(item.iri), item.kind, item.fingerprint, "", "", item.what, item.voice)
        rows.append("\t".join((*cells, item.modality, quote, passage)))
    sheet = out_dir / SHEET_FILE
    sheet.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    page = out_dir / PAGE_FILE
    page.write_text(_page(sample, seed), encoding="utf-8")
    return [sheet, page]


def _page(sample: list[Item], seed: int) -> str:
    entries = []
    for number, item in enumerate(sample, start=1):
        quotes = "".join(
            "<blockquote>{}<mark>{}</mark>{}</blockquote>".format(
                *(html.escape(p) for p in sentence_around(*span))
            )
            for span in item.passages
        )
        entries.append(
            f'<section id="{number}"><h2>{number}. {item.kind}: {html.escape(item.what)}</h2>'
            f"<p>voice: <b>{html.escape(item.voice)}</b> · modality: "
            f"<b>{html.escape(item.modality)}</b> · <code>{html.escape(str(item.iri))}</code> · "
            f"fingerprint <code>{item.fingerprint}</code></p>{quotes}</section>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Review sheet, seed {seed}</title><style>"
        "body{font:16px/1.5 Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
        "blockquote{border-left:3px solid #999;margin:.5rem 0;padding-left:1rem}"
        "mark{background:#fde68a}h2{font-size:1.05rem}</style></head><body>"
        f"<h1>Review sheet, seed {seed}</h1><p>Read each item against its passage and record "
        f"right, weak or wrong with a note in {SHEET_FILE}.</p>"
        + "".join(entries)
        + "</body></html>\n"
    )


def read_verdicts(folder: Path) -> list[Verdict]:
    """Every filled row of every sheet in `folder` (data/reviews/); errors name file and line."""
    verdicts = []
    for path in sorted(folder.glob("*.tsv")) if folder.is_dir() else []:
        optional = tuple(c for c in SHEET if c not in VERDICT_COLUMNS)
        for where, row in read_tsv(path, SHEET, optional):
            if not row["verdict"]:
                continue  # not reviewed yet
            if row["verdict"] not in VERDICTS:
                raise InputError(
                    f"{where}: verdict {row['verdict']!r} is not one of {', '.join(VERDICTS)}"
                )
            verdicts.append(
                Verdict(
                    where,
                    path.stem,
                    URIRef(row["item"]),
                    row["fingerprint"],
                    row["verdict"],
                    row["note"],
                )
            )
    return verdicts


@dataclass(frozen=True)
class ReviewStatus:
    """How the recorded verdicts stand against the current graph."""

    holding: list[tuple[Verdict, Item]]
    stale: list[Verdict]

    def counts(self) -> dict[str, dict[str, int]]:
        """Verdicts that hold, per kind and verdict."""
        found: dict[str, Counter[str]] = {}
        for verdict, item in self.holding:
            found.setdefault(item.kind, Counter())[verdict.verdict] += 1
        return {kind: dict(sorted(c.items())) for kind, c in sorted(found.items())}


def judge(items: dict[URIRef, Item], verdicts: list[Verdict]) -> ReviewStatus:
    """Which verdicts still apply to the item they were given for, and which are stale."""
    holding, stale = [], []
    for verdict in verdicts:
        item = items.get(verdict.item)
        if item is not None and item.fingerprint == verdict.fingerprint:
            holding.append((verdict, item))
        else:
            stale.append(verdict)
    return ReviewStatus(holding, stale)


def add_reviews(graph: Graph, status: ReviewStatus) -> None:
    """Each verdict that holds as an ak:Review annotation on its item."""
    for verdict, item in status.holding:
        digest = hashlib.sha256(str(item.iri).encode()).hexdigest()[:16]
        review = REVIEW[f"{verdict.sheet}-{digest}"]
        graph.add((review, RDF.type, AK.Review))
        graph.add((review, RDF.type, OA.Annotation))
        graph.add((review, OA.motivatedBy, OA.assessing))
        graph.add((review, OA.hasTarget, item.iri))
        graph.add((review, AK.verdict, VERDICTS[verdict.verdict]))
        if verdict.note:
            graph.add((review, RDFS.comment, Literal(verdict.note, lang="en")))
