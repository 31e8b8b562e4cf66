"""Charts of sourcing and voice: who each outlet lets speak, and in whose voice frames appear."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from framing.viz.groups import header_rows, outlet_groups
from framing.viz.layout import (
    WIDTH,
    panel_grid,
    row_labels,
    rows_height,
    with_header,
)
from framing.viz.style import chart_style, palette

#: Colours of the voices every study has: denial and hedge warm, other sources grey, own voice
#: black.
FIXED_VOICE_COLOURS = {
    "denied": "#CC79A7",
    "hedged": "#F0E442",
    "attributed_other": "#999999",
    "own_voice": "#000000",
}
#: Colours of the sides' voices in the order of the sides (Okabe–Ito colours the fixed voices
#: leave free: blue, vermilion, bluish green, sky blue, orange; cycled for more sides).
SIDE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#56B4E9", "#E69F00")


def voice_colours(voices: Sequence[str]) -> dict[str, str]:
    """A colour for each voice: fixed ones for the shared voices, then side colours in order.

    Examples
    --------
    >>> voice_colours(["denied", "attributed_aid", "attributed_army", "own_voice"])
    {'denied': '#CC79A7', 'attributed_aid': '#0072B2', 'attributed_army': '#D55E00',
     'own_voice': '#000000'}
    """
    sides = [v for v in voices if v not in FIXED_VOICE_COLOURS]
    side_colour = {v: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, v in enumerate(sides)}
    return {v: FIXED_VOICE_COLOURS.get(v) or side_colour[v] for v in voices}


def _stacked(
    ax, table: pd.Series, rows: list[tuple[str, bool]], parts: list[str], colours: list[str]
) -> None:
    """100% stacked bars of ``table`` (``(outlet, part)`` -> share), one per outlet row; header
    rows (group names) carry no bar and a bold label. Each part is one collection of bars."""
    wide = table.groupby(level=[0, 1]).first().unstack()
    outlets = [None if header else row for row, header in rows]
    values = wide.reindex(index=outlets, columns=parts).to_numpy(float) * 100
    values = np.nan_to_num(values)
    left = np.zeros(len(rows))
    y = np.arange(len(rows))
    for j, colour in enumerate(colours):
        width = values[:, j]
        shown = width > 0
        boxes = [
            [(x0, y0 - 0.4), (x0 + w, y0 - 0.4), (x0 + w, y0 + 0.4), (x0, y0 + 0.4)]
            for x0, y0, w in zip(left[shown], y[shown], width[shown], strict=True)
        ]
        ax.add_collection(PolyCollection(boxes, facecolors=colour, edgecolors="white",
                                         linewidths=0.5))  # fmt: skip
        left += width
    ax.set_xlim(0, 100)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    row_labels(ax, [row for row, _ in rows], [header for _, header in rows])
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="x", top=True, labeltop=len(rows) > 25)


def sourcing_bars(sourcing: pd.DataFrame, outlets: pd.DataFrame | None = None) -> Figure | None:
    """Each outlet's attributed statements by source type, as 100% stacked bars (outlets by
    group when the ``outlets`` table declares groups)."""
    if sourcing is None or sourcing.empty or not (sourcing["n"] > 0).any():
        return None
    used = sourcing.groupby("source_type")["n"].sum()
    types = [t for t in dict.fromkeys(sourcing["source_type"]) if used.get(t, 0) > 0]
    shown = sourcing.loc[sourcing["total"] > 0, "outlet"].astype(str).unique()
    rows = header_rows(outlet_groups(outlets).ordered(shown))
    shares = sourcing.assign(outlet=sourcing["outlet"].astype(str))
    shares = shares.set_index(["outlet", "source_type"])["share"]
    with chart_style():
        fig = plt.figure(figsize=(WIDTH, rows_height(len(rows)) + 0.9), layout="constrained")
        colours = palette(len(types))
        handles = [Patch(color=c, label=t) for t, c in zip(types, colours, strict=True)]
        body = with_header(fig, "Sourcing: who is quoted or cited, by source type", handles,
                           "source type")  # fmt: skip
        ax = body.subplots()
        _stacked(ax, shares, rows, types, colours)
        ax.set_xlabel("attributed statements (%)")
    return fig


def voice_bars(
    voice_shares: pd.DataFrame, frames: Sequence[str], outlets: pd.DataFrame | None = None
) -> Figure | None:
    """For each of ``frames``, each outlet's frame sentences by voice, as 100% stacked bars:
    one panel per frame, outlets by group when the ``outlets`` table declares groups.

    The voices are those of the table, in its order (the order of precedence).
    """
    if voice_shares is None or voice_shares.empty:
        return None
    frames = [f for f in frames if f in set(voice_shares["frame"])]
    if not frames:
        return None
    voices = list(dict.fromkeys(voice_shares["voice"].astype(str)))
    colours = voice_colours(voices)
    table = voice_shares.assign(outlet=voice_shares["outlet"].astype(str))
    rows = header_rows(outlet_groups(outlets).ordered(table["outlet"].unique()))
    grid, columns = panel_grid(len(frames), [r for r, _ in rows])
    with chart_style():
        fig = plt.figure(
            figsize=(WIDTH, grid * (rows_height(len(rows)) + 0.8) + 0.3), layout="constrained"
        )
        handles = [Patch(color=colours[v], label=v) for v in voices]
        body = with_header(fig, "In whose voice the key frames are stated", handles, "voice", 3)
        axes = body.subplots(grid, columns, squeeze=False)
        for ax, frame in zip(axes.ravel(), frames, strict=False):
            shares = table[table["frame"] == frame].set_index(["outlet", "voice"])["share"]
            _stacked(ax, shares, rows, voices, [colours[v] for v in voices])
            ax.set_title(f"{frame}: in whose voice", fontsize=9)
        for ax in axes.ravel()[len(frames) :]:
            ax.set_visible(False)
        body.supxlabel("sentences with the frame (%)", fontsize=8)
    return fig
