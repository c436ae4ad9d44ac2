"""What a report states about its inspection, read at index time: who inspected whom, when,
under which framework, the judgements (each with the page that states it) and the
recommendations (each with the page it begins on).

Only what the report states is recorded: a judgement is taken from a judgement line (a
cover-page table row, "The overall judgement is ...", a section heading "...: good", a
"Grade 3 (adequate)" line), never from prose, and a field the report does not state stays
None / empty. Pure functions over a parsed `Document`; `organisations.py` merges the names.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from .organisations import display_name, org_key
from .types import Document, Page

RECORD_VERSION = 4  # bump when extraction changes: stored records are then made again

GRADES = ("outstanding", "good", "requires improvement", "inadequate", "adequate", "not judged")

AREAS: dict[str, str] = {  # key -> what a user reads
    "overall": "Overall effectiveness",
    "help_and_protection": "Children who need help and protection",
    "children_in_care": "Children in care (looked after)",
    "care_leavers": "Care leavers",
    "adoption": "Adoption performance",
    "leadership": "Leadership / impact of leaders",
    "lscb": "Local Safeguarding Children Board",
}


@dataclass(frozen=True)
class Judgement:
    area: str  # a key of AREAS, or snake_case of the report's own label
    label: str  # the label as the report writes it
    grade: str | None  # one of GRADES; None for a case-file count row
    verbatim: str  # the grade (or counts) as written
    page: int
    counts: dict[str, int] | None = None  # case-file tables: {"good": n, ...}


@dataclass(frozen=True)
class Recommendation:
    text: str
    page: int
    addressed_to: str  # "local authority", "lscb", or the force / body named


@dataclass(frozen=True)
class InspectionRecord:
    doc: str
    inspectorate: str | None
    organisation: str | None  # display name, the same for every report of one body
    org_key: str | None  # what merges reports of one body
    framework: str | None  # key of FRAMEWORKS
    inspection_dates: str | None  # as written
    inspection_end: str | None  # ISO date the inspection ended (or its month: YYYY-MM)
    published: str | None  # ISO date, where the report states it
    judgements: tuple[Judgement, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    version: int = RECORD_VERSION

    @property
    def overall(self) -> Judgement | None:
        return next((j for j in self.judgements if j.area == "overall"), None)

    def judgement(self, area: str) -> Judgement | None:
        return next((j for j in self.judgements if j.area == area), None)

    @property
    def date(self) -> str | None:
        """When the inspection took place (its last day), else when it was published."""
        return self.inspection_end or self.published

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


FRAMEWORKS: dict[str, str] = {
    "ilacs": "Ofsted ILACS (2018+)",
    "sif": "Ofsted SIF (2013-18)",
    "sif-reinspection": "Ofsted SIF re-inspection",
    "lscb-review": "Ofsted LSCB review",
    "lac-2013": "Ofsted looked after children inspection (2013)",
    "safeguarding-2013": "Ofsted safeguarding and looked after children inspection",
    "ncpi": "HMICFRS national child protection inspection",
    "post-inspection-review": "HMICFRS post-inspection review",
    "hmi-probation": "HMI Probation inspection",
}


def record_from_json(data: dict[str, Any]) -> InspectionRecord:
    return InspectionRecord(
        doc=data["doc"], inspectorate=data.get("inspectorate"), organisation=data.get("organisation"),
        org_key=data.get("org_key"), framework=data.get("framework"),
        inspection_dates=data.get("inspection_dates"), inspection_end=data.get("inspection_end"),
        published=data.get("published"),
        judgements=tuple(Judgement(**j) for j in data.get("judgements", ())),
        recommendations=tuple(Recommendation(**r) for r in data.get("recommendations", ())),
        version=int(data.get("version", 0)))


# ---------------------------------------------------------------- framework and inspectorate

def _flat(text: str) -> str:
    return " ".join(text.split())


def framework_of(doc: Document) -> str | None:
    head = _flat("\n".join(p.text for p in doc.pages[:2]))[:3000].lower()
    hmicfrs = _flat("\n".join(p.text for p in doc.pages[:8])).lower()
    if "hmicfrs" in hmicfrs and "child protection inspection" in hmicfrs:
        return "post-inspection-review" if "post-inspection review" in head else "ncpi"
    if "national child protection inspection" in head or "national child protection inspections" in head:
        return "post-inspection-review" if "post-inspection review" in head else "ncpi"
    if "post-inspection review" in head:
        return "post-inspection-review"
    if "inspectorate of probation" in head:
        return "hmi-probation"
    if "judgement grade" in head[:1500]:
        return "ilacs"
    top = head[:500]
    if re.search(r"re-?inspection of services for children in need of help and protection", top):
        return "sif-reinspection"
    if "services for children in need of help and protection" in top:
        return "sif"
    if re.search(r"^.{0,120}review of the effectiveness of the local safeguarding children board", head):
        return "lscb-review"
    if "inspection of looked after children services" in head:
        return "lac-2013"
    if "inspection of safeguarding and looked after children services" in head:
        return "safeguarding-2013"
    if (re.search(r"inspection of .{0,80}?children['’]s (?:social care )?services", head)
                                     and "overall effectiveness" in head):
        return "ilacs"
    return None


def inspectorate_of(doc: Document, framework: str | None) -> str | None:
    if framework in ("ncpi", "post-inspection-review"):
        return "HMICFRS"
    if framework == "hmi-probation":
        return "HMI Probation"
    if framework is not None:
        return "Ofsted"
    text = _flat("\n".join(p.text for p in doc.pages[:3]))
    for name, pattern in (("HMICFRS", r"HMICFRS|Inspectorate of Constabulary"),
                          ("HMI Probation", r"Inspectorate of Probation"), ("Ofsted", r"\bOfsted\b")):
        if re.search(pattern, text):
            return name
    return None


# ---------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DAY_MONTH_YEAR = re.compile(rf"(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+)?({_MONTH_RE})\.?,?\s+((?:19|20)\d\d)", re.I)
_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)")


def _month(name: str) -> int:
    name = name.lower()[:3]
    return next(i for m, i in _MONTHS.items() if m.startswith(name))


def last_date(text: str) -> str | None:
    """The last date a phrase such as '10 to 21 July 2023' or '18 Feb 2014 – 12 March 2014'
    names, as YYYY-MM-DD (YYYY-MM when no day is given)."""
    found: list[tuple[int, str]] = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        day, month, year = m.group(1), _month(m.group(2)), m.group(3)
        found.append((m.end(), f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}"))
    for m in _NUMERIC_DATE.finditer(text):
        found.append((m.end(), f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"))
    return max(found)[1] if found else None


_DATES_LINE = re.compile(r"(?im)^\s*(?:inspection dates?|dates? of inspection)\s*:?\s*(.+)$")
_A_MONTH = rf"(?:\d{{1,2}}\s+)?{_MONTH_RE}\s+(?:19|20)\d\d"
_TOOK_PLACE = re.compile(rf"\btook place (?:in|during|between) ({_A_MONTH}(?:\s*(?:and|to|–|-)\s*{_A_MONTH})?)", re.I)
_PUBLISHED_LINE = re.compile(r"(?im)^\s*(?:report )?published\s*:?\s*(.+)$")


def _line_with_year(match: re.Match[str] | None, text: str) -> str | None:
    """The rest of the line; with the next line too when the year is only there."""
    if not match:
        return None
    value = match.group(1).strip()
    if not re.search(r"(19|20)\d\d", value):
        nxt = text[match.end():].lstrip("\n").split("\n", 1)[0].strip()
        value = f"{value} {nxt}".strip()
    return value or None


def inspection_dates(doc: Document) -> tuple[str | None, str | None, str | None]:
    """(dates as written, ISO end date, ISO publication date) from the first pages."""
    head = "\n".join(p.text for p in doc.pages[:2])
    dates = _line_with_year(_DATES_LINE.search(head), head)
    if dates is None:  # HMICFRS: "The inspection took place in April 2018"
        m = _TOOK_PLACE.search(_flat("\n".join(p.text for p in doc.pages[:6])))
        dates = m.group(1) if m else None
    published = _line_with_year(_PUBLISHED_LINE.search(head), head)
    return (dates, last_date(dates) if dates else None, last_date(published) if published else None)


# ---------------------------------------------------------------- judgements

_GRADE = r"(outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|not\s+judged)"


def canonical_grade(text: str) -> str | None:
    text = _flat(text).lower()
    if text.startswith("require"):
        return "requires improvement"
    return text if text in GRADES else None


def _words(label: str) -> str:
    return r"\s+".join(label.split())


_EXPERIENCES = r"(?:the\s+experiences\s+and\s+progress\s+of\s+)?"
# (area, label pattern) in the order they are tried; a label is read only at a line start
# (after an optional "1." / "2.1") and its grade must end the line.
_LABELS: tuple[tuple[str, str], ...] = (
    ("overall", _words("overall effectiveness")),
    ("overall", _words("the overall judgement is") + r"(?:\s+that\s+children['’]s\s+services?(?:\s+are|\s+is)?)?"),
    ("overall", r"children['’]s\s+services(?:\s+in\s+(?:the\s+)?[A-Z][\w,'’&.\s-]{1,80}?)?(?:\s+(?:are|is))?"),
    ("help_and_protection", _EXPERIENCES + _words("children who need help and protection")),
    ("children_in_care", _EXPERIENCES + _words("children in care") + r"(?:\s+and\s+care\s+leavers)?"),
    ("children_in_care", _EXPERIENCES + _words("children looked after and achieving permanence")),
    ("care_leavers", r"(?:the\s+)?" + _words("experiences and progress of care leavers")),
    ("adoption", _words("adoption performance")),
    ("leadership", _words("leadership, management and governance")),
    ("leadership", _words("the impact of leaders on social work practice with children and families")),
    ("lscb", _words("the effectiveness of the local safeguarding children board") + r"(?:\s+\(LSCB\))?(?:\s+is)?"),
    ("lscb", _words("the local safeguarding children board") + r"(?:\s+\(LSCB\))?(?:\s+is)?"),
)
_NUMBER = r"(?:\d{1,2}(?:\.\d)?\.?\s+)?"
_LINE_END = r"[ \t]*\.?\d{0,2}[ \t]*(?=\n|$)"  # "improvement.2": a footnote mark may follow
_JUDGEMENT_LINES = tuple(
    (area, re.compile(rf"(?:^|\n)[ \t]*{_NUMBER}(?P<label>{label})\s*:?\s*(?P<grade>{_GRADE}){_LINE_END}", re.I))
    for area, label in _LABELS)
# The 2013 frameworks: "Overall effectiveness of services for ... Grade 3 (Adequate)".
_GRADE_N = re.compile(r"(?:^|\n)[ \t]*(?P<label>[A-Z][^\n]{2,120}?(?:\n[^\n]{2,80}?)?)"
                      r"\s+Grade\s+(?P<n>[1-4])\s*\((?P<word>[A-Za-z ]+)\)")
_GRADE_N_AREAS = (("overall", r"^overall effectiveness"), ("leadership", r"^leadership and management"),
                  ("outcomes", r"^outcomes for"), ("capacity_to_improve", r"^capacity to improve"),
                  ("quality_of_provision", r"^quality of provision"))
# Case-file tables: "<label>:\n• 3 good\n• 16 requires improvement\n• 14 inadequate".
_COUNTS = re.compile(r"(?:^|\n)(?P<label>[^\n•]{3,200}):[ \t]*\n\s*•\s*(?P<good>\d+)\s+good\s*\n"
                     r"\s*•\s*(?P<ri>\d+)\s+requires?\s+improvement\s*\n\s*•\s*(?P<bad>\d+)\s+inadequate", re.I)


def _snake(label: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", label.lower()))[:60] or "judgement"


def _grade_n_lines(doc: Document, page: Page) -> list[re.Match[str]]:
    """'<heading> Grade N (word)' lines of a page; a heading that ends the page before
    ('Leadership and management' at its foot, 'Grade 4 (Inadequate)' at the top of this one)
    is joined to its grade."""
    text = page.text
    if page.number > 1 and re.match(r"\s*Grade\s+[1-4]\s*\(", text):
        before = doc.pages[page.number - 2].text.rstrip().rsplit("\n", 1)[-1]
        text = f"{before.strip()}\n{text.lstrip()}" if before.strip() else text
    return list(_GRADE_N.finditer(text))


def judgement_lines(doc: Document) -> list[Judgement]:
    """Each area's first judgement line in the report (cover table before section headings)."""
    found: dict[str, Judgement] = {}
    for page in doc.pages:
        for area, pattern in _JUDGEMENT_LINES:
            if area in found:
                continue
            m = pattern.search(page.text)
            if m:
                found[area] = Judgement(area, _flat(m.group("label")), canonical_grade(m.group("grade")),
                                        _flat(m.group("grade")), page.number)
        for m in _grade_n_lines(doc, page):
            label = _flat(m.group("label"))
            area = next((a for a, p in _GRADE_N_AREAS if re.search(p, label, re.I)), _snake(label))
            if area not in found:
                word = m.group("word").strip()
                found[area] = Judgement(area, label, canonical_grade(word), f"Grade {m.group('n')} ({word})",
                                        page.number)
    return sorted(found.values(), key=lambda j: (j.page, list(AREAS).index(j.area) if j.area in AREAS else 99))


