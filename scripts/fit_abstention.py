"""Fit the abstention settings (which checks are on, and their thresholds) on question
banks, and say what they are worth on banks they were not fitted on.

    .venv/bin/python scripts/fit_abstention.py --index /tmp/askncpi-bank/index \\
        --fold ../shared/eval/bank-a.jsonl --fold ../shared/eval/bank-b.jsonl \\
        --train eval/val-bench.jsonl ... --train-index /tmp/askncpi-own/index \\
        --out src/askncpi/rankers/default.json

Every question (answerable or not) is run through the real searcher up to its candidates
and every check of `askncpi.abstention` is tried at each threshold of its grid, so the fit
only re-counts: the system abstains when any check that is on fires. The objective is
the share of unanswerable questions abstained on, less `--cost` times the share of
answerable ones abstained on (a refusal of an answerable question is a failure too; with
the targets of 0.80 and 0.02, one wrongly refused answerable question weighs about as
much as several unanswerable ones answered). Coordinate ascent from the current
settings: each check on or off, each threshold over its grid, until a pass changes
nothing; ties keep the current value.

Honesty: with two or more `--fold` files each fold is scored by settings fitted on the
others (and `--train`) only. `dev*.jsonl` are refused.
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

from askncpi.abstention import CHECKS, NAMES, AbstainSettings  # noqa: E402
from askncpi.evaluate import load_questions  # noqa: E402
from askncpi.fusion import Ranker  # noqa: E402
from askncpi.search import Searcher  # noqa: E402
from askncpi.store import IndexStore  # noqa: E402

# The thresholds and the grid each may take.
GRIDS: dict[str, tuple[float, ...]] = {
    "far_below": (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4),
    "unseen_below": (0.3, 0.4, 0.5, 0.6, 0.7),
    "percent_cover": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
    "money_cover": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
}
COST = 5.0


@dataclass
class Sample:
    id: str
    fold: str
    answerable: bool
    fires: dict[tuple[str, str, float], bool]  # (check, threshold, value) -> fired; threshold "" if none


def samples(searcher: Searcher, path: Path, fold: str) -> list[Sample]:
    out = []
    base = searcher.ranker.abstention
    for q in load_questions([path]):
        got = searcher.gather(q.question)
        fires: dict[tuple[str, str, float], bool] = {}
        if got.candidates is not None:
            e = searcher.abstain_evidence(got)
            for check in CHECKS:
                for threshold, grid in GRIDS.items():
                    for value in grid:
                        settings = dataclasses.replace(base, **{threshold: value})
                        fires[(check.name, threshold, value)] = check.run(e, searcher.probe, settings) is not None
        out.append(Sample(q.id, fold, bool(q.gold), fires))
    return out


def abstains(s: Sample, settings: AbstainSettings) -> bool:
    if not s.fires:
        return True  # no candidates at all
    # A check reads at most one threshold; asked at the settings' value of each, it fires
    # only if it fires at all of them (the others do not change it).
    return any(all(s.fires[(name, t, getattr(settings, t))] for t in GRIDS)
               for name in NAMES if name not in settings.off)


def rates(data: list[Sample], settings: AbstainSettings) -> dict[str, float | None]:
    ans = [s for s in data if s.answerable]
    unans = [s for s in data if not s.answerable]
    return {"abstain_unanswerable": sum(abstains(s, settings) for s in unans) / len(unans) if unans else None,
            "abstain_answerable": sum(abstains(s, settings) for s in ans) / len(ans) if ans else None}


def objective(data: list[Sample], settings: AbstainSettings, cost: float) -> float:
    r = rates(data, settings)
    return (r["abstain_unanswerable"] or 0.0) - cost * (r["abstain_answerable"] or 0.0)


def fit(data: list[Sample], start: AbstainSettings, cost: float, passes: int = 6) -> AbstainSettings:
    best, settings = objective(data, start, cost), start
    for _ in range(passes):
        moved = False
        for name in NAMES:
            trial = dataclasses.replace(settings, off=settings.off ^ {name})
            score = objective(data, trial, cost)
            if score > best + 1e-9:
                best, settings, moved = score, trial, True
        for threshold, grid in GRIDS.items():
            for value in grid:
                trial = dataclasses.replace(settings, **{threshold: value})
                score = objective(data, trial, cost)
                if score > best + 1e-9:
                    best, settings, moved = score, trial, True
        if not moved:
            break
    return settings


def main() -> None:
    args = fit_args(__doc__.split("\n\n")[0], "settings", COST)

    ranker = Ranker.load(args.ranker)
    searcher = Searcher(IndexStore(args.index), ranker=ranker)
    folds, extra = fold_samples(args, searcher, samples,
                                lambda index: Searcher(IndexStore(index), ranker=ranker))
    start = ranker.abstention

    def show(label: str, r: dict[str, float | None]) -> str:
        u, a = r["abstain_unanswerable"], r["abstain_answerable"]
        return f"{label} unanswerable abstained {'n/a' if u is None else f'{u:.3f}'}, " \
               f"answerable abstained {'n/a' if a is None else f'{a:.3f}'}"

    cv = []
    for held in folds if len(folds) > 1 else ():
        train = [s for f, d in folds.items() if f != held for s in d] + extra
        fitted = fit(train, start, args.cost)
        cv.append({"held_out": held, **{k: round(v, 3) for k, v in rates(folds[held], fitted).items() if v is not None},
                   "settings": fitted.to_json()})
        print(f"held out {held:<8} {show('shipped:', rates(folds[held], start))}")
        print(f"{'':17} {show('fitted elsewhere:', rates(folds[held], fitted))}")
        print(f"{'':17} {json.dumps(fitted.to_json())}")
    everything = [s for d in folds.values() for s in d] + extra
    fitted = fit(everything, start, args.cost)
    print(show("all (fitted on):", rates(everything, fitted)), json.dumps(fitted.to_json()))
    if args.out:
        notes = {**ranker.notes, "abstention": {
            "how": f"scripts/fit_abstention.py, coordinate ascent on unanswerable abstained - {args.cost:g} x "
                   "answerable abstained", "fitted_on": [p.name for p in args.fold + args.train + args.train_here],
            "cross_validation": [{k: v for k, v in r.items() if k != "settings"} for r in cv]}}
        out = dataclasses.replace(ranker, abstention=fitted, notes=notes)
        args.out.write_text(json.dumps(out.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
