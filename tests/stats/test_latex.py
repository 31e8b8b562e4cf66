"""LaTeX export: escaping and booktabs layout, against the expected source written out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.utils.latex import escape_latex, format_cell, to_latex_table


def test_latex_escapes_and_uses_booktabs():
    assert escape_latex(r"a_b & 50% #1 {x} ~ ^ $ \ ") == (
        r"a\_b \& 50\% \#1 \{x\} \textasciitilde{} \textasciicircum{} \$ \textbackslash{} "
    )
    tex = to_latex_table(
        pd.DataFrame({"frame": ["sanctions_violation"], "p": [0.00001], "n": [12]}),
        "Tests & more",
        "tab:t",
    )
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert r"sanctions\_violation & 1.00e-05 & 12 \\" in tex
    assert r"\caption{Tests \& more}" in tex and r"\begin{tabular}{lrr}" in tex


def test_cells_missing_infinite_boolean_and_large_values():
    assert format_cell(np.nan) == format_cell(None) == format_cell(pd.NA) == "--"
    assert format_cell(float("inf")) == r"$\infty$" and format_cell(-float("inf")) == r"$-\infty$"
    assert format_cell(True) == "yes" and format_cell(3) == "3"
    assert format_cell(12345.678) == "12345.7" and format_cell(0.0) == "0.000"
    assert format_cell(0.5, digits=2) == "0.50" and format_cell("x_y") == r"x\_y"


def test_selected_columns_in_order_with_numpy_values():
    table = pd.DataFrame(
        {"odds_ratio": [np.inf, 2.0], "term": ["outlet[A]", "b"], "ok": [True, False]}
    )
    tex = to_latex_table(table, "OR", "tab:or", columns=["term", "odds_ratio", "ok"])
    lines = tex.splitlines()
    assert lines[4] == r"\begin{tabular}{lrl}"
    assert lines[6] == r"term & odds\_ratio & ok \\"
    assert lines[8:10] == [r"outlet[A] & $\infty$ & yes \\", r"b & 2.000 & no \\"]
