"""Scripted conversations: a YAML file of user turns, each with expectations.

    name: negation keeps horror out
    catalog: movies
    turns:
      - user: a funny movie, nothing scary
        expect: {picks_at_least: 3, no_pick_has: {genres: Horror}}
      - user: explain it simpler
        expect: {profile: {reading_level: simple}, summary_grade_at_most: 7}

Expectations (all optional): `asks` (the reply is a question), `picks` (exact
count), `picks_at_least`, `some_pick_has` / `every_pick_has` / `no_pick_has`
({field: value}, list fields match when they contain the value), `includes` /
`excludes` (titles among the picks), `no_repeats` (no pick was shown earlier in the
script), `cheaper_than_before` (every pick costs less than the middle price of the
turn before), `text_contains`, `text_excludes`, `summary_grade_at_most`,
`summary_words_at_most`, `max_price` (every pick at or under), `every_pick_matches`
(FIELD op VALUE filters every pick satisfies: "year>=1980", "stars=Tom Hanks"),
`why_excludes` (words no pick's reason may echo), `why_contains`, `profile`
(reading_level, detail, liked, disliked, seen and accepted titles,
excluded_topics). Relative to a named item (for substitutes): `every_pick_shares`
({item: TITLE, fields: [sub_category, type]}: the same values as that item) and
`every_pick_priced` ({item: TITLE, within: 0.25} and/or `cheaper: true`).
`recbot replay SCRIPT.yaml [--json]` runs one against the configured catalogs;
pytest runs every script in tests/conversations.
"""

from __future__ import annotations

import statistics
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.bot import Bot
from bot.catalog import Item
from bot.constraints import matches
from bot.errors import RecbotError
from bot.filters import build_where
from bot.readability import flesch_kincaid_grade
from bot.turn import Reply

KNOWN = {"asks", "picks", "picks_at_least", "some_pick_has", "every_pick_has", "no_pick_has",
         "includes", "excludes", "no_repeats", "cheaper_than_before", "text_contains",
         "text_excludes", "summary_grade_at_most", "summary_words_at_most", "max_price",
         "profile", "every_pick_shares", "every_pick_priced", "every_pick_matches",
         "why_contains", "why_excludes"}


class ScriptError(RecbotError):
    """A conversation script is malformed."""


@dataclass
class Check:
    expectation: str
    passed: bool
    detail: str = ""


@dataclass
class TurnResult:
    user: str
    reply: str
    picks: list[str]
    checks: list[Check] = field(default_factory=list)
    engine: str = "offline"  # "llm" when the LLM agent answered (not its offline fallback)


@dataclass
class ScriptResult:
    name: str
    turns: list[TurnResult]

    @property
    def passed(self) -> bool:
        return all(c.passed for t in self.turns for c in t.checks)

    def fallbacks(self) -> int:
        """Turns the offline engine answered although an LLM was configured (substitution
        turns are the substitution rules' under either engine, by design)."""
        return sum(t.engine == "offline" for t in self.turns)

    def failures(self) -> list[str]:
        return [f"turn {n} ({t.user!r}): {c.expectation}: {c.detail}"
                for n, t in enumerate(self.turns, start=1) for c in t.checks if not c.passed]

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "turns": [asdict(t) for t in self.turns]}


