"""The page at / in real headless Chromium (Debian's chromium, driven by Playwright).

Skips cleanly when FastAPI, Playwright or a Chromium binary is missing. Set
UNSPIN_CHROMIUM to use a browser other than /usr/bin/chromium.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the 'serve' extra (fastapi) is not installed")
pytest.importorskip("uvicorn", reason="the 'serve' extra (uvicorn) is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from unspin import pipeline  # noqa: E402
from unspin.htmltext import main_text  # noqa: E402
from unspin.findings import Finding, Report  # noqa: E402
from unspin.server import create_app  # noqa: E402
from unspin.server.background import serve_in_thread  # noqa: E402

CHROMIUM = os.environ.get("UNSPIN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")

# Damage the detectors find today: a repeated title and a line with mojibake.
PASTED = (
    "Harbour festival returns with a bigger programme\n\n"
    "Harbour festival returns with a bigger programme\n\n"
    "Organisers said the festival will run for three days and the cafÃ© stalls will stay open late.\n\n"
    "The mayor thanked our closest couples for their help. Tickets go on sale next week.\n"
)


@pytest.fixture(scope="module")
def base() -> str:
    with serve_in_thread(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken or incomplete browser install
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture
def page(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base + "/")
    pg.wait_for_selector("#marked mark.f")  # the example, analysed on first load
    yield pg
    context.close()
    assert not errors, errors
    outside = [u for u in requests if not u.startswith((base, "data:", "blob:"))]
    assert not outside, f"the page fetched from elsewhere: {outside}"


def wait_for_result(page, text: str) -> None:
    # Playwright's own matchers: wait_for_function would need 'unsafe-eval', which the CSP forbids.
    sync_api.expect(page.locator("#orig")).to_have_text(text)
    sync_api.expect(page.locator("#analyze")).to_be_enabled()
    assert page.locator("#orig").text_content() == text


def analyse(page, text: str) -> None:
    page.locator("#text").fill(text)
    page.locator("#text").press("Control+Enter")
    wait_for_result(page, text)


def pieces_text(page, i: int) -> str:
    return page.eval_on_selector_all(
        f'#marked mark.f[data-i="{i}"]', "ms => ms.map(m => m.textContent).join('')")


def test_first_load_shows_the_example(page, example_page):
    assert page.locator("#text").input_value() == example_page
    assert page.locator("#score-num").inner_text().replace(".", "").isdigit()
    assert page.locator("#legend li").count() == 4


def test_pasted_text_is_highlighted_and_restored(page, tmp_path):
    report = pipeline.analyze(PASTED)
    assert {f.kind for f in report.findings} >= {"repeated", "mojibake"}
    analyse(page, PASTED)

    # by default only the sure findings (restore's 0.5); the doubtful ones on request
    sure = [f for f in report.findings if f.confidence >= 0.5]
    doubtful = len(report.findings) - len(sure)
    assert sure and doubtful  # this text has both
    focusable = page.locator("#marked mark.f[tabindex]")
    assert focusable.count() == len(sure)
    assert f"{doubtful} doubtful finding" in page.locator("#doubtful-note").inner_text()
    for kind in report.counts():
        n = sum(f.kind == kind for f in sure)
        assert page.locator(f'#legend li[data-kind="{kind}"] .count').inner_text() == str(n)
    page.locator("#doubtful").check()
    assert focusable.count() == len(report.findings)
    assert page.locator("#doubtful-note").inner_text() == ""
    assert page.locator("#marked").inner_text().replace("\r", "").strip() == PASTED.strip()
    for i, f in enumerate(report.findings):
        assert page.locator(f'#marked mark.f[data-i="{i}"]').first.get_attribute("data-kind") == f.kind
        assert pieces_text(page, i) == f.text
    for kind, n in report.counts().items():
        assert page.locator(f'#legend li[data-kind="{kind}"] .count').inner_text() == str(n)
    page.locator("#doubtful").uncheck()
    assert page.locator("#score-num").inner_text() == f"{report.spun_score:.2f}"
    assert page.locator("#score-label").inner_text().lower() == report.label

    # side by side: the original on the left, the restored text on the right, changes marked
    assert page.locator("#new").text_content() == report.restored
    assert page.locator("#orig del").count() >= 1 and page.locator("#new ins").count() >= 1
    deleted = "".join(page.locator("#orig del").all_text_contents())
    assert "cafÃ©" in deleted
    assert "café" in "".join(page.locator("#new ins").all_text_contents())
    page.locator('input[name="which"][value="cleaned"]').check()
    assert page.locator("#new").text_content() == report.cleaned

    shot = tmp_path / "page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_keyboard_focus_shows_the_evidence(page):
    report = pipeline.analyze(PASTED)
    analyse(page, PASTED)
    # A keyboard-only path from the top: skip link -> results -> the first mark.
    page.locator(".skip").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    page.keyboard.press("Tab")  # the "show doubtful findings" box, then the marks
    assert page.evaluate("document.activeElement.id") == "doubtful"
    page.keyboard.press("Tab")
    active = page.evaluate("({tag: document.activeElement.tagName, i: document.activeElement.dataset.i})")
    assert active["tag"] == "MARK"
    shown = [f for f in report.findings if f.confidence >= 0.5]  # the default view
    f = shown[int(active["i"])]
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert f.evidence in tip.inner_text()
    assert f"{round(f.confidence * 100)}%" in tip.inner_text()
    assert "null" not in tip.inner_text() and "undefined" not in tip.inner_text()
    described = page.evaluate(
        "document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent")
    assert f.evidence in described
    page.keyboard.press("Tab")  # the next finding
    nxt = shown[int(page.evaluate("document.activeElement.dataset.i"))]
    assert nxt.evidence in tip.inner_text()
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_hover_shows_the_suggestion(page):
    report = pipeline.analyze(PASTED)
    analyse(page, PASTED)
    shown = [f for f in report.findings if f.confidence >= 0.5]  # the default view
    i = next(i for i, f in enumerate(shown) if f.kind == "mojibake")
    page.locator(f'#marked mark.f[data-i="{i}"]').first.hover()
    text = page.locator("#tip").inner_text()
    assert "mojibake" in text.lower() and shown[i].evidence in text


def _synthetic_report() -> tuple[str, dict]:
    """A report with every kind, nesting, a crossing pair and astral characters,
    served in place of the real analysis: the page must render any report."""
    text = ("🙂 The counterfeit consciousness lab opened at the You.S. office. "
            "Buy cheap pills now jak usunÄ…Ä‡ konto today.\n")

    def span(s: str, nth_from: int = 0) -> tuple[int, int]:
        start = text.index(s, nth_from)
        return start, start + len(s)

    def f(kind, s, sugg, conf, ev, alts=()):
        a, b = span(s)
        return Finding(kind, a, b, s, sugg, conf, ev, alternatives=alts)

    findings = [
        f("spun", "counterfeit consciousness", "artificial intelligence", 0.92,
          "a known tortured form of 'artificial intelligence'", (("machine intelligence", 0.31),)),
        f("spun", "You.S.", "U.S.", 0.97, "'U.S.' spun as 'You.S.'"),
        f("injected", "Buy cheap pills", "", 0.8, "spam keywords unrelated to the article"),
        f("spun", "pills now", "pills", 0.6, "crossing test span"),
        f("injected", "jak usunÄ…Ä‡ konto ", "", 0.85, "a Polish search phrase inside English text"),
        f("mojibake", "usunÄ…Ä‡", "usunąć", 0.9, "UTF-8 read as cp1250"),
    ]
    findings.sort(key=lambda x: (x.start, -x.end))
    restored = (text.replace("counterfeit consciousness", "artificial intelligence")
                .replace("You.S.", "U.S.").replace("Buy cheap pills now jak usunÄ…Ä‡ konto ", "now "))
    report = Report(text=text, spun_score=0.83, label="spun", findings=tuple(findings),
                    cleaned=text.replace("jak usunÄ…Ä‡ konto ", ""), restored=restored, threshold=0.5)
    return text, report.to_dict()


def test_any_report_renders_every_kind(page):
    text, report = _synthetic_report()
    page.route("**/v1/analyze", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(report)))
    analyse(page, text)

    assert page.locator("#marked").text_content() == text
    assert page.locator("#marked mark.f[tabindex]").count() == len(report["findings"])
    for i, f in enumerate(report["findings"]):
        assert pieces_text(page, i) == f["text"], f
    for kind in ("spun", "injected", "mojibake"):
        assert page.locator(f"#marked mark.k-{kind}").count() >= 1
    # the mojibake span sits inside the injected one
    assert page.locator("#marked mark.k-injected mark.k-mojibake").count() == 1
    assert page.locator("#score-num").inner_text() == "0.83"
    assert page.locator("#score-label").inner_text().lower() == "spun"
    assert page.locator("#bar").get_attribute("aria-valuenow") == "0.83"

    i = next(i for i, f in enumerate(report["findings"]) if f.get("alternatives"))
    page.locator(f'#marked mark.f[data-i="{i}"][tabindex]').focus()
    tip = page.locator("#tip").inner_text()
    assert "artificial intelligence" in tip and "machine intelligence" in tip and "92%" in tip
    assert "artificial intelligence" in "".join(page.locator("#new ins").all_text_contents())
    assert "counterfeit" in "".join(page.locator("#orig del").all_text_contents())
    assert page.locator("#new").text_content() == report["restored"]


def test_drop_a_file_and_download_the_results(page):
    page.evaluate(
        """([name, content]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([content], name, {type: 'text/plain'}));
            document.querySelector('#drop').dispatchEvent(
                new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""",
        ["dropped.txt", PASTED])
    wait_for_result(page, PASTED)
    assert page.locator("#text").input_value() == PASTED
    report = pipeline.analyze(PASTED)
    for which, expected in (("restored", report.restored), ("cleaned", report.cleaned)):
        with page.expect_download() as dl:
            page.locator(f'button[data-download="{which}"]').click()
        assert dl.value.suggested_filename == f"dropped.{which}.txt"
        assert Path(dl.value.path()).read_text(encoding="utf-8") == expected


def test_copy_puts_the_text_on_the_clipboard(page, example_page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    report = pipeline.analyze(example_page)
    for which, expected in (("cleaned", report.cleaned), ("restored", report.restored)):
        page.locator(f'button[data-copy="{which}"]').click()
        sync_api.expect(page.locator("#copied")).to_contain_text(which)
        assert page.evaluate("navigator.clipboard.readText()") == expected


def test_errors_are_shown(page):
    page.locator("#text").fill("   ")
    page.locator("#analyze").click()
    assert page.locator("#error").is_visible()
    page.route("**/v1/analyze", lambda route: route.fulfill(
        status=413, content_type="application/json",
        body=json.dumps({"error": {"code": "too_large", "message": "the request is larger than 10 bytes"}})))
    page.locator("#text").fill("some text")
    page.locator("#analyze").click()
    sync_api.expect(page.locator("#error")).to_contain_text("larger than 10 bytes")


def test_api_docs_work_offline(browser, base):
    context = browser.new_context()
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(base + "/docs")
    pg.wait_for_selector(".op")
    headings = pg.locator(".op h2").all_inner_texts()
    for path in ("/v1/analyze", "/v1/clean", "/v1/restore", "/healthz"):
        assert any(path in h for h in headings), headings
    pg.locator(".op details.try summary").first.click()
    pg.locator(".op details.try button").first.click()
    sync_api.expect(pg.locator(".op details.try pre").first).to_contain_text("200 OK")
    context.close()
    assert not errors, errors
    assert all(u.startswith(base) for u in requests), requests


def test_a_pasted_html_page_is_shown_as_its_main_text(page):
    pytest.importorskip("trafilatura")
    html = ("<!DOCTYPE html>\n<html><body><nav><a href='/'>Home</a></nav><article><p>The council met "
            "on Tuesday to discuss the new budget for the coming year, and the mayor said it was a good "
            "start for the town.</p><p>Members argued about the cost of the new library, which the mayor "
            "called the best investment the town could make.</p></article></body></html>")
    main = main_text(html)
    page.locator("#text").fill(html)
    page.locator("#text").press("Control+Enter")
    wait_for_result(page, main)
    assert "<" not in page.locator("#marked").text_content()
    assert "main text" in page.locator("#status").inner_text()
