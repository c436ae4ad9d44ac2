"""Scanned PDFs: pages without a text layer are read by OCR, cited by their own page number,
and the card says so; --no-ocr (or no engine) skips a scanned PDF as "needs OCR"."""

from __future__ import annotations

import io
import json

import pytest
from conftest import CORPUS
from pdfgen import pdf_bytes
from test_cli import run

from askncpi import ocr
from askncpi.build import update_index
from askncpi.embedder import HashingEmbedder
from askncpi.reading import ReadLimits
from askncpi.render import citation
from askncpi.search import Searcher
from askncpi.store import IndexStore

REPORT = CORPUS / "merseyside-2018-ncpi-report.pdf"
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason="tesseract is not installed (scripts/setup.sh)")


def _scan_of(pages: list[int], dpi: int = 150) -> bytes:
    """An image-only PDF of these 0-based pages of the Merseyside report: no text layer."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(REPORT))
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in pages]
    pdf.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("ocr")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "merseyside-scan.pdf").write_bytes(_scan_of([28, 29]))  # printed pages 29-30
    from pypdf import PdfReader, PdfWriter

    mixed = PdfWriter()  # page 1 has a text layer, page 2 is a picture
    mixed.append(PdfReader(io.BytesIO(pdf_bytes([["Front page of the mixed report: inspectors found delay."]]))))
    mixed.append(PdfReader(io.BytesIO(_scan_of([29]))))
    buf = io.BytesIO()
    mixed.write(buf)
    (corpus / "mixed.pdf").write_bytes(buf.getvalue())
    return root, corpus


@needs_tesseract
def test_a_scanned_report_is_read_by_ocr_and_cited_by_its_page(scanned, tmp_path):
    root, corpus = scanned
    store = IndexStore(tmp_path / "index")
    summary = update_index(corpus, store, embedder_name="hashing")
    assert not summary.skipped
    files = store.current().manifest.files
    assert files["merseyside-scan.pdf"]["ocr_pages"] == 2
    assert files["mixed.pdf"]["ocr_pages"] == 1  # only the page without a text layer
    searcher = Searcher(store, embedder=HashingEmbedder())
    answer = searcher.ask("98 visits to RSOs were overdue", top_k=3, docs=["merseyside-scan.pdf"])
    top = answer.hits[0]
    assert "98 visits" in " ".join(top.chunk.text.split())
    assert top.page == 2  # physical page 2 of the scan (page 30 of the report)
    assert top.chunk.ocr_pages and "p. 2 (text read by OCR)" in citation(top)
    front = searcher.ask("front page of the mixed report", top_k=1, docs=["mixed.pdf"]).hits[0]
    assert front.page == 1 and "OCR" not in citation(front)  # its page has a text layer


@needs_tesseract
def test_the_cli_counts_ocr_pages_and_no_ocr_skips_the_scan(scanned, tmp_path):
    _, corpus = scanned
    r = run(["--corpus", str(corpus), "--index", str(tmp_path / "a"), "index"], tmp_path)
    assert r.returncode == 0 and "3 scanned pages read by OCR" in r.stdout, r.stdout + r.stderr
    q = json.loads(run(["--index", str(tmp_path / "a"), "query", "--json", "98 visits to RSOs overdue"],
                       tmp_path).stdout)
    assert q["hits"][0]["ocr"] is True and "(text read by OCR)" in q["hits"][0]["citation"]
    r = run(["--corpus", str(corpus), "--index", str(tmp_path / "b"), "index", "--no-ocr", "--json"], tmp_path)
    skipped = {d["file"]: d["reason"] for d in json.loads(r.stdout)["skipped_files"]}
    assert "needs OCR" in skipped["merseyside-scan.pdf"]


def test_without_an_ocr_engine_a_scan_is_skipped_as_needs_ocr(tmp_path, monkeypatch):
    monkeypatch.setenv("ASKNCPI_OCR", "off")  # what a machine without tesseract sees
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(_scan_of([29]))
    (corpus / "good.txt").write_text("Inspectors found delay in plans.\n")
    summary = update_index(corpus, IndexStore(tmp_path / "index"), embedder_name="hashing",
                           limits=ReadLimits(ocr=True))
    assert "scanned PDF, needs OCR" in dict(summary.skipped)["scan.pdf"]


def test_a_page_goes_to_tesseract_as_a_pgm_without_an_imaging_library():
    import numpy as np

    grey = np.arange(6, dtype=np.uint8).reshape(2, 3)
    assert ocr.pgm(grey) == b"P5\n3 2\n255\n" + bytes(range(6))
    assert ocr.pgm(grey[:, :, None]) == ocr.pgm(grey)  # a one-channel axis is dropped
    assert ocr.pgm(grey[:, ::2]) == b"P5\n2 2\n255\n" + bytes([0, 2, 3, 5])  # a strided view is packed
