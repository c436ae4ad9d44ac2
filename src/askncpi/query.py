"""What a question asks for, read off its words: weighted terms, names, years, figures."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .acronyms import Acronyms, Synonym
from .cleaning import normalise_for_match
from .figures import figure_synonyms
from .lexical import STOPWORDS, TIME_UNITS, Bm25Index, tokenize
from .recommended import asks_recommendation

_NUMBER_QUESTION = re.compile(
    r"\b(how (many|much|long|often|far)|what (percentage|proportion|number|ratio|share)|how .* (rate|ratio))\b", re.I)
_FIGURE_WORD = re.compile(r"\b\d[\d,.:]*\d\b|\b\d\b")
# "Kent Police", "Greater Manchester Police's", "Manchester children's services": an
# organisation of the kind the reports are about, named by the question.
_ORGANISATION = re.compile(r"\b((?:[A-Z][a-z]+[ -])*[A-Z][a-z]+)(?:['’]s)? (?:Police|Constabulary|(?:County |City |"
                           r"Borough |Metropolitan )?Council|children['’]s services|CRC)\b")
_ABBREVIATION = re.compile(r"\b[A-Z]{2,6}s?\b")  # HMP, CSE, RSOs
# "B&Bs", "A&E": one abbreviation, not the words "B" and "Bs" (which no report uses).
_AMPERSAND = re.compile(r"(?<![\w&])[A-Z](?:&[A-Z])+s?(?![\w&])")
# "how many drones does ...", "how many women's refuges are ...": a possessive is part of the phrase
_COUNTED = re.compile(r"\bhow (?:many|much) ((?:[A-Za-z-]+(?:['’]s)? ?)+)", re.I)
# What inspectors said must change: "What did Ofsted recommend ...", "What must X do
# better", "What should X improve", "areas for improvement".
_RECOMMENDATION_QUESTION = re.compile(
    r"\b(recommend\w*|must|should|needs? to|areas? for improvement|(?:do|doing|be) better|to improve)\b", re.I)
# A question asking when, or how long or how often, wants a time, even when it is about
# recommendations ("When will the inspectorate check on the recommendations?").
_TIME_QUESTION = re.compile(r"^\W*(when|how (long|soon|often))\b", re.I)
# "When did X happen?" wants a date ("appointed in June 2018"); not "When children go into care, is ...".
_DATE_QUESTION = re.compile(r"^\W*when\s+(?:did|does|do|was|were|is|are|will|would|has|have|had)\b", re.I)
_HOW_LONG = re.compile(r"\bhow long\b", re.I)
# Questions whose answer is a sum of money ("How much does X spend on ...", "What is the
# average salary ...") or a time of day ("What time does ... close?"): a report that
# states no such thing cannot answer them, however close its passages are in meaning.
MONEY_QUESTION = re.compile(
    r"\bhow much\b(?!\s+(?:more\s+|less\s+|extra\s+)?time\b)"
    r".*\b(spend|spent|pay|paid|cost|costs|charge|charged|earn|earns|fund|funding|budget|salary|salaries|"
    r"worth|money|invest|invested|investment|allocate|allocated|grant)\b"
    r"|\bwhat (?:is|was|are|were) (?:the |their |its |[A-Za-z-]+['’]s )?(?:[a-z’'-]+ ){0,3}"
    r"(?:salary|salaries|budget|cost|costs|price|fee|fees|wage|wages|pay)\b"
    r"|\bwhat (?:[a-z-]+ )?(?:salary|salaries|budget|price|fees?|wages?)\b", re.I)  # "What (annual) salary ..."
# ("How much more time did social workers spend with families?" asks a time, not a sum.)
_CLOCK_QUESTION = re.compile(r"\bwhat time\b", re.I)
# "Who was Devon's cabinet member for ...", "Who is the lead inspector ...": the answer is a
# person's name (the role is what follows "who is"), unlike "Who does the return home
# interviews ..." or "Who is responsible for ...", which a team or body answers.
PERSONAL_ROLES = frozenset(
    "member director leader chair chairman chairperson chairwoman executive inspector commissioner councillor "
    "head headteacher manager officer minister mayor constable superintendent secretary".split())
_PERSON_QUESTION = re.compile(
    r"^\W*[Ww]ho\s+(?:is|was|are|were)\s+(?:the\s+|(?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*['’]s?\s+)?"
    r"((?:[a-z][\w’'-]*\s+){0,3}?(?:" + "|".join(sorted(PERSONAL_ROLES)) + r"))s?\b")
_ROLE_NAME = re.compile(r"\bwhat (?:is|was) (?:the |that |this |their |its )?((?:[a-z][\w’'-]* ){0,2}?(?:"
                        + "|".join(sorted(PERSONAL_ROLES)) + r"))['’]s name\b", re.I)
# "What is X called?", "What is the name of X?", "What is X known as?": the answer gives a
# name, in whichever of these words: "the children in care council, known as LINX". Matched
# as written, since "called" and "calls" share a stem.
NAMING = re.compile(r"\b(called|named|name|known as)\b", re.I)
# The thing whose name is asked: "the name of (Sefton's drop-in centre for care leavers)",
# "What is (Lancashire's children in care council) called".
_NAME_OF = (re.compile(r"\bname of (?:the |an? )?(.+?)\W*$", re.I),
            re.compile(r"^\s*(?:what|how) (?:is|are|was|were) (.+?) (?:called|named|known as)\b", re.I))
# Words after which a noun phrase's head has come: "centre" of "drop-in centre for care leavers".
_AFTER_HEAD = frozenset("for of in at on with to who that which".split())
_DETERMINERS = frozenset("the a an its their his her our this these those".split())
# "How was Barnsley judged ...", "What grade / rating did ... get": the answer is an
# inspection judgement (outstanding, good, requires improvement, inadequate).
_GRADE_QUESTION = re.compile(r"\b(judged|judgements?|judgments?|grades?|graded|ratings?|rated)\b", re.I)
_WHICH = re.compile(r"\bwhich ([A-Za-z’'-]+(?: [A-Za-z’'-]+)*)", re.I)  # "which charity runs ..."
# "What did the police and crime commissioner say about ...": the answer is what that
# speaker said, so a report that never mentions the speaker cannot give it.
# The speaker runs to the verb within one clause: not "What does LEAP stand for in ... (2014 report)?".
_SPEAKER = re.compile(r"^\s*what (?:did|do|does|has|have) (?:the |an? )?([^(),;:?]{1,60}?) "
                      r"(?:say|tell|think|report|write|comment|feel)\b",
                      re.I)
# Speakers that are the report itself: "What did inspectors / Ofsted / the review say ...".
_REPORT_VOICE = frozenset(tokenize(
    "inspector inspection inspectorate ofsted hmicfrs hmi report review blog author writer"))
# Words a sentence uses to give what someone said or thought: "told inspectors that",
# "Matt Parr said", "their views", "feedback from the court" (or a colon or quotation
# mark: "the last word ... to Chief Inspector Dame Glenys Stacey: It is vital ...").
SPEECH = frozenset(tokenize("say said told tell stated commented described wrote written feedback views felt "
                            "thought believes according quoted explained noted"))
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")
# A capitalised word of three letters or more, in any script ("Zoë"), not part of "B&Bs".
_WRITTEN_NAME = re.compile(r"(?<![\w&])[A-Z][^\W\d_A-Z]{2,}(?![\w&])")
_CONTEXT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|" + _YEAR.pattern)  # a word or a year
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)*")
_PLACE_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*")  # Kent, Dyfed-Powys; not GCSE or IROs
# A title of several capitalised words, perhaps joined by "of", "for", "and", "the":
# "Ministry of Justice", "Department for Education", "Home Office".
_TITLE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|for|and|the)\s+)*[A-Z][a-z]+)+")

# Words of an organisation's name that do not tell one report from another.
GENERIC_NAME_WORDS = frozenset("""
council county city borough metropolitan district police service constabulary london royal of the
and crc ofsted ilacs ncpi report press release post inspection review probation blog national child
protection children services local authority pdf txt md
january february march april may june july august september october november december
""".split())


def name_words(doc: str, entry: dict[str, Any]) -> set[str]:
    """Lower-case words that name a report's organisation (from its metadata and file name)."""
    organisation = re.findall(r"[a-z]+", (entry.get("organisation") or "").lower())
    out = {w for w in organisation + re.findall(r"[a-z]+", Path(doc).stem.lower())
           if w not in GENERIC_NAME_WORDS and len(w) > 2}
    if organisation and not out & set(organisation):
        out.add(organisation[0])  # "Metropolitan Police Service": every word is generic but the first names it
    return out


