"""Attribution: who a statement is attributed to, how, and in whose voice each frame is stated.

The verbs, in the order a study uses them::

    sources = load_sources(["my_sources.yaml"])          # built-in source types + a user file
    attributions = find_attributions(sentences, documents,
                                     finder=AttributionFinder(sources=sources))
    profile = sourcing_profile(attributions, documents)   # share of statements per source type
    voice = frame_voice(frame_hits, attributions, sentences, documents, sides=sources.sides)
    shares = voice_shares(voice, sides=sources.sides)     # own voice / attributed / hedged / denied
"""

from framing.attribution.attribute import ATTRIBUTION_COLUMNS, AttributionFinder, find_attributions
from framing.attribution.lists import SOURCE_TYPES, load_cues, load_sources
from framing.attribution.measure import attribution_tables
from framing.attribution.voice import (
    frame_voice,
    side_table,
    sourcing_profile,
    voice_names,
    voice_shares,
)

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "SOURCE_TYPES",
    "AttributionFinder",
    "attribution_tables",
    "find_attributions",
    "frame_voice",
    "load_cues",
    "load_sources",
    "side_table",
    "sourcing_profile",
    "voice_names",
    "voice_shares",
]
