"""Keyness per language: weighted log-odds ranking, article-level Welch tests (hand-checked)."""

from __future__ import annotations

import math
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from framing.corpus.stopwords import stop_words
from framing.corpus.tokens import tokenize
from framing.errors import ConfigError
from framing.stats.keyness import COLUMNS, keyness, log_odds_dirichlet

ID_WORDS = ["sanksi", "nuklir", "damai", "kunjungan", "persahabatan", "barat", "tuduhan",
            "rudal", "senjata", "perang", "kerja", "sama", "ekonomi", "presiden", "pertemuan"]  # fmt: skip
ID_STOP = ["yang", "dan", "di", "itu", "ini", "dengan", "akan"]
EN_WORDS = ["sanctions", "nuclear", "peace", "visit", "friendship", "west", "missile", "weapons",
            "sanksi"]  # fmt: skip
EN_STOP = ["the", "but", "we", "of", "and"]


def _texts(rng, words, stop, n, tilt):
    weights = np.ones(len(words))
    weights[tilt] = 6.0
    out = []
    for _ in range(n):
        length = int(rng.integers(12, 30))
        content = rng.choice(words, size=length, p=weights / weights.sum())
        stops = rng.choice(stop, size=length // 2)
        out.append(" ".join([*content, *stops]).capitalize())
    return out


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """Indonesian A (5 articles), B (4), C (1); English A (3), D (3); one undetermined doc."""
    rng = np.random.default_rng(7)
    rows = []
    plan = [("id", "A", 5, [0, 1]), ("id", "B", 4, [2, 3]), ("id", "C", 1, [4]),
            ("en", "A", 3, [0, 1]), ("en", "D", 3, [2, 8])]  # fmt: skip
    for language, outlet, n, tilt in plan:
        words, stop = (ID_WORDS, ID_STOP) if language == "id" else (EN_WORDS, EN_STOP)
        for text in _texts(rng, words, stop, n, tilt):
            rows.append({"outlet": outlet, "language": language, "text": text})
    rows.append({"outlet": "B", "language": None, "text": "kata lain sekali"})
    docs = pd.DataFrame(rows)
    docs.insert(0, "doc_id", [f"d{i}" for i in range(len(docs))])
    docs["group"] = docs["outlet"].map({"A": "state", "B": "private", "C": "private"})
    return docs


def _articles(docs: pd.DataFrame, language: str) -> list[tuple[str, Counter]]:
    """(outlet, word counts after stop-word removal) of each article of one language."""
    stop = set(stop_words([language]))
    out = []
    for outlet, text, lang in docs[["outlet", "text", "language"]].itertuples(index=False):
        if lang == language:
            words = Counter(w for w in tokenize(text) if w not in stop)
            if words:
                out.append((outlet, words))
    return out


def _vocabulary(articles, min_count=2) -> dict[str, int]:
    total = Counter()
    for _, words in articles:
        total.update(words)
    return {w: c for w, c in total.items() if c >= min_count}


def _rates(articles, term, side):
    return [words[term] / sum(words.values()) for outlet, words in articles if side(outlet)]


def test_columns_order_and_row_order(corpus):
    table, _ = keyness(corpus, pairs=[("A", "B")], top=4)
    assert tuple(table.columns) == COLUMNS and COLUMNS[-1] == "g2"
    keys = list(zip(table["language"], table["outlet"], table["versus"] != "rest",
                    table["versus"], table["rank"], strict=True))  # fmt: skip
    assert keys == sorted(keys)
    assert set(zip(table["language"], table["outlet"], table["versus"], strict=True)) == {
        ("en", "A", "rest"), ("en", "D", "rest"),
        ("id", "A", "rest"), ("id", "B", "rest"), ("id", "C", "rest"),
        ("id", "A", "B"), ("id", "B", "A"),
    }  # fmt: skip
    assert (table["unit"] == "article").all() and (table["level"] == "outlets").all()
    assert (table["correction"] == "fdr_bh").all()
    again, _ = keyness(corpus, pairs=[("A", "B")], top=4)
    pd.testing.assert_frame_equal(table, again)


def test_welch_t_and_p_match_scipy_on_hand_computed_rates(corpus):
    table, _ = keyness(corpus, top=8)
    articles = _articles(corpus, "id")
    rows = table.query("language == 'id' and outlet in ['A', 'B'] and versus == 'rest'")
    assert len(rows) == 16
    for row in rows.itertuples():
        a = _rates(articles, row.term, lambda o, unit=row.outlet: o == unit)
        b = _rates(articles, row.term, lambda o, unit=row.outlet: o != unit)
        expected = stats.ttest_ind(a, b, equal_var=False)
        assert row.t == pytest.approx(expected.statistic, rel=1e-9)
        assert row.df == pytest.approx(expected.df, rel=1e-9)
        assert row.p == pytest.approx(expected.pvalue, rel=1e-9)
        assert (row.articles, row.articles_versus) == (len(a), len(b))
        assert row.articles_with_term == sum(r > 0 for r in a)


def test_log_odds_and_z_follow_monroe_with_scaled_prior(corpus):
    table, _ = keyness(corpus, top=5)
    articles = _articles(corpus, "id")
    vocabulary = _vocabulary(articles)
    alpha0 = sum(vocabulary.values()) / 3  # mean tokens per outlet (A, B, C)
    by_outlet = {o: Counter() for o in "ABC"}
    for outlet, words in articles:
        by_outlet[outlet].update({w: c for w, c in words.items() if w in vocabulary})
    rest = by_outlet["B"] + by_outlet["C"]
    n_a, n_b = sum(by_outlet["A"].values()), sum(rest.values())
    rows = table.query("language == 'id' and outlet == 'A' and versus == 'rest'")
    assert rows["alpha0"].eq(alpha0).all()
    for row in rows.itertuples():
        alpha = alpha0 * vocabulary[row.term] / sum(vocabulary.values())
        y_a, y_b = by_outlet["A"][row.term], rest[row.term]
        delta = math.log((y_a + alpha) / (n_a + alpha0 - y_a - alpha)) - math.log(
            (y_b + alpha) / (n_b + alpha0 - y_b - alpha)
        )
        z = delta / math.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
        assert row.score == pytest.approx(delta, rel=1e-12) and row.z == pytest.approx(z)
        assert (row.count, row.count_versus) == (y_a, y_b)
    all_z = {}
    for term in vocabulary:
        alpha = np.array([alpha0 * vocabulary[term] / sum(vocabulary.values())])
        counts_a = np.array([by_outlet["A"][term], n_a - by_outlet["A"][term]])
        counts_b = np.array([rest[term], n_b - rest[term]])
        prior = np.array([alpha[0], alpha0 - alpha[0]])
        all_z[term] = log_odds_dirichlet(counts_a, counts_b, prior)[1][0]
    best = sorted(all_z, key=lambda w: (-all_z[w], w))[:5]
    assert rows["term"].tolist() == best and rows["rank"].tolist() == [1, 2, 3, 4, 5]


def test_prior_weight_scales_alpha0(corpus):
    base, _ = keyness(corpus)
    heavy, _ = keyness(corpus, prior_weight=2.5)
    assert heavy["alpha0"].to_numpy() == pytest.approx(2.5 * base["alpha0"].to_numpy())
    assert base.groupby("language")["alpha0"].nunique().eq(1).all()


def test_bh_family_is_the_whole_vocabulary_of_the_comparison(corpus):
    table, _ = keyness(corpus, top=3)
    articles = _articles(corpus, "id")
    vocabulary = sorted(_vocabulary(articles))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        p = {
            w: stats.ttest_ind(
                _rates(articles, w, lambda o: o == "B"),
                _rates(articles, w, lambda o: o != "B"),
                equal_var=False,
            ).pvalue
            for w in vocabulary
        }
    finite = [w for w in vocabulary if np.isfinite(p[w])]
    adjusted = dict(
        zip(finite, multipletests([p[w] for w in finite], method="fdr_bh")[1], strict=True)
    )
    rows = table.query("language == 'id' and outlet == 'B' and versus == 'rest'")
    assert len(rows) == 3 < len(finite)
    assert rows["family"].str.endswith(f"id · B vs rest · {len(vocabulary)} terms").all()
    for row in rows.itertuples():
        assert row.p_adj == pytest.approx(adjusted[row.term], rel=1e-9)
    holm, _ = keyness(corpus, top=3, correction="holm")
    holm_rows = holm.query("language == 'id' and outlet == 'B' and versus == 'rest'")
    expected = dict(zip(finite, multipletests([p[w] for w in finite], method="holm")[1],
                        strict=True))  # fmt: skip
    assert holm_rows["p_adj"].tolist() == pytest.approx([expected[w] for w in holm_rows["term"]])


def test_stop_words_of_each_language_never_appear(corpus):
    table, notes = keyness(corpus, top=50, min_count=1)
    for language in ("id", "en"):
        terms = set(table.loc[table["language"] == language, "term"])
        assert terms and not terms & set(stop_words([language]))
    overridden, _ = keyness(corpus, top=50, min_count=1, stop_words={"id": ["sanksi"]})
    id_terms = set(overridden.loc[overridden["language"] == "id", "term"])
    assert "sanksi" not in id_terms and "yang" in id_terms
    assert "the" not in set(overridden.loc[overridden["language"] == "en", "term"])
    with pytest.raises(ConfigError, match="map a language code"):
        keyness(corpus, stop_words=["yang"])


def test_english_documents_never_enter_indonesian_comparisons(corpus):
    table, _ = keyness(corpus, top=50, min_count=1)
    indonesian = table[table["language"] == "id"]
    assert not set(indonesian["term"]) & (set(EN_WORDS) - set(ID_WORDS))
    english_sanksi = sum(
        tokenize(t).count("sanksi") for t in corpus.query("language == 'en'")["text"]
    )
    assert english_sanksi > 0  # "sanksi" also occurs in English articles of A and D
    by_outlet = {o: 0 for o in "ABC"}
    for outlet, words in _articles(corpus, "id"):
        by_outlet[outlet] += words["sanksi"]
    row = indonesian.query("outlet == 'A' and versus == 'rest' and term == 'sanksi'").iloc[0]
    assert (row["count"], row["count_versus"]) == (by_outlet["A"], by_outlet["B"] + by_outlet["C"])
    assert (row["articles"], row["articles_versus"]) == (5, 5)  # not A's 3 English articles
    english = table[table["language"] == "en"]
    assert set(english["outlet"]) == {"A", "D"} and (english["articles_versus"] == 3).all()


def test_single_article_outlet_is_ranked_but_not_tested(corpus):
    table, notes = keyness(corpus, top=3)
    rows = table.query("language == 'id' and outlet == 'C'")
    assert len(rows) == 3 and rows["term"].ne("").all() and rows["z"].notna().all()
    assert rows[["t", "df", "p", "p_adj"]].isna().all().all()
    assert rows["caveat"].str.startswith("not testable (1 article)").all()
    assert rows["method"].str.endswith("not tested").all()
    assert any("1 comparison" in n and "not tested" in n for n in notes)
    others = table.query("language == 'id' and outlet != 'C'")
    assert others["p"].notna().all()  # the rest of A (B and C) has enough articles


def test_language_with_one_outlet_is_skipped_with_a_note(corpus):
    table, notes = keyness(corpus)
    assert "und" not in set(table["language"])
    assert "keyness: language 'und' skipped: its 1 document comes from a single outlet (B)" in (
        notes
    )
    fr = pd.DataFrame({"doc_id": ["1", "2", "3"], "outlet": ["X", "Y", "Y"],
                       "language": ["fr", "fr", "fr"],
                       "text": ["le chat noir chat", "le chien blanc", "le chien chien"]})  # fmt: skip
    table, notes = keyness(fr, min_count=1)  # French has a shipped list (stopwords-iso)
    assert not any("no stop-word list" in n for n in notes)
    assert "le" not in set(table["term"]) and "chien" in set(table["term"])
    xx = fr.assign(language="xx")  # a language without a list
    table, notes = keyness(xx, min_count=1)
    assert any("no stop-word list for language 'xx'" in n for n in notes)
    assert "le" in set(table["term"])


def test_by_group(corpus):
    table, notes = keyness(corpus, by="group", top=3)
    assert (table["level"] == "groups").all()
    assert set(zip(table["language"], table["outlet"], strict=True)) == {
        ("id", "private"),
        ("id", "state"),
    }
    assert any("3 documents without a group left out" in n for n in notes)  # D's
    assert any("language 'en' skipped" in n and "single group (state)" in n for n in notes)
    private = table.query("outlet == 'private'")
    assert (private["articles"] == 5).all() and (private["articles_versus"] == 5).all()
    with pytest.raises(ConfigError, match="by='language'"):
        keyness(corpus, by="language")


def test_pairs_compare_two_outlets_within_a_language(corpus):
    pairs = [("B", "A"), ("A", "D"), ("A", "B"), ("C", "D")]
    table, notes = keyness(corpus, pairs=pairs, top=4)
    pair = table.query("language == 'id' and outlet == 'A' and versus == 'B'")
    articles = _articles(corpus, "id")
    vocabulary = _vocabulary(articles)
    used = {w for o, words in articles if o in "AB" for w in words if w in vocabulary}
    assert len(pair) == 4 and pair["family"].str.endswith(f"id · A vs B · {len(used)} terms").all()
    for row in pair.itertuples():
        a = _rates(articles, row.term, lambda o: o == "A")
        b = _rates(articles, row.term, lambda o: o == "B")
        assert row.p == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue)
        assert row.count_versus == sum(w[row.term] for o, w in articles if o == "B")
    assert len(table.query("language == 'id' and outlet == 'B' and versus == 'A'")) == 4
    versus_d = table[table["versus"] == "D"]  # A and D share English only
    assert set(versus_d["language"]) == {"en"} and set(versus_d["outlet"]) == {"A"}
    assert len(table.query("outlet == 'D' and versus == 'A'")) == 4
    assert "keyness: pair (C, D) skipped: no language with both outlets" in notes
    with pytest.raises(ConfigError, match="unknown outlet"):
        keyness(corpus, pairs=[("A", "Q")])


