"""Helpers shared by several stages, with no knowledge of any stage.

- :mod:`~framing.utils.yaml_lines`: YAML read with the line of every key and item, for one-line
  errors that name the file and line (lexicons, source and cue lists);
- :mod:`~framing.utils.intervals`: Wilson and article-level (clustered) intervals for shares
  (frames, sources, topics, statistics);
- :mod:`~framing.utils.latex`: a table as a LaTeX ``booktabs`` table for a paper (statistics,
  report exports, topics).
"""
