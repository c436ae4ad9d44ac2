"""Clean what PDF text extraction leaves behind. Pure functions on strings."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .safetext import safe_text

# Bullet glyphs as PDFs give them, made "•": any private-use code point at the start
# of a line (a Symbol or Wingdings glyph: Ofsted's \uf06e squares and \uf02d dashes, in
# about half of the bench reports), small and large squares (Ofsted's "◼"), discs,
# triangles, arrows.
_BULLETS = "\ue000-\uf8ff\u25aa\u25ab\u25a0\u25a1\u25fc\u25fe\u25cf\u2022\u25e6\u2023\u2043\u25b6\u25ba\u27a2"
_BULLET_RE = re.compile(f"^[ \t]*[{_BULLETS}][ \t]*", re.M)
_PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?\s*$", re.I)
_SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\u00ad]")
_DIGITS_RE = re.compile(r"\d+")
_HYPHEN_BREAK_RE = re.compile(r"([A-Za-z]+)-\n([a-z][A-Za-z]*)")


def clean_line_noise(text: str) -> str:
    """Escape sequences, control characters, soft hyphens, odd spaces and PDF bullet glyphs."""
    text = _CONTROL_RE.sub("", safe_text(text))
    text = _BULLET_RE.sub("• ", text)
    lines = [_SPACES_RE.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line != "•")  # a bullet with no item text


def _line_key(line: str) -> str:
    return _DIGITS_RE.sub("#", line.strip().lower())


def running_lines(pages: list[str], edge: int = 3) -> set[str]:
    """Lines repeated at the top or bottom of many pages: headers and footers.

    A line counts when it (with digits masked) sits within `edge` lines of a page's
    top or bottom on at least half of the pages, and on at least three of them.
    """
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.split("\n") if ln.strip()]
        counts.update({_line_key(ln) for ln in lines[:edge] + lines[-edge:]})
    need = max(3, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= need and key}


def strip_page_furniture(page: str, running: set[str]) -> str:
    """Drop bare page numbers and running headers/footers from one page."""
    kept = []
    for line in page.split("\n"):
        if _PAGE_NUMBER_RE.match(line) or (running and _line_key(line) in running):
            continue
        kept.append(line)
    return "\n".join(kept)


def join_hyphenated(text: str, vocabulary: set[str]) -> str:
    """Re-join words split across a line break.

    "assess-\nment" becomes "assessment"; a real compound keeps its hyphen
    ("looked-\nafter" when "looked-after", or both "looked" and "after", occur
    elsewhere in the document). `vocabulary` must not contain the fragments
    themselves (see `vocabulary_of`).
    """

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        joined, compound = left + right, f"{left}-{right}"
        if joined.lower() in vocabulary:
            return joined
        if compound.lower() in vocabulary or (left.lower() in vocabulary and right.lower() in vocabulary):
            return compound
        return joined

    return _HYPHEN_BREAK_RE.sub(fix, text)


def vocabulary_of(pages: list[str]) -> set[str]:
    """Words (and one-line hyphenated compounds) of the pages, leaving out the
    fragments on either side of a hyphen at a line break."""
    vocab: set[str] = set()
    for page in pages:
        unbroken = _HYPHEN_BREAK_RE.sub(" ", page)
        vocab.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", unbroken))
        vocab.update(w.lower() for w in re.findall(r"[A-Za-z]+", unbroken))
    return vocab


def tidy_blank_lines(text: str) -> str:
    """No blank lines inside a PDF page: a blank line in Document.text then marks a page join."""
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def clean_pages(raw_pages: list[str]) -> list[str]:
    """The whole cleaning pass for a PDF's pages, in order."""
    pages = [clean_line_noise(unicodedata.normalize("NFC", p)) for p in raw_pages]
    running = running_lines(pages)
    pages = [strip_page_furniture(p, running) for p in pages]
    vocabulary = vocabulary_of(pages)
    return [tidy_blank_lines(join_hyphenated(p, vocabulary)) for p in pages]


_QUOTES = (("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u201b", "'"),
           ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u201f", '"'),
           ("\u2013", "-"), ("\u2014", "-"), ("\u2212", "-"), ("\u00ad", ""))


def normalise_for_match(text: str) -> str:
    """The comparison form used to judge whether a passage contains a phrase:
    NFKC, straight quotes, plain dashes, no soft hyphens, collapsed spaces, lower case.
    (`str.replace` per character, and NFKC only where the text is not already in it:
    7 times faster than `str.translate` on the index's passages, the same strings.)"""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        for curly, plain in _QUOTES:
            if curly in text:
                text = text.replace(curly, plain)
    return " ".join(text.split()).lower()