_FOLLOWING_WORD = re.compile(r"[\s-]+([A-Za-z][A-Za-z'-]*)")


def name_phrases(text: str, longest: int = 3) -> list[str]:
    """Each name in the question with the words that run on from it before a stopword:
    "the Merseyside press release embargoed until" gives "Merseyside press release
    embargoed", "in Merseyside at the time of inspection" gives only "Merseyside". The
    words a name heads say which of its reports is meant; a word later on does not."""
    out = []
    for m in _CAPITALISED.finditer(text):
        if m.start() == 0:
            continue
        words, at = [m.group(0)], m.end()
        while len(words) <= longest and (w := _FOLLOWING_WORD.match(text, at)) and w.group(1).lower() not in STOPWORDS:
            words.append(w.group(1))
            at = w.end()
        out.append(" ".join(words))
    return out


# A phrase in quotation marks: the quote opens after a space or bracket (not the apostrophe
# of "What's") and closes before no letter; an apostrophe inside is one before a letter
# ('children's voice').
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))['\"‘“]((?:[^'\"‘’“”]|['’](?=[A-Za-z]))*?\w"
                     r"(?:[^'\"‘’“”]|['’](?=[A-Za-z]))*?)['\"’”](?![A-Za-z])")


def quoted_phrases(text: str) -> tuple[str, ...]:
    """The phrases a question quotes ("What are the 'Hear Me Out' groups?" -> "hear me out"),
    in the form `normalise_for_match` gives passages: a user quotes a name or words the
    report itself uses, so a passage holding them is likelier the one meant."""
    return tuple(dict.fromkeys(p for p in (normalise_for_match(m) for m in _QUOTED.findall(text)) if p))


