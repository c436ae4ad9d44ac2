"""What decides the order of passages: the thing counted, the words that only name a report."""

import numpy as np
import pytest
from conftest import meaning_as, searcher_over

from askncpi.acronyms import Acronyms
from askncpi.build import update_index
from askncpi.chunking import ChunkParams
from askncpi.embedder import HashingEmbedder
from askncpi.lexical import counts, defines, tokenize
from askncpi.query import Query, counted_heads, defined_term
from askncpi.search import Searcher, _dense_best_within
from askncpi.store import IndexStore
from askncpi.types import CARD_CHARS


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    from conftest import CORPUS

    index = tmp_path_factory.mktemp("ranking") / "index"
    update_index(CORPUS, IndexStore(index), embedder_name="hashing")
    return Searcher(IndexStore(index), embedder=HashingEmbedder())


def heads(question: str, acronyms: Acronyms | None = None):
    stems = tokenize(question)
    return counted_heads(question, acronyms.synonyms(stems) if acronyms else [])


@pytest.mark.parametrize("question,sentence,expected", [
    ("How many missing person coordinators does it have?", "Eight missing person coordinators provide an overview.", True),
    ("How many missing person coordinators does it have?",
     "There were 16 active missing person action plans that the coordinators were responsible for.", False),
    ("How many people work for the force?", "It has approximately 5,706 people in its workforce.", True),
    ("How many people work for the force?", "In 2018 people said the work was good.", False),
    ("How many overdue visits were there?", "There was a backlog of 98 overdue visits.", True),
    ("How many overdue visits were there?", "98 percent of visits were on time.", True),  # near enough: 'visits' is 2 words on
    ("How many cases did inspectors examine?", "We examined a total of 87 cases.", True),
    ("How many of them were late?", "12 were late.", False),  # nothing named to count
    # An irregular plural is its singular: the children on plans are what the plans count.
    ("How many child protection plans were there?",
     "225 children and young people were the subject of a child protection plan.", True),
])
def test_a_figure_counts_what_the_question_counts_only_when_it_is_on_that_noun(question, sentence, expected):
    assert counts(sentence, heads(question)) is expected


def test_a_spelled_out_phrase_is_counted_by_its_abbreviation_too():
    acronyms = Acronyms({"RSO": ["registered sex offender"]})
    question = "How many registered sex offenders are there in Merseyside?"
    assert counts("There are 2,256 RSOs in Merseyside.", heads(question, acronyms))
    assert not counts("There are 2,256 RSOs in Merseyside.", heads(question))


def test_words_that_name_the_report_are_set_aside_unless_they_are_all_there_is(searcher):
    query = Query.parse("What did the Merseyside CRC inspection say about home visits?", searcher.index.bm25)
    routed = query.routed({"merseysid", "crc", "inspect"})
    assert set(routed.weights) == set(query.weights) - {"merseysid", "crc", "inspect"}
    assert {t for t, _ in routed.lexical_terms()} == set(routed.weights)
    alone = Query.parse("Merseyside CRC inspection", searcher.index.bm25)
    assert alone.routed({"merseysid", "crc", "inspect"}) is alone


def test_within_the_named_report_the_question_s_own_words_pick_the_passage(searcher):
    answer = searcher.ask("What did the Merseyside CRC inspection say about home visits?")
    first = answer.hits[0]
    assert first.chunk.doc == "merseyside-crc-probation-inspection-blog.txt"
    start, end = first.best_sentence
    assert "home visits" in first.chunk.text[start:end]


def test_the_report_matching_more_of_the_name_is_the_one_searched(searcher):
    # Three reports are about Merseyside; only one is about Merseyside's CRC.
    answer = searcher.ask("What did the Merseyside CRC inspection say about risk?")
    assert answer.hits[0].chunk.doc == "merseyside-crc-probation-inspection-blog.txt"
    police = searcher.ask("How many people work for Merseyside Police?")
    start, end = police.hits[0].best_sentence
    assert "5,706 people" in police.hits[0].chunk.text[start:end]


def test_a_passage_next_to_a_better_one_joins_its_card(searcher):
    answer = searcher.ask("What was wrong with releasing suspects under investigation instead of bail?")
    card = answer.hits[0].chunk
    text = " ".join(card.text.split())
    # Two passages of p. 31, one after the other, shown once as one card.
    assert "Currently police bail is put in place" in text
    assert "does not currently use its power to extend statutory bail" in text
    assert len(card.text) <= CARD_CHARS


