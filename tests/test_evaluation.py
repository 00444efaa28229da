"""The offline evaluation: metrics, the temporal split, and a full run on two taste groups."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from bot.evaluation.peers import peer_names, variants
from bot.evaluation.ranking import (
    MODELS,
    PEERS,
    EvalSettings,
    Evaluation,
    Split,
    temporal_holdout,
    user_metrics,
)
from bot.evaluation.report import markdown, write_outputs
from bot.interactions import InteractionLog
from indexes.items import ItemIndex
from tests.taste_groups import group_items, group_log


def test_metrics_match_a_hand_computed_list():
    result = user_metrics(["a", "x", "b", "y"], {"a", "b", "c"}, k=10)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert result["ndcg@10"] == pytest.approx((1 + 1 / math.log2(4)) / ideal)
    assert result["recall@10"] == pytest.approx(2 / 3)
    assert result["precision@10"] == pytest.approx(2 / 10)
    assert result["map@10"] == pytest.approx((1 / 1 + 2 / 3) / 3)
    assert user_metrics([], {"a"})["ndcg@10"] == 0


def test_the_latest_fifth_of_each_users_interactions_is_held_out():
    users = ["u"] * 10 + ["v"] * 3 + ["w"]
    times = [float(t) for t in (9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 5, 6, 4, 1)]
    log = InteractionLog(users=users, items=[str(n) for n in range(14)],
                         values=np.full(14, 5.0, dtype=np.float32),
                         timestamps=np.array(times), explicit=True)
    held = temporal_holdout(log)
    assert [log.items[n] for n in np.flatnonzero(held)] == ["0", "1", "11"]  # u: 2 latest
    split = Split.of(log, 4.0)
    assert split.truth == {"u": {"0", "1"}, "v": {"11"}}  # w's only interaction stays in train
    assert "w" in split.train.users


@pytest.fixture
def report(tmp_path, chroma, embedder):
    index = ItemIndex(chroma, embedder, "shop")
    index.sync(group_items())
    settings = EvalSettings(folds=3, progress=False)
    return Evaluation(index, group_log(tmp_path), settings).run()


def test_a_full_run_scores_every_model_on_all_users_and_cold_start(report):
    for key in ("models", "cold_start"):
        assert list(report[key]) == [m for m in MODELS if m in peer_names() or m not in PEERS]
        for row in report[key].values():
            assert {"ndcg@10", "recall@10", "precision@10", "map@10", "coverage",
                    "novelty"} <= set(row)
            assert row["novelty"] >= 0
            assert all(0 <= row[m] <= 1 for m in ("ndcg@10", "recall@10", "coverage"))
    assert report["models"]["hybrid"]["users"] > 50  # users with a held-out like
    assert report["cold_start"]["hybrid"]["users"] > 30
    # With two groups that never mix, knowing the group beats recommending popular items.
    for key in ("models", "cold_start"):
        assert report[key]["hybrid"]["ndcg@10"] > report[key]["most-popular"]["ndcg@10"]
        for peer in ("ease", "item-knn"):
            assert report[key][peer]["ndcg@10"] > report[key]["most-popular"]["ndcg@10"]
        # Popular items are the least novel.
        assert report[key]["most-popular"]["novelty"] <= report[key]["hybrid"]["novelty"]
    assert set(report["targets"]) >= {"hybrid_at_least_best_single", "cold_start_lift"}


def test_the_report_is_written_as_json_markdown_and_a_chart(report, tmp_path):
    paths = write_outputs(report, tmp_path / "out")
    assert [p.name for p in paths] == ["eval.json", "eval.md", "eval.png"]
    data = json.loads(paths[0].read_text())
    assert data["models"]["hybrid"]["ndcg@10"] == pytest.approx(
        report["models"]["hybrid"]["ndcg@10"])
    assert paths[2].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = markdown(report)
    assert "| hybrid |" in table and "Cold start" in table and "NDCG" not in table.split("|")[0]


def test_tuning_picks_weights_on_validation_only(tmp_path, chroma, embedder):
    index = ItemIndex(chroma, embedder, "shop")
    index.sync(group_items())
    report = Evaluation(index, group_log(tmp_path),
                        EvalSettings(folds=2, tune=True, progress=False)).run()
    assert report["weights"] == report["tuning"]["best"]
    assert set(report["tuning"]["validation_ndcg@10"]) == {"all users", "cold start"}
    # Each peer's signal and options were chosen on validation, and run so on test.
    for peer in ("ease", "item-knn"):
        chosen = report["peer_choice"][peer]
        assert chosen["chosen"] in chosen["validation_ndcg@10"]
        assert len(chosen["validation_ndcg@10"]) == len(variants(peer))
    assert report["ease"]["l2"] == report["peers"]["ease"]["l2"]  # the hybrid's EASE part


def test_the_content_baseline_ignores_every_crowd_weight(tmp_path, chroma, embedder):
    from dataclasses import replace

    from bot.ranker import BlendWeights

    index = ItemIndex(chroma, embedder, "shop")
    index.sync(group_items())
    evaluation = Evaluation(index, group_log(tmp_path), EvalSettings(folds=2, progress=False))
    warm, _ = evaluation._scenarios(Split.of(evaluation.log, 4.0), "test")
    loud = replace(BlendWeights(), acclaim=9.0, popularity=9.0, als=9.0)
    assert evaluation._lists(warm, "content", BlendWeights()) == \
        evaluation._lists(warm, "content", loud)
    assert evaluation._lists(warm, "hybrid", BlendWeights()) != \
        evaluation._lists(warm, "hybrid", loud)
