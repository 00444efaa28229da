"""`recbot substitute`: safe substitutes for an item, and feedback on them.

    recbot substitute ITEM_ID [-k N] [--catalog NAME] [--json]
                      [--max-price-change 0.25 | --any-price] [--same-brand] [--cheaper]
    recbot substitute ITEM_ID --accept SUBSTITUTE_ID    a shopper took it
    recbot substitute ITEM_ID --reject SUBSTITUTE_ID    a shopper turned it down
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from bot.substitution.guard import path_text

if TYPE_CHECKING:
    from bot.context import Context
    from bot.substitution.substituter import SubstituteResult


def add_commands(commands: Any) -> None:
    substitute = commands.add_parser(
        "substitute", help="substitutes for an item that is out of stock (same kind, in stock, "
                           "near price), or record which one a shopper accepted or rejected")
    substitute.add_argument("item_id", help="the item to replace")
    substitute.add_argument("-k", "--k", type=int, default=5, help="how many (default 5)")
    substitute.add_argument("--catalog", help="catalog (default RECBOT_CATALOG)")
    price = substitute.add_mutually_exclusive_group()
    price.add_argument("--max-price-change", type=float, metavar="FRACTION",
                       help="price band around the item's price: 0.25 is +/-25%% (default "
                            "RECBOT_SUBSTITUTE_MAX_PRICE_CHANGE, 0.25)")
    price.add_argument("--any-price", action="store_true", help="no price band")
    substitute.add_argument("--same-brand", action="store_true", help="only the same brand")
    substitute.add_argument("--cheaper", action="store_true", help="only cheaper ones")
    verdict = substitute.add_mutually_exclusive_group()
    verdict.add_argument("--accept", metavar="SUBSTITUTE_ID",
                         help="record that a shopper accepted this substitute")
    verdict.add_argument("--reject", metavar="SUBSTITUTE_ID",
                         help="record that a shopper rejected this substitute")
    substitute.add_argument("--session", default="cli",
                            help="whose feedback (a session id; default: cli)")
    substitute.add_argument("--json", action="store_true", help="print JSON")
    substitute.set_defaults(handler=cmd_substitute)


def cmd_substitute(args: argparse.Namespace, context: Context) -> int:
    from bot.bot import Bot

    bot = Bot(context)
    catalog = args.catalog or context.settings.catalog
    if args.accept or args.reject:
        accepted = bool(args.accept)
        substitute_id = args.accept or args.reject
        record = bot.substitute_feedback(args.session, args.item_id, substitute_id, accepted,
                                         catalog=catalog)
        if args.json:
            print(json.dumps({"original": args.item_id, "substitute": substitute_id,
                              "accepted": accepted, "pair_accepted": record.accepted,
                              "pair_rejected": record.rejected}))
        else:
            print(f"recorded: {substitute_id} {'accepted' if accepted else 'rejected'} as a "
                  f"substitute for {args.item_id} (this pair so far: {record.accepted} "
                  f"accepted, {record.rejected} rejected)")
        return 0
    result = bot.substitutes(args.session, args.item_id, catalog=catalog, k=args.k,
                             max_price_change=args.max_price_change, any_price=args.any_price,
                             same_brand=args.same_brand, cheaper=args.cheaper)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_result(result, sys.stdout)
    return 0


def print_result(result: SubstituteResult, out: TextIO) -> None:
    original = result.original
    attributes = original.attributes
    in_stock = attributes.get("in_stock")
    stock = "" if not isinstance(in_stock, bool) else "in stock" if in_stock else "out of stock"
    facts = ", ".join(str(v) for v in (attributes.get("price"), attributes.get("brand"), stock)
                      if v not in (None, ""))
    print(f"Substitutes for {original.title} [{original.id}] ({facts})\n"
          f"  {path_text(attributes)}; {result.options.describe()}", file=out)
    if result.nearest:
        print(f"{result.reason_if_empty} The nearest of the same kind, closest in price first:",
              file=out)
    for rank, substitute in enumerate(result.substitutes, start=1):
        item = substitute.item
        print(f"{rank:>2}. {item.title}  [{item.id}]  {item.attributes.get('price')}  "
              f"score {substitute.score:.3f}\n    {substitute.why}", file=out)
    if result.vetoed:
        print(f"  left out after many rejections: {', '.join(result.vetoed)}", file=out)
    if not result.substitutes:
        print(f"No substitute. {result.reason_if_empty}", file=out)
    if not result.substitutes or result.nearest:
        for relaxation in result.relaxations_offered:
            print(f"  relax {relaxation.name}: {relaxation.description}  "
                  f"({_flags(relaxation.options.to_dict())})", file=out)


def _flags(options: dict[str, Any]) -> str:
    band = options["max_price_change"]
    flags = ["--any-price" if band is None else f"--max-price-change {band:g}"]
    flags += [f"--{name.replace('_', '-')}" for name in ("same_brand", "cheaper") if options[name]]
    return " ".join(flags)
