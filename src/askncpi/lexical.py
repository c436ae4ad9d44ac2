"""Keyword retrieval: an English-stemmed BM25 index (bm25s) over chunk context text."""

from __future__ import annotations

import json
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


_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Za-z]*[A-Z])s\b")  # RSOs, IROs, MASHs, CAWNs


# A figure: digits, or a number written out ("Eight coordinators"). "one" is left out:
# it is far more often a pronoun than a count.
_FIGURE = re.compile(r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|quarter|third|percent)\b", re.I)
FIGURE = "#"  # pseudo-term marking a sentence that states a figure (tokens never contain '#')


def terms_line(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """A chunk's sentences as stemmed term sets, stored at index time so that queries
    need not stem candidate passages: "term term #|term ..." (one group per sentence)."""
    groups = []
    for start, end in spans:
        terms = set(tokenize(text[start:end]))
        if _FIGURE.search(text, start, end):
            terms.add(FIGURE)
        groups.append(" ".join(sorted(terms)))
    return "|".join(groups)


def parse_terms_line(line: str) -> list[frozenset[str]]:
    return [frozenset(group.split()) for group in line.split("|")] if line else []


def words(text: str) -> list[str]:
    """Lower-cased word tokens, numbers kept whole ("7,298" -> "7298"), plural
    abbreviations made singular ("RSOs" -> "rso"; the stemmer leaves them alone)."""
    text = _ACRONYM_PLURAL.sub(r"\1", unicodedata.normalize("NFKC", text)).lower()
    return [_JOINERS.sub("", t) if ("," in t or "'" in t or "’" in t) else t for t in _TOKEN.findall(text)]


_JOINERS = re.compile(r"[,'’]")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The English stem of one lower-cased word (cached: queries stem the same words often)."""
    return _stemmer().stemWord(word)


def tokenize(text: str) -> list[str]:
    """Stemmed content tokens, as BM25 indexes them."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


class Bm25Index:
    """BM25 over chunks. Built and saved by bm25s (a folder of .npy arrays, a vocabulary
    JSON and a params JSON); read back with numpy alone, because importing bm25s (and
    scipy with it) would cost a one-shot query a third of a second."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                 vocab: dict[str, int], num_docs: int, model=None) -> None:
        # Column t of the CSC matrix lists the chunks holding term t and their
        # precomputed BM25 weights, so a query's scores are a sum of columns.
        self._data, self._indices, self._indptr = data, indices, indptr
        self._vocab = vocab
        self._num_docs = num_docs
        self._model = model  # the bm25s object, only after build()

    @classmethod
    def build(cls, texts: Sequence[str]) -> Bm25Index:
        import bm25s

        model = bm25s.BM25(k1=1.2, b=0.75)
        tokens = [tokenize(t) or ["__empty__"] for t in texts]
        model.index(tokens, show_progress=False)
        sc = model.scores
        return cls(sc["data"], sc["indices"], sc["indptr"], model.vocab_dict, int(sc["num_docs"]), model)

    @classmethod
    def load(cls, path: Path) -> Bm25Index:
        def array(name: str) -> np.ndarray:
            return np.load(path / f"{name}.csc.index.npy", allow_pickle=False)

        params = json.loads((path / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        data, indices, indptr = array("data"), array("indices"), array("indptr")
        if len(data) != len(indices) or int(indptr[-1]) != len(data) or len(indptr) > len(vocab) + 1:
            raise ValueError("BM25 arrays do not match their vocabulary")
        # bm25s gives the empty token an id past the last column; drop such ids.
        vocab = {t: i for t, i in vocab.items() if i < len(indptr) - 1}
        return cls(data, indices, indptr, vocab, int(params["num_docs"]))

    def save(self, path: Path) -> None:
        if self._model is None:
            raise ValueError("only a freshly built index can be saved")
        self._model.save(str(path), allow_pickle=False, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query (zeros when no term is known)."""
        return self.term_scores([(t, 1.0) for t in tokenize(query)])

    def term_scores(self, terms: Sequence[tuple[str, float]]) -> np.ndarray:
        """BM25 score of every chunk for already stemmed, weighted terms."""
        out = np.zeros(self._num_docs, np.float32)
        for term, weight in terms:  # a repeated term counts again, as in bm25s
            tid = self._vocab.get(term)
            if tid is not None:
                lo, hi = self._indptr[tid], self._indptr[tid + 1]
                # a term occurs once per chunk in a column, so plain fancy-index adding is exact
                out[self._indices[lo:hi]] += weight * self._data[lo:hi]
        return out

    @property
    def num_docs(self) -> int:
        return self._num_docs

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
        return int(self._indptr[tid + 1] - self._indptr[tid])
