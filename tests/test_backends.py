"""Where the work runs: the Dask backend gives the local run's tables; failures cost a record.

The Dask runs use a LocalCluster of two worker processes, started by the run (``--workers 2``)
or inside the test (``--scheduler``), as on a machine of several.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import subprocess
import sys
import time
from pathlib import Path

import cloudpickle
import pandas as pd
import pytest

import framing.backends.cluster as cluster
from framing.backends import LocalBackend
from framing.backends.chunks import RecordFailure, isolate_records
from framing.cli import main
from framing.contract import read_table
from framing.corpus.resample import write_resampled_jsonl
from framing.errors import ConfigError, InputError
from framing.pipeline import run_pipeline, study_from_options
from framing.stages import STAGES, Stage, for_each_chunk, register_stage

# Workers started by hand cannot import this test module: its functions go to them by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

QUICK = {"statistics": {"permutations": 99, "bootstrap": 99}, "topics": {"enabled": False}}


def tables_of(folder: Path) -> dict[str, pd.DataFrame]:
    tables = folder / "tables"
    names = {p.stem for p in tables.glob("*.parquet")}
    names |= {p.name for p in tables.iterdir() if p.is_dir() and p.name[0] not in "._"}
    return {name: read_table(folder, name) for name in sorted(names)}


def assert_same_tables(a: Path, b: Path, names=None) -> None:
    mine, theirs = tables_of(a), tables_of(b)
    if names is None:
        assert sorted(mine) == sorted(theirs)
        names = sorted(mine)
    for name in names:
        pd.testing.assert_frame_equal(
            mine[name].reset_index(drop=True), theirs[name].reset_index(drop=True), rtol=1e-9,
            obj=name,
        )  # fmt: skip


def manifest_records(folder: Path) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["records"]


# -- a record that makes the work raise ---------------------------------------------------------


def lengths(chunk):
    documents = chunk["documents"]
    if documents["text"].str.contains("POISON").any():
        raise ValueError("cannot measure this text")
    return {"lengths": documents.assign(n=documents["text"].str.len())[["doc_id", "n"]]}


def poisoned_corpus(folder: Path) -> Path:
    """Five records in a JSONL file; the second holds the word the test work refuses."""
    corpus = folder / "corpus.jsonl"
    records = [
        {"outlet": f"Outlet {i % 3}", "date": "2024-06-19", "text": f"Putin and Kim met. {text}"}
        for i, text in enumerate(["One.", "POISON here.", "Three.", "Four.", "Five."])
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return corpus


def documents_of(texts) -> dict[str, pd.DataFrame]:
    ids = [f"d{i}" for i in range(len(texts))]
    return {"documents": pd.DataFrame({"doc_id": ids, "text": texts})}


def test_a_chunk_without_failures_is_the_work_itself():
    chunk = documents_of(["a", "bb", "ccc"])
    tables, failures = isolate_records(lengths, chunk)
    assert failures == []
    pd.testing.assert_frame_equal(tables["lengths"], lengths(chunk)["lengths"])


@pytest.mark.parametrize("bad", [[0], [6], [2, 3], [0, 9], [1, 4, 8]])
def test_records_that_raise_are_found_and_the_rest_kept_in_order(bad):
    texts = [f"text {'x' * i}" for i in range(10)]
    for i in bad:
        texts[i] = "POISON"
    tables, failures = isolate_records(lengths, documents_of(texts))
    assert failures == [RecordFailure(f"d{i}", "ValueError: cannot measure this text") for i in bad]
    kept = [t for i, t in enumerate(texts) if i not in bad]
    expected = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(10) if i not in bad], "n": [len(t) for t in kept]}
    )
    pd.testing.assert_frame_equal(tables["lengths"], expected)


def test_an_error_that_is_not_a_records_stops_the_stage():
    def broken(chunk):
        raise KeyError("a column the work expects")

    with pytest.raises(KeyError):  # it raises on the empty chunk too
        isolate_records(broken, documents_of(["a", "b"]))
    with pytest.raises(ValueError):  # every record raises
        isolate_records(lengths, documents_of(["POISON", "POISON a"]))

    def strict(chunk):
        if len(chunk["documents"]):
            raise InputError("doc d0: date 'soon' unreadable; write dates as YYYY-MM-DD")
        return {}

    with pytest.raises(InputError):  # the toolkit's own errors are meant to stop the run
        isolate_records(strict, documents_of(["a", "b"]))


# -- local and Dask runs give the same tables ---------------------------------------------------


def test_a_local_job_runs_once_when_its_result_is_asked_for():
    calls = []

    def halve(value):
        calls.append(value)
        return value / 2

    job = LocalBackend().submit(halve, 42)
    assert calls == []  # nothing runs beside the run's process on the local backend
    assert job.result() == 21 and job.result() == 21
    assert calls == [42]
    failed = LocalBackend().submit(halve, "text")
    for _ in range(2):  # its error, every time it is asked for
        with pytest.raises(TypeError):
            failed.result()
    cancelled = LocalBackend().submit(halve, 8)
    cancelled.cancel()
    assert calls == [42, "text"]  # a cancelled job never runs


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """2,000 resampled articles of 40 outlets, with one line that is not JSON and one
    record with an unreadable date (each reported, not fatal)."""
    path = tmp_path_factory.mktemp("synthetic") / "corpus.jsonl"
    write_resampled_jsonl(path, 2000, 40, seed=5)
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[7])
    record["date"] = "the day after the summit"
    lines[7] = json.dumps(record, ensure_ascii=False)
    lines.insert(1200, '{"outlet": "Harian Rusak", "text": "cut off')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def study(corpus, **sections):
    return study_from_options(corpus, corpus={"chunk_size": 250}, **{**QUICK, **sections})


@pytest.fixture(scope="module")
def synthetic_local(synthetic, tmp_path_factory) -> Path:
    """The local run of ``synthetic``, with a topic model (UMAP + HDBSCAN, two languages)."""
    out = tmp_path_factory.mktemp("local") / "run"
    run_pipeline(study(synthetic, topics={"stability_seeds": 0}), out, render=False)
    return out


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler and two workers started by hand, as the README says (``dask scheduler``,
    ``dask worker``), given to runs by address."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("cluster")
    address_file = folder / "scheduler.json"
    dask = [str(Path(sys.executable).with_name("dask"))]
    log = (folder / "cluster.log").open("w")
    started = [
        subprocess.Popen(
            [*dask, "scheduler", "--scheduler-file", str(address_file), "--port", "0",
             "--no-dashboard"],
            stdout=log, stderr=subprocess.STDOUT,
        ),
    ]  # fmt: skip
    address = None
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        started.append(
            subprocess.Popen(
                [*dask, "worker", "--scheduler-file", str(address_file), "--nworkers", "2",
                 "--nthreads", "1", "--no-dashboard"],
                stdout=log, stderr=subprocess.STDOUT, cwd=folder,
            )
        )  # fmt: skip
        address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        # the cluster's own way down: the scheduler stops its workers, then itself
        with contextlib.suppress(Exception), Client(address, timeout=10) as client:
            client.shutdown()
        for process in reversed(started):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            if process.poll() is None:
                process.kill()
                process.wait()
        log.close()


@pytest.mark.slow
@pytest.mark.xdist_group("synthetic")  # one local run of it, shared
def test_dask_with_two_workers_gives_the_local_tables_of_2000_articles(
    synthetic, synthetic_local, tmp_path
):
    from framing.cli import build_parser
    from framing.cli.options import study_for

    out = tmp_path / "dask"
    argv = ["run", str(synthetic), "--out", str(out), "--quiet", "--stability-seeds", "0"]
    argv += ["--chunk-size", "250", "--permutations", "99", "--bootstrap", "99"]
    args = build_parser().parse_args([*argv, "--backend", "dask", "--workers", "2"])
    run_pipeline(study_for(args.corpus, args), render=False)  # what `framing run` runs
    assert len(list((out / "tables" / "sentences").glob("part-*.parquet"))) == 8
    assert {"topic_assignments", "topic_shares", "topic_terms_by_outlet"} <= set(tables_of(out))
    assert_same_tables(out, synthetic_local)
    assert manifest_records(out) == manifest_records(synthetic_local)
    reasons = {r["reason_code"] for r in manifest_records(out)}
    assert "invalid JSON" in reasons  # the reader's skip, reported by either backend
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["backend"]["name"] == "dask" and info["backend"]["workers"] == 2
    assert set(info["stage_backends"].values()) == {"dask"}
    local = json.loads((synthetic_local / "run.json").read_text(encoding="utf-8"))
    assert local["backend"] == {"name": "local", "workers": 1}


@pytest.mark.slow
def test_dask_at_a_scheduler_address_gives_the_sample_runs_tables(
    sample_corpus_path, sample_run, scheduler, tmp_path, monkeypatch
):
    import framing.pipeline as pipeline

    monkeypatch.setattr(pipeline, "LET_GO_ROWS", 0)  # every whole table let go while written
    out = tmp_path / "dask"
    remote = study_from_options(sample_corpus_path, backend={"scheduler": scheduler})
    assert remote.backend.name == "local"  # an address alone does not choose the backend
    remote = study_from_options(
        sample_corpus_path, backend={"name": "dask", "scheduler": scheduler}
    )
    state = run_pipeline(remote, out, render=False)
    for name in ("events", "reuse", "frame_shares", "tests"):  # read once the cluster is gone
        pd.testing.assert_frame_equal(state.tables[name], read_table(out, name))
    tables = tables_of(out)
    assert {"documents", "sentences", "frame_hits", "attributions", "tests"} <= set(tables)
    assert {"topic_assignments", "topic_shares", "topic_terms_by_outlet"} <= set(tables)
    assert_same_tables(out, sample_run)  # the local run's, topics and notes too
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["backend"]["scheduler"] == scheduler


@pytest.mark.slow
@pytest.mark.xdist_group("synthetic")  # one local run of it, shared
def test_reuse_in_groups_of_bands_on_the_workers_gives_the_local_reuse_table(
    synthetic, synthetic_local, scheduler, tmp_path, monkeypatch
):
    import framing.corpus.reuse as reuse

    groups = reuse.band_groups
    asked = []

    def more_groups(n):
        asked.append(n)
        return groups(4)  # four jobs on the two workers, where two workers would run one

    monkeypatch.setattr(reuse, "band_groups", more_groups)
    out = tmp_path / "dask"
    backend = {"name": "dask", "scheduler": scheduler}
    run_pipeline(study(synthetic, backend=backend), out, only=["ingest", "align"], render=False)
    assert asked == [1]  # two workers: one is left to the links of the blocks of dates
    reused = read_table(out, "reuse")
    assert (reused["kind"] == "paragraph").sum() > 100
    assert_same_tables(out, synthetic_local, names=["reuse", "events", "documents"])


@pytest.mark.slow
def test_a_dask_job_runs_on_a_worker_and_raises_its_error_in_the_run(scheduler):
    from framing.backends.cluster import DaskBackend

    with DaskBackend(scheduler=scheduler) as backend:
        job = backend.submit(operator.truediv, 1, 4)
        failed = backend.submit(operator.truediv, 1, 0)
        assert job.result() == 0.25
        with pytest.raises(ZeroDivisionError):
            failed.result()


@pytest.mark.slow
def test_a_shared_object_travels_as_a_file_in_the_run_folder(scheduler, tmp_path):
    from framing.backends.cluster import DaskBackend

    scratch = tmp_path / "tables" / ".shared"
    with DaskBackend(scheduler=scheduler, scratch=scratch) as backend:
        exponent = backend.share(3)
        assert len(list(scratch.iterdir())) == 1
        assert list(backend.map(pow, [2, 4], exponent)) == [8, 64]
    assert not scratch.exists()  # removed with the backend


@pytest.mark.slow
def test_a_maps_tasks_go_to_the_worker_without_a_corpus_wide_job(scheduler):
    from distributed import get_task_stream

    from framing.backends.cluster import DaskBackend

    with DaskBackend(scheduler=scheduler) as backend, get_task_stream(backend.client) as tasks:
        job = backend.submit(time.sleep, 3)
        assert list(backend.map(abs, range(-6, 0))) == [6, 5, 4, 3, 2, 1]
        job.result()
    where = {}
    for task in tasks.data:
        where.setdefault(str(task["key"]).split("-")[0], set()).add(task["worker"])
    assert len(where["abs"]) == 1 and where["abs"] != where["sleep"]


@pytest.mark.slow
def test_the_runs_own_cluster_keeps_one_blas_thread_glibcs_malloc_thresholds_and_no_profiler():
    from framing.backends.cluster import DaskBackend

    def profiling(dask_worker):
        return "profile" in dask_worker.periodic_callbacks

    with DaskBackend(workers=1) as backend:
        environments = backend.client.run(lambda: dict(os.environ))
        (profiler,) = backend.client.run(profiling).values()
    (environment,) = environments.values()
    assert environment["OMP_NUM_THREADS"] == "1" and environment["OPENBLAS_NUM_THREADS"] == "1"
    assert "MALLOC_TRIM_THRESHOLD_" not in environment
    assert not profiler  # the statistical profiler's 10 ms samples take the GIL from the task


def test_backend_dask_is_short_for_its_section(tmp_path):
    config = tmp_path / "study.yaml"
    config.write_text("corpus: {path: x}\nbackend: dask\n", encoding="utf-8")
    from framing.config import load_study

    assert load_study(config).backend.name == "dask"
    config.write_text("corpus: {path: x}\nbackend: spark\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="backend"):
        load_study(config)


def test_a_scheduler_that_does_not_answer_is_a_one_line_error(
    sample_corpus_path, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    argv = ["run", str(sample_corpus_path), "--out", str(tmp_path / "run"), "--quiet"]
    assert main([*argv, "--backend", "dask", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "no Dask scheduler answered at tcp://127.0.0.1:9" in error
    assert "dask scheduler" in error


# -- faults -------------------------------------------------------------------------------------


@pytest.fixture
def stage_of(request):
    """Register a stage after ingest for one test."""
    added = []

    def register(name, run):
        item = Stage(name, f"{name} (a test stage)", ("documents",), run, after=("ingest",))
        register_stage(item, after="ingest")
        added.append(item)

    yield register
    for item in added:
        STAGES.remove(item)


def measure_lengths(state):
    for_each_chunk(state, "lengths", ("documents",), lengths)
    return {}


@pytest.mark.parametrize("backend", ["local", pytest.param("dask", marks=pytest.mark.slow)])
def test_a_record_a_stage_raises_on_is_reported_and_the_run_goes_on(
    backend, sample_corpus_path, stage_of, scheduler, tmp_path
):
    corpus = poisoned_corpus(tmp_path)
    stage_of("lengths", measure_lengths)
    options = {"name": backend, "scheduler": scheduler} if backend == "dask" else {}
    out = tmp_path / "run"
    state = run_pipeline(
        study_from_options(corpus, corpus={"chunk_size": 2}, backend=options, **QUICK),
        out,
        only=["ingest", "align", "lengths", "frames"],
        render=False,
    )
    poisoned = [r for r in manifest_records(out) if r["status"] == "skipped"]
    assert len(poisoned) == 1 and poisoned[0]["reason_code"] == "stage error"
    assert poisoned[0]["detail"] == "lengths: ValueError: cannot measure this text"
    doc_id = poisoned[0]["doc_id"]
    for name in ("documents", "sentences", "paragraphs", "lengths", "frame_hits", "article_frames"):
        table = read_table(out, name)
        assert doc_id not in set(table["doc_id"].astype(str)), name
    assert len(read_table(out, "lengths")) == 4
    assert any(doc_id in note["text"] for note in state.notes if note["stage"] == "lengths")


def lengths_until_five(chunk):
    if chunk["documents"]["text"].str.contains("Five").any():
        raise KeyboardInterrupt  # Ctrl-C at the last chunk
    return lengths(chunk)


def test_a_resumed_run_reports_a_record_left_out_before_the_interruption(
    stage_of, tmp_path, monkeypatch
):
    corpus = poisoned_corpus(tmp_path)
    work = {"function": lengths_until_five}
    stage_of("lengths", lambda state: for_each_chunk(state, "lengths", ("documents",),
                                                      work["function"]) or {})  # fmt: skip
    options = study_from_options(corpus, corpus={"chunk_size": 2}, **QUICK)
    out, only = tmp_path / "run", ["ingest", "align", "lengths"]
    with pytest.raises(KeyboardInterrupt):  # chunks 0 (the poisoned record) and 1 finished
        run_pipeline(options, out, only=only, render=False)
    work["function"] = lengths
    state = run_pipeline(options, out, only=only, render=False, resume=True)
    poisoned = [r for r in manifest_records(out) if r["status"] == "skipped"]
    assert [r["detail"] for r in poisoned] == ["lengths: ValueError: cannot measure this text"]
    assert len(read_table(out, "lengths")) == 4
    assert any(poisoned[0]["doc_id"] in n["text"] for n in state.notes if n["stage"] == "lengths")


def test_a_run_interrupted_as_it_leaves_a_record_out_leaves_it_out_when_resumed(
    stage_of, tmp_path, monkeypatch
):
    import framing.stages as stages

    corpus = poisoned_corpus(tmp_path)
    stage_of("lengths", measure_lengths)
    options = study_from_options(corpus, corpus={"chunk_size": 2}, **QUICK)
    out, only = tmp_path / "run", ["ingest", "align", "lengths"]
    leave_out = stages.leave_out

    def interrupted(state, stage, index, failures):
        if stage == "lengths":
            raise KeyboardInterrupt  # the chunk is marked done; the record is still in it
        return leave_out(state, stage, index, failures)

    monkeypatch.setattr(stages, "leave_out", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(options, out, only=only, render=False)
    monkeypatch.setattr(stages, "leave_out", leave_out)
    run_pipeline(options, out, only=only, render=False, resume=True)
    poisoned = [r for r in manifest_records(out) if r["status"] == "skipped"]
    assert [r["detail"] for r in poisoned] == ["lengths: ValueError: cannot measure this text"]
    for name in ("documents", "lengths"):
        assert poisoned[0]["doc_id"] not in set(read_table(out, name)["doc_id"].astype(str))


def test_a_record_that_fails_to_prepare_is_skipped_with_its_error(
    sample_corpus_path, tmp_path, monkeypatch
):
    import framing.corpus.stream as stream

    prepare = stream.prepare_records

    def failing(records, **options):
        if records["text"].str.contains("sanksi").any():
            raise UnicodeError("a text the cleaner cannot read")
        return prepare(records, **options)

    monkeypatch.setattr(stream, "prepare_records", failing)
    out = tmp_path / "run"
    run_pipeline(
        study_from_options(sample_corpus_path), out, only=["ingest", "align"], render=False
    )
    failed = [r for r in manifest_records(out) if r["reason_code"] == "stage error"]
    assert failed and all(
        r["detail"] == "ingest: UnicodeError: a text the cleaner cannot read" for r in failed
    )
    documents = read_table(out, "documents")
    assert len(documents) + len(failed) == 5
    assert not set(documents["doc_id"]) & {r["doc_id"] for r in failed}


class DieOnce:
    """Work that kills its worker process the first time it sees chunk 0 (a marker file
    remembers), as a worker lost to the out-of-memory killer would die."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __call__(self, chunk):
        documents = chunk["documents"]
        if not self.marker.exists() and len(documents):
            self.marker.write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)
        return lengths(chunk)


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_its_chunk_run_again(
    sample_corpus_path, stage_of, scheduler, tmp_path
):
    marker = tmp_path / "died"
    die_once = DieOnce(marker)

    def run(state):
        for_each_chunk(state, "lengths", ("documents",), die_once)
        return {}

    stage_of("lengths", run)
    out = tmp_path / "run"
    dask = {"name": "dask", "scheduler": scheduler}
    run_pipeline(
        study_from_options(sample_corpus_path, corpus={"chunk_size": 2}, backend=dask),
        out,
        only=["ingest", "lengths"],
        render=False,
    )
    assert marker.exists()  # a worker died ...
    lengths_table = read_table(out, "lengths")  # ... and every chunk was measured
    assert sorted(lengths_table["doc_id"]) == sorted(read_table(out, "documents")["doc_id"])
    assert len(lengths_table) == 5


