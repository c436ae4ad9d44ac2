"""The command-line arguments both fitting scripts share: which gold files are folds (held
out in turn), which are always fitted on, and the indexes they are asked of."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def fold_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--index", type=Path, required=True, help="index holding every fold's reports")
    parser.add_argument("--fold", type=Path, action="append", required=True,
                        help="a gold question file; each is held out in turn (repeatable)")
    parser.add_argument("--train", type=Path, action="append", default=[],
                        help="a gold question file always fitted on, never held out (repeatable)")
    parser.add_argument("--train-index", type=Path, default=None, help="the index --train files are asked of")
    parser.add_argument("--train-here", type=Path, action="append", default=[],
                        help="a gold question file always fitted on, asked of --index (repeatable)")
    return parser


def refuse_dev(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """The dev sets are for checking afterwards, never for fitting."""
    for path in args.fold + args.train + args.train_here:
        if path.name.startswith("dev"):
            parser.error(f"{path.name}: the dev sets are held out from fitting")


def fit_args(description: str, fitted: str, cost: float) -> argparse.Namespace:
    """The command line of an abstention fit: `fold_parser`'s options plus --ranker, --cost
    (default `cost`) and --out (`fitted`: what it writes); dev sets refused."""
    parser = fold_parser(description)
    parser.add_argument("--ranker", type=Path, default=None, help="ranker to start from (default: the shipped one)")
    parser.add_argument("--cost", type=float, default=cost,
                        help="how much an answerable question refused weighs against an unanswerable one answered")
    parser.add_argument("--out", type=Path, default=None, help=f"write the ranker with the {fitted} fitted on all")
    args = parser.parse_args()
    refuse_dev(parser, args)
    return args


def fold_samples(args: argparse.Namespace, searcher: Any, make: Callable[[Any, Path, str], list[T]],
                 searcher_of: Callable[[Path], Any]) -> tuple[dict[str, list[T]], list[T]]:
    """Each --fold file's samples by name, and the --train / --train-here files' samples
    (`make(searcher, path, fold)`); --train files are asked of a searcher over --train-index."""
    folds = {p.stem: make(searcher, p, p.stem) for p in args.fold}
    extra: list[T] = []
    if args.train:
        other = searcher_of(args.train_index) if args.train_index else searcher
        extra = [s for p in args.train for s in make(other, p, "train")]
    extra += [s for p in args.train_here for s in make(searcher, p, "train-here")]
    return folds, extra
