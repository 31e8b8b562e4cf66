"""One route per computation: every command, the API and ``framing run`` give the same tables.

Each command that reads a corpus runs the same stages as ``framing run`` with the options of
one study model, so its tables must equal the run's byte for byte; ``framing stats DIR``
reruns the stats stage with the options the run recorded; a run that fails in a late stage
still leaves what it finished.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.contract import has_table, read_table, write_table
from framing.errors import InputError
from framing.stages import STAGES, Stage

SVG = ["--figure-format", "svg"]  # the page's charts only: PNG and PDF are not what these test
SMALL = ["--permutations", "199", "--bootstrap", "99", *SVG]


@pytest.fixture(scope="module")
def full_run(tmp_path_factory, sample_corpus_path):
    """``framing run`` on the sample corpus with small replicate counts, topics included."""
    out = tmp_path_factory.mktemp("routes") / "run"
    assert main(["run", str(sample_corpus_path), "--out", str(out), "--quiet", *SMALL]) == 0
    return out


def written(folder) -> list[str]:
    """Tables of a run folder: whole ones (CSV and Parquet) and per-article datasets."""
    tables = folder / "tables"
    whole = {p.stem for p in tables.glob("*.csv")}
    datasets = {p.name for p in tables.iterdir() if p.is_dir() and p.name[0] not in "._"}
    return sorted(whole | datasets)


def same_table(mine, theirs, name) -> None:
    """CSV files byte for byte; a per-article dataset row for row, dtypes included."""
    csv, other = mine / "tables" / f"{name}.csv", theirs / "tables" / f"{name}.csv"
    if csv.exists() and other.exists():
        assert csv.read_bytes() == other.read_bytes(), name
    else:
        pd.testing.assert_frame_equal(read_table(mine, name), read_table(theirs, name))


@pytest.mark.parametrize(
    ("command", "tables"),
    [
        ("ingest", {"documents", "paragraphs", "sentences", "removed"}),
        ("frames", {"frame_hits", "article_frames", "frame_shares", "evidence", "lexicon_forms"}),
        ("sources", {"attributions", "sourcing", "frame_voice", "voice_shares", "reuse"}),
        ("topics", {"topics", "topic_assignments", "topic_shares"}),
    ],
)
def test_each_command_writes_the_run_tables_byte_for_byte(
    command, tables, full_run, sample_corpus_path, tmp_path
):
    out = tmp_path / command
    assert main([command, str(sample_corpus_path), "--out", str(out), "--quiet", *SVG]) == 0
    names = written(out)
    assert tables <= set(names), sorted(tables - set(names))
    assert {"documents", "sentences", "notes"} <= set(names)  # traceable to sentences
    assert (out / "manifest.json").exists() and (out / "run.json").exists()
    assert (out / "index.html").exists()
    for name in names:
        if name == "notes" or (command == "ingest" and name == "documents"):
            continue  # align adds each document's event and group to the run's documents
        same_table(out, full_run, name)


def test_stats_rerun_equals_the_run_and_honours_its_options(full_run, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(full_run, copy)
    assert main(["stats", str(copy), "--quiet"]) == 0
    for name in ("tests", "models", "contrasts", "keyness", "outlets"):
        assert (copy / "tables" / f"{name}.csv").read_bytes() == (
            full_run / "tables" / f"{name}.csv"
        ).read_bytes(), name
    info = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    assert info["config"]["statistics"]["permutations"] == 199  # recorded, not the default
    assert main(["stats", str(copy), "--quiet", "--correction", "fdr_bh"]) == 0
    info = json.loads((copy / "run.json").read_text(encoding="utf-8"))
    assert info["config"]["statistics"]["correction"] == "fdr_bh"
    assert info["config"]["statistics"]["permutations"] == 199
    assert set(read_table(copy, "tests")["correction"]) == {"fdr_bh"}


def test_the_api_gives_the_run_tables(full_run, sample_corpus_path, tmp_path):
    corpus = framing.load_corpus(sample_corpus_path)
    frames = framing.measure_frames(corpus)
    comparison = framing.compare_outlets(corpus, frames, permutations=199, bootstrap=99)
    tables = {**frames.tables(), **comparison.tables()}
    assert {"article_frames", "frame_shares", "tests", "models"} <= set(tables)
    for name, table in tables.items():
        write_table(table, tmp_path, name)
        same_table(tmp_path, full_run, name)


def test_skip_leaves_a_stage_out_without_a_progress_line(sample_corpus_path, tmp_path, capsys):
    out = tmp_path / "skipped"
    assert main(["run", str(sample_corpus_path), "--out", str(out), "--skip", "topics",
                 "--skip", "stats", *SVG]) == 0  # fmt: skip
    err = capsys.readouterr().err
    assert "[framing] topics" not in err and "[framing] stats" not in err
    assert "[framing] sources" in err
    assert not (out / "tables" / "tests.csv").exists()
    assert json.loads((out / "run.json").read_text())["stages"][-1] == "sources"


def test_a_late_failure_leaves_the_finished_tables_run_json_and_a_report(
    sample_corpus_path, tmp_path, capsys
):
    def broken(state):
        raise InputError("a test stage that cannot run")

    position = [s.name for s in STAGES].index("sources")
    original = STAGES[position]
    STAGES[position] = Stage("sources", "broken on purpose", (), broken)
    out = tmp_path / "failed"
    try:
        assert main(["run", str(sample_corpus_path), "--out", str(out), "--quiet", *SVG]) == 2
    finally:
        STAGES[position] = original
    assert "a test stage that cannot run" in capsys.readouterr().err
    assert has_table(out, "article_frames")  # frames finished
    assert not (out / "tables" / "tests.csv").exists()
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["failed"]["stage"] == "sources" and "cannot run" in info["failed"]["error"]
    assert info["stages"] == ["ingest", "align", "frames"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="frames"' in page and 'id="statistics"' not in page
