"""One fitted fusion step: a weighted sum of the named signals, each rescaled over the candidates.

The weights live in a small JSON file shipped in the package (`rankers/default.json`), made by
`scripts/fit_ranker.py` from named training files; its `name` is reported with every answer,
so an answer can say which ranker made it. Each signal is rescaled to 0..1 over one question's
candidates (min-max) before weighting: a signal that cannot tell the candidates apart adds
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .abstention import AbstainSettings
from .signals import NAMES, check_names

DEFAULT_RANKER = "default.json"


@dataclass(frozen=True)
class Ranker:
    """Fusion weights per signal, the dense-slot setting, the abstention settings, and where
    they came from."""

    name: str
    weights: Mapping[str, float]
    dense_slot: int = 3  # MiniLM's first passage is shown no lower than this (0: never lifted)
    fitted_on: tuple[str, ...] = ()
    notes: Mapping[str, Any] = field(default_factory=dict)
    abstention: AbstainSettings = AbstainSettings()  # the abstention checks' thresholds, and which are off

    def __post_init__(self) -> None:
        check_names(list(self.weights))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ranker:
        return cls(name=str(data["name"]), weights={k: float(v) for k, v in data["weights"].items()},
                   dense_slot=int(data.get("dense_slot", 3)), fitted_on=tuple(data.get("fitted_on", ())),
                   notes=dict(data.get("notes", {})),
                   abstention=AbstainSettings.from_json(data.get("abstention", {})))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "weights": {n: self.weights.get(n, 0.0) for n in NAMES},
                "dense_slot": self.dense_slot, "fitted_on": list(self.fitted_on),
                "abstention": self.abstention.to_json(), "notes": dict(self.notes)}

    @classmethod
    def load(cls, path: Path | None = None) -> Ranker:
        """The ranker at `path`, or the one shipped in the package."""
        if path is not None:
            return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
        text = resources.files("askncpi.rankers").joinpath(DEFAULT_RANKER).read_text(encoding="utf-8")
        return cls.from_json(json.loads(text))

    def fuse(self, signals: Mapping[str, np.ndarray]) -> np.ndarray:
        """Weighted sum of the rescaled signals (those absent, e.g. switched off, add nothing)."""
        n = len(next(iter(signals.values()))) if signals else 0
        out = np.zeros(n)
        for name, values in signals.items():
            weight = self.weights.get(name, 0.0)
            if weight:
                out += weight * rescale(values)
        return out


def rescale(values: np.ndarray) -> np.ndarray:
    """Min-max to 0..1 over the candidates; all zeros when they are all equal."""
    x = np.asarray(values, np.float64)
    spread = x.max() - x.min() if len(x) else 0.0
    return (x - x.min()) / spread if spread > 0 else np.zeros(len(x))
