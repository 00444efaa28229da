"""Re-ingest switches versions atomically: readers see the whole old catalog or the whole
new one, never a mix, whenever the ingest is killed and while it runs in another process.

The ingests that get killed run in a subprocess (tests/ingest_worker.py) on the same
embedded Chroma as the test, with the deterministic test embedder.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.catalog import load_catalog
from bot.errors import CatalogError
from indexes import versions
from indexes.items import ItemIndex, item_document, list_catalogs
from indexes.store import open_chroma
from tests.conftest import REPO, SMALL_CATALOG, HashEmbedder, write_jsonl

ITEMS = 3_000  # enough that writing them takes several batches and a moment
WRITE_BATCH = 300
TOPICS = ["space", "ocean", "bread", "ghosts", "robots", "music", "trains", "tea"]


def edition_rows(edition: int) -> list[dict]:
    """The catalog as it is in one edition: every item's text and attributes differ."""
    word = {1: "first", 2: "second"}[edition]
    return [{"id": str(n), "title": f"Item {n} {word} edition",
             "description": f"A story about {TOPICS[n % len(TOPICS)]}, told the {word} way.",
             "edition": edition, "genres": [TOPICS[n % len(TOPICS)]]}
            for n in range(ITEMS)]


@pytest.fixture
def editions(tmp_path) -> dict[int, Path]:
    return {e: write_jsonl(tmp_path / f"edition-{e}.jsonl", edition_rows(e)) for e in (1, 2)}


@pytest.fixture
def data(tmp_path) -> Path:
    return tmp_path / "chroma"


def ingest_here(chroma: Any, path: Path, **options) -> ItemIndex:
    index = ItemIndex(chroma, HashEmbedder(), "shop", **options)
    index.sync(load_catalog(path).items, source=str(path), progress=False)
    return index


