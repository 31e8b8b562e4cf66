"""Design matrices on covariate cells: the data the models of :mod:`framing.stats` are fitted to.

With outlet (or group) and event as the only covariates, every article of one (outlet, event)
pair shares its row of the design matrix. Binomial and Poisson likelihoods depend on such
articles only through their totals, so the models are fitted to one row per **cell** -- the
sums of framed sentences, sentences, hits and tokens of its articles -- which gives the same
estimates as a fit to the articles (or the sentences) at a cost that depends on the number of
cells, not of articles. What needs the articles themselves (the overdispersion, cluster-robust
scores) is computed from the article rows with each article's cell index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The event level of the articles whose event only one outlet (or group) covers, or that is
#: not among the :data:`MAX_EVENT_LEVELS` largest.
POOLED_EVENTS = "(other events)"
#: Events (covered by several outlets or groups) that keep a level of their own in the models,
#: the largest by articles; the others share :data:`POOLED_EVENTS`. Each level is a parameter
#: of every model and every profile-likelihood interval (Firth's penalty inverts a matrix of
#: all parameters): hundreds of events, as an aligned corpus of tens of thousands of articles
#: has, would make the models cost minutes each, while the largest events carry most of the
#: adjustment.
MAX_EVENT_LEVELS = 20


@dataclass
class CellDesign:
    """A treatment-coded design on covariate cells.

    Attributes
    ----------
    X : DataFrame
        One row per cell; columns ``Intercept``, ``outlet[NAME]`` (or ``group[NAME]``) and,
        when identifiable, ``event[NAME]``.
    cells : DataFrame
        Per cell: the covariates, ``k`` (framed sentences), ``n`` (sentences), ``hits``,
        ``tokens``, ``articles``, and ``cluster`` (the outlet, for cluster-robust errors).
    article_cell : ndarray
        The cell of each article row given to :func:`cell_design`.
    notes : list of str
        Plain-language notes on dropped terms.
    """

    X: pd.DataFrame
    cells: pd.DataFrame
    article_cell: np.ndarray
    notes: list[str]


def reference_level(values: pd.Series) -> str:
    """The level with most rows (ties: first by name), the default reference of a factor."""
    counts = values.value_counts()
    return sorted(counts.index, key=lambda v: (-counts[v], str(v)))[0]


def cell_design(
    articles: pd.DataFrame,
    factor: str,
    reference: str,
    *,
    frame_column: str = "k",
) -> CellDesign:
    """Cells of ``factor`` × event with their totals, and the treatment-coded design.

    Parameters
    ----------
    articles : DataFrame
        One row per article: ``factor`` (``outlet`` or ``group``), ``event``, ``outlet``,
        ``frame_column`` (framed sentences), ``n`` (sentences), ``hits``, ``tokens``.
    factor : str
        The compared factor.
    reference : str
        Its reference level (no column of its own).
    frame_column : str
        Column of the framed-sentence counts.

    Returns
    -------
    CellDesign
        The event term is left out, with a note, when the corpus has one event or when event
        and ``factor`` are confounded (adding it would leave the design rank deficient -- as
        when every outlet covers a single event).

    Examples
    --------
    >>> art = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "event": ["e1", "e2", "e1", "e2"],
    ...     "k": [1, 2, 0, 3], "n": [5, 5, 5, 5], "hits": [1, 2, 0, 3], "tokens": [50] * 4})
    >>> d = cell_design(art, "outlet", "A")
    >>> list(d.X.columns), d.cells["k"].tolist()
    (['Intercept', 'outlet[B]', 'event[e2]'], [1, 2, 0, 3])
    """
    events, pooled, capped = model_events(articles, factor)
    notes = pooled_event_notes(pooled, capped, factor)
    articles = articles.assign(event=events)
    keys = [factor, "event", "outlet"] if factor != "outlet" else ["outlet", "event"]
    grouped = articles.groupby(keys, sort=True)
    cells = grouped.agg(
        k=(frame_column, "sum"),
        n=("n", "sum"),
        hits=("hits", "sum"),
        tokens=("tokens", "sum"),
        articles=("n", "size"),
    ).reset_index()
    article_cell = grouped.ngroup().to_numpy()
    cells["cluster"] = cells["outlet"]
    levels = [reference] + sorted(set(cells[factor]) - {reference})
    columns = {"Intercept": np.ones(len(cells))}
    columns |= {f"{factor}[{lv}]": (cells[factor] == lv).to_numpy(float) for lv in levels[1:]}
    X = pd.DataFrame(columns, index=cells.index)
    if events.nunique() > 1:
        with_events = with_event_columns(X, cells["event"], events)
        if np.linalg.matrix_rank(with_events.to_numpy()) == with_events.shape[1]:
            X = with_events
        else:
            notes.append(
                f"event is confounded with {factor} (the {factor}s do not each cover several "
                "events), so it cannot be separated and was left out"
            )
    return CellDesign(X=X, cells=cells, article_cell=article_cell, notes=notes)


def pooled_event_notes(pooled: int, capped: int, factor: str) -> list[str]:
    """Plain-language notes on the events :func:`model_events` pooled."""
    notes = []
    if pooled:
        notes.append(
            f"{pooled} event{'s' if pooled > 1 else ''} covered by a single {factor} "
            f"{'are' if pooled > 1 else 'is'} pooled into one level '{POOLED_EVENTS}' of the "
            "event term (an event of its own would fit those articles exactly and say nothing "
            f"about the difference between {factor}s)"
        )
    if capped:
        notes.append(
            f"{capped} smaller event{'s' if capped > 1 else ''} covered by several {factor}s "
            f"{'share' if capped > 1 else 'shares'} the level '{POOLED_EVENTS}' too: the models "
            f"keep the {MAX_EVENT_LEVELS} largest events as levels of their own (a coarser "
            "adjustment for the others)"
        )
    return notes


def with_event_columns(X: pd.DataFrame, rows: pd.Series, events: pd.Series) -> pd.DataFrame:
    """``X`` with a treatment-coded column per level of ``events`` but its reference, for
    rows whose event is ``rows`` (built at once: one column at a time fragments the frame)."""
    event_reference = reference_level(events)
    dummies = {
        f"event[{event}]": (rows == event).to_numpy(float)
        for event in sorted(set(events) - {event_reference})
    }
    return pd.concat([X, pd.DataFrame(dummies, index=X.index)], axis=1)


def model_events(
    articles: pd.DataFrame, factor: str, max_levels: int = MAX_EVENT_LEVELS
) -> tuple[pd.Series, int, int]:
    """The event of each article as the models see it, and how many events were pooled: those
    one level of ``factor`` covers, and those beyond the ``max_levels`` largest.

    An event that only one level of ``factor`` covers (one outlet's own story, as most events
    of a large corpus are) gets no level of its own: it would fit its articles exactly,
    separate the likelihood and add a parameter per article without telling anything about
    the compared factor. Such events share one level, :data:`POOLED_EVENTS` (fixed-effects
    estimation of a factor effect draws only on the strata in which the factor varies; Agresti
    2013, sec. 7.3). Events that several levels cover keep their own level.

    References
    ----------
    Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.). Wiley.

    Examples
    --------
    >>> art = pd.DataFrame({"outlet": ["A", "B", "A", "B"], "event": ["e1", "e1", "e2", "e3"]})
    >>> events, pooled, capped = model_events(art, "outlet")
    >>> events.tolist(), pooled, capped
    (['e1', 'e1', '(other events)', '(other events)'], 2, 0)
    >>> model_events(art.assign(event=["e1", "e1", "e2", "e2"]), "outlet", max_levels=1)[2]
    1
    """
    events = articles["event"].astype(object)
    grouped = articles.groupby(events, sort=False)
    coverage, size = grouped[factor].nunique(), grouped.size()
    single = list(coverage.index[coverage < 2])
    if len(single) < 2:  # one such event is a level like any other
        single = []
    shared = coverage.index[coverage >= 2]
    ranked = sorted(shared, key=lambda event: (-size[event], str(event)))
    beyond = ranked[max_levels:]
    pooled = set(single) | set(beyond)
    if not pooled:
        return events, 0, 0
    return events.where(~events.isin(pooled), POOLED_EVENTS), len(single), len(beyond)


def event_identifiable(articles: pd.DataFrame, factor: str) -> bool:
    """Whether an event term can be estimated beside ``factor`` (several events, not confounded).

    Examples
    --------
    >>> art = pd.DataFrame({"outlet": ["A", "A", "B"], "event": ["e1", "e2", "e1"]})
    >>> event_identifiable(art, "outlet"), event_identifiable(art.iloc[[0, 2]], "outlet")
    (True, False)
    """
    articles = articles.assign(event=model_events(articles, factor)[0])
    combos = articles[[factor, "event"]].drop_duplicates()
    if combos["event"].nunique() < 2:
        return False
    X = pd.get_dummies(combos, columns=[factor, "event"], drop_first=True, dtype=float)
    X.insert(0, "Intercept", 1.0)
    return bool(np.linalg.matrix_rank(X.to_numpy()) == X.shape[1])


def separated_levels(cells: pd.DataFrame, X: pd.DataFrame, successes: str, trials: str) -> list:
    """Columns of ``X`` whose level never (or, for shares, always) has the outcome.

    Returns
    -------
    list of (int, str)
        Column index and a phrase such as ``"outlet 'X' never"``.
    """
    out = []
    for j, column in enumerate(X.columns):
        if column == "Intercept":
            continue
        rows = X[column].to_numpy() > 0
        yes = cells.loc[rows, successes].sum()
        total = cells.loc[rows, trials].sum() if trials else np.inf
        name = column.replace("[", " '").replace("]", "'")
        if yes == 0:
            out.append((j, f"{name} never"))
        elif trials and yes == total:
            out.append((j, f"{name} always"))
    return out
