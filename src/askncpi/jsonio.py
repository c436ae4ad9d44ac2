"""The one place Chunk, Hit and Answer map to and from JSON.

Two shapes, both built here:
- the *stored* shape (`chunk_to_json`, `answer_to_json` and their `*_from_json` inverses)
  keeps everything needed to rebuild the value exactly: index rows (`chunks.jsonl`) and the
  saved conversation use it, and `answer_from_json(answer_to_json(a)) == a`;
- the *reader's* shape (`answer_view_json`) is what `askncpi query --json` prints: flat
  fields a script can use directly (citation string, reflowed text, best sentence text,
  signals as an object), not meant to be read back.
"""

from __future__ import annotations

from typing import Any

from .render import best_sentence_text, citation, reflow
from .types import Answer, Chunk, Hit, Sentence


def chunk_to_json(c: Chunk) -> dict[str, Any]:
    return {"id": c.id, "doc": c.doc, "title": c.title, "section": c.section, "text": c.text,
            "page_start": c.page_start, "page_end": c.page_end, "char_start": c.char_start,
            "char_end": c.char_end, "page_label": c.page_label, "kind": c.kind,
            "sentences": [[s.start, s.end, s.page, s.line] + ([s.para] if s.para else []) for s in c.sentences],
            **({"ocr_pages": list(c.ocr_pages)} if c.ocr_pages else {})}


def chunk_from_json(d: dict[str, Any]) -> Chunk:
    return Chunk(id=d["id"], doc=d["doc"], title=d["title"], section=d["section"], text=d["text"],
                 page_start=d["page_start"], page_end=d["page_end"], char_start=d["char_start"],
                 char_end=d["char_end"], page_label=d.get("page_label"), kind=d.get("kind", "pdf"),
                 ocr_pages=tuple(d.get("ocr_pages", ())), sentences=tuple(Sentence(*s) for s in d.get("sentences", ())))


def hit_to_json(h: Hit) -> dict[str, Any]:
    """A card with its whole passage (the index may be rebuilt later, so no row ids)."""
    return {"rank": h.rank, "score": h.score, "page": h.page, "page_label": h.page_label,
            "best_sentence": list(h.best_sentence) if h.best_sentence else None,
            "matched_terms": list(h.matched_terms), "lines": list(h.lines) if h.lines else None, "para": h.para,
            "closest_in_meaning": h.closest_in_meaning, "signals": [list(s) for s in h.signals],
            "chunk": chunk_to_json(h.chunk)}


def hit_from_json(h: dict[str, Any]) -> Hit:
    best, lines = h.get("best_sentence"), h.get("lines")
    return Hit(rank=h["rank"], score=h["score"], chunk=chunk_from_json(h["chunk"]), page=h["page"],
               page_label=h.get("page_label"),
               best_sentence=(int(best[0]), int(best[1])) if best else None,
               matched_terms=tuple(h.get("matched_terms", ())),
               lines=(int(lines[0]), int(lines[1])) if lines else None, para=h.get("para"),
               closest_in_meaning=bool(h.get("closest_in_meaning")),
               signals=tuple((str(n), float(v)) for n, v in h.get("signals", ())))


def answer_to_json(a: Answer) -> dict[str, Any]:
    return {"question": a.question, "searched": a.searched, "abstained": a.abstained, "note": a.note,
            "abstain_reason": a.abstain_reason, "docs": list(a.docs), "ranker": a.ranker,
            "hits": [hit_to_json(h) for h in a.hits]}


def answer_from_json(d: dict[str, Any]) -> Answer:
    return Answer(question=d["question"], hits=tuple(hit_from_json(h) for h in d.get("hits", ())),
                  abstained=bool(d.get("abstained")), searched=d.get("searched"), note=d.get("note"),
                  docs=tuple(d.get("docs", ())), ranker=d.get("ranker"), abstain_reason=d.get("abstain_reason"))


def hit_view_json(hit: Hit) -> dict[str, Any]:
    c = hit.chunk
    is_pdf = c.kind == "pdf"
    return {
        "rank": hit.rank, "score": round(hit.score, 6), "doc": c.doc, "title": c.title,
        "page": hit.page if is_pdf else None, "page_start": c.page_start if is_pdf else None,
        "page_end": c.page_end if is_pdf else None, "page_label": hit.page_label,
        "lines": list(hit.lines) if hit.lines else None, "para": hit.para, "section": c.section,
        "text": reflow(c.text), "best_sentence": best_sentence_text(hit),
        "matched_terms": list(hit.matched_terms), "citation": citation(hit),
        "closest_in_meaning": hit.closest_in_meaning, "ocr": hit.page in c.ocr_pages,
        "signals": {name: round(value, 6) for name, value in hit.signals},
    }


def answer_view_json(answer: Answer) -> dict[str, Any]:
    return {"question": answer.question, "searched": answer.searched or answer.question,
            "abstained": answer.abstained, "abstain_reason": answer.abstain_reason, "note": answer.note,
            "docs": list(answer.docs),
            "ranker": answer.ranker, "hits": [hit_view_json(h) for h in answer.hits]}
