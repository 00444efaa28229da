"""Filtered search from memory: the exact nearest items among those a `where` clause matches.

Chroma answers a query with a `where` clause by scanning the items the clause
matches, which costs time per matched item: 730 ms at 100k items for a broad
filter (docs/benchmarks.md). Here a `FilterTable` holds one version of the index
in memory: every item's normalised embedding (float32) and its attributes as
columns. A filtered query evaluates the clause over the columns with numpy (a
mask), scores the matched items with one matrix-vector product and keeps the top
k: an exact filtered search, a few ms at 100k items whatever share of the items
the filter matches, so no strategy needs choosing by selectivity.

A version never changes once readers see it (indexes/versions.py): a table is
read once per version, in the background, and Chroma answers until it is ready.
It is read through `collection.get`, so it works the same on embedded Chroma and
on a Chroma server. A clause it cannot evaluate exactly as Chroma does (an
operator, a field or a value type it does not know) returns None: Chroma answers.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

import numpy as np

PAGE = 1_000  # items read from Chroma per request: larger pages grow its heap for good
MAX_ITEMS = 1_000_000  # past this (1.5 GB of float32 at 384 dimensions) Chroma answers
NOT_ATTRIBUTES = ("title", "description")  # stored beside the attributes; never filtered on
COMPARISONS: dict[str, Callable[[np.ndarray, float], np.ndarray]] = {
    "$gt": np.greater, "$gte": np.greater_equal, "$lt": np.less, "$lte": np.less_equal}

Mask = np.ndarray  # one bool per item, in table order
log = logging.getLogger(__name__)
# A table still being read when the program ends is waited for this long: a thread inside
# Chroma's native code while Python shuts down crashes the process ("recbot chat" of one
# message, piped).
EXIT_WAIT_S = 60.0
_loading: set[threading.Event] = set()


@atexit.register
def _let_loads_finish() -> None:
    for ready in list(_loading):
        ready.wait(EXIT_WAIT_S)


class Column:
    """One attribute over every item, in the forms a clause is evaluated on.

    Chroma compares numbers with numbers (an int equals the same float), and
    strings and booleans only with their own kind (True is not 1); list values
    answer $contains and $not_contains only.
    """

    def __init__(self, size: int):
        self.numbers = np.full(size, np.nan)  # NaN: missing, or not a number
        self.codes = np.full(size, -1, dtype=np.int32)  # str/bool value -> code; -1: none
        self.code_of: dict[tuple[bool, Any], int] = {}
        self.members: dict[tuple[bool, Any], Any] = {}  # list element -> its rows
        self.has_lists = self.has_scalars = False

    def add(self, row: int, value: Any) -> None:
        if isinstance(value, list):
            self.has_lists = True
            for element in set(map(_key, value)):
                self.members.setdefault(element, []).append(row)
            return
        self.has_scalars = True
        if _is_number(value):
            self.numbers[row] = value
        else:
            self.codes[row] = self.code_of.setdefault(_key(value), len(self.code_of))

    def finish(self) -> None:
        self.members = {k: np.asarray(v, dtype=np.int32) for k, v in self.members.items()}

    def test(self, operator: str, operand: Any) -> Mask | None:
        """Rows whose value satisfies `operator operand` as Chroma would, or None."""
        if self.has_lists:  # lists only: $contains; lists and single values: ask Chroma
            if not self.has_scalars and operator in ("$contains", "$not_contains") \
                    and _is_scalar(operand):
                found = np.zeros(len(self.codes), dtype=bool)
                found[self.members.get(_key(operand), [])] = True
                return found if operator == "$contains" else ~found
            return None
        if operator in COMPARISONS:
            if not _is_number(operand):
                return None
            with np.errstate(invalid="ignore"):
                return COMPARISONS[operator](self.numbers, operand)
        if operator in ("$eq", "$ne") and _is_scalar(operand):
            equal = self._equal(operand)
            return equal if operator == "$eq" else ~equal
        if operator in ("$in", "$nin") and isinstance(operand, list) and operand and all(
                map(_is_scalar, operand)) and len({type(v) for v in operand}) == 1:
            found = np.zeros(len(self.codes), dtype=bool)
            for value in operand:
                found |= self._equal(value)
            return found if operator == "$in" else ~found
        return None

    def _equal(self, value: Any) -> Mask:
        if _is_number(value):
            return self.numbers == value
        return self.codes == self.code_of.get(_key(value), -2)


class FilterTable:
    """One version of an index in memory: ids, embeddings, attribute columns."""

    def __init__(self, ids: list[str], vectors: np.ndarray, metadatas: list[Mapping[str, Any]]):
        self.ids = ids
        self.vectors = vectors  # as stored: the item cache keeps views of its rows
        self.vectors.setflags(write=False)
        norms = np.linalg.norm(vectors, axis=1)
        self.norms = np.where(norms > 0, norms, np.inf).astype(np.float32)  # 0: scores 0
        self.columns: dict[str, Column] = {}
        for row, meta in enumerate(metadatas):
            for name, value in meta.items():
                if not _attribute(name) or value is None:
                    continue
                column = self.columns.get(name)
                if column is None:
                    column = self.columns[name] = Column(len(ids))
                column.add(row, value)
        for column in self.columns.values():
            column.finish()

    @classmethod
    def read(cls, collection: Any) -> FilterTable:
        """Every item of a collection, read page by page (a version is never written to)."""
        ids: list[str] = []
        vectors: list[np.ndarray] = []
        metadatas: list[Mapping[str, Any]] = []
        while True:
            page = collection.get(include=["embeddings", "metadatas"], limit=PAGE,
                                  offset=len(ids))
            if page["ids"]:
                ids += page["ids"]
                vectors.append(np.asarray(page["embeddings"], dtype=np.float32))
                metadatas += [{name: value for name, value in meta.items() if _attribute(name)}
                              for meta in page["metadatas"]]  # the rest is let go now
            if len(page["ids"]) < PAGE:
                break
        return cls(ids, np.concatenate(vectors) if ids else np.zeros((0, 1), np.float32),
                   metadatas)

    @cached_property
    def _row_of(self) -> dict[str, int]:
        return {item_id: row for row, item_id in enumerate(self.ids)}

    def embeddings(self, ids: list[str]) -> tuple[list[str], list[np.ndarray]]:
        """(ids found, their embeddings as stored): views of the table's rows, not copies."""
        rows = [(item_id, self._row_of.get(item_id)) for item_id in ids]
        found = [(item_id, row) for item_id, row in rows if row is not None]
        return [item_id for item_id, _ in found], [self.vectors[row] for _, row in found]

    def mask(self, where: Mapping[str, Any]) -> Mask | None:
        """Which items `where` matches, or None if it is not evaluated here as in Chroma
        (which also refuses what is not one field, one operator, or two clauses or more)."""
        if len(where) != 1:
            return None
        (name, condition), = where.items()
        if name in ("$and", "$or"):
            if not isinstance(condition, list) or len(condition) < 2:
                return None
            parts = [self.mask(clause) if isinstance(clause, Mapping) else None
                     for clause in condition]
            masks = [part for part in parts if part is not None]
            if len(masks) < len(parts):
                return None
            return (np.logical_and if name == "$and" else np.logical_or).reduce(masks)
        if name.startswith("$") or not _attribute(name):
            return None
        if not isinstance(condition, Mapping):
            condition = {"$eq": condition}
        if len(condition) != 1:
            return None
        (operator, operand), = condition.items()
        column = self.columns.get(name) or Column(len(self.ids))  # no item has it
        return column.test(operator, operand)

    def nearest(self, vector: np.ndarray, k: int, where: Mapping[str, Any]
                ) -> tuple[list[str], list[float]] | None:
        """(ids, cosine distances) of the `k` items closest to `vector` that `where`
        matches, closest first; None if `where` is not evaluated here."""
        mask = self.mask(where)
        if mask is None:
            return None
        query = np.asarray(vector, dtype=np.float32).ravel()
        norm = float(np.linalg.norm(query))
        query = query / norm if norm else query
        rows = np.flatnonzero(mask)
        if not len(rows):
            return [], []
        if len(rows) * 4 > len(self.ids):  # a broad filter: one product over every item
            scores = (self.vectors @ query)[rows] / self.norms[rows]
        else:
            scores = (self.vectors[rows] @ query) / self.norms[rows]
        if k < len(rows):
            top = np.argpartition(-scores, k - 1)[:k]
            rows, scores = rows[top], scores[top]
        order = np.argsort(-scores, kind="stable")
        return ([self.ids[row] for row in rows[order]],
                [1.0 - float(score) for score in scores[order]])


