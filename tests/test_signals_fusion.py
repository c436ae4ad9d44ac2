"""The named ranking signals and the fitted fusion step, each on a tiny fixture."""

from __future__ import annotations

import json

import numpy as np
import pytest

from askncpi import signals
from askncpi.fusion import Ranker, rescale
from askncpi.lexical import Bm25Index
from askncpi.query import Query
from askncpi.signals import Candidates, compute
from askncpi.types import Chunk

BM25 = Bm25Index.build(["what should the force do about missing children recommendations summary"])


def chunk(i: int, section: str | None, page: int, doc: str = "r.txt") -> Chunk:
    return Chunk(i, doc, "Report", section, f"passage {i}", page, page, 0, 10)


def candidates(question: str = "What should the force do about missing children?") -> Candidates:
    chunks = [chunk(0, "Recommendations", 9), chunk(1, "Missing children", 2), chunk(2, None, 1, "other.txt")]
    return Candidates(Query.parse(question, BM25), chunks, np.array([0, 0, 1]),
                      dense=np.array([0.5, 0.7, 0.6]), bm25=np.array([3.0, 1.0, 2.0]),
                      sentence=np.array([0.2, 0.9, 0.4]), named_report=np.array([True, True, False]),
                      definition=np.array([False, False, True]))


def test_every_signal_gives_one_score_per_candidate_and_has_a_description():
    c = candidates()
    out = compute(c)
    assert list(out) == list(signals.NAMES)
    assert all(len(v) == len(c) for v in out.values())
    assert all(s.description for s in signals.SIGNALS)


def test_each_signal_reads_what_it_is_named_after():
    out = compute(candidates())
    assert out["dense"].tolist() == [0.5, 0.7, 0.6] and out["bm25"].tolist() == [3.0, 1.0, 2.0]
    assert out["named_report"].tolist() == [1, 1, 0] and out["definition"].tolist() == [0, 0, 1]
    assert out["recommendation"].tolist() == [1, 0, 0]  # a what-should question, under Recommendations
    assert out["sentence"].tolist() == [0.2, 0.9, 0.4]


def test_the_recommendation_signal_is_silent_for_other_questions():
    out = compute(candidates("How many children went missing?"))
    assert out["recommendation"].tolist() == [0, 0, 0]


def test_a_signal_switched_off_by_name_is_not_computed_and_a_typo_is_refused():
    out = compute(candidates(), frozenset({"bm25"}))
    assert "bm25" not in out and "dense" in out
    with pytest.raises(ValueError, match="unknown signal bm52"):
        signals.check_names(["bm52"])


def test_fusion_is_the_weighted_sum_of_rescaled_signals():
    ranker = Ranker("t", {"dense": 1.0, "bm25": 2.0})
    fused = ranker.fuse({"dense": np.array([0.5, 0.7, 0.6]), "bm25": np.array([3.0, 1.0, 2.0]),
                         "sentence": np.array([9.0, 0.0, 0.0])})  # weight 0: adds nothing
    assert fused.tolist() == pytest.approx([0 + 2, 1 + 0, 0.5 + 1])
    assert rescale(np.array([4.0, 4.0])).tolist() == [0, 0]  # cannot tell them apart


def test_a_ranker_file_round_trips_and_names_every_signal(tmp_path):
    shipped = Ranker.load()
    assert shipped.name and set(shipped.to_json()["weights"]) == set(signals.NAMES)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(shipped.to_json()))
    assert Ranker.load(path) == shipped
    bad = shipped.to_json()
    bad["weights"]["no_such_signal"] = 1.0
    path.write_text(json.dumps(bad))
    with pytest.raises(ValueError, match="no_such_signal"):
        Ranker.load(path)



def quoted_candidates(question: str) -> Candidates:
    texts = ["The Hear Me Out groups meet monthly; children are seen.", "Inspectors were carefreely told.",
             "Young people hear about the plan; me too. Children are seen.", "HEAR ME OUT, said one."]
    texts += [f"Filler passage {i}: children are seen." for i in range(6)]
    chunks = [Chunk(i, "r.txt", "Report", None, t, 1, 1, 0, len(t)) for i, t in enumerate(texts)]
    zeros = np.zeros(len(texts))
    return Candidates(Query.parse(question, BM25), chunks, np.zeros(len(texts), int), dense=zeros, bm25=zeros,
                      sentence=zeros, named_report=zeros.astype(bool), definition=zeros.astype(bool))


def test_the_quoted_signal_is_the_share_of_quoted_phrases_a_passage_holds_as_whole_words():
    out = compute(quoted_candidates("What are the ‘Hear Me Out’ groups and what is 'Carefree'?"))
    # the first and fourth hold "hear me out" (any case); "carefreely" is not 'Carefree'
    assert out["quoted"].tolist() == [0.5, 0, 0, 0.5] + [0] * 6
    assert compute(quoted_candidates("What are the hear me out groups?"))["quoted"].tolist() == [0] * 10


def test_a_quoted_phrase_most_candidates_hold_tells_nothing():
    # 'children are seen' is in 8 of the 10 passages (> COMMON_QUOTE): only 'hear me out' counts
    out = compute(quoted_candidates("Where are 'children are seen' and 'Hear Me Out' both said?"))
    assert out["quoted"].tolist() == [1, 0, 0, 1] + [0] * 6
    assert compute(quoted_candidates("Where are 'children are seen'?"))["quoted"].tolist() == [0] * 10
