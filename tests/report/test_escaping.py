"""Article text is data, never markup: hostile text shows as text in the page."""

from __future__ import annotations

from framing.cli import main

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> Putin & Kim'


def test_hostile_document_is_escaped(tmp_path):
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text(
        '{"outlet": "<b>Evil</b>", "title": "T", "language": "en", "text": '
        + '"A first sentence about the summit. '
        + HOSTILE.replace('"', '\\"')
        + ' A last sentence."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "run"
    assert main(["run", str(corpus), "--out", str(out), "--quiet", "--figure-format", "svg"]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>Evil</b>" not in html
    assert "&lt;b&gt;Evil&lt;/b&gt;" in html
