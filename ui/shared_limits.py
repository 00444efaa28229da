"""Rate limits that hold across workers and hosts: the token buckets kept in the database.

`RateLimiter` (ui/security.py) keeps its buckets in one process's memory, so N workers
would each allow the whole rate. With RECBOT_DATABASE_URL set, every worker shares one
table of buckets instead: each request takes a token in one short transaction (the row
locked on PostgreSQL; SQLite's write lock), so a session allowed 30 turns a minute gets 30,
whichever workers answer them. Buckets idle long enough to be full again are deleted now
and then.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Column, Connection, Float, MetaData, String, Table, select

from bot.database import engine_for, insert, migrate

METADATA = MetaData()
BUCKETS = Table(
    "rate_buckets", METADATA,
    Column("scope", String(32), primary_key=True),  # which limit: turns, sessions
    Column("key", String(256), primary_key=True),  # whose: a session, an address
    Column("tokens", Float, nullable=False),
    Column("at", Float, nullable=False))  # wall-clock seconds: the same on every host
SWEEP_CHANCE = 0.002  # the share of requests that also delete idle buckets


def _create_tables(db: Connection) -> None:
    METADATA.create_all(db, checkfirst=True)


class SharedRateLimiter:
    """A token bucket per key, in the database: `per_minute` requests a minute across all
    workers, in bursts of up to `burst` (the same contract as `RateLimiter`)."""

    def __init__(self, where: str | Path, scope: str, per_minute: int, *,
                 burst: int | None = None, clock: Callable[[], float] = time.time):
        self.engine = engine_for(where)
        migrate(self.engine, "rate_limits", (_create_tables,))
        self.scope = scope
        self.rate = per_minute / 60.0
        self.burst = float(burst if burst is not None else per_minute)
        self._clock = clock

    def acquire(self, key: str) -> float:
        """0 when the request may go ahead; otherwise the seconds to wait before retrying."""
        now = self._clock()
        b = BUCKETS.c
        mine = (b.scope == self.scope) & (b.key == key)
        with self.engine.begin() as db:
            # The insert first: on SQLite it takes the write lock, on PostgreSQL the row
            # exists to be locked; either way one worker at a time reads and updates it.
            db.execute(insert(self.engine, BUCKETS).values(
                scope=self.scope, key=key, tokens=self.burst, at=now).on_conflict_do_nothing())
            tokens, then = db.execute(select(b.tokens, b.at).where(mine)
                                      .with_for_update()).one()
            tokens = min(self.burst, tokens + max(0.0, now - then) * self.rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self.rate
            db.execute(BUCKETS.update().where(mine).values(tokens=tokens, at=now))
            if random.random() < SWEEP_CHANCE:
                db.execute(BUCKETS.delete().where(
                    b.scope == self.scope, b.at < now - 2 * self.burst / self.rate))
        return wait
