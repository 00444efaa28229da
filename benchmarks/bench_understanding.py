"""Understanding benchmark: how requests typed as people type them are read, on both demo catalogs.

    python benchmarks/bench_understanding.py [--data-dir DIR] [--catalog movies]
        [--class years] [--set dev|heldout|heldout2|heldout3|heldout4|all] [--no-picks]
        [--show-heldout]

Every labelled request of benchmarks/understanding/{dev,heldout,heldout2,heldout3,heldout4}.jsonl
(the format: benchmarks/understanding/README.md) is read by the catalog's own reader,
`Bot(context).view(catalog).reader.read(text)`, on the real demo indexes, and the
reading is compared with the label, per class and set:

- exact match: every expectation the case lists is read as labelled (lists in any
  order, numbers within 0.01; a product type: the kinds chosen are not empty, all
  among `kind_any_of` and none in `not_kind`);
- slot precision and recall, summed over the class, for the list slots (filters,
  names, wanted, excluded, titles, unknown_titles); the table shows the hard filters
  (filters and names together);
- picks OK: each case that expects hard filters is answered in a fresh session with
  `Bot.reply` (after its `before` messages), and every pick must satisfy every
  expected filter on its attributes in the index; a reply without picks (or with only
  the nearest alternatives to a request nothing fits) is right only when nothing in the
  catalog fits the filters (and the case's `kind_any_of`, when it has one).

Targets: at least 0.95 exact match in every class, and 100% picks OK. The held-out sets
are never tuned on, and their failures are listed only with --show-heldout: `heldout`
(about a tenth of each class, written after dev), `heldout2`, `heldout3` and
`heldout4` (ten a class each, written later by sessions that never read the reader's
code). Prints the
tables and writes benchmarks/results/understanding.{json,md}.

The indexes: --data-dir DIR, else RECBOT_DATA_DIR when set, is reused
(`bot.demo.ensure_demo_indexes` builds only what is missing or stale); with neither,
they are built in a temporary folder with the configured embedding model, which takes
minutes (the groceries alone: eight on a small machine). Conversations go to a
temporary profile store, never to the data folder's, and the offline engine answers: no
LLM is called.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

if TYPE_CHECKING:
    from bot.bot import Bot
    from bot.catalog_view import CatalogView
    from bot.understanding import Understanding

CASES = REPO / "benchmarks" / "understanding"
RESULTS = REPO / "benchmarks" / "results"
SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4")
CATALOGS = ("movies", "groceries")
CLASSES = ("years", "prices", "ratings", "people", "audience", "references", "presentation",
           "unknown_titles", "product_types")
LIST_SLOTS = ("filters", "names", "wanted", "excluded", "titles", "unknown_titles")
HARD_SLOTS = ("filters", "names")  # the table's hard-filter precision and recall
TOLERANCE = 0.01
TARGET_EXACT = 0.95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a data folder holding the demo indexes")
    parser.add_argument("--catalog", choices=CATALOGS, action="append",
                        help="only this catalog (repeatable)")
    parser.add_argument("--class", dest="classes", choices=CLASSES, action="append",
                        help="only this class (repeatable)")
    parser.add_argument("--set", choices=(*SETS, "all", "both"), default="all",
                        help="one set, or all of them (both: the same, an older name)")
    parser.add_argument("--no-picks", action="store_true",
                        help="skip the picks check (reading only: fast)")
    parser.add_argument("--show-heldout", action="store_true",
                        help="list the held-out failures too")
    args = parser.parse_args()

    from bot.settings import apply_offline_environment

    apply_offline_environment()
    sets = SETS if args.set in ("all", "both") else (args.set,)
    cases = [c for name in sets for c in load_cases(name)
             if (not args.catalog or c["catalog"] in args.catalog)
             and (not args.classes or c["class"] in args.classes)]
    if not cases:
        print("no case matches the options", file=sys.stderr)
        return 2
    catalogs = [c for c in CATALOGS if any(case["catalog"] == c for case in cases)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-understanding-") as scratch:
        bot = open_bot(args.data_dir, Path(scratch), catalogs)
        outcomes = [run_case(bot, case, picks=not args.no_picks) for case in cases]
    seconds = round(time.perf_counter() - started, 1)

    rows = summarise(outcomes)
    shown = [o for o in outcomes if _failed(o) and (o["set"] == "dev" or args.show_heldout)]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/bench_understanding.py", *sys.argv[1:]]),
        "model": bot.context.settings.embedding_model, "seconds": seconds,
        "picks_checked": not args.no_picks, "rows": rows, "targets": targets(rows),
        "failures": [failure(o) for o in shown],
        "heldout_failures_hidden": sum(1 for o in outcomes if _failed(o)
                                       and o["set"] != "dev" and not args.show_heldout),
    }
    report = markdown(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "understanding.json").write_text(json.dumps(result, indent=2, ensure_ascii=False)
                                                + "\n", encoding="utf-8")
    (RESULTS / "understanding.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


def load_cases(name: str) -> list[dict[str, Any]]:
    path = CASES / f"{name}.jsonl"
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            case = json.loads(line)
            if case.get("class") not in CLASSES or case.get("catalog") not in CATALOGS:
                raise SystemExit(f"{path}:{number}: unknown class or catalog in {case.get('id')}")
            cases.append({**case, "set": name})
    return cases


def open_bot(data_dir: Path | None, scratch: Path, catalogs: Sequence[str]) -> Bot:
    """A bot on the demo indexes (built when missing), with a profile store of its own."""
    from bot.bot import Bot
    from bot.context import Context
    from bot.demo import ensure_demo_indexes
    from bot.profiles import ProfileStore
    from bot.settings import Settings

    settings = Settings.from_env()
    if data_dir is None and "RECBOT_DATA_DIR" not in os.environ:
        data_dir = scratch / "data"
    settings = dataclasses.replace(settings, llm_model=None, llm_base_url=None,
                                   data_dir=data_dir or settings.data_dir)
    context = Context(settings)
    ensure_demo_indexes(context, names=catalogs)
    return Bot(context, ProfileStore(scratch / "profiles.sqlite3"))


# -- reading --------------------------------------------------------------------------------


def reading(said: Understanding, view: CatalogView) -> dict[str, Any]:
    """The slots of an `Understanding` in the labels' terms. Attributes the reader does not
    have yet (it is being extended: whole_list, move, unknown_titles, kind_filter) read as
    empty."""
    kind = getattr(said, "kind_filter", None)
    kind_filters = [kind] if isinstance(kind, str) else list(kind or [])
    filters = [f for f in said.filters if f not in kind_filters]
    price = view.reading.schema.role("price")
    if price is not None:
        for bound, op in ((said.max_price, "<="), (said.min_price, ">=")):
            if bound is not None:
                filters.append(f"{price.name}{op}{_number(bound)}")
    references = [f"position:{n}" for n in said.references]
    references += [word for word, said_it in (
        ("all", getattr(said, "whole_list", False)), ("others", said.something_else),
        ("more_like", said.more_like)) if said_it]
    references += [m for m in (getattr(said, "move", None), said.price_move) if m]
    return {
        "filters": filters,
        "names": [n.filter for n in said.names],
        "any_of_names": said.any_of_names,
        "wanted": list(said.wanted),
        "excluded": list(said.excluded),
        "audience": said.audience.group if said.audience else None,
        "reference": sorted(set(references)),
        "feedback": said.feedback,
        "level": said.reading_level,
        "detail": said.detail,
        "unknown_titles": [t if isinstance(t, str) else getattr(t, "said", str(t))
                           for t in getattr(said, "unknown_titles", None) or []],
        "titles": [t.title for t in said.titles],
        "kinds": _kinds(kind_filters),
    }


def _kinds(kind_filters: Iterable[str]) -> list[str]:
    from bot.filters import parse_condition

    return [v.strip() for f in kind_filters for v in parse_condition(f)[2].split("|")
            if v.strip()]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)


# -- scoring --------------------------------------------------------------------------------


def _failed(outcome: dict[str, Any]) -> bool:
    """Read wrong, or answered with a pick that breaks an expected filter."""
    return not outcome["ok"] or (outcome["picks"] is not None and not outcome["picks"]["ok"])


def run_case(bot: Bot, case: dict[str, Any], *, picks: bool) -> dict[str, Any]:
    view = bot.view(case["catalog"])
    read = reading(view.reader.read(case["text"]), view)
    misses, slots = score(case["expect"], read)
    outcome = {**case, "read": read, "misses": misses, "slots": slots, "ok": not misses,
               "picks": None}
    hard = [*case["expect"].get("filters", []),
            *expected_people(case["expect"].get("names", []),
                             case["expect"].get("any_of_names", False))]
    if picks and hard:
        outcome["picks"] = check_picks(bot, view, case, hard)
    return outcome


def expected_people(names: list[str], any_of: bool) -> list[str]:
    """The people expected as filters: one each, or with "X or Y" one per field (either)."""
    from bot.names import NameMatch, either_filters

    if not any_of:
        return list(names)
    return either_filters([NameMatch(*name.split("=", 1), said="") for name in names])


def score(expect: dict[str, Any], read: dict[str, Any]
          ) -> tuple[dict[str, list[Any]], dict[str, list[int]]]:
    """The expectations read otherwise ({key: [expected, read]}), and the list slots'
    [true positives, false positives, false negatives]."""
    misses: dict[str, list[Any]] = {}
    slots: dict[str, list[int]] = {}
    for key, expected in expect.items():
        if key in ("kind_any_of", "not_kind"):
            continue
        got = read.get(key)
        if key in LIST_SLOTS:
            slots[key] = list(compare(key, expected, got or []))
            same = slots[key][1] == slots[key][2] == 0
        elif key == "reference":
            same = set(_listed(expected)) == set(got or [])
        else:
            same = expected == got
        if not same:
            misses[key] = [expected, got]
    if "kind_any_of" in expect:
        chosen, allowed = set(read["kinds"]), set(expect["kind_any_of"])
        if not chosen or not chosen <= allowed or chosen & set(expect.get("not_kind", [])):
            misses["kinds"] = [{"any_of": expect["kind_any_of"],
                                "not": expect.get("not_kind", [])}, read["kinds"]]
    return misses, slots


def compare(slot: str, expected: Sequence[str], got: Sequence[str]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one list slot."""
    wanted = _unique([_key(slot, v) for v in expected])
    found = _unique([_key(slot, v) for v in got])
    hits = 0
    left = list(found)
    for value in wanted:
        match = next((i for i, other in enumerate(left) if _same(value, other)), None)
        if match is not None:
            hits += 1
            left.pop(match)
    return hits, len(found) - hits, len(wanted) - hits


