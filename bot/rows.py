"""Rows of a CSV or JSONL input file, each with the line it starts on.

Shared by the catalog and interaction loaders, so both name a bad row by file and
line the same way. A row that cannot be parsed is yielded as `Unparseable` so the
loader can report it and go on.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import CatalogError, RecbotError


@dataclass(frozen=True)
class Unparseable:
    reason: str


def read_rows(path: Path, *, kind: str = "catalog", error: type[RecbotError] = CatalogError
              ) -> Iterator[tuple[int, Any]]:
    """(line, row) pairs; `row` is a dict, or `Unparseable`. Whole-file problems raise `error`."""
    if not path.is_file():
        raise error(f"{kind} file not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, read_header(path, error) or [])
    if suffix in (".jsonl", ".ndjson"):
        return _read_jsonl(path)
    raise error(f"{path}: unsupported {kind} format {suffix!r}; use .csv or .jsonl")


def read_header(path: Path, error: type[RecbotError] = CatalogError) -> list[str] | None:
    """A CSV file's column names (None for JSONL, whose rows name their own fields)."""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return None
    with _open_text(path) as handle:
        try:
            return [h.strip() for h in next(csv.reader(handle))]
        except StopIteration:
            raise error(f"{path}: the file is empty") from None
        except csv.Error as exc:
            raise error(f"{path}, line 1: cannot parse the header: {exc}") from exc


def _open_text(path: Path):  # noqa: ANN202 - a text file object
    # surrogateescape keeps undecodable bytes so the row and field can be named later
    return path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")


def _csv_rows(path: Path, header: list[str]) -> Iterator[tuple[int, Any]]:
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        next(reader)
        line = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield line, Unparseable(f"cannot parse the row: {exc}")
                line = reader.line_num + 1
                continue
            if values:  # blank lines are not rows
                if len(values) > len(header) and any(v.strip() for v in values[len(header):]):
                    yield line, Unparseable(f"{len(values)} values for {len(header)} columns")
                else:
                    yield line, dict(zip(header, values, strict=False))
            line = reader.line_num + 1


def _read_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    with _open_text(path) as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                yield line, Unparseable(f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(row, dict):
                yield line, Unparseable("each line must be a JSON object")
                continue
            yield line, row
