"""Questions that compare two inspections of one organisation ("Did Hackney get better or
worse between 2016 and 2019?", "Leeds: overall grade in 2015 versus 2022?"), answered from
the later report: it states its own judgement and recalls the earlier one ("Since the last
inspection in 2016, when services were judged to be good, there has been a decline ..."),
so one passage holds both sides. A stage after the ranking, like the grade stage; switched
off by name (`--without record_comparison`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from .judgements import YEAR, judgement_for, locate
from .records import InspectionRecord
from .types import Answer, Chunk, Hit, Sentence

NAME = "record_comparison"
NAMES = (NAME,)

# Words that ask how one inspection stands against another, or what the later one found
# ("Tameside was found inadequate in 2016. What did the 2019 inspection conclude?").
_COMPARING = re.compile(
    r"\b(better|worse|improv\w*|declin\w*|deteriorat\w*|chang\w*|compar\w*|versus|vs|against|since|turn\w* "
    r"(?:things |it |services |itself )?(?:a)?round|recover\w*|progress\w*|still|than|between|from|again|keep|kept|"
    r"outstanding|good|inadequate|requires? improvement)\b", re.I)
# The inspection after the one named: "had it recovered by the next inspection?", "when
# Ofsted next inspected", "at its next full children's services inspection", "five years later",
# "did it keep that rating", "has it improved since its 2021 inspection?".
_NEXT = re.compile(r"\b(?:next|following|subsequent)\s+(?:[\w’'-]+\s+){0,3}?(?:inspection|visit|report)\b|"
                   r"\b(?:next|again)\s+inspected\b|\binspect\w*\s+(?:it\s+|them\s+)?(?:again|next)\b|"
                   r"\byears? later\b|\b(?:keep|kept|hold on to|held on to|retain\w*|maintain\w*)\b|"
                   r"\b(?:improv\w*|declin\w*|deteriorat\w*|chang\w*) since\b", re.I)
# A question asking for one fact, not how two inspections compare, though it names both: "In
# the 2017 re-inspection report, what was the name of ...", "how many children ... in 2017 and 2015".
_FACT = re.compile(r"\b(?:how many|by how much|what (?:proportion|percentage|number|share)|what is [^?]* called|"
                   r"name of|which (?:organisation|team|service|charity|provider|company|trust))\b|"
                   r"^\W*(?:who|when)\b", re.I)
# A sentence recalling an earlier inspection: "at the previous inspection in 2015", "the last
# inspection, in 2016, judged ...", "was judged inadequate in 2017".
_RECALLING = re.compile(r"\b(previous|last|earlier|prior|since|judged|rated|was|were)\b", re.I)


def compares(question: str) -> bool:
    """Whether the question names two inspection years and asks how they compare, or names
    one and asks about the inspection after it."""
    years = set(YEAR.findall(question))
    if _FACT.search(question):
        return False
    return (len(years) >= 2 and bool(_COMPARING.search(question))) or (len(years) == 1 and bool(
        _NEXT.search(question)))


def later_record(records: Sequence[InspectionRecord], question: str,
                 years_of: Callable[[InspectionRecord], set[str]]) -> InspectionRecord | None:
    """The latest of the organisation's reports the question's years name; for one year and
    "the next inspection", the report after that year's."""
    years = set(YEAR.findall(question))
    everything = sorted(records, key=lambda r: r.date or "")
    dated = [r for r in everything if years_of(r) & years]
    if len(years) == 1:
        after = [r for r in everything if dated and (r.date or "") > (dated[-1].date or "")]
        return after[0] if after and _NEXT.search(question) else None
    return dated[-1] if dated else None


def recalling_passage(chunks: Sequence[Chunk], earlier: set[str]) -> tuple[Chunk, Sentence] | None:
    """The first passage (by page) of the later report with a sentence that names an earlier
    year asked about and recalls an inspection or its grade, and that sentence."""
    pattern = re.compile(r"(?<!\d)(?:" + "|".join(sorted(earlier)) + r")(?!\d)")
    for c in sorted(chunks, key=lambda c: (c.page_start, c.id)):
        for sentence in c.sentences:
            text = c.text[sentence.start:sentence.end]
            if pattern.search(text) and re.search(r"\binspect", text, re.I) and _RECALLING.search(text):
                return c, sentence
    return None


def comparison_first(answer: Answer, question: str, records: Sequence[InspectionRecord],
                     chunks_for: Callable[[InspectionRecord], list[Chunk]],
                     years_of: Callable[[InspectionRecord], set[str]]) -> Answer:
    """`answer` with the later report's passage that recalls the earlier inspection first
    (`chunks_for` gives a report's passages: only the later report's are read)."""
    later = later_record(records, question, years_of)
    if later is None:
        return answer
    earlier = set(YEAR.findall(question)) - years_of(later)  # the years of the inspections before it
    chunks = chunks_for(later)
    spot = recalling_passage(chunks, earlier) if earlier else None
    if spot is not None:
        chunk, sentence = spot
        page, span = sentence.page, (sentence.start, sentence.end)
    else:  # it does not recall that inspection (another came between): its own overall grade
        overall = judgement_for(later, "overall")
        where = locate(chunks, overall) if overall else None
        if overall is None or where is None:
            return answer
        (chunk, span), page = where, overall.page
    first = Hit(rank=1, score=answer.hits[0].score if answer.hits else 1.0, chunk=chunk, page=page,
                page_label=chunk.page_label if chunk.page_start == page else None,
                best_sentence=span, matched_terms=(), signals=((NAME, 1.0),))
    rest = [h for h in answer.hits if h.chunk.id != chunk.id]
    hits = [replace(h, rank=i + 1) for i, h in enumerate([first, *rest])][:max(len(answer.hits), 1)]
    return replace(answer, hits=tuple(hits), abstained=False, note=None, abstain_reason=None)
