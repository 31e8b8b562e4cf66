"""From frame hits to numbers: ``frame_scores`` per document and frame shares per group.

Both tables list every (unit, frame) pair, zeros included, so that means and tests downstream
see the documents and outlets that never use a frame.

Negated hits ("tidak ... kerja sama militer") count by default: saying that something is not a
sanctions violation still puts the sanctions frame before the reader (Lakoff, 2004). Pass
``count_negated=False`` to count affirmed hits only; ``negated_hits`` is reported either way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from framing.errors import InputError


def _frames(frame_hits: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    if frames is not None:
        return list(frames)
    return list(pd.unique(frame_hits["frame"].astype(str)))


def _counted(frame_hits: pd.DataFrame, count_negated: bool) -> pd.DataFrame:
    return frame_hits if count_negated else frame_hits[~frame_hits["negated"].astype(bool)]


def _check_ids(frame_hits: pd.DataFrame, sentences: pd.DataFrame) -> None:
    unknown = set(frame_hits["sentence_id"].astype(str)) - set(sentences["sentence_id"].astype(str))
    if unknown:
        example = sorted(unknown)[0]
        raise InputError(
            f"frame_hits: {len(unknown)} sentence_id(s) not in sentences (e.g. {example!r}); "
            "match and score the same sentences table"
        )


def score_frames(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    count_negated: bool = True,
) -> pd.DataFrame:
    """The ``frame_scores`` table: hits, sentences with the frame and rate per document.

    Parameters
    ----------
    documents : DataFrame
        ``documents`` table (``doc_id``, ``n_tokens``).
    sentences : DataFrame
        ``sentences`` table (``doc_id``, ``sentence_id``).
    frame_hits : DataFrame
        Output of :func:`framing.frames.match_frames`.
    frames : sequence of str, optional
        Frames to report (default: those in ``frame_hits``); pass ``lexicon.frame_ids`` so
        frames without a single hit still get rows of zeros.
    count_negated : bool, default True
        Count negated hits in ``hits`` and ``sentences_with_frame``.

    Returns
    -------
    DataFrame
        One row per (document, frame): ``doc_id``, ``frame``, ``hits``, ``sentences_with_frame``,
        ``rate_per_1k`` (hits per 1,000 tokens), ``negated_hits``, ``weighted_hits`` (sum of term
        weights), ``sentences``, ``n_tokens`` and ``note`` (why a rate is missing, else "").

    Examples
    --------
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "n_tokens": [200]})
    >>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sentence_id": ["a:s1", "a:s2"]})
    >>> hits = pd.DataFrame({"doc_id": ["a"], "sentence_id": ["a:s2"], "frame": ["denial"],
    ...     "negated": [False], "weight": [1.0]})
    >>> scores = score_frames(docs, sents, hits)
    >>> print(scores[["doc_id", "frame", "hits", "sentences_with_frame", "rate_per_1k"]])
      doc_id   frame  hits  sentences_with_frame  rate_per_1k
    0      a  denial     1                     1          5.0
    """
    _check_ids(frame_hits, sentences)
    frame_list = _frames(frame_hits, frames)
    hits = _counted(frame_hits, count_negated)
    doc_ids = documents["doc_id"].astype(str)
    grid = pd.MultiIndex.from_product([doc_ids, frame_list], names=["doc_id", "frame"])
    keys = [hits["doc_id"].astype(str), hits["frame"].astype(str)]
    weights = hits["weight"] if "weight" in hits else pd.Series(1.0, index=hits.index)
    table = pd.DataFrame(
        {
            "hits": hits.groupby(keys).size(),
            "sentences_with_frame": hits.groupby(keys)["sentence_id"].nunique(),
            "weighted_hits": weights.groupby(keys).sum(),
        }
    )
    all_keys = [frame_hits["doc_id"].astype(str), frame_hits["frame"].astype(str)]
    negated = frame_hits["negated"].astype(bool).groupby(all_keys).sum().rename("negated_hits")
    table = table.join(negated, how="outer").reindex(grid).fillna(0).reset_index()
    table[["hits", "sentences_with_frame", "negated_hits"]] = table[
        ["hits", "sentences_with_frame", "negated_hits"]
    ].astype("int64")
    table["weighted_hits"] = table["weighted_hits"].astype(float)
    n_sentences = sentences.groupby(sentences["doc_id"].astype(str)).size()
    table["sentences"] = table["doc_id"].map(n_sentences).fillna(0).astype("int64")
    n_tokens = documents.set_index(doc_ids)["n_tokens"]
    table["n_tokens"] = table["doc_id"].map(n_tokens).astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 1000.0 * table["hits"] / table["n_tokens"]
    table["rate_per_1k"] = rate.where(table["n_tokens"] > 0)
    table["note"] = np.where(table["n_tokens"] > 0, "", "no tokens: rate undefined")
    columns = ["doc_id", "frame", "hits", "sentences_with_frame", "rate_per_1k", "negated_hits"]
    return table[[*columns, "weighted_hits", "sentences", "n_tokens", "note"]]


def wilson_interval(successes, trials, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions (Wilson, 1927).

    Parameters
    ----------
    successes, trials : array-like of int
        Counts; ``trials`` must be positive.
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    low, high : ndarray
        Interval bounds.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.

    Examples
    --------
    >>> low, high = wilson_interval([2], [10])
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.0567, 0.5098)
    """
    low, high = proportion_confint(
        np.asarray(successes), np.asarray(trials), alpha=alpha, method="wilson"
    )
    return np.atleast_1d(low), np.atleast_1d(high)


