"""Recommendations answered from the inspection record: a stage after ranking.

"What did Ofsted tell Darlington in 2018 about kids who kept getting a new social worker?"
asks for one item of the report's list of recommendations ("Continue to reduce the number of
changes of social worker ..."), which passage ranking often places below the body text that
discusses the same topic. When the question asks what a named report told its organisation to
do or improve, the record's items are compared with the question (meaning, by the model that
ranks passages, and the question's own words), and the passage holding the closest item is put
first with that item as its cited sentence; a question that names no topic ("What did Ofsted say
Cornwall needed to improve?") gets the start of the list. Switched off by name:
`--without record_recommendation`.

A question about a topic none of the items is about ("... about recruiting more foster carers"
of a report whose list never mentions foster carers) is refused with the closest item still
shown first (`recommendation_topic`): no item shares a word of the topic, and none is close
in meaning to the question's topic words (MiniLM cosine under the ranker file's fitted
`abstention.topic_below`). Switched off by name: `--without recommendation_topic`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from .judgements import chosen_records
from .lexical import tokenize
from .records import InspectionRecord, Recommendation
from .types import Answer, Chunk, Hit

NAME = "record_recommendation"
TOPIC_CHECK = "recommendation_topic"
NAMES = (NAME, TOPIC_CHECK)

_TELL = r"(?:tell|told|want|wanted|ask|asked|advise|advised|urge|urged|expect|expected|call|called)"
_DO = (r"(?:improve|do|change|fix|sort|address|make|ensure|review|strengthen|reduce|develop|tackle|work on|"
       r"carry out|undertake|take|introduce|put in place|set up|stop|start)")
_ASKS = re.compile(
    rf"\b(recommend\w*|areas? for improvement|what needs to improve|needs? to {_DO}|needed to {_DO}|"
    rf"{_TELL}\b.{{0,60}}?\bto {_DO}|{_TELL}\b.{{0,60}}?\b(?:improved|done|changed|fixed|addressed)|"
    rf"(?:had|has|have) to {_DO}|should happen|\baction\b.{{0,40}}?\b{_TELL}\b|"
    rf"(?:tell|told)\b.{{0,60}}?\babout\b|do differently|do better|"
    rf"should (?:it|they|the council|the local authority) {_DO}|"
    rf"which (?:improvements?|recommendations?|areas? for improvement) (?:was|were|is|are|did|does|has|had)|"
    rf"improvements? (?:was|were|is|are) (?:asked|required|needed|identified|called for))\b", re.I)
# Words of the asking itself, not of what is asked about.
_FRAME = set(tokenize(
    "what did does do should would ofsted inspectors inspection inspectorate report reports tell told want wanted "
    "ask asked advise advised urge urged recommend recommended recommendation recommendations improve improved "
    "improvement improvements need needed needs area areas fix sort out better differently council local "
    "authority services children's service year anything still which whole list say said "
    # how many items are asked for, when and how the report was written: not what it is about
    "only single one sole thing set make made publish published rated judged outstanding inadequate "
    "identified identify given gave receive received get got action actions "
    # which of the items, by its place in the list: "What was Ofsted's first recommendation?"
    "first second third fourth fifth last final main top biggest "
    "january february march april may june july august september october november december"))


# People telling the inspectors (adopters, the court) give their views, not what to improve;
# and a when / how-many / who question asks a date, a count or a name, not a list item.
_TOLD_INSPECTORS = re.compile(r"\b(?:tell|told|telling)\s+(?:the\s+)?(?:inspectors?|inspection|ofsted|us)\b", re.I)
_OTHER_ANSWER = re.compile(r"^\W*(?:when|how many|how much|how long|who)\b", re.I)


def asks_recommendation(question: str) -> bool:
    if _OTHER_ANSWER.search(question):
        return False
    return any(not _TOLD_INSPECTORS.match(question, m.start()) for m in _ASKS.finditer(question))


def topic_terms(question: str, name_terms: set[str]) -> set[str]:
    """The question's words about what is to be improved: not the asking, not the names."""
    years = set(re.findall(r"\d{4}", question))
    return {t for t in tokenize(question) if t not in _FRAME and t not in name_terms and t not in years
            and not t.isdigit()}


