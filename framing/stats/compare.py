"""``compare_outlets``: every statistic of the comparison stage, and its :class:`Comparison`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from framing.errors import ConfigError
from framing.stats.contrasts import outlet_pairs, pairwise_contrasts
from framing.stats.design import document_design, document_metadata, sentence_design
from framing.stats.frame_tests import frame_outlet_tests
from framing.stats.keyness import keyness
from framing.stats.latex import to_latex_table
from framing.stats.multiplicity import CORRECTIONS, check_correction
from framing.stats.regression import frame_models

#: Table name -> (caption, columns shown in the LaTeX export).
LATEX_LAYOUT: dict[str, tuple[str, tuple[str, ...]]] = {
    "tests": (
        "Frame by outlet tests",
        (
            "frame",
            "level",
            "method",
            "statistic",
            "df",
            "p",
            "p_adj",
            "effect",
            "effect_ci_low",
            "effect_ci_high",
            "n",
        ),
    ),
    "models": (
        "Frame use by outlet: odds ratios (logit) and rate ratios (count)",
        ("frame", "model", "term", "ratio", "ratio_ci_low", "ratio_ci_high", "p", "p_adj", "n"),
    ),
    "contrasts": (
        "Pairwise outlet contrasts (share of sentences with the frame)",
        (
            "frame",
            "outlet_a",
            "outlet_b",
            "share_a",
            "share_b",
            "odds_ratio",
            "ci_low",
            "ci_high",
            "p",
            "p_adj",
        ),
    ),
    "keyness": (
        "Distinctive words per outlet (weighted log-odds, informative Dirichlet prior)",
        ("outlet", "versus", "term", "count", "count_versus", "score", "z", "g2", "p_adj"),
    ),
}


@dataclass
class Comparison:
    """The result of :func:`compare_outlets`.

    Attributes
    ----------
    tests, models, contrasts, keyness : DataFrame
        The four tables (see :data:`framing.tables.SCHEMAS` and each module's docs).
    sentence_design, document_design : DataFrame
        The unit-level tables the statistics were computed from.
    reference : str
        The reference outlet of the models.
    caveats : list of str
        Plain-language sentences on what the data can and cannot support, for the report.
    settings : dict
        The options used (alpha, correction, replicates, seed).
    """

    tests: pd.DataFrame
    models: pd.DataFrame
    contrasts: pd.DataFrame
    keyness: pd.DataFrame
    sentence_design: pd.DataFrame
    document_design: pd.DataFrame
    reference: str
    caveats: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The four output tables by name, ready for :func:`framing.tables.write_table`."""
        return {name: getattr(self, name) for name in LATEX_LAYOUT}

    def to_latex(self, name: str, digits: int = 3) -> str:
        """One table (``tests``, ``models``, ``contrasts`` or ``keyness``) as booktabs LaTeX."""
        if name not in LATEX_LAYOUT:
            raise ConfigError(f"no table {name!r} to export; choose {', '.join(LATEX_LAYOUT)}")
        caption, columns = LATEX_LAYOUT[name]
        table = getattr(self, name)
        caption = f"{caption}. Reference outlet: {self.reference}; correction: " + str(
            self.settings.get("correction", "")
        )
        return to_latex_table(table, caption, f"tab:framing-{name}", columns, digits)

    def summary(self) -> str:
        """A plain-text summary: caveats, then the main columns of each table."""
        lines = ["Outlet comparison", "=================", ""]
        lines += [f"Reference outlet: {self.reference}"]
        correction = self.settings.get("correction", "holm")
        lines += [f"Multiple comparisons: {CORRECTIONS.get(correction, correction)}", ""]
        if self.caveats:
            lines += ["What the data can support:"] + [f"- {c}" for c in self.caveats] + [""]
        for name in LATEX_LAYOUT:
            table = getattr(self, name)
            columns = [c for c in LATEX_LAYOUT[name][1] if c in table.columns]
            lines += [name, "-" * len(name)]
            lines.append(
                table[columns].to_string(index=False, float_format=lambda v: f"{v:.3g}")
                if len(table)
                else "(no rows)"
            )
            lines.append("")
        return "\n".join(lines)


def compare_outlets(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    frames: Iterable[str] | None = None,
    reference: str | None = None,
    alpha: float = 0.05,
    correction: str = "holm",
    pairs: Iterable[tuple[str, str]] | None = None,
    n_permutations: int = 9999,
    n_bootstrap: int = 999,
    random_state: int = 0,
    keyness_top: int = 20,
    stop_words: Iterable[str] | None = None,
) -> Comparison:
    """Compare how outlets use each frame: tests, models, pairwise contrasts and keyness.

    Parameters
    ----------
    documents, sentences, frame_hits : DataFrame
        Contract tables of earlier stages (see :data:`framing.tables.SCHEMAS`).
    frames : iterable of str, optional
        Frame ids to report even when they have no hits (flagged in every table).
    reference : str, optional
        Reference outlet of the models; default the outlet with most documents that have
        sentences (ties: first alphabetically).
    alpha : float
        Intervals have level ``1 - alpha``.
    correction : {"holm", "fdr_bh"}
        Multiple-comparison adjustment shown as ``p_adj``.
    pairs : iterable of (str, str), optional
        Outlet pairs for contrasts and head-to-head keyness; default all pairs (contrasts)
        and one-vs-rest only (keyness).
    n_permutations, n_bootstrap : int
        Monte Carlo replicates of permutation tests and bootstrap intervals.
    random_state : int
        Seed; identical inputs and seed give identical tables.
    keyness_top : int
        Words kept per keyness comparison.
    stop_words : iterable of str, optional
        Words left out of keyness.

    Returns
    -------
    Comparison
        The tables, the caveats and the settings used.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "event": ["e", "e"],
    ...                      "n_tokens": [8, 8], "text": ["sanksi sanksi damai", "damai damai"]})
    >>> sents = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "paragraph_id": ["a:p1"] * 2
    ...     + ["b:p1"] * 2, "sentence_id": ["a:s1", "a:s2", "b:s1", "b:s2"], "text": ["."] * 4,
    ...     "start": [0] * 4, "end": [1] * 4})
    >>> hits = pd.DataFrame({"sentence_id": ["a:s1"], "doc_id": ["a"], "frame": ["sanctions"],
    ...     "term": ["sanksi"], "start": [0], "end": [6], "negated": [False]})
    >>> result = compare_outlets(docs, sents, hits, n_permutations=99, n_bootstrap=99)
    >>> result.tests[["frame", "level", "method"]].iloc[0].tolist()
    ['sanctions', 'sentence', 'fisher_exact (sentences)']
    """
    check_correction(correction)
    if not 0 < alpha < 1:
        raise ConfigError(f"alpha {alpha} is not between 0 and 1; use e.g. 0.05")
    meta = document_metadata(documents)
    reference = _reference_outlet(meta, reference, sentences["doc_id"].astype(str))
    pairs = outlet_pairs(meta["outlet"], pairs) if pairs is not None else None
    by_sentence = sentence_design(documents, sentences, frame_hits, frames)
    by_document = document_design(documents, sentences, frame_hits, frames)
    replicates = {"n_permutations": n_permutations, "n_bootstrap": n_bootstrap}
    tests = frame_outlet_tests(
        by_sentence,
        by_document,
        alpha=alpha,
        correction=correction,
        random_state=random_state,
        **replicates,
    )
    models = frame_models(by_sentence, by_document, reference, alpha=alpha, correction=correction)
    contrasts = pairwise_contrasts(
        by_sentence,
        pairs=pairs,
        alpha=alpha,
        correction=correction,
        random_state=random_state,
        **replicates,
    )
    key = keyness(
        documents.assign(doc_id=meta["doc_id"].to_numpy(), outlet=meta["outlet"].to_numpy()),
        pairs=pairs,
        stop_words=stop_words,
        top=keyness_top,
    )
    settings = {
        "alpha": alpha,
        "correction": correction,
        "random_state": random_state,
        "frames": list(by_document["frame"].unique()),
        **replicates,
    }
    return Comparison(
        tests=tests,
        models=models,
        contrasts=contrasts,
        keyness=key,
        sentence_design=by_sentence,
        document_design=by_document,
        reference=reference,
        caveats=corpus_caveats(meta, by_document, tests, models),
        settings=settings,
    )


def _reference_outlet(
    meta: pd.DataFrame, reference: str | None, with_sentences: Iterable[str] = ()
) -> str:
    """The named reference outlet, or the one with most documents that have sentences."""
    counts = meta["outlet"].value_counts()
    if reference is None:
        # an outlet whose documents have no sentences cannot anchor the models
        usable = meta.loc[meta["doc_id"].isin(set(with_sentences)), "outlet"].value_counts()
        usable = usable if len(usable) else counts
        return sorted(usable.index, key=lambda o: (-usable[o], o))[0]
    if reference not in counts.index:
        raise ConfigError(
            f"reference outlet {reference!r} is not in the corpus; "
            f"choose one of {', '.join(sorted(counts.index))}"
        )
    return reference


def corpus_caveats(
    meta: pd.DataFrame,
    by_document: pd.DataFrame,
    tests: pd.DataFrame,
    models: pd.DataFrame,
) -> list[str]:
    """Plain-language sentences on the limits of the comparison, for the report.

    Parameters
    ----------
    meta : DataFrame
        Output of :func:`framing.stats.design.document_metadata`.
    by_document : DataFrame
        The document design.
    tests, models : DataFrame
        The tests and models tables (their ``caveat`` columns are summarised).

    Returns
    -------
    list of str
        Sentences, most important first.
    """
    docs_per_outlet = meta.groupby("outlet")["doc_id"].nunique()
    n_outlets, n_docs = len(docs_per_outlet), len(meta)
    caveats = []
    if n_outlets < 2:
        caveats.append(
            f"The corpus has a single outlet ({docs_per_outlet.index[0]}), so no outlet "
            "comparison is possible; tables list the frames with the reason."
        )
    elif (docs_per_outlet == 1).all():
        caveats.append(
            f"Each of the {n_outlets} outlets is represented by one article ({n_docs} in "
            "all): differences describe these articles, not the outlets' coverage in "
            "general. Tests therefore treat sentences as independent and use exact or "
            "permutation methods, and model standard errors are model-based, not clustered."
        )
    elif (docs_per_outlet == 1).any():
        single = ", ".join(sorted(docs_per_outlet.index[docs_per_outlet == 1]))
        caveats.append(
            f"Some outlets have a single article ({single}); comparisons involving them "
            "describe that article only and use exact or permutation methods."
        )
    if models["caveat"].fillna("").str.contains("confounded").any():
        caveats.append(
            "Event and outlet are confounded (outlets do not each cover several events), so "
            "the models cannot separate an outlet effect from an event effect; the event term "
            "was left out and outlet differences may partly reflect the event covered."
        )
    if models["method"].fillna("").str.startswith("Firth").any():
        frames = sorted(models.loc[models["method"].str.startswith("Firth"), "frame"].unique())
        caveats.append(
            "Some outlets never (or always) use a frame, which breaks ordinary maximum "
            f"likelihood; models for {', '.join(frames)} use Firth's penalised likelihood."
        )
    absent = by_document.groupby("frame")["hits"].sum()
    if (absent == 0).any():
        caveats.append(
            f"No hits at all for {', '.join(sorted(absent.index[absent == 0]))}: these "
            "frames could not be tested."
        )
    if n_outlets > 1 and n_docs < 30 and not (docs_per_outlet == 1).all():
        caveats.append(
            f"Only {n_docs} articles: permutation p-values are coarse and cluster-robust "
            "standard errors may be too small."
        )
    if (tests["method"] == "not tested").all() and n_outlets >= 2:
        caveats.append("No frame could be tested; see the caveat column of the tests table.")
    return caveats
