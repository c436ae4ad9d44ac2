"""Grades answered from the inspection record: the last stage of a search.

A question about how something was judged ("Barnet children's services in 2017: what was the
overall grade?") shares few words with the line that states the grade (a cover-page table
row), so passage ranking rarely puts it first. When the question asks for a grade and names
a report (or is limited to one), the record (records.py) knows the judgement and its page;
this stage finds the passage holding that judgement line and puts it first, as an ordinary
card. Switched off by name: `--without record_judgement`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from .records import InspectionRecord, Judgement
from .types import Answer, Chunk, Hit

NAME = "record_judgement"
YEAR_CHECK = "record_year"  # a grade asked of a year the organisation's inspections do not cover
AREA_CHECK = "record_area"  # a grade asked of an area the chosen inspection did not grade
NAMES = (NAME, YEAR_CHECK, AREA_CHECK)
# How an area is written in a refusal ("gave no separate grade for adoption").
AREA_WORDS = {"care_leavers": "care leavers", "adoption": "adoption", "lscb": "the local safeguarding children board",
              "help_and_protection": "children who need help and protection", "children_in_care": "children in care",
              "leadership": "leadership", "capacity_to_improve": "capacity to improve"}

_ASKS_GRADE = re.compile(
    r"\b(grades?|graded|grading|judge|judged|judgements?|judgments?|rated|ratings?|rating|verdict|"
    r"overall effectiveness|"
    r"(?:still|stay|remain|remained|become|became|now|get|got)\s+(?:outstanding|good|inadequate)|"
    r"(?:was|were|is)\s+(?:it|they|services?|children['’]s services)\s+(?:outstanding|good|inadequate))\b", re.I)
_AREAS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("care_leavers", re.compile(r"\bcare[- ]leavers?\b|\bleaving care\b", re.I)),
    ("adoption", re.compile(r"\badopt", re.I)),
    ("lscb", re.compile(r"\blscb\b|safeguarding children board", re.I)),
    ("help_and_protection", re.compile(r"help and protection|\bneed(?:s|ing)? help\b|\bchild protection\b", re.I)),
    ("children_in_care", re.compile(r"\b(?:children|kids) in care\b|\blooked[- ]after\b|\bin care\b", re.I)),
    ("leadership", re.compile(r"\bleaders?\b|\bleadership\b|\bmanagement\b|\bgovernance\b", re.I)),
    ("capacity_to_improve", re.compile(r"capacity to improve", re.I)),
)
YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")  # a year, as a question or a record writes it


def asked_areas(question: str) -> list[str]:
    """The judgement areas a question asks the grade of ([] when it asks no grade);
    'overall' when it names no area."""
    if not _ASKS_GRADE.search(question):
        return []
    areas = [key for key, pattern in _AREAS if pattern.search(question)]
    if "care_leavers" in areas and "children_in_care" in areas:
        areas.remove("children_in_care")  # "children in care and care leavers": one judgement before 2023
        areas.insert(0, "children_in_care")
    return areas or ["overall"]


def named_in(question: str, records: Sequence[InspectionRecord],
             name_of: dict[str, str] | None = None) -> list[InspectionRecord]:
    """The records of the organisation the question names, by its name as whole words
    (any case: "bristol 2018: how was leadership judged?"); the longest name wins
    ("North Somerset" over "Somerset")."""
    text = " " + " ".join(re.findall(r"[a-z0-9]+", question.lower())) + " "
    best: dict[str, list[InspectionRecord]] = {}
    for r in records:
        for name in {r.organisation, (name_of or {}).get(r.doc)}:
            if not name:
                continue
            key = " " + " ".join(re.findall(r"[a-z0-9]+", name.lower())) + " "
            if len(key) > 3 and key in text:
                best.setdefault(key, []).append(r)
    if not best:
        return []
    longest = max(best, key=len)
    return list({r.doc: r for k, rs in best.items() if k == longest for r in rs}.values())


def chosen_records(records: Sequence[InspectionRecord], question: str,
                   has: Callable[[InspectionRecord], bool] = lambda r: bool(r.judgements)) -> list[InspectionRecord]:
    """Of the named reports (those that `has` what is asked), those of the years the question
    gives (by inspection or publication year), oldest first; with no year, the latest only."""
    dated = sorted((r for r in records if has(r)), key=lambda r: r.date or "")
    years = set(YEAR.findall(question))
    if years:
        return [r for r in dated if years_of(r) & years]
    return dated[-1:]


def years_of(r: InspectionRecord) -> set[str]:
    """The years an inspection can be asked by: when it took place (every year its dates
    name), when it was published, the year its file name gives."""
    years = set(YEAR.findall(r.inspection_dates or "")) | {(r.inspection_end or "")[:4], (r.published or "")[:4],
                                                               _year_of(r.doc)}
    return {y for y in years if y}


def uncovered_year(records: Sequence[InspectionRecord], question: str) -> str | None:
    """The question's year, when it asks a grade or what an inspection told an organisation to
    improve, and the organisation's inspections in the index are all of other years:
    'kirklees 2023 leadership grade' with only Kirklees 2016."""
    from .recommended import asks_recommendation

    asked = set(YEAR.findall(question))
    if not asked or not records or not (asked_areas(question) or asks_recommendation(question)):
        return None
    covered = set().union(*(years_of(r) for r in records))
    missing = sorted(asked - covered)
    return missing[0] if missing and not (asked & covered) else None


_OF_AN_INSPECTION = r"(?:inspect\w*|judged|rated|graded|visit\w*|review\w*|Ofsted|grades?|judgements?)"


def recalls_year(text: str, year: str) -> bool:
    """Whether `text` dates an inspection or its grade by `year`, within one sentence: "at the
    last inspection in 2018", "In 2018, Wakefield was judged inadequate", "the 2019 focused
    visit"; not "a director appointed in November 2021"."""
    at = rf"(?<!\d){re.escape(year)}(?!\d)"
    return bool(re.search(rf"{_OF_AN_INSPECTION}[^.;]{{0,60}}?{at}|{at}[^.;]{{0,60}}?{_OF_AN_INSPECTION}", text,
                          re.I))


