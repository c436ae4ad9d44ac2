"""How well OCR reads report pages, against their own text layer. Prints numbers.

1. Word recall and seconds per page on 20 pages from different reports (the bundled
   Merseyside report and bench Ofsted reports from 2013-2025): each page rendered to an
   image (pypdfium2, ocr.DPI), read by Tesseract (ocr.py), its words compared with the
   words of the page's text layer (multiset recall, lower case, [a-z0-9]+ tokens).
2. With --dev: `dev.jsonl` over the bundled corpus, and again with the Merseyside report
   replaced by an image-only copy of itself (every page a picture, no text layer): for the
   questions whose first card is the Merseyside report in the text version, the share whose
   first card cites the same page in the scanned version.

    .venv/bin/python scripts/ocr_quality.py [--dev] [--work /tmp/askncpi-ocr]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BENCH = SHARED / "bench-corpus" / "ofsted-ilacs"
MERSEYSIDE = "merseyside-2018-ncpi-report.pdf"


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[a-z0-9]+", text.lower()))


def recall(truth: str, read: str) -> float:
    t, r = _words(truth), _words(read)
    return sum(min(n, r[w]) for w, n in t.items()) / max(1, sum(t.values()))


def sample_pages() -> list[tuple[Path, int]]:
    """20 (pdf, 0-based page) pairs with a real text layer, from 11 reports of different years."""
    pages = [(ROOT / "corpus" / MERSEYSIDE, i) for i in (4, 17, 29)]
    reports = sorted(BENCH.glob("*.pdf"))
    by_year: dict[str, Path] = {}
    for p in reports:
        m = re.search(r"(20\d\d)", p.stem)
        if m and m.group(1) not in by_year:
            by_year[m.group(1)] = p
    picks = list(by_year.values())[:9]
    for n, pdf in enumerate(picks):
        pages += [(pdf, 2 + n % 3), (pdf, 6 + n % 4)]
    return pages[:20]


def page_quality() -> None:
    import pypdfium2 as pdfium

    from askncpi import ocr

    if not ocr.available():
        print("tesseract is not installed: nothing to measure (scripts/setup.sh installs it)")
        return
    rows = []
    for pdf_path, i in sample_pages():
        pdf = pdfium.PdfDocument(str(pdf_path))
        truth = pdf[i].get_textpage().get_text_range()
        pdf.close()
        t0 = time.perf_counter()
        read = ocr.ocr_pdf_page(pdf_path, i)
        rows.append((pdf_path.stem, i + 1, len(_words(truth)), recall(truth, read), time.perf_counter() - t0))
    print(f"{'report':<48} {'page':>4} {'words':>6} {'recall':>7} {'s':>6}")
    for stem, page, n, r, s in rows:
        print(f"{stem[:48]:<48} {page:>4} {n:>6} {r:>7.3f} {s:>6.2f}")
    mean = sum(r for *_, r, _ in rows) / len(rows)
    print(f"mean word recall {mean:.3f} over {len(rows)} pages; min {min(r for *_, r, _ in rows):.3f}; "
          f"{sum(s for *_, s in rows) / len(rows):.2f} s a page at {ocr.DPI} dpi")


def image_only_copy(src: Path, dest: Path, dpi: int = 150) -> None:
    """`src` with every page replaced by a picture of it: what a scanner gives."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    pdf.close()
    images[0].save(dest, save_all=True, append_images=images[1:], resolution=dpi)


def _eval(corpus: Path, index: Path) -> dict[str, tuple[str, int | None]]:
    exe = str(ROOT / ".venv" / "bin" / "askncpi")
    subprocess.run([exe, "--corpus", str(corpus), "--index", str(index), "index"], check=True)
    questions = [json.loads(line) for line in (SHARED / "eval" / "dev.jsonl").read_text().splitlines() if line]
    batch = index.parent / f"{index.name}-questions.txt"
    batch.write_text("\n".join(q["question"] for q in questions) + "\n")
    out = subprocess.run([exe, "--index", str(index), "query", "--json", "--batch", str(batch)],
                         check=True, capture_output=True, text=True).stdout
    tops = {}
    for q, line in zip(questions, out.splitlines()):
        hits = json.loads(line)["hits"]
        tops[q["id"]] = (hits[0]["doc"], hits[0]["page"]) if hits else ("", None)
    return tops


def dev_on_scan(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    text_corpus, scan_corpus = work / "corpus-text", work / "corpus-scan"
    for c in (text_corpus, scan_corpus):
        shutil.rmtree(c, ignore_errors=True)
        shutil.copytree(ROOT / "corpus", c)
    t0 = time.perf_counter()
    image_only_copy(ROOT / "corpus" / MERSEYSIDE, scan_corpus / MERSEYSIDE)
    print(f"image-only copy made in {time.perf_counter() - t0:.1f} s")
    shutil.rmtree(work / "index-text", ignore_errors=True)
    shutil.rmtree(work / "index-scan", ignore_errors=True)
    text = _eval(text_corpus, work / "index-text")
    t0 = time.perf_counter()
    scan = _eval(scan_corpus, work / "index-scan")
    print(f"scan corpus indexed and asked in {time.perf_counter() - t0:.1f} s")
    on_report = [qid for qid, (doc, _) in text.items() if doc == MERSEYSIDE]
    same = [qid for qid in on_report if scan[qid] == text[qid]]
    print(f"dev questions whose first card is the Merseyside report (text layer): {len(on_report)}")
    print(f"  same report and page as first card from the image-only copy: {len(same)} "
          f"({len(same) / max(1, len(on_report)):.3f})")
    for qid in sorted(set(on_report) - set(same)):
        print(f"  {qid}: text {text[qid]}, scan {scan[qid]}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", action="store_true", help="also run dev.jsonl on an image-only Merseyside report")
    ap.add_argument("--work", type=Path, default=Path("/tmp/askncpi-ocr"))
    args = ap.parse_args(argv)
    page_quality()
    if args.dev:
        dev_on_scan(args.work)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
