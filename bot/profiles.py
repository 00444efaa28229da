"""People's profiles and conversations, kept in SQLite in the data directory.

A profile belongs to a session id: liked, disliked and seen items, standing
constraints (budget, excluded topics), reading level and detail, and the
conversation so far. Every change is its own committed transaction, in WAL mode,
so a crash in the middle of a turn loses nothing that was stored before it, and
readers never wait for a writer. Each thread gets its own connection, kept open, so
one store can be shared by the threads of a web server.

    >>> store = ProfileStore(settings.data_dir / "profiles.sqlite3")
    >>> store.record_feedback("s1", "movies", "1", "like")
    >>> store.profile("s1", "movies").liked
    ['1']
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bot.errors import RecbotError

ReadingLevel = Literal["simple", "standard", "expert"]
Detail = Literal["brief", "detailed"]
Feedback = Literal["like", "dislike", "seen", "accepted", "clear"]
READING_LEVELS = ("simple", "standard", "expert")
DETAILS = ("brief", "detailed")
FEEDBACK = ("like", "dislike", "seen", "accepted", "clear")
SESSION_ID = re.compile(r"^[A-Za-z0-9_\-:.]{1,128}$")
MAX_TEXT = 4_000  # characters kept of a stored message (a long LLM reply is cut)
MAX_TOPIC = 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS profiles (
    session_id TEXT NOT NULL,
    catalog TEXT NOT NULL,
    reading_level TEXT NOT NULL DEFAULT 'standard',
    detail TEXT NOT NULL DEFAULT 'brief',
    min_price REAL,
    max_price REAL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (session_id, catalog)
);
CREATE TABLE IF NOT EXISTS item_feedback (
    session_id TEXT NOT NULL,
    catalog TEXT NOT NULL,
    item_id TEXT NOT NULL,
    opinion INTEGER NOT NULL DEFAULT 0,   -- 1 liked, -1 disliked, 0 neither
    seen INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    updated_at REAL NOT NULL,
    PRIMARY KEY (session_id, catalog, item_id)
);
CREATE TABLE IF NOT EXISTS excluded_topics (
    session_id TEXT NOT NULL,
    catalog TEXT NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (session_id, catalog, topic)
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL,
    catalog TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text TEXT NOT NULL,
    picks TEXT NOT NULL DEFAULT '[]',     -- JSON: the item ids shown with the message
    at REAL NOT NULL,
    topic TEXT NOT NULL DEFAULT '{}'      -- JSON: what the picks answered (wishes, words)
);
CREATE INDEX IF NOT EXISTS messages_by_session ON messages (session_id, catalog, id);
"""


class ProfileError(RecbotError):
    """A profile value is not one recbot accepts (unknown level, malformed session id...)."""


@dataclass
class Message:
    role: Literal["user", "assistant"]
    text: str
    picks: list[str] = field(default_factory=list)
    at: float = 0.0
    topic: dict[str, Any] = field(default_factory=dict)  # what the picks answered


@dataclass
class Profile:
    """Everything recbot knows about one person in one catalog."""

    session_id: str
    catalog: str
    liked: list[str] = field(default_factory=list)  # oldest first
    disliked: list[str] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    reading_level: ReadingLevel = "standard"
    detail: Detail = "brief"
    min_price: float | None = None
    max_price: float | None = None
    excluded_topics: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """No likes yet: the person has not told recbot what they enjoy."""
        return not self.liked

    def shown_before(self) -> set[str]:
        return {*self.liked, *self.disliked, *self.seen, *self.accepted}


