"""The chat page and the widget in headless Chromium, against the real server on 127.0.0.1.

The widget is tested on a host page served from a second origin, as a site embedding
it would serve it. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
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
def site(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A second origin (another port) serving a folder of host pages: (folder, base URL)."""
    folder = tmp_path_factory.mktemp("host")
    handler = partial(_QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def host_page(server, site) -> str:
    """The demo host page on the second origin, its widget from the server."""
    from ui.app import DEMO_WIDGET_URL

    url, _ = server
    folder, base = site
    page = (REPO / "ui" / "static" / "demo-host.html").read_text(encoding="utf-8")
    (folder / "index.html").write_text(page.replace(DEMO_WIDGET_URL, f"{url}/widget.js"))
    return f"{base}/index.html"


def widget_page(server, site, name: str, attributes: str = "", before: str = "") -> str:
    """A host page `name` on the second origin whose widget tag has `attributes` (after
    `data-key="demo" data-catalog="movies"`) and `before` it a script of the page's own."""
    url, _ = server
    folder, base = site
    (folder / name).write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{name}</title></head><body><main><h1>A shop page</h1>"
        f'<p><button type="button" id="site-help">Help</button> <a href="other.html">Other'
        f" page</a></p></main><script>{before}</script>"
        f'<script src="{url}/widget.js" data-key="demo" data-catalog="movies" {attributes} '
        f"async></script></body></html>", encoding="utf-8")
    return f"{base}/{name}"


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


def answers(page):
    return page.locator("#recbot-thread .rb-bot")


def wait_for_answers(page, count: int) -> None:
    """Until `count` answers are in the thread, the last one finished (cards or not)."""
    page.wait_for_function(
        "n => { const a = document.querySelectorAll('#recbot-thread .rb-bot');"
        " return a.length >= n && a[n - 1].querySelector('.rb-text').textContent.length > 0"
        " && document.querySelector('#recbot-thread .rb-live').textContent.length > 0; }",
        arg=count)


def first_answer(page, url: str, path: str = "/"):
    """The chat page at `path`, after it answered the liking of two films."""
    page.goto(url + path)
    ui_send(page, "I loved Toy Story and Jumanji")
    wait_for_answers(page, 1)
    return answers(page).nth(0)


def wait_for_like_button(page, item_id: str, pressed: bool) -> None:
    page.wait_for_function("([id, pressed]) => document.querySelector(`#recbot-thread "
                           ".rb-card[data-item-id=\"${id}\"] button.rb-like`)"
                           ".getAttribute('aria-pressed') === pressed",
                           arg=[item_id, "true" if pressed else "false"])


def test_chat_page_picks_stay_inside_the_conversation(server, page):
    """Each answer's picks are cards under it in the thread; the next answer adds its own
    and leaves the earlier ones where they were."""
    url, app = server
    first = first_answer(page, url)
    assert first.locator(".rb-card").count() == 5
    assert "Noted, you liked: Toy Story (1995), Jumanji (1995)." in first.inner_text()
    card = first.locator(".rb-card").first
    assert card.locator(".rb-card-title").inner_text().startswith("1. ")
    assert card.locator(".rb-card-why").inner_text().startswith("Why: ")
    earlier_ids = [c.get_attribute("data-item-id") for c in first.locator(".rb-card").all()]
    ui_send(page, "a documentary")
    wait_for_answers(page, 2)
    assert [c.get_attribute("data-item-id")
            for c in answers(page).nth(0).locator(".rb-card").all()] == earlier_ids
    assert answers(page).nth(1).locator(".rb-card").count() >= 1
    # The thread reads in order: you, recbot, you, recbot.
    roles = page.locator("#recbot-thread .rb-msg").evaluate_all(
        "nodes => nodes.map(n => n.classList.contains('rb-user') ? 'you' : 'bot')")
    assert roles == ["you", "bot", "you", "bot"]
    shot(page, "chat-ui")
    assert page.errors == []


def test_chat_page_a_like_shows_on_its_card_and_can_be_taken_back(server, page):
    url, app = server
    card = first_answer(page, url).locator(".rb-card").nth(1)
    item_id = card.get_attribute("data-item-id")
    like = card.locator("button.rb-like")
    assert like.get_attribute("aria-pressed") == "false"
    like.click()
    wait_for_like_button(page, item_id, pressed=True)
    card = page.locator(f'#recbot-thread .rb-card[data-item-id="{item_id}"]')
    assert "You liked this" in card.locator(".rb-card-status").inner_text()
    state = app.state.web
    keys = [k for k in _ui_profiles(state) if item_id in state.bot.store.profile(k, "movies").liked]
    assert len(keys) == 1  # this page's session, and only that one
    card.locator("button.rb-like").click()  # pressed again: taken back
    wait_for_like_button(page, item_id, pressed=False)
    assert item_id not in state.bot.store.profile(keys[0], "movies").liked
    assert "Taken back" in card.locator(".rb-card-status").inner_text()
    card.locator("button.rb-dislike").click()
    page.wait_for_function("id => document.querySelector(`#recbot-thread .rb-card"
                           "[data-item-id=\"${id}\"]`).dataset.status === 'dislike'",
                           arg=item_id)
    assert item_id in state.bot.store.profile(keys[0], "movies").disliked
    assert page.errors == []


