"""Errors raised by recbot.

    RecbotError
    ├── ConfigError              a setting is missing, unknown or malformed
    ├── CatalogError             a catalog file cannot be read as a whole
    │   └── CatalogValidationError   one or more rows are bad (file, line, field)
    ├── InteractionsError        an interaction log cannot be read as a whole
    │   └── InteractionsValidationError  one or more rows are bad (file, line, field)
    ├── ModelNotTrainedError     no collaborative model has been trained for the catalog
    ├── UnknownItemError         an item id the catalog does not have
    ├── SubstitutionError        no safe substitute can be looked for (the item has no price
    │                            or category) or a proposed pair crosses categories
    ├── QueryError               a search request is empty or malformed
    │   └── FilterError          a search filter names an unknown field or bad value
    ├── IndexNotFoundError       no index exists for the catalog asked for
    ├── EmbeddingModelError      the embedding model cannot be loaded
    ├── PromptError              a prompt template is missing or names an undefined variable
    └── LLMError                 the LLM gave no usable answer (the offline engine answers)
        ├── LLMUnavailableError  timeout, connection refused, rate limit, HTTP 4xx/5xx
        └── LLMResponseError     malformed or unknown tool call, no grounded picks, loops

Errors become user-facing messages only at the edge (CLI, web); inside, callers
catch precisely.
"""

from __future__ import annotations

from dataclasses import dataclass


class RecbotError(Exception):
    """Base class of every error recbot raises on purpose."""


class ConfigError(RecbotError):
    """A setting is missing, unknown or malformed."""


class CatalogError(RecbotError):
    """A catalog file cannot be read at all (missing, wrong format, bad header)."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an input file."""

    file: str
    line: int
    field: str | None
    message: str
    item_id: str | None = None  # set when the bad row still had a usable id

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class CatalogValidationError(CatalogError):
    """Rows of a catalog failed validation; `errors` names each file, line and field."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_list_rows(errors))


def _list_rows(errors: list[RowError], limit: int = 20) -> str:
    shown = "\n".join(f"  {e}" for e in errors[:limit])
    more = f"\n  ... and {len(errors) - limit} more" if len(errors) > limit else ""
    return f"{len(errors)} bad row(s):\n{shown}{more}"


class InteractionsError(RecbotError):
    """An interaction log cannot be read at all (missing, wrong format, no id columns)."""


class InteractionsValidationError(InteractionsError):
    """Rows of an interaction log failed validation; `errors` names file, line and field."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_list_rows(errors))


class ModelNotTrainedError(RecbotError):
    """No collaborative model has been trained for the catalog asked for."""


class UnknownItemError(RecbotError):
    """An item id that the catalog does not have."""


class SubstitutionError(RecbotError):
    """Substitutes cannot be looked for safely: the item (or the catalog) lacks a price or a
    category path, or a pair of items does not share one."""


class QueryError(RecbotError):
    """A search request is empty or malformed."""


class FilterError(QueryError):
    """A filter names a field the catalog does not have, or a value of the wrong type."""


class IndexNotFoundError(RecbotError):
    """No index has been built for the catalog asked for."""


class EmbeddingModelError(RecbotError):
    """The embedding model cannot be found or loaded."""


class PromptError(RecbotError):
    """A prompt template is missing, or renders with a variable that was not given."""


class LLMError(RecbotError):
    """The LLM could not give a usable answer; `reason` is a short code for logs and counts."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


class LLMUnavailableError(LLMError):
    """The endpoint failed: timeout, connection error, rate limit, HTTP 4xx/5xx."""


class LLMResponseError(LLMError):
    """The model answered, but not usably: malformed or unknown tool calls, invented
    picks only, or tool calls that never end."""
