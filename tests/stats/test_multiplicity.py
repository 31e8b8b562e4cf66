"""Holm and Benjamini-Hochberg adjustments against statsmodels' ``multipletests``."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from framing.errors import ConfigError
from framing.stats.multiplicity import adjust_pvalues


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
@pytest.mark.parametrize("seed", range(5))
def test_matches_statsmodels(method, seed):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(size=30), rng.uniform(0, 0.01, size=5), [0.0, 1.0, 0.02, 0.02]])
    np.testing.assert_allclose(adjust_pvalues(p, method), multipletests(p, method=method)[1])


def test_nan_stays_nan_and_bad_method_is_a_config_error():
    out = adjust_pvalues(np.array([0.01, np.nan, 0.04]), "holm")
    assert np.isnan(out[1]) and out[0] == pytest.approx(0.02) and out[2] == pytest.approx(0.04)
    assert adjust_pvalues(np.array([]), "fdr_bh").size == 0
    with pytest.raises(ConfigError, match="bonferroni"):
        adjust_pvalues(np.array([0.1]), "bonferroni")
