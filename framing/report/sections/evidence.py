"""Evidence: for every outlet and frame, the top sentences with the matched terms marked."""

from __future__ import annotations

import re

from framing.report.rundata import RunData
from framing.report.sections.views import anchor, marked_segments


def readable_terms(terms: object) -> str:
    """Lexicon entries as readers know them: a root slot ``{tuduh}`` shows as ``tuduh*``.

    Examples
    --------
    >>> readable_terms("{sahabat}; {klaim} Washington")
    'sahabat*; klaim* Washington'
    """
    return re.sub(r"\{([^{}]+)\}", r"\1*", str(terms))


def build(run: RunData) -> dict | None:
    evidence = run.table("evidence")
    if evidence is None:
        return None
    groups = []
    for (outlet, frame), rows in evidence.sort_values(["outlet", "frame", "rank"]).groupby(
        ["outlet", "frame"], sort=True
    ):
        groups.append(
            {
                "id": anchor("ev", outlet, frame),
                "outlet": outlet,
                "frame": frame,
                "sentences": [
                    {
                        "sentence_id": r.sentence_id,
                        "segments": marked_segments(r.text, r.spans),
                        "terms": readable_terms(r.terms),
                        "negated": int(r.n_negated),
                    }
                    for r in rows.itertuples()
                ],
            }
        )
    return {"groups": groups}
