"""The personalised digest, offline and written by the LLM (over the stub server)."""

from __future__ import annotations

import logging

import pytest

from bot.agent.llm import open_chat_model
from bot.context import Context
from bot.digest import Digest, DigestPick, build_digest
from bot.errors import QueryError
from bot.profiles import ProfileStore
from bot.readability import flesch_kincaid_grade
from bot.settings import Settings
from tests.llm_stub import Fault, StubServer
from tests.scripted_model import ScriptedModel


@pytest.fixture(scope="module")
def writer():
    model = ScriptedModel({})
    with StubServer(model) as stub:
        yield stub, model


@pytest.fixture
def context(world, tmp_path) -> Context:
    folder, chroma, embedder = world
    return Context(Settings(data_dir=tmp_path, catalog="movies"), client=chroma,
                   embedder=embedder)


@pytest.fixture
def store(context) -> ProfileStore:
    store = ProfileStore(context.settings.profiles_path)
    for item_id in ("1", "6"):  # Toy Story, Heat
        store.record_feedback("s1", "movies", item_id, "like")
    store.exclude_topics("s1", "movies", add=["horror"])
    store.set_preferences("s1", "movies", reading_level="simple")
    store.append_message("s1", "movies", "assistant", "earlier picks", ["2", "3"])
    return store


def test_an_offline_digest_for_a_chat_profile(context, store):
    digest = build_digest(context, store, "s1", k=5)
    assert digest.engine == "offline" and len(digest.picks) == 5
    ids = {p.id for p in digest.picks}
    assert not ids & {"1", "6", "2", "3"}  # liked, and shown in chat, are not repeated
    items = context.index("movies").get(list(ids))
    assert not any("Horror" in i.attributes.get("genres", []) for i in items)
    assert "because you liked Toy Story (1995) and Heat (1995)" not in digest.intro  # simple
    grades = sorted(flesch_kincaid_grade(p.summary) for p in digest.picks)
    assert grades[len(grades) // 2] <= 7
    text = digest.text()
    assert text.startswith("5 picks for you\n===============") and all(
        p.title in text and p.summary in text for p in digest.picks)


def test_the_llm_writes_the_digest_grounded(context, store, writer, caplog):
    stub, model = writer
    model.extra_lines = ["You will also love Castle Freak (1995)."]
    llm = open_chat_model(Settings(data_dir=context.settings.data_dir, llm_model="stub",
                                   llm_base_url=stub.url, llm_max_retries=0))
    with caplog.at_level(logging.WARNING, logger="recbot.digest"):
        digest = build_digest(context, store, "s1", k=3, model=llm)
    assert digest.engine == "llm" and digest.subject == "Picks for you"
    assert digest.intro == "Your picks this week." and "Castle Freak" not in digest.html()
    assert all(p.summary == f"A short note on {p.title}." for p in digest.picks)
    assert "removed from the digest" in caplog.text
    request = stub.requests[-1]
    assert "reading level simple" in request["messages"][0]["content"]
    assert "tools" not in request  # the picks are chosen by the recommender, not the model


def test_a_failing_llm_leaves_the_offline_digest(context, store, writer):
    stub, _ = writer
    stub.enqueue(Fault(500))
    llm = open_chat_model(Settings(data_dir=context.settings.data_dir, llm_model="stub",
                                   llm_base_url=stub.url, llm_max_retries=0))
    digest = build_digest(context, store, "s1", k=3, model=llm)
    assert digest.engine == "offline" and len(digest.picks) == 3


def test_every_field_is_escaped_in_the_html():
    digest = Digest("<u>", "movies", "Hi <b>you</b>", "Tom & Jerry's <script>x</script>", [
        DigestPick("1", "<script>alert(1)</script>", "A \"quoted\" <i>summary</i>", "why <b>",
                   {"tags": ["<img src=x onerror=alert(1)>"], "year": 1995})])
    html = digest.html()
    for raw in ("<script>", "<b>", "<i>", "<img", "<u>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "Tom &amp; Jerry" in html
    assert "<script>alert(1)</script>" in digest.text()  # plain text is plain


def test_an_unknown_user_is_refused(context, store):
    with pytest.raises(QueryError, match="no profile and no interaction history"):
        build_digest(context, store, "nobody")


def test_a_user_of_the_interaction_log_gets_a_digest(tmp_path, chroma, embedder):
    from bot.collab import CollabModel
    from indexes.items import ItemIndex
    from tests.taste_groups import group_items, group_log

    ItemIndex(chroma, embedder, "shop").sync(group_items())
    context = Context(Settings(data_dir=tmp_path, catalog="shop"), client=chroma,
                      embedder=embedder)
    CollabModel.train(group_log(tmp_path), [i.id for i in group_items()]).save(
        context.settings.model_path("shop"))
    digest = build_digest(context, ProfileStore(tmp_path / "p.sqlite3"), "A3", k=4)
    assert len(digest.picks) == 4 and all(p.id.startswith("A") for p in digest.picks)


def test_recbot_digest_writes_html_and_text(context, store, capsys, tmp_path):
    from bot.cli.main import main

    out = tmp_path / "out"
    assert main(["digest", "--user", "s1", "--out", str(out), "-k", "3"], context=context) == 0
    printed = capsys.readouterr().out
    assert "3 picks for you (3 picks, written offline)" in printed
    assert (out / "digest.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "digest.txt").read_text().startswith("3 picks for you")
    assert main(["digest", "--user", "nobody"], context=context) == 2
    assert "no profile and no interaction history" in capsys.readouterr().err
