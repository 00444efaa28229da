"""The web command of the `recbot` command line.

    recbot serve [--host HOST] [--port PORT] [--demo] [--workers N]
        the chat page, the API and the widget; N processes share the port (ui/workers.py)
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError, IndexNotFoundError

if TYPE_CHECKING:
    from bot.context import Context


def add_commands(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the chat web page, the HTTP API and the "
                                              "embeddable widget")
    serve.add_argument("--host", help="address to listen on (default RECBOT_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default RECBOT_PORT, 7860; 0: any free)")
    serve.add_argument("--demo", action="store_true",
                       help="build the demo catalogs' indexes first if they are missing")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="server processes sharing the port (default 1); with more than "
                            "one, a Chroma server is started unless RECBOT_CHROMA_URL names "
                            "one, and / serves the widget's page instead of the chat page")
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, context: Context) -> int:
    from bot.bot import Bot
    from ui.server import serve

    settings = context.settings
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be a port number (0-65535), got {port}")
    if not 1 <= args.workers <= 64:
        raise ConfigError(f"--workers must be 1-64, got {args.workers}")
    if args.workers == 1:
        _ready_to_serve(context, args.demo)
        serve(Bot(context), host, port, sys.stdout)
        return 0
    from bot.context import Context
    from indexes.store import chroma_server
    from ui.workers import serve_workers

    with ExitStack() as stack:
        url, stopped = settings.chroma_url, None
        if url is None:  # an embedded Chroma must not be opened by two processes
            log = settings.data_dir / "chroma-server.log"
            print(f"Starting a Chroma server on {settings.chroma_path} (log: {log})...",
                  flush=True)
            chroma = stack.enter_context(chroma_server(settings.chroma_path, log))
            url, stopped = chroma.url, chroma.stopped
        shared = dataclasses.replace(settings, chroma_url=url)
        _ready_to_serve(Context(shared), args.demo)
        serve_workers(shared, host, port, args.workers, sys.stdout,
                      dependency=stopped or (lambda: None))
    return 0


def _ready_to_serve(context: Context, demo: bool) -> None:
    if demo:
        from bot.demo import ensure_demo_indexes

        ensure_demo_indexes(context)
    if not context.catalogs():
        raise IndexNotFoundError("no catalog is indexed yet: `recbot ingest FILE` loads one, "
                                 "`recbot serve --demo` builds the demo catalogs")
