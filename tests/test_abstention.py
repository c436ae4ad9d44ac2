"""Saying "no passage answers" when a question is about something the reports do not cover."""

import dataclasses

import pytest

from askncpi.build import update_index
from askncpi.embedder import HashingEmbedder
from askncpi.lexical import states_count
from askncpi.query import MONEY_QUESTION, kind_asked, name_of, named_phrase, person_role, speaker
from askncpi.search import Searcher
from askncpi.store import IndexStore


def _set(monkeypatch, searcher, **thresholds):
    """The searcher's ranker with other abstention thresholds, for one test."""
    settings = dataclasses.replace(searcher.ranker.abstention, **thresholds)
    monkeypatch.setattr(searcher, "ranker", dataclasses.replace(searcher.ranker, abstention=settings))


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    from conftest import CORPUS

    index = tmp_path_factory.mktemp("abstain") / "index"
    update_index(CORPUS, IndexStore(index), embedder_name="hashing")
    return Searcher(IndexStore(index), embedder=HashingEmbedder())


@pytest.mark.parametrize("question,named", [
    ("How many overdue visits to sex offenders did Greater Manchester Police have?", "Manchester"),
    ("What rating did Leeds City Council's children's services get?", "Leeds"),
    ("What is the average answer time for 999 calls in Merseyside?", "999"),
    ("How much funding did Merseyside Police get in 2031?", "2031"),
    ("How many drones does Merseyside Police fly?", "drones"),
    ("How many officers work at HMP Liverpool?", "HMP"),
    ("Which football club sponsored Merseyside Police's youth events?", "football"),  # two words no report uses
    # The blog mentions inspectors, but never with a figure: no passage can say how many.
    ("How many inspectors did HMI Probation send to Merseyside CRC?", "figure for inspectors"),
    ("How many MAPPA meetings did the SOU attend?", "figure for MAPPA meetings"),  # MAPPA, never counted
    # The answer must be of a kind no passage of the named reports holds: a sum of
    # money, a time of day, a bank, a year they are not from and never mention.
    ("How much does Merseyside Police spend on its sex offender unit?", "sum of money"),
    ("What is the annual budget of Merseyside Police's sex offender unit?", "sum of money"),
    ("What time do Merseyside CRC staff make home visits?", "time of day"),  # the police press release has times
    ("Which university trained Merseyside CRC's probation staff?", "name of any university"),  # the police report does
    ("How many visits to sex offenders were overdue in Merseyside in 2019?", "not from 2019"),
    # "met" the verb in the Merseyside release ("met with") is no mention of the Met.
    ("How many months long is the backlog in the Met's online child abuse team?", "figure for months"),
    # What someone said whose words the named report never gives (the release quotes only the inspector).
    ("What did the Northamptonshire chief constable say in reply to the review?", 'what "chief constable" said'),
    # The report lists the charity among the force's partners but never gives its words.
    ("What did Mermaids say about working with Merseyside Police?", 'what "Mermaids" said'),
])
def test_questions_about_what_no_report_covers_abstain_and_say_why(searcher, question, named):
    answer = searcher.ask(question)
    assert answer.abstained and named in answer.note
    assert answer.hits  # the closest passages are still there, for reference


@pytest.mark.parametrize("question", [
    "How many overdue visits to registered sex offenders did Merseyside Police have?",
    "What did the Merseyside CRC inspection say about home visits?",
    "What did the Metropolitan Police Service review find?",
    "How many visits were overdue in 2018?",
    "How many RSOs were there in Merseyside?",  # an abbreviation the report uses
    "How many RSOs did the SOU manage?",  # abbreviations the report uses ("2,256 RSOs")
    "HOW MANY VISITS WERE OVERDUE?",  # shouting is not an unknown abbreviation
    "How many of the visits were overdue?",
    "Roughly how many visits were overdue?",  # one word no report uses is not enough
    "How many missing person coordinators does Merseyside have?",
    "How long did a 17-year-old boy found with a knife remain in custody?",
    "How many visits to sex offenders were overdue in Merseyside in 2017?",  # the report mentions 2017
    "What time was the Merseyside press release embargoed until?",  # "8:30am"
    "Which force had overdue visits to registered sex offenders?",
    "By how much did the number of overdue visits rise?",  # "how much", but not money
    "How many CRCs will there be after the Ministry of Justice's changes?",  # the blog writes "MoJ"
    "What did Matt Parr say about the Met?",  # a speaker the release quotes
    "What did Dame Glenys Stacey say about Merseyside CRC?",  # "the last word ... to ... Dame Glenys Stacey: It is"
])
def test_questions_about_indexed_forces_do_not_abstain(searcher, question):
    assert not searcher.ask(question).abstained


