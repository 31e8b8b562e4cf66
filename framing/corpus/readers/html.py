"""The ``html`` reader: a folder of saved web pages, main text extracted with trafilatura.

Nothing is fetched: trafilatura works on the saved bytes only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import trafilatura
from trafilatura.metadata import extract_metadata

from framing.corpus.decoding import UndecodableError, decode_input, normalize_text
from framing.corpus.manifest import document_entry, skipped_entry
from framing.corpus.readers.fields import (
    field_value,
    make_record,
    read_metadata_csv,
    relative_source,
    repair_problems,
    table_rows,
)
from framing.corpus.readers.registry import ReadItem, list_files, register_reader

HTML_SUFFIXES = (".html", ".htm")


@register_reader("html", suffixes=HTML_SUFFIXES, folder=True)
def read_html_folder(
    path: Path,
    *,
    metadata: Path | None = None,
    encoding: str | None = None,
    columns: dict[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> Iterator[ReadItem]:
    """Read a folder of saved ``.html``/``.htm`` news pages, one page at a time.

    The article text is extracted with trafilatura in precision mode, without comments or
    tables, so navigation, footers and related-article lists are left out. Title, date, url and
    the language (``<html lang>``) come from the page; a sidecar metadata CSV (optional, with a
    ``file`` column) overrides any of them and may add ``id``, ``event`` and other columns. The
    outlet is the metadata ``outlet``, else the page's site name, else its host name.

    A page is skipped as "not text"/"undecodable" if its bytes are not text, "no article text"
    if trafilatura finds no main text, "missing outlet" if no outlet is known; a metadata row
    for a page that does not exist is skipped as "missing file".

    Parameters
    ----------
    path : Path
        The folder (searched recursively; hidden files and folders are ignored).
    metadata : Path, optional
        Metadata CSV (default ``path / "metadata.csv"`` if that file exists), read whole.
    encoding : str, optional
        Force this codec for the pages.
    columns : dict, optional
        Field name to metadata column name.
    delimiter : str, optional
        Field delimiter of the metadata CSV (default: sniffed).
    strict : bool, default False
        Not used: the outlet already falls back to the page's own site and host names.

    Yields
    ------
    tuple
        ``(record, document entry)`` or ``(None, skipped entry)`` per page, then per metadata
        row without a page.

    References
    ----------
    .. [1] Barbaresi, A. (2021). Trafilatura: A Web Scraping Library and Command-Line Tool for
       Text Discovery and Extraction. Proceedings of ACL-IJCNLP 2021: System Demonstrations,
       122-131.
    """
    metadata_path = metadata if metadata is not None else path / "metadata.csv"
    rows: dict[str, dict] = {}
    if metadata_path.is_file():
        table = read_metadata_csv(
            metadata_path, columns or {}, required=("file",), delimiter=delimiter
        )
        for row in table_rows(table):
            name = field_value(row["file"])
            if name is not None:
                rows.setdefault(PurePosixPath(name.replace("\\", "/")).as_posix(), row)
    pages = [relative_source(page, path) for page in list_files(path, HTML_SUFFIXES)]
    for name in pages:
        yield _read_page(path / name, name, rows.get(name, {}), encoding)
    found = set(pages)
    for name, row in rows.items():
        if name not in found:
            doc_id = field_value(row.get("id")) or PurePosixPath(name).stem
            detail = f"{name} is listed in {metadata_path.name} but does not exist"
            yield None, skipped_entry(name, "missing file", detail=detail, doc_id=doc_id)


def _read_page(page: Path, name: str, row: dict, encoding: str | None) -> ReadItem:
    doc_id = field_value(row.get("id")) or page.stem
    try:
        decoded = decode_input(page.read_bytes(), encoding=encoding)
    except UndecodableError as exc:
        return None, skipped_entry(name, exc.reason, detail=str(exc), doc_id=doc_id)
    except OSError as exc:
        detail = f"cannot be read ({exc.strerror})"
        return None, skipped_entry(name, "undecodable", detail=detail, doc_id=doc_id)
    html, used = decoded.text, decoded.encoding
    if not html.strip():
        detail = "the file has no content"
        return None, skipped_entry(name, "empty", detail=detail, doc_id=doc_id)
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    text = normalize_text(text or "").strip()
    if not text:
        detail = "trafilatura found no main text in the page"
        return None, skipped_entry(name, "no article text", detail=detail, doc_id=doc_id)
    fields = {**_page_metadata(html), **{k: v for k, v in row.items() if field_value(v)}}
    if field_value(fields.get("outlet")) is None:
        detail = "the page names no site; add its outlet to metadata.csv"
        return None, skipped_entry(name, "missing outlet", detail=detail, doc_id=doc_id)
    record = make_record(fields, doc_id=doc_id, source=name, text=text, encoding=used)
    entry = document_entry(name, doc_id)
    return record, entry.with_problems(repair_problems(decoded.repairs, name))


def _page_metadata(html: str) -> dict:
    """Title, date, url, language and outlet (site name, else host name) found in the page."""
    found = extract_metadata(html)
    tree = trafilatura.load_html(html)
    language = tree.get("lang") if tree is not None else None
    return {
        "outlet": found.sitename or found.hostname,
        "title": found.title,
        "date": found.date,
        "url": found.url,
        "language": language.split("-")[0].lower() if language else None,
    }
