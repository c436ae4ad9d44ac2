"""Split a Document into passages that fit the embedding model's window.

Pure: Document in, Chunks out. Every chunk keeps its page span, the section
heading it falls under and its character offsets into Document.text; every
character of the document's text lies in some chunk (nothing is dropped).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from .types import PAGE_JOIN, Chunk, Document, Sentence

_NUMBERED_HEADING = re.compile(r"^(\d{1,2}\.(\d{1,2}\.?)?|Annex [A-Z]\b|Appendix [A-Z0-9]+\b|Part \d+\b)\s*\S")
_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(]?[A-Z0-9•])"""  # end mark, space, capital next
    r"|\n(?=•)"  # a bullet starts a new unit
)
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|Mr|Mrs|Ms|Dr|No|para|paras|St|vs|cf|approx|Ch|Vol|Fig)\.$", re.I)
_WORD = re.compile(r"\S+")


# Bump when chunk boundaries change for the same parameters, so old indexes are rebuilt.
CHUNKER_VERSION = 7  # 7: private-use glyphs are bullets; three-line headings; a lone numbered line is no chapter


@dataclass(frozen=True)
class ChunkParams:
    max_words: int = 150
    overlap_words: int = 30

    def as_dict(self) -> dict[str, int]:
        return {"max_words": self.max_words, "overlap_words": self.overlap_words, "version": CHUNKER_VERSION}


@dataclass(frozen=True)
class _Unit:
    """A sentence (or heading, or piece of an over-long sentence) in document offsets."""

    start: int
    end: int
    page: int
    section: str | None
    words: int
    is_heading: bool = False


def _body_width(lines: list[str]) -> int:
    lengths = sorted(len(ln) for ln in lines if len(ln.split()) >= 6)
    return lengths[int(len(lengths) * 0.8)] if lengths else 80


def _ends_sentence(line: str) -> bool:
    return not line or line.rstrip()[-1:] in ".!?:;)\"”’" or line.startswith("•")


def _starts_new(line: str | None) -> bool:
    return line is None or not line or line[0].isupper() or line[0].isdigit() or line[0] in "•“\"‘'("


def _heading_like(line: str, width: int, max_words: int = 12) -> bool:
    words = line.split()
    return (
        0 < len(words) <= max_words
        and len(line) <= 100
        and line[-1] not in ".,;:"
        and (line[0].isupper() or bool(_NUMBERED_HEADING.match(line)))
        and len(line) < 0.8 * width
        and not line.replace(" ", "").isdigit()
    )


def find_headings(lines: list[str], width: int) -> dict[int, int]:
    """Map line index -> number of lines (1 to 3) of each heading on a PDF page."""
    found: dict[int, int] = {}
    after_heading = -1  # the line just below the last heading found
    i = 0
    while i < len(lines):
        prev = lines[i - 1] if i > 0 else ""
        if _ends_sentence(prev) or i == after_heading or (i - 2) in found:
            n = _heading_lines(lines, i, width)
            if n:
                found[i] = n
                i += n
                after_heading = i
                continue
        i += 1
    return found


def _heading_lines(lines: list[str], i: int, width: int) -> int:
    """How many lines (0 to 3) from lines[i] make a heading. A heading wrapped over two
    lines may start its second line with a capital; one wrapped over three ("The
    experiences and progress of / children who need help and / protection") continues
    in lower case, which tells it from two headings stacked one under the other."""
    line = lines[i]
    nxt, after, third = (lines[k] if k < len(lines) else None for k in (i + 1, i + 2, i + 3))
    if not line:
        return 0
    if _heading_like(line, width) and _starts_new(nxt):
        return 1
    if not (line[0].isupper() and line[-1] not in ".,;:!?" and len(line.split()) <= 14 and nxt):
        return 0
    if (len(nxt.split()) <= 10 and nxt[-1] not in ".,;:" and len(nxt) < 0.8 * width
            and after is not None and _starts_new(after) and len(line.split()) + len(nxt.split()) <= 20):
        return 2
    if after is None or third is None:
        return 0
    wrapped = (nxt, after)
    if (after and all(ln[0].islower() and ln[-1] not in ".,;:!?" and len(ln) < 0.8 * width for ln in wrapped)
            and _starts_new(third) and sum(len(ln.split()) for ln in (line, *wrapped)) <= 20):
        return 3
    return 0


