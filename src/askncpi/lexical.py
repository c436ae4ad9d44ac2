"""Keyword retrieval: an English-stemmed BM25 index over chunk context text."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

# A small, fixed English stop list (NLTK's, with the prepositions it lacks: "How many MASHs
# are there across Merseyside?" is not about "across"). Numbers are kept: "98 visits" must match "98".
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves s t don shouldn wasn weren won wouldn many much
across along among amongst around beside besides beyond despite throughout toward towards upon via within
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


_YEAR_TOKEN = re.compile(r"(19|20)\d\d")  # "in 2018 people said": a date, not a count (counts have commas)


def _is_count(token: str) -> bool:
    return bool(_FIGURE.match(token)) and not _YEAR_TOKEN.fullmatch(token)


def counts(text: str, heads: Sequence[frozenset[str]], reach: int = 4) -> bool:
    """Whether `text` puts a figure on what a question counts. `heads` is (the stems
    that must follow the figure at once, the stems that may come up to `reach` words
    after it): "5,706 people" and "Eight missing person coordinators" do; "16 active
    missing person action plans that the coordinators wrote" counts something else."""
    at_once, near = ({singular(h) for h in hs} for hs in heads)
    tokens = words(text)
    for i, token in enumerate(tokens):
        if not _is_count(token):
            continue
        after = [singular(stem(t)) for t in tokens[i + 1:i + 1 + reach]]
        if after and (after[0] in at_once or near & set(after)):
            return True
    return False


def words_after_figures(text: str, reach: int = 3) -> set[str]:
    """The words just after each figure of `text`: what it counts ("225 children")."""
    tokens = words(text)
    return {t for i, token in enumerate(tokens) if _is_count(token)
            for t in tokens[i + 1:i + 1 + reach] if t.isalpha() and t not in STOPWORDS}


# Stems of irregular plurals, to their singular's: "225 children" counts what "how
# many child protection plans" asks about as much as "225 child protection plans".
_SINGULAR = {"children": "child", "peopl": "person", "women": "woman", "men": "man"}


def singular(term: str) -> str:
    return _SINGULAR.get(term, term)


def states_count(text: str, heads: Sequence[frozenset[str]], reach: int = 3) -> bool:
    """Whether `text` gives a number of what a question counts, the figure before it
    (`counts`) or just after it ("the number of overdue visits was 98"), but not a
    figure that counts time ("until an interpreter arrived, some 13 hours after")."""
    if counts(text, heads):
        return True
    tokens = words(text)
    for i, token in enumerate(tokens):
        if stem(token) not in heads[1]:
            continue
        after = tokens[i + 1:i + 2 + reach]  # the figures within reach, and the word after each
        if any(_is_count(t) and not (k + 1 < len(after) and stem(after[k + 1]) in TIME_UNITS)
               for k, t in enumerate(after[:reach])):
            return True
    return False


def defines(sentence: str, term: str) -> bool:
    """Whether `sentence` says what `term` is, by the surface patterns of definitions
    (as definition-question answering has long used them): an apposition "Careline (the
    single point of contact ...)", a copula "ARMS is a structured assessment process",
    "... is known as Operation Encompass", or a glossary line that starts with the term
    and its abbreviation, "multi-agency safeguarding hub (MASH) working location ..."."""
    *phrasal, entry = _definition_patterns(term)
    return any(p.search(sentence) for p in phrasal) or any(
        _opens_entry(sentence, m.start()) for m in entry.finditer(sentence))


def _opens_entry(text: str, at: int) -> bool:
    """Whether a line starting at `at` can open a glossary entry: not when the line
    before ends mid-phrase ("referrals that come through the / multi-agency
    safeguarding hub (MASH) sometimes takes longer")."""
    before = text[:at].split()
    return not before or before[-1].lower() not in STOPWORDS


@lru_cache(maxsize=64)
def _definition_patterns(term: str) -> tuple[re.Pattern[str], ...]:
    x = r"\b" + r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", term.strip())) + r"s?\b"
    return tuple(re.compile(p, re.I | re.M) for p in (
        x + r"\s*\((?:the|a|an|\w+['’]s)\s",  # "Starting Point (Derbyshire's front door ...)"
        x + r"(?:\s*\([^)]*\))?,?\s+(?:is|are|was|means|refers\s+to|stands\s+for)\s+(?:a|an|the|known|used)\b",
        r"\b(?:known\s+as|called|named)\s+(?:the\s+)?" + x,
        r"^(?:\d+\s+)?" + x + r"\s*\((?-i:[A-Z][A-Za-z]*)\)\s+(?-i:[a-z])",
    ))


