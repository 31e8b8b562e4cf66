"""Tables built from the real sample corpus, and synthetic ``article_frames`` tables.

Documents are the five articles of data/corpora/putin-kim (one per outlet); sentences are split
with a simple regular expression and frame hits come from a tiny keyword lexicon, so the
statistics see the corpus's real shape: one document per outlet, 10-25 sentences each, and an
event (2023 vs 2024 summit) that is confounded with outlet.

The synthetic builders (``make_articles``, ``beta_articles``) give ``article_frames`` tables with
known structure: explicit counts, or framed sentences clustered within articles (each article's
probability of a framed sentence drawn from a Beta distribution).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.corpus.tokens import count_tokens
from framing.frames import article_frames

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "corpora" / "putin-kim"

#: A toy lexicon of Indonesian terms that occur in the sample articles.
LEXICON = {
    "friendship": ("persahabatan", "kemitraan", "kerja sama", "sekutu"),
    "sanctions_violation": ("sanksi", "melanggar", "pelanggaran"),
    "western_accusation": ("menuduh", "tuduhan", "dugaan barat", "mengklaim"),
}


def _sentences(doc_id: str, text: str) -> list[dict]:
    rows = []
    for match in re.finditer(r"[^.!?\n]+[.!?]?", text):
        if not match.group().strip():
            continue
        rows.append(
            {
                "doc_id": doc_id,
                "paragraph_id": f"{doc_id}:p1",
                "sentence_id": f"{doc_id}:s{len(rows) + 1}",
                "text": match.group(),
                "start": match.start(),
                "end": match.end(),
            }
        )
    return rows


@pytest.fixture(scope="session")
def sample_tables() -> dict[str, pd.DataFrame]:
    """documents, sentences and frame_hits of the sample corpus."""
    meta = pd.read_csv(SAMPLE / "metadata.csv", dtype=str)
    documents, sentences, hits = [], [], []
    for record in meta.itertuples(index=False):
        text = (SAMPLE / record.file).read_text(encoding="utf-8")
        date = pd.Timestamp(record.date)
        documents.append(
            {
                "doc_id": record.id,
                "outlet": record.outlet,
                "date": date,
                "date_source": "metadata",
                "event": f"summit-{date.year}",
                "language": "id",
                "language_source": "metadata",
                "title": record.title,
                "url": record.url,
                "source": record.file,
                "byline": None,
                "n_tokens": count_tokens(text),
                "text": text,
            }
        )
        sentences += _sentences(record.id, text)
    sentences = pd.DataFrame(sentences)
    for sentence in sentences.itertuples(index=False):
        lower = sentence.text.lower()
        for frame, terms in LEXICON.items():
            for term in terms:
                for match in re.finditer(re.escape(term), lower):
                    hits.append(
                        {
                            "sentence_id": sentence.sentence_id,
                            "doc_id": sentence.doc_id,
                            "frame": frame,
                            "term": term,
                            "start": sentence.start + match.start(),
                            "end": sentence.start + match.end(),
                            "negated": False,
                        }
                    )
    return {
        "documents": pd.DataFrame(documents),
        "sentences": sentences,
        "frame_hits": pd.DataFrame(hits),
    }


@pytest.fixture(scope="session")
def sample_article_frames(sample_tables) -> pd.DataFrame:
    """``article_frames`` of the sample corpus (every frame of the toy lexicon, zeros included)."""
    t = sample_tables
    return article_frames(t["documents"], t["sentences"], t["frame_hits"], frames=list(LEXICON))


def _article_rows(records: list[dict]) -> pd.DataFrame:
    columns = [
        "doc_id", "outlet", "group", "event", "frame",
        "sentences_with_frame", "sentences", "hits", "negated_hits", "n_tokens",
    ]  # fmt: skip
    return pd.DataFrame(records, columns=columns)


def build_articles(spec, *, frame="f", groups=None, tokens_per_sentence=15) -> pd.DataFrame:
    """``article_frames`` of one frame from explicit counts.

    ``spec`` maps an outlet to its articles, each ``(k, n)`` (framed sentences of sentences) or
    ``(k, n, event)``; hits equal ``k`` and tokens are ``tokens_per_sentence * n``. ``groups``
    maps outlets to groups (outlets left out have none).
    """
    records = []
    for outlet, articles in spec.items():
        for i, article in enumerate(articles):
            k, n, event = (*article, "e1") if len(article) == 2 else article
            records.append(
                {
                    "doc_id": f"{outlet}-{i}",
                    "outlet": outlet,
                    "group": (groups or {}).get(outlet),
                    "event": event,
                    "frame": frame,
                    "sentences_with_frame": int(k),
                    "sentences": int(n),
                    "hits": int(k),
                    "negated_hits": 0,
                    "n_tokens": int(tokens_per_sentence * n),
                }
            )
    return _article_rows(records)


def build_beta_articles(
    seed,
    means,
    *,
    articles=6,
    sentences=20,
    concentration=2.5,
    frames=("f",),
    groups=None,
    events=None,
) -> pd.DataFrame:
    """``article_frames`` with framed sentences clustered within articles.

    Outlet ``O{i}`` has ``articles`` articles (an int, or one per outlet) of ``sentences``
    sentences; each article's probability of a framed sentence is drawn from
    Beta(m c, (1 - m) c) with ``m = means[i]`` and ``c = concentration`` (small ``c``: strong
    clustering), independently for every frame. Hits are the framed sentences plus a Poisson
    number of extra hits; tokens vary between 10 and 29 per sentence. ``groups`` gives each
    outlet's group, ``events`` the events an outlet's articles cycle through.
    """
    rng = np.random.default_rng(seed)
    sizes = [articles] * len(means) if np.isscalar(articles) else list(articles)
    records = []
    for o, (mean, size) in enumerate(zip(means, sizes, strict=True)):
        for a in range(size):
            n = int(sentences)
            tokens = int(n * rng.integers(10, 30))
            event = events[a % len(events)] if events else "e1"
            for frame in frames:
                p = rng.beta(mean * concentration, (1 - mean) * concentration)
                k = int(rng.binomial(n, p))
                records.append(
                    {
                        "doc_id": f"O{o}-{a}",
                        "outlet": f"O{o}",
                        "group": groups[o] if groups else None,
                        "event": event,
                        "frame": frame,
                        "sentences_with_frame": k,
                        "sentences": n,
                        "hits": k + int(rng.poisson(0.5 * k)),
                        "negated_hits": 0,
                        "n_tokens": tokens,
                    }
                )
    return _article_rows(records)


@pytest.fixture(scope="session")
def make_articles():
    """The builder of ``article_frames`` from explicit counts (:func:`build_articles`)."""
    return build_articles


@pytest.fixture(scope="session")
def beta_articles():
    """The builder of clustered ``article_frames`` (:func:`build_beta_articles`)."""
    return build_beta_articles
