"""Record fields and the helpers every reader shares: column mapping, values, metadata CSVs."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from framing.corpus.decoding import (
    Repair,
    count_control_characters,
    decode_bytes,
    decode_input,
    normalize_text,
)
from framing.corpus.manifest import ValueProblem
from framing.corpus.markup import looks_like_html, strip_html
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


#: Delimiters :func:`sniff_delimiter` chooses among.
DELIMITERS = ",;\t|"
#: Characters of a CSV file's start that :func:`sniff_delimiter` reads.
SNIFF_CHARS = 16_384

# Control characters and lone surrogates, removed from metadata values.
_VALUE_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_PARSER_LINE = re.compile(r"(line|row) (\d+)")


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
    text = _VALUE_JUNK.sub("", str(value)).strip()
    return text or None


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


def sniff_delimiter(text: str) -> str:
    """The field delimiter of CSV text, among :data:`DELIMITERS` (``","`` when unsure).

    The header line decides when exactly one candidate occurs in it (column names rarely hold
    a delimiter); otherwise :class:`csv.Sniffer` reads the first :data:`SNIFF_CHARS`
    characters, cut after the last complete line, choosing among the candidates of the
    header; failing that, the candidate the header holds most often.

    Examples
    --------
    >>> sniff_delimiter("id;outlet;text\\n1;VIVA;Putin tiba, kata dia.\\n")
    ';'
    >>> sniff_delimiter("text\\nPutin tiba\\n")
    ','
    """
    header = text.split("\n", 1)[0]
    present = [d for d in DELIMITERS if d in header]
    if len(present) == 1:
        return present[0]
    if not present:
        return ","
    sample = text[:SNIFF_CHARS]
    cut = sample.rfind("\n")
    sample = sample[: cut + 1] if cut > 0 else sample
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(present)).delimiter
    except csv.Error:
        found = ""
    return found if found in present else max(present, key=header.count)


def csv_error(where: str, exc: Exception, delimiter: str) -> InputError:
    """A one-line InputError for a CSV file pandas cannot parse, naming the line and the fix."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    found = _PARSER_LINE.search(message)
    at = ""
    if found:  # pandas counts "lines" from the header (1) and "rows" from it (0)
        line = int(found.group(2)) + (found.group(1) == "row")
        at = f" line {line}:"
    other = next(d for d in DELIMITERS if d != delimiter)
    return InputError(
        f"{where}:{at} not a readable CSV row ({message}); it was read with the delimiter "
        f"{delimiter!r}: if the fields are separated by another character, give it with "
        f"--delimiter (e.g. --delimiter {other!r}), otherwise check that every quote on that "
        "line is closed"
    )


def read_csv_text(text: str, where: str, *, delimiter: str | None = None) -> pd.DataFrame:
    """Parse CSV text with every value as a string (ids keep leading zeros; blank is "").

    The delimiter is ``delimiter``, else :func:`sniff_delimiter`'s choice.
    """
    delimiter = delimiter or sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=delimiter)
    except pd.errors.EmptyDataError as exc:
        raise InputError(f"{where}: the CSV file is empty; it needs a header row") from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise csv_error(where, exc, delimiter) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def table_rows(frame: pd.DataFrame) -> Iterator[dict]:
    """The rows of ``frame`` as dicts, one at a time (no list of every row is built)."""
    names = [str(c) for c in frame.columns]
    for values in frame.itertuples(index=False, name=None):
        yield dict(zip(names, values, strict=True))


