"""The :class:`Corpus`: the tables the corpus stage hands to every later stage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.contract import read_table, write_table
from framing.corpus.manifest import ManifestEntry, manifest_summary

__all__ = ["CORPUS_TABLES", "Corpus", "manifest_summary"]

CORPUS_TABLES = ("documents", "removed", "paragraphs", "sentences")


@dataclass
class Corpus:
    """An ingested corpus.

    Attributes
    ----------
    documents : DataFrame
        One row per article (see :data:`framing.contract.SCHEMAS`); ``text`` is the cleaned text
        that every offset in ``paragraphs`` and ``sentences`` points into.
    removed : DataFrame
        One row per line (or part of a line) that cleaning removed, with its rule.
    paragraphs, sentences : DataFrame
        Units with stable ids and character offsets into ``documents.text``.
    manifest : list of ManifestEntry
        One entry per input file or record: ``source``, ``status`` ("document" or "skipped"),
        ``reason_code`` and ``detail``, ``doc_id``.
    """

    documents: pd.DataFrame
    removed: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    manifest: list[ManifestEntry] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The four corpus tables by name."""
        return {name: getattr(self, name) for name in CORPUS_TABLES}

    def outlets(self) -> pd.DataFrame:
        """Documents, sentences and tokens per outlet (the corpus at a glance)."""
        sentences = self.sentences.groupby("doc_id").size().rename("sentences")
        docs = self.documents.assign(doc_id=self.documents["doc_id"].astype(str))
        docs = docs.merge(sentences, left_on="doc_id", right_index=True, how="left")
        table = docs.groupby("outlet", sort=True).agg(
            documents=("doc_id", "size"),
            sentences=("sentences", "sum"),
            tokens=("n_tokens", "sum"),
        )
        return table.astype("int64").reset_index()

    def summary(self) -> str:
        """Documents per outlet, what was removed and what was skipped."""
        skipped = sum(entry.status == "skipped" for entry in self.manifest)
        lines = [
            f"{len(self.documents)} documents, {len(self.sentences)} sentences, "
            f"{len(self.removed)} removed lines, {skipped} skipped inputs",
            self.outlets().to_string(index=False),
        ]
        return "\n".join(lines)

    def to_latex(self, path: str | Path | None = None) -> str:
        """Documents, sentences and tokens per outlet as a booktabs table (written to ``path``)."""
        from framing.utils.latex import to_latex_table

        text = to_latex_table(
            self.outlets(), "Documents, sentences and tokens per outlet", "tab:framing-corpus"
        )
        if path is not None:
            Path(path).write_text(text + "\n", encoding="utf-8")
        return text

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
            records = json.loads(manifest_path.read_text(encoding="utf-8"))["records"]
            manifest = [ManifestEntry.from_json(record) for record in records]
        return cls(manifest=manifest, **tables)
