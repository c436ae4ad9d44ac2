"""How a passage reads in a card: reflowed prose, list items on their own lines, emphasis."""

from askncpi.render import segments
from askncpi.types import Chunk, Hit, Sentence

TEXT = ("What needs to improve\n• The timeliness of\nassessments.\n• Supervision\nrecords.\n"
        "Inspectors found\nthat plans were late.")


def card(best: tuple[int, int] | None, terms: tuple[str, ...] = ()) -> Hit:
    starts = [0, TEXT.index("• The"), TEXT.index("• Super"), TEXT.index("Inspectors"), len(TEXT)]
    sentences = tuple(Sentence(a, b, 1) for a, b in zip(starts, starts[1:]))
    chunk = Chunk(id=0, doc="r.pdf", title="R", section=None, text=TEXT, page_start=1, page_end=1,
                  char_start=0, char_end=len(TEXT), sentences=sentences)
    return Hit(rank=1, score=1.0, chunk=chunk, page=1, best_sentence=best, matched_terms=terms)


def test_list_items_start_lines_and_other_line_breaks_are_reflowed():
    text = "".join(piece for piece, _ in segments(card(None)))
    assert text == ("What needs to improve\n• The timeliness of assessments.\n• Supervision records.\n"
                    "Inspectors found that plans were late.")


def test_the_best_sentence_and_matched_terms_keep_their_marks_across_the_reflow():
    start = TEXT.index("• Supervision")
    pieces = segments(card((start, TEXT.index("Inspectors") - 1), ("records",)))
    assert ("• Supervision ", "best") in pieces and ("records", "best-term") in pieces
    assert "".join(p for p, _ in pieces).count("\n") == 3  # the break before the best item is kept


def test_a_card_placed_by_meaning_alone_says_so_beside_its_lower_score():
    import dataclasses

    from rich.console import Console

    from askncpi.jsonio import answer_view_json
    from askncpi.render import answer_rich
    from askncpi.types import Answer

    lifted = dataclasses.replace(card(None), rank=2, score=0.5, closest_in_meaning=True)
    answer = Answer("q", (card(None), lifted))
    console = Console(width=200, record=True)
    console.print(answer_rich(answer))
    lines = [line for line in console.export_text().splitlines() if "score" in line]
    assert "closest in meaning" not in lines[0] and lines[1].endswith("score 0.500 · closest in meaning")
    assert [h["closest_in_meaning"] for h in answer_view_json(answer)["hits"]] == [False, True]


def test_a_heading_of_a_web_page_or_word_file_reads_without_its_marks_on_a_line_of_its_own():
    text = "## Case files\nSocial workers\nvisit children.\n"
    chunk = Chunk(id=0, doc="r.html", title="R", section="Case files", text=text, page_start=1, page_end=1,
                  char_start=0, char_end=len(text), sentences=(Sentence(0, len(text), 1),))
    hit = Hit(rank=1, score=1.0, chunk=chunk, page=1, best_sentence=None, matched_terms=())
    assert "".join(p for p, _ in segments(hit)) == "Case files\nSocial workers visit children."
    chunk = Chunk(id=0, doc="r.txt", title="R", section=None, text="Item #3 of 4 ## was late.", page_start=1,
                  page_end=1, char_start=0, char_end=25, sentences=(Sentence(0, 25, 1),))
    hit = Hit(rank=1, score=1.0, chunk=chunk, page=1, best_sentence=None, matched_terms=())
    assert "".join(p for p, _ in segments(hit)) == "Item #3 of 4 ## was late."  # marks inside a line stay
