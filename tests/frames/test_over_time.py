"""Frames over time: shares per period equal a hand count; the change between two events is
tested over articles and agrees with an independent enumeration."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from framing.config import StudyConfig
from framing.contract import read_table
from framing.frames.over_time import ALL_OUTLETS, frame_shares_over_time
from framing.stats.change import default_between, frame_change
from framing.utils.periods import choose_period, period_starts


def test_sample_shares_per_week_equal_a_hand_count(sample_run):
    articles = read_table(sample_run, "article_frames")
    table = read_table(sample_run, "frame_shares_over_time")
    assert set(table["period_kind"]) == {"week"}  # 2023-09 to 2024-06: too many days
    pooled = table[table["level"] == "all"]
    assert set(pooled["unit"]) == {ALL_OUTLETS}
    hand: dict[tuple[str, str], list[int]] = {}
    for row in articles.itertuples(index=False):
        day = pd.Timestamp(row.date).date()
        monday = (day - dt.timedelta(days=day.weekday())).isoformat()
        counts = hand.setdefault((monday, row.frame), [0, 0, 0])
        counts[0] += int(row.sentences_with_frame)
        counts[1] += int(row.sentences)
        counts[2] += 1
    got = {
        (r.period, r.frame): [r.sentences_with_frame, r.sentences, r.articles]
        for r in pooled.itertuples(index=False)
    }
    assert got == hand
    # the per-outlet rows add up to the pooled ones
    outlets = table[table["level"] == "outlet"].groupby(["period", "frame"])["sentences"].sum()
    assert outlets.to_dict() == {k: v[1] for k, v in hand.items()}


def test_the_report_shows_frames_and_their_change_over_time(sample_run):
    page = (sample_run / "index.html").read_text(encoding="utf-8")
    assert 'id="frames-over-time"' in page and "Change from event-2023-09-11" in page
    assert (sample_run / "figures" / "frame_over_time.svg").exists()


def test_period_rule():
    days = pd.Series(pd.to_datetime(["2024-06-10", "2024-06-19"]))
    assert choose_period(days) == "day"
    assert choose_period(pd.Series(pd.to_datetime(["2023-01-01", "2024-01-01"]))) == "week"
    assert choose_period(pd.Series(pd.to_datetime(["2015-01-01", "2024-01-01"]))) == "month"
    assert choose_period(days, "month") == "month"
    sunday = pd.Series(pd.to_datetime(["2024-06-16"]))
    assert period_starts(sunday, "week").iloc[0] == pd.Timestamp("2024-06-10")  # ISO weeks
    local = pd.Series(["2024-06-19T08:15:00+09:00"])  # the local date is kept
    assert period_starts(local, "day").iloc[0] == pd.Timestamp("2024-06-19")


def test_undated_articles_are_left_out_and_counted():
    art = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "outlet": "X", "frame": "f", "sentences_with_frame": 1,
         "sentences": 2, "date": [pd.Timestamp("2024-06-19"), pd.NaT, pd.NaT]}
    )  # fmt: skip
    table, period, undated = frame_shares_over_time(art)
    assert undated == 2 and table["articles"].tolist() == [1, 1]


def _articles(sides: list[tuple[str, int, int]]) -> pd.DataFrame:
    rows = []
    for i, (event, k, n) in enumerate(sides):
        rows.append({"doc_id": f"d{i}", "outlet": f"o{i % 2}", "event": event, "frame": "f",
                     "sentences_with_frame": k, "sentences": n,
                     "date": pd.Timestamp("2023-09-11" if event == "e1" else "2024-06-19")})  # fmt: skip
    return pd.DataFrame(rows)


def test_change_agrees_with_an_independent_enumeration():
    sides = [("e1", 1, 10), ("e1", 0, 8), ("e2", 4, 9), ("e2", 5, 12), ("e2", 3, 7)]
    art = _articles(sides)
    table, _ = frame_change(art, ["f"], random_state=0)
    row = table.iloc[0]
    assert (row["first"], row["second"]) == ("e1", "e2")
    assert row["share_first"] == pytest.approx(1 / 18)
    assert row["share_second"] == pytest.approx(12 / 28)
    k = np.array([s[1] for s in sides])
    n = np.array([s[2] for s in sides])

    def chi2(second: np.ndarray) -> float:
        table2 = np.array(
            [[k[~second].sum(), (n - k)[~second].sum()], [k[second].sum(), (n - k)[second].sum()]]
        )
        return chi2_contingency(table2, correction=False)[0]

    observed = chi2(np.array([False, False, True, True, True]))
    stats = []
    for chosen in itertools.combinations(range(5), 3):  # every way to pick the second event
        second = np.zeros(5, dtype=bool)
        second[list(chosen)] = True
        stats.append(chi2(second))
    assert row["statistic"] == pytest.approx(observed)
    assert row["p"] == pytest.approx(np.mean(np.array(stats) >= observed - 1e-9))
    assert row["method"].endswith("exact") and row["unit"] == "article"
    assert np.isnan(row["ci_low"])  # under 10 articles a side: no bootstrap interval


def test_change_between_periods_equals_change_between_the_same_split_as_events():
    sides = [("e1", 1, 10), ("e1", 0, 8), ("e2", 4, 9), ("e2", 5, 12), ("e2", 3, 7)]
    art = _articles(sides)
    art.loc[1, "date"] = pd.NaT  # an undated article belongs to no period
    by_event, _ = frame_change(art.drop(index=1), ["f"], random_state=0)
    by_month, _ = frame_change(art.assign(event="same"), ["f"], by="month", random_state=0)
    row = by_month.iloc[0]
    assert (row["by"], row["first"], row["second"]) == ("period", "2023-09-01", "2024-06-01")
    assert (row["articles_first"], row["articles_second"]) == (1, 3)
    columns = ["share_first", "share_second", "statistic", "p"]
    assert by_month[columns].to_numpy() == pytest.approx(by_event[columns].to_numpy())


def test_change_counts_a_frame_an_article_has_no_row_of_as_zero():
    art = _articles([("e1", 1, 4), ("e1", 2, 4), ("e2", 1, 4), ("e2", 3, 4)])
    other = art.assign(frame="g", sentences_with_frame=[0, 1, 1, 0]).drop(index=3)
    table, _ = frame_change(pd.concat([art, other]), ["f", "g"], random_state=0)
    g = table.set_index("frame").loc["g"]
    assert (g["share_first"], g["share_second"]) == (1 / 8, 1 / 4)


def test_change_interval_with_enough_articles_contains_the_difference():
    rng = np.random.default_rng(1)
    sides = [("e1", int(rng.integers(0, 3)), 10) for _ in range(30)]
    sides += [("e2", int(rng.integers(2, 6)), 10) for _ in range(30)]
    table, _ = frame_change(_articles(sides), ["f"], n_permutations=999, n_bootstrap=999)
    row = table.iloc[0]
    assert row["ci_low"] < row["difference"] < row["ci_high"]
    assert row["ci_low"] > 0 and row["p"] < 0.01  # a clear rise


def test_default_pair_and_a_named_pair():
    art = _articles([("e1", 1, 4), ("e2", 1, 4), ("e2", 2, 4)])
    assert default_between(art) == ("e1", "e2")
    table, notes = frame_change(art, ["f"], between=("e2", "nope"))
    assert table.empty and "no article of event 'nope'" in notes[0]


def test_change_option_is_checked():
    with pytest.raises(ValueError, match="FIRST:SECOND"):
        StudyConfig.model_validate({"statistics": {"change": "only-one"}})
