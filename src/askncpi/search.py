"""Question -> Answer: hybrid retrieval over the index, evidence sentence, citation page."""

from __future__ import annotations

import dataclasses
import functools
import gc
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from . import figures, inspection_dates
from .abstention import Evidence, decide
from .acronyms import Acronyms
from .chunking import join_chunks, sentence_at, trim_chunk
from .embedder import Embedder, expected_identity, leading_words, load_embedder
from .errors import QueryError
from .fusion import Ranker
from .inspection_dates import MONTH_STEMS, inspection_months, report_months
from .judgements import years_of
from .lexical import (
    FIGURE,
    STOPWORDS,
    Bm25Index,
    analyser_identity,
    counts,
    defines,
    parse_terms_line,
    stem,
    tokenize,
    words,
    words_after_figures,
)
from .probe import IndexProbe
from .query import (
    NAMING,
    Query,
    name_words,
)
from .record_stages import RecordStages
from .signals import Candidates, compute
from .store import Generation, IndexError_, IndexStore, LineTable
from .switches import check_switch_names
from .types import CARD_CHARS, Answer, Chunk, Hit, Sentence

MAX_QUESTION_CHARS = 2000
TIE_BREAK_CARDS = 1  # cards whose tied best sentences MiniLM tells apart
SENTENCE_CACHE = 20_000  # sentence vectors kept for breaking ties (MiniLM: 1.5 KB each)
CANDIDATES = 50  # passages taken from each retriever before fusion
NUMBER_BONUS = 0.25  # a sentence with a figure (or a judgement), when the question asks for one
# The judgements inspectors give, as stemmed term sets: a sentence holding one of them
# can answer "how was X judged", "what grade did X get".
GRADES = tuple(frozenset(tokenize(g)) for g in ("outstanding", "good", "requires improvement", "inadequate"))
# MiniLM cosine from a word no report uses that a "how many" question counts to the
# nearest word the candidate passages put a figure on, above which it stands for that
# word: kids -> children 0.88, cops -> police 0.93, paedophiles -> offenders 0.63; but
# engines -> fire 0.41, drones -> police 0.40 (no report counts those).
NEAR_WORD = 0.6
_MONTH_STEMS = MONTH_STEMS


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
    acronyms: Acronyms
    doc_of_row: np.ndarray  # int index into `docs` for each chunk row
    docs: list[str]  # indexed file names, in manifest order

    @classmethod
    def load(cls, store: IndexStore) -> LoadedIndex:
        gen = store.current()
        try:
            index = gen.read_vectors()
            vectors = index.reconstruct_n(0, index.ntotal) if index.ntotal else np.zeros((0, index.d), np.float32)
            bm25 = Bm25Index.load(gen.bm25_path)
            acronyms = Acronyms.load(gen.acronyms_path)
            rows = {len(vectors), len(gen.chunk_table()), len(LineTable(gen.terms_path)), bm25.num_docs}
            if len(rows) != 1:
                raise ValueError(f"parts disagree on the number of passages ({sorted(rows)})")
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
        return cls(gen, vectors, bm25, acronyms, doc_of_row, docs)


def resolve_docs(names: Sequence[str], docs: Sequence[str]) -> list[str]:
    """Match user-given report names (file name, stem, or a unique part) to indexed files."""
    out: list[str] = []
    for name in names:
        key = name.strip().lower()
        exact = [d for d in docs if d.lower() == key or Path(d).stem.lower() == key]
        partial = [d for d in docs if key in d.lower()]
        match = exact or partial
        if not match:
            raise QueryError(f"no indexed report matches '{name}' (see `askncpi sources`)")
        out.extend(m for m in match if m not in out)
    return out


def _top(scores: np.ndarray, n: int) -> np.ndarray:
    """Indices of the n highest scores (unordered): a partition, not a full sort."""
    if n >= len(scores):
        return np.arange(len(scores))
    return np.argpartition(-scores, n - 1)[:n]