def _key(slot: str, value: str) -> Any:
    """A value as compared: a filter as (field, op, number or set of values), a title
    exactly, an unknown title by its words, anything else by its lower case."""
    if slot in ("filters", "names"):
        from bot.errors import FilterError
        from bot.filters import parse_condition

        try:
            name, op, raw = parse_condition(value)
        except FilterError:
            return ("?", value)
        try:
            number: Any = float(raw)
        except ValueError:
            number = frozenset(p.strip().lower() for p in raw.split("|") if p.strip())
        return (name.lower(), op, number)
    if slot == "titles":
        return value
    if slot == "unknown_titles":
        return " ".join(re.sub(r"[^\w\s']", " ", value.lower()).split())
    return value.lower()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b) == 3 \
            and isinstance(a[2], float) and isinstance(b[2], float):
        return a[:2] == b[:2] and abs(a[2] - b[2]) <= TOLERANCE
    return bool(a == b)


def _unique(values: list[Any]) -> list[Any]:
    kept: list[Any] = []
    for value in values:
        if not any(_same(value, other) for other in kept):
            kept.append(value)
    return kept


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def check_picks(bot: Bot, view: CatalogView, case: dict[str, Any], hard: list[str]
                ) -> dict[str, Any]:
    """Answer the case in a fresh session; does every pick satisfy every expected filter?"""
    from bot.constraints import matches
    from bot.errors import FilterError
    from bot.filters import build_where

    session = f"bench-understanding-{case['id']}-{uuid.uuid4().hex[:8]}"
    for message in case.get("before", []):
        bot.reply(session, message, catalog=case["catalog"])
    reply = bot.reply(session, case["text"], catalog=case["catalog"])
    # the nearest to a request nothing fits, each said how far off, count as no picks
    items = [] if reply.alternatives else view.index.get([p.id for p in reply.picks])
    wheres = []
    for condition in hard:
        try:
            where = build_where(view.fields, view.vocabulary, [condition])
        except FilterError as exc:
            return {"ok": False, "picks": len(items), "broken": [], "why": str(exc)}
        assert where is not None
        wheres.append((condition, where))
    if not items:  # right only when the catalog has nothing that fits (but the titles
        # named beside a wish for others: "lady bird was so good, what else has greta
        # gerwig directed" asks for no Lady Bird)
        kinds = case["expect"].get("kind_any_of")
        said = view.reader.read(case["text"])
        named = {t.item_id for t in said.titles} if said.something_else else set()
        fits = [i for i in view.index.get(view.index.ids())
                if i.id not in named and all(matches(w, i.attributes) for _, w in wheres)
                and (kinds is None or any(i.attributes.get(f) in kinds
                                          for f in view.reading.schema.kinds))]
        return {"ok": not fits, "picks": 0, "broken": [],
                "why": f"no picks, though {len(fits)} item(s) fit" if fits else
                "no picks: nothing in the catalog fits"}
    broken = []
    for condition, where in wheres:
        broken += [f"{item.title}: not {condition}" for item in items
                   if not matches(where, item.attributes)]
    return {"ok": not broken, "picks": len(items), "broken": broken,
            "why": "" if not broken else f"{len(broken)} pick(s) break a filter"}