def test_a_follow_up_naming_another_force_searches_that_forces_report(searcher):
    answer = searcher.ask("and in Northamptonshire?",
                          searched="How many visits to registered sex offenders were overdue? and in Northamptonshire?")
    assert answer.hits and {h.chunk.doc for h in answer.hits} == {
        "northamptonshire-2019-ncpi-post-inspection-review-press-release.txt"}
    assert answer.docs == ("northamptonshire-2019-ncpi-post-inspection-review-press-release.txt",)
    # A first question naming a force puts that force's passages first but does not
    # filter: the other reports' passages follow.
    plain = searcher.ask("How many visits to registered sex offenders were overdue in Northamptonshire?", top_k=40)
    docs = [h.chunk.doc for h in plain.hits]
    named = docs.count("northamptonshire-2019-ncpi-post-inspection-review-press-release.txt")
    assert 0 < named < len(docs)
    assert set(docs[:named]) == {"northamptonshire-2019-ncpi-post-inspection-review-press-release.txt"}


def test_a_question_far_in_meaning_still_answers_when_one_sentence_holds_all_its_words(searcher, monkeypatch):
    # Make every question "far in meaning" to the model, as a local name is to MiniLM
    # ("What is Speaker Box?"): only full coverage by one sentence keeps the answer.
    _set(monkeypatch, searcher, far_below=2.0)
    assert not searcher.ask("What is the Public Protection Unit?").abstained
    far = searcher.ask("Did the custody healthcare practitioners attend MAPPA meetings?")  # never in one sentence
    assert far.abstained and "closely enough" in far.note and far.abstain_reason == "far_in_meaning"


def test_words_no_report_uses_do_not_abstain_when_the_meaning_is_close(searcher, monkeypatch):
    # A colloquial paraphrase ("cut the number of kids excluded") uses words no report
    # does; only when no passage is near in meaning too is the topic taken as absent.
    question = "Did a football club sponsor Merseyside Police's youth events?"
    assert searcher.ask(question).abstained
    _set(monkeypatch, searcher, unseen_below=-1.0)  # every passage "close"
    assert not searcher.ask(question).abstained


@pytest.mark.parametrize("question,kind", [
    ("Which charity runs the advocacy service?", "charity"),
    ("Which Bromley councillor chairs the board?", "councillor"),  # past the name
    ("Which council's care leavers wrote letters?", "council"),  # past the possessive
    ("Which neighbouring council runs its adoption service?", "council"),  # past a word describing it
    ("Which training was given?", "training"),  # the -ing word is the kind itself
    ("Which of the reports mentions knives?", None),
    ("What did Ofsted say about care leavers?", None),
])
def test_the_kind_of_thing_a_which_question_names(question, kind):
    assert kind_asked(question) == kind


@pytest.mark.parametrize("question,money", [
    ("How much does Halton pay agency social workers per day?", True),
    ("What is Halton's annual budget for children's social care?", True),
    ("What is the average salary of a social worker?", True),
    ("What salary do newly qualified social workers get?", True),
    ("What annual salary was the director paid?", True),
    ("What happened to the budget after the review?", False),
    ("By how much did the number of child protection plans rise?", False),
    ("Why can't social workers spend enough time with children?", False),
    ("How much more time did social workers spend with families?", False),
    ("How much time did the nurse give to the team?", False),
    ("How much did the council spend on more time for staff?", True),
])
def test_questions_whose_answer_is_a_sum_of_money(question, money):
    assert bool(MONEY_QUESTION.search(question)) is money