@dataclass
class _Card:
    """A passage as shown: its lead (best-ranked) passage, perhaps joined by neighbours."""

    position: int  # index of the lead passage among the candidates; its score is the card's
    chunk: Chunk
    best: int  # index of the best sentence in chunk.sentences
    evidence: float  # that sentence's coverage score
    rows: list[int]  # the stored passages it is made of

    def absorb(self, other: Chunk, best: int, evidence: float) -> bool:
        """Join `other` (a worse-ranked passage) if it overlaps this card and its best
        sentence is still in the card after trimming it to CARD_CHARS around the lead."""
        if best >= len(other.sentences) or self.best >= len(self.chunk.sentences):
            return False
        first, second = (self.chunk, other) if self.chunk.char_start <= other.char_start else (other, self.chunk)
        joined = join_chunks(first, second)
        if joined is None:
            return False
        keep = (self.chunk.char_start - joined.char_start, self.chunk.char_end - joined.char_start)
        card = trim_chunk(joined, keep, CARD_CHARS)
        theirs = sentence_at(card, other.char_start + other.sentences[best].start)
        if theirs is None:
            return False
        ours = sentence_at(card, self.chunk.char_start + self.chunk.sentences[self.best].start)
        if evidence > self.evidence or ours is None:
            self.best, self.evidence = theirs, evidence
        else:
            self.best = ours
        self.chunk = card
        self.rows.append(other.id)
        return True


@dataclass
class Gathered:
    """One question grounded in the index: its parsed query, the reports it names, and its
    candidate passages with their sentence scores. `candidates` is None for an empty index."""

    asked: str  # as the user wrote it
    question: str  # as searched (a follow-up's rewritten query)
    selected: tuple[str, ...]  # the reports searched, when filtered
    query: Query | None = None
    named: list[int] = dataclasses.field(default_factory=list)
    vector: np.ndarray | None = None
    terms: list[tuple[str, float]] = dataclasses.field(default_factory=list)
    rows: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, int))
    scores: dict[int, list[float]] = dataclasses.field(default_factory=dict)
    evidence: dict = dataclasses.field(default_factory=dict)
    candidates: Candidates | None = None


