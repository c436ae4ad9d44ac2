"""The inspections in an index, as records: listed, filtered, grouped by organisation, and
ordered in time so that a report knows the newer inspection that supersedes it.

Made from the index's records.json (records.py, written at index time); no model, no search.
"""

from __future__ import annotations

import collections
import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from .errors import AskError
from .judgements import judgement_for
from .records import AREAS, FRAMEWORKS, InspectionRecord, Judgement, record_from_json
from .store import Generation, IndexStore

_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()


def month_year(iso: str | None) -> str | None:
    """'2023-07-21' -> 'July 2023'."""
    if not iso or len(iso) < 7:
        return iso
    return f"{_MONTH_NAMES[int(iso[5:7]) - 1]} {iso[:4]}"


@dataclass(frozen=True)
class Newer:
    """The next inspection of the same organisation in the index."""

    doc: str
    framework: str | None
    date: str | None

    def label(self) -> str:
        fw = FRAMEWORKS.get(self.framework or "", self.framework or "inspection").split(" (")[0]
        return f"newer: {fw}, {month_year(self.date) or 'date unknown'}"


@dataclass(frozen=True)
class Row:
    """One inspection, as `askncpi reports` lists it."""

    record: InspectionRecord
    organisation: str  # the group's display name
    superseded_by: Newer | None

    def grade(self, area: str) -> str | None:
        j = judgement_for(self.record, area)  # care leavers graded with children in care (ILACS 2018-22)
        return j.grade if j else None


