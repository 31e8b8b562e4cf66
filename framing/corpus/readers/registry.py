"""The reader registry, :func:`iter_corpus` and :func:`read_corpus`, the entry points for inputs.

A built-in reader is a generator of *items*, one per input: ``(record, entry)`` with the
record's dict and its document entry, or ``(None, entry)`` with a skipped entry. It reads its
input incrementally (a folder file by file, a JSONL file line by line, a CSV or Parquet file a
batch of rows at a time), so :func:`iter_corpus` hands out the corpus in chunks with memory
that follows the chunk size, not the corpus. :func:`read_corpus` is the concatenation of those
chunks. A reader registered as a plain function returning a :class:`RawCorpus` (as in
``docs/extending.md``) works too; its result is then cut into chunks.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.corpus.manifest import (
    DOCUMENT,
    ManifestEntry,
    ManifestError,
    as_entry,
    check_manifest,
)
from framing.corpus.readers.fields import RECORD_COLUMNS, check_column_map, records_frame
from framing.errors import InputError

#: Records per chunk when :func:`read_corpus` reads a whole corpus (the result is the same for
#: any value; this one only bounds the size of the pieces concatenated).
READ_CHUNK_SIZE = 10_000


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
#: One input as a reader's generator gives it: the record (None when skipped) and its entry.
ReadItem = tuple[dict | None, ManifestEntry]
#: The signature of a reader generator: path, then keyword options, to items.
ItemFunction = Callable[..., Iterator[ReadItem]]


@dataclass(frozen=True)
class Reader:
    """A registered reader.

    Attributes
    ----------
    name : str
        The ``--format`` name.
    read : callable
        ``read(path, *, metadata, encoding, columns, ...) -> RawCorpus``.
    suffixes : tuple of str
        File suffixes (with the dot, lower case) that ``format="auto"`` recognises.
    folder : bool
        True if the reader takes a folder of such files, False if it takes one file.
    items : callable or None
        ``items(path, *, metadata, encoding, columns, delimiter, strict)``, a generator of
        :data:`ReadItem` (None for a reader registered as a plain function).
    dataset : bool
        The reader takes one file, or a folder of such files read one after the other (a
        Parquet dataset).
    """

    name: str
    read: ReadFunction
    suffixes: tuple[str, ...] = ()
    folder: bool = False
    items: ItemFunction | None = None
    dataset: bool = False


#: Readers by name. Add one with :func:`register_reader`.
READERS: dict[str, Reader] = {}


def register_reader(
    name: str, *, suffixes: tuple[str, ...] = (), folder: bool = False, dataset: bool = False
) -> Callable[[ReadFunction], ReadFunction]:
    """Register a reader function under ``name`` (a decorator).

    The function either returns a :class:`RawCorpus`, or is a generator of
    ``(record or None, manifest entry)`` items, one per input (then the corpus can be read in
    chunks without holding it whole).

    Parameters
    ----------
    name : str
        The format name users pass as ``--format`` / ``format=``.
    suffixes : tuple of str, optional
        File suffixes ``format="auto"`` maps to this reader, e.g. ``(".xml",)``.
    folder : bool, default False
        The reader takes a folder of files with these suffixes rather than one file.
    dataset : bool, default False
        The reader takes one file or a folder of such files.

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
        items = read if inspect.isgeneratorfunction(read) else None
        READERS[name] = Reader(
            name=name,
            read=read if items is None else _collector(items),
            suffixes=tuple(s.lower() for s in suffixes),
            folder=folder,
            items=items,
            dataset=dataset,
        )
        return read

    return decorator