def holds_phrase(text: str, phrase: str) -> bool:
    """Whether `text` (in `normalise_for_match` form) holds `phrase` as whole words
    ('carefree' is not in "carefreely")."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass
class Query:
    text: str
    weights: dict[str, float]  # stemmed term -> idf weight
    capitalised: set[str] = field(default_factory=set)  # lower-cased names used in the question
    unknown_names: set[str] = field(default_factory=set)  # names the corpus never mentions
    unseen_words: tuple[str, ...] = ()  # the question's other words no report uses ("kids", "football")
    years: set[int] = field(default_factory=set)
    wants_number: bool = False
    wants_date: bool = False  # "When did X happen?": a sentence with a date or figure answers it
    synonyms: list[Synonym] = field(default_factory=list)  # abbreviations the corpus defines
    organisations: list[str] = field(default_factory=list)  # "Kent" of "Kent Police"
    counted: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())  # see `counted_heads`
    routing: frozenset[str] = frozenset()  # stems that only pick the report (see `routed`)
    defines: str | None = None  # X of "What is X?" / "What does X stand for?"
    wants_recommendation: bool = False  # asks what inspectors said must change
    wants_money: bool = False  # the answer is a sum of money
    wants_clock_time: bool = False  # the answer is a time of day
    grade_words: frozenset[str] = frozenset()  # stems of "judged", "rating": the answer is a judgement
    naming_words: frozenset[str] = frozenset()  # stems of "called", "name": the answer is a name
    kind_asked: str | None = None  # X in "which X ...": the kind of thing the answer names
    name_of: str | None = None  # X in "what is the name of the X for ...": see `name_of`
    speaker: str | None = None  # X in "what did X say ...", when X is not the inspectors
    person_role: str | None = None  # X in "who was <council>'s X ...": the answer names a person
    name_terms: frozenset[str] = frozenset()  # stems of a name and the words it heads: see `name_phrases`
    quoted: tuple[str, ...] = ()  # phrases the question puts in quotation marks, as `quoted_phrases` gives them
    figures: tuple[Synonym, ...] = ()  # its figures' other forms ("a fifth": "one in five", "20%"): `with_figures`

    @classmethod
    def parse(cls, text: str, bm25: Bm25Index, acronyms: Acronyms | None = None) -> Query:
        whole = text
        text = _AMPERSAND.sub(" ", text)  # its letters are no words (`Searcher` spells it out)
        stems = tokenize(text)
        weights = {t: bm25.idf(t) for t in stems}
        naming = frozenset(t for w in NAMING.findall(text) for t in tokenize(w))
        if naming and set(weights) - naming:  # "called" says the answer is a name, not what it is about
            weights = {t: w for t, w in weights.items() if t not in naming}
        synonyms = acronyms.synonyms(stems) if acronyms else []
        names = {m.group(0) for m in _CAPITALISED.finditer(text) if m.start() > 0}
        # The first word is capitalised as the first, so it is never an unknown name ("Kids in
        # care ..."), but it can still name a report: "Oldham 2015: what proportion ...".
        first = _CAPITALISED.match(text.lstrip())
        opening = {first.group(0)} if first and first.group(0).lower() not in STOPWORDS else set()
        capitalised = {w.lower() for n in names | opening for w in n.split("-")}
        unknown = {n for n in names if _PLACE_NAME.fullmatch(n) and n.lower() not in STOPWORDS
                   and all(bm25.idf(t) == 0 for t in tokenize(n))}
        # A figure no report contains ("999 calls", "in 2021") cannot be answered either.
        unknown |= {n for n in _FIGURE_WORD.findall(text) if bm25.idf(tokenize(n)[0]) == 0}
        # An abbreviation ("HMP") or the thing a question counts ("how many drones") that
        # no report mentions: no passage can give that figure or fact.
        unknown |= {w for w in _ABBREVIATION.findall(text) + counted_words(text) if _unknown_word(w, bm25)}
        initials = _initials_in_corpus(text, bm25)
        unknown -= {w for s in initials for w in s.surface_long.split()}
        synonyms += [s.synonym for s in initials if s.synonym.short not in {x.short for x in synonyms}]
        unseen = [w for w in dict.fromkeys(re.findall(r"[A-Za-z][A-Za-z'-]+", text)) if _unknown_word(w, bm25)]
        return cls(text=whole, weights=weights, capitalised=capitalised, unknown_names=unknown,
                   unseen_words=tuple(w for w in unseen if w not in unknown),
                   years={int(y) for y in _YEAR.findall(text)}, wants_number=bool(_NUMBER_QUESTION.search(text)),
                   wants_date=bool(_DATE_QUESTION.match(text)),
                   synonyms=synonyms, organisations=_ORGANISATION.findall(text),
                   counted=counted_heads(text, synonyms), defines=defined_term(text),
                   wants_recommendation=_wants_recommendation(text),
                   wants_money=bool(MONEY_QUESTION.search(text)), wants_clock_time=bool(_CLOCK_QUESTION.search(text)),
                   grade_words=frozenset(t for w in _GRADE_QUESTION.findall(text) for t in tokenize(w)),
                   naming_words=naming,
                   kind_asked=kind_asked(text), name_of=name_of(text), speaker=speaker(text),
                   person_role=person_role(text),
                   name_terms=frozenset(t for p in name_phrases(text) for t in tokenize(p)),
                   quoted=quoted_phrases(text))

    def unknown_abbreviations(self) -> list[str]:
        """Abbreviations no report uses, and those written with "&" (which the index
        splits into letters, so it cannot tell)."""
        unknown = {n for n in self.unknown_names if _ABBREVIATION.fullmatch(n)}
        return sorted(unknown | set(_AMPERSAND.findall(self.text)))

    def unseen_counted(self) -> list[str]:
        """Words of what a "how many" question counts that no report uses ("kids")."""
        return [w for w in counted_words(self.text) if w in self.unknown_names]

    def spelling_out(self, long_forms: dict[str, str]) -> Query:
        """This query with words no report uses (abbreviations, "kids") standing for
        words they do."""
        synonyms = self.synonyms + [Synonym(tokenize(short.replace("&", ""))[0], tuple(tokenize(long)), long, True)
                                    for short, long in long_forms.items()]
        return dataclasses.replace(self, unknown_names=self.unknown_names - set(long_forms), synonyms=synonyms,
                                   unseen_words=tuple(w for w in self.unseen_words if w not in long_forms),
                                   counted=counted_heads(self.text, synonyms))

    def routed(self, routing: set[str]) -> Query:
        """This query with the words that name its report set aside: once a question is
        known to be about the Merseyside report, "Merseyside" is in every passage of it
        and says nothing about which passage answers (what a self-querying retriever does
        with a metadata filter). Kept when they are all the question has."""
        weights = {t: w for t, w in self.weights.items() if t not in routing}
        if not routing & set(self.weights) or sum(weights.values()) <= 0:
            return self
        return dataclasses.replace(self, weights=weights, routing=frozenset(routing))

    def speaker_words(self) -> str:
        """The X of "what did X say", less the words that picked the report it names
        ("Northamptonshire chief constable" -> "chief constable"): those are in all of its
        passages, so they tell nothing about whether it mentions X."""
        words = (self.speaker or "").split()
        return " ".join(w for w in words if not tokenize(w) or not set(tokenize(w)) <= self.routing)

    def with_figures(self) -> Query:
        """This query counting each figure it writes in its other forms too (figures.py)."""
        return dataclasses.replace(self, figures=tuple(figure_synonyms(self.text)))

    def lexical_terms(self) -> list[tuple[str, float]]:
        """(stem, weight): the question's stems, plus the other side of each abbreviation
        it uses and of each figure (`with_figures`); a spelled-out long form shares one
        term's weight among its words."""
        out = [(t, 1.0) for t in tokenize(self.text) if t in self.weights]  # not routing or naming words
        for s in (*self.synonyms, *self.figures):
            out += [(t, 1.0 / len(s.long)) for t in s.long] if s.question_has_short else [(s.short, 1.0)]
        return out

    def dense_text(self) -> str:
        """The question with its abbreviations spelled out (or named), for the embedder."""
        if not self.synonyms:
            return self.text
        return f"{self.text} ({'; '.join(dict.fromkeys(s.surface for s in self.synonyms))})"

    @cached_property
    def total_weight(self) -> float:
        return sum(self.weights.values())

    @cached_property
    def _coverage_stems(self) -> frozenset[str]:
        """Every stem that can change `coverage`: the weighted terms and both forms of
        each abbreviation and figure."""
        out = set(self.weights)
        for s in (*self.synonyms, *self.figures):
            out.add(s.short)
            out.update(s.long)
        return frozenset(out)

    @cached_property
    def _coverage_seen(self) -> dict[frozenset[str], float]:
        return {}

    def coverage(self, terms: set[str] | frozenset[str]) -> float:
        """Share of the question's idf weight found in `terms` (0..1); an abbreviation
        counts for its long form and the other way round. Only the stems of
        `_coverage_stems` matter, so the answer is kept by those a sentence holds: a
        question's ~10,000 candidate sentences share a few dozen such sets."""
        relevant = self._coverage_stems.intersection(terms)
        seen = self._coverage_seen.get(relevant)
        if seen is None:
            seen = self._coverage_seen[relevant] = self._coverage_of(relevant)
        return seen

    def _coverage_of(self, terms: frozenset[str]) -> float:
        total = self.total_weight
        if total <= 0:
            return 0.0
        expanded = self.expand(terms)
        return sum(w for t, w in self.weights.items() if t in expanded) / total

    def expand(self, terms: set[str] | frozenset[str]) -> set[str] | frozenset[str]:
        """`terms` with each abbreviation the question uses standing for its long form
        and the other way round: a passage with "RSO" has "registered sex offender"."""
        if not self.synonyms and not self.figures:
            return terms
        terms = set(terms)
        for s in (*self.synonyms, *self.figures):
            if s.short in terms:
                terms.update(s.long)
            if set(s.long) <= terms:
                terms.add(s.short)
        return terms

    @cached_property
    def written_names(self) -> tuple[str, ...]:
        """Capitalised words the question writes as names, not its first word nor a stop word
        ("How" after "Sandwell 2015:"): "Barnsley" and "Mockingbird" of "How is Barnsley using
        the Mockingbird fostering model?". Abbreviations (all capitals) are not among them."""
        words = (m.group(0) for m in _WRITTEN_NAME.finditer(self.text) if m.start() > 0)
        return tuple(dict.fromkeys(w for w in words if w.lower() not in STOPWORDS))

    @cached_property
    def count_context(self) -> dict[str, str]:
        """Stem -> word, for the words of a "how many X ..." question besides X and the
        report's name ("volunteer cadet programme" of "how many young people are in
        the Merseyside police volunteer cadet programme"): a figure on X answers it only
        in a passage about at least one of them. Words every report uses are left out.
        A year the question gives counts: "how many placements did Lancashire make in
        2017/18" is answered by "In 2017/18, 28 such placements were made"."""
        counted = set(tokenize(counted_phrase(self.text) or ""))
        out: dict[str, str] = {}
        for word in _CONTEXT_WORD.findall(self.text):
            for t in tokenize(word):
                if self.weights.get(t, 0) > 0 and t not in counted:
                    out.setdefault(t, word)
        return out


