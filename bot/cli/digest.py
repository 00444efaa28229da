"""`recbot digest`: an email-style digest of picks for one person (see bot/digest.py).

    recbot digest --user ID [--catalog NAME] [--out DIR] [-k N] [--offline]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.context import Context


def add_commands(commands: Any) -> None:
    digest = commands.add_parser(
        "digest", help="write an email digest of picks for one person (HTML and text)")
    digest.add_argument("--user", required=True,
                        help="a chat session id, or a user of the interaction log")
    digest.add_argument("--catalog", help="catalog (default RECBOT_CATALOG)")
    digest.add_argument("--out", type=Path,
                        help="folder for digest.html and digest.txt "
                             "(default: RECBOT_DATA_DIR/digests/USER)")
    digest.add_argument("-k", type=int, default=5, help="how many picks (default 5)")
    digest.add_argument("--offline", action="store_true",
                        help="write it without the LLM even when one is configured")
    digest.set_defaults(handler=cmd_digest)


def cmd_digest(args: argparse.Namespace, context: Context) -> int:
    from bot.digest import build_digest
    from bot.profiles import ProfileStore

    settings = context.settings
    model = None
    if settings.llm_configured and not args.offline:
        from bot.agent.llm import open_chat_model

        model = open_chat_model(settings)
    digest = build_digest(context, ProfileStore(settings.profiles_store), args.user,
                          catalog=args.catalog, k=args.k, model=model)
    out = args.out or settings.data_dir / "digests" / _folder_name(args.user)
    paths = digest.write(out)
    written = "the LLM" if digest.engine == "llm" else "offline"
    print(f"{digest.subject} ({len(digest.picks)} picks, written {written})")
    for path in paths:
        print(f"  {path}")
    return 0


def _folder_name(user: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in user) or "user"
