"""Long tables on the page: their first rows, how many there are, and the whole table as CSV.

A table of every document, removed line, reused paragraph or event would make the page as large
as the corpus: the page shows the :data:`TOP_ROWS` rows that matter most and links the whole
table. Tables the run saved whole are linked where they are (``tables/NAME.csv``); per-article
tables, which the run keeps as Parquet datasets only, are written once as ``csv/NAME.csv``
beside the page.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.contract import table_parts
from framing.report.rundata import RunData
from framing.report.sections.views import table_view

#: Rows of a long table shown on the page; the rest are one click away as CSV.
TOP_ROWS = 20

#: Columns of a wide grid (topics) shown on the page: the largest; the rest are in its CSV.
TOP_COLUMNS = 10

#: Folder beside ``index.html`` for the CSV of tables the run saved as Parquet only.
CSV_FOLDER = "csv"


def table_link(name: str) -> str:
    """The page's link to a table the run saved whole (``tables/NAME.csv``)."""
    return f"tables/{name}.csv"


def written_link(run: RunData, name: str, whole: pd.DataFrame) -> str:
    """Write ``whole`` (a per-article table the run saved as Parquet only) to ``csv/NAME.csv``.

    Rows keep their order, so a second rendering writes the same bytes; a CSV newer than every
    part of the table is kept as it is. Returns the link.
    """
    path = Path(run.run_dir) / CSV_FOLDER / f"{name}.csv"
    parts = table_parts(run.run_dir, name)
    newest = max((p.stat().st_mtime_ns for p in parts), default=None)
    if newest is None or not path.exists() or path.stat().st_mtime_ns < newest:
        path.parent.mkdir(exist_ok=True)
        whole.to_csv(path, index=False, lineterminator="\n")
    return f"{CSV_FOLDER}/{name}.csv"


def summarised(
    table: pd.DataFrame,
    href: str,
    *,
    columns: list[str] | None = None,
    by: list[str] | None = None,
    ascending: bool | list[bool] = True,
    order: str = "",
) -> dict:
    """The first :data:`TOP_ROWS` rows of ``table`` (sorted by ``by``), counted and linked.

    Returns ``{"table", "shown", "total", "href", "order"}`` for the ``summary`` macro; ``order``
    says in words which rows are shown ("with the most documents").
    """
    if by:
        table = table.sort_values(by, ascending=ascending, kind="stable", na_position="last")
    top = table.head(TOP_ROWS)
    return {
        "table": table_view(top, [c for c in columns if c in top] if columns else None),
        "shown": len(top),
        "total": len(table),
        "href": href,
        "order": order,
    }
