"""Snapshots of the chat window's main screens (pytest-textual-snapshot).

Deterministic: the bundled corpus, the fake embedder, no clock, no cursor blink.
After a deliberate change to the look, refresh them with
`pytest tests/test_tui_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from askncpi.build import update_index
from askncpi.embedder import HashingEmbedder
from askncpi.search import Searcher
from askncpi.store import IndexStore
from askncpi.tui.app import AskApp
from askncpi.tui.widgets import PassageCard, QuestionView


@pytest.fixture
def make_app(small_corpus, tmp_path):
    index = tmp_path / "index"
    update_index(small_corpus, IndexStore(index), embedder_name="hashing")

    def make(theme: str = "textual-dark") -> AskApp:
        app = AskApp(small_corpus, index, history_file=tmp_path / "history.jsonl",
                     conversation_file=tmp_path / "conversation.jsonl",
                     searcher_factory=lambda: Searcher(IndexStore(index), embedder=HashingEmbedder()))
        app.theme = theme
        return app
    return make


def asking(question: str, *keys: str, open_first: bool = False):
    async def run_before(pilot) -> None:
        app = pilot.app
        await app.workers.wait_for_complete()
        box = app.query_one("#question", Input)
        box.cursor_blink = False
        box.value = question
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await _settle(pilot)
        # The app scrolls the new question to the top after the next refresh; when that
        # refresh comes differs with machine load, so the picture is pinned here as well.
        app.query_one("#transcript").scroll_to_widget(app.query(QuestionView).last(), top=True, animate=False)
        await _settle(pilot)
        if open_first:
            app.query_one(PassageCard).focus()
            await pilot.press("enter")
            await _settle(pilot)
        if not open_first:
            box.focus()  # the question box has focus, as a user would have it, in every run
            await _settle(pilot)
        if keys:
            await pilot.press(*keys)
            await _settle(pilot)
    return run_before


async def _settle(pilot) -> None:
    """Let mounting, the scroll to the new answer and any screen change finish, so the
    picture does not depend on how busy the machine is."""
    for _ in range(3):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)


def test_answer_at_80x24(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24),
                        run_before=asking("How many visits to RSOs were overdue?"))


def test_answer_light_theme_large_terminal(snap_compare, make_app):
    assert snap_compare(make_app("textual-light"), terminal_size=(140, 45),
                        run_before=asking("Were appropriate adults delayed in custody?"))


def test_page_viewer(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(100, 32),
                        run_before=asking("How many visits to RSOs were overdue?", open_first=True))


def test_no_answer_for_a_force_without_a_report(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24),
                        run_before=asking("How many overdue visits did Zxqwshire Police have?"))


def test_report_filter(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=asking("custody", "ctrl+r"))


def test_help(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=asking("custody", "f1"))


@pytest.fixture
def make_records_app(small_corpus, tmp_path):
    """The bundled corpus plus two inspections of one council (tests/test_reports_cli.py)."""
    from pdfgen import write_pdf
    from test_reports_cli import NEW, OLD

    write_pdf(small_corpus / "bd-2014.pdf", OLD)
    write_pdf(small_corpus / "bd-2023.pdf", NEW)
    index = tmp_path / "index"
    update_index(small_corpus, IndexStore(index), embedder_name="hashing")
    return AskApp(small_corpus, index, history_file=tmp_path / "history.jsonl",
                  conversation_file=tmp_path / "conversation.jsonl",
                  searcher_factory=lambda: Searcher(IndexStore(index), embedder=HashingEmbedder()))


def test_card_names_a_newer_inspection(snap_compare, make_records_app):
    assert snap_compare(make_records_app, terminal_size=(100, 30),
                        run_before=asking("Barking and Dagenham 2014: what was the overall grade?"))


def test_reports_screen(snap_compare, make_records_app):
    assert snap_compare(make_records_app, terminal_size=(140, 24), run_before=asking("custody", "ctrl+t"))


def test_report_record_screen(snap_compare, make_records_app):
    assert snap_compare(make_records_app, terminal_size=(100, 30),
                        run_before=asking("custody", "ctrl+t", "down", "enter"))