def test_zero_variance_on_both_sides_gives_nan_p():
    docs = pd.DataFrame({"doc_id": list("1234"), "outlet": ["X", "X", "Y", "Y"],
                         "language": "id",
                         "text": ["sanksi damai", "sanksi perang", "damai damai perang",
                                  "perang damai damai"]})  # fmt: skip
    table, _ = keyness(docs, min_count=1)
    row = table.query("outlet == 'X' and term == 'sanksi'").iloc[0]
    assert row["z"] > 0 and np.isnan(row["p"]) and np.isnan(row["t"])
    assert np.isfinite(table.query("outlet == 'X' and term == 'damai'")["p"]).all()


def test_outlet_without_vocabulary_gets_one_flagged_row():
    docs = pd.DataFrame({"doc_id": list("12345"), "outlet": ["X", "X", "Y", "Y", "Z"],
                         "language": "id",
                         "text": ["sanksi sanksi damai", "sanksi damai", "damai damai perang",
                                  "perang damai", "yang dan"]})  # fmt: skip
    table, notes = keyness(docs, min_count=1, pairs=[("X", "Z")])
    empty = table[table["term"] == ""]
    assert len(empty) == 3  # Z vs rest, X vs Z, Z vs X
    assert empty["caveat"].str.contains("Z has no words in the vocabulary").all()
    assert empty["z"].isna().all() and empty["p"].isna().all()
    assert any("1 article in 'id' left out" in n for n in notes)


