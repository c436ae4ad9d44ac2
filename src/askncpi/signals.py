"""Named ranking signals: each turns a question's candidate passages into one score apiece.

A signal is a small named function of `Candidates`; `SIGNALS` lists them in the order they
are shown. The searcher fills `Candidates` from the index (retrieval scores, sentence
evidence, which reports the question names); each signal reads only what it needs. Any
signal can be left out by name (`Searcher(disabled=...)`, `askncpi query --without NAME`),
and `fusion.py` combines the rest with fitted weights.

A signal stays only while its ablation row (`askncpi eval --ablate`) shows it is worth
something on held-out banks. Tried and dropped (weight 0 when fitted on the banks and our
own sets, so an empty ablation row; see docs/retrieval.md): the section heading's share of
the question, the best dense score of the passage's report, the closest sentence in
meaning, reciprocal rank fusion of dense and BM25, and nearness to the report's start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .chunking import under_recommendations
from .query import Query, holds_phrase
from .types import Chunk


@dataclass(frozen=True)
class Candidates:
    """One question's candidate passages and what the searcher measured of each."""

    query: Query
    chunks: Sequence[Chunk]
    docs: np.ndarray  # report number of each candidate
    dense: np.ndarray  # MiniLM cosine of question and passage
    bm25: np.ndarray  # BM25 of the question's terms
    sentence: np.ndarray  # the best sentence's score (coverage plus answer-type bonus)
    named_report: np.ndarray  # bool: the question names the passage's report (or the passage names it)
    definition: np.ndarray  # bool: the passage says what the asked-for term is

    def __len__(self) -> int:
        return len(self.chunks)


@dataclass(frozen=True)
class Signal:
    name: str
    description: str
    score: Callable[[Candidates], np.ndarray]


def _recommendation(c: Candidates) -> np.ndarray:
    """1 for a passage under a recommendations heading, when the question asks what to do."""
    if not c.query.wants_recommendation:
        return np.zeros(len(c))
    return np.array([under_recommendations(chunk) for chunk in c.chunks], float)


# A quoted phrase more than this share of the candidates hold is common talk, not the name
# of one passage's subject: a grade ("its 2016 'requires improvement' judgement": 25-70% of
# the candidates), "corporate parenting" (78%); the names users quote ('Hear Me Out',
# 'found my place') were held by at most 3% of the bank questions' candidates.
COMMON_QUOTE = 0.2


def _quoted(c: Candidates) -> np.ndarray:
    """Share of the phrases the question quotes that the passage holds, as whole words
    ('Hear Me Out' in "the Hear Me Out groups", not 'Carefree' in "carefreely"), leaving
    out phrases common among the candidates (`COMMON_QUOTE`)."""
    if not c.query.quoted or not len(c):
        return np.zeros(len(c))
    texts = [chunk.match_text for chunk in c.chunks]
    held = np.array([[holds_phrase(t, p) for t in texts] for p in c.query.quoted])
    rare = held[held.mean(axis=1) <= COMMON_QUOTE]
    return rare.mean(axis=0) if len(rare) else np.zeros(len(c))


SIGNALS: tuple[Signal, ...] = (
    Signal("dense", "MiniLM cosine between the question and the passage", lambda c: c.dense),
    Signal("bm25", "BM25 of the question's stemmed terms (abbreviations expanded)", lambda c: c.bm25),
    Signal("sentence", "best sentence: share of the question's weighted terms in one sentence, "
           "plus a bonus for a figure, grade, date or name when the question asks for one", lambda c: c.sentence),
    Signal("recommendation", "passage under a recommendations heading, for a what-should-they-do question",
           _recommendation),
    Signal("named_report", "the question names the passage's report (organisation, and year if given)",
           lambda c: c.named_report.astype(float)),
    Signal("definition", "the passage defines the term a what-is question asks about",
           lambda c: c.definition.astype(float)),
    Signal("quoted", "share of the phrases the question puts in quotation marks that the passage holds", _quoted),
)
NAMES: tuple[str, ...] = tuple(s.name for s in SIGNALS)


def check_names(names: Sequence[str]) -> None:
    """Refuse a signal name that does not exist (a typo would silently change nothing)."""
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        raise ValueError(f"unknown signal {', '.join(unknown)} (signals: {', '.join(NAMES)})")


def compute(candidates: Candidates, disabled: frozenset[str] = frozenset()) -> dict[str, np.ndarray]:
    """Each enabled signal's raw scores, by name."""
    return {s.name: np.asarray(s.score(candidates), np.float64) for s in SIGNALS if s.name not in disabled}
