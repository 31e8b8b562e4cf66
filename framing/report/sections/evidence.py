"""Evidence: for every outlet and frame, the top sentences with the matched terms marked.

With outlet groups, the evidence comes group by group, each group's frames in turn, so a
group's share links to its outlets' sentences for that frame (:func:`group_evidence_anchor`).
"""

from __future__ import annotations

import re

import pandas as pd

from framing.report.rundata import RunData
from framing.report.sections.groups import NO_GROUP, membership
from framing.report.sections.views import (
    evidence_anchor,
    group_evidence_anchor,
    marked_segments,
)


def readable_terms(terms: object) -> str:
    """Lexicon entries as readers know them: a root slot ``{tuduh}`` shows as ``tuduh*``.

    Examples
    --------
    >>> readable_terms("{sahabat}; {klaim} Washington")
    'sahabat*; klaim* Washington'
    """
    return re.sub(r"\{([^{}]+)\}", r"\1*", str(terms))


#: Sentences shown per outlet and frame; every one is in ``tables/evidence.csv``.
SENTENCES_SHOWN = 2


def _blocks(evidence: pd.DataFrame, groups: pd.Series | None) -> list[dict]:
    """One block per outlet and frame, in outlet then frame order, with its top sentences."""
    ordered = evidence.sort_values(["outlet", "frame", "rank"], kind="stable")
    ordered = ordered.groupby(["outlet", "frame"], sort=False).head(SENTENCES_SHOWN)
    blocks: dict[tuple[str, str], dict] = {}
    for r in ordered.itertuples(index=False):
        outlet, frame = str(r.outlet), str(r.frame)
        block = blocks.get((outlet, frame))
        if block is None:
            block = blocks[(outlet, frame)] = {
                "id": evidence_anchor(outlet, frame),
                "outlet": outlet,
                "frame": frame,
                "group": None if groups is None else str(groups.get(outlet, NO_GROUP)),
                "sentences": [],
                "more": 0,
            }
        block["sentences"].append(
            {
                "sentence_id": r.sentence_id,
                "segments": marked_segments(r.text, r.spans),
                "terms": readable_terms(r.terms),
                "negated": int(r.n_negated),
            }
        )
    sizes = evidence.groupby(["outlet", "frame"], sort=False).size()
    for (outlet, frame), n in sizes.items():
        block = blocks.get((str(outlet), str(frame)))
        if block is not None:
            block["more"] = int(n) - len(block["sentences"])
    return list(blocks.values())


def build(run: RunData) -> dict | None:
    evidence = run.table("evidence")
    if evidence is None:
        return None
    groups = membership(run)
    blocks = _blocks(evidence, groups)
    if groups is None:
        return {"blocks": blocks, "groups": None, "shown": SENTENCES_SHOWN}
    out = []
    for group in dict.fromkeys([*groups, NO_GROUP]):
        mine = [b for b in blocks if b["group"] == group]
        if not mine:
            continue
        frames = []
        for frame in sorted({b["frame"] for b in mine}):
            frames.append(
                {
                    "id": group_evidence_anchor(group, frame),
                    "frame": frame,
                    "blocks": [b for b in mine if b["frame"] == frame],
                }
            )
        out.append({"group": group, "n": len({b["outlet"] for b in mine}), "frames": frames})
    return {"blocks": None, "groups": out, "shown": SENTENCES_SHOWN}
