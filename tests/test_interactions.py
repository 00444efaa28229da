"""Loading interaction logs: column detection, row-level validation, unknown items."""

from __future__ import annotations

import math

import pytest

from bot.errors import InteractionsError, InteractionsValidationError
from bot.interactions import load_interactions
from tests.conftest import write_jsonl

KNOWN = {"1", "2", "3"}


def write(tmp_path, text, name="log.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_movielens_columns_are_recognised_and_ratings_are_explicit(tmp_path):
    path = write(tmp_path, "userId,movieId,rating,timestamp\n"
                           "1,1,4.0,964982703\n1,2,2.5,964982704\n")
    log = load_interactions(path, known_items=KNOWN)
    assert (log.users, log.items, log.explicit) == (["1", "1"], ["1", "2"], True)
    assert log.values.tolist() == [4.0, 2.5] and log.timestamps[0] == 964982703
    assert log.positive_threshold() == 4.0 and log.positives().tolist() == [True, False]


def test_implicit_logs_with_iso_dates_and_no_weight(tmp_path):
    path = write(tmp_path, "customer_id,product_id,date\nc1,1,2024-05-01T10:00:00Z\nc2,3,\n")
    log = load_interactions(path, known_items=KNOWN)
    assert not log.explicit and log.values.tolist() == [1.0, 1.0]
    assert log.timestamps[0] == pytest.approx(1714557600) and math.isnan(log.timestamps[1])
    assert log.positives().all()


def test_jsonl_logs_and_explicit_column_names(tmp_path):
    path = write_jsonl(tmp_path / "log.jsonl", [{"who": "u1", "what": 2, "n": 3},
                                                 {"who": "u2", "what": 1, "n": 1}])
    log = load_interactions(path, known_items=KNOWN,
                            columns={"user": "who", "item": "what", "weight": "n"})
    assert log.items == ["2", "1"] and log.values.tolist() == [3.0, 1.0]


def test_unknown_items_are_counted_and_reported_not_silently_dropped(tmp_path):
    path = write(tmp_path, "user,item\na,1\na,999\nb,999\nb,2\nc,abc\n")
    log = load_interactions(path, known_items=KNOWN)
    assert len(log) == 2 and log.unknown_items == {"999": 2, "abc": 1}
    report = log.unknown_report()
    assert "3 row(s) name 2 item(s) not in the catalog" in report and "'999' (line 3)" in report


@pytest.mark.parametrize(("row", "field", "message"), [
    (",1,4,10", "userId", "is missing"),
    ("u,,4,10", "movieId", "is missing"),
    ("u,1,great,10", "rating", "'great' is not a number"),
    ("u,1,,10", "rating", "is missing"),
    ("u,1,nan,10", "rating", "not a finite number"),
    ("u,1,4,yesterday", "timestamp", "neither seconds since the epoch nor an ISO 8601 date"),
])
def test_a_bad_row_is_named_by_file_line_and_field(tmp_path, row, field, message):
    path = write(tmp_path, f"userId,movieId,rating,timestamp\nu,2,5,1\n{row}\n")
    with pytest.raises(InteractionsValidationError) as caught:
        load_interactions(path, known_items=KNOWN)
    error = caught.value.errors[0]
    assert (error.file, error.line, error.field) == ("log.csv", 3, field)
    assert message in error.message


def test_skipping_bad_rows_keeps_the_good_ones_and_lists_the_rest(tmp_path):
    path = write(tmp_path, 'user,item,weight\na,1,2\nb,2,-1\n"c,3,1\n')
    log = load_interactions(path, known_items=KNOWN, on_error="skip")
    assert log.users == ["a"] and log.rows_read == 3
    assert [(e.line, e.field) for e in log.errors] == [(3, "weight"), (4, "item")]


def test_files_that_cannot_be_read_as_a_whole(tmp_path):
    with pytest.raises(InteractionsError, match="not found"):
        load_interactions(tmp_path / "missing.csv")
    with pytest.raises(InteractionsError, match="no user column"):
        load_interactions(write(tmp_path, "movieId,rating\n1,4\n"))
    with pytest.raises(InteractionsError, match="no rows"):
        load_interactions(write(tmp_path, "user,item\n"))
    with pytest.raises(InteractionsError, match="unsupported"):
        load_interactions(write(tmp_path, "x", name="log.xlsx"))
    with pytest.raises(InteractionsError, match="unknown column role"):
        load_interactions(write(tmp_path, "user,item\na,1\n"), columns={"customer": "user"})


def test_a_10_mb_id_and_a_binary_log_are_named_clearly(tmp_path):
    path = write(tmp_path, f"user,item\na,1\n{'u' * 10_000_000},2\n")
    with pytest.raises(InteractionsValidationError) as caught:
        load_interactions(path)
    error = caught.value.errors[0]
    assert (error.line, error.field) == (3, "user") and "ids are at most 256" in error.message
    binary = tmp_path / "log.csv"
    binary.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 3)
    with pytest.raises(InteractionsError, match=r"log\.csv: not a CSV/JSONL text file"):
        load_interactions(binary)
