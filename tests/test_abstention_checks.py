"""Each abstention check as a small unit: a parsed question, a fake probe, a verdict or none."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from askncpi import abstention
from askncpi.abstention import PERCENTAGE, AbstainSettings, Evidence, decide, fired
from askncpi.fusion import Ranker
from askncpi.lexical import Bm25Index
from askncpi.probe import MONEY
from askncpi.query import Query

# A tiny vocabulary: every question word a report uses, so that no check sees an unknown word.
BM25 = Bm25Index.build(["inspectors find missing children kent police happened how many percentage care leavers work "
                        "social worker vacancy rate cases rate inadequate charity runs advocacy service judiciary "
                        "say unit spend training time hub close 2031 cabinet member chairs board director salary open money reinstate "
                        "average number cases mockingbird fostering model ofsted oct part impressive"])


@dataclasses.dataclass
class FakeProbe:
    """Answers every question a check may ask about the candidates as told."""

    covered: bool = False
    missing: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    counts_ok: bool = True
    names_ok: bool = True
    mentioned: bool = True
    quoted: bool = True
    texts: frozenset[str] = frozenset({"money", "clock_time"})
    percentage_ok: bool = True
    person_ok: bool = True
    dated_ok: bool = True  # a sentence gives a date (or an average's figure)
    phrases: frozenset[str] = frozenset()  # quoted phrases the named reports hold
    own_names: frozenset[str] = frozenset({"kent"})  # words of the named reports' names

    def report_name_words(self, docs):
        return set(self.own_names)

    def fully_covered(self, query, rows):
        return self.covered

    def organisations_without_report(self, query):
        return list(self.missing)

    def years_not_covered(self, query, rows, named):
        return list(self.years)

    def counts(self, query, rows):
        return self.counts_ok

    def names_a(self, kind, rows, query):
        return self.names_ok

    def mentions(self, word, rows):
        return self.mentioned

    def quotes(self, speaker, rows, query):
        return self.quoted

    def has_text(self, rows, kind):
        return kind in self.texts

    def sentence_with(self, query, rows, pattern, cover):
        if pattern is MONEY:
            return "money" in self.texts
        return self.percentage_ok if pattern is PERCENTAGE else self.dated_ok

    def names_person(self, role, rows, query):
        return self.person_ok

    def holds_phrase(self, phrase, docs):
        return phrase in self.phrases


def evidence(question: str, top_dense: float = 0.7, named: bool = True) -> Evidence:
    rows = np.arange(3)
    return Evidence(Query.parse(question, BM25), rows, top_dense, np.array([named, False, False]), [0] if named else [])


def code(question: str, probe: FakeProbe, top_dense: float = 0.7, settings: AbstainSettings | None = None,
         disabled: frozenset[str] = frozenset()) -> str | None:
    verdict = decide(evidence(question, top_dense), probe, settings or AbstainSettings(), disabled)
    return verdict.code if verdict else None


@pytest.mark.parametrize("question,probe,top_dense,expected", [
    ("What did inspectors find about missing children?", FakeProbe(), 0.7, None),
    ("What did inspectors find about missing children?", FakeProbe(), 0.1, "far_in_meaning"),
    ("What did inspectors find about missing children?", FakeProbe(covered=True), 0.1, None),
    ("What did Kent Police do?", FakeProbe(missing=("Kent Police",)), 0.7, "no_report_on"),
    ("What happened in 2031?", FakeProbe(years=(2031,)), 0.7, "year_not_covered"),
    ("How many children were missing?", FakeProbe(counts_ok=False), 0.7, "no_figure"),
    ("How many children were missing?", FakeProbe(), 0.7, None),
    ("What percentage of care leavers were in work?", FakeProbe(percentage_ok=False), 0.7, "no_percentage"),
    ("What was the social worker vacancy rate?", FakeProbe(percentage_ok=False), 0.7, "no_percentage"),
    ("How many cases did the inspectors rate inadequate?", FakeProbe(percentage_ok=False), 0.7, None),  # a verb
    ("Which charity runs the advocacy service?", FakeProbe(names_ok=False), 0.7, "no_name"),
    # a part or an area is described, not named
    ("Which part of the advocacy service did inspectors find impressive?", FakeProbe(names_ok=False), 0.7, None),
    # the answer is an item of the report's list of recommendations, not a name
    ("Which improvement were the inspectors asking for about the advocacy service?", FakeProbe(names_ok=False), 0.7, None),
    ("What did the judiciary say about the service?", FakeProbe(quoted=False), 0.7, "no_quote"),
    ("How much does the unit spend on training?", FakeProbe(texts=frozenset()), 0.7, "no_money"),
    ("What time does the hub close?", FakeProbe(texts=frozenset()), 0.7, "no_clock_time"),
    ("What annual salary was the director paid?", FakeProbe(texts=frozenset()), 0.7, "no_money"),
    ("Who was Kent's cabinet member for children?", FakeProbe(person_ok=False), 0.7, "no_person"),
    ("Who was Kent's cabinet member for children?", FakeProbe(), 0.7, None),
    # a team or a body answers "who does ..." and "who chairs ...": no person's name is asked
    ("Who chairs the board?", FakeProbe(person_ok=False), 0.7, None),
    ("When did the hub open?", FakeProbe(dated_ok=False), 0.7, "no_date"),
    ("When did the hub open?", FakeProbe(), 0.7, None),
    ("What was the average number of cases per social worker?", FakeProbe(dated_ok=False), 0.7, "no_average"),
    # a sum answers it, not a count of "money": no_money decides
    ("How much money did the council reinstate?", FakeProbe(counts_ok=False), 0.7, None),
    ("How much money did the council reinstate?", FakeProbe(counts_ok=False, texts=frozenset()), 0.7, "no_money"),
    # a name the named report never uses; its own name, a month or "Ofsted" is no such name
    ("How does Kent use the Mockingbird fostering model?", FakeProbe(), 0.7, "name_not_in_report"),
    ("How does Kent use the Mockingbird fostering model?", FakeProbe(phrases=frozenset({"mockingbird"})), 0.7, None),
    ("What did Ofsted find about Kent's missing children in Oct 2031?", FakeProbe(), 0.7, None),
])
def test_each_check_fires_on_what_it_looks_for_and_nothing_else(question, probe, top_dense, expected):
    assert code(question, probe, top_dense) == expected


def test_a_check_switched_off_by_name_or_by_the_fit_does_not_fire():
    probe = FakeProbe(counts_ok=False)
    question = "How many children were missing?"
    assert code(question, probe) == "no_figure"
    assert code(question, probe, disabled=frozenset({"no_figure"})) is None
    assert code(question, probe, settings=AbstainSettings(off=frozenset({"no_figure"}))) is None


def test_the_first_check_in_order_decides_and_fired_lists_them_all():
    probe = FakeProbe(counts_ok=False, missing=("Kent Police",))
    e = evidence("How many children did Kent Police find?", top_dense=0.1)
    assert decide(e, probe, AbstainSettings()).code == "no_report_on"
    assert {"no_report_on", "far_in_meaning", "no_figure"} <= set(fired(e, probe, AbstainSettings()))


def test_thresholds_come_from_the_settings():
    question = "What did inspectors find about missing children?"
    assert code(question, FakeProbe(), 0.3) is None
    assert code(question, FakeProbe(), 0.3, settings=AbstainSettings(far_below=0.4)) == "far_in_meaning"


def test_the_message_says_why_in_words_a_reader_follows():
    verdict = decide(evidence("How much does the unit spend on training?"), FakeProbe(texts=frozenset()),
                     AbstainSettings())
    assert verdict is not None and verdict.message.startswith("No passage in the report it names states a sum")


def test_settings_round_trip_through_the_ranker_file_and_refuse_an_unknown_check(tmp_path):
    ranker = dataclasses.replace(Ranker.load(), abstention=AbstainSettings(far_below=0.25, off=frozenset({"no_name"})))
    path = tmp_path / "r.json"
    path.write_text(json.dumps(ranker.to_json()))
    again = Ranker.load(path)
    assert again.abstention == ranker.abstention
    data = ranker.to_json()
    data["abstention"]["off"] = ["no_such_check"]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="no_such_check"):
        Ranker.load(path)


def test_every_check_has_a_unique_name_and_a_description():
    assert len(set(abstention.NAMES)) == len(abstention.CHECKS)
    assert all(c.description for c in abstention.CHECKS)


@pytest.mark.parametrize("sentence,dated", [
    ("Inspection dates: 9 to 13 May 2022", False),  # the question's own month and year
    ("The hub opened in January 2021.", True),
    ("The hub opened in 2020.", True),
    ("The hub has opened over the past six months.", True),
    ("The hub is well used.", False),
])
def test_a_date_other_than_the_questions_own(sentence, dated):
    pattern = abstention.date_pattern("When did Durham open its hub, according to the May 2022 inspection?")
    assert bool(pattern.search(sentence)) is dated


@pytest.mark.parametrize("sentence,share", [
    ("around one in three children in care still does not have a PEP", True),
    ("a third of children", True), ("42% of care leavers", True), ("12 in every 100", True),
    ("one of the children", False), ("three children", False),
])
def test_a_share_in_figures_or_in_words(sentence, share):
    assert bool(PERCENTAGE.search(sentence)) is share


def test_a_quoted_name_the_named_report_never_uses_abstains_with_that_name():
    q = "What do Kent Police's 'Care Leavers' officers do for missing children?"
    verdict = decide(evidence(q), FakeProbe(), AbstainSettings())
    assert verdict is not None and verdict.code == "quote_not_in_report" and "'Care Leavers'" in verdict.message
    assert code(q, FakeProbe(phrases=frozenset({"care leavers"}))) is None
    # a question naming no report is not judged by it, nor one that quotes nothing
    assert decide(evidence(q, named=False), FakeProbe(), AbstainSettings()) is None
    assert code("What do Kent Police's officers do for missing children?", FakeProbe()) is None
    assert code(q, FakeProbe(), disabled=frozenset({"quote_not_in_report"})) is None


@pytest.mark.parametrize("question,word", [
    ("What was the average caseload of a social worker?", "caseload"),
    ("What was the average number of cases per social worker?", "case"),
    ("How many cases per worker?", "case"),
    ("What was the average number?", None),
    ("What was the average social worker caseload in Bexley in 2018?", "caseload"),  # the head, not "social"
    ("What is the ratio of registered sex offenders to offender managers?", None),  # the report writes "RSOs"
])
def test_what_an_average_question_averages(question, word):
    assert abstention.averaged(question) == word


def test_an_average_needs_a_sentence_with_a_figure_and_what_is_averaged():
    pattern = abstention.figure_of("caseload")
    assert pattern.search("Caseloads average 18 children.")
    assert pattern.search("The average is 18, and caseloads are manageable.")
    assert not pattern.search("Since 2012, 33 social workers have stayed.")
    assert not pattern.search("Caseloads are manageable.")
    assert abstention.figure_of(None) is abstention.A_FIGURE
