"""The abbreviations the reports define, as a glossary a user can read.

The same Schwartz-Hearst rule that teaches search "RSOs" = "registered sex offenders"
(acronyms.py) is run over the indexed passages; each entry keeps its long forms (most used
first) and where each report defines it, with the page, so the definition can be quoted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .acronyms import _SHORT_IN_PARENS, _long_form
from .types import Chunk


@dataclass(frozen=True)
class Definer:
    doc: str
    title: str
    page: int
    long: str


@dataclass
class Entry:
    short: str
    longs: Counter[str] = field(default_factory=Counter)
    definers: list[Definer] = field(default_factory=list)

    @property
    def long(self) -> str:
        return self.longs.most_common(1)[0][0]

    @property
    def reports(self) -> int:
        return len({d.doc for d in self.definers})


def _key(short: str) -> str:
    return short[:-1] if short.endswith("s") and short[:-1].isupper() else short


def _page(chunk: Chunk, offset: int) -> int:
    for s in chunk.sentences:
        if s.start <= offset < s.end:
            return s.page
    return chunk.page_start


def build(chunks: Iterable[Chunk]) -> dict[str, Entry]:
    """Short form (singular, as written) -> its entry; one definer per report (the first)."""
    out: dict[str, Entry] = {}
    seen: set[tuple[str, str]] = set()
    for c in chunks:
        if "(" not in c.text:
            continue
        for m in _SHORT_IN_PARENS.finditer(c.text):
            short = m.group(1)
            if sum(ch.isupper() for ch in short) < 2:
                continue
            long = _long_form(short, c.text[max(0, m.start() - 200):m.start()])
            if not long:
                continue
            key = _key(short)
            entry = out.setdefault(key, Entry(key))
            entry.longs[" ".join(long.split()).lower() if not long.isupper() else long] += 1
            if (key, c.doc) not in seen:
                seen.add((key, c.doc))
                entry.definers.append(Definer(c.doc, c.title, _page(c, m.start()), " ".join(long.split())))
    return out


def lookup(entries: dict[str, Entry], term: str) -> list[Entry]:
    """Entries whose short form is `term` (any case, plural or not), else whose long form
    contains it."""
    t = term.strip()
    low = t.lower()
    exact = [e for k, e in entries.items() if k.lower() in (low, low[:-1] if low.endswith("s") else low)]
    if exact:
        return exact
    words = re.escape(t.lower())
    return [e for e in entries.values() if any(re.search(rf"\b{words}\b", form.lower()) for form in e.longs)]
