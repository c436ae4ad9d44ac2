"""The month that dates the inspection a question means is set aside once its report is known."""

from __future__ import annotations

from askncpi.inspection_dates import inspection_months, report_months
from askncpi.lexical import tokenize


def test_months_that_date_an_inspection_are_found_and_others_are_not():
    assert inspection_months("What changed after the September 2019 inspection?") == set(tokenize("september"))
    assert inspection_months("How did Calderdale rate in its November 2018 Ofsted inspection?") == set(
        tokenize("november"))
    assert inspection_months("What did inspectors find when they inspected in March 2015?") == set(tokenize("march"))
    assert inspection_months("How many children came into care in December 2018?") == frozenset()


def test_a_report_is_dated_by_its_file_name_month():
    assert report_months(None, "ofsted-kensington-and-chelsea-15-october-2019") == set(tokenize("october"))
    assert report_months(None, "merseyside-2018-ncpi-report") == frozenset()


def test_the_reports_own_month_is_set_aside_but_a_month_it_looks_back_on_is_kept(tmp_path):
    from conftest import searcher_over

    searcher = searcher_over(tmp_path, {
        "ofsted-kensington-and-chelsea-15-october-2019.txt": (
            "Inspection dates: October 2019.\n\nStrategy meetings do not routinely include health professionals.\n"
            "\nThe February 2019 focused visit found delays.\n"),
        "ofsted-hackney-20-december-2019.txt": "Hackney children's services.\n",
    })
    asked = searcher.gather("What should change in Kensington and Chelsea's strategy meetings after the October "
                            "2019 inspection?")
    assert asked.query is not None and "octob" not in asked.query.weights and "strategi" in asked.query.weights
    assert asked.query.routing >= set(tokenize("october"))
    back = searcher.gather("What did the February 2019 focused visit to Kensington and Chelsea find?")
    assert back.query is not None and set(tokenize("february")) <= set(back.query.weights)
    from askncpi.embedder import HashingEmbedder
    from askncpi.search import Searcher
    from askncpi.store import IndexStore

    off = Searcher(IndexStore(tmp_path / "index"), embedder=HashingEmbedder(), disabled=("inspection_month",))
    kept = off.gather("What should change in Kensington and Chelsea's strategy meetings after the October 2019 "
                      "inspection?")
    assert kept.query is not None and "octob" in kept.query.weights
