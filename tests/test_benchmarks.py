"""A small run of the pipeline benchmark, so the script keeps working as the pipeline changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "bench_pipeline.py"


def test_bench_pipeline_smoke_run(tmp_path):
    figures = tmp_path / "figures.json"
    workdir = tmp_path / "work"
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--sizes",
            "60",
            "--topics-sizes",
            "--workdir",
            str(workdir),
            "--markdown",
            "--json",
            str(figures),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]

    rows = json.loads(figures.read_text(encoding="utf-8"))
    assert len(rows) == 1
    row = rows[0]
    assert row["articles"] == 60 and row["documents"] == 60
    assert row["outlets"] == 20
    assert set(row["stage_s"]) == {"ingest", "align", "frames", "sources", "stats"}
    assert all(seconds >= 0 for seconds in row["stage_s"].values())
    assert 0 < row["stages_total_s"] <= row["wall_s"]
    assert row["articles_per_s"] > 0 and 0 < row["peak_rss_gb"] < 8
    assert row["peak_tree_rss_gb"] >= row["peak_rss_gb"]
    assert row["report_s"] > 0
    assert "topics_wall_s" not in row

    # the Markdown table: a header, a rule and one row of as many cells
    lines = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert len(lines) == 3
    header, _, cells = ([c.strip() for c in line.strip("|").split("|")] for line in lines)
    assert len(cells) == len(header) and header[0] == "articles" and cells[0] == "60"
    assert float(cells[header.index("wall s")].replace(",", "")) == row["wall_s"]

    # without --keep the script removes what it wrote in a given workdir
    assert not any(workdir.iterdir())


def _bench_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_pipeline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_repeated_runs_give_medians_and_the_speed_up_of_the_medians():
    bench = _bench_module()

    def run(backend, wall, ingest, topics, worker=None):
        return {
            "articles": 1000, "backend": backend, "outlets": 20, "corpus_mb": 1.0,
            "stage_s": dict.fromkeys(bench.STAGES, ingest), "stages_total_s": 5 * ingest,
            "wall_s": wall, "articles_per_s": 1000 / wall, "peak_rss_gb": wall / 100,
            "peak_tree_rss_gb": wall / 50, "peak_worker_rss_gb": worker,
            "topics_stage_s": topics,
        }  # fmt: skip

    rows = [
        run("local", 100.0, 18.0, 50.0), run("dask", 70.0, 12.0, 30.0, 0.5),
        run("local", 90.0, 16.0, 40.0), run("dask", 50.0, 9.0, 20.0, 0.9),
        run("local", 120.0, 20.0, 60.0), run("dask", 60.0, 10.0, 25.0, 0.7),
    ]  # fmt: skip
    local, dask = bench.with_ratios(bench.median_rows(rows))
    assert (local["wall_s"], dask["wall_s"]) == (100.0, 60.0)
    assert local["runs_wall_s"] == [100.0, 90.0, 120.0]
    assert dask["stage_s"]["ingest"] == 10.0 and dask["stages_total_s"] == 50.0
    assert dask["peak_worker_rss_gb"] == 0.9 and local["peak_tree_rss_gb"] == 2.4  # largest
    assert dask["x_local_wall"] == round(100 / 60, 2) and dask["x_local_topics"] == 2.0
    assert bench.median_rows(rows[:1])[0]["runs_wall_s"] == [100.0]  # one run: as measured
    for row in rows:
        del row["topics_stage_s"]
    merged = bench.with_ratios(bench.median_rows(rows))
    assert all("topics_stage_s" not in r and "topics_wall_s" not in r for r in merged)
    text = bench.table(merged, markdown=True)  # no topic table when no run timed the topics
    assert text.count("\n") == 3 and "100.0, 90.0, 120.0" in text