def read_metadata_csv(
    path: Path,
    columns: Mapping[str, str],
    *,
    required: Iterable[str] = ("file", "outlet"),
    delimiter: str | None = None,
) -> pd.DataFrame:
    """Read a sidecar metadata CSV (one row per file, a ``file`` column).

    The CSV's own encoding is detected (``--encoding`` applies to the article files), and its
    delimiter too unless ``delimiter`` is given. It is read whole: it is small.

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
    frame = map_columns(read_csv_text(text, where, delimiter=delimiter), columns, where)
    require_columns(frame.columns, required, where)
    return frame


def read_text_file(
    path: Path, encoding: str | None, source: str | None = None
) -> tuple[str, str, tuple[ValueProblem, ...]]:
    """Read, decode and prepare one text file (see :func:`prepare_text`).

    Returns the text, the codec used and the problems met, each naming ``source`` (default
    the file name). Raises UndecodableError for binary data.
    """
    decoded = decode_input(path.read_bytes(), encoding=encoding)
    source = source or path.name
    text, problems = prepare_text(decoded.text, source)
    return text, decoded.encoding, (*repair_problems(decoded.repairs, source), *problems)


def repair_problems(repairs: Iterable[Repair], source: str) -> tuple[ValueProblem, ...]:
    """The repairs of a decoding step as problems of the ``text`` field of ``source``."""
    return tuple(ValueProblem(source, "text", r.value, r.problem, r.action, r.fix) for r in repairs)


def prepare_text(text: str, source: str) -> tuple[str, tuple[ValueProblem, ...]]:
    """Normalise one article text, strip HTML markup given as text, and say what was repaired.

    Control characters (NUL included) and lone surrogates are removed
    (:func:`~framing.corpus.decoding.normalize_text`) and recorded as a problem
    ``"control characters removed"``; text that is HTML markup
    (:func:`~framing.corpus.markup.looks_like_html`) is reduced to its text and recorded as
    ``"html stripped"``. Linear in the length of the text.

    Examples
    --------
    >>> text, problems = prepare_text("<p>Putin tiba.</p><p>Kim\\x00 menyambut.</p><br>", "a.txt")
    >>> text, [p.problem for p in problems]
    ('Putin tiba.\\n\\nKim menyambut.', ['control characters removed', 'html stripped'])
    """
    problems = []
    n_controls = count_control_characters(text)
    if n_controls:
        problems.append(
            ValueProblem(
                source,
                "text",
                f"{n_controls} characters",
                "control characters removed",
                "removed, the rest of the text kept",
                "check how the text was exported (NUL and other control bytes are not text)",
            )
        )
    text = normalize_text(text)
    if looks_like_html(text):
        text, n_tags = strip_html(text)
        text = normalize_text(text)
        problems.append(
            ValueProblem(
                source,
                "text",
                f"{n_tags} tags",
                "html stripped",
                "tags removed, the text kept",
                "give plain text, or save whole pages as .html files and read them with "
                "--format html",
            )
        )
    return text, tuple(problems)


def outlet_fallback(
    fields: Mapping[str, object], source: str, *, strict: bool = False
) -> tuple[str | None, ValueProblem | None]:
    """The outlet of a record: its ``outlet`` field, else (unless ``strict``) its url's host.

    Returns the outlet (None when there is none: the record is to be skipped as "missing
    outlet") and, when the host stood in, the problem to record.

    Examples
    --------
    >>> outlet_fallback({"outlet": "", "url": "https://www.viva.co.id/berita/1"}, "a.csv#row=1")[0]
    'viva.co.id'
    """
    outlet = field_value(fields.get("outlet"))
    if outlet is not None or strict:
        return outlet, None
    host = url_host(field_value(fields.get("url")))
    if host is None:
        return None, None
    problem = ValueProblem(
        source,
        "outlet",
        "",
        "outlet missing",
        "the url's host stands in for the outlet",
        "fill in the outlet (or map its column with --column outlet=COLUMN)",
    )
    return host, problem


def url_host(url: str | None) -> str | None:
    """The host name of ``url`` without ``www.`` (``"pos-kupang.com"`` works too), or None."""
    if not url or any(ch.isspace() for ch in url):
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


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
    record.update({k: _extra_value(v) for k, v in fields.items() if k not in skip})
    return record


def _extra_value(value: object) -> object:
    """An extra column's value: nested JSON as JSON text, text without control characters."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return _VALUE_JUNK.sub("", value)
    return value


def records_frame(records: list[dict]) -> pd.DataFrame:
    """The records table: :data:`RECORD_COLUMNS` first (present even when empty), then extras.

    Every column holds the values as the reader gave them (dtype ``object``: None stays None,
    a key a record lacks is NaN), so that tables built from chunks of records concatenate to
    the table of all of them, whatever the chunks.
    """
    columns = list(RECORD_COLUMNS)
    seen = set(columns)
    for record in records:
        for key in record:
            if key not in seen:
                seen.add(key)
                columns.append(key)
    return pd.DataFrame(records, columns=columns, dtype=object)


def relative_source(path: Path, root: Path) -> str:
    """``path`` relative to the corpus root, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
