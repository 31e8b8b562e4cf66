"""compare_outlets on the real sample corpus and on constructed corpora; the CLI."""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import pytest

from framing.cli import stats as stats_cli
from framing.errors import ConfigError, InputError
from framing.stats import compare_outlets
from framing.tables import SCHEMAS, read_table, write_table

FAST = {"n_permutations": 199, "n_bootstrap": 99}
FRAMES = ["friendship", "sanctions_violation", "western_accusation", "economic_consequences"]


@pytest.fixture(scope="module")
def sample_comparison(sample_tables):
    return compare_outlets(**sample_tables, frames=FRAMES, **FAST)


def _check_contract(result):
    for name in ("tests", "models", "keyness"):
        table = getattr(result, name)
        assert set(SCHEMAS[name]) <= set(table.columns)
    for name in ("tests", "models", "contrasts"):
        table = getattr(result, name)
        computed = table.dropna(subset=["p"])
        assert computed["p"].between(0, 1).all() and computed["p_adj"].between(0, 1).all()
        assert (computed["p_adj"] >= computed["p"] - 1e-12).all()
        # no silent NaN: every row without a p-value says why
        assert (table.loc[table["p"].isna(), "caveat"].str.len() > 0).all()


def test_sample_corpus_says_what_one_article_per_outlet_can_support(sample_comparison):
    result = sample_comparison
    _check_contract(result)
    assert "one article" in result.caveats[0]
    assert any("confounded" in c for c in result.caveats)  # 2023 summit covered by one outlet
    sentence_tests = result.tests.query("level == 'sentence' and method != 'not tested'")
    assert sentence_tests["method"].str.contains("sentences").all()  # exact/permutation
    assert sentence_tests["caveat"].str.contains("these articles").all()
    assert not result.tests["method"].eq("chi2").any()
    logit = result.models.query("model == 'logit' and method != 'not fitted'")
    assert not logit["term"].str.startswith("event[").any()
    assert logit["caveat"].str.contains("confounded").all()


def test_frame_without_hits_is_kept_and_flagged(sample_comparison):
    result = sample_comparison
    absent = "economic_consequences"
    for name in ("tests", "models", "contrasts"):
        rows = getattr(result, name).query("frame == @absent")
        assert len(rows) and rows["p"].isna().all() and (rows["caveat"].str.len() > 0).all()
    assert any(absent in c for c in result.caveats)


def test_deterministic_given_seed(sample_tables, sample_comparison):
    again = compare_outlets(**sample_tables, frames=FRAMES, **FAST)
    for name in ("tests", "models", "contrasts", "keyness"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(sample_comparison, name))


def test_summary_and_latex(sample_comparison):
    text = sample_comparison.summary()
    assert "Reference outlet" in text and "one article" in text
    tex = sample_comparison.to_latex("tests")
    assert r"\toprule" in tex and "sanctions\\_violation" in tex
    with pytest.raises(ConfigError):
        sample_comparison.to_latex("nothing")


def test_bad_options_are_one_line_errors(sample_tables):
    with pytest.raises(ConfigError, match="reference outlet 'Kompas' is not in the corpus"):
        compare_outlets(**sample_tables, reference="Kompas", **FAST)
    with pytest.raises(ConfigError, match="correction 'bonferroni'"):
        compare_outlets(**sample_tables, correction="bonferroni", **FAST)


def _multi_document_corpus(n_per_outlet=4, seed=0):
    rng = np.random.default_rng(seed)
    docs, sents, hits = [], [], []
    for o, outlet in enumerate(["A", "B", "C"]):
        for d in range(n_per_outlet):
            doc = f"{outlet}{d}"
            docs.append({"doc_id": doc, "outlet": outlet, "event": f"e{d % 2}",
                         "n_tokens": 200, "text": f"kata {outlet.lower()} sanksi damai"})  # fmt: skip
            for j in range(1, 13):
                sid = f"{doc}:s{j}"
                sents.append({"doc_id": doc, "paragraph_id": f"{doc}:p1", "sentence_id": sid,
                              "text": "x", "start": 0, "end": 1})  # fmt: skip
                if rng.random() < 0.15 + 0.2 * o:
                    hits.append({"sentence_id": sid, "doc_id": doc, "frame": "sanctions",
                                 "term": "sanksi", "start": 0, "end": 1, "negated": False})  # fmt: skip
    return pd.DataFrame(docs), pd.DataFrame(sents), pd.DataFrame(hits)


def test_multi_document_corpus_uses_clusters_and_document_permutation():
    documents, sentences, hits = _multi_document_corpus()
    result = compare_outlets(documents, sentences, hits, reference="B", **FAST)
    _check_contract(result)
    sentence_test = result.tests.query("level == 'sentence'").iloc[0]
    assert sentence_test["method"] == "permutation (documents)"
    logit = result.models.query("model == 'logit'")
    assert logit["method"].str.contains("cluster-robust").all()
    assert {"outlet[A]", "outlet[C]", "event[e1]"} == set(logit["term"])
    assert result.contrasts["method"].str.startswith("permutation (documents)").all()
    assert (result.models["reference"] == "B").all()


def test_single_outlet_corpus_is_reported_not_crashed():
    documents, sentences, hits = _multi_document_corpus()
    keep = documents["outlet"] == "A"
    documents = documents.loc[keep]
    sentences = sentences.loc[sentences["doc_id"].isin(documents["doc_id"])]
    hits = hits.loc[hits["doc_id"].isin(documents["doc_id"])]
    result = compare_outlets(documents, sentences, hits, **FAST)
    assert "single outlet" in result.caveats[0]
    assert (result.tests["method"] == "not tested").all()
    assert (result.models["method"] == "not fitted").all()
    assert result.contrasts.empty and result.keyness.empty


def _run_cli(argv):
    parser = argparse.ArgumentParser()
    stats_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_reads_and_writes_run_tables(tmp_path, sample_tables, capsys):
    for name, table in sample_tables.items():
        write_table(table, tmp_path, name)
    argv = ["stats", str(tmp_path), "--latex", "--permutations", "99", "--bootstrap", "49"]
    assert _run_cli([*argv, "--reference", "VIVA", "--correction", "fdr_bh"]) == 0
    models = read_table(tmp_path, "models")
    assert (models["reference"] == "VIVA").all() and (models["correction"] == "fdr_bh").all()
    for name in ("tests", "models", "contrasts", "keyness"):
        assert (tmp_path / "tables" / f"{name}.tex").read_text().startswith(r"\begin{table}")
    assert "caveat" in capsys.readouterr().out


def test_cli_missing_table_and_bad_pair(tmp_path, sample_tables):
    with pytest.raises(InputError, match="no table 'documents'"):
        _run_cli(["stats", str(tmp_path)])
    with pytest.raises(ConfigError, match="--pair"):
        stats_cli.parse_pairs(["VIVA"])


def test_default_reference_is_an_outlet_with_sentences():
    documents, sentences, hits = _multi_document_corpus(n_per_outlet=3)
    extra = pd.DataFrame(
        {"doc_id": ["Z0", "Z1", "Z2", "Z3"], "outlet": "Z", "event": "e0", "n_tokens": 0,
         "text": ""}
    )  # fmt: skip
    result = compare_outlets(pd.concat([documents, extra]), sentences, hits, **FAST)
    assert result.reference == "A"  # Z has most documents, but no sentence to model
    assert (result.models["method"] != "not fitted").all()
