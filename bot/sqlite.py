"""SQLite stores in the data directory: WAL mode, one committed transaction per change.

A connection is opened per operation, so one store can be shared by the threads
of a web server; WAL lets readers go on while one writer commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


def create(path: Path, schema: str) -> None:
    """Make the file (and its folder) and its tables, in WAL mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with transaction(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection whose work is one transaction: committed on success, rolled back on error."""
    with closing(sqlite3.connect(path, timeout=30)) as db:
        db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across app crashes
        db.execute("PRAGMA foreign_keys=ON")
        with db:
            yield db
