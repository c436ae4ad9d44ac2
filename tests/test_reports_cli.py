"""`askncpi reports` / `followup` and the currency line on cards, as a user meets them:
two inspections of one council written as real PDFs, indexed by the real CLI."""

from __future__ import annotations

import json

import pytest
from pdfgen import write_pdf
from test_cli import run

OLD = [["London Borough of Barking and", "Dagenham",
        "Inspection of services for children in need of help and",
        "protection, children looked after and care leavers",
        "Inspection date: 29 April - 22 May 2014", "Report published: 7 July 2014",
        "The overall judgement is inadequate",
        "1. Children who need help and protection Inadequate",
        "2. Children looked after and achieving permanence Requires improvement",
        "3. Leadership, management and governance Inadequate"],
       ["What does the local authority need to improve?", "Areas for improvement",
        "1. Ensure that return home interviews are offered to every child who goes missing.",
        "2. Improve the timeliness of initial child protection conferences.",
        "Summary for children and young people",
        "Social workers visit children often."]]
NEW = [["Inspection of Barking and Dagenham children's services",
        "Inspection dates: 10 to 21 July 2023", "Judgement Grade",
        "The impact of leaders on social work practice with children and families Good",
        "The experiences and progress of children who need help and protection Good",
        "The experiences and progress of children in care Good",
        "The experiences and progress of care leavers Outstanding",
        "Overall effectiveness Good"],
       ["What needs to improve?", "- none", "Return home interviews are now offered to every child who goes",
        "missing, and the information from them is used to plan the child's safety.",
        "Initial child protection conferences are held within 15 working days."]]


@pytest.fixture
def two_inspections(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "bd-2014.pdf", OLD)
    write_pdf(corpus / "bd-2023.pdf", NEW)
    env = {"ASKNCPI_CORPUS": str(corpus), "ASKNCPI_INDEX": str(tmp_path / "index")}
    r = run(["index"], tmp_path, env)
    assert r.returncode == 0, r.stderr
    return tmp_path, env


def test_reports_lists_each_inspection_with_grades_pages_and_what_superseded_it(two_inspections):
    cwd, env = two_inspections
    r = run(["reports", "--json"], cwd, env)
    assert r.returncode == 0, r.stderr
    rows = {row["doc"]: row for row in map(json.loads, r.stdout.splitlines())}
    old, new = rows["bd-2014.pdf"], rows["bd-2023.pdf"]
    assert old["organisation"] == new["organisation"] == "Barking and Dagenham"
    assert (old["framework"], old["inspection_end"], old["published"]) == ("sif", "2014-05-22", "2014-07-07")
    assert {j["area"]: (j["grade"], j["page"]) for j in old["judgements"]} == {
        "overall": ("inadequate", 1), "help_and_protection": ("inadequate", 1),
        "children_in_care": ("requires improvement", 1), "leadership": ("inadequate", 1)}
    assert [(x["text"][:24], x["page"]) for x in old["recommendations"]] == [
        ("Ensure that return home ", 2), ("Improve the timeliness o", 2)]
    assert old["superseded_by"] == {"doc": "bd-2023.pdf", "framework": "ilacs", "date": "2023-07-21"}
    assert new["superseded_by"] is None and new["published"] is None
    assert {j["area"]: j["grade"] for j in new["judgements"]}["care_leavers"] == "outstanding"

    r = run(["reports", "--judgement", "inadequate", "--csv"], cwd, env)
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("Barking and Dagenham,2014-05-22,sif,inadequate")
    r = run(["reports", "--since", "2020", "--json"], cwd, env)
    assert [json.loads(x)["doc"] for x in r.stdout.splitlines()] == ["bd-2023.pdf"]
    r = run(["reports", "bd-2014"], cwd, env)
    shown = " ".join(r.stdout.split())
    assert "The overall judgement is: inadequate · p. 1" in shown
    assert "newer: Ofsted ILACS, July 2023" in shown


def test_cards_carry_the_inspection_date_and_a_newer_inspection(two_inspections):
    cwd, env = two_inspections
    r = run(["query", "--json", "--doc", "bd-2014", "-k", "1", "return home interviews"], cwd, env)
    hit = json.loads(r.stdout)["hits"][0]
    assert hit["doc"] == "bd-2014.pdf" and hit["inspection_date"] == "2014-05-22"
    assert hit["superseded_by"]["doc"] == "bd-2023.pdf"
    r = run(["query", "--doc", "bd-2014", "-k", "1", "return home interviews"], cwd, env)
    assert "inspected May 2014 · newer: Ofsted ILACS, July 2023 (bd-2023.pdf)" in " ".join(r.stdout.split())


def test_followup_cites_the_next_inspection_for_each_recommendation(two_inspections):
    cwd, env = two_inspections
    r = run(["followup", "--json", "bd-2014"], cwd, env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["next"] == "bd-2023.pdf" and len(out["items"]) == 2
    assert all(e["doc"] == "bd-2023.pdf" for item in out["items"] for e in item["evidence"])
    r = run(["followup", "bd-2023"], cwd, env)
    assert r.returncode != 0 and "no later inspection" in r.stderr


def test_grade_question_gets_the_judgement_line_or_says_no_inspection_that_year(two_inspections):
    cwd, env = two_inspections
    r = run(["query", "--json", "-k", "3", "barking and dagenham 2014: what was the overall grade?"], cwd, env)
    out = json.loads(r.stdout)
    top = out["hits"][0]
    assert not out["abstained"] and top["doc"] == "bd-2014.pdf" and top["page"] == 1
    assert top["best_sentence"].startswith("The overall judgement is inadequate")
    assert top["signals"] == {"record_judgement": 1.0}
    r = run(["query", "--json", "barking and dagenham 2019: what was the overall grade?"], cwd, env)
    out = json.loads(r.stdout)
    assert out["abstained"] and out["abstain_reason"] == "record_year"
    assert "no 2019 inspection of Barking and Dagenham" in out["note"]
    r = run(["query", "--json", "--without", "record_judgement", "--without", "record_year",
             "barking and dagenham 2019: what was the overall grade?"], cwd, env)
    assert json.loads(r.stdout)["abstain_reason"] != "record_year"


def test_care_leavers_graded_with_children_in_care_count_for_the_care_leavers_area():
    """ILACS 2018-22 grades "children in care and care leavers" as one judgement: `--area
    "care leavers"` keeps that inspection, and its table and CSV rows give the grade."""
    from askncpi.catalogue import Catalogue
    from askncpi.records import InspectionRecord, Judgement
    from askncpi.render_records import records_table

    both = Judgement("children_in_care", "The experiences and progress of children in care and care leavers",
                     "good", "Good", 1)
    alone = Judgement("children_in_care", "Children looked after and achieving permanence", "good", "Good", 1)
    recs = {d: InspectionRecord(d, "Ofsted", "Hackney", "hackney", "ilacs", None, end, None, (j,))
            for d, end, j in (("h-2019.pdf", "2019-11-22", both), ("h-2016.pdf", "2016-07-28", alone))}
    rows = {r.record.doc: r for r in Catalogue(recs).rows()}
    assert rows["h-2019.pdf"].grade("care_leavers") == "good"
    assert rows["h-2016.pdf"].grade("care_leavers") is None  # looked after only: no care leavers grade
    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(records_table([rows["h-2019.pdf"]], "care_leavers"))
    assert "Good p.1" in console.export_text()
