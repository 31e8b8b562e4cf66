"""The :class:`Corpus`: the tables the corpus stage hands to every later stage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.tables import read_table, write_table

CORPUS_TABLES = ("documents", "removed", "paragraphs", "sentences")


@dataclass
class Corpus:
    """An ingested corpus.

    Attributes
    ----------
    documents : DataFrame
        One row per article (see :data:`framing.tables.SCHEMAS`); ``text`` is the cleaned text
        that every offset in ``paragraphs`` and ``sentences`` points into.
    removed : DataFrame
        One row per line (or part of a line) that cleaning removed, with its rule.
    paragraphs, sentences : DataFrame
        Units with stable ids and character offsets into ``documents.text``.
    manifest : list of dict
        One entry per input file or record: ``source``, ``status`` ("document" or "skipped"),
        ``reason``, ``doc_id``.
    """

    documents: pd.DataFrame
    removed: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    manifest: list[dict] = field(default_factory=list)

    def save(self, out_dir: str | Path) -> None:
        """Write the four tables (Parquet and CSV) and ``manifest.json`` under ``out_dir``."""
        out = Path(out_dir)
        for name in CORPUS_TABLES:
            write_table(getattr(self, name), out, name)
        (out / "manifest.json").write_text(
            json.dumps(manifest_summary(self.manifest), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )

    @classmethod
    def load(cls, run_dir: str | Path) -> Corpus:
        """Read a corpus saved by :meth:`save` (or by ``framing ingest``/``framing run``)."""
        tables = {name: read_table(run_dir, name) for name in CORPUS_TABLES}
        manifest_path = Path(run_dir) / "manifest.json"
        manifest = []
        if manifest_path.exists():
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))["records"]
        return cls(manifest=manifest, **tables)


def manifest_summary(records: list[dict]) -> dict:
    """The JSON form of a manifest: counts that add up, then every record."""
    n_docs = sum(r["status"] == "document" for r in records)
    n_skipped = sum(r["status"] == "skipped" for r in records)
    reasons: dict[str, int] = {}
    for r in records:
        if r["status"] == "skipped":
            key = str(r["reason"]).split(":")[0]
            reasons[key] = reasons.get(key, 0) + 1
    return {
        "n_inputs": len(records),
        "n_documents": n_docs,
        "n_skipped": n_skipped,
        "skipped_by_reason": dict(sorted(reasons.items())),
        "records": records,
    }