def test_a_how_many_question_needs_a_sentence_that_gives_that_number(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "The council recruits foster carers all year, and 3 reviews of the service were held.\n\n"
        "The council had 225 children on child protection plans.\n")})
    # A figure and "foster carers" share a sentence, but the figure counts reviews.
    answer = searcher.ask("How many foster carers did the council recruit?")
    assert answer.abstained and "figure for foster carers" in answer.note
    assert not searcher.ask("How many children did the council have on plans?").abstained


def test_a_possessive_in_a_how_many_question_is_not_the_thing_counted(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "Women fleeing domestic abuse are well supported.\n\nThe county has nine refuges.\n")})
    answer = searcher.ask("How many women's refuges are there in the county?")
    assert not answer.abstained and "nine refuges" in answer.hits[0].chunk.text


def test_a_participle_after_the_counted_words_qualifies_them_and_is_not_counted(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "Care leavers are visited regularly.\n\n"
        "The local authority has lost contact with 27 (13%) of its 205 19- to 21-year-old care leavers.\n")})
    # "aged 19-21" says which care leavers; the figure is on "care leavers", not on "aged".
    answer = searcher.ask("How many care leavers aged 19-21 had the council lost touch with?")
    assert not answer.abstained and "27 (13%)" in answer.hits[0].chunk.text
    assert searcher.ask("How many foster carers aged over 60 had the council recruited?").abstained


def test_how_many_followed_by_a_verb_counts_what_the_question_named_before():
    from askncpi.query import counted_phrase, counted_words

    assert counted_phrase("Of the 87 cases looked at, how many got an inadequate rating?") is None
    assert counted_words("Of the 87 cases looked at, how many got an inadequate rating?") == []
    assert counted_phrase("How many children placed out of area were visited?") == "children"
    assert counted_phrase("How many newly qualified social workers joined?") == "newly qualified social workers joined"
    assert counted_phrase("How many registered sex offenders were there?") == "registered sex offenders"


def test_a_how_many_question_giving_a_year_is_answered_where_a_passage_gives_it(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"service.txt": "The service makes fostering-for-adoption placements.\n",
                                        "figures.txt": "In 2017/18, 28 such placements were made, up from 19.\n"})
    # "make" is not "made" to the stemmer; the year is what ties the figure to the question.
    assert not searcher.ask("How many fostering-for-adoption placements did the service make in 2017/18?").abstained
    assert searcher.ask("How many fostering-for-adoption placements did the service make?").abstained


def test_an_abbreviation_written_with_an_ampersand_is_one_word(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "A few care leavers were placed in bed and breakfast accommodation.\n\n"
        "Bed and breakfast placements are unsuitable for young people.\n"),
        "annex.txt": "Annex B lists the cases inspected.\n"})
    answer = searcher.ask("Were any care leavers put up in B&Bs?")  # not a place called "Bs"
    assert not answer.abstained and "bed and breakfast" in answer.hits[0].chunk.text


def test_a_counted_word_no_report_uses_stands_for_the_nearest_word_a_report_counts(tmp_path):
    from conftest import meaning_as, searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "The council's fire safety officer made 40 visits to children's homes.\n\n"
        "The council had 225 children on child protection plans.\n")})
    searcher.embedder = meaning_as({"kids": "children"})
    kids = searcher.ask("How many kids were on plans?")
    assert not kids.abstained and "225 children" in kids.hits[0].chunk.text
    # No passage counts anything near "engines": "fire" beside a figure is not enough.
    engines = searcher.ask("How many fire engines does the council have?")
    assert engines.abstained and "engines" in engines.note
    searcher.embedder = HashingEmbedder()  # "kids" near nothing: it is a word no report uses
    assert searcher.ask("How many kids were on plans?").abstained


def test_a_figure_in_other_words_counts_only_in_a_sentence_about_the_rest_of_the_question(tmp_path):
    from conftest import meaning_as, searcher_over

    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    question, jobs = "How many extra jobs did the council create?", "Jobs in the area are scarce; extra help is rare.\n"
    same = searcher_over(tmp_path / "a", {"council.txt": (
        "A director post has been created, and 16 additional posts are in place.\n\n" + jobs)})
    assert same.ask(question).abstained  # "extra" and "jobs": no figure uses them
    same.embedder = meaning_as({"extra": "additional", "jobs": "posts"})
    assert not same.ask(question).abstained
    # "40 additional posts" is in a passage about creating, but not in that sentence.
    other = searcher_over(tmp_path / "b", {"council.txt": (
        "Leaders have created a training academy. There are 40 additional posts in schools.\n\n" + jobs)})
    other.embedder = meaning_as({"extra": "additional", "jobs": "posts"})
    assert other.ask(question).abstained


