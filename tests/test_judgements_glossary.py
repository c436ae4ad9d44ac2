"""judgements.py (grades answered from the record) and glossary.py on tiny fixtures."""

from __future__ import annotations

import numpy as np

from askncpi import glossary, judgements
from askncpi.records import InspectionRecord, Judgement
from askncpi.types import Answer, Chunk, Hit, Sentence


def rec(doc: str, end: str, *grades: tuple[str, str, str, int]) -> InspectionRecord:
    return InspectionRecord(doc=doc, inspectorate="Ofsted", organisation="Barnet", org_key="barnet",
                            framework="ilacs", inspection_dates=None, inspection_end=end, published=None,
                            judgements=tuple(Judgement(a, label, g, g.capitalize(), p) for a, label, g, p in grades))


def chunk(id_: int, doc: str, text: str, page: int) -> Chunk:
    return Chunk(id=id_, doc=doc, title=doc, section=None, text=text, page_start=page, page_end=page,
                 char_start=0, char_end=len(text), sentences=(Sentence(0, len(text), page),))


def test_asked_areas_reads_the_grade_and_the_area_asked():
    assert judgements.asked_areas("Barnet children's services in 2017: what was the overall grade?") == ["overall"]
    assert judgements.asked_areas("Westminster care leavers 2025: what grade?") == ["care_leavers"]
    assert judgements.asked_areas("How good was the leadership of Leeds, rated by Ofsted?") == ["leadership"]
    assert judgements.asked_areas("Leeds 2022: still outstanding?") == ["overall"]
    assert judgements.asked_areas("How many children were in care in Leeds?") == []
    assert judgements.asked_areas("What did inspectors find about return home interviews?") == []


def test_chosen_records_by_year_else_the_latest():
    old = rec("barnet-2017.pdf", "2017-05-18")
    new = rec("barnet-2024.pdf", "2024-03-01")
    assert judgements.chosen_records([new, old], "Barnet 2017: overall grade?") == []  # no judgements
    old = rec("barnet-2017.pdf", "2017-05-18", ("overall", "The overall judgement is", "inadequate", 1))
    new = rec("barnet-2024.pdf", "2024-03-01", ("overall", "Overall effectiveness", "good", 1))
    assert judgements.chosen_records([new, old], "Barnet 2017: overall grade?") == [old]
    assert judgements.chosen_records([new, old], "Barnet's grade?") == [new]
    assert judgements.chosen_records([new, old], "Barnet: grades in 2017 and 2024?") == [old, new]


def test_a_grade_asked_of_a_year_no_inspection_covers():
    r = InspectionRecord("kirklees-25-november-2016.pdf", "Ofsted", "Kirklees", "kirklees", "sif",
                         "22 August 2016 to 15 September 2016", "2016-09-15", "2016-11-25")
    assert judgements.years_of(r) == {"2016"}
    assert judgements.uncovered_year([r], "kirklees 2023 ofsted leadership grade") == "2023"
    assert judgements.uncovered_year([r], "kirklees 2016 ofsted leadership grade") is None
    assert judgements.uncovered_year([r], "kirklees leadership grade") is None  # no year asked
    assert judgements.uncovered_year([r], "what did kirklees do about neglect in 2023?") is None  # no grade asked


def test_named_in_matches_whole_words_longest_name_first():
    a = InspectionRecord("ns.pdf", "Ofsted", "North Somerset", "north somerset", "sif", None, "2017-01", None)
    b = InspectionRecord("s.pdf", "Ofsted", "Somerset", "somerset", "sif", None, "2015-01", None)
    assert judgements.named_in("north somerset 2017: overall grade?", [a, b]) == [a]
    assert judgements.named_in("Somerset: overall grade?", [a, b]) == [b]
    assert judgements.named_in("Somersetshire grade?", [a, b]) == []