def _collector(items: ItemFunction) -> ReadFunction:
    """A function that reads the whole corpus with a reader generator."""

    def read(path: Path, **options) -> RawCorpus:
        return _concat(_chunks(items(path, **options), READ_CHUNK_SIZE))

    read.__doc__ = items.__doc__
    read.__name__ = getattr(items, "__name__", "read")
    return read


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
        fits = [
            r.name
            for r in READERS.values()
            if (r.folder or r.dataset) and suffixes & set(r.suffixes)
        ]
        if len(fits) == 1:
            return fits[0]
        if fits:
            raise InputError(
                f"{path}: the folder holds files for several formats ({', '.join(fits)}); "
                f"choose one with --format {fits[0]}"
            )
        raise InputError(
            f"{path}: no .txt, .html or .parquet files in this folder; give a folder of "
            f"articles or choose a format with --format ({formats})"
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


def iter_corpus(
    path: str | Path,
    chunk_size: int,
    *,
    format: str = "auto",
    metadata: str | Path | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> Iterator[RawCorpus]:
    """Read a corpus in chunks of at most ``chunk_size`` records, each with its manifest.

    Inputs are read incrementally: a folder file by file, a JSONL file line by line, a CSV
    file and a Parquet file (or a folder of Parquet files) a batch of rows at a time. Memory
    follows ``chunk_size``, not the size of the corpus (a folder's metadata CSV is read whole).
    A chunk's manifest holds the entries of its records and of the inputs skipped while it was
    read; the last chunk may have fewer records, or none (skipped inputs only). The
    concatenation of the chunks is :func:`read_corpus`, whatever the chunk size.

    Parameters
    ----------
    path : str or Path
        As :func:`read_corpus`.
    chunk_size : int
        Most records per chunk (1 or more).
    format, metadata, encoding, columns
        As :func:`read_corpus`.
    delimiter : str, optional
        Field delimiter of a CSV file (and of a folder's metadata CSV); default: sniffed.
    strict : bool, default False
        Give up a value a reader could stand in for (a missing outlet taken from the url)
        instead of recording the stand-in.

    Yields
    ------
    RawCorpus
        One chunk. A corpus without any input gives one empty chunk.

    Raises
    ------
    InputError
        As :func:`read_corpus`; checks of the path and options are made before the first chunk
        is asked for.

    Examples
    --------
    >>> chunks = iter_corpus("data/corpora/putin-kim", 2)
    >>> [len(chunk.records) for chunk in chunks]
    [2, 2, 1]
    """
    if int(chunk_size) < 1:
        raise InputError(f"chunk_size={chunk_size}: give a number of records, 1 or more")
    reader, path, options = _resolve(path, format, metadata, encoding, columns, delimiter, strict)
    if reader.items is not None:
        return _chunks(reader.items(path, **options), int(chunk_size))
    return _split(_call(reader.read, path, options), int(chunk_size))


def read_corpus(
    path: str | Path,
    *,
    format: str = "auto",
    metadata: str | Path | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    strict: bool = False,
) -> RawCorpus:
    """Read a corpus into decoded, normalised records and a manifest of every input.

    The concatenation of the chunks of :func:`iter_corpus`.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files with a ``metadata.csv``, a folder of saved ``.html`` pages,
        a ``.jsonl``, ``.csv`` or ``.parquet`` file, or a folder of ``.parquet`` files.
    format : str, default "auto"
        A name in :data:`READERS`; ``"auto"`` infers it from the path.
    metadata : str or Path, optional
        Sidecar metadata CSV for a folder (default ``PATH/metadata.csv``).
    encoding : str, optional
        Force this codec for the input text instead of detecting it.
    columns : mapping, optional
        Field name to input column name, e.g. ``{"outlet": "publisher"}``.
    delimiter : str, optional
        Field delimiter of a CSV file (and of a folder's metadata CSV); default: sniffed.
    strict : bool, default False
        See :func:`iter_corpus`.

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
    >>> raw = read_corpus("data/corpora/putin-kim")
    >>> raw.records[["doc_id", "outlet"]].head(2).values.tolist()
    [['000', 'unnamed-000'], ['001', 'Pos-Kupang']]
    """
    return _concat(
        iter_corpus(
            path,
            READ_CHUNK_SIZE,
            format=format,
            metadata=metadata,
            encoding=encoding,
            columns=columns,
            delimiter=delimiter,
            strict=strict,
        )
    )


def _resolve(
    path: str | Path,
    format: str,
    metadata: str | Path | None,
    encoding: str | None,
    columns: Mapping[str, str] | None,
    delimiter: str | None,
    strict: bool,
) -> tuple[Reader, Path, dict]:
    """The reader, the path and the reader's options, once every check has passed."""
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"{path}: no such file or folder; give a folder of .txt files with metadata.csv, "
            "a folder of .html pages, or a .jsonl, .csv or .parquet file"
        )
    reader = get_reader(infer_format(path) if format == "auto" else format)
    if reader.folder and not path.is_dir():
        raise InputError(f"{path}: the {reader.name} format reads a folder, not a file")
    if not reader.folder and not reader.dataset and path.is_dir():
        raise InputError(f"{path}: the {reader.name} format reads one file, not a folder")
    if metadata is not None and not Path(metadata).is_file():
        raise InputError(f"--metadata {metadata}: no such file; give the path of a CSV file")
    if delimiter is not None and len(delimiter) != 1:
        raise InputError(
            f"--delimiter {delimiter!r}: give one character, e.g. ';' or a tab ('\\t')"
        )
    columns = dict(columns or {})
    check_column_map(columns)
    options = {
        "metadata": None if metadata is None else Path(metadata),
        "encoding": encoding,
        "columns": columns,
        "delimiter": delimiter,
        "strict": bool(strict),
    }
    return reader, path, options


def _call(read: ReadFunction, path: Path, options: dict) -> RawCorpus:
    """Call a plain reader function with the options its signature accepts."""
    parameters = inspect.signature(read).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    given = {
        key: value
        for key, value in options.items()
        if takes_any or key in parameters or key in ("metadata", "encoding", "columns")
    }
    return read(path, **given)


def _chunks(items: Iterable[ReadItem], chunk_size: int) -> Iterator[RawCorpus]:
    """Group a reader's items into chunks of ``chunk_size`` records."""
    records: list[dict] = []
    entries: list[ManifestEntry] = []
    yielded = False
    for record, entry in items:
        entry = as_entry(entry)
        if (record is not None) != (entry.status == DOCUMENT):
            raise ManifestError(
                f"manifest: input {entry.source} is {entry.status!r} but the reader "
                f"{'gave' if record is not None else 'gave no'} record for it"
            )
        entries.append(entry)
        if record is not None:
            records.append(record)
            if len(records) >= chunk_size:
                yield _chunk(records, entries)
                records, entries, yielded = [], [], True
    if entries or not yielded:
        yield _chunk(records, entries)


def _chunk(records: list[dict], entries: list[ManifestEntry]) -> RawCorpus:
    check_manifest(entries, len(entries), n_documents=len(records))
    return RawCorpus(records=records_frame(records), manifest=entries)


def _split(raw: RawCorpus, chunk_size: int) -> Iterator[RawCorpus]:
    """Cut a whole :class:`RawCorpus` into chunks, keeping the manifest's order.

    An entry goes with the chunk of the records read so far: a chunk closes once it has
    ``chunk_size`` document entries, so entries of skipped inputs stay where they were.
    """
    records = raw.records
    if any(c not in records.columns for c in RECORD_COLUMNS):
        records = records_frame(records.to_dict("records"))
    records = records.reset_index(drop=True)
    manifest = [as_entry(entry) for entry in raw.manifest]
    check_manifest(manifest, len(manifest), n_documents=len(records))
    start = n_documents = 0
    entries: list[ManifestEntry] = []
    yielded = False
    for entry in manifest:
        entries.append(entry)
        n_documents += entry.status == DOCUMENT
        if n_documents == chunk_size:
            yield RawCorpus(
                records.iloc[start : start + chunk_size].reset_index(drop=True), entries
            )
            start, entries, n_documents, yielded = start + chunk_size, [], 0, True
    if entries or not yielded:
        yield RawCorpus(records.iloc[start:].reset_index(drop=True), entries)


def _concat(chunks: Iterable[RawCorpus]) -> RawCorpus:
    """One :class:`RawCorpus` of chunks, in order."""
    frames: list[pd.DataFrame] = []
    manifest: list[ManifestEntry] = []
    first: pd.DataFrame | None = None
    for chunk in chunks:
        first = chunk.records if first is None else first
        if len(chunk.records):
            frames.append(chunk.records)
        manifest.extend(chunk.manifest)
    if not frames:
        records = first if first is not None else records_frame([])
    elif len(frames) == 1:
        records = frames[0]
    else:
        records = pd.concat(frames, ignore_index=True, sort=False)
    return RawCorpus(records=records.reset_index(drop=True), manifest=manifest)
