"""The reader registry and :func:`read_corpus`, the one entry point for reading inputs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.corpus.manifest import ManifestEntry, as_entry, check_manifest
from framing.corpus.readers.fields import RECORD_COLUMNS, check_column_map, records_frame
from framing.errors import InputError


@dataclass
class RawCorpus:
    """What a reader returns: decoded, normalised (not cleaned) records and their manifest.

    Attributes
    ----------
    records : DataFrame
        One row per readable input: ``doc_id, outlet, date, title, url, language, event,
        source, text, encoding`` (``date`` is the raw string as given, or None), then any extra
        metadata columns.
    manifest : list of ManifestEntry
        One entry per input; documents + skipped = inputs. A reader may give dicts with the
        keys of ``manifest.json``; :func:`read_corpus` turns them into entries.
    """

    records: pd.DataFrame
    manifest: list[ManifestEntry] = field(default_factory=list)


#: The signature of a reader function: path, then keyword options, to a :class:`RawCorpus`.
ReadFunction = Callable[..., RawCorpus]


@dataclass(frozen=True)
class Reader:
    """A registered reader.

    Attributes
    ----------
    name : str
        The ``--format`` name.
    read : callable
        ``read(path, *, metadata, encoding, columns) -> RawCorpus``.
    suffixes : tuple of str
        File suffixes (with the dot, lower case) that ``format="auto"`` recognises.
    folder : bool
        True if the reader takes a folder of such files, False if it takes one file.
    """

    name: str
    read: ReadFunction
    suffixes: tuple[str, ...] = ()
    folder: bool = False


#: Readers by name. Add one with :func:`register_reader`.
READERS: dict[str, Reader] = {}


def register_reader(
    name: str, *, suffixes: tuple[str, ...] = (), folder: bool = False
) -> Callable[[ReadFunction], ReadFunction]:
    """Register a reader function under ``name`` (a decorator).

    Parameters
    ----------
    name : str
        The format name users pass as ``--format`` / ``format=``.
    suffixes : tuple of str, optional
        File suffixes ``format="auto"`` maps to this reader, e.g. ``(".xml",)``.
    folder : bool, default False
        The reader takes a folder of files with these suffixes rather than one file.

    Returns
    -------
    callable
        The decorator; it returns the function unchanged.

    Examples
    --------
    >>> @register_reader("lines", suffixes=(".lines",))
    ... def read_lines(path, *, metadata=None, encoding=None, columns=None):
    ...     ...
    >>> get_reader("lines").suffixes
    ('.lines',)
    >>> _ = READERS.pop("lines")
    """

    def decorator(read: ReadFunction) -> ReadFunction:
        READERS[name] = Reader(
            name=name,
            read=read,
            suffixes=tuple(s.lower() for s in suffixes),
            folder=folder,
        )
        return read

    return decorator


def get_reader(name: str) -> Reader:
    """The reader registered as ``name``; a one-line InputError listing the formats if none."""
    try:
        return READERS[name]
    except KeyError:
        raise InputError(
            f"--format {name!r}: unknown format; use one of auto, {', '.join(sorted(READERS))}"
        ) from None


def infer_format(path: Path) -> str:
    """The reader name for ``path``: by the files a folder holds, or by a file's suffix.

    Raises
    ------
    InputError
        No reader, or more than one folder reader, fits the path.
    """
    formats = ", ".join(sorted(READERS))
    if path.is_dir():
        suffixes = {p.suffix.lower() for p in _visible_files(path)}
        fits = [r.name for r in READERS.values() if r.folder and suffixes & set(r.suffixes)]
        if len(fits) == 1:
            return fits[0]
        if fits:
            raise InputError(
                f"{path}: the folder holds files for several formats ({', '.join(fits)}); "
                f"choose one with --format {fits[0]}"
            )
        raise InputError(
            f"{path}: no .txt or .html files in this folder; give a folder of articles or "
            f"choose a format with --format ({formats})"
        )
    suffix = path.suffix.lower()
    for reader in READERS.values():
        if not reader.folder and suffix in reader.suffixes:
            return reader.name
    raise InputError(
        f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
        f"choose one with --format ({formats})"
    )


def _visible_files(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]


def list_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files under ``folder`` (recursively, hidden ones excluded) with one of ``suffixes``."""
    return sorted(p for p in _visible_files(folder) if p.suffix.lower() in suffixes)


def read_corpus(
    path: str | Path,
    *,
    format: str = "auto",
    metadata: str | Path | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> RawCorpus:
    """Read a corpus into decoded, normalised records and a manifest of every input.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files with a ``metadata.csv``, a folder of saved ``.html`` pages,
        or a ``.jsonl``, ``.csv`` or ``.parquet`` file.
    format : str, default "auto"
        A name in :data:`READERS`; ``"auto"`` infers it from the path.
    metadata : str or Path, optional
        Sidecar metadata CSV for a folder (default ``PATH/metadata.csv``).
    encoding : str, optional
        Force this codec for the input text instead of detecting it.
    columns : mapping, optional
        Field name to input column name, e.g. ``{"outlet": "publisher"}``.

    Returns
    -------
    RawCorpus
        ``records`` (columns :data:`~framing.corpus.readers.fields.RECORD_COLUMNS` plus extra
        metadata) and ``manifest``; text is decoded and normalised but not cleaned.

    Raises
    ------
    InputError
        The path does not exist, the format is unknown or does not fit the path, or a file the
        whole corpus depends on (metadata CSV, tabular file) cannot be used.

    Examples
    --------
    >>> raw = read_corpus("data/corpora/putin-kim")  # doctest: +SKIP
    >>> raw.records[["doc_id", "outlet", "source"]]  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"{path}: no such file or folder; give a folder of .txt files with metadata.csv, "
            "a folder of .html pages, or a .jsonl, .csv or .parquet file"
        )
    reader = get_reader(infer_format(path) if format == "auto" else format)
    if reader.folder and not path.is_dir():
        raise InputError(f"{path}: the {reader.name} format reads a folder, not a file")
    if not reader.folder and path.is_dir():
        raise InputError(f"{path}: the {reader.name} format reads one file, not a folder")
    if metadata is not None and not Path(metadata).is_file():
        raise InputError(f"--metadata {metadata}: no such file; give the path of a CSV file")
    columns = dict(columns or {})
    check_column_map(columns)
    raw = reader.read(
        path,
        metadata=None if metadata is None else Path(metadata),
        encoding=encoding,
        columns=columns,
    )
    records = raw.records
    missing = [c for c in RECORD_COLUMNS if c not in records.columns]
    if missing:
        records = records_frame(records.to_dict("records"))
    manifest = [as_entry(entry) for entry in raw.manifest]
    check_manifest(manifest, len(manifest), n_documents=len(records))
    return RawCorpus(records=records.reset_index(drop=True), manifest=manifest)
