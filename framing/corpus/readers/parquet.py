"""The ``parquet`` reader: one article per row of a Parquet file, or of a folder of them.

A file is read a batch of rows at a time (:meth:`pyarrow.parquet.ParquetFile.iter_batches`);
a folder (a Parquet *dataset*, e.g. the ``part-*.parquet`` files a Spark or Dask job writes)
is read file after file, in the order of their paths. Parquet strings are UTF-8 by definition.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pyarrow.parquet as pq

from framing.corpus.readers.fields import map_columns, relative_source, require_columns, table_rows
from framing.corpus.readers.registry import ReadItem, list_files, register_reader
from framing.corpus.readers.tabular import READ_ROWS, REQUIRED, reject_metadata, row_item
from framing.errors import InputError

PARQUET_SUFFIXES = (".parquet", ".pq")


@register_reader("parquet", suffixes=PARQUET_SUFFIXES, dataset=True)
def read_parquet_file(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> Iterator[ReadItem]:
    """Read a Parquet file, or a folder of Parquet files, with one article per row.

    Parameters
    ----------
    path : Path
        The Parquet file, or a folder whose ``.parquet``/``.pq`` files (searched recursively,
        hidden ones ignored) are read one after the other.
    metadata : Path, optional
        Not used (an error if given).
    encoding : str, optional
        Not used: Parquet strings are UTF-8 by definition (reported as ``"utf-8"``).
    columns : dict, optional
        Field name to column name.
    delimiter : str, optional
        Not used.
    strict : bool, default False
        Skip a row without an outlet even when it has a url.

    Yields
    ------
    tuple
        ``(record, document entry)`` or ``(None, skipped entry)`` per row; ``source`` is
        ``"<file>#row=N"`` (the path relative to the folder for a dataset), N counting the
        file's rows from 1.

    Raises
    ------
    InputError
        A file is not a readable Parquet file or lacks a ``text`` or ``outlet`` column; a
        folder holds no Parquet file.
    """
    reject_metadata(path, metadata)
    if path.is_dir():
        files = list_files(path, PARQUET_SUFFIXES)
        if not files:
            raise InputError(
                f"{path}: no .parquet files in this folder; give a Parquet file or a folder of them"
            )
        for file in files:
            name = relative_source(file, path)
            stem = PurePosixPath(name).with_suffix("").as_posix()
            yield from _file_items(file, name, stem, columns or {}, strict)
    else:
        yield from _file_items(path, path.name, path.stem, columns or {}, strict)


def _file_items(
    file: Path, name: str, stem: str, columns: dict[str, str], strict: bool
) -> Iterator[ReadItem]:
    where = str(file)
    try:
        parquet = pq.ParquetFile(file)
        names = parquet.schema_arrow.names
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise _unreadable(file, exc) from exc
    batches = parquet.iter_batches(batch_size=READ_ROWS)
    row_no = 0
    header_checked = False
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break
        except Exception as exc:  # a damaged page or an unsupported type
            raise _unreadable(file, exc, after=row_no) from exc
        frame = batch.to_pandas()
        frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith("__index_")])
        frame = map_columns(frame, columns, where)
        if not header_checked:
            require_columns(frame.columns, REQUIRED, where)
            header_checked = True
        for row in table_rows(frame):
            row_no += 1
            source = f"{name}#row={row_no}"
            yield row_item(source, row_no, row, stem=stem, encoding="utf-8", strict=strict)
    if not header_checked:
        empty = map_columns(parquet.schema_arrow.empty_table().to_pandas(), columns, where)
        require_columns(empty.columns if len(names) else (), REQUIRED, where)


def _unreadable(file: Path, exc: Exception, *, after: int | None = None) -> InputError:
    at = "" if after is None else f" after row {after}"
    return InputError(
        f"{file}: not a readable Parquet file{at} ({type(exc).__name__}); check that it was "
        "written completely, or convert it to CSV or JSONL"
    )
