"""``compare_outlets``: every statistic of the comparison stage, and its :class:`Comparison`."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.errors import ConfigError
from framing.stats.caveats import corpus_caveats
from framing.stats.change import frame_change
from framing.stats.coefficients import COLUMNS as MODEL_COLUMNS
from framing.stats.contrasts import COLUMNS as CONTRAST_COLUMNS
from framing.stats.contrasts import group_contrasts, outlet_contrasts, outlet_pairs
from framing.stats.frame_tests import OUTCOMES, frame_tests
from framing.stats.group_models import group_models
from framing.stats.keyness import keyness
from framing.stats.methods import family
from framing.stats.multiplicity import CORRECTIONS, adjust_pvalues, check_correction
from framing.stats.regression import outlet_models
from framing.stats.units import (
    article_table,
    choose_reference,
    group_table,
    outlet_table,
)
from framing.utils.ids import as_categories
from framing.utils.latex import to_latex_table
from framing.utils.memory import release_memory

#: Table name -> (caption, columns shown in the LaTeX export and the summary).
LAYOUT: dict[str, tuple[str, tuple[str, ...]]] = {
    "tests": (
        "Do outlets (and groups) differ in their use of each frame? Permutation tests with "
        "articles as units",
        ("frame", "level", "outcome", "statistic", "df", "p", "p_adj", "p_min", "effect", "n"),
    ),
    "models": (
        "Frame use against the reference: odds ratios (share) and rate ratios (rate)",
        ("frame", "level", "model", "term", "ratio", "ratio_ci_low", "ratio_ci_high", "p_adj"),
    ),
    "contrasts": (
        "Pairwise contrasts of pooled shares: odds ratios with profile-likelihood intervals",
        ("frame", "level", "outlet_a", "outlet_b", "share_a", "share_b", "odds_ratio"),
    ),
    "keyness": (
        "Words that set each outlet apart, one language at a time (weighted log-odds with an "
        "informative Dirichlet prior; Welch t over articles)",
        ("outlet", "language", "versus", "term", "score", "z", "p_adj"),
    ),
}


@dataclass
class Comparison:
    """The result of :func:`compare_outlets`.

    Attributes
    ----------
    tests, models, contrasts, keyness : DataFrame
        The statistics (see each module; every row says its ``unit``, ``method``, ``family``
        and ``correction``).
    change : DataFrame
        Change in each frame between two events or periods (:mod:`framing.stats.change`).
    outlets, outlet_groups : DataFrame
        Which outlets and groups could be tested, and why not.
    corrected_shares : DataFrame
        Frame shares corrected for the lexicon's measured error (empty without validation).
    reference : str
        The reference outlet of the models (``""`` when none is testable).
    reference_reason : str
        Why it was chosen, for the report.
    caveats : list of str
        Plain-language sentences on what the data can and cannot support.
    settings : dict
        The options used.
    """

    tests: pd.DataFrame
    models: pd.DataFrame
    contrasts: pd.DataFrame
    keyness: pd.DataFrame
    change: pd.DataFrame
    outlets: pd.DataFrame
    outlet_groups: pd.DataFrame
    corrected_shares: pd.DataFrame
    reference: str
    reference_reason: str
    caveats: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The output tables by name, ready for :func:`framing.contract.write_table`."""
        names = ("tests", "models", "contrasts", "keyness", "change", "outlets", "outlet_groups")
        out = {name: getattr(self, name) for name in names}
        if len(self.corrected_shares):
            out["corrected_shares"] = self.corrected_shares
        return out

    def to_latex(self, name: str, path: str | Path | None = None, *, digits: int = 3) -> str:
        """One table (``tests``, ``models``, ``contrasts`` or ``keyness``) as booktabs LaTeX."""
        if name not in LAYOUT:
            raise ConfigError(f"no table {name!r} to export; choose {', '.join(LAYOUT)}")
        caption, columns = LAYOUT[name]
        caption += f". {self.reference_reason} Correction: {self.settings.get('correction', '')}"
        text = to_latex_table(getattr(self, name), caption, f"tab:framing-{name}", columns, digits)
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def summary(self) -> str:
        """A plain-text summary: caveats, then the main columns of each table."""
        correction = self.settings.get("correction", "holm")
        lines = ["Outlet comparison", "=================", "", self.reference_reason]
        lines += [f"Multiple comparisons: {CORRECTIONS.get(correction, correction)}", ""]
        if self.caveats:
            lines += ["What the data can support:"] + [f"- {c}" for c in self.caveats] + [""]
        for name, (_, wanted) in LAYOUT.items():
            table = getattr(self, name)
            columns = [c for c in wanted if c in table.columns]
            lines += [name, "-" * len(name)]
            lines.append(
                table[columns].to_string(index=False, float_format=lambda v: f"{v:.3g}")
                if len(table)
                else "(no rows)"
            )
            lines.append("")
        return "\n".join(lines)


