"""Statistics: do outlets (and groups) differ? Articles as units, adjusted p-values, MDEs.

Long tables are summarised on the page: the tests in full, the :data:`TOP_ROWS` model
coefficients and pairwise contrasts with the smallest adjusted p, and every row one click away
as CSV (``tables/models.csv``, ``tables/contrasts.csv``). Where the study declares outlet
groups, each table comes per level, the groups first.
"""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.summary import TOP_ROWS, table_link
from framing.report.sections.views import footnote_column, percent, show, table_view

#: The levels compared, in page order, and their headings.
LEVELS = {"groups": "Between outlet groups", "outlets": "Between outlets"}


def _columns(df: pd.DataFrame, wanted: list[str]) -> list[str]:
    return [c for c in wanted if c in df.columns]


def _interval(low: float, high: float) -> str:
    return "–" if pd.isna(low) or pd.isna(high) else f"{show(low)} – {show(high)}"


def _significant(table: pd.DataFrame | None, alpha: float) -> pd.DataFrame | None:
    if table is None or "p_adj" not in table:
        return table
    return table[table["p_adj"] < alpha]


def build(run: RunData) -> dict | None:
    tests = run.table("tests")
    if tests is None:
        return None
    alpha = run.study.statistics.alpha
    notes = run.table("notes")
    caveats = []
    if notes is not None and not notes.empty:
        caveats = list(notes.loc[notes["stage"] == "stats", "text"])
    tests = tests.assign(
        effect_interval=[
            _interval(a, b)
            for a, b in zip(tests["effect_ci_low"], tests["effect_ci_high"], strict=True)
        ],
        detectable=[
            "" if pd.isna(m) or (not pd.isna(p) and p < alpha) else f"V ≥ {show(m)}"
            for m, p in zip(
                tests.get("mde_effect", pd.Series(pd.NA, index=tests.index)),
                tests["p_adj"],
                strict=True,
            )
        ],
    )
    test_cols = ["frame", "level", "outcome", "p_adj", "p_min", "effect", "effect_interval"]
    test_cols += ["detectable", "n", "n_outlets", "method", "caveat"]
    models = run.table("models")
    contrasts = run.table("contrasts")
    model_cols = ["frame", "level", "model", "term", "ratio", "ratio_ci_low", "ratio_ci_high"]
    model_cols += ["p_adj", "mde_ratio", "n", "method", "caveat"]
    contrast_cols = ["frame", "level", "outlet_a", "outlet_b", "share_a", "share_b"]
    contrast_cols += ["odds_ratio", "ci_low", "ci_high", "p_adj", "mde", "method", "caveat"]
    levels = _levels(tests, models, contrasts)
    parts = []
    for level in levels:
        parts.append(_of_level(tests, level)[_columns(tests, test_cols)])
        for table, cols in ((models, model_cols), (contrasts, contrast_cols)):
            part = None if table is None else _smallest_p(_of_level(table, level))
            part = None if part is None else part[_columns(part, cols)]
            if part is not None and level == "groups":  # a pair of groups is named as such
                part = part.rename(columns={"outlet_a": "group_a", "outlet_b": "group_b"})
            parts.append(part)
    shown, row_notes = footnote_column(parts)
    outlets = run.table("outlets")
    corrected = run.table("corrected_shares")
    return {
        "caveats": caveats,
        "row_notes": row_notes,
        "alpha": alpha,
        "levels": [
            {
                "level": level,
                "title": LEVELS.get(level, f"Level: {level}"),
                "tests": table_view(shown[3 * i]),
                "models": _part(shown[3 * i + 1], _of_level(models, level), alpha, "models"),
                "contrasts": _part(
                    shown[3 * i + 2], _of_level(contrasts, level), alpha, "contrasts"
                ),
            }
            for i, level in enumerate(levels)
        ],
        "several_levels": len(levels) > 1,
        "outlet_summary": _outlet_summary(outlets),
        "outlets": None if outlets is None else table_view(outlets),
        "reference": _reference(models),
        "corrected": None if corrected is None else _corrected_view(corrected),
    }


def _levels(*tables: pd.DataFrame | None) -> list[str]:
    """The levels the tables hold, groups first (then outlets, then any other)."""
    found = {str(v) for t in tables if t is not None and "level" in t for v in t["level"].dropna()}
    return [lv for lv in LEVELS if lv in found] + sorted(found - set(LEVELS)) or ["outlets"]


def _of_level(table: pd.DataFrame | None, level: str) -> pd.DataFrame | None:
    if table is None or "level" not in table:
        return table
    return table[table["level"] == level]


def _part(shown: pd.DataFrame | None, whole: pd.DataFrame | None, alpha: float, name: str):
    """A summarised table of one level: shown rows, tested rows, those below alpha, its CSV."""
    if shown is None or whole is None or whole.empty:
        return None
    hits = _significant(whole, alpha)
    return {
        "table": table_view(shown),
        "n": int(whole["p"].notna().sum()) if "p" in whole else len(whole),
        "hits": 0 if hits is None else len(hits),
        "href": table_link(name),
    }


def _smallest_p(table: pd.DataFrame) -> pd.DataFrame:
    """The :data:`TOP_ROWS` rows with the smallest adjusted p (untested rows last)."""
    ordered = table.sort_values(["p_adj", "frame"], kind="stable", na_position="last")
    return ordered.head(TOP_ROWS)


def _outlet_summary(outlets: pd.DataFrame | None) -> str:
    if outlets is None or outlets.empty:
        return ""
    tested = int(outlets["testable"].sum())
    return (
        f"{tested} of {len(outlets)} outlets have enough articles to be tested; the other "
        f"{len(outlets) - tested} are described by their shares only."
    )


def _reference(models: pd.DataFrame | None) -> str | None:
    if models is None or "reference" not in models:
        return None
    values = models.loc[models["level"] == "outlets", "reference"].dropna()
    return str(values.iloc[0]) if len(values) else None


def _corrected_view(corrected: pd.DataFrame) -> dict:
    rows = corrected.assign(
        observed=corrected["share"].map(percent),
        corrected=corrected["corrected_share"].map(percent),
        interval=[
            f"{percent(a)} – {percent(b)}" if not (pd.isna(a) or pd.isna(b)) else "–"
            for a, b in zip(corrected["ci_low"], corrected["ci_high"], strict=True)
        ],
    )
    columns = ["level", "name", "frame", "observed", "corrected", "interval", "sensitivity"]
    columns += ["specificity", "n_coded", "caveat"]
    return table_view(rows[_columns(rows, columns)])
