"""One turn's writes to the profile store, each made once.

When the LLM agent fails part-way through a turn (a timeout after it already
recorded "you liked Heat"), the offline engine answers the same message and reads
the same like from it. Both write through one `TurnStore`, so what the agent
stored is kept and nothing is written twice: a write identical to one already
made this turn is skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.profiles import Feedback, Message, Profile, ProfileStore


class TurnStore:
    """A `ProfileStore` for one turn: reads pass through, repeated writes are skipped."""

    def __init__(self, store: ProfileStore):
        self.store = store
        self.writes: list[tuple[Any, ...]] = []  # what was written this turn, in order

    def profile(self, session_id: str, catalog: str) -> Profile:
        return self.store.profile(session_id, catalog)

    def history(self, session_id: str, catalog: str, limit: int = 50) -> list[Message]:
        return self.store.history(session_id, catalog, limit)

    def record_feedback(self, session_id: str, catalog: str, item_id: str,
                        kind: Feedback) -> None:
        key = ("feedback", session_id, catalog, item_id, kind)
        if key not in self.writes:
            self.store.record_feedback(session_id, catalog, item_id, kind)
            self.writes.append(key)

    def set_preferences(self, session_id: str, catalog: str, **changes: Any) -> None:
        wanted = {k: v for k, v in changes.items() if v is not None and v is not False}
        key = ("preferences", session_id, catalog, tuple(sorted(wanted.items())))
        if wanted and key not in self.writes:
            self.store.set_preferences(session_id, catalog, **wanted)
            self.writes.append(key)

    def exclude_topics(self, session_id: str, catalog: str, add: Iterable[str] = (),
                       remove: Iterable[str] = ()) -> None:
        added = [t for t in map(_topic, add) if ("exclude", session_id, catalog, t)
                 not in self.writes]
        removed = [t for t in map(_topic, remove) if ("allow", session_id, catalog, t)
                   not in self.writes]
        if added or removed:
            self.store.exclude_topics(session_id, catalog, add=added, remove=removed)
            self.writes += [("exclude", session_id, catalog, t) for t in added]
            self.writes += [("allow", session_id, catalog, t) for t in removed]


def _topic(text: str) -> str:
    return " ".join(str(text).lower().split())  # as the store keeps it