def test_judgement_first_puts_the_judgement_line_first_as_a_card():
    r = rec("barnet-2024.pdf", "2024-03-01", ("overall", "Overall effectiveness", "good", 1),
            ("care_leavers", "The experiences and progress of care leavers", "outstanding", 1))
    table = ("Judgement Grade\nThe experiences and progress of care\nleavers Outstanding\n"
             "Overall effectiveness Good\nBarnet has improved.")
    other = chunk(2, "barnet-2024.pdf", "Care leavers told inspectors they feel supported.", 5)
    first = chunk(1, "barnet-2024.pdf", table, 1)
    third = chunk(3, "barnet-2024.pdf", "Leaders know the service well.", 6)
    before = Answer("q", (Hit(1, 0.9, other, 5), Hit(2, 0.8, third, 6)), abstained=True, note="no passage",
                    abstain_reason="x")
    after = judgements.judgement_first(before, "Barnet care leavers: what grade?", [r],
                                       {"barnet-2024.pdf": [other, first]})
    top = after.hits[0]
    assert top.chunk.id == 1 and top.page == 1 and top.rank == 1 and not after.abstained
    assert top.best_sentence is not None
    assert table[top.best_sentence[0]:top.best_sentence[1]].endswith("Outstanding")
    assert dict(top.signals) == {judgements.NAME: 1.0}
    assert [h.chunk.id for h in after.hits] == [1, 2]  # as many cards as asked for: the last gives way
    untouched = judgements.judgement_first(before, "Barnet care leavers: how are they supported?", [r],
                                           {"barnet-2024.pdf": [other, first]})
    assert untouched == before


def test_a_grade_asked_of_an_area_the_inspection_did_not_grade_is_refused():
    r = rec("barnet-2024.pdf", "2024-03-01", ("overall", "Overall effectiveness", "good", 1),
            ("children_in_care", "The experiences and progress of children in care", "good", 1))
    card = chunk(1, "barnet-2024.pdf", "Adoption support is strong.", 4)
    before = Answer("q", (Hit(1, 0.9, card, 4),))
    refused = judgements.judgement_first(before, "What grade did Barnet's adoption service get in 2024?", [r],
                                         {"barnet-2024.pdf": [card]})
    assert refused.abstained and refused.abstain_reason == judgements.AREA_CHECK
    assert "no separate grade for adoption" in (refused.note or "") and "children in care" in (refused.note or "")
    assert refused.hits == before.hits  # the closest passages are still shown
    # switched off; an area it did grade; the overall grade: not refused
    assert not judgements.judgement_first(before, "What grade did Barnet's adoption service get in 2024?", [r],
                                          {"barnet-2024.pdf": [card]}, check_area=False).abstained
    assert judgements.ungraded_area([r], "How was Barnet rated for children in care in 2024?") is None
    assert judgements.ungraded_area([r], "What grade did Barnet get in 2024?") is None
    # with no year asked, the last inspection that graded adoption answers
    older = rec("barnet-2016.pdf", "2016-05-01", ("overall", "Overall effectiveness", "good", 1),
                ("adoption", "Adoption performance", "outstanding", 1))
    table = chunk(7, "barnet-2016.pdf", "Judgement Grade\nAdoption performance Outstanding\n", 1)
    assert judgements.ungraded_area([r, older], "What grade did Barnet's adoption service get?") is None
    answered = judgements.judgement_first(before, "What grade did Barnet's adoption service get?", [r, older],
                                          {"barnet-2016.pdf": [table]})
    assert not answered.abstained and answered.hits[0].chunk.doc == "barnet-2016.pdf"
    assert judgements.ungraded_area([r, older], "What grade did Barnet's adoption service get in 2024?") == "adoption"
    # an inspection that grades cases, not areas (HMICFRS), tells nothing either
    ncpi = rec("merseyside-2018.pdf", "2018-03-01", ("force_assessment", "Force assessment", "22 good", 4))
    assert judgements.ungraded_area([ncpi], "How many child protection cases were rated inadequate in 2018?") is None
    # a record with no grades read from it tells nothing
    assert judgements.ungraded_area([rec("barnet-2024.pdf", "2024-03-01")], "Barnet adoption grade 2024?") is None


def test_glossary_keeps_long_forms_and_where_each_report_defines_them():
    a = chunk(1, "a.pdf", "Referrals go to the multi-agency safeguarding hub (MASH) first.", 3)
    b = chunk(2, "b.pdf", "The multi-agency safeguarding hubs (MASH) and registered sex offenders (RSOs).", 7)
    entries = glossary.build([a, b])
    assert set(entries) == {"MASH", "RSO"}
    assert entries["MASH"].long == "multi-agency safeguarding hub" and entries["MASH"].reports == 2
    assert [(d.doc, d.page) for d in entries["MASH"].definers] == [("a.pdf", 3), ("b.pdf", 7)]
    assert [e.short for e in glossary.lookup(entries, "rsos")] == ["RSO"]
    assert [e.short for e in glossary.lookup(entries, "safeguarding hub")] == ["MASH"]
    assert glossary.lookup(entries, "fostering") == []


