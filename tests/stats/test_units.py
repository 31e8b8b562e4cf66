"""Which outlets and groups can be tested, counted by hand on small tables.

``article_table`` (checks and tidying), ``outlet_table`` (articles with sentences per outlet,
the 2-article rule), ``group_table`` (testable outlets per group) and ``choose_reference``
(most articles, then sentences, then name) against counts written out in the tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from framing.errors import ConfigError, InputError
from framing.stats.units import (
    UNKNOWN,
    article_table,
    choose_reference,
    group_table,
    name_list,
    outlet_table,
)


@pytest.fixture
def corpus(make_articles):
    return make_articles(
        {
            "A": [(1, 10), (2, 10), (0, 5)],
            "B": [(3, 10), (0, 0), (1, 4)],  # one article without sentences
            "C": [(4, 12)],
            "D": [(0, 0)],
            "E": [(1, 10), (2, 10), (5, 20)],
        },
        groups={"A": "state", "B": "state", "C": "state", "E": "west"},
    )


def test_outlet_table_counts_articles_with_sentences(corpus):
    outlets = outlet_table(article_table(corpus)).set_index("outlet")
    assert outlets["articles"].to_dict() == {"A": 3, "B": 2, "C": 1, "D": 0, "E": 3}
    assert outlets["sentences"].to_dict() == {"A": 25, "B": 14, "C": 12, "D": 0, "E": 40}
    assert outlets["status"].to_dict() == {
        "A": "tested",
        "B": "tested",
        "C": "not testable (1 article)",
        "D": "not testable (no sentences)",
        "E": "tested",
    }
    assert outlets.loc["D", "group"] is None and outlets.loc["A", "group"] == "state"
    stricter = outlet_table(article_table(corpus), min_articles=3).set_index("outlet")
    assert stricter.loc["B", "status"] == "not testable (2 articles)"
    with pytest.raises(ConfigError, match="at least 2 articles"):
        outlet_table(article_table(corpus), min_articles=1)


def test_group_table_needs_two_testable_outlets(corpus):
    groups = group_table(outlet_table(article_table(corpus))).set_index("group")
    assert groups["outlets"].to_dict() == {"state": 3, "west": 1}
    assert groups["testable_outlets"].to_dict() == {"state": 2, "west": 1}
    assert groups["testable"].to_dict() == {"state": True, "west": False}
    assert groups.loc["west", "status"] == "not testable (1 testable outlet(s))"
    no_groups = corpus.assign(group=None)
    assert group_table(outlet_table(article_table(no_groups))).empty


def test_reference_is_most_articles_then_sentences_then_name(corpus):
    outlets = outlet_table(article_table(corpus))
    reference, reason = choose_reference(outlets)
    assert reference == "E"  # A and E both have 3 articles; E has more sentences
    assert "most articles (3)" in reason and "tied with 1" in reason
    assert choose_reference(outlets, "B") == ("B", "B was named as the reference outlet.")
    for name, message in (("Z", "not in the corpus"), ("C", r"not testable \(1 article\)")):
        with pytest.raises(ConfigError, match=message) as err:
            choose_reference(outlets, name)
        assert "\n" not in str(err.value)
    single = outlet_table(article_table(corpus[corpus["outlet"].isin(["C", "D"])]))
    assert choose_reference(single)[0] == ""


def test_article_table_checks_and_tidies(corpus):
    tidy = article_table(corpus.drop(columns=["event"]).assign(outlet=None), ["g", "f"])
    assert set(tidy["outlet"]) == {UNKNOWN} and set(tidy["event"]) == {UNKNOWN}
    assert list(dict.fromkeys(tidy["frame"])) == ["g", "f"]  # named frames first
    ghost = tidy[tidy["frame"] == "g"]
    assert len(ghost) == 11 and (ghost["sentences_with_frame"] == 0).all()
    with pytest.raises(InputError, match="lacks column"):
        article_table(corpus.drop(columns=["n_tokens"]))
    with pytest.raises(InputError, match="no rows"):
        article_table(corpus.iloc[:0])
    with pytest.raises(InputError, match="repeats article"):
        article_table(pd.concat([corpus, corpus.iloc[:1]]))


def test_name_list_shortens_long_lists():
    assert name_list(["a", "b"]) == "a, b"
    assert name_list(list("abcdefghijkl"), limit=3) == "a, b, c and 9 more"
