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
