"""Make text from a file safe to show: no control characters, escape sequences or bidi overrides.

Every string that comes from a corpus file (its name, a PDF's title, an organisation, a
section heading, passage text) passes through here when it enters the index and again
when it is shown, so nothing a report's author wrote can move the cursor, recolour or
retitle a terminal, write its clipboard (OSC 52), or reorder what a reader sees.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Whole escape sequences go, not only their ESC, so "\x1b[31mred" shows as "red".
_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI as one C1 character
    r"|[\x1b\x9d]\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window title, clipboard, links
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC as one C1 character
    r"|(?:\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # any other escape (charset switches, keypad modes, a lone ESC)
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidi embeddings, overrides
# and isolates that can make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+")


def safe_text(text: str) -> str:
    """Text with its line breaks and tabs, but no escape sequence or control character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def safe_line(text: str) -> str:
    """One line (a file name, a title, a heading): line breaks become spaces, runs of
    spaces one, and no escape sequence or control character."""
    return " ".join(_CONTROL.sub("", _SEQUENCE.sub("", _LINE_BREAKS.sub(" ", text))).split())


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_json(obj: Any) -> str:
    """json.dumps, readable (non-ASCII kept), with the characters JSON leaves raw but a
    terminal would act on (DEL, C1 controls, bidi overrides) escaped as \\uXXXX too;
    JSON itself escapes C0 controls, ESC included. Values are unchanged."""
    text = json.dumps(obj, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
