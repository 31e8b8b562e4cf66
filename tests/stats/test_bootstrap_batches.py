"""The cluster bootstrap draws the same replicates whether or not they come in batches."""

import numpy as np

import framing.stats.bootstrap as bootstrap


def test_batched_replicates_equal_one_draw(monkeypatch):
    strata = np.repeat([0, 1, 2], [50, 7, 1])
    values = np.random.default_rng(1).poisson(3, size=(58, 2)).astype(float)
    whole = bootstrap.cluster_bootstrap_sums(strata, values, 99, 7)
    monkeypatch.setattr(bootstrap, "BOOTSTRAP_CELLS", 120)  # two or three replicates a batch
    np.testing.assert_array_equal(bootstrap.cluster_bootstrap_sums(strata, values, 99, 7), whole)
    expected = np.random.default_rng(7).multinomial(50, np.full(50, 1 / 50), 99) @ values[:50]
    np.testing.assert_array_equal(whole[:, 0, :], expected)  # stratum 0 drawn first