class TableLoader:
    """The table of one version, read once, in a background thread unless `background`
    is False; `table()` is None until it is ready (or when it cannot be used), and
    `loaded` is the table if it was read, without starting to read it."""

    def __init__(self, collection: Any, *, background: bool = True):
        self._collection = collection
        self._background = background
        self._lock = threading.Lock()
        self._started = False
        self._table: FilterTable | None = None
        self.ready = threading.Event()  # set when loading ended, with a table or not

    @property
    def loaded(self) -> FilterTable | None:
        return self._table

    def table(self, *, wait: bool = False) -> FilterTable | None:
        if self._table is None and not self._started:
            with self._lock:
                start, self._started = not self._started, True
            if start and self._background:
                _loading.add(self.ready)
                threading.Thread(target=self._load, name="recbot-filter-table",
                                 daemon=True).start()
            elif start:
                self._load()
        if wait:
            self.ready.wait()
        return self._table

    def _load(self) -> None:
        try:
            if int(self._collection.count()) <= MAX_ITEMS:
                self._table = FilterTable.read(self._collection)
        except Exception:  # e.g. the version retired meanwhile: Chroma keeps answering
            log.warning("filtered search stays with Chroma: its items could not be read",
                        exc_info=True)
        finally:
            self.ready.set()
            _loading.discard(self.ready)


def _attribute(name: str) -> bool:
    """Whether a metadata key is an item attribute (not its title, text or hashes)."""
    return name not in NOT_ATTRIBUTES and not name.startswith("_")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | bool) or _is_number(value)


def _key(value: Any) -> tuple[bool, Any]:
    """A dict key under which True and 1 stay apart, as in Chroma."""
    return isinstance(value, bool), value
