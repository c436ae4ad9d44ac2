"""Lay out the corpus the question banks are asked over: their bench reports plus distractors.

    .venv/bin/python scripts/bank_corpus.py /tmp/askncpi-bank/corpus            # 60 reports
    .venv/bin/python scripts/bank_corpus.py /tmp/askncpi-bank/corpus --all      # all 431

Each bank gold names its bench report (`doc`); the distractors are other bench reports drawn
with a fixed seed, so every run lays out the same corpus. Files are copied, not linked, and
nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ASKNCPI_SHARED", ROOT.parent / "shared"))
BENCH = SHARED / "bench-corpus" / "ofsted-ilacs"
BANKS = [SHARED / "eval" / "bank-a.jsonl", SHARED / "eval" / "bank-b.jsonl"]
SEED = 23


def bank_reports(banks: list[Path]) -> set[str]:
    """The stems of the reports the banks' golds name."""
    out: set[str] = set()
    for path in banks:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.update(g["doc"] for g in json.loads(line)["gold"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", type=int, default=60, help="reports in all (gold reports plus distractors)")
    parser.add_argument("--all", action="store_true", help="every bench report")
    args = parser.parse_args()
    pool = sorted(p.stem for p in BENCH.glob("*.pdf"))
    wanted = bank_reports(BANKS)
    missing = wanted - set(pool)
    if missing:
        raise SystemExit(f"bank reports not in {BENCH}: {sorted(missing)}")
    others = [s for s in pool if s not in wanted]
    random.Random(SEED).shuffle(others)
    chosen = set(pool) if args.all else wanted | set(others[:max(0, args.size - len(wanted))])
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in sorted(chosen):
        target = args.out / f"{stem}.pdf"
        if not target.exists():
            shutil.copyfile(BENCH / f"{stem}.pdf", target)
    print(f"{len(chosen)} reports ({len(wanted)} named by the banks) in {args.out}")


if __name__ == "__main__":
    main()
