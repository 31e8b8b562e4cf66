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


def test_sides_and_key_frames_come_from_the_run_tables(sample_run):
    from framing.contract import read_table

    sides = read_table(sample_run, "sides")
    assert list(sides["voice"]) == ["attributed_western", "attributed_russia_dprk"]
    catalog = read_table(sample_run, "frame_catalog")
    keys = catalog.loc[catalog["key"].astype(bool), "frame"].tolist()
    assert keys == ["sanctions_violation", "western_accusation"]
    body = section((sample_run / "index.html").read_text(encoding="utf-8"), "sources")
    assert "to the Western side (western_government, south_korean_government" in body
    assert "to Russia or North Korea (russian_state, dprk_state), or to another source" in body
    captions = re.findall(r"<caption>(\w+): share of the outlet's sentences", body)
    assert captions[:2] == keys  # key frames first
    methods = (sample_run / "exports" / "methods.md").read_text(encoding="utf-8")
    assert (
        "hedged, attributed to the Western side, to Russia or North Korea, to another source, "
        "or the outlet's own voice." in methods
    )
