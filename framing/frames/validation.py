"""Validation of a lexicon against human coding: precision, recall, F1 and Krippendorff's alpha.

Human codes come as a table with one row per (unit, frame, coder): ``sentence_id`` or
``doc_id``, ``frame``, ``code`` (1 = the unit uses the frame, 0 = it does not) and, optionally,
``coder``. With several coders the reference code of a unit is the majority code; ties are
left out of precision and recall (and counted), and agreement between the coders is reported as
Krippendorff's alpha (nominal). The lexicon says 1 for a unit when it has at least one hit of the
frame (a document, when any of its sentences has).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from framing.errors import InputError

ALL_FRAMES = "(all)"
CODE_VALUES = {0: 0, 1: 1, "0": 0, "1": 1, "yes": 1, "no": 0, "true": 1, "false": 0}


@dataclass
class ValidationResult:
    """Agreement of the lexicon with human codes.

    Attributes
    ----------
    scores : DataFrame
        Per frame (and ``"(all)"``, micro-averaged): ``frame``, ``precision``, ``recall``,
        ``f1``, ``tp``, ``fp``, ``fn``, ``tn``, ``n`` (units with a reference code), ``ties``
        (units left out because coders split evenly), ``note``.
    confusion : DataFrame
        Per frame: ``frame``, ``coded`` (0/1), ``lexicon`` (0/1), ``n``.
    alpha : DataFrame
        Per frame (and ``"(all)"``) when there are at least two coders: ``frame``, ``alpha``,
        ``coders``, ``units``, ``pairable_units``, ``note``; empty with one coder.
    level : str
        ``"sentence"`` or ``"document"``.
    subject : str
        What was validated ("Lexicon", "Attribution").
    """

    scores: pd.DataFrame
    confusion: pd.DataFrame
    alpha: pd.DataFrame
    level: str
    subject: str = "Lexicon"

    def tables(self) -> dict[str, pd.DataFrame]:
        """``scores``, ``confusion`` and ``alpha`` by name (as ``validation_*`` tables)."""
        return {
            "validation_scores": self.scores,
            "validation_confusion": self.confusion,
            "validation_alpha": self.alpha,
        }

    def to_latex(self, path: str | Path | None = None, *, digits: int = 3) -> str:
        """Precision, recall and F1 per frame as a booktabs table (written to ``path``)."""
        from framing.utils.latex import to_latex_table

        columns = ["frame", "precision", "recall", "f1", "tp", "fp", "fn", "tn", "n"]
        text = to_latex_table(
            self.scores,
            f"{self.subject} against human codes ({self.level} level)",
            f"tab:framing-validation-{self.subject.lower()}",
            [c for c in columns if c in self.scores.columns],
            digits,
        )
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

    def summary(self) -> str:
        """A plain-text report: scores per frame, then coder agreement."""
        lines = [f"{self.subject} vs human codes ({self.level} level)", ""]
        shown = self.scores.copy()
        for col in ("precision", "recall", "f1"):
            shown[col] = shown[col].map(lambda v: "n/a" if pd.isna(v) else f"{v:.3f}")
        cols = ["frame", "precision", "recall", "f1", "tp", "fp", "fn", "tn", "n", "ties", "note"]
        lines.append(shown[cols].to_string(index=False))
        if not self.alpha.empty:
            shown = self.alpha.copy()
            shown["alpha"] = shown["alpha"].map(lambda v: "n/a" if pd.isna(v) else f"{v:.3f}")
            lines += ["", "Krippendorff's alpha between coders (nominal)", ""]
            lines.append(shown.to_string(index=False))
        return "\n".join(lines)


def read_codes_file(path: str | Path) -> pd.DataFrame:
    """Read a CSV of human codes (``sentence_id`` or ``doc_id``, ``frame``, ``code``, ``coder``).

    Raises
    ------
    InputError
        One line naming the file when it is missing or not a readable CSV.
    """
    try:
        return pd.read_csv(path, dtype={"sentence_id": str, "doc_id": str, "coder": str})
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; give the CSV of human codes") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not a readable CSV ({err}); save it as UTF-8 CSV") from None


def _read_codes(coded: pd.DataFrame) -> tuple[pd.DataFrame, str, str]:
    if "sentence_id" in coded.columns:
        id_column, level = "sentence_id", "sentence"
    elif "doc_id" in coded.columns:
        id_column, level = "doc_id", "document"
    else:
        id_column, level = "", ""
    missing = [c for c in ("frame", "code") if c not in coded.columns]
    if not id_column or missing:
        raise InputError(
            "coded table: needs columns sentence_id (or doc_id), frame, code (0/1) and "
            f"optionally coder; it has {', '.join(map(str, coded.columns))}"
        )
    codes = pd.DataFrame(
        {
            "unit": coded[id_column].astype(str),
            "frame": coded["frame"].astype(str).str.strip(),
            "coder": coded["coder"].astype(str) if "coder" in coded else "coder",
        }
    )
    raw = coded["code"].map(lambda v: str(v).strip().lower() if isinstance(v, str) else v)
    values = raw.map(lambda v: CODE_VALUES.get(v, CODE_VALUES.get(_as_int(v))))
    bad = values.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"coded table, row {row + 2}: code {coded['code'].iloc[row]!r} is not 0 or 1; "
            "code 1 where the unit uses the frame, else 0"
        )
    codes["code"] = values.astype(int)
    if coded[id_column].isna().any():
        row = int(np.flatnonzero(coded[id_column].isna().to_numpy())[0])
        raise InputError(f"coded table, row {row + 2}: {id_column} is empty; fill it in")
    repeated = codes.duplicated(["unit", "frame", "coder"])
    if repeated.any():
        first = codes[repeated].iloc[0]
        raise InputError(
            f"coded table: coder {first['coder']!r} coded {id_column} {first['unit']!r} for "
            f"frame {first['frame']!r} more than once; keep one row (or add a coder column)"
        )
    return codes, id_column, level


def _as_int(value: object) -> object:
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return None
    return int(as_float) if as_float in (0.0, 1.0) else None


def _ratio(num: int, den: int) -> float:
    return num / den if den else np.nan


def _score_row(frame: str, tp: int, fp: int, fn: int, tn: int, ties: int) -> dict:
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    notes = []
    if tp + fp == 0:
        notes.append("lexicon found no unit: precision undefined")
    if tp + fn == 0:
        notes.append("coders marked no unit: recall undefined")
    if np.isnan(precision) or np.isnan(recall):
        f1 = np.nan
    else:
        f1 = _ratio(2 * precision * recall, precision + recall)
        f1 = 0.0 if np.isnan(f1) else f1
    return {
        "frame": frame,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "n": tp + fp + fn + tn,
        "ties": ties,
        "note": "; ".join(notes),
    }


def _alpha_row(frame: str, codes: pd.DataFrame) -> dict:
    matrix = codes.pivot(index="coder", columns="unit", values="code").astype(float)
    pairable = int((matrix.notna().sum(axis=0) >= 2).sum())
    row = {
        "frame": frame,
        "alpha": np.nan,
        "coders": matrix.shape[0],
        "units": matrix.shape[1],
        "pairable_units": pairable,
        "note": "",
    }
    if pairable == 0:
        row["note"] = "no unit coded by two coders: alpha undefined"
    elif codes["code"].nunique() < 2:
        row["note"] = "every code is the same: alpha undefined"
    else:
        row["alpha"] = float(
            krippendorff.alpha(reliability_data=matrix.to_numpy(), level_of_measurement="nominal")
        )
    return row


def validate_codes(
    coded: pd.DataFrame,
    frame_hits: pd.DataFrame,
    units: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    count_negated: bool = True,
) -> ValidationResult:
    """Compare human codes with the lexicon: precision, recall, F1 and coder agreement.

    Parameters
    ----------
    coded : DataFrame
        Human codes: ``sentence_id`` (or ``doc_id``), ``frame``, ``code`` (0/1), optionally
        ``coder``.
    frame_hits : DataFrame
        Output of :func:`framing.frames.match_frames` on the same corpus.
    units : DataFrame
        The ``sentences`` table (sentence-level codes) or the ``documents`` or ``sentences``
        table (document-level codes); every coded id must be in it.
    frames : sequence of str, optional
        Frames the lexicon defines; a coded frame outside them is an error (a typo). Default:
        no check.
    count_negated : bool, default True
        Let a negated hit make the lexicon say 1, as in :func:`framing.frames.score_frames`.

    Returns
    -------
    ValidationResult

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication Departmental Papers, University of Pennsylvania.

    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology* (2nd ed.).
    Sage.
    """
    codes, id_column, level = _read_codes(coded)
    if id_column not in units.columns:
        raise InputError(
            f"coded table uses {id_column} but the units table has no {id_column} column; "
            f"pass the {'sentences' if level == 'sentence' else 'documents'} table"
        )
    unknown = sorted(set(codes["unit"]) - set(units[id_column].astype(str)))
    if unknown:
        raise InputError(
            f"coded table: {len(unknown)} {id_column}(s) not in the corpus (e.g. {unknown[0]!r}); "
            "code units of the same corpus run"
        )
    if frames is not None:
        stray = sorted(set(codes["frame"]) - set(frames))
        if stray:
            raise InputError(
                f"coded table: frame {stray[0]!r} is not in the lexicon ({', '.join(frames)}); "
                "fix the frame id"
            )
    hits = frame_hits if count_negated else frame_hits[~frame_hits["negated"].astype(bool)]
    predicted = set(zip(hits[id_column].astype(str), hits["frame"].astype(str), strict=True))

    votes = codes.groupby(["frame", "unit"])["code"].agg(["sum", "count"]).reset_index()
    votes["tie"] = 2 * votes["sum"] == votes["count"]
    votes["coded"] = (2 * votes["sum"] > votes["count"]).astype(int)
    votes["lexicon"] = [
        int((u, f) in predicted) for u, f in zip(votes["unit"], votes["frame"], strict=True)
    ]
    decided = votes[~votes["tie"]]
    frame_order = list(dict.fromkeys(codes["frame"]))
    confusion = (
        decided.groupby(["frame", "coded", "lexicon"]).size().rename("n").reset_index()
        if not decided.empty
        else pd.DataFrame(columns=["frame", "coded", "lexicon", "n"])
    )
    grid = pd.MultiIndex.from_product(
        [frame_order, [1, 0], [1, 0]], names=["frame", "coded", "lexicon"]
    )
    confusion = confusion.set_index(["frame", "coded", "lexicon"])["n"].reindex(grid, fill_value=0)
    confusion = confusion.astype("int64").reset_index()

    rows = []
    totals = np.zeros(5, dtype=int)
    for frame in frame_order:
        cell = confusion[confusion["frame"] == frame].set_index(["coded", "lexicon"])["n"]
        counts = np.array(
            [cell[1, 1], cell[0, 1], cell[1, 0], cell[0, 0], votes[votes["frame"] == frame]["tie"].sum()]
        )  # fmt: skip
        totals += counts
        rows.append(_score_row(frame, *map(int, counts)))
    if len(frame_order) > 1:
        rows.append(_score_row(ALL_FRAMES, *map(int, totals)))
    scores = pd.DataFrame(rows)

    alpha_rows = []
    if codes["coder"].nunique() >= 2:
        for frame in frame_order:
            alpha_rows.append(_alpha_row(frame, codes[codes["frame"] == frame]))
        if len(frame_order) > 1:
            pooled = codes.assign(unit=codes["unit"] + "|" + codes["frame"])
            alpha_rows.append(_alpha_row(ALL_FRAMES, pooled))
    alpha_columns = ["frame", "alpha", "coders", "units", "pairable_units", "note"]
    alpha = pd.DataFrame(alpha_rows, columns=alpha_columns)
    return ValidationResult(scores=scores, confusion=confusion, alpha=alpha, level=level)


def validate_coded_sentences(
    path: str | Path,
    lexicon,
    *,
    count_negated: bool = True,
    languages: Sequence[str] | None = None,
) -> ValidationResult:
    """The lexicon against a file of coded sentences (text and one 0/1 column per frame).

    The file is a CSV with ``sentence_id``, ``language``, ``text`` and one column per frame
    (1: the sentence puts that frame before the reader, negated or not), such as
    ``data/validation/coded_sentences.csv``, which was written for this project from the frame
    definitions alone, without reading the lexicon. Each sentence is matched in its own
    language (:func:`framing.frames.match_frames`) and compared with its codes by
    :func:`validate_codes` (so a negated hit says 1, as the coding rule does).

    Parameters
    ----------
    path : str or Path
        The coded sentences.
    lexicon : Lexicon
    count_negated : bool, default True
    languages : sequence of str, optional
        Keep only the sentences of these languages.

    Returns
    -------
    ValidationResult
    """
    from framing.frames.matching import match_frames

    table = pd.read_csv(path, dtype={"sentence_id": str, "language": str, "text": str})
    missing = [c for c in ("sentence_id", "language", "text") if c not in table]
    if missing:
        raise InputError(f"{path}: lacks column(s) {', '.join(missing)}")
    if languages is not None:
        table = table[table["language"].isin(list(languages))]
    frames = [c for c in table.columns if c not in ("sentence_id", "language", "text")]
    sentences = pd.DataFrame(
        {
            "doc_id": table["sentence_id"],
            "sentence_id": table["sentence_id"],
            "start": 0,
            "text": table["text"],
            "language": table["language"],
        }
    ).reset_index(drop=True)
    hits = match_frames(sentences, lexicon)
    known = [f for f in frames if f in set(lexicon.frame_ids)]
    coded = table.melt(
        id_vars=["sentence_id"], value_vars=known, var_name="frame", value_name="code"
    )
    return validate_codes(coded, hits, sentences, frames=known, count_negated=count_negated)
