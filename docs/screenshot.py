"""Take the chat page screenshot shown in the README (docs/images/chat-page.png).

Start a server on the demo data first, then point this at it:

    recbot serve --demo --port 7871 &
    python docs/screenshot.py --url http://127.0.0.1:7871/

It drives Debian's Chromium through Playwright (never `playwright install`), sends
one message, waits for the picks, and saves the page down to the first row of
picks (1280 pixels wide, about 1000 high).
"""

from __future__ import annotations

import argparse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
MESSAGE = "a funny space movie for my 8-year-old, nothing scary"
OUT = Path(__file__).parent / "images" / "chat-page.png"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--message", default=MESSAGE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_default_timeout(120_000)
        page.goto(args.url)
        page.locator("#recbot-message textarea").fill(args.message)
        page.locator("#recbot-send").click()
        page.locator(".recbot-card").first.wait_for()
        page.wait_for_timeout(1_000)  # let the streamed reply settle
        # Down to the end of the first row of pick cards: the controls, the
        # conversation and the first picks, about 1280x1000.
        boxes = [box for box in (pick.bounding_box() for pick in
                                 page.locator(".recbot-pick").all()) if box]
        first_row = [box for box in boxes if abs(box["y"] - boxes[0]["y"]) < 1]
        bottom = max(box["y"] + box["height"] for box in first_row) + 6
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": bottom})
        browser.close()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
