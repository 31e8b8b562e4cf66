"""Wall time, articles per second and peak memory of the whole pipeline, 1,000 to 1,000,000 articles.

For each size the script writes a resampled corpus
(:func:`framing.corpus.resample.write_resampled_jsonl`: real sentences of the sample corpus and
English wire sentences, Zipf-sized outlets, dates around the two summits; seed 0) and measures,
each step in its own child process:

1. **stages**: what ``framing run CORPUS --out DIR --skip topics --quiet`` runs (ingest, align,
   frames, sources, stats) without rendering the report: the study is built from those very
   flags by framing's own command-line parser and run with
   ``framing.pipeline.run_pipeline(study, render=False)``, with ``--no-reuse`` so nothing is
   taken from an earlier run. Seconds per stage come from ``DIR/run.json``.
2. **report**: ``framing report DIR`` on the finished run (rendering ``index.html`` and its
   charts), timed on its own.
3. **topics** (sizes in ``--topics-sizes``): the same study with topics enabled, run again in
   the same ``DIR`` without rendering: every other stage's key is unchanged, so they are read
   back from ``DIR/tables`` and only the topic stage runs (the script checks ``reused_stages``
   in ``run.json``). Wall time and peak memory are those of that process: the topic stage plus
   reading the tables it needs back.

Wall time is ``time.perf_counter`` around each child process (Python start-up and imports
included, as for the command); peak RSS is the child's ``ru_maxrss`` from ``os.wait4`` (the
figure ``/usr/bin/time -v`` reports as "Maximum resident set size"). The number of outlets
grows with the corpus: ``min(200, max(20, articles // 50))``, at most one per article.

With ``--backend local dask`` each size is run on both backends (``--workers N`` worker processes
of the Dask LocalCluster, the same ``framing run --backend dask --workers N`` a user would type):
the Dask row gives its speed-up over the local row of the same size by the wall clock (the
process's start-up and the cluster's included) and the sampled peak RSS of the largest worker
process. The report runs in the run's process on either backend, so it is timed on the local
row only; the topic stage is timed on both (the topic model is fitted in the run's process, and
its work on every unit runs on the workers).

With ``--repeat N`` each size and backend is measured N times, the backends taking turns; a row
then gives the median of each time over the N runs (the largest of each peak) and lists every
run's wall time, and the speed-up is that of the medians.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000 10000 100000 --topics-sizes 10000
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 100000 --backend local dask --workers 2 \
        --topics-sizes --report-sizes --repeat 3 --markdown
    .venv/bin/python benchmarks/bench_pipeline.py --sizes 1000 10000 --markdown --json out.json
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Stages of ``framing run`` in the order they run (topics measured separately).
STAGES = ("ingest", "align", "frames", "sources", "stats")


def n_outlets(n_articles: int) -> int:
    """Outlets of a corpus of ``n_articles``: one per 50 articles, at least 20, at most 200."""
    return min(n_articles, 200, max(20, n_articles // 50))


def _framing_command() -> list[str]:
    """The ``framing`` command of this environment."""
    script = Path(sys.executable).with_name("framing")
    return [str(script)] if script.exists() else [sys.executable, "-m", "framing"]


def _tree_rss(root: int) -> dict[int, int]:
    """Resident bytes of process ``root`` and of each of its descendants now (Linux ``/proc``),
    by process id."""
    parents: dict[int, int] = {}
    sizes: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        sizes[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    tree = {root}
    grown = True  # a child's pid can be lower than its parent's: grow the tree to a fixpoint
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return {pid: sizes.get(pid, 0) for pid in tree}


#: The peak RSS of the largest worker process of the last :func:`_run_child` (0 without any).
LAST_WORKER_PEAK = [0]


def _run_child(
    command: list[str], log: Path, max_rss: float | None = None
) -> tuple[float, int, int, int]:
    """Run ``command`` with output to ``log``.

    Returns wall seconds, the peak RSS of the process (``ru_maxrss``, what ``/usr/bin/time -v``
    reports: the largest single process of the tree), the peak of the summed RSS of the process
    and its worker processes (sampled every half second from ``/proc``; 0 where there is no
    ``/proc``) and the exit code; the sampled peak of the largest descendant (a Dask worker) is
    left in :data:`LAST_WORKER_PEAK`. When the summed RSS passes ``max_rss`` bytes the child's
    process group is killed (exit code ``-9``) to spare the rest of the machine.
    """
    peak_tree = [0]
    LAST_WORKER_PEAK[0] = 0
    done = threading.Event()

    def sample(pid: int) -> None:
        while not done.wait(0.5):
            with contextlib.suppress(Exception):
                sizes = _tree_rss(pid)
                peak_tree[0] = max(peak_tree[0], sum(sizes.values()))
                others = [size for other, size in sizes.items() if other != pid]
                LAST_WORKER_PEAK[0] = max([LAST_WORKER_PEAK[0], *others])
                if max_rss and peak_tree[0] > max_rss:
                    os.killpg(pid, signal.SIGKILL)  # the child leads its own process group
                    return

    with log.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )
        sampler = threading.Thread(target=sample, args=(child.pid,), daemon=True)
        sampled = Path("/proc/self/status").exists()
        if sampled:
            sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
    if sampled:
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    # ru_maxrss (KiB on Linux) of a waited child: the largest of it and its reaped descendants
    own = usage.ru_maxrss * 1024
    tree = max(peak_tree[0], own) if sampled else 0
    return seconds, own, tree, child.returncode


def _stages_child(
    corpus: str, out: str, topics: bool, chunk_size: int | None, backend: list[str]
) -> int:
    """In the child: ``framing run``'s study from its own flags, run without the report."""
    from framing.cli import build_parser
    from framing.cli.options import study_for
    from framing.pipeline import run_pipeline
    from framing.stages import STAGES as REGISTERED

    flags = ["run", corpus, "--out", out, "--quiet"]
    if not topics:
        flags += ["--skip", "topics", "--no-reuse"]
    if chunk_size:
        flags += ["--chunk-size", str(chunk_size)]
    flags += backend
    args = build_parser().parse_args(flags)
    study = study_for(args.corpus, args)
    run_pipeline(study, only=[s.name for s in REGISTERED], reuse=args.reuse, render=False)
    return 0


