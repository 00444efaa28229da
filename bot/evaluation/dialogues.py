"""Dialogue evaluation: read real conversations, recommend, and see whether the items the
human recommender went on to suggest are among the picks.

Each line of the file is one case:

    {"turns": [{"role": "user", "text": "I loved Hustlers"},
               {"role": "assistant", "text": "Have you seen Joker?"}],
     "targets": ["Knives Out (2019)", "Parasite"]}

The bot reads the turns as a conversation it was part of (no LLM): user turns go through
the same reading and memory as a chat message; assistant turns are stored as its own
messages, with the titles they name as the picks shown, so "I've seen that one" points at
them. A title the person brings up is taken as a taste signal unless they said they
disliked it. Then the bot recommends under everything it gathered (wishes such as genres,
refusals, words, likes), leaving out every item already mentioned.

Recall@k counts, over every (case, target) pair that can be scored, the targets ranked in
the top k. Targets are matched to the catalog forgivingly (articles, punctuation, spacing,
near-spellings, a missing year; a year given must agree); those not in the catalog at all
are reported, not scored, and so are targets already mentioned in the turns.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bot.errors import RecbotError

if TYPE_CHECKING:
    from bot.bot import Bot
    from bot.titles import TitleIndex
    from bot.understanding import Understanding

KS = (1, 10, 50)
MAX_TURNS = 200  # turns read from one case; a longer one is cut from the start
QUERY_WORDS = 40  # the person's most recent words kept as the search text
Recommender = Literal["bot", "popular", "ease"]
# Reads a person's message given their earlier ones (a model); None: the catalog's reader.
ReadTurn = Callable[[str, Sequence[str]], "Understanding"]


class DialogueFileError(RecbotError):
    """A dialogue evaluation file cannot be read, or a line is not a valid case."""


@dataclass
class DialogueCase:
    turns: list[tuple[str, str]]  # (role, text), oldest first
    targets: list[str]
    line: int = 0


@dataclass
class DialogueReport:
    recommender: str
    cases: int
    targets: int  # scored: in the catalog and not already mentioned
    not_in_catalog: int
    already_mentioned: int
    recall: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"recall": self.recall, "cases": self.cases, "targets": self.targets,
                "not_in_catalog": self.not_in_catalog,
                "already_mentioned": self.already_mentioned, "recommender": self.recommender}


def load_cases(path: str | Path) -> list[DialogueCase]:
    """Read a JSONL file of cases; a malformed line is an error naming the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DialogueFileError(f"cannot read {path}: {exc}") from exc
    cases = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            cases.append(_case(path, number, line))
    if not cases:
        raise DialogueFileError(f"{path} has no cases")
    return cases


