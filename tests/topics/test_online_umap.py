import pandas as pd
import pytest

from framing.topics import fit_topics
from framing.topics.online import batch_slices


def test_batch_slices_merge_a_short_tail():
    assert batch_slices(10, 4, 3) == [slice(0, 4), slice(4, 10)]
    assert batch_slices(12, 4, 3) == [slice(0, 4), slice(4, 8), slice(8, 12)]
    assert batch_slices(3, 4, 3) == [slice(0, 3)]


def test_online_mode_fits_in_batches(seed_tables):
    documents, paragraphs = seed_tables
    result = fit_topics(documents, paragraphs, online_units=50, batch_size=30, n_boot=50)
    assert result.info["parameters"]["mode"] == "online"
    assert result.topic_assignments["topic"].ge(0).all()  # mini-batch k-means has no outliers
    assert 2 <= result.info["n_topics"] <= 10
    assert any("online mode" in note for note in result.info["notes"])


@pytest.mark.slow
def test_umap_and_hdbscan_with_outlier_reduction(seed_tables):
    documents, paragraphs = seed_tables
    sentences = paragraphs.assign(text=paragraphs["text"].str.split(r"(?<=[.!?])\s+")).explode(
        "text"
    )
    sentences["sentence_id"] = [f"{d}:s{i}" for i, d in enumerate(sentences["doc_id"], start=1)]
    sentences = pd.DataFrame(sentences[sentences["text"].str.len() > 0]).reset_index(drop=True)
    result = fit_topics(
        documents,
        sentences,
        unit="sentence",
        small_corpus_units=10,
        stability_seeds=(1,),
        n_boot=50,
    )
    params = result.info["parameters"]
    assert (params["reduction"], params["clustering"]) == ("umap", "hdbscan")
    assert 0 <= result.outlier_share <= result.info["outlier_share_before_reduction"]
    assert result.outlier_share < 0.5
    assert result.info["n_topics"] >= 1
    # the labels refitted after outlier reduction keep the configured stop words out
    assert not result.topics["top_terms"].str.contains(r"\b(?:yang|dan|di|ke)\b").any()


def test_hdbscan_that_finds_no_cluster_is_refitted_with_smaller_clusters():
    # Six tight groups of six units: HDBSCAN's default min_cluster_size=10 sees only noise.
    groups = [
        ["rudal", "balistik", "peluncuran", "uji"],
        ["persahabatan", "kunjungan", "hangat", "sambutan"],
        ["sanksi", "dewan", "keamanan", "resolusi"],
        ["amunisi", "artileri", "pengiriman", "gudang"],
        ["ekonomi", "perdagangan", "ekspor", "bank"],
        ["vaksin", "rumah", "sakit", "dokter"],
    ]
    units = pd.DataFrame(
        {
            "doc_id": f"d{g}",
            "paragraph_id": f"d{g}:p{i}",
            "text": " ".join(words[j % 4] for j in range(i, i + 6)) + f" {words[0]}",
        }
        for g, words in enumerate(groups)
        for i in range(6)
    )
    documents = pd.DataFrame({"doc_id": [f"d{g}" for g in range(6)], "outlet": list("abcabc")})
    result = fit_topics(
        documents, units, reduction="pca", small_corpus_units=10, stability_seeds=(), n_boot=20
    )
    assert result.info["parameters"]["clustering"] == "hdbscan"
    assert result.info["parameters"]["min_cluster_size"] < 10
    assert result.info["n_topics"] >= 2
    assert any("refitted with min_cluster_size" in note for note in result.info["notes"])
    # two articles per outlet: the prevalence model is fitted over drawn topic assignments
    methods = set(result.prevalence["method"])
    assert "fractional logit, method of composition over topic assignments (25 draws)" in methods


@pytest.mark.slow
def test_umap_gives_the_same_layout_every_time_even_with_copies_of_a_paragraph():
    # Sixteen copies of a paragraph are a component of the neighbour graph of their own
    # (n_neighbors=15). Its spectral layout went through ARPACK, whose restarts draw from a
    # generator it keeps between calls: the same units and seed gave another layout, and
    # other topics, at the next fit. The PCA start does not depend on earlier calls.
    from dataclasses import replace

    import numpy as np

    from framing.topics.model import build_reducer
    from framing.topics.params import adapt_parameters

    rng = np.random.default_rng(0)
    own = np.hstack([rng.normal(size=(300, 20)), np.zeros((300, 20))])
    copies = [  # three paragraphs printed 16 times each, in words the others do not use
        np.hstack([np.zeros((16, 20)), np.repeat(rng.normal(size=(1, 20)), 16, axis=0)])
        for _ in range(3)
    ]
    embeddings = np.vstack([own, *copies])
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    params = replace(adapt_parameters(len(embeddings), reduction="umap"), n_neighbors=15)
    layouts = [build_reducer(params, 40, 0).fit(embeddings).embedding_ for _ in range(3)]
    assert params.reduction == "umap"
    np.testing.assert_array_equal(layouts[0], layouts[1])
    np.testing.assert_array_equal(layouts[0], layouts[2])
