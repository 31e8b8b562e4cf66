"""Time of the statistics stage at real size, beside the ingest stage of the same corpus.

For each corpus size the script writes a JSONL corpus whose articles resample sentences of the
sample corpus (6-24 sentences in paragraphs of three, each article drawing most of its sentences
from one stretch of the pool, so frames cluster within articles; two events), ingests it with
``framing.corpus.ingest`` (timed: the ingest stage), measures frames with the built-in lexicon
(6 frames), then runs ``framing.stats.compare_outlets`` -- tests, models, contrasts and keyness,
the whole stats stage with its defaults (9,999 permutations, 999 bootstrap replicates) -- once
for each number of outlets, the articles spread over the outlets by a Zipf law (exponent 1.2, as
in real studies: a few large outlets, many with one or two articles). Each figure is the wall
time of one call on an otherwise idle machine.

Usage::

    .venv/bin/python benchmarks/bench_stats.py --sizes 1000 10000 100000 --outlets 10 50 200
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from framing.corpus.ingest import ingest
from framing.frames import frame_tables, load_lexicon
from framing.stats import compare_outlets

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "corpora" / "putin-kim"


def sample_sentences() -> list[str]:
    """Sentences of 40-400 characters from the sample corpus' articles."""
    sentences = []
    for path in sorted(SAMPLE.glob("*.txt")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        parts = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", text)
        sentences += [s for s in parts if 40 <= len(s) <= 400]
    return sentences


def write_corpus(path: Path, n_articles: int, seed: int = 0) -> None:
    """A JSONL corpus of ``n_articles`` resampled articles (outlets are assigned later)."""
    pool = sample_sentences()
    rng = np.random.default_rng(seed)
    events = [("2023-09-", 11), ("2024-06-", 17)]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n_articles):
            stem, day = events[int(rng.integers(2))]
            start = int(rng.integers(len(pool)))
            picked = [
                pool[(start + int(rng.integers(13))) % len(pool)]
                for _ in range(int(rng.integers(6, 25)))
            ]
            paragraphs = ["\n".join(picked[j : j + 3]) for j in range(0, len(picked), 3)]
            record = {
                "id": f"a{i:07d}",
                "outlet": "unassigned",
                "language": "id",
                "date": f"{stem}{day + int(rng.integers(4)):02d}",
                "title": f"Artikel {i}",
                "text": "\n\n".join(paragraphs),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def zipf_outlets(n_articles: int, n_outlets: int, seed: int = 0) -> np.ndarray:
    """Outlet index of each article: every outlet at least one, the rest by Zipf (1.2)."""
    rng = np.random.default_rng(seed)
    weights = 1 / np.arange(1, n_outlets + 1) ** 1.2
    extra = rng.choice(n_outlets, size=max(0, n_articles - n_outlets), p=weights / weights.sum())
    labels = np.concatenate([np.arange(min(n_outlets, n_articles)), extra])
    return rng.permutation(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--outlets", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--permutations", type=int, default=9999)
    parser.add_argument("--bootstrap", type=int, default=999)
    args = parser.parse_args()
    lexicon = load_lexicon()
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "corpus.jsonl"
            write_corpus(path, size)
            started = time.perf_counter()
            corpus = ingest(path)
            ingest_seconds = time.perf_counter() - started
        started = time.perf_counter()
        tables = frame_tables(corpus.documents, corpus.sentences, lexicon)
        frames_seconds = time.perf_counter() - started
        articles = tables["article_frames"]
        for n_outlets in args.outlets:
            labels = zipf_outlets(len(corpus.documents), n_outlets)
            outlet_of = dict(
                zip(corpus.documents["doc_id"], [f"Outlet {i:03d}" for i in labels], strict=True)
            )
            documents = corpus.documents.assign(outlet=corpus.documents["doc_id"].map(outlet_of))
            started = time.perf_counter()
            result = compare_outlets(
                articles.assign(outlet=articles["doc_id"].map(outlet_of)),
                documents,
                frames=list(lexicon.frame_ids),
                n_permutations=args.permutations,
                n_bootstrap=args.bootstrap,
            )
            stats_seconds = time.perf_counter() - started
            rows.append(
                {
                    "articles": size,
                    "outlets": n_outlets,
                    "tested outlets": int(result.outlets["testable"].sum()),
                    "ingest s": round(ingest_seconds, 1),
                    "frames s": round(frames_seconds, 1),
                    "stats s": round(stats_seconds, 1),
                    "stats / ingest": round(stats_seconds / ingest_seconds, 2),
                }
            )
            print(pd.DataFrame([rows[-1]]).to_string(index=False), file=sys.stderr, flush=True)
    print(pd.DataFrame(rows).to_markdown(index=False) if _has_tabulate() else pd.DataFrame(rows))


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    main()
