"""The chat page and the widget in headless Chromium, against the real server on 127.0.0.1.

The widget is tested on a host page served from a second origin, as a site embedding
it would serve it. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.web_world import (
    LONG_TITLE,
    ODD_QUERY,
    XSS_QUERY,
    XSS_TITLE,
    build_world,
    make_bot,
)

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
TIMEOUT_MS = 90_000  # generous: a busy machine answers slowly, a broken page never

pytestmark = [
    pytest.mark.browser, pytest.mark.slow,
    # Skipped only on a developer's machine without chromium; in CI (CI=true) a missing
    # browser fails the tests instead, since .ci/run installs it.
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium")
                       and not os.environ.get("CI"),
                       reason="Debian's chromium is not installed (apt-get install chromium; "
                              ".ci/run installs it)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, object]]:
    from ui.app import build_app
    from ui.server import ServerThread

    folder = tmp_path_factory.mktemp("web-browser")
    bot = make_bot(build_world(folder), folder / "data")
    app = build_app(bot)
    with ServerThread(app) as url:
        yield url, app


@pytest.fixture(scope="module")
def host_page(server, tmp_path_factory) -> Iterator[str]:
    """The demo host page on a second origin (another port), its widget from the server."""
    from ui.app import DEMO_WIDGET_URL

    url, _ = server
    folder = tmp_path_factory.mktemp("host")
    page = (REPO / "ui" / "static" / "demo-host.html").read_text(encoding="utf-8")
    (folder / "index.html").write_text(page.replace(DEMO_WIDGET_URL, f"{url}/widget.js"))
    handler = partial(_QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def profile_of(app, token: str, catalog: str = "movies"):
    state = app.state.web
    return state.bot.store.profile(state.signer.verify(token).profile_key, catalog)


# -- the Gradio chat page ------------------------------------------------------------------


def ui_send(page, text: str) -> None:
    page.locator("#recbot-message textarea").fill(text)
    page.locator("#recbot-send").click()


def test_chat_page_send_a_message_see_cards_and_like_one(server, page):
    url, app = server
    page.goto(url + "/")
    ui_send(page, "I loved Toy Story and Jumanji")
    cards = page.locator(".recbot-card")
    cards.first.wait_for()
    assert cards.count() == 5
    chat = page.locator("#recbot-chat")
    assert "Noted, you liked: Toy Story (1995), Jumanji (1995)." in chat.inner_text()
    first = cards.first
    item_id = first.get_attribute("data-item-id")
    title = first.locator(".recbot-card-title").inner_text()
    assert title.startswith("1. ") and first.locator(".recbot-card-why").inner_text()
    page.locator(".recbot-like").first.click()
    page.get_by_text("You liked this").wait_for()
    # The like reached the profile of this page's session, and only that one.
    state = app.state.web
    liked = [key for key in _ui_profiles(state) if item_id in
             state.bot.store.profile(key, "movies").liked]
    assert len(liked) == 1
    shot(page, "chat-ui")
    assert page.errors == []


def test_chat_page_reading_level_control_changes_the_profile(server, page):
    url, app = server
    page.goto(url + "/")
    page.locator("#recbot-level").get_by_text("simple").click()
    page.get_by_text("Summaries from now on: simple reading level").wait_for()
    ui_send(page, "a funny movie")
    page.locator(".recbot-card").first.wait_for()
    state = app.state.web
    levels = [state.bot.store.profile(key, "movies").reading_level for key in _ui_profiles(state)
              if state.bot.store.history(key, "movies")
              and state.bot.store.history(key, "movies")[0].text == "a funny movie"]
    assert levels == ["simple"]


def test_chat_page_catalog_selector_switches_the_conversation(server, page):
    url, app = server
    page.goto(url + "/")
    page.locator("#recbot-catalog input").click()
    page.get_by_role("option", name="groceries").click()
    page.get_by_text("Now chatting about groceries.").wait_for()
    ui_send(page, "green tea")
    page.locator(".recbot-card").first.wait_for()
    ids = [card.get_attribute("data-item-id") for card in page.locator(".recbot-card").all()]
    groceries = app.state.web.bot.context.index("groceries")
    assert ids and len(groceries.get(ids)) == len(ids)  # every card is a grocery item


def test_chat_page_shows_a_hostile_title_as_text(server, page):
    url, _ = server
    page.goto(url + "/")
    ui_send(page, XSS_QUERY)
    page.locator(".recbot-card").first.wait_for()
    titles = page.locator(".recbot-card-title").all_inner_texts()
    assert any(XSS_TITLE in t for t in titles)
    assert "<script>window.__xss=2</script>" in page.locator("#recbot-picks").inner_text()
    ui_send(page, f"more like {XSS_TITLE}")  # markup in a message shows as typed, too
    page.get_by_text(f"more like {XSS_TITLE}", exact=True).wait_for()
    page.wait_for_timeout(300)  # an injected onerror would have fired by now
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    shot(page, "chat-ui-xss")
    assert page.errors == []


# The boxes, in CSS pixels, of the container, of the card in it and of the card's title text.
BOXES = """([card, container]) => {
    const text = document.createRange();
    text.selectNodeContents(card.querySelector('.recbot-card-title, .title'));
    const edges = box => ({left: box.left, right: box.right});
    return {container: edges(container.getBoundingClientRect()),
            card: edges(card.getBoundingClientRect()), text: edges(text.getBoundingClientRect())};
}"""


def assert_inside(boxes: dict) -> None:
    """The card within its container, the title's text within the card (1 px for rounding)."""
    for inner, outer in (("card", "container"), ("text", "card")):
        assert boxes[inner]["left"] >= boxes[outer]["left"] - 1, (inner, outer, boxes)
        assert boxes[inner]["right"] <= boxes[outer]["right"] + 1, (inner, outer, boxes)


