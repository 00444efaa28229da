"""Embeddings made once and shipped, so an ingest need not make them again.

An item's text hash (`_doc_hash`, indexes/items.py) covers the embedding model's identity
and the exact text embedded, so a vector found under that hash is the one the model would
make now. A file of known vectors holds (hash, vector) pairs: `ItemIndex.sync(...,
known=...)` takes the vectors it finds there and embeds only the rest (an edited item,
another model). recbot ships one for each demo catalog (data/*.vectors.npz), which turns
the first `recbot serve --demo` from minutes of embedding into seconds of writing.

Vectors are stored as int8 with one scale per row (a quarter of float32: 6 MB for the
15,762 demo items) and come back unit-length; `benchmarks/bench_first_run.py` checks that
search over them agrees with search over the exact vectors.

    recbot export-vectors --catalog movies --out movies.vectors.npz   # from a built index
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger("recbot.index")
HASH_BYTES = 32  # the hex digits of a `_doc_hash`


class KnownVectors:
    """Vectors by text hash (see the module docstring)."""

    def __init__(self, hashes: Sequence[str], vectors: np.ndarray):
        self.rows = {h: n for n, h in enumerate(hashes)}
        self.vectors = np.asarray(vectors, dtype=np.float32)

    def __len__(self) -> int:
        return len(self.rows)

    def find(self, hashes: Sequence[str], dimension: int) -> dict[int, np.ndarray]:
        """{position in `hashes`: its vector} for the hashes known, of that dimension."""
        if self.vectors.shape[1:] != (dimension,):
            return {}
        return {n: self.vectors[row] for n, h in enumerate(hashes)
                if (row := self.rows.get(h)) is not None}

    @classmethod
    def load(cls, path: Path) -> KnownVectors | None:
        """The file's vectors; None (and a warning) when it is missing or unreadable: the
        items are then embedded as usual."""
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                hashes = [h.decode("ascii") for h in data["hashes"]]
                codes, scales = data["codes"], data["scales"]
            if codes.ndim != 2 or len(codes) != len(hashes) or scales.shape != (len(hashes),):
                raise ValueError("the arrays do not agree in length")
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            log.warning("ignoring the known vectors in %s (%s): items are embedded instead",
                        path, exc)
            return None
        vectors = codes.astype(np.float32) * scales[:, None]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return cls(hashes, vectors / np.where(norms > 0, norms, 1.0))

    @staticmethod
    def save(path: Path, hashes: Sequence[str], vectors: np.ndarray) -> None:
        """Write (hash, vector) pairs as int8 codes and per-row scales, atomically."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(hashes):
            raise ValueError("one vector per hash is needed")
        peaks = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
        scales = np.where(peaks > 0, peaks / 127.0, 1.0).astype(np.float32)
        codes = np.rint(vectors / scales[:, None]).astype(np.int8)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez_compressed(out, hashes=np.array(hashes, dtype=f"S{HASH_BYTES}"),
                                    codes=codes, scales=scales)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