def _split_sentences(text: str, base: int) -> list[tuple[int, int]]:
    """Sentence spans (document offsets) within one block of text."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        candidate = text[start:m.start()]
        if _ABBREVIATIONS.search(candidate.rstrip()):
            continue
        if candidate.strip():
            spans.append((base + start, base + m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((base + start, base + len(text.rstrip())))
    return spans


def _level(heading: str) -> int:
    return 1 if _NUMBERED_HEADING.match(heading) or _MD_HEADING.match(heading) else 2


def _section_name(top: str | None, sub: str | None) -> str | None:
    if top and sub:
        return f"{top} › {sub}"
    return top or sub


def _page_of(starts: list[int], offset: int) -> int:
    """1-based page holding document offset `offset`."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def _page_units(doc: Document) -> list[_Unit]:
    """Headings and sentences, in reading order, each with page and section.

    A paragraph that runs over a page break stays one block, so a sentence cut by
    the break is not split into two fragments; it is cited by the page it starts on.
    """
    text = doc.text
    starts = doc.page_starts()
    width = _body_width([ln for p in doc.pages for ln in p.text.split("\n")])
    units: list[_Unit] = []
    top: str | None = None
    sub: str | None = None
    block: list[int] = []  # [start, end] document offsets of the open paragraph block

    def flush() -> None:
        if block:
            for s, e in _split_sentences(text[block[0]:block[1]], block[0]):
                units.append(_Unit(s, e, _page_of(starts, s), _section_name(top, sub), len(text[s:e].split())))
            block.clear()

    pages = [page.text.split("\n") for page in doc.pages]
    if doc.kind == "pdf":
        found = [find_headings(lines, width) for lines in pages]
    else:
        found = [{i: 1 for i, ln in enumerate(lines) if _MD_HEADING.match(ln)} for lines in pages]
    # A lone numbered line ("1. Children who need help and protection Requires
    # improvement", a row of a judgement table) is no chapter: numbered headings rank
    # above the others only when there are at least two of them.
    numbered = sum(bool(_NUMBERED_HEADING.match(lines[i])) for lines, heads in zip(pages, found) for i in heads) >= 2
    for page, page_start, lines, headings in zip(doc.pages, starts, pages, found):
        offsets, pos = [], page_start
        for ln in lines:
            offsets.append(pos)
            pos += len(ln) + 1
        first_text = next((ln for ln in lines if ln.strip()), "")
        if block and (0 in headings or not first_text[:1].islower()):
            flush()  # the previous page ended its paragraph
        i = 0
        while i < len(lines):
            if i in headings:
                flush()
                n = headings[i]
                start, end = offsets[i], offsets[i + n - 1] + len(lines[i + n - 1])
                heading = " ".join(text[start:end].split()).lstrip("# ")
                if (numbered and _level(text[start:end]) == 1) or doc.kind != "pdf":
                    top, sub = heading, None
                else:
                    sub = heading
                units.append(_Unit(start, end, page.number, _section_name(top, sub),
                                   len(heading.split()), is_heading=True))
                i += n
                continue
            if lines[i].strip():
                end = offsets[i] + len(lines[i])
                if block:
                    block[1] = end
                else:
                    block[:] = [offsets[i], end]
            i += 1
    flush()
    return units


