"""Statistics: do outlets differ? Tests, models and contrasts with adjusted p-values."""

from __future__ import annotations

from framing.report.rundata import RunData
from framing.report.sections.views import footnote_column, table_view


def _columns(df, wanted):
    return [c for c in wanted if c in df.columns]


def build(run: RunData) -> dict | None:
    tests = run.table("tests")
    if tests is None:
        return None
    models = run.table("models")
    contrasts = run.table("contrasts")
    notes = run.table("notes")
    caveats = []
    if notes is not None and not notes.empty:
        caveats = list(notes.loc[notes["stage"] == "stats", "text"])
    # the adjusted p-value is the one shown; unadjusted ones stay in the saved tables
    test_cols = ["frame", "level", "method", "statistic", "df", "p_adj", "effect"]
    test_cols += ["effect_ci_low", "effect_ci_high", "n", "caveat"]
    model_cols = ["frame", "model", "term", "ratio", "ratio_ci_low", "ratio_ci_high"]
    model_cols += ["p_adj", "n", "method", "caveat"]
    contrast_cols = ["frame", "outlet_a", "outlet_b", "level", "share_a", "share_b"]
    contrast_cols += ["odds_ratio", "ci_low", "ci_high", "p_adj", "method"]
    shown = [
        tests[_columns(tests, test_cols)],
        None if models is None else models[_columns(models, model_cols)],
        None
        if contrasts is None
        else contrasts.sort_values(["p_adj", "frame"], kind="stable")[
            _columns(contrasts, contrast_cols)
        ],
    ]
    (tests_shown, models_shown, contrasts_shown), notes_list = footnote_column(shown)
    return {
        "caveats": caveats,
        "row_notes": notes_list,
        "tests": table_view(tests_shown),
        "models": None if models_shown is None else table_view(models_shown),
        "reference": None
        if models is None or "reference" not in models or models.empty
        else str(models["reference"].iloc[0]),
        "contrasts": None if contrasts_shown is None else table_view(contrasts_shown),
        "correction": str(run.info.get("config", {}).get("correction", "holm")),
    }
