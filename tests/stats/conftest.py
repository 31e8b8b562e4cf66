"""Tables built from the real sample corpus, without depending on the ingest stage.

Documents are the five articles of data/corpora/putin-kim (one per outlet); sentences are split
with a simple regular expression and frame hits come from a tiny keyword lexicon, so the
statistics see the corpus's real shape: one document per outlet, 10-25 sentences each, and an
event (2023 vs 2024 summit) that is confounded with outlet.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from framing.corpus.tokens import count_tokens

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
