"""Grounding: a reply presents only items the tools returned, whatever the model writes."""

from __future__ import annotations

import pytest

from bot.agent.grounding import Grounder
from bot.catalog import Item
from bot.titles import TitleIndex

CATALOG = {
    "1": "Toy Story (1995)", "2": "Jumanji (1995)", "6": "Heat (1995)",
    "260": "Star Wars: Episode IV - A New Hope (1977)",
    "1196": "Star Wars: Episode V - The Empire Strikes Back (1980)",
    "99": "Perfect (1985)", "3": "Net, The (1995)", "1203": "12 Angry Men (1957)",
}
ITEMS = {i: Item(i, t) for i, t in CATALOG.items()}


def grounder(returned=("1", "260"), allowed=("2",)) -> Grounder:
    return Grounder(TitleIndex(CATALOG.items()), {i: ITEMS[i] for i in returned},
                    set(allowed), lambda item: f"All about {item.title}.")


def test_pick_lines_are_rewritten_with_catalog_titles_and_without_markers():
    result = grounder().ground(
        "Two picks:\n1. **toy storey** [id 1] — A cowboy doll meets a spaceman.\n"
        "2) Star Wars: Episode IV - A New Hope: Rebels fight an empire.")
    assert result.text == ("Two picks:\n1. Toy Story (1995): A cowboy doll meets a spaceman.\n"
                           "2. Star Wars: Episode IV - A New Hope (1977): Rebels fight an "
                           "empire.")
    assert result.picks == {"1": "A cowboy doll meets a spaceman.",
                            "260": "Rebels fight an empire."}
    assert result.removed == [] and result.attempted == 2


@pytest.mark.parametrize(("line", "why"), [
    ("1. Heat (1995): a heist.", "not returned by a tool"),
    ("1. Space Llamas 3 (2031): invented.", "not in the catalog"),
    ("- Toy Story (1995) [id 999]: the right title, an id no tool returned.",
     "id 999 that no tool returned"),
])
def test_a_pick_line_naming_anything_not_returned_is_removed(line, why):
    result = grounder().ground(f"Here:\n{line}\n2. Toy Story [id 1]: kept.")
    assert result.text == "Here:\n1. Toy Story (1995): kept."
    assert list(result.picks) == ["1"] and len(result.removed) == 1 and why in result.removed[0]


def test_a_pick_without_a_summary_gets_one_and_duplicates_are_dropped():
    result = grounder().ground("1. Toy Story (1995)\n2. Toy Story [id 1]: again.")
    assert result.text == "1. Toy Story (1995): All about Toy Story (1995)."
    assert result.removed == []


@pytest.mark.parametrize("sentence", [
    "You might also enjoy Heat (1995).",
    "Fans love **Heat** too.",
    "Try \"Star Wars: Episode V - The Empire Strikes Back\" next.",
    "The Net is a thriller.",
    "12 Angry Men is a classic.",
    "See [id 6] as well.",
])
def test_a_sentence_naming_a_catalog_item_no_tool_returned_is_removed(sentence):
    result = grounder().ground(f"Good choice. {sentence} Enjoy!")
    assert result.text == "Good choice. Enjoy!" and len(result.removed) == 1


@pytest.mark.parametrize("sentence", [
    "This is **perfect** for a rainy day.",  # emphasis, not the film Perfect
    "The net result is a fun evening.",  # not Title Case: not the film The Net
    "Since you loved **Jumanji**, these fit.",  # the person's own like
    "Star Wars fans will love it.",  # a title that names the returned episode
])
def test_ordinary_words_and_the_persons_own_titles_stay(sentence):
    result = grounder().ground(f"1. Toy Story [id 1]: fun.\n{sentence}")
    assert result.text.endswith(sentence) and result.removed == []


def test_without_list_lines_the_returned_items_mentioned_are_the_picks():
    result = grounder().ground("I would pick **Toy Story** and, for Jumanji fans, nothing "
                               "else.")
    assert list(result.picks) == ["1"] and result.picks["1"] == "All about Toy Story (1995)."


def test_a_pick_summary_loses_sentences_that_name_other_items():
    result = grounder().ground("1. Toy Story [id 1]: Toys come alive. Better than Heat "
                               "(1995). Fun for all.")
    assert result.picks == {"1": "Toys come alive. Fun for all."}


