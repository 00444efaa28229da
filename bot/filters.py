"""Search filters: `FIELD=VALUE` conditions turned into a Chroma `where` clause.

Filters are checked against what the index knows of its catalog (field types and
value vocabularies), so a typo is an error with a suggestion rather than a
search that silently finds nothing. Text values match case-insensitively, and
`FIELD=A|B` means any of the values (`FIELD!=A|B`: none of them).

    >>> build_where(fields, vocabulary, ["genres=comedy", "year>=2000"], max_price=None)
    {'$and': [{'genres': {'$contains': 'Comedy'}}, {'year': {'$gte': 2000}}]}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rapidfuzz import process

from bot.catalog import parse_bool
from bot.errors import FilterError

CONDITION = re.compile(r"^\s*([A-Za-z_][\w\-]*)\s*(!=|>=|<=|=|>|<)\s*(.*?)\s*$")
NUMERIC_OPERATORS = {"=": "$eq", "!=": "$ne", ">": "$gt", ">=": "$gte", "<": "$lt", "<=": "$lte"}


def parse_condition(text: str) -> tuple[str, str, str]:
    """'year>=2000' -> ('year', '>=', '2000')."""
    match = CONDITION.match(text)
    if not match or not match.group(3):
        raise FilterError(f"cannot read filter {text!r}; write FIELD=VALUE (or !=, <, <=, >, >=)")
    return match.group(1), match.group(2), match.group(3)


def build_where(
    fields: Mapping[str, str],
    vocabulary: Mapping[str, Sequence[str]],
    conditions: Sequence[str] = (),
    *,
    max_price: float | None = None,
    min_price: float | None = None,
) -> dict[str, Any] | None:
    """A Chroma `where` clause for the conditions, or None when there are none."""
    clauses = [_clause(fields, vocabulary, *parse_condition(c)) for c in conditions]
    for bound, operator in ((max_price, "<="), (min_price, ">=")):
        if bound is not None:
            clauses.append(_clause(fields, vocabulary, "price", operator, str(bound)))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _clause(fields: Mapping[str, str], vocabulary: Mapping[str, Sequence[str]],
            name: str, operator: str, raw: str) -> dict[str, Any]:
    kind = fields.get(name)
    if kind is None:
        known = ", ".join(sorted(fields)) or "none"
        hint = _suggest(name, list(fields))
        raise FilterError(f"the catalog has no field {name!r}{hint}; fields: {known}")
    if kind in ("int", "float"):
        return {name: {NUMERIC_OPERATORS[operator]: _number(name, raw, kind)}}
    if operator not in ("=", "!="):
        raise FilterError(f"{name} is a {_describe(kind)} field; only = and != apply to it")
    if kind == "bool":
        value: Any = _boolean(name, raw)
        return {name: value} if operator == "=" else {name: {"$ne": value}}
    values = [_known_value(name, part.strip(), vocabulary.get(name)) for part in raw.split("|")
              if part.strip()]
    if kind == "list":
        test = "$contains" if operator == "=" else "$not_contains"
        clauses = [{name: {test: value}} for value in values]
        if len(clauses) == 1:
            return clauses[0]
        return {"$or": clauses} if operator == "=" else {"$and": clauses}
    if len(values) > 1:
        return {name: {"$in" if operator == "=" else "$nin": values}}
    return {name: values[0]} if operator == "=" else {name: {"$ne": values[0]}}


def _number(name: str, raw: str, kind: str) -> int | float:
    try:
        number = float(raw)
    except ValueError:
        raise FilterError(f"{name} is a number field; {raw!r} is not a number") from None
    return int(number) if kind == "int" and number.is_integer() else number


def _boolean(name: str, raw: str) -> bool:
    flag = parse_bool(raw)
    if flag is None:
        raise FilterError(f"{name} is true or false; {raw!r} is neither")
    return flag


def _known_value(name: str, raw: str, known: Sequence[str] | None) -> str:
    """The catalog's own spelling of `raw` (case-insensitive), or an error with a suggestion."""
    if not known:  # too many distinct values to keep: match exactly as typed
        return raw
    by_lower = {v.lower(): v for v in known}
    if raw.lower() in by_lower:
        return by_lower[raw.lower()]
    raise FilterError(f"no item has {name} {raw!r}{_suggest(raw, list(known))}")


def _suggest(word: str, choices: list[str]) -> str:
    best = process.extractOne(word, choices, score_cutoff=60) if choices else None
    return f" (did you mean {best[0]!r}?)" if best else ""


def _describe(kind: str) -> str:
    return {"str": "text", "list": "list", "bool": "true/false"}.get(kind, kind)