class Catalogue:
    def __init__(self, records: dict[str, InspectionRecord]) -> None:
        self.records = records
        groups: dict[str, list[InspectionRecord]] = collections.defaultdict(list)
        for r in records.values():
            groups[r.org_key or f"doc:{r.doc}"].append(r)
        self.groups = {k: sorted(v, key=lambda r: (r.date or "", r.doc)) for k, v in groups.items()}
        self._names = {k: _group_name(v) for k, v in self.groups.items()}

    @classmethod
    def from_generation(cls, gen: Generation) -> Catalogue:
        try:
            data = json.loads(gen.records_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise AskError("this index was built before inspection records: run `askncpi index`") from None
        except ValueError as exc:
            raise AskError(f"records.json in the index is damaged ({exc}): run `askncpi index --rebuild`") from exc
        return cls({rel: record_from_json(r) for rel, r in data.items()})

    @classmethod
    def load(cls, store: IndexStore) -> Catalogue:
        return cls.from_generation(store.current())

    def _key(self, r: InspectionRecord) -> str:
        return r.org_key or f"doc:{r.doc}"

    def organisation(self, r: InspectionRecord) -> str:
        return self._names[self._key(r)]

    def newer(self, doc: str) -> Newer | None:
        """The next dated inspection of the same organisation, if the index holds one."""
        r = self.records.get(doc)
        if r is None or r.org_key is None or not r.date:
            return None
        later = [o for o in self.groups[self._key(r)] if o.date and o.date > r.date]
        return Newer(later[0].doc, later[0].framework, later[0].date) if later else None

    def currency(self, doc: str) -> str | None:
        """'inspected July 2014 · newer: Ofsted ILACS, March 2019 (ofsted-....pdf)' for a card."""
        r = self.records.get(doc)
        if r is None or not r.date:
            return None
        newer = self.newer(doc)
        return f"inspected {month_year(r.date)}" + (f" · {newer.label()} ({newer.doc})" if newer else "")

    def currency_json(self, doc: str) -> dict[str, Any]:
        r = self.records.get(doc)
        newer = self.newer(doc)
        return {"inspection_date": r.date if r else None,
                "superseded_by": ({"doc": newer.doc, "framework": newer.framework, "date": newer.date}
                                  if newer else None)}

    @classmethod
    def maybe(cls, store: IndexStore) -> Catalogue | None:
        """The catalogue, or None for an index made before records (queries still work)."""
        try:
            return cls.load(store)
        except AskError:
            return None

    def rows(self) -> list[Row]:
        rows = [Row(r, self.organisation(r), self.newer(r.doc)) for r in self.records.values()]
        return sorted(rows, key=lambda row: (row.organisation.lower(), row.record.date or "", row.record.doc))

    def find(self, text: str) -> InspectionRecord:
        """A report by file name (or a unique part of it)."""
        if text in self.records:
            return self.records[text]
        hits = [d for d in self.records if text.lower() in d.lower()]
        if len(hits) == 1:
            return self.records[hits[0]]
        if not hits:
            raise AskError(f"no indexed report matches {text!r} (see `askncpi reports`)")
        raise AskError(f"{len(hits)} reports match {text!r}: " + ", ".join(sorted(hits)[:5])
                       + (" ..." if len(hits) > 5 else ""))


def _group_name(records: list[InspectionRecord]) -> str:
    """The name most of an organisation's reports use (the longest when they tie)."""
    names = collections.Counter(r.organisation for r in records if r.organisation)
    if not names:
        return records[0].doc
    return max(names, key=lambda n: (names[n], len(n)))


@dataclass(frozen=True)
class Filters:
    org: str | None = None  # part of the organisation's name
    since: str | None = None  # ISO date (or year) the inspection ended on or after
    until: str | None = None
    judgement: str | None = None  # overall grade, e.g. "inadequate"
    framework: str | None = None

    def keep(self, row: Row) -> bool:
        r = row.record
        if self.org and self.org.lower() not in row.organisation.lower():
            return False
        if self.since and not (r.date and r.date >= self.since):
            return False
        if self.until and not (r.date and r.date[:len(self.until)] <= self.until):
            return False
        if self.judgement:
            want = self.judgement.lower().replace("-", " ")
            grade = row.grade("overall") or ""
            if not grade or not grade.startswith(want[:8]):
                return False
        return not self.framework or (r.framework or "").startswith(self.framework.lower())


COLUMNS = ("organisation", "date", "framework", "overall", "help_and_protection", "children_in_care",
           "care_leavers", "leadership", "doc")


def row_json(row: Row) -> dict[str, Any]:
    r = row.record
    return {"organisation": row.organisation, "doc": r.doc, "inspectorate": r.inspectorate,
            "framework": r.framework, "inspection_dates": r.inspection_dates, "inspection_end": r.inspection_end,
            "published": r.published, "judgements": [_judgement_json(j) for j in r.judgements],
            "recommendations": [{"text": x.text, "page": x.page, "addressed_to": x.addressed_to}
                                for x in r.recommendations],
            "superseded_by": ({"doc": row.superseded_by.doc, "framework": row.superseded_by.framework,
                               "date": row.superseded_by.date} if row.superseded_by else None)}


def _judgement_json(j: Judgement) -> dict[str, Any]:
    out: dict[str, Any] = {"area": j.area, "label": j.label, "grade": j.grade, "verbatim": j.verbatim, "page": j.page}
    if j.counts:
        out["counts"] = j.counts
    return out


def rows_csv(rows: list[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(list(COLUMNS) + ["recommendations", "superseded_by"])
    for row in rows:
        r = row.record
        w.writerow([row.organisation, r.date or "", r.framework or ""]
                   + [row.grade(a) or "" for a in COLUMNS[3:-1]]
                   + [r.doc, len(r.recommendations), row.superseded_by.doc if row.superseded_by else ""])
    return buf.getvalue()


def area_key(text: str) -> str:
    """'care leavers' -> 'care_leavers'; a key of AREAS, matched on words of its name."""
    t = text.lower().replace("-", " ").replace("_", " ").strip()
    for key, name in AREAS.items():
        if t == key.replace("_", " ") or t in name.lower():
            return key
    raise AskError(f"unknown judgement area {text!r}: one of " + ", ".join(a.replace("_", " ") for a in AREAS))
