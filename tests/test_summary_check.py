"""A model's summary of a pick is shown only when it fits the reader and names nothing the
item does not."""

from __future__ import annotations

import pytest

from bot.agent.grounding import Grounder
from bot.agent.summary_check import model_summary_problem
from bot.catalog import Item
from bot.titles import TitleIndex

HEAT = Item("6", "Heat (1995)", "A group of high-end professional thieves start to feel the "
            "heat from the LAPD when they unknowingly leave a clue at their latest heist.",
            {"year": 1995, "director": ["Michael Mann"], "stars": ["Al Pacino", "Robert De Niro"],
             "genres": ["Action", "Crime"]})


@pytest.mark.parametrize("summary", [
    "A crime film where Al Pacino chases a team of thieves.",
    "Robert De Niro leads a crew of thieves in this 1995 film by Michael Mann.",
])
def test_a_summary_from_the_items_own_facts_is_shown(summary):
    assert model_summary_problem(summary, HEAT, "standard", "detailed") is None


@pytest.mark.parametrize(("summary", "why"), [
    ("Tom Cruise chases thieves in this film.", "'Cruise' is not in the item"),
    ("A heist film from 2031 with thieves.", "the number 2031"),
    ("It won 7 awards.", "the number 7"),
])
def test_a_summary_naming_what_the_item_does_not_have_is_refused(summary, why):
    assert why in (model_summary_problem(summary, HEAT, "standard", "detailed") or "")


def test_a_summary_too_hard_or_too_long_for_the_reader_is_refused():
    hard = ("Professional thieves, meticulously orchestrating sophisticated operations, "
            "inadvertently precipitate an extraordinarily consequential confrontation.")
    assert "grade" in (model_summary_problem(hard, HEAT, "simple", "detailed") or "")
    assert model_summary_problem(hard, HEAT, "expert", "detailed") is None
    long = "Thieves plan a heist and the police chase them. " * 6
    assert "words" in (model_summary_problem(long, HEAT, "standard", "brief") or "")


def test_the_grounder_shows_the_model_summary_or_the_extractive_one_and_counts():
    def grounder() -> Grounder:
        return Grounder(TitleIndex([("6", HEAT.title)]), {"6": HEAT}, set(),
                        lambda item: "Extractive summary.",
                        summary_problem=lambda s, item: model_summary_problem(
                            s, item, "standard", "detailed"))
    kept = grounder().ground("1. Heat [id 6]: Al Pacino chases a crew of thieves.")
    assert kept.picks == {"6": "Al Pacino chases a crew of thieves."}
    assert (kept.model_summaries, kept.replaced_summaries) == (1, 0)
    replaced = grounder().ground("1. Heat [id 6]: Tom Cruise chases thieves in 2031.")
    assert replaced.picks == {"6": "Extractive summary."}
    assert (replaced.model_summaries, replaced.replaced_summaries) == (0, 1)
    assert "Tom Cruise" not in replaced.text
