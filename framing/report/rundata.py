"""Read access to a run folder: its tables, ``run.json`` and ``manifest.json``."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

import pandas as pd

from framing.config import StudyConfig, validate_study
from framing.contract import has_table, read_rows, read_table, table_parts, table_rows
from framing.errors import ConfigError, InputError


class RunData:
    """The saved outputs of one run, loaded on first use.

    Parameters
    ----------
    run_dir : str or Path
        A folder written by ``framing run`` (or ``framing ingest``).
    """

    def __init__(self, run_dir: str | Path) -> None:
        self.run_dir = Path(run_dir)
        if not (self.run_dir / "tables").is_dir():
            raise InputError(
                f"{self.run_dir}: not a run folder (no tables/); "
                f"create one with 'framing run CORPUS --out {self.run_dir}'"
            )
        self._tables: dict[tuple, pd.DataFrame | None] = {}

    def has(self, name: str) -> bool:
        """Whether the run saved table ``name`` (whole, or as a dataset of parts)."""
        return has_table(self.run_dir, name)

    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
        """Table ``name`` as saved by the run (``columns`` only), or ``None`` if it has none.

        Per-article tables of a large corpus are big: sections read the columns they show, and
        :meth:`n_rows` and :meth:`rows` rather than the sentence table.
        """
        key = (name, None if columns is None else tuple(columns))
        if key not in self._tables:
            found = self.has(name)
            self._tables[key] = read_table(self.run_dir, name, columns) if found else None
        return self._tables[key]

    def columns(self, name: str) -> list[str]:
        """The columns of table ``name`` (empty if the run has none), without reading it."""
        if not self.has(name):
            return []
        import pyarrow.parquet as pq

        parts = table_parts(self.run_dir, name)
        whole = self.run_dir / "tables" / f"{name}.parquet"
        if parts or whole.exists():
            return list(pq.read_schema(parts[0] if parts else whole).names)
        return list(self.table(name).columns)

    def n_rows(self, name: str) -> int:
        """Rows of table ``name`` (0 if the run has none), without reading it."""
        return table_rows(self.run_dir, name) if self.has(name) else 0

    def rows(
        self, name: str, column: str, values, columns: list[str] | None = None
    ) -> pd.DataFrame | None:
        """The rows of ``name`` whose ``column`` is one of ``values`` (None if no such table)."""
        if not self.has(name):
            return None
        return read_rows(self.run_dir, name, column, values, columns)

    @cached_property
    def info(self) -> dict:
        """The contents of ``run.json`` (empty if absent)."""
        path = self.run_dir / "run.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    @cached_property
    def topic_summary(self) -> dict:
        """The topic model's ``topics/summary.json`` (empty if absent)."""
        path = self.run_dir / "topics" / "summary.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    @cached_property
    def study(self) -> StudyConfig:
        """The options the run recorded (the defaults where it recorded none)."""
        config = self.info.get("config")
        if not isinstance(config, dict):
            return StudyConfig()
        try:
            return validate_study(config, str(self.run_dir / "run.json"))
        except ConfigError:  # a run.json written by another version: show the defaults
            return StudyConfig()

    @cached_property
    def figures(self) -> dict[str, dict]:
        """Every chart the run's tables allow, drawn now into ``figures/`` (see
        :func:`framing.viz.draw_charts`): name -> title, alt text, data URI and file names."""
        from framing.report.embed import svg_data_uri
        from framing.viz import draw_charts

        formats = tuple(dict.fromkeys(["svg", *self.study.figure_formats]))
        drawn = draw_charts(self.table, self.run_dir / "figures", formats)
        return {
            name: {
                "name": name,
                "title": item["chart"].title,
                "alt": item["chart"].alt,
                "src": svg_data_uri(item["paths"]["svg"]),
                "files": {fmt: f"figures/{path.name}" for fmt, path in item["paths"].items()},
            }
            for name, item in drawn.items()
        }

    def figure(self, name: str) -> dict | None:
        """Chart ``name`` for a template (see :attr:`figures`), or None if it was not drawn."""
        return self.figures.get(name)

    @cached_property
    def manifest(self) -> dict:
        """The contents of ``manifest.json`` (empty if absent)."""
        path = self.run_dir / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
