"""Topics: what each outlet talks about beyond the lexicons (BERTopic)."""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.views import footnote_column, percent, table_view

#: Columns of the prevalence table shown in the report (odds ratios and adjusted p-values).
PREVALENCE_SHOWN = (
    "topic",
    "term",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "p_adj",
    "n",
    "caveat",
)


def _text(value: object) -> str:
    """A caveat cell as stripped text; missing values (as read back from files) are empty."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _share_cell(share: float, low: float, high: float) -> str:
    if pd.isna(low) or pd.isna(high):
        return percent(share)
    return f"{percent(share)} ({percent(low)}–{percent(high)})"


def share_caveats(shares: pd.DataFrame) -> list[str]:
    """Each distinct non-empty caveat of the share table, with the outlets it concerns.

    Examples
    --------
    >>> shares = pd.DataFrame(
    ...     {"outlet": ["A", "A", "B", "C"], "caveat": ["", "", "one article", None]}
    ... )
    >>> share_caveats(shares)
    ['one article (B)']
    """
    if "caveat" not in shares:
        return []
    text = shares["caveat"].map(_text).str.strip()
    notes = []
    for caveat in sorted(set(text) - {""}):
        outlets = sorted({str(o) for o in shares.loc[text == caveat, "outlet"]})
        notes.append(f"{caveat} ({', '.join(outlets)})")
    return notes


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
                _share_cell(s, lo, hi)
                for s, lo, hi in zip(
                    assigned["share"], assigned["ci_low"], assigned["ci_high"], strict=True
                )
            ]
        )
        wide = cell.pivot(index="outlet", columns="topic", values="cell").sort_index()
        wide.columns = [f"topic {c}" for c in wide.columns]
        grid = table_view(wide.reset_index())
        caveats = share_caveats(assigned)
    terms = run.table("topic_terms_by_outlet")
    stability = run.table("topic_stability")
    prevalence = run.table("topic_prevalence")
    overlap = run.table("topic_frame_overlap")
    prevalence_view, prevalence_notes, prevalence_methods = None, [], []
    not_fitted: list[str] = []
    unfitted = (
        prevalence is not None
        and not prevalence.empty
        and "method" in prevalence
        and (prevalence["method"] == "not fitted").all()
    )
    if unfitted:
        parts = {p for c in prevalence["caveat"].map(_text) for p in c.split("; ")}
        not_fitted = sorted(p.strip() for p in parts if p.strip())
        prevalence = None
    if prevalence is not None and not prevalence.empty:
        shown = prevalence[[c for c in PREVALENCE_SHOWN if c in prevalence]]
        (shown,), prevalence_notes = footnote_column([shown])
        prevalence_view = table_view(shown)
        if "method" in prevalence:
            methods = {_text(m) for m in prevalence["method"]}
            prevalence_methods = sorted(methods - {"", "not fitted"})
    return {
        "topics": table_view(
            topics[
                [
                    c
                    for c in (
                        "topic",
                        "label",
                        "top_terms",
                        "n_units",
                        "coherence_npmi",
                        "distinctness",
                        "stability",
                    )
                    if c in topics
                ]
            ]
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
        "prevalence": prevalence_view,
        "prevalence_notes": prevalence_notes,
        "prevalence_methods": prevalence_methods,
        "prevalence_not_fitted": not_fitted,
        "overlap": None if overlap is None or overlap.empty else table_view(overlap),
        "over_time": _topics_over_time(run.table("topics_over_time")),
    }


def _topics_over_time(table: pd.DataFrame | None) -> dict | None:
    """Topic shares per period, beside the frames over time."""
    if table is None or table.empty:
        return None
    columns = [c for c in ("period", "topic", "share", "ci_low", "ci_high", "n", "top_terms")
               if c in table]  # fmt: skip
    return table_view(table[columns].sort_values(["period", "topic"], kind="stable"))
