"""Statistics: do outlets (and groups) differ? Articles as units, adjusted p-values, MDEs.

Long tables are summarised on the page: the tests in full, the model coefficients and pairwise
contrasts that reach the adjusted level in full, and every row one click away as CSV
(``tables/models.csv``, ``tables/contrasts.csv``).
"""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.views import footnote_column, percent, show, table_view

#: Rows of a long table shown on the page before pointing to its CSV.
SHOWN_ROWS = 25


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
    model_hits = _significant(models, alpha)
    contrast_hits = _significant(contrasts, alpha)
    shown = [
        tests[_columns(tests, test_cols)],
        None if models is None else _smallest_p(models)[_columns(models, model_cols)],
        None if contrasts is None else _smallest_p(contrasts)[_columns(contrasts, contrast_cols)],
    ]
    (tests_shown, models_shown, contrasts_shown), row_notes = footnote_column(shown)
    outlets = run.table("outlets")
    corrected = run.table("corrected_shares")
    return {
        "caveats": caveats,
        "row_notes": row_notes,
        "alpha": alpha,
        "tests": table_view(tests_shown),
        "outlet_summary": _outlet_summary(outlets),
        "outlets": None if outlets is None else table_view(outlets),
        "models": None if models_shown is None else table_view(models_shown),
        "n_models": 0 if models is None else int(models["p"].notna().sum()),
        "n_model_hits": 0 if model_hits is None else len(model_hits),
        "reference": _reference(models),
        "contrasts": None if contrasts_shown is None else table_view(contrasts_shown),
        "n_contrasts": 0 if contrasts is None else int(contrasts["p"].notna().sum()),
        "n_contrast_hits": 0 if contrast_hits is None else len(contrast_hits),
        "corrected": None if corrected is None else _corrected_view(corrected),
    }


def _smallest_p(table: pd.DataFrame) -> pd.DataFrame:
    """The :data:`SHOWN_ROWS` rows with the smallest adjusted p (untested rows last)."""
    ordered = table.sort_values(["p_adj", "frame"], kind="stable", na_position="last")
    return ordered.head(SHOWN_ROWS)


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
