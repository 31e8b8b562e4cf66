"""Turn tables into what templates show: rows of display strings, anchors, marked text."""

from __future__ import annotations

import json
import re

import pandas as pd

#: Columns whose names the page's filter matches, and the row attribute each one fills.
FILTER_ATTRIBUTES = {
    "outlet": "data-outlet",
    "outlet_a": "data-outlet",
    "outlet_b": "data-outlet",
    "group": "data-group",
    "group_a": "data-group",
    "group_b": "data-group",
    "frame": "data-frame",
}


def table_view(df: pd.DataFrame, columns: list[str] | None = None, *, digits: int = 3) -> dict:
    """A DataFrame as ``{"columns": [...], "rows": [[...], ...], "tags": [{...}, ...]}``.

    Rows are display strings. ``tags`` gives each row the attributes the page's filter reads
    (:func:`filter_tags`) from the outlet, group and frame columns of ``df`` (shown or not).
    """
    tags = filter_tags(df)
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
        "tags": tags,
    }


def filter_tags(df: pd.DataFrame) -> list[dict[str, str]]:
    """Each row's filter attributes: ``data-outlet``, ``data-group``, ``data-frame``.

    Several outlets of one row (a pairwise contrast) are joined by ``|``.

    Examples
    --------
    >>> filter_tags(pd.DataFrame({"outlet_a": ["A"], "outlet_b": ["B"], "n": [1]}))
    [{'data-outlet': 'A|B'}]
    """
    found = [c for c in FILTER_ATTRIBUTES if c in df.columns]
    rows: list[dict[str, str]] = [{} for _ in range(len(df))]
    for column in found:
        attribute = FILTER_ATTRIBUTES[column]
        for row, value in zip(rows, df[column], strict=True):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            row[attribute] = f"{row[attribute]}|{value}" if attribute in row else str(value)
    return rows


def show(value: object, digits: int = 3) -> str:
    """One cell as display text (see :func:`table_view`)."""
    return table_view(pd.DataFrame({"v": [value]}), digits=digits)["rows"][0][0]


def percent(value: float) -> str:
    """A share in [0, 1] as a percentage with one decimal ("12.5%"), "–" when missing."""
    return "–" if value is None or pd.isna(value) else f"{100 * value:.1f}%"


def evidence_anchor(outlet: object, frame: object) -> str:
    """The id of the evidence of one outlet (or ``group:NAME``) and frame."""
    return anchor("ev", outlet, frame)


def group_evidence_anchor(group: object, frame: object) -> str:
    """The id of the evidence of one outlet group and frame (its outlets' sentences)."""
    return anchor("evg", group, frame)


def group_anchor(group: object) -> str:
    """The id of a group's row in the frames grid (one per group on the page)."""
    return anchor("group", group)


def outlet_anchor(outlet: object) -> str:
    """The id of an outlet's row in the frames grid (one per outlet on the page)."""
    return anchor("outlet", outlet)


def frame_anchor(frame: object) -> str:
    """The id of a frame's entry in the list of frames (one per frame on the page)."""
    return anchor("frame", frame)


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
