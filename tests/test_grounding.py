"""Which reports a question names: by organisation words and year, never by a month."""

from __future__ import annotations

from askncpi.query import Query


def test_a_month_in_the_question_does_not_name_a_report_filed_in_that_month(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "ofsted-north-tyneside-13-january-2025.txt": "North Tyneside children's services. Caseloads are manageable.\n",
        "ofsted-north-tyneside-13-june-2017.txt": "North Tyneside children's services in 2017.\n",
        "ofsted-south-tyneside-24-november-2017.txt": "South Tyneside children's services. Caseloads are high.\n",
    })
    query = Query.parse("What were caseloads in North Tyneside at the November 2024 inspection?",
                        searcher.index.bm25, searcher.index.acronyms)
    named = {searcher.index.docs[i] for i in searcher._named_docs(query)}
    # "November" is the South Tyneside file's month, not a word of any name: both North
    # Tyneside reports stay (no report is of 2024 by its file), South Tyneside does not.
    assert named == {"ofsted-north-tyneside-13-january-2025.txt", "ofsted-north-tyneside-13-june-2017.txt"}


def test_a_year_picks_the_report_of_that_year(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "ofsted-north-tyneside-13-january-2025.txt": "North Tyneside children's services.\n",
        "ofsted-north-tyneside-13-june-2017.txt": "North Tyneside children's services in 2017.\n",
    })
    query = Query.parse("North Tyneside 2017: what did inspectors find?", searcher.index.bm25, searcher.index.acronyms)
    assert [searcher.index.docs[i] for i in searcher._named_docs(query)] == ["ofsted-north-tyneside-13-june-2017.txt"]
    assert searcher.doc_years(searcher.index.docs.index("ofsted-north-tyneside-13-june-2017.txt")) == {2017}


def test_the_phrases_a_question_quotes_are_found_but_not_its_apostrophes():
    from askncpi.query import quoted_phrases

    assert quoted_phrases("What's the 'Proud to be me' group?") == ("proud to be me",)
    assert quoted_phrases("Did it switch from 'corporate parenting' to “co-parenting”?") == (
        "corporate parenting", "co-parenting")
    assert quoted_phrases("What did Leeds' 'Family Valued' change?") == ("family valued",)
    assert quoted_phrases("What is the 'children's voice' panel?") == ("children's voice",)
    assert quoted_phrases("What is the council's plan for children's homes?") == ()


def test_a_fuller_name_wins_over_a_report_of_the_asked_year(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "ofsted-west-sussex-08-may-2019.txt": "West Sussex children's services. Health assessments are late.\n",
        "ofsted-east-sussex-04-september-2018.txt": "East Sussex children's services. Health assessments are timely.\n",
    })
    # 2018 dates children coming into care, and only East Sussex has a 2018 report: still West Sussex.
    query = Query.parse("How many West Sussex children who came into care in December 2018 had a health assessment?",
                        searcher.index.bm25, searcher.index.acronyms)
    assert [searcher.index.docs[i] for i in searcher._named_docs(query)] == ["ofsted-west-sussex-08-may-2019.txt"]
    both = Query.parse("Compare West Sussex and Kent", searcher.index.bm25, searcher.index.acronyms)
    assert [searcher.index.docs[i] for i in searcher._named_docs(both)] == ["ofsted-west-sussex-08-may-2019.txt"]


def test_a_passage_mentions_a_named_report_only_by_its_whole_name(tmp_path):
    import numpy as np
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "ofsted-north-tyneside-13-january-2025.txt": "North Tyneside children's services. Caseloads are manageable.\n",
        "ofsted-lancashire-27-november-2015.txt": "Referrals are within the range for the North West region.\n",
        "ofsted-gateshead-01-may-2019.txt": "Gateshead works with North Tyneside on adoption.\n",
    })
    query = Query.parse("What were caseloads in North Tyneside?", searcher.index.bm25, searcher.index.acronyms)
    named = searcher._named_docs(query)
    rows = np.arange(len(searcher.index.vectors))
    mentions = {searcher.index.docs[int(searcher.index.doc_of_row[r])]
                for r, m in zip(rows, searcher._mentions_name(rows, query, named), strict=True) if m}
    assert mentions == {"ofsted-gateshead-01-may-2019.txt"}
