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
    docs = articles[articles["sentences"] > 0].drop_duplicates("doc_id")
    docs = docs[docs[by].notna()]
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
        The column whose levels are compared: ``event``, or a period column.
    n_permutations, n_bootstrap, alpha, correction, random_state
        As in :func:`framing.stats.compare_outlets`.

    Returns
    -------
    table : DataFrame
        :data:`COLUMNS`, one row per frame (empty when there are not two levels to compare).
    caveats : list of str
    """
    chosen = tuple(between) if between else default_between(articles, by)
    if chosen is None or by not in articles:
        return pd.DataFrame(columns=list(COLUMNS)), [
            f"No change over time was tested: the corpus has fewer than two {by}s with articles."
        ]
    first, second = (str(level) for level in chosen)
    levels = articles[by].astype(str)
    missing = [level for level in (first, second) if not (levels == level).any()]
    if missing:
        return pd.DataFrame(columns=list(COLUMNS)), [
            f"No change over time was tested: no article of {by} {', '.join(map(repr, missing))}."
        ]
    used = articles[levels.isin([first, second]) & (articles["sentences"] > 0)]
    docs = used.drop_duplicates("doc_id")
    doc_side = (docs[by].astype(str) == second).to_numpy(np.int64)
    order = {d: i for i, d in enumerate(docs["doc_id"])}
    k = np.zeros((len(docs), len(frames)))
    n = np.zeros((len(docs), len(frames)))
    for j, frame in enumerate(frames):
        rows = used[used["frame"] == frame]
        at = rows["doc_id"].map(order).to_numpy()
        k[at, j] = rows["sentences_with_frame"].to_numpy(float)
        n[at, j] = rows["sentences"].to_numpy(float)
    sizes = np.bincount(doc_side, minlength=2)
    result = permutation_chi_square(
        doc_side, k, n, n_permutations=n_permutations, random_state=random_state
    )
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
