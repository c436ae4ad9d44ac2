"""Abbreviations learnt from the reports themselves, used to match questions both ways."""

from askncpi.acronyms import Acronyms, find_definitions
from askncpi.lexical import Bm25Index, tokenize
from askncpi.query import Query

TEXT = ("The force had 98 visits to registered sex offenders (RSOs) that were overdue. "
        "Merseyside has five multi-agency safeguarding hubs (MASHs). Staff use the violent and sex "
        "offender register (ViSOR). The word (OK) is not one, nor is (Annex B) or (e.g. this).")


def test_definitions_are_found_with_their_long_forms():
    found = dict(find_definitions(TEXT))
    assert found["RSOs"] == "registered sex offenders"
    assert found["MASHs"] == "multi-agency safeguarding hubs"
    assert found["ViSOR"] == "violent and sex offender register"
    assert "OK" not in found and "Annex B" not in found


def test_plural_abbreviations_tokenise_like_the_singular():
    assert tokenize("RSOs and IROs") == tokenize("RSO and IRO") == ["rso", "iro"]


def test_mined_table_round_trips_and_matches_questions_both_ways(tmp_path):
    table = Acronyms.mine([TEXT, "Another registered sex offender (RSO) was visited."])
    table.save(tmp_path / "acronyms.json")
    loaded = Acronyms.load(tmp_path / "acronyms.json")
    assert loaded.table == table.table and loaded.table["RSO"] == ["registered sex offenders"]
    by_short = loaded.synonyms(tokenize("How many visits to RSOs were overdue?"))
    assert [(s.short, s.question_has_short) for s in by_short] == [("rso", True)]
    by_long = loaded.synonyms(tokenize("visits to registered sex offenders"))
    assert [(s.surface, s.question_has_short) for s in by_long] == [("RSO", False)]
    assert Acronyms.load(tmp_path / "missing.json").table == {}


def test_a_sentence_with_the_abbreviation_covers_the_spelled_out_question():
    sentences = ["The force had 98 visits to RSOs that were overdue.", "Visits to offices were on time."]
    bm25 = Bm25Index.build(sentences + [TEXT])
    acronyms = Acronyms.mine([TEXT])
    q = Query.parse("overdue visits to registered sex offenders", bm25, acronyms)
    plain = Query.parse("overdue visits to registered sex offenders", bm25)
    first = set(tokenize(sentences[0]))
    assert q.coverage(first) > plain.coverage(first)
    assert q.coverage(first) == 1.0
    assert ("rso", 1.0) in q.lexical_terms() and "(RSO)" in q.dense_text()
    scores = bm25.term_scores(q.lexical_terms())
    assert scores[0] > scores[1]


def test_a_title_the_reports_write_only_as_initials_is_searched_by_them():
    # The blog writes "MoJ" and never defines it, so mining finds nothing to expand.
    bm25 = Bm25Index.build(["The MoJ has decided to reduce the number of CRCs from 21 to 10.",
                            "Probation staff visit people at home."])
    q = Query.parse("What did the Ministry of Justice decide about CRCs?", bm25)
    assert not q.unknown_names  # "Ministry", "Justice" are not names no report uses
    assert ("moj", 1.0) in q.lexical_terms() and "(MoJ)" in q.dense_text()
    assert q.coverage(set(tokenize("The MoJ has decided about CRCs"))) == 1.0


def test_coverage_is_the_same_whatever_other_words_a_sentence_holds():
    # Coverage is kept by the question's own stems a sentence holds: words outside them
    # cannot change it, and an abbreviation still counts for its long form and back.
    sentences = ["The force had 98 visits to RSOs that were overdue.", "Visits to offices were on time."]
    bm25 = Bm25Index.build(sentences + [TEXT])
    q = Query.parse("overdue visits to registered sex offenders", bm25, Acronyms.mine([TEXT]))
    short = set(tokenize("overdue RSO visits"))
    assert q.coverage(short) == 1.0
    assert q.coverage(short | set(tokenize("police estate budget"))) == 1.0
    assert q.coverage(set(tokenize("registered sex offenders"))) == q.coverage(set(tokenize("RSOs")))
    assert 0.0 < q.coverage(set(tokenize("overdue visits"))) < 1.0
    assert q.coverage(set(tokenize("budget"))) == 0.0
    assert q.coverage(set(tokenize("overdue visits police"))) == q.coverage(set(tokenize("overdue visits")))
