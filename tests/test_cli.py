"""The recbot command line, run in-process with a test embedder and a temporary Chroma."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli.main import main, search_repl
from bot.context import Context
from bot.settings import Settings
from tests.conftest import SMALL_CATALOG, write_jsonl


@pytest.fixture
def context(tmp_path, chroma, embedder) -> Context:
    return Context(Settings(data_dir=tmp_path, catalog="small"), client=chroma,
                   embedder=embedder)


def run(context, capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv), context=context)
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_then_search_as_json(context, capsys, small_catalog):
    code, out, _ = run(context, capsys, "ingest", str(small_catalog), "--quiet")
    assert code == 0
    assert "small: 5 items loaded" in out and "embedded 5 (new 5" in out
    code, out, _ = run(context, capsys, "search", "rocket to space", "-k", "2", "--json")
    hits = json.loads(out)
    assert code == 0
    assert {h["id"] for h in hits} == {"1", "3"}
    assert set(hits[0]) >= {"id", "title", "score", "genres", "price"}


def test_search_filters_from_the_command_line(context, capsys, small_catalog):
    run(context, capsys, "ingest", str(small_catalog), "--quiet")
    code, out, _ = run(context, capsys, "search", "rocket", "--where", "in_stock=true",
                       "--max-price", "5", "--json")
    assert code == 0
    assert {h["id"] for h in json.loads(out)} == {"1", "5"}
    code, out, _ = run(context, capsys, "search", "rocket", "--where", "genres=horror")
    assert code == 0 and "Haunted Manor" in out and "Space Cowboys" not in out


def test_a_bad_row_stops_the_ingest_and_changes_nothing(context, capsys, small_catalog,
                                                        tmp_path):
    run(context, capsys, "ingest", str(small_catalog), "--quiet")
    rows = [dict(r) for r in SMALL_CATALOG] + [{"id": "9", "title": "New", "price": "free"}]
    rows[0]["title"] = "Renamed"
    bad = write_jsonl(tmp_path / "small.jsonl", rows)
    code, _, err = run(context, capsys, "ingest", str(bad), "--quiet")
    assert code == 2
    assert "small.jsonl, line 6, field 'price': expected a number, got 'free'" in err
    assert "left unchanged" in err
    assert context.index("small").get(["1"])[0].title == "Space Cowboys"
    assert context.index("small").count() == 5

    code, out, err = run(context, capsys, "ingest", str(bad), "--quiet", "--skip-bad-rows")
    assert code == 0
    assert "skipped: small.jsonl, line 6, field 'price'" in err
    assert "(1 bad rows skipped)" in out
    assert context.index("small").get(["1"])[0].title == "Renamed"


def test_user_errors_are_one_clear_line(context, capsys, small_catalog):
    code, _, err = run(context, capsys, "search", "rocket", "--catalog", "nope")
    assert code == 2 and "no index for catalog 'nope'" in err
    run(context, capsys, "ingest", str(small_catalog), "--quiet")
    code, _, err = run(context, capsys, "search", "rocket", "--where", "genre=Comedy")
    assert code == 2 and err.startswith("error: the catalog has no field 'genre'")
    code, _, err = run(context, capsys, "search", "  ")
    assert code == 2 and "query is empty" in err
    code, _, err = run(context, capsys, "ingest", str(small_catalog), "--name", "bad name!")
    assert code == 2 and "catalog name 'bad name!'" in err


def test_csv_ingest_with_column_flags(context, capsys, tmp_path):
    path = tmp_path / "shop.csv"
    path.write_text("sku,product\nA1,Green tea\nB2,Black coffee\n", encoding="utf-8")
    code, out, _ = run(context, capsys, "ingest", str(path), "--map", "id=sku",
                       "--map", "title=product", "--quiet")
    assert code == 0 and "shop: 2 items loaded" in out
    code, out, _ = run(context, capsys, "catalogs", "--json")
    assert {c["name"]: c["items"] for c in json.loads(out)} == {"shop": 2}


def test_terminal_search_loop(context, capsys, small_catalog):
    run(context, capsys, "ingest", str(small_catalog), "--quiet")
    out = io.StringIO()
    stdin = io.StringIO("bread and cake -k 1\n:catalog nowhere\nrocket --where genre=x\n"
                        "rocket --bogus\nrocket -k many\n'unclosed\n:quit\n")
    assert search_repl(context, stdin, out) == 0
    text = out.getvalue()
    assert "Baking Day" in text
    assert "unknown catalog 'nowhere'" in text
    assert "error: the catalog has no field 'genre'" in text
    assert "error: unknown option(s): --bogus" in text
    assert "error: argument -k: invalid int value: 'many'" in text
    assert "error: No closing quotation" in text  # the loop survives every bad line


def test_demo_builds_its_indexes_once_then_searches(context, capsys, tmp_path, monkeypatch,
                                                    embedder):
    demo = tmp_path / "demo"
    demo.mkdir()
    write_jsonl(demo / "movies.jsonl", SMALL_CATALOG)
    write_jsonl(demo / "groceries.jsonl", [
        {"id": "g1", "title": "Green Tea", "description": "Loose leaf tea.", "price": 120.0,
         "in_stock": True},
        {"id": "g2", "title": "Dish Soap", "description": "Lemon liquid.", "price": 80.0,
         "in_stock": True},
    ])
    (demo / "movies-ratings.csv").write_text(
        "userId,movieId,rating\n" + "".join(f"{u},{i},5\n" for u in range(1, 9)
                                            for i in ("1", "2", "5")))
    monkeypatch.setattr("sys.stdin", io.StringIO("rocket to space -k 1\n:catalog groceries\n"
                                                 "leaf tea -k 1\n"))
    code, out, _ = run(context, capsys, "demo", "--data", str(demo))
    assert code == 0
    assert "Building the movies index" in out and "Building the groceries index" in out
    assert "collaborative model trained on 24 interactions" in out
    assert context.collab("movies") is not None and context.collab("groceries") is None
    assert "Space Cowboys" in out or "Rocket Kids" in out
    assert "now searching groceries" in out and "Green Tea" in out

    embedded = len(embedder.encoded)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, _ = run(context, capsys, "demo", "--data", str(demo))
    assert code == 0 and "Building" not in out and "trained" not in out
    assert len(embedder.encoded) == embedded  # the second start embeds nothing


# -- a mapping names columns that exist (issue 13, item 6) --------------------------------


def test_ingest_refuses_a_mapping_naming_a_missing_column(context, capsys, tmp_path):
    shop = tmp_path / "shop.csv"
    shop.write_text("id,title,description\n1,Green tea,Loose leaf.\n", encoding="utf-8")
    code, out, err = run(context, capsys, "ingest", str(shop), "--map", "description=blurbz")
    assert code == 2 and out == ""
    assert err.startswith(f"error: {shop}: column(s) 'blurbz' (for description) not found in "
                          "the header; the file has: id, title, description")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("attributes:\n  price: {column: cost, type: float}\n"
                       "drop: [internal]\n", encoding="utf-8")
    code, _, err = run(context, capsys, "ingest", str(shop), "--mapping", str(mapping))
    assert code == 2 and "'cost' (for price), 'internal' (to drop) not found" in err
    rows = write_jsonl(tmp_path / "rows.jsonl", [{"id": "1", "title": "Tea", "blurb": "Hot."}])
    code, _, err = run(context, capsys, "ingest", str(rows), "--map", "description=blrub")
    assert code == 2 and f"error: {rows}: column(s) 'blrub' (for description) not found in " \
                         "any row; the rows have: blurb, id, title" in err
    assert "did you mean 'blurb'?" in err
    assert context.catalogs() == []  # nothing was indexed


# -- catalog text never drives the terminal (issue 13, item 7) ------------------------------

# NUL, a C0 control, an ANSI colour, a C1 CSI, DEL, CR, and bidi overrides and isolates
HOSTILE = "Evil\x00Nul\x01One\x1b[31mRed\u202eesrever\u2066iso\u2069\x9b2J\x7f\rrocket"
RAW_CONTROLS = ["\x00", "\x01", "\x1b", "\u202e", "\u2066", "\u2069", "\x9b", "\x7f", "\r"]


@pytest.fixture
def hostile(context, capsys, tmp_path):
    rows = [{"id": str(n), "title": f"{HOSTILE} {n}", "description": f"A rocket\x1b[2J {n}.",
             "genres": ["Comedy"], "price": 3.0, "in_stock": True} for n in range(1, 4)]
    path = write_jsonl(tmp_path / "evil.jsonl", rows)
    assert run(context, capsys, "ingest", str(path), "--quiet")[0] == 0
    return "evil"


def assert_escaped(text: str) -> None:
    assert not [c for c in RAW_CONTROLS if c in text]
    assert "\\u001b[31mRed\\u202eesrever" in text  # visibly escaped, not silently dropped


def test_search_output_escapes_control_and_bidi_characters(context, capsys, hostile):
    code, out, _ = run(context, capsys, "search", "rocket", "--catalog", hostile)
    assert code == 0 and "Evil" in out
    assert_escaped(out)
    code, out, _ = run(context, capsys, "search", "rocket", "--catalog", hostile, "--json")
    assert code == 0 and not [c for c in RAW_CONTROLS if c in out]
    assert {h["title"] for h in json.loads(out)} == {f"{HOSTILE} {n}" for n in (1, 2, 3)}


def test_chat_and_similar_output_escape_control_and_bidi_characters(context, capsys, hostile,
                                                                    monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a comedy about a rocket\n"))
    code, out, _ = run(context, capsys, "chat", "--catalog", hostile)
    assert code == 0 and "Evil" in out
    assert_escaped(out)
    code, out, _ = run(context, capsys, "similar", "1", "--catalog", hostile)
    assert code == 0 and "Evil" in out
    assert_escaped(out)


def test_printable_escapes_what_could_drive_a_terminal_and_keeps_layout():
    from bot.cli.terminal import printable

    assert printable("a\tb\nCafé ✓ 東京") == "a\tb\nCafé ✓ 東京"
    for char in ["\x00", "\x07", "\x08", "\r", "\x1b", "\x7f", "\x85", "\x9b", "\u061c",
                 "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\udc89"]:
        assert printable(f"x{char}y") == f"x\\u{ord(char):04x}y"


def test_error_messages_escape_values_quoted_from_files(context, capsys, tmp_path):
    path = tmp_path / "evil.csv"  # no NUL here: a NUL byte makes it "not a text file"
    path.write_text("id,title,\x01\x1b[31mRed\u202eesrever\u2066\x9b\x7f\r\n1,A,x\n",
                    encoding="utf-8")
    code, _, err = run(context, capsys, "ingest", str(path), "--map", "description=blurbz")
    assert code == 2 and "not found in the header" in err
    assert_escaped(err)


# -- huge cells and binary files (issue 13, item 8) ----------------------------------------


def test_a_binary_file_is_one_short_error(context, capsys, tmp_path):
    path = tmp_path / "logo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 3)
    code, out, err = run(context, capsys, "ingest", str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}: not a CSV/JSONL text file")
    assert err.count("\n") == 1 and len(err) < len(str(path)) + 170
