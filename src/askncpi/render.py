"""Answer -> what people read: citation strings, emphasised passages, Markdown (JSON: jsonio.py).

Shared by the CLI and the TUI so a passage is cited the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .safetext import safe_line, safe_text
from .types import Answer, Hit

NO_ANSWER = "No passage in these reports answers this question."
BULLET = "•"  # cleaning.py turns every list marker into this


def reflow(text: str) -> str:
    """PDF line breaks are layout, not meaning: one space between words."""
    return " ".join(text.split())


def page_ref(hit: Hit) -> str:
    c = hit.chunk
    if c.kind in ("html", "docx"):  # no pages: the numbered paragraph, where it has one
        return f"para. {hit.para}" if hit.para else ""
    if c.kind == "text":
        if hit.lines:
            a, b = hit.lines
            return f"lines {a}–{b}" if b > a else f"line {a}"
        return "text"
    ref = f"p. {hit.page}"
    if hit.page_label and hit.page_label != str(hit.page):
        ref += f" (printed {hit.page_label})"
    if hit.page in c.ocr_pages:
        ref += " (text read by OCR)"
    return ref


def citation(hit: Hit) -> str:
    """Report title, page and section, as one line safe to print."""
    parts = [safe_line(hit.chunk.title) or safe_line(hit.chunk.doc), page_ref(hit)]
    if hit.chunk.section:
        parts.append(safe_line(hit.chunk.section))
    return " · ".join(p for p in parts if p)


def best_sentence_text(hit: Hit) -> str | None:
    if not hit.best_sentence:
        return None
    a, b = hit.best_sentence
    return reflow(safe_text(hit.chunk.text[a:b]))


_HEADING_MARK = re.compile(r"#{1,6}")


def segments(hit: Hit) -> list[tuple[str, str]]:
    """The passage as (text, kind) pieces, kind in {"", "best", "term", "best-term"},
    whitespace reflowed except that each bullet of a list starts a line; the UI maps
    kinds to styles."""
    text = hit.chunk.text
    best = hit.best_sentence or (0, 0)
    marks = [""] * len(text)
    for i in range(best[0], best[1]):
        marks[i] = "best"
    if hit.matched_terms:
        longest_first = sorted(hit.matched_terms, key=len, reverse=True)
        pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in longest_first) + r")\b", re.I)
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                marks[i] = "best-term" if marks[i] == "best" else "term"
    chars: list[tuple[str, str]] = []  # (text, kind) per character, whitespace runs as one
    offset = len(text) - len(text.lstrip())
    starts = {s.start for s in hit.chunk.sentences}
    in_item = False  # the line being laid out is a list item
    drop_space = False  # after a dropped heading mark
    in_heading = False  # the line being laid out is a heading: it ends in a line break
    for m in re.finditer(r"\s+|\S+", text.strip()):
        begin, end = offset + m.start(), offset + m.end()
        if drop_space and m.group()[0].isspace():
            drop_space = False
            continue
        drop_space = False
        if _HEADING_MARK.fullmatch(m.group()) and (begin == offset or text[begin - 1] == "\n"):
            drop_space = in_heading = True  # "## Case files" (web pages, Word files, Markdown) reads "Case files"
            continue
        if m.group()[0].isspace():
            # A new line for each item, and for the sentence that follows the list.
            line_break = "\n" in m.group() and (text.startswith(BULLET, end) or (in_item and end in starts)
                                                 or in_heading)
            in_heading = in_heading and "\n" not in m.group()
            chars.append(("\n" if line_break else " ", marks[begin]))
        else:
            if not chars or chars[-1][0] == "\n":
                in_item = m.group().startswith(BULLET)
            chars.extend((c, marks[begin + k]) for k, c in enumerate(m.group()))
    out: list[tuple[str, str]] = []
    for c, kind in chars:
        if out and out[-1][1] == kind:
            out[-1] = (out[-1][0] + c, kind)
        else:
            out.append((c, kind))
    return [(safe_text(t), kind) for t, kind in out]


def score_label(hit: Hit) -> str:
    """The fused score, and why a passage stands above better-scored ones when it does."""
    return f"score {hit.score:.3f}" + (" · closest in meaning" if hit.closest_in_meaning else "")


def signals_text(hit: Hit) -> str:
    """Each signal's raw score for a card, for `askncpi query --explain`."""
    return " · ".join(f"{name} {value:.3f}" for name, value in hit.signals)


def answer_markdown(answer: Answer) -> str:
    lines = [f"## {answer.question}", ""]
    if answer.searched and answer.searched != answer.question:
        lines += [f"*Searched:* {answer.searched}", ""]
    if answer.abstained or not answer.hits:
        lines += [f"_{answer.note or NO_ANSWER}_", ""]
        return "\n".join(lines)
    for hit in answer.hits:
        lines.append(f"**[{hit.rank}] {citation(hit)}**")
        lines.append("")
        body = "".join(f"**{t}**" if k.endswith("term") and t.strip() else t for t, k in segments(hit))
        lines.append("> " + body)
        lines.append("")
    return "\n".join(lines)


def answer_rich(answer: Answer, show_scores: bool = True, explain: bool = False,
                currency: Callable[[str], str | None] | None = None):
    """A Rich renderable for the terminal. Report text goes in as Text, never as markup.
    `currency(doc)`: a line on when the report's inspection was and whether the index holds a
    newer one (catalogue.Catalogue.currency)."""
    from rich.console import Group
    from rich.text import Text

    styles = {"": "", "best": "bold", "term": "underline", "best-term": "bold underline"}
    parts: list[Any] = []
    if explain and answer.ranker:
        parts.append(Text(f"Ranked by {answer.ranker}", style="dim"))
    if answer.searched and answer.searched != answer.question:
        parts.append(Text(f"Searched: {answer.searched}", style="dim"))
    if answer.abstained or not answer.hits:
        parts.append(Text(answer.note or NO_ANSWER, style="yellow"))
        if answer.hits:
            parts.append(Text("Closest passages, for reference:", style="dim"))
    for hit in answer.hits:
        head = Text(f"[{hit.rank}] ", style="bold cyan")
        head.append(citation(hit), style="bold")
        if show_scores:
            head.append(f"  {score_label(hit)}", style="dim")
        body = Text()
        for piece, kind in segments(hit):
            body.append(piece, style=styles[kind])
        note = currency(hit.chunk.doc) if currency else None
        parts += [head] + ([Text(note, style="magenta")] if note else []) + [body]
        if explain and hit.signals:
            parts.append(Text("signals: " + signals_text(hit), style="dim"))
        parts.append(Text(""))
    return Group(*parts)
