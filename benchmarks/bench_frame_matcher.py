"""Benchmark the frame matcher against reference methods on a synthetic corpus.

The corpus is built by resampling sentences (with replacement, fixed seed) from the sample
articles in data/corpora/putin-kim and from a few English wire-style sentences below, into
``--n-docs`` articles of 8-30 sentences. Every method sees the same sentence texts:

- ``framing``: :func:`framing.frames.match_frames` on the ``sentences`` DataFrame (one
  Aho-Corasick pass per chunk of ~4 MB, boundary and clitic checks, exclusions, leftmost-longest
  merging, negation and hedge cues, a ``frame_hits`` DataFrame out); the lexicon is compiled
  beforehand;
- ``framing, pyahocorasick scan``: the same without numba, as where numba cannot run: the
  automaton run by ``pyahocorasick`` (the scanner of earlier versions) and the steps around it
  by the NumPy and Arrow functions instead of the compiled loops;
- ``regex per term``: one compiled, case-insensitive, ``\b``-bounded regex per surface form, each
  run with ``finditer`` over every sentence (a Python loop over forms and sentences) of the first
  ``--regex-docs`` articles, counting matches;
- ``CountVectorizer``: scikit-learn's ``CountVectorizer(vocabulary=forms, ngram_range=(1, 4))``
  ``.transform`` of the list of sentences (counts only: no offsets, no boundaries beyond its
  tokenizer);
- ``str.lower()`` per sentence: ``[t.lower() for t in texts]`` over the list of sentences, a
  Python loop (CPython lowercases each ASCII-only sentence on its fast path);
- ``str.lower()`` of the joined batch: ``"\x00".join(texts).lower()``, the one string the matcher
  scans; one non-ASCII character anywhere puts the whole string on CPython's slower general path;
- Arrow ``utf8_lower``: ``pyarrow.compute.utf8_lower`` over the Arrow array behind the ``text``
  column (C++, no Python strings), the fastest lowercase pass of the same text at hand.

The references get their inputs ready-made (the list of sentences, the Arrow array); framing
starts from the DataFrame. Each method runs ``--repeat`` times (the per-term regex
``--regex-repeat`` times) and its best wall-clock time is reported, so that other work on a
shared machine disturbs the figures as little as possible. ``--clock cpu`` reports the CPU time
of this process instead (``time.process_time``), which leaves out the time other processes hold
the cores; every method here runs on one thread, so on an idle machine the two agree.

Run: ``.venv/bin/python benchmarks/bench_frame_matcher.py --n-docs 20000 --regex-docs 1000``
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.feature_extraction.text import CountVectorizer

from framing.frames import FrameMatcher, load_lexicon, match_frames
from framing.frames.matching import automaton

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "corpora" / "putin-kim"
ENGLISH = [
    "Washington and Seoul accuse Pyongyang of supplying artillery shells and ballistic missiles "
    "to Moscow in violation of UN Security Council resolutions.",
    "The Kremlin denied the allegations, calling them baseless.",
    "Putin and Kim signed a comprehensive strategic partnership that includes a mutual defence "
    "clause.",
    "Kim gave Putin a warm welcome in Pyongyang, praising their historic ties and friendship.",
    "Analysts say the visit shows how isolated both countries have become.",
    "North Korea has not confirmed sending troops to Russia.",
]
SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]?")


def seed_sentences() -> list[str]:
    sentences = list(ENGLISH)
    for path in sorted(SEEDS.glob("*.txt")):
        for found in SENTENCE_RE.finditer(path.read_text(encoding="utf-8")):
            text = found.group().strip()
            if len(text.split()) >= 4:
                sentences.append(text)
    return sentences


def synthetic_sentences(n_docs: int, seed: int = 0) -> pd.DataFrame:
    pool = seed_sentences()
    rng = np.random.default_rng(seed)
    lengths = rng.integers(8, 31, size=n_docs)
    picks = rng.integers(0, len(pool), size=int(lengths.sum()))
    doc_index = np.repeat(np.arange(n_docs), lengths)
    texts = [pool[i] for i in picks]
    doc_ids = [f"d{d}" for d in doc_index]
    frame = pd.DataFrame({"doc_id": doc_ids, "text": texts})
    frame["sentence_id"] = (
        frame["doc_id"] + ":s" + (frame.groupby("doc_id").cumcount() + 1).astype(str)
    )
    lens = frame["text"].str.len() + 1
    frame["start"] = lens.groupby(frame["doc_id"]).cumsum() - lens
    return frame


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def timed(function, repeat: int = 1, clock=time.perf_counter) -> tuple[float, object]:
    """Best time of ``repeat`` calls on ``clock``, and the result of the last one."""
    best, result = float("inf"), None
    for _ in range(max(repeat, 1)):
        start = clock()
        result = function()
        best = min(best, clock() - start)
    return best, result


def markdown(table: pd.DataFrame) -> str:
    """A Markdown table (without the optional ``tabulate`` dependency)."""

    def cell(value: object) -> str:
        return f"{value:,.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(False)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-docs", type=int, default=20000)
    parser.add_argument(
        "--regex-docs",
        type=int,
        default=2000,
        help="documents for the (slow) per-term regex reference; its rate is per document",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per method (best is kept)")
    parser.add_argument("--regex-repeat", type=int, default=1, help="runs of the per-term regex")
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="wall", help="wall-clock or CPU time"
    )
    args = parser.parse_args()
    clock = CLOCKS[args.clock]

    sentences = synthetic_sentences(args.n_docs)
    texts = sentences["text"].tolist()
    column = pa.array(sentences["text"])
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    lexicon = load_lexicon()
    forms = sorted(set(lexicon.to_frame()["form"].str.lower()))
    matcher = FrameMatcher(lexicon)

    rows = []

    def record(name: str, seconds: float, n_docs: int, mb: float, note: str) -> None:
        rows.append((name, n_docs / seconds, mb / seconds, seconds, note))

    seconds, hits = timed(lambda: match_frames(sentences, matcher), args.repeat, clock)
    record("framing match_frames", seconds, args.n_docs, megabytes, f"{len(hits):,} hits")
    with mock.patch.object(automaton, "compiled_kernels", lambda: None):
        seconds, same = timed(lambda: match_frames(sentences, matcher), args.repeat, clock)
    assert same.equals(hits)
    record(
        "framing, no numba (pyahocorasick, NumPy)", seconds, args.n_docs, megabytes, "same table"
    )

    regex_docs = min(args.regex_docs, args.n_docs)
    subset = sentences[sentences["doc_id"].isin({f"d{i}" for i in range(regex_docs)})]
    sub_texts = subset["text"].tolist()
    sub_mb = sum(len(t.encode("utf-8")) for t in sub_texts) / 1e6
    patterns = [re.compile(r"\b" + re.escape(f) + r"\b", re.IGNORECASE) for f in forms]
    seconds, n = timed(
        lambda: sum(1 for p in patterns for t in sub_texts for _ in p.finditer(t)),
        args.regex_repeat,
        clock,
    )
    record("regex per term", seconds, regex_docs, sub_mb, f"{n:,} matches on {regex_docs:,} docs")

    vectorizer = CountVectorizer(vocabulary=forms, ngram_range=(1, 4), lowercase=True)
    seconds, counts = timed(lambda: vectorizer.transform(texts), args.repeat, clock)
    record("CountVectorizer(1-4)", seconds, args.n_docs, megabytes, f"{counts.sum():,} counts")

    seconds, _ = timed(lambda: [t.lower() for t in texts], args.repeat, clock)
    record("str.lower() per sentence", seconds, args.n_docs, megabytes, "Python loop")
    seconds, _ = timed(lambda: "\x00".join(texts).lower(), args.repeat, clock)
    record("str.lower() of the joined batch", seconds, args.n_docs, megabytes, "join included")
    seconds, _ = timed(lambda: pc.utf8_lower(column), args.repeat, clock)
    record("Arrow utf8_lower", seconds, args.n_docs, megabytes, "C++ over the column")

    table = pd.DataFrame(rows, columns=["method", "docs/s", "MB/s", "seconds", "note"])
    base = table.iloc[0]
    table["framing is x faster"] = base["MB/s"] / table["MB/s"]
    print(
        f"{args.n_docs:,} synthetic documents, {len(texts):,} sentences, {megabytes:.1f} MB; "
        f"lexicon of {len(forms):,} surface forms ({matcher.n_forms_:,} automaton keys); "
        f"best of {args.repeat} runs ({args.regex_repeat} for the per-term regex), "
        f"{args.clock} clock\n"
    )
    print(markdown(table))


if __name__ == "__main__":
    main()