def compare_outlets(
    article_frames: pd.DataFrame,
    documents: pd.DataFrame | Iterable[pd.DataFrame] | None = None,
    *,
    frames: Iterable[str] | None = None,
    reference: str | None = None,
    min_articles: int = 2,
    min_group_outlets: int = 2,
    alpha: float = 0.05,
    power: float = 0.8,
    correction: str = "holm",
    pairs: Iterable[tuple[str, str]] | None = None,
    all_pairs_max: int = DEFAULTS.statistics.all_pairs_max,
    n_permutations: int = DEFAULTS.statistics.permutations,
    n_bootstrap: int = DEFAULTS.statistics.bootstrap,
    random_state: int = 0,
    permutation_stop: int = DEFAULTS.statistics.permutation_stop,
    keyness_top: int = 20,
    keyness_correction: str = "fdr_bh",
    validation: pd.DataFrame | None = None,
    change: tuple[str, str] | None = None,
    change_by: str = DEFAULTS.statistics.change_by,
    backend=None,
) -> Comparison:
    """Compare how outlets (and groups of outlets) use each frame, with articles as the units.

    Parameters
    ----------
    article_frames : DataFrame
        The ``article_frames`` table (:func:`framing.frames.article_frames`): one row per
        article and frame. The sentence table is never needed.
    documents : DataFrame or iterable of DataFrame, optional
        The ``documents`` table (``doc_id``, ``outlet``, ``language``, ``text``, optional
        ``group``), for keyness, whole or as chunks (read one at a time); without it the
        keyness table is empty.
    frames : iterable of str, optional
        Frame ids to report even when they have no hits, in this order.
    reference : str, optional
        Reference outlet of the models; default the testable outlet with most articles
        (ties: most sentences, then name).
    min_articles : int
        Articles an outlet needs to be tested (:func:`framing.stats.units.outlet_table`).
    min_group_outlets : int
        Testable outlets a group needs to be compared.
    alpha : float
        Intervals have level ``1 - alpha``; minimum detectable effects are for tests at alpha.
    power : float
        Power of the minimum detectable effects.
    correction : {"holm", "fdr_bh"}
        Adjustment of the tests, models and contrasts (each table's family is in its
        ``family`` column).
    pairs : iterable of (str, str), optional
        Outlet pairs for contrasts and head-to-head keyness; default all pairs of testable
        outlets (contrasts) and one-vs-rest only (keyness).
    all_pairs_max : int
        Without ``pairs``, every pair of testable outlets is contrasted only up to this many
        outlets: with ``K`` outlets there are ``K(K-1)/2`` pairs (4,950 at 100), more than a
        reader can use and a multiplicity adjustment can bear. Beyond it the contrasts table
        says so and the models compare each outlet with the reference.
    n_permutations, n_bootstrap : int
        Monte Carlo replicates.
    random_state : int
        Seed; identical inputs and seed give identical tables.
    permutation_stop : int
        ``h`` of the sequential permutation tests (Besag & Clifford 1991): a frame is settled
        once ``h`` permutations reach its statistic; 0 draws all ``n_permutations``.
    keyness_top : int
        Words kept per keyness comparison.
    keyness_correction : {"fdr_bh", "holm"}
        Adjustment of keyness p-values over each comparison's vocabulary.
    validation : DataFrame, optional
        Per frame ``tp``, ``fp``, ``fn``, ``tn`` of the lexicon against human sentence codes
        (``framing validate``); gives ``corrected_shares``.
    change : (str, str), optional
        The two events (or periods) whose framing is compared; default the two events with
        the most articles (:func:`framing.stats.change.default_between`).
    change_by : {"event", "day", "week", "month"}, default "event"
        Whether ``change`` names events, or periods of the articles' dates.
    backend : LocalBackend or DaskBackend, optional
        Where the tests, models, contrasts, keyness and change run (:mod:`framing.backends`):
        one after another here (default), or side by side on a cluster's workers, with the
        article table sent to each worker once. Each has its own seed, so the tables are the
        same either way.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> art = pd.DataFrame({"doc_id": list("abcdef"), "outlet": list("XXXYYY"),
    ...     "frame": "sanctions", "sentences_with_frame": [3, 4, 5, 0, 1, 0],
    ...     "sentences": [10] * 6, "hits": [3, 4, 5, 0, 1, 0], "n_tokens": [200] * 6})
    >>> result = compare_outlets(art, n_permutations=99, n_bootstrap=99)
    >>> first = result.tests.iloc[0]
    >>> first["level"], first["outcome"], first["method"], int(first["n"])
    ('outlets', 'framed sentences', 'permutation over articles, exact', 6)
    """
    check_correction(correction)
    check_correction(keyness_correction)
    for name, value in (("alpha", alpha), ("power", power)):
        if not 0 < value < 1:
            raise ConfigError(f"{name} {value} is not between 0 and 1; use e.g. 0.05 or 0.8")
    frame_list = list(frames) if frames is not None else None
    articles = article_table(article_frames, frame_list)
    del article_frames  # the tidy copy is all that is read from here on
    release_memory()
    frame_ids = [str(f) for f in pd.unique(articles["frame"])]
    outlets = outlet_table(articles, min_articles)
    groups = group_table(outlets, min_group_outlets)
    reference, reason = choose_reference(outlets, reference)
    tested = sorted(outlets.loc[outlets["testable"], "outlet"])
    chosen_pairs = outlet_pairs(tested, pairs) if pairs is not None else None
    options = {"alpha": alpha, "power": power}
    from framing.backends import or_local

    backend = or_local(backend)
    shared = backend.share(articles)  # sent once to each worker of a cluster
    families = [("outlets", o) for o in OUTCOMES] + [("groups", o) for o in OUTCOMES] * bool(
        len(groups)
    )
    test_options = {
        "correction": correction, "n_permutations": n_permutations, "n_bootstrap": n_bootstrap,
        "random_state": random_state, "permutation_stop": permutation_stop, **options,
    }  # fmt: skip
    jobs = {  # independent of each other: each has its own seed, so they may run in any order
        **{
            f"tests {level} {outcome}": (
                frame_tests, (shared, outlets, groups, frame_ids),
                {**test_options, "only": (level, outcome)},
            )
            for level, outcome in families  # one family of tests per job, each its own stream
        },  # fmt: skip
        "keyness": (_keyness, (
            documents, groups, chosen_pairs, min_articles, keyness_top, keyness_correction
        ), {}),
        "models": (_models, (shared, outlets, frame_ids, groups, reference, correction), options),
        "contrasts": (_contrasts, (
            shared, outlets, frame_ids, tested, groups, chosen_pairs, correction, all_pairs_max
        ), options),
        "change": (_change, (
            shared, frame_ids, change, change_by, n_permutations, n_bootstrap, alpha,
            correction, random_state, permutation_stop,
        ), {}),
        "corrected": (_corrected, (shared, validation, groups, alpha, n_bootstrap, random_state),
                      {}),
    }  # fmt: skip
    done = dict(zip(jobs, backend.map(_call, jobs.values()), strict=True))
    del shared
    tests = pd.concat([done[f"tests {level} {outcome}"] for level, outcome in families])
    tests = tests.reset_index(drop=True)
    models, contrasts, corrected = (done[n] for n in ("models", "contrasts", "corrected"))
    key, key_notes = done["keyness"]
    moved, change_notes = done["change"]
    settings = {
        "alpha": alpha,
        "power": power,
        "correction": correction,
        "keyness_correction": keyness_correction,
        "min_articles": min_articles,
        "min_group_outlets": min_group_outlets,
        "random_state": random_state,
        "n_permutations": n_permutations,
        "permutation_stop": permutation_stop,
        "n_bootstrap": n_bootstrap,
        "frames": frame_ids,
    }
    caveats = corpus_caveats(articles, outlets, groups, tests, models, reason, min_articles)
    caveats += key_notes + change_notes
    return Comparison(
        tests=tests,
        models=models,
        contrasts=contrasts,
        keyness=key,
        change=moved,
        outlets=outlets,
        outlet_groups=groups,
        corrected_shares=corrected,
        reference=reference,
        reference_reason=reason,
        caveats=caveats,
        settings=settings,
    )


