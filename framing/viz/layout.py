"""Sizes of charts with one row per outlet: a fixed height per row, a fixed page width.

A chart's height grows with its rows, so labels never overlap whatever the number of outlets
(the report puts a tall chart in a scrolling box); its width stays that of the page, so the
browser never shrinks it. Panels of the same chart sit side by side as far as their labels
leave room for the plot.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from matplotlib import transforms
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

#: Width of every chart with outlet rows, in inches (960 px: the report's column is wider).
WIDTH = 10.0
#: Font size of outlet labels, in points.
LABEL_SIZE = 8
#: Height of one outlet row, in inches: 12.2 pt for labels 9.3 pt high, so they never touch.
ROW = 0.17
#: Average width of a character of the labels, in inches (DejaVu Sans at LABEL_SIZE, with room).
CHAR = 0.07
#: Most panels side by side.
MAX_COLUMNS = 3


def label_inches(labels: Iterable[str]) -> float:
    """Room the longest of ``labels`` needs beside an axis, in inches."""
    return 0.2 + CHAR * max((len(str(label)) for label in labels), default=1)


def panel_columns(n_panels: int, label_width: float, plot_width: float = 1.8) -> int:
    """Panels side by side: as many as leave each ``plot_width`` inches beside its labels."""
    fits = int(WIDTH // (label_width + plot_width + 0.3))
    return max(1, min(MAX_COLUMNS, fits, n_panels))


def panel_grid(n_panels: int, labels: Iterable[str]) -> tuple[int, int]:
    """(rows, columns) of a grid of ``n_panels`` panels, each with ``labels`` beside it."""
    columns = panel_columns(n_panels, label_inches(labels))
    return math.ceil(n_panels / columns), columns


def rows_height(n_rows: int) -> float:
    """Height of ``n_rows`` outlet rows, in inches."""
    return ROW * max(n_rows, 1)


def with_header(fig, title: str, handles=(), legend_title: str | None = None, ncol: int = 4):
    """Add a header to ``fig`` (``title``, then a legend of ``handles`` if any) above its
    current height, and return the body below it (a subfigure) to draw in.

    A legend at the top of a tall chart is read first; a figure legend beside a suptitle
    would overlap it under constrained layout.
    """
    handles = list(handles)
    rows = -(-len(handles) // ncol) if handles else 0
    head = 0.12 + 0.18 * (title.count("\n") + 1)
    head += 0.18 * rows + (0.18 if legend_title else 0.05) if handles else 0
    height = fig.get_figheight()
    fig.set_figheight(height + head)
    top, body = fig.subfigures(2, 1, height_ratios=[head, height])
    top.suptitle(title, y=1.0, va="top")
    if handles:
        top.legend(handles=handles, title=legend_title, loc="lower center", ncol=ncol,
                   fontsize=8, title_fontsize=8, frameon=False)  # fmt: skip
    return body


def row_labels(
    ax, labels: Sequence[str], bold: Sequence[bool] | None = None, *, offset: float = 0.5
) -> None:
    """Label row ``i`` of ``ax`` (at y = ``i + offset - 0.5``) with ``labels[i]`` left of the
    axis, in bold where ``bold`` says (group and event headers).

    Plain texts rather than tick labels, and only the widest of them in the layout (the
    others lie within its width, inside the axes' height): a chart of 200 outlets in six panels
    is laid out and drawn in a tenth of the time, and each label is one ``<text>`` element of
    the SVG.
    """
    ax.set_yticks([])
    place = transforms.blended_transform_factory(ax.transAxes, ax.transData)
    place += transforms.ScaledTranslation(-3 / 72, 0, ax.figure.dpi_scale_trans)
    bold = bold or [False] * len(labels)
    texts = [
        ax.text(
            0,
            i + offset - 0.5,
            str(label),
            transform=place,
            ha="right",
            va="center",
            fontsize=LABEL_SIZE,
            fontweight="bold" if strong else "normal",
        )  # fmt: skip
        for i, (label, strong) in enumerate(zip(labels, bold, strict=True))
    ]
    widths = [_width(t.get_text(), t.get_fontproperties()) for t in texts]
    widest = max(range(len(texts)), key=widths.__getitem__, default=None)
    for i, text in enumerate(texts):
        text.set_in_layout(i == widest)


def _width(text: str, prop: FontProperties) -> float:
    """Width of ``text`` set in ``prop``, in points (the font's metrics, as drawn)."""
    return _text_widths.get_text_width_height_descent(text, prop, ismath=False)[0]


_text_widths = TextToPath()
