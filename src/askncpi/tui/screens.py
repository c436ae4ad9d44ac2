"""Modal screens: the page viewer, the report filter, the key help, the inspections table,
one report's record and the glossary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Footer, Input, SelectionList, Static

from ..render import citation
from ..safetext import safe_line
from ..types import Document, Hit

HELP = """\
Enter            ask the question / open the focused passage
Up / Down        earlier questions (in the question box)
Tab / Shift+Tab  move between passages
c                copy the focused passage's citation
Ctrl+R           choose which reports to search
Ctrl+T           the inspections: grades, dates, recommendations
Ctrl+G           the glossary of abbreviations the reports define
n                (on a passage) the newer inspection of its organisation
Ctrl+E           export the conversation to Markdown
Ctrl+U           update the index from corpus/
F1 or ?          this help
Escape           back; Ctrl+Q quits
In the page viewer: n / p next and previous page."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box", classes="modal-box"):
            yield Static(Text("Keys", style="bold"))
            yield Static(Text(HELP))
        yield Footer()


class PageScreen(ModalScreen[None]):
    """The whole page a passage comes from, with the passage highlighted."""

    BINDINGS = [Binding("escape", "dismiss", "Back"), Binding("n", "next_page", "Next page"),
                Binding("p", "previous_page", "Previous page")]

    def __init__(self, hit: Hit, load_document: Callable[[str], Document | None]) -> None:
        super().__init__()
        self.hit = hit
        # A scanned page's text exists only as OCR read it at index time: show the passage.
        self.doc = None if hit.chunk.ocr_pages else load_document(hit.chunk.doc)
        self.page = hit.page

    def compose(self) -> ComposeResult:
        with Vertical(id="page-box", classes="modal-box"):
            yield Static(id="page-title")
            with VerticalScroll(id="page-scroll"):
                yield Static(id="page-body")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def _page_count(self) -> int:
        return len(self.doc.pages) if self.doc else 1

    def show(self) -> None:
        title = Text(citation(self.hit), style="bold")
        if self.doc is None:
            why = ("a scanned page: showing the passage as OCR read it" if self.hit.chunk.ocr_pages
                   else "the report file is no longer in corpus/: showing the passage only")
            title.append(f"\n({why})", style="dim")
            self.query_one("#page-body", Static).update(Text(self.hit.chunk.text))
        else:
            title.append(f"\npage {self.page} of {self._page_count()}", style="dim")
            self.query_one("#page-body", Static).update(self._page_text())
        self.query_one("#page-title", Static).update(title)
        self.query_one("#page-scroll", VerticalScroll).scroll_home(animate=False)

    def _page_text(self) -> Text:
        assert self.doc is not None
        starts = self.doc.page_starts()
        page = self.doc.pages[self.page - 1]
        base = starts[self.page - 1]
        body = Text(page.text)
        a = max(self.hit.chunk.char_start - base, 0)
        b = min(self.hit.chunk.char_end - base, len(page.text))
        if a < b:
            body.stylize("reverse", a, b)
        return body

    def action_next_page(self) -> None:
        if self.page < self._page_count():
            self.page += 1
            self.show()

    def action_previous_page(self) -> None:
        if self.page > 1:
            self.page -= 1
            self.show()


