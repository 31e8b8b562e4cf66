"""Outlet groups: which outlets a study compares as one kind (state media, Western press …).

A study declares groups in one of two ways: a metadata column (``group`` by default) giving
each document's group, or a mapping in the study config from each group to its outlets. The
mapping wins where both speak. Groups are properties of outlets, so every document of an
outlet gets the same group: an outlet whose documents disagree keeps its most frequent group
(ties: first by name) and the disagreement is reported, never silently resolved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

#: The name under which tables and charts show the outlets a study left without a group.
NO_GROUP = "(no group)"


def assign_groups(
    documents: pd.DataFrame,
    *,
    column: str = "group",
    mapping: Mapping[str, Sequence[str]] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Give every document its outlet's group (missing where the study declares none).

    Parameters
    ----------
    documents : DataFrame
        The ``documents`` table (``outlet``, and ``column`` when metadata declares groups).
    column : str, default "group"
        Metadata column holding each document's group.
    mapping : mapping of str to sequence of str, optional
        Group name -> outlets in it, from the study config.

    Returns
    -------
    documents : DataFrame
        A copy with a ``group`` column (missing values where an outlet has no group).
    notes : list of str
        One-line notes: outlets named in the mapping but absent from the corpus, outlets in
        two groups, documents of one outlet with different groups, outlets left without one.

    Examples
    --------
    >>> docs = pd.DataFrame({"outlet": ["TASS", "Reuters", "Kompas"]})
    >>> out, notes = assign_groups(docs, mapping={"state": ["TASS"], "west": ["Reuters"]})
    >>> out["group"].tolist(), notes
    (['state', 'west', None], ['1 outlet(s) belong to no declared group: Kompas'])
    """
    out = documents.copy()
    notes: list[str] = []
    outlets = out["outlet"].astype("string")
    declared = pd.Series(pd.NA, index=out.index, dtype="string")
    if column in out.columns:
        declared = out[column].astype("string").str.strip().replace("", pd.NA)
        per_outlet = pd.DataFrame({"outlet": outlets, "group": declared}).dropna()
        chosen = {}
        for outlet, values in per_outlet.groupby("outlet")["group"]:
            counts = values.value_counts()
            chosen[outlet] = sorted(counts.index, key=lambda g: (-counts[g], g))[0]
            if len(counts) > 1:
                notes.append(
                    f"outlet {outlet!r} has documents in groups {', '.join(sorted(counts.index))}; "
                    f"all its documents are counted in {chosen[outlet]!r}"
                )
        declared = outlets.map(chosen).astype("string")
    if mapping:
        owner: dict[str, str] = {}
        for group, members in mapping.items():
            for outlet in members:
                if outlet in owner and owner[outlet] != group:
                    notes.append(
                        f"outlet {outlet!r} is listed in groups {owner[outlet]!r} and {group!r}; "
                        f"it is counted in {owner[outlet]!r}"
                    )
                    continue
                owner[outlet] = str(group)
        absent = sorted(set(owner) - set(outlets.dropna()))
        if absent:
            notes.append(
                f"{len(absent)} outlet(s) named in the groups are not in the corpus: "
                + ", ".join(absent)
            )
        mapped = outlets.map(owner).astype("string")
        declared = mapped.fillna(declared)
    if declared.notna().any():
        missing = sorted(set(outlets[declared.isna()].dropna()))
        if missing:
            shown = ", ".join(missing[:10]) + (
                f" and {len(missing) - 10} more" if len(missing) > 10 else ""
            )
            notes.append(f"{len(missing)} outlet(s) belong to no declared group: {shown}")
    out["group"] = declared.astype(object).where(declared.notna(), None)
    return out, notes
