"""Change in framing between two events or periods, with articles as the units.

The question most framing studies ask first is whether coverage moved: did the outlets frame the
2024 summit differently from the 2023 one? For each frame, the pooled share of sentences using
it in the articles of the first event (or period) is compared with the share in the second:

- the difference of shares (second - first), with a bias-corrected bootstrap interval that
  resamples **articles** within each of the two (a stratified cluster bootstrap: Davison &
  Hinkley 1997, sec. 3.8; Efron 1987), given from :data:`~framing.stats.bootstrap.MIN_ARTICLES`
  articles on;
- a permutation test that shuffles the event labels over whole articles (Good 2005), exact
  when the assignments are few and with Phipson & Smyth's (2010) p-value otherwise, and the
  smallest p the design allows (``p_min``); p-values adjusted across frames.

The articles of one outlet are not independent of each other, and outlets may cover the two
events in different proportions: the caveat of each row says when the outlets of the two sides
differ, since a change in the outlet mix can look like a change in framing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.stats.bootstrap import MIN_ARTICLES, bias_corrected_interval, cluster_bootstrap_sums
from framing.stats.methods import CHANGE_EXACT, CHANGE_MC, family
from framing.stats.multiplicity import adjust_pvalues
from framing.stats.permutation import permutation_chi_square
from framing.utils.ids import positions
from framing.utils.periods import PERIODS, period_starts

#: Columns of the ``change`` table.
COLUMNS = (
    "frame",
    "by",
    "first",
    "second",
    "articles_first",
    "articles_second",
    "share_first",
    "share_second",
    "difference",
    "ci_low",
    "ci_high",
    "statistic",
    "p",
    "p_min",
    "p_adj",
    "method",
    "unit",
    "family",
    "correction",
    "caveat",
)


def default_between(articles: pd.DataFrame, by: str = "event") -> tuple[str, str] | None:
    """The two levels of ``by`` with the most articles (with sentences), earlier first.

    Levels are ordered in time by their articles' first date (then by name). None when fewer
    than two levels have articles.

    Examples
    --------
    >>> art = pd.DataFrame({"doc_id": list("abcde"), "event": ["x", "y", "y", "z", "z"],
    ...     "date": pd.to_datetime(["2024-01-01", "2023-01-01", "2023-01-02", "2024-05-01",
    ...     "2024-05-02"]), "sentences": 3})
    >>> default_between(art)
    ('y', 'z')
    """
    if by not in articles:
        return None
    docs = _one_row_per_article(articles, [by, "date"])
    docs = docs[(docs["sentences"] > 0) & docs[by].notna()]
    if docs[by].nunique() < 2:
        return None
    dates = pd.to_datetime(docs["date"], errors="coerce") if "date" in docs else None
    sizes = docs.groupby(by).size()
    first = (
        dates.groupby(docs[by]).min() if dates is not None else pd.Series(pd.NaT, index=sizes.index)
    )
    levels = pd.DataFrame({"n": sizes, "first": first.reindex(sizes.index)})
    levels["name"] = levels.index.astype(str)
    top = levels.sort_values(["n", "first", "name"], ascending=[False, True, True]).head(2)
    top = top.sort_values(["first", "name"], na_position="last")
    return str(top.index[0]), str(top.index[1])


def frame_change(
    articles: pd.DataFrame,
    frames: Sequence[str],
    *,
    between: Sequence[str] | None = None,
    by: str = "event",
    n_permutations: int = DEFAULTS.statistics.permutations,
    n_bootstrap: int = DEFAULTS.statistics.bootstrap,
    alpha: float = DEFAULTS.statistics.alpha,
    correction: str = DEFAULTS.statistics.correction,
    random_state: int = 0,
    permutation_stop: int = DEFAULTS.statistics.permutation_stop,
) -> tuple[pd.DataFrame, list[str]]:
    """Test, frame by frame, whether framing changed between two events or periods.

    Parameters
    ----------
    articles : DataFrame
        The tidy ``article_frames`` (:func:`framing.stats.units.article_table`), with ``by``.
    frames : sequence of str
        The frames to test.
    between : (str, str), optional
        The two levels of ``by`` compared (first, second); default :func:`default_between`.
    by : str, default "event"
        The column whose levels are compared (``event``, or any column of ``articles``), or
        ``"day"``, ``"week"`` or ``"month"``: periods of the articles' ``date``
        (:func:`framing.utils.periods.period_starts`), named by their first day; the table's
        ``by`` then reads ``"period"``.
    n_permutations, n_bootstrap, alpha, correction, random_state, permutation_stop
        As in :func:`framing.stats.compare_outlets`.

    Returns
    -------
    table : DataFrame
        :data:`COLUMNS`, one row per frame (empty when there are not two levels to compare).
    caveats : list of str
    """
    if by in PERIODS and by not in articles and "date" in articles:
        articles = _with_period(articles, by)
        by = "period"
    chosen = tuple(between) if between else default_between(articles, by)
    if chosen is None or by not in articles:
        return pd.DataFrame(columns=list(COLUMNS)), [
            f"No change over time was tested: the corpus has fewer than two {by}s with articles."
        ]
    first, second = (str(level) for level in chosen)
    docs = _one_row_per_article(articles, [by, "outlet"])
    levels = docs[by].astype(str)
    missing = [level for level in (first, second) if not (levels == level).any()]
    if missing:
        return pd.DataFrame(columns=list(COLUMNS)), [
            f"No change over time was tested: no article of {by} {', '.join(map(repr, missing))}."
        ]
    docs = docs[levels.isin([first, second]).to_numpy() & (docs["sentences"] > 0).to_numpy()]
    doc_side = (docs[by].astype(str) == second).to_numpy(np.int64)
    k, n = _frame_counts(articles, docs["doc_id"], frames)
    sizes = np.bincount(doc_side, minlength=2)
    result = permutation_chi_square(
        doc_side, k, n, n_permutations=n_permutations, random_state=random_state,
        stop_after=permutation_stop,
    )  # fmt: skip
    shares = np.array(
        [k[doc_side == s].sum(axis=0) / np.maximum(n[doc_side == s].sum(axis=0), 1) for s in (0, 1)]
    )
    difference = shares[1] - shares[0]
    low = np.full(len(frames), np.nan)
    high = np.full(len(frames), np.nan)
    if sizes.min() >= MIN_ARTICLES:
        sums = cluster_bootstrap_sums(
            doc_side, np.hstack([k, n]), n_bootstrap, random_state=random_state
        )
        m = len(frames)
        replicate = sums[:, :, :m] / np.maximum(sums[:, :, m:], 1)
        for j in range(m):
            low[j], high[j], _ = bias_corrected_interval(
                replicate[:, 1, j] - replicate[:, 0, j], difference[j], alpha
            )
    outlets = [set(docs.loc[doc_side == s, "outlet"].astype(str)) for s in (0, 1)]
    caveat = []
    if min(sizes) < MIN_ARTICLES:
        caveat.append(f"fewer than {MIN_ARTICLES} articles on a side: no bootstrap interval")
    if outlets[0] != outlets[1]:
        caveat.append(
            f"the outlets differ ({len(outlets[0])} vs {len(outlets[1])}, "
            f"{len(outlets[0] & outlets[1])} in both): a change in the outlet mix can look "
            "like a change in framing"
        )
    method = CHANGE_EXACT if result.exact else CHANGE_MC
    table = pd.DataFrame(
        {
            "frame": list(frames),
            "by": by,
            "first": first,
            "second": second,
            "articles_first": int(sizes[0]),
            "articles_second": int(sizes[1]),
            "share_first": shares[0],
            "share_second": shares[1],
            "difference": difference,
            "ci_low": low,
            "ci_high": high,
            "statistic": result.statistic,
            "p": result.p,
            "p_min": result.p_min,
            "p_adj": adjust_pvalues(result.p, correction),
            "method": method.label,
            "unit": "article",
            "family": family("change", f"{first} → {second} · {len(frames)} frames"),
            "correction": correction,
            "caveat": "; ".join(caveat),
        }
    )
    notes = []
    if result.exact and float(np.min(result.p_min)) > alpha:
        notes.append(
            f"The change from {first} to {second} rests on {int(sizes.sum())} articles: no "
            f"permutation p-value can fall below {float(np.min(result.p_min)):.2g}."
        )
    return table[list(COLUMNS)], notes


def _one_row_per_article(articles: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``doc_id``, ``sentences`` and those of ``columns`` present, one row per article.

    Only these columns are copied: the tidy table has one row per article *and frame*
    (millions at a million articles), the article's own values repeat on each.
    """
    wanted = ["doc_id", "sentences", *[c for c in columns if c in articles]]
    first = ~articles["doc_id"].duplicated().to_numpy()
    return articles.loc[first, list(dict.fromkeys(wanted))].reset_index(drop=True)


