"""Render ``index.html`` from a run folder, with Jinja2 autoescaping and no external request."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from framing.report.exports import write_exports
from framing.report.navigation import content_security_policy, filter_names, script_source
from framing.report.rundata import RunData
from framing.report.sections import SECTIONS, methods


def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on for every template)."""
    return Environment(
        loader=PackageLoader("framing.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_report(run_dir: str | Path) -> Path:
    """Write ``run_dir/index.html`` from the run's saved tables; return its path.

    Also draws the charts into ``run_dir/figures/`` and writes the paper exports (LaTeX
    tables, ``methods.md``, ``references.bib``) into ``run_dir/exports/``.

    The page holds no timestamp (the run's time is in ``run.json``), so the same tables give a
    byte-identical page.
    """
    run = RunData(run_dir)
    env = environment()
    sections = []
    for section in SECTIONS:
        context = section.build(run)
        if context is None:
            continue
        template = (
            env.from_string(section.template)
            if section.inline
            else env.get_template(section.template)
        )
        body = template.render(run=run, **context)
        sections.append({"id": section.id, "title": section.title, "body": body})
    title = run.study.title or _default_title(run)
    script = script_source(env)
    page = env.get_template("page.html.j2").render(
        title=title,
        sections=sections,
        csp=content_security_policy(script),
        script=script,
        names=filter_names(run),
        info=run.info,
    )
    path = Path(run_dir) / "index.html"
    path.write_text(page, encoding="utf-8")
    write_exports(run, Path(run_dir) / "exports", methods.paragraphs(run) if run.info else [])
    return path


def _default_title(run: RunData) -> str:
    corpus = run.study.corpus.path
    return f"Framing report: {Path(corpus).name}" if corpus else "Framing report"
