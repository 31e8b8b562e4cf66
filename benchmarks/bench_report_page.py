"""The report page at scale: its size, ``framing report``'s time and Chromium's load time.

Builds a corpus of ``--articles`` articles from ``--outlets`` outlets in ``--groups`` groups
with :mod:`framing.corpus.resample` (real sentences, outlets of Zipf sizes), runs the pipeline
once (topics off unless ``--topics``), then re-renders the page with ``framing report`` in its
own process (twice: charts drawn, then reused; wall time and peak RSS of each) and loads it
in Debian's chromium (``/usr/bin/chromium``, driven by Playwright; nothing is downloaded).

Usage::

    .venv/bin/python benchmarks/bench_report_page.py [--articles 10000] [--outlets 100]
        [--groups 6] [--skip stats] [--run-dir DIR] [--json FILE]

``--run-dir`` reuses a run folder already built (it is copied, never changed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def write_corpus(path: Path, articles: int, outlets: int, groups: int) -> Path:
    """A resampled corpus whose outlets are dealt into ``groups`` groups (a ``group`` column)."""
    from framing.corpus.resample import iter_resampled

    with path.open("w", encoding="utf-8") as out:
        for batch in iter_resampled(articles, outlets, seed=1):
            for record in batch.to_dict("records"):
                number = int(record["outlet"].split()[-1]) - 1
                record["group"] = f"Group {number % groups + 1:02d}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (GB, ``ru_maxrss`` of this child alone, from ``os.wait4``) of
    ``python -m framing ARGV`` in its own process."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "framing", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, argv)
    return time.perf_counter() - start, usage.ru_maxrss / 2**20


def browser_load(page_path: Path) -> dict:
    """Seconds to the load event, page height, table rows, console errors and requests."""
    from playwright.sync_api import sync_playwright

    url = page_path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: requests.append(r.url) if r.url != url else None)
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        seconds = time.perf_counter() - start
        height, rows = page.evaluate(
            "[document.documentElement.scrollHeight, document.querySelectorAll('tr').length]"
        )
        browser.close()
    return {"load_s": round(seconds, 2), "height_px": height, "rows": rows,
            "console_errors": len(errors), "requests": len(requests)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--outlets", type=int, default=100)
    parser.add_argument("--groups", type=int, default=6)
    parser.add_argument("--skip", action="append", default=[], help="a stage to leave out")
    parser.add_argument("--topics", action="store_true", help="run the topic stage too")
    parser.add_argument("--run-dir", type=Path, help="an existing run folder to re-render")
    parser.add_argument("--json", type=Path, help="write the figures here as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        run = Path(scratch) / "run"
        row: dict = {}
        if args.run_dir:
            shutil.copytree(args.run_dir, run)
            row["run"] = str(args.run_dir)
        else:
            corpus = write_corpus(Path(scratch) / "corpus.jsonl", args.articles, args.outlets,
                                  args.groups)  # fmt: skip
            argv = ["run", str(corpus), "--out", str(run), "--quiet"]
            argv += [] if args.topics else ["--no-topics"]
            for stage in args.skip:
                argv += ["--skip", stage]
            row["run_s"], row["run_peak_gb"] = (round(x, 2) for x in timed(argv))
            row.update(articles=args.articles, outlets=args.outlets, groups=args.groups)
            info = json.loads((run / "run.json").read_text(encoding="utf-8"))
            row["stage_s"] = info.get("timings_seconds", {})  # statistics among them
        shutil.rmtree(run / "figures", ignore_errors=True)
        first, again = timed(["report", str(run)]), timed(["report", str(run)])
        row["report_s"], row["report_peak_gb"] = (round(x, 2) for x in first)  # charts drawn
        row["report_again_s"], row["report_again_peak_gb"] = (round(x, 2) for x in again)
        page = run / "index.html"
        row["page_mb"] = round(page.stat().st_size / 1e6, 2)
        if CHROMIUM.exists():
            row.update(browser_load(page))
    print(json.dumps(row, indent=2))
    if args.json:
        args.json.write_text(json.dumps(row, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
