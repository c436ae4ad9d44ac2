"""The command-line arguments both fitting scripts share: which gold files are folds (held
out in turn), which are always fitted on, and the indexes they are asked of."""

from __future__ import annotations

import argparse
from pathlib import Path


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
