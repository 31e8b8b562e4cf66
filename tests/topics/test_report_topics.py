import re

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.text import Text

from framing.config import StudyConfig
from framing.report.render import environment
from framing.report.sections import topics as section
from framing.viz.topics import topic_share_intervals

TOPICS = pd.DataFrame({"topic": [0, 1], "label": ["rudal", "sanksi"], "top_terms": ["a", "b"]})
SHARES = pd.DataFrame(
    {
        "outlet": ["A", "A", "B", "B"],
        "topic": [0, 1, 0, 1],
        "share": [0.25, 0.75, 0.5, 0.5],
        "ci_low": [0.1, 0.6, np.nan, np.nan],
        "ci_high": [0.4, 0.9, np.nan, np.nan],
        "n_docs": [3, 3, 1, 1],
        "method": "assignment",
        "resampled": "articles",
        # an empty caveat reads back from a file as missing
        "caveat": ["", np.nan] + ["not testable (1 article): no between-article interval"] * 2,
    }
)


class FakeRun:
    def __init__(self, tables, topic_summary=None):
        self.tables = tables
        self.topic_summary = topic_summary or {}
        self.study = StudyConfig()

    def table(self, name):
        return self.tables.get(name)

    def figure(self, name):
        return None


def _render(tables) -> str:
    run = FakeRun(tables)
    context = section.build(run)
    template = environment().get_template("sections/topics.html.j2")
    return template.render(run=run, **context)


def test_share_caveats_are_never_empty_and_intervals_say_articles():
    html = _render({"topics": TOPICS, "topic_shares": SHARES})
    caveats = re.findall(r'<p class="caveat">(.*?)</p>', html, re.S)
    assert caveats == ["not testable (1 article): no between-article interval (B)"]
    assert "resampling articles within the outlet" in html
    assert "<td>25.0% (10.0%–40.0%)</td>" in html and "<td>50.0%</td>" in html


def test_prevalence_table_and_not_fitted_notes():
    fitted = pd.DataFrame(
        {
            "topic": [0, 0],
            "term": ["Intercept", "outlet[T.B]"],
            "ratio": [0.5, 2.0],
            "ratio_ci_low": [0.3, 1.1],
            "ratio_ci_high": [0.8, 3.5],
            "p_adj": [np.nan, 0.02],
            "n": [12, 12],
            "method": "fractional logit, method of composition over topic assignments (25 draws)",
            "caveat": ["left out of the model, not testable (1 article): C"] * 2,
        }
    )
    html = _render({"topics": TOPICS, "topic_prevalence": fitted})
    assert "Method: fractional logit, method of composition" in html
    assert '<ol class="row-notes"><li>left out of the model' in html
    unfitted = fitted.assign(method="not fitted", caveat="not fitted: 1 outlet with at least 2")
    html = _render({"topics": TOPICS, "topic_prevalence": unfitted})
    assert "prevalence by outlet: not fitted" in html and "<th" not in html.split("not fitted")[1]


def test_share_chart_draws_outlets_without_interval():
    fig = topic_share_intervals(SHARES, TOPICS)
    label = " ".join(t.get_text() for t in fig.findobj(Text))  # the panels' common x label
    assert "resampling articles within the outlet" in label and "one article" in label
    plt.close(fig)


def test_the_report_says_how_each_languages_model_was_fitted():
    summary = {
        "topic_space": "per_language",
        "languages": {
            "en": {"units": 120_000, "topics": 40, "modelled": True},
            "id": {"units": 9_000, "topics": 12, "modelled": True},
        },
        "parameters_by_language": {
            "en": {"mode": "online", "batch_size": 5000, "reduction": "incremental_pca",
                   "clustering": "minibatch_kmeans"},
            "id": {"mode": "batch", "batch_size": 5000, "reduction": "umap",
                   "clustering": "hdbscan"},
        },
    }  # fmt: skip
    run = FakeRun({"topics": TOPICS, "topic_shares": SHARES}, summary)
    context = section.build(run)
    html = environment().get_template("sections/topics.html.j2").render(run=run, **context)
    assert "en online, in batches of 5,000 paragraphs (incremental_pca + minibatch_kmeans)" in html
    assert "id in one pass (umap + hdbscan)" in html
    assert "every paragraph then assigned to a topic by the final model" in html
    summary["parameters_by_language"]["en"]["mode"] = "batch"
    assert "assigned" not in section.topic_fitting(summary, "paragraph")  # no online model
    assert section.topic_fitting({}, "paragraph") == ""
