"""`recbot train`, `recommend`, `similar` and `eval` in-process, on two taste groups."""

from __future__ import annotations

import json

import pytest

from bot.cli.main import main
from bot.context import Context
from bot.settings import Settings
from tests.conftest import write_jsonl
from tests.taste_groups import group_items, write_group_log


@pytest.fixture
def context(tmp_path, chroma, embedder) -> Context:
    return Context(Settings(data_dir=tmp_path / "data", catalog="shop"), client=chroma,
                   embedder=embedder)


@pytest.fixture
def shop(tmp_path, context, capsys):
    catalog = write_jsonl(tmp_path / "shop.jsonl", [
        {"id": i.id, "title": i.title, "description": i.description, **i.attributes}
        for i in group_items()])
    assert main(["ingest", str(catalog), "--quiet"], context=context) == 0
    capsys.readouterr()
    return write_group_log(tmp_path / "ratings.csv")


def run(context, capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv), context=context)
    out, err = capsys.readouterr()
    return code, out, err


def test_train_saves_a_model_next_to_the_index(context, capsys, shop):
    code, out, _ = run(context, capsys, "train", "--interactions", str(shop), "--quiet")
    assert code == 0
    assert "trained on 480 interactions from 60 users over 40 items" in out
    assert context.settings.model_path("shop").is_file()


def test_unknown_items_in_the_log_are_reported(context, capsys, shop, tmp_path):
    log = tmp_path / "more.csv"
    log.write_text(shop.read_text() + "A1,GHOST,5,99999999\n", encoding="utf-8")
    code, _, err = run(context, capsys, "train", "--interactions", str(log), "--quiet")
    assert code == 0 and "1 row(s) name 1 item(s) not in the catalog" in err and "'GHOST'" in err
    code, _, err = run(context, capsys, "train", "--interactions", str(log), "--quiet",
                       "--strict-items")
    assert code == 2 and "nothing was trained" in err


def test_a_bad_row_stops_training_and_keeps_the_previous_model(context, capsys, shop, tmp_path):
    run(context, capsys, "train", "--interactions", str(shop), "--quiet")
    before = context.settings.model_path("shop").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(shop.read_text() + "A1,A2,lots,5\n", encoding="utf-8")
    code, _, err = run(context, capsys, "train", "--interactions", str(bad), "--quiet")
    assert code == 2 and "bad.csv, line 482, field 'rating'" in err
    assert context.settings.model_path("shop").read_bytes() == before


def test_recommend_for_a_known_user_and_for_a_new_person(context, capsys, shop):
    run(context, capsys, "train", "--interactions", str(shop), "--quiet")
    code, out, _ = run(context, capsys, "recommend", "--user", "B2", "-k", "5", "--json")
    picks = json.loads(out)
    assert code == 0 and len(picks) == 5 and {p["id"][0] for p in picks} == {"B"}
    assert {"id", "title", "score", "why", "parts"} <= set(picks[0])
    code, out, _ = run(context, capsys, "recommend", "--like", "A3", "--like", "A6", "-k", "3")
    assert code == 0 and out.count("\n    ") == 3 and " 1. A " in out


def test_recommend_honours_budget_and_query(context, capsys, shop):
    run(context, capsys, "train", "--interactions", str(shop), "--quiet")
    code, out, _ = run(context, capsys, "recommend", "--user", "A1", "--max-price", "8",
                       "--json", "-k", "20")
    prices = {i.id: i.attributes["price"] for i in group_items()}
    assert code == 0 and all(prices[p["id"]] <= 8 for p in json.loads(out))
    code, out, _ = run(context, capsys, "recommend", "--query", "flour and sugar", "--json")
    assert json.loads(out)[0]["id"].startswith("B")


@pytest.mark.parametrize(("argv", "message"), [
    (["recommend", "--user", "nobody"], "unknown user 'nobody'"),
    (["recommend", "--like", "Z9"], "no item with id 'Z9'"),
    (["recommend"], "say who it is for"),
    (["similar", "Z9"], "no item with id 'Z9'"),
    (["recommend", "--user", "A1", "-k", "0"], "-k must be at least 1"),
])
def test_bad_requests_get_clear_errors(context, capsys, shop, argv, message):
    run(context, capsys, "train", "--interactions", str(shop), "--quiet")
    code, _, err = run(context, capsys, *argv)
    assert code == 2 and message in err


def test_recommend_before_training_uses_content_and_says_how_to_train(context, capsys, shop):
    code, _, err = run(context, capsys, "recommend", "--user", "A1")
    assert code == 2 and "recbot train" in err
    code, out, _ = run(context, capsys, "recommend", "--like", "B1", "--json", "-k", "3")
    assert code == 0 and {p["id"][0] for p in json.loads(out)} == {"B"}


def test_similar_items(context, capsys, shop):
    run(context, capsys, "train", "--interactions", str(shop), "--quiet")
    code, out, _ = run(context, capsys, "similar", "A4", "-k", "4", "--json")
    picks = json.loads(out)
    assert code == 0 and len(picks) == 4 and {p["id"][0] for p in picks} == {"A"}


def test_eval_prints_json_and_writes_the_table_and_chart(context, capsys, shop, tmp_path):
    out_dir = tmp_path / "eval"
    code, out, _ = run(context, capsys, "eval", "--interactions", str(shop), "--json",
                       "--quiet", "--folds", "2", "--out", str(out_dir))
    report = json.loads(out)
    assert code == 0
    from bot.evaluation.peers import peer_names

    assert set(report["models"]) == {"most-popular", "content", "als", "bpr", "item-item",
                                     *peer_names(), "hybrid"}
    assert {"ease", "item-knn"} <= set(report["cold_start"])  # the peers run on both slices
    assert all("novelty" in row for row in report["models"].values())
    assert 0 <= report["models"]["hybrid"]["ndcg@10"] <= 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["eval.json", "eval.md", "eval.png"]