def _year_of(doc: str) -> str:
    m = YEAR.findall(doc)
    return m[-1] if m else ""


def judgement_for(record: InspectionRecord, area: str) -> Judgement | None:
    """The record's judgement of `area`; care leavers graded together with children in care
    (ILACS 2018-22: "... children in care and care leavers") answer for either."""
    j = record.judgement(area)
    if j is None and area == "care_leavers":
        j = record.judgement("children_in_care")
        if j is not None and "care leavers" not in j.label.lower():
            j = None
    return j


def locate(chunks: Sequence[Chunk], j: Judgement) -> tuple[Chunk, tuple[int, int]] | None:
    """The passage on the judgement's page whose text holds its label and grade, and the
    span of that line in it."""
    words = j.label.split()[:6]
    label = r"\s+".join(re.escape(w) for w in words)
    grade = r"\s+".join(re.escape(w) for w in j.verbatim.split())
    pattern = re.compile(rf"{label}.{{0,200}}?{grade}", re.I | re.S)
    for c in chunks:
        if not (c.page_start <= j.page <= c.page_end):
            continue
        m = pattern.search(c.text)
        if m:
            return c, (m.start(), m.end())
    return None


def ungraded_area(records: Sequence[InspectionRecord], question: str) -> str | None:
    """The area a grade question asks about when each inspection it picks has grades but none
    for that area: adoption or the LSCB asked of an ILACS inspection (2018+), which grades
    neither. None when the question asks the overall grade, when any picked inspection grades
    it, or when one gives no overall grade (so grades no areas)."""
    areas = [a for a in asked_areas(question) if a != "overall"]
    chosen = chosen_records(records, question)
    if not areas or not chosen or grading_records(records, question):
        return None
    # Only inspections graded area by area (an overall grade and its parts): HMICFRS's case
    # assessments ("22 good, 11 requires improvement") grade no such areas.
    if all(r.overall is not None and all(judgement_for(r, a) is None for a in areas) for r in chosen):
        return areas[0]
    return None


def grading_records(records: Sequence[InspectionRecord], question: str) -> list[InspectionRecord]:
    """The inspections to answer a grade question from: those `chosen_records` picks that
    grade an area it asks about; with no year given, the latest that does ("Camden's adoption
    grade" from its last inspection to grade adoption, not from a later one that grades none)."""
    areas = asked_areas(question)
    return chosen_records(records, question, has=lambda r: any(judgement_for(r, a) for a in areas))


def judgement_first(answer: Answer, question: str, records: Sequence[InspectionRecord],
                    chunks_of: dict[str, list[Chunk]], check_area: bool = True) -> Answer:
    """`answer` with the judgement lines the question asks for as its first cards; refused
    (`record_area`) when the inspection graded no such area (`check_area`)."""
    areas = asked_areas(question)
    if not areas or not records:
        return answer
    area = ungraded_area(records, question) if check_area else None
    if area is not None:
        graded = sorted({AREA_WORDS.get(j.area, j.area) for r in chosen_records(records, question)
                         for j in r.judgements if j.area != "overall"})
        return replace(answer, abstained=True, abstain_reason=AREA_CHECK,
                       note=f"That inspection gave no separate grade for {AREA_WORDS.get(area, area)} (it graded "
                            f"{', '.join(graded) or 'overall effectiveness only'}), so none of its passages can "
                            "answer this.")
    found: list[Hit] = []
    for record in grading_records(records, question):
        for area in areas:
            j = judgement_for(record, area)
            spot = locate(chunks_of.get(record.doc, []), j) if j else None
            if j is None or spot is None:
                continue
            chunk, span = spot
            if any(h.chunk.id == chunk.id and h.best_sentence == span for h in found):
                continue
            found.append(Hit(rank=0, score=answer.hits[0].score if answer.hits else 1.0, chunk=chunk, page=j.page,
                             page_label=chunk.page_label if chunk.page_start == j.page else None,
                             best_sentence=span, matched_terms=(), signals=((NAME, 1.0),)))
    if not found:
        return answer
    ids = {h.chunk.id for h in found}
    rest = [h for h in answer.hits if h.chunk.id not in ids]
    hits = [replace(h, rank=i + 1) for i, h in enumerate(found + rest)][:max(len(answer.hits), len(found))]
    return replace(answer, hits=tuple(hits), abstained=False, note=None, abstain_reason=None)
