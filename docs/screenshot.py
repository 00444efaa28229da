"""Take the chat page and widget screenshots in the docs (docs/images/*.png).

Start a server on the demo data first, then point this at it:

    recbot serve --demo --port 7871 &
    python docs/screenshot.py --url http://127.0.0.1:7871/

It drives Debian's Chromium through Playwright (never `playwright install`): it asks
for something, likes the first pick, asks a follow-up, and saves the page with the
conversation (each answer's picks inside it) in the light and the dark theme,
1280 pixels wide; then the widget on the demo host page (`/demo`), asked the same,
in the visitor's light and dark system setting.
"""

from __future__ import annotations

import argparse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
MESSAGES = ("a funny space movie for my 8-year-old, nothing scary", "something older")
OUT = Path(__file__).parent / "images"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        for theme, name in (("light", "chat-page.png"), ("dark", "chat-page-dark.png")):
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.set_default_timeout(120_000)
            page.goto(f"{args.url.rstrip('/')}/?__theme={theme}")
            for n, message in enumerate(MESSAGES, start=1):
                page.locator("#recbot-message textarea").fill(message)
                page.locator("#recbot-send").click()
                page.wait_for_function(
                    "n => document.querySelectorAll('#recbot-thread .rb-bot').length >= n"
                    " && document.querySelector('#recbot-thread .rb-live').textContent",
                    arg=n)
                if n == 1:
                    page.locator("#recbot-thread .rb-card button.rb-like").first.click()
                    page.wait_for_function("() => document.querySelector("
                                           "'#recbot-thread .rb-card').dataset.status")
            # The whole conversation in the picture, not the thread's scrolled window.
            page.add_style_tag(content="#recbot-thread .rb-thread {max-height: none !important}")
            page.wait_for_timeout(500)
            args.out.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out / name), full_page=True)
            print(f"saved {args.out / name}")
            page.close()
        for theme, name in (("light", "widget.png"), ("dark", "widget-dark.png")):
            page = browser.new_page(viewport={"width": 1100, "height": 760},
                                    color_scheme=theme)  # the demo page's widget: data-theme=auto
            page.set_default_timeout(120_000)
            page.goto(f"{args.url.rstrip('/')}/demo")
            page.locator("recbot-chat .bubble").click()
            page.locator("recbot-chat input").fill(MESSAGES[0])
            page.locator("recbot-chat form button").click()
            page.locator("recbot-chat .card").first.wait_for()
            page.wait_for_timeout(500)
            page.screenshot(path=str(args.out / name))
            print(f"saved {args.out / name}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