def case_file_counts(doc: Document) -> list[Judgement]:
    """The good / requires improvement / inadequate counts of a case-file table, per row."""
    out: list[Judgement] = []
    for page in doc.pages:
        for m in _COUNTS.finditer(page.text):
            label = _label_lines(page.text, m.start("label"), m.end("label"))
            counts = {"good": int(m.group("good")), "requires improvement": int(m.group("ri")),
                      "inadequate": int(m.group("bad"))}
            verbatim = ", ".join(f"{n} {g}" for g, n in counts.items())
            key, n = _snake(label), 2
            while any(j.area == key for j in out):
                key, n = f"{_snake(label)}_{n}", n + 1
            out.append(Judgement(key, label, None, verbatim, page.number, counts))
    return out


def _label_lines(text: str, start: int, end: int) -> str:
    """A label that runs over several lines: the lines above belong to it while the line
    below them starts in lower case ('... under section 46\\nof the Children Act 1989')."""
    lines = text[:start].split("\n")
    label = text[start:end].strip()
    prev = lines[:-1] if lines and lines[-1] == "" else lines
    while label[:1].islower() and prev and prev[-1].strip():
        label = f"{prev.pop().strip()} {label}"
    return _flat(label)


# ---------------------------------------------------------------- recommendations

@dataclass
class _Line:
    text: str
    page: int


