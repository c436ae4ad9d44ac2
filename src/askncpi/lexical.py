"""Keyword retrieval: an English-stemmed BM25 index (bm25s) over chunk context text."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

# A small, fixed English stop list. Numbers are kept: "98 visits" must match "98".
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves s t don shouldn wasn weren won wouldn many much
""".split())

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,'’][0-9]+)*")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, numbers kept whole ("7,298" -> "7298")."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [re.sub(r"[,'’]", "", t) for t in _TOKEN.findall(text)]


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens, as BM25 indexes them."""
    kept = [w for w in words(text) if w not in STOPWORDS]
    return _stemmer().stemWords(kept) if kept else []


class Bm25Index:
    def __init__(self, model) -> None:
        self._model = model
        self._vocab: dict[str, int] = model.vocab_dict

    @classmethod
    def build(cls, texts: Sequence[str]) -> Bm25Index:
        import bm25s

        model = bm25s.BM25(k1=1.2, b=0.75)
        tokens = [tokenize(t) or ["__empty__"] for t in texts]
        model.index(tokens, show_progress=False)
        return cls(model)

    @classmethod
    def load(cls, path: Path) -> Bm25Index:
        import bm25s

        return cls(bm25s.BM25.load(str(path), mmap=False, allow_pickle=False, show_progress=False))

    def save(self, path: Path) -> None:
        self._model.save(str(path), allow_pickle=False, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query (zeros when no term is known)."""
        ids = [self._vocab[t] for t in tokenize(query) if t in self._vocab]
        n = int(self._model.scores["num_docs"])
        if not ids:
            return np.zeros(n, np.float32)
        return np.asarray(self._model.get_scores(ids), dtype=np.float32)

    @property
    def num_docs(self) -> int:
        return int(self._model.scores["num_docs"])

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of a stemmed term (0 for unknown terms)."""
        df = self.document_frequency(term)
        if df == 0:
            return 0.0
        return math.log(1 + (self.num_docs - df + 0.5) / (df + 0.5))

    def document_frequency(self, term: str) -> int:
        """How many chunks contain the stemmed term."""
        tid = self._vocab.get(term)
        if tid is None:
            return 0
        indptr = self._model.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])
