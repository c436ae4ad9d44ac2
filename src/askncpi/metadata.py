"""Derive a report's title, organisation and year from what the file offers."""

from __future__ import annotations

import re
from pathlib import Path

from .safetext import safe_line

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


_INSPECTION_LINE = re.compile(r"^(re-)?inspection of\b", re.I)
_BOROUGH_RE = re.compile(r"\b((?:London |Royal )?Borough of(?: (?!Inspection)[A-Z][\w'-]*| and(?= [A-Z]))+"
                         r"|City of(?: (?!Inspection)[A-Z][\w'-]*)+)")
_INSPECTION_OF_RE = re.compile(r"Inspection of ([A-Z][\w' -]+?) (?:local authority|council|children)")


def _name_like(line: str) -> bool:
    return 0 < len(line.split()) <= 8 and not re.search(r"[\d:.;,]", line)


def first_page_heading(text: str) -> str | None:
    """A cover page's "<organisation>" line(s), then its "Inspection of ..." line."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:10]
    for i, line in enumerate(lines):
        if not _INSPECTION_LINE.match(line):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        kind = f"{line} {nxt}" if line[-1:].isalpha() and nxt[:1].islower() else line
        org_lines = [ln for ln in lines[max(0, i - 2):i] if _name_like(ln)]
        joins = bool(org_lines) and (org_lines[-1][:1].islower() or (
            org_lines[-1].endswith("Council") and len(org_lines[-1].split()) <= 3) or (
            # "London Borough of Barking and" / "Dagenham": a name broken after a joining word
            len(org_lines) == 2 and re.search(r"\b(?:and|of|upon|on|the)$", org_lines[0]) is not None))
        if len(org_lines) == 2 and not joins:
            org_lines = org_lines[1:]
        org = " ".join(org_lines)
        return f"{org} – {kind.rstrip(',')}" if org else kind.rstrip(",")
    return None


def organisation(*texts: str) -> str | None:
    for text in texts:
        text = " ".join((text or "").split())
        m = _BOROUGH_RE.search(text) or _INSPECTION_OF_RE.search(text) or _ORG_RE.search(text)
        if m:
            org = m.group(1).strip()
            return re.sub(r"^(The|A|An|Today's|Today’s)\s+", "", org)
    return None


def year(path: str, first_pages: str, kind: str) -> int | None:
    m = _YEAR_RE.search(Path(path).stem)
    if m:
        return int(m.group(1))
    if kind in ("pdf", "html", "docx"):  # reports, not press releases
        for pattern in (_DATES_RE, _TOOK_PLACE_RE):
            m = pattern.search(first_pages)
            if m:
                return int(m.group(1))
    return None


def describe(path: str, kind: str, meta_title: str | None, first_pages: str) -> tuple[str, str | None, int | None]:
    """(title, organisation, year) for a document; title and organisation one safe line each."""
    meta_title = safe_line(meta_title) if meta_title else None
    title = safe_line(
        (first_page_heading(first_pages) if kind == "pdf" else None)
        or usable_metadata_title(meta_title)
        or headline(first_pages)
        or title_from_filename(path)
    ) or safe_line(Path(path).name) or "untitled report"
    head = title.split(" – ")[0]
    org = organisation(title, first_pages[:3000]) or (head if " – " in title and _name_like(head) else None)
    yr = year(path, first_pages, kind)
    if yr and str(yr) not in title:
        title = f"{title} ({yr})"
    return title, safe_line(org) if org else None, yr
