"""Exports for papers: LaTeX that compiles as text, methods Markdown, BibTeX of what is cited."""

from __future__ import annotations

import re

import pandas as pd

from framing.report.exports import frame_shares_latex, latex_tables, methods_markdown
from framing.report.references import REFERENCES, bibtex, cited


def balanced(tex: str) -> bool:
    """Environments open and close in order, and braces balance outside escapes."""
    stack = []
    for kind, name in re.findall(r"\\(begin|end)\{(\w+)\}", tex):
        if kind == "begin":
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    depth = 0
    for char in re.sub(r"\\[{}%&_#$]", "", tex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return not stack and depth == 0


def unescaped(tex: str, char: str) -> bool:
    return re.search(rf"(?<!\\){re.escape(char)}", tex) is not None


def test_frame_shares_escape_specials_and_balance():
    shares = pd.DataFrame(
        {
            "outlet": ["R&D_News 100%", "B#2"],
            "frame": ["friendship", "friendship"],
            "share": [0.5, 0.0],
            "ci_low": [0.2, 0.0],
            "ci_high": [0.8, 0.3],
        }
    )
    tex = frame_shares_latex(shares)
    assert balanced(tex)
    assert r"R\&D\_News 100\%" in tex and r"B\#2" in tex
    body = tex.split(r"\midrule")[1]
    for char in "&%_#":
        if char != "&":
            assert not unescaped(body.replace(r"\\", ""), char), char
    assert r"\toprule" in tex and r"\bottomrule" in tex
    assert "50.0 [20.0, 80.0]" in tex


def test_run_exports(sample_run):
    exports = sample_run / "exports"
    names = {p.name for p in exports.iterdir()}
    assert {"frame_shares.tex", "voice_shares.tex", "models.tex", "keyness.tex"} <= names
    for tex in exports.glob("*.tex"):
        text = tex.read_text(encoding="utf-8")
        assert balanced(text), tex.name
        assert text.count(r"\begin{tabular}") == text.count(r"\end{tabular}") >= 1
        rows = [line for line in text.splitlines() if line.endswith(r"\\")]
        widths = {len(re.split(r"(?<!\\)&", line)) for line in rows}
        assert len(widths) == 1, tex.name  # every row has the header's number of cells
    methods = (exports / "methods.md").read_text(encoding="utf-8")
    bib = (exports / "references.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{(\w+),", bib, re.M)
    assert keys == cited(methods.split("## References")[0])
    assert "wilson1927" in keys and "monroe2008" in keys
    assert "benjamini1995" not in keys  # the run used Holm's correction
    assert balanced(bib)


def test_latex_tables_need_only_the_tables_they_show():
    assert latex_tables({}) == {}


def test_every_reference_is_found_by_its_own_citation():
    for key, (pattern, entry) in REFERENCES.items():
        assert entry.startswith("@") and f"{{{key}," in entry
        year = re.search(r"year = \{(\d{4})\}", entry).group(1)
        assert year in pattern
    assert cited("Firth's (1993) penalised likelihood") == ["firth1993"]
    assert bibtex([]) == ""
    assert "## References" in methods_markdown(["Intervals follow Wilson (1927)."])


def test_voice_shares_are_exported_for_the_key_frames():
    voice = pd.DataFrame(
        {
            "outlet": ["A"] * 4,
            "frame": ["aid", "aid", "army", "army"],
            "voice": ["attributed_aid", "own_voice"] * 2,
            "n": [1, 1, 2, 0],
            "total": [2, 2, 2, 2],
            "share": [0.5, 0.5, 1.0, 0.0],
            "ci_low": [0.1, 0.1, 0.3, 0.0],
            "ci_high": [0.9, 0.9, 1.0, 0.7],
        }
    )
    catalog = pd.DataFrame({"frame": ["aid", "army"], "key": [False, True]})
    tex = latex_tables({"voice_shares": voice, "frame_catalog": catalog})["voice_shares"]
    assert "the army frame" in tex and "the aid frame" not in tex
    every = latex_tables({"voice_shares": voice})["voice_shares"]  # no catalog: every frame
    assert "the army frame" in every and "the aid frame" in every


def test_sample_run_exports_the_voice_of_its_key_frames(sample_run):
    tex = (sample_run / "exports" / "voice_shares.tex").read_text(encoding="utf-8")
    assert re.findall(r"In whose voice the (\S+) frame", tex) == [
        r"sanctions\_violation",
        r"western\_accusation",
    ]
