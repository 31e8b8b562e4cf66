"""From frame hits to numbers: ``frame_scores`` per document and frame shares per group.

Both tables list every (unit, frame) pair, zeros included, so that means and tests downstream
see the documents and outlets that never use a frame.

Negated hits ("tidak melanggar sanksi") are recorded but not counted by default; pass
``count_negated=True`` to count them too (saying that something is not a sanctions violation
still puts the sanctions frame before the reader; Lakoff, 2004). ``negated_hits`` is reported
either way.

``article_frames`` is the unit of every statistic downstream: one row per (article, frame) with
the article's framed sentences, sentences, hits and tokens, and its outlet, group, event, date
and language. ``frame_shares`` aggregates it per outlet (or outlet and event, or group), with
the within-article Wilson interval and the article-level interval of :mod:`framing.utils.intervals`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.utils.ids import among, as_categories
from framing.utils.intervals import clustered_share, wilson_interval


def _frames(frame_hits: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    if frames is not None:
        return list(frames)
    return list(pd.unique(frame_hits["frame"].astype(str)))


def _counted(frame_hits: pd.DataFrame, count_negated: bool) -> pd.DataFrame:
    return frame_hits if count_negated else frame_hits[~frame_hits["negated"].astype(bool)]


def _check_ids(frame_hits: pd.DataFrame, sentences: pd.DataFrame) -> None:
    if frame_hits.empty:
        return
    missing = ~among(frame_hits["sentence_id"], sentences["sentence_id"])
    unknown = set(frame_hits.loc[missing, "sentence_id"].astype(str))
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
    count_negated: bool = False,
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
    count_negated : bool, default False
        Count negated hits in ``hits`` and ``sentences_with_frame``.

    Returns
    -------
    DataFrame
        One row per (document, frame): ``doc_id``, ``frame``, ``hits``, ``sentences_with_frame``,
        ``rate_per_1k`` (hits per 1,000 tokens), ``negated_hits``, ``weighted_hits`` (sum of term
        weights), ``core_sentences_with_frame`` (sentences with a counted hit of a core, not
        ``generic``, entry), ``sentences``, ``n_tokens`` and ``note`` (why a rate is missing,
        else "").

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
    core = hits[~hits["generic"].astype(bool)] if "generic" in hits else hits
    core_keys = [core["doc_id"].astype(str), core["frame"].astype(str)]
    table = pd.DataFrame(
        {
            "hits": hits.groupby(keys).size(),
            "sentences_with_frame": hits.groupby(keys)["sentence_id"].nunique(),
            "weighted_hits": weights.groupby(keys).sum(),
            "core_sentences_with_frame": core.groupby(core_keys)["sentence_id"].nunique(),
        }
    )
    all_keys = [frame_hits["doc_id"].astype(str), frame_hits["frame"].astype(str)]
    negated = frame_hits["negated"].astype(bool).groupby(all_keys).sum().rename("negated_hits")
    table = table.join(negated, how="outer").reindex(grid).fillna(0).reset_index()
    counts = ["hits", "sentences_with_frame", "negated_hits", "core_sentences_with_frame"]
    table[counts] = table[counts].astype("int64")
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
    return table[
        [*columns, "weighted_hits", "core_sentences_with_frame", "sentences", "n_tokens", "note"]
    ]


#: Document columns carried into ``article_frames`` (those a corpus has), for grouping.
ARTICLE_METADATA = ("outlet", "group", "event", "date", "language")

#: Columns of ``article_frames``: the unit of every statistic of outlet differences.
ARTICLE_COLUMNS = (
    "doc_id",
    *ARTICLE_METADATA,
    "frame",
    "sentences_with_frame",
    "sentences",
    "hits",
    "negated_hits",
    "n_tokens",
    "core_sentences_with_frame",
)


def article_frames(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    count_negated: bool = False,
) -> pd.DataFrame:
    """The ``article_frames`` table: per (article, frame) counts with the article's metadata.

    Sentence hits are aggregated to per-article counts -- ``sentences_with_frame`` (k) of
    ``sentences`` (n), ``hits`` and ``n_tokens`` -- so that every test and model downstream
    treats articles, not sentences, as the independent units and never needs the sentence
    table. Pass the sentences that shares and statistics count (e.g. without reused copies) and
    the hits in them.

    Parameters
    ----------
    documents : DataFrame
        ``documents`` table (``doc_id``, ``n_tokens``, ``outlet`` and, where present,
        ``group``, ``event``, ``date``, ``language``).
    sentences, frame_hits : DataFrame
        The counted sentences and the hits in them.
    frames : sequence of str, optional
        Frames to report (pass ``lexicon.frame_ids`` so frames without a hit get zeros).
    count_negated : bool, default False
        Count negated hits.

    Returns
    -------
    DataFrame
        Columns :data:`ARTICLE_COLUMNS`; every article appears for every frame (zeros
        included); ``group`` is missing where the study declares no groups.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "n_tokens": [20, 9]})
    >>> sents = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": ["a1", "a2", "b1"]})
    >>> hits = pd.DataFrame({"doc_id": ["a"], "sentence_id": ["a2"], "frame": ["denial"],
    ...     "negated": [False]})
    >>> article_frames(docs, sents, hits)[["doc_id", "outlet", "sentences_with_frame",
    ...     "sentences"]].to_string(index=False)
    'doc_id outlet  sentences_with_frame  sentences\\n     a      X                     1          2\\n     b      Y                     0          1'
    """
    scores = score_frames(
        documents, sentences, frame_hits, frames=frames, count_negated=count_negated
    )
    meta = pd.DataFrame({"doc_id": documents["doc_id"].astype(str)})
    for column in ARTICLE_METADATA:
        meta[column] = documents[column].to_numpy() if column in documents else pd.NA
    table = scores.merge(meta, on="doc_id", how="left", validate="many_to_one")
    return table[list(ARTICLE_COLUMNS)]


def frame_shares(
    articles: pd.DataFrame,
    by: Sequence[str] = ("outlet",),
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Share of sentences using each frame per group (outlet, outlet and event, group …).

    Two intervals are given. ``ci_low``/``ci_high`` is Wilson's score interval (Wilson, 1927),
    which treats the sentences as independent: the *within-article* interval, the right one
    for describing the articles at hand. ``article_ci_low``/``article_ci_high`` treats the
    **articles** as the units (ratio-estimator variance over articles, Kish design effect,
    Wilson interval on the effective sample size; :func:`framing.utils.intervals.clustered_share`):
    the interval for the outlet's coverage in general, and the one the statistics use. A group
    with a single article has no article-level interval.

    Parameters
    ----------
    articles : DataFrame
        The ``article_frames`` table (:func:`article_frames`).
    by : sequence of str, default ("outlet",)
        Columns to group by, e.g. ``("outlet", "event")`` or ``("group",)``. Missing values
        form their own group.
    alpha : float, default 0.05
        1 - confidence level of both intervals.

    Returns
    -------
    DataFrame
        One row per (group, frame): the ``by`` columns, ``frame``, ``sentences``,
        ``sentences_with_frame``, ``share``, ``ci_low``, ``ci_high``, ``articles`` (with at
        least one sentence), ``article_ci_low``, ``article_ci_high``, ``design_effect``,
        ``n_effective``, ``ci_method``, ``article_ci_method``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.

    Kish, L. (1965). *Survey Sampling*. Wiley.

    Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for proportions with small
    expected number of positive counts estimated from survey data. *Survey Methodology*, 24(2),
    193-201.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [
        c for c in ["frame", "sentences", "sentences_with_frame", *by] if c not in articles.columns
    ]
    if missing:
        raise InputError(
            f"article_frames: lacks column(s) {', '.join(missing)} needed to group by; "
            "build it with framing.frames.article_frames"
        )
    # only the columns grouped and summed, of the articles with sentences (not a copy of the
    # whole table: at a million articles it has six million rows)
    data = articles.loc[
        (articles["sentences"] > 0).to_numpy(), [*by, "frame", "sentences_with_frame", "sentences"]
    ]
    k = data["sentences_with_frame"].to_numpy(float)
    n = data["sentences"].to_numpy(float)
    # the keys as codes (factorised by Arrow, not as one Python object per row), sorted as
    # their values sort; frames in the order of their first appearance
    keys = [as_categories(data[c]) for c in by]
    keys.append(as_categories(data["frame"], [str(f) for f in pd.unique(articles["frame"])]))
    table = (
        pd.DataFrame({"k": k, "n": n, "kk": k * k, "kn": k * n, "nn": n * n, "articles": 1})
        .groupby(keys, dropna=False, sort=True, observed=True)
        .sum()
        .reset_index()
    )
    table.columns = [*by, "frame", *table.columns[len(by) + 1 :]]
    for column in by:  # back to the values' own type (a categorical's: its categories')
        dtype = data[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            dtype = dtype.categories.dtype
        table[column] = table[column].astype(dtype)
    table["frame"] = table["frame"].astype(str)
    clustered = clustered_share(
        table["k"], table["n"], table["kk"], table["kn"], table["nn"], table["articles"], alpha
    )
    out = table[[*by, "frame"]].copy()
    out["sentences"] = table["n"].astype("int64")
    out["sentences_with_frame"] = table["k"].astype("int64")
    out["share"] = clustered.share
    out["ci_low"], out["ci_high"] = wilson_interval(
        out["sentences_with_frame"], out["sentences"], alpha
    )
    out["articles"] = table["articles"].astype("int64")
    out["article_ci_low"], out["article_ci_high"] = clustered.ci_low, clustered.ci_high
    out["design_effect"] = clustered.design_effect
    out["n_effective"] = clustered.n_effective
    # the same words on every row: one category and a byte per row, not a string per row (at a
    # million articles the table by outlet and event has millions of rows)
    for column, method in (
        ("ci_method", "Wilson (sentences independent)"),
        ("article_ci_method", "Wilson on Kish effective n, ratio variance over articles, t(m-1)"),
    ):
        out[column] = pd.Categorical.from_codes(np.zeros(len(out), dtype=np.int8), [method])
    return out.reset_index(drop=True)
