"""What each section of the sample corpus' report says, and that its numbers link to evidence."""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import urllib.parse
from xml.etree import ElementTree

import pytest

from framing.contract import read_table
from framing.report.embed import compact_svg


@pytest.fixture(scope="module")
def html(sample_run) -> str:
    return (sample_run / "index.html").read_text(encoding="utf-8")


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def test_friendship_evidence_quotes_the_persahabatan_sentence(html):
    evidence = section(html, "evidence")
    block = re.search(r'id="ev-unnamed-000-friendship".*?</ol>', evidence, re.S).group(0)
    assert "tujuan perjalanan ini adalah untuk menjalin “<mark>persahabatan</mark>”" in block


def test_frame_share_links_to_its_evidence(html, sample_run):
    shares = read_table(sample_run, "frame_shares").set_index(["outlet", "frame"])
    share = shares.loc[("unnamed-000", "friendship"), "share"]
    frames = section(html, "frames")
    link = f'<a href="#ev-unnamed-000-friendship" title="evidence sentences">{100 * share:.1f}%</a>'
    assert link in frames
    assert 'id="ev-unnamed-000-friendship"' in html


def test_overview_lists_outlets_events_languages_and_removed_lines(html):
    overview = section(html, "overview")
    for needle in ("Lampost.co", "unnamed-002", "event-2024-06-10", "event-2023-09-11"):
        assert needle in overview
    assert "Halaman Selanjutnya" in overview and "inserted_headline" in overview


def test_statistics_say_what_one_article_per_outlet_can_support(html):
    statistics = section(html, "statistics")
    assert "one article" in statistics and "p_adj" in statistics
    assert re.search(r"<th[^>]*>p</th>", statistics) is None  # only adjusted p-values shown


def test_topics_keyness_methods_and_reproducibility(html, sample_corpus_path):
    topics = section(html, "topics")
    assert "fig-topic_shares" in topics and "fig-topic_map" in topics
    assert "Monroe" in section(html, "keyness")
    methods = section(html, "methods")
    assert "Wilson (1927)" in methods and "exports/references.bib" in methods
    first = sorted(sample_corpus_path.glob("*.txt"))[0]
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert digest in section(html, "reproducibility")


def test_every_chart_has_alt_text_and_files(html, sample_run):
    figures = re.findall(
        r'<figure class="chart" id="fig-(\w+)">\s*'
        r"<img src='data:image/svg\+xml;charset=utf-8,([^']+)' alt=\"([^\"]+)\"",
        html,
    )
    assert len(figures) >= 6
    for name, data, alt in figures:
        assert len(alt) > 20
        svg = (sample_run / "figures" / f"{name}.svg").read_text(encoding="utf-8")
        # the chart itself as UTF-8, not base64 (its line breaks written as spaces), its
        # geometry to two decimals and repeated styles as classes: the same labels, elements
        # and viewBox as the saved file
        embedded = urllib.parse.unquote(data)
        assert embedded == re.sub(r"\s*\n\s*", " ", compact_svg(svg))
        saved, shown = (ElementTree.fromstring(x.split("?>", 1)[1].split(">", 1)[1])
                        for x in (svg, embedded))  # fmt: skip
        assert [t.strip() for t in shown.itertext() if t.strip() and not t.startswith(".s")] == [
            t.strip() for t in saved.itertext() if t.strip()
        ]
        assert len(list(shown.iter())) == len(list(saved.iter())) + 1  # the <style> added
        assert shown.get("viewBox") == saved.get("viewBox")
        block = re.search(rf'id="fig-{name}".*?</figure>', html, re.S).group(0)
        for path in re.findall(r'<a href="(figures/[^"]+)">', block):
            assert (sample_run / path).stat().st_size > 1000


def test_row_caveats_are_numbered_notes_listed_once(html, sample_run):
    statistics = section(html, "statistics")
    notes = re.search(r'<ol class="row-notes">(.*?)</ol>', statistics, re.S).group(1)
    listed = re.findall(r"<li>(.*?)</li>", notes)
    assert len(listed) == len(set(listed)) >= 2
    tests = read_table(sample_run, "tests")
    parts = {p.strip() for c in tests["caveat"].dropna() for p in str(c).split("; ") if p.strip()}
    assert parts <= {html_lib.unescape(n) for n in listed}
