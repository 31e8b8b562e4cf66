"""Events, reuse and sources: which reports are compared, whose text they carry, who speaks.

Reads the tables of the ``align`` and ``sources`` stages: ``events``, ``event_outlets``,
``reuse``, ``sourcing``, ``voice_shares``, ``frame_voice``, ``attributions`` and ``sides``,
and the ``frame_catalog`` of the frames stage. The study's key frames (``frame_catalog``) come
first and give the example statements; the sides are named by their labels (``sides``).
"""

from __future__ import annotations

import pandas as pd

from framing.frames.lexicon import key_frame_ids
from framing.report.rundata import RunData
from framing.report.sections.views import marked_segments, percent, table_view

EXAMPLES_PER_VOICE = 2


def or_list(parts: list[str]) -> str:
    """``a``, ``a or b``, ``a, b, or c``.

    Examples
    --------
    >>> or_list(["to the aid agencies", "to another source"])
    'to the aid agencies or to another source'
    """
    if len(parts) <= 2:
        return " or ".join(parts)
    return ", ".join(parts[:-1]) + ", or " + parts[-1]


def side_phrases(run: RunData, *, types: bool = False) -> list[str]:
    """The phrase "to LABEL" for each side of the run (``sides``), then "to another source".

    A run without a ``sides`` table names the sides of its voices (``attributed_ID``) by id.
    With ``types``, each side's source types follow its label in parentheses.
    """
    sides = run.table("sides")
    if sides is None:
        shares = run.table("voice_shares")
        voices = [] if shares is None else list(dict.fromkeys(shares["voice"].astype(str)))
        ids = [v.removeprefix("attributed_") for v in voices if v.startswith("attributed_")]
        sides = pd.DataFrame({"side": [i for i in ids if i != "other"], "source_types": ""})
        sides["label"] = sides["side"]
    parts = []
    for row in sides.itertuples(index=False):
        listed = str(row.source_types or "").replace(";", ", ") if types else ""
        parts.append(f"to {row.label}" + (f" ({listed})" if listed else ""))
    return parts + ["to another source"] if parts else ["to a source"]


def key_frames(run: RunData, frames: list[str]) -> list[str]:
    """The key frames among ``frames`` (the run's ``frame_catalog``; all without one)."""
    return key_frame_ids(run.table("frame_catalog"), frames)


def _events(run: RunData) -> dict | None:
    events = run.table("events")
    if events is None or events.empty:
        return None
    counts = run.table("event_outlets")
    per_outlet = {}
    if counts is not None:
        for event, rows in counts.groupby("event"):
            per_outlet[event] = ", ".join(
                f"{o} ({n})" for o, n in zip(rows["outlet"], rows["n_docs"], strict=True)
            )
    view = events.assign(outlets=events["event"].map(per_outlet).fillna(""))
    return table_view(
        view[["event", "label", "date_min", "date_max", "n_docs", "outlets", "event_source"]]
    )


def _reuse(run: RunData) -> dict | None:
    reuse = run.table("reuse")
    if reuse is None or reuse.empty:
        return None
    shared = reuse[reuse["kind"].isin(["document", "paragraph"])]
    origins = reuse[reuse["kind"] == "declared_origin"]
    return {
        "shared": None
        if shared.empty
        else table_view(
            shared[
                [
                    "doc_id",
                    "paragraph_id",
                    "matched_doc_id",
                    "matched_paragraph_id",
                    "similarity",
                    "containment",
                    "kind",
                ]
            ]
        ),
        "origins": None
        if origins.empty
        else table_view(origins[["doc_id", "declared_origin", "evidence"]]),
    }