def test_recommendation_questions_are_told_from_other_questions():
    from askncpi import recommended

    assert recommended.asks_recommendation("What did Ofsted tell Darlington in 2018 about changes of social worker?")
    assert recommended.asks_recommendation("What did Ofsted recommend for care leavers in Leeds?")
    assert recommended.asks_recommendation("Essex 2023 - was there anything Ofsted still wanted it to improve?")
    assert not recommended.asks_recommendation("Darlington 2018: still inadequate, or did they improve?")
    assert not recommended.asks_recommendation("What was the grade for capacity to improve?")
    assert not recommended.asks_recommendation("Which council built its improvement drive around three obsessions?")
    # what people told the inspectors is their view; a when-question asks a date
    assert not recommended.asks_recommendation("What did adopters in Knowsley tell inspectors about being assessed?")
    assert not recommended.asks_recommendation("When will the inspectorate go back to check on the recommendations?")
    assert recommended.asks_recommendation("Was Barnet told to improve supervision?")
    assert recommended.asks_recommendation("Which improvement was asked of Camden in 2017 about visitors?")
    assert not recommended.asks_recommendation("Which improvement drive did Camden start?")


def test_recommendation_first_cites_the_closest_item_or_the_list_start():
    from askncpi import recommended
    from askncpi.records import Recommendation
    from askncpi.types import Sentence

    text = ("What needs to improve?\n• Timeliness of strategy meetings.\n"
            "• Oversight of placements in unregistered children's homes.\n• Life-story work for children in care.")
    starts = [text.index("Timeliness"), text.index("Oversight"), text.index("Life-story")]
    ends = [text.index(".", s) + 1 for s in starts]
    c = Chunk(id=7, doc="r.pdf", title="r", section=None, text=text, page_start=2, page_end=2, char_start=0,
              char_end=len(text), sentences=tuple(Sentence(s, e, 2) for s, e in zip(starts, ends)))
    items = (Recommendation("Timeliness of strategy meetings.", 2, "local authority"),
             Recommendation("Oversight of placements in unregistered children's homes.", 2, "local authority"),
             Recommendation("Life-story work for children in care.", 2, "local authority"))
    r = InspectionRecord("r.pdf", "Ofsted", "Barnet", "barnet", "ilacs", None, "2023-07-01", None,
                         recommendations=items)
    other = chunk(9, "r.pdf", "Strategy meetings are mostly timely.", 5)
    before = Answer("q", (Hit(1, 0.9, other, 5),))

    def encode(texts):  # meaning: a fake that knows "unregistered homes" is about item 2
        return np.array([[1.0, 0.0] if "unregistered" in t else [0.0, 1.0] for t in texts])

    q = "What did Ofsted tell Barnet to do about unregistered homes?"
    after = recommended.recommendation_first(before, q, [r], {"r.pdf": [other, c]}, np.array([1.0, 0.0]),
                                             {"barnet"}, encode)
    top = after.hits[0]
    assert top.chunk.id == 7 and top.page == 2 and dict(top.signals) == {recommended.NAME: 1.0}
    assert not after.abstained
    assert text[top.best_sentence[0]:top.best_sentence[1]].startswith("Oversight of placements")
    whole = recommended.recommendation_first(before, "What did Ofsted say Barnet needed to improve?", [r],
                                             {"r.pdf": [other, c]}, np.array([1.0, 0.0]), {"barnet"}, encode)
    assert text[whole.hits[0].best_sentence[0]:].startswith("Timeliness")  # no topic: the list's start
    assert recommended.recommendation_first(before, "How many strategy meetings were late?", [r],
                                            {"r.pdf": [other, c]}, np.array([1.0, 0.0]), {"barnet"}, encode) == before


def test_recommendation_items_are_embedded_once_a_session():
    import types

    import numpy as np

    from askncpi.record_stages import RecordStages

    calls: list[list[str]] = []

    def encode(texts):
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts])

    stages = RecordStages(types.SimpleNamespace(embedder=types.SimpleNamespace(encode=encode)))
    first = stages._encode_items(["Improve visits.", "Reduce caseloads."])
    again = stages._encode_items(["Reduce caseloads.", "Improve visits.", "Audit plans."])
    assert calls == [["Improve visits.", "Reduce caseloads."], ["Audit plans."]]
    assert np.array_equal(again[1], first[0]) and again.shape == (3, 2)