def _split_long(unit: _Unit, text: str, max_words: int, starts: list[int]) -> list[_Unit]:
    """Cut a sentence longer than the window into word-aligned pieces; a piece after
    a page break is on the next page."""
    words = list(_WORD.finditer(text, unit.start, unit.end))
    if len(words) <= max_words:
        return [unit]
    pieces = []
    for i in range(0, len(words), max_words):
        group = words[i:i + max_words]
        page = unit.page if i == 0 else _page_of(starts, group[0].start())
        pieces.append(_Unit(group[0].start(), group[-1].end(), page, unit.section, len(group)))
    return pieces


def _pack(units: list[_Unit], params: ChunkParams) -> list[list[_Unit]]:
    """Greedy packing into windows, with a sentence-aligned overlap; a new
    top-level section always starts a new chunk."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    words = 0
    for unit in units:
        new_section = unit.is_heading and current and not all(u.is_heading for u in current)
        if current and (new_section or words + unit.words > params.max_words):
            groups.append(current)
            carry: list[_Unit] = []
            if not new_section:
                for prev in reversed(current):
                    if sum(u.words for u in carry) + prev.words > params.overlap_words:
                        break
                    carry.insert(0, prev)
                while carry and sum(u.words for u in carry) + unit.words > params.max_words:
                    carry.pop(0)
            current, words = carry, sum(u.words for u in carry)
        current.append(unit)
        words += unit.words
    if current:
        groups.append(current)
    return groups


# Web pages and Word files are laid out one paragraph per line (html_reader, docx_reader),
# so a line opening "65. " is paragraph 65 until the next line break.
NUMBERED_PARAGRAPH_KINDS = frozenset({"html", "docx"})
_PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3})\. (?=\S)", re.M)


def _numbered_paragraphs(text: str) -> list[tuple[int, int, str]]:
    """(start, end, number) of each line that opens with a paragraph number."""
    out = []
    for m in _PARAGRAPH_NUMBER.finditer(text):
        end = text.find("\n", m.start())
        out.append((m.start(), len(text) if end < 0 else end, m.group(1)))
    return out


def _paragraph_of(numbered: list[tuple[int, int, str]], offset: int) -> str | None:
    i = bisect.bisect_right(numbered, (offset, len(numbered) + 10**12, "")) - 1
    if i >= 0 and numbered[i][0] <= offset < numbered[i][1]:
        return numbered[i][2]
    return None


def chunk_document(doc: Document, params: ChunkParams = ChunkParams(), first_id: int = 0) -> list[Chunk]:
    text = doc.text
    starts = doc.page_starts()
    units = [piece for u in _page_units(doc) for piece in _split_long(u, text, params.max_words, starts)]
    labels = {p.number: p.label for p in doc.pages}
    ocr_pages = {p.number: p.ocr for p in doc.pages}
    # Offsets where lines begin, for text files' line numbers (counting newlines per
    # sentence would be quadratic on a file that is one huge line of sentences).
    newlines = [m.start() for m in re.finditer("\n", text)] if doc.kind == "text" else []
    numbered = _numbered_paragraphs(text) if doc.kind in NUMBERED_PARAGRAPH_KINDS else []
    chunks: list[Chunk] = []
    for group in _pack(units, params):
        start, end = group[0].start, group[-1].end
        body = [u for u in group if not u.is_heading] or group
        sentences = tuple(
            Sentence(u.start - start, u.end - start, u.page,
                     bisect.bisect_left(newlines, u.start) + 1 if doc.kind == "text" else None,
                     _paragraph_of(numbered, u.start) if numbered and not u.is_heading else None)
            for u in group
        )
        chunks.append(Chunk(
            id=first_id + len(chunks), doc=doc.doc, title=doc.title, section=body[-1].section,
            text=text[start:end], page_start=group[0].page,
            page_end=_page_of(starts, max(start, end - 1)),
            char_start=start, char_end=end, sentences=sentences,
            page_label=labels.get(group[0].page), kind=doc.kind,
            ocr_pages=tuple(n for n in range(group[0].page, _page_of(starts, max(start, end - 1)) + 1)
                            if ocr_pages.get(n, False)),
        ))
    return chunks


def join_chunks(first: Chunk, second: Chunk) -> Chunk | None:
    """One passage made of two overlapping or touching passages of a document (`first`
    starting earlier, the two under one heading), or None. The text is the document's own:
    the overlap is taken once, and `second`'s sentences after it are shifted on."""
    gap = second.char_start - first.char_end
    if first.doc != second.doc or second.char_start < first.char_start:
        return None
    between = ""
    if gap >= 0:
        if first.section != second.section:
            return None  # next to each other, but either side of a heading
        # Only whitespace lies between two chunks (every other character is in one), but
        # it is not stored: page breaks are restored exactly, anything else as spaces
        # (a reader sees it reflowed either way).
        pages = second.page_start - first.page_end
        between = PAGE_JOIN * pages if pages > 0 else " " * gap
        if len(between) != gap or gap > len(PAGE_JOIN) * max(pages, 1):
            return None  # empty pages or a wide gap between them: not neighbours on the page
    if second.char_end <= first.char_end:
        return first
    shift = second.char_start - first.char_start
    tail = tuple(Sentence(s.start + shift, s.end + shift, s.page, s.line, s.para) for s in second.sentences
                 if s.start + shift >= len(first.text))
    return dataclasses.replace(first, text=first.text + between + second.text[max(-gap, 0):],
                               char_end=second.char_end, page_end=second.page_end,
                               sentences=first.sentences + tail,
                               ocr_pages=tuple(sorted(set(first.ocr_pages) | set(second.ocr_pages))))


