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


# Grouped reports of 10 and 200 outlets (tests/report/conftest.py): offline, navigable, filtered.


@pytest.fixture(params=[10, 200], ids=["10-outlets", "200-outlets"])
def grouped(request) -> Path:
    """The grouped run of each size (built once per session)."""
    return request.getfixturevalue(f"grouped_run_{request.param}")


def _open(browser, run: Path):
    """The run's page at a 1280×900 viewport, with its requests and console errors recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.url_of_report = (run / "index.html").resolve().as_uri()
    page.goto(page.url_of_report, wait_until="load")
    return page


def _shot(page, tmp_path: Path, name: str) -> None:
    """A viewport screenshot (a full-page one fails on tall pages), kept in the test's tmp dir."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5_000


def test_grouped_report_shows_every_section_offline(browser, grouped, tmp_path):
    page = _open(browser, grouped)
    sections = page.locator("main > section")
    ids = [sections.nth(i).get_attribute("id") for i in range(sections.count())]
    assert {"overview", "frames", "evidence", "sources", "statistics", "methods"} <= set(ids)
    for section_id in ids:
        section = page.locator(f"section#{section_id}")
        assert section.is_visible() and section.bounding_box()["height"] > 20, section_id
        assert page.locator(f'nav a[href="#{section_id}"]').count() == 1
    # groups first: the overview's and the frames' group rows come before any outlet row
    for section_id in ("overview", "frames", "sources"):
        first = page.locator(
            f"section#{section_id} [data-group], section#{section_id} [data-outlet]"
        )
        assert first.first.get_attribute("data-outlet") is None, section_id
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "'sha256-" in csp and "unsafe-inline' ; base" not in csp
    assert "script-src 'unsafe-inline'" not in csp
    assert [u for u in page.requests if u != page.url_of_report] == []
    assert page.errors == []  # a script blocked by the policy would show here
    _shot(page, tmp_path, "top")
    page.close()


def test_table_of_contents_jumps_and_stays_in_view(browser, grouped, tmp_path):
    page = _open(browser, grouped)
    nav = page.locator("nav#toc")
    for section_id in ("statistics", "sources", "evidence"):
        page.locator(f'nav a[href="#{section_id}"]').click()
        page.wait_for_function(f"() => location.hash === '#{section_id}'")
        top = page.locator(f"section#{section_id}").bounding_box()["y"]
        assert 0 <= top < 200, (section_id, top)  # scrolled to the section, under the bar
        assert page.evaluate("window.scrollY") > 0
        box = nav.bounding_box()
        assert nav.is_visible() and abs(box["y"]) < 1, box  # sticky: still at the top
    _shot(page, tmp_path, "toc")
    page.close()


def test_filter_shows_one_outlet_and_hides_the_others(browser, grouped, tmp_path):
    page = _open(browser, grouped)
    outlet_rows = page.locator("section#frames tr[data-outlet]")
    total = outlet_rows.count()
    assert total >= 10
    page.locator("#filter").fill("Outlet 007")
    page.wait_for_function("() => document.getElementById('filter-status').textContent !== ''")
    shown = page.evaluate(
        """() => [...document.querySelectorAll('[data-outlet]')]
             .filter(e => e.offsetParent !== null)
             .map(e => e.getAttribute('data-outlet'))"""
    )
    assert shown and all("Outlet 007" in names.split("|") for names in shown)
    row = page.locator("#outlet-outlet-007")  # its row in the frames grid, its group opened
    row.scroll_into_view_if_needed()
    assert row.is_visible()
    assert not page.locator("#outlet-outlet-008").is_visible()
    _shot(page, tmp_path, "filtered")
    page.locator("#filter").fill("")
    page.wait_for_function("() => document.getElementById('filter-status').textContent === ''")
    assert page.evaluate("document.querySelectorAll('[data-outlet][hidden]').length") == 0
    page.close()


def test_every_share_links_to_evidence_on_the_page(browser, grouped):
    page = _open(browser, grouped)
    broken, zero = page.evaluate(
        """() => {
          const links = [...document.querySelectorAll('a[href^="#"]')];
          const broken = links.map(a => a.getAttribute('href'))
            .filter(h => !document.getElementById(h.slice(1)));
          const zero = links.filter(a => /^0\\.0%$/.test(a.textContent.trim())).length;
          return [broken, zero];
        }"""
    )
    assert broken == [] and zero == 0
    assert page.locator('[id^="frame-"]').count() >= 3  # per-frame anchors
    group = page.locator("section#frames details.group").first
    group.locator("summary").click()  # a group's outlets, one click under its row
    for link in (
        page.locator("section#frames tr[id^='group-'] a").first,  # a group's share
        group.locator("tr[id^='outlet-'] a").first,  # an outlet's share
    ):
        target = link.get_attribute("href")
        link.click()
        page.wait_for_function(f"() => location.hash === '{target}'")
        assert page.locator(target).is_visible()  # its <details> opened
        page.go_back()
    page.close()
