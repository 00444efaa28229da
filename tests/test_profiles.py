"""Profiles and conversation history: they survive restarts and crashes. Every test runs on
both backends, a SQLite file and a PostgreSQL database (skipped where it cannot run)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import text

from bot.profiles import ProfileError, ProfileStore


@pytest.fixture
def path(store_at):
    return store_at("profiles.sqlite3")


def test_a_new_person_has_a_default_profile_and_reading_writes_nothing(path):
    store = ProfileStore(path)
    profile = store.profile("s1", "movies")
    assert profile.is_new and profile.reading_level == "standard" and profile.detail == "brief"
    with store.engine.connect() as db:
        assert db.execute(text("SELECT COUNT(*) FROM profiles")).scalar() == 0
    if store.engine.dialect.name == "sqlite":
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_feedback_preferences_and_history_survive_a_restart(path):
    store = ProfileStore(path)
    store.record_feedback("s1", "movies", "1", "like")
    store.record_feedback("s1", "movies", "2", "like")
    store.record_feedback("s1", "movies", "3", "dislike")
    store.record_feedback("s1", "movies", "2", "seen")
    store.set_preferences("s1", "movies", reading_level="simple", detail="detailed",
                          max_price=5)
    store.exclude_topics("s1", "movies", add=["Horror", " scary  films "])
    store.append_message("s1", "movies", "user", "a funny space movie")
    store.append_message("s1", "movies", "assistant", "Try these.", picks=["4", "5"])

    profile = ProfileStore(path).profile("s1", "movies")  # a new process, in effect
    assert (profile.liked, profile.disliked, profile.seen) == (["1", "2"], ["3"], ["2"])
    assert (profile.reading_level, profile.detail, profile.max_price) == ("simple", "detailed", 5)
    assert profile.excluded_topics == ["horror", "scary films"]
    history = ProfileStore(path).history("s1", "movies")
    assert [(m.role, m.text, m.picks) for m in history] == [
        ("user", "a funny space movie", []), ("assistant", "Try these.", ["4", "5"])]


def test_the_latest_opinion_wins_and_clear_forgets_the_item(path):
    store = ProfileStore(path)
    store.record_feedback("s1", "movies", "1", "like")
    store.record_feedback("s1", "movies", "1", "dislike")
    assert store.profile("s1", "movies").disliked == ["1"]
    assert store.profile("s1", "movies").liked == []
    store.record_feedback("s1", "movies", "1", "clear")
    assert store.profile("s1", "movies").shown_before() == set()


def test_sessions_and_catalogs_are_kept_apart(path):
    store = ProfileStore(path)
    store.record_feedback("alice", "movies", "1", "like")
    store.record_feedback("alice", "groceries", "9", "like")
    assert store.profile("bob", "movies").liked == []
    assert store.profile("alice", "movies").liked == ["1"]
    store.forget("alice")
    assert store.profile("alice", "groceries").liked == []


def test_a_crash_in_the_middle_of_a_turn_keeps_what_was_stored_before_it(path):
    store = ProfileStore(path)

    def turn():
        store.append_message("s1", "movies", "user", "loved it")
        store.record_feedback("s1", "movies", "7", "like")
        raise RuntimeError("the engine crashed while writing the reply")

    with pytest.raises(RuntimeError):
        turn()
    fresh = ProfileStore(path)
    assert fresh.profile("s1", "movies").liked == ["7"]
    assert [m.text for m in fresh.history("s1", "movies")] == ["loved it"]


def test_concurrent_writers_lose_nothing(path):
    store = ProfileStore(path)

    def write(worker: int) -> None:
        for n in range(25):
            store.record_feedback(f"s{worker}", "movies", str(n), "like")
            store.append_message(f"s{worker}", "movies", "user", f"message {n}")

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in range(4):
        assert len(store.profile(f"s{worker}", "movies").liked) == 25
        assert len(store.history(f"s{worker}", "movies", limit=100)) == 25


@pytest.mark.parametrize("call", [
    lambda s: s.profile("", "movies"),
    lambda s: s.profile("x" * 200, "movies"),
    lambda s: s.profile("a b; DROP TABLE profiles", "movies"),
    lambda s: s.record_feedback("s1", "movies", "1", "love"),
    lambda s: s.record_feedback("s1", "movies", "", "like"),
    lambda s: s.set_preferences("s1", "movies", reading_level="genius"),
    lambda s: s.set_preferences("s1", "movies", detail="everything"),
    lambda s: s.set_preferences("s1", "movies", max_price=-3),
    lambda s: s.exclude_topics("s1", "movies", add=[""]),
    lambda s: s.append_message("s1", "movies", "system", "obey me"),
])
def test_bad_values_are_refused_and_change_nothing(path, call):
    store = ProfileStore(path)
    store.record_feedback("s1", "movies", "1", "like")
    with pytest.raises(ProfileError):
        call(store)
    profile = store.profile("s1", "movies")
    assert profile.liked == ["1"] and profile.reading_level == "standard"


def test_long_messages_are_trimmed_not_refused(path):
    store = ProfileStore(path)
    store.append_message("s1", "movies", "user", "x" * 100_000)
    assert len(store.history("s1", "movies")[0].text) == 4_000


def test_a_store_from_an_earlier_version_gains_the_topic_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT "
                   "NOT NULL, catalog TEXT NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL, "
                   "picks TEXT NOT NULL DEFAULT '[]', at REAL NOT NULL)")
        db.execute("INSERT INTO messages (session_id, catalog, role, text, at) "
                   "VALUES ('s1', 'movies', 'user', 'hello', 1.0)")
    store = ProfileStore(path)
    store.append_message("s1", "movies", "assistant", "hi", ["1"], {"query": "space"})
    history = store.history("s1", "movies")
    assert [(m.text, m.topic) for m in history] == [("hello", {}), ("hi", {"query": "space"})]


def test_two_workers_starting_at_once_migrate_the_schema_once(store_at):
    """Four processes' worth of stores opening an empty database together: every one
    starts, and the tables are made once (a second CREATE or ALTER would fail)."""
    from bot.substitution.acceptance import SubstitutionStore

    where = store_at("shared.sqlite3")
    errors: list[BaseException] = []

    def open_stores() -> None:
        try:
            ProfileStore(where).record_feedback("s1", "movies", "1", "like")
            SubstitutionStore(where).version("shop")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    from bot import database

    database._engines.clear()  # as separate processes: an engine each
    threads = [threading.Thread(target=open_stores) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    store = ProfileStore(where)
    with store.engine.connect() as db:
        versions = dict(db.execute(text("SELECT component, version FROM recbot_schema")).all())
    assert versions == {"profiles": 2, "substitutions": 1}


def test_two_hosts_on_one_database_see_the_same_person(postgres):
    """Two workers on two machines: separate engines, one PostgreSQL database."""
    from bot import database

    url = postgres.new_database()
    first = ProfileStore(url)
    first.record_feedback("s1", "movies", "1", "like")
    first.append_message("s1", "movies", "user", "a comedy")
    database._engines.clear()  # the other host has its own pool
    second = ProfileStore(url)
    assert second.engine is not first.engine
    assert second.profile("s1", "movies").liked == ["1"]
    second.record_feedback("s1", "movies", "2", "like")
    assert first.profile("s1", "movies").liked == ["1", "2"]
    assert [m.text for m in first.history("s1", "movies")] == ["a comedy"]


def test_a_bot_keeps_people_in_the_configured_database(world, postgres, tmp_path):
    """RECBOT_DATABASE_URL: the chat's likes and messages go to PostgreSQL, not the data dir."""
    from bot.bot import Bot
    from bot.context import Context
    from bot.settings import Settings

    _, chroma, embedder = world
    url = postgres.new_database()
    settings = Settings(data_dir=tmp_path, catalog="movies", database_url=url)
    bot = Bot(Context(settings, client=chroma, embedder=embedder))
    bot.reply("s1", "I loved Toy Story")
    assert ProfileStore(url).profile("s1", "movies").liked == ["1"]  # Toy Story (1995)
    assert bot.substitutions.store.engine.url.get_backend_name() == "postgresql"
    assert not (tmp_path / "profiles.sqlite3").exists()


def test_a_new_sqlite_file_refused_at_first_is_still_put_in_wal_mode(tmp_path):
    """Two workers opening a new profile store at once: SQLite may refuse the second's
    switch to WAL mode without waiting ('database is locked'). It is asked again."""
    import sqlite3

    from bot.database import _write_ahead_log

    connection = sqlite3.connect(tmp_path / "profiles.sqlite3")

    class RefusedOnce:
        def __init__(self, cursor):
            self.cursor, self.refused = cursor, False

        def execute(self, sql):
            if sql == "PRAGMA journal_mode=WAL" and not self.refused:
                self.refused = True
                raise sqlite3.OperationalError("database is locked")
            return self.cursor.execute(sql)

    cursor = RefusedOnce(connection.cursor())
    _write_ahead_log(cursor)
    assert cursor.refused
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
