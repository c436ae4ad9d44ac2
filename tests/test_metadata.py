"""Titles and organisations read off a report's cover page."""

from askncpi.metadata import describe, first_page_heading


def test_a_council_name_broken_over_two_cover_lines_is_joined():
    cover = ("London Borough of Barking and\nDagenham\nInspection of services for children in need of help and "
             "protection, children looked after and care leavers\nInspection date: 12 May 2014\n")
    assert first_page_heading(cover).startswith(
        "London Borough of Barking and Dagenham – Inspection of services for children")
    title, org, year = describe("bd-2014.pdf", "pdf", None, cover)
    assert org == "London Borough of Barking and Dagenham" and year == 2014


def test_two_name_lines_that_are_not_one_name_keep_the_nearer():
    cover = "Ofsted\nKent\nInspection of children's social care services\n"
    assert first_page_heading(cover) == "Kent – Inspection of children's social care services"
