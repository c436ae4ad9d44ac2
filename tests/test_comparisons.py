"""comparisons.py: a question comparing two inspections is answered from the later report."""

from __future__ import annotations

from askncpi import comparisons, judgements
from askncpi.records import InspectionRecord, Judgement
from askncpi.types import Answer, Chunk, Hit, Sentence


def rec(doc: str, end: str, grade: str) -> InspectionRecord:
    return InspectionRecord(doc=doc, inspectorate="Ofsted", organisation="Barnet", org_key="barnet",
                            framework="ilacs", inspection_dates=None, inspection_end=end, published=None,
                            judgements=(Judgement("overall", "Overall effectiveness", grade, grade.capitalize(), 1),))


def chunk(id_: int, doc: str, page: int, *sentences: str) -> Chunk:
    text, spans, at = "", [], 0
    for s in sentences:
        spans.append(Sentence(at, at + len(s), page))
        text += s + " "
        at = len(text)
    return Chunk(id=id_, doc=doc, title=doc, section=None, text=text.strip(), page_start=page, page_end=page,
                 char_start=0, char_end=len(text), sentences=tuple(spans))


OLD, NEW = rec("barnet-2016.pdf", "2016-05-01", "inadequate"), rec("barnet-2019.pdf", "2019-06-01", "good")
TABLE = chunk(1, "barnet-2019.pdf", 1, "Judgement Grade", "Overall effectiveness Good")
RECALL = chunk(2, "barnet-2019.pdf", 2, "Leaders have worked hard.",
               "Services were judged inadequate at the previous inspection in 2016.")
OTHER = chunk(3, "barnet-2016.pdf", 9, "Care leavers told inspectors they feel supported.")
CHUNKS = {"barnet-2019.pdf": [TABLE, RECALL], "barnet-2016.pdf": [OTHER]}


def of(chunks: dict[str, list[Chunk]]):
    return lambda r: chunks.get(r.doc, [])
BEFORE = Answer("q", (Hit(1, 0.9, OTHER, 9), Hit(2, 0.8, TABLE, 1)), abstained=False)


def test_a_comparison_names_two_years_and_asks_how_they_compare():
    assert comparisons.compares("Did Barnet get better or worse between the 2016 and 2019 inspections?")
    assert comparisons.compares("Leeds: overall grade in 2015 versus 2022?")
    assert not comparisons.compares("Barnet 2019: how many children were in care?")  # one year
    assert not comparisons.compares("How many children were in care in 2016 and 2019?")  # no comparing word
    assert comparisons.compares("Barnet was inadequate in 2016: had it recovered by the next inspection?")
    assert not comparisons.compares("Barnet 2016: what did the inspection find?")
    assert comparisons.compares("Barnet was judged outstanding in 2019: did it keep that rating?")
    assert comparisons.compares("Barnet was inadequate in 2016. Had it recovered when Ofsted next inspected?")
    # one fact of one report, though two inspections are named
    assert not comparisons.compares("Barnet was inadequate in 2014. In the 2017 report, what was the name of its "
                                    "exploitation team?")


def test_the_later_reports_sentence_recalling_the_earlier_inspection_comes_first():
    after = comparisons.comparison_first(BEFORE, "Had Barnet improved by 2019 after its 2016 inspection?",
                                         [OLD, NEW], of(CHUNKS), judgements.years_of)
    top = after.hits[0]
    assert top.chunk.id == 2 and top.page == 2 and top.rank == 1
    assert top.best_sentence is not None
    assert RECALL.text[top.best_sentence[0]:top.best_sentence[1]].startswith("Services were judged inadequate")
    assert dict(top.signals) == {comparisons.NAME: 1.0}
    assert [h.chunk.id for h in after.hits] == [2, 3]


def test_without_such_a_sentence_the_later_reports_own_grade_comes_first():
    chunks = {"barnet-2019.pdf": [TABLE], "barnet-2016.pdf": [OTHER]}
    after = comparisons.comparison_first(BEFORE, "Barnet: grade in 2016 versus 2019?", [OLD, NEW], of(chunks),
                                         judgements.years_of)
    assert after.hits[0].chunk.id == 1 and after.hits[0].page == 1


def test_the_next_inspection_after_the_year_named_is_the_later_one():
    newest = rec("barnet-2023.pdf", "2023-06-01", "outstanding")
    assert comparisons.later_record([newest, NEW, OLD], "Barnet was inadequate in 2016. Had it recovered by its "
                                    "next inspection?", judgements.years_of) == NEW
    after = comparisons.comparison_first(BEFORE, "Barnet was inadequate in 2016. Had it recovered by its next "
                                         "inspection?", [OLD, NEW], of(CHUNKS), judgements.years_of)
    assert after.hits[0].chunk.id == 2


def test_a_question_on_one_inspection_is_left_alone():
    assert comparisons.comparison_first(BEFORE, "Barnet 2019 versus the national average?", [OLD, NEW], of(CHUNKS),
                                        judgements.years_of) == BEFORE
