"""The agent on a real local model: SmolLM2-135M under llama.cpp's server (make local-llm).

    python benchmarks/bench_llm.py [--port 8090] [--threads 2] [--max-tokens 256]
        [--parts turns understanding dialogues] [--dev-sample 36] [--halves held-out]
        [--dialogue-cases 30]

Starts `recbot local-llm` on 127.0.0.1, on the demo indexes in RECBOT_DATA_DIR (built
when missing), and measures three parts:

- turns: the user turns of every conversation script (tests/conversations) through a
  Bot whose agent talks to the model: per-turn latency (p50, p95), the model's generation
  speed (tokens/s, from one plain completion the server counts), the share of turns the
  model answered and the share the offline fallback answered (by reason), titles removed
  by grounding, and model summaries shown vs replaced;
- understanding: the labelled requests of benchmarks/understanding (every held-out case,
  and every k-th dev case, --dev-sample of them) read by the model
  (bot/agent/model_reading.py fills the structured reading), scored as
  bench_understanding.py scores the rules reader, both side by side on the same cases;
- dialogues: INSPIRED recall@k (bench_dialogues.py's halves; the first --dialogue-cases
  of each) with the person's turns read by the model instead of the rules reader, next to
  the rules on the same cases.

The samples keep a run under an hour on two cores: a reading takes the small model a few
seconds (the JSON it writes is constrained to the tool's schema, token by token).

A reading the model does not fill (no tool call, arguments that do not parse) counts as an
empty one (the message as search words): the figures are the model's, never the rules'.
Prints the tables and writes benchmarks/results/llm.{json,md}.
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
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from results_io import RESULTS, write_results  # benchmarks/: the script's own folder

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "benchmarks"))

PARTS = ("turns", "understanding", "dialogues")
READING_TOKENS = 200  # a reading fits; a model filling lists without end is cut
BEFORE = 3  # earlier messages of the person the model sees when it reads one
SCRIPTS = REPO / "tests" / "conversations"
START_SECONDS = 180

if TYPE_CHECKING:
    from bot.agent.model_reading import ModelReader
    from bot.bot import Bot
    from bot.context import Context
    from bot.understanding import Understanding


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
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--dev-sample", type=int, default=36,
                        help="dev cases read by the model (every k-th; 0: all)")
    parser.add_argument("--halves", nargs="+", choices=("tuning", "held-out", "all"),
                        default=["held-out"], help="INSPIRED halves for the dialogues part")
    parser.add_argument("--dialogue-cases", type=int, default=30,
                        help="INSPIRED cases of each half (the first ones; 0: all)")
    args = parser.parse_args()

    from bot.context import Context
    from bot.demo import ensure_demo_indexes
    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    result: dict[str, Any] = {"threads": args.threads, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as folder:
        process = start_server(args.port, args.threads, Path(folder) / "server.log")
        try:
            result["tokens_per_s"] = round(tokens_per_second(args.port), 1)
            settings = dataclasses.replace(
                Settings.from_env(), llm_base_url=f"http://127.0.0.1:{args.port}/v1",
                llm_model="smollm2", llm_max_tokens=args.max_tokens, llm_timeout=120.0,
                llm_max_retries=0)
            context = Context(settings)
            ensure_demo_indexes(context)
            if "turns" in args.parts:
                result["turns"] = turns_part(context, Path(folder))
            reading = dataclasses.replace(settings, llm_max_tokens=READING_TOKENS,
                                          llm_temperature=0.0)
            if "understanding" in args.parts:
                result["understanding"] = understanding_part(context, reading, Path(folder),
                                                             args.dev_sample)
            if "dialogues" in args.parts:
                result["dialogues"] = dialogues_part(context, reading, args.halves,
                                                     args.dialogue_cases)
        finally:
            process.terminate()
            process.wait(timeout=30)
    earlier = RESULTS / "llm.json"
    if earlier.is_file():  # parts not run this time stay as the last run measured them
        kept = json.loads(earlier.read_text(encoding="utf-8"))
        result = {**{p: kept[p] for p in PARTS if p in kept and p not in result}, **result}
    write_results("llm", result, markdown(result))
    return 0


def turns_part(context: Context, folder: Path) -> dict[str, Any]:
    """Every script's user turns through the agent on the model."""
    from bot.bot import Bot
    from bot.evaluation.replay import load_script
    from bot.profiles import ProfileStore

    bot = Bot(context, ProfileStore(folder / "profiles.sqlite3"))
    assert bot.agent is not None
    bot.agent.turn_seconds = 600.0
    seconds: list[float] = []
    engines = {"llm": 0, "offline": 0, "other": 0}
    scripts = sorted(SCRIPTS.glob("*.yaml"))
    for number, path in enumerate(scripts):
        script = load_script(path)
        for turn in script["turns"]:
            started = time.perf_counter()
            reply = bot.reply(f"bench-{number}", turn["user"], catalog=script.get("catalog"))
            seconds.append(time.perf_counter() - started)
            engines[reply.engine if reply.engine in engines else "other"] += 1
    stats, turns = bot.agent.stats, len(seconds)
    return {
        "turns": turns, "scripts": len(scripts),
        "p50_s": round(statistics.median(seconds), 2),
        "p95_s": round(statistics.quantiles(seconds, n=20)[-1], 2),
        "answered_by_model": round(engines["llm"] / turns, 3),
        "answered_by_fallback": round(engines["offline"] / turns, 3),
        "answered_by_rules": round(engines["other"] / turns, 3),
        "fallbacks": dict(stats.fallbacks), "tool_calls": dict(stats.tool_calls),
        "titles_removed": stats.ungrounded,
        "model_summaries_shown": stats.model_summaries,
        "model_summaries_replaced": stats.replaced_summaries,
        "max_tokens": context.settings.llm_max_tokens,
    }


