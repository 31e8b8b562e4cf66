"""Frames: share of each outlet's sentences using each frame, with both of its intervals.

The interval shown first is the article-level one (articles as the units: what the outlet's
coverage in general supports); the within-article Wilson interval follows in the cell's title.
An outlet with a single article has only the latter, and says so.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.groups import NO_GROUP, membership
from framing.report.sections.summary import TOP_ROWS, summarised, table_link, written_link
from framing.report.sections.views import (
    evidence_anchor,
    frame_anchor,
    group_anchor,
    group_evidence_anchor,
    outlet_anchor,
    percent,
    table_view,
)


def _share_grid(
    shares: pd.DataFrame,
    index: list[str],
    link: Callable[[str, str], str | None],
    attrs: Callable[[str], dict[str, str]],
) -> dict:
    """Rows of ``index`` values, one cell per frame: share, interval, counts, evidence link.

    ``link(name, frame)`` is the evidence anchor of a row's first index value, or None where
    the page has no evidence for it; a share of zero links nowhere. ``attrs(name)`` gives the
    row's HTML attributes (its id and the filter's data attributes).
    """
    frames = list(dict.fromkeys(shares["frame"]))
    rows = []
    for key, group in shares.groupby(index, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        by_frame = group.set_index("frame")
        cells = []
        for frame in frames:
            if frame not in by_frame.index:
                cells.append(None)
                continue
            r = by_frame.loc[frame]
            wilson = f"{percent(r['ci_low'])}–{percent(r['ci_high'])}"
            articles = int(r["articles"]) if "articles" in r else 0
            if "article_ci_low" in r and not pd.isna(r["article_ci_low"]):
                interval = f"{percent(r['article_ci_low'])}–{percent(r['article_ci_high'])}"
            else:
                interval = f"{articles} article{'s' if articles != 1 else ''}: not testable"
            used = int(r["sentences_with_frame"])
            cells.append(
                {
                    "share": percent(r["share"]),
                    "interval": interval,
                    "wilson": wilson,
                    "counts": f"{used}/{int(r['sentences'])}",
                    "href": link(str(key[0]), frame) if used > 0 else None,
                }
            )
        rows.append(
            {
                "key": ["(none)" if pd.isna(k) else str(k) for k in key],
                "cells": cells,
                "attrs": attrs(str(key[0])),
            }
        )
    return {"index": index, "frames": frames, "rows": rows}


def _links(run: RunData, groups: pd.Series | None) -> tuple[Callable, Callable]:
    """Evidence links of outlet rows and of group rows: only to evidence on the page."""
    evidence = run.table("evidence", columns=["outlet", "frame"])
    pairs = set() if evidence is None else set(zip(evidence["outlet"].astype(str),
                                                   evidence["frame"].astype(str), strict=True))  # fmt: skip
    of_groups = set()
    if groups is not None:
        of_groups = {(groups.get(o, NO_GROUP), f) for o, f in pairs}

    def outlet(name: str, frame: str) -> str | None:
        return f"#{evidence_anchor(name, frame)}" if (name, frame) in pairs else None

    def group(name: str, frame: str) -> str | None:
        return f"#{group_evidence_anchor(name, frame)}" if (name, frame) in of_groups else None

    return outlet, group


def _catalog(run: RunData, frames: list[str]) -> list[dict]:
    """The study's frames with their labels and descriptions, each with its anchor."""
    catalog = run.table("frame_catalog")
    known = {} if catalog is None else {str(r.frame): r for r in catalog.itertuples(index=False)}
    out = []
    for frame in frames:
        row = known.get(frame)
        out.append(
            {
                "frame": frame,
                "id": frame_anchor(frame),
                "label": str(getattr(row, "label", "") or "") if row is not None else "",
                "description": str(getattr(row, "description", "") or "")
                if row is not None
                else "",
            }
        )
    return out


def _core_grid(shares: pd.DataFrame, core: pd.DataFrame | None) -> dict | None:
    """Shares with core terms only beside all terms, where generic terms change any share."""
    if core is None or core.empty:
        return None
    both = shares[["outlet", "frame", "share"]].merge(
        core[["outlet", "frame", "share", "sentences_with_frame"]],
        on=["outlet", "frame"],
        suffixes=("", "_core"),
    )
    if (both["share"] - both["share_core"]).abs().max() == 0:
        return None
    both["cell"] = [
        f"{percent(a)} → {percent(c)}"
        for a, c in zip(both["share"], both["share_core"], strict=True)
    ]
    wide = both.pivot(index="outlet", columns="frame", values="cell").sort_index()
    wide = wide[[f for f in dict.fromkeys(shares["frame"]) if f in wide.columns]]
    return table_view(wide.reset_index())


