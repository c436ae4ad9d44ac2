"""Figures a question writes one way and a report another ("a fifth" / "one in five")."""

from pathlib import Path

import pytest

from askncpi.build import update_index
from askncpi.embedder import HashingEmbedder
from askncpi.figures import figure_synonyms
from askncpi.lexical import Bm25Index, tokenize
from askncpi.query import Query
from askncpi.search import Searcher
from askncpi.store import IndexStore

REPORT = ["One in five children in care is not registered with a dentist.",
          "Most children in care are registered with a doctor and see a dentist each year.",
          "The front door is staffed from 7am to 7pm, seven days a week.",
          "Staff work from early in the morning until late at night on busy days.",
          "Social workers visit children every two weeks.",
          "Twelve foster carers were approved this year."]


def forms(question: str) -> set[str]:
    return {s.surface for s in figure_synonyms(question)}


def test_fractions_shares_and_one_in_n_stand_for_each_other():
    assert {"one in five", "20%"} <= forms("Where was about a fifth of children without a dentist?")
    assert {"a fifth", "one in five"} <= forms("Where were 20% of children without a dentist?")
    assert {"a third", "33%"} <= forms("Which council said one in three care leavers had no job?")
    assert "a quarter" in forms("Where were 25 per cent of plans late?")


def test_times_of_day_and_durations_have_their_other_forms():
    assert {"7am", "7pm"} <= forms("Which team works from 7 in the morning until 7 at night?")
    assert "8 in the morning" in forms("Which team opens at 8am?")
    assert {"two weeks", "14 days"} <= forms("Who is visited every fortnight?")


def test_no_other_form_for_a_year_a_count_a_share_with_no_fraction_or_the_word_one():
    assert forms("What did Hackney's 2019 inspection find?") == set()
    assert forms("Which council approved twelve foster carers in 10 months?") == set()
    assert forms("Where were 42% of plans late?") == set()
    assert forms("What was the one area for improvement?") == set()


def test_a_sentence_with_the_other_form_covers_the_question_and_bm25_finds_it():
    bm25 = Bm25Index.build(REPORT + ["A fifth of assessments were late."])  # "fifth" is a word the reports use
    q = Query.parse("Where was about a fifth of children in care not registered with a dentist?", bm25)
    with_figures = q.with_figures()
    first = set(tokenize(REPORT[0]))
    assert with_figures.coverage(first) > q.coverage(first)
    assert with_figures.coverage(first) == 1.0
    plain_scores = bm25.term_scores(q.lexical_terms())
    scores = bm25.term_scores(with_figures.lexical_terms())
    assert scores[0] > plain_scores[0]  # "one in five" now counts for "a fifth"
    assert scores[1] == pytest.approx(plain_scores[1])  # the sentence on doctors gains nothing
    assert with_figures.dense_text() == q.dense_text()  # the embedder sees the question as written


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    from pdfgen import write_pdf

    root: Path = tmp_path_factory.mktemp("figures")
    corpus = root / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "council-inspection.pdf", [REPORT[:2], REPORT[2:4], REPORT[4:]])
    update_index(corpus, IndexStore(root / "index"), embedder_name="hashing")
    return root / "index"


def cited(searcher: Searcher, question: str) -> str:
    hit = searcher.ask(question).hits[0]
    return hit.chunk.text[slice(*hit.best_sentence)]


def test_the_sentence_writing_the_figure_the_other_way_is_cited_unless_switched_off(index):
    question = "Which team is staffed from 7 in the morning until 7 at night?"
    assert "7am to 7pm" in cited(Searcher(IndexStore(index), embedder=HashingEmbedder()), question)
    assert "early in the morning" in cited(Searcher(IndexStore(index), embedder=HashingEmbedder(),
                                                     disabled=["figure_forms"]), question)
