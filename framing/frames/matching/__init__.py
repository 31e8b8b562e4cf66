"""The matching engine: every lexicon term in every sentence in one pass (``frame_hits``).

:func:`match_frames` and :class:`FrameMatcher` (:mod:`~framing.frames.matching.matcher`) are
what the rest of the package uses; the other modules are the steps they run, in order:

- :mod:`~framing.frames.matching.sentence_texts`: the ``text`` column of a batch, Arrow-backed
  where it can be, lowercased without a Python string per sentence;
- :mod:`~framing.frames.matching.chars`: character classes (letter, joiner, clause break) as
  NumPy lookups;
- :mod:`~framing.frames.matching.batch`: the sentences joined into the one text the automaton
  scans, with offsets;
- :mod:`~framing.frames.matching.automaton`: the Aho–Corasick automaton of the keys as a
  deterministic automaton, run over that text by loops compiled with numba
  (:mod:`~framing.frames.matching.dfa_kernel`; ``pyahocorasick`` where numba cannot run);
- :mod:`~framing.frames.matching.candidates`: the Aho–Corasick pass, whole-word and clitic
  checks, exclusions and leftmost-longest resolution, as array operations;
- :mod:`~framing.frames.matching.scope`: the negation and hedge cues of every hit at once, by
  the rules of :mod:`framing.frames.negation` (the same rules ``find_cues`` applies per hit);
- :mod:`~framing.frames.matching.hit_table`: the ``frame_hits`` table, column by column.

Where numba runs, :mod:`~framing.frames.matching.hit_kernel` does most of these steps in
compiled loops instead (encoding the Arrow UTF-8 buffer, whole-word and clitic checks,
exclusions and leftmost-longest, character classes, ``matched_text``), with the same results;
the NumPy functions remain for list-backed texts, rare characters and where numba cannot run.
"""

from framing.frames.matching.matcher import FrameMatcher, match_frames

__all__ = ["FrameMatcher", "match_frames"]
