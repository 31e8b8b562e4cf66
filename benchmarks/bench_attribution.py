"""Throughput of ``find_attributions`` on synthetic articles resampled from the sample corpus.

The corpus is the frame-matcher benchmark's (``bench_frame_matcher.synthetic_sentences``):
articles of 8-30 sentences resampled, with replacement, from the five sample articles and a few
English wire-style sentences. The built-in source and cue lists are compiled before timing.

Usage::

    .venv/bin/python benchmarks/bench_attribution.py --n-docs 5000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_frame_matcher import synthetic_sentences

from framing.attribution import AttributionFinder, find_attributions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-docs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()
    sentences = synthetic_sentences(args.n_docs)
    megabytes = sentences["text"].str.len().sum() / 1e6
    finder = AttributionFinder()
    best, table = float("inf"), None
    for _ in range(args.repeat):
        started = time.perf_counter()
        table = find_attributions(sentences, finder=finder)
        best = min(best, time.perf_counter() - started)
    print(
        f"{args.n_docs:,} articles, {len(sentences):,} sentences, {megabytes:.1f} MB: "
        f"{len(table):,} attributed statements in {best:.2f} s -> "
        f"{args.n_docs / best:,.0f} articles/s, {len(sentences) / best:,.0f} sentences/s, "
        f"{megabytes / best:.2f} MB/s"
    )


if __name__ == "__main__":
    main()
