"""Charts of sourcing and voice: who each outlet lets speak, and in whose voice frames appear."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

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
    ax, table: pd.DataFrame, rows: list[str], parts: list[str], colours: list[str]
) -> None:
    left = np.zeros(len(rows))
    for part, colour in zip(parts, colours, strict=True):
        values = np.array([float(table.get((row, part), 0.0)) * 100 for row in rows], dtype=float)
        values = np.nan_to_num(values)
        ax.barh(rows, values, left=left, color=colour, label=part, edgecolor="white", lw=0.5)
        left += values
    ax.set_xlim(0, 100)
    ax.invert_yaxis()


def sourcing_bars(sourcing: pd.DataFrame) -> Figure | None:
    """Each outlet's attributed statements by source type, as 100% stacked bars."""
    if sourcing is None or sourcing.empty or not (sourcing["n"] > 0).any():
        return None
    used = sourcing.groupby("source_type")["n"].sum()
    types = [t for t in dict.fromkeys(sourcing["source_type"]) if used.get(t, 0) > 0]
    outlets = sorted(sourcing.loc[sourcing["total"] > 0, "outlet"].astype(str).unique())
    shares = sourcing.set_index(["outlet", "source_type"])["share"]
    with chart_style():
        fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(outlets)))
        _stacked(ax, shares, outlets, types, palette(len(types)))
        ax.set_xlabel("attributed statements (%)")
        ax.set_ylabel("outlet")
        ax.set_title("Sourcing: who is quoted or cited, by source type")
        ax.legend(title="source type", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return fig


def voice_bars(voice_shares: pd.DataFrame, frames: Sequence[str]) -> Figure | None:
    """For each of ``frames``, each outlet's frame sentences by voice, as 100% stacked bars.

    The voices are those of the table, in its order (the order of precedence).
    """
    if voice_shares is None or voice_shares.empty:
        return None
    frames = [f for f in frames if f in set(voice_shares["frame"])]
    if not frames:
        return None
    voices = list(dict.fromkeys(voice_shares["voice"].astype(str)))
    colours = voice_colours(voices)
    with chart_style():
        fig, axes = plt.subplots(
            len(frames), 1, figsize=(8, 0.6 + 1.9 * len(frames)), squeeze=False, sharex=True
        )
        for ax, frame in zip(axes[:, 0], frames, strict=True):
            table = voice_shares[voice_shares["frame"] == frame]
            outlets = sorted(table["outlet"].astype(str).unique())
            shares = table.set_index(["outlet", "voice"])["share"]
            _stacked(ax, shares, outlets, voices, [colours[v] for v in voices])
            ax.set_title(f"{frame}: in whose voice")
            ax.set_ylabel("outlet")
        axes[-1, 0].set_xlabel("sentences with the frame (%)")
        axes[0, 0].legend(title="voice", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    return fig
