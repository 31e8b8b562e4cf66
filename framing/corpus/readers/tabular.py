"""The tabular readers: one article per row of a ``.jsonl``, ``.csv`` or ``.parquet`` file.

Each row needs an ``outlet`` and a ``text`` (after ``--column`` mapping) and may have ``id``,
``title``, ``date``, ``url``, ``language``, ``event`` and any other columns (kept as extra
columns). ``doc_id`` is the ``id`` value as text, else ``"<file stem>-<row number>"``. A row
with no text or no outlet, or a JSONL line that is not a JSON object, is a skipped entry in the
manifest; a file without a ``text`` or ``outlet`` column is a one-line InputError.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from framing.corpus.decoding import UndecodableError, decode_bytes, normalize_text
from framing.corpus.manifest import ManifestEntry, document_entry, skipped_entry
from framing.corpus.readers.fields import (
    field_value,
    is_blank,
    make_record,
    map_columns,
    read_csv_text,
    records_frame,
    require_columns,
)
from framing.corpus.readers.registry import RawCorpus, register_reader
from framing.errors import InputError

REQUIRED = ("text", "outlet")


@register_reader("csv", suffixes=(".csv",))
def read_csv_file(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
) -> RawCorpus:
    """Read a CSV file with one article per row (decoded like any text file, so cp1252 works).

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

    Returns
    -------
    RawCorpus
        Records (``source`` is ``"<file>#row=N"``, N counting data rows from 1) and manifest.
    """
    _reject_metadata(path, metadata)
    text, used = _decode_file(path, encoding)
    frame = map_columns(read_csv_text(text, str(path)), columns or {}, str(path))
    require_columns(frame.columns, REQUIRED, str(path))
    rows = ((f"{path.name}#row={i}", i, row) for i, row in enumerate(frame.to_dict("records"), 1))
    return _rows_to_corpus(rows, stem=path.stem, encoding=used)


@register_reader("parquet", suffixes=(".parquet", ".pq"))
def read_parquet_file(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
) -> RawCorpus:
    """Read a Parquet file with one article per row.

    Parameters
    ----------
    path : Path
        The Parquet file.
    metadata : Path, optional
        Not used (an error if given).
    encoding : str, optional
        Not used: Parquet strings are UTF-8 by definition (reported as ``"utf-8"``).
    columns : dict, optional
        Field name to column name.

    Returns
    -------
    RawCorpus
        Records (``source`` is ``"<file>#row=N"``) and manifest.
    """
    _reject_metadata(path, metadata)
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise InputError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from exc
    frame = map_columns(frame, columns or {}, str(path))
    require_columns(frame.columns, REQUIRED, str(path))
    rows = ((f"{path.name}#row={i}", i, row) for i, row in enumerate(frame.to_dict("records"), 1))
    return _rows_to_corpus(rows, stem=path.stem, encoding="utf-8")


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson"))
def read_jsonl_file(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
) -> RawCorpus:
    """Read a JSON Lines file: one JSON object (one article) per line.

    Blank lines are not inputs and are passed over; a line that is not a JSON object is a
    skipped entry (reason code ``"invalid JSON"``, detail ``"line N ..."``), not a crash.

    Parameters
    ----------
    path : Path
        The JSONL file.
    metadata : Path, optional
        Not used (an error if given).
    encoding : str, optional
        Force this codec for the file.
    columns : dict, optional
        Field name to key name, e.g. ``{"text": "content"}``.

    Returns
    -------
    RawCorpus
        Records (``source`` is ``"<file>#line=N"``, the physical line number) and manifest.

    References
    ----------
    .. [1] Ward, I. (2014). JSON Lines. https://jsonlines.org/
    """
    _reject_metadata(path, metadata)
    text, used = _decode_file(path, encoding)
    columns = columns or {}
    parsed: list[tuple[str, int, dict | None, ManifestEntry | None]] = []
    raw_keys: set[str] = set()
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = f"{path.name}#line={line_no}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            detail = f"line {line_no}: {exc.msg}"
            parsed.append((source, line_no, None, _invalid_json(source, detail)))
            continue
        if not isinstance(value, dict):
            detail = f"line {line_no} is a {type(value).__name__}, not an object"
            parsed.append((source, line_no, None, _invalid_json(source, detail)))
            continue
        raw_keys.update(value)
        parsed.append((source, line_no, _rename_keys(value, columns), None))
    if raw_keys:
        _check_mapped_keys(path, columns, raw_keys)
        require_columns(set().union(*(row for _, _, row, _ in parsed if row)), REQUIRED, str(path))
    rows = ((source, n, row if row is not None else problem) for source, n, row, problem in parsed)
    return _rows_to_corpus(rows, stem=path.stem, encoding=used)


def _invalid_json(source: str, detail: str) -> ManifestEntry:
    return skipped_entry(source, "invalid JSON", detail=detail)


def _rename_keys(row: dict, columns: Mapping[str, str]) -> dict:
    mapped = set(columns) | set(columns.values())
    renamed = {key: value for key, value in row.items() if key not in mapped}
    renamed.update({field: row[column] for field, column in columns.items() if column in row})
    return renamed


def _check_mapped_keys(path: Path, columns: Mapping[str, str], keys: set[str]) -> None:
    for field, column in columns.items():
        if column not in keys:
            raise InputError(
                f"{path}: no line has the key {column!r} (from --column {field}={column}); "
                f"its keys are {', '.join(sorted(keys))}"
            )


def _reject_metadata(path: Path, metadata: Path | None) -> None:
    if metadata is not None:
        raise InputError(
            f"--metadata {metadata}: a {path.suffix} file carries its metadata in its own "
            "columns; drop --metadata (or use --column FIELD=COLUMN)"
        )


def _decode_file(path: Path, encoding: str | None) -> tuple[str, str]:
    try:
        text, used = decode_bytes(path.read_bytes(), encoding=encoding)
    except UndecodableError as exc:
        raise InputError(f"{path}: {exc.reason} ({exc}); pass --encoding NAME") from exc
    if not text.strip():
        raise InputError(f"{path}: the file is empty; it should hold one article per row")
    return text, used


def _rows_to_corpus(
    rows: Iterable[tuple[str, int, dict | ManifestEntry]], *, stem: str, encoding: str
) -> RawCorpus:
    """Records and manifest from ``(source, row number, row or skipped entry)`` triples."""
    records: list[dict] = []
    manifest: list[ManifestEntry] = []
    for source, row_no, row in rows:
        if isinstance(row, ManifestEntry):
            manifest.append(row)
            continue
        doc_id = field_value(row.get("id")) or f"{stem}-{row_no}"
        text = row.get("text")
        if is_blank(text) or not isinstance(text, str):
            kind = "no text" if is_blank(text) else f"a {type(text).__name__}, not text"
            detail = f"the text field holds {kind}"
            manifest.append(skipped_entry(source, "empty", detail=detail, doc_id=doc_id))
            continue
        if field_value(row.get("outlet")) is None:
            detail = "fill in the outlet field (or map one with --column)"
            manifest.append(skipped_entry(source, "missing outlet", detail=detail, doc_id=doc_id))
            continue
        text = normalize_text(text)
        records.append(make_record(row, doc_id=doc_id, source=source, text=text, encoding=encoding))
        manifest.append(document_entry(source, doc_id))
    return RawCorpus(records=records_frame(records), manifest=manifest)