def _lines(doc: Document) -> list[_Line]:
    return [_Line(ln.strip(), p.number) for p in doc.pages for ln in p.text.split("\n") if ln.strip()]


# A heading that opens a list, and whom that list addresses. Contents lines ("... 4") are not headings.
_LIST_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^what needs to improve\b.*[?:]?$", re.I), "local authority"),
    (re.compile(r"^what does the local authority need to improve\??$", re.I), "local authority"),
    (re.compile(r"^what does the (?:lscb|local safeguarding children board) need to improve\??$", re.I), "lscb"),
    (re.compile(r"^recommendations?$", re.I), ""),
    (re.compile(r"^areas for improvement$", re.I), ""),
)
_BULLET = re.compile(r"^[•◼■▪●]\s*")
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+")
_SUBHEADING = re.compile(r"^(priority and immediate action|areas for improvement|immediate action|"
                         r"within (?:three|six|\w+) months?\b.*:)$", re.I)
_TIMEFRAME = re.compile(r"^(?:immediately|within .{1,20}?(?:months?|weeks?|days?))\s*:?$", re.I)
_SECTION_START = re.compile(r"^(?=[A-Z])(?:the experiences and progress of|the impact of leaders|"
                            r"summary for children|summary of|information about|inspection judgements?|"
                            r"inspection findings|what the inspection judgements mean|progress since|"
                            r"(?:the )?(?:local authority|lscb|board)['’]s strengths|key strengths|strengths$)", re.I)


