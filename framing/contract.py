"""The table contract: the columns of the tables stages pass on, and how a run saves them.

Every stage reads and writes tidy :class:`pandas.DataFrame` objects with the columns listed in
:data:`SCHEMAS` (one row per observation). A run writes each aggregate table to
``OUT/tables/NAME.parquet`` and ``OUT/tables/NAME.csv``, and each per-article table (documents,
sentences, frame hits …) as a Parquet dataset of one file per chunk of articles,
``OUT/tables/NAME/part-00000.parquet`` (:func:`write_part`); the report and ``framing stats``
read them back with :func:`read_table`, and so can a researcher, in a notebook
(``pd.read_parquet("OUT/tables/sentences")``) or in R (``arrow::open_dataset``), without
recomputing anything.

Stages may add columns; the listed ones are the contract and are checked by
:func:`check_columns`.
"""

from __future__ import annotations

import os
import uuid
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
    "events": ("event", "label", "date_min", "date_max", "n_docs", "cohesion"),
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
    for old in table_parts(out_dir, name):  # the table was kept in parts before
        old.unlink()
    df = _ordered(df, name)
    parquet = tables / f"{name}.parquet"
    df.to_parquet(parquet, index=False)
    df.to_csv(tables / f"{name}.csv", index=False, lineterminator="\n")
    return parquet


def _ordered(df: pd.DataFrame, name: str) -> pd.DataFrame:
    if name in SCHEMAS:
        check_columns(df, name)
        first = list(SCHEMAS[name])
        df = df[first + [c for c in df.columns if c not in first]]
    return df.reset_index(drop=True)


def write_part(df: pd.DataFrame, out_dir: str | Path, name: str, part: int) -> Path:
    """Write one part of a per-article table: ``out_dir/tables/name/part-00000.parquet``.

    Per-article tables (documents, sentences, frame hits …) are Parquet datasets of one file
    per chunk of articles, so a run never needs a whole table in memory; ``pd.read_parquet``,
    ``pyarrow.dataset`` and R's ``arrow::open_dataset`` read the folder as one table. The file
    is written under a temporary name and renamed, so an interrupted run never leaves half a
    part.
    """
    folder = Path(out_dir) / "tables" / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in (folder.parent / f"{name}.parquet", folder.parent / f"{name}.csv"):
        old.unlink(missing_ok=True)  # the table was kept whole before
    path = folder / f"part-{part:05d}.parquet"
    # a name of its own: two attempts at one chunk (a worker presumed dead, still writing) never
    # write into one file
    temporary = path.with_suffix(f".{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    _ordered(df, name).to_parquet(temporary, index=False)
    temporary.replace(path)
    return path


def table_parts(run_dir: str | Path, name: str) -> list[Path]:
    """The part files of a per-article table, in order (empty if the table is not a dataset)."""
    folder = Path(run_dir) / "tables" / name
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def has_table(run_dir: str | Path, name: str) -> bool:
    """Whether the run saved table ``name`` (as one file or as a dataset of parts)."""
    tables = Path(run_dir) / "tables"
    return any(p.exists() for p in (tables / f"{name}.parquet", tables / f"{name}.csv")) or bool(
        table_parts(run_dir, name)
    )


def concat_parts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The parts of a table as one DataFrame, with the dtypes of the table read whole.

    A part in which a text column holds no value at all is read back as ``object`` where the
    other parts give ``string``; such columns take the dtype of the parts that have values, so
    a table is the same whatever the number of its parts. Empty parts add no rows.
    """
    if len(frames) == 1:
        return frames[0]
    kept = [f for f in frames if len(f)] or frames[:1]
    if len(kept) == 1:
        return kept[0].reset_index(drop=True)
    for column in kept[0].columns:
        dtypes = {str(f[column].dtype) for f in kept if column in f}
        if len(dtypes) < 2:
            continue
        valued = [f[column].dtype for f in kept if column in f and f[column].notna().any()]
        target = next((d for d in valued if str(d) != "object"), None)
        if target is None:
            continue
        kept = [
            f.astype({column: target}) if column in f and f[column].isna().all() else f
            for f in kept
        ]
    return pd.concat(kept, ignore_index=True)


def read_table(run_dir: str | Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read table ``name`` saved by a run in ``run_dir`` (a dataset, Parquet, or CSV).

    Parameters
    ----------
    run_dir : str or Path
    name : str
    columns : list of str, optional
        Read only these columns (cheap for Parquet: a column is read on its own).
    """
    tables = Path(run_dir) / "tables"
    parts = table_parts(run_dir, name)
    if parts:
        return concat_parts([pd.read_parquet(p, columns=columns) for p in parts])
    parquet, csv = tables / f"{name}.parquet", tables / f"{name}.csv"
    if parquet.exists():
        return pd.read_parquet(parquet, columns=columns)
    if csv.exists():
        return pd.read_csv(csv, usecols=columns)
    raise InputError(
        f"{tables}: no table '{name}' (.parquet or .csv); run 'framing run CORPUS --out {run_dir}' first"
    )


def table_rows(run_dir: str | Path, name: str) -> int:
    """Rows of table ``name`` of a run, from the Parquet footers (no data is read)."""
    import pyarrow.parquet as pq

    tables = Path(run_dir) / "tables"
    files = table_parts(run_dir, name) or [tables / f"{name}.parquet"]
    if files[0].exists():
        return sum(pq.ParquetFile(p).metadata.num_rows for p in files)
    return len(read_table(run_dir, name))


def read_rows(
    run_dir: str | Path,
    name: str,
    column: str,
    values,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """The rows of table ``name`` whose ``column`` is one of ``values`` (``columns`` only).

    Each part is filtered as it is read (Parquet predicate pushdown), so finding a few
    sentences of a large corpus does not load its whole sentence table.
    """
    import pyarrow.parquet as pq

    wanted = sorted({str(v) for v in values})
    tables = Path(run_dir) / "tables"
    files = table_parts(run_dir, name) or [tables / f"{name}.parquet"]
    if not files[0].exists():
        table = read_table(run_dir, name, columns)
        return table[table[column].astype(str).isin(wanted)].reset_index(drop=True)
    if not wanted:
        return pd.read_parquet(files[0], columns=columns).iloc[:0]
    filters = [(column, "in", wanted)]
    frames = [pq.read_table(p, columns=columns, filters=filters).to_pandas() for p in files]
    return concat_parts(frames).reset_index(drop=True)
