"""Turn tables into what templates show: rows of display strings, anchors, marked text."""

from __future__ import annotations

import json
import re

import pandas as pd


def table_view(df: pd.DataFrame, columns: list[str] | None = None, *, digits: int = 3) -> dict:
    """A DataFrame as ``{"columns": [...], "rows": [[...], ...]}`` of display strings."""
    if columns is not None:
        df = df[columns]

    def show(value: object) -> str:
        if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
            return "–"
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, float):
            return (
                f"{value:.{digits}g}"
                if abs(value) < 1e-3 and value != 0
                else f"{value:,.{digits}f}".rstrip("0").rstrip(".")
            )
        return str(value)

    return {
        "columns": [str(c) for c in df.columns],
        "rows": [[show(v) for v in row] for row in df.itertuples(index=False, name=None)],
    }


def show(value: object, digits: int = 3) -> str:
    """One cell as display text (see :func:`table_view`)."""
    return table_view(pd.DataFrame({"v": [value]}), digits=digits)["rows"][0][0]


def percent(value: float) -> str:
    """A share in [0, 1] as a percentage with one decimal ("12.5%"), "–" when missing."""
    return "–" if value is None or pd.isna(value) else f"{100 * value:.1f}%"


def anchor(*parts: object) -> str:
    """An HTML id from free text (outlet names, frame ids): lower case, hyphens, ASCII."""
    text = "-".join(str(p) for p in parts).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def marked_segments(text: str, spans: object) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, is_match) pairs from ``[[start, end], ...]`` spans.

    The template escapes every piece and wraps matches in ``<mark>``, so article text is never
    interpreted as markup.
    """
    if isinstance(spans, str):
        spans = json.loads(spans) if spans.strip() else []
    pieces, cursor = [], 0
    for start, end in sorted((int(a), int(b)) for a, b in (spans or [])):
        if start < cursor:
            continue
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def footnote_column(
    tables: list[pd.DataFrame | None], column: str = "caveat"
) -> tuple[list[pd.DataFrame | None], list[str]]:
    """Replace the long notes of ``column`` by numbers ("1, 3"), listed once below the tables.

    A cell may hold several notes separated by "; "; each distinct note gets one number, shared
    by every table.

    Examples
    --------
    >>> t = pd.DataFrame({"caveat": ["few units; one outlet", "few units", None]})
    >>> (marked,), notes = footnote_column([t])
    >>> marked["caveat"].tolist(), notes
    (['1, 2', '1', ''], ['few units', 'one outlet'])
    """
    notes: list[str] = []
    number: dict[str, int] = {}

    def mark(value: object) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value):
            return ""
        refs = []
        for part in (p.strip() for p in str(value).split("; ")):
            if part and part not in number:
                notes.append(part)
                number[part] = len(notes)
            if part:
                refs.append(str(number[part]))
        return ", ".join(refs)

    out = []
    for table in tables:
        if table is None or column not in table.columns:
            out.append(table)
            continue
        out.append(table.assign(**{column: [mark(v) for v in table[column]]}))
    return out, notes
