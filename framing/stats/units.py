"""The units of inference: articles, and which outlets and groups they let us test.

Every statistic of :mod:`framing.stats` reads the ``article_frames`` table (one row per article
and frame, :func:`framing.frames.article_frames`) and treats **articles** as the independent
units. Which outlets can be compared follows one rule, :func:`outlet_table`: an outlet needs at
least ``min_articles`` articles with sentences. An outlet with fewer is *described* (its share
and within-article interval) but enters no coefficient, contrast or p-value: with one article,
outlet and article cannot be told apart. Groups of outlets (e.g. state media vs. Western press)
are compared with their outlets nested inside them; a group needs ``min_outlets`` testable
outlets (:func:`group_table`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.errors import ConfigError, InputError
from framing.utils.ids import as_categories

#: Label of a missing outlet or event.
UNKNOWN = "(unknown)"
#: Columns ``article_frames`` must have for the statistics.
REQUIRED = ("doc_id", "outlet", "frame", "sentences_with_frame", "sentences", "hits", "n_tokens")
#: Columns of the ``outlets`` table.
OUTLET_COLUMNS = ("outlet", "group", "articles", "sentences", "testable", "status")
#: Columns of the ``groups`` table.
GROUP_COLUMNS = ("group", "outlets", "testable_outlets", "articles", "testable", "status")


def article_table(article_frames: pd.DataFrame, frames: list[str] | None = None) -> pd.DataFrame:
    """``article_frames`` checked and tidied for modelling.

    ``doc_id``, ``outlet``, ``event`` and ``frame`` become strings (a missing outlet or event
    becomes :data:`UNKNOWN`), ``group`` stays missing where no group is declared, counts become
    integers, and frames named in ``frames`` come first in that order.

    Raises
    ------
    InputError
        If a required column is missing, the table is empty, or an (article, frame) pair
        repeats.
    """
    missing = [c for c in REQUIRED if c not in article_frames.columns]
    if missing:
        raise InputError(
            f"article_frames lacks column(s) {', '.join(missing)}; rerun 'framing run' (or "
            "'framing frames') to rebuild it"
        )
    if article_frames.empty:
        raise InputError("article_frames has no rows; the corpus stage found no documents")
    table = article_frames.copy(deep=False)  # copy-on-write: columns replaced, not changed
    table["doc_id"] = _text(table["doc_id"])
    table["frame"] = _labels(table["frame"])
    for column in ("outlet", "event"):
        values = table[column] if column in table else pd.Series(pd.NA, index=table.index)
        table[column] = _labels(values, missing=UNKNOWN)
    group = table["group"] if "group" in table else pd.Series(pd.NA, index=table.index)
    table["group"] = _labels(group, strip=True)
    for column in ("sentences_with_frame", "sentences", "hits", "n_tokens"):
        if str(table[column].dtype) != "int64":
            table[column] = pd.to_numeric(table[column], errors="coerce").fillna(0).astype("int64")
    if table.duplicated(["doc_id", "frame"]).any():
        dup = table.loc[table.duplicated(["doc_id", "frame"]), ["doc_id", "frame"]].iloc[0]
        raise InputError(
            f"article_frames repeats article {dup['doc_id']!r} for frame {dup['frame']!r}; "
            "use the table of one run"
        )
    present = [str(f) for f in pd.unique(table["frame"])]  # in order of appearance
    order = list(dict.fromkeys([*(frames or []), *present]))
    extra = [f for f in (frames or []) if f not in set(present)]
    if extra:  # a frame of the lexicon that no article row carries: zeros for every article
        articles = table.drop_duplicates("doc_id").assign(
            sentences_with_frame=0, hits=0, negated_hits=0
        )
        table = pd.concat([table, *[articles.assign(frame=f) for f in extra]], ignore_index=True)
    # by frame (in ``order``) then article, stably; taken only when not already in that order
    frame_codes = as_categories(table["frame"], order).codes
    doc_codes = pd.factorize(table["doc_id"], sort=True)[0]
    position = np.lexsort((doc_codes, frame_codes))
    if not np.array_equal(position, np.arange(len(position))):
        table = table.take(position)
    return table.reset_index(drop=True)


def _text(values: pd.Series) -> pd.Series:
    """``values`` as strings (left as they are when they already are)."""
    if pd.api.types.is_string_dtype(values.dtype) and not isinstance(
        values.dtype, pd.CategoricalDtype
    ):
        return values
    return values.astype(str)


def _labels(values: pd.Series, *, missing: str | None = None, strip: bool = False) -> pd.Series:
    """A label column (outlet, frame, event, group) as a categorical of strings, sorted.

    One code per row instead of one string: at a million articles the tidy table has a row
    per article and frame, millions of rows. Missing (and, with ``strip``, blank) labels
    become ``missing``, or stay missing when it is None.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, names = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, names = pd.factorize(values)
    names = pd.Series(names, dtype="string")
    names = names.str.strip() if strip else names
    names = names.where(names != "", pd.NA) if strip else names
    texts = np.array([None if pd.isna(n) else str(n) for n in names], dtype=object)
    if missing is not None:
        texts = np.where(pd.isna(texts), missing, texts)
        codes = np.where(codes < 0, len(texts), codes)
        texts = np.append(texts, missing)
    known = ~pd.isna(texts)
    categories = sorted({str(t) for t in texts[known]})
    place = np.full(len(texts) + 1, -1)
    place[:-1][known] = pd.Index(categories).get_indexer(texts[known])
    codes = place[np.where(codes < 0, len(texts), codes)]
    return pd.Series(pd.Categorical.from_codes(codes, categories), index=values.index)


