"""The ``jsonl`` reader: one JSON object (one article) per line, read line by line.

Each line is decoded on its own (UTF-8, else as :func:`~framing.corpus.decoding.decode_input`
finds it), so one line of binary data or in another encoding is one skipped record, not a
failed file; a file in UTF-16 is decoded as a whole stream. Only the keys seen so far are kept
between lines, so memory follows the longest line, not the file.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from framing.corpus.decoding import (
    CP1252_FALLBACK,
    UndecodableError,
    decode_input,
    utf16_codec,
)
from framing.corpus.manifest import skipped_entry
from framing.corpus.readers.fields import repair_problems, require_columns
from framing.corpus.readers.registry import ReadItem, register_reader
from framing.corpus.readers.tabular import (
    REQUIRED,
    read_head,
    reject_metadata,
    row_item,
)
from framing.errors import InputError

#: Lines at the start of the file whose keys are checked before any record is handed out.
HEAD_LINES = 1000


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson"))
def read_jsonl_file(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> Iterator[ReadItem]:
    """Read a JSON Lines file: one JSON object (one article) per line.

    Blank lines are not inputs and are passed over; a line that is not a JSON object is a
    skipped entry (reason code ``"invalid JSON"``, detail ``"line N ..."``), and a line that is
    not text a skipped entry ``"not text"``/``"undecodable"``, not a crash. Keys are checked
    on the first :data:`HEAD_LINES` objects before any record is given (no ``text`` key, or a
    ``--column`` key that none has, is an InputError), and again at the end of the file.

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
    delimiter : str, optional
        Not used.
    strict : bool, default False
        Skip a line without an outlet even when it has a url.

    Yields
    ------
    tuple
        ``(record, document entry)`` or ``(None, skipped entry)`` per non-blank line;
        ``source`` is ``"<file>#line=N"``, the physical line number.

    References
    ----------
    .. [1] Ward, I. (2014). JSON Lines. https://jsonlines.org/
    """
    reject_metadata(path, metadata)
    columns = columns or {}
    head = read_head(path)
    whole = _stream_codec(head, encoding)
    _check_keys(path, columns, _head_keys(path, whole, encoding), final=False)
    keys: set[str] = set()
    with path.open("rb") as raw:
        lines = _decoded_lines(raw, whole, encoding)
        for line_no, (line, used, problems) in enumerate(lines, start=1):
            if line is None or not line.strip():
                if isinstance(used, UndecodableError):
                    source = f"{path.name}#line={line_no}"
                    detail = f"line {line_no}: {used}"
                    yield None, skipped_entry(source, used.reason, detail=detail)
                continue
            source = f"{path.name}#line={line_no}"
            value, problem = _parse(line.lstrip("\ufeff") if line_no == 1 else line, line_no)
            if problem is not None:
                yield None, skipped_entry(source, "invalid JSON", detail=problem)
                continue
            keys.update(value)
            row = _rename_keys(value, columns)
            record, entry = row_item(
                source, line_no, row, stem=path.stem, encoding=used, strict=strict
            )
            yield record, entry.with_problems(replace(p, source=source) for p in problems)
    _check_keys(path, columns, keys, final=True)


def _stream_codec(head: bytes, encoding: str | None) -> str | None:
    """The codec to decode the whole file with (UTF-16), or None to decode line by line."""
    if encoding is not None:
        return encoding if "16" in codecs.lookup(_known(encoding)).name else None
    return utf16_codec(head)


def _known(encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(
            f"--encoding {encoding!r}: unknown encoding; use a Python codec name such as "
            "utf-8, cp1252 or latin-1"
        ) from exc
    return encoding


def _decoded_lines(
    raw: io.BufferedReader, whole: str | None, encoding: str | None
) -> Iterator[tuple[str | None, object, tuple]]:
    """``(text, codec, repairs)`` per physical line; ``(None, error, ())`` for a line that is
    not text."""
    if whole is not None:
        with io.TextIOWrapper(raw, encoding=whole, errors=CP1252_FALLBACK, newline="") as text:
            for line in text:
                yield line.removesuffix("\n"), whole, ()
        return
    for data in raw:
        data = data.removesuffix(b"\n")
        if encoding is None:
            try:
                yield data.decode("utf-8"), "utf-8", ()
                continue
            except UnicodeDecodeError:
                pass
        try:
            decoded = decode_input(data, encoding=encoding)
        except UndecodableError as exc:
            yield None, exc, ()
            continue
        yield decoded.text, decoded.encoding, repair_problems(decoded.repairs, "")


def _head_keys(path: Path, whole: str | None, encoding: str | None) -> set[str] | None:
    """Keys of the JSON objects among the first :data:`HEAD_LINES` lines (None if none)."""
    keys: set[str] = set()
    found = False
    with path.open("rb") as raw:
        for line_no, (line, _, _) in enumerate(_decoded_lines(raw, whole, encoding), start=1):
            if line_no > HEAD_LINES:
                break
            value, problem = _parse((line or "").lstrip("\ufeff"), line_no)
            if problem is None:
                found = True
                keys.update(value)
    return keys if found else None


def _parse(line: str, line_no: int) -> tuple[dict, str | None]:
    """The object of a line, or a detail saying why it is not one."""
    if not line.strip():
        return {}, f"line {line_no} is blank"
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return {}, f"line {line_no}: {exc.msg}"
    except RecursionError:
        return {}, f"line {line_no}: nested too deeply"
    if not isinstance(value, dict):
        return {}, f"line {line_no} is a {type(value).__name__}, not an object"
    return value, None


def _rename_keys(row: dict, columns: Mapping[str, str]) -> dict:
    mapped = set(columns) | set(columns.values())
    renamed = {key: value for key, value in row.items() if key not in mapped}
    renamed.update({field: row[column] for field, column in columns.items() if column in row})
    return renamed


def _check_keys(
    path: Path, columns: Mapping[str, str], keys: set[str] | None, *, final: bool
) -> None:
    """An InputError when no object has a mapped key or a required field."""
    if not keys:
        return
    for field, column in columns.items():
        if column not in keys:
            where = "no line" if final else f"none of the first {HEAD_LINES} lines"
            raise InputError(
                f"{path}: {where} has the key {column!r} (from --column {field}={column}); "
                f"its keys are {', '.join(sorted(keys))}"
            )
    renamed = {key for key in keys if key not in columns.values()} | set(columns)
    require_columns(renamed, REQUIRED, str(path))
