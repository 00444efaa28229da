"""Rate limits across workers (ui/shared_limits.py): one budget in the database, whichever
worker answers, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading

from bot import database
from bot.settings import Settings
from ui.app import limiter
from ui.security import RateLimiter
from ui.shared_limits import SharedRateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_two_workers_share_one_budget_per_key(store_at):
    where, clock = store_at("limits.sqlite3"), Clock()
    first = SharedRateLimiter(where, "turns", per_minute=3, clock=clock)
    database._engines.clear()  # the second worker is another process: its own pool
    second = SharedRateLimiter(where, "turns", per_minute=3, clock=clock)
    assert [first.acquire("s1"), second.acquire("s1"), first.acquire("s1")] == [0, 0, 0]
    assert second.acquire("s1") == 20.0  # a token every 20 s at 3 a minute
    assert first.acquire("s2") == 0  # another session has its own bucket
    assert SharedRateLimiter(where, "sessions", 3, clock=clock).acquire("s1") == 0
    clock.now += 20
    assert second.acquire("s1") == 0 and first.acquire("s1") > 0


def test_concurrent_requests_never_take_more_than_the_budget(store_at):
    where = store_at("limits.sqlite3")
    limiters = [SharedRateLimiter(where, "turns", per_minute=10, clock=lambda: 5_000.0)
                for _ in range(2)]
    allowed: list[bool] = []

    def ask(limiter: SharedRateLimiter) -> None:
        for _ in range(10):
            allowed.append(limiter.acquire("busy") == 0)

    threads = [threading.Thread(target=ask, args=(limiters[n % 2],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 10 and len(allowed) == 40


def test_the_database_holds_the_limits_only_when_it_is_shared(tmp_path, postgres):
    assert isinstance(limiter(Settings(data_dir=tmp_path), "turns", 30), RateLimiter)
    shared = limiter(Settings(data_dir=tmp_path, database_url=postgres.new_database()),
                     "turns", 30)
    assert isinstance(shared, SharedRateLimiter)
