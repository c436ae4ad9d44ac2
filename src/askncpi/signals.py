"""Named ranking signals: each turns a question's candidate passages into one score apiece.

A signal is a small named function of `Candidates`; `SIGNALS` lists them in the order they
are shown. The searcher fills `Candidates` from the index (retrieval scores, sentence
evidence, which reports the question names); each signal reads only what it needs. Any
signal can be left out by name (`Searcher(disabled=...)`, `askncpi query --without NAME`),
and `fusion.py` combines the rest with fitted weights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .chunking import under_recommendations
from .lexical import tokenize
from .query import Query
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
    sentence_dense: np.ndarray | None = None  # best MiniLM cosine of the question and one sentence

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


def _heading(c: Candidates) -> np.ndarray:
    """Share of the question's weighted terms in the passage's section heading."""
    return np.array([c.query.coverage(frozenset(tokenize(chunk.section or ""))) for chunk in c.chunks])


def _report_dense(c: Candidates) -> np.ndarray:
    """The best dense similarity among the candidates of the passage's report: a passage
    of the report most about the question gains, whichever of its passages is closest."""
    out = np.zeros(len(c))
    for doc in np.unique(c.docs):
        mine = c.docs == doc
        out[mine] = c.dense[mine].max()
    return out


def _sentence_dense(c: Candidates) -> np.ndarray:
    """The closest sentence in meaning: an answer is one sentence, while the passage's own
    vector averages the sentences around it. Zeros for an index without sentence vectors."""
    return c.sentence_dense if c.sentence_dense is not None else np.zeros(len(c))


def _reciprocal_ranks(c: Candidates, k: float = 60.0) -> np.ndarray:
    """Reciprocal rank fusion of the dense and BM25 rankings (Cormack et al., k=60): ranks
    instead of scores, so one retriever's outlying score does not decide."""
    out = np.zeros(len(c))
    for scores in (c.dense, c.bm25):
        ranks = np.empty(len(c))
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(c) + 1)
        out += 1.0 / (k + ranks)
    return out


def _early(c: Candidates) -> np.ndarray:
    """Nearness to the start of its report, 1 / first page: summaries and judgements come first."""
    return np.array([1.0 / max(1, chunk.page_start) for chunk in c.chunks])


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
    Signal("heading", "share of the question's weighted terms in the section heading", _heading),
    Signal("report_dense", "best dense similarity of any candidate of the same report", _report_dense),
    Signal("sentence_dense", "best MiniLM cosine between the question and one sentence of the passage",
           _sentence_dense),
    Signal("rrf", "reciprocal rank fusion of the dense and BM25 rankings", _reciprocal_ranks),
    Signal("early", "how near the start of its report the passage is", _early),
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
