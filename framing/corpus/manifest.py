"""The manifest: every input file or record ends up as a document or as a skipped entry.

A manifest is a list of :class:`ManifestEntry`, one per input (a file of a folder corpus, a row
of a CSV or Parquet file, a line of a JSONL file). Its ``status`` is ``"document"`` or
``"skipped"``; a skipped entry has a stable short ``reason_code`` (:data:`REASONS`) and a
``detail`` that says what to fix, kept apart so that no code has to read the prose. Written to
``manifest.json`` (:func:`manifest_summary`), an entry keeps the keys it has always had,
``source``, ``status``, ``reason`` (code and detail as one line, e.g.
``"duplicate: exact duplicate of doc 003"``) and ``doc_id``, plus ``reason_code`` and
``detail``; the summary counts the skipped entries by reason code.

A value that could not be used as given (an unreadable date, an unknown language code, HTML
tags in a text) costs that value, not the document: the entry keeps a :class:`ValueProblem` per
such value in ``problems`` (key ``"problems"`` of ``manifest.json``), and
:func:`problem_notes` turns them into one readable line per kind of problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from framing.errors import FramingError

DOCUMENT = "document"
SKIPPED = "skipped"

#: Stable reason codes of skipped inputs.
REASONS = (
    "empty",
    "not text",
    "undecodable",
    "duplicate",
    "duplicate id",
    "duplicate metadata row",
    "missing outlet",
    "missing file",
    "no metadata row",
    "invalid JSON",
    "no article text",
    "empty after cleaning",
    "stage error",
)

#: The keys of an entry in ``manifest.json``, in order.
JSON_KEYS = ("source", "status", "reason", "doc_id", "reason_code", "detail", "problems")

#: Problems of one kind listed one by one in :func:`problem_notes`; more are grouped.
MAX_NOTES_PER_KIND = 3

_WHITESPACE = re.compile(r"\s+")


class ManifestError(FramingError):
    """The manifest does not account for every input exactly once (a bug in a reader)."""


@dataclass(frozen=True)
class ValueProblem:
    """A value of one input that could not be used as given, and what was done instead.

    Attributes
    ----------
    source : str
        The input, as in :attr:`ManifestEntry.source` (``"data.jsonl#line=4"``).
    field : str
        The field the value belongs to (``"date"``, ``"language"``, ``"text"``, ...).
    value : str
        The value as given (shortened to :data:`MAX_VALUE_CHARS` characters).
    problem : str
        What is wrong, a short stable phrase that groups problems of one kind
        (``"date unreadable"``, ``"language unknown"``, ``"html stripped"``).
    action : str
        What was done instead (``"dated from the text"``, ``"kept without a date"``).
    fix : str
        What a user can do about it (``"write dates as YYYY-MM-DD"``).

    Examples
    --------
    >>> problem = ValueProblem("a.csv#row=2", "date", "yesterday", "date unreadable",
    ...                        "kept without a date", "write dates as YYYY-MM-DD")
    >>> problem.line
    "a.csv#row=2: date unreadable ('yesterday'); kept without a date; write dates as YYYY-MM-DD"
    """

    source: str
    field: str
    value: str
    problem: str
    action: str
    fix: str

    def __post_init__(self) -> None:
        value = " ".join(str(self.value).split())
        if len(value) > MAX_VALUE_CHARS:
            value = value[: MAX_VALUE_CHARS - 1] + "…"
        object.__setattr__(self, "value", value)

    @property
    def line(self) -> str:
        """The problem as one readable line."""
        return f"{self.source}: {self.problem} ({self.value!r}); {self.action}; {self.fix}"

    def to_json(self) -> dict:
        """The problem as a record of ``manifest.json``."""
        return {name: getattr(self, name) for name in PROBLEM_KEYS}

    @classmethod
    def from_json(cls, record: Mapping) -> ValueProblem:
        """A problem from a record of ``manifest.json``."""
        return cls(**{name: str(record.get(name) or "") for name in PROBLEM_KEYS})


#: The keys of a problem in ``manifest.json``, in order.
PROBLEM_KEYS = ("source", "field", "value", "problem", "action", "fix")
#: A value longer than this is shortened in a :class:`ValueProblem`.
MAX_VALUE_CHARS = 80


@dataclass(frozen=True)
class ManifestEntry:
    """What became of one input: a document, or skipped with a reason.

    Attributes
    ----------
    source : str
        Where the input came from: a path relative to the corpus root, with ``#row=N`` or
        ``#line=N`` for a record of a tabular file.
    status : {"document", "skipped"}
        Whether the input became a document.
    reason_code : str or None
        Why it was skipped: a code of :data:`REASONS` (None for a document).
    detail : str or None
        What a user needs to know to fix it, e.g. ``"exact duplicate of doc 003"``.
    doc_id : str or None
        The id of the document, or the id it would have had, when known.
    problems : tuple of ValueProblem
        Values of the input that could not be used as given (the input may still be a
        document).

    Raises
    ------
    ManifestError
        The status is neither, a skipped entry has no reason code, a document has one, or a
        reason code holds a colon (a detail given as part of the code).

    Examples
    --------
    >>> entry = skipped_entry("003.txt", "duplicate", detail="exact duplicate of doc 001")
    >>> entry.reason_code, entry.reason
    ('duplicate', 'duplicate: exact duplicate of doc 001')
    >>> entry["status"]  # read as its JSON record
    'skipped'
    """

    source: str
    status: str
    reason_code: str | None = None
    detail: str | None = None
    doc_id: str | None = None
    problems: tuple[ValueProblem, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "problems", tuple(self.problems))
        if self.status not in (DOCUMENT, SKIPPED):
            raise ManifestError(
                f"manifest: entry {self.source!r} has no valid status ({self.status!r}); "
                f"give {DOCUMENT!r} or {SKIPPED!r}"
            )
        if self.status == SKIPPED and not self.reason_code:
            raise ManifestError(f"manifest: skipped entry {self.source} has no reason")
        if self.status == DOCUMENT and (self.reason_code or self.detail):
            raise ManifestError(f"manifest: document entry {self.source} has a reason")
        if self.reason_code and ":" in self.reason_code:
            raise ManifestError(
                f"manifest: reason code {self.reason_code!r} of {self.source} holds a detail; "
                "give the code (e.g. 'empty') and the detail apart"
            )

    @property
    def reason(self) -> str | None:
        """Code and detail as one line, ``"code: detail"`` (None for a document)."""
        if self.reason_code is None:
            return None
        return f"{self.reason_code}: {self.detail}" if self.detail else self.reason_code

    @property
    def skipped(self) -> bool:
        """Whether the input was skipped."""
        return self.status == SKIPPED

    def skip(self, reason_code: str, detail: str | None = None) -> ManifestEntry:
        """This entry, skipped with a reason (the document id is kept)."""
        return replace(self, status=SKIPPED, reason_code=reason_code, detail=detail)

    def with_problems(self, problems: Iterable[ValueProblem]) -> ManifestEntry:
        """This entry with ``problems`` added after the ones it has."""
        return replace(self, problems=(*self.problems, *problems))

    def to_json(self) -> dict:
        """The entry as a record of ``manifest.json`` (the keys of :data:`JSON_KEYS`)."""
        record = {key: self[key] for key in JSON_KEYS if key != "problems"}
        record["problems"] = [problem.to_json() for problem in self.problems]
        return record

    @classmethod
    def from_json(cls, record: Mapping) -> ManifestEntry:
        """An entry from a record of ``manifest.json`` (or a dict a reader returned).

        A record written before reason codes were stored has only ``reason``; its code is then
        the code of :data:`REASONS` that ``reason`` is (or starts with, before ``": "``).

        Raises
        ------
        ManifestError
            The record is not a valid entry, or such an older ``reason`` starts with no known
            code.
        """
        status = record.get("status")
        code, detail = record.get("reason_code"), record.get("detail")
        if code is None and status == SKIPPED and record.get("reason"):
            code, detail = _known_reason(str(record["reason"]), str(record.get("source")))
        doc_id = record.get("doc_id")
        problems = record.get("problems") or ()
        return cls(
            source=str(record.get("source")),
            status=status,
            reason_code=code,
            detail=detail,
            doc_id=None if doc_id is None else str(doc_id),
            problems=tuple(
                p if isinstance(p, ValueProblem) else ValueProblem.from_json(p) for p in problems
            ),
        )

    def __getitem__(self, key: str) -> str | None:
        """The value of a ``manifest.json`` key, so ``entry["status"]`` reads as for a record."""
        if key not in JSON_KEYS:
            raise KeyError(key)
        return getattr(self, key)


def _known_reason(reason: str, source: str) -> tuple[str, str | None]:
    """Code and detail of a one-line reason from a manifest written without reason codes."""
    for code in sorted(REASONS, key=len, reverse=True):
        if reason == code:
            return code, None
        if reason.startswith(f"{code}: "):
            return code, reason[len(code) + 2 :]
    raise ManifestError(
        f"manifest: reason {reason!r} of {source} starts with no known code "
        f"({', '.join(REASONS)}); give the entry a reason_code"
    )


def as_entry(entry: ManifestEntry | Mapping) -> ManifestEntry:
    """``entry`` as a :class:`ManifestEntry` (a dict is read by :meth:`ManifestEntry.from_json`)."""
    return entry if isinstance(entry, ManifestEntry) else ManifestEntry.from_json(entry)


def document_entry(source: str, doc_id: str) -> ManifestEntry:
    """A manifest entry for an input that became a document.

    Parameters
    ----------
    source : str
        Where the input came from: a path relative to the corpus root, with ``#row=N`` or
        ``#line=N`` for a record of a tabular file.
    doc_id : str
        The id of the document.

    Returns
    -------
    ManifestEntry
        With status ``"document"`` and no reason.
    """
    return ManifestEntry(source=source, status=DOCUMENT, doc_id=doc_id)


def skipped_entry(
    source: str, reason_code: str, *, detail: str | None = None, doc_id: str | None = None
) -> ManifestEntry:
    """A manifest entry for an input that was skipped.

    Parameters
    ----------
    source : str
        Where the input came from (see :func:`document_entry`).
    reason_code : str
        Why: a code from :data:`REASONS`.
    detail : str, optional
        What a user needs to know to fix it.
    doc_id : str, optional
        The id the document would have had, when known.

    Returns
    -------
    ManifestEntry
        With status ``"skipped"``.

    Examples
    --------
    >>> skipped_entry("a.txt", "empty", detail="the file has no text").reason
    'empty: the file has no text'
    """
    return ManifestEntry(source, SKIPPED, reason_code=reason_code, detail=detail, doc_id=doc_id)


def skip(
    manifest: list[ManifestEntry], doc_id: str, reason_code: str, detail: str | None = None
) -> list[ManifestEntry]:
    """Turn the document entry of ``doc_id`` into a skipped entry.

    For a step after reading that drops a document, e.g. one that is empty after cleaning.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest so far.
    doc_id : str
        Id of a document in the manifest.
    reason_code : str
        Why it is skipped (see :data:`REASONS`).
    detail : str, optional
        What a user needs to know.

    Returns
    -------
    list of ManifestEntry
        A new manifest; the input list is not changed.

    Raises
    ------
    ManifestError
        No entry with status "document" has this ``doc_id``.

    Examples
    --------
    >>> m = [document_entry("a.txt", "a")]
    >>> skip(m, "a", "empty after cleaning")[0].status
    'skipped'
    """
    out = []
    found = False
    for entry in manifest:
        if not found and entry.status == DOCUMENT and entry.doc_id == doc_id:
            entry = entry.skip(reason_code, detail)
            found = True
        out.append(entry)
    if not found:
        raise ManifestError(f"manifest: no document with id {doc_id!r} to skip")
    return out


def check_manifest(
    manifest: Iterable[ManifestEntry | Mapping], n_inputs: int, *, n_documents: int | None = None
) -> None:
    """Check that the manifest accounts for every input exactly once.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest (dicts as a reader may return them are read with :func:`as_entry`).
    n_inputs : int
        Number of inputs read (files of a folder, rows or lines of a tabular file).
    n_documents : int, optional
        Number of documents actually produced; checked against the document entries.

    Raises
    ------
    ManifestError
        An entry has an unknown status or a skipped entry has no reason; documents + skipped
        differs from ``n_inputs``; or the document entries differ from ``n_documents``.

    Examples
    --------
    >>> check_manifest([document_entry("a.txt", "a"), skipped_entry("b.txt", "empty")], 2)
    """
    entries = [as_entry(e) for e in manifest]  # an invalid entry raises here
    n_docs = sum(e.status == DOCUMENT for e in entries)
    n_skipped = sum(e.status == SKIPPED for e in entries)
    if n_docs + n_skipped != n_inputs:
        raise ManifestError(
            f"manifest: {n_docs} documents + {n_skipped} skipped != {n_inputs} inputs; "
            "an input was lost or counted twice"
        )
    if n_documents is not None and n_docs != n_documents:
        raise ManifestError(
            f"manifest: {n_docs} document entries but {n_documents} documents were produced"
        )


def manifest_summary(manifest: Iterable[ManifestEntry | Mapping]) -> dict:
    """The JSON form of a manifest (``manifest.json``): counts that add up, then every entry.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest (dicts are read with :func:`as_entry`).

    Returns
    -------
    dict
        ``n_inputs``, ``n_documents``, ``n_skipped``, ``skipped_by_reason`` (count per reason
        code), ``n_problems`` and ``problems_by_kind`` (count of :class:`ValueProblem` per
        ``problem``), and ``records`` (:meth:`ManifestEntry.to_json` of every entry).

    Examples
    --------
    >>> summary = manifest_summary([document_entry("a.txt", "a"), skipped_entry("b.txt", "empty")])
    >>> summary["skipped_by_reason"], summary["records"][1]["reason"]
    ({'empty': 1}, 'empty')
    """
    entries = [as_entry(e) for e in manifest]
    reasons: dict[str, int] = {}
    for entry in entries:
        if entry.status == SKIPPED:
            reasons[entry.reason_code] = reasons.get(entry.reason_code, 0) + 1
    kinds: dict[str, int] = {}
    for problem in (p for entry in entries for p in entry.problems):
        kinds[problem.problem] = kinds.get(problem.problem, 0) + 1
    return {
        "n_inputs": len(entries),
        "n_documents": sum(e.status == DOCUMENT for e in entries),
        "n_skipped": sum(e.status == SKIPPED for e in entries),
        "skipped_by_reason": dict(sorted(reasons.items())),
        "n_problems": sum(kinds.values()),
        "problems_by_kind": dict(sorted(kinds.items())),
        "records": [e.to_json() for e in entries],
    }


def problem_notes(manifest: Iterable[ManifestEntry | Mapping]) -> list[str]:
    """One readable line per kind of value problem in the manifest (for the run's notes).

    Up to :data:`MAX_NOTES_PER_KIND` problems of a kind are listed one by one; more are one line
    that counts them and gives the first as an example.

    Parameters
    ----------
    manifest : list of ManifestEntry
        The manifest (dicts are read with :func:`as_entry`).

    Returns
    -------
    list of str
        In the order the kinds first occur; empty when no value had a problem.

    Examples
    --------
    >>> def bad(line, value, action):
    ...     problem = ValueProblem(f"data.jsonl#line={line}", "date", value, "date unreadable",
    ...                            action, "write dates as YYYY-MM-DD")
    ...     return document_entry(problem.source, str(line)).with_problems([problem])
    >>> manifest = [bad(4, "yesterday", "kept without a date"), bad(6, "soon", "dated from the "
    ...             "text"), bad(9, "?", "kept without a date"), bad(12, "x", "kept without a date")]
    >>> problem_notes(manifest)  # doctest: +NORMALIZE_WHITESPACE
    ["4 records: date unreadable (e.g. data.jsonl#line=4 'yesterday'); kept without a date or
      dated from the text; write dates as YYYY-MM-DD"]
    """
    groups: dict[str, list[ValueProblem]] = {}
    for entry in manifest:
        for problem in as_entry(entry).problems:
            groups.setdefault(problem.problem, []).append(problem)
    notes = []
    for kind, problems in groups.items():
        if len(problems) <= MAX_NOTES_PER_KIND:
            notes.extend(problem.line for problem in problems)
            continue
        first = problems[0]
        actions = " or ".join(dict.fromkeys(problem.action for problem in problems))
        fixes = "; ".join(dict.fromkeys(problem.fix for problem in problems))
        notes.append(
            f"{len(problems)} records: {kind} (e.g. {first.source} {first.value!r}); "
            f"{actions}; {fixes}"
        )
    return notes


def merge_entries(
    manifest: Iterable[ManifestEntry], updates: Iterable[ManifestEntry]
) -> list[ManifestEntry]:
    """The manifest with later news about some of its documents merged in.

    An update is matched to the document entry with its ``source`` and ``doc_id``: a skipped
    update replaces the entry, a document update adds its problems; either way the problems the
    entry had are kept. Entries that no update matches are returned as they are.

    Parameters
    ----------
    manifest : list of ManifestEntry
        Entries as a reader gave them.
    updates : list of ManifestEntry
        Entries from a later step, e.g. the third value of
        :func:`framing.corpus.prepare.prepare_records`.

    Returns
    -------
    list of ManifestEntry
        A new list, in the order of ``manifest``.

    Examples
    --------
    >>> manifest = [document_entry("a.txt", "a"), document_entry("b.txt", "b")]
    >>> merged = merge_entries(manifest, [skipped_entry("b.txt", "empty after cleaning",
    ...                                                 doc_id="b")])
    >>> [entry.status for entry in merged]
    ['document', 'skipped']
    """
    by_key: dict[tuple[str, str | None], ManifestEntry] = {}
    for update in updates:
        key = (update.source, update.doc_id)
        known = by_key.get(key)
        by_key[key] = update if known is None else _merged(known, update)
    out = []
    for entry in manifest:
        update = by_key.get((entry.source, entry.doc_id)) if entry.status == DOCUMENT else None
        out.append(entry if update is None else _merged(entry, update))
    return out


def _merged(entry: ManifestEntry, update: ManifestEntry) -> ManifestEntry:
    problems = (*entry.problems, *(p for p in update.problems if p not in entry.problems))
    if update.status == SKIPPED:
        return replace(update, problems=problems)
    return replace(entry, problems=problems)


#: Columns of :func:`entries_table`.
ENTRY_COLUMNS = ("source", "status", "reason_code", "detail", "doc_id", "problems")


def entries_table(entries: Iterable[ManifestEntry]) -> pd.DataFrame:
    """Manifest entries as a table that round-trips through Parquet (problems as JSON text).

    Examples
    --------
    >>> entries = [skipped_entry("a.txt", "empty", doc_id="a")]
    >>> entries_from_table(entries_table(entries)) == entries
    True
    """
    rows = [
        {
            "source": e.source,
            "status": e.status,
            "reason_code": e.reason_code,
            "detail": e.detail,
            "doc_id": e.doc_id,
            "problems": json.dumps([p.to_json() for p in e.problems], ensure_ascii=False)
            if e.problems
            else None,
        }
        for e in entries
    ]
    return pd.DataFrame(rows, columns=list(ENTRY_COLUMNS)).astype(object)


def entries_from_table(table: pd.DataFrame) -> list[ManifestEntry]:
    """The entries of a table written by :func:`entries_table`."""
    entries = []
    for row in table.to_dict("records"):
        values = {k: (None if _missing(v) else v) for k, v in row.items() if k in ENTRY_COLUMNS}
        problems = json.loads(values.pop("problems", None) or "[]")
        values["problems"] = tuple(ValueProblem.from_json(p) for p in problems)
        entries.append(ManifestEntry(**values))
    return entries


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)
