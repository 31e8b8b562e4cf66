"""Time and peak memory of ``fit_topics`` on synthetic corpora of 1,000 to 100,000 paragraphs.

Synthetic paragraphs are 2-6 sentences resampled from the sample corpus
(data/corpora/putin-kim), spread over 5 outlets, 10 paragraphs per document, two events and
dates over a year. Each size runs in its own subprocess so that peak RSS is per size.

Usage::

    .venv/bin/python benchmarks/bench_topics.py --sizes 1000 10000 100000
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "corpora" / "putin-kim"


def seed_sentences() -> list[str]:
    """Sentences of the sample corpus (a rough split on sentence-final punctuation)."""
    sentences = []
    for path in sorted(SAMPLE.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            sentences += [
                s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) >= 4
            ]
    return sentences


def synthetic_corpus(n_paragraphs: int, random_state: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Documents and paragraphs tables of ``n_paragraphs`` resampled paragraphs."""
    rng = np.random.default_rng(random_state)
    sentences = np.array(seed_sentences(), dtype=object)
    n_docs = max(1, n_paragraphs // 10)
    doc_ids = [f"d{i:06d}" for i in range(n_docs)]
    documents = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "outlet": [f"outlet-{i % 5}" for i in range(n_docs)],
            "event": [("2023-09" if i % 3 == 0 else "2024-06") for i in range(n_docs)],
            "date": pd.Timestamp("2023-09-01")
            + pd.to_timedelta(rng.integers(0, 365, n_docs), unit="D"),
            "language": "id",
        }
    )
    lengths = rng.integers(2, 7, n_paragraphs)
    picks = rng.integers(0, len(sentences), lengths.sum())
    bounds = np.r_[0, np.cumsum(lengths)]
    texts = [" ".join(sentences[picks[a:b]]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    owner = [doc_ids[min(i // 10, n_docs - 1)] for i in range(n_paragraphs)]
    paragraphs = pd.DataFrame(
        {"doc_id": owner, "paragraph_id": [f"{d}:p{i}" for i, d in enumerate(owner)], "text": texts}
    )
    return documents, paragraphs


def run_one(size: int) -> dict:
    """Fit on ``size`` paragraphs in this process; return seconds, peak RSS and the mode."""
    from framing.topics import fit_topics

    documents, paragraphs = synthetic_corpus(size)
    start = time.perf_counter()
    result = fit_topics(documents, paragraphs, stability_seeds=(), n_boot=200)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "units": size,
        "mode": result.info["parameters"]["mode"],
        "clustering": result.info["parameters"]["clustering"],
        "topics": result.info["n_topics"],
        "outlier_share": round(result.outlier_share, 4),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    print("| units | mode | clustering | topics | outliers | seconds | peak RSS (MB) |")
    print("|---:|---|---|---:|---:|---:|---:|")
    for size in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            print(f"| {size} | failed: {done.stderr.strip().splitlines()[-1]} |", flush=True)
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"| {row['units']:,} | {row['mode']} | {row['clustering']} | {row['topics']} | "
            f"{row['outlier_share']:.3f} | {row['seconds']} | {row['peak_rss_mb']:,} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
