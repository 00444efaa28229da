"""The catalog model and its loaders (CSV and JSONL), with row-level validation.

An item has an id, a title, a description and any attributes. A `ColumnMapping`
maps a user's own column names and types onto that model, so their file loads
without editing. Every bad row is reported with file, line and field; the caller
chooses to fail on the first one or to skip bad rows and get a report.

    >>> result = load_catalog("movies.csv", ColumnMapping(id="movieId"), on_error="skip")
    >>> result.items[0].title, [str(e) for e in result.errors]
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.errors import CatalogError, CatalogValidationError, RowError
from bot.rows import Unparseable, read_header, read_rows

AttrValue = str | int | float | bool | list[str]
# "auto" keeps a value as the file gives it: JSON numbers, booleans and lists stay so,
# CSV values stay text.
FieldType = Literal["str", "int", "float", "bool", "list", "auto"]
FIELD_TYPES: tuple[str, ...] = ("str", "int", "float", "bool", "list", "auto")
OnError = Literal["fail", "skip"]

# The one column a file may lack though the mapping names it: a catalog need not have descriptions.
DEFAULT_DESCRIPTION = "description"
# Names reserved for the item itself or for recbot's bookkeeping in the index.
RESERVED_NAMES = {"id", "title", "description"}
RESERVED_PREFIXES = ("_", "recbot")

# Types assumed for common attribute names when the mapping does not say;
# any other CSV column is kept as text.
WELL_KNOWN_TYPES: dict[str, FieldType] = {
    "price": "float",
    "market_price": "float",
    "rating": "float",
    "avg_rating": "float",
    "popularity": "float",
    "mentions": "float",
    "year": "int",
    "in_stock": "bool",
    "genres": "list",
    "tags": "list",
}

TRUE_WORDS = {"true", "yes", "y", "1", "t", "in stock", "instock"}
FALSE_WORDS = {"false", "no", "n", "0", "f", "out of stock", "outofstock"}


CATALOG_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,62}$")  # a catalog's own name


def parse_bool(raw: Any) -> bool | None:
    """True/False for the usual spellings of yes and no, None for anything else."""
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


@dataclass(frozen=True)
class Limits:
    """Longest text accepted per field, in characters; longer is a bad row, not a silent cut."""

    title: int = 500
    description: int = 20_000
    attribute: int = 2_000
    list_items: int = 200


@dataclass(frozen=True)
class FieldSpec:
    """Where an attribute comes from in the source file, and its type."""

    column: str
    type: FieldType = "str"
    separator: str = "|"  # for "list" fields stored as text


@dataclass(frozen=True)
class ColumnMapping:
    """How a source file's columns map onto items.

    `attributes` maps an attribute name to the column it is read from and its type.
    With `keep_other_columns`, columns not named anywhere become attributes too
    (typed by `WELL_KNOWN_TYPES`, else text). `drop` lists columns to ignore.
    Every column named must be in the file (see `named_columns`).
    """

    id: str = "id"
    title: str = "title"
    description: str | None = DEFAULT_DESCRIPTION
    attributes: Mapping[str, FieldSpec] = field(default_factory=dict)
    keep_other_columns: bool = True
    drop: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ColumnMapping:
        """Build from a parsed mapping file; unknown keys and types are errors."""
        allowed = {"id", "title", "description", "attributes", "keep_other_columns", "drop"}
        unknown = set(raw) - allowed
        if unknown:
            raise CatalogError(
                f"unknown key(s) in column mapping: {', '.join(sorted(unknown))}; "
                f"allowed: {', '.join(sorted(allowed))}"
            )
        attributes: dict[str, FieldSpec] = {}
        for name, spec in (raw.get("attributes") or {}).items():
            attributes[name] = _field_spec(name, spec)
        drop = raw.get("drop") or []
        if not isinstance(drop, list):  # a bare string would be read as one column per letter
            raise CatalogError("drop: expected a list of column names, e.g. drop: [notes]")
        mapping = cls(
            id=str(raw.get("id", "id")),
            title=str(raw.get("title", "title")),
            description=None if raw.get("description", "description") is None
            else str(raw.get("description", "description")),
            attributes=attributes,
            keep_other_columns=bool(raw.get("keep_other_columns", True)),
            drop=tuple(str(column) for column in drop),
        )
        mapping.check_names()
        return mapping

    @classmethod
    def from_file(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping from a YAML or JSON file."""
        path = Path(path)
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CatalogError(f"cannot read column mapping {path}: {exc}") from exc
        if not isinstance(raw, dict):
            raise CatalogError(f"column mapping {path} must be a mapping of keys to values")
        return cls.from_dict(raw)

    def check_names(self) -> None:
        for name in self.attributes:
            if name in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES):
                raise CatalogError(f"attribute name {name!r} is reserved; choose another")

    def named_columns(self) -> dict[str, str]:
        """Each source column the mapping names, with what for; the file must have them all.

        A name that matches nothing would silently empty a field (and, for the
        description, drop the file's real one), so it is an error, not a default.
        """
        named = {self.id: "for id", self.title: "for title"}
        if self.description not in (None, DEFAULT_DESCRIPTION):
            named[self.description] = "for description"
        named.update({spec.column: f"for {name}" for name, spec in self.attributes.items()})
        named.update({column: "to drop" for column in self.drop})
        return named

    def spec_for_column(self, column: str) -> tuple[str, FieldSpec] | None:
        """The attribute a source column feeds, or None if the column is not used."""
        for name, spec in self.attributes.items():
            if spec.column == column:
                return name, spec
        core = {self.id, self.title, self.description}
        if column in core or column in self.drop or not self.keep_other_columns:
            return None
        name = column.strip()
        if not name or name in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES):
            return None
        return name, FieldSpec(column=column, type=WELL_KNOWN_TYPES.get(name, "auto"))


