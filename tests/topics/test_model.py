import re

from framing.corpus.tokens import TOKEN_PATTERN
from framing.topics.terms import (
    period_labels,
    terms_by_outlet,
    topics_table,
    words_over_time,
)
from tests.topics.conftest import sample_tables


def _stop_words_in(terms, stop_list) -> set[str]:
    """Stop words among the tokens of comma-separated terms (bigrams are split)."""
    stop = set(stop_list)
    return {w for text in terms for w in re.findall(TOKEN_PATTERN, str(text).lower()) if w in stop}


def test_labels_after_outlier_reduction_have_no_stop_word(reduced_fit):
    model, _, topics, before, stop_list = reduced_fit
    assert before > 0  # HDBSCAN left outliers, so outlier reduction and the refit ran
    assert model.vectorizer_model.stop_words  # the configured vectorizer is still the model's
    table = topics_table(model, topics)
    assert len(table) >= 2
    assert _stop_words_in(table["top_terms"], stop_list) == set()
    assert any(" " in t for t in table["top_terms"].str.split(", ").explode())  # bigrams kept


def test_terms_by_outlet_and_over_time_use_the_model_vectorizer(reduced_fit):
    model, texts, topics, _, stop_list = reduced_fit
    documents, paragraphs = sample_tables()
    ctfidf = model.c_tf_idf_.copy()
    outlets = paragraphs["doc_id"].map(documents.set_index("doc_id")["outlet"])
    by_outlet = terms_by_outlet(model, texts, topics, outlets.tolist())
    dates = paragraphs["doc_id"].map(documents.set_index("doc_id")["date"])
    periods = period_labels(dates).tolist()
    periods[0] = None  # an undated unit takes part in no period
    over_time = words_over_time(model, texts, topics, periods)
    assert _stop_words_in(by_outlet["top_terms"], stop_list) == set()
    assert _stop_words_in(over_time["top_terms"], stop_list) == set()
    assert set(over_time["period"]) <= set(p for p in periods if p)
    assert (model.c_tf_idf_ != ctfidf).nnz == 0  # the fitted model is left as it was
