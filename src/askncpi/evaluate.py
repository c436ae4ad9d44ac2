"""Score retrieval against gold question files (the format of ../shared/eval/*.jsonl).

A passage answers a gold entry when its report matches and its first 1,500
characters (what a reader sees) contain the key phrase after normalisation; its
citation is right when the cited page is one of the gold's pages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cleaning import normalise_for_match
from .render import reflow
from .types import CARD_CHARS, Answer, Hit

K = 10


@dataclass(frozen=True)
class Gold:
    doc: str  # file stem
    text: str
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    kind: str
    gold: tuple[Gold, ...]


def load_questions(paths: Iterable[Path]) -> list[Question]:
    out = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                gold = tuple(Gold(g["doc"], g["text"], tuple(g.get("pages") or ())) for g in d.get("gold", []))
                out.append(Question(str(d["id"]), d["question"], d.get("kind", ""), gold))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a gold question line ({exc})") from exc
    return out


def answering_gold(hit: Hit, golds: tuple[Gold, ...]) -> Gold | None:
    found = answering_golds(hit, golds)
    return found[0] if found else None


def answering_golds(hit: Hit, golds: tuple[Gold, ...]) -> list[Gold]:
    """Every gold the passage answers: a set may give the same phrase once per page it is on."""
    stem = Path(hit.chunk.doc).stem
    visible = normalise_for_match(reflow(hit.chunk.text)[:CARD_CHARS])
    return [g for g in golds if g.doc == stem and normalise_for_match(g.text) in visible]


@dataclass
class Outcome:
    question: Question
    rank: int | None  # rank of the first answering passage within K
    page_ok: bool | None  # None when the matched gold has no pages, or nothing matched
    abstained: bool
    top: str = ""
    abstain_reason: str | None = None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def _answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.question.gold]

    def metrics(self) -> dict[str, Any]:
        ans = self._answerable()
        unans = [o for o in self.outcomes if not o.question.gold]
        n = max(1, len(ans))

        def hit_at(k: int) -> float:
            return sum(1 for o in ans if o.rank is not None and o.rank <= k) / n

        paged = [o for o in ans if o.page_ok is not None]
        return {
            "questions": len(self.outcomes), "answerable": len(ans), "unanswerable": len(unans),
            "hit@1": hit_at(1), "hit@5": hit_at(5), "hit@10": hit_at(10),
            "mrr@10": sum(1 / o.rank for o in ans if o.rank) / n,
            "page_accuracy": (sum(bool(o.page_ok) for o in paged) / len(paged)) if paged else None,
            "page_checked": len(paged),
            "abstain_unanswerable": (sum(o.abstained for o in unans) / len(unans)) if unans else None,
            "abstain_answerable": sum(o.abstained for o in ans) / n,
        }

    def missed(self) -> list[Outcome]:
        return [o for o in self.outcomes if (o.question.gold and (o.rank != 1 or o.abstained)) or
                (not o.question.gold and not o.abstained) or o.page_ok is False]


def judge(question: Question, answer: Answer) -> Outcome:
    rank = page_ok = None
    for hit in answer.hits[:K]:
        found = answering_golds(hit, question.gold)
        if found:
            rank = hit.rank
            # Right when its page is one of the pages of a gold it answers.
            paged = [g for g in found if g.pages]
            page_ok = any(hit.page in g.pages for g in paged) if paged else None
            break
    top = answer.hits[0].chunk.doc + f" p.{answer.hits[0].page}" if answer.hits else ""
    return Outcome(question, rank, page_ok, answer.abstained, top, answer.abstain_reason)


def evaluate(questions: list[Question], ask: Callable[[str], Answer]) -> Report:
    report = Report()
    for q in questions:
        report.outcomes.append(judge(q, ask(q.question)))
    return report
