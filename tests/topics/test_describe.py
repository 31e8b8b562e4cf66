import dataclasses

import pandas as pd
import pytest
from sklearn.cluster import MiniBatchKMeans

from framing.errors import InputError
from framing.topics import (
    TopicFitSummary,
    describe_topics,
    fit_topic_model,
    prevalence_by_outlet,
    topic_shares,
    topic_stability,
    topics_over_time,
)
from framing.topics.result import TABLE_NAMES


def test_describing_a_fit_gives_the_tables_of_fit_topics(fitted, two_step_fit):
    # a second run, in two steps, of the fit behind ``fitted``: same tables, same info
    units = two_step_fit.units.copy()
    ctfidf = two_step_fit.model.c_tf_idf_.copy()
    result = describe_topics(two_step_fit, stability_seeds=(2,), n_boot=200)  # one refit of two
    for attribute in TABLE_NAMES:
        expected = getattr(fitted, attribute)
        if attribute == "stability":
            expected = expected[expected["seed"] == 2].reset_index(drop=True)
        pd.testing.assert_frame_equal(getattr(result, attribute), expected)
    ari = fitted.stability.set_index("seed").loc[2, "ari"]
    assert result.info == {**fitted.info, "stability_mean_ari": ari}
    assert result.outlier_share == fitted.outlier_share
    assert result.fit is two_step_fit and result.model is two_step_fit.model
    # describing leaves the fit as it was
    pd.testing.assert_frame_equal(two_step_fit.units, units)
    assert (two_step_fit.model.c_tf_idf_ != ctfidf).nnz == 0


def test_each_describing_function_gives_its_table(fitted, two_step_fit):
    fit = two_step_fit
    pd.testing.assert_frame_equal(
        topic_shares(fit, "event", n_boot=200), fitted.topic_shares_by_event
    )
    pd.testing.assert_frame_equal(topics_over_time(fit, n_boot=200), fitted.topics_over_time)
    pd.testing.assert_frame_equal(prevalence_by_outlet(fit), fitted.prevalence)
    pd.testing.assert_frame_equal(fit.assignments, fitted.topic_assignments)
    # the same fit, described with other settings, without refitting
    fewer = topic_shares(fit, "period", n_boot=50, random_state=5)
    assert set(fewer["period"]) == set(fitted.topics_over_time["period"])
    assert topic_stability(fit, ()).empty


def test_summary_record_is_typed_and_frozen(fitted):
    record = fitted.summary_record
    assert isinstance(record, TopicFitSummary)
    info = fitted.info
    assert (record.n_topics, record.n_units) == (info["n_topics"], info["n_units"])
    assert (record.reduction, record.clustering) == ("pca", "kmeans")
    assert record.outlier_share_before == info["outlier_share_before_reduction"]
    assert record.outlier_share_after == fitted.outlier_share
    assert record.stability_mean_ari == pytest.approx(fitted.stability["ari"].mean())
    assert record.notes == tuple(info["notes"]) and record.supplied == ()
    assert record.sub_models["hdbscan_model"] == "SilhouetteKMeans"
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.n_topics = 0


def test_summary_record_of_a_loaded_result(fitted, tmp_path):
    from framing.topics import TopicResult

    fitted.save(tmp_path, save_model=False)
    loaded = TopicResult.load(tmp_path, load_model=False)
    assert loaded.summary_record == fitted.summary_record
    assert loaded.fit is None


def test_unknown_group_is_one_line_error(two_step_fit):
    with pytest.raises(InputError, match="by='word': unknown"):
        topic_shares(two_step_fit, "word")


def test_online_fit_keeps_a_supplied_partial_fit_model_and_has_no_stability(
    seed_tables, embedding_cache
):
    kmeans = MiniBatchKMeans(4, random_state=0, n_init=3)
    fit = fit_topic_model(
        *seed_tables,
        hdbscan_model=kmeans,
        online_units=50,
        batch_size=30,
        distribution=False,
        cache_dir=embedding_cache,
    )
    assert fit.model.hdbscan_model is kmeans and fit.parameters["mode"] == "online"
    assert fit.parameters["clustering"] == "MiniBatchKMeans" and fit.n_topics <= 4
    assert topic_stability(fit, (1, 2)).empty
    result = describe_topics(fit, stability_seeds=(1,), n_boot=20)
    assert "stability across seeds not computed in online mode" in result.info["notes"]
