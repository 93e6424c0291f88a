"""Whose words a passage is: the voice layer of a text.

Each section of a text has a voice (text.toml: the body is the author's, an introduction the
editor's, a title page and colophon the edition's paratext). Within a section, `voices.tsv` lists
the spans in another voice — an editor's bracketed insertion, a heading the editor wrote, a view
the author reports in order to answer it — each with its speaker (empty when the text names no
one) and the source of the decision (for instance the page of the original that settles whether a
parenthesis is the author's). A passage takes the voice of the narrowest span that contains it
whole, else the voice of its section.

The voice of a passage decides who may be said to assert what is anchored on it; `problems`
lists every claim row that disagrees with its passage's voice, by table line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from .anchors import Anchor, unescape
from .errors import InputError
from .namespaces import AK, curie, expand_curie
from .rdfio import read_tsv
from .text import VOICES, Text

VOICES_FILE = "voices.tsv"
#: A source is published as an IRI: a web address, nothing a browser would run or misread.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
HEADER = ("voice", "speaker", "start", "exact", "source", "reason")


@dataclass(frozen=True)
class VoiceSpan:
    """A span of a text in a voice other than its section's, and why."""

    where: str
    voice: URIRef
    speaker: URIRef | None
    start: int
    exact: str
    source: str
    reason: str

    @property
    def end(self) -> int:
        return self.start + len(self.exact)


@dataclass(frozen=True)
class Voice:
    """The voice a passage is in, who speaks in it, and the span that decided it (if any)."""

    voice: URIRef
    speaker: URIRef | None
    #: The speaker of the enclosing section: who writes the words, whoever's view they report.
    writer: URIRef | None
    span: VoiceSpan | None


def read_voices(folder: Path) -> list[VoiceSpan]:
    """The rows of a text's voices.tsv (none when the file is absent); errors name the line."""
    path = folder / VOICES_FILE
    if not path.exists():
        return []
    spans = []
    for where, row in read_tsv(path, HEADER):
        cells = [row[column] for column in HEADER]
        voice, speaker, start, exact, source, reason = cells
        if voice not in VOICES:
            raise InputError(f"{where}: voice {voice!r} is not one of {', '.join(VOICES)}")
        if not start.isdigit() or not exact:
            raise InputError(f"{where}: start must be a whole number and the passage not empty")
        if not reason:
            raise InputError(f"{where}: say why the span is in this voice (the reason column)")
        if source and not _WEB_ADDRESS.fullmatch(source):
            raise InputError(f"{where}: source {source!r} is not an http(s) address")
        spans.append(
            VoiceSpan(
                where=where,
                voice=VOICES[voice],
                speaker=expand_curie(speaker, where) if speaker else None,
                start=int(start),
                exact=unescape(exact),
                source=source,
                reason=reason,
            )
        )
    return spans


def span_mismatches(text: Text, spans: list[VoiceSpan]) -> list[str]:
    """A line for each span whose words are not at its offsets in the text."""
    return [
        f"  {s.where}: expected {s.exact!r} at {s.start}, the text has "
        f"{text.content[s.start : s.end]!r}"
        for s in spans
        if text.content[s.start : s.end] != s.exact
    ]


def voice_of(text: Text, spans: list[VoiceSpan], start: int, end: int) -> Voice:
    """The voice of text[start:end]: the narrowest span holding it whole, else its section's."""
    section = text.section_at(start)
    holding = [s for s in spans if s.start <= start and end <= s.end]
    if not holding:
        return Voice(section.voice, section.speaker, section.speaker, None)
    span = min(holding, key=lambda s: (s.end - s.start, s.start))
    return Voice(span.voice, span.speaker, section.speaker, span)


def claim_voices(
    anchors: list[Anchor], voices: dict[Anchor, Voice]
) -> tuple[dict[URIRef, URIRef], list[str]]:
    """The voice of each claim, and every claim row that disagrees with its passage's voice.

    A claim with an ak:reportedBy row is a view the text reports: its passages are in the
    reported voice, it is reported by the one who writes them and never asserted by them (the
    holder, when named, may be given with ak:assertedBy, anchored on the report or on the words
    that name the holder). Any other claim is asserted by the one who speaks in its passages —
    the author, the editor, the edition — and all of them are in one voice.
    """
    rows: dict[URIRef, list[Anchor]] = defaultdict(list)
    for anchor in anchors:
        if anchor.predicate in (AK.assertedBy, AK.reportedBy):
            rows[anchor.subject].append(anchor)
    result: dict[URIRef, URIRef] = {}
    found: list[str] = []
    for claim, claim_rows in sorted(rows.items()):
        reported = any(a.predicate == AK.reportedBy for a in claim_rows)
        if reported:
            result[claim] = AK.reported
            found += [_reported_row_problem(a, voices[a]) for a in claim_rows]
        else:
            heard = {voices[a].voice for a in claim_rows}
            result[claim] = min(heard)
            found += [_asserted_row_problem(a, voices[a]) for a in claim_rows]
            if len(heard) > 1:
                found.append(
                    f"  {curie(claim)} is asserted in passages of different voices "
                    f"({', '.join(sorted(curie(v) for v in heard))}); split it or narrow them"
                )
    return result, [line for line in found if line]


def _reported_row_problem(anchor: Anchor, voice: Voice) -> str:
    """What is wrong with one row of a reported view ('' when nothing is)."""
    if anchor.predicate == AK.reportedBy:
        if voice.voice != AK.reported:
            return (
                f"  {anchor.where}: ak:reportedBy needs a passage in the reported voice "
                f"(a span of voices.tsv); this one is {curie(voice.voice)}"
            )
        if voice.writer not in (None, anchor.object):
            return (
                f"  {anchor.where}: the words are {curie(voice.writer)}'s, so they report the "
                f"view, not {curie(anchor.object)}"
            )
        return ""
    if anchor.object == voice.writer:
        return (
            f"  {anchor.where}: {curie(anchor.subject)} is a view the text reports; "
            f"{curie(anchor.object)} reports it and does not assert it"
        )
    if voice.voice == AK.reported and voice.speaker not in (None, anchor.object):
        return f"  {anchor.where}: voices.tsv gives the view to {curie(voice.speaker)}"
    return ""


def _asserted_row_problem(anchor: Anchor, voice: Voice) -> str:
    """What is wrong with one ak:assertedBy row of a claim that is not reported ('' if nothing)."""
    if voice.voice == AK.reported:
        return (
            f"  {anchor.where}: the passage is a view the text reports; record "
            f"{curie(anchor.subject)} with ak:reportedBy (and ak:assertedBy its holder, if named)"
        )
    if voice.speaker not in (None, anchor.object):
        return (
            f"  {anchor.where}: the passage is in the {curie(voice.voice)} voice of "
            f"{curie(voice.speaker)}, so {curie(anchor.subject)} cannot be asserted by "
            f"{curie(anchor.object)}"
        )
    return ""
