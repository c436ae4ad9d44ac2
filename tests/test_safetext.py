import json

import pytest

from askncpi.safetext import safe_json, safe_line, safe_text


@pytest.mark.parametrize(("raw", "shown"), [
    ("evil\x1b[31mred\nname.txt", "evilred name.txt"),  # CSI colour gone, newline a space
    ("\x1b]52;c;ZXZpbA==\x07Title", "Title"),  # OSC 52 (clipboard) with its payload
    ("\x1b]0;pwned\x1b\\Title", "Title"),  # OSC ended by ST
    ("a\x9b2Jb", "ab"),  # CSI as one C1 character
    ("\x1bPq#0;2;0;0;0\x1b\\x", "x"),  # DCS string (sixel)
    ("right\u202eto left\u2066isolate\u2069", "rightto leftisolate"),
    ("tab\there  and\r\nspaces", "tab here and spaces"),
    ("Café 检查报告 تقرير", "Café 检查报告 تقرير"),  # other scripts untouched
    ("lone escape\x1b", "lone escape"),
])
def test_safe_line(raw, shown):
    assert safe_line(raw) == shown


def test_safe_text_keeps_line_breaks_and_tabs():
    assert safe_text("one\x1b[2J\r\ntwo\tthree\x07\x00") == "one\ntwo\tthree"


def test_safe_json_escapes_what_json_leaves_raw_and_keeps_the_value():
    value = {"name": "a\x1b[31m\x9b\u202eb"}
    out = safe_json(value)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\\u009b" in out and "\\u202e" in out
    assert json.loads(out) == value and "é" in safe_json({"x": "é"})
