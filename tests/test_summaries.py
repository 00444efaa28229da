"""Summaries written for the reader: simple, standard, expert; brief or detailed."""

from __future__ import annotations

import pytest

from bot.catalog import Item, load_catalog
from bot.readability import flesch_kincaid_grade
from bot.summaries import BRIEF_WORDS, summarise
from tests.conftest import DEMO_GROCERIES, DEMO_MOVIES, demo_slice, write_jsonl

LEVELS = ("simple", "standard", "expert")


@pytest.fixture(scope="module")
def movies(tmp_path_factory) -> list[Item]:
    path = write_jsonl(tmp_path_factory.mktemp("m") / "m.jsonl", demo_slice(DEMO_MOVIES, 60))
    return load_catalog(path).items


@pytest.fixture(scope="module")
def groceries(tmp_path_factory) -> list[Item]:
    path = write_jsonl(tmp_path_factory.mktemp("g") / "g.jsonl", demo_slice(DEMO_GROCERIES, 30))
    return load_catalog(path).items


def test_the_same_pick_reads_differently_at_each_level(movies):
    toy = movies[0]
    texts = {level: summarise(toy, level, "detailed") for level in LEVELS}
    assert len(set(texts.values())) == 3
    assert texts["simple"].startswith("Toy Story is a funny")
    assert "John Lasseter" in texts["expert"] and "John Lasseter" not in texts["simple"]
    assert flesch_kincaid_grade(texts["simple"]) < flesch_kincaid_grade(texts["expert"]) - 2


