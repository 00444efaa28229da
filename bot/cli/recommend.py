"""The recommender commands of the `recbot` command line.

    recbot train --interactions FILE [--catalog NAME] [--column ROLE=COLUMN] [--skip-bad-rows]
    recbot recommend (--user ID | --like ITEM ...) [-k N] [--query TEXT] [--json] [filters]
    recbot similar ITEM_ID [-k N] [--json]
    recbot eval --interactions FILE [--catalog NAME] [--tune] [--json] [--out DIR]
    recbot chat [--session ID] [--catalog NAME]     a terminal chat through Bot.reply
    recbot replay SCRIPT.yaml [--json] [--require-llm]   a scripted conversation, checked
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.terminal import warn
from bot.errors import InteractionsError, QueryError, UnknownItemError

if TYPE_CHECKING:
    from bot.context import Context
    from bot.ranker import Pick

# TrainConfig's defaults, here so that `recbot --help` does not import the models.
TRAIN_DEFAULTS = {"ease_l2": 200.0, "ease_max_items": 10_000, "next_window": 10}


def add_commands(commands: Any) -> None:
    train = commands.add_parser("train", help="train the collaborative model on interactions")
    _interaction_arguments(train)
    train.add_argument("--skip-bad-rows", action="store_true",
                       help="train on the good rows and report the bad ones")
    train.add_argument("--strict-items", action="store_true",
                       help="stop when a row names an item not in the catalog")
    train.add_argument("--factors", type=int, default=32)
    train.add_argument("--signal", choices=("all", "positive"), default="all",
                       help="train ALS, BPR and item-item on every interaction (default) or "
                       "on likes only")
    train.add_argument("--ease-l2", type=float, default=TRAIN_DEFAULTS["ease_l2"],
                       help="EASE regularisation (default %(default)g); 0 leaves EASE out")
    train.add_argument("--ease-max-items", type=int, default=TRAIN_DEFAULTS["ease_max_items"],
                       help="EASE solves for at most this many items, the most interacted "
                       "(default %(default)d; memory 16 bytes x items², time ~items³)")
    train.add_argument("--next-window", type=int, default=TRAIN_DEFAULTS["next_window"],
                       help="what comes next: the steps after an item that count "
                       "(default %(default)d); 0 leaves the part out")
    train.add_argument("--quiet", action="store_true", help="no progress bars")
    train.set_defaults(handler=cmd_train)

    recommend = commands.add_parser("recommend", help="personal recommendations")
    recommend.add_argument("--user", help="a user id from the interaction log")
    recommend.add_argument("--like", action="append", default=[], metavar="ITEM_ID",
                           help="an item the person likes (a new person: two or three)")
    recommend.add_argument("--dislike", action="append", default=[], metavar="ITEM_ID")
    recommend.add_argument("--query", help="what the person asks for, in words")
    recommend.add_argument("--exclude-topic", action="append", default=[], metavar="TOPIC",
                           help="leave out items with this genre, category or tag")
    recommend.add_argument("--include-out-of-stock", action="store_true")
    _common_arguments(recommend)
    recommend.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE")
    recommend.add_argument("--max-price", type=float)
    recommend.add_argument("--min-price", type=float)
    recommend.set_defaults(handler=cmd_recommend)

    similar = commands.add_parser("similar", help="items like this one (crowd and content)")
    similar.add_argument("item_id")
    _common_arguments(similar)
    similar.set_defaults(handler=cmd_similar)

    evaluate = commands.add_parser("eval", help="offline evaluation against baselines")
    _interaction_arguments(evaluate)
    evaluate.add_argument("--tune", action="store_true",
                          help="choose blend weights on a validation split first")
    evaluate.add_argument("--folds", type=int, default=5, help="cold-start folds (default 5)")
    evaluate.add_argument("--out", type=Path, help="folder for eval.{json,md,png} "
                          "(default: RECBOT_DATA_DIR/eval)")
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bars")
    evaluate.set_defaults(handler=cmd_eval)


    chat = commands.add_parser("chat", help="chat with the bot in the terminal")
    chat.add_argument("--session", default="terminal",
                      help="conversation to continue (default: terminal)")
    chat.add_argument("--catalog", help="catalog (default RECBOT_CATALOG)")
    chat.set_defaults(handler=cmd_chat)

    replay = commands.add_parser("replay", help="run a scripted conversation and check it")
    replay.add_argument("script", type=Path)
    replay.add_argument("--json", action="store_true")
    replay.add_argument("--require-llm", action="store_true",
                        help="fail a turn the offline engine answered because the LLM failed")
    replay.set_defaults(handler=cmd_replay)


def _interaction_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interactions", type=Path, required=True,
                        help="CSV or JSONL: user id, item id, optional rating or weight, time")
    parser.add_argument("--catalog", help="catalog the items belong to (default RECBOT_CATALOG)")
    parser.add_argument("--column", action="append", default=[], metavar="ROLE=COLUMN",
                        help="column for user, item, rating, weight or timestamp")


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-k", type=int, default=10, help="how many (default 10)")
    parser.add_argument("--catalog", help="catalog (default RECBOT_CATALOG)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _load_log(args: argparse.Namespace, context: Context, *, on_error: str = "fail") -> Any:
    from bot.interactions import load_interactions

    columns = {}
    for pair in args.column:
        role, sep, column = pair.partition("=")
        if not sep or not column:
            raise InteractionsError(f"--column takes ROLE=COLUMN, not {pair!r}")
        columns[role.strip()] = column.strip()
    known = set(context.index(args.catalog).ids())
    return load_interactions(args.interactions, known_items=known, columns=columns,
                             on_error=on_error)  # type: ignore[arg-type]


def cmd_train(args: argparse.Namespace, context: Context) -> int:
    from bot.collab import CollabModel, TrainConfig

    catalog = args.catalog or context.settings.catalog
    log = _load_log(args, context, on_error="skip" if args.skip_bad_rows else "fail")
    for error in log.errors:
        warn(f"skipped: {error}")
    if log.unknown_items:
        warn(f"note: {log.unknown_report()}")
        if args.strict_items:
            raise InteractionsError("rows name items not in the catalog (--strict-items); "
                                    "nothing was trained")
    config = TrainConfig(factors=args.factors, signal=args.signal, ease_l2=args.ease_l2,
                         ease_max_items=args.ease_max_items, next_window=args.next_window)
    model = CollabModel.train(log, context.index(catalog).ids(), config,
                              progress=not args.quiet)
    path = model.save(context.settings.model_path(catalog))
    info = model.info
    ease = (f"EASE on {info['ease_items']} items in {info['ease_seconds']:.1f}s"
            if model.ease is not None else "no EASE")
    print(f"{catalog}: trained on {info['interactions']} interactions from {info['users']} "
          f"users over {info['items']} items in {info['seconds']:.1f}s, {ease} "
          f"({len(log.errors)} bad rows skipped, {log.unknown_rows} rows with unknown items)\n"
          f"  saved to {path}")
    return 0


def cmd_recommend(args: argparse.Namespace, context: Context) -> int:
    from bot.constraints import Constraints
    from bot.ranker import RecommendRequest

    if args.k < 1:
        raise QueryError("-k must be at least 1")
    ranker = context.ranker(args.catalog)
    model = ranker.model
    if args.user is not None and (model is None or not model.knows_user(args.user)):
        hint = ("no collaborative model is trained yet; run `recbot train`" if model is None
                else "give --like ITEM_ID for a new person")
        raise QueryError(f"unknown user {args.user!r}: {hint}")
    if not (args.user or args.like or args.query):
        raise QueryError("say who it is for: --user ID, --like ITEM_ID (two or three), "
                         "or --query TEXT")
    _check_items(context, args.catalog, [*args.like, *args.dislike])
    manifest = ranker.index.manifest()
    constraints = Constraints.build(
        manifest.fields, manifest.vocabulary, conditions=args.where, min_price=args.min_price,
        max_price=args.max_price, excluded_topics=args.exclude_topic,
        in_stock_only=not args.include_out_of_stock)
    request = RecommendRequest(user_id=args.user, liked=args.like, disliked=args.dislike,
                               query=args.query, constraints=constraints, k=args.k)
    _print_picks(ranker.recommend(request), args.json)
    return 0


def cmd_similar(args: argparse.Namespace, context: Context) -> int:
    if args.k < 1:
        raise QueryError("-k must be at least 1")
    _check_items(context, args.catalog, [args.item_id])
    ranker = context.ranker(args.catalog)
    _print_picks(ranker.similar(args.item_id, args.k), args.json)
    return 0


def _check_items(context: Context, catalog: str | None, item_ids: list[str]) -> None:
    if not item_ids:
        return
    index = context.index(catalog)
    found = {item.id for item in index.get(item_ids)}
    missing = [i for i in item_ids if i not in found]
    if missing:
        raise UnknownItemError(f"no item with id {missing[0]!r} in catalog {index.catalog!r}; "
                               "`recbot search` finds ids by title")


def _print_picks(picks: list[Pick], as_json: bool) -> None:
    if as_json:
        print(json.dumps([p.to_dict() for p in picks], ensure_ascii=False, indent=2))
        return
    if not picks:
        print("nothing matches; try fewer constraints")
    for rank, pick in enumerate(picks, start=1):
        print(f"{rank:>2}. {pick.item.title}  [{pick.item.id}]  score {pick.score:.3f}\n"
              f"    {pick.why()}")


def cmd_eval(args: argparse.Namespace, context: Context) -> int:
    from bot.evaluation.ranking import EvalSettings, Evaluation
    from bot.evaluation.report import markdown, to_json, write_outputs
    from bot.ranker import BlendWeights

    if args.folds < 2:
        raise QueryError("--folds must be at least 2")
    log = _load_log(args, context, on_error="skip")
    if log.unknown_items:
        warn(f"note: {log.unknown_report()}")
    if log.errors:
        warn(f"note: {len(log.errors)} bad rows left out, first: {log.errors[0]}")
    settings = EvalSettings(weights=BlendWeights.from_mapping(context.settings.blend()),
                            tune=args.tune, folds=args.folds, progress=not args.quiet)
    report = Evaluation(context.index(args.catalog), log, settings).run()
    out = args.out or context.settings.data_dir / "eval"
    paths = write_outputs(report, out)
    if args.json:
        print(to_json(report))
    else:
        print(markdown(report))
        print("written: " + ", ".join(str(p) for p in paths))
    return 0


def cmd_chat(args: argparse.Namespace, context: Context) -> int:
    return chat_loop(context, sys.stdin, sys.stdout, session=args.session,
                     catalog=args.catalog or context.settings.catalog)


def chat_loop(context: Context, stdin: Any, stdout: Any, *, session: str, catalog: str) -> int:
    """Read a line, answer through `Bot.reply`, until end of input or `:quit`."""
    from bot.bot import Bot
    from bot.errors import RecbotError

    bot = Bot(context)
    engine = f"LLM {bot.agent.model.name}" if bot.agent else "offline engine"
    print(f"Chatting about {catalog} with the {engine} (:catalog NAME to switch, :quit to "
          "leave).", file=stdout)
    for line in stdin:
        text = line.strip()
        if text in (":quit", ":q", ":exit"):
            break
        if text.startswith(":catalog"):
            catalog = text.split(maxsplit=1)[1] if " " in text else catalog
            print(f"now chatting about {catalog}", file=stdout)
            continue
        try:
            reply = bot.reply(session, text, catalog=catalog)
        except RecbotError as exc:  # one bad turn does not end the chat
            print(f"error: {exc}", file=stdout)
            continue
        print(reply.text, file=stdout, flush=True)
    return 0


def cmd_replay(args: argparse.Namespace, context: Context) -> int:
    from bot.bot import Bot
    from bot.evaluation.replay import load_script, run_script

    bot = Bot(context)
    result = run_script(bot, load_script(args.script))
    fallbacks = result.fallbacks() if bot.agent is not None else 0
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for n, turn in enumerate(result.turns, start=1):
            engine = f" ({turn.engine})" if bot.agent is not None else ""
            print(f"[{n}] you: {turn.user}\n    bot{engine}: {turn.reply.splitlines()[0]}")
            for title in turn.picks:
                print(f"         - {title}")
            for check in turn.checks:
                mark = "ok  " if check.passed else "FAIL"
                print(f"    {mark} {check.expectation}" + (f" ({check.detail})"
                                                           if check.detail else ""))
        if bot.agent is not None:
            print(f"LLM {bot.agent.model.name}: answered {len(result.turns) - fallbacks} of "
                  f"{len(result.turns)} turns; offline fallbacks: "
                  f"{dict(bot.agent.stats.fallbacks) or 'none'}")
        print(f"{result.name}: {'passed' if result.passed else 'FAILED'}")
    failed = not result.passed or (args.require_llm and fallbacks > 0)
    return 1 if failed else 0
