"""The embedding model on ONNX Runtime with int8 dynamic quantisation.

The ONNX file is made on this machine from the local model (nothing is downloaded),
once, and cached: the whole sentence-transformers pipeline (transformer, pooling,
normalisation) is traced into one graph, checked against PyTorch, quantised for this
CPU and moved into the cache by a rename, so two processes exporting at once cannot
leave a half-written model behind.

sentence-transformers' own ONNX backend needs `optimum-onnx`, whose only release pins
transformers below 4.58; recbot runs transformers 5, so the export is done here with
`torch.onnx` and `onnxruntime.quantization`, and inference with onnxruntime alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import EmbeddingModelError

EXPORT_FORMAT = 1  # bump when the export changes: old caches are then not reused
MODEL_FILE = "model_int8.onnx"
INFO_FILE = "encoder.json"
# Texts the export is checked on: fp32 ONNX must match PyTorch, int8 must stay close.
CHECK_TEXTS = ["a funny space movie for kids", "low sugar cookies",
               "A detective in 1940s Los Angeles uncovers a conspiracy. " * 3, "tea"]


class OnnxUnavailable(EmbeddingModelError):
    """The ONNX runtime is missing, or the export failed: use PyTorch instead."""


def quantization_config(cpu_flags: set[str] | None = None) -> str:
    """The int8 scheme for this CPU, named as optimum names them.

    With VNNI, signed int8 weights are exact; AVX2/AVX-512 without it can saturate
    u8*s8 products, so weights use 7 bits ("reduce range"); anything else gets the
    same safe choice.
    """
    flags = _cpu_flags() if cpu_flags is None else cpu_flags
    if flags & {"avx512_vnni", "avx_vnni"}:
        return "avx512_vnni"
    if "asimd" in flags:  # aarch64 reports NEON as asimd
        return "arm64"
    return "avx2"


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith(("flags", "Features")):
            return set(line.partition(":")[2].split())
    return set()


def cached_export(model_path: str, cache_dir: Path, config: str | None = None) -> Path:
    """The folder of the int8 export of `model_path`, exporting it first if need be."""
    config = config or quantization_config()
    model = Path(model_path)
    # The model's files by size and time: a model updated in place is exported again.
    files = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in sorted(model.glob("*"))
             if f.is_file()]
    key = hashlib.sha256(repr((str(model.resolve()), files, config, EXPORT_FORMAT)).encode())
    folder = cache_dir / f"{model.name}-{config}-{key.hexdigest()[:12]}"
    if (folder / INFO_FILE).is_file():
        return folder
    cache_dir.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".export-", dir=cache_dir))
    try:
        _export(model_path, building, config)
        try:
            building.rename(folder)
        except OSError:  # another process finished first: keep its copy
            if not (folder / INFO_FILE).is_file():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return folder


def _export(model_path: str, folder: Path, config: str) -> None:
    started = time.perf_counter()
    try:
        import onnxruntime  # noqa: F401 - fail here, before the slow part, when missing
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise OnnxUnavailable(f"the ONNX backend needs onnxruntime and onnx: {exc}") from exc
    model = SentenceTransformer(model_path, device="cpu", local_files_only=True).eval()
    sample = model.preprocess(CHECK_TEXTS)  # padded: the attention mask is traced in use
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class Pipeline(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model  # a submodule: its weights are exported as weights

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(dict(zip(names, tensors, strict=True)))["sentence_embedding"]

    fp32 = folder / "model_fp32.onnx"
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "tokens"} for name in names}
    try:
        with warnings.catch_warnings(), torch.no_grad():  # tracer notes; the result is checked
            warnings.simplefilter("ignore")
            torch.onnx.export(Pipeline(), tuple(sample[name] for name in names), str(fp32),
                              input_names=names, output_names=["embedding"],
                              dynamic_axes={**axes, "embedding": {0: "batch"}},
                              opset_version=17, dynamo=False)
        # Only the matrix products: the embedding table stays fp32 (as accurate, no slower).
        quantize_dynamic(fp32, folder / MODEL_FILE, op_types_to_quantize=["MatMul"],
                         weight_type=QuantType.QInt8, per_channel=True,
                         reduce_range=config == "avx2")
        model.tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))  # a fast one
    except Exception as exc:  # any exporter failure means: use PyTorch
        first_line = str(exc).strip().partition("\n")[0]
        raise OnnxUnavailable(f"exporting {model_path} to ONNX failed: {first_line}") from exc
    info: dict[str, Any] = {"names": names, "max_tokens": model.max_seq_length,
                            "config": config, "dimension": model.get_embedding_dimension()}
    with torch.no_grad():
        expected = model.encode(CHECK_TEXTS, convert_to_numpy=True, normalize_embeddings=True)
    for file, tolerance in ((fp32, 1e-4), (folder / MODEL_FILE, 0.05)):
        got = OnnxEmbedder(folder, info, name="check", file=file).encode(CHECK_TEXTS)
        worst = float(1 - np.min(np.sum(got * expected, axis=1)))
        if worst > tolerance:
            raise OnnxUnavailable(f"the ONNX export of {model_path} does not match PyTorch "
                                  f"({file.name}: cosine off by {worst:.4f})")
    fp32.unlink()
    info["export_seconds"] = round(time.perf_counter() - started, 2)
    (folder / INFO_FILE).write_text(json.dumps(info, indent=2))  # written last: the marker


class OnnxEmbedder:
    """An exported model on ONNX Runtime: unit-length float32 vectors, like PyTorch's."""

    def __init__(self, folder: Path, info: dict[str, Any] | None = None, *, name: str,
                 file: Path | None = None, threads: int | None = None):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            self.info = info or json.loads((folder / INFO_FILE).read_text())
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            options = ort.SessionOptions()
            if threads:
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(str(file or folder / MODEL_FILE), options,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime's and tokenizers' errors are bare Exceptions
            raise OnnxUnavailable(f"cannot run the ONNX model in {folder} ({exc}); delete "
                                  "that folder to export it again") from exc
        self.name = name
        self.dimension = int(self.info["dimension"])
        self.tokenizer.enable_truncation(int(self.info["max_tokens"]))
        self.tokenizer.enable_padding()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32,
               show_progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Longest first, as sentence-transformers does: a batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            columns = {"input_ids": [e.ids for e in encodings],
                       "attention_mask": [e.attention_mask for e in encodings],
                       "token_type_ids": [e.type_ids for e in encodings]}
            feed = {name: np.asarray(columns[name], dtype=np.int64)
                    for name in self.info["names"]}
            vectors[rows] = self.session.run(None, feed)[0]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)  # int8 rounding moves the length a little
