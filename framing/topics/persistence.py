"""Save and load a :class:`~framing.topics.result.TopicResult`: tables, summary, fitted model.

The functions take the result's table names from the caller (``TopicResult.save`` and
``TopicResult.load``), so this module does not depend on the result class.

The model is saved with BERTopic's ``serialization="pickle"`` (joblib), the only format that
keeps the scikit-learn embedding pipeline, UMAP and the cluster model without
sentence-transformers; load it in the same environment (same versions of BERTopic and its
dependencies) that saved it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from framing.contract import read_table, write_table
from framing.errors import InputError

MODEL_FILE = "model.pkl"
SUMMARY_FILE = "summary.json"


def save_result(
    result: Any,
    out_dir: str | Path,
    table_names: Mapping[str, str],
    *,
    save_model: bool = True,
    tables: bool = True,
) -> Path:
    """Write every table with :func:`framing.tables.write_table`, the summary and the model.

    ``table_names`` maps the result's attributes to table names; with ``tables=False`` only the
    summary and the model are written (a run writes the tables with every stage's).

    Returns
    -------
    Path
        ``out_dir/topics``, where ``summary.json`` and ``model.pkl`` are.
    """
    out = Path(out_dir)
    for attribute, name in table_names.items() if tables else ():
        write_table(getattr(result, attribute), out, name)
    folder = out / "topics"
    folder.mkdir(parents=True, exist_ok=True)
    summary = {**result.info, "outlier_share": result.outlier_share}
    (folder / SUMMARY_FILE).write_text(
        json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8"
    )
    if save_model and result.model is not None:
        result.model.save(
            str(folder / MODEL_FILE), serialization="pickle", save_embedding_model=True
        )
        others = {code: m for code, m in result.models.items() if m is not result.model}
        for code, model in others.items():  # a model per language: the largest is MODEL_FILE
            model.save(
                str(folder / f"model-{code}.pkl"), serialization="pickle", save_embedding_model=True
            )
    return folder


def load_topic_model(run_dir: str | Path):
    """Load the BERTopic model saved under ``run_dir/topics``."""
    from bertopic import BERTopic

    path = Path(run_dir) / "topics" / MODEL_FILE
    if not path.exists():
        raise InputError(
            f"{path}: no saved topic model; run 'framing topics CORPUS --out {run_dir}' first"
        )
    return BERTopic.load(str(path))


def load_result(
    run_dir: str | Path, table_names: Mapping[str, str], *, load_model: bool = True
) -> dict[str, Any]:
    """The fields of a result saved by :func:`save_result`: tables, summary, model."""
    run_dir = Path(run_dir)
    summary_path = run_dir / "topics" / SUMMARY_FILE
    if not summary_path.exists():
        raise InputError(
            f"{summary_path}: missing; run 'framing topics CORPUS --out {run_dir}' first"
        )
    summary = json.loads(summary_path.read_text("utf-8"))
    tables = {attribute: read_table(run_dir, name) for attribute, name in table_names.items()}
    outlier_share = float(summary.pop("outlier_share"))
    model = load_topic_model(run_dir) if load_model else None
    return {**tables, "outlier_share": outlier_share, "info": summary, "model": model}
