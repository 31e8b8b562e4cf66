"""Frame models against statsmodels fitted directly, and the flagged failure cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from framing.stats.regression import frame_models, model_matrix


def _designs(doc_rates, outlets, events, sentences=15, tokens=300, seed=0, frame="f"):
    """Sentence and document designs of documents with given frame rates."""
    rng = np.random.default_rng(seed)
    sent_rows, doc_rows = [], []
    for i, (rate, outlet, event) in enumerate(zip(doc_rates, outlets, events, strict=True)):
        present = (rng.random(sentences) < rate).astype(int)
        doc = f"d{i:02d}"
        for j, value in enumerate(present, start=1):
            sent_rows.append((f"{doc}:s{j}", doc, outlet, event, frame, value, value))
        doc_rows.append(
            (doc, outlet, event, frame, int(present.sum()), sentences, int(present.sum()),
             int(present.any()), tokens)
        )  # fmt: skip
    sent = pd.DataFrame(
        sent_rows, columns=["sentence_id", "doc_id", "outlet", "event", "frame", "present", "hits"]
    )
    docs = pd.DataFrame(
        doc_rows,
        columns=["doc_id", "outlet", "event", "frame", "hits", "sentences",
                 "sentences_with_frame", "present", "n_tokens"],
    )  # fmt: skip
    return sent, docs


def _clustered(seed=0):
    rng = np.random.default_rng(seed)
    rates = np.clip(rng.beta(1, 2, 16) + np.repeat([0.0, 0.15], 8), 0.05, 0.95)
    outlets = ["A"] * 8 + ["B"] * 8
    events = ["e1", "e2"] * 8
    return _designs(rates, outlets, events, seed=seed)


def test_logit_matches_statsmodels_with_document_clusters():
    sent, docs = _clustered()
    models = frame_models(sent, docs, reference="A")
    logit = models.loc[models["model"] == "logit"].set_index("term")
    X = pd.DataFrame(
        {"Intercept": 1.0, "outlet[B]": (sent["outlet"] == "B") * 1.0,
         "event[e2]": (sent["event"] == "e2") * 1.0}
    )  # fmt: skip
    groups = pd.factorize(sent["doc_id"])[0]
    glm = sm.GLM(sent["present"], X, family=sm.families.Binomial())
    clustered = glm.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    naive = glm.fit()
    for term in ("outlet[B]", "event[e2]"):
        assert logit.loc[term, "estimate"] == pytest.approx(clustered.params[term])
        assert logit.loc[term, "se"] == pytest.approx(clustered.bse[term])
        assert logit.loc[term, "p"] == pytest.approx(clustered.pvalues[term])
        assert logit.loc[term, "ratio"] == pytest.approx(np.exp(clustered.params[term]))
    # documents vary a lot in frame use, so cluster-robust errors differ from naive ones
    assert abs(logit.loc["outlet[B]", "se"] - naive.bse["outlet[B]"]) > 0.1 * naive.bse["outlet[B]"]
    assert logit["method"].str.contains("cluster-robust").all()
    assert logit["caveat"].str.contains("only 16 documents").all()


def test_count_model_matches_statsmodels_poisson_with_offset():
    sent, docs = _designs([0.2, 0.3, 0.25, 0.4, 0.5, 0.45], list("AAABBB"), ["e"] * 6, seed=2)
    docs["n_tokens"] = [200, 300, 250, 400, 350, 300]
    models = frame_models(sent, docs, reference="A")
    count = models.loc[models["model"] == "count"].set_index("term")
    X = sm.add_constant((docs["outlet"] == "B").astype(float).rename("outlet[B]"))
    direct = sm.GLM(
        docs["hits"], X, family=sm.families.Poisson(), offset=np.log(docs["n_tokens"])
    ).fit()
    assert count.loc["outlet[B]", "estimate"] == pytest.approx(direct.params["outlet[B]"])
    assert count.loc["outlet[B]", "se"] == pytest.approx(direct.bse["outlet[B]"])
    assert count.loc["outlet[B]", "ratio_ci_low"] == pytest.approx(
        np.exp(direct.conf_int().loc["outlet[B]", 0])
    )


def test_overdispersed_counts_switch_to_negative_binomial():
    rng = np.random.default_rng(5)
    hits = rng.negative_binomial(1, 0.05, 40)
    docs = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(40)], "outlet": ["A", "B"] * 20, "event": "e",
         "frame": "f", "hits": hits, "sentences": 10, "sentences_with_frame": 1, "present": 1,
         "n_tokens": 500}
    )  # fmt: skip
    sent = pd.DataFrame(
        {"sentence_id": docs["doc_id"] + ":s1", "doc_id": docs["doc_id"],
         "outlet": docs["outlet"], "event": "e", "frame": "f", "present": [0, 1] * 20, "hits": 0}
    )  # fmt: skip
    count = frame_models(sent, docs, reference="A").query("model == 'count'")
    assert count["method"].str.startswith("negative binomial").all()
    assert count["caveat"].str.contains("dispersion").all()


def test_separation_is_flagged_and_fitted_with_firth():
    sent, docs = _designs([0.0, 0.0, 0.0, 0.5, 0.6, 0.4], list("AAABBB"), ["e"] * 6)
    models = frame_models(sent, docs, reference="B")
    logit = models.loc[models["model"] == "logit"]
    assert logit["method"].str.startswith("Firth").all()
    assert logit["caveat"].str.contains("separation").all()
    assert np.isfinite(logit[["estimate", "se", "ci_low", "ci_high", "p"]].to_numpy()).all()
    count = models.loc[models["model"] == "count"]
    assert count["method"].str.startswith("Firth penalised Poisson").all()


def test_single_outlet_and_absent_frame_give_flagged_rows():
    sent, docs = _designs([0.3, 0.4], ["A", "A"], ["e", "e"])
    models = frame_models(sent, docs, reference="A")
    assert (models["method"] == "not fitted").all()
    assert models["caveat"].str.contains("only one outlet").all()
    sent, docs = _designs([0.0, 0.0], ["A", "B"], ["e", "e"])
    models = frame_models(sent, docs, reference="A")
    assert models["caveat"].str.contains("occurs in no").all()


def test_confounded_event_is_dropped_and_reference_is_respected():
    sent, docs = _designs([0.3, 0.5, 0.2], ["A", "B", "C"], ["e1", "e1", "e2"], sentences=30)
    X, notes = model_matrix(sent, reference="C")
    assert list(X.columns) == ["Intercept", "outlet[A]", "outlet[B]"]
    assert notes and "confounded" in notes[0]
    models = frame_models(sent, docs, reference="C")
    logit = models.loc[models["model"] == "logit"]
    assert set(logit["term"]) == {"outlet[A]", "outlet[B]"}
    assert logit["caveat"].str.contains("confounded").all()
    assert logit["caveat"].str.contains("single document").all()  # naive SEs, flagged
    assert logit["method"].str.contains("model-based").all()


def test_p_values_bounded_and_adjusted_monotone():
    sent, docs = _clustered(seed=4)
    models = frame_models(sent, docs, reference="A", correction="fdr_bh")
    fitted = models.dropna(subset=["p"])
    assert fitted["p"].between(0, 1).all() and fitted["p_adj"].between(0, 1).all()
    assert (fitted["p_adj"] >= fitted["p"] - 1e-12).all()
    for _, family in fitted.groupby("model"):
        ordered = family.sort_values("p")
        assert ordered["p_adj"].is_monotonic_increasing


def test_negative_binomial_matches_statsmodels_fitted_directly():
    rng = np.random.default_rng(5)
    outlet = np.array(["A", "B"] * 20)
    tokens = rng.integers(300, 700, 40)
    hits = rng.negative_binomial(1, np.where(outlet == "A", 0.05, 0.02))
    docs = pd.DataFrame(
        {"doc_id": [f"d{i}" for i in range(40)], "outlet": outlet, "event": "e", "frame": "f",
         "hits": hits, "sentences": 10, "sentences_with_frame": 1, "present": 1,
         "n_tokens": tokens}
    )  # fmt: skip
    sent = pd.DataFrame(
        {"sentence_id": docs["doc_id"] + ":s1", "doc_id": docs["doc_id"], "outlet": outlet,
         "event": "e", "frame": "f", "present": [0, 1] * 20, "hits": 0}
    )  # fmt: skip
    count = frame_models(sent, docs, reference="A").query("model == 'count'").set_index("term")
    X = sm.add_constant((outlet == "B").astype(float))
    direct = sm.NegativeBinomial(hits, X, offset=np.log(tokens), loglike_method="nb2").fit(disp=0)
    assert count.loc["outlet[B]", "method"].startswith("negative binomial")
    assert count.loc["outlet[B]", "estimate"] == pytest.approx(direct.params[1], rel=1e-5)
    assert count.loc["outlet[B]", "se"] == pytest.approx(direct.bse[1], rel=1e-4)
    assert count.loc["outlet[B]", "ratio_ci_high"] == pytest.approx(
        np.exp(direct.conf_int()[1, 1]), rel=1e-4
    )


def test_reference_outlet_without_sentences_is_flagged_not_a_crash():
    sent, docs = _designs([0.0, 0.4, 0.5, 0.3], ["A", "B", "B", "C"], ["e"] * 4)
    sent = sent.loc[sent["outlet"] != "A"]  # A's article has no sentences
    docs = docs.assign(n_tokens=np.where(docs["outlet"] == "A", 0, 300))
    models = frame_models(sent, docs, reference="A")
    assert (models["method"] == "not fitted").all() and len(models) == 2
    assert models["caveat"].str.contains("reference outlet 'A' has no").all()