class ModelReadings:
    """Messages read by the model, each (message, earlier messages) once; a reading the
    model does not fill is the message as search words, counted by reason."""

    def __init__(self, bot: Bot, settings: Any):
        from bot.agent.llm import open_chat_model

        self.bot = bot
        self.model = open_chat_model(settings)
        self.readers: dict[str, ModelReader] = {}
        self.cache: dict[tuple[str, str, tuple[str, ...]], Understanding] = {}
        self.failures: Counter[str] = Counter()
        self.seconds: list[float] = []

    def read(self, catalog: str, text: str, before: Sequence[str] = ()) -> Understanding:
        from bot.agent.model_reading import ModelReader
        from bot.errors import LLMError
        from bot.understanding import Understanding

        key = (catalog, text, tuple(before[-BEFORE:]))
        if key not in self.cache:
            if catalog not in self.readers:
                self.readers[catalog] = ModelReader(self.model, self.bot.view(catalog).reader,
                                                    catalog)
            started = time.perf_counter()
            try:
                said = self.readers[catalog].read(text, key[2])
            except LLMError as exc:
                self.failures[exc.reason] += 1
                said = Understanding(text, query=text, query_without_titles=text)
            self.seconds.append(time.perf_counter() - started)
            self.cache[key] = said
        return self.cache[key]

    def summary(self) -> dict[str, Any]:
        return {"readings": len(self.seconds), "not_filled": dict(self.failures),
                "p50_s": round(statistics.median(self.seconds), 2) if self.seconds else None}


