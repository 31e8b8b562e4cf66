"""The ``txt`` reader: a folder of plain-text articles with a sidecar ``metadata.csv``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from framing.corpus.decoding import UndecodableError
from framing.corpus.manifest import document_entry, skipped_entry
from framing.corpus.readers.fields import (
    field_value,
    make_record,
    outlet_fallback,
    read_metadata_csv,
    read_text_file,
    relative_source,
    table_rows,
)
from framing.corpus.readers.registry import ReadItem, list_files, register_reader
from framing.errors import InputError


@register_reader("txt", suffixes=(".txt",), folder=True)
def read_txt_folder(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> Iterator[ReadItem]:
    """Read a folder of ``.txt`` articles described by a metadata CSV, one file at a time.

    The metadata CSV has one row per article: a ``file`` column (the path relative to the
    folder) and an ``outlet`` column, and optionally ``id``, ``date``, ``title``, ``url``,
    ``language``, ``event`` and any other columns (kept as extra columns, e.g. ``note``).
    ``doc_id`` is the ``id`` value, else the file name without its suffix.

    Every input is accounted for in the manifest: a listed file is a document, or skipped as
    "empty", "not text", "undecodable" or "missing outlet" (an empty outlet with a url takes
    the url's host instead, noted as a problem, unless ``strict``); a listed file that does not
    exist is skipped as "missing file"; a second row for the same file as "duplicate metadata
    row"; a ``.txt`` file with no row as "no metadata row". Repairs to a text (control
    characters, HTML markup, mixed encodings) are problems of its entry.

    Parameters
    ----------
    path : Path
        The folder (searched recursively; hidden files and folders are ignored).
    metadata : Path, optional
        The metadata CSV (default ``path / "metadata.csv"``), read whole.
    encoding : str, optional
        Force this codec for the article files.
    columns : dict, optional
        Field name to metadata column name, e.g. ``{"outlet": "publisher"}``.
    delimiter : str, optional
        Field delimiter of the metadata CSV (default: sniffed).
    strict : bool, default False
        Skip a file without an outlet even when it has a url.

    Yields
    ------
    tuple
        ``(record, document entry)`` or ``(None, skipped entry)`` per input, in the order of
        the metadata rows, then the files it does not list.

    Raises
    ------
    InputError
        There is no metadata CSV, or it cannot be read or lacks ``file``/``outlet`` columns.
    """
    metadata_path = metadata if metadata is not None else path / "metadata.csv"
    if not metadata_path.is_file():
        raise InputError(
            f"{path}: no metadata.csv; add one with columns file and outlet (one row per .txt "
            "file, optionally id, date, title, url, language, event) or pass --metadata FILE"
        )
    table = read_metadata_csv(metadata_path, columns or {}, delimiter=delimiter)
    listed: dict[str, int] = {}
    for row_no, row in enumerate(table_rows(table), start=1):
        name = _relative_name(row["file"])
        if name is None:
            detail = f"row {row_no} of {metadata_path.name} has no file name"
            source = f"{metadata_path.name}#row={row_no}"
            yield None, skipped_entry(source, "missing file", detail=detail)
            continue
        doc_id = field_value(row.get("id")) or PurePosixPath(name).stem
        if name in listed:
            detail = (
                f"{name} is listed again in row {row_no} of {metadata_path.name} (first in row "
                f"{listed[name]}); keep one row"
            )
            yield None, skipped_entry(name, "duplicate metadata row", detail=detail, doc_id=doc_id)
            continue
        listed[name] = row_no
        yield _read_listed_file(path, name, row, doc_id, encoding, metadata_path.name, strict)
    del table
    for file in list_files(path, (".txt",)):
        name = relative_source(file, path)
        if name not in listed:
            detail = f"add it to {metadata_path.name} (file, outlet, ...)"
            yield None, skipped_entry(name, "no metadata row", detail=detail, doc_id=file.stem)


def _relative_name(value: object) -> str | None:
    name = field_value(value)
    if name is None:
        return None
    return PurePosixPath(name.replace("\\", "/")).as_posix().removeprefix("./")


def _read_listed_file(
    folder: Path,
    name: str,
    row: dict,
    doc_id: str,
    encoding: str | None,
    metadata_name: str,
    strict: bool,
) -> ReadItem:
    file = folder / name
    if not file.is_file():
        detail = f"{name} is listed in {metadata_name} but does not exist"
        return None, skipped_entry(name, "missing file", detail=detail, doc_id=doc_id)
    outlet, outlet_problem = outlet_fallback(row, name, strict=strict)
    if outlet is None:
        detail = f"fill in the outlet of {name} in {metadata_name}"
        return None, skipped_entry(name, "missing outlet", detail=detail, doc_id=doc_id)
    try:
        text, used, problems = read_text_file(file, encoding, name)
    except UndecodableError as exc:
        return None, skipped_entry(name, exc.reason, detail=str(exc), doc_id=doc_id)
    except OSError as exc:
        detail = f"cannot be read ({exc.strerror})"
        return None, skipped_entry(name, "undecodable", detail=detail, doc_id=doc_id)
    if not text.strip():
        entry = skipped_entry(name, "empty", detail="the file has no text", doc_id=doc_id)
        return None, entry.with_problems(problems)
    fields = {**row, "outlet": outlet}
    record = make_record(fields, doc_id=doc_id, source=name, text=text, encoding=used)
    if outlet_problem is not None:
        problems = (outlet_problem, *problems)
    return record, document_entry(name, doc_id).with_problems(problems)
