"""Framing by attribution: in whose voice each frame is stated, and each outlet's sourcing.

The same fact can be framed as a sanctions violation or as a Western accusation; the difference
is who says it. For every sentence with a hit of a frame, :func:`frame_voice` records whether
the sentence attributes its statement, to which side, whether it is hedged, and whether a denial
stands beside it, and assigns one ``voice`` by this rule (the first that applies):

1. ``denied`` — a denial (an attributed statement whose cue is a denial verb, not negated, such
   as "Baik Pyongyang maupun Moskow membantah ...") stands in the sentence or within
   ``denial_window`` sentences of it in the same document, or the hit itself is negated by a
   denial verb;
2. ``hedged`` — the hit or an attribution of the sentence is hedged ("dugaan", "diduga",
   "reportedly");
3. ``attributed_<side>`` — attributed to a source of a type of one of the study's sides, the
   first side in the source list's order whose types the sentence's sources include (the
   built-in list has ``western``: Western governments, NATO and the EU, and the governments of
   South Korea and Ukraine, who make the accusation in that conflict; then ``russia_dprk``);
4. ``attributed_other`` — attributed to any other source (wire agencies, other media, experts,
   the UN, unknown speakers);
5. ``own_voice`` — none of the above: the outlet asserts it.

The sides are data: the ``sides`` of the source list (:mod:`framing.attribution.lists`), which
a study's own source file replaces. So in the sample study a ``sanctions_violation`` hit in
``own_voice`` is the outlet stating the violation as fact, while the same hit
``attributed_western`` is the outlet reporting a Western accusation. The boolean columns keep
every mark, so another precedence can be computed from the table.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from framing.attribution.lists import SOURCE_TYPES, Side, builtin_sides
from framing.errors import InputError
from framing.utils.intervals import wilson_interval

#: Voices before the sides' voices, and after them, in the order of precedence.
FIRST_VOICES = ("denied", "hedged")
LAST_VOICES = ("attributed_other", "own_voice")
#: Cues of the matcher's negation column that are denials rather than plain negations.
DENIAL_NEGATIONS = frozenset({"membantah", "menyangkal", "denied", "deny", "denies", "denying"})
VOICE_COLUMNS = (
    "sentence_id",
    "doc_id",
    "outlet",
    "event",
    "frame",
    "voice",
    "n_hits",
    "attributed",
    "side",
    "source_types",
    "hedged",
    "denial_paired",
    "negated",
)
SHARE_COLUMNS = ("outlet", "frame", "voice", "n", "total", "share", "ci_low", "ci_high")
SOURCING_COLUMNS = ("outlet", "source_type", "n", "total", "share", "ci_low", "ci_high")
SIDE_COLUMNS = ("side", "label", "voice", "source_types")

#: Sides as a mapping of side id to a :class:`~framing.attribution.lists.Side` or its types.
Sides = Mapping[str, Side | Collection[str]]


def voice_names(sides: Iterable[str] | None = None) -> tuple[str, ...]:
    """Every voice in order of precedence, for sides ``sides`` (default: the built-in ones).

    Examples
    --------
    >>> voice_names(["aid", "army"])
    ('denied', 'hedged', 'attributed_aid', 'attributed_army', 'attributed_other', 'own_voice')
    """
    ids = [side.id for side in builtin_sides()] if sides is None else list(sides)
    return (*FIRST_VOICES, *(f"attributed_{side}" for side in ids), *LAST_VOICES)


def _side_types(sides: Sides | None) -> list[tuple[str, frozenset[str]]]:
    if sides is None:
        return [(side.id, frozenset(side.types)) for side in builtin_sides()]
    return [
        (str(name), frozenset(value.types if isinstance(value, Side) else value))
        for name, value in sides.items()
    ]


def _side(types: set[str], sides: list[tuple[str, frozenset[str]]]) -> str:
    for name, members in sides:
        if types & members:
            return name
    return "other" if types else "none"


def side_table(sides: Mapping[str, Side]) -> pd.DataFrame:
    """The ``sides`` table: each side's id, label, voice and source types, in order.

    Examples
    --------
    >>> table = side_table({"aid": Side("aid", "aid agencies", ("ngo", "un"))})
    >>> table.iloc[0].tolist()
    ['aid', 'aid agencies', 'attributed_aid', 'ngo;un']
    """
    rows = [
        (side.id, side.label, f"attributed_{side.id}", ";".join(side.types))
        for side in sides.values()
    ]
    return pd.DataFrame(rows, columns=list(SIDE_COLUMNS))


def frame_voice(
    frame_hits: pd.DataFrame,
    attributions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    denial_window: int = 1,
    sides: Sides | None = None,
) -> pd.DataFrame:
    """One row per (sentence, frame) with a hit: its voice and the marks behind it.

    Parameters
    ----------
    frame_hits : DataFrame
        The ``frame_hits`` table (``hedged`` and ``negation_cue`` used when present).
    attributions : DataFrame
        The ``attributions`` table.
    sentences : DataFrame
        The ``sentences`` table, in reading order within each document.
    documents : DataFrame
        The ``documents`` table (``doc_id``, ``outlet``; ``event`` when present).
    frames : sequence of str, optional
        Frames to keep; default every frame with a hit.
    denial_window : int, default=1
        Sentences before and after a hit in which a denial pairs with it.
    sides : mapping, optional
        Side id -> :class:`~framing.attribution.lists.Side` (or its source types), in order of
        precedence, e.g. ``load_sources([...]).sides``; default: the built-in list's sides.

    Returns
    -------
    DataFrame
        Columns :data:`VOICE_COLUMNS`; ``side`` is a side id, ``other`` (attributed to a
        source of no side) or ``none`` (not attributed); ``source_types`` lists the sentence's
        source types, ``;``-separated.

    Examples
    --------
    >>> hits = pd.DataFrame({"sentence_id": ["a:s1"], "doc_id": ["a"],
    ...                      "frame": ["sanctions_violation"]})
    >>> attr = pd.DataFrame({"sentence_id": ["a:s1"], "source_type": ["western_government"],
    ...                      "hedged": [False], "denial": [False]})
    >>> sents = pd.DataFrame({"doc_id": ["a"], "sentence_id": ["a:s1"]})
    >>> docs = pd.DataFrame({"doc_id": ["a"], "outlet": ["X"]})
    >>> frame_voice(hits, attr, sents, docs)["voice"].tolist()
    ['attributed_western']
    >>> frame_voice(hits, attr, sents, docs, sides={"accusers": ["western_government"]})[
    ...     "voice"].tolist()
    ['attributed_accusers']
    """
    for name, table, needed in (
        ("frame_hits", frame_hits, ("sentence_id", "doc_id", "frame")),
        ("attributions", attributions, ("sentence_id", "source_type", "hedged", "denial")),
        ("sentences", sentences, ("doc_id", "sentence_id")),
        ("documents", documents, ("doc_id", "outlet")),
    ):
        missing = [c for c in needed if c not in table.columns]
        if missing:
            raise InputError(f"{name}: lacks column(s) {', '.join(missing)}; pass the run's tables")
    side_types = _side_types(sides)
    hits = frame_hits if frames is None else frame_hits[frame_hits["frame"].isin(list(frames))]
    if hits.empty:
        return pd.DataFrame(columns=list(VOICE_COLUMNS))
    order = sentences[["doc_id", "sentence_id"]].copy()
    order["position"] = order.groupby("doc_id", sort=False).cumcount()
    # plain dicts: the loop below asks them once per frame sentence
    position = dict(zip(order["sentence_id"].tolist(), order["position"].tolist(), strict=True))
    doc_of = dict(zip(order["sentence_id"].tolist(), order["doc_id"].tolist(), strict=True))

    types: dict[str, set[str]] = {}
    attr_hedged: dict[str, bool] = {}
    denial_positions: dict[str, set[int]] = {}
    for sentence, kind, hedged, denial in zip(
        attributions["sentence_id"].tolist(),
        attributions["source_type"].astype(str).tolist(),
        attributions["hedged"].astype(bool).tolist(),
        attributions["denial"].astype(bool).tolist(),
        strict=True,
    ):
        types.setdefault(sentence, set()).add(kind)
        attr_hedged[sentence] = attr_hedged.get(sentence, False) or hedged
        if denial and sentence in position:
            denial_positions.setdefault(doc_of[sentence], set()).add(position[sentence])

    grouped = hits.assign(
        hit_hedged=hits["hedged"].astype(bool) if "hedged" in hits else False,
        hit_negated=hits["negated"].astype(bool) if "negated" in hits else False,
        hit_denied=hits["negation_cue"].isin(DENIAL_NEGATIONS) if "negation_cue" in hits else False,
    ).groupby(["sentence_id", "doc_id", "frame"], sort=False)
    units = grouped.agg(
        n_hits=("frame", "size"),
        hit_hedged=("hit_hedged", "any"),
        negated=("hit_negated", "any"),
        hit_denied=("hit_denied", "any"),
    ).reset_index()
    rows = []
    for unit in units.itertuples(index=False):
        found = types.get(unit.sentence_id, set())
        where = position.get(unit.sentence_id)
        near = denial_positions.get(unit.doc_id, set())
        paired = bool(unit.hit_denied) or (
            where is not None and any(abs(int(where) - p) <= denial_window for p in near)
        )
        hedged = bool(unit.hit_hedged) or bool(attr_hedged.get(unit.sentence_id, False))
        side = _side(found, side_types)
        if paired:
            voice = "denied"
        elif hedged:
            voice = "hedged"
        elif side == "none":
            voice = "own_voice"
        else:
            voice = f"attributed_{side}"
        rows.append(
            {
                "sentence_id": unit.sentence_id,
                "doc_id": unit.doc_id,
                "frame": unit.frame,
                "voice": voice,
                "n_hits": int(unit.n_hits),
                "attributed": bool(found),
                "side": side,
                "source_types": ";".join(sorted(found)),
                "hedged": hedged,
                "denial_paired": paired,
                "negated": bool(unit.negated),
            }
        )
    table = pd.DataFrame(rows)
    meta = documents[["doc_id", "outlet"]].assign(event=documents.get("event", pd.NA))
    table = table.merge(meta, on="doc_id", how="left", validate="many_to_one")
    return table[list(VOICE_COLUMNS)]


def voice_shares(
    voice: pd.DataFrame, *, sides: Iterable[str] | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """Share of each voice among an outlet's sentences with a frame, with Wilson intervals.

    Every (outlet, frame) with a hit lists every voice of :func:`voice_names`, zeros included.

    Parameters
    ----------
    voice : DataFrame
        The ``frame_voice`` table.
    sides : iterable of str, optional
        Side ids in order (a mapping of sides gives its keys), as passed to
        :func:`frame_voice`; default: the built-in list's sides.
    alpha : float, default=0.05
        1 - the level of the intervals.

    Returns
    -------
    DataFrame
        Columns :data:`SHARE_COLUMNS`; ``n`` sentences in that voice of ``total`` with the frame.

    Raises
    ------
    InputError
        A voice of the table that is not a voice of ``sides``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.
    """
    return voice_shares_from_counts(voice_counts(voice), sides=sides, alpha=alpha)


def voice_counts(voice: pd.DataFrame) -> pd.DataFrame:
    """Sentences per ``outlet, frame, voice`` of a ``frame_voice`` table (or of one chunk).

    Counts of chunks add up: :func:`voice_shares_from_counts` of their sum is
    :func:`voice_shares` of the whole table.
    """
    if voice.empty:
        return pd.DataFrame({"outlet": [], "frame": [], "voice": [], "n": []})
    counts = voice.groupby(["outlet", "frame", "voice"], sort=True).size()
    return counts.rename("n").reset_index()


def voice_shares_from_counts(
    counts: pd.DataFrame, *, sides: Iterable[str] | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """:func:`voice_shares` from the (summed) :func:`voice_counts` of the table's chunks."""
    counts = counts[counts["n"] > 0] if len(counts) else counts
    if counts.empty:
        return pd.DataFrame(columns=list(SHARE_COLUMNS))
    voices = voice_names(sides)
    stray = sorted(set(counts["voice"].astype(str)) - set(voices))
    if stray:
        raise InputError(
            f"frame_voice: voice(s) {', '.join(stray)} are not voices of the sides given; "
            "pass the sides the table was made with"
        )
    pairs = counts[["outlet", "frame"]].drop_duplicates().sort_values(["outlet", "frame"])
    counts = counts.groupby(["outlet", "frame", "voice"])["n"].sum()
    index = pd.MultiIndex.from_tuples(
        [(o, f, v) for o, f in pairs.itertuples(index=False) for v in voices],
        names=["outlet", "frame", "voice"],
    )
    table = counts.reindex(index, fill_value=0).rename("n").reset_index()
    table["total"] = table.groupby(["outlet", "frame"])["n"].transform("sum")
    return _with_interval(table, alpha)[list(SHARE_COLUMNS)]


