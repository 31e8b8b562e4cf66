import numpy as np

from framing.topics.clustering import SilhouetteKMeans


def _silhouette(X, labels):
    """Rousseeuw's (1987) mean silhouette, computed directly from pairwise distances."""
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(-1))
    values = []
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() == 1:
            values.append(0.0)
            continue
        a = D[i, own].sum() / (own.sum() - 1)
        b = min(D[i, labels == c].mean() for c in set(labels) if c != labels[i])
        values.append((b - a) / max(a, b))
    return float(np.mean(values))


def test_picks_the_k_with_the_best_silhouette():
    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [6, 0], [0, 6]])
    X = np.vstack([c + rng.normal(scale=0.5, size=(15, 2)) for c in centres])
    model = SilhouetteKMeans(k_range=(2, 3, 4, 5), random_state=0).fit(X)
    assert model.n_clusters_ == 3
    for k, score in model.silhouettes_.items():
        labels = SilhouetteKMeans(k_range=(k,), random_state=0).fit(X).labels_
        assert abs(score - _silhouette(X, labels)) < 1e-9
    assert (model.predict(X) == model.labels_).all()


def test_empty_range_gives_one_cluster():
    X = np.arange(6, dtype=float).reshape(3, 2)
    model = SilhouetteKMeans(k_range=(), random_state=0).fit(X)
    assert model.n_clusters_ == 1 and set(model.labels_) == {0}
