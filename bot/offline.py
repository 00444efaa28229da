"""The offline engine: the dialogue policy, with no generative model.

The message is read into slots (`Turn.said`, bot/understanding.py); what it tells
about the person is stored first (likes, budget, refused topics, reading level),
then the policy decides:

- a first-time person with a request too vague to act on is asked for two or
  three favourites (cold start: those likes fold straight into the model);
- feedback ("loved it", "seen the second one") is stored against the picks or
  titles it names, or a question asks which pick is meant;
- "more like the second one" asks for items like that pick; "something else"
  recommends again without anything shown before;
- "explain it simpler" / "more detail" re-presents the last picks, and "the third
  one, what's it about?" that pick alone (under its number: "the first one" still
  points into the list shown);
- "who directed the fourth one", "what year was heat released" are answered from the
  catalog's fields (bot/asked_about.py);
- anything else is a recommendation from the hybrid ranker under the person's
  constraints, each pick with a summary at their level and a reason.

It always answers: it is the last engine `Bot` asks, and the one the LLM agent
falls back to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import cast

from bot.asked_about import answer, extreme_of, label, listed, says_about
from bot.catalog import Item
from bot.catalog_view import CatalogView
from bot.constraints import topic_words
from bot.errors import FilterError
from bot.filters import parse_condition
from bot.fit import WHO, fit_notes, no_rule_notes, suits
from bot.free_of import free_of, says_free_of
from bot.kinds import QUALIFIERS, THE_X, KindMatch
from bot.names import CAST_FIELDS, NameMatch
from bot.personal import MOVE_ROLES, moved_past, personal_request, tighter, unmovable, with_filter
from bot.phrases import BRAND_CHAT, THE_X_KIND
from bot.presenting import pick_lines, pick_view
from bot.profiles import DETAILS, Detail, Profile
from bot.ranker import Pick, RecommendRequest
from bot.reasons import Asked, explain, price_bound
from bot.sizes import Size, parse_size, size_of
from bot.titles import display_title, normalise, split_year
from bot.turn import ASKED_ABOUT_IT, SHOWN_BEFORE, Answer, Reply, Topic, Turn
from bot.understanding import BRAND_FIELDS, Understanding

PICKS = 5
DIGIT = re.compile(r"\d")
# Words that make a follow-up's word a property of the things shown: "any multigrain ones?"
OF_THOSE = re.compile(r"\b(?:ones?|wala|wali|wale|only|options?|variety|version)\b", re.I)
THAN_IT = re.compile(r"\bthan (?:that|it|this)(?! ones?\b)", re.IGNORECASE)
SAME_SIZE = 0.98  # amounts this close are one pack size ("1 l" and "1000 ml")
# The endings of words that describe rather than name: "sugary", "violent", "oily"
DESCRIBING = re.compile(r"(?:[^e]y|ous|ful|ive|ent|ant|ic|ish|less)$")
FREE_OF_POOL = 6  # times the picks: the pool in which a product free of what was refused is found
CLOSEST_POOL = 50  # of the kind asked for, at any price under the ceiling: the nearest
CLOSEST_SHOWN = 3
STARS_OF_A_FILM = 3  # "that guy from X": any of its first-billed stars
UNANCHORED = {"cheaper": "cheap", "pricier": "premium"}  # a price move before any list
NOT_SHARED = ("I only recommend from the catalog: I don't share my instructions or anything "
              "about other people.")
NUDGE = "(Tell me a favourite or two and I will tailor these.)"
GLAD_TO_HELP = "Glad to help. Ask again any time."
ASK_WHAT = "What would you like to find? A kind of thing, a title you liked, or a budget."
ASK_FAVOURITES = ("Tell me two or three favourites (titles are fine, typos too), or describe "
                  "what you are in the mood for, and I will find things you will like.")
ASK_WHICH = "Which one do you mean? Say \"the first one\", \"the second one\"..."
# Which pick of the list shown has someone: "which one has de niro", "the one with jack
# nicholson"
THE_ONE_WITH = re.compile(r"\b(?:the|which|what) (?:one|film|movie)s? (?:with|has|have|had|"
                          r"starring|stars|by|is with)\b|\bwhich (?:of (?:these|those|them) )?"
                          r"(?:has|have|stars|is with|is by)\b", re.IGNORECASE)
# Picks of the list shown set side by side: "compare the first two", "1 vs 3"
COMPARE = re.compile(r"\b(?:compare|comparison|difference between|differences|vs\.?|versus)\b",
                     re.IGNORECASE)
THEM_ALL = re.compile(r"\b(?:them|these|those|all|'?em)\b", re.IGNORECASE)
ONLY = re.compile(r"\b(?:only|just|nothing but)\b", re.IGNORECASE)
NOT_UNDERSTOOD = ("I didn't get what to do with these. I can show others (\"something else\"), "
                  "cheaper ones, another brand, or more about one (\"the second one\").")
ASK_MORE_LIKE_WHICH = "More like which one? Name a title or say \"the second one\"."
NOTHING_MATCHES = ("Nothing in the catalog matches all of that. Try fewer limits, a higher "
                   "budget, or other words.")
NOTHING_MATCHES_UNPRICED = ("Nothing in the catalog matches all of that. Try fewer limits or "
                            "other words.")  # (no budget to raise among films without prices)
FEEDBACK_NOTES = {"like": "you liked", "dislike": "not for you", "seen": "already seen",
                  "accepted": "accepted"}


@dataclass
class Heard:
    """A message as the offline engine took it in: how it was read, and what it noted."""

    said: Understanding
    notes: list[str]  # what to acknowledge ("Noted, you liked: Heat (1995).")


class OfflineEngine:
    """The dialogue policy over the hybrid ranker; always answers."""

    name = "offline"

    def answer(self, turn: Turn) -> Answer:
        heard = self.take_in(turn)
        return self._decide(turn, heard.said, " ".join(heard.notes))

    def take_in(self, turn: Turn) -> Heard:
        """Store what the message tells about the person."""
        said = turn.said
        # Titles are likes when the person says so, answers "tell me your favourites" or just
        # lists titles; "green tea under 150" names a product without liking it, and so does
        # "green tea" alone in a shop: a product name that names a kind asks for that kind.
        # Liked titles are not also words to search for.
        asks_for_a_kind = said.kind is not None
        titles_liked = bool(said.titles) and not (
                said.more_like or said.asks_what_it_is or said.asks_if_there) and (
            said.feedback == "like" or (said.only_titles and not asks_for_a_kind
                                        and not said.asks_about)  # "who directed heat"
            or (_asked_favourites(turn) and not said.asks_for_more_than_titles))
        if titles_liked or said.feedback_by_title or (said.titles and said.feedback == "dislike"):
            # (opinions of them, not words to search: "didnt like the dark knight")
            said = replace(said, query=said.query_without_titles)
        if said.price_move and turn.last_picks and not DIGIT.search(said.text):
            # "koi sasta wala?" after a list: cheaper than those (the header's bound), not
            # also the catalog's cheap budget, kept for the rest of the conversation
            said = replace(said, max_price=None, min_price=None)
        if said.move in UNANCHORED and not turn.last_picks:
            # "nothing too costly", with nothing shown to be cheaper than: a cheap budget
            said = _with_budget(said, UNANCHORED[said.move], turn.catalog)
        return Heard(said, self._remember(turn, said, titles_liked))

    def recommend(self, profile: Profile, said: Understanding, catalog: CatalogView,
                  exclude: set[str], k: int = PICKS, *, fill: bool = False,
                  filters: Sequence[str] | None = None) -> list[Pick]:
        """The wishes as hard filters first; then only the first rather than nothing. With
        `fill`, fewer wishes and then none fill whatever room is left. The numbers asked
        for (`filters`, by default the message's: "from the 80s") always hold."""
        query = said.query or " ".join(said.wanted) or None
        refused = {t.lower() for t in profile.excluded_topics}  # a standing refusal wins
        field_of = catalog.reader.field_of
        wanted = _wishes([v for v in said.wanted if v in field_of and v.lower() not in refused],
                         catalog)
        hard = tuple(said.filters if filters is None else filters)
        # "shampoo 500 ml": packs of that size first; "low sugar cookies": those that say
        # so first (the size before the diet), from a wider pool
        if first := _first_those(said, catalog):
            wider = self.recommend(profile, replace(said, size="", free_of=[]), catalog,
                                   exclude, k * FREE_OF_POOL, fill=fill, filters=hard)
            ranked = sorted(wider, key=lambda p: [not holds(p.item) for holds in first])
            if said.free_of and any(first[-1](p.item) for p in ranked):
                # ("sugar free biscuits" for a diabetic: those free of it, or none of them)
                ranked = [p for p in ranked if first[-1](p.item)]
            return ranked[:k]
        picks: list[Pick] = []
        levels = (tuple(wanted), tuple(wanted[:1])) if wanted else ((),)
        for wishes in dict.fromkeys((*levels, ()) if fill else levels):
            request = self._request(profile, said, catalog, query=query, wishes=wishes, hard=hard,
                                    exclude=exclude | {p.item.id for p in picks},
                                    k=k - len(picks))
            picks += catalog.ranker.recommend(request)
            if len(picks) >= k or (picks and not fill):
                break
        return picks

    def _facts(self, turn: Turn, said: Understanding, profile: Profile, lead: str
               ) -> Answer | None:
        """The facts asked about the titles named, the picks pointed at, or the one pick
        last shown; which one, when "it" could be any of several; None when nothing shown
        or named is asked about."""
        last, catalog = turn.last_picks, turn.catalog
        if said.titles:
            ids = list(dict.fromkeys(t.item_id for t in said.titles))
        elif places := _places(said, last):
            ids = [last[n] for n in places]
        elif len(turn.looked_at) == 1 and not said.references:
            ids = turn.looked_at
        elif turn.looked_at:  # "who's in it" of several, or "the ninth one" of five
            return Answer(Reply(_join(lead, ASK_WHICH), asked=True), turn.topic)
        else:
            return None
        items = catalog.index.get(ids)
        schema = catalog.reader.schema
        facts = [answer(i, display_title(i.title), said.asks_about, schema)
                 if said.asks_about else says_about(i, display_title(i.title), said.asks_property)
                 for i in items]
        views = [pick_view(i, _telling(profile, said), ASKED_ABOUT_IT) for i in items]
        # Picks of the list shown keep their numbers in it, and "the second one" still
        # points into it; a title named that it lacks is a list of its own.
        if all(i.id in last for i in items):
            numbers, shown = [last.index(i.id) + 1 for i in items], last
        else:
            numbers, shown = [], []
        return Answer(Reply(pick_lines(_join(lead, " ".join(facts)), views, numbers), views),
                      replace(turn.topic, list_shown=shown))

    def _why(self, turn: Turn, said: Understanding, profile: Profile, lead: str) -> Answer:
        """Why the picks pointed at or named were chosen, in the words their list gave
        (the whole list's when none is: "why these?"), under their numbers in it."""
        last, catalog = turn.last_picks, turn.catalog
        kept = replace(turn.topic, list_shown=last)
        if said.titles:
            ids = list(dict.fromkeys(t.item_id for t in said.titles))
        elif said.references:
            ids = [last[n] for n in _places(said, last)]
        elif said.query:  # "why seven?": a pick shown, called by its name
            ids = [i.id for i in catalog.index.get(sorted(turn.shown | set(last)))
                   if _called(said.query, i.title)]
        elif len(turn.looked_at) == 1 and not THEM_ALL.search(said.text):
            ids = list(turn.looked_at)  # "which is cheapest?", then "why that one"
        else:
            ids = list(last)
        if said.references and not ids:  # "why the ninth one" of five
            return Answer(Reply(_join(lead, ASK_WHICH), asked=True), kept)
        items = catalog.index.get(ids)
        chosen = [i for i in items if i.id in turn.reasons]
        if len(chosen) > 1 and said.query and not said.titles:  # "why the dark one": which?
            return Answer(Reply(_join(lead, ASK_WHICH), asked=True), kept)
        if not chosen:
            named = listed([display_title(i.title) for i in items]) if items else (
                f'"{said.query}"' if said.query else "that")
            return Answer(Reply(_join(lead, f"I didn't pick {named}: tell me what you'd "
                                            "like and I'll find something.")), kept)
        views = [pick_view(i, profile, turn.reasons[i.id]) for i in chosen]
        numbers = [last.index(i.id) + 1 for i in chosen] if all(
            i.id in last for i in chosen) else []
        intro = f"Why {views[0].title}: {views[0].why}." if len(views) == 1 \
            else "Why I picked these:"
        return Answer(Reply(pick_lines(_join(lead, intro), views, numbers), views),
                      kept if numbers else turn.topic)

    def _compared(self, turn: Turn, places: list[int], profile: Profile, lead: str) -> Answer:
        """The picks pointed at side by side, on the facts the catalog has of them all
        (price, brand, rating, year, size), under their numbers in the list shown."""
        last, catalog = turn.last_picks, turn.catalog
        schema = catalog.reader.schema
        items = {i.id: i for i in catalog.index.get([last[n] for n in places])}
        shown = [(n + 1, items[last[n]]) for n in places if last[n] in items]
        roles = [number.name for role in ("price", "rating", "year")
                 if (number := schema.role(role)) is not None]
        fields = [f for f in (*roles, *BRAND_FIELDS, schema.size_field or "", "director")
                  if f and all(item.attributes.get(f) not in (None, "", []) for _, item in shown)]
        facts = " ".join(answer(item, f"{n}. {display_title(item.title)}", fields, schema)
                         for n, item in shown)
        views = [pick_view(item, profile, turn.reasons.get(item.id, SHOWN_BEFORE))
                 for _, item in shown]
        return Answer(Reply(pick_lines(_join(lead, f"Side by side: {facts}"), views,
                                       [n for n, _ in shown]), views),
                      replace(turn.topic, list_shown=last))

    def _leans_the_list(self, said: Understanding, turn: Turn) -> bool:
        """Whether the one word a shop follow-up names products by is a property of the
        request shown ("eggless only", "any multigrain ones?"): its products have it."""
        kinds = turn.catalog.reader.kinds
        if not turn.last_picks or kinds is None or said.kind is None or " " in said.kind.said \
                or said.titles or said.names or said.wanted:
            return False
        if kinds.names_kinds(said.kind.said) and not OF_THOSE.search(said.text):
            return False  # "shampoo" after soap asks for shampoo
        return self._said_of_the_kind(replace(said, query=said.kind.said), turn)

    def _said_of_the_kind(self, said: Understanding, turn: Turn) -> bool:
        """Whether the words a shop message leaves to search are said of products of the
        request shown, in their own names or descriptions ("crunchy", "organic",
        "eggless"): a property to lean the request by, not chat about the list."""
        topic = turn.topic
        words = {w for w in re.findall(r"[a-z]+", said.query.lower()) if len(w) > 2}
        found = self.recommend(turn.profile(), replace(said, query=f"{topic.query} {said.query}",
                                                       wanted=topic.wanted),
                               turn.catalog, set(), filters=topic.filters)
        return any(words & topic_words(p.item) for p in found)

    def _told_about(self, said: Understanding, profile: Profile, catalog: CatalogView,
                    lead: str) -> Answer:
        """The titles asked about, told in detail: what they are, no like stored and no
        list of others; "who's in it" is asked of them next."""
        items = catalog.index.get(list(dict.fromkeys(t.item_id for t in said.titles)))
        told = replace(profile, detail="detailed") if profile.detail != "detailed" else profile
        views = [pick_view(i, told, ASKED_ABOUT_IT) for i in items]
        return Answer(Reply(pick_lines(lead, views), views), Topic())

    def _extreme(self, turn: Turn, said: Understanding, profile: Profile, lead: str
                 ) -> Answer:
        """The pick of the list shown with the least or most of what was asked, under its
        number; or that the catalog does not say."""
        assert said.asks_which is not None
        last, catalog = turn.last_picks, turn.catalog
        schema = catalog.reader.schema
        found = extreme_of(catalog.index.get(last), said.asks_which, schema)
        if found is None:
            return Answer(Reply(_join(lead, f"I don't have the {label(said.asks_which.field)} "
                                            "of these in the catalog.")), turn.topic)
        item, which = found
        view = pick_view(item, profile, ASKED_ABOUT_IT)
        fact = answer(item, display_title(item.title), [said.asks_which.field], schema)
        text = f"The {which} of these is {fact}"
        return Answer(Reply(pick_lines(_join(lead, text), [view], [last.index(item.id) + 1]),
                            [view]), replace(turn.topic, list_shown=last))

    def _again(self, said: Understanding, last: list[str], profile: Profile,
               catalog: CatalogView, lead: str, reasons: dict[str, str]) -> Reply:
        """The picks pointed at ("the third one, what's it about?"), under their numbers in
        the list shown, or that whole list, in the words asked for, each with the reason
        it was chosen for (`reasons`)."""
        places = [] if said.whole_list else _places(said, last)
        if not places or len(places) == len(last):
            places = list(range(len(last)))
        items = {i.id: i for i in catalog.index.get([last[n] for n in places])}
        shown = [(n + 1, pick_view(items[last[n]], _telling(profile, said),
                                   reasons.get(last[n], SHOWN_BEFORE)))
                 for n in places if last[n] in items]
        intro = "Here it is again:" if len(shown) == 1 < len(last) else "Here they are again:"
        picks = [view for _, view in shown]
        return Reply(pick_lines(_join(lead, intro), picks, [n for n, _ in shown]), picks)

    # -- state ---------------------------------------------------------------------

    def _remember(self, turn: Turn, said: Understanding, titles_liked: bool) -> list[str]:
        """Store what the message tells about the person; returns what to acknowledge."""
        store, session, name = turn.store, turn.session_id, turn.catalog.name
        last = turn.last_picks
        notes: list[str] = []
        # ("tell me more about the last one", "who's in it": that pick told at length
        # now, not every list from then on)
        detail = None if _about_some(said) else said.detail
        if said.reading_level or detail:
            # ("shorter pls" when the summaries are brief already: shorter than those)
            if detail == "brief" and turn.profile().detail == "brief":
                detail = "short"
            store.set_preferences(session, name, reading_level=said.reading_level,
                                  detail=detail)
        # A ceiling is a budget: it holds for the conversation. A floor said with a product
        # type ("a perfume, 1.5k minimum", "a pressure cooker for about 600") is that
        # request's (its follow-ups keep it), not the cat food's asked next.
        floor = said.min_price if said.kind is None else None
        if (said.max_price or said.min_price) and turn.catalog.priced:
            stored = turn.profile()
            kept = _uncrossed(stored.min_price, stored.max_price, said)
            if kept != (stored.min_price, stored.max_price):  # "now under 150", after 200+
                store.set_preferences(session, name, clear_budget=True)
                store.set_preferences(session, name, min_price=kept[0], max_price=kept[1])
            if said.max_price or floor:
                store.set_preferences(session, name, max_price=said.max_price,
                                      min_price=floor)
        refused_now = {t.lower() for t in said.excluded}
        asked = {v.lower(): v for v in [*said.wanted, *(n.value for n in said.names)]
                 if v.lower() not in refused_now}
        if not said.meta and (lifted := [t for t in turn.profile().excluded_topics
                                         if t.lower() in asked]):
            # "no arnold", then "what about with arnold": asked for again, no longer refused
            store.exclude_topics(session, name, remove=lifted)
            named = listed([asked[t.lower()] for t in lifted])
            notes.append(f"{named[:1].upper()}{named[1:]} no longer left out.")
        if said.drops_budget:  # "forget the budget"
            store.set_preferences(session, name, clear_budget=True)
        if said.excluded:
            store.exclude_topics(session, name, add=said.excluded)
            values = {v.lower() for v in turn.catalog.reader.field_of}
            notes.append(_refused_note([_as_refused(t) for t in said.excluded], values))
        if said.refused_titles:  # "not the lion king": no version of it, from now on
            titles = turn.catalog.titles
            ids = [i for t in said.refused_titles
                   for i in titles.by_key.get(normalise(split_year(t.title)[0]), [t.item_id])]
            notes.append(_noted(turn, "dislike", ids))
        if said.feedback_by_title:  # "hated titanic, loved die hard": each its verdict
            by_verdict: dict[str, list[str]] = defaultdict(list)
            typed = said.text.lower()
            for title in sorted(said.titles, key=lambda t: typed.find(t.said.lower())):
                by_verdict[said.feedback_by_title.get(title.item_id, "like")].append(
                    title.item_id)
            return notes + [_noted(turn, verdict, ids) for verdict, ids in by_verdict.items()]
        targets = _pointed(said, last)
        if said.feedback and not targets and not said.titles and not said.unknown_titles:
            if said.whole_list:  # "seen all of these"
                targets = last
            elif len(turn.looked_at) == 1 and not said.references:  # "seen it", of the one
                targets = turn.looked_at
        if titles_liked:
            targets += [t.item_id for t in said.titles]
        elif said.feedback in ("seen", "dislike") and said.titles and not targets:
            targets = [t.item_id for t in said.titles]  # "seen spirited away and akira"
        kind = (said.feedback or "like") if titles_liked else (said.feedback or "")
        if said.feedback_by_pick and not titles_liked:  # "liked the first but not the second"
            by_kind: dict[str, list[str]] = defaultdict(list)
            for place, verdict in said.feedback_by_pick.items():
                if -len(last) <= place < len(last):
                    by_kind[verdict].append(last[place])
            return notes + [_noted(turn, verdict, ids) for verdict, ids in by_kind.items()]
        if kind and targets:
            notes.append(_noted(turn, kind, targets))
        return notes

    # -- policy --------------------------------------------------------------------

    def _decide(self, turn: Turn, said: Understanding, lead: str) -> Answer:
        """The reply, and the topic its picks answer (kept for follow-ups)."""
        profile, catalog, last = turn.profile(), turn.catalog, turn.last_picks
        if said.closing:  # "thanks, that's all": no list, no question back
            return Answer(Reply(_join(lead, GLAD_TO_HELP)), turn.topic)
        if said.asks_about_me:  # "what do you know about me": what is stored, nothing else
            return Answer(Reply(_join(lead, _what_is_known(profile, catalog))), turn.topic)
        if last and COMPARE.search(said.text) and len(places := _compared_places(said, last)) > 1:
            return self._compared(turn, places, profile, lead)  # "compare the first two"
        leaning = False  # "crunchy one pls", "any organic option?": a property of those
        # ("organic one" after toor dal: the organic dals; read once, it may embed words)
        qualified = _qualified_kind(said, turn) if last else None
        if last and _names_nothing_sold(said, catalog) and qualified is None:
            leaning = self._said_of_the_kind(said, turn)
            if not leaning:  # "compare the first two", "add it to cart": no search
                said = replace(said, query="", query_without_titles="")
            if said.is_vague:  # and nothing else understood: say so, not any list
                return Answer(Reply(_join(lead, NOT_UNDERSTOOD), asked=True), turn.topic)
        if said.meta:  # never answered; whatever else the message asks is
            lead = _join(NOT_SHARED, lead)
            if said.is_vague:
                return Answer(Reply(_join(lead, ASK_FAVOURITES if profile.is_new else ASK_WHAT),
                                    asked=True), turn.topic)
        if said.unknown_titles:  # said first, and nothing is stored for them
            lead = _join(lead, _not_in_catalog(said.unknown_titles))
            if not (said.titles or said.wanted or said.query or said.filters or said.max_price
                    or said.min_price or said.audience or said.something_else):
                return Answer(self._did_you_mean(said.unknown_titles, catalog, profile, lead),
                              turn.topic)
        # (who it is for, said now or earlier: "is it too scary for him" of the 10 year old)
        group = said.audience.group if said.audience is not None else (
            turn.topic.audience if said.asks_if_fit else None)
        if group is not None and (said.asks_if_fit or said.asks_property):
            # "the first one, is it ok for a 12 year old?": answered, then picks that suit
            asked = [t.item_id for t in said.titles] or _pointed(said, last) or (
                turn.looked_at if len(turn.looked_at) == 1 else [])  # "is it ok for ..."
            rule, items = catalog.reader.audience_filters(group), catalog.index.get(asked)
            lead = _join(lead, fit_notes(items, group, rule) if rule or not said.asks_if_fit
                         else no_rule_notes(items, group))
            if said.asks_if_fit and items and _only_an_audience(said, catalog) and all(
                    suits(i, rule) for i in items):  # it suits them: nothing else to show
                return Answer(Reply(lead), replace(turn.topic, list_shown=last))
        if said.lacking:  # "under 90 minutes" among films without lengths: said so
            lead = _join(lead, f"I don't have {' or '.join(said.lacking)} in the catalog, so "
                               "I can't go by that.")
        if said.unknown_people:  # "with sydney sweeney": nobody of that name here
            lead = _join(lead, _nobody_called(said.unknown_people))
        if said.person_of is not None:  # "that guy from the big lebowski": its stars
            said, note = _with_people_of(said, catalog)
            lead = _join(lead, note)
        if said.asks_which and last and not (said.kind or said.titles or said.wanted
                                             or said.query_without_titles):
            return self._extreme(turn, said, profile, lead)  # "which of these is cheapest?"
        if last and said.names and THE_ONE_WITH.search(said.text) and (
                places := _places_with(said, last, catalog)):
            # "which one has de niro" after Scorsese's films: those of the list, not his
            return Answer(self._again(replace(said, references=places, names=[]), last,
                                      profile, catalog, lead, turn.reasons),
                          replace(turn.topic, list_shown=last))
        if said.asks_why and turn.last_picks:  # "why the third one?": its reason
            return self._why(turn, said, profile, lead)
        if said.asks_what_it_is and said.titles and not (
                said.wanted or said.conditions or said.names or said.more_like
                or said.something_else or said.asks_about):
            return self._told_about(said, profile, catalog, lead)  # "what's the matrix about"
        if said.asks_if_there and said.only_titles and catalog.reader.kinds is None:
            # "have you got parasite": yes, this one; nothing stored, no list of others
            return self._told_about(said, profile, catalog, _join(lead, "Yes, I have it:"))
        if (said.asks_about or said.asks_property) and (
                facts := self._facts(turn, said, profile, lead)) is not None:
            return facts  # "who directed the fourth one", "what year was heat released"
        if said.feedback and not said.titles and not said.references \
                and len(turn.looked_at) > 1 and not (
                    said.something_else or said.more_like or said.query or said.whole_list
                    or said.unknown_titles or said.names or said.wanted or said.conditions
                    or said.audience or said.kind or said.excluded or said.move
                    or said.refused_titles
                ):  # "seen it. any with X?"
            return Answer(Reply(_join(lead, ASK_WHICH), asked=True), turn.topic)
        if (said.changes_presentation_only or said.only_points) and last:
            return Answer(self._again(said, last, profile, catalog, lead, turn.reasons),
                          replace(turn.topic, list_shown=last))
        # "seen the first one", "something else", "cheaper": the same request, moved on.
        # ("sunflower" after cooking oil)
        narrower = (_within_kind(said, turn) or qualified) if last else None
        if narrower is not None:
            said = replace(said, kind=narrower)
        elif self._leans_the_list(said, turn):  # "eggless only" after mayonnaise: eggless
            said, leaning = replace(said, kind=None), True  # mayonnaise, not eggless cakes
        refining = (said.refines or leaning or narrower is not None) and bool(last)
        brand = _brand_only(said, catalog) if last else []  # "aashirvaad one?" after atta
        if brand and THE_X_KIND.match(said.text) and (
                place := _the_one_of_brand(said, catalog, last)) is not None:
            # "the amul one" when one pick shown is Amul's: that pick, under its number
            return Answer(self._again(replace(said, references=[place]), last, profile,
                                      catalog, lead, turn.reasons),
                          replace(turn.topic, list_shown=last))
        others = _other_brands(said, turn)  # "any other brand?": the request, not those
        brand += others
        # "something the whole family would watch" after christmas films: those, for them
        for_someone = bool(last) and _only_an_audience(said, catalog)
        follow_up = bool(brand) or refining or for_someone or (
            not (said.wanted or said.query or said.more_like or said.person_of) and (
                said.something_else or said.feedback is not None or said.move is not None
                or said.drops_budget
                or (said.size_move is not None and bool(last))
                or (said.only_narrows and bool(last))))
        topic = _with_filters(turn.topic, [*said.filters, *brand]) if follow_up else Topic(
            said.wanted, said.query, min_price=said.min_price, filters=said.filters)
        if said.drops_budget:  # "forget the budget": the request, at any price
            topic = replace(topic, min_price=None, max_price=None)
            lead = _join(lead, "Any price now.")
        if (said.corrects_last or _only_these_wishes(said)) and last and not follow_up \
                and not said.titles:  # "actually make it a comedy", "westerns only"
            topic = _corrected(turn.topic, said, catalog)
        if others:  # ("liril soap", then "any other brand": soap, no longer Liril)
            topic = _without_brands(topic, catalog, last)
        if refining:
            topic = replace(topic, query=f"{topic.query} {said.query}".strip())
        if said.that_person and not said.names:  # "any comedies with her"
            topic = _with_filters(topic, _people_talked_about(turn))
        if said.refuses_that_person:  # "similar but not by him", "scorsese ones without him"
            said_now = {n.value for n in said.names}
            topic = _with_filters(topic, [f"{field}!={person}" for field, _, person in (
                parse_condition(f) for f in _people_talked_about(turn))
                if person not in said_now])
        for_anyone = topic  # (a new request that nothing for them fits: "thrillers")
        if said.audience is not None:
            topic = replace(topic, audience=said.audience.group)
        elif turn.topic.audience is not None:  # "my son is 9" still holds for "something funnier"
            topic = replace(_with_filters(topic, catalog.reader.audience_filters(
                turn.topic.audience)), audience=turn.topic.audience)
        before_the_move, bound = lead, ""
        anchor = _anchor(said, turn) if said.more_like else topic.similar_to
        several = _named_before(turn) if said.more_like and anchor is None else []
        if len(several) > 1:  # "loved interstellar and the martian", "more like those":
            said = replace(said, more_like=False)  # like them all, as the likes say
        # (and "like the matrix but older" as a first message: older than it)
        if said.move and (last or (anchor and said.more_like) or several) and not _bound_outright(
                said, catalog):
            # ("like it but older": older than it, not than the oldest of the list)
            # ("something like the shining", then "older than that": than it, not the list)
            moved_from = [anchor] if anchor and (said.more_like or THAN_IT.search(said.text)) \
                else (several or last)
            topic, note, bound = _moved(topic, said.move, catalog, moved_from)
            lead = _join(lead, note)
        low, high = _uncrossed(topic.min_price, topic.max_price, said)
        topic = replace(topic, min_price=low, max_price=high)
        said = replace(said, max_price=tighter(min, said.max_price, topic.max_price),
                       min_price=tighter(max, said.min_price, topic.min_price))
        if said.more_like and anchor is None:
            return Answer(Reply(_join(lead, ASK_MORE_LIKE_WHICH), asked=True), turn.topic)
        # "something else", "seen them all": past everything shown in this conversation, not
        # back to a list the person moved on from; "cheaper", "older": others than those.
        moved_past = said.something_else or (
            follow_up and said.whole_list and said.feedback in ("seen", "dislike")) or (
            said.move is not None and unmovable(said.move, catalog) is not None)
        exclude = turn.shown if moved_past else (set(last) if said.move else set())
        if said.something_else:  # "her was so lonely, any other sad sci fi romances": not Her
            exclude = exclude | {t.item_id for t in said.titles}
        if said.person_of is not None:  # (the film they are from is no pick)
            exclude = exclude | {said.person_of.item_id}
        if said.that_person and len(turn.looked_at) == 1:  # "other movies by him" after
            exclude = exclude | set(turn.looked_at)  # "who directed toy story": not it
        if anchor is not None:  # a new "more like" leaves out the list it points into
            moved_on = set(last) if said.more_like else set()
            request = self._request(profile, said, catalog, hard=topic.filters,
                                    exclude=profile.shown_before() | moved_on | exclude)
            picks = catalog.ranker.similar(anchor, PICKS, request.constraints)
            title = next((i.title for i in catalog.index.get([anchor])), anchor)
            return Answer(_picks_reply(lead, f"More like {display_title(title)}:", picks,
                                       profile, said, catalog, topic, more_like=True),
                          replace(topic, similar_to=anchor))
        as_said = said
        if follow_up:  # (what the request was free of holds: "sugar free biscuits", "under 100")
            # (and who it is for comes first: "for a 5 year old" after anime: Children's)
            preferred = _preferred_for(said, catalog)
            said = replace(said, wanted=list(dict.fromkeys([*preferred, *topic.wanted])),
                           query=topic.query,
                           free_of=list(dict.fromkeys([*free_of(topic.query), *said.free_of])))
        if profile.is_new and said.is_vague and not said.something_else:
            return Answer(Reply(_join(lead, ASK_FAVOURITES), asked=True), topic)  # cold start
        if said.size_move and last:  # "bigger pack": the request's products, bigger
            return self._resized(said, profile, catalog, topic, exclude | set(last), last, lead)
        picks = self.recommend(profile, said, catalog, exclude, filters=topic.filters)
        if not picks and brand and (wider := _of_wider_kind(topic, catalog)) is not None:
            topic = wider  # "the aashirvaad one" after gluten free flour: its atta flour
            picks = self.recommend(profile, said, catalog, exclude, filters=topic.filters)
        if not picks and brand and (of_any_kind := _of_any_kind(topic, catalog)) is not None:
            # "fairy" after dishwash liquids: its dish wash liquid, filed among cleaners
            picks = self.recommend(profile, said, catalog, exclude, filters=of_any_kind.filters)
            if picks:
                named = " or ".join(parse_condition(brand[0])[2].split("|"))
                topic, lead = of_any_kind, _join(lead, f"Nothing by {named} is filed under "
                                                       "that kind, so these are the nearest.")
        if not picks and not follow_up and said.audience is None and (group := topic.audience):
            # "any of those ok for a 12 year old", then "thrillers from the early 2000s"
            picks = self.recommend(profile, said, catalog, exclude, filters=for_anyone.filters)
            if picks:
                topic, lead = for_anyone, _join(lead, f"Nothing of that is for "
                                                      f"{WHO.get(group, group)}; these are "
                                                      "for anyone.")
        if not picks and for_someone:  # "for my 6 year old" after crime films: theirs
            said, topic = as_said, Topic(as_said.wanted, as_said.query, filters=as_said.filters,
                                         audience=as_said.audience.group if as_said.audience
                                         else None)
            picks = self.recommend(profile, said, catalog, exclude, filters=topic.filters)
        if not picks and said.move and last and (cannot := unmovable(
                said.move, catalog, then=", and nothing else in the catalog fits the request")):
            # "cheaper" among films, and nothing else fits: no "no cheaper ones than those"
            return Answer(Reply(_join(before_the_move, cannot), asked=True), topic)
        if not picks and said.move and last:  # "cheaper", and those were the cheapest: not
            # "Cheaper ones, under 194. There are no cheaper ones..."
            # (nor "no cheaper ones than those ... under 194" when 179 was among those)
            return Answer(Reply(_join(before_the_move, f"There are no other "
                                      f"{said.move.replace('_', ' ')} ones in the "
                                      f"catalog{f' (nothing else {bound})' if bound else ''}."),
                                asked=True), topic)
        if not picks and said.something_else and said.titles:  # "what else has X directed"
            named = ", ".join(display_title(t.title) for t in said.titles)
            return Answer(Reply(_join(lead, f"Nothing else in the catalog fits that: only "
                                            f"{named}, which you named."), asked=True), topic)
        if not picks and said.kind is not None and catalog.priced:
            closest = self._closest_in_price(profile, said, catalog, exclude, topic)
            if closest is not None:
                return Answer(replace(closest, text=_join(lead, closest.text)), topic)
        # (a first "what else would i like" after favourites named differs from nothing)
        intro = "Something different:" if said.something_else and last and not said.titles \
            else "You might like:"
        if profile.is_new and picks and not any(NUDGE in m.text for m in turn.replies):
            intro += " " + NUDGE
        return Answer(_picks_reply(lead, intro, picks, profile, said, catalog, topic), topic)

    def _resized(self, said: Understanding, profile: Profile, catalog: CatalogView,
                 topic: Topic, exclude: set[str], shown: list[str], lead: str) -> Answer:
        """Products of the request shown in packs bigger (or smaller) than all of those
        shown, of the same measure (grams with grams); or said plainly that there are none."""
        bigger = said.size_move == "bigger"
        sizes = [s for i in catalog.index.get(shown) if (s := size_of(i.attributes, i.title))]
        bounds: dict[str, Size] = {}
        for size in sizes:  # the largest (or smallest) shown of each measure
            now = bounds.get(size.dimension)
            if now is None or (size.base_amount > now.base_amount) == bigger:
                bounds[size.dimension] = size
        word = "bigger" if bigger else "smaller"
        if not bounds:
            return Answer(Reply(_join(lead, f"The catalog gives no pack sizes for these, so I "
                                            f"can't tell which are {word}."), asked=True), topic)
        pool = self.recommend(profile, said, catalog, exclude, k=PICKS * FREE_OF_POOL,
                              filters=topic.filters)
        fits = [p for p in pool if (own := size_of(p.item.attributes, p.item.title))
                and (than := bounds.get(own.dimension)) is not None
                and (own.base_amount > than.base_amount if bigger
                     else own.base_amount < than.base_amount)][:PICKS]
        shown_sizes = " or ".join(b.text for b in bounds.values())
        if not fits:
            return Answer(Reply(_join(lead, f"There are no {word} packs of those than "
                                            f"{shown_sizes} in the catalog."), asked=True), topic)
        return Answer(_picks_reply(lead, f"{word.capitalize()} packs, "
                                         f"{'over' if bigger else 'under'} {shown_sizes}:", fits,
                                   profile, said, catalog, topic), topic)

    def _closest_in_price(self, profile: Profile, said: Understanding, catalog: CatalogView,
                          exclude: set[str], topic: Topic) -> Reply | None:
        """When nothing of the kind asked for (`said.kind`) is over the lowest price asked:
        those just under it, each said how far ("a pressure cooker for about 600": 469 and
        429). The budget's ceiling is never crossed."""
        assert said.kind is not None
        low = tighter(max, said.min_price, profile.min_price)
        if low is None:
            return None
        high = tighter(min, said.max_price, profile.max_price)
        found = self.recommend(replace(profile, min_price=None), replace(said, min_price=None),
                               catalog, exclude, k=CLOSEST_POOL, filters=topic.filters)
        priced = [(p.item, float(price)) for p in found
                  if isinstance(price := p.item.attributes.get("price"), int | float)]
        nearest = sorted(priced, key=lambda pair: low - pair[1])[:CLOSEST_SHOWN]
        if not nearest:
            return None
        views = [pick_view(item, profile, f"{low - price:g} under the lowest price asked")
                 for item, price in nearest]
        band = f"between {low:g} and {high:g}" if high is not None else f"over {low:g}"
        kind = said.kind.values[0] if len(said.kind.values) == 1 else "of the kind"
        return Reply(pick_lines(f"No {kind} {band} in the catalog. The closest under it:",
                                views), views, alternatives=True)

    @staticmethod
    def _did_you_mean(unknown: list[str], catalog: CatalogView, profile: Profile,
                      lead: str) -> Reply:
        """The catalog's titles nearest to those it lacks, to choose from."""
        ids = list(dict.fromkeys(m.item_id for title in unknown
                                 for m in catalog.titles.closest(title)))[:PICKS]
        if not ids:
            return Reply(_join(lead, ASK_FAVOURITES), asked=True)
        views = [pick_view(i, profile, "a title close to the one you named")
                 for i in catalog.index.get(ids)]
        return Reply(pick_lines(_join(lead, "Did you mean one of these?"), views), views,
                     asked=True)

    def _request(self, profile: Profile, said: Understanding, catalog: CatalogView, *,
                 exclude: set[str], query: str | None = None, wishes: Sequence[str] = (),
                 hard: Sequence[str] = (), k: int = PICKS) -> RecommendRequest:
        """The person's request with this turn's budget, wishes and hard filters."""
        try:
            return personal_request(profile, catalog.fields, catalog.vocabulary, query=query,
                                    conditions=[*wishes, *hard], max_price=said.max_price,
                                    min_price=said.min_price, exclude=exclude, k=k)
        except FilterError:  # a wish the catalog cannot filter on: keep it as words only
            if not wishes:
                raise
            return self._request(profile, said, catalog, exclude=exclude, query=query,
                                 hard=hard, k=k)


def _moved(topic: Topic, move: str, catalog: CatalogView, last: list[str]
           ) -> tuple[Topic, str, str]:
    """The topic moved on past the picks shown along one field, what to say about it, and
    the bound it moved to ("under 194"; "" when it could not move)."""
    past = moved_past(move, catalog, last)
    if past is None:  # "cheaper" in a catalog without prices: say so, rather than pretend
        return topic, unmovable(move, catalog) or "", ""
    if past.filter is None:
        moved = replace(topic, min_price=past.min_price, max_price=past.max_price)
    else:
        moved = replace(topic, filters=with_filter(topic.filters, past.filter))
    return moved, past.note, past.bound


def _uncrossed(low: float | None, high: float | None, said: Understanding
               ) -> tuple[float | None, float | None]:
    """The price bounds (`low`, `high`) said before, without those this message's other
    bound crosses: after "around 500" (400 to 600), "actually make that under 400" drops
    the 400 floor; the message's own bounds are the person's latest word."""
    if said.max_price is not None and low is not None and low >= said.max_price:
        low = None
    if said.min_price is not None and high is not None and high <= said.min_price:
        high = None
    return low, high


def _noted(turn: Turn, kind: str, ids: Sequence[str]) -> str:
    """Store `kind` (like, dislike, seen) for the items `ids`; the note saying so."""
    for item_id in dict.fromkeys(ids):
        turn.store.record_feedback(turn.session_id, turn.catalog.name, item_id,
                                   kind)  # type: ignore[arg-type]
    titles = [display_title(turn.catalog.titles.titles.get(i, i)) for i in dict.fromkeys(ids)]
    return f"Noted, {FEEDBACK_NOTES[kind]}: {', '.join(titles)}."


def _only_an_audience(said: Understanding, catalog: CatalogView) -> bool:
    """Whether a message names who it is for and nothing else to look for (the wishes
    the audience's rule adds aside)."""
    if said.audience is None or catalog.reader.audiences is None:
        return False
    return not (set(said.wanted) - set(_preferred_for(said, catalog))
                or said.query_without_titles or said.kind
                or said.titles or said.names or said.conditions or said.more_like
                or said.unknown_titles)


def _people_talked_about(turn: Turn) -> list[str]:
    """The people filters of the request shown ("stars=Meryl Streep"), or else the one
    maker (not cast) of the one pick looked at ("who directed jaws": Steven Spielberg)."""
    people = turn.catalog.reader.people
    fields = list(people.counts) if people is not None else []
    named = [f for f in turn.topic.filters if parse_condition(f)[0] in fields]
    if named or len(turn.looked_at) != 1:
        return named
    item = next(iter(turn.catalog.index.get(turn.looked_at)), None)
    for field in (f for f in fields if f.lower() not in CAST_FIELDS):
        if makers := item.values(field) if item is not None else []:
            return [f"{field}={makers[0]}"] if len(makers) == 1 else []
    return []


def _with_people_of(said: Understanding, catalog: CatalogView) -> tuple[Understanding, str]:
    """`said` asking for the people of the film it names someone of, and who they are:
    its makers ("the director of jaws"), its first star ("the lead in heat"), or any of its
    first stars ("that guy from the big lebowski": which one is not said)."""
    person_of, people = said.person_of, catalog.reader.people
    item = next(iter(catalog.index.get([person_of.item_id])), None) if person_of else None
    if person_of is None or item is None or people is None:
        return said, ""
    for field in (f for f in people.counts if (f.lower() in CAST_FIELDS) != person_of.maker):
        chosen = item.values(field)[:1 if person_of.lead else STARS_OF_A_FILM]
        if not chosen:
            continue
        title, who = display_title(item.title), listed(chosen)
        note = f"{title} is by {who}." if person_of.maker else \
            f"The lead in {title} is {who}." if person_of.lead else \
            f"{title} stars {who}{': films with any of them' if len(chosen) > 1 else ''}."
        return replace(said, names=[*said.names, *(NameMatch(field, p, p) for p in chosen)],
                       any_of_names=said.any_of_names or len(chosen) > 1), note
    return said, ""


def _preferred_for(said: Understanding, catalog: CatalogView) -> list[str]:
    """The values the audience named is asked for first ("Children" for a 5 year old)."""
    rules = catalog.reader.audiences
    if said.audience is None or rules is None:
        return []
    return [v for v in rules.rule(said.audience).prefer if v in said.wanted]


def _brand_only(said: Understanding, catalog: CatalogView) -> list[str]:
    """The brand filter of a message that names a brand and nothing else ("aashirvaad
    one?", "fortune ka hai?"): the request shown, of that brand; [] otherwise."""
    field_of = catalog.reader.field_of
    fields = {field_of.get(v) for v in said.wanted}
    if not said.wanted or said.kind or said.titles or said.names or len(fields) != 1 \
            or not fields <= set(BRAND_FIELDS):
        return []
    named = {w for v in said.wanted for w in v.lower().split()}
    if set(said.query.lower().split()) - named - BRAND_CHAT:
        return []
    return [f"{fields.pop()}={'|'.join(said.wanted)}"]


def _first_those(said: Understanding, catalog: CatalogView) -> list[Callable[[Item], bool]]:
    """What the items a request puts first hold, most wanted first: the pack size asked,
    then being free of what it refuses ("low sugar cookies")."""
    first: list[Callable[[Item], bool]] = []
    size = parse_size(said.size) if catalog.reader.schema.size_field else None
    if size is not None:
        first.append(lambda item: _of_size(item, size))
    if said.free_of:
        first.append(lambda item: all(says_free_of(f"{item.title} {item.description}", what)
                                      for what in said.free_of))
    return first


def _of_size(item: Item, size: Size) -> bool:
    """Whether `item` comes in `size` (a pack of the same amount)."""
    own = size_of(item.attributes, item.title)
    return own is not None and (own.similarity(size) or 0.0) >= SAME_SIZE


def _within_kind(said: Understanding, turn: Turn) -> KindMatch | None:
    """The kind a follow-up names, narrowed to the kinds of the request shown it shares
    ("sunflower" after cooking oil: Sunflower oil, not the seeds); None when it names no
    kind, shares none, or names something else new (a title, a person)."""
    if said.kind is None or said.titles or said.names:
        return None
    kinds = turn.catalog.reader.kinds
    for shown in turn.topic.filters:
        field, op, values = parse_condition(shown)
        if field == said.kind.field and op == "=":
            shared = tuple(v for v in said.kind.values if v in values.split("|"))
            if shared:
                return replace(said.kind, values=shared)
            # "mustard" after oil: mustard oil (of the kinds shown), not mustard sauce; read
            # as one phrase ("shampoo" after detergent is no "shampoo detergent": shampoo)
            both = kinds.read(f"{said.kind.said} {turn.topic.query}") if kinds else None
            return both if both is not None and both.field == field and set(
                both.values) <= set(values.split("|")) and said.kind.said.lower() in \
                both.said.lower() else None
    return None


def _qualified_kind(said: Understanding, turn: Turn) -> KindMatch | None:
    """The kind of the request shown that a qualifier said alone narrows it to, where the
    catalog names such kinds ("organic one" after toor dal: Organic Dals & Pulses)."""
    kinds = turn.catalog.reader.kinds
    words = [w for w in said.query.lower().split() if w not in THE_X]
    if kinds is None or said.kind is not None or not words or not set(words) <= QUALIFIERS:
        return None
    read = kinds.read(f"{' '.join(words)} {turn.topic.query}")
    return read if read is not None and all(
        set(words) & set(v.lower().split()) for v in read.values) else None


def _the_one_of_brand(said: Understanding, catalog: CatalogView, last: list[str]
                      ) -> int | None:
    """Where in the list shown the one pick of the brand named is, or None when the list
    has none or several of it."""
    field_of = catalog.reader.field_of
    named = {(field, v) for v in said.wanted
             if (field := field_of.get(v)) is not None and field in BRAND_FIELDS}
    places = [n for n, item in enumerate(catalog.index.get(last))
              if any(item.attributes.get(field) == value for field, value in named)]
    return places[0] if len(places) == 1 else None


def _other_brands(said: Understanding, turn: Turn) -> list[str]:
    """For "any other brand?", "not that brand": a filter leaving out the brands of the
    picks pointed at, of the one looked at, or else of the whole list shown; [] otherwise."""
    if not said.other_brand or not turn.last_picks:
        return []
    shown = _pointed(said, turn.last_picks) or turn.looked_at or turn.last_picks
    items = turn.catalog.index.get(shown)
    filters = []
    for field in BRAND_FIELDS:
        values = {i.attributes.get(field) for i in items}
        # ("|" parts a filter's values: a brand with one is left in rather than misread)
        brands = sorted(v for v in values if isinstance(v, str) and "|" not in v)
        if brands:
            filters.append(f"{field}!={'|'.join(brands)}")
    return filters


def _wishes(values: Sequence[str], catalog: CatalogView) -> list[str]:
    """The filters the values asked for make, in the order said: values of a field an item
    has one of are either ("harpic or domex": brand=Harpic|Domex), a brand with its own
    lines; values of a list field each hold ("an action comedy")."""
    field_of = catalog.reader.field_of
    grouped: dict[str, tuple[str, list[str]]] = {}
    for value in values:
        field = field_of[value]
        single = catalog.fields.get(field) == "str"
        key = field if single else f"{field}={value}"
        grouped.setdefault(key, (field, []))[1].extend(catalog.reader.with_lines(value))
    return [f"{field}={'|'.join(dict.fromkeys(either))}" for field, either in grouped.values()]


def _names_nothing_sold(said: Understanding, catalog: CatalogView) -> bool:
    """Whether the words a shop message leaves to search name no product of the catalog,
    and it names nothing else: chat about the list shown ("compare the first two"),
    searched, would answer with whatever products its words happen to be in."""
    kinds = catalog.reader.kinds
    return kinds is not None and bool(said.query.strip()) and not (
        said.kind or said.wanted or said.titles or said.names or said.unknown_titles
        or said.refines  # ("something gentler": the request leaning one way)
        or kinds.names_a_product(said.query))


def _of_wider_kind(topic: Topic, catalog: CatalogView) -> Topic | None:
    """The topic with the kind its words name outright, the broadest ("flour": every
    flour, not only the pre-mixes its meaning kept), or None when it has no kind to widen."""
    kinds = catalog.reader.kinds
    named = kinds.named_in_words(topic.query) if kinds is not None else None
    if named is None:
        return None
    kept = _without_kinds(topic.filters, catalog)
    wider = [*kept, named.filter]
    return replace(topic, filters=wider) if len(kept) < len(topic.filters) \
        and set(wider) != set(topic.filters) else None


def _of_any_kind(topic: Topic, catalog: CatalogView) -> Topic | None:
    """The topic without its kind filters (its words still rank), or None without any."""
    kept = _without_kinds(topic.filters, catalog)
    return replace(topic, filters=kept) if len(kept) < len(topic.filters) else None


def _without_kinds(filters: Sequence[str], catalog: CatalogView) -> list[str]:
    """`filters` without those on the catalog's kind fields (all of them in a catalog
    without kinds read)."""
    kinds = catalog.reader.kinds
    fields = set(kinds.fields) if kinds is not None else set()
    return [f for f in filters if parse_condition(f)[0] not in fields]


def _without_brands(topic: Topic, catalog: CatalogView, shown: Sequence[str]) -> Topic:
    """The topic without the brands it asked for by name; of the kinds of the picks
    `shown` when it asked for no kind ("tata tea", then "any other brand": other teas)."""
    field_of, kinds = catalog.reader.field_of, catalog.reader.kinds
    topic = replace(topic, wanted=[w for w in topic.wanted if field_of.get(w) not in BRAND_FIELDS])
    if kinds is None or any(parse_condition(f)[0] in kinds.fields for f in topic.filters):
        return topic
    values = {v for i in catalog.index.get(list(shown))
              if isinstance(v := i.attributes.get(kinds.narrowest), str) and "|" not in v}
    return _with_filters(topic, [f"{kinds.narrowest}={'|'.join(sorted(values))}"]) \
        if values else topic


def _bound_outright(said: Understanding, catalog: CatalogView) -> bool:
    """Whether the message bounds the field it moves along itself ("a bit older, like
    90s": the 90s, not before the oldest pick shown)."""
    role = MOVE_ROLES.get(said.move or "")  # (a price move is read as a budget already)
    # ("less popular ones", "hidden gems" after a list: than those, not a quarter of all)
    field = catalog.reader.schema.role(role) if role not in (None, "price", "count") else None
    return field is not None and any(c.field == field.name for c in said.conditions)


def _pointed(said: Understanding, last: Sequence[str]) -> list[str]:
    """The picks of the list shown that the message points at, in the order said."""
    return [last[i] for i in said.references if -len(last) <= i < len(last)]


def _places(said: Understanding, last: Sequence[str]) -> list[int]:
    """Where in the list shown the picks pointed at are (0 first), in order."""
    return sorted({i % len(last) for i in said.references if -len(last) <= i < len(last)})


def _called(words: str, title: str) -> bool:
    """Whether `words` call a pick by its name: every word of them is in its title, but
    for "the" and "one" ("why the matrix one?", "why seven")."""
    said = set(normalise(words).split()) - {"the", "a", "an", "one"}
    return bool(said) and said <= set(normalise(split_year(title)[0]).split())


def _about_some(said: Understanding) -> bool:
    """Whether the message asks about some picks or titles, not about the list as a whole."""
    return bool(said.references or said.asks_about or said.titles) and not said.whole_list


def _telling(profile: Profile, said: Understanding) -> Profile:
    """The profile to present this reply's picks with: the detail asked about some picks
    is theirs alone ("tell me more about the last one")."""
    if said.detail in DETAILS and _about_some(said):
        return replace(profile, detail=cast(Detail, said.detail))
    return profile


def _refused_note(topics: list[str], values: set[str]) -> str:
    """"No horror, comedy." (`values`: the catalog's, lower case); "Nothing sugary." for a
    quality ("No sugary." read oddly)."""
    if all(" " not in t and DESCRIBING.search(t) and t.lower() not in values for t in topics):
        return f"Nothing {' or '.join(topics)}."
    return f"No {', '.join(topics)}."


def _as_refused(topic: str) -> str:
    """A refused topic as a note says it: "horror", "sci-fi"; a person's name as written."""
    return topic if " " in topic and topic.istitle() else topic.lower()


def _with_budget(said: Understanding, word: str, catalog: CatalogView) -> Understanding:
    """`said` with the budget `word` ("cheap", "premium") means in this catalog."""
    budget = catalog.reader.read(word)
    return replace(said, max_price=tighter(min, said.max_price, budget.max_price),
                   min_price=tighter(max, said.min_price, budget.min_price))


def _with_filters(topic: Topic, filters: list[str]) -> Topic:
    """The topic with this message's filters, which replace its own on the same fields."""
    if not filters:
        return topic
    fields = {parse_condition(f)[0] for f in filters}
    kept = [f for f in topic.filters if parse_condition(f)[0] not in fields]
    return replace(topic, filters=[*kept, *filters])


def _what_is_known(profile: Profile, catalog: CatalogView) -> str:
    """What recbot holds of the person in this catalog, in a few plain sentences."""
    def titles(ids: list[str]) -> str:
        return listed([display_title(i.title) for i in catalog.index.get(ids)])

    known = [f"{said} {titles(ids)}." for said, ids in (
        ("You liked", profile.liked), ("Not for you:", profile.disliked),
        ("You have seen", profile.seen), ("You chose", profile.accepted)) if ids]
    if profile.excluded_topics:
        known.append(f"Left out: {listed(profile.excluded_topics)}.")
    if profile.max_price is not None or profile.min_price is not None:
        known.append(f"Your budget: {price_bound(profile.max_price, profile.min_price)}.")
    telling = [told for told in (
        {"simple": "in simple words", "expert": "for an expert"}.get(profile.reading_level),
        "in detail" if profile.detail == "detailed" else None) if told]
    if telling:
        known.append(f"I tell you about them {' and '.join(telling)}.")
    return " ".join(known) if known else ("Nothing yet: tell me a favourite or two, or what "
                                          "you'd like, and I'll remember it.")


def _compared_places(said: Understanding, last: Sequence[str]) -> list[int]:
    """The places in the list shown a comparison points at: "the first and third", "1 vs
    3", or all of them ("compare them")."""
    if places := _places(said, last):
        return places
    numbers = sorted({int(n) - 1 for n in re.findall(r"(?<![\d.])([1-9])(?![\d.])", said.text)
                      if int(n) <= len(last)})
    if numbers:
        return numbers
    return list(range(len(last))) if said.whole_list or THEM_ALL.search(said.text) else []


def _places_with(said: Understanding, last: Sequence[str], catalog: CatalogView) -> list[int]:
    """Where in the list shown the picks with every person named are (0 first)."""
    items = {i.id: i for i in catalog.index.get(list(last))}
    return [n for n, item_id in enumerate(last) if (item := items.get(item_id)) is not None
            and all(n_.value in item.values(n_.field) for n_ in said.names)]


def _only_these_wishes(said: Understanding) -> bool:
    """Narrows the request shown to some of its kinds, and names nothing else: "westerns
    only" after highly rated films before 1970 (westerns of those), "just comedies"."""
    return bool(said.wanted) and bool(ONLY.search(said.text)) and not (
        said.titles or said.names or said.kind or said.references or said.more_like
        or said.something_else or said.unknown_titles or said.audience or said.person_of)


def _corrected(topic: Topic, said: Understanding, catalog: CatalogView) -> Topic:
    """The request shown with what a correction says in place of what it said on the same
    slots ("90s thrillers", then "actually make it a comedy": 90s comedies); a kind said
    again replaces the kind before, on whichever field it was."""
    kept = _without_kinds(topic.filters, catalog) if said.kind is not None else topic.filters
    new = said.wanted or said.kind is not None
    return _with_filters(replace(
        topic, wanted=said.wanted or topic.wanted, query=said.query if new else topic.query,
        min_price=said.min_price if said.min_price is not None else topic.min_price,
        max_price=said.max_price if said.max_price is not None else topic.max_price,
        similar_to=None, filters=kept), said.filters)


def _not_in_catalog(titles: list[str]) -> str:
    named = " or ".join(f'"{t}"' for t in titles)
    return f"I don't have {named} in the catalog."


def _nobody_called(people: list[str]) -> str:
    named = " or ".join(p.title() for p in people)
    return f"I don't have anything with {named} in the catalog."


def _asked_favourites(turn: Turn) -> bool:
    """The bot's last message asked for favourites."""
    return bool(turn.replies) and ASK_FAVOURITES in turn.replies[-1].text


def _anchor(said: Understanding, turn: Turn) -> str | None:
    """What "more like" is like: a title named, a pick pointed at, the one pick looked at
    ("the third one, what year?" ... "more like that one"), or the one title the person's
    previous message named ("watched the godfather and loved it" ... "any more like that")."""
    if said.titles:
        return said.titles[0].item_id
    if pointed := _pointed(said, turn.last_picks):
        return pointed[0]
    if len(turn.looked_at) == 1:
        return turn.looked_at[0]
    named = _named_before(turn)
    return named[0] if len(named) == 1 else None


def _named_before(turn: Turn) -> list[str]:
    """The titles the person's previous message named, once each."""
    before = turn.said_before
    return list(dict.fromkeys(t.item_id for t in before.titles)) if before else []


def _picks_reply(lead: str, intro: str, picks: list[Pick], profile: Profile, said: Understanding,
                 catalog: CatalogView, topic: Topic, *, more_like: bool = False) -> Reply:
    """The picks with their reasons: what the request asked (the topic's filters hold, a
    follow-up's too), then what chose them."""
    if not picks:  # the notes of `lead` stay ("Cheaper ones, under 36."); no list is promised
        return Reply(_join(lead, NOTHING_MATCHES if catalog.priced else NOTHING_MATCHES_UNPRICED),
                     asked=True)
    intro = _join(lead, intro)
    schema = catalog.reading.schema
    asked = replace(Asked.of_reading(said), filters=topic.filters)
    views = [pick_view(p.item, profile, explain(p, asked, schema, more_like=more_like),
                       round(p.score, 4)) for p in picks]
    return Reply(pick_lines(intro, views), views)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)
