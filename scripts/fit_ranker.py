"""Fit the fusion weights (`src/askncpi/rankers/default.json`) on question banks, and say
what they are worth on banks they were not fitted on.

    .venv/bin/python scripts/fit_ranker.py --index /tmp/askncpi-431b/index \\
        --fold ../shared/eval/bank-a.jsonl --fold ../shared/eval/bank-b.jsonl \\
        --train eval/val-bench.jsonl ... --train-index /tmp/askncpi-eval/index-held-out-4 \\
        --start linear-v1.json --min-gain 0.005 --out src/askncpi/rankers/default.json --name linear-v2

(linear-v2: linear-v1.json is `git show 003b0d4:src/askncpi/rankers/default.json`; every
eval/val-bench*, val-unanswerable 1-15 and val-definitions file as --train; the 431-report
index is `askncpi --corpus ../shared/bench-corpus/ofsted-ilacs --index
/tmp/askncpi-431b/index index`.)

Each answerable question is run through the real searcher up to its candidates
(`Searcher.gather`) and the named signals (`signals.compute`); a candidate is a positive
when it answers a gold exactly as `askncpi eval` judges a card (its report, and the key
phrase in its first 1,500 characters). The model is linear, as `fusion.Ranker` applies it:
a weight per min-max-rescaled signal, plus the dense slot. Weights are fitted by
coordinate ascent (Metzler and Croft 2007) on MRR@10 over the candidates, from the
current weights, one weight at a time over a grid, until a pass changes nothing.

Honesty: with two or more `--fold` files, each fold is scored by weights fitted on the
others only (the banks cover disjoint reports, so no fold sees its reports' questions
at fit time), and the table prints both the fitted-on and the held-out numbers. The
shipped weights are then fitted on every fold. Keep `dev*.jsonl` out of `--fold`: they
are for checking afterwards with `askncpi eval --ranker`. The ranking here ignores how
cards merge neighbouring passages, so `askncpi eval` is the number to report.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from folds import fold_parser, refuse_dev  # noqa: E402

from askncpi.cleaning import normalise_for_match  # noqa: E402
from askncpi.evaluate import K, Question, load_questions  # noqa: E402
from askncpi.fusion import Ranker, rescale  # noqa: E402
from askncpi.render import reflow  # noqa: E402
from askncpi.search import Searcher, _dense_best_within  # noqa: E402
from askncpi.signals import NAMES, compute  # noqa: E402
from askncpi.store import IndexStore  # noqa: E402
from askncpi.types import CARD_CHARS  # noqa: E402

GRID = (0.0, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 100.0)
SLOTS = (0, 2, 3, 4, 5)
HIT1_WEIGHT = 0.1  # how much hit@1 counts beside MRR@10 in the objective (--hit1-weight)


@dataclass
class Sample:
    """One answerable question's candidates: rescaled signals, positives, the tiers."""

    id: str
    fold: str
    x: np.ndarray  # (candidates, signals), each column min-max rescaled like Ranker.fuse
    positive: np.ndarray  # bool per candidate
    dense: np.ndarray
    tiers: tuple[np.ndarray, np.ndarray]  # named_report, definition (the dense slot keeps to a tier)


def samples(searcher: Searcher, questions: list[Question], fold: str) -> list[Sample]:
    out = []
    for q in questions:
        if not q.gold:
            continue
        got = searcher.gather(q.question)
        c = got.candidates
        if c is None or len(c) == 0:
            continue
        signals = compute(c)
        x = np.column_stack([rescale(signals[n]) for n in NAMES])
        golds = [(g.doc, normalise_for_match(g.text)) for g in q.gold]
        positive = np.array([any(Path(ch.doc).stem == doc and phrase in normalise_for_match(
            reflow(ch.text)[:CARD_CHARS]) for doc, phrase in golds) for ch in c.chunks])
        out.append(Sample(q.id, fold, x, positive, c.dense, (c.named_report, c.definition)))
    return out


def ranks(sample: Sample, weights: np.ndarray, slot: int) -> int | None:
    """1-based rank of the first positive after fusion (None: none within K)."""
    order = np.argsort(-(sample.x @ weights), kind="stable")
    if slot:
        order, _ = _dense_best_within(order, sample.dense, slot, *sample.tiers)
    hits = np.flatnonzero(sample.positive[order[:K]])
    return int(hits[0]) + 1 if len(hits) else None


def metrics(data: list[Sample], weights: np.ndarray, slot: int, answerable: int) -> dict[str, float]:
    """hit@1, hit@5, MRR@10 over `answerable` questions (those without candidates count as misses)."""
    found = [ranks(s, weights, slot) for s in data]
    n = max(1, answerable)
    return {"hit@1": sum(r == 1 for r in found) / n, "hit@5": sum(r is not None and r <= 5 for r in found) / n,
            "mrr@10": sum(1 / r for r in found if r) / n}


def objective(data: list[Sample], weights: np.ndarray, slot: int) -> float:
    m = metrics(data, weights, slot, len(data))
    return m["mrr@10"] + HIT1_WEIGHT * m["hit@1"]  # MRR, and hit@1 (what a reader sees first)


