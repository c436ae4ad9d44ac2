
import pytest
from conftest import CORPUS
from pdfgen import write_pdf

from askncpi.readers import ParseError, read_document


def test_pdf_pages_are_physical_and_cleaned(tmp_path):
    p = write_pdf(tmp_path / "force-2019-report.pdf",
                  [["Foreword", "Children deserve safety."], ["1. Introduction", "We found 98 visits overdue."]],
                  title="Test Police - National child protection inspection")
    doc = read_document(p)
    assert doc.kind == "pdf"
    assert [pg.number for pg in doc.pages] == [1, 2]
    assert "98 visits overdue" in doc.pages[1].text
    assert doc.title == "Test Police – National child protection inspection (2019)"
    assert doc.organisation == "Test Police"
    assert doc.year == 2019


def test_bundled_report_metadata_and_page_30():
    doc = read_document(CORPUS / "merseyside-2018-ncpi-report.pdf")
    assert len(doc.pages) == 42
    assert doc.title.startswith("Merseyside Police – National child protection inspection")
    assert doc.organisation == "Merseyside Police" and doc.year == 2018
    assert "98 visits to RSOs" in " ".join(doc.pages[29].text.split())


def test_text_file_title_from_headline():
    doc = read_document(CORPUS / "northamptonshire-2019-ncpi-post-inspection-review-press-release.txt")
    assert doc.kind == "text" and len(doc.pages) == 1
    assert doc.title.startswith("Northamptonshire Police has made only")
    assert doc.organisation == "Northamptonshire Police"


def test_latin1_text_is_read(tmp_path):
    p = tmp_path / "note.txt"
    p.write_bytes("Caf\xe9 inspection found delays.\n".encode("latin-1"))
    assert "Café" in read_document(p).pages[0].text


@pytest.mark.parametrize("name,data,reason", [
    ("empty.pdf", b"", "empty"),
    ("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a PDF"),
    ("junk.txt", b"\x00\x01\x02binary" * 100, "binary"),
    ("blank.txt", b"   \n\n", "empty"),
    ("notes.docx", b"PK\x03\x04", "corrupt Word file"),
    ("slides.pptx", b"PK\x03\x04", "unsupported"),
])
def test_bad_files_raise_one_line_parse_errors(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ParseError) as err:
        read_document(p)
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


def test_truncated_pdf_is_a_parse_error(tmp_path):
    good = write_pdf(tmp_path / "a.pdf", [["Some text here on a page."]])
    bad = tmp_path / "b.pdf"
    bad.write_bytes(good.read_bytes()[:60])
    with pytest.raises(ParseError):
        read_document(bad)


def test_pdf_without_text_needs_ocr(tmp_path):
    p = write_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(ParseError, match="OCR"):
        read_document(p)