@pytest.mark.parametrize("question", [
    "What was wrong with releasing suspects under investigation instead of bail?",
    "What does ARMS assess?",
    "How many overdue visits to registered sex offenders were there?",
    "custody",
    "What did the Met post-inspection review find?",
])
def test_cards_fit_what_a_reader_sees_and_never_repeat_an_answer(searcher, question):
    hits = searcher.ask(question, top_k=10).hits
    seen = set()
    for hit in hits:
        start, end = hit.best_sentence
        assert 0 <= start < end <= len(hit.chunk.text) <= CARD_CHARS
        assert hit.chunk.page_start <= hit.page <= hit.chunk.page_end
        key = (hit.chunk.doc, hit.chunk.char_start + start)
        assert key not in seen  # the same best sentence is not shown twice
        seen.add(key)


@pytest.mark.parametrize("question,term", [
    ("What is Careline?", "Careline"),
    ("What does ARMS assess?", "ARMS"),
    ("What is a multi-agency safeguarding hub?", "multi-agency safeguarding hub"),
    ("What does THRIVE stand for?", "THRIVE"),
    ("What is the ratio of registered sex offenders to offender managers in Merseyside?", None),
    ("What is wrong with referrals into the MASH?", None),
    ("What is the weather like in Liverpool?", None),
    ("How many visits were overdue?", None),
    # Words after "in" that only say which report are not part of the term.
    ("What is Starting Point in Derbyshire?", "Starting Point"),
    ("What is Careline in Liverpool's 2018 Ofsted report?", "Careline"),
    ("What is Project Salus, according to the Lancashire report?", "Project Salus"),
    ("What is the rate of children in care in Wirral?", None),
])
def test_what_is_x_questions_name_the_thing_to_define(question, term):
    assert defined_term(question) == term


@pytest.mark.parametrize("sentence,term,expected", [
    ("Screening is undertaken in Careline (the single point of contact for adult and children services).", "Careline", True),
    ("24 ARMS is a structured assessment process to assess dynamic risk factors.", "ARMS", True),
    ("Its approach to domestic abuse is known as Operation Encompass.", "Operation Encompass", True),
    ("Wales\n\nmulti-agency safeguarding hub (MASH) working location in which public sector organisations", "multi-agency safeguarding hub", True),
    ("Children referred to Starting Point (Derbyshire’s front door for early help) benefit.", "Starting Point", True),
    ("Careline operates 24 hours each day.", "Careline", False),
    ("Starting Point (2019) was reviewed.", "Starting Point", False),
    ("Officers are trained in the use of ARMS assessments.", "ARMS", False),
    ("Merseyside has five multi-agency safeguarding hubs (MASHs), one in each area.", "multi-agency safeguarding hub", False),
    # A line break that falls before the term in running text opens no glossary entry.
    ("Referrals that come through the\nmulti-agency safeguarding hub (MASH) sometimes take longer.",
     "multi-agency safeguarding hub", False),
])
def test_a_sentence_defines_a_term_by_the_surface_patterns_of_definitions(sentence, term, expected):
    assert defines(sentence, term) is expected


def test_a_what_is_question_puts_the_defining_sentence_first(searcher):
    hit = searcher.ask("What does ARMS assess?").hits[0]
    start, end = hit.best_sentence
    assert "ARMS is a structured assessment process" in " ".join(hit.chunk.text[start:end].split())


def test_a_place_a_question_names_is_also_found_inside_another_report(tmp_path):
    # "Wirral" names the Wirral council report, but the police report on the force
    # that covers Wirral says what the Wirral MASH's backlog was.
    searcher = searcher_over(tmp_path, {
        "wirral-council-inspection.txt": (
            "Wirral Borough Council\n\nThe MASH in Wirral works well with partners and shares information.\n\n"
            "Managers in Wirral review thresholds and decisions each week.\n"),
        "merseyside-police-inspection.txt": (
            "Merseyside Police\n\nWe visited each MASH in the force area.\n\n"
            "The Wirral MASH had a backlog of 108 cases awaiting review.\n\n"
            "In Merseyside the MASH backlog elsewhere was small.\n")})
    answer = searcher.ask("What backlog did the Wirral MASH have?")
    start, end = answer.hits[0].best_sentence
    assert "backlog of 108 cases" in answer.hits[0].chunk.text[start:end]
    # (A report's own name in its text does not count: see the Merseyside CRC test above.)