def _call(job):
    """Run one job of the comparison: ``(function, args, kwargs)``."""
    function, args, kwargs = job
    return function(*args, **kwargs)


def _change(articles, frames, between, by, n_permutations, n_bootstrap, alpha, correction, seed,
            stop):  # fmt: skip
    """The ``change`` table: between two events, or two periods of the articles' dates."""
    if by != "event" and "date" not in articles:
        return frame_change(articles.iloc[:0], frames, by="period")
    return frame_change(
        articles, frames, between=between, by=by, n_permutations=n_permutations,
        n_bootstrap=n_bootstrap, alpha=alpha, correction=correction, random_state=seed,
        permutation_stop=stop,
    )  # fmt: skip


def _by_frame(articles: pd.DataFrame, outlets: pd.DataFrame, frames: list[str]) -> _FrameRows:
    """Per frame, the article rows of testable outlets in the shape the models read."""
    testable = set(outlets.loc[outlets["testable"], "outlet"])
    used = articles[(articles["sentences"] > 0) & articles["outlet"].isin(testable)]
    renamed = used.rename(
        columns={"sentences_with_frame": "k", "sentences": "n", "n_tokens": "tokens"}
    )
    columns = ["doc_id", "outlet", "group", "event", "k", "n", "hits", "tokens"]
    return _FrameRows(renamed[["frame", *columns]], frames)


