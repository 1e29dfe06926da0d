"""Take docs/screenshot.png: the page at / on the bundled example, in headless Chromium.

    PYTHONPATH=src python scripts/screenshot.py [--out docs/screenshot.png] [--chromium /usr/bin/chromium]

Needs FastAPI, uvicorn, Playwright for Python and a Chromium binary (Debian's
``chromium`` package; Playwright's own browser download is not used).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--focus", default="spun,injected,mojibake,repeated", metavar="KINDS",
                    help="keyboard-focus the first finding of the first of these kinds found, so its "
                    "tooltip shows ('' for none)")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from unspin.server import create_app
    from unspin.server.background import serve_in_thread

    with serve_in_thread(create_app()) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900}, device_scale_factor=1)
        page.goto(base + "/")
        page.wait_for_selector("#marked mark.f")
        for kind in filter(None, args.focus.split(",")):
            marks = page.locator(f"#marked mark.k-{kind.strip()}[tabindex]")
            if marks.count():
                marks.first.focus()
                page.wait_for_selector("#tip:not([hidden])")
                break
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.out, full_page=True)
        browser.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