def test_a_how_many_question_needs_the_figure_in_a_passage_about_the_rest_of_it(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "force-staff.txt": "The force employs 5,706 people, among them 350 young people as police staff.\n",
        "force-cadets.txt": "Volunteers run a cadet programme at weekends.\n"})
    # Young people are counted, but only where the passage is about police staff.
    answer = searcher.ask("How many young people are in the volunteer cadet programme?")
    assert answer.abstained
    assert 'figure for young people where it mentions "volunteer", "cadet" or "programme"' in answer.note
    assert not searcher.ask("How many young people work as police staff?").abstained


def test_a_preposition_in_a_how_many_question_is_not_what_the_passage_must_be_about(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "force.txt": "Merseyside Police\n\nMerseyside has five multi-agency safeguarding hubs (MASHs).\n",
        "other.txt": "Other report\n\nThe hubs work across the region and share information.\n"})
    answer = searcher.ask("How many MASHs are there across Merseyside?")
    assert not answer.abstained, answer.note
    assert "five multi-agency safeguarding hubs" in answer.hits[0].chunk.text


def test_what_someone_said_needs_a_sentence_giving_their_words_not_just_their_name(tmp_path):
    from conftest import searcher_over

    defined = "The independent reviewing officer (IRO) chairs each child's review.\n\n"
    said = "The independent reviewing officer told inspectors that plans are strong.\n"
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    quoted = searcher_over(tmp_path / "a", {"council.txt": defined + said})
    assert not quoted.ask("What did the IRO say about the council's plans?").abstained  # spelled out, with "told"
    named_only = searcher_over(tmp_path / "b", {"council.txt": defined + "Plans are strong.\n"})
    answer = named_only.ask("What did the IRO say about the council's plans?")
    assert answer.abstained and 'what "IRO" said' in answer.note


def test_a_which_question_needs_a_sentence_naming_one_of_that_kind(tmp_path):
    from conftest import searcher_over

    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    students = "The area has a very large number of university students.\n\n"
    unnamed = searcher_over(tmp_path / "a", {"council.txt": students + "Social workers train in the area.\n\n"
                                             "The force works with a charity.\n"})
    answer = unnamed.ask("Which university trains the council's social workers?")
    assert answer.abstained and "name of any university" in answer.note
    assert unnamed.ask("Which charity does the force work with?").abstained
    named = searcher_over(tmp_path / "b", {"council.txt": students + "Social workers train at the University of "
                                           "Chester.\n\n• work with Mermaids, a charity for children.\n"})
    assert not named.ask("Which university trains the council's social workers?").abstained
    assert not named.ask("Which charity does the force work with?").abstained  # a name first in its line


@pytest.mark.parametrize("question,role", [
    ("Who was Devon's cabinet member for children's services in 2020?", "cabinet member"),
    ("Who is the lead inspector for the Kent inspection?", "lead inspector"),
    ("Who is Derbyshire's director of children's services?", "director"),
    ("Who does the return home interviews in Sefton?", None),  # a team or a provider answers
    ("Who is responsible for the MASH?", None),
    ("Who chairs the adults' safeguarding board in Wirral?", None),
    ("The report credits a new director. What is that director's name?", "director"),
    ("What is the name of the centre for care leavers?", None),
])
def test_the_role_a_who_is_question_asks_the_holder_of(question, role):
    assert person_role(question) == role


def test_a_who_is_the_role_question_needs_a_sentence_naming_a_person_in_that_role(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council.txt": (
        "Lead inspector: Steve Lowe, Her Majesty's Inspector.\n\n"
        "The lead member and senior leaders are well established in Devon Council.\n\n"
        "The Director of Children's Services has been in post since 2019.\n")})
    answer = searcher.ask("Who was the cabinet member for children's services?")
    assert answer.abstained and answer.abstain_reason == "no_person" and '"cabinet member"' in answer.note
    assert searcher.ask("Who is the director of children's services?").abstained  # a role, not a name
    assert not searcher.ask("Who was the lead inspector?").abstained


