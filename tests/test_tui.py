"""Drive the chat window with Textual's pilot, on a small index and the fake embedder."""

import pytest

from askncpi.build import update_index
from askncpi.embedder import HashingEmbedder
from askncpi.search import Searcher
from askncpi.store import IndexStore
from askncpi.tui.app import AskApp
from askncpi.tui.screens import FilterScreen, PageScreen
from askncpi.tui.widgets import NoAnswerView, PassageCard, QuestionView


@pytest.fixture
def app_factory(small_corpus, tmp_path):
    (small_corpus / "markup.txt").write_text("Strange report [bold]not bold[/] and [/] closing tags about custody.\n")
    index = tmp_path / "index"
    update_index(small_corpus, IndexStore(index), embedder_name="hashing")

    def make():
        return AskApp(small_corpus, index, history_file=tmp_path / "history.jsonl",
                      conversation_file=tmp_path / "conversation.jsonl",
                      searcher_factory=lambda: Searcher(IndexStore(index), embedder=HashingEmbedder()))
    return make


async def ask(app, pilot, text):
    await pilot.click("#question")
    app.query_one("#question").value = text
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def loaded(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.searcher is not None


async def test_ask_shows_cited_cards_and_opens_the_page(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "98 visits to RSOs overdue")
        cards = list(app.query(PassageCard))
        assert cards, "no passage cards shown"
        page30 = [c for c in cards if "98 visits to RSOs" in " ".join(c.hit.chunk.text.split())]
        assert page30 and "p. 30" in str(page30[0].render())
        page30[0].focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen) and app.screen.page == 30
        await pilot.press("n")
        assert app.screen.page == 31
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PageScreen)


async def test_follow_up_shows_the_query_searched(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "overdue visits to registered sex offenders")
        await ask(app, pilot, "and in Northamptonshire?")
        views = list(app.query(QuestionView))
        assert "searched: overdue visits to registered sex offenders and in Northamptonshire?" in str(views[-1].render())


async def test_filter_restricts_reports_and_is_visible(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#reports").select("met-ncpi-post-inspection-review-press-release.txt")
        await pilot.click("#apply")
        await pilot.pause()
        assert app.filter == ["met-ncpi-post-inspection-review-press-release.txt"]
        assert "searching: 1 of 6 reports" in str(app.query_one("#status").render())
        await ask(app, pilot, "oversight")
        assert {c.hit.chunk.doc for c in app.query(PassageCard)} == {"met-ncpi-post-inspection-review-press-release.txt"}


async def test_export_markdown_and_history(app_factory, tmp_path):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "appropriate adults delayed in custody")
        out = app.action_export(tmp_path / "out.md")
    text = out.read_text()
    assert "## appropriate adults delayed in custody" in text and "**[1]" in text and " · " in text
    again = app_factory()
    async with again.run_test(size=(100, 40)) as pilot:
        await loaded(again, pilot)
        await pilot.click("#question")
        await pilot.press("up")
        assert again.query_one("#question").value == "appropriate adults delayed in custody"


async def test_report_markup_is_shown_literally(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "strange report closing tags")
        shown = [str(c.render()) for c in app.query(PassageCard) if c.hit.chunk.doc == "markup.txt"]
        assert shown and "[bold]not bold[/]" in shown[0]


async def test_unknown_force_gets_a_clear_no_answer(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "How many overdue visits did Zxqwshire Police have?")
        notes = list(app.query(NoAnswerView))
        assert notes and "Zxqwshire" in str(notes[0].render())


async def test_conversation_comes_back_next_run_until_a_new_one_is_started(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "appropriate adults delayed in custody")
        first_cards = [c.hit.chunk.id for c in app.query(PassageCard)]
    again = app_factory()
    async with again.run_test(size=(100, 40)) as pilot:
        await loaded(again, pilot)
        assert "appropriate adults delayed in custody" in str(again.query_one(QuestionView).render())
        assert [c.hit.chunk.id for c in again.query(PassageCard)] == first_cards
        await ask(again, pilot, "and what did they recommend?")  # a follow-up of the restored question
        assert "searched: appropriate adults delayed in custody and what did they recommend?" in \
            str(list(again.query(QuestionView))[-1].render())
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new conversation")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert not list(again.query(QuestionView)) and not again.conversation.answers
    fresh = app_factory()
    async with fresh.run_test(size=(100, 40)) as pilot:
        await loaded(fresh, pilot)
        assert not list(fresh.query(PassageCard))


async def test_command_palette_offers_the_window_actions(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Filter reports", "Export conversation", "Update index", "New conversation", "Key bindings"} <= titles


@pytest.fixture
def records_app(small_corpus, tmp_path):
    from pdfgen import write_pdf
    from test_reports_cli import NEW, OLD

    write_pdf(small_corpus / "bd-2014.pdf", OLD)
    write_pdf(small_corpus / "bd-2023.pdf", NEW)
    index = tmp_path / "index"
    update_index(small_corpus, IndexStore(index), embedder_name="hashing")
    return AskApp(small_corpus, index, history_file=tmp_path / "history.jsonl",
                  conversation_file=tmp_path / "conversation.jsonl",
                  searcher_factory=lambda: Searcher(IndexStore(index), embedder=HashingEmbedder()))


async def test_grade_card_first_then_n_opens_the_newer_inspection(records_app):
    from askncpi.tui.screens import ReportScreen

    app = records_app
    async with app.run_test(size=(110, 40)) as pilot:
        await loaded(app, pilot)
        await ask(app, pilot, "Barking and Dagenham 2014: what was the overall grade?")
        first = app.query(PassageCard).first()
        assert first.hit.chunk.doc == "bd-2014.pdf" and first.hit.page == 1
        assert "newer: Ofsted ILACS, July 2023" in str(first.render())
        first.focus()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and app.screen.doc == "bd-2023.pdf"


async def test_inspections_table_sorts_and_opens_a_record_and_glossary_filters(records_app):
    from textual.widgets import DataTable, Input

    from askncpi.tui.screens import GlossaryScreen, ReportScreen, ReportsScreen

    app = records_app
    async with app.run_test(size=(140, 30)) as pilot:
        await loaded(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        orgs = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert orgs == sorted(orgs)
        await pilot.press("s")  # by inspection date
        dates = [table.get_row_at(i)[1] for i in range(table.row_count)]
        assert dates == sorted(dates)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        app.screen.query_one(Input).value = "MASH"
        await pilot.pause()
        shown = str(app.screen.query_one("#glossary-list").render())
        assert "multi-agency safeguarding hub" in shown.lower() and "p. " in shown
