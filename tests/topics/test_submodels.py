import numpy as np
import pytest
from bertopic.representation import MaximalMarginalRelevance
from hdbscan import HDBSCAN
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import make_pipeline

from framing.corpus.stopwords import stop_words
from framing.corpus.tokens import TOKEN_PATTERN
from framing.errors import ConfigError
from framing.topics import fit_topic_model, fit_topics
from framing.topics.submodels import check_sub_model, copy_for_seed
from framing.topics.terms import topics_table
from tests.topics.conftest import SEED_TOPICS


class HashEncoder:
    """An embedding model of the ``encode(texts)`` kind: hashed bags of words."""

    def __init__(self):
        self.calls = []

    def encode(self, texts):
        import zlib

        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), 32))
        for i, text in enumerate(texts):
            for word in str(text).lower().split():
                vectors[i, zlib.crc32(word.encode()) % 32] += 1.0
        return vectors


def test_swapped_reduction_and_clustering_are_used_and_recorded(seed_tables, embedding_cache):
    pca, kmeans = PCA(4), KMeans(3, n_init=10, random_state=0)
    # below small_corpus_units=10 the size-adaptive choice would be UMAP + HDBSCAN
    result = fit_topics(
        *seed_tables,
        umap_model=pca,
        hdbscan_model=kmeans,
        small_corpus_units=10,
        stability_seeds=(1,),
        n_boot=20,
        cache_dir=embedding_cache,
    )
    assert result.model.umap_model is pca and result.model.hdbscan_model is kmeans
    assert result.info["n_topics"] == 3
    params = result.info["parameters"]
    assert (params["reduction"], params["clustering"]) == ("PCA", "KMeans")
    assert params["n_neighbors"] is None and params["min_cluster_size"] is None
    record = result.summary_record
    assert (record.reduction, record.clustering) == ("PCA", "KMeans")
    assert record.supplied == ("umap_model", "hdbscan_model")
    assert record.sub_models["vectorizer_model"] == "CountVectorizer"  # the default
    assert "supplied sub-models: umap_model=PCA, hdbscan_model=KMeans" in result.summary()
    # the stability refit used a seeded copy: the reported model's parts are untouched
    assert kmeans.random_state == 0 and len(result.stability) == 1
    clusters = kmeans.predict(pca.transform(result.fit.embeddings))
    assert adjusted_rand_score(clusters, result.topic_assignments["topic"]) == 1.0


def test_supplied_hdbscan_is_never_refitted_smaller(seed_tables, embedding_cache):
    fit = fit_topic_model(
        *seed_tables,
        umap_model=PCA(2),
        hdbscan_model=HDBSCAN(min_cluster_size=60),
        cache_dir=embedding_cache,
    )
    assert fit.model.hdbscan_model.min_cluster_size == 60
    assert fit.n_topics == 0 and fit.parameters["clustering"] == "HDBSCAN"
    assert not any("refitted" in note for note in fit.notes)
    assert any("no topic found" in note for note in fit.notes)


def test_swapped_embedding_models(seed_tables, tmp_path):
    texts = seed_tables[1]["text"].tolist()
    encoder = HashEncoder()
    fit = fit_topic_model(
        *seed_tables,
        embedding_model=encoder,
        hdbscan_model=KMeans(3, n_init=3, random_state=0),
        seed_topics=SEED_TOPICS,
        cache_dir=tmp_path,
    )
    assert encoder.calls[0] == texts and fit.embeddings.shape == (len(texts), 32)
    assert any(len(call) < len(texts) for call in encoder.calls[1:])  # seed words, embedded too
    assert fit.embedding_spec == fit.sub_models["embedding_model"] == "HashEncoder"
    assert fit.supplied == ("embedding_model", "hdbscan_model") and not list(tmp_path.iterdir())
    assert any("not cached" in note for note in fit.notes)
    pipeline = make_pipeline(TfidfVectorizer(), TruncatedSVD(8, random_state=0))
    fit = fit_topic_model(
        *seed_tables,
        embedding_model=pipeline,
        hdbscan_model=KMeans(3, n_init=3, random_state=0),
        distribution=False,
    )
    assert fit.embeddings.shape == (len(texts), 8)  # the unfitted pipeline was fitted on them
    assert pipeline.named_steps["tfidfvectorizer"].vocabulary_
    assert fit.info["embedding_model"] == "Pipeline" and fit.n_topics == 3


def test_swapped_vectorizer_and_representation(seed_tables, embedding_cache):
    vectorizer = CountVectorizer(token_pattern=TOKEN_PATTERN, stop_words=stop_words(["id"]))
    fit = fit_topic_model(
        *seed_tables,
        hdbscan_model=KMeans(3, n_init=3, random_state=0),
        vectorizer_model=vectorizer,
        representation_model=MaximalMarginalRelevance(diversity=0.5, top_n_words=4),
        distribution=False,
        cache_dir=embedding_cache,
    )
    assert fit.model.vectorizer_model is vectorizer
    terms = topics_table(fit.model, fit.topics)["top_terms"].str.split(", ")
    assert terms.map(len).max() <= 4  # fine-tuned by maximal marginal relevance
    assert not any(" " in term for term in terms.explode())  # unigrams only, as configured
    assert fit.sub_models["representation_model"] == "MaximalMarginalRelevance"
    supplied = ["hdbscan_model", "vectorizer_model", "representation_model"]
    assert fit.info["sub_models_supplied"] == supplied
    assert fit.recipe.for_seed(1).representation_model is None  # refits compare assignments


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"umap_model": "pca"}, r"umap_model 'pca': a string, not a model; .* reduction='umap'"),
        ({"umap_model": 5}, r"umap_model 5: lacks fit, transform; pass an object"),
        ({"hdbscan_model": KMeans}, r"hdbscan_model KMeans: a class, not a model"),
        ({"vectorizer_model": TfidfTransformer()}, r"vectorizer_model TfidfTransformer: lacks"),
        ({"representation_model": PCA()}, "not a BERTopic representation model"),
        ({"embedding_model": 42}, "embedding_model 42: has no embed, encode or transform"),
        ({"umap_model": PCA(2), "reduction": "pca"}, "give one of them"),
        ({"hdbscan_model": KMeans(2), "online_units": 50}, r"online mode .* partial_fit"),
    ],
)
def test_wrong_sub_models_are_one_line_config_errors(seed_tables, options, match):
    with pytest.raises(ConfigError, match=match) as info:
        fit_topics(*seed_tables, **options)
    assert "\n" not in str(info.value)


def test_checks_and_seeded_copies():
    check_sub_model("representation_model", {"Main": MaximalMarginalRelevance()})
    with pytest.raises(ConfigError, match="unknown"):
        check_sub_model("ctfidf_model", None)
    fitted = KMeans(2, random_state=0).fit(np.arange(8.0).reshape(4, 2))
    fresh = copy_for_seed(fitted, 7)
    assert fresh.random_state == 7 and not hasattr(fresh, "labels_")
    encoder = HashEncoder()
    assert copy_for_seed(encoder, 7) is not encoder  # deep-copied, no random_state to set
    assert copy_for_seed(PCA(3), 7).get_params()["random_state"] == 7
