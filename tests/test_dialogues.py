"""Dialogue evaluation (`recbot eval-dialogues`) and the INSPIRED converter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.dialogues import DialogueEvaluation, DialogueFileError, load_cases
from bot.evaluation.inspired import cases as inspired_cases

DOCUMENTARIES = ["Nico Icon (1995)", "Heidi Fleiss: Hollywood Madam (1995)", "Catwalk (1996)",
                 "Anne Frank Remembered (1995)", "Jupiter's Wife (1994)",
                 "Man of the Year (1995)", "Crumb (1994)", "Unzipped (1995)",
                 "Hoop Dreams (1994)"]


def write_cases(path: Path, cases: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def user(text: str) -> dict:
    return {"role": "user", "text": text}


def assistant(text: str) -> dict:
    return {"role": "assistant", "text": text}


def test_a_wished_genre_puts_its_titles_in_the_top_fifty(bot, tmp_path):
    path = write_cases(tmp_path / "d.jsonl", [
        {"turns": [assistant("Hi! What do you feel like?"), user("I want a documentary")],
         "targets": DOCUMENTARIES}])
    report = DialogueEvaluation(bot, "movies").run(load_cases(path))
    # All nine documentaries of the slice pass the wish as a hard filter and lead the list.
    assert report.recall["r@50"] == 1.0 and report.recall["r@10"] == 1.0
    assert report.targets == 9 and report.not_in_catalog == 0


def test_popularity_baseline_and_forgiving_target_matching(bot, tmp_path):
    path = write_cases(tmp_path / "d.jsonl", [
        {"turns": [user("I loved Pulp Fiction"), assistant("Have you seen Braveheart?")],
         # Shawshank is the most popular film left; "the usual suspects" has a moved
         # article and no year; Heat has the wrong year; the last two are not in the slice.
         "targets": ["The Shawshank Redemption", "the usual  suspects", "Heat (2011)",
                     "Braveheart (1995)", "Knives Out (2019)"]}])
    report = DialogueEvaluation(bot, "movies", "popular").run(load_cases(path))
    assert report.to_dict()["not_in_catalog"] == 2  # Heat (2011), Knives Out
    assert report.already_mentioned == 1  # Braveheart was named by the recommender
    assert report.targets == 2
    assert report.recall["r@1"] == 0.5  # Shawshank first; The Usual Suspects lower
    assert report.recall["r@50"] == 1.0


def test_items_mentioned_in_the_turns_are_never_recommended(bot, tmp_path):
    path = write_cases(tmp_path / "d.jsonl", [
        {"turns": [user("I loved Toy Story and Jumanji"), assistant("What about Heat?"),
                   user("seen it, something funny please")], "targets": ["Heat (1995)"]}])
    evaluation = DialogueEvaluation(bot, "movies")
    case = load_cases(path)[0]
    ranked, mentioned = evaluation.recommend(case, "case-1")
    assert {"1", "2", "6"} <= mentioned and not {"1", "2", "6"} & set(ranked)
    assert len(ranked) == 50
    profile = bot.store.profile("case-1", "movies")
    assert profile.liked == ["1", "2"] and profile.seen == ["6"]


@pytest.mark.parametrize("line, message", [
    ("{not json", "line 2: not valid JSON"),
    ('{"turns": [], "targets": "Heat"}', "line 2: `targets` must be a list"),
    ('{"turns": [{"role": "robot", "text": "hi"}], "targets": []}', "line 2: each turn"),
    ('["a list"]', "line 2: a case is"),
])
def test_a_malformed_case_names_its_line(tmp_path, line, message):
    path = tmp_path / "d.jsonl"
    path.write_text('{"turns": [], "targets": ["Heat"]}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DialogueFileError, match=message):
        load_cases(path)


def test_eval_dialogues_json_from_the_command_line(bot, tmp_path, capsys):
    from bot.cli.main import main

    path = write_cases(tmp_path / "d.jsonl", [
        {"turns": [user("a documentary please")], "targets": DOCUMENTARIES[:2] + ["Nope (2022)"]}])
    assert main(["eval-dialogues", str(path), "--json"], context=bot.context) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["recall"]) == {"r@1", "r@10", "r@50"}
    assert report["recall"]["r@10"] == report["recall"]["r@50"] == 1.0
    assert (report["cases"], report["targets"], report["not_in_catalog"]) == (1, 2, 1)
    # The evaluation's conversations live in a throwaway store, not the real one.
    assert bot.store.history("eval-0", "movies") == []


INSPIRED_TSV = (
    "dialog_id\tutt_id\tspeaker\tturn_id\ttext\tmovies\n"
    "d1\t1\tRECOMMENDER\t1\tHi! What do you like?\t\n"
    "d1\t2\tSEEKER\t1\tI loved QUOTATION_MARKHeatQUOTATION_MARK .\tHeat (1995)\n"
    "d1\t3\tSEEKER\t1\tAnd crime films.\t\n"
    "d1\t4\tRECOMMENDER\t2\tThen Casino!\tCasino (1995)\n"
    "d1\t5\tRECOMMENDER\t2\tOr Heat again, or Se7en.\tHeat (1995); Se7en (1995)\n"
    "d1\t6\tSEEKER\t2\tSeen Casino.\tCasino (1995)\n"
    "d1\t7\tRECOMMENDER\t3\tHow about Heat?\tHeat (1995)\n"
    "d2\t1\tSEEKER\t1\tHello\t\n"
    "d2\t2\tRECOMMENDER\t1\tTry Toy Story\tToy Story (1995)\n"
)


def test_inspired_recommender_turns_with_new_movies_become_cases(tmp_path):
    path = tmp_path / "test.tsv"
    path.write_text(INSPIRED_TSV, encoding="utf-8")
    found = list(inspired_cases(path))
    assert [c["targets"] for c in found] == [["Casino (1995)", "Se7en (1995)"],
                                             ["Toy Story (1995)"]]
    first = found[0]
    assert first["turns"] == [assistant("Hi! What do you like?"),
                              user('I loved "Heat" . And crime films.')]
    assert found[1]["turns"] == [user("Hello")]  # a new dialogue starts a new history


def test_inspired_rejects_a_file_that_is_not_inspired(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(DialogueFileError, match="not an INSPIRED file"):
        list(inspired_cases(path))
    path.write_text(INSPIRED_TSV.replace("d2\t1\tSEEKER", "d2\t1\tCRITIC"), encoding="utf-8")
    with pytest.raises(DialogueFileError, match="line 9, field 'speaker'"):
        list(inspired_cases(path))


def test_the_ease_peer_is_seeded_with_the_titles_liked(bot, tmp_path):
    """The peer ranks first what fans of the liked titles liked (here everyone who liked
    Toy Story and Jumanji liked film 11 too), and never a title already mentioned."""
    from bot.cli.main import main

    rows = ["userId,movieId,rating,timestamp"]
    for user_id in range(40):
        films = ("1", "2", "11") if user_id < 20 else (str(20 + user_id), str(80 + user_id))
        rows += [f"{user_id},{film},5.0,{1000 + n}" for n, film in enumerate(films)]
    log = tmp_path / "ratings.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["train", "--interactions", str(log), "--catalog", "movies", "--quiet"],
                context=bot.context) == 0
    case = {"turns": [user("I loved Toy Story and Jumanji"), assistant("What about Heat?")],
            "targets": ["Heat (1995)"]}
    evaluation = DialogueEvaluation(bot, "movies", "ease")
    ranked, mentioned = evaluation.recommend(load_cases(
        write_cases(tmp_path / "d.jsonl", [case]))[0], "peer")
    assert ranked[0] == "11"
    assert not set(ranked) & mentioned and len(mentioned) == 3


def test_the_turns_can_be_read_by_another_reader(bot, tmp_path):
    """A model's reading of each turn (bench_llm's dialogues part) replaces the rules
    reader's: here a reader that hears a wish for documentaries in words the rules do not
    know, given the person's earlier messages."""
    from bot.understanding import Understanding

    path = write_cases(tmp_path / "d.jsonl", [
        {"turns": [user("hello there"), assistant("Hi! What do you feel like?"),
                   user("real-life stories, please")], "targets": DOCUMENTARIES}])
    heard: list[tuple[str, list[str]]] = []

    def read(text, before):
        heard.append((text, list(before)))
        wanted = ["Documentary"] if "real-life" in text else []
        return Understanding(text, wanted=wanted)

    rules = DialogueEvaluation(bot, "movies").run(load_cases(path))
    model = DialogueEvaluation(bot, "movies", read=read).run(load_cases(path))
    assert heard == [("hello there", []), ("real-life stories, please", ["hello there"])]
    assert model.recall["r@10"] == 1.0 > rules.recall["r@10"]
