"""The sample corpus' report in a real browser: Debian's chromium driven by Playwright.

No browser is downloaded: the test uses /usr/bin/chromium (installed by ``make test``) and is
skipped, with the reason, only where it is not installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from framing.report.sections import SECTIONS

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def test_report_opens_with_every_section_and_chart_and_no_request(browser, sample_run, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = (sample_run / "index.html").resolve().as_uri()
    page.goto(url, wait_until="load")

    for section in SECTIONS:  # the sample run has content for every section
        locator = page.locator(f"section#{section.id}")
        assert locator.count() == 1, f"section {section.id} missing"
        assert locator.is_visible(), f"section {section.id} not visible"
        assert locator.bounding_box()["height"] > 20
        assert page.locator(f'nav a[href="#{section.id}"]').count() == 1

    images = page.locator("figure.chart img")
    assert images.count() >= 5
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        size = image.evaluate("img => [img.naturalWidth, img.naturalHeight, img.complete]")
        assert size[0] > 0 and size[1] > 0 and size[2], f"chart {i} did not render"
        box = image.bounding_box()
        assert box["width"] > 100 and box["height"] > 50

    assert [u for u in requests if u != url] == [], "the page requested another resource"
    assert errors == []
    screenshot = tmp_path / "report.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    # keep the screenshot with the test output for a person to look at
    keep = Path(__file__).resolve().parents[2] / ".pytest_cache" / "report.png"
    keep.parent.mkdir(exist_ok=True)
    shutil.copyfile(screenshot, keep)


def test_evidence_link_jumps_to_its_sentences(browser, sample_run):
    page = browser.new_page()
    page.goto((sample_run / "index.html").resolve().as_uri())
    link = page.locator("section#frames table.grid a").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(target).is_visible()
