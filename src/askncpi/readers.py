"""Read a report file into a Document: PDF page by page, or plain text."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from . import metadata
from .cleaning import clean_line_noise, clean_pages
from .errors import ParseError
from .types import Document, Page

PDF_SUFFIXES = {".pdf"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = PDF_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES
READS = ".pdf, .txt, .md, .html and .docx"  # for messages
MAX_TEXT_BYTES = 20_000_000  # ReadLimits.text_mb sets it per build


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def read_document(path: Path, doc: str | None = None, max_text_bytes: int = MAX_TEXT_BYTES,
                  ocr_progress: OcrProgress | None = None) -> Document:
    """Parse `path`; `doc` is the name to cite it by (relative to corpus/); `ocr_progress`:
    see read_pdf."""
    doc = doc or path.name
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return read_pdf(path, doc, ocr_progress)
    if suffix in TEXT_SUFFIXES:
        return read_text(path, doc, max_text_bytes)
    if suffix in HTML_SUFFIXES:
        return read_html(path, doc, max_text_bytes)
    if suffix in DOCX_SUFFIXES:
        return read_docx(path, doc)
    raise ParseError(f"unsupported file type '{suffix or path.name}'")


def _decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ParseError("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Latin-1/Windows-1252 is what older text exports are in; it cannot fail.
        return data.decode("cp1252", errors="replace")


_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def read_text(path: Path, doc: str, max_text_bytes: int = MAX_TEXT_BYTES) -> Document:
    try:
        size = path.stat().st_size
        if size > max_text_bytes:
            raise ParseError(f"too large to read safely: {size / 1e6:.0f} MB of text, "
                             f"over the {max_text_bytes / 1e6:g} MB limit for a text file")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from exc
    # Line structure is kept exactly (no blank-line folding) so that a passage can be
    # cited by the file's own line numbers.
    text = clean_line_noise(_decode(data))
    if _HTML_START.match(text):
        raise ParseError("an HTML page saved as text: rename it .html to index it as a web page")
    if not text.strip():
        raise ParseError("empty file: no text")
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:20000])
    if printable < 0.9 * min(len(text), 20000):
        raise ParseError("binary data, not text")
    title, org, year = metadata.describe(doc, "text", None, text[:5000])
    return Document(doc=doc, title=title, kind="text", pages=(Page(1, text),),
                    organisation=org, year=year)


def _structured(doc: str, kind: str, text: str, title: str | None) -> Document:
    """A web page or Word file, laid out as a text file: one page, "#" headings."""
    text = clean_line_noise(text)
    if not text.strip():
        raise ParseError(f"no text in this {'web page' if kind == 'html' else 'Word file'}")
    title_, org, year = metadata.describe(doc, kind, title, text[:5000])
    return Document(doc=doc, title=title_, kind=kind, pages=(Page(1, text),), organisation=org, year=year)


def read_html(path: Path, doc: str, max_bytes: int = MAX_TEXT_BYTES) -> Document:
    from .html_reader import html_text

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ParseError(f"too large to read safely: {size / 1e6:.0f} MB of HTML, "
                             f"over the {max_bytes / 1e6:g} MB limit for a text file")
        raw = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from exc
    if b"\x00" in raw[:8192]:
        raise ParseError("binary data, not a web page")
    charset = re.search(rb"""<meta[^>]+charset=["']?([\w-]+)""", raw[:4096], re.I)
    try:
        html = raw.decode(charset.group(1).decode() if charset else "utf-8-sig")
    except (LookupError, UnicodeDecodeError):
        html = _decode(raw)
    text, title = html_text(html)
    return _structured(doc, "html", text, title)


def read_docx(path: Path, doc: str) -> Document:
    from .docx_reader import DocxError, docx_text

    try:
        text, title = docx_text(str(path))
    except DocxError as exc:
        raise ParseError(str(exc)) from exc
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from exc
    return _structured(doc, "docx", text, title)


def _open_pdf(path: Path):
    # pypdf is imported here so that commands which never parse a PDF stay quick.
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        if path.stat().st_size == 0:
            raise ParseError("empty file (0 bytes)")
        with path.open("rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                raise ParseError("not a PDF (no %PDF header)")
        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would garble the progress bar
        reader = PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ParseError("encrypted PDF: needs a password")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise ParseError(f"encrypted PDF: {exc}") from exc
        return reader
    except ParseError:
        raise
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from exc
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"corrupt PDF: {exc}") from exc


