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
        wide = _share_grid(cell)
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
    several = "language" in topics and topics["language"].nunique() > 1
    return {
        "space": topic_space(run.topic_summary, run.study.topics.unit),
        "topics": table_view(
            topics[
                [
                    c
                    for c in (
                        "topic",
                        *(["language"] if several else []),
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


def _share_grid(cells: pd.DataFrame) -> pd.DataFrame:
    """Outlets × topics; with a model per language, each language's outliers are a column."""
    topic = cells["topic"].astype(int)
    several = "language" in cells and cells["language"].nunique() > 1
    language = cells["language"].astype(str) if several else pd.Series("", index=cells.index)
    column = [
        f"topic {t}" if t >= 0 or not several else f"outliers ({code})"
        for t, code in zip(topic, language, strict=True)
    ]
    order = (
        pd.DataFrame({"column": column, "topic": topic, "language": language})
        .drop_duplicates("column")
        .assign(outlier=lambda d: d["topic"] < 0)
        .sort_values(["outlier", "topic", "language"])["column"]
    )
    wide = cells.assign(column=column).pivot(index="outlet", columns="column", values="cell")
    return wide.reindex(columns=list(order)).sort_index()


def topic_space(summary: dict, unit: str) -> str:
    """How the corpus' languages were modelled, in one sentence (empty when not recorded).

    Examples
    --------
    >>> topic_space({"topic_space": "per_language", "languages": {
    ...     "en": {"units": 800, "topics": 12, "modelled": True},
    ...     "it": {"units": 7, "modelled": False}}}, "paragraph")
    'One topic model per language: en, 12 topics on 800 paragraphs. Not modelled (too few paragraphs for a model of their own): it (7 paragraphs).'
    """
    languages = summary.get("languages") or {}
    space = summary.get("topic_space")
    if not languages or space is None:
        return ""
    if space == "joint":
        return (
            f"One topic model over every language ({', '.join(sorted(languages))}): a topic "
            "may gather units of several languages, as intended with a multilingual embedding "
            "model."
        )
    modelled = [
        f"{code}, {entry.get('topics', 0)} topics on {entry['units']:,} {unit}s"
        for code, entry in languages.items()
        if entry.get("modelled")
    ]
    left = [
        f"{code} ({entry['units']:,} {unit}s)"
        for code, entry in languages.items()
        if not entry.get("modelled")
    ]
    text = "One topic model per language: " + "; ".join(modelled) + "."
    if left:
        text += f" Not modelled (too few {unit}s for a model of their own): {', '.join(left)}."
    return text


def _topics_over_time(table: pd.DataFrame | None) -> dict | None:
    """Topic shares per period, beside the frames over time."""
    if table is None or table.empty:
        return None
    columns = [c for c in ("period", "topic", "share", "ci_low", "ci_high", "n", "top_terms")
               if c in table]  # fmt: skip
    return table_view(table[columns].sort_values(["period", "topic"], kind="stable"))
