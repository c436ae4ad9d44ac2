"""The chat window: ask, read cited passages, follow up, filter, export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Input, ProgressBar, Static
from textual.worker import get_current_worker

from ..conversation import Conversation, append_history, contextualise, load_history
from ..readers import ParseError, read_document
from ..render import citation
from ..safetext import safe_line
from ..types import Answer, Document
from .screens import FilterScreen, GlossaryScreen, HelpScreen, PageScreen, ReportScreen, ReportsScreen
from .widgets import ErrorView, NoAnswerView, PassageCard, QuestionView


class AskApp(App[None]):
    TITLE = "askncpi"
    SUB_TITLE = "cited answers from inspection reports"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+r", "filter", "Filter"),
        Binding("ctrl+t", "reports", "Inspections"),
        Binding("ctrl+g", "glossary", "Glossary"),
        Binding("ctrl+e", "export", "Export"),
        Binding("ctrl+u", "update_index", "Update index"),
        Binding("ctrl+n", "new_conversation", "New"),
        Binding("ctrl+q", "quit", "Quit"),
    ]

    def __init__(self, corpus: Path, index: Path, searcher_factory: Any = None,
                 history_file: Path | None = None, top_k: int = 5,
                 conversation_file: Path | None = None) -> None:
        super().__init__()
        self.corpus, self.index_dir = corpus, index
        self._factory = searcher_factory
        self.searcher: Any = None
        self.conversation_file = conversation_file
        self.conversation = Conversation.load(conversation_file)
        self.filter: list[str] = []
        self.top_k = top_k
        self.history_file = history_file
        self.history = load_history(history_file)
        self.history_pos = len(self.history)
        self.catalogue: Any = None  # the inspection records (catalogue.Catalogue), once the index is loaded

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(Static(Text("Loading the model and index…"), id="welcome"), id="transcript")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(id="status")
        yield Input(placeholder="Ask a question about the reports (F1 for keys)", id="question")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#question", Input).focus()
        if self.conversation.answers:  # the conversation goes on where the last session left it
            widgets: list[Any] = [Static(Text(f"Earlier in this conversation ({len(self.conversation.answers)} "
                                              "questions; Ctrl+N starts a new one)", style="dim italic"),
                                         classes="divider")]
            for answer in self.conversation.answers:
                widgets += self._answer_widgets(answer)
            transcript = self.query_one("#transcript", VerticalScroll)
            transcript.mount(*widgets)
            self.call_after_refresh(transcript.scroll_end, animate=False)  # show where it left off
        self.load_searcher()

    def get_system_commands(self, screen: Any) -> Iterable[SystemCommand]:
        """Ctrl+P offers every action of the window, with what it does."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Filter reports", "Search only some of the indexed reports (Ctrl+R)", self.action_filter)
        yield SystemCommand("Clear report filter", "Search all indexed reports again", self.action_clear_filter)
        yield SystemCommand("Export conversation", "Write questions, passages and citations to Markdown (Ctrl+E)",
                            self.action_export)
        yield SystemCommand("Update index", "Index new or changed files in corpus/ in the background (Ctrl+U)",
                            self.action_update_index)
        yield SystemCommand("New conversation", "Clear the transcript and forget follow-up context (Ctrl+N)",
                            self.action_new_conversation)
        yield SystemCommand("Inspections", "Every inspection: grades, dates, recommendations (Ctrl+T)",
                            self.action_reports)
        yield SystemCommand("Glossary", "The abbreviations the reports define (Ctrl+G)", self.action_glossary)
        yield SystemCommand("Key bindings", "Show every key (F1)", self.action_help)

    # -- loading -----------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def load_searcher(self) -> None:
        try:
            searcher = self._factory() if self._factory else self._default_searcher()
        except Exception as exc:  # shown to the user; the window stays usable
            self.call_from_thread(self._loaded, None, str(exc))
            return
        self.call_from_thread(self._loaded, searcher, None)

    def _default_searcher(self):
        from ..search import Searcher
        from ..store import IndexStore

        return Searcher(IndexStore(self.index_dir))

    def _loaded(self, searcher: Any, error: str | None) -> None:
        self.searcher = searcher
        self.catalogue = self._load_catalogue() if searcher is not None else None
        welcome = self.query_one("#welcome", Static)
        if error:
            welcome.update(Text(f"Cannot search yet: {error}\nPress Ctrl+U to build the index from {self.corpus}/.",
                                style="bold red"))
        else:
            welcome.update(Text("Ask about the reports below. Each answer is a set of passages cited by "
                                "report, page and section.", style="dim"))
        self.refresh_status()

    def refresh_status(self) -> None:
        if self.searcher is None:
            self.query_one("#status", Static).update(Text("no index loaded", style="dim"))
            return
        files = self.searcher.manifest.indexed_files()
        chunks = sum(e.get("chunks", 0) for e in files.values())
        model = self.searcher.manifest.embedder.get("model", "?")
        scope = f"{len(self.filter)} of {len(files)} reports" if self.filter else "all reports"
        text = Text(f"{len(files)} reports · {chunks} passages · {model} · searching: {scope}", style="dim")
        pending = self._unindexed_count()
        if pending:
            text.append(f" · {pending} file(s) in corpus/ not indexed yet: Ctrl+U", style="bold yellow")
        self.query_one("#status", Static).update(text)

    def _unindexed_count(self) -> int:
        from ..build import scan_corpus

        known = self.searcher.manifest.files
        return sum(1 for f in scan_corpus(self.corpus)
                   if f.rel not in known or known[f.rel].get("size") != f.size
                   or known[f.rel].get("mtime_ns") != f.mtime_ns)

    # -- asking --------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    def ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return
        event.input.value = ""
        append_history(question, self.history_file)
        self.history.append(question)
        self.history_pos = len(self.history)
        if self.searcher is None:
            self.call_later(self._mount, ErrorView("The index is not loaded yet; wait a moment or press Ctrl+U."))
            return
        searched = contextualise(question, self.conversation.last_searched())
        self.run_search(question, searched, list(self.filter))

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, question: str, searched: str, docs: list[str]) -> None:
        try:
            answer = self.searcher.ask(question, top_k=self.top_k, docs=docs,
                                       searched=searched if searched != question else None)
        except Exception as exc:  # a bad question is shown, not raised
            if not get_current_worker().is_cancelled:
                # Textual types the callback as T | Awaitable[T]; mypy cannot solve T for a coroutine.
                self.call_from_thread(self._mount, ErrorView(str(exc)))  # type: ignore[arg-type]
            return
        if not get_current_worker().is_cancelled:  # a newer question superseded this one
            self.call_from_thread(self.show_answer, answer)  # type: ignore[arg-type]

    async def show_answer(self, answer: Answer) -> None:
        self.conversation.save_answer(answer, self.conversation_file)
        await self._mount(*self._answer_widgets(answer))

    def _answer_widgets(self, answer: Answer) -> list[Any]:
        widgets: list[Any] = [QuestionView(answer)]
        if answer.abstained or not answer.hits:
            widgets.append(NoAnswerView(answer))
        cat = self.catalogue
        return widgets + [PassageCard(h, reference_only=answer.abstained,
                                      currency=cat.currency(h.chunk.doc) if cat else None,
                                      newer=(n.doc if cat and (n := cat.newer(h.chunk.doc)) else None))
                          for h in answer.hits]

    async def _mount(self, *widgets: Any) -> None:
        """Add to the transcript and bring the first new piece (the question) to the top."""
        await self.query_one("#transcript", VerticalScroll).mount(*widgets)
        if widgets:
            widgets[0].scroll_visible(top=True, animate=False)

    def on_key(self, event: Any) -> None:
        box = self.query_one("#question", Input)
        if self.focused is not box or event.key not in ("up", "down") or not self.history:
            return
        step = -1 if event.key == "up" else 1
        self.history_pos = max(0, min(len(self.history), self.history_pos + step))
        box.value = self.history[self.history_pos] if self.history_pos < len(self.history) else ""
        box.cursor_position = len(box.value)
        event.stop()

    # -- passages ------------------------------------------------------------------
    @on(PassageCard.Open)
    def open_passage(self, event: PassageCard.Open) -> None:
        self.push_screen(PageScreen(event.hit, self.load_document))

    @on(PassageCard.Copy)
    def copy_citation(self, event: PassageCard.Copy) -> None:
        self.copy_to_clipboard(citation(event.hit))
        self.notify("Citation copied to the clipboard")

    def _load_catalogue(self) -> Any:
        from ..catalogue import Catalogue
        from ..store import IndexStore

        try:
            return Catalogue.maybe(IndexStore(self.index_dir))
        except Exception:  # the records are extra: a damaged records.json must not stop the window
            return None

    @on(PassageCard.OpenReport)
    def open_report(self, event: PassageCard.OpenReport) -> None:
        if self.catalogue is not None:
            self.push_screen(ReportScreen(self.catalogue, event.doc))

    def action_reports(self) -> None:
        if self.catalogue is None:
            self.notify("No inspection records in this index yet: Ctrl+U updates it")
            return
        self.push_screen(ReportsScreen(self.catalogue))

    def action_glossary(self) -> None:
        if self.searcher is None:
            return
        from ..glossary import build

        entries = build(self.searcher.chunks.all())
        self.push_screen(GlossaryScreen(entries))

    def load_document(self, doc: str) -> Document | None:
        return _read_cached(self.corpus / doc)

    # -- actions -------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def key_question_mark(self) -> None:
        if not isinstance(self.focused, Input):
            self.push_screen(HelpScreen())

    def action_filter(self) -> None:
        if self.searcher is None:
            return
        files = self.searcher.manifest.indexed_files()
        reports = [(d, self._report_label(d, files[d])) for d in sorted(files)]

        def chosen(result: list[str] | None) -> None:
            if result is not None:
                self.filter = result
                self.refresh_status()

        self.push_screen(FilterScreen(reports, self.filter), chosen)

    @staticmethod
    def _report_label(doc: str, entry: dict[str, Any]) -> str:
        """Organisation, year and size first: titles are long and get cut at the right edge."""
        bits = [entry.get("organisation") or "", str(entry.get("year") or ""), f"{entry.get('pages', '?')} p."]
        label = f"{' · '.join(b for b in bits if b)} — {entry.get('title', doc)} ({doc})"
        return safe_line(label)

    def action_clear_filter(self) -> None:
        self.filter = []
        self.refresh_status()

    def action_new_conversation(self) -> None:
        Conversation.clear(self.conversation_file)
        self.conversation = Conversation()
        transcript = self.query_one("#transcript", VerticalScroll)
        for child in list(transcript.children):
            if child.id != "welcome":
                child.remove()
        self.notify("New conversation")

    def action_export(self, path: Path | None = None) -> Path | None:
        if not self.conversation.answers:
            self.notify("Nothing to export yet", severity="warning")
            return None
        path = path or Path.cwd() / f"askncpi-{dt.datetime.now():%Y%m%d-%H%M%S}.md"
        try:
            path.write_text(self.conversation.to_markdown(), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Could not export: {exc}", severity="error")
            return None
        self.notify(f"Exported to {path}")
        return path

    def action_update_index(self) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.update_index()

    @work(thread=True, exclusive=True, group="index")
    def update_index(self) -> None:
        from ..build import SilentProgress, update_index
        from ..store import IndexStore

        app = self

        class BarProgress(SilentProgress):
            def phase(self, name: str, total: int) -> None:
                app.call_from_thread(app._progress, name, total, None)

            def advance(self, n: int = 1) -> None:
                app.call_from_thread(app._progress, None, None, n)

            def ocr_page(self, rel: str, done: int, total: int) -> None:
                line = f"Reading reports… OCR of {safe_line(rel)}: page {done} of {total}"
                app.call_from_thread(app._status_line, line)

        try:
            summary = update_index(self.corpus, IndexStore(self.index_dir), progress=BarProgress())
        except Exception as exc:
            self.call_from_thread(self._index_done, f"Index update failed: {exc}")
            return
        self.call_from_thread(self._index_done, f"Index updated: {len(summary.added)} added, "
                                                f"{len(summary.changed)} changed, {len(summary.removed)} removed, "
                                                f"{len(summary.skipped)} skipped")
        self.load_searcher()

    def _progress(self, name: str | None, total: int | None, n: int | None) -> None:
        bar = self.query_one("#progress", ProgressBar)
        if name is not None:
            bar.update(total=total, progress=0)
            self.query_one("#status", Static).update(Text(name + "…", style="dim"))
        if n:
            bar.advance(n)

    def _status_line(self, line: str) -> None:
        self.query_one("#status", Static).update(Text(line, style="dim"))

    def _index_done(self, message: str) -> None:
        self.query_one("#progress").display = False
        self.notify(message)
        self.refresh_status() if self.searcher else None


@lru_cache(maxsize=8)
def _read_cached(path: Path) -> Document | None:
    try:
        return read_document(path, path.name)
    except (ParseError, OSError):
        return None
