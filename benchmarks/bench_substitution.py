"""Substitution benchmark: hard rules on the full BigBasket catalog, then learning from feedback.

    python benchmarks/bench_substitution.py [--sample 2000] [--events 1000] [--seed 7]
                                            [--only bigbasket | --only everyday]

1. The full BigBasket catalog (27,555 products; descriptions joined where the
   first 6,079 rows have one) is built into catalog records the way the demo
   catalog is (`data/build_demo_catalogs.py`: size parsed from the name,
   synthetic ~7% out of stock) and indexed with the configured embedding model
   in RECBOT_DATA_DIR (catalog `bigbasket-bench`; re-runs re-embed nothing).
2. A fixed random sample of items (seed 7) is marked out of stock, and 5
   substitutes are asked for each. Every substitute is checked against the
   source CSV, not the index: same category, sub-category and type, in stock,
   within the +/-25% price band. Also: the median price difference, how often a
   same-brand substitute is offered first when the catalog has one that passes
   the rules, and the items with no substitute (and why). An item with nothing
   within the band gets the nearest of its kind in stock instead, each marked
   with how far outside the band it is: these are checked apart (same path, in
   stock, the mark right, the first the closest in price of its kind in stock,
   from the source records), and the share of items answered with at least one
   substitute is given within the band and with the nearest ones.
3. A simulated acceptance round. A hidden shopper rule (below, never shown to
   the model) decides what a shopper accepts. The acceptance rate of the first
   substitute offered for the sampled items is measured before learning; then
   1,000 feedback events are collected on a disjoint set of items (one random
   substitute of the five shown, judged by the rule with 10% noise), recorded
   through `Substituter.record`, and the rate is measured again (feedback and
   acceptance are on substitutes within the band, as before the nearest ones).
4. Everyday products: the demo grocery catalog (data/groceries.jsonl) indexed as
   catalog `groceries-everyday-bench`; the top 3 in-stock hits of a search for
   each of 20 everyday words (rice, tea, soap...) are marked out of stock in a
   copy, 5 substitutes are asked for each, and the products answered with at
   least one are counted within the band only (the answer before the nearest
   ones were offered) and with them.

Prints the tables and writes benchmarks/results/substitution.{json,md} (1-3) and
benchmarks/results/substitution_everyday.{json,md} (4).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "data"))

RESULTS = REPO / "benchmarks" / "results"
BIGBASKET = REPO.parent / "shared" / "data" / "bigbasket"
FULL = "BigBasket_Products_full_27555_no_description.csv"
DESCRIBED = "BigBasket_Products_first6079_with_description.csv"
CATALOG = "bigbasket-bench"
PATH = ("category", "sub_category", "type")
BAND = 0.25
K = 5
NOISE = 0.10  # the shopper's answer is flipped this often
DEMO = REPO / "data" / "groceries.jsonl"
EVERYDAY_CATALOG = "groceries-everyday-bench"
EVERYDAY = ("rice", "tea", "soap", "noodles", "butter", "milk", "biscuits", "oil", "shampoo",
            "coffee", "sugar", "salt", "atta", "dal", "ghee", "jam", "ketchup", "detergent",
            "toothpaste", "chips")
PER_WORD = 3  # the top in-stock hits taken from each search


def shopper_accepts(original: dict, substitute: dict) -> bool:
    """The hidden rule: a shopper takes the same brand (if the pack is not under half the
    size), or another brand at most 10% dearer and not under half the size."""
    from bot.sizes import parse_size

    size, other = parse_size(original.get("size")), parse_size(substitute.get("size"))
    similarity = size.similarity(other) if size and other else None
    size_ok = similarity is None or similarity >= 0.5
    change = substitute["price"] / original["price"] - 1
    same = _norm(original.get("brand")) == _norm(substitute.get("brand")) != ""
    return size_ok and (same or change <= 0.10)


def acceptance_probability(original: dict, substitute: dict) -> float:
    return 1 - NOISE if shopper_accepts(original, substitute) else NOISE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--events", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", type=Path, default=BIGBASKET)
    parser.add_argument("--limit", type=int, help="only the first N products (a quick try)")
    parser.add_argument("--only", choices=("bigbasket", "everyday"),
                        help="run one part (default: both)")
    args = parser.parse_args()

    from bot.context import Context
    from bot.settings import Settings, apply_offline_environment

    apply_offline_environment()
    context = Context(Settings.from_env())
    RESULTS.mkdir(parents=True, exist_ok=True)
    met = True
    if args.only != "everyday":
        result = bigbasket(args, context)
        met &= all(result["targets"].values())
        _write("substitution", result, markdown(result))
    if args.only != "bigbasket":
        found = everyday(context)
        met &= all(found["targets"].values())
        _write("substitution_everyday", found, everyday_markdown(found))
    return 0 if met else 1


def _write(name: str, result: dict[str, Any], table: str) -> None:
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    (RESULTS / f"{name}.md").write_text(table, encoding="utf-8")
    print(table)


def bigbasket(args: argparse.Namespace, context: Any) -> dict[str, Any]:
    """Parts 1-3: the rules on a sample of the full catalog, then learning."""
    from bot.catalog import load_catalog
    from bot.substitution.acceptance import AcceptanceModel, SubstitutionStore
    from bot.substitution.substituter import Substituter

    records = build_records(args.source)
    if args.limit:
        records = dict(list(records.items())[:args.limit])
    rng = random.Random(args.seed)
    order = sorted(records)
    rng.shuffle(order)
    sample, rest = order[:args.sample], order[args.sample:]
    for item_id in sample:  # each sampled item is the one that ran out
        records[item_id]["in_stock"] = False

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bigbasket.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                for r in records.values()), encoding="utf-8")
        index = context.index(CATALOG if not args.limit else f"{CATALOG}-{args.limit}")
        report = index.sync(load_catalog(path).items, source="BigBasket (benchmark)")
        store = SubstitutionStore(Path(folder) / "substitutions.sqlite3")
        model = AcceptanceModel(store, CATALOG)
        engine = Substituter(index, model)
        index_seconds = time.perf_counter() - started
        print(f"index: {report.embedded} embedded, {report.metadata_updated} updated, "
              f"{report.unchanged} unchanged in {index_seconds:.0f}s", file=sys.stderr)

        before = evaluate(engine, records, sample)
        events, training_items = train(engine, records, rest, args.events, rng)
        after = evaluate(engine, records, sample)
        learned = model.describe()

    result = {
        "catalog_items": len(records), "sample": len(sample), "k": K, "band": BAND,
        "seed": args.seed, "model": context.settings.embedding_model,
        "index_seconds": round(index_seconds, 1), "embedded": report.embedded,
        "before": before, "after": after,
        "training": {"events": events, "items": training_items, "noise": NOISE,
                     "model": learned},
    }
    result["targets"] = targets(result)
    return result


def build_records(folder: Path) -> dict[str, dict]:
    """The full catalog as demo-style records, keyed by id (the demo builder's parsing)."""
    from build_demo_catalogs import clean_description, grocery_record

    descriptions = {row["index"].strip(): clean_description(row["description"])
                    for row in _rows(folder / DESCRIBED)}
    # One product has no name (index 14364): a catalog row without a title is refused.
    return {row["index"].strip(): grocery_record(row, descriptions.get(row["index"].strip(), ""))
            for row in _rows(folder / FULL) if row["product"].strip()}


def evaluate(engine: Any, records: dict[str, dict], sample: list[str]) -> dict[str, Any]:
    """Substitutes for every sampled item, each checked against the source records."""
    checked = same_kind = in_stock = in_band = 0
    near = near_items = near_kind = near_stock = near_marked = near_first = near_order = 0
    answerable = 0  # items whose kind has another item in stock
    changes: list[float] = []
    first_accept: list[float] = []
    first_rule: list[bool] = []
    list_accept: list[float] = []
    brand_exists = brand_first = brand_listed = 0
    empty: dict[str, int] = defaultdict(int)
    relaxations: dict[str, int] = defaultdict(int)
    seconds: list[float] = []
    pool = _pools(records)
    for item_id in sample:
        original = records[item_id]
        started = time.perf_counter()
        result = engine.substitutes(item_id, K, max_price_change=BAND)
        seconds.append(time.perf_counter() - started)
        others = _in_stock_of_kind(original, pool)
        answerable += bool(others)
        if result.nearest:  # none within the band: the nearest of the kind, marked
            near_items += 1
            changes_near = []
            for s in result.substitutes:
                substitute = records[s.item.id]
                change = substitute["price"] / original["price"] - 1
                near += 1
                near_kind += all(substitute[f] == original[f] for f in PATH)
                near_stock += substitute["in_stock"] is True
                near_marked += s.outside_band is not None and abs(
                    s.outside_band - (abs(change) - BAND)) < 1e-6 and "outside the" in s.why
                changes_near.append(abs(change))
            near_order += changes_near == sorted(changes_near)
            closest = min((abs(o["price"] / original["price"] - 1) for o in others),
                          default=None)
            near_first += closest is not None and abs(changes_near[0] - closest) < 1e-9
            for relaxation in result.relaxations_offered:
                relaxations[relaxation.name] += 1
            continue
        offered = [records[s.item.id] for s in result.substitutes]
        for substitute in offered:
            checked += 1
            same_kind += all(substitute[f] == original[f] for f in PATH)
            in_stock += substitute["in_stock"] is True
            change = substitute["price"] / original["price"] - 1
            in_band += abs(change) <= BAND + 1e-9
            changes.append(change)
        if offered:
            first_accept.append(acceptance_probability(original, offered[0]))
            first_rule.append(shopper_accepts(original, offered[0]))
            list_accept.append(statistics.mean(acceptance_probability(original, s)
                                               for s in offered))
        if _has_same_brand(original, pool):
            brand_exists += 1
            brands = [_norm(s["brand"]) == _norm(original["brand"]) for s in offered]
            brand_first += bool(brands and brands[0])
            brand_listed += any(brands)
        if not offered:
            empty["nothing of the same kind in stock" if not result.relaxations_offered
                  else "none within the price band"] += 1
            for relaxation in result.relaxations_offered:
                relaxations[relaxation.name] += 1
    answered = len(first_accept) + near_items
    return {
        "substitutes": checked, "items_with_substitutes": len(first_accept),
        "answered_within_band": share(len(first_accept), len(sample)),
        "answered_with_nearest": share(answered, len(sample)),
        "items_answerable": answerable, "items_answered": answered,
        "nearest": {"items": near_items, "substitutes": near,
                    "same_category_path": share(near_kind, near),
                    "in_stock": share(near_stock, near), "marked": share(near_marked, near),
                    "closest_in_price_first": share(near_order, near_items),
                    "first_is_the_closest_of_its_kind": share(near_first, near_items)},
        "same_category_path": share(same_kind, checked), "in_stock": share(in_stock, checked),
        "within_band": share(in_band, checked),
        "median_abs_price_change": round(statistics.median(abs(c) for c in changes), 4),
        "median_price_change": round(statistics.median(changes), 4),
        "same_brand_exists": brand_exists, "same_brand_first": share(brand_first, brand_exists),
        "same_brand_listed": share(brand_listed, brand_exists),
        "no_substitute": dict(empty), "relaxations_offered": dict(relaxations),
        "acceptance_first": round(statistics.mean(first_accept), 4),
        "rule_accepts_first": round(statistics.mean(first_rule), 4),
        "acceptance_list": round(statistics.mean(list_accept), 4),
        "ms_p50": round(1000 * statistics.median(seconds), 1),
        "ms_p95": round(1000 * sorted(seconds)[int(0.95 * (len(seconds) - 1))], 1),
    }


def train(engine: Any, records: dict[str, dict], items: list[str], events: int,
          rng: random.Random) -> tuple[int, int]:
    """Feedback from simulated shoppers on items outside the sample: each is shown the five
    substitutes and judges one of them (any of the five, so the model sees more than the
    top pick), through the same `record` call the bot and the API use."""
    recorded = used = 0
    for item_id in items:
        if recorded >= events:
            break
        result = engine.substitutes(item_id, K, max_price_change=BAND)
        offered = result.substitutes
        if not offered or result.nearest:  # as before: shoppers judge substitutes in the band
            continue
        used += 1
        judged = records[rng.choice(offered).item.id]
        accepted = shopper_accepts(records[item_id], judged)
        if rng.random() < NOISE:
            accepted = not accepted
        engine.record(item_id, judged["id"], accepted, session_id=f"shopper-{used}")
        recorded += 1
    return recorded, used


def share(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def targets(result: dict[str, Any]) -> dict[str, bool]:
    checks = {}
    for phase in ("before", "after"):
        for name in ("same_category_path", "in_stock", "within_band"):
            checks[f"{phase}: {name} = 100%"] = result[phase][name] == 1.0
        nearest = result[phase]["nearest"]
        for name in ("same_category_path", "in_stock", "marked"):
            checks[f"{phase}: nearest {name} = 100%"] = nearest[name] in (1.0, None)
        checks[f"{phase}: every item whose kind has one in stock is answered"] = \
            result[phase]["items_answered"] == result[phase]["items_answerable"]
    checks["acceptance of the first substitute rises after learning"] = \
        result["after"]["acceptance_first"] > result["before"]["acceptance_first"]
    return checks


def markdown(result: dict[str, Any]) -> str:
    before, after = result["before"], result["after"]

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{100 * value:.1f}%"

    near_b, near_a = before["nearest"], after["nearest"]
    rows = [
        ("items answered with at least one substitute within the band",
         pct(before["answered_within_band"]), pct(after["answered_within_band"])),
        ("items answered with at least one substitute, the nearest outside the band included",
         pct(before["answered_with_nearest"]), pct(after["answered_with_nearest"])),
        ("substitutes checked (items with at least one)",
         f"{before['substitutes']:,} ({before['items_with_substitutes']:,})",
         f"{after['substitutes']:,} ({after['items_with_substitutes']:,})"),
        ("same category, sub-category and type", pct(before["same_category_path"]),
         pct(after["same_category_path"])),
        ("in stock", pct(before["in_stock"]), pct(after["in_stock"])),
        (f"within the price band (+/-{100 * result['band']:.0f}%)", pct(before["within_band"]),
         pct(after["within_band"])),
        ("median price difference (absolute / signed)",
         f"{pct(before['median_abs_price_change'])} / {pct(before['median_price_change'])}",
         f"{pct(after['median_abs_price_change'])} / {pct(after['median_price_change'])}"),
        (f"same brand offered first, when one passes the rules ({before['same_brand_exists']:,}"
         " items)", pct(before["same_brand_first"]), pct(after["same_brand_first"])),
        ("same brand among the five, when one passes the rules",
         pct(before["same_brand_listed"]), pct(after["same_brand_listed"])),
        ("items with no substitute: nothing of the same kind in stock",
         str(before["no_substitute"].get("nothing of the same kind in stock", 0)),
         str(after["no_substitute"].get("nothing of the same kind in stock", 0))),
        ("items with none within the band: the nearest of the kind shown (substitutes)",
         f"{near_b['items']:,} ({near_b['substitutes']:,})",
         f"{near_a['items']:,} ({near_a['substitutes']:,})"),
        ("nearest: same category, sub-category and type / in stock",
         f"{pct(near_b['same_category_path'])} / {pct(near_b['in_stock'])}",
         f"{pct(near_a['same_category_path'])} / {pct(near_a['in_stock'])}"),
        ("nearest: marked with how far outside the band (checked on the source price)",
         pct(near_b["marked"]), pct(near_a["marked"])),
        ("nearest: closest in price first / the first the closest of its kind in stock",
         f"{pct(near_b['closest_in_price_first'])} / "
         f"{pct(near_b['first_is_the_closest_of_its_kind'])}",
         f"{pct(near_a['closest_in_price_first'])} / "
         f"{pct(near_a['first_is_the_closest_of_its_kind'])}"),
        ("simulated acceptance of the first substitute", pct(before["acceptance_first"]),
         pct(after["acceptance_first"])),
        ("first substitutes the shopper's rule accepts (before the 10% noise)",
         pct(before["rule_accepts_first"]), pct(after["rule_accepts_first"])),
        ("simulated acceptance, mean over the five", pct(before["acceptance_list"]),
         pct(after["acceptance_list"])),
        ("latency p50 / p95 (ms)", f"{before['ms_p50']} / {before['ms_p95']}",
         f"{after['ms_p50']} / {after['ms_p95']}"),
    ]
    training = result["training"]
    lines = [f"BigBasket, {result['catalog_items']:,} products; {result['sample']:,} sampled "
             f"(seed {result['seed']}), each marked out of stock, {result['k']} substitutes "
             f"asked for; {result['model']} embeddings.", "",
             f"| measure | before learning | after {training['events']:,} feedback events |",
             "|---|---:|---:|"]
    lines += [f"| {name} | {a} | {b} |" for name, a, b in rows]
    coefficients = training["model"].get("coefficients", {})
    lines += ["", f"Learned from {training['events']:,} events on {training['items']:,} other "
                  f"items (noise {100 * training['noise']:.0f}%); logistic-regression "
                  "coefficients (standardised features): "
                  + ", ".join(f"{k} {v:+.2f}" for k, v in coefficients.items()), ""]
    lines += [f"- {name}: {'met' if ok else 'NOT met'}" for name, ok in result["targets"].items()]
    return "\n".join(lines) + "\n"


def everyday(context: Any) -> dict[str, Any]:
    """Part 4: products found by everyday searches in the demo catalog, out of stock."""
    from bot.substitution.substituter import Substituter

    records = {r["id"]: r for r in map(json.loads, DEMO.read_text(encoding="utf-8")
                                       .splitlines()) if r}
    index = context.index(EVERYDAY_CATALOG)
    with tempfile.TemporaryDirectory() as folder:
        _sync(index, records, Path(folder), "demo groceries (benchmark)")  # as the shop has it
        chosen: list[tuple[str, str]] = []
        for word in EVERYDAY:
            hits = index.search(word, 10 * PER_WORD, {"in_stock": True})
            taken = {item_id for _, item_id in chosen}
            fresh = [h.item.id for h in hits if h.item.id not in taken
                     and isinstance(records[h.item.id].get("price"), int | float)]
            chosen += [(word, item_id) for item_id in fresh[:PER_WORD]]
        copy = {item_id: dict(record) for item_id, record in records.items()}
        for _, item_id in chosen:  # each one ran out
            copy[item_id]["in_stock"] = False
        _sync(index, copy, Path(folder), "demo groceries, the searched ones out of stock")
        engine = Substituter(index)  # the rules alone: nothing learned yet
        pool = _pools(copy)
        products = []
        for word, item_id in chosen:
            original = copy[item_id]
            result = engine.substitutes(item_id, K, max_price_change=BAND)
            offered = [(s, copy[s.item.id]) for s in result.substitutes]
            products.append({
                "search": word, "id": item_id, "title": original["title"],
                "brand": original.get("brand"), "price": original["price"],
                "kind": " > ".join(original[f] for f in PATH),
                "within_band": 0 if result.nearest else len(offered),
                "nearest": len(offered) if result.nearest else 0,
                "kind_in_stock": len(_in_stock_of_kind(original, pool)),
                "same_category_path": all(all(r[f] == original[f] for f in PATH)
                                          for _, r in offered),
                "in_stock": all(r["in_stock"] is True for _, r in offered),
                "reason": result.reason_if_empty,
                "substitutes": [{"id": s.item.id, "title": s.item.title, "price": r["price"],
                                 "why": s.why, "outside_band": s.outside_band}
                                for s, r in offered],
            })
    before = sum(1 for p in products if p["within_band"])
    after = sum(1 for p in products if p["within_band"] or p["nearest"])
    answerable = sum(1 for p in products if p["kind_in_stock"])
    result = {"catalog_items": len(records), "searches": list(EVERYDAY), "per_word": PER_WORD,
              "products": len(products), "k": K, "band": BAND,
              "model": context.settings.embedding_model,
              "answered_within_band": before, "answered_with_nearest": after,
              "kind_has_one_in_stock": answerable, "items": products}
    result["targets"] = {
        "every product whose kind has one in stock is answered": after == answerable,
        "every substitute of the same category path": all(p["same_category_path"]
                                                          for p in products),
        "every substitute in stock": all(p["in_stock"] for p in products)}
    return result


def everyday_markdown(result: dict[str, Any]) -> str:
    products, total = result["items"], result["products"]
    lines = [f"Demo groceries ({result['catalog_items']:,} products, {result['model']} "
             f"embeddings): the top {result['per_word']} in-stock hits of a search for each of "
             f"{len(result['searches'])} everyday words ({', '.join(result['searches'])}), "
             f"{total} products, each marked out of stock in a copy; {result['k']} substitutes "
             f"asked for within +/-{100 * result['band']:.0f}%.", "",
             "| products answered with at least one substitute | count |", "|---|---:|",
             f"| within the band only (before) | {result['answered_within_band']} of {total} |",
             f"| the nearest of the same kind included (after) | "
             f"{result['answered_with_nearest']} of {total} |",
             f"| whose kind has another product in stock | "
             f"{result['kind_has_one_in_stock']} of {total} |", "",
             "Answered only with the nearest of the kind (the first shown):", "",
             "| search | product | price | nearest substitute | price | why |",
             "|---|---|---:|---|---:|---|"]
    for p in products:
        if p["nearest"]:
            first = p["substitutes"][0]
            lines.append(f"| {p['search']} | {_cell(p['title'])} ({_cell(p['brand'])}) | "
                         f"{p['price']:g} | {_cell(first['title'])} | {first['price']:g} | "
                         f"{_cell(first['why'])} |")
    unanswered = [p for p in products if not (p["within_band"] or p["nearest"])]
    if unanswered:
        lines += ["", "No substitute at all:", ""]
        lines += [f"- {p['title']} ({p['search']}): {p['reason']}" for p in unanswered]
    lines += [""] + [f"- {name}: {'met' if ok else 'NOT met'}"
                     for name, ok in result["targets"].items()]
    return "\n".join(lines) + "\n"


def _sync(index: Any, records: dict[str, dict], folder: Path, source: str) -> None:
    from bot.catalog import load_catalog

    path = folder / "catalog.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records.values()),
                    encoding="utf-8")
    report = index.sync(load_catalog(path).items, source=source)
    print(f"{index.catalog}: {report.embedded} embedded, {report.metadata_updated} updated, "
          f"{report.unchanged} unchanged", file=sys.stderr)


def _in_stock_of_kind(original: dict, pools: dict[tuple, list[dict]]) -> list[dict]:
    """The other priced products of the original's kind in stock (from the source records)."""
    return [other for other in pools[tuple(original[f] for f in PATH)]
            if other["id"] != original["id"] and other["in_stock"] is True
            and isinstance(other.get("price"), int | float)]


def _cell(text: object) -> str:
    return str(text or "").replace("|", "/")


def _pools(records: dict[str, dict]) -> dict[tuple, list[dict]]:
    pools: dict[tuple, list[dict]] = defaultdict(list)
    for record in records.values():
        pools[tuple(record[f] for f in PATH)].append(record)
    return pools


def _has_same_brand(original: dict, pools: dict[tuple, list[dict]]) -> bool:
    """Does the catalog hold a same-brand item that passes every hard rule? (From the source
    records: the engine's answer is not used to decide what it should have found.)"""
    brand = _norm(original.get("brand"))
    return bool(brand) and any(
        other["id"] != original["id"] and other["in_stock"] is True
        and _norm(other.get("brand")) == brand
        and abs(other["price"] / original["price"] - 1) <= BAND + 1e-9
        for other in pools[tuple(original[f] for f in PATH)])


def _norm(text: object) -> str:
    return " ".join(str(text or "").casefold().split())


def _rows(path: Path):  # noqa: ANN202 - an iterator of dicts
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


if __name__ == "__main__":
    sys.exit(main())