def _is_subheading(text: str) -> bool:
    """'Priority and immediate action', 'Workforce', 'Outcomes for care leavers': a short
    line that is no sentence, between a list's heading and its items or between items."""
    if _SECTION_START.match(text):
        return False
    return bool(_SUBHEADING.match(text)) or (
        len(text.split()) <= 12 and text[:1].isupper() and not text.endswith((".", ",", ";"))
        and not _NUMBERED.match(text) and not _BULLET.match(text))


def _items(lines: list[_Line], start: int) -> tuple[list[Recommendation], int]:
    """The bulleted or numbered items that follow line `start` (a heading), and the line
    after the last one."""
    items: list[list[Any]] = []  # [text, page]
    style = None
    expected = None
    open_item = False
    i = start + 1
    while i < len(lines):
        ln = lines[i]
        bullet, number = _BULLET.match(ln.text), _NUMBERED.match(ln.text)
        if number and _theme_heading(lines, i):
            style = "bullet"  # "1. Quality and effectiveness of practice" over its bullets
            i += 1
            continue
        if style is None:
            if bullet:
                style = "bullet"
            elif number:
                style, expected = "number", int(number.group(1))
            elif _is_subheading(ln.text) and i - start <= 3:
                i += 1
                continue
            else:
                return [], i
        if _TIMEFRAME.match(ln.text) and items and (style == "bullet" or re.search(
                r"following action|should take", items[-1][0])):
            if style == "number":  # "20. ... should take the following action." then "Immediately:" bullets
                items.pop()
                style = "bullet"
            i += 1
            continue
        if style == "bullet" and bullet:
            text = _BULLET.sub("", ln.text)
            if items and text[:1].islower() and open_item:
                items[-1][0] += " • " + text  # a sub-point of an item that ends "... should:"
            else:
                items.append([text, ln.page])
                open_item = text.rstrip().endswith(":")
        elif style == "number" and number and int(number.group(1)) == expected:
            items.append([_NUMBERED.sub("", ln.text), ln.page])
            expected = (expected or 0) + 1
        elif style == "number" and bullet and items:
            items[-1][0] += " • " + _BULLET.sub("", ln.text)  # "5. Ensure that:\n• return home interviews ..."
        elif items and _continues(items[-1][0], ln.text):
            items[-1][0] += " " + ln.text
            open_item = open_item or items[-1][0].rstrip().endswith(":")
        elif style == "number" and _is_subheading(ln.text) and _next_number_within(lines, i, expected, 2):
            pass  # "Workforce", "Areas for improvement" between the numbered items of one section
        elif (style == "number" and items and not _SECTION_START.match(ln.text)
              and _next_number_within(lines, i, expected, 3, any_line=True)):
            items[-1][0] += " " + ln.text  # "(Page 12, paragraph 32.\nPage 19, paragraph 64)." then "9."
        elif style == "bullet" and items and _bullet_follows(lines, i, 4):
            items[-1][0] += " " + ln.text  # a sentence that explains the item above it
        else:
            break
        i += 1
    return [Recommendation(_flat(t), p, "") for t, p in items], i


