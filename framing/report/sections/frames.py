"""Frames: share of each outlet's sentences using each frame, with both of its intervals.

The interval shown first is the article-level one (articles as the units: what the outlet's
coverage in general supports); the within-article Wilson interval follows in the cell's title.
An outlet with a single article has only the latter, and says so.
"""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.views import anchor, percent, table_view


def _share_grid(shares: pd.DataFrame, index: list[str]) -> dict:
    """Rows of ``index`` values, one cell per frame: share, interval, counts, evidence link."""
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
            cells.append(
                {
                    "share": percent(r["share"]),
                    "interval": interval,
                    "wilson": wilson,
                    "counts": f"{int(r['sentences_with_frame'])}/{int(r['sentences'])}",
                    "href": f"#{anchor('ev', key[0], frame)}",
                }
            )
        rows.append({"key": ["(none)" if pd.isna(k) else str(k) for k in key], "cells": cells})
    return {"index": index, "frames": frames, "rows": rows}


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


def build(run: RunData) -> dict | None:
    shares = run.table("frame_shares")
    if shares is None:
        return None
    by_event = run.table("frame_shares_by_event")
    by_group = run.table("frame_shares_by_group")
    scores = run.table("frame_scores")
    lexicon = run.table("lexicon_forms")
    doc_scores = None
    if scores is not None:
        doc_scores = table_view(
            scores[["doc_id", "frame", "hits", "sentences_with_frame", "rate_per_1k"]]
        )
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
    return {
        "coverage": left,
        "core": _core_grid(shares, run.table("frame_shares_core")),
        "over_time": _over_time(run.table("frame_shares_over_time"), run.table("change")),
        "grid": _share_grid(shares, ["outlet"]),
        "event_grid": None if by_event is None else _share_grid(by_event, ["outlet", "event"]),
        "group_grid": None if by_group is None else _share_grid(by_group, ["group"]),
        "doc_scores": doc_scores,
        "lexicon_size": None if lexicon is None else len(lexicon),
    }
