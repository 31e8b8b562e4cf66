"""Topics: what each outlet talks about beyond the lexicons (BERTopic)."""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.groups import membership, pooled, split_table
from framing.report.sections.summary import TOP_COLUMNS, summarised, table_link
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


#: The topics-over-time chart (:mod:`framing.viz.topics_over_time`), placed when drawn.
OVER_TIME_FIGURE = "topic_over_time"


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


def _grids(shares: pd.DataFrame, groups: pd.Series | None) -> dict:
    """Outlets × the :data:`TOP_COLUMNS` largest topics; with groups, pooled group rows first."""
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
    weight = assigned["n_units"] if "n_units" in assigned else pd.Series(1, index=assigned.index)
    mass = (assigned["share"] * weight).groupby(_columns(assigned)).sum()
    largest = mass.sort_values(ascending=False, kind="stable").index[:TOP_COLUMNS]
    kept = [c for c in wide.columns if c in set(largest)]
    grid = table_view(wide[kept].reset_index())
    by_group, group_grid = None, None
    if groups is not None and "n_units" in assigned:
        units = assigned.assign(
            column=_columns(assigned),
            units=assigned["share"] * assigned["n_units"],
            language=assigned.get("language", ""),
        )
        table = pooled(units, groups, ["language", "column"], "units", "n_units")
        table = table.assign(cell=table["share"].map(percent))
        pivot = table.pivot_table(
            index="group", columns="column", values="cell", aggfunc="first", sort=False
        )
        group_grid = table_view(pivot.reindex(columns=kept).reset_index().fillna("–"))
        by_group = split_table(wide[kept].reset_index(), groups)
    return {
        "grid": grid,
        "group_grid": group_grid,
        "by_group": by_group,
        "shown": len(kept),
        "total": len(wide.columns),
        "caveats": share_caveats(assigned),
    }


def build(run: RunData) -> dict | None:
    topics = run.table("topics")
    if topics is None:
        return None
    shares = run.table("topic_shares")
    grids = None
    if shares is not None and not shares.empty:
        grids = _grids(shares, membership(run))
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
        shown = summarised(
            prevalence,
            table_link("topic_prevalence"),
            by=["p_adj"] if "p_adj" in prevalence else None,
            order="those with the smallest adjusted p" if "p_adj" in prevalence else "",
        )
        top = (
            prevalence.sort_values("p_adj", kind="stable") if "p_adj" in prevalence else prevalence
        )
        top = top.head(shown["shown"])
        (top,), prevalence_notes = footnote_column([top[[c for c in PREVALENCE_SHOWN if c in top]]])
        prevalence_view = {**shown, "table": table_view(top)}
        if "method" in prevalence:
            methods = {_text(m) for m in prevalence["method"]}
            prevalence_methods = sorted(methods - {"", "not fitted"})
    several = "language" in topics and topics["language"].nunique() > 1
    topic_columns = ["topic", *(["language"] if several else []), "label", "top_terms", "n_units",
                     "coherence_npmi", "distinctness", "stability"]  # fmt: skip
    return {
        "space": topic_space(run.topic_summary, run.study.topics.unit),
        "fitting": topic_fitting(run.topic_summary, run.study.topics.unit),
        "topics": summarised(
            topics,
            table_link("topics"),
            columns=topic_columns,
            by=["n_units", "topic"] if "n_units" in topics else None,
            ascending=[False, True],
            order="those with the most units" if "n_units" in topics else "",
        ),
        "grids": grids,
        "caveats": [] if grids is None else grids["caveats"],
        "terms": None
        if terms is None
        else summarised(
            terms,
            table_link("topic_terms_by_outlet"),
            by=["n_units"] if "n_units" in terms else None,
            ascending=False,
            order="those of the most units" if "n_units" in terms else "",
        ),
        "stability": None
        if stability is None or stability.empty
        else {
            "table": summarised(stability, table_link("topic_stability")),
            "mean_ari": float(pd.to_numeric(stability["ari"]).mean()),
        },
        "prevalence": prevalence_view,
        "prevalence_notes": prevalence_notes,
        "prevalence_methods": prevalence_methods,
        "prevalence_not_fitted": not_fitted,
        "overlap": None
        if overlap is None or overlap.empty
        else summarised(overlap, table_link("topic_frame_overlap")),
        "over_time": _topics_over_time(run.table("topics_over_time")),
        "over_time_figure": run.figure(OVER_TIME_FIGURE),
    }


def _columns(cells: pd.DataFrame) -> list[str]:
    """The grid column of each row: ``topic N``, or each language's outliers apart."""
    topic = cells["topic"].astype(int)
    several = "language" in cells and cells["language"].nunique() > 1
    language = cells["language"].astype(str) if several else pd.Series("", index=cells.index)
    return [
        f"topic {t}" if t >= 0 or not several else f"outliers ({code})"
        for t, code in zip(topic, language, strict=True)
    ]


def _share_grid(cells: pd.DataFrame) -> pd.DataFrame:
    """Outlets × topics; with a model per language, each language's outliers are a column."""
    topic = cells["topic"].astype(int)
    several = "language" in cells and cells["language"].nunique() > 1
    language = cells["language"].astype(str) if several else pd.Series("", index=cells.index)
    column = _columns(cells)
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


def topic_fitting(summary: dict, unit: str) -> str:
    """How each model was fitted (in one pass, or online in batches) and its units assigned,
    in one sentence (empty when not recorded).

    Examples
    --------
    >>> topic_fitting({"languages": {"en": {"units": 80000, "modelled": True}},
    ...     "parameters": {"mode": "online", "batch_size": 5000,
    ...                    "reduction": "incremental_pca", "clustering": "minibatch_kmeans"}},
    ...     "paragraph")
    'Each model was fitted on every paragraph with text of its language, not a sample: en online, in batches of 5,000 paragraphs (incremental_pca + minibatch_kmeans), every paragraph then assigned to a topic by the final model (BERTopic transform).'
    """
    languages = summary.get("languages") or {}
    by_language = summary.get("parameters_by_language") or {}
    if not by_language and summary.get("parameters"):
        modelled = [c for c, e in languages.items() if e.get("modelled")] or ["all"]
        code = "every language" if summary.get("topic_space") == "joint" else modelled[0]
        by_language = {code: summary["parameters"]}
    if not by_language:
        return ""
    parts, online = [], False
    for code, parameters in by_language.items():
        how = f"{parameters.get('reduction')} + {parameters.get('clustering')}"
        if parameters.get("mode") == "online":
            online = True
            batch = parameters.get("batch_size")
            parts.append(f"{code} online, in batches of {batch:,} {unit}s ({how})")
        else:
            parts.append(f"{code} in one pass ({how})")
    where = "of the corpus" if summary.get("topic_space") == "joint" else "of its language"
    text = f"Each model was fitted on every {unit} with text {where}, not a sample: " + "; ".join(
        parts
    )
    if online:
        text += f", every {unit} then assigned to a topic by the final model (BERTopic transform)"
    return text + "."


def _topics_over_time(table: pd.DataFrame | None) -> dict | None:
    """Topic shares per period, beside the frames over time."""
    if table is None or table.empty:
        return None
    columns = [c for c in ("period", "topic", "share", "ci_low", "ci_high", "n", "top_terms")
               if c in table]  # fmt: skip
    return summarised(
        table.sort_values(["period", "topic"], kind="stable"),
        table_link("topics_over_time"),
        columns=columns,
        by=["share"],
        ascending=False,
        order="the largest shares",
    )
