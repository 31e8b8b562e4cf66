"""Validation of attribution against human coding, with the same measures as the lexicon's.

Coders mark, per sentence (or document), labels of its attribution: ``attributed`` (the sentence
attributes a statement to someone), each source type (``western_government``, ``wire_agency``,
…: a statement of the sentence is attributed to a source of that type), ``hedged``, ``denial``
and ``direct_quote``. The codes table has one row per (unit, label, coder): ``sentence_id`` or
``doc_id``, ``label`` (or ``frame``), ``code`` (0/1) and optionally ``coder``.

The extractor says 1 for a (unit, label) when the ``attributions`` table has a row of that
sentence with that label. Precision, recall, F1, the confusion table and Krippendorff's alpha
between coders are computed exactly as for the frame lexicon
(:func:`framing.frames.validate_codes`), so a paper can justify both with one method.
"""

from __future__ import annotations

import pandas as pd

from framing.attribution.lists import SOURCE_TYPES
from framing.errors import InputError
from framing.frames.validation import ValidationResult, validate_codes

#: Labels a coder can give besides the source types.
MARK_LABELS = ("attributed", "hedged", "denial", "direct_quote")


def attribution_labels(attributions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per (sentence, label) the extractor assigns: ``sentence_id, doc_id, frame``.

    Examples
    --------
    >>> attr = pd.DataFrame({"sentence_id": ["a:s1"], "source_type": ["wire_agency"],
    ...     "hedged": [True], "denial": [False], "quote": ["indirect"]})
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sentence_id": ["a:s1"]})
    >>> sorted(attribution_labels(attr, sents)["frame"])
    ['attributed', 'hedged', 'wire_agency']
    """
    rows = []
    for row in attributions.itertuples(index=False):
        rows.append((row.sentence_id, "attributed"))
        rows.append((row.sentence_id, str(row.source_type)))
        if bool(row.hedged):
            rows.append((row.sentence_id, "hedged"))
        if bool(row.denial):
            rows.append((row.sentence_id, "denial"))
        if row.quote == "direct":
            rows.append((row.sentence_id, "direct_quote"))
    labels = pd.DataFrame(rows, columns=["sentence_id", "frame"]).drop_duplicates()
    doc_of = sentences.set_index(sentences["sentence_id"].astype(str))["doc_id"].astype(str)
    labels["doc_id"] = labels["sentence_id"].astype(str).map(doc_of)
    labels["negated"] = False
    return labels[["sentence_id", "doc_id", "frame", "negated"]].reset_index(drop=True)


def validate_attributions(
    coded: pd.DataFrame, attributions: pd.DataFrame, sentences: pd.DataFrame
) -> ValidationResult:
    """Compare human attribution codes with the extractor: precision, recall, F1, alpha.

    Parameters
    ----------
    coded : DataFrame
        ``sentence_id`` (or ``doc_id``), ``label`` (or ``frame``), ``code``, optionally
        ``coder``.
    attributions : DataFrame
        The run's ``attributions`` table.
    sentences : DataFrame
        The run's ``sentences`` table.

    Returns
    -------
    ValidationResult
        Its ``frame`` column holds the labels.

    References
    ----------
    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology* (2nd ed.).
    Sage.
    """
    if "label" in coded.columns:
        if "frame" in coded.columns:
            raise InputError("coded table: has both 'label' and 'frame' columns; keep one")
        coded = coded.rename(columns={"label": "frame"})
    known = list(MARK_LABELS) + list(SOURCE_TYPES)
    known += sorted(set(attributions["source_type"].astype(str)) - set(known))
    labels = attribution_labels(attributions, sentences)
    result = validate_codes(coded, labels, sentences, frames=known)
    result.subject = "Attribution"
    return result
