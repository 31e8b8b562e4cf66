"""One line per stage for the end of a command: what it produced, in counts.

Counts of per-article tables are summed part by part, so a summary never loads a whole table.
"""

from __future__ import annotations

from framing.stages import RunState


def stage_summary(name: str, state: RunState) -> str | None:
    """A line such as ``frames: 412 hits (12 negated) of 6 frames in 230 of 1,204 sentences``."""
    tables = state.tables
    if name == "ingest" and "manifest" in state.results:
        skipped = [e for e in state.results["manifest"] if e.status == "skipped"]
        problems = sum(len(e.problems) for e in state.results["manifest"])
        return (
            f"ingest: {tables.n_rows('documents'):,} documents, "
            f"{tables.n_rows('paragraphs'):,} paragraphs, {tables.n_rows('sentences'):,} "
            f"sentences, {tables.n_rows('removed'):,} removed lines, {len(skipped):,} skipped "
            f"inputs{_by_reason(skipped)}, {problems:,} values dropped or repaired (see notes)"
        )
    if name == "align" and "reuse" in tables:
        reuse = tables["reuse"]
        return (
            f"align: {len(tables['events']):,} event(s), "
            f"{int((reuse['kind'] == 'paragraph').sum()):,} copied paragraph(s), "
            f"{int((reuse['kind'] == 'document').sum()):,} near-duplicate document(s), "
            f"{int((reuse['kind'] == 'declared_origin').sum()):,} declared origin(s)"
        )
    if name == "frames" and "frame_hits" in tables:
        hits = negated = sentences = 0
        for part in tables.parts("frame_hits", columns=["sentence_id", "negated"]):
            hits += len(part)
            negated += int(part["negated"].astype(bool).sum())
            sentences += part["sentence_id"].nunique()  # chunks hold disjoint articles
        frames = len(tables["frame_catalog"]) if "frame_catalog" in tables else 0
        return (
            f"frames: {hits:,} hits ({negated:,} negated) of {frames} frames in "
            f"{sentences:,} of {tables.n_rows('sentences'):,} sentences"
        )
    if name == "sources" and "attributions" in tables:
        statements = sentences = 0
        for part in tables.parts("attributions", columns=["sentence_id"]):
            statements += len(part)
            sentences += part["sentence_id"].nunique()
        return f"sources: {statements:,} attributed statement(s) in {sentences:,} sentence(s)"
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


def _by_reason(skipped: list) -> str:
    """`` (2 invalid JSON: a.jsonl#line=5, #line=9; 1 empty)``: reasons, a few sources each."""
    if not skipped:
        return ""
    by_reason: dict[str, list[str]] = {}
    for entry in skipped:
        by_reason.setdefault(entry.reason_code, []).append(entry.source)
    parts = []
    for reason, sources in by_reason.items():
        shown = ", ".join(sources[:3]) + (", ..." if len(sources) > 3 else "")
        parts.append(f"{len(sources)} {reason}: {shown}")
    return " (" + "; ".join(parts) + ")"
