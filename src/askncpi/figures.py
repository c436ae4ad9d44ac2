"""Figures a question and a report write differently: "about a fifth" and "one in five" or
"20%", "7 in the morning" and "7am", "a fortnight" and "two weeks".

A question's words are matched against the report's as stems, so "a fifth" finds no passage
saying "one in five". `figure_synonyms` gives, for each figure the question writes, the other
ways of writing it, as `Synonym`s: the query then counts either form as the question's term
(`Query.expand`), asks BM25 for the other form too (`Query.lexical_terms`) and shows it to the
embedder (`Query.dense_text`). Question side only: the index and its term counts are unchanged.
"""

from __future__ import annotations

import re

from .acronyms import Synonym
from .lexical import tokenize

NAME = "figure_forms"  # switched off by name: `--without figure_forms`
NAMES = (NAME,)

# Counts in words and digits ("ten months" / "10") were tried and left out: held out they mended
# one val-paraphrase question and lost one of val-quoted ("ten months" made every "10" a match).

# A fraction: its name, the n of "one in n", and the percentages it is written as.
FRACTIONS: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("half", 2, (50,)), ("third", 3, (33, 34)), ("quarter", 4, (25,)), ("fifth", 5, (20,)),
    ("sixth", 6, (17,)), ("tenth", 10, (10,)),
)

_FRACTION = re.compile(r"\b(?:a|one)\s+(half|third|quarter|fifth|sixth|tenth)\b", re.I)
_ONE_IN = re.compile(r"\b(?:one|1)\s+in\s+(every\s+)?(two|three|four|five|six|ten|[2-6]|10)\b", re.I)
_PERCENT = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:%|per\s*cent\b|percent\b)", re.I)
_CLOCK = re.compile(r"\b(1[0-2]|[1-9])(?:[.:]00)?\s*(?:o'clock\s+)?"
                    r"(in the morning|in the afternoon|in the evening|at night)\b", re.I)
_AM_PM = re.compile(r"\b(1[0-2]|[1-9])(?:[.:]00)?\s*(am|pm)\b", re.I)
_FORTNIGHT = re.compile(r"\bfortnight(?:ly)?\b|\btwo weeks\b|\b14 days\b", re.I)
_N_OF_WORD = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}


_WORD_OF_N = {n: w for w, n in _N_OF_WORD.items()}
# Each fraction's forms, once: by its name, by the n of "one in n", by each percentage.
_FORMS = {name: [f"a {name}", f"one in {_WORD_OF_N.get(n, n)}", *(f"{p}%" for p in percents)]
          for name, n, percents in FRACTIONS}
_BY_N = {n: _FORMS[name] for name, n, _ in FRACTIONS}
_BY_PERCENT = {p: _FORMS[name] for name, _, percents in FRACTIONS for p in percents}


def _forms(question: str) -> list[tuple[str, list[str]]]:
    """(the figure as the question writes it, its other forms)."""
    out: list[tuple[str, list[str]]] = []
    for m in _FRACTION.finditer(question):
        out.append((m.group(0), _FORMS[m.group(1).lower()]))
    for m in _ONE_IN.finditer(question):
        word = m.group(2).lower()
        n = int(word) if word.isdigit() else _N_OF_WORD[word]
        out.append((m.group(0), _BY_N[n]))
    for m in _PERCENT.finditer(question):
        forms = _BY_PERCENT.get(int(m.group(1)))
        if forms:
            out.append((m.group(0), forms))
    for m in _CLOCK.finditer(question):
        half = "am" if m.group(2).lower() == "in the morning" else "pm"
        out.append((m.group(0), [f"{m.group(1)}{half}"]))
    for m in _AM_PM.finditer(question):
        hour, half = m.group(1), m.group(2).lower()
        out.append((m.group(0), [f"{hour} in the morning" if half == "am" else f"{hour} in the evening"]))
    for m in _FORTNIGHT.finditer(question):
        out.append((m.group(0), ["fortnight", "two weeks", "14 days"]))
    return out


def figure_synonyms(question: str) -> list[Synonym]:
    """Each other form of each figure the question writes, as a synonym of the question's
    own words (the figure as written stands for the other form and the other way round)."""
    out: list[Synonym] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for written, others in _forms(question):
        mine = tuple(tokenize(written))
        for other in others:
            theirs = tuple(tokenize(other))
            if not mine or not theirs or set(theirs) == set(mine):
                continue
            # A Synonym pairs one stem (short) with several (long): the side with one stem is short.
            if len(theirs) == 1:
                pair = (theirs[0], mine, other, False)
            elif len(mine) == 1:
                pair = (mine[0], theirs, other, True)
            else:
                continue  # "one in five" and "20 per cent": no single stem stands for either
            key = (pair[0], pair[1])
            if key not in seen:
                seen.add(key)
                out.append(Synonym(*pair))
    return out
