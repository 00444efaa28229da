"""Two hosts, simulated: two `recbot serve` processes with their own data folders, one
PostgreSQL database and one Chroma server. A session started on one goes on on the other,
and 50 sessions spread across both keep to themselves."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.profiles import ProfileStore
from bot.titles import TitleIndex, display_title
from indexes.store import chroma_server, free_port
from tests.conftest import DEMO_MOVIES, REPO, demo_slice, write_jsonl

pytestmark = pytest.mark.slow

KEY = "demo"
START_SECONDS = 240  # two servers loading the embedding model on a busy machine
SESSIONS = 50


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"{url} did not come up:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)


def post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, json.dumps(body).encode(),
                                     {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        answer: dict[str, Any] = json.load(response)
        return answer


@pytest.fixture(scope="module")
def hosts(postgres, tmp_path_factory):
    """(two server URLs, the database URL, the catalog's rows)."""
    folder = tmp_path_factory.mktemp("two-hosts")
    rows = demo_slice(DEMO_MOVIES, 300)
    catalog = write_jsonl(folder / "movies.jsonl", rows)
    database = postgres.new_database()
    servers: list[subprocess.Popen[bytes]] = []
    with chroma_server(folder / "chroma", folder / "chroma.log") as chroma:
        shared = {**os.environ, "RECBOT_DATABASE_URL": database, "RECBOT_CHROMA_URL": chroma.url,
                  "RECBOT_SESSION_SECRET": secrets.token_hex(32)}
        try:
            subprocess.run([sys.executable, "-m", "bot", "ingest", str(catalog), "--quiet",
                            "--vectors", str(REPO / "data" / "movies.vectors.npz")],
                           env={**shared, "RECBOT_DATA_DIR": str(folder / "ingest")},
                           check=True, capture_output=True, timeout=600)
            urls = []
            for host in ("a", "b"):
                port, log = free_port(), folder / f"host-{host}.log"
                servers.append(subprocess.Popen(
                    [sys.executable, "-m", "bot", "serve", "--port", str(port)],
                    env={**shared, "RECBOT_DATA_DIR": str(folder / f"host-{host}")},
                    stdout=log.open("w"), stderr=subprocess.STDOUT))
                urls.append(f"http://127.0.0.1:{port}")
                wait_for(f"{urls[-1]}/healthz", servers[-1], log)
            yield urls, database, rows
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)



def profile_key(token: str) -> str:
    return f"web:{KEY}:{token.split('.')[2]}"


def test_a_session_started_on_one_host_goes_on_on_the_other(hosts):
    (a, b), database, rows = hosts
    token = post(f"{a}/api/session", {"key": KEY})["session_id"]
    first = post(f"{a}/api/chat", {"session_id": token, "message": "I loved Toy Story"})
    assert "Toy Story" in first["reply"]
    second = post(f"{b}/api/chat", {"session_id": token, "message": "a comedy"})
    assert second["picks"]
    pick = second["picks"][0]["id"]
    post(f"{b}/api/feedback", {"session_id": token, "item_id": pick, "kind": "like"})
    store = ProfileStore(database)
    profile = store.profile(profile_key(token), "movies")
    toy_story = next(r["id"] for r in rows if r["title"].startswith("Toy Story ("))
    assert profile.liked == [toy_story, pick]
    assert [m.text for m in store.history(profile_key(token), "movies")
            if m.role == "user"] == ["I loved Toy Story", "a comedy"]
    # Host A sees what was done on B: the liked pick is not offered again.
    third = post(f"{a}/api/chat", {"session_id": token, "message": "a comedy"})
    assert pick not in {p["id"] for p in third["picks"]}


def test_fifty_sessions_across_both_hosts_keep_to_themselves(hosts):
    (a, b), database, rows = hosts
    index = TitleIndex([(r["id"], r["title"]) for r in rows])
    titles = {}
    for row in rows:  # one title each, as people write it, that names only this item
        name = re.sub(r"\s*\([^)]*\)", "", display_title(row["title"])).strip()
        found = index.mentions(f"I loved {name}")
        if len(name.split()) >= 2 and [m.item_id for m in found] == [row["id"]]:
            titles[row["id"]] = name
    favourites = list(titles.items())[:SESSIONS]

    def converse(n: int) -> tuple[str, str, list[str]]:
        here, there = (a, b) if n % 2 else (b, a)
        token = post(f"{here}/api/session", {"key": KEY})["session_id"]
        item, title = favourites[n]
        said = post(f"{there}/api/chat", {"session_id": token, "message": f"I loved {title}"})
        more = post(f"{here}/api/chat", {"session_id": token, "message": "something else"})
        return token, item, [said["reply"], more["reply"]]

    with ThreadPoolExecutor(max_workers=10) as pool:
        sessions = list(pool.map(converse, range(SESSIONS)))
    store = ProfileStore(database)
    everyone = {item for _, item, _ in sessions}
    title_of = dict(favourites)
    for token, item, replies in sessions:
        liked = set(store.profile(profile_key(token), "movies").liked)
        assert item in liked, (title_of[item], replies)
        # Another session's like may only be here if this session's own words named it.
        noted = " ".join(replies)
        foreign = {i for i in (everyone - {item}) & liked if title_of[i] not in noted}
        assert not foreign, f"session {token[:12]} holds other sessions' likes: {foreign}"
        messages = [m.text for m in store.history(profile_key(token), "movies")
                    if m.role == "user"]
        assert messages == [f"I loved {title_of[item]}", "something else"]