def test_the_report_says_where_the_work_ran():
    from framing.backends import describe

    assert describe({"name": "local", "workers": 1}) == (
        "Backend: local (every step in the run's process)."
    )
    text = describe(
        {"name": "dask", "workers": 2, "threads_per_worker": 1, "scheduler": "tcp://10.0.0.1:8786"},
        {"ingest": "dask", "frames": "dask", "topics": "dask"},
    )
    assert text.startswith("Backend: Dask, 2 worker process(es) of 1 thread(s) (tcp://10.0")
    assert "ingest: preparing and segmenting" in text and "frames: matching" in text
    assert "sources:" not in text  # a stage that did not run on the workers is not listed
    assert "topics: the topic distribution of each slice of units" in text
    assert "the topic model's fit were computed in the run's process" in text
    assert describe(None) == ""


def test_a_record_the_alignment_raises_on_leaves_the_others_aligned(tmp_path, monkeypatch):
    import framing.corpus.events as events

    features = events.event_features

    def failing(documents, *args, **kwargs):
        if documents["text"].str.contains("POISON").any():
            raise ValueError("no features for this text")
        return features(documents, *args, **kwargs)

    monkeypatch.setattr(events, "event_features", failing)
    corpus = tmp_path / "corpus.jsonl"
    texts = ["Putin and Kim met in Pyongyang."] * 3 + ["POISON Putin."] + ["Kim went home."] * 2
    records = [
        {"outlet": f"Outlet {i % 3}", "date": f"2024-06-{19 + i % 2}", "text": f"{t} {i}"}
        for i, t in enumerate(texts)
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    run_pipeline(study_from_options(corpus), out, only=["ingest", "align"], render=False)
    failed = [r for r in manifest_records(out) if r["reason_code"] == "stage error"]
    assert [r["detail"] for r in failed] == ["align: ValueError: no features for this text"]
    documents = read_table(out, "documents")
    assert len(documents) == 5 and failed[0]["doc_id"] not in set(documents["doc_id"])
    assert documents["event"].notna().all()
    # the others keep their own features: the same events as a run without the failing text
    clean = tmp_path / "clean.jsonl"
    kept = [r for r in records if "POISON" not in r["text"]]
    clean.write_text("\n".join(json.dumps(r) for r in kept) + "\n", encoding="utf-8")
    monkeypatch.setattr(events, "event_features", features)
    run_pipeline(
        study_from_options(clean), tmp_path / "clean", only=["ingest", "align"], render=False
    )
    expected = read_table(tmp_path / "clean", "documents")
    assert list(documents["text"]) == list(expected["text"])
    assert documents["event"].factorize()[0].tolist() == expected["event"].factorize()[0].tolist()


def test_a_record_a_stage_raises_on_leaves_the_in_memory_corpus_tables_too(tmp_path, monkeypatch):
    import framing
    import framing.stages as stages

    corpus = poisoned_corpus(tmp_path)
    loaded = framing.load_corpus(corpus)
    poisoned = loaded.documents.loc[loaded.documents["text"].str.contains("POISON"), "doc_id"]
    counted = stages.counted_sentences

    def refuse_poison(chunk, copied):
        if chunk["sentences"]["text"].str.contains("POISON").any():
            raise ValueError("cannot count this text")
        return counted(chunk, copied)

    monkeypatch.setattr(stages, "counted_sentences", refuse_poison)
    tables = framing.measure_frames(loaded).state.tables  # the API's verbs hold no run folder
    for name in ("documents", "paragraphs", "sentences", "frame_hits", "article_frames"):
        assert poisoned.item() not in set(tables[name]["doc_id"].astype(str)), name
    assert tables["documents"]["doc_id"].nunique() == 4
    assert len(loaded.documents) == 5  # the caller's corpus is left as it was


# -- whole tables written beside the next stage ---------------------------------------------------


class LateJobs(LocalBackend):
    """A backend whose jobs run beside the run, as a cluster's do; here, as late as they can:
    when their result is first asked for."""

    concurrent = True


@pytest.fixture
def late_jobs(monkeypatch):
    import framing.pipeline as pipeline

    monkeypatch.setattr(pipeline, "open_backend", lambda **options: LateJobs())


def test_tables_written_beside_the_next_stage_are_the_tables_written_at_once(
    sample_corpus_path, late_jobs, tmp_path, monkeypatch
):
    import framing.pipeline as pipeline

    monkeypatch.setattr(pipeline, "LET_GO_ROWS", 0)  # every whole table let go while written
    sections = {**QUICK, "statistics": {"permutations": 99, "bootstrap": 99}}
    late = run_pipeline(study_from_options(sample_corpus_path, **sections), tmp_path / "late",
                        render=False)  # fmt: skip
    assert not late.tables._writing  # each job let go once the run waited for it
    kept = late.tables.copy()
    run_json = json.loads((tmp_path / "late" / "run.json").read_text(encoding="utf-8"))
    assert set(run_json["stage_keys"]) >= {"ingest", "align", "frames", "sources", "stats"}
    for stage, names in run_json["stage_tables"].items():
        for name in names:
            assert (tmp_path / "late" / "tables" / f"{name}.parquet").exists() or (
                tmp_path / "late" / "tables" / name
            ).is_dir(), (stage, name)
    for name in ("events", "reuse", "frame_shares", "tests", "sourcing"):
        pd.testing.assert_frame_equal(read_table(tmp_path / "late", name), kept[name])


class TickJob:
    """A job that finishes (runs) the second time it is asked whether it is done."""

    def __init__(self, function, args):
        self.job, self.asked = LocalBackend().submit(function, *args), 0

    def done(self):
        self.asked += 1
        if self.asked > 1:
            self.job.result()
        return self.asked > 1

    def result(self):
        return self.job.result()


class TickJobs(LocalBackend):
    concurrent = True

    def submit(self, function, *args):
        return TickJob(function, args)


def test_a_stage_is_recorded_as_done_between_the_next_stages_chunks_once_written(
    sample_corpus_path, tmp_path, monkeypatch
):
    import framing.pipeline as pipeline

    monkeypatch.setattr(pipeline, "open_backend", lambda **options: TickJobs())
    recorded, write_run_json = [], pipeline._write_run_json

    def record(folder, study, names, timings, failure, *args, **kwargs):
        recorded.append((sorted(args[2]), sorted(timings)))  # stage keys, stages finished
        return write_run_json(folder, study, names, timings, failure, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_write_run_json", record)
    study = study_from_options(sample_corpus_path, corpus={"chunk_size": 2}, **QUICK)
    run_pipeline(study, tmp_path / "run", only=["ingest", "align", "frames"], render=False)
    # ingest writes no whole table: recorded at once; align's tables were written while the
    # frames ran (the second question), and it was recorded there, before the frames finished
    assert (["ingest"], ["ingest"]) in recorded
    assert (["align", "ingest"], ["align", "ingest"]) in recorded
    assert recorded[-1][0] == ["align", "frames", "ingest"]


def test_an_interrupted_local_job_never_passes_for_done():
    def interrupted():
        raise KeyboardInterrupt

    job = LocalBackend().submit(interrupted)
    for _ in range(2):  # asked again (as the run does when it records what finished)
        with pytest.raises(KeyboardInterrupt):
            job.result()


@pytest.fixture
def disk_full_at(monkeypatch):
    """Make writing the whole table ``name`` fail, as a full disk would."""
    import framing.pipeline as pipeline

    written = pipeline.write_table

    def fail_at(name):
        def write_table(table, folder, table_name):
            if table_name == name:
                raise OSError("disk full")
            return written(table, folder, table_name)

        monkeypatch.setattr(pipeline, "write_table", write_table)

    return fail_at


def test_a_rerun_whose_stage_fails_to_write_forgets_the_stages_old_key(
    sample_corpus_path, late_jobs, tmp_path, disk_full_at
):
    out = tmp_path / "run"
    run_pipeline(study_from_options(sample_corpus_path, **QUICK), out, render=False)
    disk_full_at("tests")
    changed = {**QUICK, "statistics": {**QUICK["statistics"], "alpha": 0.1}}
    with pytest.raises(OSError, match="disk full") as raised:
        run_pipeline(study_from_options(sample_corpus_path, **changed), out, render=False)
    assert "writing the tables of the stats stage" in " ".join(raised.value.__notes__)
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "stats" not in run_json["stage_keys"]  # its old key no longer vouches for them
    assert {"ingest", "align", "frames", "sources"} <= set(run_json["stage_keys"])


def test_a_stage_whose_tables_fail_to_be_written_is_not_recorded_as_done(
    sample_corpus_path, late_jobs, tmp_path, disk_full_at
):
    disk_full_at("events")
    out = tmp_path / "run"
    with pytest.raises(OSError, match="disk full"):
        run_pipeline(study_from_options(sample_corpus_path, **QUICK), out,
                     only=["ingest", "align", "frames"], render=False)  # fmt: skip
    run_json = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "ingest" in run_json["stage_keys"] and "align" not in run_json["stage_keys"]
    assert "frames" not in run_json["stage_keys"]  # written after it, so never recorded