def sourcing_profile(
    attributions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    types: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Share of an outlet's attributed statements per source type, with Wilson intervals.

    Every outlet lists every source type (``types``, by default
    :data:`~framing.attribution.lists.SOURCE_TYPES`, then any other type found), zeros
    included; an outlet with no attribution has ``total`` 0 and no share.

    Returns
    -------
    DataFrame
        Columns :data:`SOURCING_COLUMNS`.
    """
    return sourcing_from_counts(
        sourcing_counts(attributions, documents),
        documents["outlet"].astype(str).unique(),
        types=types,
        alpha=alpha,
    )


def sourcing_counts(attributions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Attributed statements per ``outlet, source_type`` (counts of chunks add up).

    A quotation over several sentences is one statement: the rows its other sentences carry
    (``cue_sentence_id`` naming another sentence) are not counted again.
    """
    if "cue_sentence_id" in attributions:
        own = attributions["cue_sentence_id"].isna() | (
            attributions["cue_sentence_id"].astype(str) == attributions["sentence_id"].astype(str)
        )
        attributions = attributions[own.to_numpy()]
    meta = documents[["doc_id", "outlet"]].astype({"doc_id": str, "outlet": str})
    attr = attributions.assign(doc_id=attributions["doc_id"].astype(str)).merge(
        meta, on="doc_id", how="left"
    )
    counts = attr.groupby(["outlet", "source_type"], sort=True).size()
    return counts.rename("n").reset_index().astype({"outlet": str, "source_type": str})


def sourcing_from_counts(
    counts: pd.DataFrame,
    outlets: Iterable[str],
    *,
    types: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """:func:`sourcing_profile` from summed :func:`sourcing_counts` and every outlet's name."""
    listed = list(dict.fromkeys(SOURCE_TYPES if types is None else types))
    kinds = listed + sorted(set(counts["source_type"].astype(str)) - set(listed))
    outlets = sorted({str(o) for o in outlets})
    index = pd.MultiIndex.from_product([outlets, kinds], names=["outlet", "source_type"])
    summed = counts.groupby(["outlet", "source_type"])["n"].sum()
    table = summed.reindex(index, fill_value=0).rename("n").reset_index()
    table["n"] = table["n"].astype(np.int64)
    table["total"] = table.groupby("outlet")["n"].transform("sum")
    return _with_interval(table, alpha)[list(SOURCING_COLUMNS)]


def _with_interval(table: pd.DataFrame, alpha: float) -> pd.DataFrame:
    table = table.copy()
    has = table["total"] > 0
    table["share"] = np.where(has, table["n"] / table["total"].where(has, 1), np.nan)
    low = np.full(len(table), np.nan)
    high = np.full(len(table), np.nan)
    if has.any():
        low[has.to_numpy()], high[has.to_numpy()] = wilson_interval(
            table.loc[has, "n"], table.loc[has, "total"], alpha=alpha
        )
    table["ci_low"], table["ci_high"] = low, high
    return table
