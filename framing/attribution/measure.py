"""All the attribution tables of a corpus in one call (what ``framing sources`` writes)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import pandas as pd

from framing.attribution.attribute import AttributionFinder, find_attributions
from framing.attribution.lists import load_sources
from framing.attribution.voice import frame_voice, side_table, sourcing_profile, voice_shares


def attribution_tables(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    sources: Sequence[str | Path] = (),
    denial_window: int = 1,
    counted: Collection[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """``attributions``, ``sourcing``, ``frame_voice``, ``voice_shares`` and ``sides``.

    The sides of the voice rule are those of the loaded source list: the built-in one's, or
    those of the last file of ``sources`` that declares ``sides``.

    Parameters
    ----------
    documents, sentences, frame_hits : DataFrame
        The corpus tables and the frame hits whose voice is classified.
    sources : sequence of path
        Source lists merged over the built-in one (types, sources and sides).
    denial_window : int, default=1
        Sentences around a frame sentence in which a denial pairs with it.
    counted : collection of str, optional
        Sentence ids that the shares count (e.g. without reused copies); default all.

    Returns
    -------
    dict of str to DataFrame
    """
    source_list = load_sources(list(sources))
    sides = source_list.sides
    finder = AttributionFinder(sources=source_list)
    attributions = find_attributions(sentences, documents, finder=finder)
    voice = frame_voice(
        frame_hits, attributions, sentences, documents, denial_window=denial_window, sides=sides
    )
    if counted is not None:
        counted = set(counted)
        counted_attributions = attributions[attributions["sentence_id"].isin(counted)]
        counted_voice = voice[voice["sentence_id"].isin(counted)]
    else:
        counted_attributions, counted_voice = attributions, voice
    return {
        "attributions": attributions,
        "sourcing": sourcing_profile(
            counted_attributions, documents, types=list(source_list.types)
        ),
        "frame_voice": voice,
        "voice_shares": voice_shares(counted_voice, sides=sides),
        "sides": side_table(sides),
    }
