"""Outlet groups in charts: each outlet's group, a colour per group, and rows ordered by group.

Charts colour outlets by their declared group (the ``outlets`` table's ``group`` column) and
show a legend of the groups, never one of the outlets; without groups every mark has the
neutral colour and there is no legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.lines import Line2D

from framing.corpus.groups import NO_GROUP
from framing.viz.style import NEUTRAL, OKABE_ITO

#: Colours of groups: Okabe–Ito without the pale yellow and the grey (kept for the rest).
GROUP_COLOURS = tuple(c for c in OKABE_ITO if c not in ("#F0E442", "#999999"))
#: Colour of outlets without a group, and of the groups beyond the coloured ones.
OTHER = "#999999"


@dataclass(frozen=True)
class Groups:
    """Each outlet's group and each group's colour (empty when the study declares none)."""

    of: dict[str, str]
    colours: dict[str, str]

    def __bool__(self) -> bool:
        return bool(self.of)

    def group(self, outlet: str) -> str:
        return self.of.get(str(outlet), NO_GROUP)

    def colour(self, outlet: str) -> str:
        if not self:
            return NEUTRAL
        return self.colours.get(self.group(outlet), OTHER)

    def legend_handles(self, shown: Iterable[str]) -> list[Line2D]:
        """Legend handles of the groups of the ``shown`` outlets (coloured ones, then the rest);
        none without groups."""
        if not self:
            return []
        present = {self.group(o) for o in shown}
        handles = [
            Line2D([], [], marker="o", ls="", color=c, label=g)
            for g, c in self.colours.items()
            if g in present
        ]
        rest = sorted(present - set(self.colours))
        if rest:
            label = rest[0] if len(rest) == 1 else f"other groups ({len(rest)})"
            handles.append(Line2D([], [], marker="o", ls="", color=OTHER, label=label))
        return handles

    def ordered(self, outlets: Iterable[str]) -> list[tuple[str, list[str]]]:
        """The outlets by group (groups in colour order, then by name; no group last), each
        group's outlets by name; one block named ``""`` without groups."""
        outlets = sorted({str(o) for o in outlets})
        if not self:
            return [("", outlets)]
        names = sorted({self.group(o) for o in outlets}, key=self._rank)
        return [(g, [o for o in outlets if self.group(o) == g]) for g in names]

    def _rank(self, group: str) -> tuple:
        order = list(self.colours)
        return (group == NO_GROUP, order.index(group) if group in order else len(order), group)


def outlet_groups(outlets: pd.DataFrame | None) -> Groups:
    """The groups of the ``outlets`` table (``outlet``, ``group``); none if it has none.

    The groups with most outlets get the :data:`GROUP_COLOURS` (ties by name); the rest share
    :data:`OTHER`, so a legend never lists more than eight colours.
    """
    if outlets is None or outlets.empty or not {"outlet", "group"} <= set(outlets.columns):
        return Groups({}, {})
    declared = outlets.dropna(subset=["group"])
    declared = declared[declared["group"].astype(str).str.strip() != ""]
    if declared.empty:
        return Groups({}, {})
    of = dict(zip(declared["outlet"].astype(str), declared["group"].astype(str), strict=True))
    size = pd.Series(list(of.values())).value_counts()
    ranked = sorted(size.index, key=lambda g: (-size[g], g))
    colours = dict(zip(sorted(ranked[: len(GROUP_COLOURS)]), GROUP_COLOURS, strict=False))
    return Groups(of, colours)


def header_rows(blocks: Sequence[tuple[str, list[str]]]) -> list[tuple[str, bool]]:
    """Rows of a chart ordered by block: ``(label, is_header)``, a header row naming each
    block before its outlets (none for a block named ``""``)."""
    rows: list[tuple[str, bool]] = []
    for name, members in blocks:
        if name:
            rows.append((name, True))
        rows.extend((m, False) for m in members)
    return rows