def test_a_money_question_needs_a_sum_in_a_sentence_about_it(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council.txt": (
        "The council invested £2 million in early help last year.\n\n"
        "The director of children's services is experienced and well respected.\n\n"
        "Salaries of social workers are paid on a new scale.\n")})
    answer = searcher.ask("What salary is the director of children's services paid?")
    assert answer.abstained and answer.abstain_reason == "no_money"
    assert not searcher.ask("How much did the council invest in early help?").abstained


def test_the_name_must_stand_near_the_kind_of_thing_asked_for(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council.txt": (
        "Agencies represented include the community rehabilitation company, education, health, housing, "
        "the National Probation Service and youth offending teams.\n\n"
        "Managers planned the move into the regional adoption agency, Adopt North, hosted by the council.\n")})
    answer = searcher.ask("Which company does the council use for its foster carer assessments?")
    assert answer.abstained and "name of any company" in answer.note  # "National" is five words away
    assert not searcher.ask("Which regional adoption agency is hosted by the council?").abstained


def test_a_compound_or_a_report_place_does_not_name_an_agency(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"sefton-council.txt": (
        "Sefton social workers meet in multi-agency groups with Southport College.\n\n"
        "The board runs the joint Liverpool health agencies subgroup.\n"),
        "liverpool-council.txt": "Liverpool social workers are well supported.\n"})
    answer = searcher.ask("What is the name of the agency that supplies Sefton's social workers?")
    assert answer.abstained and 'name of any "agency"' in answer.note


def test_a_naming_question_needs_a_sentence_giving_a_name_for_that_thing(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council.txt": (
        "The children in care council, known as VOICE, meets monthly. Children chose its name.\n\n"
        "The director of children's services (DCS) chairs the partnership board.\n\n"
        # Neither a month nor an abbreviation of common words names the director.
        "The director has been in post since January 2018, and the DCS reports to the council.\n")})
    assert not searcher.ask("What is the children in care council called?").abstained
    answer = searcher.ask("What is the name of the director of children's services?")
    # a director is a person: the person check decides
    assert answer.abstained and answer.abstain_reason == "no_person" and '"director"' in answer.note
    # "provides" shares the stem of "provider" but is not one: Year 10 names no provider.
    (tmp_path / "p").mkdir()
    assert searcher_over(tmp_path / "p", {"council.txt": (
        "The provider of return home interviews is independent.\n\n"
        "It provides coaching from Year 10 for young people.\n")}).ask(
        "What is the name of the provider of return home interviews?").abstained
    # No passage uses "panel": it may be the council under another word, so not judged.
    assert not searcher.ask("What is the name of the children's panel?").abstained


@pytest.mark.parametrize("report,note", [
    ("Children looked after have access to the county's own team of specialist professionals. "
     "This team is called supporting carers and young people together.\n\nThe fostering team is well led.\n", None),
    ("The fostering team supports foster carers well.\n\nThe team manager called carers back promptly.\n",
     'name of any "team"'),
])
def test_a_name_given_in_lower_case_after_called_is_still_a_name(tmp_path, report, note):
    from conftest import searcher_over

    answer = searcher_over(tmp_path, {"council.txt": report}).ask(
        "What is the council's team that supports foster carers called?")
    assert answer.abstained is (note is not None)
    assert note is None or note in answer.note


@pytest.mark.parametrize("question,head", [
    ("What is the name of Sefton's drop-in centre for care leavers?", "centre"),
    ("What is Lancashire's youth council called?", "council"),
    # A compound with "in" ends early: the rule then asks less (a name beside "children"), not more.
    ("What is Lancashire's children in care council called?", "children"),
    ("What are Blackpool's early help teams for families known as?", "teams"),
    ("What is the name of Merseyside CRC's chief executive?", "executive"),
    # A verb in -ing with an object starts what the thing does, not what it is.
    ("What is the name of the independent provider running Wirral's return home interviews?", "provider"),
    ("What is the name of the charity supporting the care leavers?", "charity"),
    ("What is the name of the local safeguarding board?", "board"),
    ("What is the Public Protection Unit?", None),
    ("Who is the director of children's services?", None),
])
def test_the_thing_a_naming_question_asks_the_name_of(question, head):
    assert name_of(question) == head


