"""Fit `abstention.topic_below`, the threshold of the `recommendation_topic` check, on
question banks, and say what it is worth on banks it was not fitted on.

    .venv/bin/python scripts/fit_topic_check.py --index /tmp/askncpi-431b/index \\
        --fold ../shared/eval/bank-a.jsonl --fold ../shared/eval/bank-b.jsonl \\
        --train-here eval/val-recommendations.jsonl ... --out src/askncpi/rankers/default.json

Every question is asked of the real searcher with the check measuring but never firing
(threshold 0); a question the recommendation stage answered with a topic carries the
check's measure as its first card's `recommendation_topic` signal, and is refused at a
threshold above it. The objective, as in fit_abstention.py, is the share of unanswerable
questions refused, less `--cost` times the share of answerable ones refused (shares over
every question of the files, not only those reaching the check); ties keep the lower
threshold (refusing less).

Honesty: with two or more `--fold` files each fold is scored by the threshold fitted on
the others (and the --train files) only. `dev*.jsonl` are refused.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from folds import fit_args, fold_samples  # noqa: E402

from askncpi.evaluate import load_questions  # noqa: E402
from askncpi.fusion import Ranker  # noqa: E402
from askncpi.recommended import TOPIC_CHECK  # noqa: E402
from askncpi.search import Searcher  # noqa: E402
from askncpi.store import IndexStore  # noqa: E402

GRID = tuple(round(0.02 * k, 2) for k in range(26))  # 0.00 .. 0.50
# The targets' own ratio (20% of unanswerable may be answered, 2% of answerable refused);
# at fit_abstention's 5 the fit picks 0.44, which refuses held-out bank-a a083.
COST = 10.0


@dataclass
class Sample:
    id: str
    fold: str
    answerable: bool
    match: float | None  # the check's measure; None: the check was not reached


def samples(searcher: Searcher, path: Path, fold: str) -> list[Sample]:
    out = []
    for q in load_questions([path]):
        answer = searcher.ask(q.question)
        signals = dict(answer.hits[0].signals) if answer.hits else {}
        out.append(Sample(q.id, fold, bool(q.gold), signals.get(TOPIC_CHECK)))
    return out


def refused(s: Sample, threshold: float) -> bool:
    return s.match is not None and s.match < threshold


def rates(data: list[Sample], threshold: float) -> tuple[float, float, int, int]:
    """(share of unanswerable refused, share of answerable refused, counts of each refused)."""
    ans = [s for s in data if s.answerable]
    unans = [s for s in data if not s.answerable]
    u = sum(refused(s, threshold) for s in unans)
    a = sum(refused(s, threshold) for s in ans)
    return u / len(unans) if unans else 0.0, a / len(ans) if ans else 0.0, u, a


def fit(data: list[Sample], cost: float) -> float:
    def objective(t: float) -> float:
        u, a, _, _ = rates(data, t)
        return u - cost * a
    return max(GRID, key=lambda t: (objective(t), -t))


def main() -> None:
    args = fit_args(__doc__.split("\n\n")[0], "threshold", COST)

    ranker = Ranker.load(args.ranker)
    measuring = dataclasses.replace(ranker, abstention=dataclasses.replace(ranker.abstention, topic_below=0.0))
    searcher = Searcher(IndexStore(args.index), ranker=measuring)
    folds, extra = fold_samples(args, searcher, samples,
                                lambda index: Searcher(IndexStore(index), ranker=measuring))

    def show(label: str, data: list[Sample], t: float) -> None:
        u, a, nu, na = rates(data, t)
        reached = sum(s.match is not None for s in data)
        print(f"{label}: topic_below {t:.2f}; {reached} of {len(data)} questions reach the check; "
              f"unanswerable refused {u:.3f} ({nu}), answerable refused {a:.3f} ({na})")

    if len(folds) > 1:
        for name, held in folds.items():
            fitted = fit([s for n, d in folds.items() if n != name for s in d] + extra, args.cost)
            show(f"{name} held out (fitted without it)", held, fitted)
    everything = [s for d in folds.values() for s in d] + extra
    final = fit(everything, args.cost)
    show("fitted on all", everything, final)
    for s in sorted(everything, key=lambda s: s.match if s.match is not None else 9):
        if s.match is not None and s.match < 0.5:
            print(f"  {s.match:.3f} {'answerable' if s.answerable else 'unanswerable'} {s.fold} {s.id}")
    if args.out:
        data = json.loads((args.ranker or args.out).read_text()) if (args.ranker or args.out).exists() else {}
        data.setdefault("abstention", {})["topic_below"] = final
        args.out.write_text(json.dumps(data, indent=2) + "\n")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
