"""Report sections: a registry of (id, title, builder, template).

A section's builder reads the run's saved tables and returns the context its template needs,
or ``None`` when the run has nothing for it (the section is then left out). New sections are
added with :func:`register_section`, without editing this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from framing.errors import ConfigError
from framing.report.rundata import RunData


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Attributes
    ----------
    id : str
        HTML anchor and key; lower case with hyphens.
    title : str
        Heading shown in the page and its table of contents.
    build : callable
        ``build(run: RunData) -> dict | None``; the template context, or None to omit.
    template : str
        Template path inside ``framing/report/templates/``.
    """

    id: str
    title: str
    build: Callable[[RunData], dict | None]
    template: str


def table_view(df: pd.DataFrame, columns: list[str] | None = None, *, digits: int = 3) -> dict:
    """A DataFrame as ``{"columns": [...], "rows": [[...], ...]}`` of display strings."""
    if columns is not None:
        df = df[columns]

    def show(value: object) -> str:
        if value is None or (not isinstance(value, str | list | tuple) and pd.isna(value)):
            return "–"
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, float):
            return (
                f"{value:.{digits}g}"
                if abs(value) < 1e-3 and value != 0
                else f"{value:,.{digits}f}".rstrip("0").rstrip(".")
            )
        return str(value)

    return {
        "columns": [str(c) for c in df.columns],
        "rows": [[show(v) for v in row] for row in df.itertuples(index=False, name=None)],
    }


def _overview(run: RunData) -> dict | None:
    documents = run.table("documents")
    if documents is None:
        return None
    documents = documents.copy()
    documents["date"] = pd.to_datetime(documents["date"])
    documents["event"] = documents["event"].fillna("(none)")
    per_outlet = (
        documents.groupby("outlet", sort=True)
        .agg(
            documents=("doc_id", "size"),
            first_date=("date", "min"),
            last_date=("date", "max"),
            tokens=("n_tokens", "sum"),
            languages=("language", lambda s: ", ".join(sorted(set(s)))),
        )
        .reset_index()
    )
    by_event = pd.crosstab(documents["outlet"], documents["event"]).reset_index()
    docs_view = documents[
        ["doc_id", "outlet", "date", "date_source", "event", "language", "title", "n_tokens"]
    ]
    removed = run.table("removed")
    removed_rules = None
    removed_rows = None
    if removed is not None and len(removed):
        removed_rules = (
            removed.groupby("rule").size().rename("lines").reset_index().sort_values("rule")
        )
        removed_rows = table_view(removed[["doc_id", "line_no", "rule", "line"]])
    manifest = run.manifest
    skipped = [r for r in manifest.get("records", []) if r.get("status") == "skipped"]
    sentences = run.table("sentences")
    paragraphs = run.table("paragraphs")
    return {
        "n_documents": len(documents),
        "n_outlets": documents["outlet"].nunique(),
        "n_paragraphs": 0 if paragraphs is None else len(paragraphs),
        "n_sentences": 0 if sentences is None else len(sentences),
        "date_min": documents["date"].min(),
        "date_max": documents["date"].max(),
        "per_outlet": table_view(per_outlet),
        "by_event": table_view(by_event),
        "documents": table_view(docs_view),
        "removed_rules": None if removed_rules is None else table_view(removed_rules),
        "removed_rows": removed_rows,
        "n_removed": 0 if removed is None else len(removed),
        "manifest": manifest,
        "skipped": table_view(pd.DataFrame(skipped, columns=["source", "reason", "doc_id"]))
        if skipped
        else None,
    }


#: The report's sections, in page order.
SECTIONS: list[Section] = [
    Section("overview", "Corpus overview", _overview, "sections/overview.html.j2"),
]


def register_section(section: Section, *, before: str | None = None) -> None:
    """Add a section to the report (at the end, or before the section with id ``before``)."""
    if any(s.id == section.id for s in SECTIONS):
        raise ConfigError(f"report section {section.id!r} exists already; choose another id")
    if before is None:
        SECTIONS.append(section)
        return
    ids = [s.id for s in SECTIONS]
    if before not in ids:
        raise ConfigError(f"no report section {before!r}; sections are {', '.join(ids)}")
    SECTIONS.insert(ids.index(before), section)