@pytest.mark.parametrize("question,words", [
    ("Which regional adoption agency is hosted by Islington?", ["regional", "adoption", "agency"]),
    ("Which Bromley councillor chairs the board?", ["councillor", "chairs"]),
    ("Which charity runs Sefton's Our Place centre?", ["charity", "runs"]),
    ("What is Lancashire's children in care council called?", ["children", "care", "council"]),
    ("What is the name of the provider running Wirral's interviews?", ["provider"]),
])
def test_the_words_a_name_must_stand_near(question, words):
    assert named_phrase(question) == words


@pytest.mark.parametrize("sentence,expected", [
    ("There were 98 overdue visits.", True),
    ("The number of overdue visits was 98.", True),  # the figure after the thing counted
    ("Overdue visits rose in 2018.", False),  # a year is not a count
    ("Visits were overdue, and 4 officers were absent.", False),
    ("Overdue visits were made some 13 hours late.", False),  # the figure counts hours
])
def test_a_sentence_states_a_count_with_the_figure_before_or_just_after(sentence, expected):
    assert states_count(sentence, (frozenset({"overdu"}), frozenset({"visit"}))) is expected


@pytest.mark.parametrize("question,who", [
    ("What did the police and crime commissioner say about Halton's youth offending team?",
     "police and crime commissioner"),
    ("What did Mermaids say about working with Merseyside Police?", "Mermaids"),
    ("What did the court and Cafcass tell inspectors about Southwark's court work?", "court and Cafcass"),
    ("What did inspectors say about home visits?", None),  # the report's own voice
    ("What did the Met post-inspection review say about oversight?", None),
    ("What did the blog author think about probation ratings?", None),
    ("What did Ofsted say Halton needs to improve?", None),
    ("How many visits were overdue?", None),
    ("What does LEAP stand for in Bradford's leaving care (2014 report)?", None),  # no speaker across "("
])
def test_the_speaker_a_what_did_x_say_question_quotes(question, who):
    assert speaker(question) == who


def test_a_scheme_quoted_of_a_report_that_never_names_it_abstains(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "hartlepool-council.txt": "Hartlepool Council children's services.\n\n"
                                  "Care leavers are supported by personal advisers and a mentoring scheme.\n",
        "durham-council.txt": "Durham Council children's services.\n\n"
                              "The Bright Futures mentoring scheme supports care leavers into work.\n"})
    answer = searcher.ask("What is Hartlepool's 'Bright Futures' mentoring scheme for care leavers?")
    assert answer.abstained and answer.abstain_reason == "quote_not_in_report", answer
    durham = searcher.ask("What is Durham's 'Bright Futures' mentoring scheme for care leavers?")
    assert not durham.abstained and "Bright Futures" in durham.hits[0].chunk.text


def test_an_average_question_wants_a_figure_in_a_sentence_about_what_is_averaged(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "Social workers have manageable caseloads and regular supervision.\n\n"
        "Children waited an average of 413 days to be adopted.\n")})
    # "average" alone does not make a sentence about caseloads.
    answer = searcher.ask("What was the average caseload?")
    assert answer.abstained and answer.abstain_reason == "no_average", answer
    (tmp_path / "b").mkdir()
    searcher = searcher_over(tmp_path / "b", {"council-inspection.txt": (
        "Social workers have an average caseload of 18 children.\n\n"
        "Children waited an average of 413 days to be adopted.\n")})
    assert not searcher.ask("What was the average caseload?").abstained


def test_a_directorate_is_no_persons_name(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {"council-inspection.txt": (
        "The director leads the new People and Communities Directorate.\n\n"
        "The council restructured its services.\n")})
    answer = searcher.ask("Who is the council's director of children's services?")
    assert answer.abstained and answer.abstain_reason == "no_person", answer