def topic_phrase(question: str, topic: set[str]) -> str:
    """The question's own words for its topic, in order: "evening weekend cover" of "...
    needed to improve about its evening and weekend cover in 2024?"."""
    return " ".join(w for w in re.findall(r"[\w'’-]+", question) if set(tokenize(w)) & topic)


def topic_match(items: Sequence[Recommendation], topic: set[str], phrase: str,
                encode: Callable[[list[str]], np.ndarray]) -> float:
    """How well a report's items cover the question's topic: 1.0 when an item shares a word
    of it, else the best MiniLM cosine between the topic's words and an item ("evening and
    weekend cover" and "... the out-of-hours service")."""
    if any(topic & set(tokenize(it.text)) for it in items):
        return 1.0
    vectors = encode([it.text for it in items] + [phrase])
    return float((vectors[:-1] @ vectors[-1]).max())


def best_item(items: Sequence[Recommendation], question_vector: np.ndarray, topic: set[str],
              encode: Callable[[list[str]], np.ndarray]) -> Recommendation:
    """The item closest to the question: meaning first, the topic's words as a tie-break;
    with no topic, the first item of the list."""
    if not topic:
        return items[0]
    vectors = encode([it.text for it in items])
    meaning = vectors @ question_vector
    words = np.array([len(topic & set(tokenize(it.text))) / len(topic) for it in items])
    return items[int(np.argmax(meaning + 0.5 * words))]


def locate(chunks: Sequence[Chunk], item: Recommendation) -> tuple[Chunk, tuple[int, int]] | None:
    """The passage holding the item's start on its page, and the item's span in it (to the
    end of its first sentence)."""
    words = item.text.split()[:8]
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
    for c in chunks:
        if not (c.page_start <= item.page <= c.page_end):
            continue
        m = pattern.search(c.text)
        if m:
            end = next((s.end for s in c.sentences if s.start <= m.start() < s.end), m.end())
            return c, (m.start(), max(end, m.end()))
    return None


def recommendation_first(answer: Answer, question: str, records: Sequence[InspectionRecord],
                         chunks_of: dict[str, list[Chunk]], question_vector: np.ndarray, name_terms: set[str],
                         encode: Callable[[list[str]], np.ndarray], topic_below: float | None = None,
                         describe: Callable[[InspectionRecord], str] = lambda r: "the report") -> Answer:
    """`answer` with the passage of the recommendation the question asks about first;
    refused (`TOPIC_CHECK`), that passage still first, when no item is about the question's
    topic (`topic_match` under `topic_below`; None: not checked)."""
    if not asks_recommendation(question):
        return answer
    chosen = chosen_records(records, question, has=lambda r: bool(r.recommendations))
    if len(chosen) != 1:  # several reports, or none with a list: leave it to the ranking
        return answer
    record = chosen[0]
    topic = topic_terms(question, name_terms)
    item = best_item(record.recommendations, question_vector, topic, encode)
    spot = locate(chunks_of.get(record.doc, []), item)
    if spot is None:
        return answer
    chunk, span = spot
    signals: tuple[tuple[str, float], ...] = ((NAME, 1.0),)
    note, reason = None, None
    if topic and topic_below is not None:
        phrase = topic_phrase(question, topic)
        match = topic_match(record.recommendations, topic, phrase, encode)
        signals += ((TOPIC_CHECK, match),)
        if match < topic_below:
            reason = TOPIC_CHECK
            note = (f"None of the recommendations of {describe(record)} is about {phrase}: "
                    "the closest one is shown first")
    hit = Hit(rank=1, score=answer.hits[0].score if answer.hits else 1.0, chunk=chunk, page=item.page,
              page_label=chunk.page_label if chunk.page_start == item.page else None, best_sentence=span,
              signals=signals)
    rest = [h for h in answer.hits if h.chunk.id != chunk.id]
    hits = [replace(h, rank=i + 1) for i, h in enumerate([hit] + rest)][:max(len(answer.hits), 1)]
    return replace(answer, hits=tuple(hits), abstained=reason is not None, note=note, abstain_reason=reason)
