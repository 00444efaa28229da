"""Picks as people see them: one `PickView` builder and the numbered lines of a reply.

Every engine presents its picks through `pick_view`, so a title is written the way
people write it and a summary is at the person's reading level and detail,
whichever engine answered.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog import Item
from bot.profiles import Profile
from bot.summaries import summarise
from bot.titles import display_title
from bot.turn import PickView


def pick_view(item: Item, profile: Profile, why: str, score: float = 0.0, *,
              summary: str | None = None) -> PickView:
    """A pick at the person's reading level and detail, its title as people write it.
    `summary` is one already written for this person (by the LLM, grounded)."""
    if summary is None:
        summary = summarise(item, profile.reading_level, profile.detail)
    return PickView(item.id, display_title(item.title), summary, why, score)


def pick_lines(intro: str, picks: Sequence[PickView], numbers: Sequence[int] = ()) -> str:
    """The reply text: the intro, then "1. Title: summary (why)" for each pick (numbered
    with `numbers` when they are some of a list shown before)."""
    lines = [intro]
    for n, pick in zip(numbers or range(1, len(picks) + 1), picks, strict=True):
        lines.append(f"{n}. {pick.title}: {pick.summary} ({pick.why})")
    return "\n".join(lines)