def _sourcing(run: RunData) -> dict | None:
    sourcing = run.table("sourcing")
    if sourcing is None or sourcing.empty:
        return None
    used = sourcing.groupby("source_type")["n"].transform("sum") > 0
    table = sourcing[used]
    types = list(dict.fromkeys(table["source_type"]))
    rows = []
    for outlet, group in table.groupby("outlet", sort=True):
        by_type = group.set_index("source_type")
        total = int(group["total"].iloc[0])
        cells = [
            {
                "share": percent(by_type.at[t, "share"]),
                "detail": f"{percent(by_type.at[t, 'ci_low'])}–"
                f"{percent(by_type.at[t, 'ci_high'])} · {int(by_type.at[t, 'n'])}/{total}",
            }
            for t in types
        ]
        rows.append({"outlet": outlet, "total": total, "cells": cells})
    return {"types": types, "rows": rows}


def _voice(run: RunData) -> dict | None:
    shares = run.table("voice_shares")
    if shares is None or shares.empty:
        return None
    present = list(dict.fromkeys(shares["frame"].astype(str)))
    keys = key_frames(run, present)
    frames = keys + [f for f in present if f not in keys]
    voices = list(dict.fromkeys(shares["voice"]))
    out = []
    for frame in frames:
        rows = []
        for outlet, group in shares[shares["frame"] == frame].groupby("outlet", sort=True):
            by_voice = group.set_index("voice")
            total = int(group["total"].iloc[0])
            rows.append(
                {
                    "outlet": outlet,
                    "total": total,
                    "cells": [
                        {
                            "share": percent(by_voice.at[v, "share"]),
                            "detail": f"{int(by_voice.at[v, 'n'])}/{total}",
                            "zero": int(by_voice.at[v, "n"]) == 0,
                        }
                        for v in voices
                    ],
                }
            )
        out.append({"frame": frame, "key": frame in keys, "rows": rows})
    return {
        "voices": voices,
        "frames": out,
        "key_frames": keys,
        "attributed": or_list(side_phrases(run, types=True)),
    }


def _examples(run: RunData) -> list[dict]:
    columns = ["sentence_id", "frame", "voice", "outlet", "source_types"]
    voice = run.table("frame_voice", columns=columns)
    if voice is None or voice.empty or not run.has("sentences"):
        return []
    chosen = voice[voice["frame"].isin(key_frames(run, list(voice["frame"].astype(str))))]
    chosen = chosen.groupby(["frame", "voice"], sort=True).head(EXAMPLES_PER_VOICE)
    ids = set(chosen["sentence_id"].astype(str))  # read these sentences only, not the table
    text = run.rows("sentences", "sentence_id", ids, ["sentence_id", "text"])
    text = text.set_index("sentence_id")["text"]
    spans: dict[str, list] = {}
    marks_of = ["sentence_id", "cue_start", "cue_end", "source_start", "source_end"]
    attributions = run.rows("attributions", "sentence_id", ids, marks_of)
    if attributions is not None:
        for row in attributions.itertuples(index=False):
            marks = spans.setdefault(row.sentence_id, [])
            if pd.notna(row.cue_start):  # a quotation's other sentences carry no offsets
                marks.append((int(row.cue_start), int(row.cue_end)))
            if pd.notna(row.source_start):
                marks.append((int(row.source_start), int(row.source_end)))
    examples = []
    for (frame, kind), rows in chosen.groupby(["frame", "voice"], sort=True):
        for row in rows.itertuples(index=False):
            sentence = str(text.get(row.sentence_id, ""))
            examples.append(
                {
                    "frame": frame,
                    "voice": kind,
                    "outlet": row.outlet,
                    "sentence_id": row.sentence_id,
                    "sources": row.source_types or "–",
                    "segments": marked_segments(
                        sentence, sorted(set(spans.get(row.sentence_id, [])))
                    ),
                }
            )
    return examples


def build(run: RunData) -> dict | None:
    parts = {
        "events": _events(run),
        "reuse": _reuse(run),
        "sourcing": _sourcing(run),
        "voice": _voice(run),
        "examples": _examples(run),
    }
    if not any(parts.values()):
        return None
    return parts
