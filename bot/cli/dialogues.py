"""Dialogue evaluation commands of the `recbot` command line.

    recbot eval-dialogues FILE.jsonl [--catalog NAME] [--baseline popular] [--json]
    recbot convert-inspired TSV [-o FILE.jsonl]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.terminal import warn

if TYPE_CHECKING:
    from bot.context import Context


def add_commands(commands: Any) -> None:
    evaluate = commands.add_parser(
        "eval-dialogues", help="recall of a conversation's targets after the bot reads it")
    evaluate.add_argument("file", type=Path, help='JSONL: {"turns": [...], "targets": [...]}')
    evaluate.add_argument("--catalog", help="catalog (default RECBOT_CATALOG)")
    evaluate.add_argument("--baseline", choices=("popular", "ease"),
                          help="score a baseline instead of the bot: the most popular items, "
                               "or EASE seeded with the titles the person liked")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bar")
    evaluate.set_defaults(handler=cmd_eval_dialogues)

    convert = commands.add_parser(
        "convert-inspired", help="INSPIRED dialogues (TSV) to eval-dialogues cases (JSONL)")
    convert.add_argument("tsv", type=Path)
    convert.add_argument("-o", "--out", type=Path, help="output file (default: stdout)")
    convert.set_defaults(handler=cmd_convert_inspired)


def cmd_eval_dialogues(args: argparse.Namespace, context: Context) -> int:
    from bot.evaluation.dialogues import evaluate_file, markdown

    report = evaluate_file(context, args.file, catalog=args.catalog or context.settings.catalog,
                           recommender=args.baseline or "bot",
                           progress=not (args.quiet or args.json))
    if args.json:
        print(json.dumps(report.to_dict()))
    else:
        print(markdown([report]))
    return 0


def cmd_convert_inspired(args: argparse.Namespace, context: Context) -> int:
    from bot.evaluation.inspired import cases, convert

    if args.out is None:
        for case in cases(args.tsv):
            print(json.dumps(case, ensure_ascii=False))
        return 0
    count = convert(args.tsv, args.out)
    warn(f"{count} cases written to {args.out}")
    return 0
