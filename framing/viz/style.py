"""How every chart looks and is saved: headless, colour-blind-safe, byte-identical on rerun.

- Rendering uses matplotlib's Agg backend (no display needed).
- Categorical colours are the Okabe–Ito palette (Okabe & Ito, 2008), which stays distinct
  under the common colour-vision deficiencies; sequential scales use *cividis* (Nuñez, Anderton
  & Renslow, 2018), designed to read the same with and without deuteranopia.
- SVG and PDF are written without creation dates and with a fixed SVG hash salt, so the same
  tables give byte-identical files; SVG text stays text (``svg.fonttype = "none"``), so it is
  searchable, selectable and small.

References
----------
Okabe, M., & Ito, K. (2008). Color universal design (CUD): how to make figures and
presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/

Nuñez, J. R., Anderton, C. R., & Renslow, R. S. (2018). Optimizing colormaps with
consideration for color vision deficiency to enable accurate interpretation of scientific data.
*PLOS ONE*, 13(8), e0199239.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import seaborn as sns

#: Okabe–Ito colours, ordered so that the first ones contrast most with a white background
#: (the pale yellow comes late).
OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#000000",
    "#F0E442",
    "#999999",
)
SEQUENTIAL = "cividis"
#: Colour of every mark when the study declares no outlet groups.
NEUTRAL = "#3a3a48"
#: Formats every figure is saved in (SVG is embedded in the report; PNG and PDF for papers).
FORMATS = ("svg", "png", "pdf")
RC = {
    "svg.hashsalt": "framing",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Before a chart's key in its SVG's metadata (``dc:identifier``).
KEY_PREFIX = "framing-chart:"
_METADATA = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    "png": {"Software": None},
}


def palette(n: int) -> list[str]:
    """``n`` Okabe–Ito colours (cycled when more are needed)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(n)]


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """Seaborn's white-grid theme with the report's fonts and deterministic output."""
    with sns.axes_style("whitegrid"), plt.rc_context(RC):
        yield


def save_figure(
    fig,
    out_dir: str | Path,
    name: str,
    formats: Sequence[str] = FORMATS,
    *,
    key: str | None = None,
) -> dict[str, Path]:
    """Write ``fig`` as ``out_dir/name.{svg,png,pdf}``, close it, return the paths by format.

    ``key`` (see :mod:`framing.viz.cache`) goes into the SVG's metadata; the SVG is written
    last, so an SVG with a key was saved with the other formats of the same call.

    The layout and the tight bounding box are worked out once, not once per format.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {fmt: out / f"{name}.{fmt}" for fmt in formats}
    try:
        with plt.rc_context(RC):
            bbox = _fixed_layout(fig)
            for fmt in sorted(paths, key=lambda f: f == "svg"):
                metadata = dict(_METADATA.get(fmt) or {})
                if fmt == "svg" and key:
                    metadata["Identifier"] = f"{KEY_PREFIX}{key}"
                fig.savefig(paths[fmt], format=fmt, metadata=metadata or None, bbox_inches=bbox)
    finally:
        plt.close(fig)
    return paths


def _fixed_layout(fig):
    """Lay ``fig`` out once (its layout engine, if any, then none) and return its tight
    bounding box with the saving pad, in inches: what ``bbox_inches="tight"`` would find by
    drawing the figure once more for every format."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    bbox = fig.get_tightbbox(fig.canvas.get_renderer())
    return bbox.padded(plt.rcParams["savefig.pad_inches"])
