import pytest

from framing.errors import InputError
from framing.topics.params import adapt_parameters


@pytest.mark.parametrize(
    ("n", "mode", "clustering", "reduction"),
    [
        (60, "batch", "kmeans", "pca"),
        (5_000, "batch", "hdbscan", "umap"),
        (60_000, "online", "minibatch_kmeans", "incremental_pca"),
    ],
)
def test_regimes_follow_size(n, mode, clustering, reduction):
    params = adapt_parameters(n)
    assert (params.mode, params.clustering, params.reduction) == (mode, clustering, reduction)


def test_rules_on_small_and_large_corpora():
    small = adapt_parameters(5)
    assert small.n_components == 3 and small.n_neighbors == 2 and small.k_range == ()
    assert adapt_parameters(60).k_range == tuple(range(2, 9))
    assert adapt_parameters(60).n_neighbors == 7
    large = adapt_parameters(100_000)
    assert large.n_neighbors == 15 and large.min_cluster_size == 100 and large.n_clusters == 79
    assert adapt_parameters(60, reduction="umap").reduction == "umap"


def test_too_few_units_and_bad_reduction():
    with pytest.raises(InputError, match="3 unit"):
        adapt_parameters(3)
    with pytest.raises(InputError, match="reduction 'tsne'"):
        adapt_parameters(100, reduction="tsne")