def _page_labels(reader, n: int) -> list[str | None]:
    try:
        if "/PageLabels" not in reader.trailer["/Root"]:
            return [None] * n
        return list(reader.page_labels)
    except MemoryError:
        raise
    except Exception:  # labels are a nicety; a broken label or page tree must not lose the text
        return [None] * n


# pdfium marks a hyphen it joined across a line end with U+FFFE (or U+0002); put the
# hyphen and line break back so cleaning decides, as for pypdf text, whether the word
# was split ("safe-\nguarding") or is a compound ("multi-\nagency").
_PDFIUM_HYPHEN = re.compile("[\ufffe\x02]")
# pdfium drops the gap after a paragraph number set with a tab stop ("10.Young people").
_GLUED_NUMBER = re.compile(r"^(\d{1,3}\.)(?=[A-Z\u2018\u201c'\"(])", re.M)


def _pdfium_texts(path: Path) -> list[str] | None:
    """Page texts from pdfium (about 15x faster than pypdf), or None when unavailable."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return None
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # pdfium's own errors: let pypdf have its say instead
        return None
    try:
        texts = []
        failed = 0
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError:  # a page-tree entry that is no page (a loop, a bad kid)
                failed += 1
                texts.append("")
                continue
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            texts.append(_GLUED_NUMBER.sub(r"\1 ", _PDFIUM_HYPHEN.sub("-\n", text)))
        return None if failed == len(texts) else texts
    except MemoryError:
        raise
    except Exception:
        return None
    finally:
        pdf.close()


def _pypdf_texts(reader) -> list[str]:
    try:
        return [page.extract_text() or "" for page in reader.pages]
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # pypdf raises many types on damaged streams
        raise ParseError(f"corrupt PDF: {type(exc).__name__}: {exc}") from exc


OcrProgress = Callable[[int, int], None]  # (pages done, pages to do)


def _ocr_missing(path: Path, raw: list[str], progress: OcrProgress) -> set[int]:
    """OCR each page without a usable text layer, in place; the 0-based pages it read."""
    from . import ocr

    todo = [i for i, text in enumerate(raw) if ocr.needs_ocr(text)]
    try:
        todo = sorted(ocr.pages_with_images(path, todo)) if todo else []
    except MemoryError:
        raise
    except Exception:  # pdfium cannot open it: nothing it could render either
        todo = []
    done: set[int] = set()
    for n, i in enumerate(todo, 1):
        try:
            text = ocr.ocr_pdf_page(path, i)
        except MemoryError:
            raise
        except Exception:  # a page pdfium cannot render stays without text
            text = ""
        if not ocr.needs_ocr(text):
            raw[i] = text
            done.add(i)
        progress(n, len(todo))
    return done


def read_pdf(path: Path, doc: str, ocr_progress: OcrProgress | None = None) -> Document:
    """`ocr_progress` given: pages without a text layer are read by OCR (ocr.py), and it is
    told each page done; None: such pages stay empty and a PDF of only those is skipped."""
    # pypdf checks the file (header, encryption, structure) and gives page labels and
    # metadata; the text itself comes from pdfium when it can read the file.
    reader = _open_pdf(path)
    raw = (None if reader.is_encrypted else _pdfium_texts(path)) or _pypdf_texts(reader)
    if not raw:
        raise ParseError("PDF has no pages")
    raw = list(raw)
    ocr_pages = _ocr_missing(path, raw, ocr_progress) if ocr_progress is not None else set()
    texts = clean_pages(raw)
    if sum(len(t.strip()) for t in texts) < 20 * max(1, len(texts)) // 10 + 1:
        if ocr_progress is not None:
            raise ParseError(f"no text in {len(texts)} page(s), not even by OCR")
        raise ParseError(f"no text layer in {len(texts)} page(s): scanned PDF, needs OCR")
    labels = _page_labels(reader, len(texts))
    pages = tuple(Page(i + 1, t, labels[i] if i < len(labels) else None, ocr=i in ocr_pages)
                  for i, t in enumerate(texts))
    meta_title = None
    try:
        meta_title = reader.metadata.title if reader.metadata else None
    except Exception:
        meta_title = None
    first = "\n".join(t for t in texts[:2])
    title, org, year = metadata.describe(doc, "pdf", meta_title, first)
    return Document(doc=doc, title=title, kind="pdf", pages=pages, organisation=org, year=year)