def _field_spec(name: str, spec: Any) -> FieldSpec:
    if isinstance(spec, str):  # shorthand: `price: sale_price`
        return FieldSpec(column=spec, type=WELL_KNOWN_TYPES.get(name, "str"))
    if not isinstance(spec, Mapping):
        raise CatalogError(f"attribute {name!r}: expected a column name or a mapping")
    unknown = set(spec) - {"column", "type", "separator"}
    if unknown:
        raise CatalogError(f"attribute {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
    kind = spec.get("type", WELL_KNOWN_TYPES.get(name, "str"))
    if kind not in FIELD_TYPES:
        raise CatalogError(f"attribute {name!r}: type must be one of {', '.join(FIELD_TYPES)}")
    return FieldSpec(column=str(spec.get("column", name)), type=kind,
                     separator=str(spec.get("separator", "|")))


@dataclass(frozen=True)
class Item:
    """One catalog entry."""

    id: str
    title: str
    description: str = ""
    attributes: Mapping[str, AttrValue] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "description": self.description,
                **self.attributes}

    def values(self, name: str) -> list[str]:
        """The text values of field `name`, one or a list: [] when it has none."""
        value = self.attributes.get(name)
        return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]

    @property
    def text(self) -> str:
        """The title, the description and every field's values, as one text."""
        values: list[object] = []
        for value in self.attributes.values():
            values += value if isinstance(value, list) else [value]
        return " ".join([self.title, self.description, *map(str, values)])


@dataclass
class LoadResult:
    """Items that passed validation, and every row that did not (when skipping)."""

    items: list[Item]
    errors: list[RowError]
    rows_read: int

    @property
    def bad_rows(self) -> int:
        return len({e.line for e in self.errors})

    @property
    def skipped_ids(self) -> set[str]:
        """Ids of bad rows that still had an id: their stored versions must be kept."""
        return {e.item_id for e in self.errors if e.item_id}


