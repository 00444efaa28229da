"""Web capacity: the most chat turns a second `recbot serve --workers N` answers with p95 under
500 ms, for N = 1 and 2.

    python benchmarks/bench_web_capacity.py [--workers 1,2] [--concurrency 1,2,4,8,12,16,24]
                                            [--seconds 30]

For each worker count, starts the real server (`python -m bot serve --demo --workers N`,
as benchmarks/bench_web.py does), then for each concurrency C keeps C conversations
going back to back for `--seconds`: the same eight-request conversation as bench_web.py
(its own session and favourites, chats, a like, a streamed turn), a new conversation,
on a new connection, as soon as one ends; none is cut off at the end. Reported per
level: turns answered a second during the level (every request but session creation),
p50 / p95 latency, errors, server CPU (the workers and the Chroma server included), and
the isolation check of bench_web.py (no session holds another's likes or is told
"because you liked" another's title). The capacity of a worker count is the highest
turns a second of a level with no errors and p95 under 500 ms. Target: 2 workers at
least 1.8x one on 2 cores. Results go to benchmarks/results/web_capacity.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_web import (  # noqa: E402  (the folder is put on the path just above)
    KEY,
    Session,
    converse,
    favourite_pairs,
    isolation,
    percentile,
    server_cpu_seconds,
    start_server,
    stop_server,
    write_results,
)

P95_LIMIT_MS = 500.0
TARGET_SPEEDUP = 1.8


async def level(url: str, concurrency: int, seconds: float, pairs: list[Any], seed: int
                ) -> tuple[list[Session], float]:
    """C conversations at a time for `seconds`; returns the sessions and when it started."""
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for _ in range(3):  # not part of the figures: the first turns after a pause
            warm = await client.post("/api/session", json={"key": KEY})
            await client.post("/api/chat", json={"session_id": warm.json()["session_id"],
                                                 "message": "a comedy"})
    numbers = itertools.count()
    sessions: list[Session] = []
    rng = random.Random(seed)
    started = time.monotonic()

    async def visitor() -> None:
        while time.monotonic() < started + seconds:
            n = next(numbers)
            session = Session(n, pairs[n % len(pairs)])
            sessions.append(session)
            limits = httpx.Limits(max_connections=2)
            async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
                await converse(client, session, 0.0, random.Random(rng.random()), float("inf"))

    await asyncio.gather(*(visitor() for _ in range(concurrency)))
    return sessions, started


def measure(sessions: list[Session], started: float, seconds: float, cpu: float,
            elapsed: float) -> dict[str, Any]:
    turns = [t for s in sessions for t in s.turns if t["kind"] != "session"]
    ok = [t["ms"] for t in turns if not t["error"]]
    in_window = sum(1 for t in turns if not t["error"] and t["at"] <= started + seconds)
    return {"turns": len(turns), "errors": sum(1 for t in turns if t["error"]),
            "turns_per_s": round(in_window / seconds, 1),
            "p50_ms": round(statistics.median(ok), 1) if ok else None,
            "p95_ms": round(percentile(ok, 0.95), 1) if ok else None,
            "server_cores": round(cpu / elapsed, 2),
            "server_cpu_ms_per_turn": round(1000 * cpu / len(ok), 1) if ok else None,
            "errors_seen": [t["error"] for t in turns if t["error"]][:5]}


def capacity(levels: list[dict[str, Any]]) -> float:
    good = [lv["turns_per_s"] for lv in levels if not lv["errors"] and lv["p95_ms"] is not None
            and lv["p95_ms"] < P95_LIMIT_MS and lv["isolation"]["passed"]]
    return max(good, default=0.0)


def markdown(report: dict[str, Any]) -> str:
    lines = [f"Conversations back to back at each concurrency for {report['seconds']:g} s, on "
             f"{report['cpus']} cores; load average {report['load_before']} before the run, "
             f"{report['load_after']} after", "",
             "| workers | concurrent | turns | errors | turns/s | p50 ms | p95 ms | "
             "server cores busy | server CPU ms a turn | isolation |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for run in report["runs"]:
        for lv in run["levels"]:
            lines.append(f"| {run['workers']} | {lv['concurrency']} | {lv['turns']} | "
                         f"{lv['errors']} | {lv['turns_per_s']} | {lv['p50_ms']} | "
                         f"{lv['p95_ms']} | {lv['server_cores']} | "
                         f"{lv['server_cpu_ms_per_turn']} | "
                         f"{'passed' if lv['isolation']['passed'] else 'FAILED'} |")
    lines.append("")
    for run in report["runs"]:
        lines.append(f"- {run['workers']} worker{'s' * (run['workers'] > 1)}: "
                     f"{run['capacity']} turns/s with p95 under {P95_LIMIT_MS:.0f} ms; at most "
                     f"{max(lv['turns_per_s'] for lv in run['levels'])} turns/s at any p95")
    if report.get("speedup") is not None:
        verdict = "met" if report["speedup"] >= TARGET_SPEEDUP else "not met"
        lines.append(f"- speed-up: {report['speedup']}x (target {TARGET_SPEEDUP}x: {verdict})")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    parser.add_argument("--concurrency", default="1,2,4,8,12,16,24",
                        help="conversations at once, one level each (default 1,2,4,8,12,16,24)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of a level")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default="web_capacity")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    levels = [int(c) for c in args.concurrency.split(",")]
    if any(not 1 <= w <= 8 for w in workers) or any(not 1 <= c <= 100 for c in levels):
        parser.error("--workers takes 1-8, --concurrency 1-100, comma-separated")

    import psutil

    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    settings = Settings.from_env()
    pairs = favourite_pairs(300)  # a pair per conversation, rarely twice in a level
    env = {**os.environ, "RECBOT_SESSION_RATE_LIMIT": "100000"}
    report: dict[str, Any] = {"cpus": os.cpu_count(), "seconds": args.seconds,
                              "load_before": round(os.getloadavg()[0], 2), "runs": []}
    for count in workers:
        process, url = start_server(env, count)
        server = psutil.Process(process.pid)
        run: dict[str, Any] = {"workers": count, "levels": []}
        try:
            for n, concurrency in enumerate(levels):
                print(f"{count} workers, {concurrency} conversations at once...", flush=True)
                cpu, clock = server_cpu_seconds(server), time.monotonic()
                sessions, started = asyncio.run(
                    level(url, concurrency, args.seconds, pairs, args.seed + n))
                measured = measure(sessions, started, args.seconds,
                                   server_cpu_seconds(server) - cpu, time.monotonic() - clock)
                measured.update(concurrency=concurrency,
                                isolation=isolation(sessions, settings.data_dir))
                print(f"  {measured['turns_per_s']} turns/s, p95 {measured['p95_ms']} ms, "
                      f"{measured['errors']} errors", flush=True)
                run["levels"].append(measured)
        finally:
            stop_server(process)
        run["capacity"] = capacity(run["levels"])
        report["runs"].append(run)
    report["load_after"] = round(os.getloadavg()[0], 2)
    capacities = {run["workers"]: run["capacity"] for run in report["runs"]}
    if 1 in capacities and 2 in capacities and capacities[1]:
        report["speedup"] = round(capacities[2] / capacities[1], 2)
    write_results(args.out, report, markdown(report))
    failed = any(not lv["isolation"]["passed"] for run in report["runs"]
                 for lv in run["levels"])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
