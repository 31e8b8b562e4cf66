"""The corpus overview: documents per group, outlet and event, dates, languages, cleaning, manifest.

Every document and every removed line is in a CSV beside the page (``csv/documents.csv``,
``csv/removed.csv``); the page shows counts, the largest events and one example line per
cleaning rule.
"""

from __future__ import annotations

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.groups import NO_GROUP, membership, split_table
from framing.report.sections.summary import summarised, table_link, written_link
from framing.report.sections.views import table_view

SHOWN = ("doc_id", "outlet", "date", "date_source", "event", "language", "title", "n_tokens")


def _per(documents: pd.DataFrame, key: str) -> pd.DataFrame:
    """Documents, date span, tokens and languages per value of ``key``."""
    return (
        documents.groupby(key, sort=True)
        .agg(
            **({"outlets": ("outlet", "nunique")} if key != "outlet" else {}),
            documents=("doc_id", "size"),
            first_date=("date", "min"),
            last_date=("date", "max"),
            tokens=("n_tokens", "sum"),
            languages=("language", lambda s: ", ".join(sorted(set(s)))),
        )
        .reset_index()
    )


def _removed(run: RunData) -> dict | None:
    removed = run.table("removed")
    if removed is None or not len(removed):
        return None
    rules = (
        removed.groupby("rule", sort=True)
        .agg(lines=("line", "size"), documents=("doc_id", "nunique"), example=("line", "first"))
        .reset_index()
    )
    columns = [c for c in ("doc_id", "line_no", "rule", "line", "partial") if c in removed]
    return {
        "rules": table_view(rules),
        "n": len(removed),
        "href": written_link(run, "removed", removed[columns]),
    }


def build(run: RunData) -> dict | None:
    if not run.has("documents"):
        return None
    documents = run.table("documents", columns=list(SHOWN)).copy()  # not the text
    documents["date"] = pd.to_datetime(documents["date"])
    documents["event"] = documents["event"].fillna("(none)")
    groups = membership(run)
    per_outlet = _per(documents, "outlet")
    per_group = None
    if groups is not None:
        grouped = documents.assign(group=documents["outlet"].map(groups).fillna(NO_GROUP))
        order = {g: i for i, g in enumerate(dict.fromkeys([*groups, NO_GROUP]))}
        per_group = _per(grouped, "group").sort_values(
            "group", key=lambda s: s.map(order), kind="stable"
        )
    with_group = documents if groups is None else grouped
    documents_href = written_link(run, "documents", with_group)
    per_event = _per(documents, "event")
    manifest = run.manifest
    skipped = [r for r in manifest.get("records", []) if r.get("status") == "skipped"]
    return {
        "n_documents": len(documents),
        "n_outlets": documents["outlet"].nunique(),
        "n_groups": 0 if groups is None else len(set(groups)),
        "n_paragraphs": run.n_rows("paragraphs"),
        "n_sentences": run.n_rows("sentences"),
        "date_min": documents["date"].min(),
        "date_max": documents["date"].max(),
        "per_group": None if per_group is None else table_view(per_group),
        "per_outlet": table_view(per_outlet),
        "per_outlet_by_group": split_table(per_outlet, groups),
        "by_event": summarised(
            per_event,
            table_link("event_outlets") if run.has("event_outlets") else documents_href,
            by=["documents", "event"],
            ascending=[False, True],
            order="those with the most documents",
        ),
        "documents": summarised(
            with_group, documents_href, columns=list(SHOWN), order="in the corpus' order"
        ),
        "removed": _removed(run),
        "manifest": manifest,
        "skipped": summarised(
            pd.DataFrame(skipped, columns=["source", "reason", "doc_id"]),
            "manifest.json",
            order="in the input's order",
        )
        if skipped
        else None,
    }