_WHAT_IS = re.compile(r"^\s*what(?: is|'s| are) (?:an? |the )?(.+?)\s*\??\s*$", re.I)
_WHAT_DOES = re.compile(r"^\s*what (?:does|do) (?:an? |the )?(.+?) (?:stand for|mean|assess|do|involve|cover)\b", re.I)
_NOT_A_NAME = re.compile(r"\b(of|in|for|on|to|with|wrong|like)\b", re.I)  # "the ratio of ...", "wrong with ..."


def _wants_recommendation(text: str) -> bool:
    """A question asking what inspectors said must change ("What urgent action did HMICFRS
    want ...", "... asked to carry out"): by its own words or as the recommendation stage reads it."""
    return (bool(_RECOMMENDATION_QUESTION.search(text)) or asks_recommendation(text)) and not _TIME_QUESTION.match(text)


def defined_term(text: str) -> str | None:
    """X of a question asking what X is ("What is Careline?", "What does ARMS assess?"):
    a name or short phrase, not "the ratio of offenders to managers in Merseyside"."""
    m = _WHAT_DOES.match(text) or _WHAT_IS.match(text)
    if not m:
        return None
    term = _without_report_tail(m.group(1).strip())
    return term if len(term.split()) <= 4 and not _NOT_A_NAME.search(term) else None


