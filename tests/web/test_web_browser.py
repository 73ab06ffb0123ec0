"""The pages in a real browser: headless Debian Chromium driven by Playwright (never a
downloaded browser). Each test saves a screenshot of its page under tests/output/screenshots/
(or $ONRECORD_TEST_OUTPUT/screenshots/)."""
from __future__ import annotations

import os
import shutil

import pytest
from conftest import OUTPUT

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("ONRECORD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = OUTPUT / "screenshots"


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install -e '.[dev]')")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    pg.problems = problems
    yield pg
    ctx.close()
    assert not problems, problems


def shot(page, name: str) -> None:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


def test_home(page, server):
    page.goto(server.base + "/")
    assert page.locator("#stats .card").count() == 5
    assert "Emmanuel Macron" in page.locator("#top-speakers").inner_text()
    shot(page, "home")


def test_search_finds_macrons_statements(page, server):
    page.goto(server.base + "/search")
    page.fill("#search-form input[name=q]", '"security guarantees"')
    page.fill("#search-form input[name=speaker]", "Macron")
    page.click("#search-form button[type=submit]")
    page.wait_for_url("**/search?*")
    hits = page.locator("#hits .hit")
    assert hits.count() >= 2
    for i in range(hits.count()):
        assert hits.nth(i).locator(".who").inner_text() == "Emmanuel Macron"
    assert "TV interview" in page.locator("#hits").inner_text()
    assert "2022-12-03" in page.locator("#hits").inner_text()
    shot(page, "search")


def test_speaker_page_with_timeline_and_answers(page, server, ids):
    page.goto(server.base + f"/speakers/{ids['macron']}")
    assert page.locator("#speaker-name").inner_text() == "Emmanuel Macron"
    page.wait_for_selector("#timeline[data-drawn='1'] canvas")
    answered = page.locator("#answered-by").inner_text()
    assert "Linas Linkevicius" in answered and "Mykhailo Podolyak" in answered
    assert "against" in answered
    shot(page, "speaker")


def test_article_highlights_and_details(page, server, ids):
    page.goto(server.base + f"/articles/{ids['seed']}")
    for role in ("content", "cue", "source"):
        assert page.locator(f"#article-text .hl.{role}").count() > 0, role
    # click Linkevicius's quote: its card says whom it answers, with which stance
    page.locator("#article-text .hl.content", has_text="Russia has all security guarantees").first.click()
    card = page.locator(".st-card.selected")
    assert card.count() == 1
    text = card.inner_text()
    assert "Linas Linkevicius" in text and "Emmanuel Macron" in text and "against" in text
    assert "2022-12-04" in text and "social media" in text
    assert page.locator("#article-text .hl.active").count() >= 1
    shot(page, "article")


def test_exchange_shows_answers_against_macron(page, server, ids):
    page.goto(server.base + f"/articles/{ids['seed']}/exchange")
    graph = page.locator("#exchange-graph")
    assert graph.is_visible()
    boxes = {b.get_attribute("data-id"): b for b in graph.locator("a.box").all()}
    for b in boxes.values():  # each box shows its speaker's name
        assert b.get_attribute("data-speaker") in b.text_content()
    edges = graph.locator("g.edge.stance-against").all()
    pairs = {(boxes[e.get_attribute("data-source")].get_attribute("data-speaker"),
              boxes[e.get_attribute("data-target")].get_attribute("data-speaker"))
             for e in edges}
    assert ("Linas Linkevicius", "Emmanuel Macron") in pairs
    assert ("Mykhailo Podolyak", "Emmanuel Macron") in pairs
    rows = page.locator("#replies tr.reply[data-stance=against]").all_inner_texts()
    assert any("Linas Linkevicius" in r and "Emmanuel Macron" in r for r in rows)
    assert any("Mykhailo Podolyak" in r and "Emmanuel Macron" in r for r in rows)
    shot(page, "exchange")


def test_quote_page(page, server):
    page.goto(server.base + "/quotes")
    page.locator("#quotes a", has_text="That topic will be part").first.click()
    page.wait_for_url("**/quotes/*")
    assert page.locator("#first-seen").inner_text() == "2022-12-05"
    outlets = page.locator("#hits").inner_text()
    assert "Euractiv" in outlets and "Riverside Ledger" in outlets
    shot(page, "quote")


def test_xss_article_shows_as_text(page, server, ids):
    page.goto(server.base + f"/articles/{ids['xss']}")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__xss = 1</script>" in text
    assert '"><img src=x onerror="window.__xss=2">' in text
    assert page.locator("#article-title").inner_text().startswith("Web rules: <script>")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#article-text img, #article-text script, #article-text b").count() == 0
    page.locator("#article-text .hl").first.click()
    assert page.evaluate("typeof window.__xss") == "undefined"
    shot(page, "xss-article")
