"""The site in a real browser: headless Chromium from Debian's packages, driven by Playwright.

No browser is downloaded: Playwright drives /usr/bin/chromium. Without Chromium (or Playwright)
these tests skip with a message on a developer's machine; under CI (CI=true) a missing browser
fails the run, since .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from alliance_kg.serve import make_server

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing() -> str | None:
    if CHROMIUM is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def site_url(built_release):
    """`alliance-kg serve` on the built release, on a free loopback port, stopped afterwards."""
    server = make_server(built_release.out, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def page(site_url):
    missing = _browser_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run under CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(user_agent="alliance-kg tests")
        # Nothing may leave the machine: every request not to the test server is refused.
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith(site_url) else route.abort()
            ),
        )
        yield context.new_page()
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("ALLIANCE_KG_SCREENSHOTS", tmp_path_factory.mktemp("shots")))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_index_searches_offline_and_leads_to_an_entity(page, site_url, shots):
    page.goto(f"{site_url}/")
    assert "alliance-kg" in page.title() or page.locator("h1").count() == 1
    page.fill("#q", "Geneva Central")
    hits = page.locator("#hits li a")
    hits.first.wait_for()
    labels = hits.all_inner_texts()
    assert "Geneva Central Committee" in labels
    page.screenshot(path=str(shots / "index-search.png"), full_page=False)
    page.click("#hits li a >> text=Geneva Central Committee")
    page.wait_for_load_state()
    assert page.url.endswith("/id/geneva-central-committee.html") or page.url.endswith(
        "/id/geneva-central-committee"
    )
    assert page.locator("h1").inner_text().strip() == "Geneva Central Committee"


def test_an_entity_page_shows_the_passage_behind_a_fact_and_its_links_work(page, site_url, shots):
    page.goto(f"{site_url}/id/geneva-central-committee")
    body = page.locator("main").inner_text()
    assert "always delegated to the Central Committee" in body
    page.screenshot(path=str(shots / "entity.png"), full_page=True)
    page.click("main a >> text=Fabrica sections")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "Fabrica sections"


def test_the_reading_edition_links_mentions_and_shows_claims(page, site_url, shots):
    page.goto(f"{site_url}/id/program-of-the-alliance")
    devil = page.locator("p#p12")
    assert "If there is a devil in human history" in devil.inner_text()
    assert devil.locator("a >> text=principle of command").count() == 1
    assert page.locator("aside").count() > 40
    page.screenshot(path=str(shots / "reading-edition.png"), full_page=False)
    devil.locator("a >> text=principle of command").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "principle of command"
