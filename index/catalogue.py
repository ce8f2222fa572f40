"""The figure catalogue: every figure the corpus states, built at index time and kept with it.

Each record is an ingest.statements.FigureStatement: indicator, locality, period, status,
value, unit and source line. The catalogue is written into the index version it belongs
to and swapped with it, so answers, conflicts and the provenance tab all read the figures
of the index that is serving.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from ingest.chunks import Chunk
from ingest.manifest import FileEntry
from ingest.normalize import fold, spelled_out, syllable_pairs, tokens, with_abbreviations
from ingest.periods import Period
from ingest.footnotes import cited_by
from ingest.statements import FigureStatement, quantities_of, statements_of
from ingest.words import enclosed_words

FIGURES = "figures.jsonl"
NEAR_BEFORE, NEAR_AFTER = 90, 30  # characters of a sentence around a figure that describe it


def build_catalogue(chunks: list[Chunk], entries: dict[str, FileEntry]) -> list[FigureStatement]:
    lines: dict[str, dict[int, str]] = {}
    for c in chunks:
        if c.kind == "text":
            lines.setdefault(c.file, {}).update((c.line_start + i, raw) for i, raw in enumerate(c.text.split("\n")))
    notes = {file: cited_by(text) for file, text in lines.items()}
    return [s for chunk in chunks for s in statements_of(chunk, entries, notes=notes.get(chunk.file))]


def write_catalogue(folder: Path, records: list[FigureStatement]) -> None:
    with open(folder / FIGURES, "w", encoding="utf-8") as f:
        for r in records:
            raw = dataclasses.asdict(r)
            raw["span"] = r.span.to_json()
            f.write(json.dumps(raw, ensure_ascii=False) + "\n")


def read_catalogue(folder: Path) -> list[FigureStatement]:
    with open(folder / FIGURES, encoding="utf-8") as f:
        return [FigureStatement(**{**d, "span": Period.from_json(d["span"])}) for d in map(json.loads, f)]


def _syllables(text: str) -> set[str]:
    return with_abbreviations({fold(t) for t in tokens(text) if not t[0].isdigit()})


def near_text(r: FigureStatement) -> str:
    """The words right around a figure in its sentence: what it most likely measures. Around a
    listed figure stand the other items of its list: its own label and whole say it."""
    if r.whole:
        return f"{r.whole} {r.indicator}"
    at = r.quote.find(r.value)
    if at < 0:
        return r.indicator
    return r.quote[max(0, at - NEAR_BEFORE): at + len(r.value) + NEAR_AFTER]


def record_text(r: FigureStatement) -> str:
    """What a record measures: its label and the clause or row path around it."""
    return f"{r.whole} {r.indicator} {r.context} {r.unit}"


# A pair of syllables written side by side in this many records is a word ("dân số", "hộ nghèo").
WORD_RECORDS = 2


@dataclass(frozen=True)
class Words:
    """What a record measures, as folded syllables."""
    terms: set[str]  # its label, the clause or row path around it, its unit
    label: set[str]  # its label, with the whole a listed figure is a part of
    near: set[str]  # the words right around the figure in its sentence
    pairs: set[str]  # syllables side by side in the label and around the figure: "dan so", not "nguoi dan"
    places: frozenset[str] = frozenset()  # the localities it is about
    quantities: frozenset[str] = frozenset()  # a growth rate, a share (ingest.statements.QUANTITIES)
    own: set[str] = frozenset()  # its label alone, without the whole it is a part of
    # Words it writes only inside a longer named term: "thất nghiệp" of "bảo hiểm thất nghiệp".
    enclosed: frozenset[tuple[str, ...]] = frozenset()

    @cached_property
    def spelled(self) -> frozenset[str]:
        """All it says, abbreviations also spelled out: the syllables a question's word may find."""
        return frozenset(spelled_out(self.terms | self.near | self.label))


class Catalogue:
    """The records, looked up by chunk and by the syllables of what they measure."""

    def __init__(self, records: list[FigureStatement]):
        self.records = records
        # The figures of one table row or sentence share their label and context: each text is read
        # once, and its records share the one (never modified) set.
        syllables, pairs, quantities = cache(_syllables), cache(syllable_pairs), cache(quantities_of)
        enclosed = cache(lambda text: enclosed_words(text, syllables(text)))

        def words(r: FigureStatement) -> Words:
            text, near, own = record_text(r), near_text(r), syllables(r.indicator)
            return Words(syllables(text), syllables(f"{r.whole} {r.indicator}") if r.whole else own, syllables(near),
                         pairs(f"{r.indicator} {near}"), frozenset(r.locality.split(", ")) - {""}, quantities(text), own,
                         enclosed(text))

        self.words = [words(r) for r in records]
        counts = Counter(p for w in self.words for p in w.pairs)
        self.known_pairs = {p for p, n in counts.items() if n >= WORD_RECORDS}
        self.by_term: dict[str, list[int]] = defaultdict(list)
        for i, words in enumerate(self.words):
            for t in words.terms:
                self.by_term[t].append(i)
        self.by_chunk: dict[str, list[int]] = defaultdict(list)
        self.by_group: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(records):
            self.by_chunk[r.chunk].append(i)
            self.by_group[r.group].append(i)

    def with_terms(self, terms: set[str], max_postings: int) -> set[int]:
        """Records that share a term with `terms`, skipping terms too common to select anything."""
        found: set[int] = set()
        for t in terms:
            postings = self.by_term.get(t, ())
            if len(postings) <= max_postings:
                found.update(postings)
        return found