# "Starting Point in Derbyshire", "Careline in Liverpool's 2018 Ofsted report": the words
# after "in" only say which report; the term is what comes before them.
_REPORT_TAIL = re.compile(r"^(.+?),?\s+(?:in|at|from|according\s+to|per)\s+(.+)$", re.I)
_TAIL_WORDS = frozenset("the its their report reports inspection inspections ofsted ofsted's children's services "
                        "council council's local authority".split())


def _without_report_tail(term: str) -> str:
    m = _REPORT_TAIL.match(term)
    if not m:
        return term
    tail = re.findall(r"[\w'’-]+", m.group(2))
    names_report = all(w[:1].isupper() or w.isdigit() or w.lower().replace("’", "'") in _TAIL_WORDS for w in tail)
    return m.group(1) if tail and names_report else term


def counted_phrase(text: str) -> str | None:
    """The words a "how many" question counts, as asked ("overdue visits", "inspectors")."""
    m = _COUNTED.search(text)
    if not m:
        return "a length of time" if _HOW_LONG.search(text) else None
    return " ".join(_counted_of(m)) or None


_AUXILIARY = frozenset("do does did is are was were has have had will would can could should may might".split())


def counted_words(text: str) -> list[str]:
    """The words of each phrase a "how many" question counts: all of them when an
    auxiliary verb ends it ("how many fire engines does ..."), else the first alone,
    since without a parser "how many people work for ..." ends on its verb."""
    out = []
    for m in _COUNTED.finditer(text):
        kept, words = _counted_of(m), m.group(1).split()
        after = words[len(kept)].lower() if len(kept) < len(words) else ""
        out += kept if after in _AUXILIARY else kept[:1]
    return out


