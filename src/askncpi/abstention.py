"""Abstention: named checks that say when no passage can answer a question, and why.

Each check is a small named unit: it reads the parsed question and its candidate passages
(`Evidence`), may ask the index about them through a `Probe`, and returns a message when
the question cannot be answered (None otherwise). The first check that fires decides, and
its name is the answer's reason code (`abstain_reason` in `--json`). Any check can be left
out by name, like a signal (`--without NAME`, `askncpi eval --ablate`), and the shipped
ranker file says which checks are on and sets their thresholds (`AbstainSettings`), as
fitted by `scripts/fit_abstention.py` on question banks (never on dev).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from .cleaning import normalise_for_match
from .lexical import STOPWORDS, tokenize
from .probe import MONEY
from .query import Query, counted_phrase
from .recommended import asks_recommendation

# A sentence that gives a share or a rate: "42% of", "12 per cent", "63 per 10,000".
_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten"
PERCENTAGE = re.compile(r"\d\s?%|\bper ?cent\b|(?:\d[\d,.]*|\b(?:" + _NUMBER_WORDS + r"))\s+(?:in|per|out of)\s+"
                        r"(?:every\s+)?(?:\d|(?:" + _NUMBER_WORDS + r")\b)|"
                        r"\b(?:a|one|two|three)[- ](?:half|halves|third|thirds|quarter|quarters|fifth|fifths)\b|"
                        r"\bhalf of\b",
                        re.I)  # also in words: "one in three children", "a third of", "half of"
# A question whose answer is a share or a rate ("What percentage of ...", "the vacancy rate").
# "rate" only as what is asked for: "What was the vacancy rate", not "did the inspectors rate".
PERCENTAGE_QUESTION = re.compile(r"\b(percentage|per ?cent|proportion)\b|\bwhat\s+(?:is|was|are|were)\b[^?]*\brates?\b",
                                 re.I)
# A question whose answer is an average or a ratio ("the average number of cases per social
# worker", "the ratio of offenders to managers", "average caseload"): a sentence about it
# with a figure answers it, one that says caseloads are "manageable" does not.
AVERAGE_QUESTION = re.compile(r"\baverage (?:[a-z-]+ ){0,2}(?:number|caseloads?|size)\b|\bratio\b|"
                              r"\bper (?:social )?worker\b", re.I)
_AVERAGE_STEMS = frozenset(tokenize("average ratio per"))
# What an average question averages: "average caseload", "average number of cases per social
# worker" (cases).
# (Not a ratio's terms: the report writes "RSOs" for the question's "registered sex offenders".)
_AVERAGED = re.compile(r"\baverage\s+(?:number\s+of\s+|size\s+of\s+)?((?:[a-z-]+\s+){0,3}[a-z-]+)|"
                       r"\b([a-z-]+)\s+per\s+(?:social\s+)?worker", re.I)
_NOT_AVERAGED = frozenset("number size of the per".split())


def averaged(question: str) -> str | None:
    """The word for what is averaged, without a plural "s": the last word of the phrase after
    "average", up to a stopword or a name ("the average social worker caseload in Bexley":
    "caseload"), or the X of "X per worker" ("case"); None when the question does not say
    ("the average number")."""
    m = _AVERAGED.search(question)
    if not m:
        return None
    if m.group(1):
        words = []
        for w in m.group(1).split():
            if w.lower() in STOPWORDS | _NOT_AVERAGED or w[:1].isupper():
                break
            words.append(w)
        word = words[-1] if words else None
    else:
        word = m.group(2)
    if not word or word.lower() in _NOT_AVERAGED:
        return None
    return re.sub(r"s$", "", word.lower())


def figure_of(word: str | None) -> re.Pattern[str]:
    """A sentence with a figure (A_FIGURE) and, when given, a word starting `word`."""
    if word is None:
        return A_FIGURE
    return re.compile(rf"^(?=.*\b{re.escape(word)})(?=.*?{A_FIGURE.pattern})", re.I | re.S)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A figure that is not a year or a day of a date ("11 to 15 November 2024").
A_FIGURE = re.compile(r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,.]*(?![\d,.])"
                      rf"(?!\s*(?:(?:to|-|–|and)\s*\d+\s*)?(?:{_MONTHS})\b)", re.I)
# A date or a time: a year, a month, "last year", "over the past six months" ("When did Durham
# open its hub?" is not answered by "The hub is well used").
_DATE_PARTS = (r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
               r"\b(?:last|this|next|previous) (?:year|month|week|summer|spring|autumn|winter)\b|"
               r"\b(?:since|for|over|within|in) (?:the )?(?:past |last )?(?:\d+|a|one|two|three|four|five|six|"
               r"several|few) (?:days?|weeks?|months?|years?)\b")


def date_pattern(question: str) -> re.Pattern[str]:
    """A date in a sentence, other than the years and months the question itself gives
    ("according to Ofsted's May 2022 inspection": the inspection dates answer no "when")."""
    own = {w.lower() for w in re.findall(r"[A-Za-z]+|\d{4}", question)}
    years = r"(?!" + "|".join(sorted(w for w in own if w.isdigit())) + r")" if any(w.isdigit() for w in own) else ""
    months = [m for m in _MONTHS.split("|") if m.lower() not in own]
    return re.compile(rf"\b{years}(?:19|20)\d\d\b|\b(?:{'|'.join(months)})\b|" + _DATE_PARTS, re.I)


# The kinds of body a report is about: "Which council's team was praised ..." is answered
# by the report the passage is in (its title names the council), not by a name in a sentence.
REPORT_BODIES = frozenset({"council", "borough", "county", "city", "district", "authority", "force", "constabulary"})


# Kinds a which-X question asks whose answer is a description, not a name: "Which part of
# the CRC's work was impressive?" is answered by "services for women", named or not.
DESCRIBED_KINDS = frozenset("""
part parts area areas aspect aspects element elements issue issues problem problems weakness weaknesses strength
strengths concern concerns thing things way ways type types kind kinds finding findings change changes
""".split())


@dataclass(frozen=True)
class AbstainSettings:
    """The abstention thresholds and which checks are on (see the ranker file's `abstention`)."""

    far_below: float = 0.2  # best MiniLM cosine under which no candidate is related at all
    unseen_below: float = 0.5  # ... under which two words no report uses mean the topic is absent
    percent_cover: float = 0.3  # share of the question a sentence with a percentage must hold
    money_cover: float = 0.1  # ... that a sentence stating a sum of money must hold
    # best MiniLM cosine between a recommendation question's topic and the report's items
    # under which no item is about it (recommended.py; 0: never refused)
    topic_below: float = 0.0
    off: frozenset[str] = frozenset()  # checks switched off by the fit

    def __post_init__(self) -> None:
        unknown = sorted(set(self.off) - set(NAMES))
        if unknown:
            raise ValueError(f"unknown abstention check {', '.join(unknown)} (checks: {', '.join(NAMES)})")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AbstainSettings:
        return cls(far_below=float(data.get("far_below", cls.far_below)),
                   unseen_below=float(data.get("unseen_below", cls.unseen_below)),
                   percent_cover=float(data.get("percent_cover", cls.percent_cover)),
                   money_cover=float(data.get("money_cover", cls.money_cover)),
                   topic_below=float(data.get("topic_below", cls.topic_below)),
                   off=frozenset(data.get("off", ())))

    def to_json(self) -> dict[str, Any]:
        return {"far_below": self.far_below, "unseen_below": self.unseen_below,
                "percent_cover": self.percent_cover, "money_cover": self.money_cover, "topic_below": self.topic_below,
                "off": sorted(self.off)}


@dataclass(frozen=True)
class Evidence:
    """What the checks look at: the question and its candidates (rows of the index)."""

    query: Query
    rows: np.ndarray  # candidate rows
    top_dense: float  # best MiniLM cosine among them
    in_named: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # bool per row: of a named report
    named: Sequence[int] = ()  # the reports the question names

    @property
    def answer_rows(self) -> np.ndarray:
        """Where the answer must be: the named report's candidates, if the question names one."""
        return self.rows[self.in_named] if self.in_named.any() else self.rows

    @property
    def where(self) -> str:
        return "in the report it names " if self.in_named.any() else ""


class Probe(Protocol):
    """What a check may ask the index about candidate passages (`Searcher` is one)."""

    def fully_covered(self, query: Query, rows: np.ndarray) -> bool: ...
    def organisations_without_report(self, query: Query) -> list[str]: ...
    def years_not_covered(self, query: Query, rows: np.ndarray, named: Sequence[int]) -> list[int]: ...
    def counts(self, query: Query, rows: np.ndarray) -> bool: ...
    def names_a(self, kind: str, rows: np.ndarray, query: Query) -> bool: ...
    def names_person(self, role: str, rows: np.ndarray, query: Query) -> bool: ...
    def mentions(self, word: str, rows: np.ndarray) -> bool: ...
    def holds_phrase(self, phrase: str, docs: Sequence[int]) -> bool: ...
    def report_name_words(self, docs: Sequence[int]) -> set[str]: ...
    def quotes(self, speaker: str, rows: np.ndarray, query: Query) -> bool: ...
    def has_text(self, rows: np.ndarray, kind: str) -> bool: ...
    def sentence_with(self, query: Query, rows: np.ndarray, pattern: re.Pattern[str], cover: float) -> bool: ...


@dataclass(frozen=True)
class Verdict:
    """Why the system abstains: a reason code (the check's name) and what the user reads."""

    code: str
    message: str


CheckFn = Callable[[Evidence, Probe, AbstainSettings], "str | None"]


@dataclass(frozen=True)
class Check:
    name: str
    description: str
    run: CheckFn


def _unknown_name(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    names = sorted(e.query.unknown_names)
    return f"No report in the index mentions {', '.join(names)}, so no passage can answer this." if names else None


def _unseen_words(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    # Colloquial paraphrase also uses words no report does ("kids"), but MiniLM still finds
    # its meaning close: only far in meaning do two unseen words mean an absent topic.
    if len(e.query.unseen_words) >= 2 and e.top_dense < s.unseen_below:
        return (f"No report in the index mentions {', '.join(sorted(e.query.unseen_words))}, "
                "so no passage can answer this.")
    return None


def _no_report_on(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    missing = p.organisations_without_report(e.query)
    if missing:
        return (f"The index has no report on {' or '.join(missing)}, so no passage can answer this "
                "(see `askncpi sources` for the reports it has).")
    return None


def _far_in_meaning(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    # Unless one sentence holds every word of the question: MiniLM does not know a local
    # name ("What is Speaker Box?") that a report defines.
    if e.top_dense < s.far_below and not p.fully_covered(e.query, e.rows):
        return "No passage in these reports answers this question closely enough."
    return None


def _year_not_covered(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    years = p.years_not_covered(e.query, e.rows[e.in_named] if len(e.in_named) else e.rows[:0], e.named)
    if years:
        return (f"The report it names is not from {' or '.join(map(str, years))} and none of its "
                "passages mentions that year, so none can answer this.")
    return None


def _quote_not_in_report(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    # "What is Hartlepool's 'Bright Futures' scheme?": the name a user quotes is the report's
    # own word for it; if no passage of the named reports holds it, they do not describe it
    # (another council's scheme, or a misremembered name).
    absent = [q for q in e.query.quoted if e.named and not p.holds_phrase(q, e.named)]
    if absent:
        # shown as the user wrote it ("Bright Futures"), where the normalised form is found in it
        written = re.search(r"\s+".join(map(re.escape, absent[0].split())), e.query.text, re.I)
        return (f"The report it names never uses the words '{written.group(0) if written else absent[0]}' the "
                "question quotes, so none of its passages can answer this.")
    return None


# Capitalised words that name no scheme, team or person: the inspectorates, the calendar, the
# country, and words a question capitalises as a title ("Children's Services", "Care Leavers").
_NOT_A_NAME = frozenset("""
ofsted hmicfrs hmi inspectorate england english national government january february march april may june
july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
spring summer autumn winter children child young people services service care leavers social workers
council county borough city district authority local police safeguarding partnership board
""".split())


def _name_not_in_report(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    # "How is Barnsley using the Mockingbird fostering model?": a name the question writes
    # that no passage of the report it names uses (another council's scheme, a person the
    # report does not mention). Unquoted, so only a capitalised word that is not the
    # report's own name.
    if not e.named:
        return None
    own = p.report_name_words(e.named)
    absent = [n for n in e.query.written_names if n.lower() not in own | _NOT_A_NAME
              and not p.holds_phrase(normalise_for_match(n), e.named)]
    if absent:
        return (f"The report it names never mentions {_either(absent)}, so none of its passages can "
                "answer this.")
    return None


def _no_figure(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    q = e.query
    # "How much money did ... reinstate?" is answered by a sum (no_money), not by a count of "money".
    if (q.counted[0] or q.counted[1]) and not q.wants_money and not p.counts(q, e.answer_rows):
        about = list(dict.fromkeys(q.count_context.values()))
        near = f" where it mentions {_either(about)}" if about else ""
        return f"No passage {e.where}gives a figure for {counted_phrase(q.text)}{near}, so none can answer this."
    return None


def _no_percentage(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    if PERCENTAGE_QUESTION.search(e.query.text) and not p.sentence_with(
            e.query, e.answer_rows, PERCENTAGE, s.percent_cover):
        return f"No passage {e.where}gives a percentage or rate on this, so none can answer this."
    return None


def _no_average(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    # Coverage of what is averaged: "average" itself is in every sentence on any average
    # ("an average of 413 days to adoption" is no average caseload).
    # The sentence must also name what is averaged ("caseload", "cases"), not only "social workers".
    asked = e.query.routed(set(e.query.routing) | _AVERAGE_STEMS)
    if AVERAGE_QUESTION.search(e.query.text) and not p.sentence_with(asked, e.answer_rows,
                                                                      figure_of(averaged(e.query.text)),
                                                                      s.percent_cover):
        return f"No passage {e.where}gives a figure for this average or ratio, so none can answer this."
    return None


def _no_date(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    if e.query.wants_date and not p.sentence_with(e.query, e.answer_rows, date_pattern(e.query.text),
                                                  s.percent_cover):
        return f"No passage {e.where}gives a date for this, so none can answer this."
    return None


def _no_name(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    q, rows = e.query, e.answer_rows
    if asks_recommendation(q.text):  # "Which improvement was asked of Camden ...": a list item, not a name
        return None
    if q.kind_asked and q.kind_asked not in REPORT_BODIES | DESCRIBED_KINDS and not p.names_a(q.kind_asked, rows, q):
        # "any", not a/an: "a university", "an agency"
        return f"No passage {e.where}gives the name of any {q.kind_asked}, so none can answer this."
    if q.name_of and not q.person_role and p.mentions(q.name_of, rows) and not p.names_a(q.name_of, rows, q):
        return f'No passage {e.where}gives the name of any "{q.name_of}", so none can answer this.'
    return None


def _no_person(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    role = e.query.person_role
    if role and not p.names_person(role, e.answer_rows, e.query):
        return f'No passage {e.where}names the person who is or was "{role}", so none can answer this.'
    return None


def _no_quote(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    speaker = e.query.speaker_words()
    if speaker and not p.quotes(speaker, e.answer_rows, e.query):
        return f'No passage {e.where}gives what "{speaker}" said or thought, so none can answer this.'
    return None


def _no_money(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    # In a sentence about the question: "£1.5 million invested in early help" does not give
    # a director's salary.
    if e.query.wants_money and not p.sentence_with(e.query, e.answer_rows, MONEY, s.money_cover):
        return f"No passage {e.where}states a sum of money, so none can answer this."
    return None


def _no_clock_time(e: Evidence, p: Probe, s: AbstainSettings) -> str | None:
    if e.query.wants_clock_time and not p.has_text(e.answer_rows, "clock_time"):
        return f"No passage {e.where}gives a time of day, so none can answer this."
    return None


CHECKS: tuple[Check, ...] = (
    Check("unknown_name", "the question names something (a place, a body) no report mentions", _unknown_name),
    Check("unseen_words", "two or more of the question's words appear in no report, and no passage is near "
          "in meaning (below unseen_below)", _unseen_words),
    Check("no_report_on", "the question names a force or council no indexed report is about", _no_report_on),
    Check("far_in_meaning", "no candidate is near in meaning (best cosine below far_below) and no sentence "
          "holds every word of the question", _far_in_meaning),
    Check("year_not_covered", "the question asks about a year that is not its named report's and that none "
          "of that report's passages mentions", _year_not_covered),
    Check("quote_not_in_report", "the question names a report and quotes words no passage of it holds",
          _quote_not_in_report),
    Check("name_not_in_report", "the question names a report and writes a name (a capitalised word, not the "
          "report's own) that no passage of it uses", _name_not_in_report),
    Check("no_figure", "a how-many question, and no candidate sentence gives a figure for what it counts",
          _no_figure),
    Check("no_percentage", "a percentage or rate question, and no candidate sentence holding percent_cover of "
          "the question gives one", _no_percentage),
    Check("no_average", "an average or ratio question, and no candidate sentence holding percent_cover of the "
          "question gives a figure", _no_average),
    Check("no_date", "a when-did question, and no candidate sentence holding percent_cover of the question gives "
          "a date or time", _no_date),
    Check("no_name", "a which-X or name-of-X question, and no candidate sentence names an X", _no_name),
    Check("no_person", "a who-is-the-X question (X a role: cabinet member, director), and no candidate sentence "
          "with the role gives a person's name", _no_person),
    Check("no_quote", "a what-did-X-say question, and no candidate sentence gives X's words", _no_quote),
    Check("no_money", "the answer is a sum of money, and no candidate sentence holding money_cover of the "
          "question states one", _no_money),
    Check("no_clock_time", "the answer is a time of day, and no candidate gives one", _no_clock_time),
)
NAMES: tuple[str, ...] = tuple(c.name for c in CHECKS)


def decide(evidence: Evidence, probe: Probe, settings: AbstainSettings,
           disabled: frozenset[str] = frozenset()) -> Verdict | None:
    """The first check (in `CHECKS` order) that fires, or None: answer."""
    for check in CHECKS:
        if check.name in disabled or check.name in settings.off:
            continue
        message = check.run(evidence, probe, settings)
        if message:
            return Verdict(check.name, message)
    return None


def fired(evidence: Evidence, probe: Probe, settings: AbstainSettings) -> dict[str, str]:
    """Every check that fires, on or off (for fitting which to keep), by name."""
    out = {}
    for check in CHECKS:
        message = check.run(evidence, probe, settings)
        if message:
            out[check.name] = message
    return out


def _either(words: Sequence[str]) -> str:
    quoted = [f'"{w}"' for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