def test_chat_page_a_card_opens_for_the_detailed_summary(server, page):
    url, _ = server
    card = first_answer(page, url).locator(".rb-card").first
    more = card.locator("button.rb-open")
    assert more.get_attribute("aria-expanded") == "false" and card.locator(
        ".rb-card-detail").count() == 0
    more.click()
    detail = card.locator(".rb-card-detail")
    detail.wait_for()
    assert card.locator("button.rb-open").get_attribute("aria-expanded") == "true"
    assert len(detail.inner_text()) > len(card.locator(".rb-card-summary").inner_text())
    shot(page, "chat-ui-opened-card")
    card.locator("button.rb-open").click()
    detail.wait_for(state="detached")
    assert page.errors == []


def test_chat_page_reading_level_presents_the_last_answer_again_in_place(server, page):
    url, app = server
    page.goto(url + "/")
    ui_send(page, "a funny movie")
    wait_for_answers(page, 1)
    cards = answers(page).nth(0).locator(".rb-card")
    ids = [c.get_attribute("data-item-id") for c in cards.all()]
    before = cards.locator(".rb-card-summary").all_inner_texts()
    page.locator("#recbot-level").get_by_text("simple").click()
    status = page.locator("#recbot-status")
    status.get_by_text("Summaries from now on: simple reading level").wait_for()
    page.wait_for_function("old => JSON.stringify([...document.querySelectorAll("
                           "'#recbot-thread .rb-card-summary')].map(n => n.textContent))"
                           " !== old", arg=json.dumps(before))
    after = answers(page).nth(0).locator(".rb-card")
    assert [c.get_attribute("data-item-id") for c in after.all()] == ids  # the same picks
    assert answers(page).count() == 1  # in place, not a new answer
    assert after.locator(".rb-card-summary").all_inner_texts() != before
    state = app.state.web
    levels = [state.bot.store.profile(key, "movies").reading_level for key in _ui_profiles(state)
              if state.bot.store.history(key, "movies")
              and state.bot.store.history(key, "movies")[0].text == "a funny movie"]
    assert levels == ["simple"]


def test_chat_page_keyboard_only_send_and_like(server, page):
    """Type, send with Enter, Tab to a card's Like and press it: the focus stays on it."""
    url, app = server
    page.goto(url + "/")
    page.locator("#recbot-message textarea").focus()
    page.keyboard.type("I loved Toy Story and Jumanji")
    page.keyboard.press("Enter")
    wait_for_answers(page, 1)
    like = answers(page).nth(0).locator(".rb-card").first.locator("button.rb-like")
    for _ in range(40):  # Tab along the page until the first card's Like has the focus
        page.keyboard.press("Tab")
        if like.evaluate("node => node === document.activeElement"):
            break
    shot(page, "chat-ui-keyboard")
    assert like.evaluate("node => node === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement"
                           ".getAttribute('aria-pressed') === 'true'")
    assert page.evaluate("document.activeElement.classList.contains('rb-like')")
    assert page.locator("#recbot-thread .rb-live").inner_text().endswith(": Liked.")
    assert page.errors == []


def test_chat_page_catalog_selector_switches_the_conversation(server, page):
    url, app = server
    page.goto(url + "/")
    page.locator("#recbot-catalog input").click()
    page.get_by_role("option", name="groceries").click()
    page.locator("#recbot-status").get_by_text("Now chatting about groceries.").wait_for()
    ui_send(page, "green tea")
    wait_for_answers(page, 1)
    ids = [card.get_attribute("data-item-id")
           for card in page.locator("#recbot-thread .rb-card").all()]
    groceries = app.state.web.bot.context.index("groceries")
    assert ids and len(groceries.get(ids)) == len(ids)  # every card is a grocery item


def test_chat_page_shows_a_hostile_title_as_text(server, page):
    url, _ = server
    page.goto(url + "/")
    ui_send(page, XSS_QUERY)
    wait_for_answers(page, 1)
    titles = page.locator("#recbot-thread .rb-card-title").all_inner_texts()
    assert any(XSS_TITLE in t for t in titles)
    assert "<script>window.__xss=2</script>" in page.locator("#recbot-thread").inner_text()
    ui_send(page, f"more like {XSS_TITLE}")  # markup in a message shows as typed, too
    wait_for_answers(page, 2)
    assert f"more like {XSS_TITLE}" in page.locator("#recbot-thread .rb-user").nth(1).inner_text()
    page.wait_for_timeout(300)  # an injected onerror would have fired by now
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    shot(page, "chat-ui-xss")
    assert page.errors == []