def _barnet_list():
    from askncpi.records import Recommendation
    from askncpi.types import Sentence

    text = ("What needs to improve?\n• Timeliness of strategy meetings.\n"
            "• The out-of-hours service's response to children at risk.")
    starts = [text.index("Timeliness"), text.index("The out")]
    ends = [text.index(".", s) + 1 for s in starts]
    c = Chunk(id=7, doc="r.pdf", title="r", section=None, text=text, page_start=2, page_end=2, char_start=0,
              char_end=len(text), sentences=tuple(Sentence(s, e, 2) for s, e in zip(starts, ends)))
    items = (Recommendation("Timeliness of strategy meetings.", 2, "local authority"),
             Recommendation("The out-of-hours service's response to children at risk.", 2, "local authority"))
    r = InspectionRecord("r.pdf", "Ofsted", "Barnet", "barnet", "ilacs", None, "2023-07-01", None,
                         recommendations=items)
    return r, c


def test_a_recommendation_question_on_a_topic_no_item_is_about_is_refused_with_the_closest_shown():
    from askncpi import recommended

    r, c = _barnet_list()
    before = Answer("q", (Hit(1, 0.9, chunk(9, "r.pdf", "Foster carers are recruited well.", 5), 5),))

    def encode(texts):  # meaning: evenings and weekends are out of hours; fostering is near nothing listed
        return np.array([[1.0, 0.0, 0.0] if ("out-of-hours" in t or "evening" in t) else
                         [0.0, 0.0, 1.0] if "foster" in t else [0.0, 1.0, 0.0] for t in texts])

    def ask(question, below):
        return recommended.recommendation_first(before, question, [r], {"r.pdf": [c]}, np.array([0.0, 1.0, 0.0]),
                                                {"barnet"}, encode, below, lambda rec: "the 2023 inspection of Barnet")

    off = ask("What did Ofsted tell Barnet in 2023 to do about recruiting foster carers?", 0.24)
    assert off.abstained and off.abstain_reason == recommended.TOPIC_CHECK
    assert off.note.startswith("None of the recommendations of the 2023 inspection of Barnet is about "
                               "recruiting foster carers")
    assert off.hits[0].chunk.id == 7 and dict(off.hits[0].signals)[recommended.TOPIC_CHECK] == 0.0
    # the same question with the check switched off (None) is answered with the closest item
    assert not ask("What did Ofsted tell Barnet in 2023 to do about recruiting foster carers?", None).abstained
    # a paraphrase close in meaning to an item, and a topic word an item shares, are answered
    near = ask("What did Ofsted say Barnet needed to improve about evening and weekend cover?", 0.24)
    assert not near.abstained and dict(near.hits[0].signals)[recommended.TOPIC_CHECK] == 1.0  # by meaning
    shared = ask("What was Barnet told to do about strategy meetings?", 0.24)
    assert not shared.abstained and dict(shared.hits[0].signals)[recommended.TOPIC_CHECK] == 1.0
    # "the only area for improvement it was given": no topic, nothing to check
    whole = ask("What was the only area for improvement Barnet was given in July 2023?", 0.24)
    assert not whole.abstained and recommended.TOPIC_CHECK not in dict(whole.hits[0].signals)


def test_a_year_is_recalled_as_an_inspection_only_near_inspection_words():
    from askncpi.judgements import recalls_year

    assert recalls_year("At the last inspection in 2018, services were judged inadequate.", "2018")
    assert recalls_year("In 2018, Wakefield was judged inadequate across all areas.", "2018")
    assert recalls_year("The 2019 focused visit found delays.", "2019")
    assert not recalls_year("A permanent director was appointed in November 2021. Ofsted found progress.", "2021")
    assert not recalls_year("Inspectors found 2,021 referrals.", "2021")


def test_a_recommendations_place_in_the_list_is_not_its_topic():
    from askncpi.lexical import tokenize
    from askncpi.recommended import topic_terms

    assert topic_terms("What was Ofsted's first recommendation for Wirral in 2016?", set(tokenize("wirral"))) == set()
    assert topic_terms("What was the main thing Ofsted told Wirral to fix about care leavers?",
                       set(tokenize("wirral"))) == set(tokenize("care leavers"))
