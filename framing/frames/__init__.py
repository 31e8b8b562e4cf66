"""Frames: lexicons, the matcher, scores and shares, evidence sentences, validation.

The verbs, in the order a study uses them::

    lexicon = load_lexicon(["my_frames.yaml"])           # built-in frames + a user file
    hits = match_frames(sentences, lexicon, languages=documents.set_index("doc_id")["language"])
    scores = score_frames(documents, sentences, hits)     # per document
    articles = article_frames(documents, sentences, hits) # per article: the unit of the stats
    shares = frame_shares(articles, by=("outlet",))       # Wilson and article-level intervals
    top = evidence(documents, sentences, hits, top=5)     # sentences behind every number
    tables = frame_tables(documents, sentences, lexicon)  # all of the above in one call
    result = validate_codes(coded, hits, sentences)       # against human coding
"""

from framing.frames.evidence import evidence, mark_spans
from framing.frames.lexicon import Frame, Lexicon, Term, load_lexicon
from framing.frames.matching import FrameMatcher, match_frames
from framing.frames.measure import frame_tables
from framing.frames.scoring import article_frames, frame_shares, score_frames
from framing.frames.validation import ValidationResult, validate_codes
from framing.utils.intervals import wilson_interval

__all__ = [
    "Frame",
    "article_frames",
    "FrameMatcher",
    "Lexicon",
    "Term",
    "ValidationResult",
    "evidence",
    "frame_shares",
    "frame_tables",
    "load_lexicon",
    "mark_spans",
    "match_frames",
    "score_frames",
    "validate_codes",
    "wilson_interval",
]
