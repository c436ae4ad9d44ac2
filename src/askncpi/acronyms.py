"""Abbreviations the reports define for themselves, learnt at index time.

Reports write "registered sex offenders (RSOs)" once and "RSOs" ever after, while
users ask either way. Definitions are found with the Schwartz-Hearst rule (the
letters of the short form appear, in order, in the words just before it, the first
letter starting a word) and kept as stemmed terms, so a question can be matched
both ways. Nothing here is hand-written vocabulary.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .lexical import tokenize

# "(RSOs)", "(MASH)", "(CAWNs)", "(ViSOR)": 2-10 letters, at least two capitals.
_SHORT_IN_PARENS = re.compile(r"\(([A-Za-z][A-Za-z&]{1,9})\)")
_MAX_LONG_WORDS = 8


def _long_form(short: str, before: str) -> str | None:
    """The shortest tail of `before` that spells `short` (Schwartz & Hearst, 2003)."""
    if short.endswith("s") and short[:-1].isupper():
        short = short[:-1]  # a plural: "RSOs"
    letters = [c.lower() for c in short if c.isalpha()]
    words = before.split()[-min(len(letters) + 5, 2 * len(letters)):]
    text = " ".join(words)
    li = len(text) - 1
    for si in range(len(letters) - 1, -1, -1):
        c = letters[si]
        while li >= 0 and (text[li].lower() != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
    start = text.rfind(" ", 0, li + 1) + 1
    long = text[start:].strip(" ,;:-–(")
    n = len(long.split())
    if n < 2 and "-" not in long or n > _MAX_LONG_WORDS or len(long) <= len(short):
        return None
    return long


def find_definitions(text: str) -> Iterable[tuple[str, str]]:
    """(short, long) pairs defined in `text`."""
    for m in _SHORT_IN_PARENS.finditer(text):
        short = m.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue
        long = _long_form(short, text[max(0, m.start() - 200):m.start()])
        if long:
            yield short, long


@dataclass(frozen=True)
class Synonym:
    short: str  # stemmed short form, e.g. "rso"
    long: tuple[str, ...]  # stemmed terms of the long form
    surface: str  # what to add to a question's text: the other side, as written
    question_has_short: bool


@dataclass
class Acronyms:
    """Short form (as written) -> its long forms (as written), most frequent first."""

    table: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stems = {short: (tokenize(short), [tuple(tokenize(f)) for f in forms])
                       for short, forms in self.table.items()}
        self._short_of = {key[0]: short for short, (key, _) in self._stems.items() if len(key) == 1}
        # stem -> the short forms whose definition uses it, so a question only looks at
        # the few abbreviations it could be about (a large corpus defines hundreds)
        self._by_term: dict[str, set[str]] = {}
        for short, (key, forms) in self._stems.items():
            for term in {*key, *(t for form in forms for t in form)}:
                self._by_term.setdefault(term, set()).add(short)

    def abbreviates_words(self, word: str) -> bool:
        """Whether `word` is an abbreviation of lower-case words ("DCS": director of
        children's services), not of a name ("NPS": National Probation Service)."""
        key = tokenize(word)
        forms = self.table.get(self._short_of.get(key[0], ""), []) if len(key) == 1 else []
        return any(form == form.lower() for form in forms)

    @classmethod
    def mine(cls, texts: Iterable[str], keep: int = 2) -> Acronyms:
        return cls.from_definitions((d for text in texts for d in find_definitions(text)), keep)

    @classmethod
    def from_definitions(cls, pairs: Iterable[tuple[str, str]], keep: int = 2) -> Acronyms:
        """The table from (short, long) definitions as found, each occurrence counted."""
        counts: dict[str, Counter[str]] = {}
        spelled: dict[str, Counter[str]] = {}
        for short, long in pairs:
            keys, terms = tokenize(short), tokenize(long)
            if len(keys) != 1 or len(terms) < 2 or keys[0] in terms:
                continue
            key = keys[0]
            counts.setdefault(key, Counter())[" ".join(terms)] += 1
            spelled.setdefault(key + " " + " ".join(terms), Counter())[long.lower()] += 1
            spelled.setdefault(key, Counter())[short.rstrip("s") if short[:-1].isupper() else short] += 1
        table = {}
        for key, forms in counts.items():
            short = spelled[key].most_common(1)[0][0]
            table[short] = [spelled[key + " " + f].most_common(1)[0][0] for f, _ in forms.most_common(keep)]
        return cls(table)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(dict(sorted(self.table.items())), indent=0, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Acronyms:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()  # an index made before acronyms were mined
        return cls({str(k): [str(f) for f in v] for k, v in data.items()})

    def synonyms(self, stems: Iterable[str]) -> list[Synonym]:
        """Definitions of which the question uses one side (and not the other)."""
        have = set(stems)
        out = []
        relevant = sorted(set().union(*(self._by_term.get(t, set()) for t in have)))
        for short in relevant:
            key, forms = self._stems[short]
            if len(key) != 1:
                continue
            for form, written in zip(forms, self.table[short]):
                if key[0] in have and not set(form) <= have:
                    out.append(Synonym(key[0], form, written, True))
                elif set(form) <= have and key[0] not in have:
                    out.append(Synonym(key[0], form, short, False))
        return out
