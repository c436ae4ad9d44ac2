"""jsonio: the stored shape reads back to the same values; the reader's shape is flat and cited."""

import json

from askncpi.jsonio import answer_from_json, answer_to_json, answer_view_json, chunk_from_json, chunk_to_json
from askncpi.types import Answer, Chunk, Hit, Sentence


def _chunk() -> Chunk:
    text = "The force should act.\nIt has not yet done so."
    return Chunk(3, "r.pdf", "Report on Testshire", "Recommendations › Missing", text, 8, 9, 100, 150,
                 page_label="viii", kind="pdf", sentences=(Sentence(0, 21, 8), Sentence(22, 45, 9)))


def _answer() -> Answer:
    hit = Hit(1, 2.5, _chunk(), page=9, page_label="ix", best_sentence=(22, 45), matched_terms=("force",),
              closest_in_meaning=True, signals=(("dense", 0.5), ("bm25", 3.0)))
    return Answer("What has the force done?", (hit,), abstained=True, note="No passage ...",
                  abstain_reason="no_figure", searched="What has the force done? and since", docs=("r.pdf",),
                  ranker="linear-v1")


def test_a_chunk_reads_back_as_written_sentences_and_pages_included():
    c = _chunk()
    assert chunk_from_json(json.loads(json.dumps(chunk_to_json(c)))) == c


def test_a_saved_answer_reads_back_equal_closest_in_meaning_and_signals_included():
    answer = _answer()
    back = answer_from_json(json.loads(json.dumps(answer_to_json(answer))))
    assert back == answer
    assert back.hits[0].closest_in_meaning and back.hits[0].best_sentence == (22, 45)


def test_the_readers_shape_gives_the_cited_sentence_and_a_signals_object():
    view = answer_view_json(_answer())
    hit = view["hits"][0]
    assert hit["best_sentence"] == "It has not yet done so."
    assert hit["page"] == 9 and hit["doc"] == "r.pdf" and "Testshire" in hit["citation"]
    assert hit["signals"] == {"dense": 0.5, "bm25": 3.0}
    assert view["abstain_reason"] == "no_figure" and view["searched"].endswith("and since")