class Worker:
    """An ingest in a subprocess (tests/ingest_worker.py), and the lines it printed.
    `chroma` is the embedded Chroma's folder or a Chroma server's URL."""

    def __init__(self, chroma: Path | str, path: Path, *options: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ingest_worker", str(chroma), str(path), "shop",
             "--write-batch", str(WRITE_BATCH), *options],
            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.seen: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.strip())
        self._lines.put(None)

    def wait_for(self, word: str, timeout: float = 120) -> None:
        """Until the worker prints a line starting with `word`."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no {word!r} from the ingest within {timeout}s: {self.seen}")
            if line is None:
                pytest.fail(f"the ingest ended before {word!r}: {self.seen}\n{self.errors()}")
            self.seen.append(line)
            if line.startswith(word):
                return

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.poll() is None:  # a failed test: no ingest is left waiting
            self.process.kill()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)  # reaped: its pid no longer looks alive to an ingest
        while (line := self._lines.get(timeout=30)) is not None:
            self.seen.append(line)

    def errors(self) -> str:
        self.process.wait(timeout=120)
        return self.process.stderr.read() if self.process.stderr else ""


def whole_version(chroma: Any, editions: dict[int, Path]) -> int:
    """Assert a new reader sees exactly one edition, whole; return which: every item, of
    one edition, with that edition's vector (read back from the vector index, exactly:
    a vector lost or left from the other edition shows), and searches of that edition.

    (A search's top hits are not checked for their topic: each topic's 375 items here
    are near-copies, and approximate search over them sometimes stops short of one
    topic's cluster whatever was written: seen on a plain ingest as on a killed one.)"""
    reader = ItemIndex(chroma, HashEmbedder(), "shop")
    items = reader.get(reader.ids())
    seen = {item.attributes["edition"] for item in items}
    assert len(seen) == 1 and len(items) == ITEMS, f"a mix of editions {seen}, {len(items)} items"
    edition = seen.pop()
    manifest = reader.manifest()
    assert (manifest.source, manifest.item_count) == (str(editions[edition]), ITEMS)
    ids, vectors = reader.embeddings([item.id for item in items])
    expected = HashEmbedder().encode([item_document(item) for item in items])
    assert ids == [item.id for item in items]
    assert np.allclose(vectors, expected, atol=1e-5), "vectors missing or of another edition"
    hits = reader.search("a story about robots", k=20)
    assert len(hits) == 20 and {h.item.attributes["edition"] for h in hits} == {edition}
    return edition


def collections_of(chroma: Any) -> list[str]:
    return sorted(c.name for c in chroma.list_collections())


def test_a_kill_in_the_middle_of_writing_leaves_the_old_version_whole(data, editions):
    kill_in_the_middle_of_writing(open_chroma(path=data), data, editions)


def kill_in_the_middle_of_writing(chroma: Any, where: Path | str, editions: dict[int, Path]
                                  ) -> None:
    """Kill a re-ingest after its second batch; the next ingest finishes the job."""
    ingest_here(chroma, editions[1])
    before = collections_of(chroma)
    with Worker(where, editions[2], "--stop-after-batch", "2") as worker:
        worker.wait_for("stopped")
        assert worker.seen == ["batch 300 3000", "batch 600 3000", "stopped"]
        worker.kill()

    assert whole_version(chroma, editions) == 1
    assert len(collections_of(chroma)) == len(before) + 1  # the half-written new version

    index = ingest_here(chroma, editions[2])  # deletes it, then writes the new version
    assert whole_version(chroma, editions) == 2
    assert collections_of(chroma) == ["recbot-catalog-shop",
                                      versions.current_version(index.client, "shop")]


def test_a_published_version_is_saved_whole_before_readers_see_it(data, editions):
    """Every vector of the version a reader is pointed at is in its saved vector index,
    not only in Chroma's log: a later reader never rebuilds (and rewrites) its tail, so
    an ingest killed after the switch cannot leave the current version half-rewritten.
    Read from Chroma's own tables: how far the saved vector index and the item table got."""
    index = ingest_here(open_chroma(path=data), editions[2], write_batch=WRITE_BATCH)
    version = versions.current_version(index.client, "shop")
    with sqlite3.connect(data / "chroma.sqlite3") as db:
        saved_up_to = dict(db.execute(
            "SELECT s.scope, m.seq_id FROM segments s JOIN max_seq_id m ON m.segment_id = s.id"
            " JOIN collections c ON c.id = s.collection WHERE c.name = ?", (version,)))
    assert saved_up_to["VECTOR"] == saved_up_to["METADATA"] > 0, saved_up_to


def test_kills_at_random_moments_leave_one_whole_version(data, editions):
    chroma = open_chroma(path=data)
    rng = random.Random(13)
    ingest_here(chroma, editions[1])
    edition = 1
    for attempt in range(4):
        target = 3 - edition  # always a change: every item differs between editions
        with Worker(data, editions[target], "--retire-after", "1") as worker:
            worker.wait_for("batch")  # writing has begun
            time.sleep(rng.uniform(0.0, 2.0))  # then anywhere: writing, switching, retiring
            worker.kill()
        edition = whole_version(chroma, editions)
        assert edition == target or "done" not in worker.seen, (attempt, worker.seen)
    ingest_here(chroma, editions[2])
    assert whole_version(chroma, editions) == 2
    assert len(collections_of(chroma)) == 2  # the pointer and one version: leftovers gone


def test_a_reader_in_another_process_never_sees_a_mix(data, editions):
    read_beside_an_ingest(open_chroma(path=data), data, editions)


def read_beside_an_ingest(chroma: Any, where: Path | str, editions: dict[int, Path]) -> None:
    """Read samples of items and searches while another process re-ingests every item."""
    ingest_here(chroma, editions[1])
    reader = ItemIndex(chroma, HashEmbedder(), "shop")
    rng = random.Random(7)
    editions_read: list[int] = []
    finished_at = None
    with Worker(where, editions[2]) as worker:  # the real retire time, not the tests' zero
        while finished_at is None or (
                time.monotonic() - finished_at < 2 * versions.CHECK_SECONDS):
            if finished_at is None and worker.process.poll() is not None:
                finished_at = time.monotonic()
            # Each read is of one version; the switch may fall between two reads.
            items = reader.get(rng.sample([str(n) for n in range(ITEMS)], 50))
            hits = [h.item for h in reader.search(f"a story about {rng.choice(TOPICS)}")]
            for read, size in ((items, 50), (hits, 10)):
                seen = {item.attributes["edition"] for item in read}
                assert len(read) == size and len(seen) == 1, seen
                editions_read.append(seen.pop())
        assert worker.process.returncode == 0, worker.errors()
    assert editions_read[0] == 1 and editions_read[-1] == 2
    switches = sum(a != b for a, b in zip(editions_read, editions_read[1:], strict=False))
    assert switches == 1  # once on the new version, never back on the old one


# -- in one process ---------------------------------------------------------------


def small(tmp_path, name="c.jsonl", **changes) -> list:
    rows = [{**row, **changes.get(row["id"], {})} for row in SMALL_CATALOG]
    return load_catalog(write_jsonl(tmp_path / name, rows)).items


def test_an_unchanged_catalog_writes_no_new_version(chroma, embedder, tmp_path):
    index = ItemIndex(chroma, embedder, "small")
    index.sync(small(tmp_path), progress=False)
    version = versions.current_version(chroma, "small")
    first = index.manifest()
    index.sync(small(tmp_path, "again.jsonl"), source="again.jsonl", progress=False)
    assert versions.current_version(chroma, "small") == version
    assert sorted(c.name for c in chroma.list_collections()) == [
        "recbot-catalog-small", version]
    manifest = index.manifest()  # refreshed in place: the same items, from a new file
    assert manifest.source == "again.jsonl" and manifest.updated_at > first.updated_at


def test_a_failed_write_leaves_the_current_version_and_nothing_else(chroma, embedder,
                                                                    tmp_path):
    index = ItemIndex(chroma, embedder, "small")
    index.sync(small(tmp_path), progress=False)
    before = sorted(c.name for c in chroma.list_collections())

    def fail(written: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C in the middle of the writes

    failing = ItemIndex(chroma, embedder, "small", on_write_batch=fail)
    with pytest.raises(KeyboardInterrupt):
        failing.sync(small(tmp_path, **{"1": {"price": 99.0}}), progress=False)
    assert sorted(c.name for c in chroma.list_collections()) == before
    assert index.get(["1"])[0].attributes["price"] == 4.0


def test_an_old_version_left_by_a_crash_after_the_switch_is_deleted_next_time(
        chroma, embedder, tmp_path, monkeypatch):
    index = ItemIndex(chroma, embedder, "small")
    index.sync(small(tmp_path), progress=False)
    old = versions.current_version(chroma, "small")
    with monkeypatch.context() as patch:  # the process dies before it deletes the old one
        patch.setattr(versions.VersionSwitch, "retire", lambda self: None)
        index.sync(small(tmp_path, **{"1": {"price": 40.0}}), progress=False)
    assert old in [c.name for c in chroma.list_collections()]
    assert index.get(["1"])[0].attributes["price"] == 40.0
    index.sync(small(tmp_path, **{"1": {"price": 40.0}}), progress=False)  # unchanged
    assert sorted(c.name for c in chroma.list_collections()) == [
        "recbot-catalog-small", versions.current_version(chroma, "small")]


def record_writer(chroma, catalog: str, writer: versions.Writer) -> None:
    """Write `writer` into the catalog's pointer, as a running ingest would."""
    collection = chroma.get_collection(versions.pointer_name(catalog))
    pointer = versions.Pointer.of(collection.metadata)
    pointer.writer = writer
    collection.modify(metadata=pointer.to_metadata())


def test_an_ingest_is_refused_while_another_is_writing(chroma, embedder, tmp_path):
    index = ItemIndex(chroma, embedder, "small")
    index.sync(small(tmp_path), progress=False)
    writer = versions.Writer("recbot-version-small-0123456789ab", "another-host", 4242,
                             time.time())
    record_writer(chroma, "small", writer)
    with pytest.raises(CatalogError, match="another ingest of catalog 'small' is writing"):
        index.sync(small(tmp_path, **{"1": {"price": 40.0}}), progress=False)
    assert index.get(["1"])[0].attributes["price"] == 4.0  # and reading goes on

    writer.heartbeat -= versions.WRITER_STALE_SECONDS + 1  # silent too long: taken for dead
    record_writer(chroma, "small", writer)
    index.sync(small(tmp_path, **{"1": {"price": 40.0}}), progress=False)
    assert index.get(["1"])[0].attributes["price"] == 40.0


def test_an_index_from_before_versions_is_read_then_replaced(chroma, embedder, tmp_path):
    ItemIndex(chroma, embedder, "small").sync(small(tmp_path), progress=False)
    # What recbot wrote before versions: one collection named after the catalog.
    chroma.get_collection(versions.current_version(chroma, "small")).modify(
        name="recbot-items-small")
    chroma.delete_collection("recbot-catalog-small")
    index = ItemIndex(chroma, embedder, "small")
    assert list_catalogs(chroma) == ["small"] and index.count() == 5
    assert index.search("a rocket to space", k=1)[0].item.id in ("1", "3")

    index.sync(small(tmp_path, **{"1": {"price": 40.0}}), progress=False)
    assert index.get(["1"])[0].attributes["price"] == 40.0
    assert sorted(c.name for c in chroma.list_collections()) == [
        "recbot-catalog-small", versions.current_version(chroma, "small")]


def test_a_running_bot_reads_a_reingested_catalog(chroma, embedder, tmp_path, monkeypatch):
    from bot.bot import Bot
    from bot.context import Context
    from bot.settings import Settings

    ItemIndex(chroma, embedder, "small").sync(small(tmp_path), progress=False)
    bot = Bot(Context(Settings(data_dir=tmp_path, catalog="small"), client=chroma,
                      embedder=embedder))
    assert len(bot.title_index()) == 5
    rows = [*SMALL_CATALOG, {"id": "6", "title": "Shark Week", "genres": ["Documentary"]}]
    other = ItemIndex(chroma, embedder, "small")  # as another process would
    other.sync(load_catalog(write_jsonl(tmp_path / "more.jsonl", rows)).items, progress=False)
    monkeypatch.setattr(versions, "CHECK_SECONDS", 0.0)
    assert len(bot.title_index()) == 6  # titles, fields and vocabulary read again
    assert "Documentary" in bot.view("small").vocabulary["genres"]
