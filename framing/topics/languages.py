"""Topic models of a multilingual corpus: one model per language, or one shared space.

With the default offline embedding (TF-IDF → SVD fitted on the corpus) the words of two
languages share no dimension, so one model over a mixed corpus sorts units by language before
topic: its first topics are "the English paragraphs" and "the Indonesian paragraphs", and its
labels mix two vocabularies. By default (``space="per_language"``) each language with at least
``min_language_units`` units therefore gets a model of its own, with its own stop words, and
the topics of all languages are numbered one after the other, each row of every table saying
its ``language``; a language with fewer units is listed in the notes, not modelled. A user
with a multilingual sentence-transformers model, whose space does place translations side by
side, can fit one model over every language (``space="joint"``; ``language`` reads ``"all"``).

A unit's language is its own (``paragraphs.language`` / ``sentences.language``, set where a
paragraph is long enough to tell) or, failing that, its article's; missing is ``"und"``.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from framing.config import DEFAULTS
from framing.errors import ConfigError, InputError
from framing.topics.result import TABLE_NAMES, TopicResult

#: How a multilingual corpus is modelled (see the module docstring).
SPACES = ("per_language", "joint")
#: Units a language needs for a topic model of its own.
MIN_LANGUAGE_UNITS = DEFAULTS.topics.min_language_units
#: ``language`` of the rows of a model fitted over every language.
ALL_LANGUAGES = "all"
#: Language of a unit whose language (and its article's) is not known.
UNDETERMINED = "und"


def unit_languages(documents: pd.DataFrame, units: pd.DataFrame) -> np.ndarray:
    """The language of each unit: its own where known, else its article's, else ``"und"``.

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "language": ["en", None]})
    >>> units = pd.DataFrame({"doc_id": ["a", "a", "b"], "language": [None, "id", None]})
    >>> unit_languages(docs, units).tolist()
    ['en', 'id', 'und']
    """
    own = _codes(units["language"]) if "language" in units else pd.Series(pd.NA, index=units.index)
    if "language" in documents:
        of_article = _codes(documents["language"])
        article = dict(zip(documents["doc_id"].astype(str), of_article, strict=True))
        inherited = units["doc_id"].astype(str).map(article)
        own = own.where(own.notna(), inherited)
    return own.fillna(UNDETERMINED).astype(str).to_numpy(object)


def _codes(values: pd.Series) -> pd.Series:
    codes = values.astype("string").str.strip().str.lower()
    return codes.where(codes.notna() & (codes != ""), pd.NA).astype(object)


def check_space(space: str) -> None:
    if space not in SPACES:
        raise ConfigError(f"topics space {space!r}: use one of {', '.join(SPACES)}")


def fit_topics_by_language(
    documents: pd.DataFrame,
    units: pd.DataFrame,
    *,
    space: str = DEFAULTS.topics.space,
    min_language_units: int = MIN_LANGUAGE_UNITS,
    **options: Any,
) -> TopicResult:
    """:func:`framing.topics.fit_topics` once per language (or once over all of them).

    Parameters
    ----------
    documents, units : DataFrame
        As in :func:`~framing.topics.fit_topics`; a ``language`` column of ``units`` (else of
        ``documents``) names each unit's language.
    space : {"per_language", "joint"}
        One model per language with at least ``min_language_units`` units, or one model
        over all units (for a multilingual ``embedding_model``).
    min_language_units : int
        Units a language needs for a model of its own; the units of smaller languages are
        left out and listed in ``info["notes"]``.
    **options
        Passed to :func:`~framing.topics.fit_topics` for every model.

    Returns
    -------
    TopicResult
        Every table with a ``language`` column; topic numbers run on from one language to the
        next (each language keeps its own outlier topic -1). ``info["topic_space"]`` says
        how the corpus was modelled and ``info["languages"]`` gives, per language, its units,
        topics, and whether it was modelled. ``model`` is the model of the largest language
        (``models`` holds each).

    Raises
    ------
    InputError
        When no language has enough units.
    """
    from framing.topics.fit import fit_topics

    check_space(space)
    if int(min_language_units) < 4:
        raise ConfigError(
            f"min_language_units={min_language_units}: a topic model needs at least 4 units"
        )
    languages = unit_languages(documents, units)
    sizes = Counter(languages)
    if space == "joint" or len(sizes) <= 1:
        result = fit_topics(documents, units, **options)
        label = ALL_LANGUAGES if space == "joint" else next(iter(sizes), UNDETERMINED)
        described = {code: {"units": int(n), "modelled": True} for code, n in sorted(sizes.items())}
        return _labelled(result, label, space, described)
    modelled = sorted(code for code, n in sizes.items() if n >= min_language_units)
    small = sorted(code for code, n in sizes.items() if n < min_language_units)
    unit = options.get("unit", "paragraph")
    notes = []
    if small:
        n_small = sum(sizes[c] for c in small)
        notes.append(
            f"{n_small:,} {unit}(s) in {len(small)} language(s) with fewer than "
            f"{min_language_units} {unit}s each ({', '.join(small)}): no topic model of their "
            "own, left out of the topic tables"
        )
    results: dict[str, TopicResult] = {}
    for code in modelled:
        try:
            own = _own_parts(options)  # a supplied sub-model is fitted once per language
            results[code] = fit_topics(documents, units[languages == code], **own)
        except InputError as err:
            notes.append(f"language '{code}': no topic model ({err})")
    if not results:
        raise InputError(
            f"no language has {min_language_units} {unit}s with text for a topic model of its "
            f"own (languages: {', '.join(f'{c} {n}' for c, n in sorted(sizes.items()))})"
        )
    described = {
        code: {"units": int(n), "modelled": code in results} for code, n in sorted(sizes.items())
    }
    return _combined(results, described, notes)


def _own_parts(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with a fresh copy of each supplied sub-model (BERTopic fits them in place;
    one object shared by the models of two languages would end as the second one's). A
    sentence-transformers model is shared: it is only used, never fitted."""
    own = dict(options)
    for name in ("umap_model", "hdbscan_model", "vectorizer_model", "representation_model"):
        if own.get(name) is not None:
            own[name] = copy.deepcopy(own[name])
    embedder = own.get("embedding_model")
    if embedder is not None and hasattr(embedder, "fit") and not hasattr(embedder, "encode"):
        own["embedding_model"] = copy.deepcopy(embedder)
    return own