def load_catalog(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    on_error: OnError = "fail",
    limits: Limits | None = None,
) -> LoadResult:
    """Load and validate a CSV or JSONL catalog.

    With `on_error="fail"` the first bad row raises `CatalogValidationError`;
    with `"skip"` bad rows are left out and listed in `LoadResult.errors`.
    """
    path = Path(path)
    mapping = mapping or ColumnMapping()
    limits = limits or Limits()
    if on_error not in ("fail", "skip"):
        raise ValueError(f"on_error must be 'fail' or 'skip', not {on_error!r}")
    header = read_header(path)
    if header is not None:
        _check_columns(path, mapping.named_columns(), header, in_header=True)
    rows = read_rows(path)
    validator = _RowValidator(path.name, mapping, limits)
    items: list[Item] = []
    errors: list[RowError] = []
    fields_seen: set[str] = set()  # JSONL has no header: a column exists if any row has it
    count = 0
    for line, row in rows:
        count += 1
        if header is None and isinstance(row, dict):
            fields_seen.update(row)
        item, row_errors = validator.validate(line, row)
        if row_errors:
            if on_error == "fail":
                raise CatalogValidationError(row_errors[:1])
            errors.extend(row_errors)
        elif item is not None:
            items.append(item)
    if count == 0:
        raise CatalogError(f"{path}: no rows found")
    if header is None:
        _check_columns(path, mapping.named_columns(), sorted(fields_seen), in_header=False)
    return LoadResult(items=items, errors=errors, rows_read=count)


def _check_columns(path: Path, named: Mapping[str, str], present: Collection[str], *,
                   in_header: bool) -> None:
    missing = [column for column in named if column not in present]
    if not missing:
        return
    where, have = ("in the header", "the file has") if in_header else ("in any row",
                                                                        "the rows have")
    listed = ", ".join(f"{column!r} ({named[column]})" for column in missing)
    guesses = [(column, close[0]) for column in missing
               if (close := difflib.get_close_matches(column, present, n=1))]
    hint = ""
    if len(missing) == 1 and guesses:
        hint = f"; did you mean {guesses[0][1]!r}?"
    elif guesses:
        hint = "; did you mean " + ", ".join(f"{g!r} for {c!r}" for c, g in guesses) + "?"
    raise CatalogError(f"{path}: column(s) {listed} not found {where}; {have}: "
                       f"{_column_list(present)}{hint}")


def _column_list(columns: Collection[str], shown: int = 20, width: int = 40) -> str:
    """Column names for a message, kept short however wide or odd the file is."""
    names = [c if len(c) <= width else c[:width - 3] + "..." for c in list(columns)[:shown]]
    more = f", ... ({len(columns)} in all)" if len(columns) > shown else ""
    return (", ".join(names) or "no columns") + more


