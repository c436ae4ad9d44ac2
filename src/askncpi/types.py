"""The data that flows between askncpi's modules: Document -> Page -> Chunk -> Hit -> Answer.

All frozen dataclasses, so a value read from the index can be shared freely
between the CLI, the TUI's worker threads and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .cleaning import normalise_for_match


@dataclass(frozen=True)
class Page:
    """One physical page (PDF) or the whole text of a text file (number 1)."""

    number: int  # 1-based physical page
    text: str  # cleaned text of the page
    label: str | None = None  # printed page label, where the PDF has one
    ocr: bool = False  # the text was read from the page's image (no text layer)


@dataclass(frozen=True)
class Document:
    """A parsed report. `doc` is its file name relative to corpus/."""

    doc: str
    title: str
    kind: str  # "pdf", "text", "html" or "docx"
    pages: tuple[Page, ...]
    organisation: str | None = None
    year: int | None = None

    @property
    def stem(self) -> str:
        name = self.doc.rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name

    @property
    def text(self) -> str:
        """The whole document, pages joined by a blank line (offsets refer to this)."""
        return PAGE_JOIN.join(p.text for p in self.pages)

    def page_starts(self) -> list[int]:
        """Character offset in `text` at which each page starts."""
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + len(PAGE_JOIN)
        return starts


PAGE_JOIN = "\n\n"

# What a reader sees of a passage in a card: the judge of an answer reads this much, and
# passages joined for display are cut to it.
CARD_CHARS = 1500


@dataclass(frozen=True)
class Sentence:
    """A sentence of a chunk, with the page it sits on (for exact citations)."""

    start: int  # offset into the chunk text
    end: int
    page: int
    line: int | None = None  # 1-based line in a text file
    para: str | None = None  # web pages and Word files: the number of the paragraph it is in


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, small enough for the embedding model's window."""

    id: int
    doc: str
    title: str
    section: str | None
    text: str
    page_start: int
    page_end: int
    char_start: int  # offsets into Document.text
    char_end: int
    sentences: tuple[Sentence, ...] = ()
    page_label: str | None = None  # printed label of page_start, if any
    kind: str = "pdf"
    ocr_pages: tuple[int, ...] = ()  # the pages of its span whose text was read by OCR

    def context_text(self) -> str:
        """What the retrievers see: title and section give the passage its context."""
        head = self.title if not self.section else f"{self.title} — {self.section}"
        return f"{head}\n{self.text}"

    @cached_property
    def match_text(self) -> str:
        """`context_text` in `normalise_for_match` form, kept once made: the quoted-phrase
        signal and check read it for every candidate (or every passage of a named report)."""
        return normalise_for_match(self.context_text())


@dataclass(frozen=True)
class Hit:
    """A retrieved passage, ranked, with the evidence for why it was chosen."""

    rank: int
    score: float
    chunk: Chunk
    page: int  # the page the best-answering sentence sits on
    page_label: str | None = None
    best_sentence: tuple[int, int] | None = None  # span in chunk.text
    matched_terms: tuple[str, ...] = ()
    lines: tuple[int, int] | None = None  # text files: line range of the passage
    para: str | None = None  # web pages and Word files: the numbered paragraph of the best sentence
    closest_in_meaning: bool = False  # placed by MiniLM's ranking alone, above its fused score
    signals: tuple[tuple[str, float], ...] = ()  # each ranking signal's raw score, by name


@dataclass(frozen=True)
class Answer:
    question: str
    hits: tuple[Hit, ...]
    abstained: bool = False
    searched: str | None = None  # the query actually run, if rewritten
    note: str | None = None  # e.g. why the system abstained
    abstain_reason: str | None = None  # the abstention check that fired (see abstention.CHECKS)
    docs: tuple[str, ...] = field(default=())  # filter that was applied
    ranker: str | None = None  # name of the fusion weights that ranked the hits
