"""The agent on a real local model: SmolLM2-135M under llama.cpp's server (make local-llm).

    python benchmarks/bench_llm.py [--port 8090] [--threads 2] [--max-tokens 256]

Starts `recbot local-llm` on 127.0.0.1, then plays the user turns of every conversation
script (tests/conversations) through a Bot whose agent talks to it, on the demo
indexes in RECBOT_DATA_DIR (built when missing). Reports per-turn latency (p50, p95),
the model's generation speed (tokens/s, from one plain completion the server counts),
the share of turns the model answered and the share the offline fallback answered (by
reason), titles removed by grounding, and model summaries shown vs replaced. Prints a
table and writes benchmarks/results/llm.{json,md}.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "benchmarks" / "results"
SCRIPTS = REPO / "tests" / "conversations"
START_SECONDS = 180


def start_server(port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    from bot.cli.local_llm import server_command

    with log.open("w") as out:
        process = subprocess.Popen(server_command(port, threads), stdout=out,
                                   stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=5):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"the local model server did not start:\n"
                                 f"{log.read_text()[-2000:]}") from None
            time.sleep(1)


def tokens_per_second(port: int, tokens: int = 128) -> float:
    """Generation speed on one plain completion, from the server's own token count."""
    body = json.dumps({"model": "smollm2", "max_tokens": tokens, "temperature": 0,
                       "messages": [{"role": "user",
                                     "content": "Describe a good film in detail."}]}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", body,
                                     {"content-type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        usage = json.load(response)["usage"]
    return usage["completion_tokens"] / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-tokens", type=int, default=256)
    args = parser.parse_args()

    from bot.bot import Bot
    from bot.context import Context
    from bot.demo import ensure_demo_indexes
    from bot.evaluation.replay import load_script
    from bot.profiles import ProfileStore
    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    with tempfile.TemporaryDirectory() as folder:
        process = start_server(args.port, args.threads, Path(folder) / "server.log")
        try:
            speed = tokens_per_second(args.port)
            settings = dataclasses.replace(
                Settings.from_env(), llm_base_url=f"http://127.0.0.1:{args.port}/v1",
                llm_model="smollm2", llm_max_tokens=args.max_tokens, llm_timeout=120.0,
                llm_max_retries=0)
            context = Context(settings)
            ensure_demo_indexes(context)
            bot = Bot(context, ProfileStore(Path(folder) / "profiles.sqlite3"))
            assert bot.agent is not None
            bot.agent.turn_seconds = 600.0
            seconds, engines = [], {"llm": 0, "offline": 0, "other": 0}
            scripts = sorted(SCRIPTS.glob("*.yaml"))
            for number, path in enumerate(scripts):
                script = load_script(path)
                for turn in script["turns"]:
                    started = time.perf_counter()
                    reply = bot.reply(f"bench-{number}", turn["user"],
                                      catalog=script.get("catalog"))
                    seconds.append(time.perf_counter() - started)
                    engines[reply.engine if reply.engine in engines else "other"] += 1
        finally:
            process.terminate()
            process.wait(timeout=30)
    stats = bot.agent.stats
    turns = len(seconds)
    row = {
        "turns": turns, "scripts": len(scripts),
        "p50_s": round(statistics.median(seconds), 2),
        "p95_s": round(statistics.quantiles(seconds, n=20)[-1], 2),
        "tokens_per_s": round(speed, 1),
        "answered_by_model": round(engines["llm"] / turns, 3),
        "answered_by_fallback": round(engines["offline"] / turns, 3),
        "answered_by_rules": round(engines["other"] / turns, 3),
        "fallbacks": dict(stats.fallbacks), "tool_calls": dict(stats.tool_calls),
        "titles_removed": stats.ungrounded,
        "model_summaries_shown": stats.model_summaries,
        "model_summaries_replaced": stats.replaced_summaries,
        "max_tokens": args.max_tokens, "threads": args.threads,
        "cpus": os.cpu_count(),
    }
    table = "\n".join([
        "| turns | p50 s | p95 s | tokens/s | by the model | by the fallback | titles removed "
        "| model summaries shown / replaced |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {turns} | {row['p50_s']} | {row['p95_s']} | {row['tokens_per_s']} | "
        f"{row['answered_by_model']:.0%} | {row['answered_by_fallback']:.0%} | "
        f"{row['titles_removed']} | {row['model_summaries_shown']} / "
        f"{row['model_summaries_replaced']} |",
        "",
        f"Fallbacks by reason: {row['fallbacks']}. Tool calls: {row['tool_calls']}. "
        f"Other engines (substitution rules): {row['answered_by_rules']:.0%} of turns.",
    ])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "llm.json").write_text(json.dumps(row, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "llm.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
