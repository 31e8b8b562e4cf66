"""The sample corpus' attributions, extracted once, and a helper for hand-written sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.attribution import find_attributions


@pytest.fixture(scope="session")
def seed_attributions(sample_corpus) -> pd.DataFrame:
    """Attributions of the sample corpus, with each row's sentence text."""
    table = find_attributions(sample_corpus.sentences, sample_corpus.documents)
    text = sample_corpus.sentences.set_index("sentence_id")["text"]
    return table.assign(text=table["sentence_id"].map(text))


def attribute(*sentences: str, language: str = "en", outlet: str = "X") -> pd.DataFrame:
    """Attributions of hand-written sentences of one document."""
    table = pd.DataFrame(
        {
            "doc_id": "d",
            "sentence_id": [f"d:s{i}" for i in range(1, len(sentences) + 1)],
            "text": list(sentences),
        }
    )
    documents = pd.DataFrame({"doc_id": ["d"], "outlet": [outlet], "language": [language]})
    return find_attributions(table, documents)