def _theme_heading(lines: list[_Line], i: int) -> bool:
    """A numbered line that heads bullets: short, no sentence, and a bullet comes next."""
    text = _NUMBERED.sub("", lines[i].text)
    return (len(text.split()) <= 14 and not text.endswith((".", ",", ";", ":")) and i + 1 < len(lines)
            and bool(_BULLET.match(lines[i + 1].text)))


def _bullet_follows(lines: list[_Line], i: int, span: int) -> bool:
    for ln in lines[i:i + span + 1]:
        if _BULLET.match(ln.text):
            return True
        if _SECTION_START.match(ln.text) or _NUMBERED.match(ln.text) or _is_subheading(ln.text):
            return False
    return False


def _next_number_within(lines: list[_Line], i: int, expected: int | None, span: int,
                        any_line: bool = False) -> bool:
    """Whether item number `expected` starts within `span` lines after line i (past only
    subheadings, or past any line with `any_line`)."""
    for ln in lines[i + 1:i + 1 + span]:
        m = _NUMBERED.match(ln.text)
        if m:
            return int(m.group(1)) == expected
        if not any_line and not _is_subheading(ln.text):
            return False
        if _SECTION_START.match(ln.text):
            return False
    return False


def _continues(item: str, line: str) -> bool:
    if _SECTION_START.match(line) or _NUMBERED.match(line) or _BULLET.match(line) or _TIMEFRAME.match(line):
        return False
    return line[:1].islower() or not item.rstrip().endswith((".", ";", "?", "!"))


