"""Retrieval quality on every question set, each over the corpus it needs. Prints a table.

    .venv/bin/python scripts/eval_sets.py             # builds what is missing under /tmp/askncpi-eval
    .venv/bin/python scripts/eval_sets.py --fresh     # rebuild the indexes first

Sets (see docs/retrieval.md):
  dev          ../shared/eval/dev.jsonl over the bundled corpus/
  dev+ofsted   dev.jsonl + dev-ofsted.jsonl over corpus/ + ../shared/extra-corpus/ofsted/
  held-out     eval/val-bench.jsonl + eval/val-unanswerable.jsonl over that + four bench reports
  unanswerable eval/val-unanswerable-2.jsonl over corpus/ + extra Ofsted (written before testing)
  held-out-2   eval/val-bench-2.jsonl + val-unanswerable-3.jsonl over held-out's corpus + Barnsley 2023
               (written in session 4, before they were first run)
  definitions  eval/val-definitions.jsonl: fresh "What is X?" questions on the held-out reports
  held-out-3   eval/val-bench-3.jsonl + val-unanswerable-4.jsonl over held-out-2's corpus + Halton 2020
               (written in session 5, before they were first run)
  held-out-4   eval/val-bench-4.jsonl + val-unanswerable-5.jsonl over held-out-3's corpus + Bromley 2019
               (written in session 5 after the changes it checks, before they were run on it)
  fresh-ofsted eval/val-bench-5.jsonl + val-unanswerable-6.jsonl over dev+ofsted's corpus: paraphrased
               questions on the extra Ofsted reports (written in session 6, before any change)
  fresh-ofsted-2 eval/val-bench-6.jsonl + val-unanswerable-7.jsonl, the same corpus: written in session 6
               after the answer-type and year abstention rules, before they were run on it
  fresh-bundled eval/val-bench-7.jsonl + val-unanswerable-8.jsonl over the bundled corpus: paraphrased
               questions on Merseyside pages no other set asks about, the blog and the releases
               (written in session 7, before any run)
  fresh-8      eval/val-bench-8.jsonl + val-unanswerable-9.jsonl over dev+ofsted's corpus: which / what
               did X say / how many questions (written in session 8 after its abstention rules, before
               they were run on it)
  fresh-9      eval/val-bench-9.jsonl + val-unanswerable-10.jsonl, the same corpus: mixed questions on
               pages no other set asks about (written in session 9 after its count and naming rules,
               before they were run on it)
  fresh-10     eval/val-bench-10.jsonl + val-unanswerable-11.jsonl, the same corpus: "which X" and "name of
               X" questions (written in session 10 after its naming rules, before they were run on it)
  fresh-11     eval/val-bench-11.jsonl + val-unanswerable-12.jsonl, the same corpus: paraphrased questions on
               report pages no other set asks about (written at the start of session 11, before any run)
  fresh-12     eval/val-bench-12.jsonl + val-unanswerable-13.jsonl, the same corpus: paraphrased questions on
               pages and documents no other set asks about (written at the start of session 13, before any run)
  fresh-13     eval/val-bench-13.jsonl + val-unanswerable-14.jsonl, the same corpus: paraphrased questions on
               Ofsted pages no other set asks about (written in session 14 after its sentence changes, before
               any run)
  fresh-14     eval/val-bench-14.jsonl + val-unanswerable-15.jsonl, the same corpus: paraphrased questions on
               list items and area facts of the Ofsted reports (written in session 15, before any run)
  mixed-c      eval/val-mixed-c.jsonl over dev+ofsted's corpus: the banks' mix of kinds, 10 unanswerable
               (written by a helper in the sixth stop of 2026-12-07, before any run; its misses were read)
  mixed-e      eval/val-mixed-e.jsonl, the same corpus and brief, by another helper (kept for checking)
(val-mixed-a, -b, -d are over 431 bench reports: `askncpi --index <431 index> eval FILE`.)
Every number comes from a real `askncpi eval --json` run; indexes are built with `askncpi index`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASKNCPI_SHARED", ROOT.parent / "shared"))
ASKNCPI = str(ROOT / ".venv" / "bin" / "askncpi")
HELD_OUT_REPORTS = ["ofsted-islington-15-april-2020", "ofsted-cumberland-26-november-2024",
                    "ofsted-southwark-11-november-2022", "ofsted-blackpool-17-january-2019"]
HELD_OUT_2_REPORTS = ["ofsted-barnsley-27-october-2023"]  # questions written in session 4
HELD_OUT_3_REPORTS = ["ofsted-halton-15-april-2020"]  # questions written in session 5
HELD_OUT_4_REPORTS = ["ofsted-bromley-07-january-2019"]  # written in session 5, after held-out-3 was used


def corpora() -> dict[str, list[Path]]:
    bundled = sorted((ROOT / "corpus").iterdir())
    ofsted = sorted((SHARED / "extra-corpus" / "ofsted").glob("*.pdf"))
    bench = [SHARED / "bench-corpus" / "ofsted-ilacs" / f"{name}.pdf" for name in HELD_OUT_REPORTS]
    bench_2 = [SHARED / "bench-corpus" / "ofsted-ilacs" / f"{name}.pdf" for name in HELD_OUT_2_REPORTS]
    bench_3 = [SHARED / "bench-corpus" / "ofsted-ilacs" / f"{name}.pdf" for name in HELD_OUT_3_REPORTS]
    bench_4 = [SHARED / "bench-corpus" / "ofsted-ilacs" / f"{name}.pdf" for name in HELD_OUT_4_REPORTS]
    return {"bundled": bundled, "ofsted": bundled + ofsted, "held-out": bundled + ofsted + bench,
            "held-out-2": bundled + ofsted + bench + bench_2,
             "held-out-3": bundled + ofsted + bench + bench_2 + bench_3,
            "held-out-4": bundled + ofsted + bench + bench_2 + bench_3 + bench_4}


SETS = [  # (name, corpus, question files)
    ("dev", "bundled", [SHARED / "eval" / "dev.jsonl"]),
    ("dev+ofsted", "ofsted", [SHARED / "eval" / "dev.jsonl", SHARED / "eval" / "dev-ofsted.jsonl"]),
    ("held-out", "held-out", [ROOT / "eval" / "val-bench.jsonl", ROOT / "eval" / "val-unanswerable.jsonl"]),
    ("unanswerable", "ofsted", [ROOT / "eval" / "val-unanswerable-2.jsonl"]),
    ("held-out-2", "held-out-2", [ROOT / "eval" / "val-bench-2.jsonl", ROOT / "eval" / "val-unanswerable-3.jsonl"]),
    ("definitions", "held-out-2", [ROOT / "eval" / "val-definitions.jsonl"]),
    ("held-out-3", "held-out-3", [ROOT / "eval" / "val-bench-3.jsonl", ROOT / "eval" / "val-unanswerable-4.jsonl"]),
    ("held-out-4", "held-out-4", [ROOT / "eval" / "val-bench-4.jsonl", ROOT / "eval" / "val-unanswerable-5.jsonl"]),
    ("fresh-ofsted", "ofsted", [ROOT / "eval" / "val-bench-5.jsonl", ROOT / "eval" / "val-unanswerable-6.jsonl"]),
    ("fresh-ofsted-2", "ofsted", [ROOT / "eval" / "val-bench-6.jsonl", ROOT / "eval" / "val-unanswerable-7.jsonl"]),
    ("fresh-bundled", "bundled", [ROOT / "eval" / "val-bench-7.jsonl", ROOT / "eval" / "val-unanswerable-8.jsonl"]),
    ("fresh-8", "ofsted", [ROOT / "eval" / "val-bench-8.jsonl", ROOT / "eval" / "val-unanswerable-9.jsonl"]),
    ("fresh-9", "ofsted", [ROOT / "eval" / "val-bench-9.jsonl", ROOT / "eval" / "val-unanswerable-10.jsonl"]),
    ("fresh-10", "ofsted", [ROOT / "eval" / "val-bench-10.jsonl", ROOT / "eval" / "val-unanswerable-11.jsonl"]),
    ("fresh-11", "ofsted", [ROOT / "eval" / "val-bench-11.jsonl", ROOT / "eval" / "val-unanswerable-12.jsonl"]),
    ("fresh-12", "ofsted", [ROOT / "eval" / "val-bench-12.jsonl", ROOT / "eval" / "val-unanswerable-13.jsonl"]),
    ("fresh-13", "ofsted", [ROOT / "eval" / "val-bench-13.jsonl", ROOT / "eval" / "val-unanswerable-14.jsonl"]),
    ("fresh-14", "ofsted", [ROOT / "eval" / "val-bench-14.jsonl", ROOT / "eval" / "val-unanswerable-15.jsonl"]),
    ("mixed-c", "ofsted", [ROOT / "eval" / "val-mixed-c.jsonl"]),
    ("mixed-e", "ofsted", [ROOT / "eval" / "val-mixed-e.jsonl"]),
]


def ensure_index(work: Path, name: str, files: list[Path], fresh: bool) -> Path:
    corpus, index = work / f"corpus-{name}", work / f"index-{name}"
    if fresh:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(index, ignore_errors=True)
    corpus.mkdir(parents=True, exist_ok=True)
    for f in files:
        if not (corpus / f.name).exists():
            shutil.copy2(f, corpus / f.name)
    subprocess.run([ASKNCPI, "--corpus", str(corpus), "--index", str(index), "index"], check=True,
                   stdout=subprocess.DEVNULL)
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", type=Path, default=Path("/tmp/askncpi-eval"))
    ap.add_argument("--fresh", action="store_true", help="rebuild the indexes from scratch")
    args = ap.parse_args()
    indexes = {name: ensure_index(args.work, name, files, args.fresh) for name, files in corpora().items()}
    cols = ["hit@1", "hit@5", "hit@10", "mrr@10", "page_accuracy", "abstain_unanswerable", "abstain_answerable"]
    print("| set | questions | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 2) + "|")
    for name, corpus, questions in SETS:
        out = subprocess.run([ASKNCPI, "--index", str(indexes[corpus]), "eval", "--json", *map(str, questions)],
                             check=True, capture_output=True, text=True).stdout
        m = json.loads(out)["metrics"]
        answer_cols = cols[:4] if m["answerable"] == 0 else []  # nothing to find
        cells = ["n/a" if m.get(c) is None or c in answer_cols else f"{m[c]:.3f}" for c in cols]
        print(f"| {name} | {m['questions']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
