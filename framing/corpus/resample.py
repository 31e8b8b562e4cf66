"""Corpora of any size made by resampling real sentences, for benchmarks and tests.

A study of real size cannot ship with the toolkit, so the benchmarks and the scale tests build
one: articles of real sentences (those of the sample corpus in ``data/corpora/putin-kim``, in
Indonesian, and a few English wire-style sentences), drawn with replacement under a fixed seed,
grouped into paragraphs, and given to outlets whose sizes follow a Zipf law (a few large
outlets, most with one or two articles, as in real news corpora), with dates spread over the
two Putin–Kim summits and the months between them. The same arguments give the same corpus,
byte for byte; it is written batch by batch, so a corpus of a million articles needs no more
memory than one batch.

Examples
--------
>>> batch = next(iter_resampled(6, 3, seed=1, batch_size=6))
>>> list(batch.columns)
['doc_id', 'outlet', 'date', 'language', 'title', 'text']
>>> len(batch), batch["outlet"].nunique() <= 3
(6, True)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError

#: The sample corpus whose sentences are resampled.
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"

#: English wire-style sentences on the same events (written for this module).
ENGLISH = (
    "Washington and Seoul accuse Pyongyang of supplying artillery shells and ballistic "
    "missiles to Moscow in violation of UN Security Council resolutions.",
    "The Kremlin denied the allegations, calling them baseless.",
    "Putin and Kim signed a comprehensive strategic partnership that includes a mutual "
    "defence clause.",
    "Kim gave Putin a warm welcome in Pyongyang, praising their historic ties.",
    "Analysts say the visit shows how isolated both countries have become.",
    "North Korea has not confirmed sending troops to Russia.",
    "The two leaders toured a space launch centre in the Russian Far East, officials said.",
    "A State Department spokesman said any arms deal would violate sanctions.",
    "Russian state media described the talks as friendly and constructive.",
    "South Korea's foreign ministry expressed regret over the agreement.",
    "According to TASS, the delegations discussed cooperation in energy and transport.",
    "Japan and the United States called the summit a threat to regional security.",
)

#: Days around which articles cluster: the two summits.
SUMMITS = ("2023-09-13", "2024-06-19")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@lru_cache(maxsize=1)
def seed_sentences() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Indonesian sentences of the sample corpus and the English ones, as two tuples."""
    indonesian = []
    for path in sorted(SAMPLE.glob("*.txt")):
        for found in _SENTENCE.finditer(path.read_text(encoding="utf-8")):
            text = " ".join(found.group().split())
            if len(text.split()) >= 4:
                indonesian.append(text)
    if not indonesian:
        raise InputError(f"{SAMPLE}: no sample sentences to resample; is the data folder there?")
    return tuple(indonesian), ENGLISH


def _outlet_sizes(n_articles: int, n_outlets: int, rng: np.random.Generator) -> np.ndarray:
    """Outlet of each article: every outlet at least once, the rest Zipf-distributed."""
    if n_outlets > n_articles:
        raise InputError(f"{n_outlets} outlets need at least as many articles (given {n_articles})")
    weights = 1.0 / np.arange(1, n_outlets + 1)
    extra = rng.choice(n_outlets, size=n_articles - n_outlets, p=weights / weights.sum())
    outlets = np.concatenate([np.arange(n_outlets), extra])
    return rng.permutation(outlets)


def _dates(n: int, rng: np.random.Generator) -> np.ndarray:
    """Dates: half within a week of a summit, the rest spread between and around them."""
    summits = pd.to_datetime(list(SUMMITS)).to_numpy()
    near = rng.random(n) < 0.5
    which = rng.integers(0, len(summits), size=n)
    offsets = np.where(near, rng.integers(-3, 8, size=n), 0).astype("timedelta64[D]")
    start, end = np.datetime64("2023-08-01"), np.datetime64("2024-07-31")
    spread = start + rng.integers(0, int((end - start).astype(int)), size=n).astype(
        "timedelta64[D]"
    )
    return np.where(near, summits[which] + offsets, spread).astype("datetime64[D]")


def iter_resampled(
    n_articles: int,
    n_outlets: int,
    *,
    seed: int = 0,
    english_share: float = 0.3,
    batch_size: int = 10_000,
) -> Iterator[pd.DataFrame]:
    """Batches of a resampled corpus: ``doc_id, outlet, date, language, title, text``.

    Parameters
    ----------
    n_articles, n_outlets : int
        Corpus size; every outlet has at least one article.
    seed : int
        The same seed gives the same corpus.
    english_share : float
        Share of the articles written from the English sentences.
    batch_size : int
        Articles per batch.
    """
    if n_articles < 1 or n_outlets < 1:
        raise InputError("give at least one article and one outlet")
    indonesian, english = seed_sentences()
    rng = np.random.default_rng(seed)
    outlets = _outlet_sizes(n_articles, n_outlets, rng)
    width = len(str(n_articles - 1))
    for start in range(0, n_articles, batch_size):
        n = min(batch_size, n_articles - start)
        is_english = rng.random(n) < english_share
        paragraphs = rng.integers(2, 7, size=n)
        dates = _dates(n, rng)
        texts, titles = [], []
        for english_doc, n_paragraphs in zip(is_english, paragraphs, strict=True):
            pool = english if english_doc else indonesian
            lengths = rng.integers(1, 5, size=n_paragraphs)
            picks = rng.integers(0, len(pool), size=int(lengths.sum()))
            bounds = np.concatenate([[0], np.cumsum(lengths)])
            texts.append(
                "\n\n".join(
                    " ".join(pool[i] for i in picks[a:b])
                    for a, b in zip(bounds[:-1], bounds[1:], strict=True)
                )
            )
            titles.append(" ".join(pool[picks[0]].split()[:8]))
        ids = np.arange(start, start + n)
        yield pd.DataFrame(
            {
                "doc_id": [f"a{i:0{width}d}" for i in ids],
                "outlet": [f"Outlet {o + 1:03d}" for o in outlets[start : start + n]],
                "date": pd.to_datetime(dates).strftime("%Y-%m-%d"),
                "language": np.where(is_english, "en", "id"),
                "title": titles,
                "text": texts,
            }
        )


def write_resampled_jsonl(
    path: str | Path, n_articles: int, n_outlets: int, *, seed: int = 0, **options
) -> Path:
    """Write a resampled corpus (:func:`iter_resampled`) as JSONL, batch by batch."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for batch in iter_resampled(n_articles, n_outlets, seed=seed, **options):
            for record in batch.to_dict("records"):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
