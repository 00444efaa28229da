"""A throwaway PostgreSQL server for tests, on 127.0.0.1: Debian's `postgresql` package,
`initdb` and `pg_ctl` on a temporary folder.

    with PostgresServer() as server:
        url = server.new_database()    # postgresql://recbot@127.0.0.1:PORT/test_1

PostgreSQL refuses to run as root; as root, the server runs as the `postgres` user the
package creates, in a folder of its own under the system's temporary folder (pytest's
are closed to other users). `available()` says why it cannot run here (tests skip with that reason).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from indexes.store import free_port

USER = "recbot"


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def available() -> str | None:
    """None when a server can be started here, else the reason it cannot."""
    if _bin_dir() is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run PostgreSQL as"
    return None



class PostgresServer:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="recbot-postgres-"))
        self.port = free_port()
        self._names = itertools.count(1)
        bin_dir = _bin_dir()
        assert bin_dir is not None, available()
        self.bin = bin_dir

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def __enter__(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        try:
            self._run(str(self.bin / "initdb"), "-D", str(self.folder / "data"), "-U", USER,
                      "-A", "trust", "--no-sync", "-E", "UTF8")
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        options = f"-p {self.port} -h 127.0.0.1 -k {self.folder} -F"
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options,
                      "-l", str(self.folder / "log"), "-w", "-t", "60", "start")
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        return self

    def __exit__(self, *_: object) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                      "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database (one per test keeps tests apart)."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.url(name)
