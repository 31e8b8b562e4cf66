"""Checks a researcher runs on a lexicon before using it: overlaps and terms that never match."""

from __future__ import annotations

import pandas as pd

from framing.frames.lexicon import Lexicon
from framing.frames.matching import match_frames


def duplicate_forms(lexicon: Lexicon) -> pd.DataFrame:
    """Surface forms listed under more than one frame (same language), exclusions left out.

    Overlaps can be deliberate (a denial sentence names the accusation it denies); the table
    lets a researcher confirm each one.

    Parameters
    ----------
    lexicon : Lexicon

    Returns
    -------
    DataFrame
        ``language``, ``form``, ``frames`` ("; "-joined), ``terms``, ``sources``; one row per
        form shared by two or more frames, sorted by language and form.
    """
    forms = lexicon.to_frame()
    forms = forms[~forms["exclusion"]]
    rows = []
    for (language, form), group in forms.groupby(["language", "form"], sort=True):
        frames = list(dict.fromkeys(group["frame"]))
        if len(frames) > 1:
            rows.append(
                {
                    "language": language,
                    "form": form,
                    "frames": "; ".join(frames),
                    "terms": "; ".join(dict.fromkeys(group["term"])),
                    "sources": "; ".join(dict.fromkeys(group["source"])),
                }
            )
    return pd.DataFrame(rows, columns=["language", "form", "frames", "terms", "sources"])


def unmatched_terms(
    lexicon: Lexicon, sentences: pd.DataFrame, languages: pd.Series | None = None
) -> pd.DataFrame:
    """Lexicon entries that produce no hit in ``sentences``.

    Parameters
    ----------
    lexicon : Lexicon
    sentences : DataFrame
        A ``sentences`` table.
    languages : Series, optional
        Language per ``doc_id``, as for :func:`framing.frames.match_frames`.

    Returns
    -------
    DataFrame
        ``frame``, ``language``, ``term``, ``n_forms``, ``source`` for every entry without a hit
        (an entry whose forms only occur inside a longer hit of the same frame counts as
        without a hit).
    """
    hits = match_frames(sentences, lexicon, languages=languages)
    found = set(zip(hits["frame"], hits["term"], hits["language"], strict=True))
    rows = [
        {
            "frame": t.frame,
            "language": t.language,
            "term": t.term,
            "n_forms": len(t.forms),
            "source": t.source,
        }
        for t in lexicon.terms()
        if (t.frame, t.term, t.language) not in found
    ]
    return pd.DataFrame(rows, columns=["frame", "language", "term", "n_forms", "source"])