def _over_time(over_time: pd.DataFrame | None, change: pd.DataFrame | None) -> dict | None:
    """The over-time table (pooled and per group; per outlet in the CSV) and the change test."""
    if over_time is None or over_time.empty:
        return None
    shown = over_time[over_time["level"].isin(["all", "group"])]
    cells = shown.assign(
        cell=[
            f"{percent(s)} ({percent(lo)}–{percent(hi)}) · {a} art."
            if not pd.isna(lo)
            else f"{percent(s)} · {a} art."
            for s, lo, hi, a in zip(
                shown["share"], shown["article_ci_low"], shown["article_ci_high"],
                shown["articles"], strict=True,
            )
        ]
    )  # fmt: skip
    wide = cells.pivot_table(
        index=["unit", "period"], columns="frame", values="cell", aggfunc="first", sort=True
    )
    wide = wide[[f for f in dict.fromkeys(shown["frame"]) if f in wide.columns]]
    moved = None
    if change is not None and not change.empty:
        columns = ["frame", "first", "second", "articles_first", "articles_second",
                   "share_first", "share_second", "difference", "ci_low", "ci_high", "p",
                   "p_min", "p_adj", "caveat"]  # fmt: skip
        moved = {
            "table": table_view(change[[c for c in columns if c in change]]),
            "first": str(change["first"].iloc[0]),
            "second": str(change["second"].iloc[0]),
            "method": str(change["method"].iloc[0]),
        }
    undated = int(over_time["undated_articles"].iloc[0]) if "undated_articles" in over_time else 0
    return {
        "period": str(over_time["period_kind"].iloc[0]) if "period_kind" in over_time else "",
        "table": table_view(wide.reset_index()),
        "undated": undated,
        "change": moved,
    }


def _event_grid(by_event: pd.DataFrame | None, link: Callable) -> dict | None:
    """The :data:`TOP_ROWS` outlet-event pairs with most sentences, as a grid, and their count."""
    if by_event is None or by_event.empty:
        return None
    pairs = (
        by_event.groupby(["outlet", "event"], sort=True, dropna=False)["sentences"]
        .max()
        .reset_index()
        .sort_values(["sentences", "outlet", "event"], ascending=[False, True, True])
    )
    top = pairs.head(TOP_ROWS)[["outlet", "event"]]
    shown = by_event.merge(top, on=["outlet", "event"])
    return {
        "grid": _share_grid(shown, ["outlet", "event"], link, lambda o: {"data-outlet": o}),
        "shown": len(top),
        "total": len(pairs),
        "href": table_link("frame_shares_by_event"),
    }


def _doc_scores(run: RunData) -> dict | None:
    scores = run.table("frame_scores")
    if scores is None:
        return None
    columns = ["doc_id", "frame", "hits", "sentences_with_frame", "rate_per_1k"]
    return summarised(
        scores,
        written_link(run, "frame_scores", scores[columns]),
        columns=columns,
        by=["hits", "doc_id", "frame"],
        ascending=[False, True, True],
        order="those with the most hits",
    )


def build(run: RunData) -> dict | None:
    shares = run.table("frame_shares")
    if shares is None:
        return None
    by_group = run.table("frame_shares_by_group")
    groups = membership(run)
    link_outlet, link_group = _links(run, groups)
    lexicon = run.table("lexicon_forms")
    coverage = run.table("language_coverage")
    left = None
    if coverage is not None and len(coverage) and not coverage["covered"].astype(bool).all():
        left = {
            "languages": coverage,
            "table": table_view(coverage, ["language", "documents", "sentences", "covered"]),
            "documents": int(coverage.loc[~coverage["covered"].astype(bool), "documents"].sum()),
            "n_languages": int((~coverage["covered"].astype(bool)).sum()),
            "read": ", ".join(coverage.loc[coverage["covered"].astype(bool), "language"]),
        }

    def outlet_attrs(outlet: str) -> dict[str, str]:
        attrs = {"id": outlet_anchor(outlet), "data-outlet": outlet}
        if groups is not None:
            attrs["data-group"] = str(groups.get(outlet, NO_GROUP))
        return attrs

    grid = _share_grid(shares, ["outlet"], link_outlet, outlet_attrs)
    parts = None
    if groups is not None:
        parts = []
        for group in dict.fromkeys([*groups, NO_GROUP]):
            rows = [r for r in grid["rows"] if r["attrs"]["data-group"] == group]
            if rows:
                parts.append({"group": group, "n": len(rows), "grid": {**grid, "rows": rows}})
    group_grid = None
    if by_group is not None and not by_group.empty:
        group_grid = _share_grid(
            by_group, ["group"], link_group, lambda g: {"id": group_anchor(g), "data-group": g}
        )
    catalog = _catalog(run, grid["frames"])
    return {
        "frames": catalog,
        "frame_ids": {f["frame"]: f["id"] for f in catalog},
        "coverage": left,
        "core": _core_grid(shares, run.table("frame_shares_core")),
        "over_time": _over_time(run.table("frame_shares_over_time"), run.table("change")),
        "grid": grid,
        "grid_by_group": parts,
        "event_grid": _event_grid(run.table("frame_shares_by_event"), link_outlet),
        "group_grid": group_grid,
        "doc_scores": _doc_scores(run),
        "lexicon_size": None if lexicon is None else len(lexicon),
    }
