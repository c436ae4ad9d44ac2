"""A Word file (.docx) -> its text, laid out as askncpi's text files are.

Headings come from paragraph styles ("Heading 1".."Heading 4", "Title", or an outline
level) and become "#" lines; Word's own decimal paragraph numbering is written out
("12. ..."), so a numbered paragraph is cited by its number; other list items become
"• " lines, and table rows "cell | cell" lines. Read with the standard library.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_HEADING_NAME = re.compile(r"^(?:heading|überschrift|titre|título|titolo)\s*([1-9])$", re.I)
MAX_XML_BYTES = 200_000_000  # an inflated document.xml larger than this is not read


class DocxError(ValueError):
    pass


def _xml(z: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_BYTES:
        raise DocxError(f"too large to read safely: {name} inflates to {info.file_size // 1_000_000} MB")
    return ET.fromstring(z.read(info))


def _val(el: ET.Element | None, path: str) -> str | None:
    found = el.find(path) if el is not None else None
    return found.get(W + "val") if found is not None else None


def _heading_levels(styles: ET.Element | None) -> dict[str, int]:
    """styleId -> heading level, from each style's name or outline level."""
    levels: dict[str, int] = {}
    for style in styles.iter(W + "style") if styles is not None else ():
        sid = style.get(W + "styleId") or ""
        name = _val(style, W + "name") or ""
        outline = _val(style, f"{W}pPr/{W}outlineLvl")
        m = _HEADING_NAME.match(name.strip()) or _HEADING_NAME.match(sid)
        if m:
            levels[sid] = int(m.group(1))
        elif name.strip().lower() == "title" or sid.lower() == "title":
            levels[sid] = 1
        elif outline is not None and outline.isdigit() and int(outline) < 9:
            levels[sid] = int(outline) + 1
    return levels


def _decimal_lists(numbering: ET.Element | None) -> dict[tuple[str, str], int]:
    """(numId, ilvl) -> start number, for the levels Word numbers 1, 2, 3."""
    if numbering is None:
        return {}
    abstract: dict[str, dict[str, int]] = {}
    for a in numbering.iter(W + "abstractNum"):
        levels: dict[str, int] = {}
        for lvl in a.iter(W + "lvl"):
            if _val(lvl, W + "numFmt") == "decimal":
                start = _val(lvl, W + "start")
                levels[lvl.get(W + "ilvl") or "0"] = int(start) if start and start.isdigit() else 1
        abstract[a.get(W + "abstractNumId") or ""] = levels
    out: dict[tuple[str, str], int] = {}
    for num in numbering.iter(W + "num"):
        for ilvl, first in abstract.get(_val(num, W + "abstractNumId") or "", {}).items():
            out[(num.get(W + "numId") or "", ilvl)] = first
    return out


def _run_text(el: ET.Element) -> str:
    parts = []
    for node in el.iter():
        if node.tag == W + "t" and node.text:
            parts.append(node.text)
        elif node.tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _blocks(el: ET.Element):
    """Paragraphs and tables in reading order, through content controls and other wrappers;
    a table's own paragraphs come with its rows."""
    for child in el:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        else:
            yield from _blocks(child)


def docx_text(path: str) -> tuple[str, str | None]:
    """(the document's text, its title from the file's properties)."""
    try:
        with zipfile.ZipFile(path) as z:
            body_root = _xml(z, "word/document.xml")
            if body_root is None:
                raise DocxError("not a Word document (no word/document.xml)")
            levels = _heading_levels(_xml(z, "word/styles.xml"))
            decimal = _decimal_lists(_xml(z, "word/numbering.xml"))
            core = _xml(z, "docProps/core.xml")
    except zipfile.BadZipFile as exc:
        raise DocxError(f"corrupt Word file: {exc}") from exc
    except ET.ParseError as exc:
        raise DocxError(f"corrupt Word file: {exc}") from exc
    counters: dict[tuple[str, str], int] = defaultdict(int)
    lines: list[str] = []
    body = body_root.find(W + "body")
    for el in _blocks(body) if body is not None else ():
        if el.tag == W + "tbl":
            for row in el.iter(W + "tr"):
                cells = [_run_text(c) for c in row.iter(W + "tc")]
                if any(cells):
                    lines.append(" | ".join(c for c in cells if c))
        else:
            text = _run_text(el)
            if not text:
                continue
            ppr = el.find(W + "pPr")
            level = levels.get(_val(ppr, W + "pStyle") or "")
            outline = _val(ppr, W + "outlineLvl")
            if level is None and outline is not None and outline.isdigit() and int(outline) < 9:
                level = int(outline) + 1
            num_id, ilvl = _val(ppr, f"{W}numPr/{W}numId"), _val(ppr, f"{W}numPr/{W}ilvl") or "0"
            if level is not None and level <= 4:
                lines.append("#" * level + " " + text)
            elif num_id and (num_id, ilvl) in decimal:
                key = (num_id, ilvl)
                counters[key] += 1
                lines.append(f"{decimal[key] + counters[key] - 1}. {text}")
            elif num_id and num_id != "0":
                lines.append("• " + text)
            else:
                lines.append(text)
    title = core.findtext(_DC_TITLE) if core is not None else None
    return "\n\n".join(lines), (title or "").strip() or None