# The LSCB part of a combined SIF report starts here (the contents line ends with its page number).
_LSCB_SECTION = re.compile(r"^(?:section 2:\s*)?the (?:effectiveness of the )?local safeguarding children board"
                           r"(?: \(lscb\))?$", re.I)


def recommendations(doc: Document, framework: str | None, organisation: str | None) -> list[Recommendation]:
    lines = _lines(doc)
    out: list[Recommendation] = []
    read_to = 0  # a list is read once, though two headings ("What does ... improve?", "Areas for improvement") head it
    default = {"lscb-review": "lscb", "ncpi": organisation or "the force",
               "post-inspection-review": organisation or "the force"}.get(framework or "", "local authority")
    in_lscb = False
    for i, ln in enumerate(lines):
        if _LSCB_SECTION.match(ln.text):
            in_lscb = True
        if i < read_to or not ln.text[:1].isupper() or len(ln.text.split()) > 10:
            continue  # "... what needs to improve in children's lives" is prose, not a heading
        for pattern, addressed in _LIST_HEADINGS:
            if not pattern.match(ln.text):
                continue
            found, end = _items(lines, i)
            if found:
                read_to = end
            out += [Recommendation(r.text, r.page, addressed or ("lscb" if in_lscb else default)) for r in found]
            break
    return out


# ---------------------------------------------------------------- the record

_COVER_ORG = re.compile(r"^(?:re-?inspection|inspection|review) of\b", re.I)
_ILACS_ORG = re.compile(r"Inspection of (?:the )?(.{2,80}?) (?:local authority )?"
                        r"children['’]s (?:social care )?services", re.I)


def cover_organisation(doc: Document, framework: str | None) -> str | None:
    """The body the report inspects, as its cover names it: "Inspection of X children's
    services", else the line(s) above the cover's "Inspection of ..." line, else a running
    header "Inspection of X local authority children's services" on the next pages."""
    first = doc.pages[0].text if doc.pages else ""
    lines = [ln.strip() for ln in first.split("\n") if ln.strip()][:12]
    if framework is None or framework in ("ncpi", "post-inspection-review", "hmi-probation"):
        return doc.organisation
    m = _ILACS_ORG.search(_flat(first))
    if m and m.group(1).lower() not in ("local authority", "children's social care", "children’s social care"):
        return m.group(1)
    for i, line in enumerate(lines):
        if line.lower() == "services" and i + 1 < len(lines):  # 2013: "... children\nservices\n<council>"
            return lines[i + 1]
        if _COVER_ORG.match(line):
            above = [ln for ln in lines[max(0, i - 2):i] if not re.search(r"\d", ln)]
            if above:
                return " ".join(above)
    for page in doc.pages[1:3]:
        m = _ILACS_ORG.search(_flat(page.text))
        if m:
            return m.group(1)
    return doc.organisation


def extract_record(doc: Document) -> InspectionRecord:
    framework = framework_of(doc)
    org = cover_organisation(doc, framework)
    dates, end, published = inspection_dates(doc)
    judgements = judgement_lines(doc) if framework != "ncpi" else []
    if framework in ("ncpi", "post-inspection-review"):
        judgements += case_file_counts(doc)
    return InspectionRecord(
        doc=doc.doc, inspectorate=inspectorate_of(doc, framework),
        organisation=display_name(org) if org else None, org_key=org_key(org) if org else None,
        framework=framework, inspection_dates=dates, inspection_end=end, published=published,
        judgements=tuple(judgements),
        recommendations=tuple(recommendations(doc, framework, display_name(org) if org else None)))


__all__ = ["AREAS", "FRAMEWORKS", "GRADES", "InspectionRecord", "Judgement", "Recommendation",
           "extract_record", "record_from_json", "field"]