def test_simple_is_easier_than_expert_across_a_slice(movies):
    def median(values):
        values = sorted(values)
        return values[len(values) // 2]

    simple = median(flesch_kincaid_grade(summarise(m, "simple", "brief")) for m in movies)
    expert = median(flesch_kincaid_grade(summarise(m, "expert", "brief")) for m in movies)
    assert expert - simple >= 2  # the catalog-wide targets are checked by the benchmark


@pytest.mark.parametrize("level", LEVELS)
def test_brief_is_at_most_forty_words_and_detailed_says_more(movies, groceries, level):
    for item in [*movies, *groceries]:
        brief, detailed = summarise(item, level, "brief"), summarise(item, level, "detailed")
        assert 0 < len(brief.split()) <= BRIEF_WORDS
        assert len(detailed.split()) >= len(brief.split()) or brief.endswith("…")


def test_groceries_say_brand_shelf_and_price(groceries):
    item = groceries[0]
    simple = summarise(item, "simple", "detailed")
    assert item.attributes["brand"] in simple and "It costs" in simple
    assert "below the market price" in summarise(item, "expert", "detailed") or \
        item.attributes.get("market_price") == item.attributes.get("price")


def test_an_item_with_no_text_still_gets_a_summary_from_its_facts():
    bare = Item("9", "Mystery Box (2001)", "", {"genres": ["Mystery"], "year": 2001})
    assert summarise(bare, "simple") == "Mystery Box is a mystery film from 2001."
    assert "released in 2001" in summarise(bare, "expert")
    assert summarise(Item("8", "Thing", "", {}), "standard") == "This is Thing."


def test_summaries_only_use_the_items_own_words(movies):
    jumanji = movies[1]
    text = summarise(jumanji, "simple", "detailed")
    assert "Jumanji" in text and "Woody" not in text


def test_simple_summaries_use_sentences_that_stand_alone():
    item = Item("x", "Matrix, The (1999)", (
        "When a hacker meets a rebel, he learns the truth. It is too late. But the war goes "
        "on. Upon his release, Neo goes back to the city. The seasoned Det. Smith hunts Neo "
        "down through the city at night."), {"genres": ["Sci-Fi"], "year": 1999})
    text = summarise(item, "simple", "detailed")
    assert text.startswith("The Matrix is a space film from 1999.")  # the article in front
    assert "When a hacker meets a rebel, he learns the truth." in text
    for needs_context in ("It is too late", "But the war", "Upon his release"):
        assert needs_context not in text
    assert "Det." not in text or "Det. Smith" in text  # an abbreviation ends no sentence


def test_a_long_sentence_loses_its_opening_phrase_and_subordinate_part():
    item = Item("y", "Toy Story (1995)", (
        "Led by Woody, Andy's toys live happily in his room until Andy's birthday brings Buzz "
        "Lightyear onto the scene."), {"genres": ["Animation"], "year": 1995})
    assert summarise(item, "simple", "brief") == (
        "Toy Story is a cartoon film from 1995. Andy's toys live happily in his room.")


def test_a_sentence_too_hard_even_cut_down_gives_way_to_who_is_in_it():
    item = Item("z", "Heat (1995)", (
        "Obsessive master thief Neil McCauley leads a meticulous, professional crew of "
        "criminals, orchestrating sophisticated, elaborately choreographed heists."),
        {"genres": ["Crime"], "year": 1995, "stars": ["Al Pacino", "Robert De Niro"]})
    assert summarise(item, "simple", "brief") == (
        "Heat is a crime film from 1995. It stars Al Pacino and Robert De Niro.")


@pytest.mark.parametrize("level", LEVELS)
def test_a_shopper_always_sees_the_price(groceries, level):
    for item in groceries:
        text = summarise(item, level, "brief")
        assert f"{item.attributes['price']:g}" in text and len(text.split()) <= BRIEF_WORDS


def test_a_title_before_a_name_does_not_end_a_sentence():
    plot = ("When Dr. Henry Jones Sr. suddenly goes missing while pursuing the Holy Grail, "
            "eminent archaeologist Indiana must team up with Marcus Brody, Sallah and Elsa "
            "Schneider to follow in his father's footsteps and stop the Nazis from recovering "
            "the power of eternal life.")
    item = Item("1", "Indiana Jones and the Last Crusade (1989)", plot,
                {"year": 1989, "genres": ["Action", "Adventure"],
                 "plot": "In 1938, after his father Professor Henry Jones, Sr. goes missing "
                         "while pursuing the Holy Grail, Professor Henry \"Indiana\" Jones, "
                         "Jr. finds himself up against Adolf Hitler's Nazis again to stop "
                         "them from obtaining its powers."})
    for level in ("simple", "standard", "expert"):
        text = summarise(item, level, "detailed")
        assert ". Sr." not in text and not text.startswith("Sr."), (level, text)


def test_a_simple_summary_never_starts_with_a_verb_whose_subject_was_cut():
    """"Loving but irresponsible dad Daniel Hillard, estranged from his spouse, is crushed
    by a court order..." once came out as "Is crushed by a court order..."."""
    item = Item("1", "Mrs. Doubtfire (1993)",
                "Loving but irresponsible dad Daniel Hillard, estranged from his exasperated "
                "spouse, is crushed by a court order allowing only weekly visits with his kids.",
                {"year": 1993, "genres": ["Comedy", "Drama"]})
    summary = summarise(item, "simple", "brief")
    assert "Is crushed" not in summary and summary.startswith("Mrs. Doubtfire is")


def test_a_comedy_drama_is_told_as_one_kind_of_film():
    """"Go Figure is a funny serious film": a comedy and a drama told as both."""
    item = Item(id="1", title="Go Figure (2005)", description="",
                attributes={"year": 2005, "genres": ["Children", "Comedy", "Drama"]})
    assert summarise(item, "standard", "brief").startswith("Go Figure is a funny family film")


@pytest.mark.parametrize("level", LEVELS)
def test_no_sentence_is_said_twice(level):
    """'It stars Harrison Ford and Karen Allen. It stars Harrison Ford and Karen Allen.'"""
    import re

    items = load_catalog(DEMO_MOVIES).items
    for item in items[:2000]:
        for detail in ("short", "brief", "detailed"):
            # (a sentence ends after a word, not after "Dr." or "Mr.")
            sentences = [s for s in re.split(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z])",
                                             summarise(item, level, detail))
                         if len(s.split()) > 2]
            assert len(sentences) == len(set(sentences)), (item.title, detail)


def test_short_is_one_line_of_at_most_twenty_words(movies, groceries):
    from bot.summaries import SHORT_WORDS

    for item in [*movies, *groceries]:
        for level in LEVELS:
            short = summarise(item, level, "short")
            assert 0 < len(short.split()) <= SHORT_WORDS
            assert len(short.split()) <= len(summarise(item, level, "brief").split())