def fit(data: list[Sample], start: Ranker, passes: int = 6, grid: tuple[float, ...] = GRID,
        min_gain: float = 0.0) -> tuple[np.ndarray, int]:
    """Coordinate ascent over the weight grid and the dense slot, from `start`; a move is
    taken only when it lifts the objective by more than `min_gain` (so a weight does not
    follow one or two questions of the training folds)."""
    weights = np.array([start.weights.get(n, 0.0) for n in NAMES])
    slot = start.dense_slot
    best = objective(data, weights, slot)
    for _ in range(passes):
        moved = False
        for j in range(len(NAMES)):
            for value in grid:
                trial = weights.copy()
                trial[j] = value
                score = objective(data, trial, slot)
                if score > best + max(min_gain, 1e-9):
                    best, weights, moved = score, trial, True
        for s in SLOTS:
            score = objective(data, weights, s)
            if score > best + max(min_gain, 1e-9):
                best, slot, moved = score, s, True
        if not moved:
            break
    return weights, slot


def main() -> None:
    global HIT1_WEIGHT
    parser = fold_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--start", type=Path, default=None, help="ranker to start from (default: the shipped one)")
    parser.add_argument("--out", type=Path, default=None, help="write the ranker fitted on every fold here")
    parser.add_argument("--name", default="linear-v2")
    parser.add_argument("--out-folds", type=Path, default=None,
                        help="also write each fold's ranker (fitted without it) here, "
                             "to check with `askncpi eval --ranker`")
    parser.add_argument("--grid", default=",".join(map(str, GRID)),
                        help="the values each weight may take, comma-separated (fewer: less to overfit)")
    parser.add_argument("--hit1-weight", type=float, default=HIT1_WEIGHT,
                        help="the objective is MRR@10 + this x hit@1 (what a reader sees first)")
    parser.add_argument("--min-gain", type=float, default=0.0,
                        help="take a move only when it lifts the objective by more than this")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    HIT1_WEIGHT = args.hit1_weight
    refuse_dev(parser, args)

    grid = tuple(float(v) for v in args.grid.split(","))
    start = Ranker.load(args.start)
    searcher = Searcher(IndexStore(args.index))
    folds: dict[str, list[Sample]] = {}
    answerable: dict[str, int] = {}
    for path in args.fold:
        questions = load_questions([path])
        folds[path.stem] = samples(searcher, questions, path.stem)
        answerable[path.stem] = sum(1 for q in questions if q.gold)

    extra: list[Sample] = []
    if args.train:
        other = Searcher(IndexStore(args.train_index)) if args.train_index else searcher
        extra = samples(other, load_questions(args.train), "train")
    if args.train_here:
        extra += samples(searcher, load_questions(args.train_here), "train-here")
    rows = []
    start_w = np.array([start.weights.get(n, 0.0) for n in NAMES])
    for held in folds if len(folds) > 1 else ():
        train = [s for f, d in folds.items() if f != held for s in d] + extra
        weights, slot = fit(train, start, grid=grid, min_gain=args.min_gain)
        rows.append({"held_out": held, "fitted_on": [f for f in folds if f != held],
                     "start": metrics(folds[held], start_w, start.dense_slot, answerable[held]),
                     "held_out_metrics": metrics(folds[held], weights, slot, answerable[held]),
                     "weights": dict(zip(NAMES, weights.tolist())), "dense_slot": slot})
        if args.out_folds:
            args.out_folds.mkdir(parents=True, exist_ok=True)
            fold_ranker = Ranker(f"{args.name}-without-{held}", dict(zip(NAMES, weights.tolist())), slot,
                                 fitted_on=tuple(f for f in folds if f != held))
            (args.out_folds / f"without-{held}.json").write_text(json.dumps(fold_ranker.to_json(), indent=2) + "\n",
                                                                 encoding="utf-8")
    everything = [s for d in folds.values() for s in d]
    weights, slot = fit(everything + extra, start, grid=grid, min_gain=args.min_gain)
    total = sum(answerable.values())
    result = {"cross_validation": rows, "all": {"start": metrics(everything, start_w, start.dense_slot, total),
                                                "fitted": metrics(everything, weights, slot, total)},
              "weights": dict(zip(NAMES, weights.tolist())), "dense_slot": slot}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for r in rows:
            s, h = r["start"], r["held_out_metrics"]
            print(f"held out {r['held_out']:<10} start hit@1 {s['hit@1']:.3f} mrr {s['mrr@10']:.3f}  ->  "
                  f"fitted elsewhere hit@1 {h['hit@1']:.3f} hit@5 {h['hit@5']:.3f} mrr {h['mrr@10']:.3f}")
            print("   ", " ".join(f"{n}={w:g}" for n, w in r["weights"].items() if w), f"slot={r['dense_slot']}")
        a = result["all"]
        print(f"all folds (fitted on)  start mrr {a['start']['mrr@10']:.3f} -> {a['fitted']['mrr@10']:.3f} "
              f"hit@1 {a['fitted']['hit@1']:.3f}")
        print("   ", " ".join(f"{n}={w:g}" for n, w in result["weights"].items() if w), f"slot={slot}")
    if args.out:
        ranker = dataclasses.replace(  # the abstention settings are kept: scripts/fit_abstention.py fits those
            start, name=args.name, weights=dict(zip(NAMES, weights.tolist())), dense_slot=slot,
            fitted_on=tuple(p.name for p in args.fold + args.train + args.train_here),
            notes={**start.notes, "how": "scripts/fit_ranker.py: coordinate ascent on candidate MRR@10",
                   "cross_validation": [{"held_out": r["held_out"], **{k: round(v, 3) for k, v in
                                         r["held_out_metrics"].items()}} for r in rows]})
        args.out.write_text(json.dumps(ranker.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out} ({args.name})")


if __name__ == "__main__":
    main()