# -- the report -----------------------------------------------------------------------------


def summarise(outcomes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for outcome in outcomes:
        groups[(outcome["set"], outcome["class"])].append(outcome)
        groups[(outcome["set"], "all")].append(outcome)
    rows = []
    for (name, klass), group in sorted(groups.items(), key=lambda g: (
            SETS.index(g[0][0]), (*CLASSES, "all").index(g[0][1]))):
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for outcome in group:
            for slot, counts in outcome["slots"].items():
                sums[slot] = [a + b for a, b in zip(sums[slot], counts, strict=True)]
        hard = [sum(sums[s][i] for s in HARD_SLOTS if s in sums) for i in range(3)]
        checked = [o for o in group if o["picks"] is not None]
        exact = sum(o["ok"] for o in group)
        rows.append({
            "set": name, "class": klass, "cases": len(group), "exact": exact,
            "exact_share": round(exact / len(group), 3),
            "hard_precision": _ratio(hard[0], hard[0] + hard[1]),
            "hard_recall": _ratio(hard[0], hard[0] + hard[2]),
            "slots": {slot: {"precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
                             "tp": tp, "fp": fp, "fn": fn}
                      for slot, (tp, fp, fn) in sorted(sums.items())},
            "picks_checked": len(checked), "picks_ok": sum(o["picks"]["ok"] for o in checked),
            "picks_share": _ratio(sum(o["picks"]["ok"] for o in checked), len(checked)),
        })
    return rows


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def targets(rows: Sequence[dict[str, Any]]) -> dict[str, bool]:
    result = {}
    for name in SETS:
        mine = [r for r in rows if r["set"] == name]
        if not mine:
            continue
        result[f"{name}: exact match >= {TARGET_EXACT} in every class"] = all(
            r["exact_share"] >= TARGET_EXACT for r in mine if r["class"] != "all")
        checked = [r for r in mine if r["class"] == "all" and r["picks_checked"]]
        if checked:
            result[f"{name}: every pick satisfies the expected filters"] = all(
                r["picks_ok"] == r["picks_checked"] for r in checked)
    return result


def failure(outcome: dict[str, Any]) -> dict[str, Any]:
    picks = outcome["picks"]
    return {"id": outcome["id"], "set": outcome["set"], "catalog": outcome["catalog"],
            "text": outcome["text"], "misses": outcome["misses"],
            "picks": picks if picks is not None and not picks["ok"] else None}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"Run {result['date']} with `{result['command']}` (embedding model "
             f"{result['model']}, {result['seconds']} s).", ""]
    for name in SETS:
        rows = [r for r in result["rows"] if r["set"] == name]
        if not rows:
            continue
        lines += [f"**{name}**", "", "| class | cases | exact match | hard-filter P | "
                  "hard-filter R | picks OK |", "|---|---:|---:|---:|---:|---:|"]
        for r in rows:
            picks = (f"{r['picks_ok']}/{r['picks_checked']}" if r["picks_checked"] else "-")
            lines.append(f"| {r['class']} | {r['cases']} | {r['exact_share']:.2f} "
                         f"({r['exact']}/{r['cases']}) | {_shown(r['hard_precision'])} | "
                         f"{_shown(r['hard_recall'])} | {picks} |")
        lines.append("")
    lines += [f"- {name}: {'met' if ok else 'NOT met'}" for name, ok in result["targets"].items()]
    if result["failures"]:
        lines += ["", "Failing cases (expected / read):", ""]
        for f in result["failures"]:
            parts = [_miss(key, want, got) for key, (want, got) in f["misses"].items()]
            if f["picks"]:
                parts.append(f"picks: {f['picks']['why']}"
                             + "".join(f"; {b}" for b in f["picks"]["broken"][:3]))
            lines.append(f"- {f['id']} ({f['set']}) \"{f['text']}\": " + "; ".join(parts))
    if result["heldout_failures_hidden"]:
        lines += ["", f"{result['heldout_failures_hidden']} held-out case(s) failed; "
                  "--show-heldout lists them."]
    return "\n".join(lines) + "\n"


def _miss(key: str, expected: Any, got: Any) -> str:
    if key == "kinds":  # the allowed values are many: name only those read wrongly
        wrong = [k for k in got if k not in expected["any_of"] or k in expected["not"]]
        return (f"kinds: none chosen (any of {len(expected['any_of'])} allowed)" if not got
                else f"kinds: {json.dumps(got, ensure_ascii=False)}, not allowed: "
                f"{json.dumps(wrong, ensure_ascii=False)}")
    return (f"{key}: {json.dumps(expected, ensure_ascii=False)} / "
            f"{json.dumps(got, ensure_ascii=False)}")


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    sys.exit(main())
