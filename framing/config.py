"""The study model: every option of a run, defined once.

:class:`StudyConfig` is the only place where an option's name, type, default and help text
live. A study is one YAML file with these keys (``framing run study.yaml``;
``analysis/template/study.yaml`` is a commented copy), the flags of every command are derived
from the same fields (:mod:`framing.cli.options`), the Python API builds the same model from
keyword arguments, and the stages read their options from it. ``run.json`` records the
resolved model, so ``framing stats DIR`` and ``framing report DIR`` know how a run was made.

The file is validated with pydantic: an unknown key, a wrong type or a value out of range stops
with one line naming the file, the key and the fix. Paths are relative to the folder of the
config file.

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
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from framing.errors import ConfigError


def option(default: Any = None, help: str = "", *, flag: str | None = "", **rules: Any) -> Any:
    """A field of the study model with its help text and command-line flag.

    Parameters
    ----------
    default : any
        The default (a list or dict default is copied for each study).
    help : str
        One line for ``--help``, the template config and the docs.
    flag : str or None
        The command-line flag; ``""`` derives ``--name-with-hyphens`` from the field name,
        ``None`` keeps the option out of the command line (set it in the config file).
    **rules
        Pydantic constraints (``ge``, ``gt``, ``le``, ``lt``).
    """
    extra = {"flag": flag}
    if isinstance(default, list | dict):
        return Field(default_factory=lambda: type(default)(default), description=help,
                     json_schema_extra=extra, **rules)  # fmt: skip
    return Field(default=default, description=help, json_schema_extra=extra, **rules)


#: The sections of the study each stage reads (top-level options go to every command; the seed
#: to every stage).
STAGE_SECTIONS: dict[str, tuple[str, ...]] = {
    "ingest": ("corpus",),
    "align": ("groups", "events", "reuse"),
    "frames": ("frames",),
    "sources": ("sources",),
    "topics": ("topics",),
    "stats": ("statistics",),
}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CorpusConfig(_Section):
    """Where the corpus is and how to read it."""

    path: Path | None = option(
        None, "the corpus: a folder, or a .jsonl/.csv/.parquet file", flag=None
    )
    format: str = option(
        "auto",
        "reader: auto (from the path), txt, html, jsonl, csv, parquet, or one registered by name",
    )
    metadata: Path | None = option(
        None, "sidecar metadata CSV for a folder of files (default: CORPUS/metadata.csv)"
    )
    encoding: str | None = option(None, "force this text encoding (e.g. cp1252); default: detect")
    language: str | None = option(
        None, "language of documents whose metadata has none; default: detect offline"
    )
    columns: dict[str, str] = option(
        {}, "input column of a field, e.g. outlet=publisher (FIELD=COLUMN)", flag="--column"
    )
    clean: bool = option(True, "remove boilerplate (every removed line is recorded)")
    repeated_line_min_docs: int = option(
        3,
        "a short paragraph found in this many documents of one outlet is boilerplate",
        flag="--repeated-min-docs",
        ge=2,
    )
    delimiter: str | None = option(None, "field delimiter of a CSV file (default: sniffed)")
    strict: bool = option(
        False,
        "stop at the first unusable value (a date, a language code) with a one-line error, "
        "instead of keeping the record without it and noting it",
    )
    chunk_size: int = option(
        2000, "articles read and processed at a time (peak memory follows it)", ge=1
    )


class FramesConfig(_Section):
    """Frame lexicons and how hits are counted."""

    lexicons: list[Path] = option([], "a frame lexicon (YAML)", flag="--lexicon")
    include_builtin: bool | None = option(
        None,
        "use the built-in lexicon too (default: only when no lexicon file is given)",
        flag="--builtin",
    )
    use: list[str] | None = option(None, "frame ids to keep (default: every frame)", flag="--frame")
    key: list[str] | None = option(
        None,
        "frames that the voice analysis, charts and exports single out (default: the lexicons' "
        "own choice, else every frame)",
        flag="--key-frame",
    )
    count_negated: bool = option(False, "count negated hits ('tidak melanggar') as frame uses")
    negation_window: int = option(5, "words before a hit searched for negation and hedges", ge=1)
    evidence_top: int = option(5, "evidence sentences per outlet and frame", ge=1)
    measure: Literal["lexicon", "classifier"] = option(
        "lexicon",
        "how frames are found: the lexicons' terms, or a classifier trained on "
        "frames.classifier_codes",
    )
    classifier_codes: Path | None = option(
        None,
        "coded sentences (CSV: sentence_id, language, text, one 0/1 column per frame) that "
        "train the classifier of frames.measure: classifier",
    )
    classifier_embedding: str | None = option(
        None,
        "a sentence-transformers model name or folder on disk whose sentence embeddings are "
        "the classifier's features (needs framing[embeddings]); default: TF-IDF, offline",
    )
    period: Literal["auto", "day", "week", "month"] = option(
        "auto",
        "period of the frame shares over time (auto: the finest of day, week and month that "
        "gives at most 60 periods)",
    )
    validation: Path | None = option(
        None,
        "human sentence codes (CSV: sentence_id, frame, code) to validate the lexicon against; "
        "gives shares corrected for its measured error",
    )


class GroupsConfig(_Section):
    """Outlet groups compared with their outlets nested inside them."""

    column: str = option(
        "group", "metadata column naming each outlet's group", flag="--group-column"
    )
    members: dict[str, list[str]] = option(
        {}, "group -> its outlets (wins over the column)", flag=None
    )


class EventsConfig(_Section):
    """Event alignment for documents without an ``event``."""

    window_days: int = option(
        14, "largest gap in days between two reports of one event", flag="--event-window", ge=0
    )
    threshold: float = option(
        0.15, "smallest similarity of words and names", flag="--event-threshold", ge=0, le=1
    )
    linkage: Literal["average", "single"] = option(
        "average",
        "how linked reports form events: average (the mean similarity over all their pairs "
        "reaches the threshold) or single (every chain of links; merges events)",
        flag="--event-linkage",
    )


class ReuseConfig(_Section):
    """Wire copy and near-duplicates."""

    threshold: float = option(
        0.5, "smallest shingle overlap of reused text", flag="--reuse-threshold", gt=0, le=1
    )
    count_once: bool = option(
        False, "leave the later copy of reused text out of shares and statistics",
        flag="--count-reuse-once",
    )  # fmt: skip


class SourcesConfig(_Section):
    """Attribution: source lists and the denial window of the voice rule."""

    files: list[Path] = option([], "a source list (YAML)", flag="--sources")
    people: list[Path] = option(
        [],
        "a people list (YAML: titles, role words, gendered words; the keys of the built-in "
        "framing/attribution/data/people.yaml)",
        flag="--people",
    )
    denial_window: int = option(1, "sentences around a frame sentence where a denial pairs", ge=0)


class TopicsConfig(_Section):
    """The topic model."""

    enabled: bool = option(True, "fit the topic model", flag="--topics")
    unit: Literal["paragraph", "sentence"] = option("paragraph", "units to model")
    embedding_model: str | None = option(
        None,
        "a sentence-transformers model name or folder on disk (needs framing[embeddings]); "
        "default: TF-IDF -> SVD fitted on the corpus, offline",
    )
    seed_from_lexicon: bool = option(True, "guide topics with the frame lexicon's terms")
    reduction: Literal["auto", "umap", "pca"] = option(
        "auto", "dimension reduction (auto: PCA on small corpora, else UMAP)"
    )
    stability_seeds: int = option(3, "refits with other seeds for the stability table", ge=0)
    space: Literal["per_language", "joint"] = option(
        "per_language",
        "a multilingual corpus: one topic model per language, or one over all (joint: use "
        "with a multilingual embedding_model)",
    )
    min_language_units: int = option(
        20, "units a language needs for a topic model of its own", ge=4
    )


class StatisticsConfig(_Section):
    """Tests and models of outlet differences (articles are the units)."""

    reference: str | None = option(
        None, "reference outlet of the models (default: the testable one with most articles)"
    )
    min_articles: int = option(2, "articles an outlet needs to enter a test or model", ge=2)
    min_group_outlets: int = option(2, "testable outlets a group needs to be compared", ge=2)
    alpha: float = option(0.05, "1 - interval level; the level of the tests", gt=0, lt=1)
    power: float = option(0.8, "power of the minimum detectable effects", gt=0, lt=1)
    correction: Literal["holm", "fdr_bh"] = option(
        "holm", "adjustment of p-values: holm, or fdr_bh (Benjamini-Hochberg)"
    )
    permutations: int = option(9999, "Monte Carlo permutations of the tests", ge=99)
    permutation_stop: int = option(
        20,
        "settle a test once this many permutations reach its statistic, p = h/L "
        "(Besag & Clifford 1991); 0 draws all",
        ge=0,
    )
    bootstrap: int = option(999, "bootstrap replicates of the intervals", ge=99)
    pairs: list[str] | None = option(
        None,
        "outlet pairs to contrast, as A:B (default: every pair, up to all_pairs_max outlets)",
        flag="--pair",
    )
    all_pairs_max: int = option(
        12,
        "most testable outlets whose every pair is contrasted; with more, only the pairs named",
        ge=2,
    )
    change: str | None = option(
        None,
        "the two events (or periods) whose framing is compared, as FIRST:SECOND (default: the "
        "two events with the most articles)",
    )
    change_by: Literal["event", "day", "week", "month"] = option(
        "event", "what the change over time compares: events, or periods of a day, week or month"
    )
    keyness_top: int = option(20, "words per keyness comparison", ge=1)
    keyness_correction: Literal["holm", "fdr_bh"] = option(
        "fdr_bh", "adjustment within each keyness comparison's vocabulary"
    )

    @field_validator("change")
    @classmethod
    def _change(cls, value: str | None) -> str | None:
        if value is not None:
            first, sep, second = str(value).partition(":")
            if not (sep and first.strip() and second.strip()):
                raise ValueError(
                    f"change {value!r}: give two events or periods as FIRST:SECOND, e.g. "
                    "event-2023-09-13:event-2024-06-19"
                )
        return value

    @field_validator("pairs")
    @classmethod
    def _pairs(cls, value: list[str] | None) -> list[str] | None:
        for item in value or []:
            a, sep, b = str(item).partition(":")
            if not sep or not a or not b:
                raise ValueError(f"pair {item!r}: expected OUTLET_A:OUTLET_B")
        return value

    def pair_tuples(self) -> list[tuple[str, str]] | None:
        """``pairs`` as ``(a, b)`` tuples (None: every pair)."""
        if self.pairs is None:
            return None
        return [tuple(str(p).split(":", 1)) for p in self.pairs]  # type: ignore[misc]


class BackendConfig(_Section):
    """Where the per-article work runs (:mod:`framing.backends`); the tables are the same."""

    name: Literal["local", "dask"] = option(
        "local",
        "local (this process) or dask (chunks as tasks on dask.distributed workers)",
        flag="--backend",
    )
    scheduler: str | None = option(
        None,
        "tcp://HOST:PORT of a running Dask scheduler (default: start a local cluster)",
    )
    workers: int | None = option(
        None, "worker processes of the local Dask cluster (default: the machine's cores)", ge=1
    )


class StudyConfig(_Section):
    """A whole study; every section is optional (the corpus path may come from the command)."""

    title: str | None = option(None, "heading of the report")
    corpus: CorpusConfig = Field(default_factory=CorpusConfig)
    out: Path | None = option(None, "the run folder: index.html, tables/, figures/, run.json")
    seed: int = option(0, "seed of every random step (topics, permutations, bootstrap)")
    skip: list[str] = option([], "a stage to leave out, e.g. stats or topics", flag="--skip")
    figure_formats: list[Literal["svg", "png", "pdf"]] = option(
        ["svg", "png", "pdf"],
        "a format of the chart files in figures/ (svg is always written: the page embeds it)",
        flag="--figure-format",
    )
    frames: FramesConfig = Field(default_factory=FramesConfig)
    groups: GroupsConfig = Field(default_factory=GroupsConfig)
    events: EventsConfig = Field(default_factory=EventsConfig)
    reuse: ReuseConfig = Field(default_factory=ReuseConfig)
    sources: SourcesConfig = Field(default_factory=SourcesConfig)
    topics: TopicsConfig = Field(default_factory=TopicsConfig)
    statistics: StatisticsConfig = Field(default_factory=StatisticsConfig)
    backend: BackendConfig = Field(default_factory=BackendConfig)

    @field_validator("backend", mode="before")
    @classmethod
    def _backend_by_name(cls, value: Any) -> Any:
        """``backend: dask`` is short for ``backend: {name: dask}``."""
        return {"name": value} if isinstance(value, str) else value

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

    def builtin_lexicon(self) -> bool:
        """Whether the built-in lexicon is used: as set, else only without lexicon files."""
        if self.frames.include_builtin is None:
            return not self.frames.lexicons
        return self.frames.include_builtin

    def skipped(self) -> set[str]:
        """Stages this study leaves out (``skip``, and topics when they are disabled)."""
        return set(self.skip) | ({"topics"} if not self.topics.enabled else set())

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
            "repeated_line_min_docs": c.repeated_line_min_docs,
            "delimiter": c.delimiter,
            "strict": c.strict,
            "chunk_size": c.chunk_size,
        }

    def to_jsonable(self) -> dict:
        """The configuration as plain JSON values (paths as strings), for ``run.json``."""
        return self.model_dump(mode="json")

    def updated(self, changes: dict) -> StudyConfig:
        """A validated copy with ``changes`` (nested dicts by section) applied.

        Raises
        ------
        ConfigError
            One line naming the key and the problem.
        """
        data = self.model_dump(mode="python")
        for key, value in changes.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        return validate_study(data, "options")


#: The defaults of every option; library functions take their defaults from here.
DEFAULTS = StudyConfig()


def is_study_config(path: str | Path) -> bool:
    """Whether ``path`` names a study config (a ``.yaml``/``.yml`` file), not a corpus."""
    path = Path(path)
    return path.suffix.lower() in (".yaml", ".yml") and not path.is_dir()


def _location(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"]) or "(top level)"


def validate_study(data: dict, where: str) -> StudyConfig:
    """Validate a study mapping; any problem becomes one line naming ``where`` and the key.

    Raises
    ------
    ConfigError
    """
    try:
        return StudyConfig.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        key, kind = _location(first), first["type"]
        if kind == "extra_forbidden":
            section = key.rsplit(".", 1)[0] if "." in key else None
            model = StudyConfig
            for part in (section or "").split("."):
                if part and part in model.model_fields:
                    model = model.model_fields[part].annotation
            known = ", ".join(sorted(getattr(model, "model_fields", {})))
            raise ConfigError(f"{where}: unknown key '{key}'; known keys here: {known}") from None
        raise ConfigError(
            f"{where}: key '{key}': {first['msg']} (got {first.get('input')!r})"
        ) from None


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
    study = validate_study(raw, str(path))
    if study.corpus.path is None:
        raise ConfigError(f"{path}: key 'corpus.path' is missing; add 'corpus: {{path: ...}}'")
    return study.resolve(path.resolve().parent)
