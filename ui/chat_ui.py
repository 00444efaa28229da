"""The Gradio chat page: the conversation with each answer's picks inside it.

Thin by design: every turn is `Bot.stream`, every card button `Bot.feedback` (or
`Bot.summaries` to open a card), every control `Bot.set_preferences`. The session
token lives in server-side state (a browser tab cannot choose or see another's),
issued like the widget's under the reserved site `_ui`.

The thread is one `gr.HTML` written by `ui.thread` with every value escaped; its
script only passes a clicked button's `data-act` and `data-at` to the server, keeps
the reader's place and focus when the thread is written again, and follows new
answers down.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import gradio as gr

from bot.errors import RecbotError
from bot.profiles import DETAILS, READING_LEVELS
from bot.turn import MAX_MESSAGE, without_pick_lines
from ui.thread import Conversation, at, card, last_answer, render

if TYPE_CHECKING:
    from ui.api import WebState

UI_SITE = "_ui"  # site keys cannot start with "_": no widget key can reach UI sessions
ACTS = ("like", "dislike", "open")
# A catalog's text may hold words longer than a card is wide (a 200-letter title, a URL):
# they break anywhere rather than run out of the card.
CSS = """
#recbot-thread .rb-thread {max-height: 62vh; overflow-y: auto; display: flex;
  flex-direction: column; gap: 10px; padding: 10px; border: 1px solid
  var(--border-color-primary); border-radius: 8px; background: var(--background-fill-secondary);
  min-height: 200px;}
#recbot-thread .rb-msg {max-width: 100%; padding: 8px 12px; border-radius: 10px;
  white-space: pre-wrap; overflow-wrap: anywhere;}
#recbot-thread .rb-user {align-self: flex-end; max-width: 80%; background: #2b2f36;
  color: #fff;}
#recbot-thread .rb-bot {align-self: stretch; background: var(--background-fill-primary);
  border: 1px solid var(--border-color-primary);}
#recbot-thread .rb-cards {list-style: none; margin: 8px 0 0; padding: 0; display: grid;
  gap: 10px; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); white-space: normal;}
#recbot-thread .rb-cards > li {min-width: 0; margin: 0;}
#recbot-thread .rb-card {border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 10px 12px; background: var(--background-fill-secondary); overflow-wrap: anywhere;}
#recbot-thread .rb-card[data-status="like"] {border-color: var(--color-accent);
  box-shadow: inset 3px 0 0 var(--color-accent);}
#recbot-thread .rb-card[data-status="dislike"] {border-style: dashed;}
#recbot-thread .rb-card-title {font-weight: 600; font-size: 1.05em; margin-bottom: 4px;}
#recbot-thread .rb-card p {margin: 4px 0;}
#recbot-thread .rb-card-why, #recbot-thread .rb-card-status {font-size: 0.9em;
  color: var(--body-text-color);}
#recbot-thread .rb-card-actions {display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px;}
#recbot-thread .rb-card-actions button {border: 1px solid var(--border-color-primary);
  border-radius: 6px; padding: 3px 10px; background: var(--background-fill-primary);
  color: var(--body-text-color); cursor: pointer; font-size: 0.9em;}
#recbot-thread .rb-card-actions button[aria-pressed="true"] {background: #2b2f36;
  color: #fff; border-color: #2b2f36;}
#recbot-thread button:focus-visible {outline: 3px solid var(--color-accent); outline-offset: 2px;}
#recbot-thread .rb-hidden, #recbot-thread .rb-live {position: absolute; width: 1px;
  height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;}
