"""The corpus overview: documents per outlet and event, dates, languages, cleaning, manifest."""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.views import table_view


def build(run: RunData) -> dict | None:
    if not run.has("documents"):
        return None
    shown = ("doc_id", "outlet", "date", "date_source", "event", "language", "title", "n_tokens")
    documents = run.table("documents", columns=list(shown)).copy()  # not the text
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
    return {
        "n_documents": len(documents),
        "n_outlets": documents["outlet"].nunique(),
        "n_paragraphs": run.n_rows("paragraphs"),
        "n_sentences": run.n_rows("sentences"),
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