# The boxes, in CSS pixels, of the container, of the card in it and of the card's title text.
BOXES = """([card, container]) => {
    const text = document.createRange();
    text.selectNodeContents(card.querySelector('.rb-card-title, .title'));
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
    card = page.locator("#recbot-thread .rb-card", has_text=LONG_TITLE)
    card.wait_for()
    container = page.locator("#recbot-thread .rb-thread").element_handle()
    assert_inside(card.element_handle().evaluate_handle(
        "(card, container) => [card, container]", container).evaluate(BOXES))
    shot(page, "chat-ui-long-title")


AXE = REPO / "tests" / "vendor" / "axe.min.js"  # axe-core, see tests/vendor/README.md


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical accessibility violations on the page as it is."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id}: ${v.help} (${v.nodes.length}): `
                      + v.nodes.slice(0, 2).map(n => n.html.slice(0, 120) + ' '
                                                + n.failureSummary.slice(0, 160)).join(' | '));
    }""")
    return list(found)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_chat_page_passes_axe_and_is_looked_at_on_desktop_and_phone(server, browser, theme):
    """No serious or critical axe-core violation with picks on the page, in either theme;
    screenshots of both widths go to test-artifacts/ (the desktop ones to the docs)."""
    url, _ = server
    for name, viewport in (("desktop", {"width": 1100, "height": 900}),
                           ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        first_answer(page, url, f"/?__theme={theme}").locator(".rb-card").first.locator(
            "button.rb-like").click()
        page.wait_for_function("() => document.querySelector('#recbot-thread .rb-card')"
                               ".dataset.status === 'like'")
        assert serious_violations(page) == [], (name, theme)
        # The cards fit a phone's width: nothing wider than the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"] + 1, (name, width)
        shot(page, f"chat-ui-{name}-{theme}")
        context.close()


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
    assert serious_violations(page) == []
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


def in_widget(page, script: str):
    """`script` evaluated with `root` bound to the widget's shadow root."""
    return page.evaluate("() => { const root = document.querySelector('recbot-chat')"
                         f".shadowRoot; return ({script}); }}")


def wait_in_widget(page, condition: str) -> None:
    page.wait_for_function("() => { const host = document.querySelector('recbot-chat');"
                           " if (!host) return false; const root = host.shadowRoot;"
                           f" return ({condition}); }}")


QUEUE = ("window.recbot = window.recbot || function () { (window.recbot.q = window.recbot.q"
         " || []).push(arguments); }; window.__said = [];"
         " recbot('on', 'message', function (m) { window.__said.push(m); });"
         " recbot('on', 'feedback', function (f) { window.__said.push(f); });")


def test_widget_theme_words_and_api_calls_queued_before_it_loads(server, site, page):
    """A site sets a dark theme, its own colour, its own words and no launcher, and talks
    to the widget through `recbot(...)` before the script has even loaded."""
    url = widget_page(server, site, "themed.html",
                      'data-theme="dark" data-accent="#1a7f37" data-launcher="hidden" '
                      'data-strings=\'{"send": "Envoyer", "placeholder": "Votre message",'
                      ' "like": "J\\u2019aime"}\'',
                      before=QUEUE + " recbot('ask', 'I loved Toy Story and Jumanji');"
                      " document.getElementById('site-help').addEventListener('click',"
                      " function () { recbot('open'); });")
    page.goto(url)
    wait_in_widget(page, "root.querySelectorAll('.card').length === 5")
    assert in_widget(page, "getComputedStyle(root.querySelector('.bubble')).display") == "none"
    assert in_widget(page, "root.querySelector('form button').textContent") == "Envoyer"
    assert in_widget(page, "root.querySelector('input').placeholder") == "Votre message"
    assert in_widget(page, "root.querySelector('.card button.like').textContent") == "J\u2019aime"
    user = in_widget(page, "getComputedStyle(root.querySelector('.msg.user')).backgroundColor")
    assert user == "rgb(26, 127, 55)"  # the site's accent
    panel = in_widget(page, "getComputedStyle(root.querySelector('.panel')).backgroundColor")
    assert panel == "rgb(34, 39, 46)"  # dark
    said = page.evaluate("window.__said")
    assert [m["role"] for m in said] == ["user", "bot"] and len(said[1]["picks"]) == 5
    page.evaluate("recbot('close')")
    wait_in_widget(page, "!root.querySelector('.frame').classList.contains('open')")
    page.evaluate("recbot.open()")  # the same commands as methods
    wait_in_widget(page, "root.querySelector('.frame').classList.contains('open')")
    assert serious_violations(page) == []
    shot(page, "widget-dark")
    page.evaluate("recbot('close')")
    wait_in_widget(page, "!root.querySelector('.frame').classList.contains('open')")
    # Without a launcher, the site's own button opens it, and gets the focus back on Escape.
    page.locator("#site-help").focus()
    page.keyboard.press("Enter")
    wait_in_widget(page, "root.activeElement === root.querySelector('input')")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.id === 'site-help'")
    assert page.errors == []


def test_widget_keeps_the_conversation_on_the_sites_next_page(server, site, page):
    url, app = server
    first = widget_page(server, site, "shop.html", before=QUEUE)
    widget_page(server, site, "other.html")
    page.goto(first)
    page.locator("recbot-chat .bubble").click()
    widget_chat(page, "I loved Toy Story and Jumanji")
    cards = page.locator("recbot-chat .card")
    cards.first.wait_for()
    item_id = cards.nth(1).get_attribute("data-item-id")
    cards.nth(1).locator("button.like").click()
    wait_in_widget(page, "root.querySelectorAll('.card')[1].querySelector('button.like')"
                         ".getAttribute('aria-pressed') === 'true'")
    assert {"item_id": item_id, "kind": "like"} in page.evaluate("window.__said")
    page.get_by_text("Other page").click()  # the site's next page
    page.wait_for_url("**/other.html")
    wait_in_widget(page, "root.querySelectorAll('.card').length === 5")
    assert in_widget(page, "root.querySelector('.frame').classList.contains('open')")
    assert "Noted, you liked: Toy Story (1995), Jumanji (1995)." in in_widget(
        page, "root.querySelector('.log').textContent")
    like = page.locator(f'recbot-chat .card[data-item-id="{item_id}"] button.like')
    assert like.get_attribute("aria-pressed") == "true"
    token = page.evaluate(f"localStorage.getItem('recbot:{url}:demo:session')")
    assert item_id in profile_of(app, token).liked
    like.click()  # pressed again: taken back, on the server too
    wait_in_widget(page, f"root.querySelector('.card[data-item-id=\"{item_id}\"] button.like')"
                         ".getAttribute('aria-pressed') === 'false'")
    assert item_id not in profile_of(app, token).liked
    assert page.errors == []


def test_widget_keyboard_only(server, site, page):
    """Tab to the bubble, open it, type and send, move through the cards and like one;
    the focus stays in the open chat, and Escape gives it back to the bubble."""
    page.goto(widget_page(server, site, "keys.html"))
    page.locator("recbot-chat .bubble").wait_for()
    for _ in range(10):
        page.keyboard.press("Tab")
        if in_widget(page, "root.activeElement === root.querySelector('.bubble')"):
            break
    assert in_widget(page, "root.activeElement === root.querySelector('.bubble')")
    page.keyboard.press("Enter")
    wait_in_widget(page, "root.activeElement === root.querySelector('input')")
    page.keyboard.type("I loved Toy Story and Jumanji")
    page.keyboard.press("Enter")
    wait_in_widget(page, "root.querySelectorAll('.card').length === 5"
                         " && !root.querySelector('form button').disabled")
    # Shift+Tab from the message box goes back through the cards: the last card's
    # buttons first; Space likes.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert in_widget(page, "root.activeElement.className") == "like"
    page.keyboard.press("Space")
    wait_in_widget(page, "root.activeElement.getAttribute('aria-pressed') === 'true'")
    # Tab past the last control comes back to the first: the focus never leaves the chat.
    for _ in range(20):
        page.keyboard.press("Tab")
        assert in_widget(page, "root.querySelector('.panel').contains(root.activeElement)")
    live = in_widget(page, "root.querySelector('[role=status]').textContent")
    assert live.endswith(": Liked")
    page.keyboard.press("Escape")
    wait_in_widget(page, "!root.querySelector('.frame').classList.contains('open')"
                         " && root.activeElement === root.querySelector('.bubble')")
    assert page.errors == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_widget_on_a_phone_takes_the_whole_screen(server, site, browser, theme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(widget_page(server, site, f"phone-{theme}.html", f'data-theme="{theme}"'))
    page.locator("recbot-chat .bubble").click()
    widget_chat(page, "I loved Toy Story and Jumanji")
    page.locator("recbot-chat .card").first.wait_for()
    box = page.locator("recbot-chat .panel").bounding_box()
    assert box is not None and box["x"] == 0 and box["y"] == 0
    assert box["width"] == 390 and box["height"] == 844
    assert serious_violations(page) == []
    shot(page, f"widget-phone-{theme}")
    context.close()
