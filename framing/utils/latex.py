"""Export a table as a LaTeX ``booktabs`` table for a paper."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def escape_latex(text: str) -> str:
    r"""Escape LaTeX's special characters ``\ & % $ # _ { } ~ ^`` in plain text.

    Examples
    --------
    >>> escape_latex("50% of R&D_costs")
    '50\\% of R\\&D\\_costs'
    """
    return "".join(_SPECIALS.get(char, char) for char in str(text))


def format_cell(value: object, digits: int = 3) -> str:
    """A cell as LaTeX text: numbers to ``digits`` significant digits, missing as ``--``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "--"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return r"$\infty$" if value > 0 else r"$-\infty$"
        if value != 0 and abs(value) < 10**-digits:
            return f"{value:.{digits - 1}e}"
        return f"{value:.1f}" if abs(value) >= 1000 else f"{value:.{digits}f}"
    return escape_latex(value)


def to_latex_table(
    table: pd.DataFrame,
    caption: str,
    label: str,
    columns: Sequence[str] | None = None,
    digits: int = 3,
) -> str:
    r"""Render ``table`` as a ``table`` float with a booktabs ``tabular``.

    Parameters
    ----------
    table : DataFrame
        The rows to show.
    caption : str
        Plain-text caption (escaped).
    label : str
        ``\label`` key, e.g. ``"tab:tests"`` (used as given).
    columns : sequence of str, optional
        Columns to show, in order; default all.
    digits : int
        Decimals for floats (scientific notation below ``10**-digits``).

    Returns
    -------
    str
        LaTeX source needing ``\usepackage{booktabs}``; numeric columns are right-aligned.

    Examples
    --------
    >>> print(to_latex_table(pd.DataFrame({"term": ["a_b"], "p": [0.5]}), "Demo", "tab:d"))
    \begin{table}[htbp]
    \centering
    \caption{Demo}
    \label{tab:d}
    \begin{tabular}{lr}
    \toprule
    term & p \\
    \midrule
    a\_b & 0.500 \\
    \bottomrule
    \end{tabular}
    \end{table}
    """
    shown = table[list(columns)] if columns is not None else table
    align = "".join(
        "r"
        if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
        else "l"
        for c in shown.columns
    )
    lines = [
        r"\begin{table}[htbp]",
        r"\centering",
        rf"\caption{{{escape_latex(caption)}}}",
        rf"\label{{{label}}}",
        rf"\begin{{tabular}}{{{align}}}",
        r"\toprule",
        " & ".join(escape_latex(c) for c in shown.columns) + r" \\",
        r"\midrule",
    ]
    for row in shown.itertuples(index=False):
        lines.append(" & ".join(format_cell(_python(v), digits) for v in row) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines)


def _python(value: object) -> object:
    """NumPy scalars as Python ones, so formatting sees int/float/bool."""
    return value.item() if hasattr(value, "item") else value
