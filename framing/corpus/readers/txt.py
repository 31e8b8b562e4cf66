"""The ``txt`` reader: a folder of plain-text articles with a sidecar ``metadata.csv``."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from framing.corpus.decoding import UndecodableError
from framing.corpus.manifest import ManifestEntry, document_entry, skipped_entry
from framing.corpus.readers.fields import (
    field_value,
    make_record,
    read_metadata_csv,
    read_text_file,
    records_frame,
    relative_source,
)
from framing.corpus.readers.registry import RawCorpus, list_files, register_reader
from framing.errors import InputError


@register_reader("txt", suffixes=(".txt",), folder=True)
def read_txt_folder(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
) -> RawCorpus:
    """Read a folder of ``.txt`` articles described by a metadata CSV.

    The metadata CSV has one row per article: a ``file`` column (the path relative to the
    folder) and an ``outlet`` column, and optionally ``id``, ``date``, ``title``, ``url``,
    ``language``, ``event`` and any other columns (kept as extra columns, e.g. ``note``).
    ``doc_id`` is the ``id`` value, else the file name without its suffix.

    Every input is accounted for in the manifest: a listed file is a document, or skipped as
    "empty", "not text", "undecodable" or "missing outlet"; a listed file that does not exist
    is skipped as "missing file"; a second row for the same file as "duplicate metadata row";
    a ``.txt`` file with no row as "no metadata row".

    Parameters
    ----------
    path : Path
        The folder (searched recursively; hidden files and folders are ignored).
    metadata : Path, optional
        The metadata CSV (default ``path / "metadata.csv"``).
    encoding : str, optional
        Force this codec for the article files.
    columns : dict, optional
        Field name to metadata column name, e.g. ``{"outlet": "publisher"}``.

    Returns
    -------
    RawCorpus
        Records and manifest.

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
    table = read_metadata_csv(metadata_path, columns or {})
    records: list[dict] = []
    manifest: list[ManifestEntry] = []
    listed: dict[str, int] = {}
    for row_no, row in enumerate(table.to_dict("records"), start=1):
        name = _relative_name(row["file"])
        if name is None:
            manifest.append(
                skipped_entry(
                    f"{metadata_path.name}#row={row_no}",
                    "missing file",
                    detail=f"row {row_no} of {metadata_path.name} has no file name",
                )
            )
            continue
        doc_id = field_value(row.get("id")) or PurePosixPath(name).stem
        if name in listed:
            manifest.append(
                skipped_entry(
                    name,
                    "duplicate metadata row",
                    detail=f"{name} is listed again in row {row_no} of "
                    f"{metadata_path.name} (first in row {listed[name]}); keep one row",
                    doc_id=doc_id,
                )
            )
            continue
        listed[name] = row_no
        record, entry = _read_listed_file(path, name, row, doc_id, encoding, metadata_path.name)
        manifest.append(entry)
        if record is not None:
            records.append(record)
    for file in list_files(path, (".txt",)):
        name = relative_source(file, path)
        if name not in listed:
            manifest.append(
                skipped_entry(
                    name,
                    "no metadata row",
                    detail=f"add it to {metadata_path.name} (file, outlet, ...)",
                    doc_id=file.stem,
                )
            )
    return RawCorpus(records=records_frame(records), manifest=manifest)


def _relative_name(value: object) -> str | None:
    name = field_value(value)
    if name is None:
        return None
    return PurePosixPath(name.replace("\\", "/")).as_posix().removeprefix("./")


def _read_listed_file(
    folder: Path, name: str, row: dict, doc_id: str, encoding: str | None, metadata_name: str
) -> tuple[dict | None, ManifestEntry]:
    file = folder / name
    if not file.is_file():
        detail = f"{name} is listed in {metadata_name} but does not exist"
        return None, skipped_entry(name, "missing file", detail=detail, doc_id=doc_id)
    if field_value(row.get("outlet")) is None:
        detail = f"fill in the outlet of {name} in {metadata_name}"
        return None, skipped_entry(name, "missing outlet", detail=detail, doc_id=doc_id)
    try:
        text, used = read_text_file(file, encoding)
    except UndecodableError as exc:
        return None, skipped_entry(name, exc.reason, detail=str(exc), doc_id=doc_id)
    except OSError as exc:
        detail = f"cannot be read ({exc.strerror})"
        return None, skipped_entry(name, "undecodable", detail=detail, doc_id=doc_id)
    if not text.strip():
        return None, skipped_entry(name, "empty", detail="the file has no text", doc_id=doc_id)
    record = make_record(row, doc_id=doc_id, source=name, text=text, encoding=used)
    return record, document_entry(name, doc_id)
