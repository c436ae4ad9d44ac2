"""What the abstention checks ask of the index: does any candidate passage give a figure,
a name, a sum of money, a quotation, the year asked about ...? `IndexProbe` answers those
questions (the `abstention.Probe` protocol) over a Searcher's passages; the checks
themselves, and their thresholds, live in abstention.py."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .lexical import FIGURE, states_count, tokenize, words_after_figures
from .query import GENERIC_NAME_WORDS, SPEECH, Query, counted_words, holds_phrase, named_phrase

if TYPE_CHECKING:
    from .search import Searcher

# The same for a counted word the reports do use, when no passage counts it: a closer
# match, since the report had the question's word and wrote another. extra -> additional
# 0.83, people -> individuals 0.82; young -> child 0.65 and carers -> care 0.65 are not.
NEAR_SEEN_WORD = 0.8
# A name gives the kind of thing asked for only close to its word: "Mermaids, a charity",
# "the University of Chester", "the council, known as VOICE"; not a list naming
# "the community rehabilitation company, education, health, housing, the National ...".
NAME_REACH = 3
_NAME = re.compile(r"\b[A-Z][A-Za-z’'-]+")  # a capitalised word (the first of a sentence is not a name)
CALENDAR = frozenset("january february march april may june july august september october november december "
                     "monday tuesday wednesday thursday friday saturday sunday".split())
# A naming phrase just after the noun: "team is called ...", "a service, known as ...";
# not "the team manager called the police".
_NAMED_AFTER = re.compile(r"\W+(?:(?:is|are|was|were|now|also)\W+)*(?:called|named|known as)\s+[\w‘“'\"(]", re.I)
_QUOTING = re.compile(r"[:“”\"]")
# A person's name: a title and a name ("Councillor Smith", "Dr A Patel"), or two or three
# capitalised words ("Steve Lowe") none of which is a word of roles or bodies.
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr|Sir|Dame|Professor|Prof)\.?\s+[A-Z][\w’'-]+")
_FULL_NAME = re.compile(r"\b[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}\b")
_NOT_PERSONAL = frozenset("""
lead deputy cabinet chief senior principal assistant strategic corporate executive children children's childrens
young people family families social care services service safeguarding partnership board local authority
her his majesty's majestys inspector inspectors additional team ofsted council county borough city district
police education health school schools virtual independent reviewing officer officers designated group panel
committee scrutiny improvement quality assurance early help front door multi agency hub unit court family's
national england english government department trust house the a an and of for in on at to with by
directorate directorates division community communities
""".split())
MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:pounds|pence)\b", re.I)  # not "1.4 million people"
CLOCK_TIME = re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\s?(?:am|pm|hrs)?\b|\b\d{1,2}\s?(?:am|pm)\b|"
                        r"\bmidnight\b|\bmidday\b|\bnoon\b|o['’]clock", re.I)

class IndexProbe:
    """The answer-type evidence of one Searcher's index (see abstention.Probe)."""

    def __init__(self, text: Searcher) -> None:
        self.text = text
        self._places: set[str] | None = None

    def years_not_covered(self, query: Query, rows: np.ndarray, named: Sequence[int]) -> list[int]:
        """Years the question asks about ("adopted from Sefton in 2022") that are not the
        year of the report it names and that none of that report's candidate passages
        mentions: the report is from another time. Empty when no report is named."""
        if not named or not query.years:
            return []
        own = set().union(*(self.text.doc_years(i) for i in named))
        return sorted(y for y in query.years
                      if y not in own and not any(str(y) in self.text.row_terms(int(r)) for r in rows))

    def counts(self, query: Query, rows: np.ndarray) -> bool:
        """Whether a candidate sentence gives a figure for what a "how many X" counts, in
        the question's words or in others very near in meaning."""
        return self._counts_somewhere(query, rows) or self._counts_in_other_words(query, rows)

    def has_text(self, rows: np.ndarray, kind: str) -> bool:
        """Whether a candidate passage states a sum of money (`money`) or a time of day (`clock_time`)."""
        return self._any_text(rows, {"money": MONEY, "clock_time": CLOCK_TIME}[kind])

    def sentence_with(self, query: Query, rows: np.ndarray, pattern: re.Pattern[str], cover: float) -> bool:
        """Whether a candidate sentence matches `pattern` and holds at least `cover` of the
        question's weighted terms (so that it is about what the question asks)."""
        return any(query.coverage(terms) >= cover and pattern.search(self.text.sentence_text(int(r), i))
                   for r in rows for i, terms in enumerate(self.text.sentences(int(r))))

    def _counts_somewhere(self, query: Query, rows: np.ndarray, in_sentence: bool = False) -> bool:
        """Whether some candidate sentence gives a number of what the question counts,
        in a passage about the rest of the question: "225 children were the subject of a
        plan" for "how many children ...", but not "5,706 young people" for "how many young
        people are in the cadet programme". `in_sentence`: about it in that sentence. A
        head no report uses (a verb: "how many people absconded") cannot be looked for,
        so then a sentence with a figure and any counted word will do."""
        heads = query.counted[0] | query.counted[1]
        unseen = all(self.text.index.bm25.idf(h) == 0 for h in query.counted[1])
        context = set(query.count_context)
        for r in rows:
            if context and not context & query.expand(self.text.row_terms(int(r))):
                continue
            for i, terms in enumerate(self.text.sentences(int(r))):
                if in_sentence and not context & query.expand(terms):
                    continue
                if FIGURE in terms and heads & terms and (
                        unseen or states_count(self.text.sentence_text(int(r), i), query.counted)):
                    return True
        return False

    def _counts_in_other_words(self, query: Query, rows: np.ndarray) -> bool:
        """Whether a candidate sentence counts what the question does in other words
        ("16 additional social work posts have been created" for "how many extra social
        worker jobs did they create"): a word very near in meaning (NEAR_SEEN_WORD) in
        a sentence that also holds the rest of the question, so that "5,706
        individuals" does not answer "how many young people are cadets"."""
        if not query.count_context:
            return False
        context = set(query.count_context)
        counted = {w for r in rows for i, terms in enumerate(self.text.sentences(int(r)))
                   if FIGURE in terms and context & query.expand(terms)
                   for w in words_after_figures(self.text.sentence_text(int(r), i))}
        near = self.text.nearest_counted(query, counted, counted_words(query.text), NEAR_SEEN_WORD)
        return bool(near) and self._counts_somewhere(query.spelling_out(near), rows, in_sentence=True)

    def names_a(self, kind: str, rows: np.ndarray, query: Query) -> bool:
        """Whether a candidate sentence mentions `kind` beside a name the question does
        not give, within NAME_REACH words of the question's words for it: "work with
        Mermaids, a charity ..." names a charity; "a very large number of university
        students" names no university."""
        stems, asked = set(tokenize(kind)), query.expand(set(tokenize(query.text)))  # CRC: Community Rehabilitation ...
        noun, phrase = _noun_forms(kind), set(tokenize(" ".join(named_phrase(query.text)))) | stems
        for r in rows:
            for i, terms in enumerate(self.text.sentences(int(r))):
                if not stems <= terms:
                    continue
                text = self.text.sentence_text(int(r), i)
                nouns = list(noun.finditer(text))
                if not nouns:
                    continue
                if any(_NAMED_AFTER.match(text, m.end()) for m in nouns):
                    return True  # "This team is called supporting carers and young people together"
                near = [k for k, w in enumerate(text.split()) if set(tokenize(w)) & phrase]
                if any(self._is_name(w) and not set(tokenize(w)) <= asked
                       and any(abs(k - n) <= NAME_REACH for k in near)
                       for w, n in _names_at(text)):
                    return True
        return False

    def _is_name(self, word: str) -> bool:
        """A capitalised word that can name something: not a month or day ("since
        January 2018"), an abbreviation of common words ("the DCS"), or the place of a
        report ("the joint Sefton/Liverpool health agencies subgroup" names no agency)."""
        if self._places is None:
            self._places = set().union(*self.text.doc_names()) if self.text.index.docs else set()
        return (word.lower() not in CALENDAR and not self.text.index.acronyms.abbreviates_words(word)
                and not set(re.findall(r"[a-z]+", word.lower())) & self._places)

    def names_person(self, role: str, rows: np.ndarray, query: Query) -> bool:
        """Whether a candidate sentence that mentions the role's head word ("member" of
        "cabinet member") also gives a person's name: "Lead inspector: Steve Lowe" names
        a lead inspector; "The lead member and senior leaders are well established" names
        no one."""
        head = set(tokenize(role.split()[-1]))
        own = {w.lower() for w in re.findall(r"[A-Za-z’'-]+", query.text)}
        for r in rows:
            for i, terms in enumerate(self.text.sentences(int(r))):
                if not head <= terms:
                    continue
                text = self.text.sentence_text(int(r), i)
                if _TITLED.search(text) or any(self._is_person(m.group(0), own) for m in _FULL_NAME.finditer(text)):
                    return True
        return False

    def _is_person(self, words: str, own: set[str]) -> bool:
        parts = [w.lower() for w in words.split()]
        return not any(w in _NOT_PERSONAL or w in own or w in CALENDAR or w in GENERIC_NAME_WORDS
                       or not self._is_name(w.title()) for w in parts)

    def holds_phrase(self, phrase: str, docs: Sequence[int]) -> bool:
        """Whether any passage of these reports holds `phrase` (as `Query.quoted` gives it)."""
        rows = np.flatnonzero(np.isin(self.text.index.doc_of_row, list(docs)))
        return any(holds_phrase(self.text.chunks.get(int(r)).match_text, phrase)
                   for r in rows)

    def report_name_words(self, docs: Sequence[int]) -> set[str]:
        """The lower-cased words of these reports' names ("barnsley", "metropolitan", ...)."""
        names = self.text.doc_names()
        return set().union(*(names[d] for d in docs))

    def mentions(self, word: str, rows: np.ndarray) -> bool:
        """Whether a candidate passage uses `word`. A naming question is judged only
        then: it may call the thing another word ("database" for a "register")."""
        stems = set(tokenize(word))
        return any(stems <= self.text.row_terms(int(r)) for r in rows)

    def quotes(self, speaker: str, rows: np.ndarray, query: Query) -> bool:
        """Whether a candidate sentence gives what `speaker` said or thought: it names
        them (or spells out their abbreviation) and has a word of speech ("The judiciary
        and Children and Family Court Advisory and Support Service told inspectors that
        ..."). A report that only lists them ("work with Mermaids, a charity ...") does not."""
        stems = set(tokenize(speaker))
        text = self.text
        return any(stems <= query.expand(terms) and (SPEECH & terms or _QUOTING.search(text.sentence_text(int(r), i)))
                   for r in rows for i, terms in enumerate(self.text.sentences(int(r))))

    def _any_text(self, rows: np.ndarray, pattern: re.Pattern[str]) -> bool:
        return any(pattern.search(self.text.chunks.get(int(r)).text) for r in rows)

    def fully_covered(self, query: Query, rows: np.ndarray) -> bool:
        return any(query.coverage(terms) >= 1.0 for r in rows for terms in self.text.sentences(int(r)))

    def organisations_without_report(self, query: Query) -> list[str]:
        """Forces or councils the question names that no indexed report is about: a
        passage about another force would answer a different question."""
        known = set().union(*self.text.doc_names()) if self.text.index.docs else set()
        out = []
        for name in query.organisations:
            words = {w for w in re.findall(r"[a-z]+", name.lower()) if w not in GENERIC_NAME_WORDS}
            if words and not words & known:
                out.append(name)
        return out


def _names_at(sentence: str) -> list[tuple[str, int]]:
    """(word, its word number) for each capitalised word of a sentence but the first
    (capitalised as the first)."""
    first = re.search(r"[A-Za-z]", sentence)
    return [(m.group(0), _word_number(sentence, m.start())) for m in _NAME.finditer(sentence)
            if first and m.start() != first.start()]


def _word_number(text: str, offset: int) -> int:
    """Which whitespace-separated word of `text` holds `offset` ("(Adoption" is one word)."""
    before = text[:offset]
    return len(before.split()) - (1 if before and not before[-1].isspace() else 0)


def _noun_forms(word: str) -> re.Pattern[str]:
    """The word as a noun, singular or plural, not part of a hyphenated word: a stem
    would let "provides" stand for "provider", and "multi-agency" is no agency."""
    w = word.lower()
    base = w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w
    forms = rf"{re.escape(base[:-1])}(?:y|ies)" if base.endswith("y") else rf"{re.escape(base)}(?:s|es)?"
    return re.compile(rf"(?<![\w-]){forms}(?![\w-])", re.I)  # not "multi-agency"
