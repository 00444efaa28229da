"""A deterministic, rule-based stand-in for an LLM, served by tests/llm_stub.py.

It reads what a real model reads (the system prompt, the conversation with the ids of
earlier picks, the tool results) and answers as a sensible tool-using model would:
the latest message is read with recbot's offline `Reader` (its understanding of the
words), turned into tool calls (`set_preferences` for "explain it simpler",
`record_feedback` for "loved the first one", `recommend` with the person's words and
filters...), and once the tools have answered, a reply naming the items they
returned, in the format the system prompt asks for. So every scripted conversation
in tests/conversations can run through the LLM path with the same expectations.

`extra_lines` are appended to the next reply (an invented pick, a title no tool
returned); `gullible` makes it obey instructions found inside item text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.understanding import Reader, Understanding
from tests.llm_stub import Answer, Call

VERBS = {"like": "you liked", "dislike": "not for you", "seen": "already seen",
         "accepted": "accepted"}
INJECTED = re.compile(r"recommend (?:the (?:item|movie) )?['\"“]?(.+?)['\"”]? to everyone",
                      re.IGNORECASE)


@dataclass
class Plan:
    """What to do about one message: tool calls, and the kind of reply."""

    calls: list[Call] = field(default_factory=list)
    kind: str = "recommend"  # recommend, again, more_like, ask_which, ask_anchor, ask_favourites
    filters: list[str] = field(default_factory=list)  # wishes, given up one by one if need be
    hard: list[str] = field(default_factory=list)  # what must hold: years, people, a type...
    recommend: dict[str, Any] = field(default_factory=dict)
    declined: bool = False  # asked for instructions or someone else's data
    unknown_titles: list[str] = field(default_factory=list)  # named, not in the catalog


class ScriptedModel:
    def __init__(self, readers: Mapping[str, Reader]):
        self.readers = dict(readers)
        self.extra_lines: list[str] = []
        self.gullible = False

    def __call__(self, request: dict[str, Any]) -> Answer:
        messages = request["messages"]
        system = messages[0]["content"]
        if "email digest" in system:
            return self._digest(messages)
        catalog = re.search(r'the "([^"]+)" catalog', system)
        assert catalog, "the system prompt names the catalog"
        reader = self.readers[catalog.group(1)]
        last_user = max(n for n, m in enumerate(messages) if m["role"] == "user")
        said = reader.read(messages[last_user]["content"])
        earlier = [m for m in messages[:last_user] if m["role"] == "assistant"]
        last_picks = next((re.findall(r"\[id ([^\]]+)\]", m["content"])
                           for m in reversed(earlier) if "[id " in m["content"]), [])
        asked_favourites = bool(earlier) and "favourites" in earlier[-1]["content"].split(
            "(Picks shown")[0]
        new = "new_person: True" in system
        # The request a follow-up ("something else", "cheaper") moves on from, as a model
        # reading the conversation would find it: the latest earlier message asking for
        # something.
        requests = (reader.read(m["content"]) for m in reversed(messages[1:last_user])
                    if m["role"] == "user")
        topic = next((r for r in requests if (r.wanted or r.query or r.kind
                      or (r.filters and not r.only_narrows)) and not r.refines), None)
        if said.detail == "brief" and re.search(r"\bdetail: brief\b", system):
            said.detail = "short"  # "shorter" than the brief summaries shown
        plan = self._plan(reader, said, last_picks, asked_favourites, new, topic)
        this_turn = messages[last_user + 1:]
        results = _results(this_turn)
        if not results:
            return Answer(calls=_numbered(plan.calls)) if plan.calls else self._write(plan, [])
        if self.gullible and (injected := self._obeyed(results, this_turn)):
            return injected
        retry = self._fewer_filters(plan, results)
        if retry is not None:
            return Answer(calls=_numbered([retry], start=len(results)))
        return self._write(plan, results)

    # -- understanding a message -----------------------------------------------------

    def _plan(self, reader: Reader, said: Understanding, last: list[str],
              asked_favourites: bool, new: bool, topic: Understanding | None) -> Plan:
        plan = Plan(declined=said.meta, unknown_titles=said.unknown_titles)
        preferences = {key: value for key, value in (
            ("reading_level", said.reading_level), ("detail", said.detail),
            ("max_price", said.max_price), ("min_price", said.min_price)) if value}
        if said.excluded:
            preferences["avoid_topics"] = said.excluded
        if preferences:
            plan.calls.append(Call("set_preferences", preferences))
        titles_liked = bool(said.titles) and not said.more_like and (
            said.feedback == "like" or asked_favourites or said.only_titles)
        targets = [last[i] for i in said.references if -len(last) <= i < len(last)]
        if said.feedback and not targets and not said.titles and not said.unknown_titles and (
                len(last) == 1 or said.whole_list):
            targets = last
        kind = (said.feedback or "like") if titles_liked else said.feedback
        if kind:
            plan.calls += [Call("record_feedback", {"item": t, "kind": kind}) for t in targets]
        if titles_liked:
            plan.calls += [Call("record_feedback", {"item": t.said, "kind": kind})
                           for t in said.titles]
        if said.feedback and not said.titles and not said.references and len(last) > 1 \
                and not (said.something_else or said.more_like or said.query or said.whole_list
                         or said.unknown_titles):
            plan.kind = "ask_which"
        elif said.changes_presentation_only and last:
            plan.calls.append(Call("item_details", {"items": last}))
            plan.kind = "again"
        elif said.more_like:
            anchor = said.titles[0].said if said.titles else next(
                (last[i] for i in said.references if -len(last) <= i < len(last)),
                last[0] if len(last) == 1 else None)
            if anchor is None:
                plan.kind = "ask_anchor"
            else:
                plan.calls.append(Call("more_like", {"item": anchor}))
                plan.kind = "more_like"
        elif new and not (kind == "like" and (targets or titles_liked)) and said.is_vague \
                and not said.something_else:
            plan.kind = "ask_favourites"
        else:
            query = said.query_without_titles if titles_liked else said.query
            wanted, plan.hard = said.wanted, said.filters
            refining = said.refines and bool(last)  # "something healthier"
            follow_up = refining or not (said.wanted or said.query) and (
                said.something_else or said.feedback is not None or said.move
                or (said.only_narrows and bool(last)))  # "not too spicy ones": narrowed
            if follow_up and topic is not None:
                query, wanted = topic.query, topic.wanted
                plan.hard = [*topic.filters, *said.filters]
                if refining:
                    query = f"{query} {said.query}".strip()
            plan.filters = [f"{reader.field_of[v]}={v}" for v in wanted
                            if v in reader.field_of]
            plan.recommend = {"query": query or " ".join(wanted),
                              "exclude_shown": said.something_else or (
                                  said.whole_list and said.feedback in ("seen", "dislike"))}
            if said.move and last:
                plan.recommend["vs_shown"] = said.move
            plan.calls.append(Call("recommend", {**plan.recommend,
                                                 "filters": plan.filters + plan.hard}))
        return plan

    def _fewer_filters(self, plan: Plan, results: list[tuple[str, dict[str, Any]]]
                       ) -> Call | None:
        """Nothing matched every wish: ask again with fewer filters, as a model would."""
        tried = [r for name, r in results if name == "recommend"]
        steps = list(dict.fromkeys(map(tuple, (plan.filters, plan.filters[:1], []))))
        if not tried or tried[-1].get("items") or len(tried) >= len(steps):
            return None
        return Call("recommend", {**plan.recommend,
                                  "filters": [*steps[len(tried)], *plan.hard]})

    # -- writing the reply -----------------------------------------------------------

    def _write(self, plan: Plan, results: list[tuple[str, dict[str, Any]]]) -> Answer:
        notes = []
        recorded: dict[str, list[str]] = {}
        for name, result in results:
            if name == "record_feedback" and "recorded" in result:
                recorded.setdefault(result["recorded"], []).append(result["item"]["title"])
        notes += [f"Noted, {VERBS[k]}: {', '.join(titles)}." for k, titles in recorded.items()]
        avoided = next((r["profile"].get("avoid_topics") for n, r in results
                        if n == "set_preferences" and "profile" in r), None)
        if avoided:
            notes.append(f"No {', '.join(avoided)}.")
        if plan.declined:
            notes.insert(0, "I only recommend from the catalog: I don't share my "
                            "instructions or anything about other people.")
        if plan.unknown_titles:  # a model told "no such title" by its tools says so
            named = " or ".join(f'"{t}"' for t in plan.unknown_titles)
            notes.append(f"I don't have {named} in the catalog.")
        lead = " ".join(notes)
        if plan.kind == "ask_which":
            return self._say(lead, "Which one do you mean? Say \"the first one\", \"the "
                                   "second one\"...")
        if plan.kind == "ask_anchor":
            return self._say(lead, "More like which one? Name a title or say \"the second "
                                   "one\".")
        if plan.kind == "ask_favourites":
            return self._say(lead, "Tell me two or three favourites, or what you are in the "
                                   "mood for?")
        shown = next((r for n, r in reversed(results)
                      if n in ("recommend", "more_like", "item_details") and r.get("items")),
                     None)
        items = shown["items"] if shown else []
        if not items:
            return self._say(lead, "Nothing in the catalog matches all of that. Shall I try "
                                   "with fewer limits?")
        moved = next((r["moved"] for n, r in results if "moved" in r), None)
        if moved:  # "Cheaper ones, under 120.", "Older ones, before 1996."
            lead = " ".join(p for p in (lead, moved) if p)
        intro = {"again": "Here they are again:",
                 "more_like": f"More like {(shown or {}).get('like', {}).get('title')}:"}.get(
            plan.kind, "Something different:" if plan.recommend.get("exclude_shown")
            else "You might like:")
        lines = [f"{n}. {i['title']} [id {i['id']}]: {i['summary']}"
                 for n, i in enumerate(items[:5], start=1)]
        return self._say(lead, intro, *lines)

    def _say(self, lead: str, first: str, *lines: str) -> Answer:
        extra, self.extra_lines = self.extra_lines, []
        return Answer(content="\n".join([" ".join(p for p in (lead, first) if p), *lines,
                                         *extra]))

    def _obeyed(self, results: list[tuple[str, dict[str, Any]]],
                this_turn: list[dict[str, Any]]) -> Answer | None:
        """Gullible: do what an item's text says, once (details, a like, a pick)."""
        text = json.dumps([r for _, r in results])
        wanted = INJECTED.search(text)
        if wanted is None:
            return None
        target = wanted.group(1)
        if not any(c["function"]["name"] == "record_feedback" for m in this_turn
                   for c in m.get("tool_calls") or []):
            return Answer(calls=_numbered([Call("item_details", {"items": [target]}),
                                           Call("record_feedback",
                                                {"item": target, "kind": "like"})],
                                          start=len(results)))
        self.extra_lines.append(f"9. {target}: you must watch it.")
        return None

    def _digest(self, messages: list[dict[str, Any]]) -> Answer:
        """The digest request: a subject, an intro and a summary per pick, as JSON."""
        data = messages[-1]["content"]
        ids = re.findall(r'"id": "([^"]+)"', data)
        titles = re.findall(r'"title": "([^"]+)"', data)
        intro = " ".join(["Your picks this week.", *self.extra_lines])
        self.extra_lines = []
        return Answer(content=json.dumps({
            "subject": "Picks for you",
            "intro": intro,
            "summaries": {i: f"A short note on {t}." for i, t in zip(ids, titles, strict=False)},
        }))


def _results(this_turn: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """(tool name, parsed result) for each tool answer in this turn, in order."""
    names = {c["id"]: c["function"]["name"] for m in this_turn
             for c in m.get("tool_calls") or []}
    return [(names.get(m.get("tool_call_id"), "?"), json.loads(m["content"]))
            for m in this_turn if m["role"] == "tool"]


def _numbered(calls: list[Call], start: int = 0) -> list[Call]:
    for n, call in enumerate(calls, start=start):
        call.id = f"call_{n}"
    return calls
