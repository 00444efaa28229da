"""Interaction logs: who rated, bought, clicked or watched what, and when.

A log is a CSV or JSONL file with a user id, an item id, an optional rating (explicit
feedback) or weight (implicit: a count, a purchase quantity), and an optional
timestamp (seconds since the epoch, or an ISO 8601 date). Column names are
recognised by their usual spellings (`userId`, `movieId`, `product_id`...), or
given explicitly.

Rows are validated like catalog rows: a bad row is reported by file, line and
field. Rows naming an item the catalog does not have are not dropped silently:
they are counted and listed in `InteractionLog.unknown_items`.

    >>> log = load_interactions("ratings.csv", known_items=index.ids())
    >>> log.explicit, len(log), log.unknown_items
    (True, 100836, {})
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np

from bot.errors import InteractionsError, InteractionsValidationError, RowError
from bot.rows import Unparseable, read_header, read_rows

OnError = Literal["fail", "skip"]
MAX_ID_LENGTH = 256
# Usual spellings of each column, compared lower-cased with `_`, `-` and spaces removed.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "user": ("userid", "user", "customerid", "customer", "visitorid", "memberid"),
    "item": ("itemid", "item", "movieid", "productid", "product", "sku", "asin", "id"),
    "rating": ("rating", "stars", "score"),
    "weight": ("weight", "count", "quantity", "qty", "plays", "views", "clicks"),
    "timestamp": ("timestamp", "time", "ts", "datetime", "date", "eventtime", "createdat"),
}
REQUIRED = ("user", "item")
# Share of the highest rating from which an explicit rating counts as a like (4 of 5 stars).
DEFAULT_POSITIVE_SHARE = 0.8
RATING_SCALES = (1.0, 5.0, 10.0, 100.0)  # the scale is the smallest that fits the top rating


@dataclass
class InteractionLog:
    """Validated interactions, one entry per row, in file order."""

    users: list[str]
    items: list[str]
    values: np.ndarray  # the rating (explicit) or the weight (implicit, 1.0 when absent)
    timestamps: np.ndarray  # seconds since the epoch; NaN when the log has no time column
    explicit: bool
    source: str = ""
    rows_read: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_items: dict[str, int] = field(default_factory=dict)  # id -> rows naming it
    unknown_first_line: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.users)

    @property
    def unknown_rows(self) -> int:
        return sum(self.unknown_items.values())

    def positive_threshold(self, override: float | None = None) -> float:
        """The lowest value that counts as a like: 4 of 5 stars; any weight above 0."""
        if override is not None:
            return override
        if not self.explicit or not len(self.values):
            return math.nextafter(0.0, 1.0)
        top = float(self.values.max())
        scale = next((s for s in RATING_SCALES if top <= s), top)
        return DEFAULT_POSITIVE_SHARE * scale

    def positives(self, override: float | None = None) -> np.ndarray:
        """A boolean mask of the interactions that count as likes."""
        return self.values >= self.positive_threshold(override)

    def subset(self, mask: np.ndarray) -> InteractionLog:
        """The interactions where `mask` is true (for splits in evaluation)."""
        index = np.flatnonzero(mask)
        return InteractionLog(
            users=[self.users[i] for i in index], items=[self.items[i] for i in index],
            values=self.values[index], timestamps=self.timestamps[index],
            explicit=self.explicit, source=self.source, rows_read=len(index))

    def unknown_report(self, limit: int = 5) -> str:
        """'3 rows name 2 items not in the catalog: '999' (line 12), ...'."""
        if not self.unknown_items:
            return ""
        shown = sorted(self.unknown_items, key=lambda i: self.unknown_first_line[i])[:limit]
        listed = ", ".join(f"{i!r} (line {self.unknown_first_line[i]})" for i in shown)
        more = f" and {len(self.unknown_items) - limit} more" if len(self.unknown_items) > limit \
            else ""
        return (f"{self.unknown_rows} row(s) name {len(self.unknown_items)} item(s) not in the "
                f"catalog, left out: {listed}{more}")


def detect_columns(names: Collection[str], overrides: Mapping[str, str] | None = None
                   ) -> dict[str, str]:
    """Map each role (user, item, rating, weight, timestamp) to a column that is present."""
    overrides = dict(overrides or {})
    unknown_roles = set(overrides) - set(COLUMN_NAMES)
    if unknown_roles:
        raise InteractionsError(
            f"unknown column role(s) {', '.join(sorted(unknown_roles))}; "
            f"roles are {', '.join(COLUMN_NAMES)}")
    by_key = {_key(n): n for n in names}
    columns: dict[str, str] = {}
    for role, spellings in COLUMN_NAMES.items():
        if role in overrides:
            columns[role] = overrides[role]
            continue
        found = next((by_key[s] for s in spellings if s in by_key), None)
        if found is not None and found not in columns.values():
            columns[role] = found
    if "rating" in columns and "weight" in columns and "rating" not in overrides:
        del columns["weight"]  # a rating column makes the log explicit
    missing = [r for r in REQUIRED if r not in columns]
    if missing:
        raise InteractionsError(
            f"no {' or '.join(missing)} column among {', '.join(names) or 'no columns'}; "
            f"name it with --column {missing[0]}=COLUMN")
    return columns


def _key(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "").replace(" ", "")


def load_interactions(
    path: str | Path,
    *,
    known_items: Collection[str] | None = None,
    columns: Mapping[str, str] | None = None,
    on_error: OnError = "fail",
) -> InteractionLog:
    """Load and validate an interaction log.

    `known_items` is the catalog's ids: rows naming other items are counted in
    `unknown_items` and left out. With `on_error="fail"` the first bad row raises
    `InteractionsValidationError`; with `"skip"` bad rows are listed in `errors`.
    """
    path = Path(path)
    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be 'fail' or 'skip', not {on_error!r}")
    header = read_header(path, InteractionsError, kind="interactions")
    rows = read_rows(path, kind="interactions", error=InteractionsError)
    parser: _RowParser | None = None
    if header is not None:
        parser = _RowParser(path.name, detect_columns(header, columns))
    users: list[str] = []
    items: list[str] = []
    values: list[float] = []
    times: list[float] = []
    errors: list[RowError] = []
    unknown: Counter[str] = Counter()
    unknown_first_line: dict[str, int] = {}
    count = 0
    for line, row in rows:
        count += 1
        if parser is None and isinstance(row, dict):  # JSONL: the first object names the fields
            parser = _RowParser(path.name, detect_columns(list(row), columns))
        parsed, row_errors = parser.parse(line, row) if parser else (None, [
            RowError(path.name, line, None, getattr(row, "reason", "unreadable row"))])
        if row_errors:
            if on_error == "fail":
                raise InteractionsValidationError(row_errors[:1])
            errors.extend(row_errors)
            continue
        assert parsed is not None
        user, item, value, when = parsed
        if known_items is not None and item not in known_items:
            unknown[item] += 1
            unknown_first_line.setdefault(item, line)
            continue
        users.append(user)
        items.append(item)
        values.append(value)
        times.append(when)
    if count == 0:
        raise InteractionsError(f"{path}: no rows found")
    explicit = parser is not None and "rating" in parser.columns
    return InteractionLog(
        users=users, items=items, values=np.asarray(values, dtype=np.float32),
        timestamps=np.asarray(times, dtype=np.float64), explicit=explicit,
        source=str(path.resolve()), rows_read=count, errors=errors,
        unknown_items=dict(unknown), unknown_first_line=unknown_first_line)


class _RowParser:
    """One raw row into (user, item, value, timestamp), or the list of what is wrong."""

    def __init__(self, file: str, columns: dict[str, str]):
        self.file = file
        self.columns = columns
        self.value_column = columns.get("rating") or columns.get("weight")

    def parse(self, line: int, row: Any
              ) -> tuple[tuple[str, str, float, float] | None, list[RowError]]:
        if isinstance(row, Unparseable):
            return None, [RowError(self.file, line, None, row.reason)]
        errors: list[RowError] = []

        def bad(column: str, message: str) -> None:
            errors.append(RowError(self.file, line, column, message))

        user = self._id(row, self.columns["user"], bad)
        item = self._id(row, self.columns["item"], bad)
        value = self._value(row, bad)
        when = self._timestamp(row, bad)
        if errors:
            return None, errors
        assert user is not None and item is not None
        return (user, item, value, when), []

    def _id(self, row: Mapping[str, Any], column: str, bad: Any) -> str | None:
        raw = row.get(column)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # JSON 12.0 means the id 12
        text = "" if raw is None else str(raw).strip()
        if not text:
            bad(column, "is missing")
            return None
        if len(text) > MAX_ID_LENGTH:
            bad(column, f"is {len(text)} characters long; ids are at most {MAX_ID_LENGTH}")
            return None
        return text

    def _value(self, row: Mapping[str, Any], bad: Any) -> float:
        column = self.value_column
        raw = row.get(column) if column else None
        if column is None or raw is None or (isinstance(raw, str) and not raw.strip()):
            if column is not None and column == self.columns.get("rating"):
                bad(column, "is missing")
            return 1.0
        try:
            value = float(raw)
        except (TypeError, ValueError):
            bad(column, f"{str(raw)[:40]!r} is not a number")
            return 0.0
        if not math.isfinite(value):
            bad(column, f"{raw!r} is not a finite number")
        elif value < 0 and column == self.columns.get("weight"):
            bad(column, f"weight {value:g} is negative")
        return value

    def _timestamp(self, row: Mapping[str, Any], bad: Any) -> float:
        column = self.columns.get("timestamp")
        raw = row.get(column) if column else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return math.nan
        text = str(raw).strip()
        try:
            return float(text)
        except ValueError:
            pass
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
        except ValueError:
            assert column is not None
            bad(column, f"{text[:40]!r} is neither seconds since the epoch nor an ISO 8601 date")
            return math.nan
