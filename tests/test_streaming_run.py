"""Runs chunk by chunk: any chunk size gives the same tables; a run resumes; stages are reused."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

import framing.attribution.measure as attribution_measure
import framing.corpus.stream as stream
from framing.cli import main
from framing.contract import read_table
from framing.corpus.resample import write_resampled_jsonl
from framing.pipeline import run_pipeline, study_from_options

QUICK = {"statistics": {"permutations": 99, "bootstrap": 99}}


def study(corpus, chunk_size, **sections):
    return study_from_options(
        corpus,
        corpus={"chunk_size": chunk_size},
        **{**QUICK, **sections},
        topics={"enabled": False},
    )


def tables_of(folder) -> dict[str, pd.DataFrame]:
    tables = folder / "tables"
    names = {p.stem for p in tables.glob("*.parquet")}
    names |= {p.name for p in tables.iterdir() if p.is_dir() and p.name[0] not in "._"}
    return {name: read_table(folder, name) for name in sorted(names)}


def assert_same_tables(a, b) -> None:
    mine, theirs = tables_of(a), tables_of(b)
    assert sorted(mine) == sorted(theirs)
    for name, table in mine.items():
        pd.testing.assert_frame_equal(
            table.reset_index(drop=True), theirs[name].reset_index(drop=True), rtol=1e-9,
            obj=name,
        )  # fmt: skip


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """40 resampled articles from 12 outlets, Indonesian and English."""
    path = tmp_path_factory.mktemp("synthetic") / "corpus.jsonl"
    return write_resampled_jsonl(path, 40, 12, seed=3)


@pytest.fixture(scope="module")
def synthetic_whole(synthetic, tmp_path_factory):
    out = tmp_path_factory.mktemp("whole") / "run"
    run_pipeline(study(synthetic, 10_000), out, render=False)
    return out


@pytest.mark.parametrize("corpus", ["sample", "synthetic"])
def test_a_chunk_size_of_two_gives_the_tables_of_one_chunk(
    corpus, sample_corpus_path, synthetic, synthetic_whole, tmp_path
):
    path = sample_corpus_path if corpus == "sample" else synthetic
    if corpus == "sample":
        whole = tmp_path / "whole"
        run_pipeline(study(path, 10_000), whole, render=False)
    else:
        whole = synthetic_whole
    chunked = tmp_path / "chunked"
    run_pipeline(study(path, 2), chunked, render=False)
    assert len(list((chunked / "tables" / "sentences").glob("part-*.parquet"))) > 2
    assert len(list((whole / "tables" / "sentences").glob("part-*.parquet"))) == 1
    assert_same_tables(chunked, whole)


class Interrupt(KeyboardInterrupt):
    """Stands for Ctrl-C in the middle of a stage."""


def interrupt_after(monkeypatch, module, name, calls):
    """Make ``module.name`` raise on its call number ``calls + 1``; count the calls made."""
    original = getattr(module, name)
    made = {"n": 0}

    def wrapper(*args, **kwargs):
        made["n"] += 1
        if made["n"] > calls:
            raise Interrupt
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return made


@pytest.mark.parametrize(
    ("module", "name"),
    [(stream, "segment"), (attribution_measure, "attribution_chunk_tables")],
    ids=["ingest", "sources"],
)
def test_resume_after_an_interruption_gives_the_same_tables(
    module, name, synthetic, synthetic_whole, tmp_path, monkeypatch
):
    out = tmp_path / "run"
    chunked = study(synthetic, 10)  # 4 chunks
    interrupt_after(monkeypatch, module, name, calls=2)
    with pytest.raises(Interrupt):
        run_pipeline(chunked, out, render=False)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "failed" in info
    monkeypatch.undo()
    calls = interrupt_after(monkeypatch, module, name, calls=10**6)
    run_pipeline(chunked, out, resume=True, render=False)
    assert calls["n"] == 2  # the two chunks finished before are not done again
    assert_same_tables(out, synthetic_whole)


def test_resume_refuses_a_changed_study(synthetic, tmp_path, monkeypatch):
    out = tmp_path / "run"
    interrupt_after(monkeypatch, attribution_measure, "attribution_chunk_tables", calls=1)
    with pytest.raises(Interrupt):
        run_pipeline(study(synthetic, 10), out, render=False)
    monkeypatch.undo()
    changed = study(synthetic, 10, frames={"count_negated": True})
    with pytest.raises(Exception, match="resume"):
        run_pipeline(changed, out, resume=True, render=False)


def test_a_rerun_reuses_every_stage_its_change_does_not_touch(synthetic, tmp_path, capsys):
    out = tmp_path / "run"
    run_pipeline(study(synthetic, 10), out, render=False)
    hits = out / "tables" / "frame_hits" / "part-00000.parquet"
    written = hits.stat().st_mtime_ns
    alpha = study(synthetic, 10, statistics={**QUICK["statistics"], "alpha": 0.1})
    run_pipeline(alpha, out, render=False)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["reused_stages"] == ["ingest", "align", "frames", "sources"]
    assert info["config"]["statistics"]["alpha"] == 0.1
    assert hits.stat().st_mtime_ns == written  # the corpus was not read again
    run_pipeline(study(synthetic, 10, frames={"count_negated": True}), out, render=False)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["reused_stages"] == ["ingest", "align"]


def test_long_documents_finish_quickly(tmp_path):
    """A 2 MB article and a 300 KB one without sentence punctuation (a generous bound)."""
    sentence = "Presiden Putin bertemu Kim Jong Un di Pyongyang, kata juru bicara."
    long_text = " ".join([sentence] * 30_000)
    unpunctuated = " ".join(["kata"] * 60_000)
    records = [
        {"id": "long", "outlet": "A", "date": "2024-06-19", "text": long_text[:2_000_000]},
        {"id": "flat", "outlet": "B", "date": "2024-06-19", "text": unpunctuated},
        {"id": "short", "outlet": "C", "date": "2024-06-19", "text": "Putin tiba. Kim menyambut."},
    ]
    corpus = tmp_path / "long.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    started = time.perf_counter()
    code = main(["run", str(corpus), "--out", str(tmp_path / "run"), "--skip", "topics",
                 "--skip", "stats", "--quiet", "--figure-format", "svg"])  # fmt: skip
    assert code == 0
    assert time.perf_counter() - started < 120
    documents = read_table(tmp_path / "run", "documents")
    assert set(documents["doc_id"]) == {"long", "flat", "short"}


def test_progress_is_one_line_per_step_in_a_log_and_nothing_when_quiet(
    sample_corpus_path, tmp_path, capsys
):
    args = ["ingest", str(sample_corpus_path), "--out", str(tmp_path / "a")]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "\r" not in err  # not a terminal: no bar redrawn in place
    assert any(line.endswith("articles/s") for line in err.splitlines()), err
    assert main([*args[:-1], str(tmp_path / "b"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_rerunning_align_realigns_instead_of_keeping_the_last_events(synthetic, tmp_path):
    out = tmp_path / "run"
    run_pipeline(study(synthetic, 10), out, render=False)
    first = read_table(out, "events")
    wider = study(synthetic, 10, events={"window_days": 60})
    run_pipeline(wider, out, only=["align"], from_run=True, render=False)
    again = read_table(out, "events")
    assert set(again["event_source"]) == set(first["event_source"]) == {"aligned"}
    assert len(again) <= len(first)  # a wider window joins events, it does not freeze them
    run_pipeline(study(synthetic, 10), out, only=["align"], from_run=True, render=False)
    pd.testing.assert_frame_equal(read_table(out, "events"), first)
