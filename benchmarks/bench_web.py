"""Web load benchmark: concurrent chat sessions against `recbot serve` on 127.0.0.1.

    python benchmarks/bench_web.py [--sessions 50] [--think 5,1,0] [--deadline 300] [--workers 1]

Starts the real server (`python -m bot serve --demo --workers N` on a free loopback port; the
demo indexes, real embedding model and collaborative model from RECBOT_DATA_DIR),
then runs N conversations at once with httpx. Each session gets its own token,
names two favourites of its own (no two sessions share one), and goes on for six
more turns: a comedy, "more like the second one", "something else", a like on a
pick through /api/feedback, "nothing scary" (streamed, /api/chat/stream), and a
request for a drama. Between turns a session waits a think time (uniform between
0.5x and 1.5x the mean), as a person reading the picks would. One run per mean
think time: 5 s (people, quick ones: reading five picks and typing takes longer),
1 s (five times faster than that) and 0 (turns back to back: a stress test, not
people); the target is checked on the first.

Reported: p50 / p95 / max turn latency (request sent to whole answer received),
errors, and an isolation check: every session's profile, read from the profile
store afterwards, holds only its own likes, and every "because you liked X" a
session was shown names a title that session liked. Bounded: at most `--sessions`
x 8 requests a run, and each run stops at `--deadline` seconds. Results go to
benchmarks/results/web.{json,md}. Target: no errors and p95 under 300 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"

from results_io import write_results  # noqa: E402  (benchmarks/ is the script's folder)

MOVIES = REPO / "data" / "movies.jsonl"
RATINGS = REPO / "data" / "movies-ratings.csv"
KEY = "demo"
BECAUSE = re.compile(r"because you liked (.+?)(?:;|$)")
TARGET_P95_MS = 300.0


@dataclass
class Session:
    number: int
    favourites: list[tuple[str, str]]  # (id, title)
    token: str = ""
    liked_ids: set[str] = field(default_factory=set)
    liked_titles: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    turns: list[dict[str, Any]] = field(default_factory=list)


def favourite_pairs(count: int) -> list[list[tuple[str, str]]]:
    """Two well-known movies per session, the most rated first, none shared."""
    ratings = Counter(row["movieId"] for row in csv.DictReader(RATINGS.open(encoding="utf-8")))
    titles = {}
    with MOVIES.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            titles[item["id"]] = item["title"]
    popular = [(i, titles[i]) for i, _ in ratings.most_common(4 * count) if i in titles]
    return [popular[2 * n:2 * n + 2] for n in range(count)]


def as_typed(title: str) -> str:
    """A title as a person types it: "Matrix, The (1999)" -> "The Matrix"."""
    from bot.titles import display_title, split_year

    return split_year(display_title(title))[0]


def start_server(env: dict[str, str], workers: int = 1) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--demo", "--host", "127.0.0.1", "--port", "0",
         "--workers", str(workers)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 1800  # the first run builds the demo indexes
    for line in process.stdout:
        print("  server:", line.rstrip(), flush=True)
        found = re.search(r"open (http://127\.0\.0\.1:\d+)/", line)
        if found:
            # Keep reading the server's output (tracebacks under errors): a full pipe would
            # block the server's logging and turn errors into timeouts.
            threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
            return process, found.group(1)
        if time.monotonic() > deadline:
            break
    process.kill()
    raise SystemExit("the server did not start")


def stop_server(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def server_cpu_seconds(server: Any) -> float:
    """CPU time (user + system) of the server and its workers and Chroma server so far."""
    import psutil

    total = 0.0
    for process in [server, *server.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # ended meanwhile
            total += sum(process.cpu_times()[:2])
    return total


def _drain(stream: Any) -> None:
    for line in stream:
        if "Traceback" in line or "ERROR" in line:
            print("  server:", line.rstrip(), flush=True)


async def timed(session: Session, kind: str, call: Any) -> Any:
    started = time.perf_counter()
    error = None
    body = None
    try:
        response = await call
        if response.status_code != 200:
            error = f"HTTP {response.status_code}: {response.text[:200]}"
        else:
            body = response
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    session.turns.append({"kind": kind, "turn": len(session.turns),
                          "ms": 1000 * (time.perf_counter() - started),
                          "at": time.monotonic(), "error": error})
    return body


def final_event(text: str) -> dict[str, Any] | None:
    for frame in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines() if ": " in line)
        if lines.get("event") == "reply":
            return json.loads(lines["data"])
    return None


async def converse(client: httpx.AsyncClient, session: Session, think: float,
                   rng: random.Random, stop_at: float) -> None:
    async def pause() -> None:
        if think:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.sleep(rng.uniform(0, think or 0.01))  # people do not all arrive at once
    created = await timed(session, "session", client.post("/api/session", json={"key": KEY}))
    if created is None:
        return
    session.token = created.json()["session_id"]
    (a_id, a_title), (b_id, b_title) = session.favourites
    session.liked_ids |= {a_id, b_id}
    session.liked_titles |= {a_title, b_title}
    messages = [f"I loved {as_typed(a_title)} and {as_typed(b_title)}", "a comedy",
                "more like the second one", "something else", None, "nothing scary", "a drama"]
    last_picks: list[dict[str, Any]] = []
    for message in messages:
        if time.monotonic() > stop_at:
            return
        await pause()
        if message is None:  # a like from a button on the first pick shown
            if last_picks:
                pick = last_picks[0]
                done = await timed(session, "feedback", client.post("/api/feedback", json={
                    "session_id": session.token, "item_id": pick["id"], "kind": "like"}))
                if done is not None:
                    session.liked_ids.add(pick["id"])
                    session.liked_titles.add(pick["title"])
            continue
        body = {"session_id": session.token, "message": message}
        if message == "nothing scary":
            response = await timed(session, "chat (streamed)",
                                   client.post("/api/chat/stream", json=body))
            reply = final_event(response.text) if response is not None else None
        else:
            response = await timed(session, "chat", client.post("/api/chat", json=body))
            reply = response.json() if response is not None else None
        if reply:
            session.replies.append(reply["reply"])
            last_picks = reply["picks"] or last_picks
            session.reasons += [p["why"] for p in reply["picks"]]


def isolation(sessions: list[Session], data_dir: Path) -> dict[str, Any]:
    """No profile holds an item that another session liked and it did not; no session was
    told "because you liked X" for an X it did not like. (Items the bot read into a
    session's own words are its own business, counted apart as `also_read`.)"""
    from bot.profiles import ProfileStore

    store = ProfileStore(data_dir / "profiles.sqlite3")
    intended = {s.number: s.liked_ids for s in sessions}
    everyone = set().union(*intended.values()) if intended else set()
    everyones_titles = set().union(*(s.liked_titles for s in sessions)) if sessions else set()
    title_of = {i: t for s in sessions for i, t in s.favourites}
    leaks, foreign_reasons, also_read, checked = [], [], 0, 0
    for session in sessions:
        if not session.token:
            continue
        nonce = session.token.split(".")[2]
        liked = set(store.profile(f"web:{KEY}:{nonce}", "movies").liked)
        checked += 1
        # An item another session liked is a leak unless this session was told, in its own
        # replies, that it liked it (the bot read it in this session's words: "Star Wars").
        noted = " ".join(r for r in session.replies if r.startswith("Noted, you liked"))
        others = {i for i in (everyone - session.liked_ids) & liked
                  if title_of.get(i, "\0") not in noted}
        if others or not liked & session.liked_ids:
            leaks.append({"session": session.number, "foreign": sorted(others)})
        also_read += len(liked - everyone)
        for why in session.reasons:
            for title in BECAUSE.findall(why):
                if title in everyones_titles - session.liked_titles and title not in noted:
                    foreign_reasons.append({"session": session.number, "why": why})
    return {"sessions_checked": checked, "foreign_likes": leaks[:10],
            "foreign_reasons": foreign_reasons[:10], "also_read": also_read,
            "passed": checked == len(sessions) and not leaks and not foreign_reasons}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summarise(sessions: list[Session], seconds: float) -> list[dict[str, Any]]:
    turns = [t for s in sessions for t in s.turns]
    rows = []
    for kind in ("all turns", "chat", "chat (streamed)", "feedback", "session"):
        chosen = [t for t in turns if kind == "all turns" and t["kind"] != "session"
                  or t["kind"] == kind]
        ok = [t["ms"] for t in chosen if not t["error"]]
        if not chosen:
            continue
        rows.append({"requests": kind, "count": len(chosen),
                     "errors": sum(1 for t in chosen if t["error"]),
                     "p50_ms": round(statistics.median(ok), 1) if ok else None,
                     "p95_ms": round(percentile(ok, 0.95), 1) if ok else None,
                     "max_ms": round(max(ok), 1) if ok else None})
    rows[0]["per_second"] = round(rows[0]["count"] / seconds, 1)
    return rows


def by_turn(sessions: list[Session]) -> dict[int, float]:
    """p95 latency of each session's n-th request (0: the session), to tell an opening
    burst from a steady load."""
    turns: dict[int, list[float]] = {}
    for session in sessions:
        for t in session.turns:
            if not t["error"]:
                turns.setdefault(t["turn"], []).append(t["ms"])
    return {n: round(percentile(ms, 0.95), 1) for n, ms in sorted(turns.items())}


def markdown(report: dict[str, Any]) -> str:
    workers = report.get("workers", 1)
    lines = [f"{report['sessions']} concurrent sessions, {report['turns_per_session']} requests "
             f"each, on {report['cpus']} cores, {workers} worker{'s' * (workers > 1)}; "
             f"load average {report['load_before']} before the run", "",
             "| think time | requests | count | errors | p50 ms | p95 ms | max ms | "
             "per second | server cores busy |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for scenario in report["scenarios"]:
        think = (f"{scenario['think_s']:g} s" if scenario["think_s"] else "none (stress)")
        for row in scenario["rows"]:
            lines.append(
                f"| {think} | {row['requests']} | {row['count']} | {row['errors']} | "
                f"{row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} | "
                f"{row.get('per_second', '')} | "
                f"{scenario['server_cores'] if row['requests'] == 'all turns' else ''} |")
    lines.append("")
    for scenario in report["scenarios"]:
        iso = scenario["isolation"]
        verdict = ("no session saw another's likes or picks: passed" if iso["passed"]
                   else f"FAILED: {iso['foreign_likes'] or iso['foreign_reasons']}")
        lines.append(f"- isolation, think time {scenario['think_s']:g} s: "
                     f"{iso['sessions_checked']} sessions checked, {verdict}")
    first = report["scenarios"][0]
    lines.append(f"- target (think time {first['think_s']:g} s: no errors, p95 under "
                 f"{TARGET_P95_MS:.0f} ms): {'met' if first['target_met'] else 'not met'}")
    return "\n".join(lines) + "\n"


async def run(url: str, args: argparse.Namespace, think: float, seed: int
              ) -> tuple[list[Session], float]:
    pairs = favourite_pairs(args.sessions)
    sessions = [Session(n, pairs[n]) for n in range(args.sessions)]
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for _ in range(3):  # the first turns open Chroma's files: not part of the figures
            warm = await client.post("/api/session", json={"key": KEY})
            await client.post("/api/chat", json={"session_id": warm.json()["session_id"],
                                                 "message": "a comedy"})
    # One client per session, as each visitor has their own browser and connection (one
    # shared pool of 50 connections also cost the load generator more CPU than the server).
    # Idle connections are let go before the server's keep-alive (30 s) ends them, so no
    # request is sent on a connection the server is closing.
    limits = httpx.Limits(max_connections=2, keepalive_expiry=10)
    clients = [httpx.AsyncClient(base_url=url, timeout=30, limits=limits) for _ in sessions]
    started = time.monotonic()
    try:
        stop_at = started + args.deadline
        await asyncio.gather(*(converse(c, s, think, random.Random(rng.random()), stop_at)
                               for c, s in zip(clients, sessions, strict=True)))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return sessions, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--think", default="5,1,0",
                        help="mean seconds between a session's turns, one run each; the "
                             "target is checked on the first (default 5,1,0; 0: back to back)")
    parser.add_argument("--deadline", type=float, default=300.0,
                        help="stop each run after this long (seconds)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (recbot serve --workers N, default 1)")
    parser.add_argument("--out", default="web", help="results file name (default web)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 200:
        parser.error("--sessions must be 1-200")
    thinks = [float(t) for t in args.think.split(",")]
    if not thinks or any(not 0 <= t <= 60 for t in thinks):
        parser.error("--think takes seconds between 0 and 60, comma-separated")

    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    settings = Settings.from_env()
    env = {**os.environ, "RECBOT_SESSION_RATE_LIMIT": str(10 * args.sessions * len(thinks))}
    import psutil

    load_before = os.getloadavg()[0]
    process, url = start_server(env, args.workers)
    server = psutil.Process(process.pid)
    scenarios = []
    try:
        for n, think in enumerate(thinks):
            print(f"{args.sessions} sessions, think time {think:g} s...", flush=True)
            cpu_before = server_cpu_seconds(server)
            sessions, seconds = asyncio.run(run(url, args, think, args.seed + n))
            cpu = server_cpu_seconds(server) - cpu_before
            rows = summarise(sessions, seconds)
            scenario = {"think_s": think, "seconds": round(seconds, 1),
                        "p95_ms_by_turn": by_turn(sessions),
                        "server_cpu_s": round(cpu, 1), "server_cores": round(cpu / seconds, 2),
                        "rows": rows, "isolation": isolation(sessions, settings.data_dir),
                        "errors": [t["error"] for s in sessions for t in s.turns
                                   if t["error"]][:20]}
            scenario["target_met"] = bool(
                rows[0]["errors"] == 0 and rows[0]["p95_ms"] is not None
                and rows[0]["p95_ms"] < TARGET_P95_MS and scenario["isolation"]["passed"])
            scenarios.append(scenario)
    finally:
        stop_server(process)
    report = {"sessions": args.sessions, "turns_per_session": 8, "cpus": os.cpu_count(),
              "workers": args.workers,
              "load_before": round(load_before, 2), "scenarios": scenarios}
    write_results(args.out, report, markdown(report))
    failed = any(not s["isolation"]["passed"] or s["rows"][0]["errors"] for s in scenarios)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
