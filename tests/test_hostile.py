"""Files made to attack the reader: escape sequences in names, titles and headings reach no
terminal, the chat window or an export; a decompression bomb or a file that never ends
costs one worker, not the build; two windows appending at once never mix their lines."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badfiles import ESCAPE_NAME, OTHER_SCRIPT_NAMES, decompression_bomb, hostile_title_pdf
from pdfgen import pdf_bytes

from askncpi.build import DEFAULT_PARAMS, update_index
from askncpi.conversation import Conversation, append_history, load_history
from askncpi.embedder import HashingEmbedder
from askncpi.reading import ReadLimits, SourceFile
from askncpi.render import answer_markdown
from askncpi.sandbox import IsolatedReader
from askncpi.search import Searcher
from askncpi.store import IndexStore

# What a terminal acts on: ESC and BEL, C1 controls (as UTF-8), bidi overrides and isolates.
UNSAFE_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PAYLOADS = ("pwned", "ZXZpbA", "[31m", "[2J")  # the window title, the clipboard text, colour, clear screen


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / ESCAPE_NAME).write_bytes(b"Escape \x1b[2J\x1b[Hstaff found \x1b]52;c;ZXZpbA==\x07delay in plans.\n")
    (corpus / "hostile-title.pdf").write_bytes(hostile_title_pdf())
    (corpus / "hostile-heading.md").write_bytes(b"# Findings \x1b[2J\x1b]0;pwned\x07about visits\n\n"
                                                b"The inspection found overdue visits to children in care.\n")
    for name in OTHER_SCRIPT_NAMES:
        (corpus / name).write_text(f"Inspectors found delay in plans ({name}).\n", encoding="utf-8")
    env = {**os.environ, "ASKNCPI_EMBEDDER": "hashing"}
    index = root / "index"
    built = _cli(["--corpus", str(corpus), "--index", str(index), "index"], root, env)
    assert built.returncode == 0, built.stderr
    return corpus, index, root, env


def _cli(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "askncpi.cli", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("args", [
    ["sources"], ["sources", "--json"], ["query", "delay in plans"], ["query", "--json", "delay in plans"],
    ["query", "overdue visits findings"], ["query", "--explain", "Review of Evil Council"],
    ["index", "--rebuild"], ["index", "--rebuild", "--json"],
])
def test_no_escape_sequence_reaches_stdout_or_stderr(hostile, args):
    corpus, index, root, env = hostile
    r = _cli(["--corpus", str(corpus), "--index", str(index), *args], root, {**env, "COLUMNS": "250"})
    assert r.returncode == 0, r.stderr
    for stream in (r.stdout, r.stderr):
        assert not UNSAFE_BYTES.search(stream), UNSAFE_BYTES.search(stream)
        if "--json" not in args:  # JSON keeps a file's real name, its ESC written as \u001b
            assert not any(p.encode() in stream for p in PAYLOADS), stream[:2000]


def test_names_and_titles_are_shown_cleaned_and_json_keeps_the_real_name(hostile):
    corpus, index, root, env = hostile
    table = _cli(["--index", str(index), "sources"], root, {**env, "COLUMNS": "250"}).stdout.decode()
    assert "evilred name.txt" in table  # the escape gone, the newline a space
    assert "Review of Evil Council" in table
    for name in OTHER_SCRIPT_NAMES:
        assert name in table
    files = json.loads(_cli(["--index", str(index), "sources", "--json"], root, env).stdout)
    assert ESCAPE_NAME in files and files[ESCAPE_NAME]["status"] == "indexed"  # escaped as JSON escapes
    assert not UNSAFE_CHARS.search(files["hostile-title.pdf"]["title"])  # cleaned on the way in


def test_passages_headings_and_markdown_export_are_clean(hostile):
    corpus, index, root, env = hostile
    searcher = Searcher(IndexStore(index), embedder=HashingEmbedder())
    for chunk in searcher.chunks.all():
        for text in (chunk.text, chunk.title, chunk.section or ""):
            assert not UNSAFE_CHARS.search(text) and "pwned" not in text, (chunk.doc, text)
    answer = searcher.ask("overdue visits findings delay in plans", top_k=10)
    markdown = answer_markdown(answer)
    assert "Findings about visits" in markdown or "delay in plans" in markdown
    assert not UNSAFE_CHARS.search(markdown) and not any(p in markdown for p in PAYLOADS)


async def test_the_chat_window_shows_no_escape_sequence(hostile, tmp_path):
    from textual.widgets import Static

    from askncpi.tui.app import AskApp
    from askncpi.tui.widgets import PassageCard

    corpus, index, root, env = hostile
    app = AskApp(corpus, index, history_file=tmp_path / "history.jsonl",
                 conversation_file=tmp_path / "conversation.jsonl",
                 searcher_factory=lambda: Searcher(IndexStore(index), embedder=HashingEmbedder()))
    async with app.run_test(size=(120, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.click("#question")
        app.query_one("#question").value = "staff found delay in plans, Review of Evil Council"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cards = list(app.query(PassageCard))
        assert cards
        shown = " ".join(str(w.render()) for w in app.query(Static))
        screen = app.export_screenshot()
        for text in (shown, screen):
            assert not UNSAFE_CHARS.search(text) and not any(p in text for p in PAYLOADS)
        cards[0].focus()
        await pilot.press("enter")  # the report's page, read again from the file
        await pilot.pause()
        page = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert page.strip() and not UNSAFE_CHARS.search(page) and not any(p in page for p in PAYLOADS)


# -- reading under limits ------------------------------------------------------------

def _source(path: Path) -> SourceFile:
    st = path.stat()
    return SourceFile(path.name, path, st.st_size, st.st_mtime_ns)


def test_a_decompression_bomb_costs_one_worker_and_the_next_file_reads(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(decompression_bomb(600 << 20))
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf_bytes([["Inspectors found delay in plans for children."]]))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with IsolatedReader(ReadLimits(memory_mb=160)) as reader:
        burst = reader.read(_source(bomb), "sha", DEFAULT_PARAMS)
        after_bomb = reader.read(_source(good), "sha", DEFAULT_PARAMS)
    assert burst.entry["status"] == "skipped" and burst.entry["reason"].startswith("too large to read safely"), burst
    assert "160 MB" in burst.entry["reason"]
    assert after_bomb.entry["status"] == "indexed" and after_bomb.chunks
    grew_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grew_mb < 100  # the inflating happened in the worker, not here


def test_a_file_that_never_finishes_reading_is_skipped_after_the_time_limit(tmp_path):
    stuck = tmp_path / "stuck.txt"
    os.mkfifo(stuck)  # reading a FIFO nobody writes to blocks forever
    good = tmp_path / "good.txt"
    good.write_text("Inspectors found delay in plans for children.\n")
    t0 = time.monotonic()
    with IsolatedReader(ReadLimits(seconds=1.5)) as reader:
        slow = reader.read(_source(stuck), "sha", DEFAULT_PARAMS)
        fine = reader.read(_source(good), "sha", DEFAULT_PARAMS)
    assert slow.entry["reason"] == "too large to read safely: reading took longer than 1.5 s"
    assert fine.entry["status"] == "indexed"
    assert time.monotonic() - t0 < 30


def test_the_build_reports_the_bomb_in_one_line_and_indexes_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bomb.pdf").write_bytes(decompression_bomb(600 << 20))
    (corpus / "good.txt").write_text("Inspectors found delay in plans for children.\n")
    summary = update_index(corpus, IndexStore(tmp_path / "index"), embedder_name="hashing",
                           limits=ReadLimits(memory_mb=160))
    assert summary.added == ["bomb.pdf", "good.txt"] or sorted(summary.added) == ["bomb.pdf", "good.txt"]
    assert [(rel, why.split(":")[0]) for rel, why in summary.skipped] == [("bomb.pdf", "too large to read safely")]
    assert summary.chunks >= 1


def test_a_text_file_over_the_size_limit_is_skipped_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"The inspection found delays in plans. " * 30_000)  # 1.1 MB
    with IsolatedReader(ReadLimits(text_mb=1)) as reader:
        p = reader.read(_source(big), "sha", DEFAULT_PARAMS)
    assert p.entry["reason"] == "too large to read safely: 1 MB of text, over the 1 MB limit for a text file"


# -- two windows at once ------------------------------------------------------------

_WRITER = """
import sys
from pathlib import Path
from askncpi.conversation import Conversation, append_history
from askncpi.types import Answer
conv, hist, tag = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
c = Conversation()
for i in range(150):
    c.save_answer(Answer(question=f"{tag} {i} " + "long question " * 2000, hits=()), conv)
    append_history(f"{tag} {i} " + "x" * 9000, hist)
"""


def test_two_windows_appending_at_once_never_interleave_lines(tmp_path):
    conv, hist = tmp_path / "conversation.jsonl", tmp_path / "history.jsonl"
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, str(conv), str(hist), tag]) for tag in ("A", "B")]
    assert all(w.wait(timeout=120) == 0 for w in writers)
    lines = conv.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 300 and all(json.loads(line) for line in lines)  # each line whole
    assert len(Conversation.load(conv, limit=1000).answers) == 300
    assert len(load_history(hist, limit=1000)) == 300
    assert sorted(q.split()[0] for q in load_history(hist, limit=1000)) == ["A"] * 150 + ["B"] * 150
    append_history("and one more", hist)
    assert load_history(hist)[-1] == "and one more"
