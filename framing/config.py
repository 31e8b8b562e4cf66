"""Study configuration: one YAML file that says everything a run does.

``framing run study.yaml`` runs a study; ``analysis/template/study.yaml`` is a commented copy to
start from. The file is validated with pydantic: an unknown key, a wrong type or a value out of
range stops with one line naming the file, the key and the fix. Paths are relative to the
folder of the config file. Every ``framing run`` flag has a key here (see
:data:`FLAG_KEYS`), and a flag given on the command line overrides the file.

Example
-------
::

    title: Putin–Kim summits in Indonesian news
    corpus:
      path: ../../data/corpora/putin-kim
    out: ../../reports/putin-kim
    seed: 0
    frames:
      lexicons: [my_frames.yaml]
    statistics:
      reference: VIVA
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from framing.errors import ConfigError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorpusConfig(_Section):
    """Where the corpus is and how to read it (the options of :func:`framing.corpus.ingest`)."""

    path: Path
    format: str = "auto"
    metadata: Path | None = None
    encoding: str | None = None
    language: str | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    clean: bool = True


class FramesConfig(_Section):
    """Frame lexicons and how hits are counted."""

    lexicons: list[Path] = Field(default_factory=list)
    include_builtin: bool = True
    use: list[str] | None = Field(
        default=None, description="frame ids to keep (default: every frame of the lexicons)"
    )
    count_negated: bool = False
    evidence_top: int = Field(default=5, ge=1)
    validation: Path | None = Field(
        default=None,
        description="human sentence codes (CSV: sentence_id, frame, code) to validate the "
        "lexicon against; gives frame shares corrected for its measured error",
    )


class GroupsConfig(_Section):
    """Outlet groups compared with their outlets nested inside them."""

    column: str = Field(default="group", description="metadata column naming each group")
    members: dict[str, list[str]] = Field(
        default_factory=dict, description="group -> its outlets (wins over the column)"
    )


class EventsConfig(_Section):
    """Event alignment for documents without an ``event``."""

    window_days: int = Field(default=14, ge=0)
    threshold: float = Field(default=0.15, ge=0, le=1)


class ReuseConfig(_Section):
    """Wire copy and near-duplicates."""

    threshold: float = Field(default=0.5, gt=0, le=1)
    count_once: bool = False


class SourcesConfig(_Section):
    """Attribution: source lists and the denial window of the voice rule."""

    files: list[Path] = Field(default_factory=list)
    denial_window: int = Field(default=1, ge=0)


class TopicsConfig(_Section):
    """The topic model."""

    enabled: bool = True
    unit: Literal["paragraph", "sentence"] = "paragraph"
    embedding_model: str | None = None
    seed_from_lexicon: bool = True


class StatisticsConfig(_Section):
    """Tests and models of outlet differences."""

    reference: str | None = None
    min_articles: int = Field(
        default=2, ge=2, description="articles an outlet needs to enter a test or model"
    )
    min_group_outlets: int = Field(
        default=2, ge=2, description="testable outlets a group needs to be compared"
    )
    alpha: float = Field(default=0.05, gt=0, lt=1)
    power: float = Field(
        default=0.8, gt=0, lt=1, description="power of the minimum detectable effects"
    )
    correction: Literal["holm", "fdr_bh"] = "holm"
    permutations: int = Field(default=9999, ge=99)
    bootstrap: int = Field(default=999, ge=99)
    keyness_top: int = Field(default=20, ge=1)
    keyness_correction: Literal["holm", "fdr_bh"] = "fdr_bh"


class StudyConfig(_Section):
    """A whole study. Every section is optional except ``corpus``."""

    title: str | None = None
    corpus: CorpusConfig
    out: Path | None = None
    seed: int = 0
    frames: FramesConfig = Field(default_factory=FramesConfig)
    groups: GroupsConfig = Field(default_factory=GroupsConfig)
    events: EventsConfig = Field(default_factory=EventsConfig)
    reuse: ReuseConfig = Field(default_factory=ReuseConfig)
    sources: SourcesConfig = Field(default_factory=SourcesConfig)
    topics: TopicsConfig = Field(default_factory=TopicsConfig)
    statistics: StatisticsConfig = Field(default_factory=StatisticsConfig)

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return None if value is None else " ".join(value.split())

    def resolve(self, base: Path) -> StudyConfig:
        """A copy with every relative path made relative to ``base`` (the config's folder)."""

        def fix(path: Path | None) -> Path | None:
            if path is None:
                return None
            return path if path.is_absolute() else Path(os.path.normpath(base / path))

        data = self.model_copy(deep=True)
        data.corpus.path = fix(data.corpus.path)
        data.corpus.metadata = fix(data.corpus.metadata)
        data.out = fix(data.out)
        data.frames.lexicons = [fix(p) for p in data.frames.lexicons]
        data.frames.validation = fix(data.frames.validation)
        data.sources.files = [fix(p) for p in data.sources.files]
        return data

    def corpus_options(self) -> dict:
        """Keyword arguments of :func:`framing.corpus.ingest.ingest`."""
        c = self.corpus
        return {
            "format": c.format,
            "metadata": c.metadata,
            "encoding": c.encoding,
            "language": c.language,
            "columns": dict(c.columns) or None,
            "clean": c.clean,
        }

    def run_options(self) -> dict:
        """The stage options of :mod:`framing.stages`."""
        f, t, s = self.frames, self.topics, self.statistics
        return {
            "title": self.title,
            "random_state": self.seed,
            "lexicons": [str(p) for p in f.lexicons],
            "include_builtin_lexicon": f.include_builtin,
            "frames": f.use,
            "count_negated": f.count_negated,
            "evidence_top": f.evidence_top,
            "validation": None if f.validation is None else str(f.validation),
            "group_column": self.groups.column,
            "groups": {k: list(v) for k, v in self.groups.members.items()},
            "event_window_days": self.events.window_days,
            "event_threshold": self.events.threshold,
            "reuse_threshold": self.reuse.threshold,
            "count_reuse_once": self.reuse.count_once,
            "sources": [str(p) for p in self.sources.files],
            "denial_window": self.sources.denial_window,
            "topics": t.enabled,
            "topic_unit": t.unit,
            "embedding_model": t.embedding_model,
            "seed_topics_from_lexicon": t.seed_from_lexicon,
            "reference": s.reference,
            "min_articles": s.min_articles,
            "min_group_outlets": s.min_group_outlets,
            "alpha": s.alpha,
            "power": s.power,
            "correction": s.correction,
            "n_permutations": s.permutations,
            "n_bootstrap": s.bootstrap,
            "keyness_top": s.keyness_top,
            "keyness_correction": s.keyness_correction,
        }

    def to_jsonable(self) -> dict:
        """The configuration as plain JSON values (paths as strings), for ``run.json``."""
        return self.model_dump(mode="json")


#: ``framing run`` flag (argparse dest) -> dotted config key.
FLAG_KEYS = {
    "out": "out",
    "seed": "seed",
    "format": "corpus.format",
    "metadata": "corpus.metadata",
    "encoding": "corpus.encoding",
    "language": "corpus.language",
    "column": "corpus.columns",
    "no_clean": "corpus.clean",
    "lexicon": "frames.lexicons",
    "count_negated": "frames.count_negated",
    "sources": "sources.files",
    "event_window": "events.window_days",
    "event_threshold": "events.threshold",
    "reuse_threshold": "reuse.threshold",
    "count_reuse_once": "reuse.count_once",
    "unit": "topics.unit",
    "embedding_model": "topics.embedding_model",
    "no_topics": "topics.enabled",
    "validation": "frames.validation",
    "group_column": "groups.column",
    "reference": "statistics.reference",
    "min_articles": "statistics.min_articles",
    "power": "statistics.power",
    "alpha": "statistics.alpha",
    "correction": "statistics.correction",
    "permutations": "statistics.permutations",
    "bootstrap": "statistics.bootstrap",
}


def is_study_config(path: str | Path) -> bool:
    """Whether ``path`` names a study config (a ``.yaml``/``.yml`` file), not a corpus."""
    path = Path(path)
    return path.suffix.lower() in (".yaml", ".yml") and not path.is_dir()


def _location(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def load_study(path: str | Path) -> StudyConfig:
    """Read and validate a study config; paths become relative to its folder.

    Raises
    ------
    ConfigError
        One line naming the file, the key and what to write instead.

    Examples
    --------
    >>> study = load_study("analysis/putin_kim/study.yaml")  # doctest: +SKIP
    >>> study.corpus.path.name  # doctest: +SKIP
    'putin-kim'
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: study config not found; check the path") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: cannot read ({err}); save it as UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{path}{line}: not valid YAML; check indentation and quoting") from None
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{path}: a study config is a mapping with at least 'corpus: {{path: ...}}'"
        )
    try:
        study = StudyConfig.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where, kind = _location(first), first["type"]
        if kind == "extra_forbidden":
            section = where.rsplit(".", 1)[0] if "." in where else None
            model = StudyConfig
            for part in (section or "").split("."):
                if part and part in model.model_fields:
                    model = model.model_fields[part].annotation
            known = ", ".join(sorted(getattr(model, "model_fields", {})))
            raise ConfigError(f"{path}: unknown key '{where}'; known keys here: {known}") from None
        if kind == "missing":
            raise ConfigError(
                f"{path}: key '{where}' is missing; add it (see analysis/template/study.yaml)"
            ) from None
        raise ConfigError(
            f"{path}: key '{where}': {first['msg']} (got {first.get('input')!r})"
        ) from None
    return study.resolve(path.resolve().parent)