# "How many got an inadequate rating?": the question counts something it named before
# ("Of the 87 cases ..."), not a "got".
_VERB_OPENING = frozenset("got get gets went came saw made took gave left".split())
_PARTICIPLE = re.compile(r"[a-z]{2,}(?:ed|ing)")


def _counted_of(m: re.Match[str]) -> list[str]:
    """The words a `_COUNTED` match counts: up to a stopword, and up to a participle that
    opens what qualifies them ("care leavers aged 19-21", "children placed in ..."), which
    is one when a stopword or a figure follows it; "newly qualified social workers" is
    left whole."""
    words = m.group(1).split()
    kept = _words_before(m.group(1), STOPWORDS)
    if kept and kept[0].lower() in _VERB_OPENING:
        return []
    rest = m.string[m.end(1):].split()
    following = words[len(kept):] + rest
    for k in range(1, len(kept)):
        nxt = kept[k + 1] if k + 1 < len(kept) else (following[0] if following else "")
        if _PARTICIPLE.fullmatch(kept[k].lower()) and (
                not nxt or nxt.lower() in STOPWORDS or nxt[:1].isdigit()):
            return kept[:k]
    return kept


def _words_before(phrase: str, stop: frozenset[str] | set[str]) -> list[str]:
    """The words of `phrase` before the first one in `stop` (compared lower-cased)."""
    words = []
    for word in phrase.split():
        if word.lower() in stop:
            break
        words.append(word)
    return words