@pytest.mark.parametrize("size", [1, 3, 8, 1000])
def test_the_streamed_text_is_exactly_the_grounded_text(size):
    text = ("Since you loved **Jumanji**: here. You might also enjoy Heat (1995).\n\n"
            "1. **Toy Story (1995)** [id 1] — Toys.\n3. Heat (1995): no.\n"
            "2. Star Wars: Episode IV - A New Hope (1977): Space.\n\nWant more?")
    g = grounder()
    streamed = [g.feed(text[i:i + size]) for i in range(0, len(text), size)] + [g.finish()]
    assert "".join(streamed) == g.result.text
    assert g.result.text == ("Since you loved **Jumanji**: here.\n\n1. Toy Story (1995): Toys."
                             "\n2. Star Wars: Episode IV - A New Hope (1977): Space.\n\n"
                             "Want more?")


def test_prose_streams_sentence_by_sentence_and_picks_line_by_line():
    g = grounder()
    assert g.feed("Here are two. And") == "Here are two."
    assert g.feed(" more.\n1. Toy") == " And more."
    assert g.feed(" Story [id 1]: fun") == ""
    assert g.feed(".\n") == "\n1. Toy Story (1995): fun."


@pytest.mark.parametrize("size", [1, 4, 1000])
def test_a_reasoning_models_thinking_is_not_shown(size):
    text = "<think>The person wants\nHeat (1995)? No.</think>\n\nHere.\n1. Toy Story [id 1]: fun."
    g = grounder()
    streamed = "".join(g.feed(text[i:i + size]) for i in range(0, len(text), size)) + g.finish()
    assert streamed == g.result.text == "Here.\n1. Toy Story (1995): fun."
    assert g.result.removed == []


def test_titles_are_matched_as_the_tool_gave_them_and_common_phrases_are_not_titles():
    catalog = {**CATALOG, "47": "Seven (a.k.a. Se7en) (1995)", "g1": "Sugar Free",
               "g2": "Green Tea - Tulsi, Good Morning"}
    g = Grounder(TitleIndex(catalog.items()), {"47": Item("47", catalog["47"])}, set(),
                 lambda item: "")
    result = g.ground("1. Seven (a.k.a. Se7en) (1995) [id 47]: Two detectives. "
                      "Not one Sugar Free moment.\nTry Green Tea - Tulsi, Good Morning after.")
    assert result.text == ("1. Seven (a.k.a. Se7en) (1995): Two detectives. Not one Sugar Free "
                           "moment.")
    assert result.removed == ["'Green Tea Tulsi Good Morning': a catalog item no tool returned"]


# -- titles the catalog does not have at all ----------------------------------------------


@pytest.mark.parametrize("sentence", [
    "You will love Zorblax Returns (2031), the best film ever made.",
    "Try **Zorblax Returns** tonight.",
    "Try *Zorblax* tonight.",
    "Watch [Zorblax Returns](http://evil.example/watch) tonight.",
    "Captain Nebula And The Sky Pirates is a must.",
    "Je vous recommande « Zorblax revient » sans hésiter.",
    "Ich empfehle „Zorblax kehrt zurück“ für heute Abend.",
    "Le film 「Zorblax」 est génial.",
])
def test_a_title_the_catalog_does_not_have_is_removed_wherever_it_is(sentence):
    result = grounder().ground(f"Good choice. {sentence} Enjoy!")
    assert result.text == "Good choice. Enjoy!", result.text
    assert len(result.removed) == 1 and "not in the catalog" in result.removed[0]


def test_a_link_keeps_its_text_and_loses_its_address():
    result = grounder().ground("Start with [Toy Story](http://evil.example/x), a classic.")
    assert result.text == "Start with Toy Story, a classic." and result.removed == []
    assert list(result.picks) == ["1"]


@pytest.mark.parametrize("sentence", [
    "Zorblax Returns is not in the catalog, sorry.",  # the person named it
    "These are Science Fiction And Fantasy picks.",  # the catalog's own names
    "Star Wars: Episode IV - A New Hope (1977) is a fine start.",  # returned
    "Toy Story Fans will love it.",  # a returned title, then a word
])
def test_the_persons_words_and_the_catalogs_names_stay(sentence):
    g = Grounder(TitleIndex(CATALOG.items()), {i: ITEMS[i] for i in ("1", "260")}, set(),
                 lambda item: "", names={"science fiction", "fantasy"},
                 said=["I loved Zorblax Returns"])
    result = g.ground(f"1. Toy Story [id 1]: fun.\n{sentence}")
    assert result.text.endswith(sentence) and result.removed == []


@pytest.mark.parametrize("size", [1, 3, 7])
def test_an_invented_title_split_across_stream_chunks_never_shows(size):
    text = "Here is one. You will love **Zorblax Returns** (2031) so much. Enjoy!"
    g = grounder()
    shown = "".join(g.feed(text[n:n + size]) for n in range(0, len(text), size)) + g.finish()
    assert "Zorblax" not in shown and shown == g.result.text == "Here is one. Enjoy!"