def _child_command(
    corpus: Path, out: Path, *, topics: bool, chunk_size: int | None, backend: str = "local",
    workers: int | None = None,
) -> list[str]:  # fmt: skip
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), str(out)]
    if topics:
        command.append("--child-topics")
    if chunk_size:
        command += ["--chunk-size", str(chunk_size)]
    command += ["--child-backend", backend] + (["--workers", str(workers)] if workers else [])
    return command


def _backend_flags(backend: str, workers: int | None) -> list[str]:
    """The ``framing run`` flags of a backend."""
    return ["--backend", backend] + (["--workers", str(workers)] if workers else [])


def backend_label(backend: str, workers: int | None) -> str:
    """``local``, or ``dask (2 workers)``."""
    return backend if backend == "local" else f"{backend} ({workers or os.cpu_count()} workers)"


def _failure(log: Path, code: int) -> str:
    """Why a child failed: its exit code (or signal) and the last line it wrote."""
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    return f"{how}; last output: {lines[-1] if lines else 'none'} (see {log})"


def measure(
    size: int,
    workdir: Path,
    *,
    topics: bool,
    report: bool = True,
    chunk_size: int | None = None,
    max_rss_gb: float | None = None,
    backend: str = "local",
    workers: int | None = None,
) -> dict:
    """Every figure of one corpus size on one backend.

    A step stopped for passing ``max_rss_gb`` leaves a row with the stages that finished and a
    ``stopped`` note; any other failure raises.
    """
    budget = max_rss_gb * 2**30 if max_rss_gb else None
    from framing.corpus.resample import write_resampled_jsonl

    outlets = n_outlets(size)
    corpus = workdir / f"corpus-{size}-{outlets}.jsonl"
    out = workdir / (f"run-{size}" if backend == "local" else f"run-{size}-{backend}")
    started = time.perf_counter()
    if not corpus.exists():  # the generator is deterministic: a kept file is the same corpus
        write_resampled_jsonl(corpus, size, outlets, seed=0)
    corpus_seconds = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    row: dict = {
        "articles": size,
        "backend": backend_label(backend, workers),
        "outlets": outlets,
        "corpus_mb": round(corpus.stat().st_size / 1e6, 1),
        "corpus_write_s": round(corpus_seconds, 1),
    }

    log = workdir / f"stages-{size}-{backend}.log"
    load_before = os.getloadavg()[0]
    seconds, peak, tree, code = _run_child(
        _child_command(
            corpus, out, topics=False, chunk_size=chunk_size, backend=backend, workers=workers
        ),
        log,
        budget,
    )
    worker_peak = LAST_WORKER_PEAK[0]
    stopped = code == -signal.SIGKILL and budget and tree > budget
    if code and not stopped:
        raise RuntimeError(f"stages on {size} articles failed: {_failure(log, code)}")
    run_json = out / "run.json"
    run = json.loads(run_json.read_text(encoding="utf-8")) if run_json.exists() else {}
    timings = run.get("timings_seconds", {})
    row["stage_s"] = {name: _round(timings.get(name), 2) for name in STAGES}
    row["stages_total_s"] = round(sum(timings.get(name, 0.0) for name in STAGES), 1)
    row["wall_s"] = round(seconds, 1)
    row["articles_per_s"] = round(size / seconds, 1)
    row["peak_rss_gb"] = round(peak / 2**30, 2)
    row["peak_tree_rss_gb"] = round(tree / 2**30, 2)
    row["peak_worker_rss_gb"] = round(worker_peak / 2**30, 2) if backend != "local" else None
    # the 1-minute load average before and after: other work on the machine inflates the times
    row["load_avg"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    row["documents"] = _rows(out, "documents")
    if stopped:
        running = next((name for name in STAGES if name not in timings), "?")
        row["stopped"] = (
            f"stopped at {tree / 2**30:.1f} GB (budget {max_rss_gb:g} GB) after {seconds:,.0f} s, "
            f"in the {running} stage"
        )
        row["wall_s"] = row["articles_per_s"] = None
        return row

    if report:
        log = workdir / f"report-{size}.log"
        seconds, peak, tree, code = _run_child([*_framing_command(), "report", str(out)], log)
        if code:
            raise RuntimeError(f"report on {size} articles failed: {_failure(log, code)}")
        row["report_s"] = round(seconds, 1)
        row["report_rss_gb"] = round(peak / 2**30, 2)

    if topics:
        log = workdir / f"topics-{size}-{backend}.log"
        seconds, peak, tree, code = _run_child(
            _child_command(
                corpus, out, topics=True, chunk_size=chunk_size, backend=backend, workers=workers
            ),
            log,
            budget,
        )
        if code == -signal.SIGKILL and budget and tree > budget:
            row["topics_stopped"] = f"stopped at {tree / 2**30:.1f} GB after {seconds:,.0f} s"
        elif code:
            raise RuntimeError(f"topics on {size} articles failed: {_failure(log, code)}")
        else:
            run = json.loads((out / "run.json").read_text(encoding="utf-8"))
            ran = [n for n in run.get("stages", []) if n not in run.get("reused_stages", [])]
            row["topics_stage_s"] = round(run.get("timings_seconds", {}).get("topics", 0.0), 1)
            row["topics_wall_s"] = round(seconds, 1)
            row["topics_rss_gb"] = round(peak / 2**30, 2)
            row["topics_tree_rss_gb"] = round(tree / 2**30, 2)
            row["topics_ran"] = ran
    return row


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _rows(out: Path, table: str) -> int | None:
    """Rows of a run table (a single file or a folder of parts), or None if unreadable."""
    try:
        import pyarrow.dataset as ds

        path = out / "tables" / table
        source = path if path.is_dir() else path.with_suffix(".parquet")
        return ds.dataset(source, format="parquet").count_rows()
    except Exception:  # a count is a nicety, not a figure
        return None


def _clean(workdir: Path, sizes: list[int], *, whole: bool) -> None:
    """Remove what the script wrote: the whole temp dir it made, else only its own files."""
    if whole:
        shutil.rmtree(workdir, ignore_errors=True)
        return
    for size in sizes:
        for run in [workdir / f"run-{size}", *workdir.glob(f"run-{size}-*")]:
            shutil.rmtree(run, ignore_errors=True)
        for path in (
            [workdir / f"corpus-{size}-{n_outlets(size)}.jsonl"]
            + [workdir / f"{step}-{size}.log" for step in ("stages", "report", "topics")]
            + list(workdir.glob(f"stages-{size}-*.log"))
            + list(workdir.glob(f"topics-{size}-*.log"))
        ):
            path.unlink(missing_ok=True)


#: Figures of a row that are times (a repeated row gives their median) and peaks (the largest).
TIMES = ("stages_total_s", "wall_s", "report_s", "topics_stage_s", "topics_wall_s")
PEAKS = (
    "peak_rss_gb", "peak_tree_rss_gb", "peak_worker_rss_gb", "report_rss_gb", "topics_rss_gb",
    "topics_tree_rss_gb",
)  # fmt: skip


def median_rows(rows: list[dict]) -> list[dict]:
    """One row per size and backend from repeated runs: the median of each time (stage by
    stage too), the largest of each peak, and every run's wall time (``runs_wall_s``)."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["articles"], row.get("backend", "local")), []).append(row)
    merged = []
    for same in groups.values():
        row = dict(same[-1])
        if len(same) > 1 and not any("stopped" in r for r in same):

            def median(values):
                values = [v for v in values if v is not None]
                return round(statistics.median(values), 2) if values else None

            for key in (k for k in TIMES if k in row):  # a figure a run did not measure stays out
                row[key] = median(r.get(key) for r in same)
            for key in (k for k in PEAKS if k in row):
                values = [r[key] for r in same if r.get(key) is not None]
                row[key] = max(values) if values else None
            row["stage_s"] = {name: median(r["stage_s"].get(name) for r in same) for name in STAGES}
            row["articles_per_s"] = round(row["articles"] / row["wall_s"], 1)
        row["runs_wall_s"] = [r["wall_s"] for r in same]
        merged.append(row)
    return merged


def with_ratios(rows: list[dict]) -> list[dict]:
    """Add, for each size after the first, how many times the time grew per 10x articles (on
    the same backend), and each non-local row's speed-up over the local run of its size (of
    the stages, and of the topic stage when both ran it)."""
    local = {r["articles"]: r for r in rows if r.get("backend", "local") == "local"}
    for row in rows:
        base = local.get(row["articles"])
        if row.get("backend", "local") != "local" and base and base["wall_s"] and row["wall_s"]:
            row["x_local_wall"] = round(base["wall_s"] / row["wall_s"], 2)
            row["x_local_stages"] = round(base["stages_total_s"] / row["stages_total_s"], 2)
            if base.get("topics_stage_s") and row.get("topics_stage_s"):
                row["x_local_topics"] = round(base["topics_stage_s"] / row["topics_stage_s"], 2)
    by_backend: dict[str, list[dict]] = {}
    for row in rows:
        by_backend.setdefault(row.get("backend", "local"), []).append(row)
    for same in by_backend.values():
        _growth(same)
    return rows


def _growth(rows: list[dict]) -> None:
    for before, after in zip(rows, rows[1:], strict=False):
        growth = after["articles"] / before["articles"]
        if growth > 1 and after["wall_s"] and before["wall_s"]:
            # time ratio scaled to a 10x step: (t2 / t1) ** (1 / log10(n2 / n1))
            exponent = 1 / math.log10(growth)
            after["time_x_per_10x"] = round((after["wall_s"] / before["wall_s"]) ** exponent, 1)
            after["stages_x_per_10x"] = round(
                (after["stages_total_s"] / before["stages_total_s"]) ** exponent, 1
            )


def _fmt(value, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


HEADER = (
    ["articles", "backend", "outlets", "corpus MB"]
    + [f"{name} s" for name in STAGES]
    + ["stages s", "wall s", "articles/s", "x local (wall)", "peak RSS GB", "with workers GB"]
    + ["largest worker GB", "time x per 10x", "report s", "runs (wall s)"]
)


def table(rows: list[dict], markdown: bool) -> str:
    """The main table (and the topic table if any size ran topics) as text or Markdown."""
    body = []
    for r in rows:
        body.append(
            [_fmt(r["articles"]), r.get("backend", "local"), _fmt(r["outlets"])]
            + [_fmt(r["corpus_mb"])]
            + [_fmt(r["stage_s"][name]) for name in STAGES]
            + [
                _fmt(r["stages_total_s"]),
                _fmt(r["wall_s"]),
                _fmt(r["articles_per_s"], 0),
                _fmt(r.get("x_local_wall"), 2),
                _fmt(r["peak_rss_gb"], 2),
                _fmt(r["peak_tree_rss_gb"], 2),
                _fmt(r.get("peak_worker_rss_gb"), 2),
                _fmt(r.get("time_x_per_10x")),
                _fmt(r.get("report_s")),
                ", ".join(_fmt(w) for w in r.get("runs_wall_s", [r["wall_s"]])),
            ]
        )
    text = _render(HEADER, body, markdown)
    notes = [f"{r['articles']:,} articles: {r['stopped']}" for r in rows if "stopped" in r]
    notes += [
        f"{r['articles']:,} articles, topics: {r['topics_stopped']}"
        for r in rows
        if "topics_stopped" in r
    ]
    if notes:
        text += "\n\n" + "\n".join(notes)
    topic_rows = [r for r in rows if "topics_wall_s" in r]
    if topic_rows:
        header = ["articles", "backend", "topic stage s", "x local", "process wall s"]
        header += ["peak RSS GB", "with workers GB", "stages run"]
        body = [
            [
                _fmt(r["articles"]),
                r.get("backend", "local"),
                _fmt(r["topics_stage_s"]),
                _fmt(r.get("x_local_topics"), 2),
                _fmt(r["topics_wall_s"]),
                _fmt(r["topics_rss_gb"], 2),
                _fmt(r["topics_tree_rss_gb"], 2),
                ", ".join(r["topics_ran"]),
            ]
            for r in topic_rows
        ]
        text += "\n\n" + _render(header, body, markdown)
    return text


def _render(header: list[str], body: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(c[i]) for c in body)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)) for cells in body]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument(
        "--topics-sizes",
        type=int,
        nargs="*",
        default=[10000],
        help="sizes whose topic stage is timed too (none: give the flag alone, or 0)",
    )
    parser.add_argument(
        "--report-sizes",
        type=int,
        nargs="*",
        help="sizes whose report is rendered and timed (default: every size)",
    )
    parser.add_argument(
        "--max-rss-gb",
        type=float,
        default=20.0,
        help="stop a step whose processes pass this much resident memory (default: 20)",
    )
    parser.add_argument(
        "--workdir", type=Path, help="where corpora and runs go (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the workdir's corpora and runs")
    parser.add_argument("--chunk-size", type=int, help="passed to the pipeline as --chunk-size")
    parser.add_argument(
        "--backend",
        nargs="+",
        choices=["local", "dask"],
        default=["local"],
        help="backends to time at each size (e.g. local dask: each row beside the other)",
    )
    parser.add_argument(
        "--workers", type=int, help="worker processes of the dask backend (default: cores)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each size and backend (medians reported)"
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--child-topics", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-backend", default="local", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _stages_child(
            *args.child,
            topics=args.child_topics,
            chunk_size=args.chunk_size,
            backend=_backend_flags(args.child_backend, args.workers),
        )

    made_workdir = args.workdir is None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-pipeline-", dir="/tmp"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for size, _, backend in itertools.product(
            args.sizes, range(max(1, args.repeat)), args.backend
        ):  # the backends take turns, so a slow spell of the machine hits both
            row = measure(
                size,
                workdir,
                topics=size in (args.topics_sizes or []),
                # the report runs in the run's process on either backend: timed once
                report=(args.report_sizes is None or size in args.report_sizes)
                and backend == "local",
                chunk_size=args.chunk_size,
                max_rss_gb=args.max_rss_gb,
                backend=backend,
                workers=args.workers,
            )
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            _clean(workdir, args.sizes, whole=made_workdir)
    rows = with_ratios(median_rows(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(table(rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
