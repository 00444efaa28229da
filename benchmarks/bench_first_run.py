"""A newcomer's first minute: `recbot serve --demo` on an empty data folder, to a first answer.

    python benchmarks/bench_first_run.py [--runs 1] [--port 8097] [--exact-from DATA_DIR]

Each run starts `recbot serve --demo` in a fresh temporary data folder (what `make run`
does on a fresh clone once its dependencies are installed), and times, from the start of
the process: each line the server prints (the indexes built from the shipped vectors, the
collaborative model trained, the catalogs loaded), `/healthz` answering, and the first
`/api/chat` answer to "a funny space movie my 8-year-old will like, nothing scary" in a
new session. Target: the first answer within 60 s on two cores. Prints a table and writes
benchmarks/results/first_run.{json,md}; the load average before each run is reported,
since a busy machine is slower.

With --exact-from DATA_DIR (a data folder whose demo indexes were embedded in full, with
no shipped vectors), the shipped int8 vectors are also compared with those float32 ones:
the mean overlap of the top 10 items, by cosine over the whole catalog, for QUERIES.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from results_io import write_results  # benchmarks/: the script's own folder

REPO = Path(__file__).resolve().parent.parent
MESSAGE = "a funny space movie my 8-year-old will like, nothing scary"
TARGET_SECONDS = 60.0
GIVE_UP_SECONDS = 900.0
KEY = "demo"  # the demo site key (bot/web_settings.py)
QUERIES = {
    "movies": ["a funny space movie for kids", "a dark thriller about a heist",
               "romantic comedy in new york", "documentary about music",
               "animated film with talking animals", "war drama", "a scary haunted house",
               "superheroes saving the world", "a courtroom drama", "a road trip comedy"],
    "groceries": ["low sugar cookies", "green tea", "basmati rice", "shampoo for dry hair",
                  "dark chocolate", "olive oil", "baby diapers", "instant noodles",
                  "dish wash liquid", "face wash for oily skin"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--port", type=int, default=8097)
    parser.add_argument("--exact-from", type=Path, metavar="DATA_DIR",
                        help="compare the shipped vectors with this folder's full embeddings")
    args = parser.parse_args()
    runs = [first_run(args.port) for _ in range(args.runs)]
    result: dict[str, Any] = {"runs": runs, "cpus": os.cpu_count(), "target_s": TARGET_SECONDS,
                              "median_first_answer_s": round(statistics.median(
                                  r["first_answer_s"] for r in runs), 1)}
    if args.exact_from is not None:
        result["top10_agreement"] = agreement(args.exact_from)
    write_results("first_run", result, markdown(result))
    return 0 if result["median_first_answer_s"] <= TARGET_SECONDS else 1


def first_run(port: int) -> dict[str, Any]:
    load = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="recbot-first-run-") as folder:
        env = {**os.environ, "RECBOT_DATA_DIR": folder, "PYTHONUNBUFFERED": "1"}
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--demo", "--port",
                                   str(port)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        lines: list[tuple[float, str]] = []
        reader = threading.Thread(target=_read_lines, args=(server, started, lines),
                                  daemon=True)
        reader.start()
        try:
            url = f"http://127.0.0.1:{port}"
            ready = _wait_ready(url, server, started)
            session = _post(f"{url}/api/session", {"key": KEY})["session_id"]
            reply = _post(f"{url}/api/chat", {"session_id": session, "message": MESSAGE})
            answered = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=60)
            reader.join(timeout=5)
    return {"load_before": load, "healthz_s": round(ready, 1),
            "first_answer_s": round(answered, 1),
            "picks": [p["title"] for p in reply.get("picks", [])],
            "steps": [{"s": round(t, 1), "line": line} for t, line in lines
                      if line and not line.startswith(("Writing", "Embedding"))]}


def agreement(data_dir: Path) -> dict[str, float]:
    """Mean top-10 overlap, per demo catalog, of search over the shipped vectors and over
    the full float32 embeddings of `data_dir`'s index."""
    sys.path.insert(0, str(REPO))
    import dataclasses

    import numpy as np

    from bot.context import Context
    from bot.demo import DEMO_DIR, VECTORS
    from bot.settings import Settings, apply_offline_environment
    from indexes.items import DOC_HASH
    from indexes.known_vectors import KnownVectors

    apply_offline_environment()
    context = Context(dataclasses.replace(Settings.from_env(), data_dir=data_dir))
    result = {}
    for catalog, queries in QUERIES.items():
        collection = context.index(catalog)._current().collection
        stored = collection.get(include=["metadatas", "embeddings"])
        exact = np.asarray(stored["embeddings"], dtype=np.float32)
        known = KnownVectors.load(DEMO_DIR / f"{catalog}{VECTORS}")
        assert known is not None
        found = known.find([str(m[DOC_HASH]) for m in stored["metadatas"]], exact.shape[1])
        if len(found) != len(exact):
            raise SystemExit(f"{catalog}: {data_dir} holds items the shipped vectors lack")
        shipped = np.stack([found[n] for n in range(len(exact))])
        overlaps = []
        for query in queries:
            vector = context.index(catalog).embed_query(query)
            top = [set(np.argsort(-(matrix @ vector))[:10]) for matrix in (exact, shipped)]
            overlaps.append(len(top[0] & top[1]) / 10)
        result[catalog] = round(float(np.mean(overlaps)), 3)
    return result


def _read_lines(server: subprocess.Popen[str], started: float,
                lines: list[tuple[float, str]]) -> None:
    assert server.stdout is not None
    for line in server.stdout:
        lines.append((time.perf_counter() - started, line.strip()))


def _wait_ready(url: str, server: subprocess.Popen[str], started: float) -> float:
    while time.perf_counter() - started < GIVE_UP_SECONDS:
        if server.poll() is not None:
            raise SystemExit(f"recbot serve --demo stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise SystemExit(f"/healthz did not answer within {GIVE_UP_SECONDS:.0f} s")


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, json.dumps(body).encode(),
                                     {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        answer: dict[str, Any] = json.load(response)
        return answer


def markdown(result: dict[str, Any]) -> str:
    lines = [f"`recbot serve --demo` on an empty data folder, {result['cpus']} cores.", "",
             "| run | load before | /healthz ready s | first answer s | picks |",
             "|---:|---:|---:|---:|---|"]
    for n, run in enumerate(result["runs"], 1):
        lines.append(f"| {n} | {run['load_before']} | {run['healthz_s']} | "
                     f"{run['first_answer_s']} | {'; '.join(run['picks'][:3])} |")
    met = result["median_first_answer_s"] <= result["target_s"]
    lines += ["", f"Median first answer: {result['median_first_answer_s']} s (target "
              f"{result['target_s']:.0f} s: {'met' if met else 'NOT met'}).", ""]
    if "top10_agreement" in result:
        lines += ["Top-10 agreement of search over the shipped int8 vectors with the full "
                  f"float32 embeddings: {result['top10_agreement']}.", ""]
    lines += ["Steps of the first run (seconds from the start of the process):", ""]
    lines += [f"- {step['s']} s: {step['line']}" for step in result["runs"][0]["steps"]]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