def kind_asked(text: str) -> str | None:
    """The first word after "which", when it says what kind of thing the answer names
    ("Which charity runs ..." -> charity, "Which council's care leavers ..." ->
    council), looking past names ("Which Bromley councillor" -> councillor) and a word
    in -ing describing the next ("Which neighbouring council" -> council); None for
    "which of", "which is"."""
    m = _WHICH.search(text)
    if not m:
        return None
    words = m.group(1).split()
    for i, word in enumerate(words):
        word = re.sub(r"['’]s?$", "", word)
        if word[:1].isupper():  # a name of a place or body: the kind comes after it
            continue
        if word.lower() in STOPWORDS:
            return None
        following = words[i + 1] if i + 1 < len(words) else ""
        if word.lower().endswith("ing") and following[:1].islower() and following.lower() not in STOPWORDS:
            continue  # "Which neighbouring council": the kind is the word it describes
        return word.lower() if tokenize(word) else None
    return None


def named_phrase(text: str) -> list[str]:
    """The words of what a "which X" or "name of X" question asks for, up to the first
    common word ("regional adoption agency" of "Which regional adoption agency is ...",
    "children in care council"): a name answering it stands near one of them."""
    m = _WHICH.search(text)
    phrase = m.group(1) if m else _naming_phrase(text) or ""
    if not m:  # "name of the children in care council": its own "in" belongs to it
        return [w for w in _before_participle(phrase).split() if tokenize(w) and not w[:1].isupper()]
    words = phrase.split()
    while words and words[0][:1].isupper():  # "Which Bromley councillor": the kind comes after the name
        words.pop(0)
    return _words_before(" ".join(words), STOPWORDS | {w.lower() for w in words if w[:1].isupper()})


def name_of(text: str) -> str | None:
    """The head noun of the thing a naming question asks the name of ("What is the
    name of Sefton's drop-in centre for care leavers?" -> centre): the last word before
    a preposition, as English puts it. None for other questions, or a name itself."""
    phrase = _naming_phrase(text)
    if not phrase:
        return None
    before = _words_before(_before_participle(phrase), _AFTER_HEAD)
    head = before[-1] if before else None
    return head.lower() if head and not head[:1].isupper() and tokenize(head) else None


