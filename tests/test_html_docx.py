"""Saved web pages and Word files: the report's own text, sections from headings, numbered
paragraphs cited as "para. N", tables kept as rows, and no page furniture in any passage."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS
from docgen import BOILERPLATE, TABLE, report_docx, report_html, sections_from_text
from test_cli import run

from askncpi.build import update_index
from askncpi.embedder import HashingEmbedder
from askncpi.readers import read_document
from askncpi.search import Searcher
from askncpi.store import IndexStore

SOURCE = CORPUS / "northamptonshire-2019-ncpi-post-inspection-review-press-release.txt"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("htmldocx")
    corpus = root / "corpus"
    corpus.mkdir()
    title, sections = sections_from_text(SOURCE)
    (corpus / "northamptonshire-review.html").write_text(report_html(title, sections), encoding="utf-8")
    (corpus / "northamptonshire-review.docx").write_bytes(report_docx(title, sections))
    index = root / "index"
    update_index(corpus, IndexStore(index), embedder_name="hashing")
    return corpus, index, title, sections


@pytest.mark.parametrize("name", ["northamptonshire-review.html", "northamptonshire-review.docx"])
def test_the_report_text_is_read_without_furniture(made, name):
    corpus, _, title, sections = made
    doc = read_document(corpus / name, name)
    text = doc.pages[0].text
    assert doc.kind == name.rsplit(".", 1)[1] and len(doc.pages) == 1
    assert doc.title.startswith(title[:40])
    for word in BOILERPLATE:
        assert word not in text, word
    assert sections[0].paragraphs[0] in " ".join(text.split())
    assert f"# {sections[1].heading}" in text  # headings become sections
    assert " | ".join(TABLE[1]) in text  # a table keeps its rows


@pytest.mark.parametrize("name", ["northamptonshire-review.html", "northamptonshire-review.docx"])
def test_an_answer_in_a_numbered_paragraph_is_cited_by_section_and_paragraph(made, name):
    _, index, _, sections = made
    searcher = Searcher(IndexStore(index), embedder=HashingEmbedder())
    n = 0
    for s in sections:
        for p in s.paragraphs:
            n += 1
            if s is sections[1] and p is s.paragraphs[1]:
                wanted, number, heading = p, n, s.heading
    answer = searcher.ask(wanted, top_k=5, docs=[name])
    top = answer.hits[0]
    assert " ".join(wanted.split())[:80] in " ".join(top.chunk.text.split())
    assert top.para == str(number) and top.chunk.section == heading
    from askncpi.render import citation
    assert citation(top).endswith(f"· para. {number} · {heading}")


def test_no_furniture_in_any_passage_and_the_cli_cites_paragraphs(made, tmp_path):
    corpus, index, _, sections = made
    searcher = Searcher(IndexStore(index), embedder=HashingEmbedder())
    for chunk in searcher.chunks.all():
        for word in BOILERPLATE:
            assert word not in chunk.text, (chunk.doc, word)
    r = run(["--index", str(index), "query", "--json", sections[0].paragraphs[2]], tmp_path)
    hits = json.loads(r.stdout)["hits"]
    assert hits and hits[0]["para"] == "3" and "para. 3" in hits[0]["citation"]
    table = run(["--index", str(index), "sources"], tmp_path, env_extra={"COLUMNS": "200"}).stdout
    assert "northamptonshire-review.html" in table and "northamptonshire-review.docx" in table


def test_a_broken_word_file_or_page_gets_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "not-a-zip.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    (corpus / "no-document.docx").write_bytes(_zip_without_document())
    (corpus / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    (corpus / "good.txt").write_text("Inspectors found delay in plans for children.\n")
    summary = update_index(corpus, IndexStore(tmp_path / "index"), embedder_name="hashing")
    reasons = dict(summary.skipped)
    assert "corrupt Word file" in reasons["not-a-zip.docx"]
    assert "no word/document.xml" in reasons["no-document.docx"]
    assert "no text in this web page" in reasons["empty.html"]
    assert summary.chunks >= 1


def _zip_without_document() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/styles.xml", "<w:styles/>")
    return out.getvalue()


def test_a_saved_report_page_or_word_file_gets_its_year_from_its_inspection_dates():
    from askncpi.metadata import year

    first = "Inspection of Anytown children's services\nInspection dates: 6 to 10 March 2023\n"
    assert year("anytown.html", first, "html") == 2023
    assert year("anytown.docx", first, "docx") == 2023
    assert year("anytown-note.txt", first, "txt") is None  # a note or press release names dates of others
