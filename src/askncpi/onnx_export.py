"""Export the shipped all-MiniLM-L6-v2 weights to ONNX, once, at index time.

Only `askncpi index` imports this (it needs torch); queries run the exported file with
onnxruntime and never import torch. The graph includes mean pooling and L2
normalisation, so its output is the sentence-transformers embedding itself.
"""

from __future__ import annotations

import logging
import os
import tempfile
import warnings
from pathlib import Path

from .embedder import EmbedderError, minilm_model_dir

OPSET = 17


def _pooled_module():
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(minilm_model_dir()), local_files_only=True).eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, dim=1)

    return Pooled().eval()


def _export_fp32(dest: Path) -> None:
    import torch

    model = _pooled_module()
    sample = torch.ones(2, 8, dtype=torch.long)
    dynamic = {name: {0: "batch", 1: "tokens"} for name in ("input_ids", "attention_mask", "token_type_ids")}
    dynamic["embedding"] = {0: "batch"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes the graph does not depend on
        torch.onnx.export(model, (sample, sample, torch.zeros_like(sample)), str(dest),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["embedding"], dynamic_axes=dynamic,
                          opset_version=OPSET, dynamo=False)


def _quantise(src: Path, dest: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # Per-channel int8 on MatMul only: quantising the embedding tables too costs
    # accuracy (cosine to fp32 0.95 instead of 0.99) for no speed.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantiser logs "consider pre-processing" advice on every run
    try:
        quantize_dynamic(str(src), str(dest), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"])
    finally:
        root.setLevel(level)


def ensure_onnx_model(dest: Path, precision: str) -> Path:
    """Make `dest` (an .onnx file) if it is missing; atomic, so a killed export leaves nothing."""
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".export-") as tmp:
            fp32 = Path(tmp) / "fp32.onnx"
            _export_fp32(fp32)
            final = fp32
            if precision == "int8":
                final = Path(tmp) / "int8.onnx"
                _quantise(fp32, final)
            os.replace(final, dest)
    except ImportError as exc:
        raise EmbedderError(f"cannot export the model to ONNX: {exc.name} is not installed") from exc
    return dest
