"""Keyness: the words that set each outlet apart (Monroe, Colaresi & Quinn 2008)."""

from __future__ import annotations

from framing.report.rundata import RunData
from framing.report.sections.views import table_view

TOP = 10


def build(run: RunData) -> dict | None:
    keyness = run.table("keyness")
    if keyness is None or keyness.empty:
        return None
    rest = keyness[keyness["versus"] == "rest"] if "versus" in keyness else keyness
    outlets = []
    for outlet, rows in rest.groupby("outlet", sort=True):
        top = rows.sort_values("z", ascending=False).head(TOP)
        outlets.append(
            {
                "outlet": outlet,
                "table": table_view(top[["term", "count", "score", "z", "p_adj"]]),
            }
        )
    caveats = sorted(set(rest["caveat"].dropna())) if "caveat" in rest else []
    return {"outlets": outlets, "caveats": caveats}
