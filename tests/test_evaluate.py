"""`askncpi eval` judges a passage as a reader sees it: its first CARD_CHARS characters."""

from askncpi.evaluate import Gold, Question, Report, judge
from askncpi.types import CARD_CHARS, Answer, Chunk, Hit


def _answer(text: str, page: int = 4, abstained: bool = False) -> Answer:
    chunk = Chunk(id=0, doc="merseyside-2018-ncpi-report.pdf", title="Merseyside", section=None, text=text,
                  page_start=page, page_end=page, char_start=0, char_end=len(text))
    return Answer("q", (Hit(rank=1, score=1.0, chunk=chunk, page=page),), abstained=abstained)


def _question(pages=(4,)) -> Question:
    return Question("d01", "How many visits were overdue?", "number",
                    (Gold("merseyside-2018-ncpi-report", "98 “overdue” visits", tuple(pages)),))


def test_a_passage_answers_when_its_visible_text_holds_the_phrase_after_normalising():
    outcome = judge(_question(), _answer('There were 98  "overdue"\nvisits to RSOs.'))
    assert outcome.rank == 1 and outcome.page_ok


def test_a_phrase_past_what_a_reader_sees_does_not_count():
    outcome = judge(_question(), _answer("x" * CARD_CHARS + ' 98 "overdue" visits'))
    assert outcome.rank is None


def test_a_cited_page_not_among_the_gold_pages_is_wrong():
    assert judge(_question(pages=(5,)), _answer('98 "overdue" visits')).page_ok is False


def test_a_phrase_given_once_per_page_is_right_on_any_of_its_pages():
    golds = tuple(Gold("merseyside-2018-ncpi-report", "98 “overdue” visits", (p,)) for p in (2, 4))
    question = Question("d02", "How many visits were overdue?", "number", golds)
    assert judge(question, _answer('98 "overdue" visits', page=4)).page_ok is True
    assert judge(question, _answer('98 "overdue" visits', page=7)).page_ok is False


def test_an_answerable_question_abstained_on_is_listed_as_missed_even_at_rank_1():
    outcome = judge(_question(), _answer('98 "overdue" visits', abstained=True))
    report = Report([outcome])
    assert outcome.rank == 1 and report.metrics()["abstain_answerable"] == 1.0 and report.missed() == [outcome]
