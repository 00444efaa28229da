"""The `recbot` command line.

    recbot ingest FILE [--name CATALOG] [--mapping FILE] [--map FIELD=COLUMN] [--skip-bad-rows]
                  [--vectors FILE]
    recbot search "QUERY" [-k N] [--catalog NAME] [--where FIELD=VALUE ...] [--max-price P] [--json]
    recbot catalogs [--json]
    recbot export-vectors --out FILE [--catalog NAME]   for `recbot ingest --vectors FILE`
    recbot demo            build the demo indexes if needed, then search them interactively
    recbot train | recommend | similar | eval     see bot/cli/recommend.py
    recbot eval-dialogues | convert-inspired     see bot/cli/dialogues.py
    recbot digest --user ID [--out DIR]           see bot/cli/digest.py
    recbot serve [--host H] [--port P] [--demo]  the web chat, API and widget (bot/cli/web.py)
    recbot substitute ITEM_ID [--accept ID | --reject ID]   see bot/cli/substitute.py
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shlex
import sys
from collections.abc import Sequence
from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.cli.terminal import TerminalWriter, warn
from bot.demo import DEMO_CATALOGS, DEMO_DIR, ensure_demo_indexes
from bot.errors import CatalogError, CatalogValidationError, QueryError, RecbotError
from bot.settings import Settings, apply_offline_environment

if TYPE_CHECKING:
    from bot.context import Context



def main(argv: Sequence[str] | None = None, *, context: Context | None = None) -> int:
    """Run one command; returns the exit code. `context` lets tests hand in collaborators."""
    parser = build_parser()
    args = parser.parse_args(argv)
    apply_offline_environment()
    try:
        if context is None:
            from bot.context import Context

            context = Context(Settings.from_env())
        with redirect_stdout(TerminalWriter(sys.stdout)):  # item text never drives the terminal
            return int(args.handler(args, context) or 0)
    except CatalogValidationError as exc:
        warn(f"error: {exc}\nThe index was left unchanged. Use --skip-bad-rows to load the "
             "good rows and get a report of the bad ones.")
        return 2
    except RecbotError as exc:
        warn(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        warn("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `recbot search ... | head`
        sys.stderr.close()
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recbot", description="Conversational recommendations over your catalog.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="load a catalog (CSV or JSONL) into the index")
    ingest.add_argument("file", type=Path)
    ingest.add_argument("--name", help="catalog name (default: the file name without extension)")
    ingest.add_argument("--mapping", type=Path, help="column mapping file (YAML or JSON)")
    ingest.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                        help="read id, title or description from another column")
    ingest.add_argument("--skip-bad-rows", action="store_true",
                        help="load the good rows and report the bad ones (default: stop at "
                             "the first bad row and change nothing)")
    ingest.add_argument("--vectors", type=Path, metavar="FILE",
                        help="vectors made before (recbot export-vectors): items whose text "
                             "and model match are not embedded again")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.set_defaults(handler=cmd_ingest)

    export = commands.add_parser("export-vectors",
                                 help="write a catalog's item vectors to a file, for "
                                      "`recbot ingest --vectors` elsewhere")
    export.add_argument("--catalog", help="catalog (default: RECBOT_CATALOG)")
    export.add_argument("--out", type=Path, required=True, help="the .npz file to write")
    export.set_defaults(handler=cmd_export_vectors)

    search = commands.add_parser("search", help="search a catalog by meaning")
    add_search_arguments(search)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=cmd_search)

    catalogs = commands.add_parser("catalogs", help="list indexed catalogs")
    catalogs.add_argument("--json", action="store_true")
    catalogs.set_defaults(handler=cmd_catalogs)

    demo = commands.add_parser("demo", help="index the demo catalogs, then search them")
    demo.add_argument("--data", type=Path, default=DEMO_DIR, help="folder of demo catalogs")
    demo.set_defaults(handler=cmd_demo)

    from bot.cli import dialogues, digest, local_llm, recommend, substitute, web

    recommend.add_commands(commands)
    dialogues.add_commands(commands)
    digest.add_commands(commands)
    web.add_commands(commands)
    substitute.add_commands(commands)
    local_llm.add_commands(commands)
    return parser


def add_search_arguments(parser: argparse.ArgumentParser, *, query_required: bool = True
                         ) -> None:
    parser.add_argument("query", nargs=None if query_required else "*")
    parser.add_argument("-k", type=int, default=10, help="how many results (default 10)")
    parser.add_argument("--catalog", help="catalog to search (default: RECBOT_CATALOG)")
    parser.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE",
                        help="filter, applied inside the index; also !=, <, <=, >, >=")
    parser.add_argument("--max-price", type=float)
    parser.add_argument("--min-price", type=float)


# -- commands -----------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, context: Context) -> int:
    from bot.catalog import load_catalog

    name = args.name or args.file.stem
    check_catalog_name(name)
    mapping = _mapping(args)
    result = load_catalog(args.file, mapping, on_error="skip" if args.skip_bad_rows else "fail")
    for error in result.errors:
        warn(f"skipped: {error}")
    index = context.index(name)
    known = None
    if args.vectors is not None:
        from indexes.known_vectors import KnownVectors

        if not args.vectors.is_file():
            raise CatalogError(f"--vectors: no file at {args.vectors}")
        known = KnownVectors.load(args.vectors)
        if known is None:
            raise CatalogError(f"--vectors: {args.vectors} is not a file of recbot vectors "
                               "(recbot export-vectors writes them)")
    report = index.sync(result.items, keep_ids=result.skipped_ids, source=str(args.file),
                        progress=not args.quiet, known=known)
    print(
        f"{name}: {len(result.items)} items loaded from {args.file}"
        f" ({result.bad_rows} bad rows skipped)\n"
        f"  embedded {report.embedded} (new {report.added}, changed {report.reembedded};"
        f" {report.known} of them from known vectors),"
        f" metadata updated {report.metadata_updated}, unchanged {report.unchanged},"
        f" deleted {report.deleted}, kept (bad new row) {report.kept_from_bad_rows}"
        f" in {report.total_seconds:.1f}s"
    )
    return 0


def cmd_export_vectors(args: argparse.Namespace, context: Context) -> int:
    count = context.index(args.catalog).export_vectors(args.out)
    print(f"{count} vectors written to {args.out}")
    return 0


def _mapping(args: argparse.Namespace):  # noqa: ANN202 - a ColumnMapping
    from bot.catalog import ColumnMapping

    mapping = ColumnMapping.from_file(args.mapping) if args.mapping else ColumnMapping()
    overrides = {}
    for pair in args.map:
        field, sep, column = pair.partition("=")
        if not sep or field not in ("id", "title", "description") or not column:
            raise CatalogError(f"--map takes id=COLUMN, title=COLUMN or description=COLUMN, "
                               f"not {pair!r}")
        overrides[field] = column
    return dataclasses.replace(mapping, **overrides)


def check_catalog_name(name: str) -> None:
    from bot.catalog import CATALOG_NAME

    if not CATALOG_NAME.match(name):
        raise CatalogError(f"catalog name {name!r} may use only letters, digits, '-', '_' "
                           "and '.', starting with a letter or digit (at most 63 characters)")


def run_search(args: argparse.Namespace, context: Context) -> list[dict[str, Any]]:
    from bot.filters import build_where

    query = args.query if isinstance(args.query, str) else " ".join(args.query)
    if args.k < 1:
        raise QueryError("-k must be at least 1")
    index = context.index(args.catalog)
    manifest = index.manifest()
    where = build_where(manifest.fields, manifest.vocabulary, args.where,
                        max_price=args.max_price, min_price=args.min_price)
    return [hit.to_dict() for hit in index.search(query, k=args.k, where=where)]


def cmd_search(args: argparse.Namespace, context: Context) -> int:
    hits = run_search(args, context)
    if args.json:
        print(json.dumps(hits, ensure_ascii=False, indent=2))
    else:
        print_hits(hits, sys.stdout)
    return 0


def cmd_catalogs(args: argparse.Namespace, context: Context) -> int:
    rows = []
    for name in context.catalogs():
        manifest = context.index(name).manifest()
        rows.append({"name": name, "items": manifest.item_count, "model": manifest.model,
                     "source": manifest.source, "fields": manifest.fields})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no catalogs indexed yet; run `recbot ingest FILE`")
    for row in rows:
        print(f"{row['name']}: {row['items']} items from {row['source']} ({row['model']})")
    return 0


def cmd_demo(args: argparse.Namespace, context: Context) -> int:
    ensure_demo_indexes(context, args.data)
    first = context.settings.catalog
    return search_repl(context, sys.stdin, sys.stdout,
                       catalog=first if first in DEMO_CATALOGS else next(iter(DEMO_CATALOGS)))


def search_repl(context: Context, stdin: TextIO, stdout: TextIO, *,
                catalog: str | None = None) -> int:
    """A terminal search loop; each line takes the same options as `recbot search`."""
    parser = argparse.ArgumentParser(prog="", add_help=False, exit_on_error=False)
    add_search_arguments(parser, query_required=False)
    catalog = catalog or context.settings.catalog
    stdout.write(
        f"Search the demo catalogs by meaning ({', '.join(context.catalogs())}).\n"
        "Type a query, e.g.  toy cowboy and a space ranger  or  green tea --max-price 200\n"
        "Options: -k N, --where FIELD=VALUE, --max-price P; ':catalog NAME' switches "
        "catalog; ':quit' leaves.\n"
    )
    interactive = stdin.isatty()
    while True:
        if interactive:
            stdout.write(f"{catalog}> ")
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip() in (":quit", ":q", "exit", "quit"):
            return 0
        line = line.strip()
        if not line:
            continue
        if line.startswith(":catalog"):
            wanted = line.removeprefix(":catalog").strip()
            if wanted in context.catalogs():
                catalog = wanted
                stdout.write(f"now searching {catalog}\n")
            else:
                stdout.write(f"unknown catalog {wanted!r}; have: "
                             f"{', '.join(context.catalogs())}\n")
            continue
        try:
            args, unknown = parser.parse_known_args(shlex.split(line))
            if unknown:
                raise QueryError(f"unknown option(s): {' '.join(unknown)}")
            args.catalog = args.catalog or catalog
            print_hits(run_search(args, context), stdout)
        except (argparse.ArgumentError, ValueError, RecbotError) as exc:  # ValueError: shlex
            stdout.write(f"error: {exc}\n")


def print_hits(hits: list[dict[str, Any]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not hits:
        out.write("no matches\n")
        return
    table = Table(show_lines=False, expand=False)
    for column in ("#", "score", "title", "details"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        # Text(), not str: item fields are data and must not be read as rich markup.
        table.add_row(str(rank), f"{hit['score']:.3f}", Text(hit["title"]), Text(_details(hit)))
    # A terminal's own width; 120 columns when writing to a file or pipe. No colours: out
    # escapes ESC (see bot/cli/terminal.py), rich's own styles included.
    Console(file=out, width=None if out.isatty() else 120, highlight=False,
            color_system=None).print(table)


def _details(hit: dict[str, Any]) -> str:
    shown = []
    for key in ("genres", "year", "brand", "category", "price", "in_stock", "size"):
        value = hit.get(key)
        if value is None:
            continue
        if isinstance(value, list):
            value = ", ".join(value)
        shown.append(f"{key}: {value}")
    text = "; ".join(shown)
    description = hit.get("description") or ""
    if description:
        text += ("\n" if text else "") + (description[:140] + "..."
                                          if len(description) > 140 else description)
    return text
