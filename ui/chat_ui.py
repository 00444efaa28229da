"""The Gradio chat page: streamed replies, pick cards with like / dislike, presentation controls.

Thin by design: every turn is `Bot.stream`, every button `Bot.feedback` or
`Bot.set_preferences`. The session token lives in server-side state (a browser
tab cannot choose or see another's), issued like the widget's under the
reserved site `_ui`.

Everything from the catalog is shown as text: the chat renders messages
without Markdown or HTML, and the cards are HTML built here with every field
escaped (`escape_text`).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from bot.errors import RecbotError
from bot.profiles import DETAILS, READING_LEVELS
from bot.turn import MAX_MESSAGE, without_pick_lines

if TYPE_CHECKING:
    from ui.api import WebState

UI_SITE = "_ui"  # site keys cannot start with "_": no widget key can reach UI sessions
MAX_CARDS = 8
# A catalog's text may hold words longer than a card is wide (a 200-letter title, a URL):
# they break anywhere rather than run out of the card.
CSS = """
#recbot-picks {display: grid !important; gap: 10px;
  grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));}
#recbot-picks > * {min-width: 0;}
.recbot-card {border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 12px; background: var(--background-fill-secondary);
  overflow-wrap: anywhere;}
.recbot-card-title {font-weight: 600; font-size: 1.05em; margin-bottom: 4px;}
.recbot-card-why {color: var(--body-text-color-subdued); font-size: 0.9em; margin-top: 4px;}
.recbot-card-status {color: var(--color-accent); font-size: 0.9em; margin-top: 4px;}
"""
INTRO = ("Ask for something (\"a funny space movie for my 8-year-old, nothing scary\"), "
         "name a few favourites, or say \"more like the second one\". Like or dislike a "
         "pick to steer the next ones.")


def escape_text(value: object) -> str:
    """A catalog value as inert HTML text; `$` and braces too, so no template engine
    between here and the page can read it as an expression."""
    return (html.escape(str(value), quote=True)
            .replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;"))


def card_html(number: int, pick: dict[str, Any], status: str = "") -> str:
    return (f'<div class="recbot-card" data-item-id="{escape_text(pick["id"])}">'
            f'<div class="recbot-card-title">{number}. {escape_text(pick["title"])}</div>'
            f'<div class="recbot-card-summary">{escape_text(pick["summary"])}</div>'
            f'<div class="recbot-card-why">Why: {escape_text(pick["why"])}</div>'
            f'<div class="recbot-card-status">{escape_text(status)}</div></div>')


def build_chat_ui(state: WebState) -> gr.Blocks:
    """The chat page as Gradio Blocks (mounted by `ui.app.build_app`)."""
    bot = state.bot
    catalogs = state.catalogs()
    default = state.default_catalog()

    def new_session() -> str:
        return state.signer.issue(UI_SITE)

    def profile_key(token: str) -> str:
        return state.signer.verify(token, site=UI_SITE).profile_key

    def cards(picks: list[dict[str, Any]]) -> list[Any]:
        groups, bodies = [], []
        for n in range(MAX_CARDS):
            pick = picks[n] if n < len(picks) else None
            groups.append(gr.update(visible=pick is not None))
            bodies.append(card_html(n + 1, pick) if pick else "")
        return groups + bodies

    def respond(message: str, history: list[dict[str, str]], token: str | None,
                catalog: str, picks: list[dict[str, Any]]) -> Iterator[tuple[Any, ...]]:
        token = token or new_session()
        text = (message or "").strip()
        if not text:
            yield (gr.skip(), gr.skip(), gr.skip(), token, gr.skip(), *[gr.skip()] * 2
                   * MAX_CARDS)
            return
        history = [*history, {"role": "user", "content": escape_text(text)},
                   {"role": "assistant", "content": ""}]
        skip_cards = [gr.skip()] * (2 * MAX_CARDS)
        key = profile_key(token)
        if state.turn_limiter.acquire(key):
            history[-1]["content"] = "You are sending messages very fast; wait a moment."
            yield ("", history, history, token, picks, *skip_cards)
            return
        yield ("", history, history, token, picks, *skip_cards)
        try:
            with state.turn(key):
                written = ""
                for part in bot.stream(key, text, catalog=catalog):
                    if isinstance(part, str):
                        # Pick lines are left to the cards below the chat.
                        written += part
                        history[-1]["content"] = escape_text(without_pick_lines(written))
                        yield (gr.skip(), history, history, token, picks, *skip_cards)
                    else:  # the finished reply: its text is authoritative
                        history[-1]["content"] = escape_text(part.lead)
                        picks = part.to_dict()["picks"]
        except RecbotError as exc:
            history[-1]["content"] = escape_text(f"Sorry, that did not work: {exc}")
        yield (gr.skip(), history, history, token, picks, *cards(picks))

    def feedback(n: int, kind: str, token: str | None, catalog: str,
                 picks: list[dict[str, Any]]) -> Any:
        if n >= len(picks) or not token:
            return gr.skip()
        pick = picks[n]
        key = profile_key(token)
        if state.turn_limiter.acquire(key):
            return card_html(n + 1, pick, "Too many clicks; wait a moment.")
        try:
            with state.turn(key):
                bot.feedback(key, pick["id"], kind, catalog=catalog)  # type: ignore[arg-type]
        except RecbotError as exc:
            return card_html(n + 1, pick, f"Not saved: {exc}")
        status = ("You liked this: picks like it will come up more." if kind == "like"
                  else "Not for you: picks like it will come up less.")
        return card_html(n + 1, pick, status)

    def set_presentation(level: str, detail: str, token: str | None, catalog: str
                         ) -> tuple[str, str]:
        token = token or new_session()
        bot.set_preferences(profile_key(token), catalog=catalog, reading_level=level,
                            detail=detail)
        return f"Summaries from now on: {level} reading level, {detail}.", token

    def switch_catalog(catalog: str, level: str, detail: str, token: str | None
                       ) -> tuple[Any, ...]:
        token = token or new_session()
        bot.set_preferences(profile_key(token), catalog=catalog, reading_level=level,
                            detail=detail)
        return ([], [], token, [], f"Now chatting about {catalog}.", *cards([]))

    def restart() -> tuple[Any, ...]:
        return ([], [], new_session(), [], "", "standard", "brief", *cards([]))

    with gr.Blocks(title="recbot") as blocks:
        token = gr.State(None)
        history = gr.State([])
        picks = gr.State([])
        gr.Markdown("## recbot\n" + INTRO)
        with gr.Row():
            catalog = gr.Dropdown(catalogs or [default], value=default, label="Catalog",
                                  visible=len(catalogs) > 1, elem_id="recbot-catalog")
            level = gr.Radio(list(READING_LEVELS), value="standard", label="Reading level",
                             elem_id="recbot-level")
            detail = gr.Radio(list(DETAILS), value="brief", label="Detail",
                              elem_id="recbot-detail")
            new = gr.Button("New conversation", size="sm", elem_id="recbot-new")
        status = gr.Markdown("", elem_id="recbot-status")
        chat = gr.Chatbot(label="Chat", height=380, render_markdown=False, sanitize_html=True,
                          allow_tags=False, feedback_options=None, buttons=["copy", "copy_all"],
                          elem_id="recbot-chat")
        with gr.Row():
            message = gr.Textbox(placeholder="a funny space movie, nothing scary", lines=1,
                                 max_lines=4, max_length=MAX_MESSAGE, show_label=False, scale=6,
                                 autofocus=True, elem_id="recbot-message")
            send = gr.Button("Send", variant="primary", scale=1, elem_id="recbot-send")
        groups, bodies = [], []
        with gr.Column(elem_id="recbot-picks"):
            for n in range(MAX_CARDS):
                with gr.Group(visible=False, elem_classes=["recbot-pick"]) as group:
                    body = gr.HTML("", elem_classes=["recbot-pick-body"])
                    with gr.Row():
                        like = gr.Button("Like", size="sm", min_width=60,
                                         elem_classes=["recbot-like"])
                        dislike = gr.Button("Not for me", size="sm", min_width=60,
                                            elem_classes=["recbot-dislike"])
                groups.append(group)
                bodies.append(body)
                for button, kind in ((like, "like"), (dislike, "dislike")):
                    button.click(lambda *a, _n=n, _k=kind: feedback(_n, _k, *a),
                                 [token, catalog, picks], body, api_visibility="private")

        turn_outputs = [message, chat, history, token, picks, *groups, *bodies]
        for trigger in (send.click, message.submit):
            trigger(respond, [message, history, token, catalog, picks], turn_outputs,
                    api_visibility="private")
        for control in (level, detail):
            control.input(set_presentation, [level, detail, token, catalog], [status, token],
                          api_visibility="private")
        cleared = [chat, history, token, picks, status]
        catalog.input(switch_catalog, [catalog, level, detail, token],
                      [*cleared, *groups, *bodies], api_visibility="private")
        for clear in (new.click, chat.clear):  # the chat's bin starts afresh too
            clear(restart, None, [*cleared, level, detail, *groups, *bodies],
                  api_visibility="private")
        blocks.load(new_session, None, token, api_visibility="private")
    blocks.queue(default_concurrency_limit=16)
    return blocks
