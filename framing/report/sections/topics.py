"""Topics: what each outlet talks about beyond the lexicons (BERTopic)."""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.views import percent, table_view


def build(run: RunData) -> dict | None:
    topics = run.table("topics")
    if topics is None:
        return None
    shares = run.table("topic_shares")
    grid = None
    caveats: list[str] = []
    if shares is not None and not shares.empty:
        assigned = shares[shares["method"] == "assignment"] if "method" in shares else shares
        cell = assigned.assign(
            cell=[
                f"{percent(s)} ({percent(lo)}–{percent(hi)})"
                for s, lo, hi in zip(
                    assigned["share"], assigned["ci_low"], assigned["ci_high"], strict=True
                )
            ]
        )
        wide = cell.pivot(index="outlet", columns="topic", values="cell").sort_index()
        wide.columns = [f"topic {c}" for c in wide.columns]
        grid = table_view(wide.reset_index())
        if "caveat" in assigned:
            caveats = sorted(set(assigned["caveat"].dropna()))
    terms = run.table("topic_terms_by_outlet")
    stability = run.table("topic_stability")
    prevalence = run.table("topic_prevalence")
    overlap = run.table("topic_frame_overlap")
    return {
        "topics": table_view(
            topics[[c for c in ("topic", "label", "top_terms", "n_units") if c in topics]]
        ),
        "grid": grid,
        "caveats": caveats,
        "terms": None if terms is None else table_view(terms),
        "stability": None
        if stability is None or stability.empty
        else {
            "table": table_view(stability),
            "mean_ari": float(pd.to_numeric(stability["ari"]).mean()),
        },
        "prevalence": None
        if prevalence is None or prevalence.empty
        else table_view(
            prevalence[
                [
                    c
                    for c in ("topic", "term", "estimate", "ci_low", "ci_high", "p", "caveat")
                    if c in prevalence
                ]
            ]
        ),
        "overlap": None if overlap is None or overlap.empty else table_view(overlap),
    }