class _FrameRows:
    """The rows of each frame, cut from one table when asked for (one frame in memory at a
    time, not a second copy of the whole table)."""

    def __init__(self, table: pd.DataFrame, frames: list[str]) -> None:
        self.table, self.frames = table, frames

    def __getitem__(self, frame: str) -> pd.DataFrame:
        rows = self.table.loc[self.table["frame"] == frame]
        return rows.drop(columns="frame").reset_index(drop=True)

    def items(self):
        for frame in self.frames:
            yield frame, self[frame]


def _models(articles, outlets, frames, groups, reference, correction, **options) -> pd.DataFrame:
    by_frame = _by_frame(articles, outlets, frames)
    rows: list[dict] = []
    compared = set(groups.loc[groups["testable"], "group"]) if len(groups) else set()
    for frame, wide in by_frame.items():
        if reference:
            rows += outlet_models(wide, frame, reference, **options)
        else:
            rows.append(
                {"frame": frame, "level": "outlets", "model": "share", "term": "outlet",
                 "method": "not fitted", "status": "not fitted", "n": len(wide),
                 "caveat": "no outlet has enough articles to be modelled"}
            )  # fmt: skip
        if len(compared) >= 2:
            rows += group_models(wide[wide["group"].isin(compared)], frame, **options)
    table = pd.DataFrame(rows, columns=list(MODEL_COLUMNS))
    table["correction"], table["family"] = correction, ""
    for _, part in table.groupby(["frame", "level", "model"], sort=False):
        table.loc[part.index, "p_adj"] = adjust_pvalues(part["p"].to_numpy(float), correction)
        tested = int(part["p"].notna().sum())
        table.loc[part.index, "family"] = family("models", f"{tested} term(s)")
    return table