def load_script(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        script = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ScriptError(f"cannot read conversation script {path}: {exc}") from exc
    if not isinstance(script, dict) or not isinstance(script.get("turns"), list):
        raise ScriptError(f"{path}: a script needs a list of `turns`")
    for n, turn in enumerate(script["turns"], start=1):
        if not isinstance(turn, dict) or not isinstance(turn.get("user"), str):
            raise ScriptError(f"{path}, turn {n}: each turn needs a `user` message")
        unknown = set(turn.get("expect") or {}) - KNOWN
        if unknown:
            raise ScriptError(f"{path}, turn {n}: unknown expectation(s) "
                              f"{', '.join(sorted(unknown))}; known: {', '.join(sorted(KNOWN))}")
    script.setdefault("name", path.stem)
    return script


def run_script(bot: Bot, script: dict[str, Any], session_id: str | None = None) -> ScriptResult:
    """Play the user turns through `Bot.reply` in a fresh session and check each reply."""
    session = session_id or f"replay-{uuid.uuid4().hex[:12]}"
    catalog = script.get("catalog")
    turns = []
    shown: set[str] = set()
    before: list[str] = []
    for turn in script["turns"]:
        reply = bot.reply(session, turn["user"], catalog=catalog)
        result = TurnResult(turn["user"], reply.text, [p.title for p in reply.picks],
                            engine=reply.engine)
        result.checks = _checks(bot, session, catalog, reply, turn.get("expect") or {}, shown,
                                before)
        shown.update(p.id for p in reply.picks)
        before = [p.id for p in reply.picks] or before
        turns.append(result)
    return ScriptResult(str(script["name"]), turns)


def _checks(bot: Bot, session: str, catalog: str | None, reply: Reply,
            expect: dict[str, Any], shown: set[str], before: list[str]) -> list[Check]:
    name = catalog or bot.context.settings.catalog
    items = bot.context.index(name).get([p.id for p in reply.picks])
    titles = [i.title for i in items]
    checks = []

    def check(label: str, ok: bool, detail: str = "") -> None:
        checks.append(Check(label, bool(ok), "" if ok else detail))

    if "asks" in expect:
        check(f"asks={expect['asks']}", reply.asked == expect["asks"], f"asked={reply.asked}")
    if "picks" in expect:
        check(f"picks={expect['picks']}", len(items) == expect["picks"], f"got {len(items)}")
    if "picks_at_least" in expect:
        check(f"picks>={expect['picks_at_least']}", len(items) >= expect["picks_at_least"],
              f"got {len(items)}")
    for key, quantifier in (("some_pick_has", any), ("every_pick_has", all),
                            ("no_pick_has", None)):
        for fieldname, value in (expect.get(key) or {}).items():
            has = [_has(i, fieldname, value) for i in items]
            ok = (not any(has)) if quantifier is None else (bool(items) and quantifier(has))
            check(f"{key} {fieldname}={value}", ok, f"picks: {titles}")
    for title in _list(expect.get("includes")):
        check(f"includes {title}", title in titles, f"picks: {titles}")
    for title in _list(expect.get("excludes")):
        check(f"excludes {title}", title not in titles, f"picks: {titles}")
    if expect.get("no_repeats"):
        again = [i.title for i in items if i.id in shown]
        check("no repeats", bool(items) and not again, f"shown before: {again}")
    if expect.get("cheaper_than_before"):
        earlier = [p for i in bot.context.index(name).get(before)
                   if isinstance(p := i.attributes.get("price"), (int, float))]
        middle = statistics.median(earlier) if earlier else None
        prices = [i.attributes.get("price") for i in items]
        check("cheaper than before", middle is not None and bool(items) and all(
            isinstance(p, (int, float)) and p < middle for p in prices),
            f"prices {prices}, middle price before {middle}")
    for text in _list(expect.get("text_contains")):
        check(f"text contains {text!r}", text.lower() in reply.text.lower(), reply.text[:200])
    for text in _list(expect.get("text_excludes")):
        check(f"text excludes {text!r}", text.lower() not in reply.text.lower(),
              reply.text[:200])
    if "summary_grade_at_most" in expect:
        limit = float(expect["summary_grade_at_most"])
        grades = [flesch_kincaid_grade(p.summary) for p in reply.picks]
        median = sorted(grades)[len(grades) // 2] if grades else 0.0
        check(f"median summary grade <= {limit}", bool(grades) and median <= limit,
              f"median {median:.1f}")
    if "summary_words_at_most" in expect:
        limit = int(expect["summary_words_at_most"])
        longest = max((len(p.summary.split()) for p in reply.picks), default=0)
        check(f"every summary <= {limit} words", bool(reply.picks) and longest <= limit,
              f"longest {longest}")
    if "max_price" in expect:
        limit = float(expect["max_price"])
        prices = [i.attributes.get("price") for i in items]
        check(f"every pick <= {limit}",
              all(isinstance(p, (int, float)) and p <= limit for p in prices),
              f"prices: {prices}")
    for condition in _list(expect.get("every_pick_matches")):
        view = bot.view(name)
        where = build_where(view.fields, view.vocabulary, [condition])
        bad = [i.title for i in items if where is not None and not matches(where, i.attributes)]
        check(f"every pick matches {condition}", bool(items) and not bad,
              f"picks: {titles}; not: {bad}" if items else "no picks")
    for text in _list(expect.get("why_contains")):
        whys = [p.why for p in reply.picks]
        check(f"every reason contains {text!r}", bool(whys) and all(
            text.lower() in w.lower() for w in whys), f"reasons: {whys}")
    for text in _list(expect.get("why_excludes")):
        whys = [p.why for p in reply.picks]
        check(f"no reason contains {text!r}", not any(text.lower() in w.lower() for w in whys),
              f"reasons: {whys}")
    if "every_pick_shares" in expect or "every_pick_priced" in expect:
        checks += _relative_checks(bot, name, items, expect)
    if "profile" in expect:
        checks += _profile_checks(bot, session, name, expect["profile"])
    return checks


def _relative_checks(bot: Bot, catalog: str, items: list[Item], expect: dict[str, Any]
                     ) -> list[Check]:
    """Every pick compared with a named item: the same category values, a price near it."""
    checks = []
    for key in ("every_pick_shares", "every_pick_priced"):
        wanted = expect.get(key)
        if wanted is None:
            continue
        anchor = _item_titled(bot, catalog, str(wanted.get("item", "")))
        label = f"{key} {wanted}"
        if anchor is None or not items:
            checks.append(Check(label, False, "no such item" if anchor is None else "no picks"))
            continue
        if key == "every_pick_shares":
            fields = _list(wanted.get("fields")) or ["category", "sub_category", "type"]
            bad = [i.title for i in items
                   if any(i.attributes.get(f) != anchor.attributes.get(f) for f in fields)]
        else:
            price = float(anchor.attributes.get("price", 0.0))  # type: ignore[arg-type]
            band, cheaper = wanted.get("within"), bool(wanted.get("cheaper"))
            bad = [f"{i.title} ({p})" for i in items
                   if not isinstance(p := i.attributes.get("price"), int | float)
                   or (band is not None and abs(p - price) > float(band) * price + 1e-9)
                   or (cheaper and p >= price)]
        checks.append(Check(label, not bad, f"not so: {bad}"))
    return checks


def _item_titled(bot: Bot, catalog: str, title: str) -> Item | None:
    titles = bot.title_index(catalog).titles  # read once per catalog, not per check
    found = [item_id for item_id, t in titles.items() if t == title]
    items = bot.context.index(catalog).get(found[:1])
    return items[0] if items else None


def _profile_checks(bot: Bot, session: str, catalog: str, wanted: dict[str, Any]
                    ) -> list[Check]:
    profile = bot.store.profile(session, catalog)
    index = bot.context.index(catalog)
    checks = []
    for key, value in wanted.items():
        if key in ("liked", "disliked", "seen", "accepted"):
            titles = [i.title for i in index.get(getattr(profile, key))]
            missing = [t for t in _list(value) if t not in titles]
            checks.append(Check(f"profile {key} has {value}", not missing, f"{key}: {titles}"))
        else:
            have = getattr(profile, key, None)
            ok = (set(_list(value)) <= set(have)) if isinstance(have, list) else have == value
            checks.append(Check(f"profile {key}={value}", ok, f"is {have}"))
    return checks


def _has(item: Item, fieldname: str, value: Any) -> bool:
    actual = item.attributes.get(fieldname)
    if isinstance(actual, list):
        return any(str(v).lower() == str(value).lower() for v in actual)
    return str(actual).lower() == str(value).lower()


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
