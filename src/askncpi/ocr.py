"""Read the pages of a scanned PDF that have no text layer, offline, with Tesseract.

Each such page is rendered by pdfium (200 dpi, grey) and read by the `tesseract` program
(Debian's `tesseract-ocr`, installed by scripts/setup.sh). Measured on 20 pages of
bundled and bench reports (scripts/ocr_quality.py): word recall 0.99+, about 1 s a page on
one core. Tesseract is run with one thread: its OpenMP threads made it 5-6x slower here.
Without the program (or with ASKNCPI_OCR=off, or `askncpi index --no-ocr`) a scanned PDF
is skipped as "needs OCR", as before.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np

DPI = 200
PAGE_SECONDS = 120  # one page's OCR; past it the page is left without text
MIN_TEXT_CHARS = 20  # a page whose text layer has fewer characters than this is read by OCR


@lru_cache(maxsize=1)
def _tesseract() -> str | None:
    return shutil.which("tesseract")


def available() -> bool:
    """Whether OCR can run here: the tesseract program is installed and not switched off."""
    return os.environ.get("ASKNCPI_OCR", "on").lower() not in ("off", "0", "no") and _tesseract() is not None


def needs_ocr(text: str) -> bool:
    return len(text.strip()) < MIN_TEXT_CHARS


def pages_with_images(path: Path, indexes: list[int]) -> set[int]:
    """Which of these 0-based pages hold a picture: only those can be scans worth OCR (a
    blank page, or one word on a page, is not read by OCR)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found = set()
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in indexes:
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                continue
            if next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4), None) is not None:
                found.add(i)
            page.close()
    finally:
        pdf.close()
    return found


def ocr_image(image: bytes, language: str = "eng") -> str:
    """The text Tesseract reads in one image file's bytes (PNG, PGM, ...; "" when it reads
    nothing or fails)."""
    exe = _tesseract()
    if exe is None:
        return ""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([exe, "stdin", "stdout", "-l", language, "--psm", "3"], input=image,
                              capture_output=True, timeout=PAGE_SECONDS, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


def ocr_pdf_page(path: Path, index: int, dpi: int = DPI) -> str:
    """OCR of page `index` (0-based) of the PDF at `path`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[index]
        grey = page.render(scale=dpi / 72, grayscale=True).to_numpy()
        page.close()
    finally:
        pdf.close()
    return ocr_image(pgm(grey))


def pgm(grey: np.ndarray) -> bytes:
    """A (height, width) uint8 grey image as a binary PGM file, which Tesseract reads as it
    reads PNG, without an imaging library."""
    if grey.ndim == 3:  # a bitmap that came back with its one channel as an axis
        grey = grey[:, :, 0]
    height, width = grey.shape
    return f"P5\n{width} {height}\n255\n".encode("ascii") + np.ascontiguousarray(grey, dtype=np.uint8).tobytes()