@pytest.mark.parametrize("question,expected", [
    ("What did Ofsted recommend Lancashire do about exams?", True),
    ("What must Halton do better on education plans?", True),
    ("What areas for improvement did inspectors list?", True),
    ("How many cases did inspectors examine?", False),
    ("How has the council improved its early help?", False),
    ("When will inspectors check on the recommendations?", False),  # asks for a time
    ("How soon must the force act on the recommendations?", False),
])
def test_questions_asking_what_must_change_are_recognised(searcher, question, expected):
    assert Query.parse(question, searcher.index.bm25).wants_recommendation is expected


def test_a_recommendation_list_wins_a_question_about_what_must_change(tmp_path):
    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "## Findings\n\nThe council's personal education plans for children in care are variable.\n\n"
        "Some plans lack targets.\n\n## Recommendations\n\n"
        "• Better personal education plans for children in care.\n")},
        params=ChunkParams(max_words=12, overlap_words=0))
    hit = searcher.ask("What should the council do about personal education plans for children in care?").hits[0]
    assert hit.chunk.section == "Recommendations"
    finding = searcher.ask("What about the council's personal education plans for children in care?").hits[0]
    assert finding.chunk.section == "Findings"


def test_how_long_questions_want_a_figure_on_a_unit_of_time():
    question = "How long had the service been outsourced?"
    assert counts("It was provided through a commissioned arrangement for the last 12 years.", heads(question))
    assert not counts("It was provided to 12 care leavers.", heads(question))


def best_sentence(answer) -> str:
    """The sentence the first card emphasises."""
    start, end = answer.hits[0].best_sentence
    return answer.hits[0].chunk.text[start:end]


def test_a_question_about_a_judgement_prefers_the_sentence_that_gives_one(tmp_path):
    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "Children in care in the council are judged by their social workers to be settled.\n\n"
        "The experiences and progress of children in care: requires improvement to be good\n")})
    assert "requires improvement" in best_sentence(searcher.ask("How were children in care judged?"))
    # A sentence holding the rest of the question's words still wins.
    assert "settled" in best_sentence(searcher.ask("Were children in care judged settled by their social workers?"))


def test_a_paragraph_number_is_never_the_sentence_shown(tmp_path):
    # Ofsted numbers each paragraph on a line of its own; "64." is a figure to the
    # how-many bonus and came first among equals.
    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "64.\n\nTake-up of dental assessments is 91%, which is good.\n\n65.\n\nPlacement moves are planned.\n")})
    for question in ("How many kids in care had their teeth looked at?", "What about the weather?"):
        assert best_sentence(searcher.ask(question)).startswith("Take-up of dental")


def _list_over_a_page_break(tmp_path, first_item: str, embedder) -> Searcher:
    """A "What needs to improve" list whose items run from page 1 to page 2 of a PDF."""
    from pdfgen import write_pdf

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_pdf(corpus / "council-inspection.pdf", [
        ["What needs to improve", first_item, "• The recording of strategy discussions."],
        ["• The timeliness of health assessments for children newly into care.",
         "• The oversight by front-line managers."]])
    update_index(corpus, IndexStore(tmp_path / "index"), embedder_name="hashing")
    return Searcher(IndexStore(tmp_path / "index"), embedder=embedder)


def test_sentences_equal_on_words_are_told_apart_by_meaning_and_cited_on_their_page(tmp_path):
    # A list over a page break: both items share only "children" with the question, and
    # the first of equals used to win, citing page 1 for an answer on page 2.
    question = "What must be done faster for children who have only just arrived?"
    searcher = _list_over_a_page_break(
        tmp_path, "• The timeliness of assessments for children in need.",
        meaning_as({question: "The timeliness of health assessments for children newly into care."}))
    hit = searcher.ask(question).hits[0]
    assert (hit.chunk.page_start, hit.chunk.page_end) == (1, 2)
    assert "newly into care" in best_sentence(searcher.ask(question)) and hit.page == 2


