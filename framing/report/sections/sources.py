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
from framing.report.sections.groups import NO_GROUP, membership, pooled, split_by_group
from framing.report.sections.summary import TOP_ROWS, summarised, table_link
from framing.report.sections.views import marked_segments, percent

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
    events = events.sort_values(["n_docs", "event"], ascending=[False, True], kind="stable")
    shown = set(events["event"].head(TOP_ROWS))
    counts = run.table("event_outlets")
    per_outlet: dict[str, list[str]] = {}
    if counts is not None:
        counts = counts[counts["event"].isin(shown)]
        for event, o, n in zip(counts["event"], counts["outlet"], counts["n_docs"], strict=True):
            per_outlet.setdefault(event, []).append(f"{o} ({n})")
    view = events.assign(outlets=[", ".join(per_outlet.get(e, [])) for e in events["event"]])
    return summarised(
        view,
        table_link("events"),
        columns=["event", "label", "date_min", "date_max", "n_docs", "outlets", "event_source"],
        by=["n_docs", "event"],
        ascending=[False, True],
        order="those with the most documents",
    )


def _reuse(run: RunData) -> dict | None:
    reuse = run.table("reuse")
    if reuse is None or reuse.empty:
        return None
    shared = reuse[reuse["kind"].isin(["document", "paragraph"])]
    origins = reuse[reuse["kind"] == "declared_origin"]
    columns = ["doc_id", "paragraph_id", "matched_doc_id", "matched_paragraph_id", "similarity",
               "containment", "kind"]  # fmt: skip
    return {
        "shared": None
        if shared.empty
        else summarised(
            shared,
            table_link("reuse"),
            columns=columns,
            by=["containment", "similarity", "doc_id"],
            ascending=[False, False, True],
            order="those that share most of their text",
        ),
        "origins": None
        if origins.empty
        else summarised(
            origins,
            table_link("reuse"),
            columns=["doc_id", "declared_origin", "evidence"],
            order="in the corpus' order",
        ),
    }


def _attrs(name: str, groups: pd.Series | None, *, group_row: bool = False) -> dict[str, str]:
    """A row's filter attributes: a group row's ``data-group``, an outlet row's both."""
    if group_row:
        return {"data-group": name}
    attrs = {"data-outlet": name}
    if groups is not None:
        attrs["data-group"] = str(groups.get(name, NO_GROUP))
    return attrs


def _grouped(rows: list[dict], group_rows: list[dict], groups: pd.Series | None) -> dict:
    """Outlet rows as they are, or group rows first and each group's outlets under them."""
    if groups is None:
        return {"rows": rows, "group_rows": None, "parts": None}
    parts = split_by_group(rows, groups, key="name")
    return {"rows": rows, "group_rows": group_rows, "parts": parts}


def _cells(table: pd.DataFrame, key: str, order: list[str], interval: bool) -> list[dict]:
    """Rows of ``table`` (one name, one row per ``key`` value) as cells in ``order``."""
    low = table["ci_low"] if interval and "ci_low" in table else None
    high = table["ci_high"] if low is not None else None
    found = {}
    for i, (value, n, share, total) in enumerate(
        zip(table[key], table["n"], table["share"], table["total"], strict=True)
    ):
        detail = f"{int(n)}/{int(total)}"
        if low is not None:
            detail = f"{percent(low.iloc[i])}–{percent(high.iloc[i])} · {detail}"
        found[value] = {"share": percent(share), "detail": detail, "zero": int(n) == 0}
    return [found.get(v, {"share": "–", "detail": "", "zero": True}) for v in order]


def _rows(table: pd.DataFrame, name: str, key: str, order: list[str], attrs, interval: bool):
    """One row per value of ``name`` (outlet or group): its total and its cells."""
    rows = []
    for value, part in table.groupby(name, sort=name != "group"):
        rows.append(
            {
                "name": str(value),
                "attrs": attrs(str(value)),
                "total": int(part["total"].iloc[0]),
                "cells": _cells(part, key, order, interval),
            }
        )
    return rows


def _sourcing(run: RunData, groups: pd.Series | None) -> dict | None:
    sourcing = run.table("sourcing")
    if sourcing is None or sourcing.empty:
        return None
    used = sourcing.groupby("source_type")["n"].transform("sum") > 0
    table = sourcing[used]
    types = list(dict.fromkeys(table["source_type"]))
    rows = _rows(table, "outlet", "source_type", types, lambda o: _attrs(o, groups), True)
    group_rows = []
    if groups is not None:
        pooled_table = pooled(table, groups, ["source_type"], "n", "total")
        group_rows = _rows(
            pooled_table,
            "group",
            "source_type",
            types,
            lambda g: _attrs(g, groups, group_row=True),
            False,
        )
    return {"types": types, **_grouped(rows, group_rows, groups)}


def _voice(run: RunData, groups: pd.Series | None) -> dict | None:
    shares = run.table("voice_shares")
    if shares is None or shares.empty:
        return None
    present = list(dict.fromkeys(shares["frame"].astype(str)))
    keys = key_frames(run, present)
    frames = keys + [f for f in present if f not in keys]
    voices = list(dict.fromkeys(shares["voice"]))
    out = []
    for frame in frames:
        of_frame = shares[shares["frame"] == frame]
        rows = _rows(
            of_frame,
            "outlet",
            "voice",
            voices,
            lambda o, f=frame: {**_attrs(o, groups), "data-frame": f},
            False,
        )
        group_rows = []
        if groups is not None:
            group_rows = _rows(
                pooled(of_frame, groups, ["voice"], "n", "total"),
                "group",
                "voice",
                voices,
                lambda g, f=frame: {**_attrs(g, groups, group_row=True), "data-frame": f},
                False,
            )
        out.append({"frame": frame, "key": frame in keys, **_grouped(rows, group_rows, groups)})
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
    groups = membership(run)
    parts = {
        "events": _events(run),
        "reuse": _reuse(run),
        "sourcing": _sourcing(run, groups),
        "voice": _voice(run, groups),
        "examples": _examples(run),
    }
    if not any(parts.values()):
        return None
    return parts
