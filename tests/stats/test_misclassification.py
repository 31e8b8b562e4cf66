"""Shares corrected for lexicon error, against hand computations and simulated lexicons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.errors import ConfigError, InputError
from framing.stats.misclassification import corrected_shares, rogan_gladen

SE, SP = 0.7, 0.95


def test_rogan_gladen_by_hand():
    # Se = 0.8, Sp = 0.9, observed 0.25: (0.25 + 0.9 - 1) / (0.8 + 0.9 - 1) = 0.15 / 0.7.
    assert float(rogan_gladen(0.25, 0.8, 0.9)) == pytest.approx(0.15 / 0.7)
    # The observed share of a true 0.3 under Se = 0.7, Sp = 0.95 is 0.3*0.7 + 0.7*0.05 = 0.245.
    assert float(rogan_gladen(0.245, SE, SP)) == pytest.approx(0.3)
    ours = rogan_gladen(np.array([0.02, 0.99]), SE, SP)  # below 1 - Sp, above Se
    np.testing.assert_array_equal(ours, [0.0, 1.0])


@pytest.mark.parametrize(("se", "sp"), [(0.5, 0.5), (0.3, 0.6), (0.2, 0.1)])
def test_rogan_gladen_is_nan_when_no_better_than_chance(se, sp):
    assert np.isnan(rogan_gladen(0.3, se, sp))


def _articles(rng, true_share, n_articles=400, size=15, rho=0.05):
    """Sentences in articles with intra-article correlation; true codes and lexicon codes."""
    concentration = (1 - rho) / rho
    article_share = rng.beta(
        true_share * concentration, (1 - true_share) * concentration, n_articles
    )
    sentences = rng.integers(size // 2, 2 * size, n_articles)
    truth = rng.random(sentences.sum()) < np.repeat(article_share, sentences)
    flagged = np.where(truth, rng.random(truth.size) < SE, rng.random(truth.size) > SP)
    return np.repeat(np.arange(n_articles), sentences), truth, flagged


def _n_effective(article, flagged):
    """n / Kish design effect, from the ratio-estimator variance over articles."""
    y = np.bincount(article, weights=flagged)
    x = np.bincount(article).astype(float)
    m, n = x.size, x.sum()
    r = y.sum() / n
    var_ratio = m / (m - 1) * np.sum((y - r * x) ** 2) / n**2
    deff = var_ratio / (r * (1 - r) / n)
    return n / deff


def _simulated(rng, true_shares, n_coded=600):
    """One shares row and one validation row per true share (frame f0, f1, ...)."""
    shares, validation = [], []
    for i, true_share in enumerate(true_shares):
        article, truth, flagged = _articles(rng, true_share)
        shares.append(
            {
                "outlet": "A",
                "frame": f"f{i}",
                "sentences": flagged.size,
                "share": flagged.mean(),
                "n_effective": _n_effective(article, flagged),
            }
        )
        coded = rng.choice(flagged.size, n_coded, replace=False)
        t, f = truth[coded], flagged[coded]
        validation.append(
            {
                "frame": f"f{i}",
                "tp": int(np.sum(t & f)),
                "fp": int(np.sum(~t & f)),
                "fn": int(np.sum(t & ~f)),
                "tn": int(np.sum(~t & ~f)),
            }
        )
    return pd.DataFrame(shares), pd.DataFrame(validation)


@pytest.mark.parametrize(("true_share", "tolerance"), [(0.30, 0.06), (0.10, 0.04)])
def test_recovers_true_share_of_a_simulated_lexicon(true_share, tolerance):
    rng = np.random.default_rng(11)
    shares, validation = _simulated(rng, [true_share])
    out = corrected_shares(shares, validation).iloc[0]
    assert out["corrected_share"] == pytest.approx(true_share, abs=tolerance)
    raw_error = abs(shares["share"].iloc[0] - true_share)  # the raw share is biased
    assert abs(out["corrected_share"] - true_share) < raw_error
    assert out["ci_low"] <= true_share <= out["ci_high"]
    assert out["sensitivity"] == pytest.approx(SE, abs=0.1)
    assert out["specificity"] == pytest.approx(SP, abs=0.03)
    assert out["n_coded"] == 600


def test_interval_covers_the_true_share_in_repeated_studies():
    # 200 independent studies at once, one per frame: coverage of the 95% interval near 95%.
    rng = np.random.default_rng(5)
    true_shares = np.tile([0.30, 0.10], 100)
    shares, validation = _simulated(rng, true_shares)
    out = corrected_shares(shares, validation, n_bootstrap=499)
    covered = (out["ci_low"] <= true_shares) & (true_shares <= out["ci_high"])
    assert covered.mean() >= 0.9
    assert abs(out["corrected_share"].mean() - true_shares.mean()) < 0.02


def _table():
    shares = pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "event": ["2023", "2023", "2024", pd.NA],
            "frame": ["conflict", "economy", "conflict", "economy"],
            "sentences": [800, 800, 500, 500],
            "sentences_with_frame": [196, 40, 60, 30],
            "share": [0.245, 0.05, 0.12, 0.06],
            "ci_low": [0.2, 0.03, 0.1, 0.04],
            "ci_high": [0.3, 0.07, 0.15, 0.08],
            "n_effective": [300.0, 250.0, np.nan, 200.0],
        }
    )
    validation = pd.DataFrame(
        {
            "frame": ["conflict", "(all)"],
            "precision": [0.86, 0.8],
            "tp": [126, 200],
            "fp": [21, 40],
            "fn": [54, 60],
            "tn": [399, 900],
        }
    )
    return shares, validation


def test_output_columns_ids_and_missing_validation_left_out():
    shares, validation = _table()
    out = corrected_shares(shares, validation, n_bootstrap=199)
    assert list(out.columns) == [
        "outlet",
        "event",
        "frame",
        "share",
        "corrected_share",
        "ci_low",
        "ci_high",
        "sensitivity",
        "specificity",
        "n_coded",
        "method",
        "caveat",
    ]
    assert list(out["frame"]) == ["conflict", "conflict"]  # economy has no validation row
    assert list(out["outlet"]) == ["A", "B"]
    assert out["corrected_share"].iloc[0] == pytest.approx(0.3)
    assert out["sensitivity"].iloc[0] == pytest.approx(126 / 180)
    assert out["specificity"].iloc[0] == pytest.approx(399 / 420)
    assert (out["n_coded"] == 600).all()
    assert out["caveat"].iloc[0] == ""
    assert "n_effective missing" in out["caveat"].iloc[1]
    assert (out["ci_low"] <= out["corrected_share"]).all()
    assert (out["corrected_share"] <= out["ci_high"]).all()


def test_smaller_effective_size_widens_the_interval():
    shares, validation = _table()
    shares = shares.iloc[[0, 0]].reset_index(drop=True)
    shares["n_effective"] = [2000.0, 100.0]
    out = corrected_shares(shares, validation)
    width = out["ci_high"] - out["ci_low"]
    assert width.iloc[1] > 1.5 * width.iloc[0]


def test_same_seed_same_output_and_seed_matters():
    shares, validation = _table()
    first = corrected_shares(shares, validation, random_state=3)
    pd.testing.assert_frame_equal(first, corrected_shares(shares, validation, random_state=3))
    other = corrected_shares(shares, validation, random_state=4)
    assert not np.allclose(first["ci_low"], other["ci_low"])
    np.testing.assert_allclose(first["corrected_share"], other["corrected_share"])


def test_lexicon_no_better_than_chance_gives_nan():
    shares, _ = _table()
    validation = pd.DataFrame(
        {"frame": ["conflict"], "tp": [40], "fp": [300], "fn": [60], "tn": [200]}
    )
    out = corrected_shares(shares, validation, n_bootstrap=99)  # Se = 0.4, Sp = 0.4
    assert out["corrected_share"].isna().all()
    assert out["ci_low"].isna().all() and out["ci_high"].isna().all()
    assert out["caveat"].str.contains("no better than chance").all()


def test_small_validation_sample_and_unstable_bootstrap():
    shares, _ = _table()
    validation = pd.DataFrame({"frame": ["conflict"], "tp": [4], "fp": [2], "fn": [3], "tn": [5]})
    out = corrected_shares(shares, validation, n_bootstrap=499).iloc[0]
    assert "validation sample small" in out["caveat"]
    assert np.isfinite(out["corrected_share"])  # Se + Sp = 4/7 + 5/7 > 1
    assert np.isnan(out["ci_low"]) and np.isnan(out["ci_high"])
    assert "bootstrap replicates: interval not reported" in out["caveat"]


def test_clipping_is_reported():
    shares, validation = _table()
    shares.loc[0, "share"] = 0.02  # below 1 - Sp = 0.05
    out = corrected_shares(shares, validation, n_bootstrap=99).iloc[0]
    assert out["corrected_share"] == 0.0
    assert "clipped at 0" in out["caveat"]


def test_bad_input():
    shares, validation = _table()
    with pytest.raises(InputError):
        corrected_shares(shares.drop(columns="share"), validation)
    with pytest.raises(InputError):
        corrected_shares(shares, validation.drop(columns="tn"))
    with pytest.raises(InputError):
        corrected_shares(shares, validation.assign(fp=[-1, 0]))
    with pytest.raises(ConfigError):
        corrected_shares(shares, validation, alpha=1.5)
    with pytest.raises(ConfigError):
        corrected_shares(shares, validation, n_bootstrap=0)
