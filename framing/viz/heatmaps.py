"""Heatmaps with one row per outlet that wrap: long row lists continue in panels side by side.

Rows come in blocks (outlet groups, events), each opened by a bold header row; a panel that
starts inside a block repeats its header. Rows keep a fixed height, so labels never overlap;
the chart grows taller, never narrower than the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from framing.viz.layout import LABEL_SIZE, WIDTH, label_inches, row_labels, rows_height
from framing.viz.style import SEQUENTIAL, chart_style

#: Width of one cell, in inches (room for "100" at 7 pt).
CELL = 0.42
#: Fewest rows a panel holds before the rows wrap into another panel.
MIN_PANEL_ROWS = 30
#: Height of the chart beyond its rows and column labels (title, colour bar, axis label).
MARGIN = 1.6


def wrapped_heatmap(
    grid: pd.DataFrame,
    blocks: Sequence[tuple[str, list]],
    *,
    labels: dict | None = None,
    title: str,
    xlabel: str,
    colour_label: str,
) -> Figure:
    """A heatmap of ``grid`` (rows × columns, values in %), annotated, rows by block.

    Parameters
    ----------
    grid : DataFrame
        One row per row key, one column per column (e.g. frame).
    blocks : sequence of (name, row keys)
        Rows in order; a block with a name gets a header row (``""``: none).
    labels : dict, optional
        Row key -> its label (default: the key).
    title, xlabel, colour_label : str
    """
    labels = labels or {}
    entries: list[tuple[str, object]] = []
    for name, keys in blocks:
        if name:
            entries.append((name, None))
        entries.extend((name, key) for key in keys)
    texts = [name if key is None else str(labels.get(key, key)) for name, key in entries]
    label_width = label_inches([*texts, "x" * 4])
    panel_width = label_width + CELL * grid.shape[1] + 0.3
    fits = max(1, int(WIDTH // panel_width))
    n_panels = max(1, min(fits, len(entries) // MIN_PANEL_ROWS))
    chunks = _chunks(entries, n_panels)
    height = max(len(chunk) for chunk in chunks)
    values = grid.to_numpy(float)
    vmax = max(float(np.nanmax(values)) if np.isfinite(values).any() else 0.0, 1.0)
    position = {key: i for i, key in enumerate(grid.index)}
    both = height > 25  # column labels above and below a tall panel
    columns = label_inches(str(c) for c in grid.columns) * (2 if both else 1)
    title_lines = title.count("\n") + 1
    with chart_style():
        fig = plt.figure(
            figsize=(
                max(panel_width * n_panels, 4.0),
                rows_height(height) + columns + MARGIN + 0.2 * title_lines,
            ),
            layout="constrained",
        )
        axes = fig.subplots(1, n_panels, squeeze=False)[0]
        for ax, chunk in zip(axes, chunks, strict=True):
            cells = np.full((height, grid.shape[1]), np.nan)
            for i, (_, key) in enumerate(chunk):
                if key is not None:
                    cells[i] = values[position[key]]
            frame = pd.DataFrame(cells, columns=[str(c) for c in grid.columns])
            sns.heatmap(frame, ax=ax, cmap=SEQUENTIAL, vmin=0, vmax=vmax, annot=True, fmt=".0f",
                        annot_kws={"fontsize": 7}, linewidths=0.5, cbar=False,
                        mask=np.isnan(cells), yticklabels=False,
                        rasterized=True)  # fmt: skip
            # the cells as one image inside the SVG (thousands of paths at a hundred outlets);
            # labels and the numbers in the cells stay text
            for text in ax.texts:  # the numbers in the cells lie inside the axes
                text.set_in_layout(False)
            names = [name if key is None else str(labels.get(key, key)) for name, key in chunk]
            row_labels(ax, names, [key is None for _, key in chunk], offset=1.0)
            ax.set_ylabel("")
            ax.set_xlabel(xlabel)
            ax.tick_params(axis="x", rotation=90, labelsize=LABEL_SIZE, top=both, labeltop=both)
        fig.colorbar(axes[0].collections[0], ax=list(axes), location="top", shrink=0.6,
                     aspect=40, label=colour_label)  # fmt: skip
        fig.suptitle(title)
    return fig


def _chunks(entries: list[tuple[str, object]], n: int) -> list[list[tuple[str, object]]]:
    """``entries`` in ``n`` consecutive panels of about equal length; a header never ends a
    panel, and a panel starting inside a block repeats its header (``"… (cont.)"``)."""
    size = math.ceil(len(entries) / n)
    chunks = _split(entries, size)
    while len(chunks) > n:  # headers moved on made one panel more: make panels longer
        size += 1
        chunks = _split(entries, size)
    return chunks


def _split(entries: list[tuple[str, object]], size: int) -> list[list[tuple[str, object]]]:
    chunks: list[list[tuple[str, object]]] = []
    start = 0
    while start < len(entries):
        end = min(start + size, len(entries))
        while end - start > 1 and end < len(entries) and entries[end - 1][1] is None:
            end -= 1  # a header goes to the next panel, with its rows
        chunk = entries[start:end]
        name, key = chunk[0]
        if name and key is not None:
            chunk.insert(0, (f"{name} (cont.)", None))
        chunks.append(chunk)
        start = end
    return chunks
