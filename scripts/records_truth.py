"""Score the inspection records (records.py) against the hand-made truth table.

    python scripts/records_truth.py eval/records-truth.jsonl [--bench ../shared/bench-corpus/ofsted-ilacs]
    python scripts/records_truth.py --merge ../shared/bench-corpus/ofsted-ilacs

The first form reads each report named in the truth table exactly as `askncpi index` does
(readers.read_document, then records.extract_record) and prints, per framework:
judgements right (area, grade and a page the truth lists), wrong, missed and invented (a
judgement the extractor gives that the report does not state), and recommendation items found
with the right page. `--merge` reads every PDF of a folder whose names are
ofsted-<council>-<dd>-<month>-<yyyy>.pdf and reports the organisations that the records split
(one council, two keys) or merge wrongly (two councils, one key); the file names are only the
yardstick here, the records never see them.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from askncpi.readers import read_document
from askncpi.records import InspectionRecord, Judgement, canonical_grade, extract_record

ROOT = Path(__file__).resolve().parents[1]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("\u00ad", "")):
        text = text.replace(a, b)
    text = re.sub(r"[•◼■▪●−]", " ", text)
    return " ".join(text.split()).lower().rstrip(" .")


def find_report(doc: str, dirs: list[Path]) -> Path:
    for d in dirs:
        for ext in (".pdf", ".html", ".docx", ".txt"):
            if (d / f"{doc}{ext}").exists():
                return d / f"{doc}{ext}"
    raise SystemExit(f"{doc}: not found in {', '.join(map(str, dirs))}")


def match_judgement(truth: dict[str, Any], got: list[Judgement]) -> Judgement | None:
    for j in got:
        if j.area == truth["area"]:
            return j
    label = norm(truth.get("label") or "")
    counts = truth.get("counts")
    for j in got:
        if counts and j.counts == counts and norm(j.label) == label:
            return j
    for j in got:
        if counts and j.counts == counts:
            return j
    return None


def score(truth_lines: list[dict[str, Any]], records: dict[str, InspectionRecord]) -> dict[str, Any]:
    per: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    problems: list[str] = []
    for t in truth_lines:
        rec = records[t["doc"]]
        fw = t.get("framework") or "?"
        c = per[fw]
        c["reports"] += 1
        used: set[int] = set()
        for tj in t.get("judgements", []):
            c["judgements"] += 1
            j = match_judgement(tj, list(rec.judgements))
            want = canonical_grade(tj.get("value") or tj.get("verbatim") or "")  # "Adequate" has no value key
            if j is None:
                c["judgements_missed"] += 1
                problems.append(f"{t['doc']}: missed {tj['area']} = {tj.get('value') or tj.get('counts')}")
                continue
            used.add(id(j))
            value_ok = (j.counts == tj.get("counts")) if tj.get("counts") else (j.grade == want)
            page_ok = j.page in tj.get("pages", [])
            if value_ok and page_ok:
                c["judgements_right"] += 1
            else:
                c["judgements_wrong"] += 1
                problems.append(f"{t['doc']}: {tj['area']} got {j.grade or j.counts} p.{j.page}, "
                                f"truth {tj.get('value') or tj.get('counts')} pp.{tj.get('pages')}")
        for j in rec.judgements:
            if id(j) not in used:
                c["judgements_invented"] += 1
                problems.append(f"{t['doc']}: invented {j.area} = {j.grade or j.verbatim} p.{j.page}")
        if t.get("recommendations") is None:
            continue
        c["rec_reports"] += 1
        got = [(norm(r.text), r.page) for r in rec.recommendations]
        matched: set[int] = set()
        for tr in t["recommendations"]:
            c["recs"] += 1
            key = norm(tr["text"])
            hit = next((i for i, (g, _) in enumerate(got) if i not in matched and g.startswith(key)), None)
            if hit is None:
                c["recs_missed"] += 1
                problems.append(f"{t['doc']}: recommendation missed p.{tr['page']} {tr['text'][:60]!r}")
                continue
            matched.add(hit)
            if got[hit][1] == tr["page"]:
                c["recs_right"] += 1
            else:
                c["recs_wrong_page"] += 1
                problems.append(f"{t['doc']}: recommendation p.{got[hit][1]} for p.{tr['page']} {tr['text'][:50]!r}")
        extra = len(got) - len(matched)
        c["recs_extra"] += extra
        if extra:
            problems.append(f"{t['doc']}: {extra} recommendation item(s) not in the truth, e.g. "
                            f"{next(g for i, (g, _) in enumerate(got) if i not in matched)[:60]!r}")
    return {"per_framework": {k: dict(v) for k, v in per.items()}, "problems": problems}


def print_table(result: dict[str, Any]) -> None:
    rows = result["per_framework"]
    total: collections.Counter[str] = collections.Counter()
    for v in rows.values():
        total.update(v)
    print("| framework | reports | judgements | right | wrong | missed | invented | recs | found, right page "
          "| wrong page | missed | extra |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, c in [(k, collections.Counter(v)) for k, v in sorted(rows.items())] + [("all", total)]:
        j, r = c["judgements"], c["recs"]
        print(f"| {name} | {c['reports']} | {j} | {c['judgements_right']} ({c['judgements_right'] / max(j, 1):.3f})"
              f" | {c['judgements_wrong']} | {c['judgements_missed']} | {c['judgements_invented']} | {r}"
              f" | {c['recs_right']} ({c['recs_right'] / max(r, 1):.3f}) | {c['recs_wrong_page']}"
              f" | {c['recs_missed']} | {c['recs_extra']} |")


def merge_report(folder: Path) -> None:
    slug = re.compile(r"^ofsted-(.+)-\d{2}-[a-z]+-\d{4}$")
    by_slug: dict[str, set[str | None]] = collections.defaultdict(set)
    by_key: dict[str | None, set[str]] = collections.defaultdict(set)
    names: dict[str | None, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    files = sorted(folder.glob("*.pdf"))
    for path in files:
        m = slug.match(path.stem)
        if not m:
            continue
        rec = extract_record(read_document(path, path.name))
        by_slug[m.group(1)].add(rec.org_key)
        by_key[rec.org_key].add(m.group(1))
        names[rec.org_key][rec.organisation or "?"] += 1
    split = {s: sorted(map(str, k)) for s, k in by_slug.items() if len(k) > 1}
    merged = {str(k): sorted(s) for k, s in by_key.items() if len(s) > 1}
    several = [s for s, keys in by_slug.items() if sum(1 for k in by_key.values() if s in k) and
               sum(1 for p in files if (m := slug.match(p.stem)) and m.group(1) == s) > 1]
    print(f"{len(files)} reports, {len(by_slug)} councils by file name, {len(by_key)} organisation keys by record")
    print(f"{len(several)} councils have more than one report; split (one council, several keys): {len(split)}; "
          f"merged wrongly (several councils, one key): {len(merged)}")
    for s, keys in sorted(split.items()):
        print(f"  split   {s}: {keys}")
    for k, slugs in sorted(merged.items()):
        print(f"  merged  {k}: {slugs}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("truth", nargs="?", type=Path)
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench-corpus" / "ofsted-ilacs")
    ap.add_argument("--merge", type=Path, help="report organisation splits / merges over this folder")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.merge:
        merge_report(args.merge)
        return 0
    if not args.truth:
        ap.error("give a truth table or --merge FOLDER")
    truth = [json.loads(line) for line in args.truth.read_text(encoding="utf-8").splitlines() if line.strip()]
    dirs = [args.bench, ROOT / "corpus"]
    records = {}
    for t in truth:
        path = find_report(t["doc"], dirs)
        records[t["doc"]] = extract_record(read_document(path, path.name))
    result = score(truth, records)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print_table(result)
        for p in result["problems"]:
            print("  -", p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
