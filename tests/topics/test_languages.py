"""Topics of a multilingual corpus: a model per language, stop words of each, and the report."""

from __future__ import annotations

import copy
import itertools

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans

from framing.corpus.stopwords import stop_words
from framing.errors import ConfigError, InputError
from framing.report.sections.topics import _share_grid
from framing.topics.languages import fit_topics_by_language, unit_languages

#: Two themes per language, each sentence padded with the language's function words.
THEMES = {
    "en": [
        "the missile launch and the rocket test of the army in the north",
        "the trade of grain and the price of oil for the farmers in the market",
    ],
    "id": [
        "uji rudal dan peluncuran roket oleh tentara yang ada di utara",
        "perdagangan gandum dan harga minyak untuk petani yang ada di pasar",
    ],
    "it": [
        "il lancio del missile e la prova del razzo per il esercito che è al nord",
        "il commercio del grano e il prezzo del petrolio per i contadini che sono al mercato",
    ],
    "ru": ["ракета и испытание", "зерно и нефть"],
}
#: Italian function words, written here independently of the shipped list.
ITALIAN_FUNCTION_WORDS = {"il", "la", "e", "del", "per", "che", "è", "al", "i", "sono"}


def _corpus(sizes: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    documents, paragraphs = [], []
    for language, size in sizes.items():
        for i in range(size):
            doc_id = f"{language}{i}"
            outlet = f"{language}-outlet-{i % 3}"
            documents.append({"doc_id": doc_id, "outlet": outlet, "language": language})
            theme = THEMES[language][i % 2]
            paragraphs.append(
                {"doc_id": doc_id, "paragraph_id": f"{doc_id}:p1", "text": f"{theme} {i}",
                 "language": language}
            )  # fmt: skip
    return pd.DataFrame(documents), pd.DataFrame(paragraphs)


@pytest.fixture(scope="module")
def multilingual():
    documents, paragraphs = _corpus({"en": 30, "id": 30, "it": 24, "ru": 4})
    result = fit_topics_by_language(
        documents, paragraphs, hdbscan_model=KMeans(2, random_state=0, n_init=10),
        stability_seeds=(), n_boot=50,
    )  # fmt: skip
    return documents, paragraphs, result


def test_each_language_gets_its_own_topics(multilingual):
    _, paragraphs, result = multilingual
    topics = result.topics[result.topics["topic"] >= 0]
    assert sorted(topics["language"].unique()) == ["en", "id", "it"]
    assert topics["topic"].is_unique and len(topics) == 6
    assigned = result.topic_assignments.merge(paragraphs[["paragraph_id", "language"]],
                                               left_on="unit_id", right_on="paragraph_id",
                                               suffixes=("", "_unit"))  # fmt: skip
    assert (assigned["language"] == assigned["language_unit"]).all()  # no topic spans two
    for language, rows in assigned.groupby("language"):
        own = set(topics.loc[topics["language"] == language, "topic"])
        assert set(rows["topic"]) - {-1} <= own
    assert set(result.models) == {"en", "id", "it"}
    assert len({id(m.hdbscan_model) for m in result.models.values()}) == 3  # copies, not shared


def test_a_language_with_too_few_units_is_listed_not_modelled(multilingual):
    _, _, result = multilingual
    assert "ru" not in set(result.topic_assignments["language"])
    note = next(n for n in result.info["notes"] if "fewer than 20" in n)
    assert note.startswith("4 paragraph(s) in 1 language(s)") and "(ru)" in note
    languages = result.info["languages"]
    assert languages["ru"] == {"units": 4, "modelled": False}
    assert languages["en"]["modelled"] and languages["en"]["topics"] == 2
    assert result.info["topic_space"] == "per_language"


def test_topic_labels_hold_no_stop_words(multilingual):
    _, _, result = multilingual
    topics = result.topics[result.topics["topic"] >= 0]
    shipped = {"en": set(stop_words(["en"])), "id": set(stop_words(["id"])),
               "it": ITALIAN_FUNCTION_WORDS}  # fmt: skip
    for language, label in zip(topics["language"], topics["label"], strict=True):
        words = set(itertools.chain.from_iterable(t.split() for t in label.split(", ")))
        assert not words & shipped[language], (language, label)
    italian = topics.loc[topics["language"] == "it", "label"]
    themes = [set(theme.split()) - ITALIAN_FUNCTION_WORDS for theme in THEMES["it"]]
    words = [set(label.replace(",", " ").split()) for label in italian]
    assert sorted(any(w <= theme for w in words) for theme in themes) == [True, True]
    assert not any("no stop-word list" in n for n in result.info["notes"])


def test_a_language_without_a_stop_word_list_is_noted():
    documents, paragraphs = _corpus({"ru": 24})
    result = fit_topics_by_language(
        documents.assign(language="xx"), paragraphs.assign(language="xx"),
        hdbscan_model=KMeans(2, random_state=0, n_init=10), stability_seeds=(), n_boot=50,
    )  # fmt: skip
    assert any(n.startswith("no stop-word list for xx") for n in result.info["notes"])


def test_one_space_when_asked(multilingual):
    documents, paragraphs, _ = multilingual
    joint = fit_topics_by_language(
        documents, paragraphs, space="joint", hdbscan_model=KMeans(2, random_state=0, n_init=10),
        stability_seeds=(), n_boot=50,
    )  # fmt: skip
    assert set(joint.topics["language"]) == {"all"}
    assert joint.info["topic_space"] == "joint"
    assert set(joint.topic_assignments["topic"]) <= {0, 1, -1}


def test_unit_language_falls_back_to_the_article():
    documents = pd.DataFrame({"doc_id": ["a", "b"], "language": ["EN", None]})
    units = pd.DataFrame({"doc_id": ["a", "a", "b"], "language": ["", "id", None]})
    assert unit_languages(documents, units).tolist() == ["en", "id", "und"]


def test_bad_options_and_nothing_to_model():
    documents, paragraphs = _corpus({"en": 6, "id": 6})
    with pytest.raises(ConfigError, match="space"):
        fit_topics_by_language(documents, paragraphs, space="mixed")
    with pytest.raises(InputError, match="no language has 20 paragraphs"):
        fit_topics_by_language(documents, paragraphs)


def test_report_grid_keeps_each_languages_outliers_apart():
    cells = pd.DataFrame({"outlet": ["X", "X", "X", "Y"], "topic": [0, -1, -1, 3],
                          "language": ["en", "en", "id", "id"], "cell": list("abcd")})  # fmt: skip
    grid = _share_grid(cells)
    assert list(grid.columns) == ["topic 0", "topic 3", "outliers (en)", "outliers (id)"]
    assert grid.loc["X", "outliers (id)"] == "c" and pd.isna(grid.loc["Y", "topic 0"])
    assert np.array_equal(grid.index, ["X", "Y"])


def test_latex_table_of_several_languages(multilingual):
    _, _, result = multilingual
    shares = result.topic_shares
    outliers = shares[shares["language"].isin(["en", "id"])].drop_duplicates("language")
    outliers = outliers.assign(topic=-1, outlet="en-outlet-0")  # one outlet, two languages
    with_outliers = copy.copy(result)
    with_outliers.topic_shares = pd.concat([shares, outliers], ignore_index=True)
    text = with_outliers.to_latex()
    assert "en-outlet-0" in text and "it-outlet-2" in text
    assert "(en)" in text and "(id)" in text  # each language's outliers are a row of their own
