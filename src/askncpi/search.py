"""Question -> Answer: hybrid retrieval over the index, evidence sentence, citation page."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .embedder import Embedder, EmbedderError, expected_identity, load_embedder
from .lexical import Bm25Index, tokenize, words
from .store import Generation, IndexError_, IndexStore
from .types import Answer, Chunk, Hit

MAX_QUESTION_CHARS = 2000
RRF_K = 60


class QueryError(Exception):
    """A question that cannot be searched (empty, no usable words); message is for the user."""


def clean_question(question: str) -> str:
    """Strip control characters and escape sequences; refuse an empty question."""
    text = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]", " ", question or "")
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)
    text = " ".join(text.split())[:MAX_QUESTION_CHARS]
    if not text:
        raise QueryError("the question is empty: type a question about the reports")
    return text


@dataclass
class LoadedIndex:
    generation: Generation
    vectors: np.ndarray  # (n, dim) unit vectors, row = chunk id
    bm25: Bm25Index
    doc_of_row: np.ndarray  # int index into `docs` for each chunk row
    docs: list[str]  # indexed file names, in manifest order

    @classmethod
    def load(cls, store: IndexStore) -> LoadedIndex:
        gen = store.current()
        try:
            index = gen.read_vectors()
            vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
            bm25 = Bm25Index.load(gen.bm25_path)
        except Exception as exc:  # faiss raises RuntimeError, bm25s ValueError/OSError on damage
            raise IndexError_(f"index files in {gen.path} are damaged ({type(exc).__name__}): "
                              "run `askncpi index --rebuild`") from exc
        files = gen.manifest.indexed_files()
        docs = sorted(files, key=lambda d: files[d].get("first_chunk", 0))
        doc_of_row = np.zeros(len(vectors), np.int32)
        for i, d in enumerate(docs):
            first, n = files[d].get("first_chunk", 0), files[d].get("chunks", 0)
            doc_of_row[first:first + n] = i
        if sum(files[d].get("chunks", 0) for d in docs) != len(vectors):
            raise IndexError_(f"index in {gen.path} is inconsistent: run `askncpi index --rebuild`")
        return cls(gen, vectors, bm25, doc_of_row, docs)


def resolve_docs(names: Sequence[str], docs: Sequence[str]) -> list[str]:
    """Match user-given report names (file name, stem, or a unique part) to indexed files."""
    out = []
    for name in names:
        key = name.strip().lower()
        exact = [d for d in docs if d.lower() == key or Path(d).stem.lower() == key]
        partial = [d for d in docs if key in d.lower()]
        match = exact or partial
        if not match:
            raise QueryError(f"no indexed report matches '{name}' (see `askncpi sources`)")
        out.extend(m for m in match if m not in out)
    return out


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1-based rank of each row by descending score."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), np.int64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return ranks


class Searcher:
    """Holds the loaded index and model; `ask` is cheap after construction."""

    def __init__(self, store: IndexStore, embedder: Embedder | None = None, embedder_name: str | None = None) -> None:
        self.index = LoadedIndex.load(store)
        want = self.index.generation.manifest.embedder
        try:
            have = dict(embedder.identity()) if embedder else dict(expected_identity(embedder_name))
        except EmbedderError:
            raise
        if have != want:
            raise IndexError_(f"the index was made with {want.get('model')} ({want.get('runtime')}) but "
                              f"this askncpi embeds with {have.get('model')} ({have.get('runtime')}): "
                              "run `askncpi index --rebuild`")
        self.embedder = embedder or load_embedder(embedder_name)
        self.chunks = self.index.generation.chunk_table()

    @property
    def manifest(self):
        return self.index.generation.manifest

    def ask(self, question: str, top_k: int = 5, docs: Sequence[str] = ()) -> Answer:
        question = clean_question(question)
        selected = resolve_docs(docs, self.index.docs) if docs else []
        n = len(self.index.vectors)
        if n == 0:
            return Answer(question, (), abstained=True, note="the index has no passages", docs=tuple(selected))
        mask = self._mask(selected)
        dense = self.index.vectors @ self.embedder.encode([question])[0]
        lexical = self.index.bm25.scores(question)
        fused = 1.0 / (RRF_K + _ranks(np.where(mask, dense, -np.inf))) + \
            1.0 / (RRF_K + _ranks(np.where(mask, lexical, -np.inf)))
        fused = np.where(mask, fused, -np.inf)
        order = np.argsort(-fused, kind="stable")[: min(top_k, int(mask.sum()))]
        hits = tuple(self._hit(rank + 1, float(fused[row]), self.chunks.get(int(row)), question)
                     for rank, row in enumerate(order))
        return Answer(question, hits, abstained=False, docs=tuple(selected))

    def compare(self, question: str, docs: Sequence[str] = (), per_report: int = 1) -> Answer:
        """The best passage from each report, best report first: how each fared on one issue."""
        wide = self.ask(question, top_k=len(self.index.vectors) or 1, docs=docs)
        seen: dict[str, int] = {}
        picked: list[Hit] = []
        for hit in wide.hits:
            if seen.get(hit.chunk.doc, 0) < per_report:
                seen[hit.chunk.doc] = seen.get(hit.chunk.doc, 0) + 1
                picked.append(dataclasses.replace(hit, rank=len(picked) + 1))
        return dataclasses.replace(wide, hits=tuple(picked))

    def _mask(self, selected: Sequence[str]) -> np.ndarray:
        if not selected:
            return np.ones(len(self.index.vectors), bool)
        wanted = [self.index.docs.index(d) for d in selected]
        return np.isin(self.index.doc_of_row, wanted)

    def _hit(self, rank: int, score: float, chunk: Chunk, question: str) -> Hit:
        span, page, line = best_sentence(chunk, question)
        lines = None
        if chunk.kind == "text" and chunk.sentences:
            first = chunk.sentences[0].line or 1
            lines = (first, first + chunk.text.count("\n"))
        return Hit(rank=rank, score=score, chunk=chunk, page=page, page_label=chunk.page_label if page == chunk.page_start else None,
                   best_sentence=span, matched_terms=matched_terms(chunk.text, question), lines=lines)


def _idf_weights(question: str) -> dict[str, float]:
    terms = tokenize(question)
    return {t: 1.0 + math.log(1 + len(t)) for t in terms}


def best_sentence(chunk: Chunk, question: str) -> tuple[tuple[int, int] | None, int, int | None]:
    """The sentence sharing most (weighted) query terms: its span, page and line."""
    if not chunk.sentences:
        return None, chunk.page_start, None
    weights = _idf_weights(question)
    best, best_score = chunk.sentences[0], -1.0
    for s in chunk.sentences:
        terms = set(tokenize(chunk.text[s.start:s.end]))
        score = sum(w for t, w in weights.items() if t in terms)
        if score > best_score:
            best, best_score = s, score
    return (best.start, best.end), best.page, best.line


def matched_terms(text: str, question: str) -> tuple[str, ...]:
    """Surface words of the passage whose stems are query terms, for emphasis."""
    wanted = set(tokenize(question))
    if not wanted:
        return ()
    seen: dict[str, None] = {}
    for w in words(text):
        if w not in seen and tokenize(w) and tokenize(w)[0] in wanted:
            seen[w] = None
    return tuple(seen)
