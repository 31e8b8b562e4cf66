"""``framing lexicon suggest``: terms typical of a frame's sentences, with what they would add."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.cli import main
from framing.frames import load_lexicon
from framing.frames.suggest import suggest_terms

FRAMED = [
    "Kim memuji persahabatan dan kemesraan kedua negara.",
    "Putin menyebut persahabatan itu penuh kemesraan.",
    "Persahabatan Rusia dan Korea Utara kian erat, penuh kemesraan.",
    "Kedua pemimpin merayakan persahabatan dengan kemesraan.",
]
OTHER = [
    "Kemesraan kedua pemimpin terlihat di bandara.",
    "Media Barat menyorot pertemuan itu.",
    "Moskow dan Pyongyang menandatangani dokumen.",
    "Cuaca di Pyongyang cerah pada hari Rabu.",
    "Kereta tiba di stasiun pada pagi hari.",
    "Delegasi makan siang di hotel pada hari Rabu.",
]


def _sentences():
    texts = FRAMED + OTHER
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "sentence_id": [f"d{i}:s1" for i in range(len(texts))],
            "start": 0,
            "text": texts,
            "language": "id",
        }
    )


def test_a_word_that_goes_with_the_frame_is_proposed_with_what_it_adds():
    table = suggest_terms(_sentences(), load_lexicon(), "friendship", min_count=2)
    row = table.set_index("term").loc["kemesraan"]
    assert (row["in_frame"], row["elsewhere"], row["new_sentences"]) == (4, 1, 1)
    assert row["examples"].split(" | ")[0] == OTHER[0]  # a sentence the frame lacks yet
    # z is the weighted log-odds of Monroe et al. (2008) with the prior the module documents
    assert row["z"] > 0 and "persahabatan" not in set(table["term"])  # known terms are not
    assert not any(t.isdigit() for t in table["term"])


def test_z_matches_a_hand_computation():
    table = suggest_terms(_sentences(), load_lexicon(), "friendship", min_count=2)
    row = table.set_index("term").loc["kemesraan"]
    # counts of the terms kept (in >= 2 sentences), framed vs other: recomputed by hand
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.corpus.stopwords import stop_words
    from framing.corpus.tokens import TERM_PATTERN

    vec = CountVectorizer(token_pattern=TERM_PATTERN, ngram_range=(1, 2), min_df=2,
                          stop_words=sorted(stop_words(["id"])), binary=True)  # fmt: skip
    x = vec.fit_transform(FRAMED + OTHER).toarray()
    a, b = x[: len(FRAMED)].sum(0), x[len(FRAMED) :].sum(0)
    total = a + b
    prior = total / total.sum() * (total.sum() / len(x))
    i = list(vec.get_feature_names_out()).index("kemesraan")
    alpha0 = prior.sum()
    delta = np.log((a[i] + prior[i]) / (a.sum() + alpha0 - a[i] - prior[i])) - np.log(
        (b[i] + prior[i]) / (b.sum() + alpha0 - b[i] - prior[i])
    )
    z = delta / np.sqrt(1 / (a[i] + prior[i]) + 1 / (b[i] + prior[i]))
    assert row["z"] == pytest.approx(z) and row["log_odds"] == pytest.approx(delta)


def test_unknown_frame_is_a_clear_error():
    with pytest.raises(Exception, match="not in the lexicon"):
        suggest_terms(_sentences(), load_lexicon(), "nope")


def test_the_command_writes_the_table(tmp_path, capsys):
    corpus = tmp_path / "corpus.jsonl"
    import json

    rows = [
        {"doc_id": f"d{i}", "outlet": "X", "language": "id", "date": "2024-06-19", "text": t}
        for i, t in enumerate(FRAMED + OTHER)
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "suggested.csv"
    code = main(["lexicon", "suggest", str(corpus), "--frame", "friendship", "--min-count", "2",
                 "--out", str(out)])  # fmt: skip
    assert code == 0 and "kemesraan" in set(pd.read_csv(out)["term"])
    assert "kemesraan" in capsys.readouterr().out