class _RowValidator:
    """Turns one raw row into an Item, or into the list of what is wrong with it."""

    def __init__(self, file: str, mapping: ColumnMapping, limits: Limits):
        self.file = file
        self.mapping = mapping
        self.limits = limits
        self.first_line_of: dict[str, int] = {}

    def validate(self, line: int, row: Any) -> tuple[Item | None, list[RowError]]:
        if isinstance(row, Unparseable):
            return None, [RowError(self.file, line, None, row.reason)]
        errors: list[RowError] = []

        def bad(field_name: str | None, message: str) -> None:
            errors.append(RowError(self.file, line, field_name, message))

        item_id = self._text(row.get(self.mapping.id), self.mapping.id, bad, self.limits.title)
        title = self._text(row.get(self.mapping.title), self.mapping.title, bad,
                           self.limits.title)
        description = ""
        if self.mapping.description is not None:
            description = self._text(row.get(self.mapping.description),
                                     self.mapping.description, bad,
                                     self.limits.description) or ""
        if errors:  # an unreadable id or title makes the checks below meaningless
            return None, [replace(e, item_id=item_id or None) for e in errors]
        if not item_id:
            bad(self.mapping.id, "missing id")
        if not title:
            bad(self.mapping.title, "missing title")
        attributes: dict[str, AttrValue] = {}
        for column, raw in row.items():
            target = self.mapping.spec_for_column(column)
            if target is None or raw is None or raw == "":
                continue
            name, spec = target
            value = self._convert(raw, spec, column, bad)
            if value is not None:
                attributes[name] = value
        if item_id and item_id in self.first_line_of:
            bad(self.mapping.id,
                f"duplicate id {item_id!r} (first seen on line {self.first_line_of[item_id]})")
        if errors:
            return None, [replace(e, item_id=item_id or None) for e in errors]
        assert item_id and title
        self.first_line_of[item_id] = line
        return Item(item_id, title, description, attributes), []

    def _text(self, raw: Any, name: str, bad, limit: int) -> str | None:  # noqa: ANN001
        if raw is None:
            return None
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            bad(name, f"expected text, got {type(raw).__name__}")
            return None
        text = str(raw).strip()
        if _has_undecodable(text):
            bad(name, "not valid UTF-8 " + _undecodable_hint(text))
            return None
        if len(text) > limit:
            bad(name, f"text is {len(text):,} characters long; the limit is {limit:,}")
            return None
        return text

    def _convert(self, raw: Any, spec: FieldSpec, column: str, bad) -> AttrValue | None:  # noqa: ANN001
        if isinstance(raw, str):
            if _has_undecodable(raw):
                bad(column, "not valid UTF-8 " + _undecodable_hint(raw))
                return None
            raw = raw.strip()
            if raw == "":
                return None
        try:
            value = _coerce(raw, spec)
        except ValueError as exc:
            bad(column, str(exc))
            return None
        too_long = (
            isinstance(value, str) and len(value) > self.limits.attribute
        ) or (
            isinstance(value, list)
            and (len(value) > self.limits.list_items
                 or any(len(v) > self.limits.attribute for v in value))
        )
        if too_long:
            bad(column, f"value is longer than the limit of {self.limits.attribute:,} "
                        f"characters or {self.limits.list_items} list entries")
            return None
        return value


def _coerce(raw: Any, spec: FieldSpec) -> AttrValue:
    kind = spec.type
    if kind == "auto":
        if isinstance(raw, list):
            kind = "list"
        elif isinstance(raw, bool) or (isinstance(raw, int | float) and math.isfinite(raw)):
            return raw
        elif isinstance(raw, float):
            raise ValueError(f"expected a finite number, got {_show(raw)}")
        else:
            kind = "str"
    if kind == "list":
        if isinstance(raw, str):
            return [p.strip() for p in raw.split(spec.separator) if p.strip()]
        if isinstance(raw, list) and all(isinstance(v, str | int | float) and
                                         not isinstance(v, bool) for v in raw):
            return [str(v).strip() for v in raw if str(v).strip()]
        raise ValueError(f"expected a list of text values, got {_show(raw)}")
    if kind == "bool":
        flag = parse_bool(raw)
        if flag is None:
            raise ValueError(f"expected true/false, got {_show(raw)}")
        return flag
    if kind in ("int", "float"):
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise ValueError(f"expected a number, got {_show(raw)}")
        try:
            number = float(str(raw).replace(",", "")) if isinstance(raw, str) else float(raw)
        except ValueError:
            raise ValueError(f"expected a number, got {_show(raw)}") from None
        if not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {_show(raw)}")
        if kind == "int":
            if not number.is_integer():
                raise ValueError(f"expected a whole number, got {_show(raw)}")
            return int(number)
        return number
    if isinstance(raw, str | int | float) and not isinstance(raw, bool):
        return str(raw)
    raise ValueError(f"expected text, got {_show(raw)}")


def _show(raw: Any) -> str:
    text = json.dumps(raw, ensure_ascii=False) if not isinstance(raw, str) else repr(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _has_undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _undecodable_hint(text: str) -> str:
    position = next(i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff")
    byte = ord(text[position]) - 0xDC00
    return f"(byte 0x{byte:02x} at character {position + 1})"