"""
# Click -> the act and the card it names, to the server; the thread written again ->
# the reader's place and focus kept, or a new answer followed down.
THREAD_JS = """
let pending = null;
const log = () => element.querySelector('.rb-thread');
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-act]');
  if (!button || !element.contains(button)) return;
  const action = {act: button.dataset.act, at: button.dataset.at};
  pending = {...action, scroll: log() ? log().scrollTop : 0};
  props.value = {...props.value, action: action};
  trigger('card_action');
});
watch('value', () => {
  const thread = log();
  if (!thread) return;
  if (!pending) { thread.scrollTop = thread.scrollHeight; return; }
  thread.scrollTop = pending.scroll;
  const again = element.querySelector(
    `button[data-act="${pending.act}"][data-at="${pending.at}"]`);
  if (again) again.focus({preventScroll: true});
  if (!props.value.action) pending = null;  // the server's answer, not our own change
});
"""
INTRO = ("Ask for something (\"a funny space movie for my 8-year-old, nothing scary\"), "
         "name a few favourites, or say \"more like the second one\". Like a pick, or say "
         "it is not for you, to steer the next ones.")


def theme() -> gr.themes.Base:
    """Gradio's default look with a primary colour dark enough for white text (WCAG AA:
    the default orange gives 2.8:1) in the light and the dark theme."""
    dark = "*primary_700"
    return gr.themes.Default(primary_hue="blue").set(
        button_primary_background_fill=dark, button_primary_background_fill_dark=dark,
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_hover_dark="*primary_800",
        button_primary_text_color="white", button_primary_text_color_dark="white",
        color_accent="*primary_700", color_accent_soft="*primary_100",
        color_accent_soft_dark="*primary_800")


def thread_value(conversation: Conversation, announce: str = "") -> dict[str, Any]:
    return {"html": render(conversation, announce), "action": None}


def build_chat_ui(state: WebState) -> gr.Blocks:
    """The chat page as Gradio Blocks (mounted by `ui.app.build_app`)."""
    bot = state.bot
    catalogs = state.catalogs()
    default = state.default_catalog()

    def new_session() -> str:
        return state.signer.issue(UI_SITE)

    def profile_key(token: str) -> str:
        return state.signer.verify(token, site=UI_SITE).profile_key

    def respond(message: str, conversation: Conversation, token: str | None, catalog: str
                ) -> Iterator[tuple[Any, ...]]:
        token = token or new_session()
        text = (message or "").strip()
        if not text:
            yield gr.skip(), gr.skip(), gr.skip(), token
            return
        answer: dict[str, Any] = {"role": "bot", "text": "", "cards": []}
        conversation = [*conversation, {"role": "user", "text": text[:MAX_MESSAGE]}, answer]
        key = profile_key(token)
        if state.turn_limiter.acquire(key):
            answer["text"] = "You are sending messages very fast; wait a moment."
            yield "", thread_value(conversation, answer["text"]), conversation, token
            return
        yield "", thread_value(conversation), conversation, token
        try:
            with state.turn(key):
                written = ""
                for part in bot.stream(key, text, catalog=catalog):
                    if isinstance(part, str):  # pick lines become the cards at the end
                        written += part
                        answer["text"] = without_pick_lines(written)
                        yield gr.skip(), thread_value(conversation), conversation, token
                    else:  # the finished reply: its text is authoritative
                        answer["text"] = part.lead
                        answer["cards"] = [card(p) for p in part.to_dict()["picks"]]
        except RecbotError as exc:
            answer["text"] = f"Sorry, that did not work: {exc}"
        picked = len(answer["cards"])
        announce = answer["text"] + (f" {picked} picks." if picked else "")
        yield gr.skip(), thread_value(conversation, announce), conversation, token

    def card_action(value: dict[str, Any] | None, conversation: Conversation,
                    token: str | None, catalog: str) -> tuple[Any, ...]:
        action = (value or {}).get("action") or {}
        pick = at(conversation, action.get("at"))
        act = action.get("act")
        if pick is None or act not in ACTS or not token:
            return thread_value(conversation), conversation
        key = profile_key(token)
        if act == "open":
            pick["detail"] = "" if pick["detail"] else bot.summaries(
                key, [pick["id"]], catalog=catalog, detail="detailed").get(pick["id"], "")
            return thread_value(conversation), conversation
        if state.turn_limiter.acquire(key):
            pick["note"] = "Too many clicks; wait a moment."
            return thread_value(conversation, pick["note"]), conversation
        undo = pick["status"] == act  # a pressed button pressed again takes it back
        try:
            with state.turn(key):
                bot.feedback(key, pick["id"], "clear" if undo else act,
                             catalog=catalog)
        except RecbotError as exc:
            pick["note"] = f"Not saved: {exc}"
            return thread_value(conversation, pick["note"]), conversation
        pick["status"] = "" if undo else act
        pick["note"] = "Taken back." if undo else ""
        said = pick["note"] or ("Liked." if act == "like" else "Marked not for you.")
        return thread_value(conversation, f"{pick['title']}: {said}"), conversation

    def set_presentation(level: str, detail: str, conversation: Conversation,
                         token: str | None, catalog: str) -> tuple[Any, ...]:
        """The new level and detail, and the latest answer presented again in them."""
        token = token or new_session()
        key = profile_key(token)
        bot.set_preferences(key, catalog=catalog, reading_level=level, detail=detail)
        note = f"Summaries from now on: {level} reading level, {detail}."
        n = last_answer(conversation)
        if n is not None:
            cards = conversation[n]["cards"]
            ids = [c["id"] for c in cards]
            summaries = bot.summaries(key, ids, catalog=catalog)
            opened = bot.summaries(key, [c["id"] for c in cards if c["detail"]],
                                   catalog=catalog, detail="detailed")
            for c in cards:
                c["summary"] = summaries.get(c["id"], c["summary"])
                c["detail"] = opened.get(c["id"], "") if c["detail"] else ""
        return note, thread_value(conversation, note), conversation, token

    def switch_catalog(catalog: str, about: str, level: str, detail: str, token: str | None
                       ) -> tuple[Any, ...]:
        if catalog == about:  # tabbing through the list chose the same one: nothing to do
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        token = token or new_session()
        bot.set_preferences(profile_key(token), catalog=catalog, reading_level=level,
                            detail=detail)
        note = f"Now chatting about {catalog}."
        return thread_value([], note), [], token, note, catalog

    def restart() -> tuple[Any, ...]:
        return thread_value([]), [], new_session(), "", "standard", "brief"

    with gr.Blocks(title="recbot") as blocks:
        token = gr.State(None)
        conversation = gr.State([])
        about = gr.State(default)  # the catalog the conversation is about
        gr.Markdown("# recbot\n" + INTRO)
        with gr.Row():
            catalog = gr.Dropdown(catalogs or [default], value=default, label="Catalog",
                                  visible=len(catalogs) > 1, elem_id="recbot-catalog")
            level = gr.Radio(list(READING_LEVELS), value="standard", label="Reading level",
                             elem_id="recbot-level")
            detail = gr.Radio(list(DETAILS), value="brief", label="Detail",
                              elem_id="recbot-detail")
            new = gr.Button("New conversation", size="sm", elem_id="recbot-new")
        status = gr.Markdown("", elem_id="recbot-status")
        thread = gr.HTML(thread_value([]), html_template="${value.html}", js_on_load=THREAD_JS,
                         elem_id="recbot-thread", apply_default_css=False)
        with gr.Row():
            message = gr.Textbox(placeholder="a funny space movie, nothing scary", lines=1,
                                 max_lines=4, max_length=MAX_MESSAGE, show_label=False, scale=6,
                                 autofocus=True, elem_id="recbot-message",
                                 label="Your message")
            send = gr.Button("Send", variant="primary", scale=1, elem_id="recbot-send")

        for trigger in (send.click, message.submit):
            trigger(respond, [message, conversation, token, catalog],
                    [message, thread, conversation, token], api_visibility="private")
        thread.card_action(card_action, [thread, conversation, token, catalog],
                           [thread, conversation], api_visibility="private")
        for control in (level, detail):
            control.input(set_presentation, [level, detail, conversation, token, catalog],
                          [status, thread, conversation, token], api_visibility="private")
        catalog.input(switch_catalog, [catalog, about, level, detail, token],
                      [thread, conversation, token, status, about], api_visibility="private")
        new.click(restart, None, [thread, conversation, token, status, level, detail],
                  api_visibility="private")
        blocks.load(new_session, None, token, api_visibility="private")
    blocks.queue(default_concurrency_limit=16)
    return blocks
