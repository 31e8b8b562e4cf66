"""The attribution tables of a corpus: per chunk of articles, then summed over the corpus.

:func:`attribution_chunk_tables` works on one chunk of whole articles (who each statement is
attributed to, and the voice of each frame sentence) and counts what the summaries need;
:func:`attribution_summary_tables` turns the summed counts of every chunk into each outlet's
sourcing profile and voice shares. :func:`attribution_tables` is both on one chunk: what
``framing sources`` and the ``sources`` stage write, row for row, whatever the chunk size.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path

import pandas as pd

from framing.attribution.attribute import AttributionFinder, find_attributions
from framing.attribution.lists import SourceList, load_sources
from framing.attribution.people import load_people
from framing.attribution.voice import (
    frame_voice,
    side_table,
    sourcing_counts,
    sourcing_from_counts,
    voice_counts,
    voice_shares_from_counts,
)

#: Per-article tables, one part per chunk.
CHUNK_TABLES = ("attributions", "frame_voice")
#: The counts each chunk adds to the summaries.
COUNT_TABLES = ("sourcing_counts", "voice_counts")


def attribution_chunk_tables(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    finder: AttributionFinder,
    denial_window: int = 1,
    counted: Collection[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """``attributions`` and ``frame_voice`` of a chunk of whole articles, and its counts.

    Parameters
    ----------
    documents, sentences, frame_hits : DataFrame
        The chunk's corpus tables and frame hits (every sentence of each of its articles).
    finder : AttributionFinder
        Built once from the source list (``AttributionFinder(sources=load_sources(...))``).
    denial_window : int, default=1
        Sentences around a frame sentence in which a denial pairs with it.
    counted : collection of str, optional
        Sentence ids that the summaries count (e.g. without reused copies); default all.

    Returns
    -------
    dict of str to DataFrame
        :data:`CHUNK_TABLES` and :data:`COUNT_TABLES`.
    """
    sides = finder.sources.sides
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
        "frame_voice": voice,
        "sourcing_counts": sourcing_counts(counted_attributions, documents),
        "voice_counts": voice_counts(counted_voice),
    }


def attribution_summary_tables(
    sourcing_parts: Iterable[pd.DataFrame],
    voice_parts: Iterable[pd.DataFrame],
    outlets: Iterable[str],
    source_list: SourceList,
) -> dict[str, pd.DataFrame]:
    """``sourcing``, ``voice_shares`` and ``sides`` from the counts of every chunk.

    Parameters
    ----------
    sourcing_parts, voice_parts : iterable of DataFrame
        The ``sourcing_counts`` and ``voice_counts`` of each chunk.
    outlets : iterable of str
        Every outlet of the corpus (one without attributions still gets its rows).
    source_list : SourceList
        The source list the chunks were attributed with (its types and sides).
    """
    sourcing = pd.concat(list(sourcing_parts), ignore_index=True)
    voice = pd.concat(list(voice_parts), ignore_index=True)
    sides = source_list.sides
    return {
        "sourcing": sourcing_from_counts(sourcing, outlets, types=list(source_list.types)),
        "voice_shares": voice_shares_from_counts(voice, sides=sides),
        "sides": side_table(sides),
    }


def attribution_tables(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    frame_hits: pd.DataFrame,
    *,
    sources: Sequence[str | Path] = (),
    people: Sequence[str | Path] = (),
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
    people : sequence of path
        People lists (titles, role and gendered words) added to the built-in one
        (:func:`framing.attribution.people.load_people`).
    denial_window : int, default=1
        Sentences around a frame sentence in which a denial pairs with it.
    counted : collection of str, optional
        Sentence ids that the shares count (e.g. without reused copies); default all.

    Returns
    -------
    dict of str to DataFrame
    """
    source_list = load_sources(list(sources))
    chunk = attribution_chunk_tables(
        documents,
        sentences,
        frame_hits,
        finder=AttributionFinder(sources=source_list, people=load_people(list(people))),
        denial_window=denial_window,
        counted=counted,
    )
    summary = attribution_summary_tables(
        [chunk["sourcing_counts"]], [chunk["voice_counts"]], documents["outlet"], source_list
    )
    return {
        "attributions": chunk["attributions"],
        "sourcing": summary["sourcing"],
        "frame_voice": chunk["frame_voice"],
        "voice_shares": summary["voice_shares"],
        "sides": summary["sides"],
    }