class Searcher:
    """Holds the loaded index and model; `ask` is cheap after construction."""

    def __init__(self, store: IndexStore, embedder: Embedder | None = None, embedder_name: str | None = None,
                 ranker: Ranker | None = None, disabled: Sequence[str] = ()) -> None:
        check_switch_names(list(disabled))
        self.ranker = ranker or Ranker.load()
        self.disabled = frozenset(disabled)  # signals left out, by name
        self.index = LoadedIndex.load(store)
        want = self.index.generation.manifest.embedder
        have = dict(embedder.identity()) if embedder else dict(expected_identity(embedder_name))
        if have != want:
            raise IndexError_(f"the index was made with {want.get('model')} ({want.get('runtime')}) but "
                              f"this askncpi embeds with {have.get('model')} ({have.get('runtime')}): "
                              "run `askncpi index --rebuild`")
        if self.index.generation.manifest.analyser != analyser_identity():
            raise IndexError_("the index's terms were made by another text analyser (tokenizer, stop words, "
                              "stemmer or figure rule): run `askncpi index` to rebuild it")
        self.embedder = embedder or load_embedder(embedder_name, store.models_dir)
        self.chunks = self.index.generation.chunk_table()
        self._doc_names: list[set[str]] | None = None
        self._name_stems: list[set[str]] | None = None  # stems of each report's name words
        self._titles: list[set[str]] | None = None
        self._doc_years: list[set[int]] | None = None
        self._prepared = False
        self.probe = IndexProbe(self)  # answer-type evidence for the abstention checks
        self.record_stages = RecordStages(self)  # grades and recommendations answered from the records
        self._terms = LineTable(self.index.generation.terms_path)
        self._sentence_terms: dict[int, list[frozenset[str]]] = {}  # row -> stemmed terms per sentence
        self._sentence_cache: dict[tuple[int, int], np.ndarray] = {}  # (row, sentence) -> MiniLM vector
        # The question-by-passage product runs on one BLAS thread: threaded, OpenBLAS's idle
        # workers spin on the cores the embedding model needs next (warm p95 at 431 reports
        # 79 -> 60-75 ms); one thread reads the vectors as fast (the product is memory-bound).
        self._blas = ThreadpoolController()

    def prepare(self) -> None:
        """Build, once, the per-index tables that questions naming a report or asking a grade
        read (report names and years, the inspection records): the first such question
        would otherwise pay for them (about 40 ms at 431 reports). `ask` calls it."""
        if self._prepared:
            return
        self._prepared = True
        if self.index.docs:
            self.doc_names()
            self._title_terms(0)
            self.doc_years(0)
            self._name_stems = [{stem(w) for w in words} for words in self.doc_names()]
        # What is loaded by now lives as long as the index does: out of the garbage
        # collector's sight, a full collection no longer walks it (one took 56 ms, the
        # slowest warm query at 431 reports). Garbage is collected first (10 ms at 431
        # reports), so none is kept for good; the frozen tables are still freed by their
        # reference counts when the Searcher goes.
        gc.collect()
        gc.freeze()

    @property
    def manifest(self):
        return self.index.generation.manifest

    def ask(self, question: str, top_k: int = 5, docs: Sequence[str] = (), searched: str | None = None) -> Answer:
        """Answer `question`; `searched` is the query actually run when it differs (a follow-up).

        The pipeline: candidates (`gather`) -> named signals -> one fitted fusion -> cards ->
        cited sentence -> abstention."""
        self.prepare()
        got = self.gather(question, docs, searched)
        if got.candidates is None:
            return Answer(got.asked, (), abstained=True, note="the index has no passages", abstain_reason="empty_index",
                          docs=got.selected)
        assert got.query is not None and got.vector is not None  # set whenever there are candidates
        signals = compute(got.candidates, self.disabled)
        fused = self.ranker.fuse(signals)
        order, lifted = self.order(fused, signals, got)
        rows, query = got.rows, got.query
        cards = self._cards(order, rows, got.evidence, top_k)
        cited = self._cited_sentences(cards, got.scores, query, got.vector)
        wanted = {t for t, _ in got.terms}
        hits = tuple(self._hit(rank + 1, float(fused[card.position]), card.chunk, best, wanted, query,
                               closest_in_meaning=card.position == lifted,
                               signals=tuple((n, float(v[card.position])) for n, v in signals.items()))
                     for rank, (card, best) in enumerate(zip(cards, cited)))
        verdict = decide(self.abstain_evidence(got), self.probe, self.ranker.abstention, self.disabled)
        answer = Answer(got.asked, hits, abstained=verdict is not None, note=verdict.message if verdict else None,
                        abstain_reason=verdict.code if verdict else None, docs=got.selected,
                        searched=got.question if got.question != got.asked else None, ranker=self.ranker.name)
        answer = self.record_stages.apply(answer, got)
        # What this question added to the caches (parsed passages, sentence terms, vectors)
        # lives on too: young garbage collected, the rest frozen, so full collections never
        # walk the growing caches (without it warm p95 at 431 reports is 49-52 ms, with it 44-48).
        gc.collect(1)
        gc.freeze()
        return answer


    def order(self, fused: np.ndarray, signals: Mapping[str, np.ndarray],
              got: Gathered) -> tuple[np.ndarray, int | None]:
        """Candidates best first by the fused score, MiniLM's first lifted to the ranker's
        dense slot (and which candidate was lifted, if one was)."""
        order = np.argsort(-fused, kind="stable")
        if self.ranker.dense_slot and "dense" in signals and got.candidates is not None:
            c = got.candidates
            return _dense_best_within(order, c.dense, self.ranker.dense_slot, c.named_report, c.definition)
        return order, None

    def gather(self, question: str, docs: Sequence[str] = (), searched: str | None = None) -> Gathered:
        """The question parsed and grounded in the index, and its candidate passages with
        what was measured of each (no ranking yet)."""
        question = clean_question(question)
        asked, question = question, clean_question(searched) if searched else question
        selected = resolve_docs(docs, self.index.docs) if docs else []
        if len(self.index.vectors) == 0:
            return Gathered(asked, question, tuple(selected))
        mask = self._mask(selected)
        if searched and not selected:
            # A follow-up that names a report's organisation ("and in Northamptonshire?")
            # asks about that report: search only it (and show which, like a filter).
            named = self._named_docs(Query.parse(asked, self.index.bm25))
            if named:
                selected = [self.index.docs[i] for i in named]
                mask = self._mask(selected)
        query = Query.parse(question, self.index.bm25, self.index.acronyms)
        if figures.NAME not in self.disabled:
            query = query.with_figures()
        named = self._named_docs(query)
        routing = self._routing_terms(query, named)
        months = inspection_months(question) if named and inspection_dates.NAME not in self.disabled else frozenset()
        if months:  # the named reports' dates are read only when the question dates an inspection
            routing |= months & self._report_months(named) & set(query.weights)
        query = query.routed(routing)
        vector = self.embedder.encode([query.dense_text()])[0]
        with self._blas.limit(limits=1, user_api="blas"):
            dense = self.index.vectors @ vector
        terms, lexical, rows = self._retrieve(query, mask, dense, named)
        unseen = query.unseen_counted()  # "how many kids": the reports write "children"
        counted = self._words_counted(rows[np.isin(self.index.doc_of_row[rows], named)] if named else rows) \
            if unseen else set()
        spelled = self._spelled_out(query, rows) | self.nearest_counted(query, counted, unseen)
        if spelled:  # "CSE" the reports never write, but write "child sexual exploitation"
            query = query.spelling_out(spelled)
            terms, lexical, rows = self._retrieve(query, mask, dense, named)
        scores = {int(r): self._sentence_scores(int(r), query) for r in rows}
        evidence = {r: _best(scores[int(r)]) for r in rows}
        # A report the question names: so does a passage of another report that mentions
        # the name (the Merseyside police report on "the Wirral MASH" answers a question
        # naming Wirral).
        in_named = np.isin(self.index.doc_of_row[rows], named) | self._mentions_name(rows, query, named)
        # "What is X?": a passage that says what X is, with that sentence shown.
        defining = np.zeros(len(rows), bool)
        if query.defines:
            stems = set(tokenize(query.defines))
            for k, r in enumerate(rows):
                sentence = self._definition(int(r), query.defines, stems)
                if sentence is not None:
                    defining[k], evidence[r] = True, (evidence[r][0], sentence)
        candidates = Candidates(query, [self.chunks.get(int(r)) for r in rows], self.index.doc_of_row[rows],
                                dense[rows], lexical[rows], np.array([evidence[r][0] for r in rows]),
                                in_named, defining)
        return Gathered(asked, question, tuple(selected), query, named, vector, terms, rows, scores, evidence,
                        candidates)

    def _retrieve(self, query: Query, mask: np.ndarray, dense: np.ndarray, named: list[int]):
        """(lexical terms, BM25 scores, candidate rows) of a query."""
        terms = query.lexical_terms()
        lexical = self.index.bm25.term_scores(terms)
        rows = self._candidates(mask, dense, lexical)
        if named:  # the named reports' own best passages, whatever the rest of the corpus holds
            rows = np.union1d(rows, self._candidates(mask & np.isin(self.index.doc_of_row, named), dense, lexical))
        return terms, lexical, rows

    def _spelled_out(self, query: Query, rows: np.ndarray) -> dict[str, str]:
        """Abbreviation -> long form, for the question's abbreviations no report uses
        that candidate passages spell out at least twice (words with its initials):
        users write "CSE" and "CP" where reports write the words."""
        out = {}
        texts = [self.chunks.get(int(r)).text for r in rows]
        for short in query.unknown_abbreviations():
            pattern = _initials_pattern(short)
            phrases = (" ".join(m.group(0).lower().split()) for t in texts for m in pattern.finditer(t))
            found = Counter(p for p in phrases if _content_words(p))
            if found and found.most_common(1)[0][1] >= 2:
                out[short] = found.most_common(1)[0][0]
        return out

    def _words_counted(self, rows: np.ndarray) -> set[str]:
        """The words just after figures in these passages (the named report's, when the
        question names one: each word costs a model call of about 1 ms)."""
        return {w for r in rows for w in words_after_figures(self.chunks.get(int(r)).text)}

    def nearest_counted(self, query: Query, counted: set[str], unseen: list[str],
                         least: float = NEAR_WORD) -> dict[str, str]:
        """Question word -> the word nearest in meaning (`least`) that passages put a
        figure on (`counted`): "how many kids" counts "225 children", "extra jobs"
        counts "16 additional posts". A word no report uses with none stays unknown:
        no report counts "fire engines"."""
        if not unseen:
            return {}
        asked = set(tokenize(query.text))
        candidates = sorted(w for w in counted if stem(w) not in asked)
        if not candidates:
            return {}
        vectors = self.embedder.encode(unseen + candidates)
        out = {}
        for k, word in enumerate(unseen):
            similarity = vectors[len(unseen):] @ vectors[k]
            if similarity.max() >= least:
                out[word] = candidates[int(similarity.argmax())]
        return out

    def _cards(self, order: np.ndarray, rows: np.ndarray, evidence: dict, top_k: int) -> list[_Card]:
        """Up to top_k cards, best first. A passage overlapping a better-ranked card joins
        it when its best sentence still fits in the card (CARD_CHARS), so a reader sees
        the text around an answer once, not as two near-copies (what LlamaIndex's
        auto-merging and sentence-window retrievers do)."""
        cards: list[_Card] = []
        for i in order:
            chunk, (score, best) = self.chunks.get(int(rows[i])), evidence[rows[i]]
            if any(card.absorb(chunk, best, score) for card in cards):
                continue
            if len(cards) == top_k:
                break
            cards.append(_Card(int(i), chunk, best, score, [int(rows[i])]))
        return cards

    def _candidates(self, mask: np.ndarray, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """Union of the best CANDIDATES rows by each retriever, within the filter."""
        allowed = np.flatnonzero(mask)
        n = min(CANDIDATES, len(allowed))
        return np.unique(np.concatenate([allowed[_top(dense[allowed], n)], allowed[_top(lexical[allowed], n)]]))

    def _sentence_scores(self, row: int, query: Query) -> list[float]:
        """How well each sentence of a passage answers (`_sentence_score`); a passage's
        evidence is its best sentence: the share of the question's weighted terms found
        together in one sentence (proximity). Sentence terms were stemmed at index time."""
        sentences = self.sentences(row)
        if not (query.grade_words or query.naming_words or query.wants_number or query.wants_date):
            # Coverage alone (what `_sentence_score` comes to for such a question), without
            # a call per sentence: a question scores ~1,000 sentences.
            return [-1.0 if FIGURE in terms and len(terms) <= 2 and _PARAGRAPH_NUMBER.fullmatch(
                        self.sentence_text(row, i)) else query.coverage(terms)
                    for i, terms in enumerate(sentences)]
        return [_sentence_score(query, terms, functools.partial(self.sentence_text, row, i))
                for i, terms in enumerate(sentences)]

    def _cited_sentences(self, cards: list[_Card], scores: dict[int, list[float]], query: Query,
                         question: np.ndarray) -> list[int]:
        """Each card's best sentence, or among sentences scoring the same on the
        question's words, the one closest in meaning to the question: the first of
        equals is no likelier the answer than the last, and which one it is decides the
        page cited. Closeness is to the whole question plus to its other words, those
        the tied sentences all hold left out: they cannot tell the sentences apart
        ("children" of "children in need" and of "children newly into care", for "...
        children who have only just become looked after"). `scores` are the candidates'
        sentence scores; the tied sentences are embedded now (few, and cached), not at index
        time: stored, every sentence of 431 reports cost 400 s and 1 GB of a build."""
        # Only the first cards' ties are settled by meaning (the model call is most of a
        # warm query's time); later cards cite their first best sentence.
        ties = [self._ties(card, scores) if n < TIE_BREAK_CARDS else ([], set()) for n, card in enumerate(cards)]
        rests = [_rest_of(query.text, shared) if tied else "" for tied, shared in ties]
        wanted = sorted({rest for rest in rests if rest and rest != query.text})
        # One batch for every card's tied sentences and the rests: one model call, not one a card.
        where = [stored for tied, _ in ties for _, stored in tied]
        todo = [w for w in dict.fromkeys(where) if w not in self._sentence_cache]
        texts = [leading_words(self.sentence_text(row, k)) for row, k in todo]
        encoded = self.embedder.encode(texts + wanted) if texts or wanted else np.zeros((0, 0))
        self._remember(todo, encoded[:len(todo)])
        rest_vectors = dict(zip(wanted, encoded[len(todo):]))
        cited = []
        for card, (tied, _), rest in zip(cards, ties, rests):
            if not tied:
                cited.append(card.best)
                continue
            vectors = self._sentence_vectors([stored for _, stored in tied])
            closeness = vectors @ question + vectors @ rest_vectors.get(rest, question)
            cited.append(tied[int(np.argmax(closeness))][0])
        return cited

    def _ties(self, card: _Card, scores: dict[int, list[float]]) -> tuple[list[tuple[int, tuple[int, int]]], set[str]]:
        """The card's sentences tied with its best on the question's words, as (index
        in the card, (row, index) stored), with the terms they all hold; empty when the
        best has no equal or was chosen otherwise (a definition)."""
        stored = self._stored_sentences(card, scores)
        ours = [scores[row][k] if row >= 0 else -math.inf for row, k in stored]
        if card.best >= len(ours) or not math.isfinite(ours[card.best]) or ours[card.best] < max(ours):
            return [], set()
        tied = [(i, stored[i]) for i, score in enumerate(ours) if math.isclose(score, ours[card.best])]
        if len(tied) < 2:
            return [], set()
        return tied, set.intersection(*(set(self.sentences(row)[k]) for _, (row, k) in tied))

    def _remember(self, where: list[tuple[int, int]], vectors: np.ndarray) -> None:
        """Keep these sentences' MiniLM vectors ((row, index) each) for later ties."""
        for w, v in zip(where, vectors):
            if len(self._sentence_cache) >= SENTENCE_CACHE:
                self._sentence_cache.pop(next(iter(self._sentence_cache)))
            self._sentence_cache[w] = v

    def _sentence_vectors(self, where: list[tuple[int, int]]) -> np.ndarray:
        """MiniLM vectors of these stored sentences, embedded (once) by `_cited_sentences`."""
        return np.array([self._sentence_cache[w] for w in where])

    def _stored_sentences(self, card: _Card, scores: dict[int, list[float]]) -> list[tuple[int, int]]:
        """(row, index) of each sentence of the card in the stored passages it is made
        of, found by where it starts in the document; (-1, -1) when none has it."""
        where: dict[int, tuple[int, int]] = {}
        for row in card.rows:
            chunk = self.chunks.get(row)
            for k, sentence in enumerate(chunk.sentences[:len(scores[row])]):
                where.setdefault(chunk.char_start + sentence.start, (row, k))
        return [where.get(card.chunk.char_start + s.start, (-1, -1)) for s in card.chunk.sentences]

    def sentences(self, row: int) -> list[frozenset[str]]:
        """Stemmed terms of each sentence of a passage (stored at index time), cached."""
        if row not in self._sentence_terms:
            self._sentence_terms[row] = parse_terms_line(self._terms.line(row).decode("utf-8").rstrip("\n"))
        return self._sentence_terms[row]

    def _definition(self, row: int, term: str, stems: set[str]) -> int | None:
        """Index of a sentence of the passage that says what `term` is, if any."""
        for i, terms in enumerate(self._sentence_terms.get(row, ())):
            # Only sentences with the term's words need the patterns.
            if stems <= terms and defines(self.sentence_text(row, i), term):
                return i
        return None

    def sentence_text(self, row: int, sentence: int) -> str:
        chunk = self.chunks.get(row)
        if sentence >= len(chunk.sentences):
            return ""
        span = chunk.sentences[sentence]
        return chunk.text[span.start:span.end]

    def _named_docs(self, query: Query) -> list[int]:
        """Reports whose organisation the question names (and year, if it gives one)."""
        names = self.doc_names()
        matched_names = {i: frozenset(words & query.capitalised) for i, words in enumerate(names)}
        named = [i for i, words in matched_names.items() if words]
        # "West Sussex" names West Sussex, not East Sussex, whatever the year: a report whose
        # matched name words are fewer than another's, and among them, is not named.
        fuller = {matched_names[i] for i in named}
        named = [i for i in named if not any(matched_names[i] < other for other in fuller)]
        if query.years:
            same_year = [i for i in named if self.doc_years(i) & query.years]
            named = same_year or named
        if len(named) > 1:  # "Merseyside Police" over "Merseyside CRC": the fuller match wins, of the
            # name and the words it heads ("Merseyside press release"; not "... time of inspection")
            matched = {i: len(self._title_terms(i) & query.name_terms) for i in named}
            named = [i for i in named if matched[i] == max(matched.values())]
        return named

    def _mentions_name(self, rows: np.ndarray, query: Query, named: list[int]) -> np.ndarray:
        """Which candidate rows mention a name that picked a named report, where that
        name is not their own report's: "Wirral" in the Merseyside report, but not
        "Merseyside" in the Merseyside report when the question named Merseyside CRC."""
        surface = {w for i in named for w in self.doc_names()[i] & query.capitalised}
        # Each named report's name as the question writes it, whole: "North Tyneside", of which
        # a passage saying only "the North West" mentions nothing.
        groups = {frozenset(stem(w) for w in self.doc_names()[i] & query.capitalised) for i in named}
        out = np.zeros(len(rows), bool)
        if not surface:
            return out
        if self._name_stems is None:  # once per index, not per question
            self._name_stems = [{stem(w) for w in words} for words in self.doc_names()]
        # Written as a name: "the Met", not "care leavers who met with inspectors".
        written = re.compile(r"\b(?:" + "|".join(re.escape(w[:1].upper() + w[1:]) for w in sorted(surface)) + ")")
        for k, r in enumerate(rows):
            doc = int(self.index.doc_of_row[r])
            if doc in named:
                continue
            terms = self.row_terms(int(r))
            if any((g - self._name_stems[doc]) and (g - self._name_stems[doc]) <= terms for g in groups) and (
                    written.search(self.chunks.get(int(r)).text)):
                out[k] = True
        return out

    def row_terms(self, row: int) -> frozenset[str]:
        return frozenset().union(*self.sentences(row))

    def _routing_terms(self, query: Query, named: list[int]) -> set[str]:
        """Question stems that are words of a named report's file name or organisation."""
        return set().union(*(self._title_terms(i) for i in named)) & set(query.weights)

    def _title_terms(self, doc: int) -> set[str]:
        """Stems of a report's file name and organisation ("merseyside", "crc", "inspect"), not
        its months: "North Tyneside ... November 2024" names North Tyneside, not South Tyneside's
        "24-november-2017" report."""
        if self._titles is None:
            files = self.manifest.indexed_files()
            self._titles = [set(tokenize(f"{Path(d).stem.replace('-', ' ')} {files[d].get('organisation') or ''}"))
                            - _MONTH_STEMS for d in self.index.docs]
        return self._titles[doc]

    def _report_months(self, docs: list[int]) -> frozenset[str]:
        """Month stems the reports `docs` are dated by (`inspection_dates.report_months`)."""
        records = self.record_stages.catalogue()
        return frozenset().union(*(report_months(records.get(self.index.docs[i]), Path(self.index.docs[i]).stem)
                                   for i in docs))

    def doc_years(self, doc: int) -> set[int]:
        """The years a report can be asked by: its file's year and, from its inspection record,
        the years it was inspected and published ("the November 2024 inspection" of a report
        published in January 2025)."""
        if self._doc_years is None:
            files = self.manifest.indexed_files()
            records = self.record_stages.catalogue()
            self._doc_years = []
            for d in self.index.docs:
                years = {files[d].get("year")} | ({int(y) for y in years_of(records[d])} if d in records else set())
                self._doc_years.append({y for y in years if isinstance(y, int)})
        return self._doc_years[doc]

    def doc_names(self) -> list[set[str]]:
        if self._doc_names is None:
            files = self.manifest.indexed_files()
            self._doc_names = [name_words(d, files[d]) for d in self.index.docs]
        return self._doc_names

    def abstain_evidence(self, got: Gathered) -> Evidence:
        """What the abstention checks look at for a gathered question."""
        c = got.candidates
        assert c is not None and got.query is not None
        return Evidence(got.query, got.rows, float(c.dense.max()) if len(got.rows) else 0.0, c.named_report, got.named)

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

    def _hit(self, rank: int, score: float, chunk: Chunk, best: int, wanted: set[str], query: Query,
             closest_in_meaning: bool = False, signals: tuple[tuple[str, float], ...] = ()) -> Hit:
        sentence = chunk.sentences[best] if best < len(chunk.sentences) else None
        page = self._cited_page(chunk, sentence, query) if sentence else chunk.page_start
        lines = None
        if chunk.kind == "text" and chunk.sentences:
            last = chunk.sentences[-1]  # a joined card's text may not keep every line break
            lines = (chunk.sentences[0].line or 1, (last.line or 1) + chunk.text.count("\n", last.start, last.end))
        return Hit(rank=rank, score=score, chunk=chunk, page=page,
                   page_label=self._label(chunk, page),
                   best_sentence=(sentence.start, sentence.end) if sentence else None,
                   matched_terms=matched_terms(chunk.text, wanted), lines=lines,
                   para=sentence.para if sentence else None, closest_in_meaning=closest_in_meaning, signals=signals)

    def _cited_page(self, chunk: Chunk, sentence: Sentence, query: Query) -> int:
        """The page of the best sentence; for a sentence run over a page break, the
        page holding more of the question's terms (the part a reader will quote)."""
        if chunk.kind != "pdf" or chunk.page_start == chunk.page_end:
            return sentence.page
        gen_starts = self._page_starts(chunk)
        start, end = chunk.char_start + sentence.start, chunk.char_start + sentence.end
        cut = next((s - chunk.char_start for s in gen_starts if start < s < end), None)
        if cut is None:
            return sentence.page
        before = query.coverage(set(tokenize(chunk.text[sentence.start:cut])))
        after = query.coverage(set(tokenize(chunk.text[cut:sentence.end])))
        return sentence.page + 1 if after > before else sentence.page

    @staticmethod
    def _page_starts(chunk: Chunk) -> list[int]:
        """Document offsets where a new page begins inside the chunk: PDF page texts
        hold no blank lines (cleaning.clean_pages), so a blank line is a page join."""
        out = []
        idx = chunk.text.find("\n\n")
        while idx != -1:
            out.append(chunk.char_start + idx + 2)
            idx = chunk.text.find("\n\n", idx + 2)
        return out

    def _label(self, chunk: Chunk, page: int) -> str | None:
        return chunk.page_label if page == chunk.page_start else None


_PARAGRAPH_NUMBER = re.compile(r"\s*\d+\.?\s*")
_JOINERS = ("and", "of", "for", "in", "the")  # words an abbreviation may skip: "children in care council"


def _best(scores: list[float]) -> tuple[float, int]:
    """(score, index) of the best of a passage's sentence scores; the first of equals."""
    if not scores:
        return 0.0, 0
    best = int(np.argmax(scores))
    return max(scores[best], 0.0), best


def _rest_of(question: str, shared: set[str]) -> str:
    """The question without the words whose stems are in `shared`."""
    return " ".join(w for w in re.findall(r"[\w'’-]+", question) if not set(tokenize(w)) & shared)


def _sentence_score(query: Query, terms: frozenset[str], text: Callable[[], str]) -> float:
    """How well one sentence answers: its coverage of the question's weighted terms,
    plus a bonus for a grade or a name when the question asks for one, and for a
    figure (more for a figure on the thing counted) when it asks how many or when. `text` is
    only read when those need it. A paragraph's number ("65.") answers nothing."""
    if FIGURE in terms and len(terms) <= 2 and _PARAGRAPH_NUMBER.fullmatch(text()):
        return -1.0
    graded = bool(query.grade_words) and any(grade <= terms for grade in GRADES)
    if graded:  # "good" is the answer to "how was X judged", whether or not it says "judged"
        terms = terms | query.grade_words
    named = bool(query.naming_words) and bool(NAMING.search(text()))  # "known as LINX"
    score = query.coverage(terms) + (NUMBER_BONUS if graded or named else 0.0)
    if (query.wants_number or query.wants_date) and FIGURE in terms:
        score += NUMBER_BONUS
        if (query.counted[0] | query.counted[1]) & terms and counts(text(), query.counted):
            score += NUMBER_BONUS  # the figure is of the thing asked about
    return score


def _dense_best_within(order: np.ndarray, dense: np.ndarray, slot: int,
                       *tiers: np.ndarray) -> tuple[np.ndarray, int | None]:
    """`order` with the passage MiniLM ranks first moved up to `slot` when fusion put
    it lower, and that passage (None when nothing moved). A paraphrase shares few words
    with its answer, so the word lists outvote MiniLM two to one ("go back to check" /
    "revisit"), yet MiniLM alone often ranks the answer first. Only a passage in the
    same tier as the first (a report the question names, a definition) is moved."""
    if len(order) == 0:
        return order, None
    first = order[0]
    same_tier = [k for k in order if all(tier[k] == tier[first] for tier in tiers)]
    best = max(same_tier, key=lambda k: dense[k])
    position = int(np.flatnonzero(order == best)[0])
    if position < slot:
        return order, None
    return np.insert(order[order != best], slot - 1, best), int(best)


def _initials_pattern(short: str) -> re.Pattern[str]:
    """Words whose first letters spell `short` ("RSOs" -> r, s, o), perhaps with "and",
    "of", "for", "in" or "the" between them: "looked after children" for LAC, "children
    in care council" for CICC."""
    short = short.replace("&", "")  # "B&Bs": bed and breakfasts
    letters = short[:-1] if short.endswith("s") and short[:-1].isupper() else short
    small = r"(?:(?:" + "|".join(_JOINERS) + r")\s+)?"
    words = [f"{c}[a-z’'-]*" for c in letters.lower()]
    return re.compile(r"\b" + (r"[\s-]+" + small).join(words) + r"\b", re.I)


def _content_words(phrase: str) -> bool:
    """Whether a phrase's words, less joiners, are all content words: "child sexual
    exploitation" may spell out CSE, "did not attend" does not spell out DNA."""
    return not any(w in STOPWORDS for w in re.split(r"[\s-]+", phrase) if w not in _JOINERS)


def matched_terms(text: str, wanted: set[str]) -> tuple[str, ...]:
    """Surface words of the passage whose stems are query terms (abbreviations and
    their long forms included), for emphasis."""
    if not wanted:
        return ()
    seen = dict.fromkeys(w for w in words(text) if w not in STOPWORDS)  # first-seen order
    return tuple(w for w in seen if stem(w) in wanted)
