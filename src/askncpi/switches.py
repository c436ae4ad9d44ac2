"""The names a user can switch off (`--without NAME`): the ranking signals, the question
reading steps, the abstention checks and the record stages."""

from __future__ import annotations

from collections.abc import Sequence

from . import abstention, comparisons, figures, inspection_dates, judgements, recommended, signals


def switch_names() -> tuple[str, ...]:
    return (signals.NAMES + figures.NAMES + inspection_dates.NAMES + abstention.NAMES + judgements.NAMES
            + recommended.NAMES + comparisons.NAMES)


def check_switch_names(names: Sequence[str]) -> None:
    """Refuse a name that is neither a signal nor a check (a typo would silently change nothing)."""
    unknown = [n for n in names if n not in switch_names()]
    if unknown:
        stages = judgements.NAMES + recommended.NAMES + comparisons.NAMES
        raise ValueError(f"unknown signal or check {', '.join(unknown)} (signals: {', '.join(signals.NAMES)}; "
                         f"question reading: {', '.join(figures.NAMES + inspection_dates.NAMES)}; "
                         f"abstention checks: {', '.join(abstention.NAMES)}; record stages: {', '.join(stages)})")
