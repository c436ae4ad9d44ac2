"""Derive a report's title, organisation and year from what the file offers."""

from __future__ import annotations

import re
from pathlib import Path

_YEAR_RE = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
_ORG_RE = re.compile(
    r"((?:[A-Z][\w'&.-]* ){0,4}?(?:[A-Z][\w'&.-]*) "
    r"(?:Police Service|Police|Constabulary|City Council|Borough Council|County Council|"
    r"Metropolitan Borough Council|Council|CRC))\b"
)
_DATES_RE = re.compile(r"Inspection dates?:?.*?(19[89]\d|20[0-4]\d)", re.I)
_TOOK_PLACE_RE = re.compile(r"took place in \w+ (19[89]\d|20[0-4]\d)")
_BAD_TITLES = re.compile(r"^(untitled|microsoft word|document\d*|.*\.(docx?|pdf|indd))", re.I)


def title_from_filename(path: str) -> str:
    stem = Path(path).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split()).capitalize() or Path(path).name


def usable_metadata_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(str(title).split()).replace(" - ", " – ")
    if len(title) < 6 or _BAD_TITLES.match(title):
        return None
    return title


def headline(text: str, lines_to_scan: int = 8) -> str | None:
    """The longest non-sentence line near the top: a press release's or page's heading."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:lines_to_scan]
    candidates = [ln for ln in lines if 4 <= len(ln.split()) <= 35 and ln[-1] not in ".:;,"]
    return max(candidates, key=lambda ln: len(ln.split()), default=None)


def first_page_heading(text: str) -> str | None:
    """Ofsted-style cover: the organisation's line, then the kind of inspection."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:8]
    org = None
    for i, line in enumerate(lines[:3]):
        two = f"{line} {lines[i + 1]}" if i + 1 < len(lines) else line
        org = next((c for c in (line, two) if _ORG_RE.fullmatch(c)), None)
        if org:
            break
    for i, line in enumerate(lines):
        if org and re.match(r"(re-)?inspection of", line, re.I):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            kind = f"{line} {nxt}" if line[-1:].isalpha() and nxt[:1].islower() else line
            return f"{org} – {kind.rstrip(',')}"
    return None


def organisation(*texts: str) -> str | None:
    for text in texts:
        m = _ORG_RE.search(text or "")
        if m:
            org = m.group(1).strip()
            return re.sub(r"^(The|A|An|Today's|Today’s)\s+", "", org)
    return None


def year(path: str, first_pages: str, kind: str) -> int | None:
    m = _YEAR_RE.search(Path(path).stem)
    if m:
        return int(m.group(1))
    if kind == "pdf":
        for pattern in (_DATES_RE, _TOOK_PLACE_RE):
            m = pattern.search(first_pages)
            if m:
                return int(m.group(1))
    return None


def describe(path: str, kind: str, meta_title: str | None, first_pages: str) -> tuple[str, str | None, int | None]:
    """(title, organisation, year) for a document."""
    title = (
        (first_page_heading(first_pages) if kind == "pdf" else None)
        or usable_metadata_title(meta_title)
        or headline(first_pages)
        or title_from_filename(path)
    )
    org = organisation(title, first_pages[:3000])
    yr = year(path, first_pages, kind)
    if yr and str(yr) not in title:
        title = f"{title} ({yr})"
    return title, org, yr
