"""Evidence: for every (outlet, frame), the sentences that weigh most, with the terms marked.

Every share and score in a report is computed from ``frame_hits``; this table shows, per outlet
and frame, the sentences behind those numbers so a reader can check them against the text.
Spans are given as character offsets within the sentence (JSON ``[[start, end], ...]``, end
exclusive), so a report can escape the text and mark it safely in HTML; ``marked_text`` is a
plain-text form with «guillemets» around each span.
"""

from __future__ import annotations

import json

import pandas as pd

from framing.errors import InputError

EVIDENCE_COLUMNS = (
    "outlet",
    "frame",
    "rank",
    "doc_id",
    "sentence_id",
    "text",
    "spans",
    "marked_text",
    "n_hits",
    "n_negated",
    "terms",
    "matched",
    "start",
    "end",
)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort ``(start, end)`` spans and merge the overlapping ones.

    Examples
    --------
    >>> merge_spans([(5, 9), (0, 3), (2, 4)])
    [(0, 4), (5, 9)]
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_spans(text: str, spans: list[tuple[int, int]], left: str = "«", right: str = "»") -> str:
    """``text`` with ``left``/``right`` around each span (overlapping spans merged).

    Examples
    --------
    >>> mark_spans("Barat menuduh Pyongyang", [(6, 13)])
    'Barat «menuduh» Pyongyang'
    """
    out, cursor = [], 0
    for start, end in merge_spans(spans):
        out += [text[cursor:start], left, text[start:end], right]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def evidence(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    top: int = 5,
    by: str = "outlet",
) -> pd.DataFrame:
    """The top ``top`` sentences for every (outlet, frame), with their matched terms marked.

    Sentences are ranked by number of affirmed (not negated) hits of the frame, then by number
    of distinct terms, then by document and sentence order, so the ranking is deterministic.
    Sentences whose hits are all negated are kept, ranked last.

    Parameters
    ----------
    documents : DataFrame
        ``documents`` table (``doc_id`` and the ``by`` column).
    sentences : DataFrame
        ``sentences`` table (``sentence_id``, ``text``, ``start``, ``end``).
    frame_hits : DataFrame
        Output of :func:`framing.frames.match_frames` (needs ``start_in_sentence`` and
        ``end_in_sentence``).
    top : int, default 5
        Sentences per (outlet, frame).
    by : str, default "outlet"
        Document column to group by.

    Returns
    -------
    DataFrame
        ``outlet`` (the ``by`` column), ``frame``, ``rank`` (1 = strongest), ``doc_id``,
        ``sentence_id``, ``text``, ``spans`` (JSON list of ``[start, end]`` within ``text``),
        ``marked_text``, ``n_hits``, ``n_negated``, ``terms`` and ``matched`` ("; "-joined
        lexicon entries and surface forms), ``start`` and ``end`` (the sentence's offsets in the
        document text).
    """
    if top < 1:
        raise InputError(f"evidence: top={top}; ask for at least one sentence per outlet and frame")
    needed = ["sentence_id", "frame", "term", "matched_text", "negated"]
    needed += ["start_in_sentence", "end_in_sentence"]
    missing = [c for c in needed if c not in frame_hits.columns]
    if missing:
        raise InputError(
            f"frame_hits: lacks column(s) {', '.join(missing)}; produce it with match_frames"
        )
    columns = [by if c == "outlet" else c for c in EVIDENCE_COLUMNS]
    if frame_hits.empty:
        return pd.DataFrame(columns=columns)
    units = sentences[["sentence_id", "doc_id", "text", "start", "end"]].copy()
    units["sentence_id"] = units["sentence_id"].astype(str)
    units["doc_id"] = units["doc_id"].astype(str)
    units["_order"] = range(len(units))
    meta = documents[["doc_id", by]].assign(doc_id=documents["doc_id"].astype(str))
    units = units.merge(meta, on="doc_id", how="left")
    hits = frame_hits.assign(sentence_id=frame_hits["sentence_id"].astype(str))
    rows = []
    for (sentence_id, frame), group in hits.groupby(["sentence_id", "frame"], sort=False):
        spans = [
            (int(s), int(e))
            for s, e in zip(group["start_in_sentence"], group["end_in_sentence"], strict=True)
        ]
        negated = int(group["negated"].astype(bool).sum())
        rows.append(
            {
                "sentence_id": sentence_id,
                "frame": frame,
                "spans": merge_spans(spans),
                "n_hits": len(group),
                "n_negated": negated,
                "n_terms": group["term"].nunique(),
                "terms": "; ".join(dict.fromkeys(group["term"].astype(str))),
                "matched": "; ".join(dict.fromkeys(group["matched_text"].astype(str))),
            }
        )
    table = pd.DataFrame(rows).merge(units, on="sentence_id", how="inner")
    table["affirmed"] = table["n_hits"] - table["n_negated"]
    table = table.sort_values(
        [by, "frame", "affirmed", "n_terms", "_order"],
        ascending=[True, True, False, False, True],
        na_position="last",
    )
    table = table.groupby([by, "frame"], dropna=False, sort=False).head(top).copy()
    table["rank"] = table.groupby([by, "frame"], dropna=False).cumcount() + 1
    table["marked_text"] = [
        mark_spans(t, s) for t, s in zip(table["text"], table["spans"], strict=True)
    ]
    table["spans"] = [json.dumps([list(s) for s in spans]) for spans in table["spans"]]
    return table[columns].reset_index(drop=True)
