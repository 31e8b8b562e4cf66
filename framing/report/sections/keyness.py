"""Keyness: the words that set each outlet (and group) apart (Monroe, Colaresi & Quinn 2008).

One row per group or outlet with its most distinctive words, groups first; every term with its
scores is in ``tables/keyness.csv``.
"""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.groups import membership, split_table
from framing.report.sections.summary import table_link
from framing.report.sections.views import show, table_view

#: Terms listed per outlet or group.
TOP = 10


def _top_terms(rows: pd.DataFrame, name: str) -> pd.DataFrame:
    """Each ``name``'s :data:`TOP` terms by z, as "term (z)" joined in one cell."""
    out = []
    for key, part in rows.groupby(name, sort=True):
        top = part.sort_values(["z", "term"], ascending=[False, True]).head(TOP)
        significant = int((top["p_adj"] < 0.05).sum()) if "p_adj" in top else 0
        out.append(
            {
                name: key,
                "terms": ", ".join(
                    f"{t} ({show(z, 2)})" for t, z in zip(top["term"], top["z"], strict=True)
                ),
                "adjusted p < 0.05": f"{significant} of {len(top)}",
            }
        )
    return pd.DataFrame(out, columns=[name, "terms", "adjusted p < 0.05"])


def build(run: RunData) -> dict | None:
    keyness = run.table("keyness")
    if keyness is None or keyness.empty:
        return None
    rest = keyness[keyness["versus"] == "rest"] if "versus" in keyness else keyness
    level = rest["level"] if "level" in rest else pd.Series("outlets", index=rest.index)
    outlets = _top_terms(rest[level != "groups"], "outlet")
    groups = membership(run)
    group_rows = rest[level == "groups"]
    caveats = sorted(set(rest["caveat"].dropna())) if "caveat" in rest else []
    return {
        "groups": None
        if group_rows.empty
        else table_view(_top_terms(group_rows.assign(group=group_rows["outlet"]), "group")),
        "outlets": table_view(outlets),
        "outlets_by_group": split_table(outlets, groups),
        "href": table_link("keyness"),
        "top": TOP,
        "caveats": caveats,
    }