def trim_chunk(chunk: Chunk, keep: tuple[int, int], limit: int) -> Chunk:
    """`chunk` cut to whole sentences within `limit` characters, never cutting into the
    text between offsets `keep`: sentences go from whichever end is farther from it."""
    sents = list(chunk.sentences)
    lo, hi = 0, len(sents) - 1
    while hi > lo and sents[hi].end - sents[lo].start > limit:
        tail = sents[hi].start - keep[1]  # how far the last sentence is from the kept text
        head = keep[0] - sents[lo].end
        if tail < 0 and head < 0:
            break  # the kept text alone is longer than the limit
        if tail >= head:
            hi -= 1
        else:
            lo += 1
    if lo == 0 and hi == len(sents) - 1:
        return chunk
    start, end = sents[lo].start, sents[hi].end
    text = chunk.text[start:end]
    page = sents[lo].page
    return dataclasses.replace(
        chunk, text=text, char_start=chunk.char_start + start, char_end=chunk.char_start + end,
        page_start=page, page_end=page + text.count(PAGE_JOIN) if chunk.kind == "pdf" else page,
        page_label=chunk.page_label if page == chunk.page_start else None,
        sentences=tuple(Sentence(s.start - start, s.end - start, s.page, s.line, s.para) for s in sents[lo:hi + 1]))


def sentence_at(chunk: Chunk, offset: int) -> int | None:
    """Index of the sentence of `chunk` holding document offset `offset`, if any."""
    at = offset - chunk.char_start
    return next((i for i, s in enumerate(chunk.sentences) if s.start <= at < s.end), None)


# The headings under which the report genres here list what must change: HMICFRS and
# HMI Probation "Recommendations" / "Areas for improvement", Ofsted "What needs to improve".
_RECOMMENDATION_HEADING = re.compile(
    r"(?:\d+\.?\s*)?(?:recommendations?|what needs to improve\b.*|areas? for (?:improvement|development)|"
    r"causes? of concern|priorit(?:y|ies) for (?:improvement|action))", re.I)


def under_recommendations(chunk: Chunk) -> bool:
    """Whether a passage sits under a heading that lists recommendations."""
    return chunk.section is not None and any(_RECOMMENDATION_HEADING.fullmatch(part.strip())
                                             for part in chunk.section.split("›"))

