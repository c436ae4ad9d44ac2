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


def test_normalise_for_match_is_nfkc_then_plain_quotes_dashes_and_spaces():
    # A reference written the slow, obvious way: the fast path must give the same strings.
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"',
                           "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2013": "-", "\u2014": "-",
                           "\u2212": "-", "\u00ad": None})

    def reference(text: str) -> str:
        import unicodedata
        return " ".join(unicodedata.normalize("NFKC", text).translate(table).split()).lower()

    texts = ["plain ASCII,  two   spaces\n", "\ufb01rst of\u00a0the \u201cHear Me Out\u201d groups \u2014 45\u2212 2",
             "Caf\u00e9 (de\u0301composed) \u2018one\u2019 \u201a\u201b\u201e\u201f", "soft\u00adhyphen \u2013 \u2160 \u00bd",
             "", "\u3000full-width\u3000space \uff21"]
    for text in texts:
        assert normalise_for_match(text) == reference(text)
    assert normalise_for_match("\ufb01nance \u201cOK\u201d") == 'finance "ok"'
