import re

from hypothesis import given, settings
from hypothesis import strategies as st

from askncpi.chunking import ChunkParams, chunk_document
from askncpi.readers import read_document
from askncpi.types import Document, Page

from conftest import CORPUS

word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
sentence = st.lists(word, min_size=1, max_size=40).map(lambda ws: " ".join(ws).capitalize() + ".")
line = st.one_of(sentence, st.just("1. Introduction"), st.just("Recommendation"), word)
page_text = st.lists(line, min_size=0, max_size=30).map("\n".join)


def _covered(doc: Document, chunks) -> set[int]:
    covered: set[int] = set()
    for c in chunks:
        covered.update(range(c.char_start, c.char_end))
    return covered


@settings(max_examples=60, deadline=None)
@given(st.lists(page_text, min_size=1, max_size=6), st.integers(20, 200), st.integers(0, 40))
def test_no_text_lost_and_page_spans_right(pages, max_words, overlap):
    doc = Document("x.pdf", "X", "pdf", tuple(Page(i + 1, t) for i, t in enumerate(pages)))
    chunks = chunk_document(doc, ChunkParams(max_words=max_words, overlap_words=min(overlap, max_words // 2)))
    text = doc.text
    covered = _covered(doc, chunks)
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    starts = doc.page_starts()
    for c in chunks:
        assert c.text == text[c.char_start:c.char_end]
        assert c.page_start <= c.page_end
        for s in c.sentences:
            offset = c.char_start + s.start
            page = max(i for i, st_ in enumerate(starts) if st_ <= offset) + 1
            assert s.page == page
            assert c.page_start <= s.page <= c.page_end


@settings(max_examples=40, deadline=None)
@given(st.lists(page_text, min_size=1, max_size=4), st.integers(20, 120))
def test_chunks_respect_the_window(pages, max_words):
    doc = Document("x.pdf", "X", "pdf", tuple(Page(i + 1, t) for i, t in enumerate(pages)))
    for c in chunk_document(doc, ChunkParams(max_words=max_words, overlap_words=10)):
        assert len(c.text.split()) <= max_words


def test_sections_and_sentence_boundaries_on_the_bundled_report():
    doc = read_document(CORPUS / "merseyside-2018-ncpi-report.pdf")
    chunks = chunk_document(doc)
    hit = [c for c in chunks if "98 visits to RSOs" in " ".join(c.text.split())]
    assert hit and all(c.section == "10. Managing those posing a risk to children" for c in hit)
    assert all(30 in range(c.page_start, c.page_end + 1) for c in hit)
    sections = {c.section for c in chunks}
    assert "Annex B – Definitions and interpretations" in sections
    assert any(s and s.endswith("› Recommendation") for s in sections)
    for c in chunks:  # chunks end on a sentence boundary unless a sentence was too long to fit
        assert re.search(r"[.!?:;)’”\"a-z0-9/]$", c.text.rstrip()), c.text[-40:]


def test_text_files_carry_line_numbers():
    doc = read_document(CORPUS / "merseyside-2018-ncpi-press-release.txt")
    chunks = chunk_document(doc)
    lines = doc.text.split("\n")
    for c in chunks:
        first = c.sentences[0]
        assert first.line is not None
        assert c.text[first.start:first.end].split()[0] in lines[first.line - 1]
