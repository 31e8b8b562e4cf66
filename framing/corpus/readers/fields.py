"""Record fields and the helpers every reader shares: column mapping, values, metadata CSVs."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from framing.corpus.decoding import decode_bytes, normalize_text
from framing.errors import InputError

#: Fields a reader understands; ``columns`` maps these names to the input's column names.
FIELDS = ("id", "outlet", "date", "title", "url", "language", "event", "text", "file")

#: Metadata fields copied into every record (raw values, ``None`` when missing).
METADATA_FIELDS = ("outlet", "date", "title", "url", "language", "event")

#: Columns of the records table a reader returns, in order; extra metadata columns follow.
RECORD_COLUMNS = (
    "doc_id",
    "outlet",
    "date",
    "title",
    "url",
    "language",
    "event",
    "source",
    "text",
    "encoding",
)


def is_blank(value: object) -> bool:
    """True for None, NaN/NaT and strings that are empty or only whitespace."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def field_value(value: object) -> str | None:
    """A metadata value as a stripped string (dates as ISO text), ``None`` when blank.

    Examples
    --------
    >>> field_value(" Pos-Kupang "), field_value(""), field_value(pd.Timestamp("2024-06-19"))
    ('Pos-Kupang', None, '2024-06-19')
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime | date):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def check_column_map(columns: Mapping[str, str]) -> None:
    """Reject a column map whose keys are not known fields (a typo would silently do nothing)."""
    for field, column in columns.items():
        if field not in FIELDS:
            raise InputError(
                f"--column {field}={column}: unknown field {field!r}; fields are "
                f"{', '.join(FIELDS)} (other columns are kept under their own names)"
            )


def map_columns(frame: pd.DataFrame, columns: Mapping[str, str], where: str) -> pd.DataFrame:
    """Rename input columns to field names as ``columns`` (field -> input column) asks.

    A column already named like a mapped field is replaced by the mapped one.

    Raises
    ------
    InputError
        A mapped input column is not in ``frame``.
    """
    check_column_map(columns)
    for field, column in columns.items():
        if column not in frame.columns:
            raise InputError(
                f"{where}: no column {column!r} (from --column {field}={column}); "
                f"its columns are {', '.join(map(str, frame.columns))}"
            )
    renames = {column: field for field, column in columns.items()}
    replaced = [field for field, column in columns.items() if field != column]
    frame = frame.drop(columns=[c for c in replaced if c in frame.columns and c not in renames])
    return frame.rename(columns=renames)


def require_columns(present: Iterable[str], needed: Iterable[str], where: str) -> None:
    """Raise a one-line InputError naming the first needed field that is not a column."""
    present = set(present)
    for field in needed:
        if field not in present:
            raise InputError(
                f"{where}: no {field!r} column; rename the column that holds it or pass "
                f"--column {field}=COLUMN"
            )


def read_csv_text(text: str, where: str) -> pd.DataFrame:
    """Parse CSV text with every value as a string (ids keep leading zeros; blank is "")."""
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{where}: the CSV file is empty; it needs a header row") from exc
    except (pd.errors.ParserError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"{where}: not a readable CSV file ({first_line}); check that every quote is closed "
            "and every row has the header's columns, and save it as UTF-8 CSV"
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_metadata_csv(
    path: Path, columns: Mapping[str, str], *, required: Iterable[str] = ("file", "outlet")
) -> pd.DataFrame:
    """Read a sidecar metadata CSV (one row per file, a ``file`` column).

    The CSV's own encoding is detected (``--encoding`` applies to the article files).

    Raises
    ------
    InputError
        The file cannot be read, decoded or parsed, or lacks a ``required`` column.
    """
    where = f"metadata file {path}"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{where}: cannot be read ({exc.strerror}); check its permissions"
        ) from exc
    try:
        text, _ = decode_bytes(data)
    except InputError as exc:
        raise InputError(f"{where}: {exc}; save it as UTF-8 CSV") from exc
    frame = map_columns(read_csv_text(text, where), columns, where)
    require_columns(frame.columns, required, where)
    return frame


def read_text_file(path: Path, encoding: str | None) -> tuple[str, str]:
    """Read, decode and normalise one text file; raises UndecodableError for binary data."""
    text, used = decode_bytes(path.read_bytes(), encoding=encoding)
    return normalize_text(text), used


def make_record(
    fields: Mapping[str, object],
    *,
    doc_id: str,
    source: str,
    text: str,
    encoding: str,
    skip_keys: Iterable[str] = ("id", "file"),
) -> dict:
    """One row of the records table: the standard columns, then any extra metadata columns."""
    record: dict = {
        "doc_id": doc_id,
        **{name: field_value(fields.get(name)) for name in METADATA_FIELDS},
        "source": source,
        "text": text,
        "encoding": encoding,
    }
    skip = set(skip_keys) | set(RECORD_COLUMNS)
    record.update({k: v for k, v in fields.items() if k not in skip})
    return record


def records_frame(records: list[dict]) -> pd.DataFrame:
    """The records table: :data:`RECORD_COLUMNS` first (present even when empty), then extras."""
    columns = list(RECORD_COLUMNS)
    for record in records:
        columns.extend(k for k in record if k not in columns)
    return pd.DataFrame(records, columns=columns)


def relative_source(path: Path, root: Path) -> str:
    """``path`` relative to the corpus root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