def _naming_phrase(text: str) -> str | None:
    """X of "what is the name of X" / "what is X called", as asked."""
    m = next((m for pattern in _NAME_OF for m in [pattern.search(text)] if m), None)
    return m.group(1) if m else None


def _before_participle(phrase: str) -> str:
    """`phrase` up to a verb in -ing that takes an object ("provider running Wirral's
    interviews", "charity supporting the ..."): what follows it is not the thing named.
    An -ing word before a plain noun is left alone ("the safeguarding board")."""
    words = phrase.split()
    for k in range(1, len(words) - 1):
        if words[k].lower().endswith("ing") and (words[k + 1][:1].isupper() or words[k + 1].lower() in _DETERMINERS):
            return " ".join(words[:k])
    return phrase


def person_role(text: str) -> str | None:
    """The role a "who is/was X" question asks the holder of ("cabinet member", "lead
    inspector"), or a question asking the name of one ("What is that director's name?",
    "the name of the lead member"), lower case; None for other questions ("Who does ...",
    "Who is responsible")."""
    m = _PERSON_QUESTION.match(text) or _ROLE_NAME.search(text)
    if m:
        return " ".join(m.group(1).lower().split())
    head = name_of(text)
    return head if head in PERSONAL_ROLES else None


def speaker(text: str) -> str | None:
    """Who a "what did X say / tell / think" question quotes, unless it is the report's
    own voice ("inspectors", "Ofsted", "the review")."""
    m = _SPEAKER.match(text)
    if not m or set(tokenize(m.group(1))) & _REPORT_VOICE:
        return None
    return m.group(1)


def counted_heads(text: str, synonyms: list[Synonym]) -> tuple[frozenset[str], frozenset[str]]:
    """What a "how many" question counts, as the stems an answer puts a figure on:
    (right after the figure, a little after it). English puts the head noun last in
    its phrase ("overdue visits to ..." -> visit, "missing person coordinators" ->
    coordin), but without a parser "people work for" ends on its verb, so the phrase's
    first word counts only right after the figure ("5,706 people"). A spelled-out
    phrase also counts as its abbreviation ("registered sex offenders" -> rso). A "how
    long" question counts units of time."""
    none: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    if _HOW_LONG.search(text):  # a duration: "for the last 12 years", "within 18 months"
        return TIME_UNITS, TIME_UNITS
    stems = tokenize(counted_phrase(text) or "")
    if not stems:  # not a count, or "how many of them"
        return none
    short = {s.short for s in synonyms if set(s.long) <= set(stems)}
    # "CP plans": "child protection plans"; "kids": "children"
    first = {s.long[0] for s in synonyms if s.short == stems[0] and s.long}
    last = {s.long[-1] for s in synonyms if s.short == stems[-1] and s.long}
    return frozenset({stems[0], *short, *first}), frozenset({stems[-1], *short, *last})


@dataclass(frozen=True)
class _Initials:
    surface_long: str  # the title as the question writes it: "Ministry of Justice"
    synonym: Synonym  # its initials, as the reports write them: "MoJ"


def _initials_in_corpus(text: str, bm25: Bm25Index) -> list[_Initials]:
    """The question's titles that the reports write as initials: the blog writes "MoJ",
    never "Ministry of Justice". Their words are not unknown names, and the initials
    count as the title (a synonym the reports never define, so not mined)."""
    out = []
    for title in _TITLE.findall(text):
        words = title.split()
        for initials in dict.fromkeys(("".join(w[0] for w in words), "".join(w[0] for w in words if w[0].isupper()))):
            short = tokenize(initials)
            if len(initials) > 2 and short and bm25.idf(short[0]) > 0:
                out.append(_Initials(title, Synonym(short[0], tuple(tokenize(title)), initials, False)))
                break
    return out


def _unknown_word(word: str, bm25: Bm25Index) -> bool:
    """A content word no indexed passage contains ("WHAT" in a shouted question is not one)."""
    stems = tokenize(word)
    return bool(stems) and all(bm25.idf(t) == 0 for t in stems)
