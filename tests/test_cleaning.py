from askncpi.cleaning import clean_pages, normalise_for_match, running_lines, strip_page_furniture


def test_hyphenated_words_rejoined_but_compounds_kept():
    pages = ["The assess-\nment of children looked-\nafter.", "Children looked after by the council."]
    out = clean_pages(pages)
    assert "assessment" in out[0]
    assert "looked-after" in out[0]


def test_bare_page_numbers_and_running_headers_removed():
    bodies = ["Children were safe.", "Visits were overdue.", "Plans were weak.",
              "Leaders were clear.", "Delays were long.", "Records were poor."]
    pages = [f"Council report\n{body}\n{i}" for i, body in enumerate(bodies, 1)]
    out = clean_pages(pages)
    assert out == bodies


def test_running_lines_need_repetition():
    pages = ["Recommendation\nSome text.", "Other\nMore text.", "Third\nText."]
    assert running_lines(pages) == set()
    assert strip_page_furniture("Page 3 of 10\nKeep me", set()) == "Keep me"


def test_spaces_bullets_and_control_characters_cleaned():
    out = clean_pages(["\uf0b7  Within  three\tmonths\x0c the force"])
    assert out[0] == "• Within three months the force"


def test_private_use_glyphs_opening_a_line_are_bullets():
    # Ofsted's Wingdings squares (\uf06e) and Symbol dashes (\uf02d), with or without a space.
    out = clean_pages(["\uf06e In the past 12 months:\n\uf02d155 live outside the area\n\uf02d there were 19 adoptions"])
    assert out[0] == "• In the past 12 months:\n• 155 live outside the area\n• there were 19 adoptions"


def test_normalise_for_match():
    assert normalise_for_match("The \u2018force\u2019 \u2013 it’s  Soft\u00adhyphen\n") == "the 'force' - it's softhyphen"
