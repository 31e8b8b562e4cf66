"""One line per stage for the end of a command: what it produced, in counts."""

from __future__ import annotations

from framing.stages import RunState


def stage_summary(name: str, state: RunState) -> str | None:
    """A line such as ``frames: 412 hits (12 negated) of 6 frames in 230 of 1,204 sentences``."""
    tables = state.tables
    if name == "ingest" and state.corpus is not None:
        skipped = sum(r["status"] == "skipped" for r in state.corpus.manifest)
        return (
            f"ingest: {len(tables['documents']):,} documents, {len(tables['paragraphs']):,} "
            f"paragraphs, {len(tables['sentences']):,} sentences, {len(tables['removed']):,} "
            f"removed lines, {skipped:,} skipped inputs"
        )
    if name == "align":
        reuse = tables["reuse"]
        return (
            f"align: {len(tables['events']):,} event(s), "
            f"{int((reuse['kind'] == 'paragraph').sum()) // 2:,} reused paragraph pair(s), "
            f"{int((reuse['kind'] == 'declared_origin').sum()):,} declared origin(s)"
        )
    if name == "frames":
        hits = tables["frame_hits"]
        frames = tables["article_frames"]["frame"].nunique()
        return (
            f"frames: {len(hits):,} hits ({int(hits['negated'].sum()):,} negated) of {frames} "
            f"frames in {hits['sentence_id'].nunique():,} of {len(tables['sentences']):,} "
            "sentences"
        )
    if name == "sources":
        attributions = tables["attributions"]
        return (
            f"sources: {len(attributions):,} attributed statement(s) in "
            f"{attributions['sentence_id'].nunique():,} sentence(s)"
        )
    if name == "topics" and "topics" in state.results:
        info = state.results["topics"].info
        return f"topics: {info['n_topics']} topics on {info['n_units']:,} units"
    if name == "stats" and "tests" in tables:
        tests, outlets = tables["tests"], tables["outlets"]
        return (
            f"stats: {int(tests['p'].notna().sum())} of {len(tests)} tests computed; "
            f"{int(outlets['testable'].sum())} of {len(outlets)} outlets testable"
        )
    return None
