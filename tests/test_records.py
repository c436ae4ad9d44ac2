"""records.py and organisations.py on small report-shaped texts."""

from __future__ import annotations

from askncpi.organisations import display_name, org_key
from askncpi.records import extract_record, last_date, record_from_json
from askncpi.types import Document, Page


def doc(*pages: str, name: str = "r.pdf") -> Document:
    return Document(doc=name, title="t", kind="pdf", pages=tuple(Page(i + 1, t) for i, t in enumerate(pages)))


ILACS_P1 = """Inspection of Barking and Dagenham
children’s services
Inspection dates: 10 to 21 July 2023
Lead inspector: A Person, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement to be good
The experiences and progress of
children who need help and protection
Requires improvement to be good
The experiences and progress of
children in care
Requires improvement to be good
The experiences and progress of care
leavers
Good
Overall effectiveness Requires improvement to be good
Children in care get good support from workers who know them well.
"""

ILACS_P2 = """What needs to improve?
• Timeliness of strategy meetings.
• The capacity, quality, consistency and impact of supervision and management
oversight.
• Life-story work and permanency planning.
The experiences and progress of children who need help and
protection: requires improvement to be good
1. Children and families have access to a good range of early help.
"""


def test_ilacs_judgements_dates_and_what_needs_to_improve():
    r = extract_record(doc(ILACS_P1, ILACS_P2))
    assert r.framework == "ilacs" and r.inspectorate == "Ofsted"
    assert r.organisation == "Barking and Dagenham" and r.org_key == "barking and dagenham"
    assert r.inspection_dates == "10 to 21 July 2023" and r.inspection_end == "2023-07-21"
    assert r.published is None  # not stated: never guessed
    grades = {j.area: (j.grade, j.page) for j in r.judgements}
    assert grades == {"leadership": ("requires improvement", 1), "help_and_protection": ("requires improvement", 1),
                      "children_in_care": ("requires improvement", 1), "care_leavers": ("good", 1),
                      "overall": ("requires improvement", 1)}
    assert r.overall is not None and r.overall.verbatim == "Requires improvement to be good"
    assert [x.text for x in r.recommendations] == [
        "Timeliness of strategy meetings.",
        "The capacity, quality, consistency and impact of supervision and management oversight.",
        "Life-story work and permanency planning."]
    assert {x.page for x in r.recommendations} == {2}


SIF_P1 = """London Borough of Barking and
Dagenham
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children
board1
Inspection date: 29 April – 22 May 2014
Report published: 7 July 2014
The overall judgement is that children’s services require
improvement
1. Children who need help and protection Requires
Improvement
2. Children looked after and achieving
permanence
Inadequate
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers requires improvement
3. Leadership, management and governance requires improvement
"""

SIF_P5 = """27. The board has developed good communication.
What does the local authority need to improve?
Priority and immediate action
Workforce
28. Ensure that sufficient checks are undertaken before any
unplanned removal of children.
Quality of practice
29. Improve the quality of referrals:
• by partner agencies; and
• by schools.
The local authority’s strengths
30. Early help services are well targeted.
"""

SIF_P9 = """The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board is good
What does the LSCB need to improve?
Areas for improvement
101. Develop a single overarching plan.
Inspection findings – the Local Safeguarding Children Board
102. An experienced chair leads the board.
"""


def test_sif_cover_numbered_lists_subheadings_and_lscb():
    r = extract_record(doc(SIF_P1, "Contents", "x", "y", SIF_P5, "z", "z", "z", SIF_P9))
    assert r.framework == "sif"
    assert r.organisation == "Barking and Dagenham"
    assert (r.inspection_end, r.published) == ("2014-05-22", "2014-07-07")
    grades = {j.area: (j.grade, j.page) for j in r.judgements}
    assert grades["overall"] == ("requires improvement", 1)
    assert grades["children_in_care"] == ("inadequate", 1)
    assert grades["adoption"] == ("good", 1)
    assert grades["lscb"] == ("good", 9)
    recs = [(x.text[:30], x.page, x.addressed_to) for x in r.recommendations]
    assert recs == [("Ensure that sufficient checks ", 5, "local authority"),
                    ("Improve the quality of referra", 5, "local authority"),
                    ("Develop a single overarching p", 9, "lscb")]
    assert "• by schools." in r.recommendations[1].text  # sub-points stay with their item


def test_prose_is_never_a_judgement():
    text = ("Inspection of Kent children’s services\nJudgement Grade\n"
            "Many children who need help and protection are good at\nsaying what they need.\n"
            "Overall, children in care good outcomes are rare.\n")
    r = extract_record(doc(text))
    assert r.judgements == ()


def test_2013_grade_lines_and_case_file_counts():
    lac = doc("Inspection of looked after children\nservices\nKent County Council\nInspection dates: 15 – 19 July 2013\n",
              "Overall effectiveness of services for looked after children and young people Grade 3 (Adequate)\n"
              "11. The overall effectiveness is adequate.\nCapacity to improve Grade 2 (Good)\n")
    r = extract_record(lac)
    assert r.framework == "lac-2013" and r.organisation == "Kent" and r.inspection_end == "2013-07-19"
    assert {j.area: (j.grade, j.page) for j in r.judgements} == {
        "overall": ("adequate", 2), "capacity_to_improve": ("good", 2)}
    police = doc("Foreword\nHMICFRS child protection inspection of Merseyside Police, which took place in April 2018.\n",
                 "Cases assessed involving missing children\nChildren taken to a place of safety under section 46\n"
                 "of the Children Act 1989:\n• 1 good\n• 7 requires improvement\n• 2 inadequate\n")
    r = extract_record(police)
    assert r.framework == "ncpi" and r.inspectorate == "HMICFRS" and r.inspection_end == "2018-04"
    (j,) = r.judgements
    assert j.counts == {"good": 1, "requires improvement": 7, "inadequate": 2} and j.page == 2
    assert j.label == "Children taken to a place of safety under section 46 of the Children Act 1989"
    assert j.grade is None


def test_record_round_trips_through_json():
    r = extract_record(doc(ILACS_P1, ILACS_P2))
    assert record_from_json(r.to_json()) == r


def test_organisation_names_merge_the_same_council():
    forms = ["London Borough of Barking and Dagenham", "Barking and Dagenham", "Barking & Dagenham Council"]
    assert {org_key(f) for f in forms} == {"barking and dagenham"}
    assert org_key("Kingston upon Hull City Council") == org_key("Hull") == "hull"
    assert org_key("St. Helens Metropolitan Borough Council") == org_key("St Helens")
    assert org_key("Rotherham Metropolitan Borough Council local authority") == "rotherham"
    assert org_key("Kingston upon Thames") != org_key("Richmond upon Thames")
    assert display_name("Royal Borough of Kingston upon Thames") == "Kingston upon Thames"


def test_last_date_reads_the_forms_reports_use():
    assert last_date("18 Feb 2014 – 12 March 2014") == "2014-03-12"
    assert last_date("1/06/2015 – 25/06/2015") == "2015-06-25"
    assert last_date("9–24 November 2017") == "2017-11-24"
    assert last_date("no date") is None
