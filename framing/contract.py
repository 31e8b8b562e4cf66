"""The table contract: the columns of the tables stages pass on, and how a run saves them.

Every stage reads and writes tidy :class:`pandas.DataFrame` objects with the columns listed in
:data:`SCHEMAS` (one row per observation). A run writes each table to ``OUT/tables/NAME.parquet``
and ``OUT/tables/NAME.csv``; the report and ``framing stats`` read them back with
:func:`read_table`, so a researcher can reload any stage in a notebook or in R without
recomputing it.

Stages may add columns; the listed ones are the contract and are checked by
:func:`check_columns`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.errors import InputError

#: Required columns of each table, in their canonical order.
SCHEMAS: dict[str, tuple[str, ...]] = {
    "documents": (
        "doc_id",
        "outlet",
        "date",
        "date_source",
        "event",
        "language",
        "language_source",
        "title",
        "url",
        "source",
        "byline",
        "text",
        "n_tokens",
    ),
    "removed": ("doc_id", "line_no", "line", "rule", "partial"),
    "paragraphs": ("doc_id", "paragraph_id", "text", "start", "end"),
    "sentences": ("doc_id", "paragraph_id", "sentence_id", "text", "start", "end"),
    "frame_hits": ("sentence_id", "doc_id", "frame", "term", "start", "end", "negated"),
    "frame_scores": ("doc_id", "frame", "hits", "sentences_with_frame", "rate_per_1k"),
    "events": ("event", "label", "date_min", "date_max", "n_docs"),
    "event_outlets": ("event", "outlet", "n_docs"),
    "attributions": ("sentence_id", "source", "source_type", "cue", "quote", "hedged", "denial"),
    "reuse": ("doc_id", "paragraph_id", "matched_doc_id", "similarity", "declared_origin"),
    "sourcing": ("outlet", "source_type", "n", "total", "share", "ci_low", "ci_high"),
    "frame_voice": ("sentence_id", "doc_id", "outlet", "frame", "voice"),
    "voice_shares": ("outlet", "frame", "voice", "n", "total", "share", "ci_low", "ci_high"),
    "sides": ("side", "label", "voice", "source_types"),
    "frame_catalog": ("frame", "label", "description", "key"),
    "article_frames": (
        "doc_id",
        "outlet",
        "frame",
        "sentences_with_frame",
        "sentences",
        "hits",
        "n_tokens",
    ),
    "topics": ("topic", "label", "top_terms"),
    "topic_assignments": ("unit_id", "topic"),
    "topic_shares": ("outlet", "topic", "share", "ci_low", "ci_high"),
    "tests": (
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
        "caveat",
    ),
    "models": (
        "frame",
        "model",
        "term",
        "estimate",
        "se",
        "statistic",
        "p",
        "p_adj",
        "ci_low",
        "ci_high",
        "n",
        "method",
        "caveat",
    ),
    "keyness": ("outlet", "term", "score", "z", "p", "p_adj"),
}


def empty_table(name: str) -> pd.DataFrame:
    """Return an empty DataFrame with the contract columns of table ``name``."""
    return pd.DataFrame({column: pd.Series(dtype=object) for column in SCHEMAS[name]})


def check_columns(df: pd.DataFrame, name: str, where: str = "") -> None:
    """Raise :class:`~framing.errors.InputError` if ``df`` lacks a contract column of ``name``.

    Parameters
    ----------
    df : DataFrame
        The table to check.
    name : str
        A key of :data:`SCHEMAS`.
    where : str, optional
        The file the table came from, named in the error.
    """
    missing = [c for c in SCHEMAS[name] if c not in df.columns]
    if missing:
        origin = f"{where}: " if where else ""
        raise InputError(
            f"{origin}table '{name}' lacks column(s) {', '.join(missing)}; "
            f"it needs {', '.join(SCHEMAS[name])}"
        )


def write_table(df: pd.DataFrame, out_dir: str | Path, name: str) -> Path:
    """Write ``df`` to ``out_dir/tables/name.parquet`` and ``.csv``; return the Parquet path.

    Contract columns come first, in their canonical order; extra columns follow. Rows keep their
    order, so a second run with the same input writes byte-identical CSV files.
    """
    tables = Path(out_dir) / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    if name in SCHEMAS:
        check_columns(df, name)
        first = list(SCHEMAS[name])
        df = df[first + [c for c in df.columns if c not in first]]
    df = df.reset_index(drop=True)
    parquet = tables / f"{name}.parquet"
    df.to_parquet(parquet, index=False)
    df.to_csv(tables / f"{name}.csv", index=False, lineterminator="\n")
    return parquet


def read_table(run_dir: str | Path, name: str) -> pd.DataFrame:
    """Read table ``name`` saved by a run in ``run_dir`` (Parquet, or CSV if no Parquet)."""
    tables = Path(run_dir) / "tables"
    parquet, csv = tables / f"{name}.parquet", tables / f"{name}.csv"
    if parquet.exists():
        return pd.read_parquet(parquet)
    if csv.exists():
        return pd.read_csv(csv)
    raise InputError(
        f"{tables}: no table '{name}' (.parquet or .csv); run 'framing run CORPUS --out {run_dir}' first"
    )