def _labelled(result: TopicResult, language: str, space: str, languages: dict) -> TopicResult:
    """``result`` with a ``language`` column in every table and the space in ``info``."""
    for attribute in TABLE_NAMES:
        setattr(result, attribute, _with_language(getattr(result, attribute), language))
    if space != "joint":
        for entry in languages.values():
            entry["topics"] = int(result.info.get("n_topics", 0))
    result.info["topic_space"] = space
    result.info["languages"] = languages
    result.models = {language: result.model} if result.model is not None else {}
    return result


def _with_language(table: pd.DataFrame, language: str) -> pd.DataFrame:
    table = table.copy()
    at = table.columns.get_loc("topic") + 1 if "topic" in table else 0
    table.insert(at, "language", language)
    return table


def _combined(results: dict[str, TopicResult], languages: dict, notes: list[str]) -> TopicResult:
    """One :class:`TopicResult` from the results of several languages (topics renumbered)."""
    tables: dict[str, list[pd.DataFrame]] = {attribute: [] for attribute in TABLE_NAMES}
    offset, outliers, units = 0, 0.0, 0
    main = max(results, key=lambda code: (len(results[code].topic_assignments), code))
    for code, result in results.items():
        fitted = result.topic_assignments["topic"].to_numpy(int)
        for attribute in TABLE_NAMES:
            table = _with_language(getattr(result, attribute), code)
            if "topic" in table and len(table):
                topic = pd.to_numeric(table["topic"], errors="coerce")
                table["topic"] = topic.where(topic < 0, topic + offset).astype(table["topic"].dtype)
            tables[attribute].append(table)
        languages[code]["topics"] = int(result.info.get("n_topics", 0))
        offset += int(fitted.max()) + 1 if (fitted >= 0).any() else 0
        outliers += result.outlier_share * len(fitted)
        units += len(fitted)
    first = results[main]
    info = dict(first.info)
    info["n_topics"] = sum(int(r.info.get("n_topics", 0)) for r in results.values())
    info["n_units"] = units
    info["outlier_share_before_reduction"] = sum(
        float(r.info.get("outlier_share_before_reduction", 0.0)) * len(r.topic_assignments)
        for r in results.values()
    ) / max(units, 1)
    aris = [a for r in results.values() for a in r.stability.get("ari", pd.Series()).tolist()]
    info["stability_mean_ari"] = float(np.mean(aris)) if aris else None
    info["parameters_by_language"] = {
        code: r.info.get("parameters", {}) for code, r in results.items()
    }
    info["stop_word_languages"] = sorted(
        {w for r in results.values() for w in r.info.get("stop_word_languages", [])}
    )
    info["notes"] = notes + [
        f"[{code}] {note}" for code, r in results.items() for note in r.info.get("notes", [])
    ]
    info["topic_space"] = "per_language"
    info["languages"] = languages
    return TopicResult(
        **{attribute: pd.concat(parts, ignore_index=True) for attribute, parts in tables.items()},
        outlier_share=outliers / max(units, 1),
        info=info,
        model=first.model,
        fit=first.fit,
        models={code: r.model for code, r in results.items()},
    )
