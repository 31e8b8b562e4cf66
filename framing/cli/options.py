"""Command-line flags derived from the study model, and the commands that run stages.

No flag is defined here by hand: every option of :class:`framing.config.StudyConfig` (its
name, type, default and help) becomes the flag its field names (``--event-window``, or
``--name-with-hyphens`` by default), on every command whose stages read its section. A flag the
user does not give leaves the option as the study config (or its default) has it, so
``framing run study.yaml --seed 3`` changes the seed and nothing else.

Every command that reads a corpus is the same route, :func:`framing.pipeline.run_pipeline`,
with its list of stages: ``framing frames CORPUS`` runs ingest, align and frames exactly as
``framing run CORPUS`` does, and writes the same tables.
"""

from __future__ import annotations

import argparse
import sys
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from framing.config import (
    STAGE_SECTIONS,
    StudyConfig,
    is_study_config,
    load_study,
    validate_study,
)
from framing.errors import ConfigError

#: Top-level options every command takes; ``skip`` only where several stages run.
COMMON = ("out", "seed", "title", "figure_formats")
#: The section of where the work runs (``--backend``, ``--scheduler``, ``--workers``): every
#: command that reads a corpus takes it.
BACKEND = "backend"


@dataclass(frozen=True)
class Flag:
    """One option of the study model as a command-line flag."""

    section: str  # "" for a top-level option
    name: str
    flag: str
    help: str
    kwargs: dict

    @property
    def dest(self) -> str:
        return f"{self.section or 'study'}__{self.name}"


def flags(sections: Sequence[str], top: Sequence[str] = COMMON) -> list[Flag]:
    """The flags of the top-level options ``top`` and of every option of ``sections``."""
    out = []
    for name in top:
        out.append(_flag("", name, StudyConfig.model_fields[name]))
    for section in sections:
        model = StudyConfig.model_fields[section].annotation
        for name, info in model.model_fields.items():
            item = _flag(section, name, info)
            if item is not None:
                out.append(item)
    return [f for f in out if f is not None]


def _flag(section: str, name: str, info) -> Flag | None:
    extra = info.json_schema_extra or {}
    flag = extra.get("flag", "")
    if flag is None:
        return None
    flag = flag or "--" + name.replace("_", "-")
    default = info.get_default(call_default_factory=True)
    annotation = _strip_none(info.annotation)
    kwargs: dict[str, Any] = {}
    origin = typing.get_origin(annotation)
    if annotation is bool:
        kwargs["action"] = argparse.BooleanOptionalAction
    elif origin is Literal:
        kwargs["choices"] = list(typing.get_args(annotation))
    elif origin is list:
        (item,) = typing.get_args(annotation)
        kwargs.update(action="append", type=_converter(_strip_none(item)), metavar=_metavar(item))
    elif origin is dict:
        kwargs.update(action="append", metavar="KEY=VALUE")
    else:
        kwargs.update(type=_converter(annotation), metavar=_metavar(annotation))
    shown = "none" if default in (None, [], {}) else default
    text = info.description
    if "default" not in text:
        text += f" (default: {shown})"
    return Flag(section, name, flag, text.replace("%", "%%"), kwargs)


