"""Evidence: for every (outlet, frame), the sentences that weigh most, with the terms marked.

Every share and score in a report is computed from ``frame_hits``; this table shows, per outlet
and frame, the sentences behind those numbers so a reader can check them against the text.
Spans are given as character offsets within the sentence (JSON ``[[start, end], ...]``, end
exclusive), so a report can escape the text and mark it safely in HTML; ``marked_text`` is a
plain-text form with «guillemets» around each span.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

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
    of distinct terms, then by document id and position in the document, so the ranking is
    deterministic and does not depend on how the corpus was split into chunks. Sentences whose
    hits are all negated are kept, ranked last.

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

    Notes
    -----
    The evidence of a corpus is the evidence of the evidence of its chunks:
    ``rank_evidence([evidence(chunk) for chunk in chunks], top)`` equals ``evidence(corpus)``,
    which is how a run finds it chunk by chunk.
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
    hits = frame_hits.assign(
        sentence_id=frame_hits["sentence_id"].astype(str),
        negated=frame_hits["negated"].astype(bool),
    )
    keys = ["sentence_id", "frame"]
    grouped = hits.groupby(keys, sort=False)
    ranked = pd.DataFrame(
        {
            "n_hits": grouped.size(),
            "n_negated": grouped["negated"].sum().astype(int),
            "n_terms": grouped["term"].nunique(),
        }
    ).reset_index()
    units = sentences[["sentence_id", "doc_id", "text", "start", "end"]].copy()
    units["sentence_id"] = units["sentence_id"].astype(str)
    units["doc_id"] = units["doc_id"].astype(str)
    meta = documents[["doc_id", by]].assign(doc_id=documents["doc_id"].astype(str))
    units = units.merge(meta, on="doc_id", how="left")
    ranked = ranked.merge(units, on="sentence_id", how="inner")
    chosen = _top(ranked, by, top)
    # spans, terms and surface forms only for the chosen sentences
    wanted = hits.merge(chosen[keys], on=keys, how="inner")
    collected: dict[tuple[str, str], tuple[list, dict, dict]] = {}
    for sentence, frame, begin, end, term, form in zip(
        wanted["sentence_id"].tolist(),
        wanted["frame"].tolist(),
        wanted["start_in_sentence"].tolist(),
        wanted["end_in_sentence"].tolist(),
        wanted["term"].astype(str).tolist(),
        wanted["matched_text"].astype(str).tolist(),
        strict=True,
    ):  # one pass over the rows (a pandas group per sentence costs a thousand times more)
        spans, terms, forms = collected.setdefault((sentence, frame), ([], {}, {}))
        spans.append((int(begin), int(end)))
        terms[term] = forms[form] = None
    details = {
        key: (merge_spans(spans), "; ".join(terms), "; ".join(forms))
        for key, (spans, terms, forms) in collected.items()
    }
    found = [details[(s, f)] for s, f in zip(chosen["sentence_id"], chosen["frame"], strict=True)]
    chosen["spans"] = [json.dumps([list(span) for span in item[0]]) for item in found]
    chosen["terms"] = [item[1] for item in found]
    chosen["matched"] = [item[2] for item in found]
    chosen["marked_text"] = [
        mark_spans(t, [tuple(span) for span in item[0]])
        for t, item in zip(chosen["text"], found, strict=True)
    ]
    return chosen[columns].reset_index(drop=True)


def _top(table: pd.DataFrame, by: str, top: int) -> pd.DataFrame:
    """The ``top`` strongest rows per (``by``, frame), ranked."""
    table = table.assign(_affirmed=table["n_hits"] - table["n_negated"])
    if "n_terms" not in table:  # evidence rows carry their terms, not their count
        table["n_terms"] = table["terms"].astype(str).str.count("; ") + 1
    table = table.sort_values(
        [by, "frame", "_affirmed", "n_terms", "doc_id", "start"],
        ascending=[True, True, False, False, True, True],
        na_position="last",
        kind="stable",
    )
    table = table.groupby([by, "frame"], dropna=False, sort=False).head(top).copy()
    table["rank"] = table.groupby([by, "frame"], dropna=False).cumcount() + 1
    return table.drop(columns=["_affirmed"])


#: Candidate rows gathered before they are folded into the evidence kept so far.
FOLD_ROWS = 100_000


def rank_evidence(
    parts: Iterable[pd.DataFrame], *, top: int = 5, by: str = "outlet"
) -> pd.DataFrame:
    """The evidence of a corpus from the evidence of its chunks (:func:`evidence` of each).

    Parameters
    ----------
    parts : iterable of DataFrame
        :func:`evidence` tables of disjoint chunks of the corpus (each with at least ``top``
        sentences per group, so nothing that belongs in the corpus' top is missing), read one
        at a time.
    top : int, default 5
    by : str, default "outlet"
    """
    columns = [by if c == "outlet" else c for c in EVIDENCE_COLUMNS]
    # the ranking is a total order, so the top of the corpus is the top of the chunks' tops:
    # folded as the chunks come, memory holds the evidence kept, not every chunk's candidates
    kept: pd.DataFrame | None = None
    pending: list[pd.DataFrame] = []
    for part in parts:
        if len(part):
            pending.append(part)
        if sum(len(p) for p in pending) > FOLD_ROWS:
            kept = _top(pd.concat([kept, *pending], ignore_index=True), by, top)
            pending = []
    if kept is None and not pending:
        return pd.DataFrame(columns=columns)
    table = _top(pd.concat([kept, *pending], ignore_index=True), by, top)
    return table[columns].reset_index(drop=True)