def test_tied_sentences_are_told_apart_by_the_question_words_they_do_not_share(tmp_path):
    # The whole question ("... for children who have only just arrived") is nearer the
    # item on "children in need and disabled children": "children" fills it. The rest of
    # the question, which alone can tell the tied items apart, is nearer "newly into care".
    class Meaning(HashingEmbedder):
        def encode(self, texts, progress=None):
            return super().encode([("children in need disabled children assessments timeliness" if "children" in t
                                    else "newly into care health assessments") if "just arrived" in t else t
                                   for t in texts], progress)

    searcher = _list_over_a_page_break(
        tmp_path, "• The timeliness of assessments for children in need and disabled children.", Meaning())
    hit = searcher.ask("What must be done faster for children who have only just arrived?").hits[0]
    assert "newly into care" in hit.chunk.text[slice(*hit.best_sentence)] and hit.page == 2


def test_a_when_did_question_wants_the_sentence_with_a_date(tmp_path):
    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "The director of children's services has driven the improvement plan with partners.\n\n"
        "Since a new director was appointed in June 2018, money has been found for more social workers.\n")})
    asked = searcher.ask("When did the council get its new director of children's services?")
    assert "June 2018" in best_sentence(asked)
    # "When X, ..." is a condition, not a question about a date.
    conditional = searcher.ask("When the director of children's services speaks, do partners listen?")
    assert "driven the improvement plan" in best_sentence(conditional)


def test_a_what_is_x_called_question_wants_the_sentence_giving_a_name(tmp_path):
    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "Children in care council meetings are held by conference calls.\n\n"
        "The board engages with the children in care council, known as LINX.\n")})
    # Not "calls", the word the question happens to use.
    assert "LINX" in best_sentence(searcher.ask("What is the children in care council called?"))


def test_an_abbreviation_no_report_uses_stands_for_the_words_they_spell_out(tmp_path):
    searcher = searcher_over(tmp_path, {
        "council-inspection.txt": "Child sexual exploitation is a priority for the council.\n\n"
                                  "The child sexual exploitation team has 12 officers.\n",
        "council-health.txt": "Families did not attend appointments. Parents did not attend meetings.\n"})
    answer = searcher.ask("How many officers are in the CSE team?")
    assert not answer.abstained and "12 officers" in answer.hits[0].chunk.text
    # "did not attend" is not what DNA stands for: its words are not content words.
    answer = searcher.ask("How long are DNA samples kept?")
    assert answer.abstained and "DNA" in answer.note


def test_minilms_first_passage_is_shown_within_the_first_three():
    order = np.array([0, 1, 2, 3, 4])
    dense = np.array([0.3, 0.2, 0.1, 0.4, 0.9])
    moved, lifted = _dense_best_within(order, dense, 3)
    assert moved.tolist() == [0, 1, 4, 2, 3] and lifted == 4
    dense[1] = 1.0  # already second: left where fusion put it
    moved, lifted = _dense_best_within(order, dense, 3)
    assert moved.tolist() == [0, 1, 2, 3, 4] and lifted is None


def test_minilms_first_passage_is_not_moved_above_a_report_the_question_names():
    order = np.array([0, 1, 2, 3, 4])
    dense = np.array([0.3, 0.2, 0.1, 0.4, 0.9])
    named = np.array([True, True, True, True, False])  # the closest passage is in another report
    moved, lifted = _dense_best_within(order, dense, 3, named)
    assert moved.tolist() == [0, 1, 3, 2, 4] and lifted == 3
    moved, lifted = _dense_best_within(np.array([], int), np.array([]), 3, named[:0])
    assert moved.tolist() == [] and lifted is None


def test_the_passage_closest_in_meaning_is_shown_third_and_says_why(tmp_path):
    reports = {f"finding-{i}.txt": f"Managers check the recommendations on case {i} each week.\n" for i in range(5)}
    reports["next-steps.txt"] = "Next steps: we will revisit the force no later than six months after publication.\n"
    searcher = searcher_over(tmp_path, reports)
    question = "When will inspectors check on the recommendations?"
    before = searcher.ask(question)
    assert "revisit" not in " ".join(h.chunk.text for h in before.hits[:3])
    assert not any(h.closest_in_meaning for h in before.hits)
    searcher.embedder = meaning_as({question: "we will revisit the force no later than six months after publication"})
    hits = searcher.ask(question).hits
    lifted = [h for h in hits if h.closest_in_meaning]
    assert len(lifted) == 1 and lifted[0].rank <= 3 and "revisit" in lifted[0].chunk.text
    assert all(h.score >= lifted[0].score for h in hits if h.rank < lifted[0].rank)