def _not_compared(frame: str, caveat: str) -> pd.DataFrame:
    """The one row of a frame whose outlets are not contrasted, and why."""
    row = {"frame": frame, "level": "outlets", "method": "not tested", "status": "not tested"}
    return pd.DataFrame([{**row, "unit": "article", "caveat": caveat}])


def _contrasts(
    articles, outlets, frames, tested, groups, pairs, correction, all_pairs_max, **options
) -> pd.DataFrame:
    by_frame = _by_frame(articles, outlets, frames)
    parts = []
    too_many = pairs is None and len(tested) > all_pairs_max
    compared = sorted(groups.loc[groups["testable"], "group"]) if len(groups) else []
    for frame, wide in by_frame.items():
        if too_many:
            n_pairs = len(tested) * (len(tested) - 1) // 2
            parts.append(
                _not_compared(
                    frame,
                    f"{len(tested)} testable outlets make {n_pairs:,} pairs (more than "
                    f"all_pairs_max = {all_pairs_max} outlets): name the pairs to contrast "
                    "(statistics.pairs, --pair A:B); the models compare each outlet with the "
                    "reference",
                )
            )
        elif len(tested) < 2:
            parts.append(
                _not_compared(frame, "fewer than two outlets have enough articles to be compared")
            )
        else:
            codes = as_categories(wide["outlet"], tested).codes
            chosen = pairs if pairs is not None else outlet_pairs(tested)
            part = outlet_contrasts(
                wide["k"].to_numpy(float),
                wide["n"].to_numpy(float),
                codes,
                tested,
                chosen,
                **options,
            )
            parts.append(part.assign(frame=frame))
        if len(compared) >= 2:
            inside = wide[wide["group"].isin(compared)]
            outlet_codes, outlet_names = pd.factorize(inside["outlet"], sort=True)
            group_of = pd.Categorical(
                outlets.set_index("outlet").loc[list(outlet_names), "group"], categories=compared
            ).codes
            part = group_contrasts(
                inside["k"].to_numpy(float), inside["n"].to_numpy(float), outlet_codes,
                np.asarray(group_of), compared, **options,
            )  # fmt: skip
            parts.append(part.assign(frame=frame))
    if not parts:
        return pd.DataFrame(columns=list(CONTRAST_COLUMNS))
    table = pd.concat(parts, ignore_index=True).reindex(columns=list(CONTRAST_COLUMNS))
    table["correction"], table["family"] = correction, ""
    for (_, level), part in table.groupby(["frame", "level"], sort=False):
        table.loc[part.index, "p_adj"] = adjust_pvalues(part["p"].to_numpy(float), correction)
        table.loc[part.index, "family"] = family("contrasts", f"{len(part)} {level} pair(s)")
    return table


def _keyness(documents, groups, pairs, min_articles, top, correction):
    """Keyness of outlets (and groups) from the documents, whole or chunk by chunk."""
    chunks = iter([documents] if isinstance(documents, pd.DataFrame) else documents or [])
    first = next(chunks, None)
    if first is None or "text" not in first:
        return keyness(pd.DataFrame(columns=["doc_id", "outlet", "language", "text"]))[0], []
    levels = ["outlet"] + (["group"] if len(groups) and "group" in first else [])
    return keyness(
        itertools.chain([first], chunks), by=levels, pairs=pairs,
        min_articles=min_articles, top=top, correction=correction,
    )  # fmt: skip


def _corrected(articles, validation, groups, alpha, n_bootstrap, random_state) -> pd.DataFrame:
    if validation is None or validation.empty:
        return pd.DataFrame()
    from framing.frames.scoring import frame_shares
    from framing.stats.misclassification import corrected_shares

    levels = [("outlet",)] + ([("group",)] if len(groups) else [])
    parts = []
    for by in levels:
        shares = frame_shares(articles.dropna(subset=list(by)), by, alpha=alpha)
        part = corrected_shares(
            shares, validation, alpha=alpha, n_bootstrap=n_bootstrap, random_state=random_state
        )
        parts.append(part.rename(columns={by[0]: "name"}).assign(level=f"{by[0]}s"))
    return pd.concat(parts, ignore_index=True)
