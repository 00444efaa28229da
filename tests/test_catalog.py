"""Catalog loading and validation: every bad row names its file, line and field."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bot.catalog import ColumnMapping, FieldSpec, Limits, load_catalog
from bot.errors import CatalogError, CatalogValidationError
from tests.conftest import DEMO_MOVIES, write_jsonl


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_error(path: Path, **kwargs) -> str:
    with pytest.raises(CatalogValidationError) as caught:
        load_catalog(path, **kwargs)
    assert len(caught.value.errors) == 1
    return str(caught.value.errors[0])


def test_jsonl_keeps_types_and_attributes(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": 7, "title": "Toy Story (1995)", "description": "Toys come alive.",
         "genres": ["Animation", "Comedy"], "year": 1995, "in_stock": True, "rating": "4.5"},
    ])
    item = load_catalog(path).items[0]
    assert item.id == "7"
    assert item.title == "Toy Story (1995)"
    assert item.attributes == {"genres": ["Animation", "Comedy"], "year": 1995,
                               "in_stock": True, "rating": 4.5}


def test_csv_with_a_column_mapping_loads_a_users_own_file(tmp_path):
    path = write(tmp_path / "shop.csv",
                 "index,product,blurb,sale_price,cats,stock\n"
                 "1,Green Tea,Loose leaf tea.,120,Tea|Drinks,yes\n"
                 '2,"Coffee, Ground",Strong coffee.,"1,250",Coffee,no\n')
    mapping = ColumnMapping(
        id="index", title="product", description="blurb",
        attributes={"price": FieldSpec("sale_price", "float"),
                    "tags": FieldSpec("cats", "list"),
                    "in_stock": FieldSpec("stock", "bool")},
    )
    items = load_catalog(path, mapping).items
    assert [i.title for i in items] == ["Green Tea", "Coffee, Ground"]
    assert items[0].description == "Loose leaf tea."
    assert items[0].attributes == {"price": 120.0, "tags": ["Tea", "Drinks"], "in_stock": True}
    assert items[1].attributes["price"] == 1250.0
    assert items[1].attributes["in_stock"] is False


def test_mapping_file_in_yaml(tmp_path):
    mapping_file = write(tmp_path / "map.yaml",
                         "id: sku\ntitle: name\ndescription: null\n"
                         "attributes:\n  price: {column: cost, type: float}\n"
                         "drop: [internal]\n")
    path = write(tmp_path / "c.csv", "sku,name,cost,internal,colour\nA1,Mug,3.5,x,red\n")
    item = load_catalog(path, ColumnMapping.from_file(mapping_file)).items[0]
    assert (item.id, item.title, item.description) == ("A1", "Mug", "")
    assert item.attributes == {"price": 3.5, "colour": "red"}


def test_mapping_rejects_unknown_keys_and_reserved_names(tmp_path):
    with pytest.raises(CatalogError, match="unknown key"):
        ColumnMapping.from_dict({"idd": "x"})
    with pytest.raises(CatalogError, match="reserved"):
        ColumnMapping.from_dict({"attributes": {"title": "name"}})
    with pytest.raises(CatalogError, match="type must be one of"):
        ColumnMapping.from_dict({"attributes": {"price": {"column": "p", "type": "money"}}})


def test_missing_id_names_file_line_and_field(tmp_path):
    path = write(tmp_path / "c.csv", "id,title\n1,Alpha\n,Beta\n")
    assert only_error(path) == "c.csv, line 3, field 'id': missing id"


def test_missing_title(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "1", "title": "A"}, {"id": "2"}])
    assert only_error(path) == "c.jsonl, line 2, field 'title': missing title"


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("price", "abc", "expected a number, got 'abc'"),
    ("price", "nan", "expected a finite number"),
    ("year", "19x5", "expected a number"),
    ("year", "1995.5", "expected a whole number"),
    ("in_stock", "maybe", "expected true/false, got 'maybe'"),
])
def test_wrong_type_in_csv(tmp_path, column, value, expected):
    path = write(tmp_path / "c.csv", f"id,title,{column}\n1,Alpha,{value}\n")
    message = only_error(path)
    assert message.startswith(f"c.csv, line 2, field '{column}': ")
    assert expected in message


def test_wrong_type_in_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "1", "title": "A", "genres": {"main": "Drama"}},
    ])
    assert "field 'genres': expected a list of text values" in only_error(path)
    path = write_jsonl(tmp_path / "d.jsonl", [{"id": "1", "title": ["not", "text"]}])
    assert "field 'title': expected text, got list" in only_error(path)


def test_duplicate_id_names_the_first_line(tmp_path):
    path = write(tmp_path / "c.csv", "id,title\n1,Alpha\n2,Beta\n1,Gamma\n")
    assert only_error(path) == (
        "c.csv, line 4, field 'id': duplicate id '1' (first seen on line 2)")


def test_non_utf8_bytes_are_pinned_to_their_field(tmp_path):
    path = write(tmp_path / "c.csv", b"id,title,description\n1,Alpha,ok\n2,Caf\xe9,fine\n")
    message = only_error(path)
    assert message.startswith("c.csv, line 3, field 'title': not valid UTF-8")
    assert "0xe9" in message


def test_absurdly_long_text_is_refused_not_cut(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "1", "title": "A", "description": "word " * 10_000},
    ])
    assert "field 'description': text is 49,999 characters long; the limit is 20,000" in (
        only_error(path))
    limits = Limits(title=5)
    path = write(tmp_path / "c.csv", "id,title\n1,A very long title\n")
    assert "field 'title': text is 17 characters long" in only_error(path, limits=limits)


def test_malformed_rows(tmp_path):
    path = write(tmp_path / "c.jsonl", '{"id": "1", "title": "A"}\n{"id": "2", "title": \n')
    assert only_error(path).startswith("c.jsonl, line 2: not valid JSON")
    path = write(tmp_path / "d.jsonl", '["a", "list"]\n')
    assert "each line must be a JSON object" in only_error(path)
    path = write(tmp_path / "e.csv", "id,title\n1,A,extra,values\n")
    assert only_error(path) == "e.csv, line 2: 4 values for 2 columns"


def test_line_numbers_count_quoted_newlines_in_csv(tmp_path):
    path = write(tmp_path / "c.csv", 'id,title,description\n1,A,"two\nlines"\n2,,x\n')
    assert only_error(path).startswith("c.csv, line 4, field 'title'")


def test_skip_mode_keeps_good_rows_and_reports_every_bad_one(tmp_path):
    path = write(tmp_path / "c.csv",
                 "id,title,price\n1,Alpha,1\n,Beta,2\n3,Gamma,cheap\n4,Delta,4\n4,Again,5\n")
    result = load_catalog(path, on_error="skip")
    assert [i.id for i in result.items] == ["1", "4"]
    assert [str(e) for e in result.errors] == [
        "c.csv, line 3, field 'id': missing id",
        "c.csv, line 4, field 'price': expected a number, got 'cheap'",
        "c.csv, line 6, field 'id': duplicate id '4' (first seen on line 5)",
    ]
    assert result.skipped_ids == {"3", "4"}
    assert result.rows_read == 5 and result.bad_rows == 3


def test_file_level_problems_are_catalog_errors(tmp_path):
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "missing.csv")
    with pytest.raises(CatalogError, match="unsupported catalog format"):
        load_catalog(write(tmp_path / "c.xlsx", "x"))
    with pytest.raises(CatalogError, match="empty"):
        load_catalog(write(tmp_path / "e.csv", ""))
    with pytest.raises(CatalogError, match="no rows"):
        load_catalog(write(tmp_path / "h.csv", "id,title\n"))
    with pytest.raises(CatalogError,
                       match=r"column\(s\) 'title' \(for title\) not found in the header"):
        load_catalog(write(tmp_path / "n.csv", "id,name\n1,A\n"))


def test_the_demo_movie_catalog_loads_clean():
    result = load_catalog(DEMO_MOVIES)
    assert len(result.items) == 9742
    toy_story = result.items[0]
    assert toy_story.title == "Toy Story (1995)"
    assert "Buzz Lightyear" in toy_story.description
    assert toy_story.attributes["year"] == 1995
    assert "Animation" in toy_story.attributes["genres"]


def test_unmapped_jsonl_values_keep_their_json_type(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "1", "title": "A", "stars": ["Tom Hanks"], "runtime": 81, "new": False,
         "studio": "Pixar"},
    ])
    assert load_catalog(path).items[0].attributes == {
        "stars": ["Tom Hanks"], "runtime": 81, "new": False, "studio": "Pixar"}
    path = write(tmp_path / "d.jsonl", '{"id": "1", "title": "A", "runtime": NaN}\n')
    assert "field 'runtime': expected a finite number" in only_error(path)
    path = write_jsonl(tmp_path / "e.jsonl", [{"id": "1", "title": "A", "x": {"a": 1}}])
    assert "field 'x': expected text" in only_error(path)


def test_a_bad_description_still_names_its_item_so_the_stored_version_is_kept(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "1", "title": "A", "description": "x" * 30_000},
        {"id": "2", "title": "B"},
    ])
    result = load_catalog(path, on_error="skip")
    assert [i.id for i in result.items] == ["2"]
    assert result.skipped_ids == {"1"}


# -- a mapping names columns that exist (issue 13, item 6) --------------------------------


@pytest.mark.parametrize(("mapping", "expected"), [
    (ColumnMapping(description="blurbz"), "'blurbz' (for description)"),
    (ColumnMapping(attributes={"price": FieldSpec("cost", "float")}), "'cost' (for price)"),
    (ColumnMapping(drop=("internal_notes",)), "'internal_notes' (to drop)"),
])
def test_a_mapping_naming_a_column_the_csv_lacks_is_an_error(tmp_path, mapping, expected):
    path = write(tmp_path / "shop.csv", "id,title,description\n1,Tea,Loose leaf.\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path, mapping)
    message = str(caught.value)
    assert message.startswith(f"{path}: column(s) {expected} not found in the header")
    assert "the file has: id, title, description" in message


def test_a_mapping_naming_a_column_no_jsonl_row_has_is_an_error(tmp_path):
    path = write_jsonl(tmp_path / "shop.jsonl", [
        {"id": "1", "title": "Tea", "description": "Loose leaf."},
        {"id": "2", "title": "Mug", "colour": "red"},
    ])
    with pytest.raises(CatalogError) as caught:
        load_catalog(path, ColumnMapping(description="descripton"), on_error="skip")
    message = str(caught.value)
    assert message.startswith(f"{path}: column(s) 'descripton' (for description) not found "
                              "in any row")
    assert "did you mean 'description'?" in message
    # A JSONL column exists when at least one row has it: `colour` is on row 2 only.
    items = load_catalog(path, ColumnMapping(
        attributes={"paint": FieldSpec("colour")}, drop=("description",))).items
    assert [i.attributes for i in items] == [{}, {"paint": "red"}]


def test_the_default_description_column_may_be_absent(tmp_path):
    path = write(tmp_path / "c.csv", "id,title\n1,Tea\n")
    assert load_catalog(path).items[0].description == ""


def test_a_drop_list_must_be_a_list(tmp_path):
    with pytest.raises(CatalogError, match="drop: expected a list of column names"):
        ColumnMapping.from_dict({"drop": "internal"})


# -- huge cells and binary files (issue 13, item 8) ----------------------------------------


def test_a_10_mb_csv_cell_is_named_by_field_with_the_documented_limit(tmp_path):
    cell = "x" * 10_000_000
    path = write(tmp_path / "big.csv", f'id,title,description\n1,A,"{cell}"\n')
    assert only_error(path) == ("big.csv, line 2, field 'description': text is 10,000,000 "
                                f"characters long; the limit is {Limits().description:,}")
    path = write(tmp_path / "notes.csv", f"id,title,notes\n1,A,ok\n2,B,{cell}\n")
    assert only_error(path).startswith(
        f"notes.csv, line 3, field 'notes': value is longer than the limit of "
        f"{Limits().attribute:,} characters")


PNG_HEAD = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00\x00\x00\x01\x00\x08\x06"
            + bytes(range(1, 256)) * 3)


@pytest.mark.parametrize(("name", "content"), [
    ("logo.csv", PNG_HEAD),
    ("rows.jsonl", gzip.compress(b'{"id": "1", "title": "A"}\n' * 50)),
    ("utf16.csv", "id,title\n1,Tea\n".encode("utf-16")),
], ids=["png", "gzip", "utf16"])
def test_a_binary_file_gets_a_short_clear_error(tmp_path, name, content):
    path = write(tmp_path / name, content)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not a CSV/JSONL text file")
    assert len(message) < len(str(path)) + 160
    assert message.isascii() and message.isprintable()


def test_a_csv_header_that_is_not_utf8_is_named_by_byte(tmp_path):
    path = write(tmp_path / "c.csv", b"id,title,caf\xe9\n1,A,x\n")
    with pytest.raises(CatalogError, match=r"c\.csv, line 1: the header is not UTF-8 at byte 12"):
        load_catalog(path)


def test_a_csv_mentions_column_is_a_number_the_ranker_can_use(tmp_path):
    path = write(tmp_path / "shop.csv", "id,title,mentions\n1,Green Tea,120\n2,Coffee,\n")
    items = load_catalog(path).items
    assert items[0].attributes["mentions"] == 120.0
    assert "mentions" not in items[1].attributes