def frame_shares(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    by: Sequence[str] = ("outlet",),
    *,
    frames: Sequence[str] | None = None,
    count_negated: bool = True,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Share of sentences using each frame per group (outlet, or outlet and event), with CIs.

    The interval is Wilson's score interval (Wilson, 1927). It treats sentences as independent;
    sentences of one article are not, so the interval is too narrow when a few articles
    dominate a group. ``documents`` is reported beside it; use document-level models in
    :mod:`framing.stats` for inference.

    Parameters
    ----------
    documents : DataFrame
        ``documents`` table with ``doc_id`` and the ``by`` columns.
    sentences : DataFrame
        ``sentences`` table.
    frame_hits : DataFrame
        Output of :func:`framing.frames.match_frames`.
    by : sequence of str, default ("outlet",)
        Document columns to group by, e.g. ``("outlet", "event")``. Missing values form their
        own group (an article without an event is kept, with ``event`` NA).
    frames : sequence of str, optional
        Frames to report (default: those in ``frame_hits``).
    count_negated : bool, default True
        Count sentences whose only hits of the frame are negated.
    alpha : float, default 0.05
        1 - confidence level of the interval.

    Returns
    -------
    DataFrame
        One row per (group, frame): the ``by`` columns, ``frame``, ``sentences``,
        ``sentences_with_frame``, ``share``, ``ci_low``, ``ci_high``, ``documents``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in ["doc_id", *by] if c not in documents.columns]
    if missing:
        raise InputError(f"documents: lacks column(s) {', '.join(missing)} needed to group by")
    _check_ids(frame_hits, sentences)
    frame_list = _frames(frame_hits, frames)
    meta = documents[["doc_id", *by]].assign(doc_id=documents["doc_id"].astype(str))
    units = sentences[["doc_id", "sentence_id"]].astype(str).merge(meta, on="doc_id", how="left")
    lost = units[by].isna().all(axis=1) & ~units["doc_id"].isin(meta["doc_id"])
    if lost.any():
        raise InputError(
            f"sentences: doc_id {units.loc[lost, 'doc_id'].iloc[0]!r} is not in documents; "
            "pass the documents and sentences of the same corpus"
        )
    hits = _counted(frame_hits, count_negated)
    rows = []
    for key, group in units.groupby(by, dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        in_group = hits[hits["sentence_id"].astype(str).isin(group["sentence_id"])]
        with_frame = in_group.groupby(in_group["frame"].astype(str))["sentence_id"].nunique()
        for frame in frame_list:
            rows.append(
                (*key, frame, len(group), int(with_frame.get(frame, 0)), group["doc_id"].nunique())
            )
    columns = [*by, "frame", "sentences", "sentences_with_frame", "documents"]
    table = pd.DataFrame(rows, columns=columns)
    if table.empty:
        return table.assign(share=[], ci_low=[], ci_high=[])[
            [*by, "frame", "sentences", "sentences_with_frame", "share", "ci_low", "ci_high"]
            + ["documents"]
        ]
    table["share"] = table["sentences_with_frame"] / table["sentences"]
    table["ci_low"], table["ci_high"] = wilson_interval(
        table["sentences_with_frame"], table["sentences"], alpha
    )
    order = [*by, "frame", "sentences", "sentences_with_frame", "share", "ci_low", "ci_high"]
    return table[[*order, "documents"]]