def analyser_identity() -> dict[str, str]:
    """What decides the terms the index stores: tokenizer, stop list, stemmer and figure
    rule, each as a short fingerprint. The manifest keeps it, so an index whose terms were
    made another way is rebuilt instead of mixing old and new term counts."""
    import hashlib

    import Stemmer

    def print_(*parts: str) -> str:
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]

    return {"tokenizer": print_(_TOKEN.pattern, _ACRONYM_PLURAL.pattern, _JOINERS.pattern, "NFKC"),
            "stopwords": print_(*sorted(STOPWORDS)),
            "stemmer": f"PyStemmer english {getattr(Stemmer, '__version__', '?')}",
            "figures": print_(_FIGURE.pattern, FIGURE, _YEAR_TOKEN.pattern)}


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


TIME_UNITS = frozenset(tokenize("years months weeks days hours minutes"))


@dataclass(frozen=True)
class TermCounts:
    """How often each stemmed term occurs in each chunk: BM25's raw material. It is
    saved with the index so a rebuild reuses the counts of unchanged reports instead
    of tokenising every chunk again (most of the cost of adding one report)."""

    terms: list[str]  # the vocabulary: a column id indexes into it
    rows: np.ndarray  # int32 chunk row of each (chunk, term) entry
    cols: np.ndarray  # int32 term id of each entry
    tf: np.ndarray  # int32 occurrences of the term in the chunk
    doc_len: np.ndarray  # int32 tokens per chunk; an empty chunk counts 1, as in bm25s

    @classmethod
    def from_tokens(cls, token_lists: Sequence[Sequence[str]]) -> TermCounts:
        ids: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tf: list[int] = []
        for row, tokens in enumerate(token_lists):
            for term, n in Counter(tokens).items():
                rows.append(row)
                cols.append(ids.setdefault(term, len(ids)))
                tf.append(n)
        lengths = [max(len(t), 1) for t in token_lists]
        return cls(list(ids), np.asarray(rows, np.int32), np.asarray(cols, np.int32),
                   np.asarray(tf, np.int32), np.asarray(lengths, np.int32))

    def take(self, keep: np.ndarray) -> TermCounts:
        """The counts of chunk rows `keep` (in that order, renumbered from 0); terms
        no kept chunk uses are dropped."""
        new_row = np.full(len(self.doc_len), -1, np.int64)
        new_row[keep] = np.arange(len(keep))
        mask = new_row[self.rows] >= 0
        used, cols = np.unique(self.cols[mask], return_inverse=True)
        return TermCounts([self.terms[i] for i in used], new_row[self.rows[mask]].astype(np.int32),
                          cols.astype(np.int32).reshape(-1), self.tf[mask], self.doc_len[keep])

    @staticmethod
    def concat(parts: Sequence[TermCounts]) -> TermCounts:
        """Chunks of `parts` one after another, in one vocabulary."""
        ids: dict[str, int] = {}
        rows, cols, tfs, lengths = [], [], [], []
        offset = 0
        for part in parts:
            remap = np.array([ids.setdefault(t, len(ids)) for t in part.terms], np.int32)
            rows.append(part.rows + offset)
            cols.append(remap[part.cols] if len(remap) else part.cols)
            tfs.append(part.tf)
            lengths.append(part.doc_len)
            offset += len(part.doc_len)

        def cat(arrays: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(arrays).astype(np.int32) if arrays else np.zeros(0, np.int32)

        return TermCounts(list(ids), cat(rows), cat(cols), cat(tfs), cat(lengths))


class Bm25Index:
    """BM25 (Lucene's variant, as bm25s computes it) over chunks, stored as a folder of
    .npy arrays with a vocabulary JSON and a params JSON in bm25s's layout, plus the
    raw term counts. Computed and read with numpy alone: importing bm25s (and scipy
    with it) would cost a one-shot query a third of a second."""

    K1, B = 1.2, 0.75

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                 vocab: dict[str, int], num_docs: int, counts: TermCounts | None = None,
                 path: Path | None = None) -> None:
        # Column t of the CSC matrix lists the chunks holding term t and their
        # precomputed BM25 weights, so a query's scores are a sum of columns.
        self._data, self._indices, self._indptr = data, indices, indptr
        self._vocab = vocab
        self._num_docs = num_docs
        self._counts = counts  # only when built here, for save()
        self._path = path  # where it was loaded from, for stored_counts()

    @classmethod
    def build(cls, texts: Sequence[str]) -> Bm25Index:
        return cls.from_counts(TermCounts.from_tokens([tokenize(t) for t in texts]))

    @classmethod
    def from_counts(cls, counts: TermCounts) -> Bm25Index:
        n = len(counts.doc_len)
        df = np.bincount(counts.cols, minlength=len(counts.terms))
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg_len = float(counts.doc_len.mean()) if n else 1.0
        tf = counts.tf.astype(np.float32)
        norm = cls.K1 * ((1 - cls.B) + cls.B * counts.doc_len[counts.rows] / avg_len)
        weights = (idf[counts.cols] * tf / (norm + tf)).astype(np.float32)
        order = np.lexsort((counts.rows, counts.cols))  # by term, then chunk: CSC order
        indptr = np.zeros(len(counts.terms) + 1, np.int64)
        np.cumsum(df, out=indptr[1:])
        ordered = TermCounts(counts.terms, counts.rows[order], counts.cols[order], counts.tf[order], counts.doc_len)
        return cls(weights[order], counts.rows[order], indptr, {t: i for i, t in enumerate(counts.terms)}, n,
                   ordered)

    @classmethod
    def load(cls, path: Path) -> Bm25Index:
        params = json.loads((path / "params.index.json").read_text(encoding="utf-8"))
        vocab = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        data, indices, indptr = (_load_array(path, n) for n in ("data", "indices", "indptr"))
        if len(data) != len(indices) or int(indptr[-1]) != len(data) or len(indptr) > len(vocab) + 1:
            raise ValueError("BM25 arrays do not match their vocabulary")
        # bm25s gave the empty token an id past the last column; drop such ids.
        vocab = {t: i for t, i in vocab.items() if i < len(indptr) - 1}
        return cls(data, indices, indptr, vocab, int(params["num_docs"]), path=path)

    def stored_counts(self) -> TermCounts | None:
        """The term counts saved beside these postings (builds reuse them): only tf and
        chunk lengths are read, the rest is already loaded. None for an index made
        before counts were saved."""
        if self._path is None or not (self._path / "tf.csc.index.npy").exists():
            return None
        tf = _load_array(self._path, "tf")
        doc_len = np.load(self._path / "doc_len.index.npy", allow_pickle=False)
        terms = sorted(self._vocab, key=self._vocab.__getitem__)
        if len(terms) != len(self._indptr) - 1 or len(tf) != len(self._indices) or len(doc_len) != self._num_docs:
            raise ValueError("BM25 term counts do not match their postings")
        cols = np.repeat(np.arange(len(terms), dtype=np.int32), np.diff(self._indptr))
        return TermCounts(terms, self._indices.astype(np.int32), cols, tf.astype(np.int32), doc_len.astype(np.int32))

    @property
    def counts(self) -> TermCounts:
        if self._counts is None:
            raise ValueError("only a freshly built index has its term counts")
        return self._counts

    def save(self, path: Path) -> None:
        counts = self.counts
        path.mkdir(parents=True, exist_ok=True)
        arrays = {"data": self._data, "indices": self._indices.astype(np.int32), "indptr": self._indptr,
                  "tf": counts.tf}
        for name, array in arrays.items():
            _save_array(path / f"{name}.csc.index.npy", array)
        _save_array(path / "doc_len.index.npy", counts.doc_len)
        params = {"k1": self.K1, "b": self.B, "method": "lucene", "idf_method": "lucene",
                  "num_docs": self._num_docs, "version": "askncpi"}
        for name, obj in (("vocab.index.json", self._vocab), ("params.index.json", params)):
            (path / name).write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")

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


def _load_array(path: Path, name: str) -> np.ndarray:
    return np.load(path / f"{name}.csc.index.npy", allow_pickle=False)


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, array, allow_pickle=False)