class ProfileStore:
    """Profiles and conversation history in one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._writing = threading.Lock()
        with closing(sqlite3.connect(self.path, timeout=30)) as db, db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(messages)")}
            if "topic" not in columns:  # a store written by an earlier recbot
                db.execute("ALTER TABLE messages ADD COLUMN topic TEXT NOT NULL DEFAULT '{}'")

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if write:  # this process's writers queue here, woken at once, instead of in
            # SQLite's busy handler, which sleeps up to 100 ms a try
            with self._writing, self._connect() as writer:
                yield writer
            return
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            # One connection per thread, kept open: closing the last connection to a WAL
            # database checkpoints it with an fsync, which cost ~20 ms on every write.
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across app crashes
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        with db:  # one transaction: committed on success, rolled back on error
            yield db

    def close(self) -> None:
        """Close this thread's connection (the others close with their threads' store)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            self._local.db = None
            db.close()

    # -- reading -------------------------------------------------------------------

    def profile(self, session_id: str, catalog: str) -> Profile:
        """The stored profile, or a fresh default one (nothing is written by reading)."""
        _check_session(session_id)
        with self._connect() as db:
            row = db.execute(
                "SELECT reading_level, detail, min_price, max_price FROM profiles "
                "WHERE session_id = ? AND catalog = ?", (session_id, catalog)).fetchone()
            feedback = db.execute(
                "SELECT item_id, opinion, seen, accepted FROM item_feedback "
                "WHERE session_id = ? AND catalog = ? ORDER BY updated_at, rowid",
                (session_id, catalog)).fetchall()
            topics = [t for (t,) in db.execute(
                "SELECT topic FROM excluded_topics WHERE session_id = ? AND catalog = ? "
                "ORDER BY topic", (session_id, catalog))]
        profile = Profile(session_id, catalog, excluded_topics=topics)
        if row:
            profile.reading_level, profile.detail, profile.min_price, profile.max_price = row
        for item_id, opinion, seen, accepted in feedback:
            if opinion > 0:
                profile.liked.append(item_id)
            elif opinion < 0:
                profile.disliked.append(item_id)
            if seen:
                profile.seen.append(item_id)
            if accepted:
                profile.accepted.append(item_id)
        return profile

    def history(self, session_id: str, catalog: str, limit: int = 50) -> list[Message]:
        """The last `limit` messages, oldest first."""
        _check_session(session_id)
        with self._connect() as db:
            rows = db.execute(
                "SELECT role, text, picks, at, topic FROM messages WHERE session_id = ? "
                "AND catalog = ? ORDER BY id DESC LIMIT ?",
                (session_id, catalog, limit)).fetchall()
        return [Message(role, text, json.loads(picks), at, json.loads(topic))
                for role, text, picks, at, topic in reversed(rows)]

    # -- writing -------------------------------------------------------------------

    def record_feedback(self, session_id: str, catalog: str, item_id: str,
                        kind: Feedback) -> None:
        """like / dislike (the latest opinion wins), seen, accepted, or clear all three."""
        _check_session(session_id)
        if kind not in FEEDBACK:
            raise ProfileError(f"feedback must be one of {', '.join(FEEDBACK)}, not {kind!r}")
        if not item_id or len(item_id) > 256:
            raise ProfileError("an item id is required (at most 256 characters)")
        now = time.time()
        changes = {"like": ("opinion", 1), "dislike": ("opinion", -1), "seen": ("seen", 1),
                   "accepted": ("accepted", 1)}
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, now)
            if kind == "clear":
                db.execute("DELETE FROM item_feedback WHERE session_id = ? AND catalog = ? "
                           "AND item_id = ?", (session_id, catalog, item_id))
                return
            column, value = changes[kind]
            db.execute(
                f"INSERT INTO item_feedback (session_id, catalog, item_id, {column}, updated_at) "
                f"VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, catalog, item_id) DO UPDATE "
                f"SET {column} = excluded.{column}, updated_at = excluded.updated_at",
                (session_id, catalog, item_id, value, now))

    def set_preferences(self, session_id: str, catalog: str, *,
                        reading_level: str | None = None, detail: str | None = None,
                        min_price: float | None = None, max_price: float | None = None,
                        clear_budget: bool = False) -> None:
        _check_session(session_id)
        if reading_level is not None and reading_level not in READING_LEVELS:
            raise ProfileError(f"reading level must be one of {', '.join(READING_LEVELS)}")
        if detail is not None and detail not in DETAILS:
            raise ProfileError(f"detail must be one of {', '.join(DETAILS)}")
        for bound in (min_price, max_price):
            if bound is not None and not (0 <= bound < 1e12):
                raise ProfileError(f"a budget must be a positive amount, not {bound}")
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, time.time())
            updates: dict[str, Any] = {"reading_level": reading_level, "detail": detail,
                                       "min_price": min_price, "max_price": max_price}
            for column, value in updates.items():
                if value is not None:
                    db.execute(f"UPDATE profiles SET {column} = ? WHERE session_id = ? "
                               "AND catalog = ?", (value, session_id, catalog))
            if clear_budget:
                db.execute("UPDATE profiles SET min_price = NULL, max_price = NULL "
                           "WHERE session_id = ? AND catalog = ?", (session_id, catalog))

    def exclude_topics(self, session_id: str, catalog: str, add: Iterable[str] = (),
                       remove: Iterable[str] = ()) -> None:
        _check_session(session_id)
        added = [_topic(t) for t in add]
        removed = [_topic(t) for t in remove]
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, time.time())
            db.executemany("INSERT OR IGNORE INTO excluded_topics VALUES (?, ?, ?)",
                           [(session_id, catalog, t) for t in added])
            db.executemany("DELETE FROM excluded_topics WHERE session_id = ? AND catalog = ? "
                           "AND topic = ?", [(session_id, catalog, t) for t in removed])

    def append_message(self, session_id: str, catalog: str, role: str, text: str,
                       picks: Sequence[str] = (), topic: Mapping[str, Any] | None = None
                       ) -> None:
        _check_session(session_id)
        if role not in ("user", "assistant"):
            raise ProfileError(f"role must be user or assistant, not {role!r}")
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, time.time())
            db.execute("INSERT INTO messages (session_id, catalog, role, text, picks, at, "
                       "topic) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (session_id, catalog, role, text[:MAX_TEXT], json.dumps(list(picks)),
                        time.time(), json.dumps(dict(topic or {}))))

    def forget(self, session_id: str) -> None:
        """Delete everything stored for a session, in every catalog."""
        _check_session(session_id)
        with self._connect(write=True) as db:
            for table in ("profiles", "item_feedback", "excluded_topics", "messages"):
                db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))

    def _touch(self, db: sqlite3.Connection, session_id: str, catalog: str, now: float) -> None:
        db.execute("INSERT INTO profiles (session_id, catalog, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (session_id, catalog) DO UPDATE "
                   "SET updated_at = excluded.updated_at", (session_id, catalog, now, now))


def _check_session(session_id: str) -> None:
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise ProfileError("a session id is 1-128 letters, digits, '-', '_', ':' or '.'")


def _topic(text: str) -> str:
    topic = " ".join(str(text).lower().split())
    if not topic or len(topic) > MAX_TOPIC:
        raise ProfileError(f"a topic is 1-{MAX_TOPIC} characters")
    return topic
