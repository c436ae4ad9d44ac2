"""A saved web page (.html, .htm) -> the report's own text, laid out as askncpi's text files are.

Only the report is kept: inside <main> (or <article>, or role="main") when the page has one,
and never navigation, headers, footers, cookie banners, forms, scripts or styles. Headings
h1-h4 become "#" lines (sections), list items "• " lines, table rows "cell | cell" lines and
every other block one line of its own, so a numbered paragraph ("65. ...") starts its line
and is cited by its number.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Whole subtrees that are never the report.
_SKIP_TAGS = frozenset("script style noscript template svg nav header footer aside form button iframe select "
                       "dialog menu object canvas".split())
# Containers marked by id, class or role as page furniture.
_FURNITURE = re.compile(r"cookie|consent|banner|breadcrumb|skip-?link|navigation|\bnav\b|menu|footer|"
                        r"site-?header|share|social|feedback|related|sidebar|newsletter|print-?link", re.I)
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "dialog"})
_MAIN_ROLES = frozenset({"main"})
_BLOCKS = frozenset("p div section article main li dt dd blockquote pre figure figcaption caption address "
                    "h1 h2 h3 h4 h5 h6 tr table ul ol dl hr br body".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_HEADING = re.compile(r"h([1-6])")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipping starts here, main starts here)
        self.skip = 0  # depth of furniture we are inside
        self.main = 0  # depth of main content we are inside
        self.saw_main = False
        self.lines: list[tuple[bool, str]] = []  # (inside main, line)
        self.current: list[str] = []
        self.prefix = ""
        self.cells: list[str] | None = None
        self.title_parts: list[str] = []
        self.in_title = False

    # -- structure ----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self.in_title = True
            return
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._flush()
            return
        marks = " ".join((a.get("id", ""), a.get("class", "")))
        role = a.get("role", "").lower()
        furniture = tag not in ("main", "article", "body", "html") and bool(_FURNITURE.search(marks))
        skipping = self.skip == 0 and (tag in _SKIP_TAGS or role in _FURNITURE_ROLES or furniture)
        is_main = tag == "main" or role in _MAIN_ROLES or (tag == "article" and self.main == 0)
        if skipping:
            self._flush()
            self.skip += 1
        if is_main:
            self._flush()
            self.main += 1
            self.saw_main = True
        self.stack.append((tag, skipping, is_main))
        if self.skip:
            return
        if tag in _BLOCKS or tag in ("td", "th"):
            self._flush()
        heading = _HEADING.fullmatch(tag)
        if heading and int(heading.group(1)) <= 4:
            self.prefix = "#" * int(heading.group(1)) + " "
        elif tag == "li":
            self.prefix = "• "
        elif tag == "tr":
            self.cells = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in _VOID or not any(t == tag for t, _, _ in self.stack):
            return  # a stray end tag
        while self.stack:  # close what was left open inside it (<p> and <li> often are)
            open_tag, skipping, is_main = self.stack.pop()
            if not self.skip and (open_tag in _BLOCKS or open_tag in ("td", "th")):
                self._end_block(open_tag)
            if skipping:
                self.skip -= 1
            if is_main:
                self._flush()
                self.main -= 1
            if open_tag == tag:
                break

    def _end_block(self, tag: str) -> None:
        if tag in ("td", "th") and self.cells is not None:
            self.cells.append(" ".join("".join(self.current).split()))
            self.current = []
            return
        if tag == "tr" and self.cells is not None:
            row = " | ".join(c for c in self.cells if c)
            self.cells = None
            if row:
                self.lines.append((self.main > 0, row))
            return
        self._flush()

    def _flush(self) -> None:
        if self.cells is not None:
            return  # inside a table row: cells collect the text
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.lines.append((self.main > 0, self.prefix + text))
        self.prefix = ""

    # -- text ---------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        elif not self.skip:
            self.current.append(data)


def html_text(html: str) -> tuple[str, str | None]:
    """(the page's report text, its <title> or first h1)."""
    p = _Extractor()
    p.feed(html)
    p.close()
    p._flush()
    lines = [line for in_main, line in p.lines if in_main or not p.saw_main]
    title = " ".join("".join(p.title_parts).split()) or None
    first_h1 = next((line[2:] for line in lines if line.startswith("# ")), None)
    return "\n\n".join(lines), first_h1 or title