def test_chat_page_a_long_unbroken_title_stays_inside_its_card(server, page):
    url, _ = server
    page.goto(url + "/")
    ui_send(page, ODD_QUERY)
    card = page.locator(".recbot-card", has_text=LONG_TITLE)
    card.wait_for()
    container = page.locator("#recbot-picks").element_handle()
    assert_inside(card.element_handle().evaluate_handle(
        "(card, container) => [card, container]", container).evaluate(BOXES))
    shot(page, "chat-ui-long-title")


def _ui_profiles(state) -> list[str]:
    from sqlalchemy import text

    with state.bot.store.engine.connect() as db:
        return [key for (key,) in db.execute(text(
            "SELECT DISTINCT session_id FROM profiles WHERE session_id LIKE 'web:_ui:%'"))]


# -- the widget on a foreign page ----------------------------------------------------------


def widget_chat(page, text: str) -> None:
    page.locator("recbot-chat input").fill(text)
    page.locator("recbot-chat form button").click()


def test_widget_on_a_foreign_page_streams_a_reply_and_shows_cards(server, host_page, page):
    url, app = server
    assert url.split(":")[-1] != host_page.split(":")[2].split("/")[0]  # two origins
    page.goto(host_page)
    page.locator("recbot-chat .bubble").click()
    page.locator("recbot-chat .panel").wait_for()
    # Record every text the bot's messages were given: streamed text grows in parts. (Each
    # textContent write puts in a new text node, so the records keep every state, even when
    # the deltas arrive in one network read and the observer is called once for all.)
    page.evaluate("""() => {
        const log = document.querySelector('recbot-chat').shadowRoot.querySelector('.log');
        window.__seen = [];
        new MutationObserver(records => {
            for (const record of records) {
                if (!record.target.classList || !record.target.classList.contains('bot')) continue;
                for (const node of record.addedNodes) {
                    if (node.nodeType === Node.TEXT_NODE) window.__seen.push(node.data);
                }
            }
        }).observe(log, {childList: true, subtree: true});
    }""")
    widget_chat(page, "I loved Toy Story and Jumanji")
    cards = page.locator("recbot-chat .card")
    cards.first.wait_for()
    assert cards.count() == 5
    reply = page.locator("recbot-chat .msg.bot").last.inner_text()
    assert reply.startswith("Noted, you liked: Toy Story (1995), Jumanji (1995).")
    seen = [s for s in page.evaluate("window.__seen") if s]
    partial_texts = [s for s in seen if s != reply and reply.startswith(s)]
    assert partial_texts, "the reply was not shown while it streamed"
    # The page's hostile styles did not reach the widget.
    background = page.locator("recbot-chat input").evaluate(
        "node => getComputedStyle(node).backgroundColor")
    assert background == "rgb(255, 255, 255)"
    # Like the first card: stored in the profile of this visitor's server-issued session.
    item_id = cards.first.get_attribute("data-item-id")
    like = cards.first.locator("button.like")
    like.click()
    page.wait_for_function("() => document.querySelector('recbot-chat').shadowRoot"
                           ".querySelector('.card button.like').getAttribute('aria-pressed')"
                           " === 'true'")
    token = page.evaluate(f"localStorage.getItem('recbot:{url}:demo:session')")
    assert item_id in profile_of(app, token).liked
    shot(page, "widget")
    assert page.errors == []


def test_widget_shows_a_hostile_title_as_text(server, host_page, page):
    page.goto(host_page)
    page.locator("recbot-chat .bubble").click()
    widget_chat(page, XSS_QUERY)
    page.locator("recbot-chat .card").first.wait_for()
    titles = page.locator("recbot-chat .card .title").all_inner_texts()
    assert XSS_TITLE in titles
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelector('recbot-chat').shadowRoot"
                         ".querySelectorAll('img').length") == 0
    shot(page, "widget-xss")
    assert page.errors == []


def test_widget_a_long_unbroken_title_stays_inside_its_card(server, host_page, page):
    page.goto(host_page)
    page.locator("recbot-chat .bubble").click()
    widget_chat(page, ODD_QUERY)
    card = page.locator("recbot-chat .card", has_text=LONG_TITLE)
    card.wait_for()
    container = page.locator("recbot-chat .log").element_handle()
    assert_inside(card.element_handle().evaluate_handle(
        "(card, container) => [card, container]", container).evaluate(BOXES))
    shot(page, "widget-long-title")