def outlet_table(articles: pd.DataFrame, min_articles: int = 2) -> pd.DataFrame:
    """Each outlet's articles and sentences, and whether it can be tested.

    Parameters
    ----------
    articles : DataFrame
        Output of :func:`article_table` (any one frame's rows suffice; all are used).
    min_articles : int, default 2
        Articles with at least one sentence an outlet needs to enter a test or model.

    Returns
    -------
    DataFrame
        Columns :data:`OUTLET_COLUMNS`, sorted by outlet. ``status`` is ``"tested"``,
        ``"not testable (1 article)"`` (or ``N articles``) or
        ``"not testable (no sentences)"``.

    Examples
    --------
    >>> art = pd.DataFrame({"doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
    ...     "group": [None] * 3, "frame": ["f"] * 3, "sentences": [3, 4, 5]})
    >>> outlet_table(art)[["outlet", "articles", "status"]].values.tolist()
    [['X', 2, 'tested'], ['Y', 1, 'not testable (1 article)']]
    """
    if min_articles < 2:
        raise ConfigError(
            f"min_articles {min_articles}: an outlet needs at least 2 articles to be tested "
            "(with one, outlet and article cannot be told apart); use 2 or more"
        )
    docs = articles.drop_duplicates("doc_id")
    with_text = docs[docs["sentences"] > 0]
    counts = with_text.groupby("outlet").agg(
        articles=("doc_id", "size"), sentences=("sentences", "sum")
    )
    outlets = sorted(str(o) for o in pd.unique(docs["outlet"]))
    table = counts.reindex(outlets, fill_value=0).rename_axis("outlet").reset_index()
    groups = docs.dropna(subset=["group"]).groupby("outlet")["group"].agg(_most_common)
    table["group"] = table["outlet"].map(groups).astype(object)
    table["group"] = table["group"].where(table["group"].notna(), None)
    table["testable"] = table["articles"] >= min_articles
    table["status"] = np.where(
        table["testable"],
        "tested",
        np.where(
            table["articles"] == 0,
            "not testable (no sentences)",
            "not testable ("
            + table["articles"].astype(str)
            + np.where(table["articles"] == 1, " article)", " articles)"),
        ),
    )
    return table[list(OUTLET_COLUMNS)]


def group_table(outlets: pd.DataFrame, min_outlets: int = 2) -> pd.DataFrame:
    """Each declared group's outlets, and whether the group can be compared.

    A group is compared when at least ``min_outlets`` of its outlets are testable: with one,
    the group is that outlet and the comparison would be an outlet comparison. Outlets without a
    group are left out.

    Returns
    -------
    DataFrame
        Columns :data:`GROUP_COLUMNS`, sorted by group; empty when no group is declared.
    """
    declared = outlets.dropna(subset=["group"])
    if declared.empty:
        return pd.DataFrame(columns=list(GROUP_COLUMNS))
    table = (
        declared.groupby("group")
        .agg(
            outlets=("outlet", "size"),
            testable_outlets=("testable", "sum"),
            articles=("articles", "sum"),
        )
        .reset_index()
    )
    table["testable_outlets"] = table["testable_outlets"].astype(int)
    table["testable"] = table["testable_outlets"] >= min_outlets
    table["status"] = np.where(
        table["testable"],
        "tested",
        "not testable (" + table["testable_outlets"].astype(str) + " testable outlet(s))",
    )
    return table[list(GROUP_COLUMNS)]


def choose_reference(outlets: pd.DataFrame, reference: str | None = None) -> tuple[str, str]:
    """The reference outlet of the models, and why it was chosen.

    The default is the testable outlet with most articles (ties: most sentences, then name),
    so that the coefficients compare every outlet with the best-measured one.

    Returns
    -------
    reference : str
        The outlet, or ``""`` when no outlet is testable.
    reason : str
        One sentence for the report.

    Raises
    ------
    ConfigError
        If ``reference`` is not in the corpus or cannot be tested.
    """
    testable = outlets[outlets["testable"]]
    if reference is not None:
        known = set(outlets["outlet"])
        if reference not in known:
            raise ConfigError(
                f"reference outlet {reference!r} is not in the corpus; choose one of "
                f"{', '.join(sorted(testable['outlet']) or sorted(known))}"
            )
        if reference not in set(testable["outlet"]):
            row = outlets.set_index("outlet").loc[reference]
            raise ConfigError(
                f"reference outlet {reference!r} is {row['status']}; choose a testable one: "
                f"{', '.join(sorted(testable['outlet'])) or '(none)'}"
            )
        return reference, f"{reference} was named as the reference outlet."
    if testable.empty:
        return "", "No outlet has enough articles to be tested, so there is no reference outlet."
    ranked = testable.sort_values(
        ["articles", "sentences", "outlet"], ascending=[False, False, True], kind="stable"
    )
    best = ranked.iloc[0]
    tied = ranked[ranked["articles"] == best["articles"]]
    reason = (
        f"{best['outlet']} is the reference outlet: it has the most articles ({best['articles']})"
    )
    if len(tied) > 1:
        reason += f", tied with {len(tied) - 1} other(s) and first by sentences, then name"
    return str(best["outlet"]), reason + "."


def name_list(names: list[str], limit: int = 10) -> str:
    """``"A, B, C"``, or the first ``limit`` names and ``"… and N more"``."""
    names = [str(n) for n in names]
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _most_common(values: pd.Series) -> str:
    counts = values.astype(str).value_counts()
    return sorted(counts.index, key=lambda v: (-counts[v], v))[0]