def understanding_part(context: Context, settings: Any, folder: Path, dev_sample: int
                       ) -> dict[str, Any]:
    """The understanding benchmark's cases read by the model and by the rules reader."""
    import bench_understanding as labelled

    from bot.bot import Bot
    from bot.profiles import ProfileStore

    bot = Bot(context, ProfileStore(folder / "understanding.sqlite3"))
    readings = ModelReadings(bot, settings)
    exact: dict[tuple[str, str], list[int]] = {}
    for name in labelled.SETS:
        cases = labelled.load_cases(name)
        if name == "dev" and 0 < dev_sample < len(cases):
            cases = cases[::-(-len(cases) // dev_sample)]  # every k-th: each class
        for case in cases:
            view = bot.view(case["catalog"])
            by_model = readings.read(case["catalog"], case["text"], case.get("before", []))
            for reader, said in (("model", by_model), ("rules", view.reader.read(case["text"]))):
                misses, _ = labelled.score(case["expect"], labelled.reading(said, view))
                counts = exact.setdefault((name, reader), [0, 0])
                counts[0] += not misses
                counts[1] += 1
    return {"exact": {f"{name} {reader}": {"exact": hits, "cases": cases,
                                           "share": round(hits / cases, 3)}
                      for (name, reader), (hits, cases) in exact.items()},
            "model": readings.summary()}


def dialogues_part(context: Context, settings: Any, halves: Sequence[str], first: int
                   ) -> dict[str, Any]:
    """INSPIRED recall with the person's turns read by the model, and by the rules."""
    import bench_dialogues

    from bot.bot import Bot
    from bot.evaluation.dialogues import evaluate_file

    readings = ModelReadings(Bot(context), settings)
    reports = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (cases, _) in bench_dialogues.split_in_halves(
                bench_dialogues.INSPIRED, Path(folder)).items():
            if name not in halves:
                continue
            if first > 0:
                lines = cases.read_text(encoding="utf-8").splitlines(keepends=True)
                cases.write_text("".join(lines[:first]), encoding="utf-8")
            for reader in ("rules", "model"):
                read = None if reader == "rules" else (
                    lambda text, before: readings.read("movies", text, before))
                report = evaluate_file(context, cases, catalog="movies", progress=True,
                                       read=read)
                report.recommender = f"bot, {reader} reading ({name})"
                reports.append(report.to_dict())
    return {"reports": reports, "model": readings.summary()}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"Model: SmolLM2-135M-Instruct (Q4_1) under llama.cpp's server, "
             f"{result['threads']} threads, {result['tokens_per_s']} tokens/s.", ""]
    if "turns" in result:
        row = result["turns"]
        lines += [
            "| turns | p50 s | p95 s | by the model | by the fallback | titles removed "
            "| model summaries shown / replaced |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {row['turns']} | {row['p50_s']} | {row['p95_s']} | "
            f"{row['answered_by_model']:.0%} | {row['answered_by_fallback']:.0%} | "
            f"{row['titles_removed']} | {row['model_summaries_shown']} / "
            f"{row['model_summaries_replaced']} |", "",
            f"Fallbacks by reason: {row['fallbacks']}. Tool calls: {row['tool_calls']}. "
            f"Other engines (substitution rules): {row['answered_by_rules']:.0%} of turns.", ""]
    if "understanding" in result:
        part = result["understanding"]
        lines += ["| understanding set | exact match, model reading | exact match, rules |",
                  "|---|---:|---:|"]
        for name in ("dev", "heldout"):
            model, rules = part["exact"][f"{name} model"], part["exact"][f"{name} rules"]
            lines.append(f"| {name} | {model['share']:.2f} ({model['exact']}/{model['cases']})"
                         f" | {rules['share']:.2f} ({rules['exact']}/{rules['cases']}) |")
        lines += ["", f"Model readings: {part['model']}.", ""]
    if "dialogues" in result:
        part = result["dialogues"]
        lines += ["| INSPIRED | recall@1 | recall@10 | recall@50 | targets scored |",
                  "|---|---:|---:|---:|---:|"]
        for report in part["reports"]:
            recall = report["recall"]
            lines.append(f"| {report['recommender']} | {recall['r@1']:.4f} | "
                         f"{recall['r@10']:.4f} | {recall['r@50']:.4f} | {report['targets']} |")
        lines += ["", f"Model readings: {part['model']}."]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
