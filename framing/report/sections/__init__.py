"""Report sections: a registry of (id, title, builder, template).

A section's builder reads the run's saved tables and returns the context its template needs,
or ``None`` when the run has nothing for it (the section is then left out). New sections are
added with :func:`register_section`, without editing this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from framing.errors import ConfigError
from framing.report.rundata import RunData
from framing.report.sections import (
    evidence,
    frames,
    keyness,
    methods,
    overview,
    reproducibility,
    sources,
    statistics,
    topics,
)


@dataclass(frozen=True)
class Section:
    """One section of the report.

    Attributes
    ----------
    id : str
        HTML anchor and key; lower case with hyphens.
    title : str
        Heading shown in the page and its table of contents.
    build : callable
        ``build(run: RunData) -> dict | None``; the template context, or None to omit.
    template : str
        Template path inside ``framing/report/templates/``, or, for a section defined outside
        the package, the Jinja2 source itself (recognised by its ``{{`` or ``{%``). Templates
        are autoescaped and can import the package's ``macros.html.j2``.
    """

    id: str
    title: str
    build: Callable[[RunData], dict | None]
    template: str

    @property
    def inline(self) -> bool:
        """Whether :attr:`template` is template source rather than a path."""
        return "{{" in self.template or "{%" in self.template


#: The report's sections, in page order.
SECTIONS: list[Section] = [
    Section("overview", "Corpus overview", overview.build, "sections/overview.html.j2"),
    Section("frames", "Frames", frames.build, "sections/frames.html.j2"),
    Section("evidence", "Evidence", evidence.build, "sections/evidence.html.j2"),
    Section("sources", "Events, reuse and sources", sources.build, "sections/sources.html.j2"),
    Section("topics", "Topics", topics.build, "sections/topics.html.j2"),
    Section("keyness", "Keyness", keyness.build, "sections/keyness.html.j2"),
    Section("statistics", "Statistics", statistics.build, "sections/statistics.html.j2"),
    Section("methods", "Methods", methods.build, "sections/methods.html.j2"),
    Section(
        "reproducibility",
        "Reproducibility",
        reproducibility.build,
        "sections/reproducibility.html.j2",
    ),
]


def register_section(section: Section, *, before: str | None = None) -> None:
    """Add a section to the report (at the end, or before the section with id ``before``)."""
    if any(s.id == section.id for s in SECTIONS):
        raise ConfigError(f"report section {section.id!r} exists already; choose another id")
    if before is None:
        SECTIONS.append(section)
        return
    ids = [s.id for s in SECTIONS]
    if before not in ids:
        raise ConfigError(f"no report section {before!r}; sections are {', '.join(ids)}")
    SECTIONS.insert(ids.index(before), section)
