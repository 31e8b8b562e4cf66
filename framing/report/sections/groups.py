"""Outlet groups on the page: groups first, each group's outlets one click below it.

A study that declares groups (a metadata column or a mapping, see
:mod:`framing.corpus.groups`) compares kinds of outlets; every section then shows a row per
group first and the outlets of each group in a ``<details>`` under it. Without groups the
sections show their outlets as before.
"""

from __future__ import annotations

import pandas as pd

from framing.corpus.groups import NO_GROUP
from framing.report.rundata import RunData
from framing.report.sections.views import table_view


def membership(run: RunData) -> pd.Series | None:
    """Outlet -> group, sorted by group then outlet; None when the study declares no groups.

    A run without a documents table with groups (an ingest-only run, a test's stand-in for
    :class:`RunData`) has none.
    """
    columns = getattr(run, "columns", None)
    if columns is None or "group" not in columns("documents"):
        return None
    documents = run.table("documents", columns=["outlet", "group"])
    if documents is None or documents["group"].isna().all():
        return None
    pairs = documents.drop_duplicates("outlet").assign(
        group=lambda d: d["group"].astype("string").fillna(NO_GROUP)
    )
    pairs = pairs.assign(last=pairs["group"] == NO_GROUP).sort_values(["last", "group", "outlet"])
    return pd.Series(pairs["group"].to_numpy(), index=pairs["outlet"].astype(str), name="group")


def split_by_group(rows: list[dict], groups: pd.Series, key: str = "outlet") -> list[dict]:
    """``rows`` (dicts with an outlet under ``key``) as ``[{"group", "rows"}]`` in group order."""
    out: dict[str, list[dict]] = {g: [] for g in dict.fromkeys(groups)}
    for row in rows:
        out.setdefault(groups.get(str(row[key]), NO_GROUP), []).append(row)
    return [{"group": g, "n": len(r), "rows": r} for g, r in out.items() if r]


def split_table(
    table: pd.DataFrame, groups: pd.Series | None, columns: list[str] | None = None
) -> list[dict] | None:
    """A per-outlet table as one view per group (``[{"group", "n", "table"}]``), or None."""
    if groups is None:
        return None
    of = table["outlet"].astype(str).map(groups).fillna(NO_GROUP)
    parts = []
    for group in dict.fromkeys(list(groups) + [NO_GROUP]):
        rows = table[of == group]
        if len(rows):
            tagged = rows.assign(group=group)
            parts.append(
                {"group": group, "n": len(rows), "table": _view(tagged, columns or list(table))}
            )
    return parts


def _view(table: pd.DataFrame, columns: list[str]) -> dict:
    return table_view(table, [c for c in columns if c in table])


def pooled(
    table: pd.DataFrame, groups: pd.Series, by: list[str], count: str, total: str
) -> pd.DataFrame:
    """Each group's pooled share: the sum of ``count`` over the sum of ``total`` of its outlets.

    ``by`` are the categories of a row (``["source_type"]``, ``["frame", "voice"]``); ``total``
    is the outlet's total for all but the last of them, repeated on each row, so it is summed
    once per outlet. Returns ``group``, ``by``…, ``n``, ``total``, ``share`` and ``outlets``.
    """
    outer = by[:-1]
    data = table.assign(group=table["outlet"].astype(str).map(groups).fillna(NO_GROUP))
    counts = data.groupby(["group", *by], sort=False)[count].sum().rename("n").reset_index()
    once = data.drop_duplicates(["outlet", *outer])
    totals = once.groupby(["group", *outer], sort=False)[total].sum().rename("total")
    outlets = data.groupby("group", sort=False)["outlet"].nunique()
    out = counts.merge(totals.reset_index(), on=["group", *outer])
    out = out.assign(
        share=out["n"] / out["total"].where(out["total"] > 0),
        outlets=out["group"].map(outlets),
    )
    order = {g: i for i, g in enumerate(dict.fromkeys([*groups, NO_GROUP]))}
    return out.sort_values("group", key=lambda s: s.map(order), kind="stable")
