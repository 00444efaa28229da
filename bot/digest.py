"""A personalised digest: an email-style newsletter of picks for one person.

    recbot digest --user ID [--catalog NAME] [--out DIR] [-k N] [--offline]

`ID` is a profile in the profile store (a chat session id: its likes, dislikes,
refusals, budget and reading level) and/or a user of the interaction log the
collaborative model was trained on (their history); at least one must know them.
The picks come from the hybrid ranker under the person's constraints, leaving out
what they rated, saw or were shown in chat. The text is written for the person's
reading level and detail: offline, from the items' own text (bot/summaries.py);
with an LLM, the model writes the subject, the intro and the summaries
(prompts/digest.md), grounded like a chat reply; if it fails, the offline text is
used. `digest.html` (every field escaped) and `digest.txt` are written.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, StrictUndefined

from bot.agent.grounding import Grounder
from bot.agent.tools import facts, person
from bot.errors import LLMError, QueryError
from bot.personal import personal_request
from bot.profiles import Profile, ProfileStore
from bot.summaries import summarise
from bot.titles import TitleIndex, display_title

if TYPE_CHECKING:
    from bot.agent.llm import ChatModel
    from bot.agent.prompts import Prompts
    from bot.context import Context

log = logging.getLogger("recbot.digest")
SHOWN_HISTORY = 200  # chat messages whose picks are not repeated in a digest
INTROS = {
    "simple": "Here are {n} picks we think you will like.",
    "standard": "Here are {n} picks chosen for you{because}.",
    "expert": "{n} picks selected from the {catalog} catalog{because}, ranked by your "
              "taste and what people with similar taste rated highly.",
}


@dataclass
class DigestPick:
    id: str
    title: str
    summary: str
    why: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Digest:
    user: str
    catalog: str
    subject: str
    intro: str
    picks: list[DigestPick]
    engine: str = "offline"  # "llm" when the model wrote the words

    def html(self) -> str:
        return _template("digest.html", autoescape=True).render(digest=self)

    def text(self) -> str:
        return _template("digest.txt", autoescape=False).render(digest=self).strip() + "\n"

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "digest.html", folder / "digest.txt"]
        for path, content in zip(paths, (self.html(), self.text()), strict=True):
            temporary = path.with_suffix(path.suffix + ".tmp")
            temporary.write_text(content, encoding="utf-8")
            temporary.replace(path)  # a reader never sees half a digest
        return paths


def build_digest(context: Context, store: ProfileStore, user: str, *,
                 catalog: str | None = None, k: int = 5, model: ChatModel | None = None,
                 prompts: Prompts | None = None) -> Digest:
    """The digest for `user`; the LLM writes it when `model` is given."""
    if not 1 <= k <= 20:
        raise QueryError("a digest has 1 to 20 picks")
    name = catalog or context.settings.catalog
    ranker = context.ranker(name)
    profile = store.profile(user, name)
    history = store.history(user, name, limit=SHOWN_HISTORY)
    crowd = ranker.model
    known_to_model = crowd is not None and crowd.knows_user(user)
    if not (known_to_model or history or profile.shown_before() or profile.excluded_topics):
        raise QueryError(f"no profile and no interaction history for user {user!r} in the "
                         f"{name} catalog: give a chat session id, or a user of the "
                         "interaction log the model was trained on")
    shown = {i for m in history for i in m.picks}
    manifest = ranker.index.manifest()
    picks = ranker.recommend(personal_request(
        profile, manifest.fields, manifest.vocabulary, exclude=shown, k=k,
        user_id=user if known_to_model else None))
    if not picks:
        raise QueryError(f"nothing in the {name} catalog fits {user!r}'s constraints")
    liked = profile.liked or (crowd.history(user) if crowd and known_to_model else [])
    digest = _offline(user, name, profile, liked, picks, ranker.index)
    if model is not None:
        from bot.agent.prompts import Prompts

        try:
            return _written_by(model, prompts or Prompts(context.settings.prompts_dir),
                               digest, profile, ranker.index)
        except LLMError as exc:
            log.warning("the LLM could not write the digest for %s (%s): %s; written "
                        "offline", user, exc.reason, exc)
    return digest


def _offline(user: str, catalog: str, profile: Profile, liked: list[str], picks: list[Any],
             index: Any) -> Digest:
    titles = [display_title(i.title) for i in index.get(liked[-2:])]
    because = f", because you liked {' and '.join(titles)}" if titles else ""
    intro = INTROS[profile.reading_level].format(n=len(picks), because=because,
                                                  catalog=catalog)
    chosen = [DigestPick(p.item.id, display_title(p.item.title),
                         summarise(p.item, profile.reading_level, profile.detail), p.why(),
                         facts(p.item, limit=5)) for p in picks]
    return Digest(user, catalog, f"{len(chosen)} picks for you", intro, chosen)


def _written_by(model: ChatModel, prompts: Prompts, digest: Digest, profile: Profile,
                index: Any) -> Digest:
    from bot.agent.llm import Message

    instructions = prompts.render("digest.md", catalog=digest.catalog,
                                  person=person(profile, index), count=len(digest.picks))
    data = json.dumps([{"id": p.id, "title": p.title, "summary": p.summary, "why": p.why,
                        "facts": p.facts} for p in digest.picks], ensure_ascii=False)
    answer = model.complete([Message("system", instructions), Message("user", data)])
    written = _json_object(answer.text)
    items = {i.id: i for i in index.get([p.id for p in digest.picks])}
    allowed = set(profile.liked) | set(profile.disliked)
    titles = TitleIndex.of(index.get(index.ids()))

    def grounded(text: Any) -> str:
        """The model's words without sentences naming items not in the digest."""
        if not isinstance(text, str) or not text.strip():
            return ""
        grounder = Grounder(titles, items, allowed, lambda item: "")
        checked = grounder.ground(" ".join(text.split()))
        if checked.removed:
            log.warning("removed from the digest: %s", "; ".join(checked.removed))
        return checked.text

    summaries = written.get("summaries")
    summaries = summaries if isinstance(summaries, dict) else {}
    picks = [DigestPick(p.id, p.title, grounded(summaries.get(p.id)) or p.summary, p.why,
                        p.facts) for p in digest.picks]
    return Digest(digest.user, digest.catalog, grounded(written.get("subject"))[:120]
                  or digest.subject, grounded(written.get("intro")) or digest.intro, picks,
                  engine="llm")


def _json_object(text: str) -> dict[str, Any]:
    """The JSON object in the model's answer (models wrap it in prose or code fences)."""
    match = re.search(r"\{.*\}", text, re.DOTALL)
    try:
        value = json.loads(match.group(0)) if match else None
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise LLMError("the digest answer is not a JSON object", "bad_response")
    return value


def _template(name: str, *, autoescape: bool) -> Any:
    source = resources.files("bot").joinpath("templates", name).read_text(encoding="utf-8")
    env = Environment(autoescape=autoescape, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)
    return env.from_string(source)
