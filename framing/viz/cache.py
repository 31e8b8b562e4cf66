"""Charts drawn once: a chart is drawn again only when its tables or the code drawing it change.

A chart's key digests its name, the tables it reads (their columns, types and values), the
source of the module that draws it and of this package, and the matplotlib and seaborn
versions. :func:`framing.viz.style.save_figure` writes the key into the SVG's metadata; a
later ``framing report`` on the same run finds the key in the SVG, with every other format
beside it, and keeps the files instead of drawing 200 outlets again. The same tables give the
same key, so two runs of a study still give byte-identical figures.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable, Iterable
from pathlib import Path

import matplotlib
import pandas as pd
import seaborn as sns

from framing.viz.style import KEY_PREFIX

#: Bytes at the start of an SVG searched for its key (the metadata comes first).
HEAD = 4096


def chart_key(name: str, draw: Callable, tables: Iterable[pd.DataFrame | None]) -> str:
    """The key of chart ``name`` drawn by ``draw`` from ``tables``."""
    digest = hashlib.sha256(name.encode("utf-8"))
    digest.update(_code() + _source(draw))
    for table in tables:
        digest.update(table_digest(table))
    return digest.hexdigest()[:32]


def is_current(paths: dict[str, Path], key: str) -> bool:
    """Whether every file of ``paths`` exists and the SVG among them carries ``key``."""
    svg = paths.get("svg")
    if svg is None or not all(path.is_file() for path in paths.values()):
        return False
    with svg.open("rb") as handle:
        return f"{KEY_PREFIX}{key}".encode("ascii") in handle.read(HEAD)


def table_digest(table: pd.DataFrame | None) -> bytes:
    """A digest of ``table``'s columns, types and values (row order included)."""
    if table is None:
        return b"no table"
    digest = hashlib.sha256(repr([(str(c), str(t)) for c, t in table.dtypes.items()]).encode())
    try:
        values = pd.util.hash_pandas_object(table, index=False).to_numpy()
        digest.update(values.tobytes())
    except TypeError:  # unhashable cells (lists): their text
        digest.update(table.to_csv(index=False).encode("utf-8"))
    return digest.digest()


@functools.cache
def _code() -> bytes:
    """This package's source and the drawing libraries' versions."""
    digest = hashlib.sha256(f"{matplotlib.__version__} {sns.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


def _source(draw: Callable) -> bytes:
    """The source file of the module that defines ``draw`` (a chart registered elsewhere)."""
    try:
        path = inspect.getsourcefile(draw)
    except TypeError:
        path = None
    return Path(path).read_bytes() if path and Path(path).is_file() else b""
