"""Report stage: the self-contained HTML page, rendered from a run folder's saved tables."""

from framing.report.render import render_report
from framing.report.sections import SECTIONS, Section, register_section

__all__ = ["SECTIONS", "Section", "register_section", "render_report"]
