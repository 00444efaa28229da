"""People's profiles and conversations, kept in SQLite in the data directory, or in the
PostgreSQL database RECBOT_DATABASE_URL names (bot/database.py).

A profile belongs to a session id: liked, disliked and seen items, standing
constraints (budget, excluded topics), reading level and detail, and the
conversation so far. Every change is its own committed transaction, so a crash in
the middle of a turn loses nothing that was stored before it; in SQLite's WAL mode
readers never wait for a writer. Connections are pooled, so one store can be shared
by the threads of a web server, and by the workers of several machines on PostgreSQL.

    >>> store = ProfileStore(settings.data_dir / "profiles.sqlite3")
    >>> store.record_feedback("s1", "movies", "1", "like")
    >>> store.profile("s1", "movies").liked
    ['1']
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    select,
    text,
)

from bot.database import engine_for, insert, is_sqlite, migrate
from bot.errors import RecbotError

ReadingLevel = Literal["simple", "standard", "expert"]
Detail = Literal["short", "brief", "detailed"]
Feedback = Literal["like", "dislike", "seen", "accepted", "clear"]
READING_LEVELS = ("simple", "standard", "expert")
DETAILS = ("short", "brief", "detailed")
FEEDBACK = ("like", "dislike", "seen", "accepted", "clear")
SESSION_ID = re.compile(r"^[A-Za-z0-9_\-:.]{1,128}$")
MAX_TEXT = 4_000  # characters kept of a stored message (a long LLM reply is cut)
MAX_TOPIC = 60

METADATA = MetaData()
PROFILES = Table(
    "profiles", METADATA,
    Column("session_id", String(128), primary_key=True),
    Column("catalog", String(64), primary_key=True),
    Column("reading_level", String(16), nullable=False, server_default="standard"),
    Column("detail", String(16), nullable=False, server_default="brief"),
    Column("min_price", Float),
    Column("max_price", Float),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False))
ITEM_FEEDBACK = Table(
    "item_feedback", METADATA,
    Column("session_id", String(128), primary_key=True),
    Column("catalog", String(64), primary_key=True),
    Column("item_id", String(256), primary_key=True),
    Column("opinion", Integer, nullable=False, server_default="0"),  # 1 liked, -1 disliked
    Column("seen", Integer, nullable=False, server_default="0"),
    Column("accepted", Integer, nullable=False, server_default="0"),
    Column("updated_at", Float, nullable=False))
EXCLUDED_TOPICS = Table(
    "excluded_topics", METADATA,
    Column("session_id", String(128), primary_key=True),
    Column("catalog", String(64), primary_key=True),
    Column("topic", String(MAX_TOPIC), primary_key=True))
MESSAGES = Table(
    "messages", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(128), nullable=False),
    Column("catalog", String(64), nullable=False),
    Column("role", String(16), CheckConstraint("role IN ('user', 'assistant')"),
           nullable=False),
    Column("text", Text, nullable=False),
    Column("picks", Text, nullable=False, server_default="[]"),  # JSON: the item ids shown
    Column("at", Float, nullable=False),
    Column("topic", Text, nullable=False, server_default="{}"),  # JSON: what picks answered
    Index("messages_by_session", "session_id", "catalog", "id"))


def _create_tables(db: Connection) -> None:
    METADATA.create_all(db, checkfirst=True)


def _add_topic_column(db: Connection) -> None:
    """A store written by a recbot from before conversations kept their topic."""
    if "topic" not in {c["name"] for c in inspect(db).get_columns("messages")}:
        db.execute(text("ALTER TABLE messages ADD COLUMN topic TEXT NOT NULL DEFAULT '{}'"))


MIGRATIONS = (_create_tables, _add_topic_column)


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
    """Profiles and conversation history in a database: a SQLite file, or the PostgreSQL
    database a URL names (bot/database.py)."""

    def __init__(self, where: str | Path):
        self.where = where
        self.engine = engine_for(where)
        # SQLite has one writer at a time: this process's writers queue here, woken at
        # once, instead of in SQLite's busy handler, which sleeps up to 100 ms a try.
        self._writing = threading.Lock() if is_sqlite(self.engine) else None
        migrate(self.engine, "profiles", MIGRATIONS)

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on error."""
        if write and self._writing is not None:
            with self._writing, self.engine.begin() as db:
                yield db
            return
        with self.engine.begin() as db:
            yield db

    def close(self) -> None:
        """Close the pooled connections (a store that is no longer used)."""
        self.engine.dispose()

    # -- reading -------------------------------------------------------------------

    def profile(self, session_id: str, catalog: str) -> Profile:
        """The stored profile, or a fresh default one (nothing is written by reading)."""
        _check_session(session_id)
        p, f, t = PROFILES.c, ITEM_FEEDBACK.c, EXCLUDED_TOPICS.c
        with self._connect() as db:
            row = db.execute(select(p.reading_level, p.detail, p.min_price, p.max_price)
                             .where(p.session_id == session_id, p.catalog == catalog)).first()
            feedback = db.execute(
                select(f.item_id, f.opinion, f.seen, f.accepted)
                .where(f.session_id == session_id, f.catalog == catalog)
                .order_by(f.updated_at, f.item_id)).all()
            topics = list(db.execute(select(t.topic).where(
                t.session_id == session_id, t.catalog == catalog).order_by(t.topic)).scalars())
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
        m = MESSAGES.c
        with self._connect() as db:
            rows = db.execute(select(m.role, m.text, m.picks, m.at, m.topic)
                              .where(m.session_id == session_id, m.catalog == catalog)
                              .order_by(m.id.desc()).limit(limit)).all()
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
        f = ITEM_FEEDBACK.c
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, now)
            if kind == "clear":
                db.execute(ITEM_FEEDBACK.delete().where(
                    f.session_id == session_id, f.catalog == catalog, f.item_id == item_id))
                return
            column, value = changes[kind]
            upsert = insert(self.engine, ITEM_FEEDBACK).values(
                session_id=session_id, catalog=catalog, item_id=item_id, updated_at=now,
                **{column: value})
            db.execute(upsert.on_conflict_do_update(
                index_elements=[f.session_id, f.catalog, f.item_id],
                set_={column: upsert.excluded[column], "updated_at": upsert.excluded.updated_at}))

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
        updates: dict[str, Any] = {name: value for name, value in (
            ("reading_level", reading_level), ("detail", detail), ("min_price", min_price),
            ("max_price", max_price)) if value is not None}
        if clear_budget:
            updates.update(min_price=None, max_price=None)
        p = PROFILES.c
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, time.time())
            if updates:
                db.execute(PROFILES.update().where(
                    p.session_id == session_id, p.catalog == catalog).values(**updates))

    def exclude_topics(self, session_id: str, catalog: str, add: Iterable[str] = (),
                       remove: Iterable[str] = ()) -> None:
        _check_session(session_id)
        added = [_topic(t) for t in add]
        removed = [_topic(t) for t in remove]
        t = EXCLUDED_TOPICS.c
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, time.time())
            if added:
                db.execute(insert(self.engine, EXCLUDED_TOPICS).on_conflict_do_nothing(),
                           [{"session_id": session_id, "catalog": catalog, "topic": topic}
                            for topic in added])
            if removed:
                db.execute(EXCLUDED_TOPICS.delete().where(
                    t.session_id == session_id, t.catalog == catalog, t.topic.in_(removed)))

    def append_message(self, session_id: str, catalog: str, role: str, text: str,
                       picks: Sequence[str] = (), topic: Mapping[str, Any] | None = None
                       ) -> None:
        _check_session(session_id)
        if role not in ("user", "assistant"):
            raise ProfileError(f"role must be user or assistant, not {role!r}")
        with self._connect(write=True) as db:
            self._touch(db, session_id, catalog, time.time())
            db.execute(MESSAGES.insert().values(
                session_id=session_id, catalog=catalog, role=role, text=text[:MAX_TEXT],
                picks=json.dumps(list(picks)), at=time.time(),
                topic=json.dumps(dict(topic or {}))))

    def forget(self, session_id: str) -> None:
        """Delete everything stored for a session, in every catalog."""
        _check_session(session_id)
        with self._connect(write=True) as db:
            for table in (PROFILES, ITEM_FEEDBACK, EXCLUDED_TOPICS, MESSAGES):
                db.execute(table.delete().where(table.c.session_id == session_id))

    def _touch(self, db: Connection, session_id: str, catalog: str, now: float) -> None:
        upsert = insert(self.engine, PROFILES).values(
            session_id=session_id, catalog=catalog, created_at=now, updated_at=now)
        db.execute(upsert.on_conflict_do_update(
            index_elements=[PROFILES.c.session_id, PROFILES.c.catalog],
            set_={"updated_at": upsert.excluded.updated_at}))


def _check_session(session_id: str) -> None:
    if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
        raise ProfileError("a session id is 1-128 letters, digits, '-', '_', ':' or '.'")


def _topic(text: str) -> str:
    topic = " ".join(str(text).lower().split())
    if not topic or len(topic) > MAX_TOPIC:
        raise ProfileError(f"a topic is 1-{MAX_TOPIC} characters")
    return topic
