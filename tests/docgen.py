"""Write, at test time, a saved web page and a Word file of a bundled report's text:
headings, numbered paragraphs, a table, and (in the page) the navigation, cookie banner and
footer a saved HMICFRS or gov.uk page carries. Nothing here is committed as a binary."""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

# Page furniture: none of these words may end up in a passage.
BOILERPLATE = ("Cookies on this site", "Accept additional cookies", "Skip to main content",
               "Search this website", "Crown copyright footer", "Sign up for email alerts", "Print this page")


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


def sections_from_text(path: Path, per_section: int = 4) -> tuple[str, list[Section]]:
    """The report's title line and its longer paragraphs, grouped under made-up headings."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    title = lines[0]
    paras = [ln for ln in lines[1:] if len(ln.split()) >= 12 and not ln.startswith("•")]
    names = ["Summary of findings", "Progress since the inspection", "Case files", "Next steps"]
    return title, [Section(names[i // per_section % len(names)] + (f" {i // per_section + 1}" if i >= 16 else ""),
                           tuple(paras[i:i + per_section])) for i in range(0, len(paras), per_section)]


TABLE = (("Theme", "Good", "Requires improvement", "Inadequate"), ("Missing children", "2", "5", "3"),
         ("Online abuse", "1", "4", "2"))


def report_html(title: str, sections: list[Section]) -> str:
    e = html.escape
    body, n = [], 0
    for s in sections:
        body.append(f"<h2>{e(s.heading)}</h2>")
        for p in s.paragraphs:
            n += 1
            body.append(f'<p class="numbered"><span class="para-no">{n}.</span> {e(p)}</p>')
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in TABLE)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)} - HMICFRS</title>
<style>.x {{ color: red }}</style><script>var tracking = "Search this website";</script></head>
<body>
<div id="global-cookie-message" class="cookie-banner"><p>Cookies on this site</p>
  <button>Accept additional cookies</button></div>
<a href="#main" class="skip-link">Skip to main content</a>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li>Search this website</li></ul></nav></header>
<main id="main">
<h1>{e(title)}</h1>
{"".join(body)}
<h2>Case file assessments</h2>
<table>{rows}</table>
<div class="print-link"><a href="#">Print this page</a></div>
</main>
<aside class="related"><p>Sign up for email alerts</p></aside>
<footer><p>Crown copyright footer</p></footer>
</body></html>
"""


def _w_p(text: str, style: str | None = None, numbered: bool = False) -> str:
    ppr = ""
    if style or numbered:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "")
        ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        ppr += "</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def report_docx(title: str, sections: list[Section]) -> bytes:
    """A .docx whose paragraphs Word numbers itself (a decimal list), as council reports are."""
    parts = [_w_p(title, "Title")]
    for s in sections:
        parts.append(_w_p(s.heading, "Heading1"))
        parts += [_w_p(p, numbered=True) for p in s.paragraphs]
    parts.append(_w_p("Case file assessments", "Heading1"))
    rows = "".join("<w:tr>" + "".join(f"<w:tc>{_w_p(c)}</w:tc>" for c in row) + "</w:tr>" for row in TABLE)
    parts.append(f"<w:tbl>{rows}</w:tbl>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{"".join(parts)}</w:body></w:document>'
    styles = (f'<?xml version="1.0"?><w:styles {_W}>'
              '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>')
    numbering = (f'<?xml version="1.0"?><w:numbering {_W}><w:abstractNum w:abstractNumId="0">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    core = ('<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{html.escape(title)}</dc:title></cp:coreProperties>")
    types = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", styles)
        z.writestr("word/numbering.xml", numbering)
        z.writestr("docProps/core.xml", core)
    return out.getvalue()
