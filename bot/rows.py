"""Rows of a CSV or JSONL input file, each with the line it starts on.

Shared by the catalog and interaction loaders, so both name a bad row by file and
line the same way. A row that cannot be parsed is yielded as `Unparseable` so the
loader can report it and go on. A file that is not text at all (binary, compressed,
UTF-16) is refused as a whole, with a short message instead of a dump of its bytes.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.errors import CatalogError, RecbotError

SNIFF_BYTES = 8_192  # enough to tell a text file from a binary or compressed one
# The csv module's own cap (131,072 characters) would stop a long cell before the
# loaders' documented per-field limits could name its field; they apply instead.
CSV_FIELD_LIMIT = 2**31 - 1  # the largest value every platform's csv module accepts


@dataclass(frozen=True)
class Unparseable:
    reason: str


def read_rows(path: Path, *, kind: str = "catalog", error: type[RecbotError] = CatalogError
              ) -> Iterator[tuple[int, Any]]:
    """(line, row) pairs; `row` is a dict, or `Unparseable`. Whole-file problems raise `error`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, read_header(path, error, kind=kind) or [])
    if suffix in (".jsonl", ".ndjson"):
        _check_text(path, error, kind=kind)
        return _read_jsonl(path)
    if not path.is_file():
        raise error(f"{kind} file not found: {path}")
    raise error(f"{path}: unsupported {kind} format {suffix!r}; use .csv or .jsonl")


def read_header(path: Path, error: type[RecbotError] = CatalogError, *, kind: str = "catalog"
                ) -> list[str] | None:
    """A CSV file's column names (None for JSONL, whose rows name their own fields)."""
    if path.suffix.lower() != ".csv":
        return None
    _check_text(path, error, kind=kind)
    with _open_text(path) as handle:
        try:
            return [h.strip() for h in next(_csv_reader(handle))]
        except StopIteration:
            raise error(f"{path}: the file is empty") from None
        except csv.Error as exc:
            raise error(f"{path}, line 1: cannot parse the header: {exc}") from exc


def _check_text(path: Path, error: type[RecbotError], *, kind: str) -> None:
    """Refuse a missing or binary file; a CSV header must be UTF-8 (rows are checked per field)."""
    if not path.is_file():
        raise error(f"{kind} file not found: {path}")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    nul = head.find(b"\0")
    if nul >= 0:  # text never holds NUL; binary, compressed and UTF-16 files do, early
        raise error(f"{path}: not a CSV/JSONL text file (byte {nul} is NUL; it begins "
                    f"{head[:8]!r}); is it binary, compressed or UTF-16?")
    if path.suffix.lower() == ".csv":
        header, newline, _ = head.partition(b"\n")
        try:
            codecs.getincrementaldecoder("utf-8")().decode(header, final=bool(newline))
        except UnicodeDecodeError as exc:
            raise error(f"{path}, line 1: the header is not UTF-8 at byte {exc.start} "
                        f"(0x{header[exc.start]:02x})") from None


def _open_text(path: Path):  # noqa: ANN202 - a text file object
    # surrogateescape keeps undecodable bytes so the row and field can be named later
    return path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="")


def _csv_reader(handle: TextIO) -> Any:
    csv.field_size_limit(CSV_FIELD_LIMIT)  # process-wide, so set at each read
    return csv.reader(handle)


def _csv_rows(path: Path, header: list[str]) -> Iterator[tuple[int, Any]]:
    with _open_text(path) as handle:
        reader = _csv_reader(handle)
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
