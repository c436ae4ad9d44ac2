"""askncpi computes BM25 itself; bm25s (a test dependency only) is the reference."""

import bm25s
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from askncpi.lexical import Bm25Index, TermCounts, tokenize

WORDS = ["visit", "visits", "offender", "RSOs", "overdue", "98", "police", "child", "children",
         "custody", "the", "of", "referral", "MASH", "delay", "delayed"]
texts = st.lists(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(texts, st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
def test_scores_match_bm25s(corpus, question):
    ours = Bm25Index.build(corpus)
    ref = bm25s.BM25(k1=1.2, b=0.75)  # its defaults are Lucene's idf and tf, as ours
    ref.index([tokenize(t) or ["__empty__"] for t in corpus], show_progress=False)
    terms = [t for t in tokenize(" ".join(question)) if t in ref.vocab_dict]
    expected = ref.get_scores(terms) if terms else np.zeros(len(corpus))
    assert np.allclose(ours.term_scores([(t, 1.0) for t in terms]), expected, atol=1e-5)


@settings(max_examples=60, deadline=None)
@given(texts, texts, st.data())
def test_kept_counts_plus_new_equal_counts_made_from_scratch(old, new, data):
    keep = sorted(data.draw(st.sets(st.integers(0, len(old) - 1))))
    merged = TermCounts.concat([TermCounts.from_tokens([tokenize(t) for t in old]).take(np.array(keep, int)),
                                TermCounts.from_tokens([tokenize(t) for t in new])])
    fresh = Bm25Index.build([old[i] for i in keep] + new)
    rebuilt = Bm25Index.from_counts(merged)
    for term in {t for text in new + old for t in tokenize(text)}:
        assert np.allclose(rebuilt.term_scores([(term, 1.0)]), fresh.term_scores([(term, 1.0)]), atol=1e-6)
    assert set(merged.terms) == {t for text in [old[i] for i in keep] + new for t in tokenize(text)}


def test_saved_counts_round_trip(tmp_path):
    index = Bm25Index.build(["98 visits to RSOs were overdue", "", "the custody suite delayed children"])
    index.save(tmp_path / "bm25")
    loaded = Bm25Index.load(tmp_path / "bm25")
    counts = loaded.stored_counts()
    assert counts is not None and list(counts.doc_len) == [4, 1, 4]
    again = Bm25Index.from_counts(counts)
    for term in ("rso", "overdu", "custodi", "children"):
        assert np.allclose(loaded.term_scores([(term, 1.0)]), again.term_scores([(term, 1.0)]))
        assert loaded.term_scores([(term, 1.0)]).any()
