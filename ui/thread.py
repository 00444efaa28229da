"""The chat page's conversation: each answer with its picks as cards inside the thread.

The conversation is a list of plain dicts (kept per browser tab in Gradio state):

    {"role": "user", "text": "a funny space movie"}
    {"role": "bot", "text": "You might like:", "cards": [CARD, ...]}

    CARD = {"id", "title", "summary", "why", "status": "" | "like" | "dislike",
            "detail": "" (closed) or the detailed summary (opened), "note": ""}

`render` writes it as HTML. Everything from the catalog or the person is escaped
(`escape_text`): the page shows it as text, whatever it holds. Buttons carry what
they act on in data attributes (`data-act`, `data-at`: "message.card"); the page's
script sends those to the server and nothing else.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

Conversation = list[dict[str, Any]]
STATUS = {"like": "You liked this: picks like it will come up more.",
          "dislike": "Not for you: picks like it will come up less."}


def escape_text(value: object) -> str:
    """A value as inert HTML text; `$` and braces too, so no template engine between here
    and the page can read it as an expression."""
    return (html.escape(str(value), quote=True)
            .replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;"))


def card(pick: dict[str, Any]) -> dict[str, Any]:
    """A card for a pick as `Reply.to_dict` gives it."""
    return {"id": str(pick["id"]), "title": str(pick["title"]), "summary": str(pick["summary"]),
            "why": str(pick["why"]), "status": "", "detail": "", "note": ""}


def last_answer(conversation: Conversation) -> int | None:
    """The index of the latest answer with picks."""
    return next((n for n in range(len(conversation) - 1, -1, -1)
                 if conversation[n].get("cards")), None)


def at(conversation: Conversation, where: object) -> dict[str, Any] | None:
    """The card a button's `data-at` ("3.0") names, or None when it names none."""
    message, _, place = str(where).partition(".")
    if not (message.isdigit() and place.isdigit()):
        return None
    m, c = int(message), int(place)
    if m >= len(conversation):
        return None
    cards = conversation[m].get("cards") or []
    return cards[c] if c < len(cards) else None


def render(conversation: Conversation, announce: str = "") -> str:
    """The whole thread; `announce` is read out by screen readers (the latest answer)."""
    parts = [_message(n, message) for n, message in enumerate(conversation)]
    return ('<div class="rb-thread" aria-label="Conversation">' + "".join(parts) + "</div>"
            '<div class="rb-live" role="status" aria-live="polite">'
            f"{escape_text(announce)}</div>")


def _message(n: int, message: dict[str, Any]) -> str:
    if message.get("role") == "user":
        return (f'<div class="rb-msg rb-user"><span class="rb-hidden">You: </span>'
                f'{escape_text(message.get("text", ""))}</div>')
    cards: Sequence[dict[str, Any]] = message.get("cards") or []
    listed = "".join(_card(n, c, place) for c, place in enumerate(cards))
    body = f'<ol class="rb-cards" aria-label="Picks">{listed}</ol>' if cards else ""
    return (f'<div class="rb-msg rb-bot"><span class="rb-hidden">recbot: </span>'
            f'<div class="rb-text">{escape_text(message.get("text", ""))}</div>{body}</div>')


def _card(message: int, place: int, pick: dict[str, Any]) -> str:
    where = f"{message}.{place}"
    status = pick.get("status", "")
    opened = bool(pick.get("detail"))
    note = pick.get("note") or STATUS.get(status, "")
    buttons = "".join(
        f'<button type="button" class="rb-{act}" data-act="{act}" data-at="{where}"'
        f' aria-pressed="{"true" if status == act else "false"}">{label}</button>'
        for act, label in (("like", "Like"), ("dislike", "Not for me")))
    buttons += (f'<button type="button" class="rb-open" data-act="open" data-at="{where}"'
                f' aria-expanded="{"true" if opened else "false"}">'
                f'{"Less" if opened else "More"}</button>')
    detail = (f'<p class="rb-card-detail">{escape_text(pick["detail"])}</p>' if opened else "")
    return (f'<li class="rb-card" data-item-id="{escape_text(pick["id"])}"'
            f' data-status="{escape_text(status)}">'
            f'<div class="rb-card-title">{place + 1}. {escape_text(pick["title"])}</div>'
            f'<p class="rb-card-summary">{escape_text(pick["summary"])}</p>{detail}'
            f'<p class="rb-card-why">Why: {escape_text(pick["why"])}</p>'
            f'<div class="rb-card-actions">{buttons}</div>'
            f'<p class="rb-card-status">{escape_text(note)}</p></li>')
