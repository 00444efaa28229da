"""A message read by a model (bot/agent/model_reading.py), against a stub server on 127.0.0.1:
the model must fill the reading tool, and what it writes is kept to the catalog and the
message."""

from __future__ import annotations

import pytest

from bot.agent.llm import open_chat_model
from bot.agent.model_reading import ModelReader, reading_schema
from bot.agent.prompts import Prompts
from bot.errors import LLMResponseError
from bot.settings import Settings
from tests.llm_stub import Answer, Call, StubServer


def reader_for(bot, catalog, stub, tmp_path):
    model = open_chat_model(Settings(data_dir=tmp_path, llm_model="stub", llm_base_url=stub.url))
    return ModelReader(model, bot.view(catalog).reader, catalog)


def test_the_reading_tool_offers_the_catalogs_own_fields(bot):
    _, movies = reading_schema(bot.view("movies").reader, Prompts())
    slots = movies["properties"]
    assert "Comedy" in slots["wanted"]["items"]["enum"]
    assert {"year", "avg_rating"} <= set(slots["numbers"]["items"]["properties"]["field"]["enum"])
    assert {"stars", "director"} <= set(slots["people"]["items"]["properties"]["field"]["enum"])
    assert "product" not in slots and "brands" not in slots  # no kinds, no brands in movies
    _, groceries = reading_schema(bot.view("groceries").reader, Prompts())
    slots = groceries["properties"]
    assert {"product", "brands"} <= set(slots)
    # The product's type is read from its words by the catalog, not chosen from a list.
    assert "Face Care" not in slots["wanted"]["items"].get("enum", [])
    assert all(spec["description"] for spec in slots.values())


def test_the_model_must_call_the_reading_tool(bot, tmp_path):
    with StubServer(lambda request: Answer(calls=[Call("read_request", {
            "wanted": ["Comedy"], "numbers": [{"field": "year", "op": ">=", "value": 1980},
                                              {"field": "year", "op": "<=", "value": 1989}],
            "audience": "none", "feedback": "none"})])) as stub:
        said = reader_for(bot, "movies", stub, tmp_path).read("an 80s comedy")
        (request,) = stub.requests
    assert request["tool_choice"] == {"type": "function", "function": {"name": "read_request"}}
    assert said.wanted == ["Comedy"] and said.filters == ["year>=1980", "year<=1989"]
    assert said.audience is None and said.feedback is None


def test_what_the_catalog_lacks_or_the_message_does_not_say_is_dropped(bot, tmp_path):
    slots = {
        "wanted": ["Comedy", "Space Opera"],  # a genre the catalog lacks
        "numbers": [{"field": "budget", "op": "<=", "value": 5},  # no such field
                    {"field": "year", "op": "~", "value": 1990},  # no such operator
                    {"field": "avg_rating", "op": ">=", "value": 4}],
        "people": [{"name": "robert de nir", "field": "stars"},  # a typo of a catalog star
                   {"name": "Zorblax Prime", "field": "stars"}],  # nobody the catalog has
        "titles": ["Toy Story", "Jumanji", "Zorblax Returns"],  # Jumanji is not in the message
        "points_at": [2, 0, 99],
        "audience": "young_child", "feedback": "like", "level": "simple", "detail": "loud",
    }
    message = "I loved Toy Story and Zorblax Returns, something with robert de nir for my 6yo"
    with StubServer(lambda request: Answer(calls=[Call("read_request", slots)])) as stub:
        said = reader_for(bot, "movies", stub, tmp_path).read(message)
    assert "Space Opera" not in said.wanted and "Comedy" in said.wanted
    assert [c.filter for c in said.conditions] == ["avg_rating>=4"]
    assert [n.filter for n in said.names] == ["stars=Robert De Niro"]
    assert [t.title for t in said.titles] == ["Toy Story (1995)"]
    assert said.unknown_titles == ["Zorblax Returns"]
    assert said.unknown_people == []  # Zorblax Prime is the model's own: not in the message
    assert said.references == [1]  # the second pick; 0 and 99 point at no pick
    assert said.audience is not None and said.audience.group == "young_child"
    assert "genres=Children|Animation" in said.filters  # the catalog's rule for them
    assert (said.feedback, said.reading_level, said.detail) == ("like", "simple", None)


def test_someone_the_catalog_lacks_is_read_as_the_rules_reader_reads_them(bot, tmp_path):
    slots = {"wanted": ["Comedy"], "people": [{"name": "Tom Hiddleston", "field": "stars"}]}
    with StubServer(lambda request: Answer(calls=[Call("read_request", slots)])) as stub:
        said = reader_for(bot, "movies", stub, tmp_path).read("a comedy with tom hiddleston")
    assert said.names == [] and said.unknown_people == ["Tom Hiddleston"]


def test_a_budget_is_read_on_the_field_that_plays_the_price(bot, tmp_path):
    slots = {"numbers": [{"field": "price", "op": "<=", "value": 200}],
             "brands": ["fresho", "NoSuchBrand"], "refused": ["plastic"]}
    with StubServer(lambda request: Answer(calls=[Call("read_request", slots)])) as stub:
        said = reader_for(bot, "groceries", stub, tmp_path).read("fresho things under 200")
    assert said.max_price == 200 and not said.conditions
    assert said.wanted == ["Fresho"] and said.excluded == ["plastic"]


@pytest.mark.parametrize("answer, reason", [
    (Answer("An 80s comedy, I think."), "no_reading"),
    (Answer(calls=[Call("read_request", '{"wanted": ["Com')]), "bad_reading"),
])
def test_a_model_that_does_not_fill_the_reading_is_an_error(bot, tmp_path, answer, reason):
    with StubServer(lambda request: answer) as stub, pytest.raises(LLMResponseError) as raised:
        reader_for(bot, "movies", stub, tmp_path).read("an 80s comedy")
    assert raised.value.reason == reason