def test_empty_input_and_bad_options():
    table, notes = keyness(pd.DataFrame(columns=["doc_id", "outlet", "language", "text"]))
    assert table.empty and tuple(table.columns) == COLUMNS and notes == []
    docs = pd.DataFrame({"outlet": ["X", "Y"], "text": ["a b", "c d"]})
    for option in ({"min_articles": 1}, {"top": 0}, {"prior_weight": 0}, {"correction": "x"}):
        with pytest.raises(ConfigError):
            keyness(docs, **option)


def test_missing_outlet_rows_are_left_out_with_a_note():
    docs = pd.DataFrame({"doc_id": list("1234"), "outlet": ["X", None, "Y", "Y"],
                         "text": ["sanksi sanksi", "damai", "damai damai", "sanksi damai"]})  # fmt: skip
    table, notes = keyness(docs, min_count=1)
    assert notes[0] == "keyness: 1 document without an outlet left out"
    assert (table["language"] == "und").all() and set(table["outlet"]) == {"X", "Y"}
    assert table.query("outlet == 'Y'")["articles"].eq(2).all()


@pytest.mark.parametrize("size,merge", [(1, None), (2, None), (3, None), (1, 1), (2, 5)])
def test_chunks_give_the_table_of_the_whole_corpus(corpus, size, merge, monkeypatch):
    if merge is not None:  # sums added up after (nearly) every chunk
        monkeypatch.setattr("framing.stats.keyness.accumulate.MERGE_ENTRIES", merge)
    corpus = corpus.assign(group=corpus["outlet"].map(lambda o: "g1" if o in "AB" else "g2"))
    whole, notes = keyness(corpus, by=["outlet", "group"], pairs=[("A", "B")], top=6)
    chunks = (corpus.iloc[i : i + size] for i in range(0, len(corpus), size))
    chunked, chunk_notes = keyness(chunks, by=["outlet", "group"], pairs=[("A", "B")], top=6)
    pd.testing.assert_frame_equal(chunked, whole, rtol=1e-9)
    assert chunk_notes == notes
    by_outlet, _ = keyness(corpus, pairs=[("A", "B")], top=6)
    pd.testing.assert_frame_equal(whole[whole["level"] == "outlets"], by_outlet, rtol=1e-9)
