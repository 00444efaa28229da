"""Where the stores keep their tables: a SQLite file (the default) or PostgreSQL, by URL.

The profile store and the substitution store are written with SQLAlchemy Core, so the
same statements run on both. `RECBOT_DATABASE_URL=postgresql://user:pass@host/db` puts
every store's tables in that database (psycopg 3 is the driver), so several workers on
several hosts share people's profiles; without it each store is a SQLite file in the data
directory, as before.

SQLite: WAL mode (readers never wait for the writer), `synchronous=NORMAL` (durable
across application crashes), connections kept open (closing the last one checkpoints
with an fsync). PostgreSQL: a connection pool that checks a connection before use.

Schemas are migrated on start (`migrate`): each store lists its steps, and the version it
reached is kept in `recbot_schema`. Two workers starting at once take turns: PostgreSQL
through a transaction-scoped advisory lock, SQLite through its write lock, taken before
the version is read.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.schema import CreateTable

from bot.errors import ConfigError

Step = Callable[[Connection], None]
MIGRATION_LOCK = zlib.crc32(b"recbot:migrations")  # PostgreSQL advisory lock key
WAL_ATTEMPTS = 20  # tries at switching a new SQLite file to WAL mode
WAL_RETRY_SECONDS = 0.05  # times the attempt number, between tries

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()

_schema_metadata = MetaData()
SCHEMA_VERSIONS = Table(
    "recbot_schema", _schema_metadata,
    Column("component", String(64), primary_key=True),
    Column("version", Integer, nullable=False))


def database_url(where: str | Path) -> str:
    """A store's location as a SQLAlchemy URL: a path is a SQLite file; postgresql://
    URLs get the psycopg 3 driver."""
    if isinstance(where, Path) or "://" not in where:
        return f"sqlite:///{Path(where).expanduser().resolve()}"
    scheme, rest = where.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("postgresql+psycopg", "sqlite"):
        return where
    raise ConfigError(f"a database URL is postgresql://... (or a SQLite file's path), "
                      f"not {scheme}://...")


def engine_for(where: str | Path) -> Engine:
    """One engine (and connection pool) per database in this process."""
    url = database_url(where)
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        return engine


def _create(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"cannot read the database URL: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                               pool_size=8, max_overflow=32)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                         connect_args={"connect_timeout": 10})


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    _write_ahead_log(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _write_ahead_log(cursor: Any) -> None:
    """The file in WAL mode, which it keeps once set. Two workers opening a new file at
    once both ask for it, and SQLite can refuse the second at once, without waiting
    ("database is locked"): it is asked again, shortly after."""
    for attempt in range(1, WAL_ATTEMPTS + 1):
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS:
                raise
            time.sleep(WAL_RETRY_SECONDS * attempt)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def insert(engine: Engine, table: Table) -> Any:
    """INSERT with the dialect's ON CONFLICT clauses (the same API on both)."""
    return (sqlite.insert if is_sqlite(engine) else postgresql.insert)(table)


def migrate(engine: Engine, component: str, steps: Sequence[Step]) -> None:
    """Run the steps of `component` not yet run on this database, in one transaction that
    one process at a time can hold. A step must also cope with a database written before
    recbot kept versions (create only what is missing)."""
    with engine.begin() as db:
        if not is_sqlite(engine):  # every recbot migration, one at a time
            db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        # IF NOT EXISTS in the statement itself: atomic on both, even when two race
        db.execute(CreateTable(SCHEMA_VERSIONS, if_not_exists=True))
        # A write before the version is read: on SQLite, this takes the write lock, held
        # to the commit, so a second process waits here and then reads the new version.
        db.execute(insert(engine, SCHEMA_VERSIONS).values(component=component, version=0)
                   .on_conflict_do_nothing())
        done = db.execute(select(SCHEMA_VERSIONS.c.version)
                          .where(SCHEMA_VERSIONS.c.component == component)).scalar_one()
        for step in steps[done:]:
            step(db)
        if len(steps) > done:
            db.execute(SCHEMA_VERSIONS.update().where(SCHEMA_VERSIONS.c.component == component)
                       .values(version=len(steps)))
