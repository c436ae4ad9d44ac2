"""Modal screens: the page viewer, the report filter and the key help."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, SelectionList, Static

from ..render import citation
from ..types import Document, Hit

HELP = """\
Enter            ask the question / open the focused passage
Up / Down        earlier questions (in the question box)
Tab / Shift+Tab  move between passages
c                copy the focused passage's citation
Ctrl+R           choose which reports to search
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
