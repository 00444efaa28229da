"""Substitution as a service: one per `Bot`, shared by the dialogue, the agent's tools,
the HTTP API and the CLI.

It keeps each catalog's `Substituter` (the hard rules, ranking and the category guard,
with the acceptance model learned from shoppers' verdicts) and applies what a person
already rejected for an item to every later request of theirs.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from bot.constraints import Constraints
from bot.errors import SubstitutionError
from bot.substitution.acceptance import AcceptanceModel, PairRecord, SubstitutionStore
from bot.substitution.substituter import MAX_K, Substituter, SubstituteResult, Verdict

if TYPE_CHECKING:
    from bot.context import Context
    from bot.profiles import ProfileStore


REFUSED_ROOM = 10  # substitutes asked for beyond `k`, so that leaving refused ones out leaves k


class Substitutions:
    """Substitutes for people, and what they accepted or rejected."""

    def __init__(self, context: Context, profiles: ProfileStore,
                 store: SubstitutionStore | None = None):
        self.context = context
        self.profiles = profiles
        self.store = store or SubstitutionStore(context.settings.substitutions_store)
        self.default_band = context.settings.substitute_max_price_change
        self._substituters: dict[str, Substituter | None] = {}
        self._lock = threading.Lock()

    def substituter(self, catalog: str) -> Substituter:
        """The catalog's substitution engine; `SubstitutionError` when the catalog has no
        categories or prices to substitute by."""
        engine = self.engine_for(catalog)
        if engine is None:
            engine = Substituter(self.context.index(catalog))
            engine.rules()  # raises the reason
        return engine

    def engine_for(self, catalog: str) -> Substituter | None:
        """The catalog's engine, or None when it has no categories and prices (movies:
        "instead" there is not about stock)."""
        with self._lock:
            if catalog not in self._substituters:
                engine = Substituter(self.context.index(catalog),
                                     AcceptanceModel(self.store, catalog))
                try:
                    engine.rules()
                    self._substituters[catalog] = engine
                except SubstitutionError:
                    self._substituters[catalog] = None
            return self._substituters[catalog]

    def substitutes(self, session_id: str, catalog: str, item_id: str, k: int = 5,
                    **options: Any) -> SubstituteResult:
        """Substitutes for a person: what they rejected for this item stays out, and so
        does what they said no to ("not maggi"), as in every other answer. The price band
        is RECBOT_SUBSTITUTE_MAX_PRICE_CHANGE unless `max_price_change` is given."""
        options.setdefault("max_price_change", self.default_band)
        rejected = self.store.rejected_by(session_id, catalog, item_id)
        exclude = {*options.pop("exclude", ()), *rejected}
        refused = Constraints(excluded_topics=tuple(
            t.lower() for t in self.profiles.profile(session_id, catalog).excluded_topics))
        if not refused.excluded_topics:
            return self.substituter(catalog).substitutes(item_id, k, exclude=exclude, **options)
        result = self.substituter(catalog).substitutes(
            item_id, min(MAX_K, k + REFUSED_ROOM), exclude=exclude, **options)
        result.substitutes = [s for s in result.substitutes
                              if not refused.touches_excluded_topic(s.item)][:k]
        return result

    def feedback(self, session_id: str, catalog: str, original_id: str, substitute_id: str,
                 accepted: bool) -> PairRecord:
        """Record an accepted or rejected substitution (an accepted one joins the profile)."""
        record = self.substituter(catalog).record(original_id, substitute_id, accepted,
                                                  session_id=session_id)
        if accepted:
            self.profiles.record_feedback(session_id, catalog, substitute_id, "accepted")
        return record

    def check(self, catalog: str, original_id: str, candidate_id: str) -> Verdict:
        """May `candidate_id` be offered instead of `original_id`? Every hard rule and the
        category guard: for items an LLM or a person proposes."""
        return self.substituter(catalog).check(original_id, candidate_id)