def _with_period(articles: pd.DataFrame, period: str) -> pd.DataFrame:
    """``articles`` with a ``period`` column: the start of each article's ``period`` of its date
    (computed once per distinct date, not once per row)."""
    dates = pd.to_datetime(articles["date"], errors="coerce")
    codes, distinct = pd.factorize(dates)
    labels = period_starts(pd.Series(distinct), period).dt.strftime("%Y-%m-%d").to_numpy(object)
    values = np.where(codes >= 0, labels[np.maximum(codes, 0)] if len(labels) else None, None)
    return articles.assign(period=values)


def _frame_counts(
    articles: pd.DataFrame, doc_ids: pd.Series, frames: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Framed sentences ``k`` and sentences ``n`` of the articles ``doc_ids`` (rows), per frame
    (columns); an article without a row of a frame counts 0 of 0 there."""
    k = np.zeros((len(doc_ids), len(frames)))
    n = np.zeros((len(doc_ids), len(frames)))
    frame_codes, frame_names = pd.factorize(articles["frame"])
    position = {str(f): j for j, f in enumerate(frame_names)}
    framed = articles["sentences_with_frame"].to_numpy(float)
    sentences = articles["sentences"].to_numpy(float)
    for j, frame in enumerate(frames):
        if str(frame) not in position:
            continue
        rows = np.flatnonzero(frame_codes == position[str(frame)])
        at = positions(articles["doc_id"].iloc[rows], doc_ids)
        inside = at >= 0
        k[at[inside], j] = framed[rows[inside]]
        n[at[inside], j] = sentences[rows[inside]]
    return k, n