def _case(path: Path, number: int, line: str) -> DialogueCase:
    def bad(message: str) -> DialogueFileError:
        return DialogueFileError(f"{path}, line {number}: {message}")

    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise bad(f"not valid JSON ({exc.msg})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("turns"), list):
        raise bad('a case is {"turns": [...], "targets": [...]}')
    targets = raw.get("targets")
    if not isinstance(targets, list) or not all(isinstance(t, str) and t.strip()
                                                for t in targets):
        raise bad("`targets` must be a list of titles")
    turns = []
    for turn in raw["turns"][-MAX_TURNS:]:
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant") \
                or not isinstance(turn.get("text"), str):
            raise bad('each turn is {"role": "user" or "assistant", "text": "..."}')
        turns.append((turn["role"], turn["text"]))
    return DialogueCase(turns, list(targets), number)


class DialogueEvaluation:
    """Runs cases through a `Bot` whose profile store is a throwaway one."""

    def __init__(self, bot: Bot, catalog: str, recommender: Recommender = "bot",
                 ks: Sequence[int] = KS, read: ReadTurn | None = None):
        self.bot = bot
        self.read = read
        self.catalog = catalog
        self.recommender = recommender
        self.ks = tuple(sorted(ks))
        self.titles: TitleIndex = bot.title_index(catalog)

    def run(self, cases: Sequence[DialogueCase],
            progress: Callable[[Iterable[DialogueCase]], Iterable[DialogueCase]] | None = None
            ) -> DialogueReport:
        hits = {k: 0 for k in self.ks}
        scored = missing = mentioned_before = 0
        for number, case in enumerate(progress(cases) if progress else cases):
            ranked, mentioned = self.recommend(case, f"eval-{number}")
            position = {item_id: rank for rank, item_id in enumerate(ranked)}
            for target in dict.fromkeys(case.targets):
                item_id = self.resolve(target)
                if item_id is None:
                    missing += 1
                elif item_id in mentioned:
                    mentioned_before += 1
                else:
                    scored += 1
                    rank = position.get(item_id)
                    for k in self.ks:
                        hits[k] += rank is not None and rank < k
        recall = {f"r@{k}": round(hits[k] / scored, 4) if scored else 0.0 for k in self.ks}
        return DialogueReport(self.recommender, len(cases), scored, missing, mentioned_before,
                              recall)

    def resolve(self, title: str) -> str | None:
        """The catalog item a target title names, or None."""
        match = self.titles.match(title)
        return match.item_id if match else None

    def recommend(self, case: DialogueCase, session_id: str) -> tuple[list[str], set[str]]:
        """The ranked item ids after reading the case, and the ids mentioned in its turns."""
        bot, catalog = self.bot, self.catalog
        reader = bot.view(catalog).reader
        mentioned: set[str] = set()
        wanted: list[str] = []
        words: list[str] = []
        before: list[str] = []
        for role, text in case.turns:
            text = " ".join(text.split())
            if not text:
                continue
            if role == "assistant":
                # the titles the recommender named, read as a person's would be ("May I
                # interest you..." names no film "May")
                named = [m.item_id for m in self.titles.mentions(text)
                         if not reader.not_a_title(m.said, text)]
                bot.store.append_message(session_id, catalog, "assistant", text, named)
                mentioned.update(named)
                continue
            said = bot.take_in(session_id, catalog, text,
                               self.read(text, before) if self.read else None)
            before.append(text)
            profile = bot.store.profile(session_id, catalog)
            for title in said.titles:
                mentioned.add(title.item_id)
                if title.item_id not in profile.disliked and said.feedback != "dislike":
                    bot.store.record_feedback(session_id, catalog, title.item_id, "like")
            if said.wanted:  # a new wish replaces the old ones, as a chat's topic does
                wanted = list(said.wanted)
            words += said.query_without_titles.split()
        k = max(self.ks)
        if self.recommender == "popular":
            ranked = self._most_popular(k, exclude=mentioned)
        elif self.recommender == "ease":
            ranked = self._ease(bot.store.profile(session_id, catalog).liked, k, mentioned)
        else:
            picks = bot.recommend(session_id, catalog=catalog, wanted=wanted,
                                  query=" ".join(words[-QUERY_WORDS:]), exclude=mentioned,
                                  k=k, fill=True)
            ranked = [p.item.id for p in picks]
        return ranked, mentioned


    def _ease(self, liked: Sequence[str], k: int, exclude: set[str]) -> list[str]:
        """The peer: EASE seeded with the titles the person liked, then the most popular
        (nothing liked yet, or too few EASE scores)."""
        model = self.bot.context.collab(self.catalog)
        seeded = [i for i, _ in model.ease_recommend(liked, k, exclude=list(exclude))] \
            if model is not None else []
        return [*seeded, *(i for i in self._most_popular(k, exclude | set(seeded)))][:k]

    def _most_popular(self, k: int, exclude: set[str]) -> list[str]:
        """The baseline: the items most people interacted with (the collaborative model's
        counts, or the catalog's `popularity` field without a model)."""
        model = self.bot.context.collab(self.catalog)
        if model is not None:
            return [i for i, _ in model.most_popular(k, exclude=list(exclude))]
        popularity = self.titles.popularity
        ranked = sorted((i for i in popularity if i not in exclude),
                        key=lambda i: (-popularity[i], i))
        return ranked[:k]


def evaluate_file(context: Any, path: str | Path, *, catalog: str,
                  recommender: Recommender = "bot", progress: bool = False,
                  read: ReadTurn | None = None) -> DialogueReport:
    """Evaluate a JSONL file of cases with a throwaway profile store (nothing real changes)."""
    from bot.bot import Bot
    from bot.profiles import ProfileStore

    cases = load_cases(path)
    with tempfile.TemporaryDirectory(prefix="recbot-dialogues-") as folder:
        bot = Bot(context, ProfileStore(Path(folder) / "profiles.sqlite3"))
        evaluation = DialogueEvaluation(bot, catalog, recommender, read=read)
        if not progress:
            return evaluation.run(cases)
        from tqdm import tqdm

        return evaluation.run(cases, lambda c: tqdm(c, desc=f"dialogues ({recommender})",
                                                     unit="case"))


def markdown(reports: Sequence[DialogueReport]) -> str:
    """A table of one or more reports (e.g. the bot and the popularity baseline)."""
    ks = list(reports[0].recall)
    lines = ["| recommender | " + " | ".join(k.replace("r@", "recall@") for k in ks)
             + " | cases | targets scored | not in catalog | already mentioned |",
             "|---|" + "---:|" * (len(ks) + 4)]
    for r in reports:
        lines.append(f"| {r.recommender} | " + " | ".join(f"{r.recall[k]:.4f}" for k in ks)
                     + f" | {r.cases} | {r.targets} | {r.not_in_catalog} | "
                       f"{r.already_mentioned} |")
    return "\n".join(lines)
