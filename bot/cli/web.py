"""The web command of the `recbot` command line.

    recbot serve [--host HOST] [--port PORT] [--demo]    the chat page, the API and the widget
"""

from __future__ import annotations

import argparse
import sys
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
    serve.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, context: Context) -> int:
    from bot.bot import Bot
    from ui.server import serve

    settings = context.settings
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port must be a port number (0-65535), got {port}")
    if args.demo:
        from bot.demo import ensure_demo_indexes

        ensure_demo_indexes(context)
    if not context.catalogs():
        raise IndexNotFoundError("no catalog is indexed yet: `recbot ingest FILE` loads one, "
                                 "`recbot serve --demo` builds the demo catalogs")
    serve(Bot(context), host, port, sys.stdout)
    return 0
