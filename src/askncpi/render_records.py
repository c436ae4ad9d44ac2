"""Rich renderings of the inspection records: the reports table and one report's record.
Used by `askncpi reports` and by the chat window's reports screen."""

from __future__ import annotations

from typing import Any

from .judgements import judgement_for
from .safetext import safe_line

_SHORT = {"requires improvement": "RI", "outstanding": "Outstanding", "good": "Good", "inadequate": "Inadequate",
          "adequate": "Adequate"}


def records_table(rows: list[Any], area: str | None) -> Any:
    from rich.table import Table

    from .catalogue import month_year

    t = Table(show_lines=False, header_style="bold")
    t.add_column("Organisation")
    t.add_column("Inspected")
    t.add_column("Framework")
    areas = [area] if area else ["overall", "help_and_protection", "children_in_care", "care_leavers", "leadership"]
    heads = {"overall": "Overall", "help_and_protection": "Help & protection", "children_in_care": "In care",
             "care_leavers": "Care leavers", "leadership": "Leaders"}
    for a in areas:
        t.add_column(heads.get(a, a.replace("_", " ")))
    t.add_column("Report")
    t.add_column("Newer")
    for row in rows:
        r = row.record
        cells = []
        for a in areas:
            j = judgement_for(r, a)  # "children in care and care leavers" answers for both
            cells.append(f"{_SHORT.get(j.grade, j.grade)} p.{j.page}" if j and j.grade else "–")
        t.add_row(safe_line(row.organisation), month_year(r.date) or "?", r.framework or "?", *cells,
                  safe_line(r.doc), safe_line(row.superseded_by.label()) if row.superseded_by else "")
    return t


def record_details(cat: Any, doc: str) -> Any:
    from rich.console import Group
    from rich.text import Text

    from .catalogue import month_year
    from .records import FRAMEWORKS

    r = cat.find(doc)
    newer = cat.newer(r.doc)
    out = [Text(f"{cat.organisation(r)} – {FRAMEWORKS.get(r.framework or '', r.framework or 'report')}",
                style="bold"),
           Text(f"{r.doc} · inspected {r.inspection_dates or 'dates not stated'}"
                + (f" · published {month_year(r.published)}" if r.published else "")
                + (f" · {newer.label()} ({newer.doc})" if newer else ""))]
    out.append(Text("\nJudgements", style="bold"))
    if not r.judgements:
        out.append(Text("  none stated as a judgement line"))
    for j in r.judgements:
        out.append(Text(f"  {safe_line(j.label)}: {safe_line(j.verbatim)} · p. {j.page}"))
    out.append(Text("\nRecommendations / what needs to improve", style="bold"))
    if not r.recommendations:
        out.append(Text("  none found as a list"))
    for i, x in enumerate(r.recommendations, 1):
        out.append(Text(f"  {i}. {safe_line(x.text)} · p. {x.page}" + (f" · for the {x.addressed_to}"
                                                                      if x.addressed_to == "lscb" else "")))
    return Group(*out)
