"""The report's events, reuse and sources section, on the sample corpus."""

from __future__ import annotations

import re


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(0)


def test_sources_section_shows_events_origins_sourcing_and_voice(sample_run):
    html = (sample_run / "index.html").read_text(encoding="utf-8")
    body = section(html, "sources")
    assert "event-2024-06-10" in body and "event-2023-09-11" in body
    assert "trtworld.com" in body  # 001's declared origin
    assert "Sourcing per outlet" in body and "wire_agency" in body
    assert "sanctions_violation: share of the outlet" in body
    # the denial sentence is quoted with its sources marked
    assert "<mark>Pyongyang</mark> maupun <mark>Moskow</mark> <mark>membantah</mark>" in body
    assert '<a href="#sources">' in html  # listed in the table of contents
