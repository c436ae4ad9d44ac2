import re

from conftest import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from askncpi.chunking import ChunkParams, chunk_document, join_chunks, trim_chunk
from askncpi.readers import read_document
from askncpi.types import Document, Page

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


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


@settings(max_examples=60, deadline=None)
@given(st.lists(page_text, min_size=1, max_size=5), st.integers(20, 120), st.integers(0, 30))
def test_joined_neighbours_are_the_document_s_own_text_with_their_sentences(pages, max_words, overlap):
    doc = Document("x.pdf", "X", "pdf", tuple(Page(i + 1, t) for i, t in enumerate(pages)))
    chunks = chunk_document(doc, ChunkParams(max_words=max_words, overlap_words=min(overlap, max_words // 2)))
    for a, b in zip(chunks, chunks[1:]):
        joined = join_chunks(a, b)
        if joined is None:  # across a heading, or with empty pages between: never when they overlap
            assert b.char_start >= a.char_end
            continue
        assert (joined.char_start, joined.char_end) == (a.char_start, b.char_end)
        assert len(joined.text) == joined.char_end - joined.char_start
        # Page breaks are restored exactly; other whitespace between chunks as spaces.
        assert joined.text.count("\n\n") == doc.text[a.char_start:b.char_end].count("\n\n")
        assert _same_words(joined.text, doc.text[a.char_start:b.char_end])
        for s in joined.sentences:
            assert _same_words(joined.text[s.start:s.end], doc.text[joined.char_start + s.start:joined.char_start + s.end])
        assert len(joined.sentences) == len({(s.start, s.end) for s in joined.sentences})


def test_passages_far_apart_or_in_other_reports_are_not_joined():
    doc = read_document(CORPUS / "merseyside-2018-ncpi-report.pdf", "merseyside-2018-ncpi-report.pdf")
    chunks = chunk_document(doc)
    assert join_chunks(chunks[3], chunks[9]) is None
    other = chunk_document(read_document(CORPUS / "merseyside-2018-ncpi-press-release.txt",
                                         "merseyside-2018-ncpi-press-release.txt"))
    assert join_chunks(chunks[0], other[0]) is None


@settings(max_examples=80, deadline=None)
@given(st.lists(page_text, min_size=1, max_size=4), st.integers(100, 1500), st.data())
def test_a_trimmed_card_keeps_whole_sentences_and_the_text_it_must_keep(pages, limit, data):
    doc = Document("x.pdf", "X", "pdf", tuple(Page(i + 1, t) for i, t in enumerate(pages)))
    chunks = chunk_document(doc, ChunkParams(max_words=60, overlap_words=10))
    lead = data.draw(st.integers(0, len(chunks) - 1)) if chunks else None
    if lead is None or lead + 1 >= len(chunks) or join_chunks(chunks[lead], chunks[lead + 1]) is None:
        return
    joined = join_chunks(chunks[lead], chunks[lead + 1])
    kept = chunks[lead + data.draw(st.integers(0, 1))]  # the better-ranked one may be either
    keep = (kept.char_start - joined.char_start, kept.char_end - joined.char_start)
    card = trim_chunk(joined, keep, limit)
    assert joined.char_start <= card.char_start and card.char_end <= joined.char_end
    assert card.text == joined.text[card.char_start - joined.char_start:card.char_end - joined.char_start]
    assert card.char_start <= kept.char_start and kept.char_end <= card.char_end  # never cut into
    assert len(card.text) <= max(limit, len(kept.text))
    starts = {joined.char_start + s.start for s in joined.sentences}
    assert all(card.char_start + s.start in starts for s in card.sentences)  # whole sentences
    assert card.page_start <= card.page_end


def test_a_line_above_square_bullets_is_a_heading_and_recommendations_are_known_by_it():
    from askncpi.chunking import under_recommendations
    from askncpi.cleaning import clean_pages

    page = clean_pages(["Leaders know their services well.\nWhat needs to improve\n\u25fc The timeliness of plans.\n"
                        "\u25fc The quality of supervision.\nThe experiences of children in care\n"
                        "Children in care are visited regularly by social workers who know them well."])[0]
    assert "• The timeliness of plans." in page
    doc = Document("x.pdf", "X", "pdf", (Page(1, page),))
    chunks = chunk_document(doc, ChunkParams(max_words=12, overlap_words=0))
    listed = next(c for c in chunks if "timeliness of plans" in c.text)
    assert listed.section == "What needs to improve"
    assert under_recommendations(listed)
    visits = next(c for c in chunks if "visited regularly" in c.text)
    assert visits.section == "The experiences of children in care"
    assert not under_recommendations(visits)


def test_a_heading_wrapped_over_three_lines_and_the_grade_under_it_are_headings():
    lines = ["Most children are seen promptly by social workers who know them well.",
             "The experiences and progress of", "children who need help and", "protection",
             "Requires improvement", "Summary",
             "The local authority has acted on the recommendations of the last inspection."]
    doc = Document("x.pdf", "X", "pdf", (Page(1, "\n".join(lines)),))
    chunks = chunk_document(doc, ChunkParams(max_words=12, overlap_words=0))
    acted = next(c for c in chunks if "has acted" in c.text)
    assert acted.section == "Summary"
    heads = [c for c in chunks if "experiences and progress" in c.text]
    assert all(c.section == "The experiences and progress of children who need help and protection" for c in heads)


def test_a_lone_numbered_line_does_not_head_the_rest_of_the_report():
    # Ofsted's judgement table: one numbered row looks like a chapter heading.
    body = "Leaders know their services well and have acted on the findings of the last inspection."
    pages = (f"Judgement\n1. Children who need help and protection Requires improvement\n{body}",
             f"{body}\nRecommendations\nImprove the timeliness of plans for children.")
    doc = Document("x.pdf", "X", "pdf", tuple(Page(i + 1, t) for i, t in enumerate(pages)))
    plans = next(c for c in chunk_document(doc) if "timeliness" in c.text)
    assert plans.section == "Recommendations"
    numbered = (f"1. Introduction\n{body}", f"2. Findings\n{body}\nRecommendations\nDo better.")
    doc = Document("x.pdf", "X", "pdf", tuple(Page(i + 1, t) for i, t in enumerate(numbered)))
    better = next(c for c in chunk_document(doc) if "Do better" in c.text)
    assert better.section == "2. Findings › Recommendations"