def _strip_none(annotation):
    """``X | None`` -> ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _converter(annotation):
    return annotation if annotation in (int, float, str, Path) else str


def _metavar(annotation) -> str:
    return {int: "N", float: "X", Path: "PATH"}.get(_strip_none(annotation), "TEXT")


def add_flags(parser: argparse.ArgumentParser, sections: Sequence[str], top=COMMON) -> None:
    """Add the derived flags to ``parser``, one argument group per section."""
    groups: dict[str, argparse._ArgumentGroup] = {}
    for item in flags(sections, top):
        title = item.section or "study"
        group = groups.get(title) or parser.add_argument_group(f"{title} options")
        groups[title] = group
        group.add_argument(
            item.flag, dest=item.dest, default=argparse.SUPPRESS, help=item.help, **item.kwargs
        )


def changes(args: argparse.Namespace) -> dict:
    """The options the command line set, as nested sections of the study model."""
    out: dict = {}
    for dest, value in vars(args).items():
        if "__" not in dest:
            continue
        section, name = dest.split("__", 1)
        field = _field(section, name)
        if typing.get_origin(_strip_none(field.annotation)) is dict:
            value = _pairs(value, (field.json_schema_extra or {}).get("flag") or name)
        if section == "study":
            out[name] = value
        else:
            out.setdefault(section, {})[name] = value
    return out


def _field(section: str, name: str):
    if section == "study":
        return StudyConfig.model_fields[name]
    return StudyConfig.model_fields[section].annotation.model_fields[name]


def _pairs(items: list[str], flag: str) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = str(item).partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"{flag} {item!r}: expected KEY=VALUE, e.g. outlet=publisher")
        out[key.strip()] = value.strip()
    return out


def study_for(source: str | Path | None, args: argparse.Namespace, base: StudyConfig | None = None):
    """The study a command runs: a study config (or ``base``, or defaults) with the flags applied.

    ``source`` is the command's CORPUS argument: a study config (``.yaml``) or a corpus path.
    """
    if source is not None and is_study_config(source):
        study = load_study(source)
    else:
        study = base or StudyConfig()
        if source is not None:
            study = study.updated({"corpus": {"path": Path(source)}})
    given = changes(args)
    for section, values in given.items():
        if isinstance(values, dict):
            for key, value in values.items():
                if isinstance(value, Path) or (
                    isinstance(value, list) and value and isinstance(value[0], Path)
                ):
                    values[key] = _absolute(value)
        elif isinstance(values, Path):
            given[section] = values.resolve()
    return validate_study(_merge(study.model_dump(mode="python"), given), "command line")


def _absolute(value):
    if isinstance(value, list):
        return [Path(v).resolve() for v in value]
    return Path(value).resolve()


def _merge(data: dict, given: dict) -> dict:
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def progress_printer(args: argparse.Namespace):
    """Stage lines and bars with articles per second on stderr, unless ``--quiet``."""
    from framing.progress import Progress

    return Progress(enabled=not getattr(args, "quiet", False), stream=sys.stderr)


def add_stage_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    stages: Sequence[str],
    *,
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """A command that reads CORPUS (or a study config) and runs ``stages``."""
    parser = subparsers.add_parser(name, help=help, description=description)
    parser.add_argument(
        "corpus",
        metavar="CORPUS",
        help="a folder of .txt files (with metadata.csv) or of saved .html pages, a .jsonl, "
        ".csv or .parquet file, or a study config (.yaml)",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="carry on an interrupted run of the same study in --out from its last finished chunk",
    )
    parser.add_argument(
        "--no-reuse",
        dest="reuse",
        action="store_false",
        help="run every stage again, even those whose inputs and options are unchanged since "
        "the last run in --out",
    )
    sections = [s for stage in stages for s in STAGE_SECTIONS[stage]] + [BACKEND]
    add_flags(parser, sections, COMMON + (("skip",) if len(stages) > 1 else ()))
    parser.set_defaults(func=lambda args: _run_stages(args, list(stages)))
    return parser


def _run_stages(args: argparse.Namespace, stages: list[str]) -> int:
    from framing.cli.summaries import stage_summary
    from framing.pipeline import run_pipeline

    study = study_for(args.corpus, args)
    state = run_pipeline(
        study,
        only=stages,
        progress=progress_printer(args),
        resume=args.resume,
        reuse=args.reuse,
    )
    if not args.quiet:
        for name in stages:
            line = stage_summary(name, state)
            if line:
                print(line)
        for note in state.notes:
            print(f"{note['stage']}: {note['text']}")
        print(f"tables: {state.out / 'tables'}; report: {state.out / 'index.html'}")
    return 0


def model_sections() -> list[str]:
    """Every section of the study model (for the agreement test of flags and fields)."""
    return [
        name
        for name, info in StudyConfig.model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    ]
