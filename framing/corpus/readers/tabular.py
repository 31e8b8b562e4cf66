"""The tabular readers: one article per row of a ``.csv``, ``.jsonl`` or ``.parquet`` file.

Each row needs an ``outlet`` and a ``text`` (after ``--column`` mapping) and may have ``id``,
``title``, ``date``, ``url``, ``language``, ``event`` and any other columns (kept as extra
columns). ``doc_id`` is the ``id`` value as text, else ``"<file stem>-<row number>"``. A row
with no text, or no outlet (and no url whose host can stand in), or a JSONL line that is not a
JSON object, is a skipped entry in the manifest; a file without a ``text`` or ``outlet`` column
is a one-line InputError. This module holds what the three share and the CSV reader;
:mod:`~framing.corpus.readers.jsonl` and :mod:`~framing.corpus.readers.parquet` the others.
Every reader goes through its file a batch of rows at a time.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from framing.corpus.decoding import CP1252_FALLBACK, UndecodableError, stream_encoding
from framing.corpus.manifest import document_entry, skipped_entry
from framing.corpus.readers.fields import (
    csv_error,
    field_value,
    is_blank,
    make_record,
    map_columns,
    outlet_fallback,
    prepare_text,
    require_columns,
    sniff_delimiter,
    table_rows,
)
from framing.corpus.readers.registry import ReadItem, register_reader
from framing.errors import InputError

REQUIRED = ("text", "outlet")
#: Rows parsed at a time from a CSV or Parquet file (memory of the reader itself).
READ_ROWS = 1024
#: Bytes of a file's start read to choose its codec and its CSV delimiter.
HEAD_BYTES = 1 << 16


@register_reader("csv", suffixes=(".csv",))
def read_csv_file(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> Iterator[ReadItem]:
    """Read a CSV file with one article per row, :data:`READ_ROWS` rows at a time.

    The codec is chosen from the file's first bytes like for any text file (so cp1252 works; a
    later byte that is not valid in it is read as Windows-1252), and the delimiter is sniffed
    among ``, ; tab |`` unless given.

    Parameters
    ----------
    path : Path
        The CSV file, with a header row.
    metadata : Path, optional
        Not used: a tabular file carries its metadata in its columns (an error if given).
    encoding : str, optional
        Force this codec for the file.
    columns : dict, optional
        Field name to column name, e.g. ``{"text": "body", "outlet": "publisher"}``.
    delimiter : str, optional
        The field delimiter (default: sniffed).
    strict : bool, default False
        Skip a row without an outlet even when it has a url.

    Yields
    ------
    tuple
        ``(record, document entry)`` or ``(None, skipped entry)`` per data row; ``source`` is
        ``"<file>#row=N"``, N counting data rows from 1.

    Raises
    ------
    InputError
        The file is empty or not text, lacks a ``text`` or ``outlet`` column, or a row cannot
        be parsed (the message names the line and suggests ``--delimiter``).
    """
    reject_metadata(path, metadata)
    head = read_head(path)
    codec = file_codec(path, head, encoding)
    sniffed = head.decode(codec, errors=CP1252_FALLBACK) if delimiter is None else ""
    delimiter = delimiter or sniff_delimiter(sniffed.lstrip("\ufeff"))
    where = str(path)
    row_no = 0
    try:
        with (
            path.open("rb") as raw,
            io.TextIOWrapper(raw, encoding=codec, errors=CP1252_FALLBACK, newline="") as handle,
        ):
            batches = pd.read_csv(
                handle, sep=delimiter, dtype=str, keep_default_na=False, chunksize=READ_ROWS
            )
            for frame in batches:
                frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
                frame = map_columns(frame, columns or {}, where)
                require_columns(frame.columns, REQUIRED, where)
                for row in table_rows(frame):
                    row_no += 1
                    yield row_item(
                        f"{path.name}#row={row_no}",
                        row_no,
                        row,
                        stem=path.stem,
                        encoding=codec,
                        strict=strict,
                    )
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{where}: the CSV file is empty; it needs a header row") from exc
    except pd.errors.ParserError as exc:
        raise csv_error(where, exc, delimiter) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where}: not valid {codec} after row {row_no} ({exc.reason}); drop --encoding to "
            "detect it, or save the file as UTF-8"
        ) from exc


def reject_metadata(path: Path, metadata: Path | None) -> None:
    """A one-line InputError when ``--metadata`` is given for a tabular file."""
    if metadata is not None:
        raise InputError(
            f"--metadata {metadata}: a {path.suffix} file carries its metadata in its own "
            "columns; drop --metadata (or use --column FIELD=COLUMN)"
        )


def read_head(path: Path) -> bytes:
    """The first :data:`HEAD_BYTES` bytes of ``path``; an InputError if it is empty."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); check its permissions") from exc
    if not head.strip():
        raise InputError(f"{path}: the file is empty; it should hold one article per row")
    return head


def file_codec(path: Path, head: bytes, encoding: str | None) -> str:
    """The codec of a whole file, from its first bytes; an InputError naming the file if none."""
    try:
        return stream_encoding(head, encoding=encoding)
    except UndecodableError as exc:
        raise InputError(f"{path}: {exc.reason} ({exc}); pass --encoding NAME") from exc


def row_item(
    source: str, row_no: int, row: dict, *, stem: str, encoding: str, strict: bool
) -> ReadItem:
    """The item of one row: its record and document entry, or a skipped entry."""
    doc_id = field_value(row.get("id")) or f"{stem}-{row_no}"
    text = row.get("text")
    if is_blank(text) or not isinstance(text, str):
        kind = "no text" if is_blank(text) else f"a {type(text).__name__}, not text"
        detail = f"the text field holds {kind}"
        return None, skipped_entry(source, "empty", detail=detail, doc_id=doc_id)
    outlet, outlet_problem = outlet_fallback(row, source, strict=strict)
    if outlet is None:
        detail = "fill in the outlet field (or map one with --column)"
        return None, skipped_entry(source, "missing outlet", detail=detail, doc_id=doc_id)
    text, problems = prepare_text(text, source)
    if not text.strip():
        detail = "the text field holds no text once markup and control characters are removed"
        entry = skipped_entry(source, "empty", detail=detail, doc_id=doc_id)
        return None, entry.with_problems(problems)
    fields = {**row, "outlet": outlet}
    record = make_record(fields, doc_id=doc_id, source=source, text=text, encoding=encoding)
    if outlet_problem is not None:
        problems = (outlet_problem, *problems)
    return record, document_entry(source, doc_id).with_problems(problems)