def test_a_shared_place_name_picks_every_report_of_it_unless_a_name_word_tells_them_apart(tmp_path):
    """"in Merseyside at the time of inspection": the probation blog's file name has
    "inspection" in it, the police report's does not, but that plain word names no report."""
    s = searcher_over(tmp_path, {
        "merseyside-police-report.txt": "Merseyside Police inspection.\n\nAt the time of our visit there were "
                                        "2,256 registered sex offenders in Merseyside.\n",
        "merseyside-crc-probation-inspection-blog.txt": "Merseyside CRC blog.\n\nProbation staff in Merseyside "
                                                        "were hard-working and committed.\n",
    })
    docs = s.index.docs
    asked = s._named_docs(Query.parse("How many sex offenders were in Merseyside at the time of inspection?", s.index.bm25))
    assert sorted(docs[i] for i in asked) == sorted(docs)
    crc = s._named_docs(Query.parse("What did the Merseyside CRC inspection find?", s.index.bm25))
    assert [docs[i] for i in crc] == ["merseyside-crc-probation-inspection-blog.txt"]
    answer = s.ask("How many sex offenders were in Merseyside at the time of inspection?")
    assert not answer.abstained and "2,256" in answer.hits[0].chunk.text


def test_a_name_heads_the_words_that_run_on_from_it_up_to_a_stopword():
    from askncpi.query import name_phrases

    assert name_phrases("What time was the Merseyside press release embargoed until?") == [
        "Merseyside press release embargoed"]
    assert name_phrases("How many were in Merseyside at the time of inspection?") == ["Merseyside"]
    assert name_phrases("Merseyside is first, so it is no name") == []


def test_a_question_opening_with_the_council_s_name_names_its_report(tmp_path):
    """"Oldham 2015: ..." names Oldham though its name is capitalised as the first word;
    a first word no report uses ("Kids") is still no unknown name."""
    s = searcher_over(tmp_path, {
        "ofsted-oldham-2015.txt": "Oldham Council inspection.\n\nOf care leavers, 42% were not in education, "
                                  "employment or training.\n",
        "ofsted-leeds-2015.txt": "Leeds City Council inspection.\n\nOf care leavers, 17% were not in education, "
                                 "employment or training.\n",
    })
    docs = s.index.docs
    for question in ("Oldham 2015: what proportion of care leavers were not in education?",
                     "Oldham's care leavers: what proportion were not in education?"):
        asked = s._named_docs(Query.parse(question, s.index.bm25))
        assert [docs[i] for i in asked] == ["ofsted-oldham-2015.txt"]
        assert "42%" in s.ask(question).hits[0].chunk.text
    kids = Query.parse("Kids leaving care in Leeds: were they in education?", s.index.bm25)
    assert not kids.unknown_names
    assert [docs[i] for i in s._named_docs(kids)] == ["ofsted-leeds-2015.txt"]
    assert not s._named_docs(Query.parse("What proportion of care leavers were not in education?", s.index.bm25))


def test_a_searcher_s_loaded_tables_are_kept_out_of_the_garbage_collector_s_walks(tmp_path):
    # A full collection walking every loaded table was the slowest warm query (56 ms at
    # 431 reports); prepared, the tables are frozen, and garbage made before is collected.
    import gc
    import weakref

    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"report.txt": "Children waited too long for an assessment."})
    gc.unfreeze()
    gc.disable()  # no automatic collection between here and `prepare`

    class Node:
        pass

    node = Node()
    node.me = node  # garbage in a cycle: only a collection frees it
    alive = weakref.ref(node)
    del node
    assert alive() is not None and gc.get_freeze_count() == 0
    searcher.prepare()
    try:
        assert gc.get_freeze_count() > 0
        assert alive() is None  # collected before the freeze, not kept for good
        frozen = gc.get_freeze_count()
        answer = searcher.ask("Who waited too long for an assessment?")
        assert answer.hits and "assessment" in answer.hits[0].chunk.text
        assert gc.get_freeze_count() > frozen  # what the question added to the caches, frozen too
    finally:
        gc.enable()
        gc.unfreeze()
