"""The stages after ranking that answer from the inspection records (records.py): grades
(judgements.py), recommendations (recommended.py), comparisons of two inspections
(comparisons.py), and the year check (a grade or
recommendation asked of a year none of the organisation's inspections covers).

They find the organisation the question names by the records' own names, then hand the
named report's passages to each stage. Each is switched off by name (`--without`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import comparisons, judgements, recommended
from .embedder import leading_words
from .errors import AskError
from .lexical import tokenize
from .types import Answer, Chunk


class RecordStages:
    def __init__(self, searcher: Any) -> None:
        self.s = searcher  # its index, passages, model and switches
        self._catalogue: Any = None  # loaded at the first question that needs it; False: none
        self._item_vectors: dict[str, np.ndarray] = {}  # recommendation text -> its vector, once a session

    def catalogue(self) -> dict[str, Any]:
        """The index's inspection records by file ({} for an index made before records),
        loaded at the first question that needs them."""
        if self._catalogue is None:
            from .catalogue import Catalogue

            try:
                self._catalogue = Catalogue.from_generation(self.s.index.generation)
            except AskError:  # an index made before records: passages only
                self._catalogue = False
        return self._catalogue.records if self._catalogue else {}

    def _mentions_year(self, records: Sequence[Any], year: str) -> bool:
        """Whether any passage of these reports dates an inspection by `year` (a later report
        recalling an earlier inspection's grade answers for a year the index holds no report
        of; `judgements.recalls_year`)."""
        pattern = re.compile(rf"(?<!\d){year}(?!\d)")
        ids = {d: i for i, d in enumerate(self.s.index.docs)}
        for r in records:
            for row in np.flatnonzero(self.s.index.doc_of_row == ids[r.doc]):
                text = self.s.chunks.get(int(row)).text
                if pattern.search(text) and judgements.recalls_year(text, year):
                    return True
        return False

    def apply(self, answer: Answer, got: Any) -> Answer:
        """Grades and recommendations answered from the records of the reports the question
        names (judgements.py, recommended.py), after the ranking."""
        grade = judgements.asked_areas(got.question) and not self.s.disabled >= set(judgements.NAMES)
        advice = recommended.asks_recommendation(got.question) and recommended.NAME not in self.s.disabled
        compare = comparisons.compares(got.question) and comparisons.NAME not in self.s.disabled
        if not (grade or advice or compare):
            return answer
        if not self.catalogue():
            return answer
        cat = self._catalogue
        if got.selected:  # the reports the user chose
            records = [cat.records[d] for d in got.selected if d in cat.records]
        else:  # the organisation the question names, by the records' names first ("Westminster City
            # Council 2016" is Westminster, not the City of London), else as the search named it
            records = judgements.named_in(got.question, list(cat.records.values()),
                                          {d: cat.organisation(r) for d, r in cat.records.items()}) or [
                cat.records[self.s.index.docs[i]] for i in got.named if self.s.index.docs[i] in cat.records]
        if not records:
            return answer
        keys = {r.org_key for r in records if r.org_key}  # its other inspections: "... between 2014 and 2023"
        if not got.selected:
            records = [r for r in cat.records.values() if r.org_key in keys] or records
        checking = judgements.YEAR_CHECK not in self.s.disabled
        year = judgements.uncovered_year(records, got.question) if checking else None
        if year is not None and not self._mentions_year(records, year):  # "at the last inspection in 2018 ..."
            from .catalogue import month_year

            held = ", ".join(sorted({month_year(r.date) or "?" for r in records}))
            return dataclasses.replace(
                answer, abstained=True, abstain_reason=judgements.YEAR_CHECK,
                note=f"The index holds no {year} inspection of {cat.organisation(records[0])} (it has: {held})")
        if grade:
            answer = self._judgement_stage(answer, got, records, cat)
        if compare:  # after the grades: the later report's passage recalling the earlier one leads
            answer = comparisons.comparison_first(answer, got.question, records,
                                                  lambda r: self._chunks_of([r]).get(r.doc, []), judgements.years_of)
        if advice:
            assert got.vector is not None
            names = {t for r in records for t in tokenize(cat.organisation(r))}
            chosen = judgements.chosen_records(records, got.question, has=lambda r: bool(r.recommendations))
            checking = recommended.TOPIC_CHECK not in self.s.disabled
            answer = recommended.recommendation_first(
                answer, got.question, records, self._chunks_of(chosen), got.vector, names,
                self._encode_items, self.s.ranker.abstention.topic_below if checking else None,
                lambda r: self._describe(r, cat))
        return answer

    @staticmethod
    def _describe(record: Any, cat: Any) -> str:
        """'the July 2023 inspection of Barnet' (its month left out when unknown)."""
        from .catalogue import month_year

        when = month_year(record.inspection_end)
        return f"the {when + ' ' if when else ''}inspection of {cat.organisation(record)}"

    def _encode_items(self, texts: list[str]) -> np.ndarray:
        """Vectors of recommendation items, each embedded once a session (a report's list is
        asked about again and again in a conversation: 20 items cost about 60 ms)."""
        new = [t for t in dict.fromkeys(texts) if t not in self._item_vectors]
        if new:
            self._item_vectors.update(zip(new, self.s.embedder.encode([leading_words(t) for t in new])))
        return np.stack([self._item_vectors[t] for t in texts])

    def _chunks_of(self, records: Sequence[Any]) -> dict[str, list[Chunk]]:
        ids = {d: i for i, d in enumerate(self.s.index.docs)}
        return {r.doc: [self.s.chunks.get(int(row)) for row in np.flatnonzero(self.s.index.doc_of_row == ids[r.doc])]
                for r in records if r.doc in ids}

    def _judgement_stage(self, answer: Answer, got: Any, records: list[Any], cat: Any) -> Answer:
        if judgements.NAME in self.s.disabled:
            return answer
        chunks_of = self._chunks_of(judgements.grading_records(records, got.question))
        return judgements.judgement_first(answer, got.question, records, chunks_of,
                                          check_area=judgements.AREA_CHECK not in self.s.disabled)