class FilterScreen(ModalScreen["list[str] | None"]):
    """Choose the reports to search; returns the chosen file names ([] = all)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+a", "all", "All reports")]

    def __init__(self, reports: list[tuple[str, str]], chosen: list[str]) -> None:
        super().__init__()
        self.reports, self.chosen = reports, chosen

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box", classes="modal-box"):
            yield Static(Text("Search only these reports (space to tick, none ticked = all)", style="bold"))
            yield SelectionList[str](*[(Text(label), doc, doc in self.chosen) for doc, label in self.reports],
                                     id="reports")
            yield Button("Apply", id="apply", variant="primary")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(list(self.query_one("#reports", SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_all(self) -> None:
        self.dismiss([])


_GRADE_SHORT = {"requires improvement": "RI", "outstanding": "Outstanding", "good": "Good",
                "inadequate": "Inadequate", "adequate": "Adequate", "not judged": "not judged"}
_COLUMNS = (("Organisation", None), ("Inspected", None), ("Framework", None), ("Overall", "overall"),
            ("Help & protection", "help_and_protection"), ("In care", "children_in_care"),
            ("Care leavers", "care_leavers"), ("Leaders", "leadership"), ("Newer", None))


class ReportsScreen(ModalScreen[None]):
    """Every inspection in the index, one row each; click a heading (or press s) to sort,
    Enter opens a report's judgements and recommendations with their pages."""

    BINDINGS = [Binding("escape", "dismiss", "Back"), Binding("s", "sort", "Sort by next column")]

    def __init__(self, catalogue: Any) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.rows = {row.record.doc: row for row in catalogue.rows()}
        self.sort_column = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="reports-box", classes="modal-box"):
            yield Static(Text(f"{len(self.rows)} inspections · RI = requires improvement · Enter: judgements and "
                              "recommendations · s or a click on a heading: sort", style="bold"))
            yield DataTable(id="reports-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from ..catalogue import month_year

        table = self.query_one(DataTable)
        self._keys = [table.add_column(name, key=name) for name, _ in _COLUMNS]
        for doc, row in self.rows.items():
            r = row.record
            cells = [safe_line(row.organisation), r.date or "", r.framework or "?"]
            for _, area in _COLUMNS[3:-1]:
                j = r.judgement(area) if area else None
                cells.append(f"{_GRADE_SHORT.get(j.grade, j.grade)} p.{j.page}" if j and j.grade else "–")
            cells.append(f"{month_year(row.superseded_by.date)}" if row.superseded_by else "")
            table.add_row(*cells, key=doc)
        table.sort(self._keys[0], self._keys[1])
        table.focus()

    def action_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(self._keys)
        self.query_one(DataTable).sort(self._keys[self.sort_column])

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.data_table.sort(event.column_key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(ReportScreen(self.catalogue, event.row_key.value))


class ReportScreen(ModalScreen[None]):
    """One report's record: framework, dates, judgements and recommendations with pages;
    n opens the newer inspection of the same organisation."""

    BINDINGS = [Binding("escape", "dismiss", "Back"), Binding("n", "newer", "Newer inspection")]

    def __init__(self, catalogue: Any, doc: str) -> None:
        super().__init__()
        self.catalogue, self.doc = catalogue, doc

    def compose(self) -> ComposeResult:
        from ..render_records import record_details

        with Vertical(id="report-box", classes="modal-box"), VerticalScroll():
            yield Static(record_details(self.catalogue, self.doc))
        yield Footer()

    def action_newer(self) -> None:
        newer = self.catalogue.newer(self.doc)
        if newer is None:
            self.notify("The index holds no newer inspection of this organisation")
        else:
            self.app.push_screen(ReportScreen(self.catalogue, newer.doc))


class GlossaryScreen(ModalScreen[None]):
    """The abbreviations the reports define; type to narrow the list."""

    BINDINGS = [Binding("escape", "dismiss", "Back")]

    def __init__(self, entries: dict[str, Any]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary-box", classes="modal-box"):
            yield Input(placeholder="abbreviation or words of its long form", id="glossary-term")
            with VerticalScroll():
                yield Static(id="glossary-list")
        yield Footer()

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#glossary-term", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, term: str) -> None:
        from .. import glossary

        chosen = glossary.lookup(self.entries, term) if term.strip() else list(self.entries.values())
        text = Text()
        for e in sorted(chosen, key=lambda e: e.short.lower())[:300]:
            first = e.definers[0]
            text.append(f"{e.short}", style="bold")
            text.append(f"  {e.long}  ")
            text.append(f"{safe_line(first.title)} · p. {first.page}"
                        + (f" (+{e.reports - 1} more)" if e.reports > 1 else "") + "\n", style="dim")
        if not chosen:
            text.append("No indexed report defines that (as 'long form (ABBR)').", style="dim")
        self.query_one("#glossary-list", Static).update(text)
