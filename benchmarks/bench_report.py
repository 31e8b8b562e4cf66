"""Time ``framing report`` on a copy of a run folder: with its figures drawn afresh, then again.

The first render draws every chart (SVG, PNG and PDF); the second finds every chart drawn
from the same tables (``framing.viz.cache``) and only writes the page. Each render runs in its
own process, so the times include the start-up a user waits for, and peak RSS is per render.

Usage::

    .venv/bin/python benchmarks/bench_report.py RUN_DIR [RUN_DIR ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def render(run_dir: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB) of one ``framing report run_dir`` in a subprocess."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "framing", "report", str(run_dir)],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1e6


def bench(run_dir: Path) -> dict:
    """First (charts drawn) and second (charts kept) render of a copy of ``run_dir``."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / run_dir.name
        shutil.copytree(run_dir, copy, ignore=shutil.ignore_patterns("cache"))
        shutil.rmtree(copy / "figures", ignore_errors=True)
        first, first_rss = render(copy)
        again, again_rss = render(copy)
        outlets = pd.read_parquet(copy / "tables" / "frame_shares.parquet")["outlet"].nunique()
        figures = {p.name: p.stat().st_size for p in sorted((copy / "figures").glob("*.svg"))}
    return {
        "run": str(run_dir),
        "outlets": int(outlets),
        "first_s": round(first, 2),
        "again_s": round(again, 2),
        "peak_rss_gb": round(max(first_rss, again_rss), 2),
        "svg_bytes": figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="run folders (copied, not changed)")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    args = parser.parse_args()
    rows = [bench(run) for run in args.runs]
    print("| outlets | first render s | second render s | peak RSS GB | run |")
    print("|---:|---:|---:|---:|---|")
    for row in rows:
        print(
            f"| {row['outlets']} | {row['first_s']} | {row['again_s']} | "
            f"{row['peak_rss_gb']} | {row['run']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
