"""The month a question gives to say which inspection it means, not what it asks about.

"What did Ofsted want to change after the September 2019 inspection of Kensington and
Chelsea?" names its report three ways: the council, the year and the month. Once the report is
known (`Searcher._named_docs`), "September" is in the one passage of it that gives its
inspection dates and in none of the passages that answer, so as a search term it ranks the title
page first. `inspection_months` finds the months that date an inspection, review or report in
the question; those that are the named report's own (`report_months`: when it was inspected or
published) are set aside with the report's other naming words (`Query.routed`). A month that
dates something else is kept: "children who came into care in December 2018", or "the February
2019 focused visit" that a December 2019 report looks back on.
"""

from __future__ import annotations

import re

from .lexical import tokenize
from .records import InspectionRecord

NAME = "inspection_month"  # switched off by name: `--without inspection_month`
NAMES = (NAME,)

_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")
_YEAR = r"(?:19|20)\d\d"
_VISIT = r"(?:re-?inspections?|inspections?|reviews?|visits?|reports?|ilacs|judgements?|assessments?)"
# "the September 2019 inspection", "at its November 2018 Ofsted inspection", "March 2015 review".
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\s+(?:{_YEAR}\s+)?(?:(?:ofsted|hmicfrs|sif|ilacs|joint|focused)\s+)?{_VISIT}\b",
                           re.I)
# "inspected in November 2018", "the inspection in March 2019", "the report of May 2023".
_MONTH_AFTER = re.compile(rf"\b(?:inspected|reviewed|visited|published|{_VISIT})\s+(?:in|during|of|on|from)\s+"
                          rf"(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\b", re.I)


def inspection_months(text: str) -> frozenset[str]:
    """Stems of the months that date the inspection (or review, or report) the question means."""
    months = [m.group(1) for pattern in (_MONTH_BEFORE, _MONTH_AFTER) for m in pattern.finditer(text)]
    return frozenset(t for month in months for t in tokenize(month))


MONTHS = ("january february march april may june july august september october november december").split()
MONTH_STEMS = frozenset(t for m in MONTHS for t in tokenize(m))


def report_months(record: InspectionRecord | None, file_stem: str) -> frozenset[str]:
    """Stems of the months a report is dated by: its inspection dates as written, the month its
    inspection ended and the month it was published (from its record), and its file name's."""
    written = (record.inspection_dates or "") if record else ""
    words = re.findall(r"[a-z]+", f"{file_stem} {written}".lower())
    if record:
        for iso in (record.inspection_end, record.published):
            if iso and len(iso) >= 7 and iso[5:7].isdigit() and 1 <= int(iso[5:7]) <= 12:
                words.append(MONTHS[int(iso[5:7]) - 1])
    return frozenset(t for w in words if w in MONTHS for t in tokenize(w))
